//! The output checked by third-party validators, so a regression in the markup, the
//! accessibility or the search fails CI rather than a reader:
//!
//! - the Nu Html Checker (`vnu.jar`, the W3C's validator) over one page of every type
//!   of the example site and of a generated 40-article site;
//! - axe-core (WCAG 2.0/2.1 A and AA rules) in headless Chromium over every page type
//!   of the example, and the home page at a phone's width;
//! - Pagefind's search in Chromium on a site served under a sub-path: a published
//!   article is found under that path, a withdrawn testimonial is not, and the page
//!   asks nothing of any host but the site.
//!
//! The tools come from npm (`vnu-jar`, `axe-core`): `CAREPRESS_VNU_JAR` and
//! `CAREPRESS_AXE_JS` name them, else the copies `.ci/run` installs under
//! `target/ci-node/`. Under CI (CI set) a missing tool fails the test; elsewhere it is
//! skipped with a message.

use crate::common::browser::{Driver, browser_and_driver, find};
use crate::common::serve::request;
use crate::common::{Built, TODAY, build_site, carepress, under_ci};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// axe over the whole page, its WCAG 2.0 and 2.1 A and AA rules only (best practices
/// and AAA are advice, not a regression).
const AXE_RUN: &str = "var done = arguments[arguments.length - 1]; \
    axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}) \
      .then(function (r) { done({ok: r.violations, passes: r.passes.length}); }, function (e) { done({err: String(e)}); });";

/// A missing tool: fails under CI (where `.ci/run` installs it), else says the test
/// is skipped and why.
fn missing(test: &str, what: &str, how: &str) {
    assert!(
        !under_ci(),
        "CI is set but {what} is missing; install it: {how}"
    );
    eprintln!("SKIPPED {test}: {what} not found ({how})");
}

/// A file of an npm package: the one `var` names, else the copy `.ci/run` installs
/// under `target/ci-node`.
fn npm_file(test: &str, var: &str, package: &str, rel: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/ci-node/node_modules")
                .join(package)
                .join(rel)
        });
    if path.is_file() {
        return Some(path);
    }
    missing(
        test,
        &format!("{rel} of the npm package {package} ({})", path.display()),
        &format!(
            "npm install --no-save --ignore-scripts --prefix target/ci-node {package} \
             as .ci/run does, or set {var} to the file"
        ),
    );
    None
}

/// python3, which runs the corpus generator and the static file server.
fn python(test: &str) -> Option<PathBuf> {
    let found = find(&["python3"]);
    if found.is_none() {
        missing(test, "python3", "apt-get install python3");
    }
    found
}

/// The example site (the repository itself), built into a temporary folder.
fn build_example() -> Built {
    build_site(Path::new(env!("CARGO_MANIFEST_DIR")), &[])
}

/// A site made by `shared/bench/gen_corpus.py` (40 articles, 4 testimonials), built;
/// the folder holding its sources comes along so it outlives the build.
fn build_generated(test: &str, python: &Path) -> Option<(tempfile::TempDir, Built)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    if !script.is_file() {
        missing(
            test,
            &script.display().to_string(),
            "a copy of shared/ beside the clone, as CI lays it",
        );
        return None;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = dir.path().join("site");
    let out = Command::new(python)
        .arg(&script)
        .arg("--out")
        .arg(&site)
        .args([
            "--articles",
            "40",
            "--testimonials",
            "4",
            "--flavor",
            "carepress",
        ])
        .output()
        .expect("gen_corpus.py runs");
    assert!(
        out.status.success(),
        "gen_corpus.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = build_site(&site, &[]);
    Some((dir, built))
}

/// The page of the first item folder of `section` (in name order) that `keep` takes,
/// else a path that does not exist.
fn first_dir(public: &Path, section: &str, keep: impl Fn(&Path) -> bool) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(public.join(section))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|d| {
            d.file_name().is_some_and(|n| n != "page") && d.join("index.html").is_file() && keep(d)
        })
        .collect();
    dirs.sort();
    dirs.first().map_or_else(
        || public.join(section).join("(none)"),
        |d| d.join("index.html"),
    )
}

