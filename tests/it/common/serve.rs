//! Running `carepress serve` on a temporary copy of a fixture site, and a tiny HTTP
//! client for talking to it (raw requests, so odd targets reach the server as written).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request with the target exactly as given.
pub fn request(addr: &str, method: &str, target: &str) -> Response {
    send(addr, method, target, None)
}

/// Sends one request, with a JSON body if given; reads the answer by its
/// Content-Length (chromedriver keeps connections open) or to the end.
pub fn send(addr: &str, method: &str, target: &str, json: Option<&str>) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = json.unwrap_or("");
    let typed = if json.is_some() {
        "Content-Type: application/json\r\n"
    } else {
        ""
    };
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{typed}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let mut split = None;
    loop {
        if split.is_none() {
            split = raw.windows(4).position(|w| w == b"\r\n\r\n");
        }
        if let Some(at) = split {
            let head = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| raw.len() >= at + 4 + n) {
                break;
            }
        }
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => panic!("{method} {target}: {e}"),
        }
    }
    let split = split.expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A running `carepress serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
    pub root: PathBuf,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Serves a copy of `tests/fixtures/valid` on a free port.
    pub fn start(extra: &[&str]) -> Server {
        Server::start_fixture("valid", extra)
    }

    /// Serves a copy of `tests/fixtures/<name>` on a free port.
    pub fn start_fixture(name: &str, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        super::copy_dir(&super::fixture(name), &root);
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("carepress"))
            .args(["serve", "--port", "0", "--today", super::TODAY, "--root"])
            .arg(&root)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let started = Instant::now();
        let addr = loop {
            let text = log.lock().unwrap().clone();
            if let Some(rest) = text.split(" at http://").nth(1) {
                if let Some(a) = rest.split('/').next() {
                    break a.to_string();
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "serve did not start:\n{text}"
            );
            if let Ok(Some(status)) = child.try_wait() {
                panic!("serve exited with {status}:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Server {
            child,
            addr,
            root,
            log,
            _dir: dir,
        }
    }

    pub fn get(&self, target: &str) -> Response {
        request(&self.addr, "GET", target)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Number of rebuilds reported so far (one terminal line each).
    pub fn rebuilds(&self) -> usize {
        self.log()
            .lines()
            .filter(|l| l.contains(" changed: "))
            .count()
    }

    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let p = self.root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    /// Polls `check` until it is true; panics with the server log after `secs`.
    pub fn wait_until(&self, what: &str, secs: u64, mut check: impl FnMut() -> bool) {
        let started = Instant::now();
        while !check() {
            assert!(
                started.elapsed() < Duration::from_secs(secs),
                "timed out waiting for {what}; server log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Sends SIGINT (as Ctrl-C does) and returns the exit code.
    pub fn interrupt(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let started = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50));
                return (s.code(), self.log());
            }
            assert!(started.elapsed() < Duration::from_secs(10), "no exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An open live-reload stream.
pub struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    pub fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__carepress/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        // The response head arrives at once.
        let started = Instant::now();
        while !e.seen.contains("\r\n\r\n") && started.elapsed() < Duration::from_secs(5) {
            e.pump();
        }
        e
    }

    fn pump(&mut self) {
        let mut buf = [0u8; 4096];
        if let Ok(n) = self.stream.read(&mut buf) {
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }

    pub fn head(&self) -> &str {
        self.seen.split("\r\n\r\n").next().unwrap_or("")
    }

    /// Waits for the next `reload` event and returns its data.
    pub fn next_reload(&mut self, secs: u64) -> Option<String> {
        let started = Instant::now();
        loop {
            if let Some(at) = self.seen.find("event: reload\ndata: ") {
                let rest = &self.seen[at + 20..];
                if let Some(end) = rest.find('\n') {
                    let data = rest[..end].to_string();
                    self.seen = rest[end..].to_string();
                    return Some(data);
                }
            }
            if started.elapsed() > Duration::from_secs(secs) {
                return None;
            }
            self.pump();
        }
    }
}
