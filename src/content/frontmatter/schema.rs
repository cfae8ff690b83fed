//! The front matter of each kind of item as written: the keys a file may have and
//! their shapes (serde), before any check.

use crate::dates::Day;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A citation is either plain text or `{title, url, publisher, accessed, author}`.
pub(super) enum CitationFm {
    Text(String),
    Full(CitationFull),
}

impl<'de> Deserialize<'de> for CitationFm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CitationFm;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a citation: text, or a mapping with title, url, publisher, accessed, author",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CitationFm, E> {
                Ok(CitationFm::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<CitationFm, A::Error> {
                CitationFull::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(CitationFm::Full)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CitationFull {
    pub(super) title: String,
    #[allow(dead_code)] // accepted for the writer's records; not shown
    pub(super) author: Option<String>,
    pub(super) url: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) accessed: Option<Day>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum SkipFm {
    All(bool),
    Some(Vec<String>),
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum ScheduleFm {
    One(String),
    PerPlatform(BTreeMap<String, String>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct SocialFm {
    #[serde(default)]
    pub(super) hashtags: Vec<String>,
    pub(super) skip: Option<SkipFm>,
    pub(super) schedule: Option<ScheduleFm>,
    pub(super) facebook: Option<String>,
    pub(super) instagram: Option<String>,
    pub(super) x: Option<String>,
    pub(super) linkedin: Option<String>,
    pub(super) threads: Option<String>,
    pub(super) bluesky: Option<String>,
    pub(super) mastodon: Option<String>,
    pub(super) youtube: Option<String>,
    pub(super) locations: Option<LocationsFm>,
}

/// `locations: all`, `locations: group` or `locations: [group, northgate]`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum LocationsFm {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
pub(super) struct ArticleFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) updated: Option<Day>,
    pub(super) author: Option<String>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) image: Option<String>,
    pub(super) draft: Option<bool>,
    pub(super) citations: Option<Vec<CitationFm>>,
    pub(super) reviewed_by: Option<String>,
    pub(super) last_reviewed: Option<Day>,
    pub(super) patients: Option<Vec<String>>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const ARTICLE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "author",
    "tags",
    "image",
    "draft",
    "citations",
    "reviewed_by",
    "last_reviewed",
    "patients",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct TestimonialFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) patient: Option<String>,
    pub(super) consent: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) quote: Option<String>,
    pub(super) photo: Option<String>,
    pub(super) video: Option<String>,
    pub(super) service: Option<String>,
    pub(super) description: Option<String>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const TESTIMONIAL_KEYS: &[&str] = &[
    "title",
    "patient",
    "consent",
    "date",
    "quote",
    "photo",
    "video",
    "service",
    "description",
    "tags",
    "draft",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct InfographicFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) alt: Option<String>,
    pub(super) source: Option<String>,
    pub(super) citations: Option<Vec<CitationFm>>,
    pub(super) description: Option<String>,
    pub(super) focal_point: Option<[f64; 2]>,
    pub(super) patients: Option<Vec<String>>,
    pub(super) date: Option<Day>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const INFOGRAPHIC_KEYS: &[&str] = &[
    "title",
    "alt",
    "source",
    "citations",
    "description",
    "focal_point",
    "patients",
    "date",
    "tags",
    "draft",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct PageFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) menu_order: Option<i64>,
    pub(super) draft: Option<bool>,
}

pub(super) const PAGE_KEYS: &[&str] = &["title", "description", "menu_order", "draft", "phi_allow"];

#[derive(Deserialize)]
pub(super) struct PollFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) question: Option<String>,
    pub(super) options: Option<Vec<String>>,
    pub(super) duration: Option<String>,
    pub(super) results: Option<Vec<u64>>,
    pub(super) description: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) citations: Option<Vec<CitationFm>>,
    pub(super) draft: Option<bool>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const POLL_KEYS: &[&str] = &[
    "title",
    "question",
    "options",
    "duration",
    "results",
    "description",
    "date",
    "tags",
    "citations",
    "draft",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct EventFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) start: Option<String>,
    pub(super) end: Option<String>,
    pub(super) timezone: Option<String>,
    pub(super) stream: Option<String>,
    pub(super) url: Option<String>,
    pub(super) hosts: Option<Vec<String>>,
    pub(super) topic: Option<String>,
    pub(super) recording: Option<String>,
    pub(super) status: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const EVENT_KEYS: &[&str] = &[
    "title",
    "description",
    "start",
    "end",
    "timezone",
    "stream",
    "url",
    "hosts",
    "topic",
    "recording",
    "status",
    "date",
    "tags",
    "draft",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct ChallengeFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) start: Option<Day>,
    pub(super) end: Option<Day>,
    pub(super) hashtag: Option<String>,
    pub(super) every: Option<String>,
    pub(super) prompts: Option<Vec<String>>,
    pub(super) prizes: Option<Vec<PrizeFm>>,
    pub(super) rules: Option<RulesFm>,
    pub(super) winners: Option<Vec<String>>,
    pub(super) date: Option<Day>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const CHALLENGE_KEYS: &[&str] = &[
    "title",
    "description",
    "start",
    "end",
    "hashtag",
    "every",
    "prompts",
    "prizes",
    "rules",
    "winners",
    "date",
    "tags",
    "draft",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PrizeFm {
    pub(super) name: Option<String>,
    pub(super) value: Option<String>,
}

/// A contest's official rules (`rules:`); the dates are the challenge's own.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFm {
    pub(super) sponsor: Option<String>,
    pub(super) eligibility: Option<String>,
    pub(super) how_to_enter: Option<String>,
    pub(super) no_purchase_necessary: Option<String>,
    pub(super) winner_selection: Option<String>,
    pub(super) winner_notification: Option<String>,
    pub(super) platform_release: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ProviderFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) credentials: Option<Vec<String>>,
    pub(super) specialties: Option<Vec<String>>,
    pub(super) npi: Option<String>,
    pub(super) languages: Option<Vec<String>>,
    pub(super) locations: Option<Vec<String>>,
    pub(super) accepting_new_patients: Option<bool>,
    pub(super) left_on: Option<Day>,
    pub(super) photo: Option<String>,
    pub(super) draft: Option<bool>,
}

