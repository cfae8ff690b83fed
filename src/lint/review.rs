//! Health information must be current: articles past the review interval are flagged.

use crate::content::Item;
use crate::dates::Day;
use crate::diagnostics::Diagnostic;

/// Warns when an article's, video's or tip's `last_reviewed` is older than `interval_days` before `today`.
pub fn review_freshness(item: &Item, today: Day, interval_days: u32) -> Option<Diagnostic> {
    let (_, Some(reviewed)) = item.medical_review()? else {
        return None;
    };
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

/// With `rules.require_review`, a published article must name its medical reviewer and
/// review date. Drafts only get a warning, so writing can start before review.
pub fn review_required(item: &Item, published: bool) -> Vec<Diagnostic> {
    let Some((reviewed_by, last_reviewed)) = item.medical_review() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let make = |code, key: &str, message: &str, help: &str| {
        let d = if published {
            Diagnostic::error(code, message)
        } else {
            Diagnostic::warning(code, message)
        };
        d.in_file(&item.source)
            .at_line(item.key_line(key))
            .with_help(help.to_string())
    };
    if reviewed_by.is_none_or(|s| s.trim().is_empty()) {
        out.push(make(
            "review::missing_reviewer",
            "reviewed_by",
            "missing `reviewed_by`: health articles need a named medical reviewer",
            "add `reviewed_by: Dr. Name, MD` (or set `rules.require_review: false` in carepress.yaml)",
        ));
    }
    if last_reviewed.is_none() {
        out.push(make(
            "review::missing_review_date",
            "last_reviewed",
            "missing `last_reviewed`: readers need to know when the content was last checked",
            "add `last_reviewed: YYYY-MM-DD` (or set `rules.require_review: false` in carepress.yaml)",
        ));
    }
    out
}
