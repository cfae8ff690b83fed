//! The gate stage: decides what is published (drafts, schedule, consent), checks
//! references between items, and prepares their images.

use crate::config::Config;
use crate::consent::gate::incentive_disclosure;
use crate::consent::{ConsentVerdict, Finding, Ledger, Medium, PatientUse, evaluate};
use crate::content::frontmatter::resolve_beside;
use crate::content::{Detail, Item, Kind};
use crate::dates::Day;
use crate::diagnostics::Diagnostic;
use crate::images::{self, ImageSet, PageImage, Processor};
use crate::lint::review::{review_freshness, review_required};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub drafts: bool,
    pub future: bool,
    pub today: Day,
}

/// The image a page shows, shared by every item that shows it.
#[derive(Debug, Clone)]
pub struct PublishedImage {
    pub source: PathBuf,
    /// Site path without extension, e.g. `/infographics/flu/flu`; widths add `-<w>.<ext>`.
    pub base: String,
    pub alt: String,
    pub set: Arc<ImageSet>,
}

impl PublishedImage {
    /// The `src` of the page image: the SVG itself, or the largest width.
    pub fn path(&self) -> String {
        match &self.set.page {
            PageImage::Svg { .. } | PageImage::None => format!("{}.svg", self.base),
            PageImage::Raster(widths) => match widths.last() {
                Some(r) => self.width_path(r),
                None => format!("{}.svg", self.base),
            },
        }
    }

    pub fn width_path(&self, r: &images::Rendition) -> String {
        format!("{}-{}.{}", self.base, r.width, r.extension)
    }

    pub fn width(&self) -> u32 {
        match &self.set.page {
            PageImage::Svg { width, .. } => *width,
            PageImage::Raster(widths) => widths.last().map_or(0, |r| r.width),
            PageImage::None => 0,
        }
    }

    pub fn height(&self) -> u32 {
        match &self.set.page {
            PageImage::Svg { height, .. } => *height,
            PageImage::Raster(widths) => widths.last().map_or(0, |r| r.height),
            PageImage::None => 0,
        }
    }

    /// `srcset` for raster images (empty for an SVG).
    pub fn srcset(&self) -> String {
        match &self.set.page {
            PageImage::Raster(widths) if widths.len() > 1 => widths
                .iter()
                .map(|r| format!("{} {}w", self.width_path(r), r.width))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }
}

/// An item that passed every gate, with what the gate attached to it.
#[derive(Debug, Clone)]
pub struct Published<'a> {
    pub item: &'a Item,
    pub disclosure: Option<String>,
    /// Social platforms its consent allows (`None`: no consent involved, all allowed).
    pub social_channels: Option<Vec<String>>,
    pub image: Option<PublishedImage>,
    /// The social image kit: every preset, cut from the image or a title card.
    pub kit: Option<Arc<ImageSet>>,
}

impl Published<'_> {
    /// Site folder of the item's social kit, e.g. `/social/articles/flu/`.
    pub fn kit_dir(&self) -> String {
        format!("/social/{}/{}/", self.item.kind.section(), self.item.slug)
    }
}

#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub published: Vec<Published<'a>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Site paths of items the consent gate refused or withdrew: a preview server
    /// takes their pages down even when the rest of the rebuild fails.
    pub withheld: BTreeSet<String>,
}

/// Why an item is not published (used to explain broken links to it).
enum Excluded {
    Draft,
    Future,
    Withdrawn,
    Refused,
    Invalid,
}

fn patient_use(item: &Item) -> (Vec<String>, Option<&str>, Vec<Medium>) {
    let ids = item.consent_ids();
    match &item.detail {
        Detail::Testimonial {
            patient,
            quote,
            photo,
            video,
            ..
        } => {
            let anonymous = patient.trim().eq_ignore_ascii_case("anonymous");
            let mut media = Vec::new();
            if !anonymous {
                media.push(Medium::Name);
            }
            if quote.is_some() {
                media.push(Medium::Quote);
            }
            if item.body.words > 0 {
                media.push(Medium::Story);
            }
            if photo.is_some() {
                media.push(Medium::Photo);
            }
            if video.is_some() {
                media.push(Medium::Video);
            }
            (ids, (!anonymous).then_some(patient.as_str()), media)
        }
        Detail::Infographic { .. } => (ids, None, vec![Medium::Photo]),
        _ => (ids, None, vec![Medium::Story]),
    }
}

