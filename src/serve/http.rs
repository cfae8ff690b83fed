//! A small HTTP/1.1 server over std's `TcpListener`, one thread per connection: the
//! preview has a handful of browser tabs, so no async runtime is needed (and none is
//! compiled). Only files of the in-memory site are served: request paths are looked
//! up in a map, never joined to a folder, and suspicious paths are refused outright.

use super::overlay;
use super::reload::Reloads;
use super::site::ServedSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The live-reload event stream.
pub const EVENTS_PATH: &str = "/__carepress/events";
/// Largest request head accepted (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once (event streams included); more get 503.
const MAX_CONNECTIONS: usize = 256;
/// How often an idle event stream sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the server shares with the rebuild loop.
#[derive(Clone)]
pub struct Shared {
    pub site: Arc<ServedSite>,
    pub reloads: Arc<Reloads>,
}

/// Accepts connections until the process ends.
pub fn run(listener: TcpListener, shared: Shared) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"busy\n",
                &[],
                false,
            );
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let shared = shared.clone();
        let guard = Arc::clone(&active);
        let spawned = std::thread::Builder::new()
            .name("carepress-http".into())
            .spawn(move || {
                handle(stream, &shared);
                guard.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    BadRequest,
}

/// Decodes a request target into a site path without its leading slash, refusing
/// anything that is not a plain path inside the site: `..` or `.` segments (also
/// percent-encoded), backslashes, empty segments (`//`), NUL and control characters,
/// and targets that are not origin-form (absolute URLs, `*`).
pub fn site_path(target: &str) -> Result<String, PathError> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(PathError::BadRequest);
    };
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(PathError::BadRequest)?;
            let hex = std::str::from_utf8(hex).map_err(|_| PathError::BadRequest)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| PathError::BadRequest)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).map_err(|_| PathError::BadRequest)?;
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Err(PathError::BadRequest);
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (n, seg) in segments.iter().enumerate() {
        let empty_inside = seg.is_empty() && n != last;
        if *seg == ".." || *seg == "." || empty_inside || seg.contains(':') && n == 0 {
            return Err(PathError::BadRequest);
        }
    }
    Ok(path)
}

/// Content type by file extension (the site's own outputs only).
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "avif" => "image/avif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, String)],
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Reads the request head; `None` when the client sent nothing usable.
fn read_head(stream: &TcpStream) -> Result<Option<(String, String)>, u16> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    if reader.read_line(&mut line).map_err(|_| 400u16)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(400);
    }
    let (method, target) = (method.to_string(), target.to_string());
    // Skip headers up to the blank line; none of them changes the answer.
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) => return Err(431),
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {}
            Err(_) => return Err(400),
        }
    }
    Ok(Some((method, target)))
}

fn handle(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let (method, target) = match read_head(&stream) {
        Ok(Some(r)) => r,
        Ok(None) => return,
        Err(status) => {
            let _ = respond(
                &mut stream,
                status,
                "text/plain; charset=utf-8",
                b"bad request\n",
                &[],
                false,
            );
            return;
        }
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        let _ = respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            &[("Allow", "GET, HEAD".into())],
            false,
        );
        return;
    }
    let path = match site_path(&target) {
        Ok(p) => p,
        Err(PathError::BadRequest) => {
            let _ = respond(
                &mut stream,
                400,
                "text/plain; charset=utf-8",
                b"bad request\n",
                &[],
                head_only,
            );
            return;
        }
    };
    let own = match format!("/{path}").as_str() {
        super::reload::SCRIPT_PATH => {
            Some(("text/javascript; charset=utf-8", super::reload::SCRIPT))
        }
        super::overlay::STYLE_PATH => Some(("text/css; charset=utf-8", super::overlay::STYLE)),
        _ => None,
    };
    if let Some((ctype, body)) = own {
        let _ = respond(&mut stream, 200, ctype, body.as_bytes(), &[], head_only);
        return;
    }
    if format!("/{path}") == EVENTS_PATH {
        let since = target
            .split_once("since=")
            .and_then(|(_, v)| v.split('&').next())
            .and_then(|v| v.parse::<u64>().ok());
        events(stream, shared, since);
        return;
    }
    let _ = serve_file(&mut stream, shared, &path, &target, head_only);
}

fn serve_file(
    stream: &mut TcpStream,
    shared: &Shared,
    path: &str,
    target: &str,
    head_only: bool,
) -> std::io::Result<()> {
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some(bytes) = shared.site.get(&key) {
        let ctype = content_type(&key);
        return if ctype.starts_with("text/html") {
            let body = inject(&bytes, shared);
            respond(stream, 200, ctype, body.as_bytes(), &[], head_only)
        } else {
            respond(stream, 200, ctype, &bytes, &[], head_only)
        };
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && shared.site.contains(&format!("{path}/index.html"))
    {
        let raw = target.split(['?', '#']).next().unwrap_or("/");
        return respond(
            stream,
            301,
            "text/plain; charset=utf-8",
            b"moved\n",
            &[("Location", format!("{raw}/"))],
            head_only,
        );
    }
    let body = match shared.site.get("404.html") {
        Some(b) => inject(&b, shared),
        None => inject(
            b"<!doctype html><html><body><h1>Not found</h1></body></html>",
            shared,
        ),
    };
    respond(
        stream,
        404,
        "text/html; charset=utf-8",
        body.as_bytes(),
        &[],
        head_only,
    )
}

/// The page with the error overlay (if the last rebuild failed) and the live-reload
/// script added before `</body>`.
fn inject(bytes: &[u8], shared: &Shared) -> String {
    let html = String::from_utf8_lossy(bytes);
    let addition = format!(
        "{}{}",
        overlay::html(&shared.site.problems()),
        super::reload::script(shared.reloads.generation())
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &html[..at], &html[at..]),
        None => format!("{html}{addition}"),
    }
}

/// Server-Sent Events: one `reload` event per rebuild, comments in between.
fn events(mut stream: TcpStream, shared: &Shared, since: Option<u64>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
    if stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.flush())
        .is_err()
    {
        return;
    }
    let mut seen = since.unwrap_or_else(|| shared.reloads.generation());
    loop {
        let (generation, kind) = shared.reloads.wait(seen, KEEPALIVE);
        let message = if generation != seen {
            seen = generation;
            format!("event: reload\ndata: {}\n\n", kind.name())
        } else {
            ": keep-alive\n\n".to_string()
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_decode() {
        assert_eq!(site_path("/").unwrap(), "");
        assert_eq!(site_path("/articles/flu/?x=1").unwrap(), "articles/flu/");
        assert_eq!(site_path("/a%20b.txt").unwrap(), "a b.txt");
    }

    #[test]
    fn traversal_and_odd_targets_are_refused() {
        for t in [
            "/../etc/passwd",
            "/articles/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc",
            "/a/./b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "//etc/passwd",
            "http://example.org/",
            "*",
            "etc/passwd",
            "/c:/windows",
            "/%00",
            "/%zz",
            "/%e2%28",
        ] {
            assert_eq!(site_path(t), Err(PathError::BadRequest), "{t}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("feed.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("og.JPG"), "image/jpeg");
        assert_eq!(content_type("social/posts.json"), "application/json");
    }
}
