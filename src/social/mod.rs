//! Social snippets: per-platform post text counted the way each platform counts,
//! a posting schedule, and exports for schedulers (JSON, iCalendar, CSV).

pub mod compose;
pub mod count;
pub mod export;
pub mod kit;
pub mod layout;
pub mod mix;
pub mod schedule;
pub mod series;

use crate::platform::Platform;
use jiff::ZonedDateTime;
use serde::Serialize;

/// One ready-to-post snippet: what `posts.json`, the calendar and the CSVs are made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub platform: Platform,
    /// `article`, `testimonial`, `infographic` in the exports.
    pub kind: crate::content::Kind,
    pub slug: String,
    pub title: String,
    pub text: String,
    /// The tracked link (with UTM parameters); `None` where the platform has no clickable links.
    pub link: Option<String>,
    pub image_url: Option<String>,
    /// The image's site path (`/social/articles/flu/square.jpg`): the deployed site
    /// holds it so `image_url` resolves, and the kit keeps a copy for its preview.
    pub image_path: Option<String>,
    /// The image's text alternative (its `alt`, else the item's title).
    pub image_alt: Option<String>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    /// When it goes out, in the cadence's time zone; the exporters format it (RFC 3339
    /// with offset in `posts.json`, UTC in the calendar, wall-clock time in the CSVs).
    pub scheduled: ZonedDateTime,
    /// Length as the platform counts it, and the platform's limit.
    pub length: usize,
    pub limit: usize,
    /// A poll item's poll as this platform runs it (none where the platform has no polls:
    /// its post links to the poll's page).
    pub poll: Option<PollPost>,
    /// A live session's post: which of its countdown series.
    pub stage: Option<series::Stage>,
    /// The location whose own account it goes to (`None`: the group's).
    pub account: Option<String>,
    /// The account's handle, when known.
    pub handle: Option<String>,
    /// A video item's post: the file to upload (the image above is its poster).
    pub video: Option<VideoUpload>,
    /// YouTube: the video's tags.
    pub tags: Vec<String>,
}

/// The video a post uploads, and its captions where the platform takes a captions file.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoUpload {
    /// Site path of the video (`/videos/flu/clip.mp4`): the deployed site serves it, and
    /// the kit keeps a link to it beside the post's text.
    pub path: String,
    pub url: String,
    pub captions_url: Option<String>,
}

/// A poll to attach to a post: natively (the text asks the question), or as Instagram's
/// story sticker, placed by hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollPost {
    pub style: crate::platform::PollStyle,
    pub question: String,
    pub options: Vec<String>,
    /// How long it runs, where the poster sets it (a story sticker runs as long as the story).
    pub duration_minutes: Option<u32>,
}

impl Post {
    /// The ready-to-post text file in the social kit, e.g. `articles/flu/x.txt`, or
    /// `events/ask-a-cardiologist/x-reminder.txt` for a live session's series.
    pub fn text_file(&self) -> String {
        let mut name = self.platform.name().to_string();
        if let Some(location) = &self.account {
            name.push('-');
            name.push_str(location);
        }
        if let Some(stage) = self.stage {
            name.push('-');
            name.push_str(&stage.name());
        }
        format!("{}/{}/{name}.txt", self.kind.section(), self.slug)
    }

    /// The account's key: `facebook`, or `facebook@northgate` for a location's own.
    pub fn account_key(&self) -> String {
        match &self.account {
            None => self.platform.name().to_string(),
            Some(l) => format!("{}@{l}", self.platform.name()),
        }
    }

    /// Due on or after `today` and within `weeks` of it (local dates): the posts the
    /// per-post files, the calendar, the scheduler CSVs and the preview page hold.
    pub fn is_upcoming(&self, today: crate::dates::Day, weeks: u32) -> bool {
        let local = crate::dates::Day(self.scheduled.date());
        (0..i64::from(weeks) * 7).contains(&today.days_to(local))
    }

    /// `scheduled` as RFC 3339 with its zone's offset, e.g. `2026-12-02T09:00:00-06:00`.
    pub fn scheduled_rfc3339(&self) -> String {
        schedule::rfc3339(&self.scheduled)
    }

    /// The IANA name of `scheduled`'s time zone, e.g. `America/Chicago`.
    pub fn timezone(&self) -> &str {
        self.scheduled.time_zone().iana_name().unwrap_or("UTC")
    }
}