fn consent_key(item: &Item) -> &'static str {
    match item.kind {
        Kind::Testimonial => "consent",
        _ => "patients",
    }
}

fn finding_diag(item: &Item, f: &Finding, error: bool) -> Diagnostic {
    let d = if error {
        Diagnostic::error(f.code, f.message.clone())
    } else {
        Diagnostic::warning(f.code, f.message.clone())
    };
    d.in_file(&item.source)
        .at_line(item.key_line(consent_key(item)))
        .with_help(f.help.clone())
}

pub fn plan<'a>(
    root: &Path,
    config: &Config,
    theme: &crate::render::Theme,
    items: &'a [Item],
    failed: &[String],
    ledger: &Ledger,
    opts: &PlanOptions,
) -> Plan<'a> {
    let mut diagnostics = Vec::new();
    let mut published = Vec::new();
    let mut excluded: HashMap<String, Excluded> = HashMap::new();
    let mut withheld = BTreeSet::new();
    for path in failed {
        excluded.insert(path.clone(), Excluded::Invalid);
    }
    // The theme, static files and config, on every build, check and preview rebuild.
    diagnostics.extend(crate::lint::trackers::scan_site(root, config, theme));
    let trackers = crate::lint::trackers::TrackerPolicy::from_config(config);

    for item in items {
        let not_built = if item.draft && !opts.drafts {
            Some(Excluded::Draft)
        } else if item.date.is_some_and(|d| d > opts.today) && !opts.future {
            Some(Excluded::Future)
        } else {
            None
        };
        if config.rules.require_review {
            diagnostics.extend(review_required(item, not_built.is_none()));
        }
        // Patient information and trackers block publication; in a draft they are
        // warnings to fix first.
        let privacy = crate::lint::trackers::diagnose(&item.body.privacy, &item.source, &trackers);
        diagnostics.extend(item.phi.iter().cloned().chain(privacy).map(|mut d| {
            if not_built.is_some() && d.is_error() {
                d.severity = crate::diagnostics::Severity::Warning;
            }
            d
        }));
        let mut disclosure = None;
        let mut social_channels = None;
        if item.features_patient() {
            let (ids, shown, media) = patient_use(item);
            let use_ = PatientUse {
                consent_ids: &ids,
                shown_name: shown,
                media,
            };
            match evaluate(&use_, ledger, opts.today, config.rules.consent_warn_days) {
                ConsentVerdict::Refused { findings } => {
                    // A draft is not published yet: tell the writer without failing the build.
                    let error = not_built.is_none();
                    diagnostics.extend(findings.iter().map(|f| finding_diag(item, f, error)));
                    excluded.insert(item.path(), not_built.unwrap_or(Excluded::Refused));
                    withheld.insert(item.path());
                    continue;
                }
                ConsentVerdict::Withdrawn {
                    findings,
                    takedown_pending,
                } => {
                    for f in &findings {
                        let mut d = finding_diag(item, f, false);
                        if takedown_pending && f.code == "consent::revoked" {
                            d.message.push_str(&format!(
                                "; take down: {} and every post made from public/social/{}/{}/ on every platform",
                                config.absolute(&item.path()),
                                item.kind.section(),
                                item.slug
                            ));
                        }
                        diagnostics.push(d);
                    }
                    excluded.insert(item.path(), Excluded::Withdrawn);
                    withheld.insert(item.path());
                    continue;
                }
                ConsentVerdict::Publish {
                    warnings,
                    incentives,
                    social_channels: channels,
                } => {
                    diagnostics.extend(warnings.iter().map(|f| finding_diag(item, f, false)));
                    let who = match &item.detail {
                        Detail::Testimonial { patient, .. } => patient.clone(),
                        _ => "The patient featured".to_string(),
                    };
                    if !incentives.is_empty() {
                        disclosure = Some(
                            incentives
                                .iter()
                                .map(|i| incentive_disclosure(&who, i, config.practice_name()))
                                .collect::<Vec<_>>()
                                .join(" "),
                        );
                    }
                    social_channels = Some(channels);
                }
            }
        }
        if let Some(reason) = not_built {
            excluded.insert(item.path(), reason);
            continue;
        }
        if let Some(d) = review_freshness(item, opts.today, config.rules.review_interval_days) {
            diagnostics.push(d);
        }
        published.push(Published {
            item,
            disclosure,
            social_channels,
            image: None,
            kit: None,
        });
    }

    attach_images(root, config, theme, &mut published, &mut diagnostics);
    check_links(config, theme, &published, &excluded, root, &mut diagnostics);
    Plan {
        published,
        diagnostics,
        withheld,
    }
}

