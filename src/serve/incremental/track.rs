//! What the last good render made and what has changed since: which pages to render
//! again, which files to remove, and whether the social kit is out of date.

use super::super::site::{ServedSite, Update};
use super::mem_sink::MemSink;
use super::{Report, attached_hash, item_prefixes};
use crate::content::Item;
use crate::diagnostics::{self, Diagnostic};
use crate::inputs::SiteInputs;
use crate::plan::{Plan, Published};
use crate::render::{self, Selection};
use crate::social::Post;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The preview serves the social kit at `/social/` (a build writes it to `social-kit/`).
const KIT_FOLDER: &str = "social/";
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::time::Instant;

/// What the last good render made, and what has changed since.
pub(super) struct Track {
    /// Output file -> fingerprint of each page of the last good render.
    pub(super) pages: HashMap<String, u64>,
    /// Source file -> hash of what the gate attached to it (disclosure, image, channels).
    pub(super) attached: HashMap<OsString, u64>,
    pub(super) site_hash: u64,
    pub(super) assets: HashSet<String>,
    pub(super) social: HashSet<String>,
    pub(super) posts: Option<Vec<Post>>,
    /// Items changed since the last good render (kept across failed rebuilds).
    pub(super) pending: HashSet<OsString>,
    /// Every page must be rendered at the next good rebuild.
    pub(super) everything: bool,
    pub(super) social_pending: bool,
    /// The social folder must be written even if the posts are the same (templates changed).
    pub(super) social_force: bool,
    /// The key of the search index served, and its files.
    pub(super) search_key: Option<String>,
    pub(super) search: HashSet<String>,
}

impl Track {
    /// A failed rebuild: the last good site stays, except pages of items the gate now
    /// refuses or withdrew, which are taken down at once.
    pub(super) fn fail(
        &mut self,
        mut diagnostics: Vec<Diagnostic>,
        withheld: Option<&BTreeSet<String>>,
        site: &ServedSite,
        started: Instant,
    ) -> Report {
        diagnostics::sort(&mut diagnostics);
        let mut removed = 0;
        if let Some(withheld) = withheld {
            let prefixes: Vec<String> = withheld.iter().flat_map(|p| item_prefixes(p)).collect();
            if !prefixes.is_empty() {
                removed = site
                    .remove_where(&|path| prefixes.iter().any(|p| path.starts_with(p.as_str())));
                self.pages
                    .retain(|out, _| !prefixes.iter().any(|p| out.starts_with(p.as_str())));
                self.social
                    .retain(|out| !prefixes.iter().any(|p| out.starts_with(p.as_str())));
                // The exports still list them until the next good rebuild rewrites them.
                self.social_pending = true;
                self.social_force = true;
            }
        }
        site.show_errors(&diagnostics);
        Report {
            diagnostics,
            failed: true,
            removed,
            pages_time: started.elapsed(),
            ..Report::default()
        }
    }

