//! Snapshot tests (insta) of rendered output for the valid fixture site: a change to
//! the theme, the Markdown renderer or the page contexts shows up as a reviewable diff.

use assert_cmd::Command;
use std::path::Path;

fn build() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    Command::cargo_bin("carepress")
        .unwrap()
        .args(["build", "--today", "2026-11-28", "--root"])
        .arg(root)
        .arg("--out")
        .arg(dir.path().join("public"))
        .assert()
        .code(0);
    dir
}

fn read(dir: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join("public").join(rel)).unwrap()
}

#[test]
fn rendered_pages_match_snapshots() {
    let dir = build();
    insta::assert_snapshot!("article_page", read(&dir, "articles/flu-basics/index.html"));
    insta::assert_snapshot!(
        "testimonial_with_disclosure",
        read(&dir, "testimonials/james/index.html")
    );
    insta::assert_snapshot!(
        "articles_listing_page_2",
        read(&dir, "articles/page/2/index.html")
    );
    insta::assert_snapshot!("feed", read(&dir, "feed.xml"));
    insta::assert_snapshot!("sitemap", read(&dir, "sitemap.xml"));
}
