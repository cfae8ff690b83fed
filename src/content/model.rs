//! Plain data for loaded content: what every later stage reads.

use crate::dates::Day;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::routes::Kind;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub accessed: Option<Day>,
}

/// Per-item social overrides (`social:` in front matter), used by the snippet composer.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SocialOverrides {
    pub hashtags: Vec<String>,
    /// `true` skips every platform; otherwise the listed platforms are skipped.
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub text: BTreeMap<String, String>,
    pub schedule: Option<String>,
    pub schedule_per_platform: BTreeMap<String, String>,
    /// Which accounts it goes to (`social.locations`).
    pub locations: Targets,
}

/// The accounts an item is posted to: the group's (the default), every account (`all`),
/// or those listed (`group` and location ids).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub enum Targets {
    #[default]
    Group,
    All,
    Listed(Vec<String>),
}

impl Targets {
    /// Whether an account of `location` (`None`: the group's) gets the item.
    pub fn includes(&self, location: Option<&str>) -> bool {
        match (self, location) {
            (Targets::Group, l) => l.is_none(),
            (Targets::All, _) => true,
            (Targets::Listed(list), None) => list.iter().any(|l| l == "group"),
            (Targets::Listed(list), Some(l)) => list.iter().any(|x| x == l),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link in Markdown that points inside the site, checked once every route is known.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// Site path with query and fragment removed, e.g. `/articles/flu/`.
    pub path: String,
    pub written: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub links: Vec<InternalLink>,
    pub words: usize,
    /// What the body's raw HTML and images would make a reader's browser load from or
    /// send to other sites, at file lines (judged against the config when planned).
    pub privacy: Vec<crate::privacy::scan::LocatedHit>,
    /// Origins of the body's click-to-load embeds (the page's CSP `frame-src`).
    pub frames: Vec<String>,
    /// Video items embedded with `{{ video(id="…") }}`, with their lines; the page
    /// shows each one's player where `video_placeholder` stands.
    pub videos: Vec<(String, usize)>,
}

/// What the Markdown renderer leaves where an embedded video item's player goes.
pub fn video_placeholder(slug: &str) -> String {
    format!("<carepress-video data-id=\"{slug}\"></carepress-video>")
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Article {
        author: Option<String>,
        image: Option<String>,
        citations: Vec<Citation>,
        reviewed_by: Option<String>,
        last_reviewed: Option<Day>,
        patients: Vec<String>,
    },
    Testimonial {
        patient: String,
        consent: Option<String>,
        quote: Option<String>,
        photo: Option<String>,
        video: Option<String>,
        service: Option<String>,
    },
    Infographic {
        alt: String,
        /// Path of the source image relative to the site root (checked to stay inside it).
        source: PathBuf,
        long_description: Option<String>,
        citations: Vec<Citation>,
        focal_point: [f64; 2],
        patients: Vec<String>,
    },
    /// A poll: posted natively where a platform has polls (see `platform::PollRules`),
    /// its page shows the question, the explanation (the body) and, once entered, the results.
    Poll {
        question: String,
        options: Vec<String>,
        duration_minutes: u32,
        /// Votes per option, in the order of `options`, entered by hand after it closed.
        results: Option<Vec<u64>>,
        citations: Vec<Citation>,
    },
    /// A live Q&A session: its page carries schema.org `Event` data and an `.ics` file,
    /// and the kit schedules a series of posts around its start (`social::event_series`).
    Event {
        /// Start and end in the event's own time zone (`timezone:`).
        start: jiff::ZonedDateTime,
        end: jiff::ZonedDateTime,
        stream: Stream,
        /// Where people watch: the webinar's or the live stream's address.
        url: Option<String>,
        hosts: Vec<String>,
        topic: Option<String>,
        /// The recording's address, once it is up.
        recording: Option<String>,
        status: EventStatus,
    },
    /// A health challenge over a date range (`start` to `end`, both days included) with
    /// a prompt a day or a week; with prizes it is a contest, built only with complete
    /// official rules. Naming winners is a patient use: `winners` go through the gate.
    Challenge {
        start: Day,
        end: Day,
        /// With its `#`.
        hashtag: String,
        every: Every,
        prompts: Vec<String>,
        contest: Option<Contest>,
        /// Consent ids of the winners it names.
        winners: Vec<String>,
    },
    /// A video: a file beside it (played by the page's own `<video>`) or a YouTube or
    /// Vimeo address (a click-to-load facade). The body is its transcript unless
    /// `transcript:` names a file.
    Video {
        source: VideoSource,
        /// An image beside it; without one the title card is the poster.
        poster: Option<String>,
        duration_seconds: Option<u32>,
        /// WebVTT beside it (site path relative to the root), checked when loaded.
        captions: Option<PathBuf>,
        chapters: Option<PathBuf>,
        /// The chapters' titles and start times, for the page's list.
        chapter_list: Vec<Chapter>,
        /// `speech: false` for a video without speech, which needs no captions.
        speech: bool,
        /// A Markdown file beside it holding the transcript, already rendered into `body`.
        transcript_file: Option<PathBuf>,
        citations: Vec<Citation>,
        reviewed_by: Option<String>,
        last_reviewed: Option<Day>,
        patients: Vec<String>,
    },
    /// A health tip: one or two sentences (the body) with a citation, reviewed like an article.
    Tip {
        /// The tip's text as plain text, for the card and the posts.
        text: String,
        citations: Vec<Citation>,
        reviewed_by: Option<String>,
        last_reviewed: Option<Day>,
    },
    /// Practice news or a staff spotlight. A photo taken in a clinic can show patients,
    /// screens or charts: it is built only with who appears and a recorded privacy check.
    Team {
        photo: Option<String>,
        photo_alt: Option<String>,
        /// Staff who appear in the photo; each needs a photo release in the ledger.
        people: Vec<String>,
        /// Consent ids of patients who appear.
        patients: Vec<String>,
        photo_checked_by: Option<String>,
        photo_checked_on: Option<Day>,
    },
    /// A clinician of the group: reviewers and authors may name one by its id (the slug).
    Provider {
        name: String,
        credentials: Vec<String>,
        specialties: Vec<String>,
        npi: Option<String>,
        languages: Vec<String>,
        /// Slugs of the locations they practise at.
        locations: Vec<String>,
        accepting_new_patients: Option<bool>,
        /// The day they left the group: they review nothing after it.
        left_on: Option<Day>,
        /// A photo beside the file: shown only under a staff photo release in the ledger.
        photo: Option<String>,
    },
    /// A clinic of the group.
    Location {
        address: Address,
        /// Latitude and longitude.
        geo: Option<[f64; 2]>,
        phone: Option<String>,
        fax: Option<String>,
        email: Option<String>,
        /// Opening hours per weekday (Monday first), each day's ranges in order.
        hours: Vec<(
            jiff::civil::Weekday,
            Vec<(jiff::civil::Time, jiff::civil::Time)>,
        )>,
        closures: Vec<(Day, String)>,
        services: Vec<String>,
        parking: Option<String>,
        accessibility: Option<String>,
        /// Its own social accounts, platform -> handle.
        handles: BTreeMap<String, String>,
    },
    Page {
        menu_order: Option<i64>,
    },
}

/// Where a video plays from.
#[derive(Debug, Clone, PartialEq)]
pub enum VideoSource {
    /// A file beside the item (path relative to the site root).
    File(PathBuf),
    /// A YouTube or Vimeo video, shown as a click-to-load facade.
    Hosted(crate::privacy::embeds::Embed),
}

/// A chapter of a video, from its chapters WebVTT file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    pub start_seconds: u32,
    pub title: String,
}

/// A postal address, as schema.org's `PostalAddress` has it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl Address {
    /// "100 Lake Street, Springfield, IL 62701".
    pub fn one_line(&self) -> String {
        let region = [self.region.as_str(), self.postal_code.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [self.street.as_str(), self.city.as_str(), region.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether `npi` is a National Provider Identifier: 10 digits whose last is the Luhn
/// check digit of the first nine prefixed with `80840` (CMS, "Requirements for National
/// Provider Identifier (NPI) and NPI Enumeration", check digit calculation).
pub fn npi_is_valid(npi: &str) -> bool {
    let digits: Vec<u32> = npi.chars().filter_map(|c| c.to_digit(10)).collect();
    if npi.len() != 10 || digits.len() != 10 {
        return false;
    }
    // Luhn over "80840" + the first nine digits: double every second digit from the right
    // of the payload (the check digit's position is the first from the right).
    let payload: Vec<u32> = [8, 0, 8, 4, 0]
        .into_iter()
        .chain(digits[..9].iter().copied())
        .collect();
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10 == digits[9]
}

/// How often a challenge posts a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Day,
    Week,
}

impl Every {
    pub fn days(self) -> i64 {
        match self {
            Every::Day => 1,
            Every::Week => 7,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Every::Day => "day",
            Every::Week => "week",
        }
    }

    /// The day prompt `index` (from 0) goes out: the start, then a day or a week apart.
    pub fn prompt_day(self, start: Day, index: usize) -> Day {
        let offset = self.days() * i64::try_from(index).unwrap_or(i64::MAX / 8);
        Day(start
            .0
            .checked_add(jiff::Span::new().days(offset))
            .unwrap_or(start.0))
    }

    /// How many prompts a challenge from `start` to `end` (both included) needs.
    pub fn periods(self, start: Day, end: Day) -> i64 {
        let days = start.days_to(end) + 1;
        if days <= 0 {
            0
        } else {
            (days + self.days() - 1) / self.days()
        }
    }
}

/// A contest's official rules, as the writer gives them; `start` and `end` are the
/// challenge's. What each must say follows the FTC's and the states' sweepstakes
/// rules as Meta's Promotions Guidelines summarise them
/// (https://www.facebook.com/policies_center/pages_groups_events, "Promotions").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contest {
    pub sponsor: String,
    pub eligibility: String,
    pub how_to_enter: String,
    pub no_purchase_necessary: String,
    pub winner_selection: String,
    pub winner_notification: String,
    /// That the promotion is not sponsored, endorsed or administered by, or associated
    /// with, Facebook or Instagram, which both require.
    pub platform_release: String,
    pub prizes: Vec<Prize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prize {
    pub name: String,
    /// Approximate retail value, as written (`$99`).
    pub value: String,
}

/// Where a live session streams (`stream:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stream {
    FacebookLive,
    InstagramLive,
    YoutubeLive,
    Webinar,
}

impl Stream {
    pub const ALL: [Stream; 4] = [
        Stream::FacebookLive,
        Stream::InstagramLive,
        Stream::YoutubeLive,
        Stream::Webinar,
    ];

    /// The value written in front matter.
    pub fn name(self) -> &'static str {
        match self {
            Stream::FacebookLive => "facebook-live",
            Stream::InstagramLive => "instagram-live",
            Stream::YoutubeLive => "youtube-live",
            Stream::Webinar => "webinar",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stream::FacebookLive => "Facebook Live",
            Stream::InstagramLive => "Instagram Live",
            Stream::YoutubeLive => "YouTube Live",
            Stream::Webinar => "our webinar",
        }
    }
}

/// An event's status, as schema.org's `EventStatusType` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventStatus {
    Scheduled,
    Rescheduled,
    Postponed,
    Cancelled,
}

