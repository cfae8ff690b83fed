//! Deploy-readiness: a site whose `base_url` has a path (a GitHub Pages project site)
//! is built, served under that path by a plain static file server (Python's
//! `http.server`, which knows nothing of carepress), and crawled: every link and asset
//! of every page it can reach must answer 200.

use crate::common::serve::request;
use crate::common::static_server::StaticServer;
use crate::common::{TODAY, carepress};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

const BASE: &str = "https://lakeside.github.io/clinic/";
const PREFIX: &str = "/clinic/";

/// Python's file server on a free loopback port, or `None` (skipped, with a message)
/// when python3 is missing; under CI a missing python3 fails the test.
fn static_server(root: &Path) -> Option<StaticServer> {
    let Some(python) = crate::common::browser::find(&["python3"]) else {
        assert!(
            !crate::common::under_ci(),
            "CI is set but python3 is missing (apt-get install python3)"
        );
        eprintln!("SKIPPED a_sub_path_site_has_no_broken_link: python3 not found");
        return None;
    };
    Some(StaticServer::start(&python, root))
}

/// The URLs a page names in its URL attributes and, for XML, in `<loc>` and `href`.
fn urls_in(text: &str) -> Vec<String> {
    let attribute = regex::Regex::new(r#"\s(?:href|src|poster|action|srcset)="([^"]*)""#).unwrap();
    let loc = regex::Regex::new(r"<loc>([^<]+)</loc>").unwrap();
    let meta =
        regex::Regex::new(r#"<meta [^>]*content="(https://lakeside\.github\.io/[^"]*)""#).unwrap();
    let mut out = Vec::new();
    for c in attribute.captures_iter(text) {
        let value = c[1].replace("&amp;", "&");
        if c[0].trim_start().starts_with("srcset") {
            out.extend(
                value
                    .split(',')
                    .filter_map(|s| s.split_whitespace().next())
                    .map(String::from),
            );
        } else {
            out.push(value);
        }
    }
    out.extend(loc.captures_iter(text).map(|c| c[1].to_string()));
    out.extend(meta.captures_iter(text).map(|c| c[1].replace("&amp;", "&")));
    out
}

/// The server path of a URL of this site, or `None` for another site, a fragment,
/// `mailto:` and the like. Root-relative URLs are taken as written: one that misses
/// the sub-path is requested as it is and 404s.
fn own_path(url: &str, page: &str) -> Option<String> {
    let url = url.split('#').next().unwrap_or_default();
    let path = if let Some(rest) = url.strip_prefix("https://lakeside.github.io") {
        rest.to_string()
    } else if url.starts_with("//") || url.contains(':') || url.is_empty() {
        return None;
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{url}")
    };
    Some(path.split('?').next().unwrap_or_default().to_string())
}

/// The site path of every HTML page under `www` (`/clinic/articles/flu/`).
fn html_pages(www: &std::path::Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(www)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(www)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("/{}", rel.trim_end_matches("index.html"))
        })
        .collect()
}

pub fn a_sub_path_site_has_no_broken_link_or_asset() {
    let www = tempfile::tempdir().unwrap();
    let kit = tempfile::tempdir().unwrap();
    let out = carepress()
        .args(["build", "--today", TODAY, "--base-url", BASE, "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--out")
        .arg(www.path().join("clinic"))
        .arg("--kit-out")
        .arg(kit.path().join("social-kit"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(server) = static_server(www.path()) else {
        return;
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    for start in [
        PREFIX.to_string(),
        format!("{PREFIX}sitemap.xml"),
        format!("{PREFIX}feed.xml"),
        format!("{PREFIX}404.html"),
    ] {
        seen.insert(start.clone());
        queue.push_back((start, "(start)".into()));
    }
    let mut broken = Vec::new();
    let mut pages = 0;
    while let Some((path, from)) = queue.pop_front() {
        let response = request(&server.addr, "GET", &path);
        if response.status != 200 {
            broken.push(format!("{path} ({}) linked from {from}", response.status));
            continue;
        }
        let kind = response
            .header("content-type")
            .unwrap_or_default()
            .to_string();
        if !(kind.starts_with("text/html") || kind.contains("xml")) {
            continue;
        }
        pages += 1;
        for url in urls_in(&response.text()) {
            if let Some(next) = own_path(&url, &path) {
                if seen.insert(next.clone()) {
                    queue.push_back((next, path.clone()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
    // Every page of the output was reached, through links from the home page, the
    // sitemap, the feed and the 404 page.
    let unreached: Vec<String> = html_pages(www.path())
        .into_iter()
        .filter(|p| !seen.contains(p))
        .collect();
    assert!(unreached.is_empty(), "not reached: {unreached:?}");
    assert!(pages >= 30, "crawled only {pages} pages");
    // Open Graph images (named in `<meta content>`) are fetched under the sub-path too.
    assert!(
        seen.iter()
            .any(|p| p.starts_with("/clinic/social/") && p.ends_with("/og.jpg")),
        "no og:image was reached under the sub-path"
    );
    assert!(
        seen.iter().all(|p| p.starts_with(PREFIX)),
        "{:?}",
        seen.iter().find(|p| !p.starts_with(PREFIX))
    );
    assert!(seen.contains("/clinic/style.css"));
    // The social kit is not deployed and nothing links into it: under /social/ the
    // site holds images only.
    assert!(
        seen.iter()
            .filter(|p| p.starts_with("/clinic/social/"))
            .all(|p| p.ends_with(".jpg")),
        "{:?}",
        seen.iter()
            .filter(|p| p.starts_with("/clinic/social/"))
            .collect::<Vec<_>>()
    );
    assert!(kit.path().join("social-kit/index.html").is_file());
    assert!(!www.path().join("clinic/social/index.html").exists());
    assert!(!www.path().join("clinic/social/posts.json").exists());
    // The sitemap, read with an XML parser, lists every page but the 404, paginated
    // listings included, each once.
    let sitemap = std::fs::read_to_string(www.path().join("clinic/sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let listed: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .map(|loc| {
            loc.strip_prefix("https://lakeside.github.io")
                .unwrap()
                .to_string()
        })
        .collect();
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a URL is listed twice");
    // Every page but those that ask not to be indexed (the 404 page, search results).
    let pages: BTreeSet<String> = html_pages(www.path())
        .into_iter()
        .filter(|page| {
            let file = www.path().join(page.trim_start_matches('/'));
            let file = if page.ends_with('/') {
                file.join("index.html")
            } else {
                file
            };
            let html = std::fs::read_to_string(&file).unwrap();
            !html.contains(r#"<meta name="robots" content="noindex">"#)
        })
        .collect();
    assert!(!pages.contains("/clinic/404.html") && !pages.contains("/clinic/search/"));
    let listed: BTreeSet<String> = listed.into_iter().collect();
    assert_eq!(listed, pages);
    let robots = std::fs::read_to_string(www.path().join("clinic/robots.txt")).unwrap();
    assert!(
        robots.contains("Allow: /clinic/")
            && robots.contains("Sitemap: https://lakeside.github.io/clinic/sitemap.xml"),
        "{robots}"
    );
}
