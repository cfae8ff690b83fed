//! The tracker guard: every build, check and preview rebuild scans the theme's
//! templates and static files, the site's `static/`, the config and each item's raw
//! HTML for third-party tracking code and for anything a page would load from another
//! site. A tracker is an error unless `rules.trackers.allow` records a signed business
//! associate agreement with its vendor; an allowed one is still reported as a note.
//!
//! The rule's source: HHS OCR, "Use of Online Tracking Technologies by HIPAA Covered
//! Entities and Business Associates" (December 2022, revised March 2024): a covered
//! entity may not disclose PHI to a tracking vendor without a BAA and safeguards.

use crate::config::{AllowedTracker, Config};
use crate::diagnostics::{Diagnostic, display_path};
use crate::inputs::SiteInputs;
use crate::privacy::scan::{self, HitKind, Lang, LocatedHit};
use crate::privacy::vendors::{Vendor, VendorKind, vendor_of_host};
use std::path::{Path, PathBuf};

/// What the config says pages may load and which trackers are covered by a BAA.
pub struct TrackerPolicy<'a> {
    /// The site's own host (from `base_url`).
    pub own_host: String,
    /// Hosts of `privacy.allow_hosts`.
    pub allow_hosts: Vec<String>,
    pub allowed: &'a [AllowedTracker],
}

impl<'a> TrackerPolicy<'a> {
    pub fn from_config(config: &'a Config) -> Self {
        TrackerPolicy {
            own_host: scan::host_of(&config.base_url).unwrap_or_default(),
            allow_hosts: config
                .privacy
                .allow_hosts
                .iter()
                .filter_map(|o| scan::host_of(o))
                .collect(),
            allowed: &config.rules.trackers.allow,
        }
    }

    fn allowance(&self, vendor: &Vendor) -> Option<&AllowedTracker> {
        self.allowed.iter().find(|a| a.vendor == vendor.id)
    }

    /// Origins an allowed tracker loads from, for the Content-Security-Policy.
    pub fn allowed_origins(&self) -> Vec<String> {
        let mut origins: Vec<String> = self
            .allowed
            .iter()
            .filter_map(|a| crate::privacy::vendors::vendor(&a.vendor))
            .flat_map(|v| v.hosts.iter())
            .flat_map(|h| {
                let host = h.split('/').next().unwrap_or(h);
                // A vendor's tags load from its subdomains too (www., region1., …).
                let mut o = vec![format!("https://{host}")];
                if host.matches('.').count() == 1 {
                    o.push(format!("https://*.{host}"));
                }
                o
            })
            .collect();
        origins.sort();
        origins.dedup();
        origins
    }
}

fn tracker_help(vendor: &Vendor) -> String {
    match vendor.kind {
        VendorKind::Fonts => format!(
            "self-host the font: put its files (WOFF2) in static/fonts/, declare them with @font-face in your stylesheet, and remove the {} link; a practice that has a business associate agreement with the vendor can list it under `rules.trackers.allow` with `baa_signed_on`",
            vendor.name
        ),
        VendorKind::Tracker => format!(
            "remove it: tracking code on a practice's pages can disclose patients' health information to the vendor (HHS OCR bulletin on online tracking technologies). If the practice has signed a business associate agreement with the vendor, record it in carepress.yaml: `rules: {{ trackers: {{ allow: [{{ vendor: {}, baa_signed_on: YYYY-MM-DD, note: \"…\" }}] }} }}`",
            vendor.id
        ),
    }
}