pub(super) const PROVIDER_KEYS: &[&str] = &[
    "photo",
    "name",
    "description",
    "credentials",
    "specialties",
    "npi",
    "languages",
    "locations",
    "accepting_new_patients",
    "left_on",
    "draft",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct LocationFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) address: Option<AddressFm>,
    pub(super) geo: Option<[f64; 2]>,
    pub(super) phone: Option<String>,
    pub(super) fax: Option<String>,
    pub(super) email: Option<String>,
    pub(super) hours: Option<BTreeMap<String, HoursFm>>,
    pub(super) closures: Option<Vec<ClosureFm>>,
    pub(super) services: Option<Vec<String>>,
    pub(super) parking: Option<String>,
    pub(super) accessibility: Option<String>,
    pub(super) handles: Option<BTreeMap<String, String>>,
    pub(super) draft: Option<bool>,
}

pub(super) const LOCATION_KEYS: &[&str] = &[
    "name",
    "description",
    "address",
    "geo",
    "phone",
    "fax",
    "email",
    "hours",
    "closures",
    "services",
    "parking",
    "accessibility",
    "handles",
    "draft",
    "phi_allow",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AddressFm {
    pub(super) street: Option<String>,
    pub(super) city: Option<String>,
    pub(super) region: Option<String>,
    pub(super) postal_code: Option<String>,
    pub(super) country: Option<String>,
}

/// A day's hours: `"08:00-17:00"`, a list of such ranges, or `closed`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum HoursFm {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClosureFm {
    pub(super) date: Option<Day>,
    pub(super) note: Option<String>,
}

/// `duration: "2:05"`, `duration: 125` or `duration: PT2M5S`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum DurationFm {
    Seconds(u32),
    Text(String),
}

#[derive(Deserialize)]
pub(super) struct VideoFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) updated: Option<Day>,
    pub(super) src: Option<String>,
    pub(super) poster: Option<String>,
    pub(super) duration: Option<DurationFm>,
    pub(super) captions: Option<String>,
    pub(super) chapters: Option<String>,
    pub(super) transcript: Option<String>,
    pub(super) speech: Option<bool>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) citations: Option<Vec<CitationFm>>,
    pub(super) reviewed_by: Option<String>,
    pub(super) last_reviewed: Option<Day>,
    pub(super) patients: Option<Vec<String>>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const VIDEO_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "src",
    "poster",
    "duration",
    "captions",
    "chapters",
    "transcript",
    "speech",
    "tags",
    "draft",
    "citations",
    "reviewed_by",
    "last_reviewed",
    "patients",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct TipFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) citations: Option<Vec<CitationFm>>,
    pub(super) reviewed_by: Option<String>,
    pub(super) last_reviewed: Option<Day>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const TIP_KEYS: &[&str] = &[
    "title",
    "date",
    "tags",
    "draft",
    "citations",
    "reviewed_by",
    "last_reviewed",
    "social",
    "phi_allow",
];

#[derive(Deserialize)]
pub(super) struct TeamFm {
    pub(super) phi_allow: Option<Vec<String>>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) date: Option<Day>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) draft: Option<bool>,
    pub(super) photo: Option<String>,
    pub(super) photo_alt: Option<String>,
    pub(super) people: Option<Vec<String>>,
    pub(super) patients: Option<Vec<String>>,
    pub(super) photo_checked_by: Option<String>,
    pub(super) photo_checked_on: Option<Day>,
    pub(super) social: Option<SocialFm>,
}

pub(super) const TEAM_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "tags",
    "draft",
    "photo",
    "photo_alt",
    "people",
    "patients",
    "photo_checked_by",
    "photo_checked_on",
    "social",
    "phi_allow",
];
