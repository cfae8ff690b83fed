//! The private social kit: written beside the site, never into it; its preview page
//! links only to files beside it, so it opens from disk; headless Chromium opens it
//! from file:// and every image and the page's style load.

use crate::common::browser::{Driver, browser_and_driver};
use crate::common::{Built, build_valid};

/// Every `href` and `src` value of a page, in order.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
        }
    }
    out
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn built() -> &'static Built {
    static SHARED: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| build_valid(&[]))
}

pub fn the_kit_is_beside_the_site_and_nothing_of_it_is_deployed() {
    let b = built();
    let public = files_under(&b.public);
    for f in &public {
        assert!(
            !f.ends_with("/facebook.txt")
                && !f.ends_with("/x.txt")
                && !f.ends_with(".csv")
                && !f.ends_with(".ics")
                && !f.ends_with("posts.json"),
            "the site holds a kit file: {f}"
        );
        if let Some(rest) = f.strip_prefix("social/") {
            assert!(rest.ends_with(".jpg"), "the site's social folder holds {f}");
        }
    }
    let kit = files_under(&b.kit);
    for must in [
        "index.html",
        "posts.json",
        "calendar.ics",
        "schedule.csv",
        "buffer.csv",
    ] {
        assert!(kit.iter().any(|f| f == must), "kit lacks {must}: {kit:?}");
    }
    assert!(kit.iter().any(|f| f.ends_with("/facebook.txt")));
    // No page of the site links to the kit.
    for f in public.iter().filter(|f| f.ends_with(".html")) {
        let html = b.read(f);
        assert!(
            !urls(&html)
                .iter()
                .any(|u| u.contains("/social/") && !u.ends_with(".jpg")),
            "{f} links into the kit"
        );
    }
}

pub fn the_kit_preview_links_only_to_files_beside_it() {
    let b = built();
    let page = b.read_kit("index.html");
    let mut checked = 0;
    for url in urls(&page) {
        if let Some(rest) = url.strip_prefix("https://clinic.test/") {
            // A post's link to the article it promotes, on the live site.
            assert!(!rest.starts_with("social/"), "{url}");
            continue;
        }
        assert!(
            !url.starts_with('/') && !url.contains("://"),
            "not relative: {url}"
        );
        assert!(b.kit.join(&url).is_file(), "{url} is not in the kit");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} links");
    // Every image says what it shows.
    let mut images = 0;
    for tag in page.split("<img ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let alt = tag
            .split("alt=\"")
            .nth(1)
            .map(|a| &a[..a.find('"').unwrap()]);
        assert!(alt.is_some_and(|a| !a.trim().is_empty()), "<img {tag}>");
        images += 1;
    }
    assert!(images >= 5, "{images} images");
    // Cards carry the platform's look: one class per platform, the name and handle.
    assert!(page.contains("post--instagram") && page.contains("post--x"));
}

pub fn the_kit_preview_opens_from_disk_in_chromium() {
    let Some((browser, driver)) = browser_and_driver("the_kit_preview_opens_from_disk_in_chromium")
    else {
        return;
    };
    let b = built();
    let d = Driver::start(&driver, &browser);
    let url = format!("file://{}", b.kit.join("index.html").display());
    d.goto(&url);
    d.wait_until(
        "every image of the kit loaded",
        "return [...document.images].length > 0 && [...document.images].every(i => { i.loading = 'eager'; return i.complete && i.naturalWidth > 0; })",
        || url.clone(),
    );
    let styled = d.eval(
        "const p = document.querySelector('.post'); return p ? getComputedStyle(p).borderTopLeftRadius : 'none'",
    );
    assert_eq!(
        styled,
        serde_json::json!("12px"),
        "the page's style did not apply"
    );
    let cards = d.eval("return document.querySelectorAll('article.post').length");
    let upcoming = b
        .read_kit("index.html")
        .matches("<article class=\"post ")
        .count();
    assert_eq!(cards, serde_json::json!(upcoming));
}
