//! The fixture sites in tests/fixtures/: every must-fail site (its own test, found by
//! the harness) asserts its error codes, files and lines and that a refused build
//! leaves the previous output byte-for-byte intact; the valid site builds every output.

use std::path::Path;

use crate::common::{TODAY, build_site, build_valid, carepress, fixture, snapshot};
use carepress::Site;
use carepress::dates::parse_day;
use carepress::diagnostics::{self, Diagnostic, display_path};
use carepress::plan::PlanOptions;

fn json_report(root: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = carepress()
        .args(["check", "--format", "json", "--today", TODAY, "--root"])
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "json report for {}: {e}\n{}",
            root.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

/// Every problem `check` reports for the site at `root`, in-process.
pub fn check_in_process(root: &Path) -> Vec<Diagnostic> {
    let opts = PlanOptions {
        drafts: false,
        future: false,
        today: parse_day(TODAY).expect("TODAY is a date"),
    };
    match Site::load(root, None).expect("the fixture has a carepress.yaml") {
        Ok(site) => site.check(&opts).diagnostics,
        Err(problems) => problems,
    }
}

/// One must-fail fixture (`tests/fixtures/fail/<name>/`): every line of its `expected`
/// file (`code file[:line]`) is an error of the check, and a refused build leaves the
/// previous output byte-for-byte as it was.
pub fn must_fail(site: &Path) {
    let name = site.file_name().unwrap().to_string_lossy().to_string();
    let expected = std::fs::read_to_string(site.join("expected")).unwrap();
    let diags = check_in_process(site);
    assert!(
        diags.iter().any(Diagnostic::is_error),
        "{name}: the check found no error"
    );
    let mut failures = Vec::new();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let (want_code, location) = line.split_once(' ').unwrap();
        let (want_file, want_line) = match location.rsplit_once(':') {
            Some((f, l)) => (f, Some(l.parse::<usize>().unwrap())),
            None => (location, None),
        };
        let found = diags.iter().any(|d| {
            d.is_error()
                && d.code == want_code
                && d.file
                    .as_deref()
                    .is_some_and(|f| display_path(f).starts_with(want_file))
                && want_line.is_none_or(|l| d.line == Some(l))
        });
        if !found {
            failures.push(format!(
                "{name}: no error {line}; got {}",
                diagnostics::render_json(&diags)
            ));
        }
    }

    // A refused build must leave the previous output exactly as it was.
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    std::fs::create_dir_all(public.join("articles/old")).unwrap();
    std::fs::write(public.join("index.html"), "previous deploy").unwrap();
    std::fs::write(public.join("articles/old/index.html"), "previous article").unwrap();
    let before = snapshot(out.path());
    let opts = PlanOptions {
        drafts: false,
        future: false,
        today: parse_day(TODAY).expect("TODAY is a date"),
    };
    let refused = match Site::load(site, None).expect("the fixture has a carepress.yaml") {
        Ok(loaded) => loaded
            .build(
                &opts,
                carepress::OutputDirs {
                    site: &public,
                    kit: &carepress::OutputDirs::default_kit(&public),
                },
            )
            .map(|o| o.has_errors())
            .unwrap_or(true),
        Err(_) => true,
    };
    if !refused {
        failures.push(format!("{name}: the build was not refused"));
    }
    if snapshot(out.path()) != before {
        failures.push(format!(
            "{name}: refused build changed the output directory"
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The refused build through the command line: exit code 1, output untouched.
pub fn a_refused_build_exits_1_and_leaves_the_output() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("index.html"), "previous deploy").unwrap();
    let before = snapshot(out.path());
    let status = carepress()
        .args(["build", "--today", TODAY, "--root"])
        .arg(fixture("fail/consent-missing-reference"))
        .arg("--out")
        .arg(&public)
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    assert_eq!(snapshot(out.path()), before);
}

pub fn valid_site_builds_every_output() {
    let b = build_valid(&[]);
    for f in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "articles/index.html",
        "articles/page/2/index.html",
        "articles/flu-basics/index.html",
        "articles/heart-bundle/index.html",
        "articles/heart-bundle/chart-64.jpg",
        "social/articles/heart-bundle/og.jpg",
        "social/articles/flu-basics/og.jpg",
        "testimonials/index.html",
        "testimonials/maria/index.html",
        "testimonials/james/index.html",
        "infographics/index.html",
        "infographics/bp/index.html",
        "infographics/bp/bp.svg",
        "tags/index.html",
        "tags/vaccines/index.html",
        "tags/heart/index.html",
        "about/index.html",
        "style.css",
        "humans.txt",
    ] {
        assert!(b.exists(f), "missing {f}\n{}", b.stderr);
    }
    for f in [
        "index.html",
        "posts.json",
        "articles/flu-basics/og.jpg",
        "articles/flu-basics/facebook.txt",
    ] {
        assert!(b.kit.join(f).is_file(), "the kit is missing {f}");
    }
}

pub fn withdrawn_drafts_and_future_items_appear_nowhere() {
    let b = build_valid(&[]);
    let all = b.all_text();
    for secret in [
        // Not "walrus" alone: Pagefind's WebAssembly names the walrus crate that built it.
        "Expired walrus story",
        "Expired-quote-walrus",
        "walrus-banana",
        "Robert K.",
        "testimonials/robert",
        "pelican",
        "Thomas W.",
        "testimonials/thomas",
        "kneecap-zebra",
        "draft-post",
        "elbow-giraffe",
        "future-post",
        "formref-secret",
        "C-100",
        "C-200",
        "C-300",
        "C-400",
        "ledger",
    ] {
        assert!(!all.contains(secret), "`{secret}` leaked into the output");
    }
    // The search index is read, not skipped: a published item's words are in it.
    let index = b.search_index_text();
    assert!(
        index.contains("/articles/flu-basics/"),
        "the search index holds no published article"
    );
    assert!(!index.contains("kneecap-zebra") && !index.contains("walrus-banana"));
    assert!(b.stderr.contains("consent::expired"), "{}", b.stderr);
    assert!(b.stderr.contains("consent::revoked"));
    assert!(
        b.stderr
            .contains("take down: https://clinic.test/testimonials/thomas/"),
        "{}",
        b.stderr
    );
    assert!(b.stderr.contains("consent::expiring_soon"));
    assert!(b.stderr.contains("review::stale"));
}

pub fn drafts_and_future_flags_include_them() {
    let b = build_valid(&["--drafts", "--future"]);
    assert!(
        b.read("articles/draft-post/index.html")
            .contains("kneecap-zebra")
    );
    assert!(
        b.read("articles/future-post/index.html")
            .contains("elbow-giraffe")
    );
    let index = b.search_index_text();
    assert!(index.contains("kneecap-zebra") && index.contains("elbow-giraffe"));
}

pub fn pages_carry_meta_tags_json_ld_and_review() {
    let b = build_valid(&[]);
    let html = b.read("articles/flu-basics/index.html");
    for needle in [
        "<link rel=\"canonical\" href=\"https://clinic.test/articles/flu-basics/\"",
        "property=\"og:image\" content=\"https://clinic.test/",
        "og:image:width",
        "og:image:alt",
        "twitter:card",
        "twitter:image:alt",
        "\"@type\":\"MedicalWebPage\"",
        "\"reviewedBy\":{\"@type\":\"Person\",\"name\":\"Dr. Ana Reviewer, MD\"}",
        "\"lastReviewed\":\"2026-09-10\"",
        "Dr. Ana Reviewer, MD",
        "Key Facts About Influenza",
        "id=\"footnote-cdc\"",
        "<table>",
        "type=\"checkbox\"",
        "href=\"/about/\"",
    ] {
        assert!(html.contains(needle), "article page lacks {needle}");
    }
    let img = b.read("infographics/bp/index.html");
    assert!(img.contains("Normal blood pressure is below 120 over 80."));
}

pub fn testimonials_are_sanitized_and_carry_disclosures() {
    let b = build_valid(&[]);
    let maria = b.read("testimonials/maria/index.html");
    assert!(!maria.contains("<script>alert"));
    assert!(!maria.contains("onclick"));
    assert!(maria.contains("The team listened to me."));
    let james = b.read("testimonials/james/index.html");
    assert!(
        james.contains("10% off next visit"),
        "incentive disclosure missing"
    );
    assert!(!maria.contains("Disclosure:"));
}

pub fn output_images_are_re_encoded_without_metadata() {
    let b = build_valid(&[]);
    let jpg = std::fs::read(b.public.join("articles/heart-bundle/chart-64.jpg")).unwrap();
    assert!(jpg.starts_with(b"\xFF\xD8"));
    assert!(!jpg.windows(22).any(|w| w == b"secret-metadata-marker"));
}

pub fn feed_and_sitemap_list_only_published_items() {
    let b = build_valid(&[]);
    let feed = b.read("feed.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("https://clinic.test/articles/flu-basics/"));
    let sitemap = b.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://clinic.test/testimonials/maria/</loc>"));
    // Paginated listings are pages too.
    assert!(
        sitemap.contains("<loc>https://clinic.test/articles/page/2/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("robert"));
    assert!(
        b.read("robots.txt")
            .contains("Sitemap: https://clinic.test/sitemap.xml")
    );
}

pub fn rebuild_removes_stale_files_and_base_url_can_be_overridden() {
    let b = build_valid(&[]);
    std::fs::write(b.public.join("stale.html"), "old").unwrap();
    let out = carepress()
        .args([
            "build",
            "--today",
            TODAY,
            "--base-url",
            "https://preview.test/",
            "--root",
        ])
        .arg(fixture("valid"))
        .arg("--out")
        .arg(&b.public)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!b.exists("stale.html"));
    assert!(b.read("index.html").contains("https://preview.test/"));
}

/// A build stages into the output before last (kept as `.public.previous`) and rewrites
/// it in place: after builds with drafts and a file planted by hand, a build without
/// drafts must leave exactly what a build into an empty folder does, in the site and
/// the kit alike.
pub fn a_build_into_the_kept_previous_output_equals_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let kit = dir.path().join("social-kit");
    let build = |extra: &[&str]| {
        let out = carepress()
            .args(["build", "--today", TODAY, "--root"])
            .arg(fixture("valid"))
            .arg("--out")
            .arg(&public)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    build(&["--drafts"]);
    std::fs::write(public.join("planted.html"), "by hand").unwrap();
    build(&["--drafts"]);
    assert!(dir.path().join(".public.previous/planted.html").exists());
    assert!(
        dir.path()
            .join(".public.previous/articles/draft-post/index.html")
            .exists()
    );
    build(&[]);
    let fresh = build_valid(&[]);
    assert_eq!(
        snapshot(&public).keys().collect::<Vec<_>>(),
        snapshot(&fresh.public).keys().collect::<Vec<_>>(),
        "the reused folder holds other files than a fresh build"
    );
    assert!(
        snapshot(&public) == snapshot(&fresh.public),
        "a file differs from a fresh build's"
    );
    assert!(
        snapshot(&kit) == snapshot(&fresh.kit),
        "the kit differs from a fresh build's"
    );
    assert!(!public.join("articles/draft-post").exists());
}

pub fn check_writes_nothing_and_reports_warnings_in_every_format() {
    let root = fixture("valid");
    let (code, report) = json_report(&root, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["ok"], true);
    assert!(report["warnings"].as_u64().unwrap() >= 4);
    assert!(!root.join("public").exists());
    let out = carepress()
        .args(["check", "--format", "github", "--today", TODAY, "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.starts_with(
            "::warning file=content/testimonials/robert.md,line=4,title=consent%3A%3Aexpired::"
        )),
        "{text}"
    );
}

pub fn usage_and_environment_errors_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    carepress()
        .args(["build", "--root"])
        .arg(empty.path())
        .assert()
        .code(2);
    carepress()
        .args(["check", "--today", "2026-99-01", "--root"])
        .arg(fixture("valid"))
        .assert()
        .code(2);
    carepress().args(["frobnicate"]).assert().code(2);
    // The output folder is replaced wholesale, so it can never be the site itself.
    carepress()
        .args(["build", "--today", TODAY, "--root"])
        .arg(fixture("valid"))
        .arg("--out")
        .arg(fixture("valid"))
        .assert()
        .code(2);
}

pub fn init_scaffolds_a_site_that_builds_and_new_adds_content() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("clinic");
    carepress().arg("init").arg(&site).assert().code(0);
    assert!(site.join("themes/default/templates/article.html").exists());
    carepress()
        .args(["build", "--root"])
        .arg(&site)
        .assert()
        .code(0);
    assert!(site.join("public/articles/welcome/index.html").exists());
    assert!(site.join("social-kit/index.html").exists());
    assert!(!site.join("public/social/index.html").exists());
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/social-kit"), "{ignored}");
    // The workflow is YAML that GitHub can run: PRs are checked, main deploys the site
    // and keeps the kit as an artifact, never as part of the Pages upload.
    let workflow: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(site.join(".github/workflows/carepress.yml")).unwrap(),
    )
    .unwrap();
    let jobs = &workflow["jobs"];
    let steps =
        |job: &str| -> Vec<serde_yaml::Value> { jobs[job]["steps"].as_sequence().unwrap().clone() };
    let runs = |job: &str| -> String {
        steps(job)
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let uses = |job: &str, action: &str| -> Vec<serde_yaml::Value> {
        steps(job)
            .into_iter()
            .filter(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
            .collect()
    };
    assert_eq!(
        jobs["check"]["if"].as_str(),
        Some("github.event_name == 'pull_request'")
    );
    assert!(runs("check").contains("carepress check --format github"));
    assert!(runs("deploy").contains("carepress build --base-url"));
    let pages = uses("deploy", "actions/upload-pages-artifact");
    assert_eq!(pages[0]["with"]["path"].as_str(), Some("public"));
    let kit = uses("deploy", "actions/upload-artifact");
    assert_eq!(kit[0]["with"]["path"].as_str(), Some("social-kit"));
    let cache = uses("deploy", "actions/cache");
    assert!(
        cache
            .iter()
            .any(|c| c["with"]["path"].as_str() == Some(".carepress/cache"))
    );
    assert_eq!(uses("deploy", "actions/deploy-pages").len(), 1);
    assert_eq!(
        jobs["deploy"]["permissions"]["pages"].as_str(),
        Some("write")
    );
    carepress().arg("init").arg(&site).assert().code(2);

    let out = carepress()
        .args(["new", "article", "Knee pain: what helps", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "content/articles/knee-pain-what-helps.md"
    );
    carepress()
        .args(["new", "article", "Knee pain: what helps", "--root"])
        .arg(&site)
        .assert()
        .code(2);
    // A new poll fits every platform's poll rules as written: checked with drafts, the
    // file has no problem of its own.
    let out = carepress()
        .args(["new", "poll", "Have you had your flu shot?", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "content/polls/have-you-had-your-flu-shot.md"
    );
    let (_, report) = json_report(&site, &["--drafts"]);
    let about_poll: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.contains("content/polls/"))
        })
        .collect();
    assert!(about_poll.is_empty(), "{about_poll:?}");
    // A new testimonial has no consent yet: it is a draft, so check warns instead of failing.
    carepress()
        .args(["new", "testimonial", "A story", "--root"])
        .arg(&site)
        .assert()
        .code(0);
    carepress()
        .args(["check", "--root"])
        .arg(&site)
        .assert()
        .code(0);
}

