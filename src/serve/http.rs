//! The preview's HTTP server: axum on hyper (tokio), as Zola and mdBook do. Only files
//! of the in-memory site are served: request paths are decoded and checked, then
//! looked up in a map, never joined to a folder; `..`, `.`, encoded `%2e%2e`,
//! backslashes, `//` and absolute-form targets get 400. Every answer carries
//! `Cache-Control: no-store`; text is gzip-compressed for browsers that ask; files
//! answer `Range` requests (206) so video can be played and sought; live reload is a
//! Server-Sent Events stream.

use super::overlay;
use super::reload::{Reloads, SCRIPT, SCRIPT_PATH};
use super::site::{Content, DiskFile, ServedSite};
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The live-reload event stream.
pub const EVENTS_PATH: &str = "/__carepress/events";
/// How often an idle event stream sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the server shares with the rebuild loop.
#[derive(Clone)]
pub struct Shared {
    pub site: Arc<ServedSite>,
    pub reloads: Arc<Reloads>,
    /// The path the site is mounted at, as on its host (`/clinic`), or `""`. Read once
    /// when the server starts: a `base_url` whose path changes needs a restart.
    pub mount: String,
}

/// The preview's routes: the live-reload stream and its script, the overlay's
/// stylesheet, and every file of the site.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(
            SCRIPT_PATH,
            get(|| async { own_file("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            overlay::STYLE_PATH,
            get(|| async { own_file("text/css; charset=utf-8", overlay::STYLE) }),
        )
        .fallback(file)
        .with_state(shared)
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .compress_when(compressible),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Serves `listener` until the process ends, on a runtime of its own.
pub fn run(listener: std::net::TcpListener, shared: Shared) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("carepress-http")
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router(shared)).await
    })
}

/// Text is worth compressing; images, video, event streams and partial content are not.
fn compressible(
    status: StatusCode,
    _: axum::http::Version,
    headers: &HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let text = ctype.starts_with("text/") && !ctype.starts_with("text/event-stream")
        || [
            "application/json",
            "application/xml",
            "application/atom+xml",
            "image/svg+xml",
            "application/manifest+json",
        ]
        .iter()
        .any(|t| ctype.starts_with(t));
    text && status == StatusCode::OK
}

fn own_file(ctype: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, ctype)], body).into_response()
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

