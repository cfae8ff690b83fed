//! Front matter: splitting it from the body, and turning each kind's keys into an `Item`.

mod checker;
mod media_kinds;
mod schema;

pub use media_kinds::{TIP_MAX_CHARS, team, tip, video};

use super::model::{Detail, Item, Kind, RenderedBody, SocialOverrides};
use crate::diagnostics::Diagnostic;
use checker::{Checker, citations, clean_tags};
use schema::*;
use std::path::Path;

/// A Markdown file cut into its YAML front matter and its body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File lines before the YAML (the opening `---`).
    pub yaml_offset: usize,
    pub body: &'a str,
    /// File line on which the body starts.
    pub body_line: usize,
}

pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(|| {
            Diagnostic::error("frontmatter::missing", "the file does not start with YAML front matter")
                .in_file(file)
                .at_line(1)
                .with_help("start the file with a `---` line, the keys (e.g. `title: …`), and another `---` line")
        })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let yaml_lines = yaml.matches('\n').count();
            return Ok(Split {
                yaml,
                yaml_offset: 1,
                body,
                body_line: yaml_lines + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "frontmatter::unterminated",
        "the front matter has no closing `---` line",
    )
    .in_file(file)
    .at_line(1)
    .with_help("end the front matter with a line containing only `---`"))
}

/// What every kind's item has besides its body and detail, as its reader found it.
struct Shared {
    title: String,
    description: String,
    date: Option<crate::dates::Day>,
    updated: Option<crate::dates::Day>,
    draft: bool,
    tags: Vec<String>,
    social: SocialOverrides,
    phi_allow: Vec<String>,
}

impl Located<'_> {
    /// The item of this file, or the problems its checker found instead.
    fn item(
        self,
        c: Checker<'_>,
        keys: &[&str],
        shared: Shared,
        body: RenderedBody,
        detail: Detail,
    ) -> Result<Item, Vec<Diagnostic>> {
        let item = Item {
            kind: self.kind,
            slug: self.slug,
            source: self.file.to_path_buf(),
            title: shared.title,
            description: shared.description,
            date: shared.date,
            updated: shared.updated,
            draft: shared.draft,
            tags: shared.tags,
            body,
            key_lines: c.key_lines(keys),
            social: shared.social,
            phi: Vec::new(),
            phi_allow: shared.phi_allow,
            detail,
        };
        c.finish(item)
    }
}

/// The common identity of an item before its kind-specific fields are read.
pub struct Located<'a> {
    pub kind: Kind,
    pub slug: String,
    pub file: &'a Path,
}

