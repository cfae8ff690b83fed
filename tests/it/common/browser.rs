//! Headless Chromium driven over WebDriver (chromedriver), with the tiny HTTP client
//! of the serve tests. Shared by the browser tests.

use super::serve::{Server, send};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The first of `names` found on PATH or in /usr/bin.
pub fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .chain([Path::new("/usr/bin").join(n)])
            .find(|p| p.is_file())
    })
}

/// The browser and its driver, or `None` when either is missing and the test should be
/// skipped (the message says so). Under CI (CI set) a missing browser fails `test`.
pub fn browser_and_driver(test: &str) -> Option<(PathBuf, PathBuf)> {
    let browser = find(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find(&["chromedriver"]);
    let (Some(browser), Some(driver)) = (browser, driver) else {
        assert!(
            !super::under_ci(),
            "CI is set but chromium and chromedriver are missing (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "SKIPPED {test}: chromium or chromedriver not found (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    Some((browser, driver))
}

/// A chromedriver with one browser session, both ended when dropped.
pub struct Driver {
    child: Child,
    addr: String,
    pub session: String,
}

impl Driver {
    /// Headless Chromium with the default arguments.
    pub fn start(driver: &Path, browser: &Path) -> Driver {
        let options = json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run"]
        });
        Driver::launch(driver, browser, options, json!({}))
    }

    /// Chromium with `options` as its `goog:chromeOptions` (the binary is added) and
    /// the keys of `extra` added to the capabilities.
    pub fn launch(driver: &Path, browser: &Path, options: Value, extra: Value) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr = format!("127.0.0.1:{port}");
        let mut d = Driver {
            child,
            addr,
            session: String::new(),
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(&d.addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut options = options;
        options["binary"] = json!(browser);
        let mut always = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options
        });
        if let (Some(always), Some(extra)) = (always.as_object_mut(), extra.as_object()) {
            always.extend(extra.clone());
        }
        let caps = json!({"capabilities": {"alwaysMatch": always}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        d
    }

    /// One WebDriver command; panics unless it answers 200.
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = self.try_call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {v}");
        v
    }

    /// One WebDriver command, with its HTTP status, whatever that is.
    pub fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let body = body.map(|b| b.to_string());
        let r = send(&self.addr, method, path, body.as_deref());
        let v: Value = serde_json::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", r.text()));
        (r.status, v)
    }

    /// A command on this session (`rest` starts with a slash).
    pub fn session_call(&self, method: &str, rest: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{rest}", self.session), body)
    }

    pub fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn eval(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )["value"]
            .clone()
    }

    /// Waits until `script` returns true; on timeout panics with the page text and
    /// the server log.
    pub fn wait_for(&self, what: &str, server: &Server, script: &str) {
        self.wait_until(what, script, || server.log());
    }

    /// Waits (30 s at most) until `script` returns true; on timeout panics with the
    /// page text and `context()`.
    pub fn wait_until(&self, what: &str, script: &str, context: impl Fn() -> String) {
        let started = Instant::now();
        while self.eval(script) != Value::Bool(true) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "browser never showed {what}; page text: {}\nserver log:\n{}",
                self.eval("return document.body ? document.body.innerText : ''"),
                context()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The WebDriver id of every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.session_call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v["value"]
            .as_array()
            .unwrap_or_else(|| panic!("elements {css}: {v}"))
            .iter()
            .map(element_id)
            .collect()
    }

    /// The first element matching a CSS selector.
    pub fn find_one(&self, css: &str) -> String {
        let v = self.session_call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        element_id(&v["value"])
    }

    /// A WebDriver (user-like) click on an element.
    pub fn click(&self, element: &str) {
        self.session_call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Whether the element is rendered (WebDriver's "is displayed").
    pub fn displayed(&self, element: &str) -> bool {
        self.session_call("GET", &format!("/element/{element}/displayed"), None)["value"]
            == Value::Bool(true)
    }
}

/// The id of an element reference as WebDriver returns it.
fn element_id(v: &Value) -> String {
    v["element-6066-11e4-a52e-4f735466cecf"]
        .as_str()
        .unwrap_or_else(|| panic!("not an element: {v}"))
        .to_string()
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                send(
                    &self.addr,
                    "DELETE",
                    &format!("/session/{}", self.session),
                    None,
                )
            }));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
