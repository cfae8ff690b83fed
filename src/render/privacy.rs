//! What the rendered pages contact on load, and the site-wide `_headers` file.

use super::pages::{Job, Pages};
use crate::config::Config;
use crate::plan::Plan;
use serde::Serialize;
use std::collections::BTreeMap;

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
pub(super) struct PageLoads {
    pub(super) page_type: &'static str,
    pub(super) hosts: Vec<String>,
    pub(super) stylesheets: Vec<String>,
}

/// The page type a job renders, as the privacy report names it.
pub(super) fn page_type(job: &Job<'_>) -> &'static str {
    match job {
        Job::Item(p) => p.item.kind.label(),
        Job::Section { .. } => "listing",
        Job::Tags => "topics",
        Job::Tag { .. } => "topic",
        Job::Home => "home",
        Job::NotFound => "404",
        Job::Search => "search",
        Job::ContestRules(_) => "contest rules",
        Job::ProviderFacet(_) => "listing",
        Job::Feed | Job::Sitemap | Job::Robots => "other",
    }
}

/// `_headers` with the site-wide CSP (every embed origin any page may frame).
pub(super) fn headers_file(config: &Config, pages: &Pages<'_>, plan: &Plan<'_>) -> String {
    let mut frames: Vec<String> = plan
        .published
        .iter()
        .flat_map(|p| p.item.body.frames.iter().cloned())
        .collect();
    frames.sort();
    frames.dedup();
    let csp = pages.csp_with(&frames);
    // Headers apply to every page, the search page too: it needs WebAssembly.
    let csp = if config.search {
        crate::privacy::policy::allow_wasm(&csp)
    } else {
        csp
    };
    crate::privacy::policy::headers_file(
        &csp,
        &config.privacy.referrer,
        config.base_path(),
        &["/social/*"],
    )
}
