//! Render stage: templates (Tera 2), listings, tags, feed, sitemap and static files,
//! rendered in parallel into a `Sink` (a staging directory, or nothing for `check`).

pub mod context;
pub mod jsonld;
pub mod theme;

use crate::config::Config;
use crate::content::{Detail, Kind};
use crate::dates::Day;
use crate::diagnostics::{Diagnostic, display_path};
use crate::plan::{Plan, Published};
use context::{ImageView, ItemView, SiteView, item_view, site_view, tag_ref};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use tera::{Context, Tera};
pub use theme::{Theme, load_theme};

/// Top-level names carepress itself publishes at; pages may not use them.
pub const RESERVED_PATHS: &[&str] = &[
    "articles",
    "testimonials",
    "infographics",
    "tags",
    "social",
    "page",
];

/// Where rendered files go.
pub trait Sink: Sync {
    /// `path` is relative to the output root, with forward slashes.
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Puts a copy of the file `from` at `path` (a hard link where possible: the image
    /// cache and the output are usually on one disk, so no bytes are copied).
    fn link(&self, path: &str, from: &Path) -> std::io::Result<()>;
    /// Writes a file that `fill` produces piece by piece, for exports too large to
    /// hold whole in memory (`posts.json`). By default the pieces are collected.
    fn write_streamed(&self, path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
}

/// What `Sink::write_streamed` calls with the file's writer.
pub type StreamFill<'a> = dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync + 'a;

/// Writes into a directory (the staging directory of a build).
pub struct DirSink {
    root: PathBuf,
    /// The output being replaced: a file identical to the one there is hard-linked
    /// from it instead of written, which spares the disk most of a rebuild's writes.
    previous: Option<PathBuf>,
    /// Folders already created, so each is made once rather than once per file.
    created: std::sync::Mutex<HashSet<PathBuf>>,
}

impl DirSink {
    pub fn new(root: PathBuf, previous: Option<PathBuf>) -> Self {
        DirSink {
            root,
            previous: previous.filter(|p| p.is_dir()),
            created: Default::default(),
        }
    }

    /// The previous output's copy of `path` if it has exactly these bytes.
    fn unchanged(&self, path: &str, bytes: &[u8]) -> Option<PathBuf> {
        let old = self.previous.as_ref()?.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return None;
        }
        same_contents(&old, bytes).then_some(old)
    }
}

impl DirSink {
    fn prepare(&self, path: &str) -> std::io::Result<PathBuf> {
        let dest = self.root.join(path);
        if let Some(parent) = dest.parent() {
            let known = self
                .created
                .lock()
                .map(|set| set.contains(parent))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent)?;
                if let Ok(mut set) = self.created.lock() {
                    set.insert(parent.to_path_buf());
                }
            }
        }
        Ok(dest)
    }
}

/// Compares a file with `bytes` in small reads, so comparing a large export does
/// not hold a second copy of it in memory.
fn same_contents(path: &Path, mut bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = [0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return bytes.is_empty(),
            Ok(n) => {
                if bytes.len() < n || bytes[..n] != buf[..n] {
                    return false;
                }
                bytes = &bytes[n..];
            }
            Err(_) => return false,
        }
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let dest = self.prepare(path)?;
        if let Some(old) = self.unchanged(path, bytes) {
            if std::fs::hard_link(&old, &dest).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(dest, bytes)
    }

    fn link(&self, path: &str, from: &Path) -> std::io::Result<()> {
        let dest = self.prepare(path)?;
        std::fs::hard_link(from, &dest).or_else(|_| std::fs::copy(from, &dest).map(|_| ()))
    }

    /// Straight to the file (never compared with the previous output: that would
    /// need the whole file in memory, which streaming avoids).
    fn write_streamed(&self, path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        use std::io::Write;
        let file = std::fs::File::create(self.prepare(path)?)?;
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, file);
        fill(&mut out)?;
        out.flush()
    }
}

/// Discards output: `carepress check` renders everything to find template errors but writes nothing.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn link(&self, _path: &str, _from: &Path) -> std::io::Result<()> {
        Ok(())
    }

    fn write_streamed(&self, _path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        fill(&mut std::io::sink())
    }
}

/// The default social image used when an item has no raster image of its own.
const DEFAULT_OG_IMAGE: (&str, u32, u32) = ("/og-default.png", 1200, 630);

#[derive(Serialize)]
struct Meta {
    title: String,
    description: String,
    canonical: String,
    og_type: &'static str,
    image: ImageView,
    jsonld: String,
    noindex: bool,
    /// The page's Content-Security-Policy and referrer policy (`privacy::policy`).
    csp: String,
    referrer: String,
    /// The page has click-to-load embeds (the theme then loads `/embed.js`).
    embeds: bool,
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    /// Items across all pages of this listing.
    total_items: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    path: String,
    /// Pages were skipped before this one (show an ellipsis).
    gap: bool,
}

#[derive(Serialize)]
struct SectionView {
    kind: &'static str,
    title: &'static str,
    intro: &'static str,
    path: String,
}

