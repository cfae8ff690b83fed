//! The social platforms carepress writes posts for, and their facts as data in one
//! table (DESIGN.md, "Social snippets"): limits, how each counts, whether links are
//! clickable, how many hashtags each audience tolerates, the image preset posted with
//! it and the platform's upload limit for one image.
//!
//! Where each was checked: X's counting in twitter-text v3 (config/v3.json); Threads,
//! Bluesky and Mastodon in their posting docs and server defaults (Mastodon's
//! `MAX_CHARS` 500); Facebook's 63,206 and Instagram's 2,200 and LinkedIn's 3,000 in the
//! platforms' help centres; image limits in each platform's upload guidance.
//!
//! Polls (`PollRules`), checked 2026-12-05:
//! - X: API v2 `POST /2/tweets` `poll` (X's OpenAPI spec, `TweetCreateRequest.poll`,
//!   `PollOptionLabel`): 2-4 options of 1-25 characters, `duration_minutes` 5-10,080; the
//!   post's text is the question.
//! - LinkedIn: Poll Post API (learn.microsoft.com, community-management/shares/poll-post-api):
//!   2-4 options, durations `ONE_DAY`, `THREE_DAYS`, `SEVEN_DAYS`, `FOURTEEN_DAYS`. The
//!   question's 140 and an option's 30 characters are from client SDKs' docs only.
//! - Mastodon: `app/validators/poll_options_validator.rb` (4 options of 50 characters) and
//!   `poll_expiration_validator.rb` (5 minutes to 1 month, 2,629,746 s) in mastodon/mastodon;
//!   an instance may differ and says so in `configuration.polls` of `/api/v2/instance`.
//! - Threads: the Threads API's polls (`poll_attachment`, text posts only): 2-4 options of
//!   1-25 characters, no duration setting; polls run 24 hours (launch coverage, not a Meta page).
//! - Instagram: the API cannot put a poll sticker on a story, so the kit gives a story image
//!   and the options to place by hand; a story lasts 24 hours. 2-4 options (newer apps), the
//!   sticker's option length (about 24 characters) from secondary sources only.
//! - Facebook: no way was found for a Page to post a poll (the Graph API has polls only for
//!   live videos), and Bluesky has none (atproto's `app.bsky.feed.post` lexicon has no poll
//!   embed): both get a text post linking to the poll's page.
//!
//! Videos (`VideoRules`), checked 2026-09 (O: the platform's own docs or code; S: secondary):
//! - YouTube: Data API `videos` resource (O): title <= 100 characters, description <= 5,000
//!   bytes, neither with `<` or `>`; tags <= 500 characters in all, commas counted, a tag
//!   with a space counted as quoted (+2). Uploads over 15 minutes need a verified channel (S).
//!   Captions: `captions.insert` (O).
//! - Facebook Page video: 240 minutes, 10 GB (S; the Graph API's old upload guide says 45
//!   minutes); captions through the video's `captions` edge (O).
//! - Instagram Reels: 3 minutes in the app (S), 300 MB through the API (S); no captions file.
//! - X: 140 s and 512 MB (docs.x.com media best practices, 2026-08 snapshot, O; an undated
//!   copy says 20 minutes); subtitles through `POST /2/media/subtitles` (O).
//! - LinkedIn: 30 minutes, 500 MB (S); captions through the Videos API (O).
//! - Threads: 5 minutes, 1 GB (S, quoting Meta); no captions file found.
//! - Bluesky: 10 minutes and 300 MB (social-app `constants.ts` and the `app.bsky.embed.video`
//!   lexicon, O); captions as WebVTT files of at most 20,000 bytes (O).
//! - Mastodon: 99 MiB (`MAX_VIDEO_SIZE` in `media_attachment.rb`, O; a server may differ);
//!   no duration limit (long videos are cut when transcoded) and no captions file.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Facebook,
    Instagram,
    X,
    Linkedin,
    Threads,
    Bluesky,
    Mastodon,
    Youtube,
}

