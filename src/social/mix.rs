//! The content mix of the planned calendar: how the next four weeks' posts divide among
//! the kinds `social.mix` names, week by week, against the targets, and the warnings
//! when a kind runs dry or the plan drifts from its target.

use super::Post;
use crate::dates::Day;
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The weeks `check` and the preview look ahead.
pub const WEEKS: i64 = 4;

/// One week of the plan: posts per share of the mix (each item once, whatever the
/// number of platforms), in the order of `social.mix`'s keys, then kinds outside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixWeek {
    pub start: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

/// The planned mix of the group's posts from `today` over [`WEEKS`] weeks, a row per week.
pub fn planned(posts: &[Post], mix: &BTreeMap<String, u32>, today: Day) -> Vec<MixWeek> {
    let keys: Vec<&String> = mix.keys().collect();
    let mut weeks: Vec<BTreeSet<(usize, crate::content::Kind, &str)>> =
        vec![BTreeSet::new(); WEEKS as usize];
    for p in posts
        .iter()
        .filter(|p| p.account.is_none() && p.stage.is_none())
    {
        let day = Day(p.scheduled.date());
        let offset = today.days_to(day);
        if !(0..WEEKS * 7).contains(&offset) {
            continue;
        }
        let share = crate::routes::mix_key(p.kind, mix)
            .and_then(|k| keys.iter().position(|s| s.as_str() == k))
            .unwrap_or(keys.len());
        weeks[(offset / 7) as usize].insert((share, p.kind, p.slug.as_str()));
    }
    weeks
        .iter()
        .enumerate()
        .map(|(w, set)| {
            let mut counts = vec![0; keys.len() + 1];
            for (share, _, _) in set {
                counts[*share] += 1;
            }
            let start = today
                .0
                .checked_add(jiff::Span::new().days(7 * w as i64))
                .map(|d| Day(d).iso())
                .unwrap_or_default();
            MixWeek {
                start,
                total: set.len(),
                counts,
            }
        })
        .collect()
}

/// Warnings for the next four weeks: a share with a target and no post (it ran dry), and
/// a share more than `tolerance` points from its target.
pub fn check(weeks: &[MixWeek], mix: &BTreeMap<String, u32>, tolerance: u32) -> Vec<Diagnostic> {
    let total: usize = weeks.iter().map(|w| w.total).sum();
    let mut out = Vec::new();
    if total == 0 {
        return out;
    }
    for (i, (key, target)) in mix.iter().enumerate() {
        let count: usize = weeks
            .iter()
            .map(|w| w.counts.get(i).copied().unwrap_or(0))
            .sum();
        let share = (count * 100) as f64 / total as f64;
        let d = if count == 0 && *target > 0 {
            Diagnostic::warning(
                "mix::dry",
                format!("no `{key}` post in the next four weeks (the target is {target} %)"),
            )
            .with_help(format!(
                "write or date more {key} content, or lower its share in `social.mix`"
            ))
        } else if (share - f64::from(*target)).abs() > f64::from(tolerance) {
            Diagnostic::warning(
                "mix::drift",
                format!(
                    "`{key}` is {share:.0} % of the next four weeks' posts; the target is {target} % (more than {tolerance} points off)"
                ),
            )
            .with_help("the calendar follows the mix as far as the items allow: add items of the kinds that fall short, or adjust `social.mix`")
        } else {
            continue;
        };
        out.push(d.in_file(crate::config::CONFIG_FILE));
    }
    out
}