#[derive(Serialize)]
struct TagSummary {
    name: String,
    path: String,
    count: usize,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    url: String,
    published: String,
    updated: String,
    summary: &'a str,
    content: &'a str,
    author: Option<&'a str>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

pub struct Renderer {
    tera: Tera,
    /// Template name -> file shown in diagnostics.
    origins: BTreeMap<String, PathBuf>,
}

/// The file a theme template came from: the site's own, or the built-in default.
/// `dir` is the folder inside the theme (`templates`, `social`).
pub(crate) fn template_origin(theme: &Theme, dir: &str, name: &str) -> PathBuf {
    theme
        .get(&format!("{dir}/{name}"))
        .and_then(|f| f.origin.clone())
        .unwrap_or_else(|| PathBuf::from(format!("themes/default/{dir}/{name} (built-in)")))
}

/// A Tera error as a diagnostic on the template file and line it points at.
pub(crate) fn tera_diagnostic(
    err: &tera::Error,
    code: &'static str,
    origins: &BTreeMap<String, PathBuf>,
    fallback: &str,
) -> Diagnostic {
    use std::error::Error as _;
    let (file, line, col, mut message) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            Some(r.span().start_line),
            Some(r.span().start_col + 1),
            r.message().to_string(),
        ),
        tera::ErrorKind::MissingParent { current, .. } => {
            (current.clone(), None, None, err.kind().to_string())
        }
        tera::ErrorKind::TemplateNotFound(name) => (
            fallback.to_string(),
            None,
            None,
            format!("the theme has no template `{name}`"),
        ),
        other => (fallback.to_string(), None, None, other.to_string()),
    };
    if let Some(src) = err.source() {
        message.push_str(&format!(": {src}"));
    }
    let shown = origins
        .get(&file)
        .or_else(|| origins.get(fallback))
        .cloned()
        .unwrap_or_else(|| PathBuf::from(&file));
    let mut d = Diagnostic::error(code, format!("template `{file}`: {message}"))
        .in_file(shown)
        .with_help("fix the template; the variables each template receives are listed in the README (Themes)");
    if let (Some(l), Some(c)) = (line, col) {
        d = d.at(l, c);
    }
    d
}

impl Renderer {
    pub fn new(theme: &Theme, site: &SiteView) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let mut origins = BTreeMap::new();
        let mut templates = Vec::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            origins.insert(name.to_string(), template_origin(theme, "templates", name));
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => templates.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(
                    Diagnostic::error("template::not_utf8", "template is not UTF-8 text")
                        .in_file(template_origin(theme, "templates", name)),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![tera_diagnostic(
                &e,
                "template::syntax",
                &origins,
                "themes",
            )]);
        }
        tera.global_context().insert("site", site);
        Ok(Renderer { tera, origins })
    }

    fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| tera_diagnostic(&e, "template::render", &self.origins, name))
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}

fn sorted_by_date<'a>(plan: &'a Plan<'a>, kind: Kind) -> Vec<&'a Published<'a>> {
    let mut v: Vec<_> = plan
        .published
        .iter()
        .filter(|p| p.item.kind == kind)
        .collect();
    v.sort_by(|a, b| {
        b.item
            .date
            .cmp(&a.item.date)
            .then_with(|| a.item.title.cmp(&b.item.title))
    });
    v
}

fn section_meta(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Article => (
            "Health library",
            "Plain-language articles reviewed by our clinicians.",
        ),
        Kind::Testimonial => (
            "Patient stories",
            "Shared by patients who gave their written permission.",
        ),
        Kind::Infographic => (
            "Infographics",
            "Key health facts at a glance, each with a full text description.",
        ),
        Kind::Page => ("Pages", ""),
    }
}

fn page_path(section: &str, n: usize) -> String {
    if n <= 1 {
        format!("/{section}/")
    } else {
        format!("/{section}/page/{n}/")
    }
}

fn pages_for(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page).max(1)
}

fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// Files in the site's own `static/` folder (relative paths with forward slashes).
pub fn site_static_files(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !crate::content::load::is_ignored_name(&e.file_name().to_string_lossy())
                || e.depth() == 0
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&dir)
                .ok()
                .map(|r| (display_path(r), e.path().to_path_buf()))
        })
        .collect()
}

/// Every site path the build will publish (for internal link checking).
pub fn routes(
    config: &Config,
    theme: &Theme,
    published: &[Published<'_>],
    root: &Path,
) -> HashSet<String> {
    let mut r: HashSet<String> = [
        "/",
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/404.html",
        "/tags/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for kind in [Kind::Article, Kind::Testimonial, Kind::Infographic] {
        let count = published.iter().filter(|p| p.item.kind == kind).count();
        for n in 1..=pages_for(count, config.paginate_by) {
            r.insert(page_path(kind.section(), n));
        }
    }
    let mut tag_counts: BTreeMap<String, usize> = BTreeMap::new();
    // A site has few distinct tags used many times: slugify each once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for p in published {
        r.insert(p.item.path());
        if let Some(img) = &p.image {
            r.insert(img.path());
        }
        for t in &p.item.tags {
            let slug = slugs.entry(t).or_insert_with(|| tag_ref(t).slug);
            match tag_counts.get_mut(slug.as_str()) {
                Some(n) => *n += 1,
                None => {
                    tag_counts.insert(slug.clone(), 1);
                }
            }
        }
    }
    for (slug, count) in tag_counts {
        for n in 1..=pages_for(count, config.paginate_by) {
            r.insert(if n == 1 {
                format!("/tags/{slug}/")
            } else {
                format!("/tags/{slug}/page/{n}/")
            });
        }
    }
    // The theme actually in use (the site's own static files override the built-in ones).
    for (name, _) in theme.statics() {
        r.insert(format!("/{name}"));
    }
    for (name, _) in site_static_files(root) {
        r.insert(format!("/{name}"));
    }
    r
}

/// What a render produced, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
}

/// One output page, described cheaply; its template context is built only when it
/// is rendered, so contexts for the whole site never sit in memory at once.
enum Job<'a> {
    Item(&'a Published<'a>),
    Section { kind: Kind, page: usize },
    Tags,
    Tag { slug: &'a str, page: usize },
    Home,
    NotFound,
    Feed,
    Sitemap,
    Robots,
}

