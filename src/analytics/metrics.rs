//! The report's figures, each a pure function of the rows read, with its formula in
//! its doc comment (the README and the report say the same):
//!
//! - engagements = reactions + comments + shares + saves + link clicks (what a row
//!   leaves out counts 0), as Sprout Social and Hootsuite count them;
//! - engagement rate = engagements / impressions × 100, and by reach = engagements /
//!   reach × 100 where the export gives reach; a group's rate is its engagements over
//!   its impressions (not the mean of its posts' rates);
//! - follower growth of a month = followers at its last count − followers at the last
//!   count of the month before, and in per cent of the latter;
//! - response time = business hours between a message's arrival and its answer, counted
//!   in the practice's hours; median and 90th percentile (nearest rank);
//! - conversion rate = visits that reached a goal / visits × 100.

use crate::config::OpenHours as Hours;
use serde::Serialize;
use std::collections::BTreeMap;

/// One platform row with its figures, and the post it was matched to.
#[derive(Debug, Clone, Serialize)]
pub struct PostFigures {
    pub platform: String,
    pub account: Option<String>,
    /// The matched post's kind label (`article`, `tip`, …), `None` when unmatched.
    pub kind: Option<String>,
    pub slug: Option<String>,
    pub title: Option<String>,
    pub topics: Vec<String>,
    /// The post's text as carepress scheduled it, else as the export gives it.
    pub text: String,
    /// Local date and time (`2026-11-02 09:00`) in the practice's zone.
    pub published: Option<String>,
    /// 0 = Monday.
    pub weekday: Option<u8>,
    pub hour: Option<u8>,
    pub impressions: u64,
    pub reach: Option<u64>,
    pub engagements: u64,
    pub link_clicks: u64,
    pub video_views: Option<u64>,
    pub engagement_rate: Option<f64>,
    pub engagement_rate_reach: Option<f64>,
    /// `utm` or `time_and_text`; `None` for a row matched to no post.
    pub matched: Option<super::matching::How>,
    pub file: String,
    pub line: usize,
}

/// `part / whole × 100`, or `None` when there is nothing to divide by.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Engagements: reactions + comments + shares + saves + link clicks.
pub fn engagements(row: &super::exports::PostRow) -> u64 {
    [
        row.reactions,
        row.comments,
        row.shares,
        row.saves,
        row.link_clicks,
    ]
    .into_iter()
    .flatten()
    .sum()
}

/// The posts of one platform, kind, topic or time, added up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    pub name: String,
    pub posts: usize,
    pub impressions: u64,
    pub reach: u64,
    pub engagements: u64,
    pub link_clicks: u64,
    /// Its engagements over its impressions, in per cent.
    pub engagement_rate: Option<f64>,
    /// Its engagements over the reach of the posts that give reach, in per cent.
    pub engagement_rate_reach: Option<f64>,
}

/// Posts grouped by the names `keys` gives each (a post with two topics counts in both),
/// in name order.
pub fn group_by(posts: &[PostFigures], keys: impl Fn(&PostFigures) -> Vec<String>) -> Vec<Group> {
    let mut groups: BTreeMap<String, (usize, u64, u64, u64, u64, u64)> = BTreeMap::new();
    for p in posts {
        for name in keys(p) {
            let g = groups.entry(name).or_default();
            g.0 += 1;
            g.1 += p.impressions;
            g.3 += p.engagements;
            g.4 += p.link_clicks;
            if let Some(reach) = p.reach {
                g.2 += reach;
                g.5 += p.engagements;
            }
        }
    }
    groups
        .into_iter()
        .map(
            |(name, (posts, impressions, reach, engagements, link_clicks, with_reach))| Group {
                name,
                posts,
                impressions,
                reach,
                engagements,
                link_clicks,
                engagement_rate: percent(engagements, impressions),
                engagement_rate_reach: percent(with_reach, reach),
            },
        )
        .collect()
}

/// The median of `values` (`None` when empty).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// The `p`th percentile by nearest rank: the smallest value with at least p % of the
/// values at or below it.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    v.get(rank - 1).copied()
}