/// Content type by file name (`mime_guess`), with the charset for text and the Atom
/// type for the feed.
pub fn content_type(path: &str) -> String {
    if path.ends_with("feed.xml") {
        return "application/atom+xml; charset=utf-8".into();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = match mime.essence_str() {
        // mime_guess says text/xml; sitemaps and the like are application/xml.
        "text/xml" => "application/xml",
        "application/javascript" => "text/javascript",
        other => other,
    };
    let textual = essence.starts_with("text/")
        || matches!(
            essence,
            "application/xml" | "application/json" | "application/atom+xml"
        );
    if textual && essence != "application/json" {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Every file of the site; directories without a slash are redirected; anything else is 404.
async fn file(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    // Absolute-form targets ("GET http://example.org/") are not for this server.
    if uri.scheme().is_some() || uri.authority().is_some() {
        return plain(StatusCode::BAD_REQUEST, "bad request\n");
    }
    let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let mount = shared.mount.as_str();
    let target = if mount.is_empty() {
        target
    } else if let Some(rest) = target.strip_prefix(mount).filter(|r| r.starts_with('/')) {
        rest
    } else {
        // The host's root and the mount without its slash lead to the site.
        let bare = target.split(['?', '#']).next().unwrap_or("/");
        if bare == "/" || bare == mount {
            return redirect(&format!("{mount}/"));
        }
        return not_found(&shared);
    };
    let Ok(path) = site_path(target) else {
        return plain(StatusCode::BAD_REQUEST, "bad request\n");
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(content) = shared.site.get(&key) {
        let ctype = content_type(&key);
        return match &*content {
            Content::Bytes(bytes) if ctype.starts_with("text/html") => {
                ([(header::CONTENT_TYPE, ctype)], inject(bytes, &shared)).into_response()
            }
            Content::Bytes(bytes) => ranged(bytes.len() as u64, ctype, &headers, |start, end| {
                Body::from(bytes[start as usize..=end as usize].to_vec())
            }),
            Content::Disk(file) => from_disk(file, ctype, &headers).await,
        };
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && shared.site.contains(&format!("{path}/index.html"))
    {
        let raw = target.split(['?', '#']).next().unwrap_or("/");
        return redirect(&format!("{mount}{raw}/"));
    }
    not_found(&shared)
}

fn redirect(location: &str) -> Response {
    let mut r = plain(StatusCode::MOVED_PERMANENTLY, "moved\n");
    if let Ok(location) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, location);
    }
    r
}

/// The site's 404 page (or a plain one), with the reload script.
fn not_found(shared: &Shared) -> Response {
    let body = match shared.site.get("404.html").as_deref() {
        Some(Content::Bytes(b)) => inject(b, shared),
        _ => inject(
            b"<!doctype html><html><body><h1>Not found</h1></body></html>",
            shared,
        ),
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A linked file (a video), streamed from disk: the whole of it or the range asked for.
/// Its size is read again, so a file changed since the build is served as it is now.
async fn from_disk(file: &DiskFile, ctype: String, headers: &HeaderMap) -> Response {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let opened = tokio::fs::File::open(&file.path).await;
    let (mut handle, len) = match opened {
        Ok(f) => match f.metadata().await {
            Ok(meta) => (f, meta.len()),
            Err(_) => return plain(StatusCode::NOT_FOUND, "not found\n"),
        },
        Err(_) => return plain(StatusCode::NOT_FOUND, "not found\n"),
    };
    let mut range = None;
    let response = ranged(len, ctype, headers, |start, end| {
        range = Some((start, end));
        Body::empty()
    });
    let Some((start, end)) = range else {
        return response;
    };
    if handle.seek(std::io::SeekFrom::Start(start)).await.is_err() {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "cannot read the file\n");
    }
    let stream = tokio_util::io::ReaderStream::new(handle.take(end + 1 - start));
    let (mut parts, _) = response.into_parts();
    // A stream has no length of its own; players want one.
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(end + 1 - start));
    Response::from_parts(parts, Body::from_stream(stream))
}

/// A file of `len` bytes, or the part of it a `Range: bytes=…` header asks for (206);
/// `body` gives the bytes from `start` to `end` inclusive. Several ranges are answered
/// with the whole file; a range past the end is 416.
fn ranged(
    len: u64,
    ctype: String,
    headers: &HeaderMap,
    body: impl FnOnce(u64, u64) -> Body,
) -> Response {
    let whole = |body: Body| {
        (
            [
                (header::CONTENT_TYPE, ctype.clone()),
                (header::ACCEPT_RANGES, "bytes".to_string()),
            ],
            body,
        )
            .into_response()
    };
    if len == 0 {
        return whole(Body::empty());
    }
    let Some(range) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return whole(body(0, len - 1));
    };
    let ranges = http_range_header::parse_range_header(range).and_then(|r| r.validate(len));
    match ranges {
        Ok(r) if r.len() == 1 => {
            let (start, end) = (*r[0].start(), *r[0].end());
            let part = body(start, end);
            (
                StatusCode::PARTIAL_CONTENT,
                [
                    (header::CONTENT_TYPE, ctype),
                    (header::ACCEPT_RANGES, "bytes".to_string()),
                    (header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}")),
                ],
                part,
            )
                .into_response()
        }
        Ok(_) => whole(body(0, len - 1)),
        Err(_) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{len}"))],
        )
            .into_response(),
    }
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

#[derive(serde::Deserialize)]
struct Since {
    since: Option<u64>,
}

/// Server-Sent Events: one `reload` event per rebuild (at once if the page was served
/// before the latest one), comments in between.
async fn events(State(shared): State<Shared>, Query(q): Query<Since>) -> impl IntoResponse {
    let receiver = shared.reloads.subscribe();
    let seen = q.since.unwrap_or_else(|| shared.reloads.generation());
    let retry = futures_util::stream::once(async {
        Ok::<_, Infallible>(Event::default().retry(Duration::from_millis(1000)))
    });
    let reloads = futures_util::stream::unfold((receiver, seen), |(mut rx, mut seen)| async move {
        loop {
            let (generation, kind) = *rx.borrow_and_update();
            if generation != seen {
                seen = generation;
                let event = Event::default().event("reload").data(kind.name());
                return Some((Ok::<_, Infallible>(event), (rx, seen)));
            }
            if rx.changed().await.is_err() {
                return None;
            }
        }
    });
    Sse::new(futures_util::StreamExt::chain(retry, reloads))
        .keep_alive(KeepAlive::new().interval(KEEPALIVE).text("keep-alive"))
}

#[cfg(test)]
mod tests {
    use super::super::reload::ReloadKind;
    use super::*;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    fn site() -> Shared {
        let site = Arc::new(ServedSite::default());
        site.update(
            vec![
                (
                    "index.html".into(),
                    b"<html><body><h1>Home</h1></body></html>".to_vec(),
                ),
                (
                    "articles/flu/index.html".into(),
                    b"<html><body>Flu</body></html>".to_vec(),
                ),
                ("style.css".into(), b"body{color:red}".repeat(20)),
                ("video.mp4".into(), (0u8..=99).collect()),
                (
                    "404.html".into(),
                    b"<html><body>Lost</body></html>".to_vec(),
                ),
            ],
            &Default::default(),
        );
        Shared {
            site,
            reloads: Arc::new(Reloads::default()),
            mount: String::new(),
        }
    }

    fn get(
        shared: &Shared,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        runtime().block_on(async {
            let mut req = Request::builder().method(method).uri(uri);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let r = router(shared.clone())
                .oneshot(req.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let (parts, body) = r.into_parts();
            let bytes = body.collect().await.unwrap().to_bytes().to_vec();
            (parts.status, parts.headers, bytes)
        })
    }

    #[test]
    fn a_site_with_a_sub_path_is_served_under_it_only() {
        let s = Shared {
            mount: "/clinic".into(),
            ..site()
        };
        let (status, _, body) = get(&s, Method::GET, "/clinic/", &[]);
        assert_eq!(status, StatusCode::OK);
        assert!(String::from_utf8(body).unwrap().contains("Home"));
        assert_eq!(
            get(&s, Method::GET, "/clinic/style.css", &[]).0,
            StatusCode::OK
        );
        for (from, to) in [
            ("/", "/clinic/"),
            ("/clinic", "/clinic/"),
            ("/clinic/articles/flu", "/clinic/articles/flu/"),
        ] {
            let (status, h, _) = get(&s, Method::GET, from, &[]);
            assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{from}");
            assert_eq!(h[header::LOCATION], to, "{from}");
        }
        for outside in [
            "/style.css",
            "/articles/flu/",
            "/clinicx/",
            "/other/clinic/",
        ] {
            assert_eq!(
                get(&s, Method::GET, outside, &[]).0,
                StatusCode::NOT_FOUND,
                "{outside}"
            );
        }
        assert_eq!(
            get(&s, Method::GET, "/clinic/../style.css", &[]).0,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            get(&s, Method::GET, super::SCRIPT_PATH, &[]).0,
            StatusCode::OK
        );
    }

    #[test]
    fn pages_come_from_memory_with_the_reload_script_and_no_caching() {
        let s = site();
        let (status, h, body) = get(&s, Method::GET, "/", &[]);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let body = String::from_utf8(body).unwrap();
        assert!(
            body.contains("carepress-live-reload") && body.contains(EVENTS_PATH),
            "{body}"
        );
        let (status, h, _) = get(&s, Method::GET, "/articles/flu", &[]);
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(h[header::LOCATION], "/articles/flu/");
        let (status, _, body) = get(&s, Method::GET, "/nowhere/", &[]);
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(String::from_utf8(body).unwrap().contains("Lost"));
    }

    #[test]
    fn head_and_other_methods() {
        let s = site();
        let (status, h, body) = get(&s, Method::HEAD, "/style.css", &[]);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::CONTENT_LENGTH], "300");
        assert!(body.is_empty());
        let (status, h, _) = get(&s, Method::POST, "/", &[]);
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(h[header::ALLOW], "GET, HEAD");
    }

    #[test]
    fn ranges_give_partial_content() {
        let s = site();
        let (status, h, body) = get(&s, Method::GET, "/video.mp4", &[("range", "bytes=10-19")]);
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(h[header::CONTENT_RANGE], "bytes 10-19/100");
        assert_eq!(body, (10u8..=19).collect::<Vec<_>>());
        let (status, _, body) = get(&s, Method::GET, "/video.mp4", &[("range", "bytes=-5")]);
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(body, (95u8..=99).collect::<Vec<_>>());
        let (status, h, _) = get(&s, Method::GET, "/video.mp4", &[("range", "bytes=500-")]);
        assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(h[header::CONTENT_RANGE], "bytes */100");
        let (status, h, body) = get(&s, Method::GET, "/video.mp4", &[]);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::ACCEPT_RANGES], "bytes");
        assert_eq!(body.len(), 100);
    }

    #[test]
    fn a_linked_file_is_streamed_from_disk_with_ranges() {
        let s = site();
        let dir = tempfile::tempdir().unwrap();
        let video = dir.path().join("clip.mp4");
        std::fs::write(&video, (0u8..=199).collect::<Vec<_>>()).unwrap();
        let file = DiskFile::of(&video).unwrap();
        s.site.update(
            vec![("clip.mp4".to_string(), Content::Disk(file))],
            &Default::default(),
        );
        let (status, h, body) = get(&s, Method::GET, "/clip.mp4", &[("range", "bytes=150-")]);
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(h[header::CONTENT_RANGE], "bytes 150-199/200");
        assert_eq!(h[header::CONTENT_LENGTH], "50");
        assert_eq!(body, (150u8..=199).collect::<Vec<_>>());
        let (status, h, body) = get(&s, Method::GET, "/clip.mp4", &[]);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::CONTENT_LENGTH], "200");
        assert_eq!(body.len(), 200);
        // Changed on disk since the build: served as it is now.
        std::fs::write(&video, [7u8; 10]).unwrap();
        let (status, _, body) = get(&s, Method::GET, "/clip.mp4", &[]);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, [7u8; 10]);
        std::fs::remove_file(&video).unwrap();
        let (status, _, _) = get(&s, Method::GET, "/clip.mp4", &[]);
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn text_is_compressed_for_browsers_that_ask() {
        let s = site();
        let (_, h, body) = get(
            &s,
            Method::GET,
            "/style.css",
            &[("accept-encoding", "gzip")],
        );
        assert_eq!(h[header::CONTENT_ENCODING], "gzip");
        assert!(body.len() < 300);
        let (_, h, _) = get(
            &s,
            Method::GET,
            "/video.mp4",
            &[("accept-encoding", "gzip")],
        );
        assert!(h.get(header::CONTENT_ENCODING).is_none());
        let (_, h, _) = get(&s, Method::GET, "/style.css", &[]);
        assert!(h.get(header::CONTENT_ENCODING).is_none());
    }

    #[test]
    fn traversal_is_refused_by_the_router() {
        let s = site();
        for t in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/./b",
            "/a%5c..%5cb",
            "/%00",
        ] {
            let (status, _, _) = get(&s, Method::GET, t, &[]);
            assert_eq!(status, StatusCode::BAD_REQUEST, "{t}");
        }
    }

    #[test]
    fn a_browser_that_missed_a_rebuild_hears_of_it_at_once() {
        let s = site();
        let before = s.reloads.generation();
        s.reloads.notify(ReloadKind::Css);
        runtime().block_on(async {
            let r = router(s.clone())
                .oneshot(
                    Request::builder()
                        .uri(format!("{EVENTS_PATH}?since={before}"))
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(r.headers()[header::CONTENT_TYPE], "text/event-stream");
            let mut body = r.into_body();
            let mut seen = String::new();
            while !seen.contains("event: reload") {
                let frame = body.frame().await.unwrap().unwrap();
                if let Some(data) = frame.data_ref() {
                    seen.push_str(&String::from_utf8_lossy(data));
                }
            }
            assert!(seen.contains("retry: 1000"), "{seen}");
            assert!(seen.contains("event: reload\ndata: css\n"), "{seen}");
        });
    }

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
        assert_eq!(content_type("embed.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("clip.mp4"), "video/mp4");
        assert_eq!(
            content_type("social/calendar.ics"),
            "text/calendar; charset=utf-8"
        );
    }
}
