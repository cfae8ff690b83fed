//! The gate stage: decides what is published (drafts, schedule, consent), checks
//! references between items, and prepares their images.

use crate::config::Config;
use crate::consent::gate::incentive_disclosure;
use crate::consent::{ConsentVerdict, Finding, Ledger, Medium, PatientUse, evaluate};
use crate::content::frontmatter::resolve_beside;
use crate::content::{Detail, Item, Kind};
use crate::dates::Day;
use crate::diagnostics::Diagnostic;
use crate::images::{self, Prepared};
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

#[derive(Debug, Clone)]
pub struct PublishedImage {
    pub source: PathBuf,
    /// Site path of the image in the output, e.g. `/infographics/flu/flu.svg`.
    pub path: String,
    pub alt: String,
    /// The decoded-and-encoded image, shared by every item that shows it.
    pub prepared: Arc<Prepared>,
}

impl PublishedImage {
    pub fn width(&self) -> u32 {
        self.prepared.width
    }

    pub fn height(&self) -> u32 {
        self.prepared.height
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
        // Patient information blocks publication; in a draft it is a warning to fix first.
        diagnostics.extend(item.phi.iter().map(|d| {
            let mut d = d.clone();
            if not_built.is_some() {
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
        });
    }

    attach_images(root, &mut published, &mut diagnostics);
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

fn attach_images(root: &Path, published: &mut [Published<'_>], diagnostics: &mut Vec<Diagnostic>) {
    let sources: Vec<Option<ImageSource>> = published
        .iter()
        .map(|p| {
            image_source(root, p.item).unwrap_or_else(|d| {
                diagnostics.push(d);
                None
            })
        })
        .collect();
    let files: BTreeSet<&PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Some(ImageSource::File { source, .. }) => Some(source),
            _ => None,
        })
        .collect();
    let prepared: HashMap<&PathBuf, Result<Arc<Prepared>, Diagnostic>> = files
        .into_par_iter()
        .map(|f| (f, images::prepare(root, f).map(Arc::new)))
        .collect();
    for d in prepared.values().filter_map(|r| r.as_ref().err()) {
        diagnostics.push(d.clone());
    }
    for (p, src) in published.iter_mut().zip(&sources) {
        if let Some(ImageSource::File { source, alt }) = src {
            if let Some(Ok(img)) = prepared.get(source) {
                let stem = source
                    .file_stem()
                    .map(|s| slug::slugify(s.to_string_lossy()))
                    .unwrap_or_default();
                p.image = Some(PublishedImage {
                    source: source.clone(),
                    path: format!("{}{stem}.{}", p.item.path(), img.extension),
                    alt: alt.clone(),
                    prepared: Arc::clone(img),
                });
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
