//! Finds what a file would make a reader's browser send elsewhere: known vendors' hosts
//! and snippets anywhere in the text, and every resource an HTML or CSS file loads from
//! an absolute URL (scripts, images, frames, stylesheets, fonts, preconnects).
//!
//! The scanner reads text, not a DOM: it works the same on Tera templates, minified
//! scripts, Markdown's raw HTML and rendered pages, and it never needs the file to be
//! well-formed. Whether a loaded host is the site's own is decided by the caller.

use super::vendors::{VENDORS, Vendor, vendor_of_host};
use crate::html::{Tag, for_each_tag, read_tag};
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// How to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// HTML or a template of it (also SVG): tags are read for loaded resources.
    Html,
    /// A stylesheet: `@import` and `url()` are loaded resources.
    Css,
    /// A script, config or anything else: only vendors' hosts and snippets.
    Text,
}

impl Lang {
    /// By file name: `.html`, `.htm`, `.svg`, `.xml` are HTML; `.css` is CSS.
    pub fn of(name: &str) -> Option<Lang> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "html" | "htm" | "svg" | "xhtml" => Some(Lang::Html),
            "css" => Some(Lang::Css),
            "js" | "mjs" | "cjs" | "json" | "txt" | "xml" | "yaml" | "yml" | "md" => {
                Some(Lang::Text)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitKind {
    /// A known vendor's host or inline snippet; `evidence` is the matched text.
    Vendor {
        vendor: &'static Vendor,
        evidence: String,
    },
    /// A resource fetched when the page loads, from an absolute URL.
    Load {
        url: String,
        /// Lower case, without port.
        host: String,
        /// The element or CSS construct that loads it (`script`, `img`, `@import`…).
        element: String,
        /// A 1×1 or hidden image: a tracking pixel when it comes from another host.
        pixel: bool,
    },
    /// A referrer policy that sends the page's full address to other sites.
    WeakReferrer { value: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the hit in the scanned text.
    pub offset: usize,
    pub kind: HitKind,
}

/// A hit at a line and column of a file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedHit {
    pub line: usize,
    pub column: usize,
    pub kind: HitKind,
}

/// The hits of `text`, a part of a file starting at 1-based `first_line`.
pub fn scan_located(text: &str, lang: Lang, first_line: usize) -> Vec<LocatedHit> {
    scan(text, lang)
        .into_iter()
        .map(|h| {
            let (line, column) = line_col(text, h.offset);
            LocatedHit {
                line: first_line + line,
                column,
                kind: h.kind,
            }
        })
        .collect()
}

/// The value of attribute `name` in the start tag `tag` (`<iframe src=… >`).
pub fn tag_attribute(tag: &str, name: &str) -> Option<String> {
    let t = read_tag(tag, tag.find('<')?)?;
    t.attr(name).map(str::to_string)
}

struct Snippets {
    set: RegexSet,
    /// (vendor, pattern) in the order of `set`.
    patterns: Vec<(&'static Vendor, Regex)>,
}

static SNIPPETS: LazyLock<Snippets> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    for v in VENDORS {
        for s in v.snippets {
            if let Ok(r) = Regex::new(s) {
                patterns.push((v, r));
            }
        }
    }
    let set = RegexSet::new(patterns.iter().map(|(_, r)| r.as_str()))
        .unwrap_or_else(|_| RegexSet::empty());
    Snippets { set, patterns }
});

/// A host name with an optional path, as it appears in URLs, scripts and CSS.
static HOSTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^a-z0-9.\-@])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})(/[^\s\x22'<>()\\`]*)?")
        .unwrap_or_else(|_| Regex::new("$^").expect("an empty pattern compiles"))
});

