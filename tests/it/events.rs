//! Live Q&A sessions (`content/events/`), on a fixture site with sessions in four time
//! zones built on 2026-11-28: the countdown series in `posts.json` against the session
//! times (one across the US clock change of 2027-03-14), the `.ics` files read by an
//! iCalendar parser with their `VTIMEZONE` applied by hand, the `Event` JSON-LD read
//! with a JSON parser, and the listings.

use crate::common::{Built, build_site, fixture};
use jiff::Timestamp;
use serde_json::Value;

fn build() -> Built {
    build_site(&fixture("events"), &[])
}

fn posts_of<'a>(posts: &'a Value, slug: &str) -> Vec<&'a Value> {
    posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["slug"] == slug)
        .collect()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The JSON-LD object of a page (the one `<script type="application/ld+json">`).
fn json_ld(page: &str) -> Value {
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("valid JSON-LD")
}

pub fn a_session_gets_its_countdown_series_on_every_platform_at_the_right_times() {
    let b = build();
    let posts: Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    let bp = posts_of(&posts, "blood-pressure");
    assert_eq!(
        bp.len(),
        4 * 7,
        "four posts of the series on seven platforms"
    );
    // Local times in Chicago: a week and three days before at 18:00 in standard time
    // (UTC-6), the reminder at 17:00 and the start at 18:00 in daylight time (UTC-5).
    let expected = [
        ("announcement", "2027-03-09T18:00:00-06:00"),
        ("questions", "2027-03-13T18:00:00-06:00"),
        ("reminder", "2027-03-16T17:00:00-05:00"),
        ("live", "2027-03-16T18:00:00-05:00"),
    ];
    for (stage, time) in expected {
        let of_stage: Vec<&&Value> = bp.iter().filter(|p| p["stage"] == stage).collect();
        assert_eq!(of_stage.len(), 7, "{stage}");
        for post in of_stage {
            assert_eq!(at(post["scheduled"].as_str().unwrap()), at(time), "{stage}");
            let text = post["text"].as_str().unwrap();
            assert!(
                text.contains("Answers are general information, not medical advice. Don't share your own health details in public comments."),
                "{stage} on {}: {text}",
                post["platform"]
            );
            if let Some(link) = post["link"].as_str() {
                assert!(link.contains(&format!("utm_content={stage}")), "{link}");
            }
            assert!(
                post["length"].as_u64().unwrap() <= post["limit"].as_u64().unwrap(),
                "{stage} fits"
            );
        }
    }
    // The reminder is an elapsed hour before the start whatever the clocks did.
    let x = |stage: &str| {
        at(bp
            .iter()
            .find(|p| p["stage"] == stage && p["platform"] == "x")
            .unwrap()["scheduled"]
            .as_str()
            .unwrap())
    };
    assert_eq!(x("live").duration_since(x("reminder")).as_secs(), 3600);
    assert_eq!(
        x("live").duration_since(x("announcement")).as_hours(),
        7 * 24 - 1
    );
    // LinkedIn has room for the whole lead (X's is shortened to fit the standing line).
    let announcement = bp
        .iter()
        .find(|p| p["stage"] == "announcement" && p["platform"] == "linkedin")
        .unwrap()["text"]
        .as_str()
        .unwrap();
    assert!(
        announcement.starts_with("Live Q&A, Tuesday, March 16 at 6:00 PM CDT on Facebook Live: Ask a cardiologist: blood pressure with Dr. Maya Patel, MD and Jordan Lee, RN."),
        "{announcement}"
    );

    // London, a few days after the build: the announcement's time has passed.
    let sleep: Vec<&str> = posts_of(&posts, "sleep-webinar")
        .iter()
        .filter(|p| p["platform"] == "linkedin")
        .map(|p| p["stage"].as_str().unwrap())
        .collect();
    assert_eq!(sleep, ["questions", "reminder", "live"]);
    let live = posts_of(&posts, "sleep-webinar")
        .into_iter()
        .find(|p| p["stage"] == "live" && p["platform"] == "linkedin")
        .unwrap();
    assert_eq!(
        at(live["scheduled"].as_str().unwrap()),
        at("2026-12-03T12:00:00Z")
    );
    assert_eq!(live["timezone"], "Europe/London");

    // Over, with its recording: only the recap, at the next posting time (09:00 UTC).
    let flu = posts_of(&posts, "flu-questions");
    assert_eq!(flu.len(), 7);
    for post in &flu {
        assert_eq!(post["stage"], "recap");
        assert_eq!(
            at(post["scheduled"].as_str().unwrap()),
            at("2026-11-28T09:00:00Z")
        );
    }
    // Cancelled: nothing to post.
    assert!(posts_of(&posts, "allergy-cancelled").is_empty());
    // A text file per post of the series due within the horizon, and the preview labels each.
    assert!(
        b.kit
            .join("events/sleep-webinar/linkedin-reminder.txt")
            .is_file()
    );
    assert!(
        b.read_kit("index.html")
            .contains("Live Q&amp;A series: Reminder (an hour before)")
    );
}

/// A property of an iCalendar component, with its parameters.
fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> &'a ical::property::Property {
    props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn value(props: &[ical::property::Property], name: &str) -> String {
    prop(props, name).value.clone().unwrap_or_default()
}

/// `+HHMM` in seconds.
fn offset_seconds(text: &str) -> i32 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let hours: i32 = text[1..3].parse().unwrap();
    let minutes: i32 = text[3..5].parse().unwrap();
    sign * (hours * 3600 + minutes * 60)
}