    /// Renders the pages that are out of date, writes images and static files, and
    /// removes pages that no longer exist.
    pub(super) fn render_pages(
        &mut self,
        inp: &SiteInputs<'_>,
        plan: &Plan<'_>,
        site: &ServedSite,
    ) -> Result<Report, Vec<Diagnostic>> {
        let today = plan.today;
        let started = Instant::now();
        let mark = |what: &str| {
            if std::env::var_os("CAREPRESS_TIMINGS").is_some() {
                eprintln!(
                    "timings:   render_pages {what} at {} ms",
                    started.elapsed().as_millis()
                );
            }
        };
        let view = render::context::site_view(inp.config, plan, today);
        let site_hash = {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            serde_json::to_string(&view)
                .unwrap_or_default()
                .hash(&mut h);
            today.iso().hash(&mut h);
            h.finish()
        };
        let everything = self.everything || site_hash != self.site_hash;
        // Keyed by the path's bytes: hashing a `Path` goes component by component.
        let attached: HashMap<OsString, u64> = plan
            .published
            .iter()
            .map(|p| (p.item.source.clone().into_os_string(), attached_hash(p)))
            .collect();
        let mut attached_changed = false;
        // Items to re-render, by address (cheap to look up once per page that lists them).
        let dirty: HashSet<usize> = plan
            .published
            .iter()
            .filter(|p| {
                let key = p.item.source.as_os_str();
                let moved = self.attached.get(key) != attached.get(key);
                attached_changed |= moved;
                everything || moved || self.pending.contains(key)
            })
            .map(|p| p.item as *const Item as usize)
            .collect();
        let changed = |p: &Published<'_>| {
            !dirty.is_empty() && dirty.contains(&(p.item as *const Item as usize))
        };
        mark("attached");
        let new_items = plan.published.len() != self.attached.len()
            || plan
                .published
                .iter()
                .any(|p| !self.attached.contains_key(p.item.source.as_os_str()));
        let sink = MemSink::new(site);
        let kit = render::UnderFolder {
            inner: &sink,
            folder: KIT_FOLDER,
        };
        let rendered = render::render_selected(
            inp,
            plan,
            &Selection::Pages {
                previous: &self.pages,
                changed: &changed,
                everything,
            },
            render::Sinks {
                site: &sink,
                kit: &kit,
            },
        )?;
        let selected: HashSet<String> = rendered
            .pages
            .iter()
            .filter(|s| s.rendered)
            .map(|s| s.output.clone())
            .collect();
        let states = rendered.pages;
        mark("rendered");
        let (files, paths) = sink.take();
        let assets: HashSet<String> = paths
            .into_iter()
            .filter(|p| !selected.contains(p))
            .collect();
        let new_pages: HashMap<String, u64> = states
            .into_iter()
            .map(|s| (s.output, s.fingerprint))
            .collect();
        let stale: HashSet<String> = self
            .pages
            .keys()
            .filter(|p| !new_pages.contains_key(*p))
            .chain(
                self.assets
                    .iter()
                    .filter(|p| !assets.contains(*p) && !new_pages.contains_key(*p)),
            )
            .cloned()
            .collect();
        let pages_gone = self.pages.keys().any(|p| !new_pages.contains_key(p));
        mark("stale");
        let Update { written, removed } = site.update(files, &stale);
        mark("updated");
        self.social_pending |= attached_changed || new_items || pages_gone || everything;
        self.social_force |= everything;
        self.pages = new_pages;
        self.assets = assets;
        self.attached = attached;
        self.site_hash = site_hash;
        self.pending.clear();
        self.everything = false;
        mark("kept");
        Ok(Report {
            pages: selected.len(),
            pages_total: self.pages.len(),
            written,
            removed,
            ..Report::default()
        })
    }

    /// Writes the whole social folder (snippets, exports, preview page), removing
    /// snippets of items that are gone.
    pub(super) fn render_social(
        &mut self,
        inp: &SiteInputs<'_>,
        plan: &Plan<'_>,
        posts: &[Post],
        site: &ServedSite,
    ) -> Result<(usize, usize), Vec<Diagnostic>> {
        let sink = MemSink::new(site);
        let kit = render::UnderFolder {
            inner: &sink,
            folder: KIT_FOLDER,
        };
        let sinks = render::Sinks {
            site: &sink,
            kit: &kit,
        };
        render::render_selected(inp, plan, &Selection::Social(posts), sinks)?;
        let (files, paths) = sink.take();
        let files: Vec<(String, super::super::site::Content)> = files
            .into_iter()
            .filter(|(p, _)| p.starts_with(KIT_FOLDER))
            .collect();
        let social: HashSet<String> = paths
            .into_iter()
            .filter(|p| p.starts_with(KIT_FOLDER))
            .collect();
        let stale: HashSet<String> = self.social.difference(&social).cloned().collect();
        let Update { written, removed } = site.update(files, &stale);
        self.social = social;
        Ok((written, removed))
    }

    /// Brings the served search index up to date with `plan` (nothing to do when what it
    /// indexes is unchanged); the files written and removed.
    pub(super) fn render_search(
        &mut self,
        inp: &SiteInputs<'_>,
        plan: &Plan<'_>,
        site: &ServedSite,
    ) -> Result<(usize, usize), Diagnostic> {
        if !inp.config.search {
            let stale = std::mem::take(&mut self.search);
            self.search_key = None;
            return Ok((
                0,
                site.update(Vec::<(String, Vec<u8>)>::new(), &stale).removed,
            ));
        }
        let input = crate::search::input(plan, &inp.config.language);
        if self.search_key.as_ref() == Some(&input.key) {
            return Ok((0, 0));
        }
        let key = input.key.clone();
        let index = crate::search::index(input, Some(inp.root))?;
        let files = index.files;
        let paths: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        let stale: HashSet<String> = self.search.difference(&paths).cloned().collect();
        let Update { written, removed } = site.update(files, &stale);
        self.search = paths;
        self.search_key = Some(key);
        Ok((written, removed))
    }
}