pub fn article(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<(Item, Option<Diagnostic>), Vec<Diagnostic>> {
    let (fm, mut c): (ArticleFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, ARTICLE_KEYS)?;
    let kind = Kind::Article;
    let title = c.require(fm.title, "title", kind);
    let description = c.require(fm.description, "description", kind);
    let description_warning = (description.chars().count() > 160).then(|| {
        Diagnostic::warning(
            "frontmatter::description_too_long",
            format!(
                "`description` is {} characters; keep it to 160",
                description.chars().count()
            ),
        )
        .in_file(loc.file)
        .at_line(c.line_of("description"))
        .with_help(
            "search results and social cards cut longer descriptions; shorten it to one sentence",
        )
    });
    let date = c.require_date(fm.date, "date", kind);
    if let (Some(d), Some(u)) = (date, fm.updated) {
        if u < d {
            c.error(
                "review::updated_before_date",
                "updated",
                format!("`updated` ({u}) is before `date` ({d})"),
                "`updated` is when the article last changed; it cannot precede its publication date",
            );
        }
    }
    let social = c.social(fm.social);
    loc.item(
        c,
        ARTICLE_KEYS,
        Shared {
            title,
            description,
            date,
            updated: fm.updated,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Article {
            author: fm.author,
            image: fm.image,
            citations: citations(fm.citations),
            reviewed_by: fm.reviewed_by,
            last_reviewed: fm.last_reviewed,
            patients: fm.patients.unwrap_or_default(),
        },
    )
    .map(|item| (item, description_warning))
}

pub fn testimonial(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (TestimonialFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, TESTIMONIAL_KEYS)?;
    let kind = Kind::Testimonial;
    let title = c.require(fm.title, "title", kind);
    let patient = c.require(fm.patient, "patient", kind);
    let date = c.require_date(fm.date, "date", kind);
    let description = fm
        .description
        .or_else(|| fm.quote.clone())
        .unwrap_or_else(|| format!("{patient} shares their experience."));
    let social = c.social(fm.social);
    loc.item(
        c,
        TESTIMONIAL_KEYS,
        Shared {
            title,
            description,
            date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Testimonial {
            patient,
            consent: fm.consent.filter(|s| !s.trim().is_empty()),
            quote: fm.quote,
            photo: fm.photo,
            video: fm.video,
            service: fm.service,
        },
    )
}

/// Reads an infographic's YAML; its `source` is resolved beside it and refused if it
/// leaves the site.
pub fn infographic(loc: Located<'_>, yaml: &str, root: &Path) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (InfographicFm, _) = Checker::read(loc.file, yaml, 0, INFOGRAPHIC_KEYS)?;
    let kind = Kind::Infographic;
    let title = c.require(fm.title, "title", kind);
    let alt = match fm.alt {
        Some(a) if !a.trim().is_empty() => a,
        _ => {
            c.problems.push(
                Diagnostic::error("a11y::missing_alt", "infographic has no `alt` text")
                    .in_file(loc.file)
                    .at_line(c.line_of("alt"))
                    .with_help("add `alt:` describing the graphic's key message (WCAG 1.1.1); put the full content in `description`"),
            );
            String::new()
        }
    };
    let source = match fm.source.as_deref() {
        None | Some("") => {
            c.problems.push(
                Diagnostic::error(
                    "infographic::missing_source",
                    "infographic has no `source` image",
                )
                .in_file(loc.file)
                .at_line(1)
                .with_help("add `source: file.svg` naming the image file beside this YAML file"),
            );
            None
        }
        Some(s) => match resolve_beside(root, loc.file, s) {
            Ok(p) => Some(p),
            Err(d) => {
                c.problems.push(d.at_line(c.line_of("source")));
                None
            }
        },
    };
    let focal_point = fm.focal_point.unwrap_or([0.5, 0.5]);
    if !focal_point.iter().all(|v| (0.0..=1.0).contains(v)) {
        c.error(
            "frontmatter::invalid_value",
            "focal_point",
            format!("`focal_point` {focal_point:?} is outside 0..1"),
            "write `focal_point: [x, y]` with both numbers between 0 and 1 (0.5 is the centre)",
        );
    }
    let description = fm.description.clone().unwrap_or_else(|| alt.clone());
    let social = c.social(fm.social);
    loc.item(
        c,
        INFOGRAPHIC_KEYS,
        Shared {
            title,
            description: first_sentence(&description),
            date: fm.date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        RenderedBody::default(),
        Detail::Infographic {
            alt,
            source: source.clone().unwrap_or_default(),
            long_description: fm.description,
            citations: citations(fm.citations),
            focal_point,
            patients: fm.patients.unwrap_or_default(),
        },
    )
}

/// The most options any platform's poll takes (`platform::PollRules`): a poll outside
/// 2-4 fits nowhere, so it is refused before any platform is asked.
const POLL_OPTIONS: std::ops::RangeInclusive<usize> = 2..=4;
/// X's and Mastodon's shortest poll.
const POLL_MIN_MINUTES: u32 = 5;

pub fn poll(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (PollFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, POLL_KEYS)?;
    let kind = Kind::Poll;
    let question = c.require(fm.question, "question", kind);
    let date = c.require_date(fm.date, "date", kind);
    let options: Vec<String> = fm
        .options
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.trim().to_string())
        .collect();
    if !POLL_OPTIONS.contains(&options.len()) {
        c.error(
            "poll::options_count",
            "options",
            format!("the poll has {} options; polls take 2 to 4", options.len()),
            "list 2 to 4 answers under `options:`, e.g. `options: [Yes, No, Not sure]`",
        );
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(repeated) = options
        .iter()
        .find(|o| o.is_empty() || !seen.insert(o.to_lowercase()))
    {
        c.error(
            "poll::invalid_option",
            "options",
            if repeated.is_empty() {
                "an option of the poll is empty".to_string()
            } else {
                format!("the option `{repeated}` is listed twice")
            },
            "every platform needs distinct, non-empty options",
        );
    }
    let duration = fm.duration.as_deref();
    let duration_minutes = match duration.and_then(crate::dates::parse_duration_minutes) {
        Some(m) if m >= POLL_MIN_MINUTES => m,
        _ => {
            c.error(
                "poll::invalid_duration",
                "duration",
                match duration {
                    None => "the poll has no `duration`".to_string(),
                    Some(text) => format!("`duration: {text}` is not a duration of 5 minutes or more"),
                },
                "write how long the poll runs as a number and a unit: `1d`, `3d`, `1w`, `6h`, `30m`",
            );
            0
        }
    };
    if let Some(results) = &fm.results {
        if results.len() != options.len() {
            c.error(
                "poll::results_mismatch",
                "results",
                format!(
                    "`results` has {} counts for {} options",
                    results.len(),
                    options.len()
                ),
                "give one vote count per option, in the order of `options`",
            );
        }
    }
    let title = fm.title.unwrap_or_else(|| question.clone());
    let description = fm
        .description
        .unwrap_or_else(|| format!("{question} Tell us in our poll."));
    let social = c.social(fm.social);
    loc.item(
        c,
        POLL_KEYS,
        Shared {
            title,
            description,
            date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Poll {
            question,
            options,
            duration_minutes,
            results: fm.results,
            citations: citations(fm.citations),
        },
    )
}

/// Reads a live session. Its times are local times in its IANA `timezone`, so the kit's
/// "a week before" stays at the same wall-clock time across a daylight saving change.
pub fn event(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    use super::model::{EventStatus, Stream};
    let (fm, mut c): (EventFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, EVENT_KEYS)?;
    let kind = Kind::Event;
    let title = c.require(fm.title, "title", kind);
    let tz = match fm.timezone.as_deref().map(str::trim) {
        None | Some("") => {
            c.error(
                "event::missing_timezone",
                "start",
                "the event has no `timezone`".to_string(),
                "add `timezone:` with the IANA name of the time zone its times are in, e.g. `timezone: America/Chicago`",
            );
            None
        }
        Some(name) => match jiff::tz::TimeZone::get(name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                c.error(
                    "event::invalid_timezone",
                    "timezone",
                    format!("`timezone: {name}` is not a time zone"),
                    "write an IANA time zone name such as `America/New_York`, `America/Chicago`, `America/Denver`, `America/Los_Angeles` or `Europe/London`",
                );
                None
            }
        },
    };
    let mut local_time = |key: &str, value: Option<String>| -> Option<jiff::ZonedDateTime> {
        let Some(text) = value.filter(|v| !v.trim().is_empty()) else {
            c.missing(
                key,
                format!(
                    "every event needs `{key}: YYYY-MM-DD HH:MM`, a local time in its `timezone`"
                ),
            );
            return None;
        };
        let Some(civil) = parse_local_time(&text) else {
            c.error(
                "event::invalid_time",
                key,
                format!("`{key}: {text}` is not a date and time"),
                "write the local time as `YYYY-MM-DD HH:MM` (24-hour clock) and the zone in `timezone:`",
            );
            return None;
        };
        let tz = tz.clone()?;
        let ambiguous = tz.to_ambiguous_zoned_datetime(civil);
        let gap = matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. });
        match ambiguous.unambiguous() {
            Ok(at) => Some(at),
            Err(_) => {
                c.error(
                    "event::nonexistent_time",
                    key,
                    format!(
                        "`{key}: {text}` {} in {}: the clocks change then",
                        if gap {
                            "does not exist"
                        } else {
                            "happens twice"
                        },
                        tz.iana_name().unwrap_or("its time zone")
                    ),
                    "pick a time outside the hour the clocks change",
                );
                None
            }
        }
    };
    let start = local_time("start", fm.start);
    let end = local_time("end", fm.end);
    if let (Some(s), Some(e)) = (&start, &end) {
        if e <= s {
            c.error(
                "event::ends_before_start",
                "end",
                format!(
                    "the event ends ({}) {} it starts ({})",
                    e.strftime("%Y-%m-%d %H:%M"),
                    if e == s { "when" } else { "before" },
                    s.strftime("%Y-%m-%d %H:%M")
                ),
                "`end` is when the session finishes, on the same clock as `start`",
            );
        }
    }
    let stream = match fm.stream.as_deref().map(str::trim) {
        Some(name) => match Stream::ALL.into_iter().find(|s| s.name() == name) {
            Some(stream) => Some(stream),
            None => {
                c.error(
                    "event::invalid_stream",
                    "stream",
                    format!("`stream: {name}` is not a place carepress knows to stream"),
                    "write one of `facebook-live`, `instagram-live`, `youtube-live`, `webinar`",
                );
                None
            }
        },
        None => {
            c.missing(
                "stream",
                "say where it streams: `stream: facebook-live`, `instagram-live`, `youtube-live` or `webinar`".to_string(),
            );
            None
        }
    };
    let url = fm.url.filter(|u| !u.trim().is_empty());
    if stream == Some(Stream::Webinar) && url.is_none() {
        c.error(
            "event::missing_url",
            "stream",
            "a webinar needs the `url` people join it at".to_string(),
            "add `url:` with the webinar's join or registration address",
        );
    }
    for (key, value) in [("url", &url), ("recording", &fm.recording)] {
        if let Some(v) = value {
            if !(v.starts_with("https://") || v.starts_with("http://")) {
                c.error(
                    "event::invalid_url",
                    key,
                    format!("`{key}: {v}` is not a web address"),
                    "write the full address, starting with https://",
                );
            }
        }
    }
    let status = match fm.status.as_deref().map(str::trim) {
        None => EventStatus::Scheduled,
        Some(name) => EventStatus::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .unwrap_or_else(|| {
                c.error(
                    "event::invalid_status",
                    "status",
                    format!("`status: {name}` is not an event status"),
                    "write one of `scheduled`, `rescheduled`, `postponed`, `cancelled`",
                );
                EventStatus::Scheduled
            }),
    };
    let hosts: Vec<String> = fm
        .hosts
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .collect();
    let topic = fm.topic.filter(|t| !t.trim().is_empty());
    let description = fm.description.unwrap_or_else(|| {
        let about = topic.as_deref().unwrap_or(&title);
        match hosts.as_slice() {
            [] => format!("A live Q&A about {about}."),
            hosts => format!("A live Q&A about {about} with {}.", hosts.join(" and ")),
        }
    });
    let social = c.social(fm.social);
    let (Some(start), Some(end), Some(stream)) = (start, end, stream) else {
        return Err(c.problems);
    };
    loc.item(
        c,
        EVENT_KEYS,
        Shared {
            title,
            description,
            // Published as soon as it is built (its page must be up before the first post
            // links to it), unless a later `date` holds it back.
            date: fm.date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Event {
            start,
            end,
            stream,
            url,
            hosts,
            topic,
            recording: fm.recording,
            status,
        },
    )
}

/// Reads a health challenge; with `prizes` it is a contest, and every part of its
/// official rules must be there (each one missing is its own error).
pub fn challenge(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    use super::model::{Contest, Every, Prize};
    let (fm, mut c): (ChallengeFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, CHALLENGE_KEYS)?;
    let kind = Kind::Challenge;
    let title = c.require(fm.title, "title", kind);
    let start = c.require_date(fm.start, "start", kind);
    let end = c.require_date(fm.end, "end", kind);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            c.error(
                "challenge::invalid_range",
                "end",
                format!(
                    "the challenge ends ({}) before it starts ({})",
                    e.iso(),
                    s.iso()
                ),
                "`end` is the challenge's last day (it is included); it cannot precede `start`",
            );
        }
    }
    let hashtag = c.require(fm.hashtag, "hashtag", kind);
    let bare = hashtag.trim().trim_start_matches('#');
    if !bare.is_empty() && !bare.chars().all(|ch| ch.is_alphanumeric() || ch == '_') {
        c.error(
            "challenge::invalid_hashtag",
            "hashtag",
            format!("`hashtag: {hashtag}` is not a hashtag"),
            "write one word of letters and digits, e.g. `hashtag: LakesideWalks` (no spaces or punctuation)",
        );
    }
    let hashtag = format!("#{bare}");
    let every = match fm.every.as_deref().map(str::trim) {
        None | Some("day") | Some("daily") => Every::Day,
        Some("week") | Some("weekly") => Every::Week,
        Some(other) => {
            c.error(
                "challenge::invalid_every",
                "every",
                format!("`every: {other}` is not `day` or `week`"),
                "write `every: day` for a prompt a day or `every: week` for one a week",
            );
            Every::Day
        }
    };
    let prompts: Vec<String> = fm
        .prompts
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.trim().to_string())
        .collect();
    if let (Some(s), Some(e)) = (start, end) {
        let needed = every.periods(s, e);
        let empty = prompts.iter().position(String::is_empty);
        if (prompts.len() as i64) < needed || empty.is_some() {
            c.error(
                "challenge::prompts_do_not_cover",
                "prompts",
                match empty {
                    Some(i) => format!("prompt {} is empty", i + 1),
                    None => format!(
                        "the challenge runs {} {}{} from {} to {} and has {} prompt{}; it needs one a {}",
                        needed,
                        every.name(),
                        if needed == 1 { "" } else { "s" },
                        s.iso(),
                        e.iso(),
                        prompts.len(),
                        if prompts.len() == 1 { "" } else { "s" },
                        every.name()
                    ),
                },
                "list one prompt per day (or per week with `every: week`) under `prompts:`, in order",
            );
        }
    }
    let winners: Vec<String> = fm
        .winners
        .unwrap_or_default()
        .into_iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let contest = match (fm.prizes, fm.rules) {
        (None, None) => None,
        (prizes, rules) => {
            let prizes = prizes.unwrap_or_default();
            if prizes.is_empty() {
                c.error(
                    "contest::missing_prize",
                    "rules",
                    "the contest has official rules but no `prizes`".to_string(),
                    "list each prize with its approximate value: `prizes: [{ name: Fitness tracker, value: \"$99\" }]`",
                );
            }
            let mut listed = Vec::new();
            for (i, prize) in prizes.into_iter().enumerate() {
                let name = prize.name.unwrap_or_default().trim().to_string();
                let value = prize.value.unwrap_or_default().trim().to_string();
                if name.is_empty() || value.is_empty() {
                    c.error(
                        "contest::prize_value",
                        "prizes",
                        format!(
                            "prize {} has no {}",
                            i + 1,
                            if name.is_empty() { "`name`" } else { "`value`" }
                        ),
                        "official rules state each prize and its approximate retail value: `{ name: Fitness tracker, value: \"$99\" }`",
                    );
                }
                listed.push(Prize { name, value });
            }
            let rules = rules.unwrap_or_default();
            let mut rule = |key: &str, value: Option<String>, what: &str| -> String {
                let value = value.unwrap_or_default().trim().to_string();
                if value.is_empty() {
                    c.error(
                        "contest::missing_rule",
                        if c.line_of("rules") > 1 {
                            "rules"
                        } else {
                            "prizes"
                        },
                        format!("the contest's official rules have no `{key}`"),
                        &format!("add `{key}:` under `rules:`: {what}"),
                    );
                }
                value
            };
            let contest = Contest {
                sponsor: rule(
                    "sponsor",
                    rules.sponsor,
                    "who runs the contest, with their address",
                ),
                eligibility: rule(
                    "eligibility",
                    rules.eligibility,
                    "who may enter (age, residence, and that staff and their families may not)",
                ),
                how_to_enter: rule(
                    "how_to_enter",
                    rules.how_to_enter,
                    "what an entrant does to enter, and by when",
                ),
                no_purchase_necessary: rule(
                    "no_purchase_necessary",
                    rules.no_purchase_necessary,
                    "that no purchase or payment is needed to enter or win",
                ),
                winner_selection: rule(
                    "winner_selection",
                    rules.winner_selection,
                    "how and when winners are chosen (a random draw on a date, or judging criteria)",
                ),
                winner_notification: rule(
                    "winner_notification",
                    rules.winner_notification,
                    "how and when winners are told, and how long they have to reply",
                ),
                platform_release: rule(
                    "platform_release",
                    rules.platform_release,
                    "that the promotion is not sponsored, endorsed or administered by, or associated with, Facebook or Instagram",
                ),
                prizes: listed,
            };
            if !contest.no_purchase_necessary.is_empty()
                && !contest
                    .no_purchase_necessary
                    .to_lowercase()
                    .contains("no purchase")
            {
                c.error(
                    "contest::missing_rule",
                    "rules",
                    "`no_purchase_necessary` does not say that no purchase is necessary"
                        .to_string(),
                    "say it in those words: \"No purchase necessary to enter or win.\"",
                );
            }
            let release = contest.platform_release.to_lowercase();
            let releases_both = release.contains("facebook") && release.contains("instagram");
            if !release.is_empty() && !releases_both {
                c.error(
                    "contest::platform_release",
                    "rules",
                    "`platform_release` does not release both Facebook and Instagram".to_string(),
                    "write that the promotion is in no way sponsored, endorsed or administered by, or associated with, Facebook or Instagram (both require it)",
                );
            }
            Some(contest)
        }
    };
    if !winners.is_empty() && contest.is_none() {
        c.error(
            "contest::winners_without_prize",
            "winners",
            "the challenge names winners but has no prizes".to_string(),
            "`winners` announce a contest's winners: add `prizes:` and `rules:`, or leave `winners` out",
        );
    }
    let description = fm.description.unwrap_or_default();
    let social = c.social(fm.social);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(c.problems);
    };
    loc.item(
        c,
        CHALLENGE_KEYS,
        Shared {
            title,
            description,
            date: fm.date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Challenge {
            start,
            end,
            hashtag,
            every,
            prompts,
            contest,
            winners,
        },
    )
}