/// The groups (of at least two posts) whose engagement rate is above the median rate of
/// all such groups: what worked.
pub fn above_median(groups: &[Group]) -> Vec<&Group> {
    let rated: Vec<&Group> = groups
        .iter()
        .filter(|g| g.posts >= 2 && g.engagement_rate.is_some())
        .collect();
    let rates: Vec<f64> = rated.iter().filter_map(|g| g.engagement_rate).collect();
    let Some(mid) = median(&rates) else {
        return Vec::new();
    };
    let mut out: Vec<&Group> = rated
        .into_iter()
        .filter(|g| g.engagement_rate.is_some_and(|r| r > mid))
        .collect();
    out.sort_by(|a, b| {
        b.engagement_rate
            .unwrap_or(0.0)
            .total_cmp(&a.engagement_rate.unwrap_or(0.0))
    });
    out
}

/// One account's followers month by month.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AccountGrowth {
    pub platform: String,
    pub account: String,
    pub months: Vec<MonthGrowth>,
    /// Every count, for the chart: (date, followers).
    pub points: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthGrowth {
    /// `2026-10`.
    pub month: String,
    /// At the month's last count.
    pub followers: u64,
    /// Against the month before's last count (none for the first month).
    pub change: Option<i64>,
    pub percent: Option<f64>,
}

/// Follower growth per account: the last count of each month against the last count of
/// the month before.
pub fn follower_growth(rows: &[super::exports::FollowerRow]) -> Vec<AccountGrowth> {
    let mut by_account: BTreeMap<(String, String), BTreeMap<jiff::civil::Date, u64>> =
        BTreeMap::new();
    for r in rows {
        by_account
            .entry((r.platform.clone(), r.account.clone()))
            .or_default()
            .insert(r.date, r.followers);
    }
    by_account
        .into_iter()
        .map(|((platform, account), counts)| {
            let mut last_of_month: BTreeMap<(i16, i8), u64> = BTreeMap::new();
            for (d, n) in &counts {
                last_of_month.insert((d.year(), d.month()), *n);
            }
            let mut months = Vec::new();
            let mut before: Option<u64> = None;
            for ((y, m), n) in last_of_month {
                let change = before.map(|b| n as i64 - b as i64);
                let percent = before
                    .filter(|b| *b > 0)
                    .map(|b| (n as f64 - b as f64) * 100.0 / b as f64);
                months.push(MonthGrowth {
                    month: format!("{y:04}-{m:02}"),
                    followers: n,
                    change,
                    percent,
                });
                before = Some(n);
            }
            AccountGrowth {
                platform,
                account,
                months,
                points: counts.iter().map(|(d, n)| (d.to_string(), *n)).collect(),
            }
        })
        .collect()
}

