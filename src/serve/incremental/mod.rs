//! The site kept in memory between edits, and the rebuild that touches only what an
//! edit changed: changed files are re-read, the (cheap) consent gate and plan run over
//! every item, and only pages whose content or listing changed are rendered again.
//!
//! Why this equals a full build: a page's bytes depend on the globals (config, theme,
//! `site` view, today), on which items it shows in which order with which counts (its
//! fingerprint, see `render::page_states`), and on those items and what the gate
//! attached to them. A page is re-rendered when any of these differ from the last good
//! render; pages that no longer exist are removed.

use super::site::ServedSite;
use crate::EnvError;
use crate::config::{self, Config};
use crate::consent::{self, Ledger};
use crate::content::Item;
use crate::content::load::{self, Found};
use crate::dates::Day;
use crate::diagnostics::{self, Diagnostic};
use crate::lint::phi::{Allowances, PhiScanner};
use crate::plan::{PlanOptions, Published};
use crate::theme::{self, Theme};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod changes;
mod mem_sink;
mod track;

use crate::inputs::SiteInputs;
pub use changes::Changes;
use track::Track;

/// Options fixed for the whole session.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub drafts: bool,
    pub future: bool,
    /// `None`: the local date at each rebuild.
    pub today: Option<Day>,
    /// Replaces `base_url` from the config (the server's own address).
    pub base_url: String,
}

/// What one rebuild did, for the terminal line and the browser.
#[derive(Debug, Default)]
pub struct Report {
    /// Every diagnostic of the rebuild, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub failed: bool,
    /// Pages rendered again.
    pub pages: usize,
    pub pages_total: usize,
    /// Served files added, changed or removed.
    pub written: usize,
    pub removed: usize,
    /// Files of the social kit rewritten (0 when it was unchanged).
    pub social_files: usize,
    pub pages_time: Duration,
    pub social_time: Duration,
    /// Files of the search index written after the pages.
    pub search_files: usize,
}

/// One file loaded: the item and its warnings, or its errors.
type LoadResult = Result<(Item, Vec<Diagnostic>), Vec<Diagnostic>>;

/// One content file and what loading it gave.
struct Slot {
    found: Found,
    /// Index in `items` when the file loaded.
    item: Option<usize>,
    /// Warnings when it loaded, errors when it did not.
    problems: Vec<Diagnostic>,
}

/// The inputs of the site as last read from disk, and what the last good render made.
pub struct Incremental {
    root: PathBuf,
    opts: SessionOptions,
    config: Config,
    theme: Theme,
    scanner: PhiScanner,
    allow: Allowances,
    slots: Vec<Slot>,
    items: Vec<Item>,
    /// The config or theme failed to load at the last rebuild.
    broken: bool,
    track: Track,
}

fn read_config(root: &Path, base_url: &str) -> Result<Config, Vec<Diagnostic>> {
    let text =
        crate::fsutil::read_utf8(root, Path::new(config::CONFIG_FILE)).map_err(|d| vec![d])?;
    let mut config = config::parse(&text, Path::new(config::CONFIG_FILE))?;
    // The preview is mounted at the path of the site's own `base_url` (a GitHub Pages
    // project site's `/clinic`), unless the address given has a path of its own.
    let given = base_url.trim_end_matches('/');
    config.base_url = if !crate::privacy::scan::path_of(given).is_empty() {
        given.to_string()
    } else {
        format!("{given}{}", config.base_path())
    };
    // Title cards are social images a writer does not look at in the preview, and
    // making or even checking one per item on every save would cost seconds at 10k.
    config.social.images.cards = false;
    Ok(config)
}

/// Hash of what the gate attached to a published item: a change re-renders its pages.
pub(super) fn attached_hash(p: &Published<'_>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    p.disclosure.hash(&mut h);
    p.social_channels.hash(&mut h);
    if let Some(img) = &p.image {
        (img.path(), &img.alt, img.width(), img.height()).hash(&mut h);
    }
    if let Some(kit) = &p.kit {
        for r in &kit.presets {
            (&r.name, &r.file, r.width, r.height).hash(&mut h);
        }
    }
    h.finish()
}

