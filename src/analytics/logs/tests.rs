use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::parse::{TimeCache, parse_fast, parse_line};
use super::*;

const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// A fresh directory per test (tests run in parallel), removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

fn temp_dir() -> TempDir {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "logscan-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A combined-format line at `min:sec` past 2026-09-01 10:00 UTC.
fn line(
    ip: &str,
    min: u32,
    sec: u32,
    target: &str,
    status: u16,
    referer: &str,
    ua: &str,
) -> String {
    format!(
        "{ip} - - [01/Sep/2026:{:02}:{:02}:{sec:02} +0000] \"GET {target} HTTP/1.1\" {status} 512 \"{referer}\" \"{ua}\"\n",
        10 + min / 60,
        min % 60
    )
}

fn opts() -> LogOptions {
    LogOptions {
        goals: vec!["/contact/".into(), "/appointments/".into()],
        ..LogOptions::default()
    }
}

fn run(text: &str) -> LogSummary {
    let dir = temp_dir();
    let p = write(&dir, "access.log", text.as_bytes());
    analyse(&[p], &opts())
}

fn source(s: &LogSummary, name: &str) -> Counts {
    s.by_source.get(name).copied().unwrap_or_default()
}

#[test]
fn parses_a_combined_line() {
    let text = b"192.0.2.7 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a/?utm_source=x HTTP/1.1\" 200 2326 \"https://t.co/\" \"Mozilla/5.0 (Android)\"";
    let l = parse_line(text, &mut TimeCache::default()).unwrap();
    assert_eq!(l.ip, b"192.0.2.7");
    let expected: jiff::Timestamp = "2000-10-10T20:55:36Z".parse().unwrap();
    assert_eq!(l.time, expected.as_second());
    assert_eq!(l.method, b"GET");
    assert_eq!(l.target, b"/a/?utm_source=x");
    assert_eq!(l.status, 200);
    assert_eq!(l.referer, b"https://t.co/");
    assert_eq!(l.agent, b"Mozilla/5.0 (Android)");
}

#[test]
fn parses_escaped_quotes_absolute_targets_and_invalid_utf8() {
    let text = b"::1 - - [01/Feb/2024:00:00:00 +0130] \"GET http://h.example/p?q=\\\"x\\\" HTTP/1.0\" 301 - \"-\" \"Moz\xff\\\"illa\"";
    let l = parse_line(text, &mut TimeCache::default()).unwrap();
    assert_eq!(l.target, b"/p?q=\\\"x\\\"");
    assert_eq!(l.status, 301);
    assert_eq!(l.agent, b"Moz\xff\\\"illa");
    let expected: jiff::Timestamp = "2024-01-31T22:30:00Z".parse().unwrap();
    assert_eq!(l.time, expected.as_second());
}

#[test]
fn common_log_format_has_no_agent_and_counts_as_bot() {
    let text = b"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"GET /index.html HTTP/1.0\" 200 2326";
    let l = parse_line(text, &mut TimeCache::default()).unwrap();
    assert_eq!((l.referer, l.agent), (&b""[..], &b""[..]));
    let s = run(std::str::from_utf8(text).unwrap());
    assert_eq!((s.requests, s.bot_requests, s.visits), (1, 1, 0));
}

#[test]
fn malformed_lines_are_counted_and_skipped_with_line_numbers() {
    let good = line("192.0.2.1", 0, 0, "/", 200, "-", UA);
    let text = format!(
        "{good}192.0.2.1 - - [31/Feb/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"{UA}\"\n\
         192.0.2.1 - - [01/Sep/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" {UA}\n\
         \n{good}not a log line at all\n192.0.2.1 - - [01/Sep/2026:10:00:00 +0000] GET / 200\n\
         192.0.2.1 - - [01/Sep/2026:10:00:00 +0000] \"GET / HTTP/1.1\" abc 1"
    );
    let s = run(&text);
    assert_eq!(s.files[0].lines, 8);
    assert_eq!(s.files[0].skipped, 5);
    assert_eq!(s.requests, 2);
    let found: Vec<(u64, LineError)> = s.malformed.iter().map(|m| (m.line, m.reason)).collect();
    assert_eq!(
        found,
        vec![
            (2, LineError::BadTimestamp),
            (3, LineError::BadQuotes),
            (6, LineError::NoTimestamp),
            (7, LineError::NoRequest),
            (8, LineError::BadStatus),
        ]
    );
    // One client, two views a second apart: a single visit.
    assert_eq!(s.visits, 1);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let body = format!(
        "\u{feff}{}{}",
        line("192.0.2.1", 0, 0, "/", 200, "-", UA).replace('\n', "\r\n"),
        line("192.0.2.2", 0, 1, "/contact/", 200, "-", UA).replace('\n', "\r\n"),
    );
    let s = run(&body);
    assert_eq!(s.files[0].skipped, 0);
    assert_eq!((s.requests, s.visits, s.conversions), (2, 2, 1));
}

#[test]
fn truncated_gzip_keeps_the_lines_before_the_damage() {
    let mut text = String::new();
    for i in 0..20_000u32 {
        // Distinct clients and pages so that the stream does not compress to almost nothing.
        let ip = format!("10.{}.{}.{}", i % 7, i % 251, i % 13);
        text += &line(
            &ip,
            (i / 60) % 600,
            i % 60,
            &format!("/p/{i}/"),
            200,
            "-",
            UA,
        );
    }
    let gz = gzip(text.as_bytes());
    let dir = temp_dir();
    let p = write(&dir, "access.log.3.gz", &gz[..gz.len() / 2]);
    let s = analyse(&[p], &opts());
    let f = &s.files[0];
    assert!(f.gzip);
    assert!(f.error.is_none(), "{:?}", f.error);
    let why = f.truncated.as_deref().unwrap_or("");
    assert!(why.contains("gzip stream ends early"), "{why}");
    assert!(f.lines > 1000 && f.lines < 20_000, "{}", f.lines);
    // Only whole lines were kept: all of them parse.
    assert_eq!((f.skipped, s.requests), (0, f.lines));
    // The complete file is not truncated.
    let p = write(&dir, "whole.gz", &gz);
    let s = analyse(&[p], &opts());
    assert_eq!(
        (s.files[0].truncated.as_deref(), s.requests),
        (None, 20_000)
    );
}

#[test]
fn corrupt_gzip_is_reported_not_fatal() {
    let mut gz = gzip(
        line("192.0.2.1", 0, 0, "/", 200, "-", UA)
            .repeat(1000)
            .as_bytes(),
    );
    let n = gz.len();
    for b in &mut gz[n / 2..n / 2 + 16] {
        *b ^= 0x5a;
    }
    let dir = temp_dir();
    let s = analyse(&[write(&dir, "a.gz", &gz)], &opts());
    assert!(s.files[0].truncated.is_some());
}

#[test]
fn bots_are_counted_not_analysed() {
    let mut text = String::new();
    for ua in [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "Mozilla/5.0 HeadlessChrome/120.0",
        "-",
        "",
        UA,
    ] {
        text += &line("192.0.2.9", 0, 0, "/", 200, "-", ua);
    }
    let s = run(&text);
    assert_eq!(
        (s.requests, s.bot_requests, s.page_views, s.visits),
        (7, 6, 1, 1)
    );
}

#[test]
fn assets_errors_and_posts_do_not_start_visits() {
    let mut text = line("192.0.2.1", 0, 0, "/style.css", 200, "-", UA);
    text += &line("192.0.2.2", 0, 0, "/missing/", 404, "-", UA);
    text += &line("192.0.2.3", 0, 0, "/IMG.JPG?x=1", 304, "-", UA);
    text += &line("192.0.2.4", 0, 0, "/contact/", 200, "-", UA).replace("GET", "POST");
    assert_eq!(run(&text).visits, 0);
    // A POST extends an open visit and can reach a goal.
    let mut text = line("192.0.2.4", 0, 0, "/", 200, "-", UA);
    text += &line("192.0.2.4", 1, 0, "/contact/", 303, "-", UA).replace("GET", "POST");
    let s = run(&text);
    assert_eq!((s.visits, s.conversions), (1, 1));
}

#[test]
fn visits_split_after_the_gap() {
    let ip = "198.51.100.4";
    let mut text = line(ip, 0, 0, "/", 200, "-", UA);
    text += &line(ip, 30, 0, "/a/", 200, "-", UA); // exactly 1800 s: same visit
    text += &line(ip, 60, 1, "/b/", 200, "-", UA); // 1801 s later: new visit
    text += &line(
        ip,
        61,
        0,
        "/c/",
        200,
        "-",
        "Other/1.0 (same IP, other agent)",
    );
    let s = run(&text);
    assert_eq!(s.visits, 3);
    let day = jiff::civil::Date::new(2026, 9, 1).unwrap();
    assert_eq!(s.by_day[&day].all.visits, 3);
    assert_eq!(s.by_day[&day].social.visits, 0);
}

#[test]
fn utm_tags_in_any_order_percent_decoded() {
    let mut text = line(
        "192.0.2.1",
        0,
        0,
        "/a/?utm_campaign=Spring%20Clinic&utm_medium=social&utm_source=FaceBook",
        200,
        "-",
        UA,
    );
    text += &line("192.0.2.1", 1, 0, "/b/?utm_source=x", 200, "-", UA);
    text += &line(
        "192.0.2.2",
        0,
        0,
        "/a/?utm_source=x&amp;utm_campaign=flu+shots#top",
        200,
        "-",
        UA,
    );
    text += &line(
        "192.0.2.3",
        0,
        0,
        "/a/?UTM_SOURCE=%4Cinked%49n&utm_source=ignored",
        200,
        "-",
        UA,
    );
    text += &line(
        "192.0.2.4",
        0,
        0,
        "/a/",
        200,
        "https://l.instagram.com/?u=x",
        UA,
    );
    text += &line("192.0.2.5", 0, 0, "/a/", 200, "https://www.google.com/", UA);
    text += &line(
        "192.0.2.6",
        0,
        0,
        "/a/?utm_source=&utm_campaign=c",
        200,
        "-",
        UA,
    );
    let s = run(&text);
    assert_eq!(s.visits, 6);
    assert_eq!(source(&s, "facebook").visits, 1);
    assert_eq!(source(&s, "x").visits, 1);
    assert_eq!(source(&s, "linkedin").visits, 1);
    assert_eq!(source(&s, "instagram").visits, 1);
    assert_eq!(source(&s, "(none)").visits, 2);
    let campaigns: Vec<(&str, &str)> = s
        .by_campaign
        .keys()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        campaigns,
        vec![
            ("(none)", "c"),
            ("facebook", "Spring Clinic"),
            ("x", "flu shots")
        ]
    );
    let day = jiff::civil::Date::new(2026, 9, 1).unwrap();
    assert_eq!(s.by_day[&day].social.visits, 4);
}

