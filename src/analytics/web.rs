//! Visits to the site from social media: from the access logs' summary (`logs`) or an
//! analytics tool's CSVs, by source and campaign, with conversions and their rates.

use super::{exports, logs, metrics};
use serde::Serialize;
use std::collections::BTreeMap;

/// Visits to the site, from the access logs (or an analytics tool's CSV).
#[derive(Debug, Serialize, Default)]
pub struct Web {
    /// `access logs` or `analytics CSV`.
    pub from: String,
    pub visits: u64,
    /// Visits that reached a goal; `None` where the input cannot say (a CSV without pages).
    pub conversions: Option<u64>,
    pub social_visits: u64,
    pub social_conversions: Option<u64>,
    pub by_source: Vec<WebRow>,
    pub by_campaign: Vec<WebRow>,
    /// Log lines: requests read, of which by bots (left out of every figure).
    pub requests: u64,
    pub bot_requests: u64,
    /// Social visits and conversions per month (`2026-10`).
    pub social_by_month: Vec<(String, u64, u64)>,
    /// The last month the data covers to its end: what the monthly goal is held to (a
    /// month that has only begun would always fall short).
    pub last_full_month: Option<(String, u64, u64)>,
}

#[derive(Debug, Serialize, Clone)]
pub struct WebRow {
    pub source: String,
    pub campaign: Option<String>,
    pub visits: u64,
    pub conversions: Option<u64>,
    pub conversion_rate: Option<f64>,
}

/// Whether a source is a social platform carepress posts to (`twitter`: how analytics
/// tools name X's referrals when a link has no `utm_source`).
pub(super) fn is_social(source: &str) -> bool {
    crate::platform::Platform::from_name(source).is_some() || source == "twitter"
}

/// The last of `months` that `last_day` (the data's last day) covers to its end.
fn last_full_month(
    months: &[(String, u64, u64)],
    last_day: Option<jiff::civil::Date>,
) -> Option<(String, u64, u64)> {
    let last_day = last_day?;
    let ends_month = last_day
        .tomorrow()
        .is_ok_and(|d| d.month() != last_day.month());
    let current = format!("{:04}-{:02}", last_day.year(), last_day.month());
    months
        .iter()
        .rev()
        .find(|(m, _, _)| ends_month || *m != current)
        .cloned()
}

fn web_row(source: &str, campaign: Option<&str>, visits: u64, conversions: Option<u64>) -> WebRow {
    WebRow {
        source: source.to_string(),
        campaign: campaign.map(str::to_string),
        visits,
        conversions,
        conversion_rate: conversions.and_then(|c| metrics::percent(c, visits)),
    }
}

pub(super) fn web_from_logs(l: &logs::LogSummary) -> Web {
    let social = l
        .by_source
        .iter()
        .filter(|(s, _)| is_social(s))
        .fold((0, 0), |(v, c), (_, n)| (v + n.visits, c + n.conversions));
    let mut months: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (day, counts) in &l.by_day {
        let m = months
            .entry(format!("{:04}-{:02}", day.year(), day.month()))
            .or_default();
        m.0 += counts.social.visits;
        m.1 += counts.social.conversions;
    }
    Web {
        from: "access logs".into(),
        visits: l.visits,
        conversions: Some(l.conversions),
        social_visits: social.0,
        social_conversions: Some(social.1),
        by_source: l
            .by_source
            .iter()
            .map(|(s, n)| web_row(s, None, n.visits, Some(n.conversions)))
            .collect(),
        by_campaign: l
            .by_campaign
            .iter()
            .map(|((s, c), n)| web_row(s, Some(c), n.visits, Some(n.conversions)))
            .collect(),
        requests: l.requests,
        bot_requests: l.bot_requests,
        last_full_month: last_full_month(
            &months_list(months.clone()),
            l.by_day.keys().last().copied(),
        ),
        social_by_month: months_list(months),
    }
}

fn months_list(months: BTreeMap<String, (u64, u64)>) -> Vec<(String, u64, u64)> {
    months.into_iter().map(|(m, (v, c))| (m, v, c)).collect()
}

