//! `carepress serve` end to end: the binary on a copy of the valid fixture site, on a
//! free port, edited while it runs.

use crate::common::serve::{Events, Server, request};

const FLU: &str = "content/articles/flu-basics.md";

pub fn serves_pages_with_types_no_store_and_the_reload_script() {
    let s = Server::start(&[]);
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let text = home.text();
    assert!(text.contains("carepress-live-reload"));
    assert!(text.contains("/__carepress/events"));
    assert!(!text.contains("carepress-overlay"));
    // Links point at the server itself.
    assert!(text.contains(&format!("http://{}/", s.addr)), "{text}");

    for (path, ctype) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/og-default.png", "image/png"),
        ("/humans.txt", "text/plain; charset=utf-8"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert!(!r.text().contains("carepress-live-reload"), "{path}");
    }
    let page = s.get("/articles/flu-basics/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Flu season peaks in winter."));

    let redirect = s.get("/articles/flu-basics");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/articles/flu-basics/"));

    let missing = s.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("carepress-live-reload"));
    // Drafts are not served unless asked for.
    assert_eq!(s.get("/articles/draft-post/").status, 404);

    let head = request(&s.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(&s.addr, "POST", "/").status, 405);

    let events = Events::open(&s.addr);
    // Header names are case-insensitive (hyper writes them in lower case).
    let head = events.head().to_ascii_lowercase();
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    assert!(head.contains("cache-control: no-store"), "{head}");
}

pub fn traversal_and_paths_outside_the_site_are_refused() {
    let s = Server::start(&[]);
    // A file beside the site that must never be reachable.
    std::fs::write(s.root.join("secret.txt"), "top secret").unwrap();
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/articles/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/carepress.yaml",
        "/content/articles/flu-basics.md",
        "/content/consent/ledger.yaml",
        "/secret.txt",
        "http://example.org/etc/passwd",
        "/%00",
    ] {
        let r = s.get(target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        let text = r.text();
        assert!(!text.contains("top secret"), "{target}");
        assert!(!text.contains("root:"), "{target}");
        assert!(!text.contains("formref-secret"), "{target}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{target}");
    }
}

pub fn an_edit_is_served_and_browsers_are_told_to_reload() {
    let s = Server::start(&[]);
    let mut events = Events::open(&s.addr);
    s.replace(
        FLU,
        "Flu season peaks in winter.",
        "Flu season peaks in JANUARY.",
    );
    assert_eq!(
        events.next_reload(20).as_deref(),
        Some("page"),
        "{}",
        s.log()
    );
    let page = s.get("/articles/flu-basics/").text();
    assert!(page.contains("Flu season peaks in JANUARY."), "{page}");
    s.wait_until("the rebuild line", 10, || s.rebuilds() >= 1);
    let log = s.log();
    let line = log.lines().find(|l| l.contains(" changed: ")).unwrap();
    assert!(
        line.contains("content/articles/flu-basics.md changed"),
        "{line}"
    );
    assert!(line.contains("pages re-rendered"), "{line}");
    assert!(line.contains(" ms"), "{line}");

    // Editor swap files do not trigger a rebuild.
    let before = s.rebuilds();
    std::fs::write(s.root.join("content/articles/.flu-basics.md.swp"), "x").unwrap();
    std::fs::write(s.root.join("content/articles/flu-basics.md~"), "x").unwrap();
    std::fs::write(s.root.join("content/articles/4913"), "x").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(s.rebuilds(), before, "{}", s.log());
}

pub fn a_revoked_consent_takes_the_testimonial_down() {
    let s = Server::start(&[]);
    assert_eq!(s.get("/testimonials/maria/").status, 200);
    s.replace(
        "content/consent/ledger.yaml",
        "revoked_on: null",
        "revoked_on: 2026-11-01",
    );
    s.wait_until("a 404 for the withdrawn testimonial", 20, || {
        s.get("/testimonials/maria/").status == 404
    });
    assert!(!s.get("/testimonials/").text().contains("Back on my bike"));
}

