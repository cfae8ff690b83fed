//! The social platforms carepress writes posts for, and their facts as data in one
//! table (DESIGN.md, "Social snippets"): limits, how each counts, whether links are
//! clickable, how many hashtags each audience tolerates, the image preset posted with
//! it and the platform's upload limit for one image.
//!
//! Where each was checked: X's counting in twitter-text v3 (config/v3.json); Threads,
//! Bluesky and Mastodon in their posting docs and server defaults (Mastodon's
//! `MAX_CHARS` 500); Facebook's 63,206 and Instagram's 2,200 and LinkedIn's 3,000 in the
//! platforms' help centres; image limits in each platform's upload guidance.

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
}

impl Platform {
    /// Every platform, in display order.
    pub const ALL: [Platform; 7] = [
        Platform::Facebook,
        Platform::Instagram,
        Platform::X,
        Platform::Linkedin,
        Platform::Threads,
        Platform::Bluesky,
        Platform::Mastodon,
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
pub fn names() -> [&'static str; 7] {
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
}

impl SocialPreset {
    /// Config and file name: `x`, `facebook`, …
    pub fn name(&self) -> &'static str {
        self.platform.name()
    }
}

/// The facts table, in the order of `Platform::ALL`.
pub const PRESETS: [SocialPreset; 7] = [
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
    },
];

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
}
