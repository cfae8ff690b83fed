//! Click-to-load embeds in a real browser: the `embeds` fixture (a YouTube video, a
//! Vimeo video, a map, a booking widget and a hosted video item) is built and served
//! from a plain static file server, and headless Chromium opens every page type while every request is
//! recorded twice: by the DevTools performance log, and by a recording proxy that
//! Chromium must use for every host but loopback. No page may contact another host
//! when it opens; clicking a facade's button must load that vendor's frame, and only
//! that one. Without JavaScript each facade is a plain link to the vendor's page.
//!
//! Chromium's own background traffic would reach the proxy too, so it is switched off
//! or pointed at a loopback recorder (sign-in, component updater, default search
//! engine); any connection the proxy then sees is the pages' doing.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Under CI
//! (CI set) a missing browser fails the test; elsewhere it is skipped with a message.

use crate::common::browser::{Driver, browser_and_driver};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every page type of the fixture, as (page type, path).
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("article", "/articles/inhaler-video/"),
    ("page", "/visit/"),
    ("testimonial", "/testimonials/maria/"),
    ("infographic", "/infographics/bp/"),
    ("video", "/videos/inhaler-technique/"),
    ("listing", "/articles/"),
    ("topics", "/tags/"),
    ("topic", "/tags/asthma/"),
    ("404", "/404.html"),
    ("404 (missing path)", "/no-such-page/"),
];

/// Reads a request head (up to the blank line) from a fresh connection.
fn read_head(s: &mut TcpStream) -> Option<String> {
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut buf).ok()?;
        if n == 0 || raw.len() > 64 * 1024 {
            return None;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    Some(String::from_utf8_lossy(&raw).into_owned())
}