/// A post as templates and `posts.json` see it: every field, times formatted.
#[derive(Debug, Serialize)]
pub struct PostView<'a> {
    /// `x`, `facebook`, `instagram`, `linkedin`, `threads`, `bluesky`, `mastodon`, `youtube`.
    pub platform: &'static str,
    pub kind: crate::content::Kind,
    pub slug: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub link: Option<&'a str>,
    pub image_url: Option<&'a str>,
    pub image_alt: Option<&'a str>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    /// RFC 3339 with offset, e.g. `2026-12-02T09:00:00-06:00`.
    pub scheduled: String,
    /// IANA time zone of `scheduled`, e.g. `America/Chicago`.
    pub timezone: &'a str,
    pub length: usize,
    pub limit: usize,
    pub poll: Option<&'a PollPost>,
    /// A live session's post: `announcement`, `questions`, `reminder`, `live` or `recap`.
    pub stage: Option<series::Stage>,
    /// The account: `facebook`, or `facebook@northgate` for a location's own.
    pub account: String,
    pub handle: Option<&'a str>,
    /// A video post's file to upload, and its captions file where the platform takes one.
    pub video_url: Option<&'a str>,
    pub captions_url: Option<&'a str>,
    /// YouTube: the video's tags.
    pub tags: &'a [String],
}

impl<'a> PostView<'a> {
    pub fn of(post: &'a Post) -> PostView<'a> {
        // Every field, so a field added to `Post` does not compile until it is shown here.
        let Post {
            platform,
            kind,
            slug,
            title,
            text,
            link,
            image_url,
            image_path: _,
            image_alt,
            image_width,
            image_height,
            scheduled: _,
            length,
            limit,
            poll,
            stage,
            account: _,
            handle,
            video,
            tags,
        } = post;
        PostView {
            platform: platform.name(),
            kind: *kind,
            slug,
            title,
            text,
            link: link.as_deref(),
            image_url: image_url.as_deref(),
            image_alt: image_alt.as_deref(),
            image_width: *image_width,
            image_height: *image_height,
            scheduled: post.scheduled_rfc3339(),
            timezone: post.timezone(),
            length: *length,
            limit: *limit,
            poll: poll.as_ref(),
            stage: *stage,
            account: post.account_key(),
            handle: handle.as_deref(),
            video_url: video.as_ref().map(|v| v.url.as_str()),
            captions_url: video.as_ref().and_then(|v| v.captions_url.as_deref()),
            tags,
        }
    }
}

/// An article's post on `platform` at `scheduled` (RFC 3339) seen in `timezone`, for tests.
#[cfg(test)]
pub(crate) fn sample_post(platform: &str, slug: &str, scheduled: &str, timezone: &str) -> Post {
    let at: jiff::Timestamp = scheduled.parse().expect("an RFC 3339 time");
    Post {
        platform: Platform::from_name(platform).expect("a platform name"),
        kind: crate::content::Kind::Article,
        slug: slug.to_owned(),
        title: format!("Title of {slug}"),
        text: format!("Text for {slug}"),
        link: Some(format!(
            "https://example.com/{slug}/?utm_source={platform}&utm_medium=social"
        )),
        image_url: Some(format!("https://example.com/img/{slug}.png")),
        image_path: Some(format!("/img/{slug}.png")),
        image_alt: Some(format!("Illustration for {slug}")),
        image_width: Some(1200),
        image_height: Some(630),
        scheduled: at.in_tz(timezone).expect("an IANA time zone"),
        length: 42,
        limit: 280,
        poll: None,
        stage: None,
        account: None,
        handle: None,
        video: None,
        tags: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_day;

    #[test]
    fn upcoming_means_from_today_up_to_the_horizon() {
        let today = parse_day("2026-11-28").unwrap();
        let at = |scheduled: &str| sample_post("x", "flu", scheduled, "America/Chicago");
        assert!(at("2026-11-28T09:00:00-06:00").is_upcoming(today, 1));
        // Local dates count: 2026-12-05T03:00Z is still 4 December in Chicago.
        assert!(at("2026-12-05T03:00:00+00:00").is_upcoming(today, 1));
        assert!(!at("2026-12-05T09:00:00+00:00").is_upcoming(today, 1));
        assert!(at("2026-12-05T09:00:00+00:00").is_upcoming(today, 2));
        assert!(!at("2026-11-27T09:00:00+00:00").is_upcoming(today, 8));
    }
}