static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(@import\s+(?:url\(\s*)?|url\(\s*)["']?\s*((?:https?:)?//[^"')\s]+)"#)
        .unwrap_or_else(|_| Regex::new("$^").expect("an empty pattern compiles"))
});

/// Policies that send the full address of the page (a health topic) to other sites.
const WEAK_REFERRERS: &[&str] = &[
    "unsafe-url",
    "no-referrer-when-downgrade",
    "origin-when-cross-origin",
    "origin",
];

/// Every hit in `text`, in order of offset; at most one vendor hit per vendor and line.
pub fn scan(text: &str, lang: Lang) -> Vec<Hit> {
    let mut hits = vendor_hits(text);
    match lang {
        Lang::Html => hits.extend(html_hits(text)),
        Lang::Css => hits.extend(css_loads(text, 0)),
        Lang::Text => {}
    }
    hits.sort_by_key(|h| h.offset);
    hits
}

/// Known vendors' hosts and snippets anywhere in the text (including comments and
/// strings: minified tags keep their hosts in strings).
pub fn vendor_hits(text: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut seen: Vec<(&'static str, usize)> = Vec::new();
    let line_of = |offset: usize| text[..offset].bytes().filter(|b| *b == b'\n').count();
    let mut push = |offset: usize, vendor: &'static Vendor, evidence: &str| {
        let line = line_of(offset);
        if !seen.contains(&(vendor.id, line)) {
            seen.push((vendor.id, line));
            hits.push(Hit {
                offset,
                kind: HitKind::Vendor {
                    vendor,
                    evidence: evidence.to_string(),
                },
            });
        }
    };
    for c in HOSTS.captures_iter(text) {
        let (Some(host), path) = (c.get(1), c.get(2)) else {
            continue;
        };
        let lower = host.as_str().to_ascii_lowercase();
        let path = path.map_or("", |p| p.as_str());
        if let Some(v) = vendor_of_host(&lower, path) {
            let end = (host.end() + path.len().min(60)).min(text.len());
            let evidence = text.get(host.start()..end).unwrap_or(host.as_str());
            push(host.start(), v, evidence);
        }
    }
    let snippets = &*SNIPPETS;
    for i in snippets.set.matches(text).iter() {
        let (vendor, pattern) = &snippets.patterns[i];
        for m in pattern.find_iter(text) {
            push(m.start(), vendor, m.as_str());
        }
    }
    hits
}

/// Resources loaded by `@import` and `url()` in CSS; `base` is added to offsets.
fn css_loads(css: &str, base: usize) -> Vec<Hit> {
    CSS_URL
        .captures_iter(css)
        .filter_map(|c| {
            let url = c.get(2)?;
            let host = host_of(url.as_str())?;
            let element = if c[1].trim_start().starts_with('@') {
                "@import"
            } else {
                "url()"
            };
            Some(Hit {
                offset: base + url.start(),
                kind: HitKind::Load {
                    url: url.as_str().to_string(),
                    host,
                    element: element.to_string(),
                    pixel: false,
                },
            })
        })
        .collect()
}

/// The host of an absolute URL (`https://`, `http://` or protocol-relative `//`),
/// lower case and without port or credentials; `None` for relative URLs.
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("HTTPS://"))
        .or_else(|| url.strip_prefix("HTTP://"))
        .or_else(|| url.strip_prefix("//"))?;
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))?
    } else {
        host.split(':').next()?.to_string()
    };
    // A template expression in place of the host is not a host.
    if host.is_empty() || host.contains(['{', '}', '%', ' ']) {
        return None;
    }
    Some(host.to_ascii_lowercase())
}

/// The path of an absolute URL (for vendors listed with a path).
pub fn path_of(url: &str) -> &str {
    let rest = url
        .trim()
        .split_once("//")
        .map_or(url, |(_, r)| r)
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    rest.find('/').map_or("", |i| &rest[i..])
}

/// `rel` values of `<link>` that make the browser fetch or connect on load.
fn link_loads(rel: &str) -> bool {
    rel.split_ascii_whitespace().any(|r| {
        matches!(
            r.to_ascii_lowercase().as_str(),
            "stylesheet"
                | "icon"
                | "shortcut"
                | "apple-touch-icon"
                | "apple-touch-icon-precomposed"
                | "mask-icon"
                | "manifest"
                | "preload"
                | "modulepreload"
                | "prefetch"
                | "preconnect"
                | "dns-prefetch"
                | "prerender"
        )
    })
}

