//! Snapshot tests (insta) of rendered output for the valid fixture site: a change to
//! the theme, the Markdown renderer or the page contexts shows up as a reviewable diff.

pub fn rendered_pages_match_snapshots() {
    let site = crate::common::build_valid(&[]);
    insta::assert_snapshot!("article_page", site.read("articles/flu-basics/index.html"));
    insta::assert_snapshot!(
        "testimonial_with_disclosure",
        site.read("testimonials/james/index.html")
    );
    insta::assert_snapshot!(
        "articles_listing_page_2",
        site.read("articles/page/2/index.html")
    );
    insta::assert_snapshot!("feed", site.read("feed.xml"));
    insta::assert_snapshot!("sitemap", site.read("sitemap.xml"));
}
