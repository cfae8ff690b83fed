//! `carepress report` on the `report` fixture (a Meta export with a BOM, reordered
//! columns, a duplicate and a malformed row; an X export whose links are shortened; a
//! generic posts file; followers; response times; three rotated access logs, one gzip
//! cut short, one with malformed lines, with bot traffic): its figures are recounted
//! here from the same files by code of the test's own, and no output may hold a
//! reader's address or browser.

use crate::common::{carepress, copy_fixture};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

const TODAY: &str = "2026-12-01";

struct Run {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    json: Value,
    stdout: String,
    stderr: String,
}

fn run_json() -> Run {
    let dir = copy_fixture("report");
    let root = dir.path().to_path_buf();
    let out = carepress()
        .args(["report", "--today", TODAY, "--format", "json", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    Run {
        _dir: dir,
        root,
        json,
        stdout,
        stderr,
    }
}

/// A number as exports write it: `1,200`, `500.0`, `-` or empty (0).
fn count(cell: &str) -> Option<u64> {
    let c = cell.trim().replace(',', "");
    if c.is_empty() || c == "-" {
        return Some(0);
    }
    c.parse::<f64>()
        .ok()
        .filter(|f| f.fract() == 0.0)
        .map(|f| f as u64)
}

/// (impressions, engagements) of every readable post row of the three post exports,
/// the same post counted once (Meta: its row with the most views).
fn post_totals(analytics: &Path) -> (u64, u64) {
    let read = |name: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let text = std::fs::read_to_string(analytics.join(name)).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let headers = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect();
        (headers, rows)
    };
    let sum_of =
        |name: &str, impressions: &str, engaging: &[&str], id: Option<&str>| -> (u64, u64) {
            let (headers, rows) = read(name);
            let col = |n: &str| {
                headers
                    .iter()
                    .position(|h| h == n)
                    .unwrap_or_else(|| panic!("{name}: no {n}"))
            };
            let mut best: HashMap<String, (u64, u64)> = HashMap::new();
            let mut no_id = (0, 0);
            for row in rows {
                let Some(imp) = count(&row[col(impressions)]) else {
                    continue;
                };
                let parts: Option<Vec<u64>> =
                    engaging.iter().map(|c| count(&row[col(c)])).collect();
                let Some(parts) = parts else { continue };
                let eng: u64 = parts.iter().sum();
                match id {
                    Some(id) => {
                        let e = best.entry(row[col(id)].clone()).or_default();
                        if imp >= e.0 {
                            *e = (imp, eng);
                        }
                    }
                    None => {
                        no_id.0 += imp;
                        no_id.1 += eng;
                    }
                }
            }
            best.values().fold(no_id, |(a, b), (i, e)| (a + i, b + e))
        };
    let meta = sum_of(
        "meta_facebook_posts.csv",
        "Views",
        &["Reactions", "Comments", "Shares", "Link Clicks"],
        Some("Post ID"),
    );
    let x = sum_of(
        "tweet_activity_metrics_reportclinic_20261001_20261101_en.csv",
        "impressions",
        &["likes", "replies", "retweets", "url clicks"],
        Some("Tweet id"),
    );
    let generic = sum_of(
        "posts.csv",
        "impressions",
        &["reactions", "comments", "shares", "saves", "link_clicks"],
        None,
    );
    (meta.0 + x.0 + generic.0, meta.1 + x.1 + generic.1)
}

/// The whole lines of a log (a gzip file up to where it breaks off).
fn log_lines(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let mut d = flate2::read::MultiGzDecoder::new(&bytes[..]);
        let mut buf = [0u8; 4096];
        while let Ok(n) = d.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        let whole = out.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        String::from_utf8_lossy(&out[..whole]).into_owned()
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    text.lines().map(str::to_string).collect()
}

struct Hit {
    client: String,
    at: i64,
    method: String,
    path: String,
    query: String,
    status: u16,
    referer: String,
}

/// A Combined Log Format line, parsed by hand: `None` for a line that is not one.
fn parse(line: &str) -> Option<(Hit, String)> {
    let (ip, rest) = line.split_once(' ')?;
    let rest = rest.split_once(" [")?.1;
    let (stamp, rest) = rest.split_once("] \"")?;
    let (request, rest) = rest.split_once("\" ")?;
    let mut r = request.split(' ');
    let (method, target) = (r.next()?, r.next()?);
    let mut f = rest.splitn(3, ' ');
    let status: u16 = f.next()?.parse().ok()?;
    let _size = f.next()?;
    let quoted: Vec<&str> = f.next()?.split('"').collect();
    let (referer, agent) = (*quoted.get(1)?, *quoted.get(3)?);
    let at = jiff::Timestamp::strptime("%d/%b/%Y:%H:%M:%S %z", stamp)
        .ok()?
        .as_second();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Some((
        Hit {
            client: format!("{ip}|{agent}"),
            at,
            method: method.into(),
            path: path.into(),
            query: query.into(),
            status,
            referer: referer.into(),
        },
        agent.to_string(),
    ))
}

/// (visits, visits from social, social visits that reached a goal), by the README's
/// definitions: bots left out, page views only (no `.css`), a visit ends after 30 quiet
/// minutes, its source from the landing's `utm_source` or a social referer.
fn visit_counts(analytics: &Path) -> (u64, u64, u64) {
    let mut hits: Vec<Hit> = Vec::new();
    for f in ["access.log.2.gz", "access.log.1.gz", "access.log"] {
        for line in log_lines(&analytics.join("logs").join(f)) {
            let Some((hit, agent)) = parse(&line) else {
                continue;
            };
            let a = agent.to_lowercase();
            let bot = a.is_empty()
                || ["bot", "crawl", "spider", "facebookexternalhit"]
                    .iter()
                    .any(|m| a.contains(m));
            if bot || hit.status >= 400 || hit.path.ends_with(".css") {
                continue;
            }
            hits.push(hit);
        }
    }
    let mut by_client: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
    for h in hits {
        by_client.entry(h.client.clone()).or_default().push(h);
    }
    let social = ["facebook", "x", "bluesky"];
    let source_of = |h: &Hit| -> String {
        for pair in h.query.split('&') {
            if let Some(s) = pair.strip_prefix("utm_source=") {
                return s.to_lowercase();
            }
        }
        match h.referer.as_str() {
            r if r.contains("facebook.com") => "facebook".into(),
            r if r.starts_with("https://t.co/") => "x".into(),
            r if r.contains("bsky.app") => "bluesky".into(),
            _ => "(none)".into(),
        }
    };
    let (mut visits, mut from_social, mut converted) = (0, 0, 0);
    for (_, mut views) in by_client {
        views.sort_by_key(|h| h.at);
        let mut i = 0;
        while i < views.len() {
            // A visit starts with a GET; a POST alone starts none.
            if views[i].method != "GET" && views[i].method != "HEAD" {
                i += 1;
                continue;
            }
            let landing = i;
            let mut goal = false;
            let mut last = views[i].at;
            while i < views.len() && views[i].at - last <= 1800 {
                goal |= views[i].path == "/contact/" || views[i].path == "/appointments/";
                last = views[i].at;
                i += 1;
            }
            visits += 1;
            if social.contains(&source_of(&views[landing]).as_str()) {
                from_social += 1;
                converted += u64::from(goal);
            }
        }
    }
    (visits, from_social, converted)
}

pub fn report_figures_match_an_independent_recount() {
    let run = run_json();
    let r = &run.json;
    let analytics = run.root.join("analytics");

    let (impressions, engagements) = post_totals(&analytics);
    assert_eq!(r["overall"]["impressions"], impressions);
    assert_eq!(r["overall"]["engagements"], engagements);
    let rate = engagements as f64 * 100.0 / impressions as f64;
    assert!((r["overall"]["engagement_rate"].as_f64().unwrap() - rate).abs() < 1e-9);

    let (visits, social, converted) = visit_counts(&analytics);
    assert_eq!(r["web"]["visits"], visits, "visits");
    assert_eq!(r["web"]["social_visits"], social, "visits from social");
    assert_eq!(
        r["web"]["social_conversions"], converted,
        "conversions from social"
    );
    assert!(r["web"]["bot_requests"].as_u64().unwrap() > 0);

    // Matching: the Facebook and Bluesky rows by their UTM links, the X rows (t.co
    // links) by time and text; the hand-made posts are kept, unmatched.
    let posts = r["posts"].as_array().unwrap();
    let how = |platform: &str, slug: &str| -> Value {
        posts
            .iter()
            .find(|p| p["platform"] == platform && p["slug"] == slug)
            .map_or(Value::Null, |p| p["matched"].clone())
    };
    assert_eq!(how("facebook", "knee-pain"), "utm");
    assert_eq!(how("bluesky", "flu-shots"), "utm");
    assert_eq!(how("x", "wash-hands"), "time_and_text");
    let unmatched: Vec<&str> = posts
        .iter()
        .filter(|p| p["matched"].is_null())
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(unmatched.len(), 2, "{unmatched:?}");
    assert!(unmatched.iter().any(|t| t.contains("Halloween")));
    // The duplicate Meta row is counted once, the malformed one skipped and said.
    assert_eq!(
        posts.iter().filter(|p| p["platform"] == "facebook").count(),
        4
    );
    assert!(run.stderr.contains("warning[report::row_skipped]: row skipped: column \"Reactions\": \"abc\" is not a number"), "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[report::truncated_log]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning[report::line_skipped]: line 21 skipped"),
        "{}",
        run.stderr
    );
    // The Meta row and the garbage log line; a log line cut after its status reads as a
    // request without a user agent, which is a bot's.
    assert_eq!(r["rows_skipped"], 2);

    // Kinds come from the history: the video did best.
    let kinds: Vec<&str> = r["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["(not matched)", "article", "tip", "video"]);

    // Followers: November against October's last count.
    let facebook = r["followers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["platform"] == "facebook")
        .unwrap();
    let november = facebook["months"].as_array().unwrap().last().unwrap();
    assert_eq!(november["month"], "2026-11");
    assert_eq!(november["change"], 10);
    assert!((november["percent"].as_f64().unwrap() - 10.0 * 100.0 / 1030.0).abs() < 1e-9);

    // Responses in business hours: 1.5 h, Friday 16:00 to Monday 09:00 is 2 h, an
    // evening message answered at 08:30 is 0.5 h.
    let facebook = r["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["platform"] == "facebook")
        .unwrap();
    assert_eq!(facebook["median_hours"], 1.5);
    assert_eq!(facebook["p90_hours"], 2.0);
    let x = r["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["platform"] == "x")
        .unwrap();
    assert_eq!(
        (x["answered"].as_u64(), x["unanswered"].as_u64()),
        (Some(1), Some(1))
    );

    // Goals with their status.
    let goal = |name: &str| {
        r["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["goal"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(goal("Engagement rate")["met"], true);
    assert_eq!(
        goal("Follower growth, facebook Report Clinic")["met"],
        false
    );
    assert_eq!(goal("Response time, x")["met"], false);
}

pub fn no_output_of_the_report_holds_a_readers_address_or_browser() {
    let run = run_json();
    let out = carepress()
        .args(["report", "--today", TODAY, "--root"])
        .arg(&run.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page =
        std::fs::read_to_string(run.root.join("reports").join(TODAY).join("index.html")).unwrap();
    let everything = format!(
        "{page}\n{}\n{}\n{}\n{}",
        run.stdout,
        run.stderr,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let logs = run.root.join("analytics").join("logs");
    let mut addresses = std::collections::BTreeSet::new();
    let mut agents = std::collections::BTreeSet::new();
    for f in ["access.log.2.gz", "access.log.1.gz", "access.log"] {
        for line in log_lines(&logs.join(f)) {
            if let Some(ip) = line
                .split(' ')
                .next()
                .filter(|ip| ip.contains('.') || ip.contains(':'))
            {
                addresses.insert(ip.to_string());
            }
            if let Some((_, agent)) = parse(&line) {
                agents.insert(agent);
            }
        }
    }
    assert!(addresses.len() > 100, "{}", addresses.len());
    for ip in &addresses {
        // As a whole token: 192.0.2.1 must not be found inside 192.0.2.10 by accident.
        let found = everything.match_indices(ip.as_str()).any(|(at, _)| {
            let after = everything[at + ip.len()..].chars().next();
            !after.is_some_and(|c| c.is_ascii_digit() || c.is_ascii_hexdigit())
        });
        assert!(!found, "the address {ip} is in the report's output");
    }
    for agent in &agents {
        assert!(
            !everything.contains(agent.as_str()),
            "a user agent is in the output: {agent}"
        );
    }
    assert!(page.contains(
        "No IP address, browser (user agent), comment text or commenter name is in this report"
    ));
    // The page asks nothing of any other host.
    assert!(
        !page.contains("<script") && !page.contains(" src=\"http") && !page.contains("href=\"http")
    );
    for section in [
        "id=\"goals\"",
        "id=\"funnel\"",
        "id=\"engagement\"",
        "id=\"followers\"",
        "id=\"web\"",
        "id=\"responses\"",
        "id=\"top\"",
        "id=\"formulas\"",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    // Every chart has a table after it.
    assert_eq!(
        page.matches("<svg").count(),
        page.matches("role=\"img\"").count()
    );
    assert!(page.matches("<table>").count() >= page.matches("<svg").count());
}

pub fn an_unknown_file_is_an_error_naming_its_columns_and_the_formats_known() {
    let dir = copy_fixture("report");
    std::fs::write(
        dir.path().join("analytics/patients.csv"),
        "name,phone,notes\nA,1,\n",
    )
    .unwrap();
    let out = carepress()
        .args(["report", "--today", TODAY, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[report::unknown_file]: not an analytics export carepress knows; its columns: name, phone, notes"), "{stderr}");
    assert!(stderr.contains("analytics/patients.csv"), "{stderr}");
    assert!(
        stderr.contains("followers") && stderr.contains("generic posts"),
        "{stderr}"
    );
    // The report is still made from the other files.
    assert!(
        dir.path()
            .join("reports")
            .join(TODAY)
            .join("index.html")
            .is_file()
    );
}

/// James's consent expires on 2026-12-15: a build before puts his testimonial's posts in
/// the posting history, a build after takes every line of it out again.
pub fn a_withdrawn_testimonial_leaves_the_posting_history() {
    let site = copy_fixture("valid");
    let out = tempfile::tempdir().unwrap();
    let build = |today: &str| {
        let o = carepress()
            .args(["build", "--today", today, "--root"])
            .arg(site.path())
            .arg("--out")
            .arg(out.path().join("public"))
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::fs::read_to_string(out.path().join("social-history.jsonl")).unwrap()
    };
    let before = build("2026-11-28");
    assert!(before.contains("\"slug\":\"james\""), "{before}");
    let after = build("2026-12-20");
    assert!(
        !after.contains("\"slug\":\"james\"") && !after.contains("James"),
        "{after}"
    );
    assert!(after.contains("\"slug\":\"maria\""));
}