#[test]
fn conversions_need_a_goal_page_view() {
    let mut text = line("192.0.2.1", 0, 0, "/a/?utm_source=facebook", 200, "-", UA);
    text += &line("192.0.2.1", 5, 0, "/appointments/book", 200, "-", UA);
    text += &line("192.0.2.2", 0, 0, "/a/", 200, "-", UA);
    text += &line("192.0.2.2", 1, 0, "/contact", 200, "-", UA); // not "/contact/"
    text += &line("192.0.2.2", 1, 0, "/contact/map.png", 200, "-", UA); // asset
    text += &line("192.0.2.3", 0, 0, "/contact/?utm_source=x", 200, "-", UA); // lands on a goal
    let s = run(&text);
    assert_eq!((s.visits, s.conversions), (3, 2));
    assert_eq!(source(&s, "facebook").conversions, 1);
    assert_eq!(source(&s, "(none)").conversions, 0);
}

#[test]
fn out_of_order_goal_within_slack_joins_its_visit() {
    // A goal line logged after later traffic, stamped 15 minutes after its visit's landing.
    let mut text = line("192.0.2.1", 0, 0, "/a/?utm_source=x", 200, "-", UA);
    text += &line("192.0.2.1", 15, 0, "/contact/", 200, "-", UA);
    for m in 1..15 {
        text += &line(&format!("192.0.2.{}", 10 + m), m, 0, "/", 200, "-", UA);
    }
    let s = run(&text);
    assert_eq!((s.visits, s.conversions), (15, 1));
    assert_eq!(source(&s, "x").conversions, 1);
}