/// Whether an edit can change the item's social snippets or their schedule (a body
/// edit cannot: snippets are made from the front matter).
pub(super) fn social_fields_differ(a: &Item, b: &Item) -> bool {
    a.kind != b.kind
        || a.slug != b.slug
        || a.source != b.source
        || a.title != b.title
        || a.description != b.description
        || a.date != b.date
        || a.updated != b.updated
        || a.draft != b.draft
        || a.tags != b.tags
        || a.social != b.social
        || a.detail != b.detail
}

/// Served files that belong to an item's page (its page, its images) or its social folder.
pub(super) fn item_prefixes(path: &str) -> Vec<String> {
    let own = path.trim_start_matches('/').to_string();
    let mut v = vec![own.clone()];
    if let Some(rest) = own.split_once('/') {
        v.push(format!("social/{}/{}", rest.0, rest.1));
    }
    v
}

impl Incremental {
    /// Reads the whole site once. `Err` when the site cannot be read at all (no
    /// carepress.yaml), `Ok(Err)` with the problems when its config or theme is invalid.
    pub fn open(
        root: &Path,
        opts: SessionOptions,
    ) -> Result<Result<Incremental, Vec<Diagnostic>>, EnvError> {
        if !root.join(config::CONFIG_FILE).is_file() {
            return Err(EnvError::Usage(format!(
                "no {} in {}; run this in a carepress site, pass --root DIR, or create one with `carepress init`",
                config::CONFIG_FILE,
                root.display()
            )));
        }
        let config = match read_config(root, &opts.base_url) {
            Ok(c) => c,
            Err(d) => return Ok(Err(d)),
        };
        let theme = match theme::load_theme(root, &config.theme) {
            Ok(t) => t,
            Err(d) => return Ok(Err(d)),
        };
        let mut me = Incremental {
            root: root.to_path_buf(),
            allow: Allowances::from_config(&config)
                .with_contacts(&crate::content::load::location_contacts(root)),
            config,
            opts,
            theme,
            scanner: PhiScanner::new(),
            slots: Vec::new(),
            items: Vec::new(),
            broken: false,
            track: Track {
                pages: HashMap::new(),
                attached: HashMap::new(),
                site_hash: 0,
                assets: HashSet::new(),
                social: HashSet::new(),
                posts: None,
                pending: HashSet::new(),
                everything: true,
                social_pending: true,
                social_force: true,
                search_key: None,
                search: HashSet::new(),
            },
        };
        me.rediscover(&BTreeSet::new());
        Ok(Ok(me))
    }

    pub fn today(&self) -> Day {
        self.opts
            .today
            .unwrap_or_else(|| Day(jiff::ZonedDateTime::now().date()))
    }

    /// The theme in use, for telling template edits from edits to other themes.
    /// The path the site is served under (`""` at the root).
    pub fn base_path(&self) -> &str {
        self.config.base_path()
    }

    pub fn theme_name(&self) -> &str {
        &self.config.theme
    }

    /// Re-reads config and theme, then every content file (PHI allowances and the
    /// theme come from the config, so nothing read before can be trusted).
    fn reload_config(&mut self) -> Vec<Diagnostic> {
        let config = match read_config(&self.root, &self.opts.base_url) {
            Ok(c) => c,
            Err(d) => return d,
        };
        let theme = match theme::load_theme(&self.root, &config.theme) {
            Ok(t) => t,
            Err(d) => return d,
        };
        self.allow = Allowances::from_config(&config)
            .with_contacts(&crate::content::load::location_contacts(&self.root));
        self.config = config;
        self.theme = theme;
        self.slots.clear();
        self.items.clear();
        self.rediscover(&BTreeSet::new());
        self.track.everything = true;
        self.track.social_pending = true;
        self.track.social_force = true;
        Vec::new()
    }

    fn load_found(&self, found: &[&Found]) -> Vec<LoadResult> {
        let check = |item: &mut Item, text: &str| {
            crate::lint::phi_item::check_item(&self.scanner, &self.allow, item, text)
        };
        found
            .par_iter()
            .map(|f| load::load_one(&self.root, f, &check))
            .collect()
    }