impl EventStatus {
    pub const ALL: [EventStatus; 4] = [
        EventStatus::Scheduled,
        EventStatus::Rescheduled,
        EventStatus::Postponed,
        EventStatus::Cancelled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Rescheduled => "rescheduled",
            EventStatus::Postponed => "postponed",
            EventStatus::Cancelled => "cancelled",
        }
    }

    /// The schema.org value (https://schema.org/EventStatusType).
    pub fn schema_org(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "https://schema.org/EventScheduled",
            EventStatus::Rescheduled => "https://schema.org/EventRescheduled",
            EventStatus::Postponed => "https://schema.org/EventPostponed",
            EventStatus::Cancelled => "https://schema.org/EventCancelled",
        }
    }

    /// Whether it takes place at its `start` (a postponed or cancelled one does not).
    pub fn goes_ahead(self) -> bool {
        matches!(self, EventStatus::Scheduled | EventStatus::Rescheduled)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: Kind,
    pub slug: String,
    /// Source file relative to the site root.
    pub source: PathBuf,
    pub title: String,
    pub description: String,
    pub date: Option<Day>,
    pub updated: Option<Day>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub body: RenderedBody,
    /// File line of each front matter key, for diagnostics raised after loading.
    pub key_lines: BTreeMap<String, usize>,
    pub social: SocialOverrides,
    /// Possible patient information found in the item's text (errors once published).
    pub phi: Vec<crate::diagnostics::Diagnostic>,
    /// Identifier kinds the writer reviewed and allowed for this item (`phi_allow:`).
    pub phi_allow: Vec<String>,
    pub detail: Detail,
}