/// The first item folder of a section (`articles/flu-vaccine/index.html`), by name.
fn first_item(public: &Path, section: &str) -> PathBuf {
    first_dir(public, section, |_| true)
}

/// Whether a file ending in `ext` (a local video's `.mp4`) is published beside the page.
fn has_file(dir: &Path, ext: &str) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|f| f.file_name().to_string_lossy().ends_with(ext))
}

/// One page of each type a built site has, as (type, file). Types the site lacks are
/// left out; the callers say which each site must have.
fn page_types(b: &Built) -> Vec<(&'static str, PathBuf)> {
    let p = &b.public;
    let page = ["about", "contact"]
        .iter()
        .map(|s| p.join(s).join("index.html"))
        .find(|f| f.is_file())
        .unwrap_or_else(|| p.join("about/index.html"));
    [
        ("home", p.join("index.html")),
        ("article", first_item(p, "articles")),
        ("testimonial", first_item(p, "testimonials")),
        ("infographic", first_item(p, "infographics")),
        ("poll", first_item(p, "polls")),
        ("event", first_item(p, "events")),
        ("challenge", first_item(p, "challenges")),
        ("provider", first_item(p, "providers")),
        ("location", first_item(p, "locations")),
        (
            "video (local file)",
            first_dir(p, "videos", |d| has_file(d, ".mp4")),
        ),
        (
            "video (hosted)",
            first_dir(p, "videos", |d| !has_file(d, ".mp4")),
        ),
        ("tip", first_item(p, "tips")),
        ("behind the scenes", first_item(p, "team")),
        ("providers directory", p.join("providers/index.html")),
        (
            "providers filter",
            p.join("providers/specialty/family-medicine/index.html"),
        ),
        ("locations listing", p.join("locations/index.html")),
        (
            "contest rules",
            first_item(p, "challenges").with_file_name("rules/index.html"),
        ),
        ("page", page),
        ("listing", p.join("articles/index.html")),
        ("listing page 2", p.join("articles/page/2/index.html")),
        ("testimonials listing", p.join("testimonials/index.html")),
        ("infographics listing", p.join("infographics/index.html")),
        ("polls listing", p.join("polls/index.html")),
        ("events listing", p.join("events/index.html")),
        ("challenges listing", p.join("challenges/index.html")),
        ("videos listing", p.join("videos/index.html")),
        ("tips listing", p.join("tips/index.html")),
        ("behind the scenes listing", p.join("team/index.html")),
        ("topics", p.join("tags/index.html")),
        ("topic", first_item(p, "tags")),
        ("404", p.join("404.html")),
        ("search", p.join("search/index.html")),
        ("social kit preview", b.kit.join("index.html")),
    ]
    .into_iter()
    .filter(|(_, f)| f.is_file())
    .collect()
}

/// Panics unless every type in `must` is among `pages`.
fn assert_types(site: &str, pages: &[(&str, PathBuf)], must: &[&str]) {
    let absent: Vec<&&str> = must
        .iter()
        .filter(|k| !pages.iter().any(|(t, _)| t == *k))
        .collect();
    assert!(
        absent.is_empty(),
        "the {site} site has no page of type {absent:?}"
    );
}

/// Every type the example site must have (all but a second listing page: it has too
/// few articles for one).
const EXAMPLE_TYPES: &[&str] = &[
    "home",
    "article",
    "testimonial",
    "infographic",
    "poll",
    "event",
    "challenge",
    "contest rules",
    "provider",
    "location",
    "video (local file)",
    "video (hosted)",
    "tip",
    "behind the scenes",
    "providers directory",
    "providers filter",
    "locations listing",
    "page",
    "listing",
    "testimonials listing",
    "infographics listing",
    "polls listing",
    "events listing",
    "challenges listing",
    "videos listing",
    "tips listing",
    "behind the scenes listing",
    "topics",
    "topic",
    "404",
    "search",
    "social kit preview",
];