/// Where each item's image comes from, before it is read.
enum ImageSource {
    File { source: PathBuf, alt: String },
    Infographic(String),
}

fn image_source(root: &Path, item: &Item) -> Result<Option<ImageSource>, Diagnostic> {
    let (written, key, alt) = match &item.detail {
        Detail::Infographic { source, alt, .. } => {
            return Ok(Some(ImageSource::File {
                source: source.clone(),
                alt: alt.clone(),
            }));
        }
        Detail::Article {
            image: Some(img), ..
        } => (img, "image", item.title.clone()),
        Detail::Testimonial {
            photo: Some(p),
            patient,
            ..
        } => (p, "photo", format!("Photo of {patient}")),
        _ => return Ok(None),
    };
    // A bare name in an article's `image` is an infographic; anything path-like is a file.
    let path_like = written.contains(['/', '\\', '.']) || images::is_image_name(written);
    if item.kind == Kind::Article && !path_like {
        return Ok(Some(ImageSource::Infographic(slug::slugify(written))));
    }
    let source =
        resolve_beside(root, &item.source, written).map_err(|d| d.at_line(item.key_line(key)))?;
    if !images::is_image_name(written) {
        return Err(Diagnostic::error(
            "content::missing_image",
            format!("`{written}` is not an image file"),
        )
        .in_file(&item.source)
        .at_line(item.key_line(key))
        .with_help("name a PNG, JPEG, WebP, GIF or SVG file beside this file"));
    }
    Ok(Some(ImageSource::File { source, alt }))
}