/// Diagnostics for the hits of one file (the item's, a template's, a static file's).
pub fn diagnose(hits: &[LocatedHit], file: &Path, policy: &TrackerPolicy<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for hit in hits {
        let at = |d: Diagnostic| d.in_file(file).at(hit.line, hit.column);
        match &hit.kind {
            HitKind::Vendor { vendor, evidence } => {
                let what = match vendor.kind {
                    VendorKind::Fonts => "font",
                    VendorKind::Tracker => "tracking code",
                };
                match policy.allowance(vendor) {
                    Some(a) => out.push(at(Diagnostic::note(
                        "privacy::tracker_allowed",
                        format!(
                            "{} {what} (`{}`) is allowed: business associate agreement signed on {}{}",
                            vendor.name,
                            shorten(evidence),
                            a.baa_signed_on.map(|d| d.iso()).unwrap_or_default(),
                            a.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
                        ),
                    ))),
                    None => out.push(at(Diagnostic::error(
                        "privacy::tracker",
                        format!(
                            "{} {what} (`{}`): every page view would tell {} which page a reader opened",
                            vendor.name,
                            shorten(evidence),
                            vendor.name
                        ),
                    )
                    .with_help(tracker_help(vendor)))),
                }
            }
            HitKind::Load {
                url,
                host,
                element,
                pixel,
            } => {
                let path = scan::path_of(url);
                if host == &policy.own_host
                    || policy.allow_hosts.contains(host)
                    // Reported as the vendor's, once.
                    || vendor_of_host(host, path).is_some()
                {
                    continue;
                }
                if *pixel {
                    out.push(at(Diagnostic::error(
                        "privacy::tracker",
                        format!(
                            "a tracking pixel: a 1×1 or hidden image from {host} (`{}`) reports each page view to {host}",
                            shorten(url)
                        ),
                    )
                    .with_help("remove it: an invisible image from another site exists only to report who opened the page")));
                    continue;
                }
                let help = if element == "iframe" {
                    format!(
                        "put the video's, map's or post's address on a line of its own (or `{{{{ embed(url=\"…\") }}}}`): carepress makes it a click-to-load facade; otherwise add `https://{host}` to `privacy.allow_hosts`"
                    )
                } else {
                    format!(
                        "copy the file into static/ (or beside the article) and link it there, so pages load only from the site; if the practice has reviewed {host}, add `https://{host}` to `privacy.allow_hosts`"
                    )
                };
                out.push(at(Diagnostic::error(
                    "privacy::third_party_request",
                    format!(
                        "`<{element}>` loads `{}` when the page opens: {host} would learn who read the page",
                        shorten(url)
                    ),
                )
                .with_help(help)));
            }
            HitKind::WeakReferrer { value } => out.push(at(Diagnostic::error(
                "privacy::referrer",
                format!(
                    "referrer policy `{value}` sends the page's address (its health topic) to the sites it links to and loads from"
                ),
            )
            .with_help(
                "remove it: every page gets `privacy.referrer` from carepress.yaml (strict-origin-when-cross-origin by default; no-referrer is allowed)",
            ))),
        }
    }
    out
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Scans the theme (templates and static files), the site's `static/` and the config.
/// `config_text` is carepress.yaml as read (its trackers are as reportable as any).
pub fn scan_site(inputs: &SiteInputs<'_>) -> Vec<Diagnostic> {
    let SiteInputs {
        root,
        config,
        theme,
    } = *inputs;
    let policy = TrackerPolicy::from_config(config);
    let mut out = Vec::new();
    for (name, file) in &theme.files {
        let lang = if name.starts_with("templates/") {
            Some(Lang::Html)
        } else if name.starts_with("static/") {
            Lang::of(name)
        } else {
            None
        };
        let (Some(lang), Ok(text)) = (lang, std::str::from_utf8(&file.bytes)) else {
            continue;
        };
        let shown = file
            .origin
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("themes/default/{name} (built-in)")));
        out.extend(diagnose(
            &scan::scan_located(text, lang, 1),
            &shown,
            &policy,
        ));
    }
    for (name, abs) in crate::fsutil::site_static_files(root) {
        let Some(lang) = Lang::of(&name) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&abs) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let shown = PathBuf::from(format!("static/{name}"));
        out.extend(diagnose(
            &scan::scan_located(&text, lang, 1),
            &shown,
            &policy,
        ));
    }
    if let Ok(text) = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)) {
        let hits: Vec<LocatedHit> = scan::scan_located(&text, Lang::Text, 1)
            .into_iter()
            // The allow list names vendors by id, which is not their code.
            .filter(|h| matches!(h.kind, HitKind::Vendor { .. }))
            .collect();
        out.extend(diagnose(
            &hits,
            Path::new(crate::config::CONFIG_FILE),
            &policy,
        ));
    }
    out
}

/// One allowed tracker as the consent audit lists it: the agreement, and where it is.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AllowedUse {
    pub vendor: String,
    pub name: String,
    pub baa_signed_on: Option<String>,
    pub note: Option<String>,
    /// `file:line` of every place the tracker was found.
    pub found_in: Vec<String>,
}