#[test]
fn eviction_keeps_memory_bounded_and_counts_exact() {
    // 20000 clients, one every 20 s over 4.6 days, each back after 10 minutes: 20000
    // visits, with about (gap + slack) / 20 s = 270 clients active at once.
    let mut text = String::new();
    let mut seen = Vec::new();
    for i in 0..20_000u32 {
        let t = i * 20;
        let ip = format!("10.{}.{}.{}", i / 62500, i / 250 % 250, i % 250);
        seen.push((t + 600, ip.clone()));
        while seen.first().is_some_and(|(due, _)| *due <= t) {
            let (due, ip) = seen.remove(0);
            text += &stamp_line(&ip, due, "/contact/");
        }
        text += &stamp_line(&ip, t, "/");
    }
    for (due, ip) in seen {
        text += &stamp_line(&ip, due, "/contact/");
    }
    let s = run(&text);
    assert_eq!((s.visits, s.conversions), (20_000, 20_000));
    assert!(s.peak_open_visits <= 1024, "{}", s.peak_open_visits);
}

fn stamp_line(ip: &str, t: u32, path: &str) -> String {
    format!(
        "{ip} - - [{:02}/Sep/2026:{:02}:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" 200 1 \"-\" \"{UA}\"\n",
        1 + t / 86400,
        t / 3600 % 24,
        t / 60 % 60,
        t % 60
    )
}