fn attach_images(
    root: &Path,
    config: &Config,
    theme: &crate::render::Theme,
    published: &mut [Published<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let started = std::time::Instant::now();
    let sources: Vec<Option<ImageSource>> = published
        .iter()
        .map(|p| {
            image_source(root, p.item).unwrap_or_else(|d| {
                diagnostics.push(d);
                None
            })
        })
        .collect();
    let card_items: Vec<usize> = if config.social.images.cards {
        (0..published.len())
            .filter(|&i| published[i].item.kind != Kind::Page && sources[i].is_none())
            .collect()
    } else {
        Vec::new()
    };
    // Nothing to make (e.g. the preview, which has no cards, on a site without images):
    // skip opening the cache and loading the fonts, which every rebuild would repeat.
    if card_items.is_empty() && sources.iter().all(Option::is_none) {
        return;
    }
    let cache = match images::cache::Cache::open(root) {
        Ok(c) => c,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "image::cache",
                    format!("cannot create the image cache: {e}"),
                )
                .in_file(images::cache::CACHE_DIR)
                .with_help("make the site folder writable"),
            );
            return;
        }
    };
    let fonts = theme.fonts();
    let processor = Processor::new(cache, images::Settings::from_config(config), &fonts);
    // Each file is processed once however many items show it; an infographic's focal point applies.
    let mut files: HashMap<&PathBuf, [f64; 2]> = HashMap::new();
    for (p, src) in published.iter().zip(&sources) {
        if let Some(ImageSource::File { source, .. }) = src {
            let focal = match &p.item.detail {
                Detail::Infographic { focal_point, .. } => *focal_point,
                _ => [0.5, 0.5],
            };
            files.entry(source).or_insert(focal);
        }
    }
    let progress = crate::diagnostics::progress_bar(files.len() + card_items.len(), "images");
    let files: Vec<(&PathBuf, [f64; 2])> = files.into_iter().collect();
    type Prepared = Result<(Arc<ImageSet>, Vec<Diagnostic>), Diagnostic>;
    let prepared: HashMap<&PathBuf, Prepared> = files
        .into_par_iter()
        .map(|(f, focal)| {
            let r = processor
                .source(root, f, focal)
                .map(|(set, w)| (Arc::new(set), w));
            progress.inc(1);
            (f, r)
        })
        .collect();
    let mut file_problems: Vec<Diagnostic> = Vec::new();
    for r in prepared.values() {
        match r {
            Ok((_, warnings)) => file_problems.extend(warnings.iter().cloned()),
            Err(d) => file_problems.push(d.clone()),
        }
    }
    diagnostics.extend(file_problems);
    for (p, src) in published.iter_mut().zip(&sources) {
        if let Some(ImageSource::File { source, alt }) = src {
            if let Some(Ok((set, _))) = prepared.get(source) {
                let stem = source
                    .file_stem()
                    .map(|s| slug::slugify(s.to_string_lossy()))
                    .unwrap_or_default();
                p.image = Some(PublishedImage {
                    source: source.clone(),
                    base: format!("{}{stem}", p.item.path()),
                    alt: alt.clone(),
                    set: Arc::clone(set),
                });
                if p.item.kind != Kind::Page {
                    p.kit = Some(Arc::clone(set));
                }
            }
        }
    }
    let infographics: HashMap<String, PublishedImage> = published
        .iter()
        .filter(|p| p.item.kind == Kind::Infographic)
        .filter_map(|p| p.image.clone().map(|i| (p.item.slug.clone(), i)))
        .collect();
    for (p, src) in published.iter_mut().zip(&sources) {
        if let Some(ImageSource::Infographic(slug)) = src {
            match infographics.get(slug) {
                Some(img) => p.image = Some(img.clone()),
                None => diagnostics.push(
                    Diagnostic::error(
                        "content::missing_image",
                        format!("`image: {slug}` is neither a file beside the article nor a published infographic"),
                    )
                    .in_file(&p.item.source)
                    .at_line(p.item.key_line("image"))
                    .with_help("put the image file beside the article (use a folder bundle) or name an infographic's file name"),
                ),
            }
        }
    }
    for p in published.iter_mut() {
        if p.kit.is_none() && p.item.kind != Kind::Page {
            p.kit = p.image.as_ref().map(|i| Arc::clone(&i.set));
        }
    }
    if !card_items.is_empty() {
        diagnostics.extend(attach_cards(
            root,
            config,
            theme,
            &processor,
            published,
            &card_items,
            &progress,
        ));
    }
    progress.finish_and_clear();
    if std::env::var_os("CAREPRESS_TIMINGS").is_some() {
        let s = &processor.stats;
        eprintln!(
            "timings: images {:.3} s (decoded {}, cards rendered {}, from cache {})",
            started.elapsed().as_secs_f64(),
            s.decoded.load(std::sync::atomic::Ordering::Relaxed),
            s.cards_rendered.load(std::sync::atomic::Ordering::Relaxed),
            s.from_cache.load(std::sync::atomic::Ordering::Relaxed),
        );
    }
    if !diagnostics.iter().any(Diagnostic::is_error) {
        processor.cache.prune();
    }
}