pub fn pages_carry_privacy_policies_and_the_check_reports_no_third_party_host() {
    let b = build_site(&fixture("embeds"), &[]);
    let article = b.read("articles/inhaler-video/index.html");
    assert!(
        article.contains("<meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">")
    );
    assert!(
        article.contains("frame-src https://player.vimeo.com https://www.youtube-nocookie.com;"),
        "{article}"
    );
    assert!(!article.contains("<iframe"));
    assert!(article.contains("<script src=\"/embed.js\" defer></script>"));
    let about = b.read("tags/index.html");
    assert!(about.contains("frame-src 'none'"));
    assert!(!about.contains("/embed.js"));
    let headers = b.read("_headers");
    assert!(headers.contains("  X-Content-Type-Options: nosniff"));
    assert!(headers.contains("frame-src https://calendly.com https://player.vimeo.com https://www.google.com https://www.youtube-nocookie.com"));
    assert!(headers.contains("/social/*\n  X-Robots-Tag: noindex"));

    let (code, report) = json_report(&fixture("embeds"), &[]);
    assert_eq!(code, 0);
    let hosts = report["privacy"]["third_party_on_load"]
        .as_object()
        .unwrap();
    for kind in [
        "article",
        "page",
        "testimonial",
        "infographic",
        "listing",
        "home",
        "404",
    ] {
        assert_eq!(hosts[kind], serde_json::json!([]), "{kind}: {report}");
    }
    let out = carepress()
        .args(["check", "--today", TODAY, "--root"])
        .arg(fixture("embeds"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("privacy: no page contacts another site when it opens"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn a_tracker_with_a_business_associate_agreement_builds_with_a_note_and_is_audited() {
    let site = crate::common::copy_fixture("valid");
    let root = site.path();
    std::fs::create_dir_all(root.join("static/js")).unwrap();
    std::fs::write(
        root.join("static/js/analytics.js"),
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-7Q2XK4ABCD');\n",
    )
    .unwrap();
    let config = std::fs::read_to_string(root.join("carepress.yaml")).unwrap();
    std::fs::write(
        root.join("carepress.yaml"),
        format!("{config}rules:\n  trackers:\n    allow:\n      - {{ vendor: google-analytics, baa_signed_on: 2026-01-15, note: \"BAA ref 42\" }}\n"),
    )
    .unwrap();
    let (code, report) = json_report(root, &[]);
    assert_eq!(code, 0, "{report}");
    let notes: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "privacy::tracker_allowed")
        .collect();
    assert_eq!(notes.len(), 1, "{report}");
    assert_eq!(notes[0]["severity"], "note");
    assert_eq!(notes[0]["file"], "static/js/analytics.js");
    assert_eq!(notes[0]["line"], 1);
    assert!(notes[0]["message"].as_str().unwrap().contains("2026-01-15"));

    let b = build_site(root, &[]);
    assert!(
        b.read("index.html")
            .contains("script-src 'self' https://*.google-analytics.com")
    );

    let audit = carepress()
        .args([
            "consent", "audit", "--format", "json", "--today", TODAY, "--root",
        ])
        .arg(root)
        .output()
        .unwrap();
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert_eq!(audit["trackers"][0]["vendor"], "google-analytics");
    assert_eq!(audit["trackers"][0]["baa_signed_on"], "2026-01-15");
    assert_eq!(
        audit["trackers"][0]["found_in"][0],
        "static/js/analytics.js:1"
    );

    // Without the agreement the same file refuses the build.
    std::fs::write(root.join("carepress.yaml"), config).unwrap();
    let (code, report) = json_report(root, &[]);
    assert_eq!(code, 1);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "privacy::tracker" && d["file"] == "static/js/analytics.js")
    );
}
