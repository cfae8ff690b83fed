//! The platforms table (DESIGN.md, "Social snippets"): limits, how each counts,
//! whether links are clickable, and how many hashtags each audience tolerates.

use super::count::Counting;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocialPreset {
    /// Config and file name: `x`, `facebook`, …
    pub name: &'static str,
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

pub const PRESETS: [SocialPreset; 7] = [
    SocialPreset {
        name: "facebook",
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
        name: "instagram",
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
        name: "x",
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
        name: "linkedin",
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
        name: "threads",
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
        name: "bluesky",
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
        name: "mastodon",
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

pub fn preset(name: &str) -> Option<&'static SocialPreset> {
    PRESETS.iter().find(|p| p.name == name)
}
