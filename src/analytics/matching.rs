//! Which scheduled post a platform's row is about: by the UTM-tagged link carepress
//! wrote (`utm_campaign` is the item's slug, `utm_source` the platform), else by
//! platform, time and text. A row matched to nothing is kept and listed.

use super::exports::{Moment, PostRow};
use super::history::Entry;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// How a row was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The row's text or link carries carepress's UTM tags.
    Utm,
    /// Same platform, published within a day and a half of the post's time, with text alike.
    TimeAndText,
}

/// A match: the entry's index in the history, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched {
    pub entry: usize,
    pub how: How,
}

/// Rows published this far from a post's time can still be it: exports from Meta and
/// LinkedIn give wall-clock times without a zone, and a post may go out late.
const MAX_HOURS_APART: f64 = 36.0;
/// How alike two texts must be (Sørensen–Dice over word pairs) to be one post.
const MIN_SIMILARITY: f64 = 0.5;

/// The (utm_source, utm_campaign) pairs of every link in `text`.
pub fn utm_tags(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>') {
        let Some((_, query)) = token.split_once('?') else {
            continue;
        };
        let query = query
            .split('#')
            .next()
            .unwrap_or_default()
            .replace("&amp;", "&");
        let mut source = None;
        let mut campaign = None;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value.trim_end_matches(['.', ',', ')', ';']));
            match key {
                "utm_source" => source = Some(value.to_lowercase()),
                "utm_campaign" => campaign = Some(value),
                _ => {}
            }
        }
        if let (Some(s), Some(c)) = (source, campaign) {
            out.push((s, c));
        }
    }
    out
}

/// `%2D` and `+` decoded; anything malformed is kept as it is.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A row's time as an instant: an exact one as it is, a wall-clock time or a date in
/// the practice's zone `tz` (exports that give no zone give the page's own).
pub fn instant_of(m: &Moment, tz: &TimeZone) -> Option<Timestamp> {
    match m {
        Moment::Instant(t) => Some(*t),
        Moment::Local(dt) => dt.to_zoned_datetime(tz.clone()).ok().map(|z| z.timestamp()),
        Moment::Date(d) => d
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(tz.clone())
            .ok()
            .map(|z| z.timestamp()),
    }
}