/// Everything page contexts are built from, computed once per render.
struct Pages<'a> {
    config: &'a Config,
    today: Day,
    default_image: ImageView,
    articles: Vec<&'a Published<'a>>,
    testimonials: Vec<&'a Published<'a>>,
    infographics: Vec<&'a Published<'a>>,
    all: &'a [Published<'a>],
    /// Tag slug -> (display name, items newest first).
    tags: BTreeMap<String, (String, Vec<&'a Published<'a>>)>,
    /// Origins every page may load from (allowed trackers, `privacy.allow_hosts`).
    allowed_origins: Vec<String>,
    /// The CSP of a page without embeds.
    csp: String,
}

impl<'a> Pages<'a> {
    fn new(config: &'a Config, plan: &'a Plan<'a>, today: Day) -> Self {
        let mut tags: BTreeMap<String, (String, Vec<&Published>)> = BTreeMap::new();
        // Few distinct tags, used many times: slugify each once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for p in &plan.published {
            for t in &p.item.tags {
                let slug = slugs.entry(t).or_insert_with(|| tag_ref(t).slug);
                match tags.get_mut(slug.as_str()) {
                    Some(entry) => entry.1.push(p),
                    None => {
                        tags.insert(slug.clone(), (t.clone(), vec![p]));
                    }
                }
            }
        }
        for (_, items) in tags.values_mut() {
            sort_newest_first(items);
        }
        let allowed_origins = allowed_origins(config);
        let csp = crate::privacy::policy::content_security_policy(&allowed_origins, &[]);
        Pages {
            allowed_origins,
            csp,
            config,
            today,
            default_image: ImageView {
                url: config.absolute(DEFAULT_OG_IMAGE.0),
                path: DEFAULT_OG_IMAGE.0.to_string(),
                width: DEFAULT_OG_IMAGE.1,
                height: DEFAULT_OG_IMAGE.2,
                alt: config.practice_name().to_string(),
                srcset: String::new(),
            },
            articles: sorted_by_date(plan, Kind::Article),
            testimonials: sorted_by_date(plan, Kind::Testimonial),
            infographics: sorted_by_date(plan, Kind::Infographic),
            all: &plan.published,
            tags,
        }
    }

    fn of_kind(&self, kind: Kind) -> &[&'a Published<'a>] {
        match kind {
            Kind::Article => &self.articles,
            Kind::Testimonial => &self.testimonials,
            _ => &self.infographics,
        }
    }

    fn jobs(&'a self) -> Vec<Job<'a>> {
        let per = self.config.paginate_by;
        let mut jobs: Vec<Job> = self.all.iter().map(Job::Item).collect();
        for kind in [Kind::Article, Kind::Testimonial, Kind::Infographic] {
            jobs.extend(
                (1..=pages_for(self.of_kind(kind).len(), per))
                    .map(|page| Job::Section { kind, page }),
            );
        }
        jobs.push(Job::Tags);
        for (slug, (_, items)) in &self.tags {
            jobs.extend((1..=pages_for(items.len(), per)).map(|page| Job::Tag { slug, page }));
        }
        jobs.extend([
            Job::Home,
            Job::NotFound,
            Job::Feed,
            Job::Sitemap,
            Job::Robots,
        ]);
        jobs
    }

    fn meta(
        &self,
        title: &str,
        description: &str,
        path: &str,
        og_type: &'static str,
        image: Option<ImageView>,
        jsonld: String,
    ) -> Meta {
        let config = self.config;
        Meta {
            title: if path == "/" {
                config.title.clone()
            } else {
                format!("{title} | {}", config.title)
            },
            description: if description.is_empty() {
                config.description.clone()
            } else {
                description.to_string()
            },
            canonical: config.absolute(path),
            og_type,
            image: image
                .filter(|i| !i.path.ends_with(".svg"))
                .unwrap_or_else(|| self.default_image.clone()),
            jsonld,
            noindex: path == "/404.html",
            csp: self.csp.clone(),
            referrer: config.privacy.referrer.clone(),
            embeds: false,
        }
    }

    /// The CSP of a page whose embeds frame `frames` once clicked.
    fn csp_with(&self, frames: &[String]) -> String {
        if frames.is_empty() {
            self.csp.clone()
        } else {
            crate::privacy::policy::content_security_policy(&self.allowed_origins, frames)
        }
    }

    /// Links to the first, last and nearby pages only, so a listing of 800 pages
    /// does not carry 800 links on each of them.
    fn paginator(&self, base: &str, page: usize, total_items: usize) -> Paginator {
        let total = pages_for(total_items, self.config.paginate_by);
        let at = |n: usize| {
            if n <= 1 {
                base.to_string()
            } else {
                format!("{base}page/{n}/")
            }
        };
        let mut shown: Vec<usize> = [1, total]
            .into_iter()
            .chain(page.saturating_sub(2).max(1)..=(page + 2).min(total))
            .collect();
        shown.sort_unstable();
        shown.dedup();
        let mut previous = 0;
        let pages = shown
            .into_iter()
            .map(|n| {
                let link = PageLink {
                    number: n,
                    path: at(n),
                    gap: n > previous + 1,
                };
                previous = n;
                link
            })
            .collect();
        Paginator {
            current: page,
            total,
            total_items,
            prev: (page > 1).then(|| at(page - 1)),
            next: (page < total).then(|| at(page + 1)),
            pages,
        }
    }

    /// The output file of one job, without building its context.
    fn output(&self, job: &Job<'a>) -> String {
        match job {
            Job::Item(p) => output_file(&p.item.path()),
            Job::Section { kind, page } => output_file(&page_path(kind.section(), *page)),
            Job::Tags => "tags/index.html".into(),
            Job::Tag { slug, page } => {
                if *page > 1 {
                    format!("tags/{slug}/page/{page}/index.html")
                } else {
                    format!("tags/{slug}/index.html")
                }
            }
            Job::Home => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Feed => "feed.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
        }
    }

    /// The items one job shows, and a hash of everything else it lists (order, page
    /// numbers, counts, tag names). Two renders of a job with equal fingerprints and
    /// unchanged items and globals produce the same bytes.
    fn fingerprint(&self, job: &Job<'a>) -> (u64, Vec<&'a Published<'a>>) {
        use std::hash::{Hash, Hasher};
        let per = self.config.paginate_by;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let chunk = |list: &[&'a Published<'a>], page: usize| -> Vec<&'a Published<'a>> {
            list.iter()
                .skip((page - 1) * per)
                .take(per)
                .copied()
                .collect()
        };
        let shows: Vec<&'a Published<'a>> = match job {
            Job::Item(p) => {
                ("item", p.item.kind).hash(&mut h);
                vec![*p]
            }
            Job::Section { kind, page } => {
                let all = self.of_kind(*kind);
                ("section", *kind, *page, all.len()).hash(&mut h);
                chunk(all, *page)
            }
            Job::Tags => {
                "tags".hash(&mut h);
                for (slug, (name, items)) in &self.tags {
                    (slug, name, items.len()).hash(&mut h);
                }
                Vec::new()
            }
            Job::Tag { slug, page } => {
                let (name, items) = &self.tags[*slug];
                ("tag", slug, name, *page, items.len()).hash(&mut h);
                chunk(items, *page)
            }
            Job::Home => {
                "home".hash(&mut h);
                let mut v = self.articles[..self.articles.len().min(6)].to_vec();
                v.extend_from_slice(&self.testimonials[..self.testimonials.len().min(3)]);
                v.extend_from_slice(&self.infographics[..self.infographics.len().min(4)]);
                // The split between the three lists matters, not only their concatenation.
                (self.articles.len().min(6), self.testimonials.len().min(3)).hash(&mut h);
                v
            }
            Job::NotFound => {
                "404".hash(&mut h);
                Vec::new()
            }
            Job::Robots => {
                "robots".hash(&mut h);
                Vec::new()
            }
            Job::Feed => {
                let updated = self
                    .articles
                    .iter()
                    .filter_map(|p| p.item.updated.or(p.item.date))
                    .max();
                ("feed", updated).hash(&mut h);
                self.articles.iter().take(20).copied().collect()
            }
            Job::Sitemap => {
                // The sitemap shows only each item's address and date: hashing those
                // spares re-rendering it (10,000 URLs) after every edit of a body.
                "sitemap".hash(&mut h);
                self.tags.keys().for_each(|k| k.hash(&mut h));
                for p in self.all {
                    (&p.item.kind, &p.item.slug, p.item.updated.or(p.item.date)).hash(&mut h);
                }
                Vec::new()
            }
        };
        for p in &shows {
            // The bytes of the path: `Path`'s own hash walks its components (slow).
            p.item.source.as_os_str().hash(&mut h);
        }
        (h.finish(), shows)
    }

    /// The template, output file and context of one job.
    fn build(&self, job: &Job<'a>) -> (&'static str, String, Context) {
        let config = self.config;
        let per = config.paginate_by;
        let mut ctx = Context::new();
        match job {
            Job::Item(p) => {
                let item = p.item;
                let template = match item.kind {
                    Kind::Article => "article.html",
                    Kind::Testimonial => "testimonial.html",
                    Kind::Infographic => "infographic.html",
                    Kind::Page => "page.html",
                };
                let view = item_view(
                    config,
                    item,
                    p.disclosure.as_deref(),
                    p.image.as_ref(),
                    true,
                );
                let og_type = if item.kind == Kind::Page {
                    "website"
                } else {
                    "article"
                };
                let mut meta = self.meta(
                    &item.title,
                    &item.description,
                    &item.path(),
                    og_type,
                    context::kit_image_view(config, p).or_else(|| view.image.clone()),
                    jsonld::for_item(config, p),
                );
                meta.csp = self.csp_with(&item.body.frames);
                meta.embeds = !item.body.frames.is_empty();
                ctx.insert("meta", &meta);
                ctx.insert("page", &view);
                (template, output_file(&item.path()), ctx)
            }
            Job::Section { kind, page } => {
                let all = self.of_kind(*kind);
                let total = pages_for(all.len(), per);
                let (title, intro) = section_meta(*kind);
                let chunk: Vec<&Published> = all
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .copied()
                    .collect();
                let path = page_path(kind.section(), *page);
                let page_title = if *page > 1 {
                    format!("{title} (page {page} of {total})")
                } else {
                    title.to_string()
                };
                ctx.insert(
                    "meta",
                    &self.meta(
                        &page_title,
                        intro,
                        &path,
                        "website",
                        None,
                        jsonld::for_listing(config, title, &path),
                    ),
                );
                ctx.insert(
                    "section",
                    &SectionView {
                        kind: kind.label(),
                        title,
                        intro,
                        path: page_path(kind.section(), 1),
                    },
                );
                ctx.insert("items", &summaries(config, &chunk));
                ctx.insert(
                    "paginator",
                    &self.paginator(&page_path(kind.section(), 1), *page, all.len()),
                );
                ("section.html", output_file(&path), ctx)
            }
            Job::Tags => {
                let list: Vec<TagSummary> = self
                    .tags
                    .iter()
                    .map(|(slug, (name, items))| TagSummary {
                        name: name.clone(),
                        path: format!("/tags/{slug}/"),
                        count: items.len(),
                    })
                    .collect();
                ctx.insert(
                    "meta",
                    &self.meta(
                        "Topics",
                        "Every topic in our health library.",
                        "/tags/",
                        "website",
                        None,
                        jsonld::for_listing(config, "Topics", "/tags/"),
                    ),
                );
                ctx.insert("tags", &list);
                ("tags.html", "tags/index.html".into(), ctx)
            }
            Job::Tag { slug, page } => {
                let (name, items) = &self.tags[*slug];
                let total = pages_for(items.len(), per);
                let base = format!("/tags/{slug}/");
                let path = if *page > 1 {
                    format!("{base}page/{page}/")
                } else {
                    base.clone()
                };
                let chunk: Vec<&Published> = items
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .copied()
                    .collect();
                let title = if *page > 1 {
                    format!("Topic: {name} (page {page} of {total})")
                } else {
                    format!("Topic: {name}")
                };
                ctx.insert(
                    "meta",
                    &self.meta(
                        &title,
                        "",
                        &path,
                        "website",
                        None,
                        jsonld::for_listing(config, &title, &path),
                    ),
                );
                ctx.insert("tag", &tag_ref(name));
                ctx.insert("items", &summaries(config, &chunk));
                ctx.insert("paginator", &self.paginator(&base, *page, items.len()));
                ("tag.html", output_file(&path), ctx)
            }
            Job::Home => {
                ctx.insert(
                    "meta",
                    &self.meta(
                        &config.title,
                        &config.description,
                        "/",
                        "website",
                        None,
                        jsonld::for_home(config),
                    ),
                );
                ctx.insert(
                    "articles",
                    &summaries(config, &self.articles[..self.articles.len().min(6)]),
                );
                ctx.insert(
                    "testimonials",
                    &summaries(config, &self.testimonials[..self.testimonials.len().min(3)]),
                );
                ctx.insert(
                    "infographics",
                    &summaries(config, &self.infographics[..self.infographics.len().min(4)]),
                );
                ("index.html", "index.html".into(), ctx)
            }
            Job::NotFound => {
                ctx.insert(
                    "meta",
                    &self.meta(
                        "Page not found",
                        "",
                        "/404.html",
                        "website",
                        None,
                        "{}".into(),
                    ),
                );
                ("404.html", "404.html".into(), ctx)
            }
            Job::Feed => {
                let entries: Vec<FeedEntry> = self
                    .articles
                    .iter()
                    .take(20)
                    .map(|p| {
                        let date = p.item.date.unwrap_or(self.today);
                        FeedEntry {
                            title: &p.item.title,
                            url: config.absolute(&p.item.path()),
                            published: rfc3339(date),
                            updated: rfc3339(p.item.updated.unwrap_or(date)),
                            summary: &p.item.description,
                            content: &p.item.body.html,
                            author: match &p.item.detail {
                                Detail::Article { author, .. } => author.as_deref(),
                                _ => None,
                            },
                        }
                    })
                    .collect();
                let updated = self
                    .articles
                    .iter()
                    .filter_map(|p| p.item.updated.or(p.item.date))
                    .max()
                    .unwrap_or(self.today);
                ctx.insert("entries", &entries);
                ctx.insert("feed_updated", &rfc3339(updated));
                ctx.insert("feed_url", &config.absolute("/feed.xml"));
                ("feed.xml", "feed.xml".into(), ctx)
            }
            Job::Sitemap => {
                let mut urls = vec![SitemapUrl {
                    loc: config.absolute("/"),
                    lastmod: None,
                }];
                for kind in [Kind::Article, Kind::Testimonial, Kind::Infographic] {
                    urls.push(SitemapUrl {
                        loc: config.absolute(&page_path(kind.section(), 1)),
                        lastmod: None,
                    });
                }
                for p in self.all {
                    urls.push(SitemapUrl {
                        loc: config.absolute(&p.item.path()),
                        lastmod: p.item.updated.or(p.item.date).map(|d| d.iso()),
                    });
                }
                urls.push(SitemapUrl {
                    loc: config.absolute("/tags/"),
                    lastmod: None,
                });
                for slug in self.tags.keys() {
                    urls.push(SitemapUrl {
                        loc: config.absolute(&format!("/tags/{slug}/")),
                        lastmod: None,
                    });
                }
                ctx.insert("urls", &urls);
                ("sitemap.xml", "sitemap.xml".into(), ctx)
            }
            Job::Robots => {
                ctx.insert("sitemap_url", &config.absolute("/sitemap.xml"));
                ("robots.txt", "robots.txt".into(), ctx)
            }
        }
    }
}

