//! Health challenges and contests (`content/challenges/`), and a poll's results
//! follow-up, on a fixture site built on 2026-11-28 (cadence Mon/Wed/Fri 09:00 Chicago):
//! the prompt series, a contest's official rules page and its winners (through the
//! consent gate), each rule left out in turn, and the listings.

use crate::common::{Built, build_site, carepress, copy_dir, fixture};
use serde_json::Value;

fn build() -> Built {
    build_site(&fixture("challenges"), &[])
}

fn posts(b: &Built) -> Vec<Value> {
    let v: Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    v["posts"].as_array().unwrap().clone()
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

pub fn a_challenge_posts_each_prompt_on_its_day_with_its_hashtag() {
    let b = build();
    let posts = posts(&b);
    let walk: Vec<&Value> = posts.iter().filter(|p| p["slug"] == "walk-30").collect();
    // Seven days, seven platforms; the announcement (a week before) has passed.
    assert_eq!(walk.len(), 7 * 7);
    for n in 1..=7 {
        let stage = format!("prompt-{n}");
        let of_day: Vec<&&Value> = walk
            .iter()
            .filter(|p| p["stage"] == stage.as_str())
            .collect();
        assert_eq!(of_day.len(), 7, "{stage}");
        let expected = at(&format!("2026-12-{:02}T09:00:00-06:00", n));
        for post in of_day {
            assert_eq!(at(post["scheduled"].as_str().unwrap()), expected, "{stage}");
            let text = post["text"].as_str().unwrap();
            assert!(text.contains("#ChallengeWalks"), "{text}");
            assert!(post["length"].as_u64().unwrap() <= post["limit"].as_u64().unwrap());
        }
    }
    let day3 = walk
        .iter()
        .find(|p| p["stage"] == "prompt-3" && p["platform"] == "linkedin")
        .unwrap();
    assert!(
        day3["text"].as_str().unwrap().starts_with(
            "7-day walking challenge, day 3: Walk 15 minutes with a friend. #ChallengeWalks"
        ),
        "{}",
        day3["text"]
    );
    let page = b.read("challenges/walk-30/index.html");
    for needle in [
        "December 1, 2026 to December 7, 2026",
        "#ChallengeWalks",
        "<time datetime=\"2026-12-03\">December 3, 2026</time></th><td>Walk 15 minutes with a friend.</td>",
    ] {
        assert!(page.contains(needle), "{needle} not in the challenge page");
    }
    assert!(
        !page.contains("Official rules"),
        "a challenge without prizes has no rules"
    );
    assert!(!b.exists("challenges/walk-30/rules/index.html"));
    let listing = b.read("challenges/index.html");
    assert!(
        listing.contains("/challenges/walk-30/") && listing.contains("/challenges/step-contest/")
    );
    assert!(
        b.read("index.html").contains("href=\"/challenges/\""),
        "the menu links them"
    );
}

pub fn a_contest_has_its_official_rules_page_and_names_winners_who_consented() {
    let b = build();
    let rules = b.read("challenges/step-contest/rules/index.html");
    for needle in [
        "Challenge Clinic, 1 Main Street, Springfield, IL 62701",
        "Legal residents of the United States aged 18 or older",
        "November 2, 2026 to November 22, 2026",
        "Comment on a prompt post with your step count",
        "No purchase necessary to enter or win.",
        "Fitness tracker: approximate retail value $99",
        "Three winners drawn at random",
        "By direct message on November 24, 2026",
        "in no way sponsored, endorsed or administered by, or associated with, Facebook or Instagram",
    ] {
        assert!(rules.contains(needle), "{needle} not in the rules page");
    }
    let page = b.read("challenges/step-contest/index.html");
    assert!(page.contains("href=\"/challenges/step-contest/rules/\""));
    assert!(page.contains("Congratulations to Pat W."));
    assert!(
        b.read("sitemap.xml")
            .contains("https://challenges.test/challenges/step-contest/rules/")
    );
    let posts = posts(&b);
    let contest: Vec<&Value> = posts
        .iter()
        .filter(|p| p["slug"] == "step-contest")
        .collect();
    // It ended: only the winners post, on every platform, each linking the rules.
    assert_eq!(contest.len(), 7);
    for post in &contest {
        assert_eq!(post["stage"], "winners");
        let text = post["text"].as_str().unwrap();
        assert!(text.contains("Pat W."), "{text}");
        assert!(
            text.contains("No purchase necessary. Official rules: https://challenges.test/challenges/step-contest/rules/"),
            "{text}"
        );
    }
}

/// A copy of the fixture site, changed by `edit` (path relative to it, new text).
fn edited(edit: impl Fn(&std::path::Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("challenges"), dir.path());
    edit(dir.path());
    dir
}

pub fn a_winner_whose_consent_is_revoked_is_withdrawn_like_a_testimonial() {
    let site = edited(|root| {
        let ledger = root.join("content/consent/ledger.yaml");
        let text = std::fs::read_to_string(&ledger).unwrap();
        std::fs::write(&ledger, text + "    revoked_on: 2026-11-27\n").unwrap();
    });
    let b = build_site(site.path(), &[]);
    assert!(!b.exists("challenges/step-contest/index.html"));
    assert!(!b.all_text().contains("Pat W."));
    assert!(b.stderr.contains("consent::revoked"), "{}", b.stderr);
}

pub fn a_contest_missing_any_one_rule_is_refused_naming_it() {
    let contest = "content/challenges/step-contest.md";
    for rule in [
        "sponsor",
        "eligibility",
        "how_to_enter",
        "no_purchase_necessary",
        "winner_selection",
        "winner_notification",
        "platform_release",
    ] {
        let site = edited(|root| {
            let path = root.join(contest);
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with(&format!("{rule}:")))
                .collect();
            std::fs::write(&path, kept.join("\n") + "\n").unwrap();
        });
        let out = carepress()
            .args(["check", "--today", crate::common::TODAY, "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{rule}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error[contest::missing_rule]: the contest's official rules have no `{rule}`"
            )),
            "{rule}: {stderr}"
        );
        assert!(
            stderr.contains("content/challenges/step-contest.md:"),
            "{stderr}"
        );
    }
    // A prize without its value, too.
    let site = edited(|root| {
        let path = root.join(contest);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(", value: \"$99\"", "")).unwrap();
    });
    let out = carepress()
        .args(["check", "--today", crate::common::TODAY, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[contest::prize_value]"));
}

pub fn a_poll_with_results_gets_a_follow_up_after_it_closes() {
    let b = build();
    let posts = posts(&b);
    for platform in ["x", "linkedin", "facebook", "bluesky"] {
        let of = |stage: Option<&str>| {
            posts
                .iter()
                .find(|p| {
                    p["slug"] == "walking"
                        && p["platform"] == platform
                        && p["stage"].as_str() == stage
                })
                .unwrap_or_else(|| panic!("{platform} {stage:?}"))
        };
        let poll = of(None);
        let results = of(Some("results"));
        // Posted Monday 09:00, open a day: the results go out the day after it closed.
        assert_eq!(
            at(poll["scheduled"].as_str().unwrap()),
            at("2026-11-30T09:00:00-06:00")
        );
        assert_eq!(
            at(results["scheduled"].as_str().unwrap()),
            at("2026-12-02T09:00:00-06:00")
        );
        assert!(results["poll"].is_null(), "a follow-up is no poll");
        let text = results["text"].as_str().unwrap();
        assert!(text.starts_with("Poll results: How many days"), "{text}");
        if platform == "linkedin" {
            assert!(
                text.contains("“1-2 days” led with 50% of 100 votes."),
                "{text}"
            );
        }
    }
}