/// A minimal HTTP/1.1 static file server over a built site (GET only, one thread per
/// connection, `Connection: close`), logging each request line with its status.
struct Site {
    origin: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Site {
    fn serve(root: PathBuf) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let root = root.clone();
                let sink = Arc::clone(&sink);
                std::thread::spawn(move || Site::answer(conn, &root, &sink));
            }
        });
        Site { origin, log }
    }

    fn answer(mut s: TcpStream, root: &Path, log: &Mutex<Vec<String>>) {
        let Some(head) = read_head(&mut s) else {
            return;
        };
        let line = head.lines().next().unwrap_or("").to_string();
        let mut parts = line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let (status, kind, body) = if method != "GET" {
            (405, "text/plain; charset=utf-8", b"GET only\n".to_vec())
        } else {
            match Site::file(root, target) {
                Some(p) => (200, content_type(&p), std::fs::read(&p).unwrap()),
                None => (
                    404,
                    "text/html; charset=utf-8",
                    std::fs::read(root.join("404.html")).unwrap_or_default(),
                ),
            }
        };
        log.lock().unwrap().push(format!("{line} -> {status}"));
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        let _ = write!(
            s,
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(&body);
        let _ = s.flush();
    }

    /// The file a request target names: `/x/` is `x/index.html`; no `..`.
    fn file(root: &Path, target: &str) -> Option<PathBuf> {
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let rel = path.trim_start_matches('/');
        if !path.starts_with('/') || rel.split('/').any(|c| c == ".." || c.contains('\\')) {
            return None;
        }
        let mut p = root.join(rel);
        if path.ends_with('/') || p.is_dir() {
            p = p.join("index.html");
        }
        p.is_file().then_some(p)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "application/xml",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// One connection that reached the proxy: Chromium wanted a host other than loopback.
#[derive(Clone, Debug)]
struct Hit {
    seq: usize,
    at: Duration,
    host: String,
    line: String,
}

/// A recording proxy: notes the host of each request (`CONNECT host:443` for https,
/// `GET http://host/…` for http) and refuses it with 403.
struct Proxy {
    addr: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Proxy {
    fn start(epoch: Instant) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&hits);
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let sink = Arc::clone(&sink);
                std::thread::spawn(move || Proxy::answer(conn, epoch, &sink));
            }
        });
        Proxy { addr, hits }
    }

    fn answer(mut s: TcpStream, epoch: Instant, hits: &Mutex<Vec<Hit>>) {
        let at = epoch.elapsed();
        let line = read_head(&mut s)
            .and_then(|h| h.lines().next().map(str::to_string))
            .unwrap_or_default();
        let target = line.split_whitespace().nth(1).unwrap_or("");
        let authority = target
            .split_once("://")
            .map_or(target, |(_, rest)| rest)
            .split(['/', '?'])
            .next()
            .unwrap_or("");
        {
            let mut hits = hits.lock().unwrap();
            let seq = hits.len();
            hits.push(Hit {
                seq,
                at,
                host: host_of(authority),
                line: line.clone(),
            });
        }
        let _ = s
            .write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let _ = s.flush();
    }

    /// Every hit from the `from`-th on.
    fn since(&self, from: usize) -> Vec<Hit> {
        self.hits.lock().unwrap()[from..].to_vec()
    }

    fn count(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

/// The host of `host:port`, `[v6]:port` or a URL.
fn host_of(s: &str) -> String {
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let authority = s.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("").to_ascii_lowercase();
    }
    authority
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The browser, with its DevTools performance log and the proxy.
struct Browser {
    d: Driver,
    log_path: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Chromium's own services (sign-in's account list, the component updater, push
    /// messaging's check-in) are
    /// pointed at `services`, a recorder on loopback: they are the browser's traffic,
    /// not the page's, and would otherwise reach the proxy at unpredictable moments.
    fn start(driver: &Path, chromium: &Path, proxy: &Proxy, services: &Proxy) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--metrics-recording-only",
            "--no-default-browser-check",
            "--window-size=1280,900",
            // The theme scrolls smoothly otherwise, and chromedriver clicks before a
            // smooth scroll has brought the button into view.
            "--force-prefers-reduced-motion",
            // Background fetches the switches above leave on: network time, hints.
            "--disable-features=OptimizationHints,OptimizationGuideModelDownloading,NetworkTimeServiceQuerying,MediaRouter,Translate",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([
            format!("--user-data-dir={}", profile.path().display()),
            format!("--proxy-server=http://{}", proxy.addr),
            format!("--gaia-url=http://{}/", services.addr),
            format!("--component-updater=url-source=http://{}/", services.addr),
            // Push messaging's check-in (android.clients.google.com), seen from Chromium 148.
            format!("--gcm-checkin-url=http://{}/checkin", services.addr),
            format!("--gcm-registration-url=http://{}/register", services.addr),
            format!("--gcm-mcs-endpoint=http://{}/mcs", services.addr),
        ])
        .collect();
        // Debian's default search engine, DuckDuckGo, has the first tab (the new tab
        // page) fetch start.duckduckgo.com; a search engine on loopback fetches nothing.
        let prefs = json!({ "default_search_provider_data": { "template_url_data": {
            "keyword": "local",
            "short_name": "Local",
            "url": format!("http://{}/search?q={{searchTerms}}", services.addr)
        }}});
        let d = Driver::launch(
            driver,
            chromium,
            json!({ "args": args, "prefs": prefs }),
            json!({ "goog:loggingPrefs": { "performance": "ALL" } }),
        );
        // chromedriver serves the log at /se/log; older ones at the legacy /log.
        let body = json!({ "type": "performance" });
        let mut tried = Vec::new();
        let mut log_path = None;
        for path in ["/se/log", "/log"] {
            let (status, v) = d.try_call(
                "POST",
                &format!("/session/{}{path}", d.session),
                Some(body.clone()),
            );
            if status == 200 && v["value"].is_array() {
                log_path = Some(path.to_string());
                break;
            }
            tried.push(format!("{path}: {status} {v}"));
        }
        let log_path = log_path.unwrap_or_else(|| {
            panic!(
                "chromedriver serves no performance log:\n{}",
                tried.join("\n")
            )
        });
        Browser {
            d,
            log_path,
            _profile: profile,
        }
    }

    /// The URLs of every request since the last call (the log is emptied as it is read).
    fn requests(&self) -> Vec<String> {
        let v = self.d.session_call(
            "POST",
            &self.log_path,
            Some(json!({ "type": "performance" })),
        );
        let mut urls = Vec::new();
        for entry in v["value"].as_array().into_iter().flatten() {
            let Some(text) = entry["message"].as_str() else {
                continue;
            };
            let Ok(m) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let m = &m["message"];
            if m["method"] == "Network.requestWillBeSent" {
                if let Some(url) = m["params"]["request"]["url"].as_str() {
                    urls.push(url.to_string());
                }
            }
        }
        urls
    }

    /// Opens `url`, waits for the load and lets the page settle.
    fn open(&self, url: &str, site: &Site) {
        self.d.goto(url);
        self.d.wait_until(
            &format!("{url} loaded"),
            "return document.readyState === 'complete'",
            || site.log(),
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Whether a URL goes over the network (data:, blob:, about: and chrome: do not).
fn on_network(url: &str) -> bool {
    let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp")
}

/// A WebDriver click on `element`; if something else is in the way, says what.
fn click(d: &Driver, element: &str, what: &str) {
    let (status, v) = d.try_call(
        "POST",
        &format!("/session/{}/element/{element}/click", d.session),
        Some(json!({})),
    );
    if status != 200 {
        let at = d.session_call(
            "POST",
            "/execute/sync",
            Some(json!({
                "script": "var r = arguments[0].getBoundingClientRect(); \
                           var e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
                           return [JSON.stringify(r), e ? e.outerHTML.slice(0, 300) : null, window.scrollY, innerHeight];",
                "args": [{ "element-6066-11e4-a52e-4f735466cecf": element }]
            })),
        );
        panic!(
            "clicking {what}: {v}\nbutton box, element at its centre, scrollY, viewport: {}",
            at["value"]
        );
    }
}

/// The requests over the network that are not to the site itself.
fn foreign<'a>(urls: &'a [String], origin: &str) -> Vec<&'a String> {
    let own = format!("{origin}/");
    urls.iter()
        .filter(|u| on_network(u) && !u.starts_with(&own) && *u != origin)
        .collect()
}

fn hosts(urls: &[String], hits: &[Hit]) -> Vec<String> {
    let mut all: Vec<String> = urls
        .iter()
        .filter(|u| on_network(u))
        .map(|u| host_of(u))
        .chain(hits.iter().map(|h| h.host.clone()))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Keeps reading the performance log until `host` shows both in it and at the proxy
/// (so each record is seen to work), then a little longer; returns the proxy's hits.
fn wait_for_host(
    b: &Browser,
    proxy: &Proxy,
    mark: usize,
    seen: &mut Vec<String>,
    host: &str,
) -> Vec<Hit> {
    let started = Instant::now();
    loop {
        seen.extend(b.requests());
        let hits = proxy.since(mark);
        if seen.iter().any(|u| host_of(u) == host) && hits.iter().any(|h| h.host == host) {
            // A little longer, so whatever else the click set off is seen too.
            std::thread::sleep(Duration::from_millis(500));
            seen.extend(b.requests());
            return proxy.since(mark);
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no request to {host} in both records after the click; performance log: {seen:#?}\nproxy: {hits:#?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Opens the page at `path` and asserts it asked nothing of any host but the site (by
/// the performance log and by the proxy); the requests it made.
fn open_before_any_click(
    b: &Browser,
    proxy: &Proxy,
    site: &Site,
    path: &str,
    what: &str,
) -> Vec<String> {
    let mark = proxy.count();
    b.open(&site.url(path), site);
    let seen = b.requests();
    assert!(
        foreign(&seen, &site.origin).is_empty() && proxy.since(mark).is_empty(),
        "{what} contacted another host before a click: {seen:#?}\n{:#?}",
        proxy.since(mark)
    );
    seen
}

/// The facade figures of a built page, each as its source text.
fn figures(html: &str) -> Vec<&str> {
    html.split("<figure class=\"embed")
        .skip(1)
        .map(|rest| rest.split("</figure>").next().unwrap_or(rest))
        .collect()
}

pub fn embeds_contact_no_one_until_the_reader_clicks() {
    let Some((chromium, driver)) =
        browser_and_driver("embeds_contact_no_one_until_the_reader_clicks")
    else {
        return;
    };
    let epoch = Instant::now();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let built = crate::common::carepress()
        .args(["build", "--today", "2026-12-01", "--root"])
        .arg(crate::common::fixture("embeds"))
        .arg("--out")
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );

    // Without JavaScript a facade is a link to the vendor's page: the button that
    // would load the frame is hidden in the markup, and no frame is in the source.
    for (page, links) in [
        (
            "articles/inhaler-video/index.html",
            &[
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "https://vimeo.com/76979871",
                "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            ][..],
        ),
        (
            "visit/index.html",
            &[
                "https://www.google.com/maps/search/?api=1&amp;query=Embed%20Clinic%2C%20200%20Lake%20Street%2C%20Springfield",
                "https://calendly.com/embed-clinic/new-patient",
            ][..],
        ),
    ] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        let figs = figures(&html);
        assert_eq!(figs.len(), links.len(), "{page}: facades: {figs:#?}");
        for (fig, link) in figs.iter().zip(links) {
            assert!(
                fig.contains(&format!("<a class=\"embed__link\" href=\"{link}\"")),
                "{page}: no plain link to {link} in {fig}"
            );
            assert!(
                fig.contains("<button type=\"button\" class=\"embed__load\" hidden>"),
                "{page}: the load button is not hidden without JavaScript: {fig}"
            );
        }
        assert!(!html.contains("<iframe"), "{page}: a frame in the source");
        assert!(
            !html.contains(" src=\"http"),
            "{page}: an absolute src in the source"
        );
    }

    let site = Site::serve(public.clone());
    let proxy = Proxy::start(epoch);
    let services = Proxy::start(epoch);
    let b = Browser::start(&driver, &chromium, &proxy, &services);
    let started = epoch.elapsed();
    let mut report = Vec::new();

    // Each page type, opened without a click: only the site itself is asked for anything.
    b.open("about:blank", &site);
    let _ = b.requests();
    for (kind, path) in PAGES {
        let mark = proxy.count();
        b.open(&site.url(path), &site);
        let urls = b.requests();
        let hits = proxy.since(mark);
        let away = foreign(&urls, &site.origin);
        assert!(
            away.is_empty() && hits.is_empty(),
            "{kind} page {path} contacted another host before any click:\nnot the site: {away:#?}\nproxy: {hits:#?}\nall requests: {urls:#?}"
        );
        assert!(
            !urls.is_empty(),
            "{kind} page {path}: the performance log recorded no request at all"
        );
        assert!(
            urls.contains(&site.url(path)),
            "{kind} page {path}: the performance log does not show the page itself: {urls:#?}"
        );
        let (net, local): (Vec<&String>, Vec<&String>) = urls.iter().partition(|u| on_network(u));
        report.push(format!(
            "{kind:<19} {path:<24} {} requests, all to the site ({}){}",
            net.len(),
            net.iter()
                .map(|u| u.trim_start_matches(&site.origin))
                .collect::<Vec<_>>()
                .join(" "),
            if local.is_empty() {
                String::new()
            } else {
                format!(", and {} data: URLs", local.len())
            }
        ));
    }

    let served = site.log();
    for (kind, path) in PAGES {
        let status = if kind.contains("missing") { 404 } else { 200 };
        assert!(
            served.contains(&format!("GET {path} HTTP/1.1 -> {status}")),
            "{kind} page {path} was not answered {status}; server log:\n{served}"
        );
    }

    // The article: three facades shown by embed.js; one click loads the first video only.
    let mut seen = open_before_any_click(&b, &proxy, &site, "/articles/inhaler-video/", "article");
    let buttons = b.d.find_all(".embed__load");
    assert_eq!(buttons.len(), 3, "facade buttons on the article");
    for (i, button) in buttons.iter().enumerate() {
        assert!(
            b.d.displayed(button),
            "article facade {i}: embed.js left its button hidden"
        );
    }
    assert_eq!(
        b.d.eval("return [...document.querySelectorAll('.embed__load')].every(function (x) { return !x.hidden; })"),
        Value::Bool(true)
    );
    let first =
        b.d.find_one("figure[data-provider=\"youtube\"] .embed__load");
    assert_eq!(first, buttons[0], "the first facade is the YouTube one");
    let mark = proxy.count();
    let before_clicks = mark;
    seen.clear();
    click(&b.d, &first, "the YouTube button");
    b.d.wait_until(
        "the YouTube frame",
        "var f = document.querySelectorAll('figure.embed')[0].querySelector('iframe'); \
         return !!f && f.src.indexOf('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ') === 0",
        || site.log(),
    );
    let hits = wait_for_host(&b, &proxy, mark, &mut seen, "www.youtube-nocookie.com");
    let after = hosts(&seen, &hits);
    assert_eq!(
        after,
        ["www.youtube-nocookie.com"],
        "after the YouTube click: requests {seen:#?}\nproxy {hits:#?}"
    );
    assert!(
        !seen.iter().any(|u| u.contains("aqz-KE-bpKQ")),
        "the second video loaded with the first: {seen:#?}"
    );
    assert_eq!(
        b.d.eval("return document.querySelectorAll('figure.embed iframe').length === 1 && document.querySelectorAll('.embed__load').length === 2"),
        Value::Bool(true),
        "other facades changed by the click"
    );
    report.push(format!(
        "article: YouTube click -> {after:?} (perf log {} requests: {seen:?}; proxy {:?})",
        seen.len(),
        hits.iter()
            .map(|h| format!("#{} {:.2}s {}", h.seq, h.at.as_secs_f64(), h.line))
            .collect::<Vec<_>>()
    ));

    // The visit page: the map, then the booking widget, each only when clicked.
    open_before_any_click(&b, &proxy, &site, "/visit/", "visit page");
    let buttons = b.d.find_all(".embed__load");
    assert_eq!(buttons.len(), 2, "facade buttons on the visit page");
    for (i, button) in buttons.iter().enumerate() {
        assert!(
            b.d.displayed(button),
            "visit facade {i}: embed.js left its button hidden"
        );
    }
    for (provider, frame, host, untouched) in [
        (
            "google-maps",
            "https://www.google.com/maps?q=",
            "www.google.com",
            &["calendly"][..],
        ),
        (
            "calendly",
            "https://calendly.com/embed-clinic/new-patient",
            "calendly.com",
            &[][..],
        ),
    ] {
        let button = b.d.find_one(&format!(
            "figure[data-provider=\"{provider}\"] .embed__load"
        ));
        let mark = proxy.count();
        let mut seen = Vec::new();
        click(&b.d, &button, provider);
        b.d.wait_until(
            &format!("the {provider} frame"),
            &format!(
                "var f = document.querySelector('figure[data-provider=\"{provider}\"] iframe'); \
                 return !!f && f.src.indexOf('{frame}') === 0"
            ),
            || site.log(),
        );
        let hits = wait_for_host(&b, &proxy, mark, &mut seen, host);
        let after = hosts(&seen, &hits);
        assert_eq!(
            after,
            [host],
            "after the {provider} click: requests {seen:#?}\nproxy {hits:#?}"
        );
        for other in untouched {
            assert_eq!(
                b.d.eval(&format!(
                    "return !document.querySelector('figure[data-provider=\"{other}\"] iframe')"
                )),
                Value::Bool(true),
                "the {other} facade loaded without its own click"
            );
        }
        report.push(format!(
            "visit: {provider} click -> {after:?} (perf log {} requests: {seen:?}; proxy {:?})",
            seen.len(),
            hits.iter()
                .map(|h| format!("#{} {:.2}s {}", h.seq, h.at.as_secs_f64(), h.line))
                .collect::<Vec<_>>()
        ));
    }

    // The hosted video item's own page: its facade loads the privacy-enhanced player
    // only when clicked.
    open_before_any_click(
        &b,
        &proxy,
        &site,
        "/videos/inhaler-technique/",
        "video page",
    );
    let button = b.d.find_one(".embed__load");
    assert!(
        b.d.displayed(&button),
        "the video page's load button is hidden"
    );
    let mark = proxy.count();
    let mut seen = Vec::new();
    click(&b.d, &button, "the video page's button");
    b.d.wait_until(
        "the video item's frame",
        "var f = document.querySelector('iframe'); \
         return !!f && f.src.indexOf('https://www.youtube-nocookie.com/embed/M7lc1UVf-VE') === 0",
        || site.log(),
    );
    let hits = wait_for_host(&b, &proxy, mark, &mut seen, "www.youtube-nocookie.com");
    let after = hosts(&seen, &hits);
    assert_eq!(
        after,
        ["www.youtube-nocookie.com"],
        "after the video page's click: requests {seen:#?}\nproxy {hits:#?}"
    );
    report.push(format!("video page: click -> {after:?}"));

    report.push(format!(
        "Chromium's own services, sent to loopback: {:?}",
        services
            .since(0)
            .iter()
            .map(|h| format!("{:.2}s {}", h.at.as_secs_f64(), h.line))
            .collect::<Vec<_>>()
    ));
    let all = proxy.since(0);
    assert_eq!(
        before_clicks, 0,
        "the proxy was asked for another host before the first click: {all:#?}"
    );
    report.push(format!(
        "proxy saw {} connections in all, every one after a click: {:?}; browser part took {:.1}s",
        all.len(),
        all.iter()
            .map(|h| format!("#{} {:.2}s {}", h.seq, h.at.as_secs_f64(), h.host))
            .collect::<Vec<_>>(),
        (epoch.elapsed() - started).as_secs_f64()
    ));
    eprintln!("{}", report.join("\n"));
}
