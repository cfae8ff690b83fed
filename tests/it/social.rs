//! The social kit as a coordinator meets it: every snippet recounted independently,
//! tracked links, Instagram without links, consent scope, disclosures, the calendar
//! and the CSVs, for a fixed `--today`.

use crate::common::Built;
use unicode_segmentation::UnicodeSegmentation;

fn build() -> Built {
    crate::common::build_valid(&[])
}

fn posts(site: &Built) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&site.read_kit("posts.json")).unwrap();
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

pub fn every_snippet_is_counted_as_its_platform_counts_and_fits() {
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
            "{}s/{}/{platform}.txt",
            p["kind"].as_str().unwrap(),
            p["slug"].as_str().unwrap()
        );
        assert_eq!(dir.read_kit(&kit).trim_end(), text);
    }
}

pub fn links_carry_utm_tags_and_instagram_says_link_in_bio() {
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

pub fn consent_scope_disclosures_and_overrides() {
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
    let maria = dir.read_kit("testimonials/maria/facebook.txt");
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

pub fn schedule_is_deterministic_and_never_doubles_a_platform_slot() {
    let a = build();
    let b = build();
    assert_eq!(a.read_kit("posts.json"), b.read_kit("posts.json"));
    assert_eq!(a.read_kit("calendar.ics"), b.read_kit("calendar.ics"));
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

pub fn calendar_and_csv_exports_are_well_formed() {
    let dir = build();
    let n = posts(&dir).len();
    let ics = dir.read_kit("calendar.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), n);
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "bare LF in calendar"
    );
    for (file, header) in [
        (
            "schedule.csv",
            "date,time,timezone,platform,kind,slug,title,text,link,image_url,length,limit,account,video_url\r\n",
        ),
        (
            "sprout.csv",
            "date,time_24hr,message_text,link,image_url\r\n",
        ),
    ] {
        let csv = dir.read_kit(file);
        assert!(csv.starts_with(header), "{file}");
        assert!(csv.ends_with("\r\n"));
    }
    assert!(
        dir.read_kit("index.html")
            .contains("Social posting calendar")
    );
}

/// The valid fixture with `social.horizon_weeks: 1`, built for the fixed day.
fn build_with_one_week_horizon() -> (tempfile::TempDir, Built) {
    let site = crate::common::copy_fixture("valid");
    let config = site.path().join("carepress.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("social:\n  horizon_weeks: 1\n");
    std::fs::write(&config, text).unwrap();
    let built = crate::common::build_site(site.path(), &[]);
    (site, built)
}

pub fn posts_beyond_the_horizon_are_only_in_posts_json() {
    let (_site, dir) = build_with_one_week_horizon();
    let posts = posts(&dir);
    // Saturday 2026-11-28 + 7 days: Mon 30 Nov, Wed 2 Dec and Fri 4 Dec.
    let upcoming = |p: &serde_json::Value| p["scheduled"].as_str().unwrap() < "2026-12-05";
    let (near, far): (Vec<_>, Vec<_>) = posts.iter().partition(|p| upcoming(p));
    assert!(!near.is_empty() && !far.is_empty(), "{posts:#?}");
    for p in &posts {
        let kit = format!(
            "{}s/{}/{}.txt",
            p["kind"].as_str().unwrap(),
            p["slug"].as_str().unwrap(),
            p["platform"].as_str().unwrap()
        );
        assert_eq!(dir.kit.join(&kit).exists(), upcoming(p), "{kit}");
    }
    let ics = dir.read_kit("calendar.ics");
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), near.len());
    let rows = |file: &str| {
        csv::Reader::from_reader(dir.read_kit(file).as_bytes())
            .records()
            .count()
    };
    assert_eq!(rows("schedule.csv"), near.len());
    assert_eq!(rows("buffer.csv"), near.len());
    assert_eq!(rows("sprout.csv"), near.len());
    let page = dir.read_kit("index.html");
    assert!(
        page.contains(&format!("{} posts due in the next 1 week", near.len())),
        "{page}"
    );
    assert!(page.contains(&format!(
        "{} more (further ahead or already past)",
        far.len()
    )));
}

pub fn sprout_gets_one_file_per_network() {
    let dir = build();
    let posts = posts(&dir);
    let mut platforms: Vec<&str> = posts
        .iter()
        .map(|p| p["platform"].as_str().unwrap())
        .collect();
    platforms.sort();
    platforms.dedup();
    assert!(platforms.len() >= 5);
    for platform in platforms {
        let file = format!("sprout-{platform}.csv");
        let text = dir.read_kit(&file);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            vec!["date", "time_24hr", "message_text", "link", "image_url"]
        );
        let mine: Vec<&serde_json::Value> =
            posts.iter().filter(|p| p["platform"] == platform).collect();
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), mine.len(), "{file}");
        for (record, post) in records.iter().zip(&mine) {
            assert_eq!(&record[2], post["text"].as_str().unwrap());
            // MM/DD/YYYY and 24-hour time, from the local time of `scheduled`.
            let scheduled = post["scheduled"].as_str().unwrap();
            let (y, m, d) = (&scheduled[..4], &scheduled[5..7], &scheduled[8..10]);
            assert_eq!(&record[0], format!("{m}/{d}/{y}"));
            assert_eq!(&record[1], &scheduled[11..16]);
        }
    }
}