    /// Finds content files again (after files were created, removed or renamed),
    /// keeping what was loaded for files that are still there and unchanged.
    fn rediscover(&mut self, changed: &BTreeSet<PathBuf>) {
        let found = load::discover(&self.root);
        let mut old: HashMap<PathBuf, (Slot, Option<Item>)> = HashMap::new();
        let mut items: Vec<Option<Item>> = std::mem::take(&mut self.items)
            .into_iter()
            .map(Some)
            .collect();
        for slot in self.slots.drain(..) {
            let item = slot
                .item
                .and_then(|i| items.get_mut(i).and_then(Option::take));
            old.insert(slot.found.rel.clone(), (slot, item));
        }
        let fresh: Vec<&Found> = found
            .iter()
            .filter(|f| {
                changed.contains(&f.rel) || old.get(&f.rel).is_none_or(|(s, _)| s.found != **f)
            })
            .collect();
        let loaded = self.load_found(&fresh);
        let mut loaded: HashMap<PathBuf, _> =
            fresh.iter().map(|f| f.rel.clone()).zip(loaded).collect();
        for f in found {
            let (problems, item) = match loaded.remove(&f.rel) {
                Some(Ok((item, warnings))) => {
                    self.track
                        .pending
                        .insert(item.source.clone().into_os_string());
                    self.track.social_pending = true;
                    (warnings, Some(item))
                }
                Some(Err(problems)) => (problems, None),
                None => match old.remove(&f.rel) {
                    Some((slot, item)) => (slot.problems, item),
                    None => (Vec::new(), None),
                },
            };
            let index = item.map(|item| {
                self.items.push(item);
                self.items.len() - 1
            });
            self.slots.push(Slot {
                found: f,
                item: index,
                problems,
            });
        }
    }

    /// Re-reads changed content files that are already known; `false` when a file
    /// appeared, vanished or moved, so discovery must run again.
    fn reload_known(&mut self, files: &BTreeSet<PathBuf>) -> bool {
        let mut targets = Vec::new();
        for rel in files {
            if !self.root.join(rel).is_file() {
                // Removed or renamed (or a folder): only discovery knows what it was.
                if self.slots.iter().any(|s| s.found.rel.starts_with(rel))
                    || rel.extension().is_none()
                {
                    return false;
                }
                continue;
            }
            match self.slots.iter().position(|s| &s.found.rel == rel) {
                Some(i) => targets.push(i),
                None => {
                    // A new file, or a file beside content (an image): new content needs discovery.
                    let name = rel
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    if name.ends_with(".md") || name.ends_with(".yaml") || name.ends_with(".yml") {
                        return false;
                    }
                }
            }
        }
        let found: Vec<Found> = targets
            .iter()
            .map(|&i| self.slots[i].found.clone())
            .collect();
        let refs: Vec<&Found> = found.iter().collect();
        let loaded = self.load_found(&refs);
        let mut relink = false;
        for (i, result) in targets.into_iter().zip(loaded) {
            let slot = &mut self.slots[i];
            match (result, slot.item) {
                (Ok((item, warnings)), Some(at)) => {
                    if self.items[at] != item {
                        self.track.social_pending |= social_fields_differ(&self.items[at], &item);
                        self.track
                            .pending
                            .insert(item.source.clone().into_os_string());
                        self.items[at] = item;
                    }
                    slot.problems = warnings;
                }
                (Ok(_), None) | (Err(_), Some(_)) => relink = true,
                (Err(problems), None) => slot.problems = problems,
            }
        }
        // A file that started or stopped loading changes the order of items: rebuild the list.
        !relink
    }

    /// `changed` and the content files of the items that read one of them when they load
    /// (a video reads its captions and transcript): those items are read again too. A
    /// file that failed to load may have failed on such a file (a broken caption), so it
    /// is read again after any change in its folder.
    fn with_readers(&self, changed: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
        let mut out = changed.clone();
        for slot in &self.slots {
            let reads_one = match slot.item {
                Some(at) => self.items[at]
                    .files_read()
                    .iter()
                    .any(|f| changed.contains(*f)),
                None => {
                    let folder = slot.found.rel.parent();
                    changed.iter().any(|c| c.parent() == folder)
                }
            };
            if reads_one {
                out.insert(slot.found.rel.clone());
            }
        }
        out
    }