impl Item {
    /// Site path of the item's page, e.g. `/articles/flu-shots/` or `/about/`.
    pub fn path(&self) -> String {
        self.kind.path_of(&self.slug)
    }

    /// The site path of a file that sits beside the item and is published with it:
    /// `/videos/visit/visit.mp4`.
    pub fn beside_path(&self, file: &std::path::Path) -> String {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        format!("{}{name}", self.path())
    }

    /// The files beside the item that loading it reads (a video's captions, chapters and
    /// transcript), relative to the root: editing one changes the item.
    pub fn files_read(&self) -> Vec<&std::path::Path> {
        match &self.detail {
            Detail::Video {
                captions,
                chapters,
                transcript_file,
                ..
            } => [captions, chapters, transcript_file]
                .into_iter()
                .flatten()
                .map(|p| p.as_path())
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn key_line(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(1)
    }

    /// The consent ledger ids this item relies on (empty when it features no patient).
    pub fn consent_ids(&self) -> Vec<String> {
        match &self.detail {
            Detail::Testimonial { consent, .. } => consent.iter().cloned().collect(),
            Detail::Article { patients, .. }
            | Detail::Infographic { patients, .. }
            | Detail::Video { patients, .. }
            | Detail::Team { patients, .. } => patients.clone(),
            Detail::Challenge { winners, .. } => winners.clone(),
            Detail::Tip { .. }
            | Detail::Poll { .. }
            | Detail::Event { .. }
            | Detail::Provider { .. }
            | Detail::Location { .. }
            | Detail::Page { .. } => Vec::new(),
        }
    }

    /// The front matter key naming the consent this item relies on (for diagnostics).
    pub fn consent_key(&self) -> &'static str {
        match self.kind {
            Kind::Testimonial => "consent",
            Kind::Challenge => "winners",
            _ => "patients",
        }
    }

    /// The medical review of an item that carries health information (articles, videos,
    /// tips): who reviewed it and when.
    pub fn medical_review(&self) -> Option<(Option<&str>, Option<Day>)> {
        match &self.detail {
            Detail::Article {
                reviewed_by,
                last_reviewed,
                ..
            }
            | Detail::Video {
                reviewed_by,
                last_reviewed,
                ..
            }
            | Detail::Tip {
                reviewed_by,
                last_reviewed,
                ..
            } => Some((reviewed_by.as_deref(), *last_reviewed)),
            _ => None,
        }
    }

    /// The sources an item cites.
    pub fn citations(&self) -> &[Citation] {
        match &self.detail {
            Detail::Article { citations, .. }
            | Detail::Infographic { citations, .. }
            | Detail::Poll { citations, .. }
            | Detail::Video { citations, .. }
            | Detail::Tip { citations, .. } => citations,
            _ => &[],
        }
    }

    /// Whether the consent gate applies: testimonials always, other items when they name patients.
    pub fn features_patient(&self) -> bool {
        matches!(self.detail, Detail::Testimonial { .. }) || !self.consent_ids().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npis_are_checked_by_the_luhn_rule_over_the_80840_prefix() {
        // CMS's worked example.
        assert!(npi_is_valid("1234567893"));
        for bad in [
            "1234567890",
            "123456789",
            "12345678931",
            "12345678a3",
            " 234567893",
        ] {
            assert!(!npi_is_valid(bad), "{bad}");
        }
        // Every other check digit fails.
        for d in 0..10 {
            assert_eq!(npi_is_valid(&format!("123456789{d}")), d == 3);
        }
    }
}
