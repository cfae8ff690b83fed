//! Social snippets: per-platform post text counted the way each platform counts,
//! a posting schedule, and exports for schedulers (JSON, iCalendar, CSV).

pub mod compose;
pub mod count;
pub mod export;
pub mod kit;
pub mod layout;
pub mod schedule;

use serde::Serialize;

/// One ready-to-post snippet: what `posts.json`, the calendar and the CSVs are made of.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Post {
    /// `x`, `facebook`, `instagram`, `linkedin`, `threads`, `bluesky`, `mastodon`.
    pub platform: String,
    /// `article`, `testimonial`, `infographic` in the exports.
    pub kind: crate::content::Kind,
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

impl Post {
    /// The ready-to-post text file in the item's social kit, e.g.
    /// `social/articles/flu/x.txt`.
    pub fn text_file(&self) -> String {
        format!(
            "social/{}/{}/{}.txt",
            self.kind.section(),
            self.slug,
            self.platform
        )
    }

    /// Due on or after `today` and within `weeks` of it (local dates): the posts the
    /// per-post files, the calendar, the scheduler CSVs and the preview page hold.
    pub fn is_upcoming(&self, today: crate::dates::Day, weeks: u32) -> bool {
        self.scheduled
            .get(..10)
            .and_then(|d| crate::dates::parse_day(d).ok())
            .is_some_and(|d| (0..i64::from(weeks) * 7).contains(&today.days_to(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_day;

    #[test]
    fn upcoming_means_from_today_up_to_the_horizon() {
        let today = parse_day("2026-11-28").unwrap();
        let at = |scheduled: &str| Post {
            scheduled: scheduled.into(),
            ..Post::default()
        };
        assert!(at("2026-11-28T09:00:00-06:00").is_upcoming(today, 1));
        assert!(at("2026-12-04T23:00:00+00:00").is_upcoming(today, 1));
        assert!(!at("2026-12-05T09:00:00+00:00").is_upcoming(today, 1));
        assert!(at("2026-12-05T09:00:00+00:00").is_upcoming(today, 2));
        assert!(!at("2026-11-27T09:00:00+00:00").is_upcoming(today, 8));
        assert!(!at("not a time").is_upcoming(today, 8));
    }
}