/// Which attributes of an element load something on page load.
fn loading_attrs(tag: &Tag<'_>) -> &'static [&'static str] {
    match tag.name.as_str() {
        "script" | "iframe" | "frame" | "embed" | "audio" | "track" => &["src"],
        "img" => &["src", "srcset"],
        "source" => &["src", "srcset"],
        "video" => &["src", "poster"],
        "input" => &["src"],
        "object" => &["data"],
        "image" | "use" | "feimage" => &["href", "xlink:href"],
        "body" | "table" | "td" | "th" => &["background"],
        "link" if tag.attr("rel").is_some_and(link_loads) => &["href", "imagesrcset"],
        _ => &[],
    }
}

/// A 1×1 or hidden image is a beacon, not a picture.
fn is_pixel(tag: &Tag<'_>) -> bool {
    if tag.name != "img" {
        return false;
    }
    let tiny = |a: &str| {
        tag.attr(a)
            .is_some_and(|v| matches!(v.trim().trim_end_matches("px"), "0" | "1"))
    };
    let style = tag
        .attr("style")
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "");
    (tiny("width") && tiny("height"))
        || style.contains("display:none")
        || style.contains("visibility:hidden")
        || (style.contains("width:1px") && style.contains("height:1px"))
        || tag.attr("hidden").is_some()
}

/// Loaded resources, pixels and weak referrer policies in HTML.
fn html_hits(html: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for_each_tag(html, |tag| {
        let pixel = is_pixel(&tag);
        for attr in loading_attrs(&tag) {
            let Some((_, value, at)) = tag.attrs.iter().find(|(n, _, _)| n == attr) else {
                continue;
            };
            let urls: Vec<(usize, &str)> = if attr.ends_with("srcset") {
                let mut offset = 0;
                value
                    .split(',')
                    .map(|candidate| {
                        let here = offset;
                        offset += candidate.len() + 1;
                        let trimmed = candidate.trim_start();
                        let lead = candidate.len() - trimmed.len();
                        (here + lead, trimmed.split_whitespace().next().unwrap_or(""))
                    })
                    .collect()
            } else {
                vec![(0, value.trim())]
            };
            for (rel, url) in urls {
                if let Some(host) = host_of(url) {
                    hits.push(Hit {
                        offset: at + rel,
                        kind: HitKind::Load {
                            url: url.to_string(),
                            host,
                            element: tag.name.clone(),
                            pixel,
                        },
                    });
                }
            }
        }
        if let Some((_, style, at)) = tag.attrs.iter().find(|(n, _, _)| n == "style") {
            hits.extend(css_loads(style, *at));
        }
        let policy = match tag.name.as_str() {
            "meta"
                if tag
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("referrer")) =>
            {
                tag.attr("content")
            }
            _ => tag.attr("referrerpolicy"),
        };
        if let Some(value) = policy {
            let value = value.trim().to_ascii_lowercase();
            if WEAK_REFERRERS.contains(&value.as_str()) {
                hits.push(Hit {
                    offset: tag.start,
                    kind: HitKind::WeakReferrer { value },
                });
            }
        }
        if tag.name == "style" {
            let body_end = html[tag.end..]
                .to_ascii_lowercase()
                .find("</style")
                .map_or(html.len(), |i| tag.end + i);
            hits.extend(css_loads(&html[tag.end..body_end], tag.end));
        }
    });
    hits
}

/// The hosts other than `own` that an HTML page loads from when it opens (not
/// counting what its local stylesheets import: see `hosts_loaded_by_css`).
pub fn hosts_loaded(html: &str, own: &str) -> Vec<String> {
    other_hosts(html_hits(html), own)
}

/// The hosts other than `own` a stylesheet loads from (`@import`, `url()`).
pub fn hosts_loaded_by_css(css: &str, own: &str) -> Vec<String> {
    other_hosts(css_loads(css, 0), own)
}

fn other_hosts(hits: Vec<Hit>, own: &str) -> Vec<String> {
    let mut hosts: Vec<String> = hits
        .into_iter()
        .filter_map(|h| match h.kind {
            HitKind::Load { host, .. } if host != own => Some(host),
            _ => None,
        })
        .collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

/// Site paths of the local stylesheets an HTML page links (`/style.css`).
pub fn local_stylesheets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_tag(html, |tag| {
        if tag.name == "link"
            && tag
                .attr("rel")
                .is_some_and(|r| r.to_ascii_lowercase().contains("stylesheet"))
        {
            if let Some(href) = tag.attr("href") {
                if host_of(href).is_none() {
                    out.push(href.split(['?', '#']).next().unwrap_or("").to_string());
                }
            }
        }
    });
    out
}