/// Every type the generated site must have (it has no pages and no infographics).
const GENERATED_TYPES: &[&str] = &[
    "home",
    "article",
    "testimonial",
    "listing",
    "listing page 2",
    "topics",
    "topic",
    "404",
    "search",
    "social kit preview",
];

/// Java and the Nu Html Checker's jar, or `None` (skipped, or failed under CI).
fn java_and_vnu(test: &str) -> Option<(PathBuf, PathBuf)> {
    let Some(java) = find(&["java"]) else {
        missing(
            test,
            "java",
            "apt-get install default-jre-headless (Java 17 or newer)",
        );
        return None;
    };
    let vnu = npm_file(test, "CAREPRESS_VNU_JAR", "vnu-jar", "build/dist/vnu.jar")?;
    Some((java, vnu))
}

pub fn every_page_type_passes_the_nu_html_checker() {
    const TEST: &str = "every_page_type_passes_the_nu_html_checker";
    let Some((java, vnu)) = java_and_vnu(TEST) else {
        return;
    };
    let Some(python) = python(TEST) else {
        return;
    };
    let example = build_example();
    let Some((_gen_dir, generated)) = build_generated(TEST, &python) else {
        return;
    };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for (site, built, must) in [
        ("example", &example, EXAMPLE_TYPES),
        ("generated", &generated, GENERATED_TYPES),
    ] {
        let pages = page_types(built);
        assert_types(site, &pages, must);
        files.extend(
            pages
                .into_iter()
                .map(|(kind, f)| (format!("{site} {kind}"), f)),
        );
    }
    // One run over every file: the JVM's start is most of the time. `--stdout`, since
    // vnu writes its report to stderr by default.
    let out = Command::new(&java)
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "json", "--stdout"])
        .args(files.iter().map(|(_, f)| f))
        .output()
        .expect("java runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON ({e}); exit {:?}\nstdout: {stdout}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"]
        .as_array()
        .unwrap_or_else(|| panic!("no messages in vnu's report: {report}"));
    // `non-document-error` is vnu failing to read a file: as bad as an error.
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] == "error" || m["type"] == "non-document-error")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let page = files
                .iter()
                .find(|(_, f)| url.ends_with(&f.display().to_string()))
                .map_or(url, |(kind, _)| kind.as_str());
            format!(
                "{page} ({url}) line {}: {}\n    {}",
                m["lastLine"],
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', " ")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu Html Checker found {} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        out.status.success(),
        "vnu exited {:?} with no error in its report: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "vnu {}: {} pages, no error",
        report["version"].as_str().unwrap_or("?"),
        files.len()
    );
}

/// Headless Chromium with its background traffic off, at a desktop size, with
/// `extra` capabilities. No host name resolves, so nothing a page asks of another host
/// leaves the machine; the request is still made, and recorded.
fn chromium(driver: &Path, browser: &Path, extra: Value) -> Driver {
    let d = Driver::launch(
        driver,
        browser,
        json!({ "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--disable-domain-reliability", "--window-size=1280,900",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
        ]}),
        extra,
    );
    d.session_call("POST", "/timeouts", Some(json!({ "script": 60_000 })));
    d
}

/// Opens `url` and waits for its load.
fn open(d: &Driver, url: &str) {
    d.goto(url);
    d.wait_until(
        &format!("{url} loaded"),
        "return document.readyState === 'complete'",
        || url.to_string(),
    );
}