#[test]
fn rotated_files_given_in_reverse_order_are_sessionized_in_time_order() {
    let dir = temp_dir();
    // One visit straddles the rotation: 10:59 in the old file, 11:05 in the new one.
    let old = line("192.0.2.1", 59, 0, "/a/?utm_source=facebook", 200, "-", UA);
    let new = line("192.0.2.1", 65, 0, "/contact/", 200, "-", UA)
        + &line("192.0.2.2", 66, 0, "/", 200, "-", UA);
    let older = line("192.0.2.3", 0, 0, "/", 200, "-", UA);
    let files = [
        write(&dir, "access.log", new.as_bytes()),
        write(&dir, "access.log.1", old.as_bytes()),
        write(&dir, "access.log.2.gz", &gzip(older.as_bytes())),
    ];
    let s = analyse(&files, &opts());
    let names: Vec<_> = s
        .files
        .iter()
        .map(|f| f.path.file_name().unwrap())
        .collect();
    assert_eq!(names, ["access.log.2.gz", "access.log.1", "access.log"]);
    assert_eq!((s.visits, s.conversions), (3, 1));
    assert_eq!(
        source(&s, "facebook"),
        Counts {
            visits: 1,
            conversions: 1
        }
    );
    let first: jiff::Timestamp = "2026-09-01T10:00:00Z".parse().unwrap();
    let last: jiff::Timestamp = "2026-09-01T11:06:00Z".parse().unwrap();
    assert_eq!((s.first, s.last), (Some(first), Some(last)));
}