/// Business hours between two local times (0 when `to` is not after `from`): the part
/// of each business day's opening hours between them.
pub fn business_hours_between(
    from: jiff::civil::DateTime,
    to: jiff::civil::DateTime,
    hours: &Hours,
) -> f64 {
    if to <= from || hours.close <= hours.open {
        return 0.0;
    }
    let mut total = 0i64;
    let mut day = from.date();
    // A year of days at most: an answer later than that is not a response time.
    for _ in 0..366 {
        if day > to.date() {
            break;
        }
        let weekday = day.weekday().to_monday_zero_offset() as usize;
        if hours.days[weekday] {
            let open = day.to_datetime(hours.open).max(from);
            let close = day.to_datetime(hours.close).min(to);
            if close > open {
                total += close.duration_since(open).as_secs();
            }
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    total as f64 / 3600.0
}

/// Response times of one platform.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseFigures {
    pub platform: String,
    pub answered: usize,
    pub unanswered: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Answered within the goal's business hours, in per cent of all (unanswered count
    /// as not within it).
    pub within_goal: Option<f64>,
}

/// Response times per platform in business hours, against `goal_hours`.
pub fn responses(
    rows: &[(String, jiff::civil::DateTime, Option<jiff::civil::DateTime>)],
    hours: &Hours,
    goal_hours: f64,
) -> Vec<ResponseFigures> {
    let mut by_platform: BTreeMap<&str, (Vec<f64>, usize)> = BTreeMap::new();
    for (platform, received, answered) in rows {
        let slot = by_platform.entry(platform.as_str()).or_default();
        match answered {
            Some(a) => slot.0.push(business_hours_between(*received, *a, hours)),
            None => slot.1 += 1,
        }
    }
    by_platform
        .into_iter()
        .map(|(platform, (times, unanswered))| {
            let within = times.iter().filter(|t| **t <= goal_hours).count() as u64;
            ResponseFigures {
                platform: platform.to_string(),
                answered: times.len(),
                unanswered,
                median_hours: median(&times),
                p90_hours: percentile(&times, 90.0),
                within_goal: percent(within, (times.len() + unanswered) as u64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn hours() -> Hours {
        Hours {
            days: [true, true, true, true, true, false, false],
            open: time(8, 0, 0, 0),
            close: time(17, 0, 0, 0),
        }
    }

    #[test]
    fn business_hours_skip_nights_and_weekends() {
        let h = hours();
        // Friday 16:00 to Monday 09:00: an hour on Friday, an hour on Monday.
        let fri = date(2026, 12, 4).at(16, 0, 0, 0);
        let mon = date(2026, 12, 7).at(9, 0, 0, 0);
        assert_eq!(business_hours_between(fri, mon, &h), 2.0);
        // Saturday to Saturday night: none.
        let sat = date(2026, 12, 5).at(10, 0, 0, 0);
        assert_eq!(
            business_hours_between(
                sat,
                sat.checked_add(jiff::SignedDuration::from_hours(5))
                    .unwrap(),
                &h
            ),
            0.0
        );
        // Before opening to after closing on a Tuesday: the whole day, 9 hours.
        let tue = date(2026, 12, 8);
        assert_eq!(
            business_hours_between(tue.at(6, 0, 0, 0), tue.at(20, 0, 0, 0), &h),
            9.0
        );
    }

    #[test]
    fn percentiles_by_nearest_rank_and_medians() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 90.0), Some(9.0));
        assert_eq!(percentile(&v, 100.0), Some(10.0));
        assert_eq!(median(&v), Some(5.5));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn growth_compares_each_months_last_count() {
        let row = |d: &str, n: u64| super::super::exports::FollowerRow {
            date: d.parse().unwrap(),
            platform: "facebook".into(),
            account: "lakeside".into(),
            followers: n,
            line: 2,
        };
        let g = follower_growth(&[
            row("2026-09-01", 900),
            row("2026-09-30", 1000),
            row("2026-10-15", 1010),
            row("2026-10-31", 1030),
            row("2026-11-30", 1020),
        ]);
        assert_eq!(g.len(), 1);
        let m = &g[0].months;
        assert_eq!((m[0].followers, m[0].change), (1000, None));
        assert_eq!((m[1].change, m[1].percent), (Some(30), Some(3.0)));
        assert_eq!(m[2].change, Some(-10));
    }

    #[test]
    fn groups_rate_by_their_sums() {
        let post = |platform: &str, impressions: u64, engagements: u64| PostFigures {
            platform: platform.into(),
            account: None,
            kind: None,
            slug: None,
            title: None,
            topics: vec![],
            text: String::new(),
            published: None,
            weekday: None,
            hour: None,
            impressions,
            reach: None,
            engagements,
            link_clicks: 0,
            video_views: None,
            engagement_rate: percent(engagements, impressions),
            engagement_rate_reach: None,
            matched: None,
            file: "f.csv".into(),
            line: 2,
        };
        let posts = [
            post("x", 100, 10),
            post("x", 900, 0),
            post("facebook", 0, 3),
        ];
        let g = group_by(&posts, |p| vec![p.platform.clone()]);
        assert_eq!(g[1].name, "x");
        assert_eq!(g[1].engagement_rate, Some(1.0));
        assert_eq!(g[0].engagement_rate, None);
    }
}
