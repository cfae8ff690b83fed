//! Health information must be current: articles past the review interval are flagged.

use crate::content::{Detail, Item};
use crate::dates::Day;
use crate::diagnostics::Diagnostic;

/// Warns when an article's `last_reviewed` is older than `interval_days` before `today`.
pub fn review_freshness(item: &Item, today: Day, interval_days: u32) -> Option<Diagnostic> {
    let Detail::Article { last_reviewed: Some(reviewed), .. } = &item.detail else { return None };
    let age = reviewed.days_to(today);
    (age > i64::from(interval_days)).then(|| {
        Diagnostic::warning(
            "review::stale",
            format!("last medically reviewed on {reviewed}, {age} days ago (the interval is {interval_days} days)"),
        )
        .in_file(&item.source)
        .at_line(item.key_line("last_reviewed"))
        .with_help("have a clinician re-check the article against current guidance, then update `last_reviewed`")
    })
}