/// Runs axe on the open page; each violation as one line (rule, impact, help, the first
/// elements it names, what is wrong with the first).
fn axe_violations(d: &Driver, axe: &str) -> Vec<String> {
    d.eval(axe);
    let v = d.session_call(
        "POST",
        "/execute/async",
        Some(json!({ "script": AXE_RUN, "args": [] })),
    )["value"]
        .clone();
    let violations = v["ok"]
        .as_array()
        .unwrap_or_else(|| panic!("axe.run failed: {v}"));
    // A page axe found nothing to check on would pass without having been read.
    assert!(
        v["passes"].as_u64().is_some_and(|n| n > 0),
        "axe checked nothing on {}",
        d.eval("return location.href")
    );
    violations
        .iter()
        .map(|x| {
            let nodes = x["nodes"].as_array().map_or(&[][..], Vec::as_slice);
            let targets: Vec<String> = nodes
                .iter()
                .take(3)
                .map(|n| n["target"].to_string())
                .collect();
            format!(
                "{} ({}): {} [{} elements: {}]\n    {}",
                x["id"].as_str().unwrap_or("?"),
                x["impact"].as_str().unwrap_or("?"),
                x["help"].as_str().unwrap_or("?"),
                nodes.len(),
                targets.join(", "),
                nodes
                    .first()
                    .and_then(|n| n["failureSummary"].as_str())
                    .unwrap_or("")
                    .replace('\n', " ")
            )
        })
        .collect()
}

/// The site path of a built page (`articles/flu/index.html` is `/articles/flu/`).
fn site_path(public: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(public)
        .expect("a page of the site")
        .to_string_lossy()
        .replace('\\', "/");
    format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel))
}

pub fn every_page_type_has_no_axe_violations() {
    const TEST: &str = "every_page_type_has_no_axe_violations";
    let Some((browser, driver)) = browser_and_driver(TEST) else {
        return;
    };
    let Some(axe_js) = npm_file(TEST, "CAREPRESS_AXE_JS", "axe-core", "axe.min.js") else {
        return;
    };
    let Some(python) = python(TEST) else {
        return;
    };
    let axe = std::fs::read_to_string(&axe_js).expect("axe.min.js is readable");
    let example = build_example();
    let pages = page_types(&example);
    assert_types("example", &pages, EXAMPLE_TYPES);
    let server = crate::common::static_server::StaticServer::start(&python, &example.public);
    let d = chromium(&driver, &browser, json!({}));
    let mut found = Vec::new();
    let mut checked = Vec::new();
    for (kind, file) in &pages {
        // The kit opens from disk, as the team opens it; the site over HTTP.
        let url = if file.starts_with(&example.kit) {
            format!("file://{}", file.display())
        } else if *kind == "search" {
            server.url("/search/?q=blood")
        } else {
            server.url(&site_path(&example.public, file))
        };
        open(&d, &url);
        if *kind == "search" {
            d.wait_until(
                "search results for 'blood'",
                "return document.querySelectorAll('.pagefind-ui__result-link').length > 0",
                || url.clone(),
            );
        }
        found.extend(
            axe_violations(&d, &axe)
                .into_iter()
                .map(|v| format!("{kind} {url}: {v}")),
        );
        checked.push(*kind);
    }
    // A phone's width (an iPhone's 390 CSS px), where the header and menu are laid out
    // differently.
    d.session_call(
        "POST",
        "/window/rect",
        Some(json!({ "width": 390, "height": 844 })),
    );
    let home = server.url("/");
    open(&d, &home);
    assert_eq!(
        d.eval("return window.innerWidth"),
        json!(390),
        "the window did not narrow to 390 px"
    );
    found.extend(
        axe_violations(&d, &axe)
            .into_iter()
            .map(|v| format!("home at 390 px {home}: {v}")),
    );
    // Not in axe's rules but in WCAG 1.4.10 (reflow): nothing makes the page scroll
    // sideways, and the header (logo, search, call) keeps to one row above the menu.
    let layout = d.eval(
        "var top = function (s) { var e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().top) : null; }; \
         return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, \
                 brand: top('.brand'), search: top('.site-search'), call: top('.header-call')};",
    );
    assert!(
        layout["scroll"].as_i64() <= layout["client"].as_i64(),
        "the home page scrolls sideways at 390 px: {layout}"
    );
    assert!(
        layout["brand"] == layout["search"] && layout["brand"] == layout["call"],
        "the header wraps at 390 px: {layout}"
    );
    assert!(
        found.is_empty(),
        "axe found {} violations:\n{}",
        found.len(),
        found.join("\n")
    );
    eprintln!(
        "axe: no violation on {} page types and the home page at 390 px ({})",
        checked.len(),
        checked.join(", ")
    );
}