impl Platform {
    /// Every platform, in display order.
    pub const ALL: [Platform; 8] = [
        Platform::Facebook,
        Platform::Instagram,
        Platform::X,
        Platform::Linkedin,
        Platform::Threads,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Youtube,
    ];

    /// The name in config, front matter and file names: `facebook`, `x`, …
    pub fn name(self) -> &'static str {
        match self {
            Platform::Facebook => "facebook",
            Platform::Instagram => "instagram",
            Platform::X => "x",
            Platform::Linkedin => "linkedin",
            Platform::Threads => "threads",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Youtube => "youtube",
        }
    }

    pub fn from_name(name: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The platform's row of the facts table.
    pub fn facts(self) -> &'static SocialPreset {
        &PRESETS[self as usize]
    }
}

/// The names of every platform, in display order.
pub fn names() -> [&'static str; 8] {
    Platform::ALL.map(Platform::name)
}

/// How a platform measures text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// X (Twitter): twitter-text v3 weighted length; links count 23, emoji 2, CJK 2.
    XWeighted,
    /// Facebook, Instagram, LinkedIn: Unicode scalar values.
    Characters,
    /// Threads: characters, but an emoji costs its UTF-8 byte length.
    ThreadsBytesForEmoji,
    /// Bluesky: grapheme clusters, links counted in full (plus a byte cap, see [`bluesky_bytes`]).
    BlueskyGraphemes,
    /// Mastodon: grapheme clusters, every link counted as 23.
    MastodonGraphemes,
    /// YouTube descriptions: UTF-8 bytes (the Data API states the limit in bytes).
    Utf8Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocialPreset {
    pub platform: Platform,
    pub label: &'static str,
    pub limit: usize,
    pub counting: Counting,
    /// Bluesky also caps posts at 3,000 bytes.
    pub byte_limit: Option<usize>,
    /// Instagram captions have no clickable links: they say "link in bio" instead.
    pub clickable_links: bool,
    pub max_hashtags: usize,
    /// The image preset posted with it (falls back to `og` when a site drops it).
    pub image: &'static str,
    /// The platform's upload limit for one image, in bytes.
    pub image_max_bytes: u64,
    pub poll: PollRules,
    pub video: VideoRules,
}

/// How a platform takes an uploaded video (sources in [`VideoRules`]'s table below).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoRules {
    /// YouTube: nothing but videos is posted there.
    pub only_videos: bool,
    /// The longest upload an ordinary account may post, in seconds (`None`: no limit found).
    pub max_seconds: Option<u32>,
    /// The largest upload, in bytes.
    pub max_bytes: Option<u64>,
    /// Whether a captions file can be uploaded with the video.
    pub caption_file: bool,
    /// YouTube: the title's limit in characters (the post's text is the description).
    pub title_chars: Option<usize>,
    /// YouTube: the tags' limit, counted as [`youtube_tags_length`] counts.
    pub tags_chars: Option<usize>,
}

/// How a platform runs a poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PollStyle {
    /// A poll attached to the post: its options and duration go with the text.
    Native,
    /// Instagram: a poll sticker placed by hand on a story image.
    StorySticker,
    /// No polls: a text post that links to the poll's page.
    LinkToPage,
}

/// The durations a platform's polls can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollDurations {
    /// Any whole number of minutes from `min` to `max`.
    Range { min: u32, max: u32 },
    /// Only these, in minutes.
    Choices(&'static [u32]),
    /// Not the poster's to set (a story sticker lasts as long as the story).
    NotSet,
}

/// A platform's rules for a poll (see the sources in the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollRules {
    pub style: PollStyle,
    pub min_options: usize,
    pub max_options: usize,
    /// Characters in one option.
    pub option_chars: usize,
    /// Characters in the question, where it is a field of its own; `None` where the post's
    /// text asks it (and the post's limit applies).
    pub question_chars: Option<usize>,
    pub durations: PollDurations,
}

const MINUTES_PER_DAY: u32 = 24 * 60;