    fn apply(&mut self, changes: &Changes) -> Vec<Diagnostic> {
        // While the config or theme cannot be read, every rebuild tries them again,
        // and the recovery reads everything (edits made meanwhile included).
        if changes.config || self.broken {
            let problems = self.reload_config();
            self.broken = !problems.is_empty();
            return problems;
        }
        if changes.templates || changes.social_templates || changes.statics {
            match theme::load_theme(&self.root, &self.config.theme) {
                Ok(t) => self.theme = t,
                Err(d) => {
                    self.broken = true;
                    return d;
                }
            }
            self.track.everything |= changes.templates;
            self.track.social_pending |= changes.social_templates;
            self.track.social_force |= changes.social_templates;
        }
        let changed = self.with_readers(&changes.content);
        if !changed.is_empty() && !self.reload_known(&changed) {
            self.rediscover(&changed);
        }
        Vec::new()
    }

    /// Site paths of content files that failed to load.
    fn failed(&self) -> Vec<String> {
        self.slots
            .iter()
            .filter(|s| s.item.is_none())
            .map(|s| s.found.kind.path_of(&s.found.slug))
            .collect()
    }

    fn plan_options(&self) -> PlanOptions {
        PlanOptions {
            drafts: self.opts.drafts,
            future: self.opts.future,
            today: self.today(),
        }
    }

    /// Applies `changes`, rebuilds what they touch and updates `site`. `pages_done`
    /// is called as soon as the pages are served (the browser can reload then),
    /// before the social kit, which takes longer on a large site, is brought up to date.
    pub fn rebuild(
        &mut self,
        changes: &Changes,
        site: &ServedSite,
        pages_done: &mut dyn FnMut(&Report),
    ) -> Report {
        let started = Instant::now();
        let mut diagnostics = self.apply(changes);
        if !diagnostics.is_empty() {
            return self.track.fail(diagnostics, None, site, started);
        }
        let timings = std::env::var_os("CAREPRESS_TIMINGS").is_some();
        let mark = |what: &str| {
            if timings {
                eprintln!("timings: {what} at {} ms", started.elapsed().as_millis());
            }
        };
        mark("read");
        let (ledger, ledger_problems): (Ledger, Vec<Diagnostic>) = consent::load_ledger(&self.root);
        diagnostics.extend(self.slots.iter().flat_map(|s| s.problems.iter().cloned()));
        diagnostics.extend(load::cross_check(&self.items));
        diagnostics.extend(ledger_problems);
        let failed = self.failed();
        let opts = self.plan_options();
        mark("ledger");
        let inputs = SiteInputs {
            root: &self.root,
            config: &self.config,
            theme: &self.theme,
        };
        let plan = crate::plan_site(&inputs, &self.items, &failed, &ledger, &opts);
        diagnostics.extend(plan.diagnostics.iter().cloned());
        if diagnostics.iter().any(Diagnostic::is_error) {
            let withheld = plan.withheld.clone();
            return self.track.fail(diagnostics, Some(&withheld), site, started);
        }
        mark("plan");
        let mut report = match self.track.render_pages(&inputs, &plan, site) {
            Ok(r) => r,
            Err(problems) => {
                diagnostics.extend(problems);
                return self.track.fail(diagnostics, None, site, started);
            }
        };
        mark("pages");
        report.pages_time = started.elapsed();
        site.set_problems(Vec::new());
        pages_done(&report);

        if self.track.social_pending {
            let social_started = Instant::now();
            let (posts, social_problems) = crate::social::kit::posts(&inputs, &plan);
            diagnostics.extend(social_problems);
            if diagnostics.iter().any(Diagnostic::is_error) {
                report.failed = true;
            } else if self.track.social_force || self.track.posts.as_ref() != Some(&posts) {
                match self.track.render_social(&inputs, &plan, &posts, site) {
                    Ok((written, removed)) => {
                        report.social_files = written;
                        report.removed += removed;
                        self.track.posts = Some(posts);
                        self.track.social_pending = false;
                        self.track.social_force = false;
                    }
                    Err(problems) => {
                        diagnostics.extend(problems);
                        report.failed = true;
                    }
                }
            } else {
                self.track.social_pending = false;
            }
            report.social_time = social_started.elapsed();
        }
        // After the reload, like the social kit: an edited item is found on the next search.
        if !report.failed {
            match self.track.render_search(&inputs, &plan, site) {
                Ok((written, removed)) => {
                    report.search_files = written;
                    report.removed += removed;
                }
                Err(d) => {
                    diagnostics.push(d);
                    report.failed = true;
                }
            }
        }
        diagnostics::sort(&mut diagnostics);
        if report.failed {
            site.show_errors(&diagnostics);
        }
        report.diagnostics = diagnostics;
        report
    }
}