/// Where a URL goes (`127.0.0.1` of `http://127.0.0.1:8000/x`).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if authority.starts_with('[') {
        return authority.split(']').next().map_or(authority, |h| &h[1..]);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// The performance log of a Chromium session: chromedriver serves it at `/se/log`,
/// older ones at the legacy `/log`.
fn log_path(d: &Driver) -> String {
    let body = json!({ "type": "performance" });
    ["/se/log", "/log"]
        .iter()
        .find(|path| {
            let (status, v) = d.try_call(
                "POST",
                &format!("/session/{}{path}", d.session),
                Some(body.clone()),
            );
            status == 200 && v["value"].is_array()
        })
        .unwrap_or_else(|| panic!("chromedriver serves no performance log"))
        .to_string()
}

/// The URLs the page asked for since the last call (reading empties the log).
fn requests(d: &Driver, log_path: &str) -> Vec<String> {
    let v = d.session_call("POST", log_path, Some(json!({ "type": "performance" })));
    v["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
        .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
        .filter_map(|m| {
            m["message"]["params"]["request"]["url"]
                .as_str()
                .map(String::from)
        })
        .collect()
}

/// Pagefind's result links on the open page, once its search for `word` has ended.
fn results(d: &Driver, word: &str, url: &str) -> Vec<String> {
    // The message reads "Searching for …" until the search ends, then "N results for
    // …" or "No results for …"; the results then render one by one, so the wait is for
    // all N of them.
    d.wait_until(
        &format!("the search for '{word}' to end"),
        &format!(
            "var m = document.querySelector('.pagefind-ui__message'); \
             if (!m || m.textContent.indexOf('{word}') < 0 || /Searching/.test(m.textContent)) return false; \
             var t = m.textContent.trim(); if (/^No results/.test(t)) return true; \
             var n = parseInt(t, 10); \
             return n > 0 && document.querySelectorAll('.pagefind-ui__result-link').length >= Math.min(n, 5);"
        ),
        || url.to_string(),
    );
    let v = d.eval(
        "return [...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href'))",
    );
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h.as_str().map(String::from))
        .collect()
}