/// Every allowed tracker with the places it was found (from the notes of a check).
pub fn allowed_uses(config: &Config, diagnostics: &[Diagnostic]) -> Vec<AllowedUse> {
    config
        .rules
        .trackers
        .allow
        .iter()
        .map(|a| {
            let vendor = crate::privacy::vendors::vendor(&a.vendor);
            let name = vendor.map_or(a.vendor.clone(), |v| v.name.to_string());
            let found_in = diagnostics
                .iter()
                .filter(|d| d.code == "privacy::tracker_allowed" && d.message.starts_with(&name))
                .map(|d| {
                    format!(
                        "{}:{}",
                        d.file.as_deref().map(display_path).unwrap_or_default(),
                        d.line.unwrap_or(1)
                    )
                })
                .collect();
            AllowedUse {
                vendor: a.vendor.clone(),
                name,
                baa_signed_on: a.baa_signed_on.map(|d| d.iso()),
                note: a.note.clone(),
                found_in,
            }
        })
        .collect()
}

/// Where every allowed tracker is on the site: the theme, static files, config and items.
pub fn find_allowed(inputs: &SiteInputs<'_>, items: &[crate::content::Item]) -> Vec<AllowedUse> {
    let config = inputs.config;
    let policy = TrackerPolicy::from_config(config);
    let mut found = scan_site(inputs);
    for item in items {
        found.extend(diagnose(&item.body.privacy, &item.source, &policy));
    }
    allowed_uses(config, &found)
}

/// The consent audit's section on trackers, for the terminal.
pub fn render_allowed_human(uses: &[AllowedUse]) -> String {
    if uses.is_empty() {
        return "Trackers: none allowed (rules.trackers.allow is empty); the tracker guard refuses any it finds.\n".to_string();
    }
    let mut out = String::from("Trackers allowed with a business associate agreement:\n");
    for u in uses {
        out.push_str(&format!(
            "  {} ({}): BAA signed {}{}\n",
            u.name,
            u.vendor,
            u.baa_signed_on.as_deref().unwrap_or("?"),
            u.note
                .as_deref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default()
        ));
        if u.found_in.is_empty() {
            out.push_str("    not found on the site (remove it from the allow list if it is no longer used)\n");
        }
        for f in &u.found_in {
            out.push_str(&format!("    in {f}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_day;

    fn policy(allowed: &[AllowedTracker]) -> TrackerPolicy<'_> {
        TrackerPolicy {
            own_host: "lakeside.example".into(),
            allow_hosts: vec!["cdn.reviewed.example".into()],
            allowed,
        }
    }

    fn codes(html: &str, allowed: &[AllowedTracker]) -> Vec<&'static str> {
        diagnose(
            &scan::scan_located(html, Lang::Html, 1),
            Path::new("t.html"),
            &policy(allowed),
        )
        .into_iter()
        .map(|d| d.code)
        .collect()
    }

    #[test]
    fn trackers_pixels_and_third_party_loads_are_errors() {
        assert_eq!(
            codes(
                "<script src=\"https://connect.facebook.net/en_US/fbevents.js\"></script>",
                &[]
            ),
            ["privacy::tracker"]
        );
        assert_eq!(
            codes(
                "<img src=\"https://px.example.biz/p.gif\" width=\"1\" height=\"1\" alt=\"\">",
                &[]
            ),
            ["privacy::tracker"]
        );
        assert_eq!(
            codes(
                "<script src=\"https://cdn.jsdelivr.net/npm/x.js\"></script>",
                &[]
            ),
            ["privacy::third_party_request"]
        );
        assert_eq!(
            codes("<meta name=\"referrer\" content=\"unsafe-url\">", &[]),
            ["privacy::referrer"]
        );
    }

    #[test]
    fn own_and_allowed_hosts_are_fine() {
        assert!(codes("<img src=\"https://lakeside.example/a.png\" alt=\"\"><script src=\"https://cdn.reviewed.example/x.js\"></script><a href=\"https://cdc.gov\">x</a>", &[]).is_empty());
    }

    #[test]
    fn an_allowed_vendor_is_a_note_naming_its_agreement() {
        let allowed = [AllowedTracker {
            vendor: "google-analytics".into(),
            baa_signed_on: parse_day("2026-01-15").ok(),
            note: Some("BAA with Google, ticket 42".into()),
        }];
        let html =
            "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-ABC1234\"></script>";
        let d = diagnose(
            &scan::scan_located(html, Lang::Html, 3),
            Path::new("t.html"),
            &policy(&allowed),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "privacy::tracker_allowed");
        assert_eq!(d[0].line, Some(3));
        assert!(d[0].message.contains("2026-01-15"), "{}", d[0].message);
        let p = policy(&allowed);
        let origins = p.allowed_origins();
        assert!(
            origins.contains(&"https://*.google-analytics.com".to_string()),
            "{origins:?}"
        );
        assert!(
            origins.contains(&"https://*.googletagmanager.com".to_string()),
            "{origins:?}"
        );
    }
}