pub fn a_refused_consent_gives_404_even_though_the_rebuild_fails() {
    let s = Server::start(&[]);
    assert_eq!(s.get("/testimonials/maria/").status, 200);
    s.replace(
        "content/testimonials/maria.md",
        "consent: C-100",
        "consent: C-999",
    );
    s.wait_until("a 404 for the refused testimonial", 20, || {
        s.get("/testimonials/maria/").status == 404
    });
    let home = s.get("/").text();
    assert!(home.contains("carepress-overlay"), "{home}");
    assert!(home.contains("consent::"), "{home}");
}

pub fn a_broken_front_matter_shows_the_overlay_until_it_is_fixed() {
    let s = Server::start(&[]);
    let mut events = Events::open(&s.addr);
    s.replace(FLU, "title: Flu basics", "title: [Flu basics");
    assert_eq!(
        events.next_reload(20).as_deref(),
        Some("page"),
        "{}",
        s.log()
    );
    s.wait_until("the overlay", 20, || {
        s.get("/articles/flu-basics/")
            .text()
            .contains("carepress-overlay")
    });
    for path in ["/articles/flu-basics/", "/", "/about/", "/no-such-page/"] {
        let text = s.get(path).text();
        assert!(text.contains("carepress-overlay"), "{path}");
        assert!(
            text.contains("content/articles/flu-basics.md:"),
            "{path}: {text}"
        );
        assert!(text.contains("error[yaml::"), "{path}: {text}");
    }
    // The last good page stays served under the overlay.
    let page = s.get("/articles/flu-basics/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Flu season peaks in winter."));
    // The terminal shows the same diagnostics.
    s.wait_until("the terminal report", 10, || {
        s.log().contains("rebuild failed")
    });
    assert!(s.log().contains("error[yaml::"), "{}", s.log());

    s.replace(FLU, "title: [Flu basics", "title: Flu basics again");
    assert_eq!(
        events.next_reload(20).as_deref(),
        Some("page"),
        "{}",
        s.log()
    );
    s.wait_until("the overlay to go", 20, || {
        !s.get("/articles/flu-basics/")
            .text()
            .contains("carepress-overlay")
    });
    assert!(
        s.get("/articles/flu-basics/")
            .text()
            .contains("Flu basics again")
    );
    assert!(!s.get("/").text().contains("carepress-overlay"));
}

pub fn a_stylesheet_change_reloads_styles_only() {
    let s = Server::start(&[]);
    let mut events = Events::open(&s.addr);
    // The site's own static files override the theme's.
    std::fs::write(
        s.root.join("static/style.css"),
        "body { color: rebeccapurple }\n",
    )
    .unwrap();
    assert_eq!(
        events.next_reload(20).as_deref(),
        Some("css"),
        "{}",
        s.log()
    );
    assert!(s.get("/style.css").text().contains("rebeccapurple"));
}

pub fn ctrl_c_ends_cleanly() {
    let s = Server::start(&[]);
    assert_eq!(s.get("/").status, 200);
    let root = s.root.clone();
    let (code, log) = s.interrupt();
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("stopped"), "{log}");
    // Nothing was written into the site.
    assert!(!root.join("public").exists());
}

pub fn binding_beyond_loopback_warns() {
    let s = Server::start(&["--bind", "0.0.0.0"]);
    assert!(
        s.log().contains("warning: serving on http://0.0.0.0:"),
        "{}",
        s.log()
    );
}

pub fn polling_watcher_sees_edits() {
    let s = Server::start(&["--poll"]);
    s.replace(
        FLU,
        "Flu season peaks in winter.",
        "Flu season peaks in autumn (polled).",
    );
    s.wait_until("the polled edit", 20, || {
        s.get("/articles/flu-basics/")
            .text()
            .contains("Flu season peaks in autumn (polled).")
    });
}