/// From an analytics tool's CSVs. Rows come in four shapes, and each figure is taken
/// from one shape only, so a whole Plausible export (daily visitors, sources and pages
/// in three files) is not counted three times:
/// - page and source (the generic `date, page, source, campaign, visitors` file): visits
///   by source and campaign from rows on other pages, conversions from goal pages;
/// - source without page (Plausible's sources): visits by source and campaign;
/// - page without source (Plausible's pages): conversions overall (not by source);
/// - neither (Plausible's daily visitors): the total of visits.
pub(super) fn web_from_traffic(rows: &[exports::TrafficRow], goals: &[String]) -> Web {
    let goal = |page: &str| {
        goals
            .iter()
            .any(|g| page == g || (g.ends_with('/') && page.starts_with(g.as_str())))
    };
    let full: Vec<&exports::TrafficRow> = rows
        .iter()
        .filter(|r| r.page.is_some() && r.source.is_some())
        .collect();
    let sourced: Vec<&exports::TrafficRow> = rows
        .iter()
        .filter(|r| r.page.is_none() && r.source.is_some())
        .collect();
    let paged: Vec<&exports::TrafficRow> = rows
        .iter()
        .filter(|r| r.page.is_some() && r.source.is_none())
        .collect();
    let daily: Vec<&exports::TrafficRow> = rows
        .iter()
        .filter(|r| r.page.is_none() && r.source.is_none())
        .collect();
    let on_goal = |r: &exports::TrafficRow| r.page.as_deref().is_some_and(goal);
    // Visits by source and campaign, with conversions where the rows name pages too.
    let (by_source_rows, conversions_known): (Vec<&exports::TrafficRow>, bool) = if full.is_empty()
    {
        (sourced, false)
    } else {
        (full.clone(), true)
    };
    let mut by_source: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut by_campaign: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut months: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for r in &by_source_rows {
        let source = r.source.clone().unwrap_or_default().to_lowercase();
        let (landed, converted) = if on_goal(r) {
            (0, r.visitors)
        } else {
            (r.visitors, 0)
        };
        let s = by_source.entry(source.clone()).or_default();
        s.0 += landed;
        s.1 += converted;
        if let Some(c) = &r.campaign {
            let e = by_campaign.entry((source.clone(), c.clone())).or_default();
            e.0 += landed;
            e.1 += converted;
        }
        if is_social(&source) {
            let m = months
                .entry(format!("{:04}-{:02}", r.date.year(), r.date.month()))
                .or_default();
            m.0 += landed;
            m.1 += converted;
        }
    }
    let sum = |rows: &[&exports::TrafficRow]| rows.iter().map(|r| r.visitors).sum::<u64>();
    let visits = if !by_source_rows.is_empty() {
        by_source.values().map(|v| v.0).sum()
    } else if !daily.is_empty() {
        sum(&daily)
    } else {
        paged
            .iter()
            .filter(|r| !on_goal(r))
            .map(|r| r.visitors)
            .sum()
    };
    let conversions = if conversions_known {
        Some(by_source.values().map(|v| v.1).sum())
    } else if !paged.is_empty() {
        Some(
            paged
                .iter()
                .filter(|r| on_goal(r))
                .map(|r| r.visitors)
                .sum(),
        )
    } else {
        None
    };
    let conv = |c: u64| conversions_known.then_some(c);
    let social = by_source
        .iter()
        .filter(|(s, _)| is_social(s))
        .fold((0, 0), |(v, c), (_, n)| (v + n.0, c + n.1));
    Web {
        from: "analytics CSV".into(),
        visits,
        conversions,
        social_visits: social.0,
        social_conversions: conv(social.1),
        by_source: by_source
            .iter()
            .map(|(s, (v, c))| web_row(s, None, *v, conv(*c)))
            .collect(),
        by_campaign: by_campaign
            .iter()
            .map(|((s, c), (v, n))| web_row(s, Some(c), *v, conv(*n)))
            .collect(),
        requests: 0,
        bot_requests: 0,
        last_full_month: last_full_month(
            &months_list(months.clone()),
            rows.iter().map(|r| r.date).max(),
        ),
        social_by_month: months_list(months),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_goal_month_is_the_last_one_the_data_covers_to_its_end() {
        let months = vec![
            ("2026-10".to_string(), 5, 1),
            ("2026-11".to_string(), 7, 2),
            ("2026-12".to_string(), 1, 0),
        ];
        let day = |s: &str| Some(s.parse::<jiff::civil::Date>().unwrap());
        assert_eq!(
            last_full_month(&months, day("2026-12-01")).unwrap().0,
            "2026-11"
        );
        assert_eq!(
            last_full_month(&months[..2], day("2026-11-30")).unwrap().0,
            "2026-11"
        );
        assert_eq!(last_full_month(&months[..1], day("2026-10-20")), None);
    }

    fn traffic(page: Option<&str>, source: Option<&str>, visitors: u64) -> exports::TrafficRow {
        exports::TrafficRow {
            date: "2026-11-02".parse().unwrap(),
            page: page.map(str::to_string),
            source: source.map(str::to_string),
            campaign: None,
            visitors,
            pageviews: None,
            line: 2,
        }
    }

    #[test]
    fn a_whole_plausible_export_is_not_counted_three_times() {
        let goals = ["/contact/".to_string()];
        // Daily visitors, by source, by page: three views of the same 100 visitors.
        let rows = [
            traffic(None, None, 100),
            traffic(None, Some("Facebook"), 30),
            traffic(None, Some("Google"), 70),
            traffic(Some("/"), None, 90),
            traffic(Some("/contact/"), None, 10),
        ];
        let w = web_from_traffic(&rows, &goals);
        assert_eq!((w.visits, w.social_visits), (100, 30));
        assert_eq!((w.conversions, w.social_conversions), (Some(10), None));
        // The generic file names page and source on each row.
        let rows = [
            traffic(Some("/flu/"), Some("facebook"), 30),
            traffic(Some("/contact/"), Some("facebook"), 4),
            traffic(Some("/flu/"), Some("google"), 70),
        ];
        let w = web_from_traffic(&rows, &goals);
        assert_eq!((w.visits, w.social_visits), (100, 30));
        assert_eq!((w.conversions, w.social_conversions), (Some(4), Some(4)));
    }
}