/// Reads an event's `.ics` with the `ical` crate and resolves its local `DTSTART` with
/// the file's own `VTIMEZONE` (the observance with the latest onset not after it).
fn ics_start(ics: &str) -> (String, Timestamp) {
    let mut calendars = ical::IcalParser::new(ics.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(calendars.next().is_none());
    assert_eq!(value(&calendar.properties, "VERSION"), "2.0");
    assert_eq!(calendar.events.len(), 1);
    assert_eq!(calendar.timezones.len(), 1);
    let event = &calendar.events[0];
    let start = prop(&event.properties, "DTSTART");
    let tzid = start
        .params
        .as_ref()
        .and_then(|ps| ps.iter().find(|(k, _)| k == "TZID"))
        .map(|(_, v)| v[0].clone())
        .expect("DTSTART has a TZID");
    let zone = &calendar.timezones[0];
    assert_eq!(value(&zone.properties, "TZID"), tzid);
    let local =
        jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", start.value.as_deref().unwrap()).unwrap();
    let mut best: Option<(jiff::civil::DateTime, i32)> = None;
    for observance in &zone.transitions {
        let onset = jiff::civil::DateTime::strptime(
            "%Y%m%dT%H%M%S",
            value(&observance.properties, "DTSTART"),
        )
        .unwrap();
        let to = offset_seconds(&value(&observance.properties, "TZOFFSETTO"));
        if onset <= local && best.is_none_or(|(b, _)| onset > b) {
            best = Some((onset, to));
        }
    }
    let (_, offset) = best.expect("an observance in force at the start");
    let instant = local
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(
            jiff::tz::Offset::from_seconds(offset).unwrap(),
        ))
        .unwrap()
        .timestamp();
    (tzid, instant)
}

pub fn each_session_has_a_calendar_file_and_event_data_that_agree_on_its_time() {
    let b = build();
    for (slug, tzid, start) in [
        (
            "blood-pressure",
            "America/Chicago",
            "2027-03-16T18:00:00-05:00",
        ),
        (
            "sleep-webinar",
            "Europe/London",
            "2026-12-03T12:00:00+00:00",
        ),
        (
            "flu-questions",
            "America/New_York",
            "2026-11-20T19:00:00-05:00",
        ),
        (
            "allergy-cancelled",
            "America/Los_Angeles",
            "2027-01-10T10:00:00-08:00",
        ),
    ] {
        let ics = b.read(&format!("events/{slug}/event.ics"));
        assert!(ics.lines().all(|l| l.len() <= 75), "{slug}: folded lines");
        let (got_tz, instant) = ics_start(&ics);
        assert_eq!((got_tz.as_str(), instant), (tzid, at(start)), "{slug}");
        let page = b.read(&format!("events/{slug}/index.html"));
        let ld = json_ld(&page);
        assert_eq!(ld["@type"], "Event", "{slug}");
        assert_eq!(at(ld["startDate"].as_str().unwrap()), at(start), "{slug}");
        assert_eq!(
            ld["startDate"], start,
            "{slug}: written with the local offset"
        );
        assert_eq!(
            ld["eventAttendanceMode"],
            "https://schema.org/OnlineEventAttendanceMode"
        );
        assert_eq!(ld["location"]["@type"], "VirtualLocation");
        assert!(
            ld["location"]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
        assert_eq!(ld["organizer"]["name"], "Event Clinic");
        assert!(at(ld["endDate"].as_str().unwrap()) > at(start));
    }
    let cancelled = json_ld(&b.read("events/allergy-cancelled/index.html"));
    assert_eq!(
        cancelled["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    assert!(
        b.read("events/allergy-cancelled/event.ics")
            .contains("STATUS:CANCELLED")
    );
    let bp = json_ld(&b.read("events/blood-pressure/index.html"));
    assert_eq!(bp["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(bp["performer"].as_array().unwrap().len(), 2);
    assert_eq!(
        bp["location"]["url"],
        "https://www.facebook.com/eventclinic/live"
    );
}

pub fn upcoming_sessions_are_listed_first_and_on_the_home_page_and_past_ones_after() {
    let b = build();
    let listing = b.read("events/index.html");
    let position = |needle: &str| {
        listing
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in the events listing"))
    };
    // Upcoming soonest first, then past latest first.
    let order = [
        position("Upcoming sessions"),
        position("/events/sleep-webinar/"),
        position("/events/allergy-cancelled/"),
        position("/events/blood-pressure/"),
        position("Past sessions"),
        position("/events/flu-questions/"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(listing.contains("Watch the recording"));
    let home = b.read("index.html");
    assert!(home.contains("Upcoming live Q&amp;A"));
    assert!(home.contains("/events/blood-pressure/") && !home.contains("/events/flu-questions/"));
    assert!(
        home.contains("href=\"/events/\""),
        "the menu links the sessions"
    );
    let page = b.read("events/blood-pressure/index.html");
    for needle in [
        "<time datetime=\"2027-03-16T18:00:00-05:00\">Tuesday, March 16, 2027, 6:00 PM – 7:00 PM CDT</time>",
        "href=\"/events/blood-pressure/event.ics\" download",
        "Dr. Maya Patel, MD, Jordan Lee, RN",
        "not medical advice",
    ] {
        assert!(page.contains(needle), "{needle} not in the event page");
    }
    let past = b.read("events/flu-questions/index.html");
    assert!(
        past.contains("https://www.youtube.com/watch?v=flu2026")
            && !past.contains("event.ics\" download")
    );
    let sitemap = b.read("sitemap.xml");
    assert!(sitemap.contains("https://events.test/events/blood-pressure/"));
    assert!(
        b.read("feed.xml")
            .contains("https://events.test/events/blood-pressure/")
    );
}
