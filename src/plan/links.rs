//! Internal links: every site path a build publishes, and the check that each link in
//! an item points at one of them.

use super::{Excluded, Published};
use crate::config::Config;
use crate::content::Detail;
use crate::diagnostics::Diagnostic;
use crate::fsutil::site_static_files;
use crate::inputs::SiteInputs;
use crate::routes::{Kind, page_path, pages_for, tag_slug};
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

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
    for kind in Kind::ALL {
        let count = published.iter().filter(|p| p.item.kind == kind).count();
        if !kind.has_listing(count) {
            continue;
        }
        for n in 1..=pages_for(count, config.paginate_by) {
            r.insert(page_path(kind.section(), n));
        }
    }
    let mut tag_counts: BTreeMap<String, usize> = BTreeMap::new();
    // A site has few distinct tags used many times: slugify each once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for p in published {
        r.insert(p.item.path());
        match &p.item.detail {
            Detail::Event { .. } => {
                r.insert(format!("{}event.ics", p.item.path()));
            }
            Detail::Challenge {
                contest: Some(_), ..
            } => {
                r.insert(format!("{}rules/", p.item.path()));
            }
            Detail::Video {
                source,
                captions,
                chapters,
                ..
            } => {
                let file = match source {
                    crate::content::model::VideoSource::File(f) => Some(f),
                    crate::content::model::VideoSource::Hosted(_) => None,
                };
                for f in file.into_iter().chain(captions).chain(chapters) {
                    r.insert(p.item.beside_path(f));
                }
            }
            _ => {}
        }
        if let Some(img) = &p.image {
            r.insert(img.path());
        }
        for t in &p.item.tags {
            let slug = slugs.entry(t).or_insert_with(|| tag_slug(t));
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

/// Every internal link of every published item must point at a published page or
/// file; a link to something the plan left out says why it is not there.
pub fn check_links(
    inputs: &SiteInputs<'_>,
    published: &[Published<'_>],
    excluded: &HashMap<String, Excluded>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let SiteInputs {
        root,
        config,
        theme,
    } = *inputs;
    let routes = routes(config, theme, published, root);
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
