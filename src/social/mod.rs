//! Social snippets: per-platform post text counted the way each platform counts,
//! a posting schedule, and exports for schedulers (JSON, iCalendar, CSV).

pub mod compose;
pub mod count;
pub mod export;
pub mod kit;
pub mod platform;
pub mod schedule;

use serde::Serialize;

/// One ready-to-post snippet: what `posts.json`, the calendar and the CSVs are made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Post {
    /// `x`, `facebook`, `instagram`, `linkedin`, `threads`, `bluesky`, `mastodon`.
    pub platform: String,
    /// `article`, `testimonial`, `infographic`.
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub text: String,
    /// The tracked link (with UTM parameters); `None` where the platform has no clickable links.
    pub link: Option<String>,
    pub image_url: Option<String>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    /// RFC 3339 with offset, e.g. `2026-12-02T09:00:00-06:00`.
    pub scheduled: String,
    /// IANA time zone of `scheduled`, e.g. `America/Chicago`.
    pub timezone: String,
    /// Length as the platform counts it, and the platform's limit.
    pub length: usize,
    pub limit: usize,
}