#[derive(Serialize)]
struct SocialDay<'p> {
    label: String,
    posts: Vec<SocialCard<'p>>,
}

#[derive(Serialize)]
struct SocialCard<'p> {
    #[serde(flatten)]
    post: &'p crate::social::Post,
    platform_label: &'static str,
    time: String,
    file: String,
}

/// Writes every file of `public/social/`: `posts.json` with every post, and for the
/// posts due within the horizon (`social.horizon_weeks`) one text file each, the
/// calendar, the scheduler CSVs and the preview page. Returns the number of files written.
fn write_social(
    config: &Config,
    renderer: &Renderer,
    pages: &Pages<'_>,
    posts: &[crate::social::Post],
    today: Day,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    use crate::social::export;
    let failed = |path: &str, written: std::io::Result<()>| -> Option<Diagnostic> {
        written.err().map(|e| {
            Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
                .with_help("check free disk space and permissions")
        })
    };
    let write = |path: &str, bytes: &[u8]| failed(path, sink.write(path, bytes));
    let upcoming: Vec<crate::social::Post> = posts
        .iter()
        .filter(|p| p.is_upcoming(today, config.social.horizon_weeks))
        .cloned()
        .collect();
    let started = std::time::Instant::now();
    let mut problems: Vec<Diagnostic> = upcoming
        .par_iter()
        .filter_map(|p| write(&p.text_file(), format!("{}\n", p.text).as_bytes()))
        .collect();
    let stamp = today
        .0
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let calendar_name = format!("{} social posts", config.title);
    type Export<'a> = (String, Box<dyn Fn() -> Result<String, String> + Sync + 'a>);
    let mut exports: Vec<Export> = vec![
        (
            "social/calendar.ics".into(),
            Box::new(|| export::calendar_ics(&upcoming, &calendar_name, stamp)),
        ),
        (
            "social/schedule.csv".into(),
            Box::new(|| export::schedule_csv(&upcoming)),
        ),
        (
            "social/sprout.csv".into(),
            Box::new(|| export::sprout_csv(&upcoming)),
        ),
        (
            "social/buffer.csv".into(),
            Box::new(|| export::buffer_csv(&upcoming)),
        ),
    ];
    for (path, mine) in export::sprout_uploads(&upcoming) {
        exports.push((path, Box::new(move || export::sprout_csv(&mine))));
    }
    let (json_problem, export_problems) = rayon::join(
        || {
            let path = "social/posts.json";
            failed(
                path,
                sink.write_streamed(path, &|out| export::write_posts_json(posts, out)),
            )
        },
        || {
            exports
                .par_iter()
                .filter_map(|(path, make)| match make() {
                    Ok(text) => write(path, text.as_bytes()),
                    Err(e) => Some(
                        Diagnostic::error("social::export", format!("{path}: {e}"))
                            .with_help("check the post's schedule"),
                    ),
                })
                .collect::<Vec<_>>()
        },
    );
    problems.extend(json_problem);
    problems.extend(export_problems);
    crate::timing("social: post files and exports", started);

    let mut days: Vec<SocialDay> = Vec::new();
    for p in &upcoming {
        let Some(date) = p
            .scheduled
            .get(..10)
            .and_then(|d| crate::dates::parse_day(d).ok())
        else {
            continue;
        };
        let label = format!("{}, {}", date.weekday_name(), date.display());
        if days.last().is_none_or(|d| d.label != label) {
            days.push(SocialDay {
                label,
                posts: Vec::new(),
            });
        }
        if let Some(day) = days.last_mut() {
            day.posts.push(SocialCard {
                post: p,
                platform_label: crate::social::platform::preset(&p.platform)
                    .map(|x| x.label)
                    .unwrap_or("?"),
                time: p.scheduled.get(11..16).unwrap_or("").to_string(),
                file: format!("/{}", p.text_file()),
            });
        }
    }
    let mut ctx = Context::new();
    let mut meta = pages.meta(
        "Social posting calendar",
        "",
        "/social/",
        "website",
        None,
        "{}".into(),
    );
    meta.noindex = true;
    ctx.insert("meta", &meta);
    ctx.insert("days", &days);
    ctx.insert("total", &posts.len());
    ctx.insert("upcoming", &upcoming.len());
    ctx.insert("horizon_weeks", &config.social.horizon_weeks);
    match renderer.render("social.html", &ctx) {
        Ok(html) => problems.extend(write("social/index.html", html.as_bytes())),
        Err(d) => problems.push(d),
    }
    (upcoming.len() + exports.len() + 1, problems)
}

