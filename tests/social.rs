//! The social kit as a coordinator meets it: every snippet recounted independently,
//! tracked links, Instagram without links, consent scope, disclosures, the calendar
//! and the CSVs, for a fixed `--today`.

use common::Built;
use unicode_segmentation::UnicodeSegmentation;

mod common;

fn build() -> Built {
    common::build_valid(&[])
}

fn posts(site: &Built) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&site.read("social/posts.json")).unwrap();
    v["posts"].as_array().unwrap().clone()
}

/// URLs replaced by a marker, for the platforms that count every URL as 23.
fn with_urls_as(text: &str, marker: &str) -> String {
    regex::Regex::new(r"https?://\S+")
        .unwrap()
        .replace_all(text, marker)
        .into_owned()
}

/// An independent recount (the fixture text has no emoji, so X is a plain sum of
/// code point weights, with each URL as 23).
fn recount(platform: &str, text: &str) -> usize {
    let urls_23 = |t: &str| with_urls_as(t, &"u".repeat(23)).graphemes(true).count();
    let x_weight = |t: &str| -> usize {
        with_urls_as(t, &"u".repeat(23))
            .chars()
            .map(|c| match c as u32 {
                0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 1,
                _ => 2,
            })
            .sum()
    };
    match platform {
        "x" => x_weight(text),
        "mastodon" => urls_23(text),
        "bluesky" => text.graphemes(true).count(),
        _ => text.chars().count(),
    }
}

#[test]
fn every_snippet_is_counted_as_its_platform_counts_and_fits() {
    let dir = build();
    let posts = posts(&dir);
    assert!(posts.len() >= 20);
    for p in &posts {
        let text = p["text"].as_str().unwrap();
        let platform = p["platform"].as_str().unwrap();
        let length = p["length"].as_u64().unwrap() as usize;
        assert_eq!(length, recount(platform, text), "{platform}: {text}");
        assert!(length <= p["limit"].as_u64().unwrap() as usize);
        let kit = format!(
            "social/{}s/{}/{platform}.txt",
            p["kind"].as_str().unwrap(),
            p["slug"].as_str().unwrap()
        );
        assert_eq!(dir.read(&kit).trim_end(), text);
    }
}

#[test]
fn links_carry_utm_tags_and_instagram_says_link_in_bio() {
    let dir = build();
    for p in posts(&dir) {
        let platform = p["platform"].as_str().unwrap();
        let text = p["text"].as_str().unwrap();
        if platform == "instagram" {
            assert!(!text.contains("http"), "{text}");
            assert!(text.contains("Link in bio"));
            assert!(p["link"].is_null());
        } else {
            let link = p["link"].as_str().unwrap();
            let slug = p["slug"].as_str().unwrap();
            // The image preset posted with it (the platform table's choice).
            let preset = match platform {
                "x" => "x",
                "threads" => "portrait",
                _ => "og",
            };
            assert!(
                link.ends_with(&format!(
                    "?utm_source={platform}&utm_medium=social&utm_campaign={slug}&utm_content={preset}"
                )),
                "{link}"
            );
            assert!(text.contains(link));
        }
    }
}

#[test]
fn consent_scope_disclosures_and_overrides() {
    let dir = build();
    let posts = posts(&dir);
    let platforms_of = |slug: &str| -> Vec<String> {
        let mut v: Vec<String> = posts
            .iter()
            .filter(|p| p["slug"] == slug)
            .map(|p| p["platform"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(platforms_of("maria"), ["facebook", "instagram"]);
    assert_eq!(platforms_of("james"), ["facebook"]);
    assert!(platforms_of("robert").is_empty());
    assert!(platforms_of("thomas").is_empty());
    for p in posts.iter().filter(|p| p["slug"] == "james") {
        assert!(
            p["text"]
                .as_str()
                .unwrap()
                .contains("Disclosure: James T. received 10% off next visit")
        );
    }
    let maria = dir.read("social/testimonials/maria/facebook.txt");
    assert!(
        maria.starts_with("“The team listened to me.” — Maria G."),
        "{maria}"
    );
    // Per-item overrides: skipped platform, custom text, own hashtag, explicit time.
    assert!(!platforms_of("old-review").contains(&"threads".to_string()));
    let x = posts
        .iter()
        .find(|p| p["slug"] == "old-review" && p["platform"] == "x")
        .unwrap();
    assert!(
        x["text"]
            .as_str()
            .unwrap()
            .starts_with("Wash your hands: custom text for X.")
    );
    assert!(x["text"].as_str().unwrap().contains("#CleanHands"));
    assert_eq!(x["scheduled"], "2026-12-01T10:00:00+00:00");
}

#[test]
fn schedule_is_deterministic_and_never_doubles_a_platform_slot() {
    let a = build();
    let b = build();
    assert_eq!(a.read("social/posts.json"), b.read("social/posts.json"));
    assert_eq!(a.read("social/calendar.ics"), b.read("social/calendar.ics"));
    let posts = posts(&a);
    let mut seen = std::collections::HashSet::new();
    for p in &posts {
        assert!(
            seen.insert((p["platform"].to_string(), p["scheduled"].to_string())),
            "two posts in one slot: {p}"
        );
        assert!(p["scheduled"].as_str().unwrap() >= "2026-11-30");
    }
    // Saturday 2026-11-28: the first cadence slot (default Mon/Wed/Fri 09:00 UTC) is Monday.
    assert_eq!(posts[0]["scheduled"], "2026-11-30T09:00:00+00:00");
}

#[test]
fn calendar_and_csv_exports_are_well_formed() {
    let dir = build();
    let n = posts(&dir).len();
    let ics = dir.read("social/calendar.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), n);
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "bare LF in calendar"
    );
    for (file, header) in [
        (
            "social/schedule.csv",
            "date,time,timezone,platform,kind,slug,title,text,link,image_url,length,limit\r\n",
        ),
        (
            "social/sprout.csv",
            "date,time_24hr,message_text,link,image_url\r\n",
        ),
    ] {
        let csv = dir.read(file);
        assert!(csv.starts_with(header), "{file}");
        assert!(csv.ends_with("\r\n"));
    }
    assert!(
        dir.read("social/index.html")
            .contains("Social posting calendar")
    );
}
