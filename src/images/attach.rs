//! The image stage of a build: the plan says which image each item shows (or that it
//! gets a title card); this makes them and attaches the results to the plan.

use super::{Processor, Settings, cache, card, logo_aspect};
use crate::content::{Detail, Kind};
use crate::diagnostics::Diagnostic;
use crate::inputs::SiteInputs;
use crate::plan::Published;
use crate::plan::media::{ImageSet, ImageSource, PublishedImage, image_source};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Makes every published item's page image and social kit (decoding each source
/// once, cutting presets, rendering title cards), through the cache.
/// `upcoming` names the presets each item's posts due within the horizon show; title
/// cards are made for those and the `og:image` only.
pub fn attach_images(
    inputs: &SiteInputs<'_>,
    published: &mut [Published<'_>],
    upcoming: &Upcoming,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let SiteInputs {
        root,
        config,
        theme,
    } = *inputs;
    let started = std::time::Instant::now();
    let sources: Vec<Option<ImageSource>> = published
        .iter()
        .map(|p| {
            if p.photo_withdrawn {
                return None;
            }
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
    let cache = match cache::Cache::open(root) {
        Ok(c) => c,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "image::cache",
                    format!("cannot create the image cache: {e}"),
                )
                .in_file(cache::CACHE_DIR)
                .with_help("make the site folder writable"),
            );
            return;
        }
    };
    let fonts = theme.fonts();
    let processor = Processor::new(cache, Settings::from_config(config), &fonts);
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
            inputs,
            &processor,
            published,
            &card_items,
            upcoming,
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
    inputs: &SiteInputs<'_>,
    processor: &Processor,
    published: &mut [Published<'_>],
    indices: &[usize],
    upcoming: &Upcoming,
    progress: &indicatif::ProgressBar,
) -> Vec<Diagnostic> {
    let SiteInputs {
        root,
        config,
        theme,
    } = *inputs;
    let mut problems = Vec::new();
    let template = match card::CardTemplate::new(theme) {
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
        let aspect = logo_aspect(name, &bytes)?;
        Some((card::data_url(name, &bytes), aspect))
    });
    let made: Vec<(usize, Result<ImageSet, Diagnostic>)> = indices
        .par_iter()
        .map(|&i| {
            let item = published[i].item;
            // A tip is its card: the square and story cards are made whenever it is posted.
            let mut wanted = upcoming
                .get(&(item.kind, item.slug.clone()))
                .cloned()
                .unwrap_or_default();
            if item.kind == Kind::Tip {
                wanted.extend(TIP_CARDS.map(String::from));
            }
            let targets = card_targets(&processor.settings.presets, Some(&wanted));
            // A tip's card shows the tip itself.
            let title = match &item.detail {
                Detail::Tip { text, .. } => text.as_str(),
                _ => item.title.as_str(),
            };
            let text = card::CardText {
                title,
                practice: config.practice_name(),
                kind: card_kind(item.kind),
                background: &config.brand.color,
                accent: &config.brand.accent,
                logo: logo.as_ref().map(|(href, aspect)| (href.as_str(), *aspect)),
            };
            let r = processor
                .card(&template.key(&targets, &text), || {
                    template.render_all(&targets, &text)
                })
                .map_err(|d| {
                    if d.code == "image::card" {
                        d.in_file(&item.source)
                            .with_help("check the theme's cards/card.svg")
                    } else {
                        d
                    }
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

/// The cards every tip gets: a square post and a story.
const TIP_CARDS: [&str; 2] = ["square", "story"];

/// The image presets of the posts due within the horizon, by item (kind, slug).
pub type Upcoming = HashMap<(Kind, String), std::collections::BTreeSet<String>>;

/// Which presets a title card needs: the `og:image` always, the others only when a post
/// due within the horizon shows them (`wanted`). Each preset of a card is one SVG render,
/// the slowest step of a build, and at 10,000 articles nearly every post is months away.
fn card_targets(
    presets: &[super::Target],
    wanted: Option<&std::collections::BTreeSet<String>>,
) -> Vec<super::Target> {
    let og = presets
        .iter()
        .find(|t| t.name == crate::plan::media::OG_PRESET)
        .or_else(|| presets.first())
        .map(|t| t.name.as_str());
    presets
        .iter()
        .filter(|t| Some(t.name.as_str()) == og || wanted.is_some_and(|w| w.contains(&t.name)))
        .cloned()
        .collect()
}

fn card_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Article => "Health article",
        Kind::Testimonial => "Patient story",
        Kind::Infographic => "Infographic",
        Kind::Poll => "Poll",
        Kind::Event => "Live Q&A",
        Kind::Challenge => "Health challenge",
        Kind::Video => "Video",
        Kind::Tip => "Health tip",
        Kind::Team => "Behind the scenes",
        Kind::Provider => "Our providers",
        Kind::Location => "Our locations",
        Kind::Page => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(name: &str) -> super::super::Target {
        super::super::Target {
            name: name.into(),
            width: 10,
            height: 10,
            max_bytes: 1,
        }
    }

    #[test]
    fn a_card_gets_its_og_image_and_the_presets_of_due_posts_only() {
        let presets = [target("square"), target("og"), target("x"), target("story")];
        let names = |v: Vec<super::super::Target>| -> Vec<String> {
            v.into_iter().map(|t| t.name).collect()
        };
        assert_eq!(names(card_targets(&presets, None)), ["og"]);
        let due = ["x".to_string()].into_iter().collect();
        assert_eq!(names(card_targets(&presets, Some(&due))), ["og", "x"]);
        // Without an `og` preset the first one is the og:image.
        assert_eq!(names(card_targets(&presets[2..], None)), ["x"]);
    }
}