/// Words of a post's text without its links and hashtags' marks, for comparing.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("www."))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Sørensen–Dice coefficient over adjacent word pairs (1 for the same text, 0 for texts
/// without a pair in common); a text of one word is compared as that word.
pub fn similarity(a: &str, b: &str) -> f64 {
    let pairs = |t: &str| -> Vec<String> {
        let w = words(t);
        if w.len() < 2 {
            return w;
        }
        w.windows(2).map(|p| format!("{} {}", p[0], p[1])).collect()
    };
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut rest = b.clone();
    let mut common = 0usize;
    for p in &a {
        if let Some(i) = rest.iter().position(|q| q == p) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// The post `row` is about, among `entries` (`times` holds each entry's scheduled
/// instant, where it parses).
pub fn match_row(
    row: &PostRow,
    entries: &[Entry],
    times: &[Option<Timestamp>],
    tz: &TimeZone,
) -> Option<Matched> {
    let published = row.published_at.as_ref().and_then(|m| instant_of(m, tz));
    let hours_from = |i: usize| -> Option<f64> {
        let (Some(a), Some(b)) = (published, times.get(i).copied().flatten()) else {
            return None;
        };
        Some((a.as_second() - b.as_second()).abs() as f64 / 3600.0)
    };
    let text = [row.text.as_deref(), row.url.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    // By the tags carepress wrote: the post of that item on that platform nearest in time.
    for (source, campaign) in utm_tags(&text) {
        let platform = if source == row.platform {
            &row.platform
        } else {
            &source
        };
        let best = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| &e.platform == platform && e.slug == campaign)
            .min_by(|(i, _), (j, _)| {
                let (a, b) = (hours_from(*i), hours_from(*j));
                a.unwrap_or(f64::MAX)
                    .total_cmp(&b.unwrap_or(f64::MAX))
                    .then(j.cmp(i))
            });
        if let Some((i, _)) = best {
            return Some(Matched {
                entry: i,
                how: How::Utm,
            });
        }
    }
    // By platform, time and text.
    let own_text = row.text.as_deref()?;
    published?;
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.platform == row.platform)
        .filter_map(|(i, e)| {
            let hours = hours_from(i)?;
            let alike = similarity(own_text, &e.text);
            (hours <= MAX_HOURS_APART && alike >= MIN_SIMILARITY)
                .then_some((i, alike - hours / (4.0 * MAX_HOURS_APART)))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| Matched {
            entry: i,
            how: How::TimeAndText,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analytics::history::sample_entry as entry;

    fn row(platform: &str, text: &str, at: &str) -> PostRow {
        PostRow {
            platform: platform.into(),
            account: None,
            post_id: None,
            url: None,
            published_at: Some(Moment::Local(at.parse().unwrap())),
            text: Some(text.into()),
            impressions: Some(100),
            reach: None,
            reactions: None,
            comments: None,
            shares: None,
            saves: None,
            link_clicks: None,
            video_views: None,
            line: 2,
        }
    }

    fn times(entries: &[Entry]) -> Vec<Option<Timestamp>> {
        entries.iter().map(Entry::scheduled_at).collect()
    }

    #[test]
    fn utm_tags_are_read_from_links_in_any_order() {
        assert_eq!(
            utm_tags(
                "Read: https://x.example/a/?utm_campaign=flu%2Dshot&utm_medium=social&amp;utm_source=Facebook. More"
            ),
            [("facebook".to_string(), "flu-shot".to_string())]
        );
        assert!(utm_tags("https://x.example/?utm_source=x").is_empty());
        assert_eq!(percent_decode("a%2"), "a%2");
    }

    #[test]
    fn rows_match_by_utm_then_by_time_and_text() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        let entries = vec![
            entry(
                "facebook",
                "flu",
                "2026-11-02T09:00:00-06:00",
                "Flu season is here. Get your shot today. https://l.example/?utm_source=facebook&utm_campaign=flu",
            ),
            entry(
                "facebook",
                "sun",
                "2026-11-04T09:00:00-06:00",
                "Sunscreen every day, even in winter, protects your skin.",
            ),
            entry(
                "x",
                "sun",
                "2026-11-04T09:00:00-06:00",
                "Sunscreen every day",
            ),
        ];
        let t = times(&entries);
        let tagged = row(
            "facebook",
            "Flu! https://l.example/?utm_source=facebook&utm_campaign=flu",
            "2026-11-02T09:01:00",
        );
        assert_eq!(
            match_row(&tagged, &entries, &t, &tz),
            Some(Matched {
                entry: 0,
                how: How::Utm
            })
        );
        // No link (Instagram-style), text alike and an hour late: the Facebook sun post.
        let plain = row(
            "facebook",
            "Sunscreen every day, even in winter, protects your skin!",
            "2026-11-04T10:00:00",
        );
        assert_eq!(
            match_row(&plain, &entries, &t, &tz),
            Some(Matched {
                entry: 1,
                how: How::TimeAndText
            })
        );
        // Same text three days later: nothing.
        let late = row(
            "facebook",
            "Sunscreen every day, even in winter, protects your skin!",
            "2026-11-07T10:00:00",
        );
        assert_eq!(match_row(&late, &entries, &t, &tz), None);
        // Another text at the right time: nothing.
        let other = row(
            "facebook",
            "Our new front desk team says hello",
            "2026-11-04T09:00:00",
        );
        assert_eq!(match_row(&other, &entries, &t, &tz), None);
    }

    #[test]
    fn similarity_is_one_for_the_same_words_and_zero_for_none_shared() {
        assert_eq!(similarity("Get your flu shot", "get your FLU shot!"), 1.0);
        assert_eq!(similarity("Get your flu shot", "Wear sunscreen daily"), 0.0);
    }
}