/// Origins pages may load from besides the site: allowed trackers and `privacy.allow_hosts`.
fn allowed_origins(config: &Config) -> Vec<String> {
    let mut origins = crate::lint::trackers::TrackerPolicy::from_config(config).allowed_origins();
    origins.extend(config.privacy.allow_hosts.iter().cloned());
    origins.sort();
    origins.dedup();
    origins
}

fn sort_newest_first(items: &mut [&Published<'_>]) {
    items.sort_by(|a, b| {
        b.item
            .date
            .cmp(&a.item.date)
            .then_with(|| a.item.title.cmp(&b.item.title))
    });
}

/// Renders the whole site into `sink`, composing the social posts alongside the
/// pages. The social kit's notes (platforms a consent does not cover, posting gaps)
/// come back with the counts; its errors fail the render like any other.
pub fn render_site<'a>(
    root: &Path,
    config: &Config,
    theme: &Theme,
    plan: &'a Plan<'a>,
    today: Day,
    sink: &dyn Sink,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_selected(root, config, theme, plan, today, &Selection::All, sink)
}

/// Which files a render writes: all of them (a build), or what a preview server
/// found out of date after an edit.
pub enum Selection<'s> {
    /// Everything; the social posts are composed during the render (pages do not need them).
    All,
    /// The pages whose fingerprint differs from `previous` (output file -> fingerprint;
    /// a page not in it counts as different) or that show an item `changed` picks, and
    /// every image and static file (cheap to write); every page when `everything`.
    /// Nothing of the social folder.
    Pages {
        previous: &'s HashMap<String, u64>,
        changed: &'s (dyn Fn(&Published<'_>) -> bool + Sync),
        everything: bool,
    },
    /// The social folder only, from posts already composed (and the images and static files).
    Social(&'s [crate::social::Post]),
}