pub fn the_calendar_parses_with_an_icalendar_parser() {
    let dir = build();
    let posts = posts(&dir);
    let ics = dir.read_kit("calendar.ics");
    let mut calendars = ical::IcalParser::new(ics.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(calendars.next().is_none());
    let prop = |props: &[ical::property::Property], name: &str| -> String {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert_eq!(prop(&calendar.properties, "VERSION"), "2.0");
    assert_eq!(calendar.events.len(), posts.len());
    let mut uids = std::collections::HashSet::new();
    for (event, post) in calendar.events.iter().zip(&posts) {
        assert!(uids.insert(prop(&event.properties, "UID")));
        assert_eq!(prop(&event.properties, "DTSTAMP"), "20261128T000000Z");
        // DTSTART is the post's time in UTC.
        let start =
            jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", prop(&event.properties, "DTSTART"))
                .unwrap()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp();
        let scheduled: jiff::Timestamp = post["scheduled"].as_str().unwrap().parse().unwrap();
        assert_eq!(start, scheduled);
        // The description (unfolded and unescaped) is the post text, then its link.
        let description = prop(&event.properties, "DESCRIPTION")
            .replace("\\n", "\n")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\");
        assert!(
            description.starts_with(post["text"].as_str().unwrap()),
            "{description}"
        );
    }
}

pub fn explicit_times_under_ten_minutes_apart_on_one_network_are_warned() {
    let site = crate::common::copy_fixture("valid");
    let articles = site.path().join("content/articles");
    for (file, time) in [
        ("flu-basics.md", "2026-12-02 09:00"),
        ("heart-bundle/index.md", "2026-12-02 09:05"),
    ] {
        let path = articles.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen("---\n", &format!("---\nsocial:\n  schedule: {time}\n"), 1);
        std::fs::write(&path, text).unwrap();
    }
    let built = crate::common::build_site(site.path(), &[]);
    let warnings: Vec<&str> = built
        .stderr
        .lines()
        .filter(|l| l.contains("social::posts_too_close"))
        .collect();
    // Both articles go to every default platform at those times, 5 minutes apart.
    assert_eq!(warnings.len(), 7, "{}", built.stderr);
    assert!(
        built
            .stderr
            .contains("the X posts of `flu-basics` and `heart-bundle` are 5 minutes apart"),
        "{}",
        built.stderr
    );
    // The posts keep the times written.
    let posts = posts(&built);
    let x = |slug: &str| {
        posts
            .iter()
            .find(|p| p["platform"] == "x" && p["slug"] == slug)
            .map(|p| p["scheduled"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(
        x("flu-basics").as_deref(),
        Some("2026-12-02T09:00:00+00:00")
    );
    assert_eq!(
        x("heart-bundle").as_deref(),
        Some("2026-12-02T09:05:00+00:00")
    );
}

pub fn theme_snippet_templates_override_the_default_whether_plain_or_not() {
    let site = crate::common::copy_fixture("valid");
    let social = site.path().join("themes/default/social");
    std::fs::create_dir_all(&social).unwrap();
    // A filter and `handle` need Tera; an edited plain template does not.
    std::fs::write(
        social.join("x.txt"),
        "{{ post.hook | upper }}\n{{ handle }}\n{{ post.link }}\n",
    )
    .unwrap();
    std::fs::write(
        social.join("mastodon.txt"),
        "{{ post.hook }}\n\n{%- if post.link %}\nLearn more: {{ post.link }}{% endif %}\n",
    )
    .unwrap();
    let config = site.path().join("carepress.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("social:\n  handles:\n    x: \"@lakesidehealth\"\n");
    std::fs::write(&config, text).unwrap();
    let built = crate::common::build_site(site.path(), &[]);
    let posts = posts(&built);
    let of = |platform: &str| -> Vec<String> {
        posts
            .iter()
            .filter(|p| p["platform"] == platform)
            .map(|p| p["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!of("x").is_empty() && !of("mastodon").is_empty());
    for text in of("x") {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0], lines[0].to_uppercase(), "{text}");
        assert_eq!(lines[1], "@lakesidehealth");
        assert!(lines[2].starts_with("https://"), "{text}");
    }
    for text in of("mastodon") {
        let (hook, link) = text.split_once("\nLearn more: https://").expect(&text);
        assert!(!hook.is_empty() && !hook.ends_with('\n'), "{text}");
        assert!(link.contains("utm_source=mastodon"), "{text}");
    }
}

/// Polls go out as each platform runs them: a native poll (no image: those platforms take
/// a poll or media) on X, LinkedIn, Threads and Mastodon, a story sticker on Instagram, a
/// post linking to the poll page on Facebook and Bluesky; a skipped platform gets nothing.
/// The page shows the results as bars and a table, and the poll is listed and searchable.
pub fn polls_are_posted_as_each_platform_runs_them_and_their_page_shows_the_results() {
    let b = crate::common::build_site(&crate::common::fixture("polls"), &[]);
    let posts: serde_json::Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    let walking: Vec<&serde_json::Value> = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["slug"] == "walking" && p["stage"].is_null())
        .collect();
    assert_eq!(walking.len(), 7, "one poll post per platform");
    for post in &walking {
        let platform = post["platform"].as_str().unwrap();
        let poll = &post["poll"];
        match platform {
            "x" | "linkedin" | "threads" | "mastodon" => {
                assert_eq!(poll["style"], "native", "{platform}");
                assert_eq!(poll["duration_minutes"], 1440, "{platform}");
                assert_eq!(poll["options"][3], "5 or more");
                assert!(
                    post["image_url"].is_null(),
                    "{platform} takes a poll or media"
                );
                assert!(post["link"].as_str().unwrap().contains("utm_content=poll"));
            }
            "instagram" => {
                assert_eq!(poll["style"], "story_sticker");
                assert!(poll["duration_minutes"].is_null());
                // A story of the question's title card, for the sticker to go on.
                assert_eq!(
                    post["image_url"],
                    "https://polls.test/social/polls/walking/story.jpg"
                );
                assert_eq!(
                    (post["image_width"].as_u64(), post["image_height"].as_u64()),
                    (Some(1080), Some(1920))
                );
            }
            "facebook" | "bluesky" => {
                assert!(poll.is_null(), "{platform} has no polls");
                assert!(
                    post["text"]
                        .as_str()
                        .unwrap()
                        .contains("https://polls.test/polls/walking/")
                );
            }
            other => panic!("unexpected platform {other}"),
        }
        assert!(
            post["text"]
                .as_str()
                .unwrap()
                .starts_with("How many days did you walk")
        );
    }
    let sleep: Vec<&str> = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["slug"] == "sleep")
        .map(|p| p["platform"].as_str().unwrap())
        .collect();
    assert!(
        !sleep.contains(&"linkedin") && sleep.len() == 6,
        "{sleep:?}"
    );

    assert!(b.exists("social/polls/walking/story.jpg"));
    // The native poll posts show no image; the results follow-up on X shows the X card.
    let x_results = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "walking" && p["platform"] == "x" && p["stage"] == "results")
        .expect("a results post on X");
    assert_eq!(
        x_results["image_url"],
        "https://polls.test/social/polls/walking/x.jpg"
    );
    assert!(b.kit.join("polls/walking/x.jpg").exists());
    // The open poll (no results) has no follow-up, so no card of X's preset is made.
    assert!(!b.kit.join("polls/sleep/x.jpg").exists());
    let page = b.read("polls/walking/index.html");
    for needle in [
        "<h1>How many days did you walk for 30 minutes last week?</h1>",
        "<caption>Votes for each option (100 in all)</caption>",
        "<tr><th scope=\"row\">1-2 days</th><td>50</td><td>50%</td></tr>",
        "<rect width=\"50.0\" height=\"10\"",
    ] {
        assert!(page.contains(needle), "{needle} not in the poll page");
    }
    // Without results the page lists the options instead.
    let open = b.read("polls/sleep/index.html");
    assert!(open.contains("<li>Yes</li>") && !open.contains("<table"));
    assert!(b.read("polls/index.html").contains("/polls/walking/"));
    assert!(
        b.read("sitemap.xml")
            .contains("https://polls.test/polls/walking/")
    );
    assert!(
        b.read("index.html").contains("href=\"/polls/\""),
        "the menu links the polls"
    );
    assert!(b.search_index_text().contains("/polls/walking/"));
}