/// Title cards for the items at `indices` (items without an image of their own).
fn attach_cards(
    root: &Path,
    config: &Config,
    theme: &crate::render::Theme,
    processor: &Processor,
    published: &mut [Published<'_>],
    indices: &[usize],
    progress: &indicatif::ProgressBar,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let template = match images::card::CardTemplate::new(theme) {
        Ok(t) => t,
        Err(d) => return vec![d],
    };
    let logo = config.brand.logo.as_deref().and_then(|name| {
        let bytes = std::fs::read(root.join("static").join(name))
            .ok()
            .or_else(|| {
                theme
                    .get(&format!("static/{name}"))
                    .map(|f| f.bytes.clone())
            });
        if bytes.is_none() {
            problems.push(
                Diagnostic::warning(
                    "image::logo",
                    format!("the logo `{name}` is not in static/; title cards are made without it"),
                )
                .in_file(crate::config::CONFIG_FILE)
                .with_help("put the logo file in static/ or fix `brand.logo`"),
            );
        }
        let bytes = bytes?;
        let aspect = images::logo_aspect(name, &bytes)?;
        Some((images::card::data_url(name, &bytes), aspect))
    });
    let made: Vec<(usize, Result<ImageSet, Diagnostic>)> = indices
        .par_iter()
        .map(|&i| {
            let item = published[i].item;
            let r = template
                .render_all(
                    &processor.settings.presets,
                    &images::card::CardText {
                        title: &item.title,
                        practice: config.practice_name(),
                        kind: card_kind(item.kind),
                        background: &config.brand.color,
                        accent: &config.brand.accent,
                        logo: logo.as_ref().map(|(href, aspect)| (href.as_str(), *aspect)),
                    },
                )
                .and_then(|svgs| {
                    processor.card(&svgs).map_err(|e| {
                        Diagnostic::error(
                            "image::card",
                            format!("the title card cannot be rendered: {e}"),
                        )
                        .in_file(&item.source)
                        .with_help("check the theme's cards/card.svg")
                    })
                });
            progress.inc(1);
            (i, r)
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for (i, r) in made {
        match r {
            Ok(set) => published[i].kit = Some(Arc::new(set)),
            // A broken template fails every card the same way: say it once.
            Err(d) => {
                if seen.insert((d.code, d.message.clone())) {
                    problems.push(d);
                }
            }
        }
    }
    problems
}

fn card_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Article => "Health article",
        Kind::Testimonial => "Patient story",
        Kind::Infographic => "Infographic",
        Kind::Page => "",
    }
}

fn check_links(
    config: &Config,
    theme: &crate::render::Theme,
    published: &[Published<'_>],
    excluded: &HashMap<String, Excluded>,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let routes = crate::render::routes(config, theme, published, root);
    for p in published {
        for link in &p.item.body.links {
            if routes.contains(&link.path) {
                continue;
            }
            let (code, why, help) = match excluded.get(&link.path) {
                Some(Excluded::Draft) => (
                    "link::unpublished_target",
                    "a draft",
                    "publish the target first, or remove the link",
                ),
                Some(Excluded::Future) => (
                    "link::unpublished_target",
                    "scheduled for a later date",
                    "link to it once it is published, or build with --future",
                ),
                Some(Excluded::Withdrawn) => (
                    "link::unpublished_target",
                    "withdrawn (its consent ended)",
                    "remove the link: the item is no longer published",
                ),
                Some(Excluded::Invalid) => (
                    "link::unpublished_target",
                    "a file with errors (see above)",
                    "fix the errors in the target file",
                ),
                Some(Excluded::Refused) => (
                    "link::unpublished_target",
                    "refused by the consent gate",
                    "fix the target's consent, or remove the link",
                ),
                None => (
                    "link::broken",
                    "not a page of this site",
                    "check the address; internal links look like /articles/<file-name>/",
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    code,
                    format!("link to `{}`: {} is {why}", link.written, link.path),
                )
                .in_file(&p.item.source)
                .at_line(link.line)
                .with_help(help),
            );
        }
    }
}