#[test]
fn missing_and_empty_files_are_reported() {
    let dir = temp_dir();
    let empty = write(&dir, "empty.log", b"");
    let missing = dir.join("nope.log");
    let s = analyse(&[missing, empty], &opts());
    assert_eq!(s.files.len(), 2);
    assert!(s.files.iter().any(|f| f.error.is_some()));
    assert!(s.files.iter().any(|f| f.error.is_none() && f.lines == 0));
    assert_eq!(s.requests, 0);
}

#[test]
fn a_line_longer_than_a_chunk_is_skipped() {
    let mut text = line("192.0.2.1", 0, 0, "/", 200, "-", UA);
    text += &"x".repeat(read::CHUNK + 10);
    text += "\n";
    text += &line("192.0.2.2", 0, 0, "/", 200, "-", UA);
    let s = run(&text);
    assert_eq!((s.files[0].lines, s.files[0].skipped, s.visits), (3, 1, 2));
    assert_eq!(s.malformed[0].line, 2);
    assert_eq!(s.malformed[0].reason, LineError::TooLong);
}

#[test]
fn garbage_never_panics() {
    // Deterministic pseudo-random mutations of a valid line.
    let base = line(
        "192.0.2.1",
        0,
        0,
        "/a/?utm_source=x&utm_campaign=%zz%4",
        200,
        "https://t.co/",
        UA,
    );
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut text = Vec::new();
    for _ in 0..20_000 {
        let mut l = base.as_bytes().to_vec();
        for _ in 0..3 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % (l.len() as u64 + 1)) as usize;
            match state >> 60 {
                0..=5 if at < l.len() => l[at] = (state >> 32) as u8,
                0..=9 => l.truncate(at),
                _ => l.insert(at, b"\"[] %\\\r\n"[(state >> 40) as usize % 8]),
            }
        }
        text.extend_from_slice(&l);
        text.push(b'\n');
    }
    let dir = temp_dir();
    let s = analyse(&[write(&dir, "fuzz.log", &text)], &opts());
    assert!(s.requests > 0 && s.files[0].skipped > 0);
    assert!(s.malformed.len() <= 20);
}

/// Deterministic xorshift, for mutation tests.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn fast(line: &[u8]) -> Option<parse::Line<'_>> {
    let all: Vec<usize> = memchr::memchr_iter(b'"', line).collect();
    let first: Vec<usize> = all.iter().copied().take(6).collect();
    parse_fast(line, &first, all.len(), &mut TimeCache::default())
}

#[test]
fn fast_path_agrees_with_the_careful_parser() {
    let combined = line(
        "192.0.2.1",
        0,
        0,
        "/a/?utm_source=x",
        200,
        "https://t.co/",
        UA,
    );
    let combined = combined.trim_end().as_bytes();
    let common = b"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"GET /i.html HTTP/1.0\" 200 2326";
    assert!(fast(combined).is_some() && fast(common).is_some());
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let (mut agreed, mut deferred) = (0, 0);
    for round in 0..200_000 {
        let mut l = if round % 4 == 0 {
            common.to_vec()
        } else {
            combined.to_vec()
        };
        for _ in 0..(next(&mut state) % 3) {
            let r = next(&mut state);
            let at = (r % (l.len() as u64 + 1)) as usize;
            let byte = b"\" [] \\-0x/"[(r >> 40) as usize % 10];
            match r >> 61 {
                0 | 1 if at < l.len() => l[at] = byte,
                2 if at < l.len() => {
                    l.remove(at);
                }
                _ => l.insert(at, byte),
            }
        }
        match fast(&l) {
            Some(f) => {
                agreed += 1;
                let slow = parse_line(&l, &mut TimeCache::default());
                assert_eq!(slow, Ok(f), "{}", String::from_utf8_lossy(&l));
            }
            None => deferred += 1,
        }
    }
    assert!(agreed > 10_000 && deferred > 10_000, "{agreed} {deferred}");
}