/// One page of the site as a preview server tracks it between renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageState {
    /// Output file, e.g. `articles/flu/index.html`.
    pub output: String,
    /// Hash of which items the page shows, in which order, and its counts and names.
    pub fingerprint: u64,
    /// Whether this render wrote it.
    pub rendered: bool,
}

/// What `render_selected` did: the counts, with `Selection::Pages` the state of
/// every page of the site (rendered or not) for the next comparison, and with
/// `Selection::All` the social kit's notes and warnings.
#[derive(Debug, Default)]
pub struct Rendered {
    pub stats: RenderStats,
    pub pages: Vec<PageState>,
    pub notes: Vec<Diagnostic>,
    pub privacy: PrivacyReport,
}

/// What the rendered pages would contact on load, found in their HTML.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PrivacyReport {
    /// Page type (`article`, `home`, `listing`…) -> hosts other than the site's own that
    /// a page of that type loads from when it opens (its stylesheets' imports included).
    /// Embeds load nothing until clicked, so they are not here.
    pub third_party_on_load: BTreeMap<&'static str, std::collections::BTreeSet<String>>,
}

impl PrivacyReport {
    /// One line for the terminal: which page types contact other sites on load.
    pub fn summary(&self) -> String {
        let contacting: Vec<String> = self
            .third_party_on_load
            .iter()
            .filter(|(_, hosts)| !hosts.is_empty())
            .map(|(kind, hosts)| {
                format!(
                    "{kind} pages load from {}",
                    hosts.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        if contacting.is_empty() {
            format!(
                "privacy: no page contacts another site when it opens ({} page types checked: {})",
                self.third_party_on_load.len(),
                self.third_party_on_load
                    .keys()
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("privacy: {}", contacting.join("; "))
        }
    }
}

/// One rendered HTML page's loads, gathered for the `PrivacyReport`.
struct PageLoads {
    page_type: &'static str,
    hosts: Vec<String>,
    stylesheets: Vec<String>,
}

/// The page type a job renders, as the privacy report names it.
fn page_type(job: &Job<'_>) -> &'static str {
    match job {
        Job::Item(p) => p.item.kind.label(),
        Job::Section { .. } => "listing",
        Job::Tags => "topics",
        Job::Tag { .. } => "topic",
        Job::Home => "home",
        Job::NotFound => "404",
        Job::Feed | Job::Sitemap | Job::Robots => "other",
    }
}

/// `_headers` with the site-wide CSP (every embed origin any page may frame).
fn headers_file(config: &Config, pages: &Pages<'_>, plan: &Plan<'_>) -> String {
    let mut frames: Vec<String> = plan
        .published
        .iter()
        .flat_map(|p| p.item.body.frames.iter().cloned())
        .collect();
    frames.sort();
    frames.dedup();
    crate::privacy::policy::headers_file(
        &pages.csp_with(&frames),
        &config.privacy.referrer,
        &["/social/*"],
    )
}

/// Renders what `selection` picks into `sink` (see `render_site`).
pub fn render_selected<'a>(
    root: &Path,
    config: &Config,
    theme: &Theme,
    plan: &'a Plan<'a>,
    today: Day,
    selection: &Selection<'_>,
    sink: &dyn Sink,
) -> Result<Rendered, Vec<Diagnostic>> {
    let site = site_view(config, plan, today);
    let renderer = Renderer::new(theme, &site)?;
    let pages = Pages::new(config, plan, today);
    let mut jobs = pages.jobs();
    let mut states = Vec::new();
    match selection {
        Selection::All => {}
        Selection::Social(_) => jobs.clear(),
        Selection::Pages {
            previous,
            changed,
            everything,
        } => {
            // Fingerprints are cheap (no template context), so every page gets one.
            states = jobs
                .par_iter()
                .map(|job| {
                    let output = pages.output(job);
                    let (fingerprint, shows) = pages.fingerprint(job);
                    let rendered = *everything
                        || previous.get(&output) != Some(&fingerprint)
                        || shows.iter().any(|p| changed(p));
                    PageState {
                        output,
                        fingerprint,
                        rendered,
                    }
                })
                .collect();
            let mut keep = states.iter().map(|s| s.rendered);
            jobs.retain(|_| keep.next().unwrap_or(false));
        }
    }
    let io_error = |path: &str, e: std::io::Error| {
        Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
            .with_help("check free disk space and permissions")
    };
    let page_count = jobs.len();
    // The social posts are composed and written alongside the pages: neither needs
    // the other, and the exports are long serial writes that would leave a core idle.
    let write_posts = |posts: &[crate::social::Post]| {
        if !posts.is_empty() || renderer.has("social.html") {
            write_social(config, &renderer, &pages, posts, today, sink)
        } else {
            (0, Vec::new())
        }
    };
    let own_host = crate::privacy::scan::host_of(&config.base_url).unwrap_or_default();
    let plain_tags = crate::privacy::policy::meta_tags(&pages.csp, &config.privacy.referrer);
    let ((mut problems, loads), (mut files, social_problems, notes)) = rayon::join(
        || {
            let results: Vec<Result<Option<PageLoads>, Diagnostic>> = jobs
                .par_iter()
                .map(|job| {
                    let (template, out, ctx) = pages.build(job);
                    let mut html = renderer.render(template, &ctx)?;
                    let mut loads = None;
                    if out.ends_with(".html") {
                        // Every page carries the policies, even from a theme that leaves them out.
                        html = match job {
                            Job::Item(p) if !p.item.body.frames.is_empty() => {
                                let tags = crate::privacy::policy::meta_tags(
                                    &pages.csp_with(&p.item.body.frames),
                                    &config.privacy.referrer,
                                );
                                crate::privacy::policy::ensure_meta(html, &tags)
                            }
                            _ => crate::privacy::policy::ensure_meta(html, &plain_tags),
                        };
                        loads = Some(PageLoads {
                            page_type: page_type(job),
                            hosts: crate::privacy::scan::hosts_loaded(&html, &own_host),
                            stylesheets: crate::privacy::scan::local_stylesheets(&html),
                        });
                    }
                    sink.write(&out, html.as_bytes())
                        .map_err(|e| io_error(&out, e))?;
                    Ok(loads)
                })
                .collect();
            let mut problems = Vec::new();
            let mut loads = Vec::new();
            for r in results {
                match r {
                    Ok(Some(l)) => loads.push(l),
                    Ok(None) => {}
                    Err(d) => problems.push(d),
                }
            }
            (problems, loads)
        },
        || match selection {
            Selection::All => {
                let (posts, diagnostics) = crate::social::kit::posts(config, theme, plan, today);
                let (errors, notes): (Vec<_>, Vec<_>) =
                    diagnostics.into_iter().partition(Diagnostic::is_error);
                if errors.is_empty() {
                    let (files, problems) = write_posts(&posts);
                    (files, problems, notes)
                } else {
                    (0, errors, notes)
                }
            }
            Selection::Social(posts) => {
                let (files, problems) = write_posts(posts);
                (files, problems, Vec::new())
            }
            Selection::Pages { .. } => (0, Vec::new(), Vec::new()),
        },
    );
    problems.extend(social_problems);
    // A template error repeats on every page that uses it: report each once.
    let mut seen = HashSet::new();
    problems.retain(|d| seen.insert((d.file.clone(), d.line, d.message.clone())));

    // Images, theme static files, then the site's static files (which win).
    let (written, failed) = write_images(root, plan, sink);
    files += written;
    problems.extend(failed);
    // What each stylesheet loads from other hosts (`@import`, `url()`), by site path.
    let mut css_hosts: HashMap<String, Vec<String>> = HashMap::new();
    let mut note_css = |name: &str, bytes: &[u8]| {
        if name.ends_with(".css") {
            css_hosts.insert(
                format!("/{name}"),
                crate::privacy::scan::hosts_loaded_by_css(
                    &String::from_utf8_lossy(bytes),
                    &own_host,
                ),
            );
        }
    };
    for (name, file) in theme.statics() {
        files += 1;
        note_css(name, &file.bytes);
        if let Err(e) = sink.write(name, &file.bytes) {
            problems.push(io_error(name, e));
        }
    }
    for (name, abs) in site_static_files(root) {
        files += 1;
        match std::fs::read(&abs) {
            Ok(bytes) => {
                note_css(&name, &bytes);
                if let Err(e) = sink.write(&name, &bytes) {
                    problems.push(io_error(&name, e));
                }
            }
            Err(e) => problems.push(
                Diagnostic::error("io::read", format!("cannot read static file: {e}"))
                    .in_file(format!("static/{name}")),
            ),
        }
    }
    files += 1;
    if let Err(e) = sink.write("_headers", headers_file(config, &pages, plan).as_bytes()) {
        problems.push(io_error("_headers", e));
    }
    let mut privacy = PrivacyReport::default();
    for l in loads {
        let entry = privacy.third_party_on_load.entry(l.page_type).or_default();
        entry.extend(l.hosts);
        for sheet in &l.stylesheets {
            if let Some(hosts) = css_hosts.get(sheet) {
                entry.extend(hosts.iter().cloned());
            }
        }
    }
    if problems.is_empty() {
        Ok(Rendered {
            stats: RenderStats {
                pages: page_count,
                files,
            },
            pages: states,
            notes,
            privacy,
        })
    } else {
        problems.extend(notes);
        Err(problems)
    }
}

/// Page images (the SVG, or each `srcset` width) and every item's social kit, linked
/// from the image cache.
fn write_images(root: &Path, plan: &Plan<'_>, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    use crate::images::PageImage;
    let cache = root.join(crate::images::cache::CACHE_DIR);
    let mut files: Vec<(String, Result<PathBuf, &[u8]>)> = Vec::new();
    let mut seen = HashSet::new();
    for p in &plan.published {
        if let Some(img) = &p.image {
            match &img.set.page {
                PageImage::Svg { bytes, .. } => {
                    let path = img.path();
                    if seen.insert(path.clone()) {
                        files.push((path, Err(bytes.as_slice())));
                    }
                }
                PageImage::Raster(widths) => {
                    for r in widths {
                        let path = img.width_path(r);
                        if seen.insert(path.clone()) {
                            files.push((path, Ok(cache.join(&r.file))));
                        }
                    }
                }
                PageImage::None => {}
            }
        }
        if let Some(kit) = &p.kit {
            for r in &kit.presets {
                let path = format!("{}{}.{}", p.kit_dir(), r.name, r.extension);
                files.push((path, Ok(cache.join(&r.file))));
            }
        }
    }
    let problems = files
        .par_iter()
        .filter_map(|(path, from)| {
            let out = path.trim_start_matches('/');
            let result = match from {
                Ok(cached) => sink.link(out, cached),
                Err(bytes) => sink.write(out, bytes),
            };
            result.err().map(|e| {
                Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
                    .with_help("check free disk space and permissions; if the image cache was deleted during the build, build again")
            })
        })
        .collect();
    (files.len(), problems)
}

fn summaries<'a>(config: &Config, list: &[&'a Published<'a>]) -> Vec<ItemView<'a>> {
    list.iter()
        .map(|p| {
            item_view(
                config,
                p.item,
                p.disclosure.as_deref(),
                p.image.as_ref(),
                false,
            )
        })
        .collect()
}

fn rfc3339(d: Day) -> String {
    format!("{}T00:00:00Z", d.iso())
}

#[cfg(test)]
mod sink_tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn unchanged_files_are_linked_from_the_previous_output_and_changed_ones_written() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("public");
        std::fs::create_dir_all(old.join("a")).unwrap();
        std::fs::write(old.join("a/same.html"), "same").unwrap();
        std::fs::write(old.join("a/changed.html"), "before").unwrap();
        let staging = dir.path().join("staging");
        let sink = DirSink::new(staging.clone(), Some(old.clone()));
        sink.write("a/same.html", b"same").unwrap();
        sink.write("a/changed.html", b"after!").unwrap();
        sink.write("a/new.html", b"new").unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            ino(&staging.join("a/same.html")),
            ino(&old.join("a/same.html"))
        );
        assert_ne!(
            ino(&staging.join("a/changed.html")),
            ino(&old.join("a/changed.html"))
        );
        assert_eq!(
            std::fs::read(staging.join("a/changed.html")).unwrap(),
            b"after!"
        );
        assert_eq!(
            std::fs::read(old.join("a/changed.html")).unwrap(),
            b"before"
        );
        assert_eq!(std::fs::read(staging.join("a/new.html")).unwrap(), b"new");
    }

    #[test]
    fn same_contents_compares_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&f, &big).unwrap();
        assert!(same_contents(&f, &big));
        let mut other = big.clone();
        other[150_000] ^= 1;
        assert!(!same_contents(&f, &other));
        assert!(!same_contents(&f, &big[..199_999]));
    }
}