/// Reads a provider: the title is the name with credentials ("Priya Raman, MD"); a bad
/// NPI is an error.
pub fn provider(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (ProviderFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, PROVIDER_KEYS)?;
    let kind = Kind::Provider;
    let name = c.require(fm.name, "name", kind);
    let clean = |list: Option<Vec<String>>| -> Vec<String> {
        list.unwrap_or_default()
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let credentials = clean(fm.credentials);
    let specialties = clean(fm.specialties);
    let npi = fm.npi.map(|n| n.trim().to_string());
    if let Some(n) = &npi {
        if !super::model::npi_is_valid(n) {
            c.error(
                "provider::invalid_npi",
                "npi",
                format!("`npi: {n}` is not a valid National Provider Identifier"),
                "an NPI is 10 digits whose last is a check digit (the Luhn formula over 80840 and the first nine); copy it from the NPPES registry (npiregistry.cms.hhs.gov)",
            );
        }
    }
    let title = if credentials.is_empty() {
        name.clone()
    } else {
        format!("{name}, {}", credentials.join(", "))
    };
    let description = fm
        .description
        .unwrap_or_else(|| match specialties.as_slice() {
            [] => title.clone(),
            s => format!("{title}: {}.", s.join(", ")),
        });
    loc.item(
        c,
        PROVIDER_KEYS,
        Shared {
            title,
            description,
            date: None,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: Vec::new(),
            social: SocialOverrides::default(),
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Provider {
            name,
            credentials,
            specialties,
            npi,
            languages: clean(fm.languages),
            locations: clean(fm.locations),
            accepting_new_patients: fm.accepting_new_patients,
            left_on: fm.left_on,
            photo: fm.photo.filter(|p| !p.trim().is_empty()),
        },
    )
}

/// Reads a location; its hours are checked (readable, each range ending after it starts,
/// no two ranges of a day overlapping).
pub fn location(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    use jiff::civil::{Time, Weekday};
    let (fm, mut c): (LocationFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, LOCATION_KEYS)?;
    let kind = Kind::Location;
    let title = c.require(fm.name, "name", kind);
    let address = fm.address.map(|a| super::model::Address {
        street: a.street.unwrap_or_default().trim().to_string(),
        city: a.city.unwrap_or_default().trim().to_string(),
        region: a.region.unwrap_or_default().trim().to_string(),
        postal_code: a.postal_code.unwrap_or_default().trim().to_string(),
        country: a.country.unwrap_or_default().trim().to_string(),
    });
    let address = match address {
        Some(a) if !a.street.is_empty() && !a.city.is_empty() => a,
        _ => {
            c.missing(
                "address",
                "give the clinic's `address:` with at least `street` and `city` (and `region`, `postal_code`, `country`)".to_string(),
            );
            super::model::Address::default()
        }
    };
    if let Some([lat, lon]) = fm.geo {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            c.error(
                "location::invalid_geo",
                "geo",
                format!("`geo: [{lat}, {lon}]` is not a latitude and longitude"),
                "write `geo: [latitude, longitude]` in degrees, e.g. `geo: [39.799, -89.644]`",
            );
        }
    }
    const DAYS: [(&str, Weekday); 7] = [
        ("mon", Weekday::Monday),
        ("tue", Weekday::Tuesday),
        ("wed", Weekday::Wednesday),
        ("thu", Weekday::Thursday),
        ("fri", Weekday::Friday),
        ("sat", Weekday::Saturday),
        ("sun", Weekday::Sunday),
    ];
    let mut hours: Vec<(Weekday, Vec<(Time, Time)>)> = Vec::new();
    let written = fm.hours.unwrap_or_default();
    for key in written.keys() {
        if !DAYS.iter().any(|(d, _)| d == key) {
            c.error(
                "location::invalid_hours",
                "hours",
                format!("`hours` has `{key}`, which is not a day"),
                "name the days `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`",
            );
        }
    }
    for (key, day) in DAYS {
        let Some(value) = written.get(key) else {
            continue;
        };
        let ranges: Vec<&str> = match value {
            HoursFm::One(s) if s.trim().eq_ignore_ascii_case("closed") => Vec::new(),
            HoursFm::One(s) => vec![s.as_str()],
            HoursFm::Many(list) => list.iter().map(String::as_str).collect(),
        };
        let mut parsed: Vec<(Time, Time)> = Vec::new();
        for text in ranges {
            match parse_range(text) {
                Some(range) => parsed.push(range),
                None => c.error(
                    "location::invalid_hours",
                    "hours",
                    format!("`{key}: {text}` is not an opening time range"),
                    "write each range as `HH:MM-HH:MM` on a 24-hour clock, ending after it starts (`08:00-17:00`), a list of ranges for a split day, or `closed`",
                ),
            }
        }
        parsed.sort();
        if let Some(pair) = parsed.windows(2).find(|w| w[1].0 < w[0].1) {
            c.error(
                "location::overlapping_hours",
                "hours",
                format!(
                    "the `{key}` hours overlap: {}-{} and {}-{}",
                    pair[0].0.strftime("%H:%M"),
                    pair[0].1.strftime("%H:%M"),
                    pair[1].0.strftime("%H:%M"),
                    pair[1].1.strftime("%H:%M")
                ),
                "list each part of a split day once, the later starting after the earlier ends",
            );
        }
        hours.push((day, parsed));
    }
    let closures = fm
        .closures
        .unwrap_or_default()
        .into_iter()
        .filter_map(|cl| Some((cl.date?, cl.note.unwrap_or_default())))
        .collect();
    let description = fm
        .description
        .unwrap_or_else(|| format!("{title}, {}.", address.one_line()));
    // The page shows a map of the address (a click-to-load facade): its frame's origin
    // goes into the page's CSP like a body embed's.
    let mut body = body;
    if !address.street.is_empty() {
        body.frames
            .push(crate::privacy::embeds::map_query(&address.one_line()).frame_origin());
    }
    loc.item(
        c,
        LOCATION_KEYS,
        Shared {
            title,
            description,
            date: None,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: Vec::new(),
            social: SocialOverrides::default(),
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Location {
            address,
            geo: fm.geo,
            phone: fm.phone,
            fax: fm.fax,
            email: fm.email,
            hours,
            closures,
            services: fm.services.unwrap_or_default(),
            parking: fm.parking,
            accessibility: fm.accessibility,
            handles: fm.handles.unwrap_or_default(),
        },
    )
}

/// `08:00-17:00`: a range that ends after it starts.
fn parse_range(text: &str) -> Option<(jiff::civil::Time, jiff::civil::Time)> {
    let (from, to) = text.trim().split_once(['-', '–'])?;
    let time = |s: &str| -> Option<jiff::civil::Time> {
        let (h, m) = s.trim().split_once(':')?;
        let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
        jiff::civil::Time::new(h, m, 0, 0).ok()
    };
    let (from, to) = (time(from)?, time(to)?);
    (from < to).then_some((from, to))
}

/// `2027-01-14 18:00`, `2027-01-14T18:00` or with seconds: a wall-clock time without a zone.
fn parse_local_time(text: &str) -> Option<jiff::civil::DateTime> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let date: jiff::civil::Date = date.trim().parse().ok()?;
    let time: jiff::civil::Time = time.trim().parse().ok()?;
    Some(date.to_datetime(time))
}

pub fn page(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (PageFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, PAGE_KEYS)?;
    let title = c.require(fm.title, "title", Kind::Page);
    loc.item(
        c,
        PAGE_KEYS,
        Shared {
            title,
            description: fm.description.unwrap_or_default(),
            date: None,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: Vec::new(),
            social: SocialOverrides::default(),
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Page {
            menu_order: fm.menu_order,
        },
    )
}

/// The first sentence of a text, cut at a word boundary (with "…") if longer than 160 characters.
pub fn first_sentence(text: &str) -> String {
    let t = text.trim();
    let end = t.find(". ").map(|i| i + 1).unwrap_or(t.len());
    let sentence = &t[..end];
    if sentence.chars().count() <= 160 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(159).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .map(|i| &cut[..i])
        .unwrap_or(&cut);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

/// Resolves `written` relative to the folder of `file` (both relative to `root`), refusing
/// anything that leaves the site: absolute paths, `..` escapes and symlinks pointing out.
pub fn resolve_beside(
    root: &Path,
    file: &Path,
    written: &str,
) -> Result<std::path::PathBuf, Diagnostic> {
    let outside = || {
        Diagnostic::error("path::outside_site", format!("`{written}` points outside the site"))
            .in_file(file)
            .with_help("keep the file inside the site, beside the content that uses it, and refer to it by its name")
    };
    let p = Path::new(written);
    if p.is_absolute()
        || written.starts_with('/')
        || written.starts_with('\\')
        || written.contains(':')
    {
        return Err(outside());
    }
    let rel = file.parent().unwrap_or(Path::new("")).join(p);
    let abs = root.join(&rel);
    let canon_root = root.canonicalize().map_err(|_| outside())?;
    match abs.canonicalize() {
        Ok(c) if c.starts_with(&canon_root) => {
            if c.is_file() {
                Ok(c.strip_prefix(&canon_root)
                    .map(Path::to_path_buf)
                    .unwrap_or(rel))
            } else {
                Err(
                    Diagnostic::error("path::not_a_file", format!("`{written}` is not a file"))
                        .in_file(file)
                        .with_help("name an image file beside this one"),
                )
            }
        }
        Ok(_) => Err(outside()),
        Err(_) => {
            // Does not exist: still refuse paths that would escape, otherwise report it missing.
            let mut depth: i32 = 0;
            for comp in rel.components() {
                match comp {
                    std::path::Component::ParentDir => depth -= 1,
                    std::path::Component::Normal(_) => depth += 1,
                    _ => {}
                }
                if depth < 0 {
                    return Err(outside());
                }
            }
            Err(
                Diagnostic::error("path::missing_file", format!("`{written}` does not exist"))
                    .in_file(file)
                    .with_help(format!(
                        "put the file at {} or fix the name",
                        crate::diagnostics::display_path(&rel)
                    )),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_cuts_at_a_word() {
        assert_eq!(first_sentence("Short one. Then more."), "Short one.");
        let long = "word ".repeat(50);
        let s = first_sentence(&long);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= 160);
    }
}