/// The 0-based line and 1-based column (in characters) of `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendors(text: &str, lang: Lang) -> Vec<&'static str> {
        scan(text, lang)
            .into_iter()
            .filter_map(|h| match h.kind {
                HitKind::Vendor { vendor, .. } => Some(vendor.id),
                _ => None,
            })
            .collect()
    }

    fn loads(text: &str, lang: Lang) -> Vec<(String, String, bool)> {
        scan(text, lang)
            .into_iter()
            .filter_map(|h| match h.kind {
                HitKind::Load {
                    host,
                    element,
                    pixel,
                    ..
                } => Some((host, element, pixel)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_meta_pixel_is_found_minified_and_in_noscript() {
        let minified = "<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};t.src=v}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','123');fbq('track','PageView');</script>";
        assert_eq!(vendors(minified, Lang::Html), ["meta-pixel"]);
        let noscript = "<noscript>\n<img height=\"1\" width=\"1\" style=\"display:none\"\nsrc=\"https://www.facebook.com/tr?id=123&ev=PageView&noscript=1\"/></noscript>";
        assert_eq!(vendors(noscript, Lang::Html), ["meta-pixel"]);
        let l = loads(noscript, Lang::Html);
        assert_eq!(
            l,
            [("www.facebook.com".to_string(), "img".to_string(), true)]
        );
    }

    #[test]
    fn gtag_and_tag_manager_snippets_are_named() {
        let gtag = "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ\"></script>\n<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-ABC123XYZ');</script>";
        assert_eq!(
            vendors(gtag, Lang::Html),
            ["google-analytics", "google-analytics"]
        );
        let gtm = "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;})(window,document,'script','dataLayer','GTM-K9X2Q7');";
        assert_eq!(vendors(gtm, Lang::Text), ["google-tag-manager"]);
    }

    #[test]
    fn health_prose_and_ordinary_code_are_not_trackers() {
        for clean in [
            "Our site does not use tracking pixels or analytics.",
            "<a href=\"https://www.facebook.com/lakesidemed\">Follow us</a>",
            "const ga = compute(gap); window.dataLayer = [];",
            "See https://www.cdc.gov/flu/ and https://www.nhs.uk/conditions/asthma/.",
            "body{font-family:system-ui,sans-serif}",
        ] {
            assert!(vendors(clean, Lang::Html).is_empty(), "{clean}");
        }
    }

    #[test]
    fn resources_loaded_on_page_load_are_listed_and_links_are_not() {
        let html = "<link rel=\"stylesheet\" href=\"https://cdn.example.net/x.css\"><link rel=canonical href=\"https://other.example/\"><a href=\"https://cdc.gov/\">CDC</a>\n<img src='//img.example.org/a.png' srcset=\"/a.png 1x, https://img2.example.org/b.png 2x\"><iframe src=\"https://maps.example.com/e\"></iframe><style>@import url(\"https://fonts.example.com/f.css\");</style><div style=\"background:url(https://bg.example.com/p.jpg)\">";
        let hosts: Vec<String> = loads(html, Lang::Html).into_iter().map(|l| l.0).collect();
        assert_eq!(
            hosts,
            [
                "cdn.example.net",
                "img.example.org",
                "img2.example.org",
                "maps.example.com",
                "fonts.example.com",
                "bg.example.com"
            ]
        );
        assert_eq!(
            hosts_loaded(html, "img.example.org"),
            [
                "bg.example.com",
                "cdn.example.net",
                "fonts.example.com",
                "img2.example.org",
                "maps.example.com"
            ]
        );
    }

    #[test]
    fn template_expressions_are_not_hosts() {
        assert!(loads("<img src=\"{{ page.image.path }}\"><script src=\"https://{{ site.cdn }}/x.js\"></script>", Lang::Html).is_empty());
    }

    #[test]
    fn weak_referrer_policies_are_reported() {
        let hits = scan(
            "<meta name=\"referrer\" content=\"unsafe-url\"><a referrerpolicy=\"no-referrer\" href=x>",
            Lang::Html,
        );
        assert!(
            matches!(&hits[..], [Hit { kind: HitKind::WeakReferrer { value }, .. }] if value == "unsafe-url")
        );
    }

    #[test]
    fn css_imports_of_google_fonts_are_found() {
        let css = "@import url('https://fonts.googleapis.com/css2?family=Inter');\nbody{}";
        assert_eq!(vendors(css, Lang::Css), ["google-fonts"]);
        assert_eq!(loads(css, Lang::Css)[0].1, "@import");
    }

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_col("ab\ncdé f", 9), (1, 6));
        assert_eq!(line_col("x", 0), (0, 1));
    }
}