/// What a platform without polls is given: nothing is checked.
const NO_POLLS: PollRules = PollRules {
    style: PollStyle::LinkToPage,
    min_options: 0,
    max_options: usize::MAX,
    option_chars: usize::MAX,
    question_chars: None,
    durations: PollDurations::NotSet,
};

impl SocialPreset {
    /// Config and file name: `x`, `facebook`, …
    pub fn name(&self) -> &'static str {
        self.platform.name()
    }
}

/// The facts table, in the order of `Platform::ALL`.
pub const PRESETS: [SocialPreset; 8] = [
    SocialPreset {
        platform: Platform::Facebook,
        label: "Facebook",
        limit: 63_206,
        counting: Counting::Characters,
        byte_limit: None,
        clickable_links: true,
        max_hashtags: 3,
        image: "og",
        image_max_bytes: 8_000_000,
        poll: NO_POLLS,
        video: VideoRules {
            only_videos: false,
            max_seconds: Some(240 * 60),
            max_bytes: Some(10_000_000_000),
            caption_file: true,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::Instagram,
        label: "Instagram",
        limit: 2_200,
        counting: Counting::Characters,
        byte_limit: None,
        clickable_links: false,
        max_hashtags: 5,
        image: "portrait",
        image_max_bytes: 8_000_000,
        poll: PollRules {
            style: PollStyle::StorySticker,
            min_options: 2,
            max_options: 4,
            option_chars: 24,
            question_chars: None,
            durations: PollDurations::NotSet,
        },
        video: VideoRules {
            only_videos: false,
            max_seconds: Some(3 * 60),
            max_bytes: Some(300_000_000),
            caption_file: false,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::X,
        label: "X",
        limit: 280,
        counting: Counting::XWeighted,
        byte_limit: None,
        clickable_links: true,
        max_hashtags: 2,
        image: "x",
        image_max_bytes: 5_000_000,
        poll: PollRules {
            style: PollStyle::Native,
            min_options: 2,
            max_options: 4,
            option_chars: 25,
            question_chars: None,
            durations: PollDurations::Range {
                min: 5,
                max: 7 * MINUTES_PER_DAY,
            },
        },
        video: VideoRules {
            only_videos: false,
            max_seconds: Some(140),
            max_bytes: Some(512_000_000),
            caption_file: true,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::Linkedin,
        label: "LinkedIn",
        limit: 3_000,
        counting: Counting::Characters,
        byte_limit: None,
        clickable_links: true,
        max_hashtags: 5,
        image: "og",
        image_max_bytes: 5_000_000,
        poll: PollRules {
            style: PollStyle::Native,
            min_options: 2,
            max_options: 4,
            option_chars: 30,
            question_chars: Some(140),
            durations: PollDurations::Choices(&[
                MINUTES_PER_DAY,
                3 * MINUTES_PER_DAY,
                7 * MINUTES_PER_DAY,
                14 * MINUTES_PER_DAY,
            ]),
        },
        video: VideoRules {
            only_videos: false,
            max_seconds: Some(30 * 60),
            max_bytes: Some(500_000_000),
            caption_file: true,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::Threads,
        label: "Threads",
        limit: 500,
        counting: Counting::ThreadsBytesForEmoji,
        byte_limit: None,
        clickable_links: true,
        max_hashtags: 1,
        image: "portrait",
        image_max_bytes: 8_000_000,
        poll: PollRules {
            style: PollStyle::Native,
            min_options: 2,
            max_options: 4,
            option_chars: 25,
            question_chars: None,
            durations: PollDurations::Choices(&[MINUTES_PER_DAY]),
        },
        video: VideoRules {
            only_videos: false,
            max_seconds: Some(5 * 60),
            max_bytes: Some(1_000_000_000),
            caption_file: false,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::Bluesky,
        label: "Bluesky",
        limit: 300,
        counting: Counting::BlueskyGraphemes,
        byte_limit: Some(3_000),
        clickable_links: true,
        max_hashtags: 3,
        image: "og",
        image_max_bytes: 1_000_000,
        poll: NO_POLLS,
        video: VideoRules {
            only_videos: false,
            max_seconds: Some(10 * 60),
            max_bytes: Some(300_000_000),
            caption_file: true,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::Mastodon,
        label: "Mastodon",
        limit: 500,
        counting: Counting::MastodonGraphemes,
        byte_limit: None,
        clickable_links: true,
        max_hashtags: 5,
        image: "og",
        image_max_bytes: 8_000_000,
        poll: PollRules {
            style: PollStyle::Native,
            min_options: 2,
            max_options: 4,
            option_chars: 50,
            question_chars: None,
            // The server's limit is Rails' month, 2,629,746 s (30 days 10 h 29 min);
            // 30 days keeps to it in a length a writer can say.
            durations: PollDurations::Range {
                min: 5,
                max: 30 * MINUTES_PER_DAY,
            },
        },
        video: VideoRules {
            only_videos: false,
            max_seconds: None,
            max_bytes: Some(99 * 1024 * 1024),
            caption_file: false,
            title_chars: None,
            tags_chars: None,
        },
    },
    SocialPreset {
        platform: Platform::Youtube,
        label: "YouTube",
        limit: 5_000,
        counting: Counting::Utf8Bytes,
        byte_limit: None,
        clickable_links: true,
        // YouTube shows the first three hashtags above the title.
        max_hashtags: 3,
        // The thumbnail: 16:9 (YouTube recommends 1280 x 720), 2 MB at most.
        image: "x",
        image_max_bytes: 2_000_000,
        poll: NO_POLLS,
        video: VideoRules {
            only_videos: true,
            max_seconds: Some(15 * 60),
            max_bytes: Some(256_000_000_000),
            caption_file: true,
            title_chars: Some(100),
            tags_chars: Some(500),
        },
    },
];

/// One way a poll does not fit a platform's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollMisfit {
    OptionCount { count: usize },
    OptionTooLong { option: String, chars: usize },
    QuestionTooLong { chars: usize },
    DurationNotOffered,
}

impl PollRules {
    /// How the poll of `question`, `options` and `minutes` breaks these rules: options
    /// counted and measured in characters, the question where it is a field of its own,
    /// the duration against what the platform offers. Empty when it fits.
    pub fn misfits(&self, question: &str, options: &[String], minutes: u32) -> Vec<PollMisfit> {
        let mut out = Vec::new();
        if !(self.min_options..=self.max_options).contains(&options.len()) {
            out.push(PollMisfit::OptionCount {
                count: options.len(),
            });
        }
        for option in options {
            let chars = option.chars().count();
            if chars > self.option_chars {
                out.push(PollMisfit::OptionTooLong {
                    option: option.clone(),
                    chars,
                });
            }
        }
        if let Some(limit) = self.question_chars {
            let chars = question.chars().count();
            if chars > limit {
                out.push(PollMisfit::QuestionTooLong { chars });
            }
        }
        let offered = match self.durations {
            PollDurations::Range { min, max } => (min..=max).contains(&minutes),
            PollDurations::Choices(choices) => choices.contains(&minutes),
            PollDurations::NotSet => true,
        };
        if !offered {
            out.push(PollMisfit::DurationNotOffered);
        }
        out
    }

    /// The durations offered, as a writer would say them (`1d, 3d, 7d or 14d`).
    pub fn durations_offered(&self) -> String {
        match self.durations {
            PollDurations::Range { min, max } => {
                format!("from {} to {}", minutes_text(min), minutes_text(max))
            }
            PollDurations::Choices(choices) => {
                let names: Vec<String> = choices.iter().map(|m| minutes_text(*m)).collect();
                match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => names.join(""),
                }
            }
            PollDurations::NotSet => "any".into(),
        }
    }
}

/// `90` is `90m`, `1440` is `1d`, `10080` is `7d`, as written in front matter.
pub fn minutes_text(minutes: u32) -> String {
    if minutes % MINUTES_PER_DAY == 0 {
        format!("{}d", minutes / MINUTES_PER_DAY)
    } else if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

/// YouTube's count of a video's tags against its 500-character limit (Data API, `videos`
/// resource, `snippet.tags[]`): the tags' characters, a comma between each two, and two
/// more for a tag with a space (it is sent quoted).
pub fn youtube_tags_length(tags: &[String]) -> usize {
    let quoted = |t: &String| t.chars().count() + if t.contains(' ') { 2 } else { 0 };
    tags.iter().map(quoted).sum::<usize>() + tags.len().saturating_sub(1)
}

/// The facts of the platform called `name`.
pub fn preset(name: &str) -> Option<&'static SocialPreset> {
    Platform::from_name(name).map(Platform::facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_the_enum() {
        for (i, p) in Platform::ALL.into_iter().enumerate() {
            assert_eq!(PRESETS[i].platform, p);
            assert_eq!(preset(p.name()).map(|f| f.platform), Some(p));
        }
        assert_eq!(preset("myspace"), None);
    }

    #[test]
    fn youtube_counts_tags_with_commas_and_quotes() {
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(youtube_tags_length(&[]), 0);
        assert_eq!(youtube_tags_length(&tags(&["flu"])), 3);
        // "flu,heart health" sent as `flu,"heart health"`: 3 + 1 + 12 + 2.
        assert_eq!(youtube_tags_length(&tags(&["flu", "heart health"])), 18);
        assert!(Platform::Youtube.facts().video.only_videos);
        assert!(
            Platform::ALL
                .iter()
                .filter(|p| p.facts().video.only_videos)
                .count()
                == 1
        );
    }

    fn options(list: &[&str]) -> Vec<String> {
        list.iter().map(|o| o.to_string()).collect()
    }

    #[test]
    fn a_poll_is_measured_against_each_platforms_rules() {
        let yes_no = options(&["Yes", "No"]);
        for p in Platform::ALL {
            assert_eq!(
                p.facts()
                    .poll
                    .misfits("Had your flu shot?", &yes_no, MINUTES_PER_DAY),
                vec![],
                "{p:?}"
            );
        }
        let x = Platform::X.facts().poll;
        let long = "Twenty-six characters long";
        assert_eq!(long.chars().count(), 26);
        assert_eq!(
            x.misfits("Q?", &options(&["Yes", long]), 60),
            vec![PollMisfit::OptionTooLong {
                option: long.into(),
                chars: 26
            }]
        );
        assert_eq!(
            x.misfits("Q?", &options(&["a", "b", "c", "d", "e"]), 4),
            vec![
                PollMisfit::OptionCount { count: 5 },
                PollMisfit::DurationNotOffered
            ]
        );
        assert_eq!(x.misfits("Q?", &yes_no, 7 * MINUTES_PER_DAY), vec![]);
        assert_eq!(
            x.misfits("Q?", &yes_no, 7 * MINUTES_PER_DAY + 1),
            vec![PollMisfit::DurationNotOffered]
        );
        let linkedin = Platform::Linkedin.facts().poll;
        assert_eq!(
            linkedin.misfits("Q?", &yes_no, 2 * MINUTES_PER_DAY),
            vec![PollMisfit::DurationNotOffered]
        );
        assert_eq!(linkedin.durations_offered(), "1d, 3d, 7d or 14d");
        assert_eq!(
            linkedin.misfits(&"Why? ".repeat(29), &yes_no, MINUTES_PER_DAY),
            vec![PollMisfit::QuestionTooLong { chars: 145 }]
        );
        assert_eq!(
            Platform::Threads
                .facts()
                .poll
                .misfits("Q?", &yes_no, 3 * MINUTES_PER_DAY),
            vec![PollMisfit::DurationNotOffered]
        );
        // No polls: nothing to break.
        let many = options(&["a", "b", "c", "d", "e", "f"]);
        assert_eq!(
            Platform::Bluesky.facts().poll.misfits("Q?", &many, 1),
            vec![]
        );
        assert_eq!(minutes_text(90), "90m");
        assert_eq!(minutes_text(120), "2h");
        assert_eq!(
            Platform::Mastodon.facts().poll.durations_offered(),
            "from 5m to 30d"
        );
    }
}