pub fn search_finds_published_items_under_a_sub_path_and_nothing_else() {
    const TEST: &str = "search_finds_published_items_under_a_sub_path_and_nothing_else";
    let Some((browser, driver)) = browser_and_driver(TEST) else {
        return;
    };
    let Some(python) = python(TEST) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A word of a published article's body (not its title or description), and one
    // only the withdrawn testimonial (its consent expired) has.
    let (found_word, article) = ("cuff", "blood-pressure-numbers");
    let (withdrawn_word, withdrawn) = ("lectured", "robert-k-wellness-visit");
    let source = |rel: &str| {
        std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let body = source(&format!("content/articles/{article}.md"));
    let body = body.rsplit("\n---\n").next().unwrap_or("");
    assert!(
        body.contains(found_word),
        "the example article no longer has '{found_word}' in its body: pick another word"
    );
    assert!(
        source(&format!("content/testimonials/{withdrawn}.md")).contains(withdrawn_word),
        "the withdrawn testimonial no longer says '{withdrawn_word}': pick another word"
    );

    let www = tempfile::tempdir().expect("temporary folder");
    let kit = tempfile::tempdir().expect("temporary folder");
    let out = carepress()
        .args([
            "build",
            "--today",
            TODAY,
            "--base-url",
            "https://lakeside.github.io/clinic/",
            "--root",
        ])
        .arg(root)
        .arg("--out")
        .arg(www.path().join("clinic"))
        .arg("--kit-out")
        .arg(kit.path().join("social-kit"))
        .output()
        .expect("carepress runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(withdrawn),
        "the testimonial {withdrawn} is no longer withdrawn: pick one that is"
    );

    // Without JavaScript the search page sends the reader to the topics.
    let page = std::fs::read_to_string(www.path().join("clinic/search/index.html"))
        .expect("the search page is built");
    let noscript = page
        .split_once("<noscript>")
        .and_then(|(_, rest)| rest.split_once("</noscript>"))
        .map(|(inside, _)| inside)
        .unwrap_or_else(|| panic!("the search page has no <noscript>"));
    assert!(
        noscript.contains("href=\"/clinic/tags/\""),
        "the search page's <noscript> does not link to the topics: {noscript}"
    );

    let server = crate::common::static_server::StaticServer::start(&python, www.path());
    let d = chromium(
        &driver,
        &browser,
        json!({ "goog:loggingPrefs": { "performance": "ALL" } }),
    );
    let log = log_path(&d);
    let mut seen = requests(&d, &log);

    let url = server.url(&format!("/clinic/search/?q={found_word}"));
    open(&d, &url);
    let hits = results(&d, found_word, &url);
    seen.extend(requests(&d, &log));
    assert!(
        !hits.is_empty(),
        "no result for '{found_word}', in the body of {article}"
    );
    assert!(
        hits.iter()
            .any(|h| h.starts_with(&format!("/clinic/articles/{article}/"))),
        "the results for '{found_word}' miss {article}: {hits:?}"
    );
    for href in &hits {
        assert!(
            href.starts_with("/clinic/"),
            "a result outside the sub-path: {href} (all: {hits:?})"
        );
        let path = href.split('#').next().unwrap_or(href);
        let status = request(&server.addr, "GET", path).status;
        assert_eq!(status, 200, "the result {href} answers {status}");
    }

    let url = server.url(&format!("/clinic/search/?q={withdrawn_word}"));
    open(&d, &url);
    let none = results(&d, withdrawn_word, &url);
    seen.extend(requests(&d, &log));
    assert!(
        none.is_empty(),
        "the withdrawn testimonial is found by '{withdrawn_word}': {none:?}"
    );

    let on_network: Vec<&String> = seen
        .iter()
        .filter(|u| {
            let scheme = u.split(':').next().unwrap_or("").to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp")
        })
        .collect();
    assert!(
        on_network.iter().any(|u| u.contains("/clinic/pagefind/")),
        "the performance log shows no request for Pagefind's files: {seen:#?}"
    );
    let away: Vec<&&String> = on_network
        .iter()
        .filter(|u| host_of(u) != "127.0.0.1")
        .collect();
    assert!(
        away.is_empty(),
        "the search page asked another host: {away:#?}\nall requests: {seen:#?}"
    );
    eprintln!(
        "search: '{found_word}' found {} results under /clinic/, '{withdrawn_word}' none; {} requests, all to 127.0.0.1",
        hits.len(),
        on_network.len()
    );
}

/// The provider directory in a real browser with JavaScript turned off: its filters are
/// links to static pages, so a reader narrows the list by clicking.
pub fn the_provider_directory_filters_with_javascript_off() {
    const TEST: &str = "the_provider_directory_filters_with_javascript_off";
    let Some((browser, driver)) = browser_and_driver(TEST) else {
        return;
    };
    let Some(python) = python(TEST) else {
        return;
    };
    let www = tempfile::tempdir().expect("temporary folder");
    let kit = tempfile::tempdir().expect("temporary folder");
    let out = carepress()
        .args(["build", "--today", TODAY, "--root"])
        .arg(crate::common::fixture("group"))
        .arg("--out")
        .arg(www.path())
        .arg("--kit-out")
        .arg(kit.path().join("social-kit"))
        .output()
        .expect("carepress runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = crate::common::static_server::StaticServer::start(&python, www.path());
    let d = Driver::launch(
        &driver,
        &browser,
        json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--window-size=1280,900"],
            // Content settings: 2 blocks JavaScript on every page.
            "prefs": { "profile.managed_default_content_settings.javascript": 2 }
        }),
        json!({}),
    );
    let current = |d: &Driver| {
        d.session_call("GET", "/url", None)["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let source = |d: &Driver| {
        d.session_call("GET", "/source", None)["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    // JavaScript is off: the search page's <noscript> content is a live link (with
    // scripts on, a browser keeps it as plain text and no element is found).
    d.goto(&server.url("/search/"));
    assert!(
        !d.find_all("noscript a").is_empty(),
        "JavaScript is still on in this browser"
    );
    d.goto(&server.url("/providers/"));
    assert!(source(&d).contains("Find a provider"));
    for (link, path, shows, hides) in [
        (
            "/providers/specialty/cardiology/",
            "/providers/specialty/cardiology/",
            "/providers/ada-cole/",
            Some("/providers/ben-ross/"),
        ),
        (
            "/providers/location/west/",
            "/providers/location/west/",
            "/providers/ben-ross/",
            None,
        ),
        ("/providers/", "/providers/", "/providers/ben-ross/", None),
    ] {
        let element = d.find_one(&format!("a[href='{link}']"));
        d.click(&element);
        let started = std::time::Instant::now();
        while !current(&d).ends_with(path) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "the click on {link} went to {}",
                current(&d)
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let page = source(&d);
        assert!(
            page.contains(&format!("href=\"{shows}\"")),
            "{path} does not list {shows}"
        );
        if let Some(hidden) = hides {
            assert!(
                !page.contains(&format!("href=\"{hidden}\"")),
                "{path} lists {hidden}"
            );
        }
    }
    eprintln!("provider directory: filtered by specialty and location and back, JavaScript off");
}

/// The report of the `report` fixture: the Nu Html Checker finds no error, axe no
/// violation, and Chromium asks nothing of the network when it opens it from disk.
pub fn the_report_page_passes_the_nu_html_checker_and_axe() {
    const TEST: &str = "the_report_page_passes_the_nu_html_checker_and_axe";
    let Some((java, vnu)) = java_and_vnu(TEST) else {
        return;
    };
    let Some((browser, driver)) = browser_and_driver(TEST) else {
        return;
    };
    let Some(axe_js) = npm_file(TEST, "CAREPRESS_AXE_JS", "axe-core", "axe.min.js") else {
        return;
    };
    let dir = crate::common::copy_fixture("report");
    let out = carepress()
        .args(["report", "--today", TODAY, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = dir.path().join("reports").join(TODAY).join("index.html");
    let vnu_out = Command::new(&java)
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "json", "--stdout"])
        .arg(&page)
        .output()
        .expect("java runs");
    let report: Value = serde_json::from_slice(&vnu_out.stdout).expect("vnu prints JSON");
    let errors: Vec<&Value> = report["messages"]
        .as_array()
        .map(|m| m.iter().filter(|m| m["type"] != "info").collect())
        .unwrap_or_default();
    assert!(
        errors.is_empty(),
        "the Nu Html Checker on the report: {errors:#?}"
    );

    let axe = std::fs::read_to_string(&axe_js).expect("axe.min.js is readable");
    let d = chromium(
        &driver,
        &browser,
        json!({ "goog:loggingPrefs": { "performance": "ALL" } }),
    );
    let url = format!("file://{}", page.display());
    let log = log_path(&d);
    open(&d, &url);
    let found = axe_violations(&d, &axe);
    assert!(found.is_empty(), "axe on the report:\n{}", found.join("\n"));
    let asked = requests(&d, &log);
    assert!(
        asked.iter().any(|u| u.starts_with("file://")),
        "the performance log did not record the page itself: {asked:?}"
    );
    let away: Vec<&String> = asked
        .iter()
        .filter(|u| u.starts_with("http") || u.starts_with("ws"))
        .collect();
    assert!(away.is_empty(), "the report asked the network for {away:?}");
}
