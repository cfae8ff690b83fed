//! `carepress consent audit`: the compliance officer's view of the ledger — what is
//! live under which consent, what expires soon, and what must be taken down.

use super::ledger::{ConsentRecord, Ledger};
use crate::config::Config;
use crate::content::Item;
use crate::dates::Day;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Active,
    Expiring,
    Expired,
    Revoked,
    Unused,
}

impl ConsentStatus {
    pub fn label(self) -> &'static str {
        match self {
            ConsentStatus::Active => "active",
            ConsentStatus::Expiring => "expiring",
            ConsentStatus::Expired => "expired",
            ConsentStatus::Revoked => "revoked",
            ConsentStatus::Unused => "unused",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditUse {
    pub file: String,
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub id: String,
    pub display_name: Option<String>,
    pub status: ConsentStatus,
    pub expires_on: Option<String>,
    pub days_left: Option<i64>,
    pub revoked_on: Option<String>,
    pub takedown_done: Option<String>,
    pub channels: Vec<String>,
    pub media: Vec<&'static str>,
    pub used_by: Vec<AuditUse>,
    /// Pages and social kits to remove everywhere they were posted, until `takedown_done` is set.
    pub takedown: Vec<String>,
    /// Missing elements of a valid authorization (empty when complete).
    pub defects: Vec<String>,
}

/// The status rule, in the order it is decided: a revocation or an expiry ends
/// consent whether or not it is used; otherwise an unused record is reported as such.
pub fn status(r: &ConsentRecord, used: bool, today: Day, within_days: i64) -> ConsentStatus {
    if r.revoked_on.is_some() {
        return ConsentStatus::Revoked;
    }
    if r.expires_on.is_some_and(|e| e < today) {
        return ConsentStatus::Expired;
    }
    if !used {
        return ConsentStatus::Unused;
    }
    if r.expires_on
        .is_some_and(|e| today.days_to(e) <= within_days)
    {
        return ConsentStatus::Expiring;
    }
    ConsentStatus::Active
}

fn defects(r: &ConsentRecord) -> Vec<String> {
    let mut d = Vec::new();
    if r.form_ref.is_none() {
        d.push("no form_ref".to_string());
    }
    if r.signed_on.is_none() {
        d.push("no signed_on".to_string());
    }
    if r.expires_on.is_none() && r.expiration_event.is_none() {
        d.push("no expiry".to_string());
    }
    d.extend(r.malformed.iter().cloned());
    d
}

pub fn audit(
    config: &Config,
    ledger: &Ledger,
    items: &[Item],
    today: Day,
    within_days: i64,
) -> Vec<AuditRow> {
    ledger
        .records
        .iter()
        .map(|r| {
            let used_by: Vec<AuditUse> = items
                .iter()
                .filter(|i| i.consent_ids().contains(&r.id))
                .map(|i| AuditUse {
                    file: crate::diagnostics::display_path(&i.source),
                    kind: i.kind.label(),
                    title: i.title.clone(),
                    url: config.absolute(&i.path()),
                    draft: i.draft,
                })
                .collect();
            let st = status(r, !used_by.is_empty(), today, within_days);
            let takedown = if st == ConsentStatus::Revoked && r.takedown_done.is_none() {
                items
                    .iter()
                    .filter(|i| i.consent_ids().contains(&r.id))
                    .flat_map(|i| {
                        [
                            config.absolute(&i.path()),
                            format!(
                                "every post made from social-kit/{}/{}/ (all platforms)",
                                i.kind.section(),
                                i.slug
                            ),
                        ]
                    })
                    .collect()
            } else {
                Vec::new()
            };
            AuditRow {
                id: r.id.clone(),
                display_name: r.display_name.clone(),
                status: st,
                expires_on: r
                    .expires_on
                    .map(|d| d.iso())
                    .or_else(|| r.expiration_event.clone()),
                days_left: r.expires_on.map(|e| today.days_to(e)),
                revoked_on: r.revoked_on.map(|d| d.iso()),
                takedown_done: r.takedown_done.map(|d| d.iso()),
                channels: r.channels.clone(),
                media: r.media.iter().map(|m| m.as_str()).collect(),
                used_by,
                takedown,
                defects: defects(r),
            }
        })
        .collect()
}

pub fn render_human(rows: &[AuditRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<14} {:<18} {:<9} {:<11} {:>5}  used by",
        "id", "name", "status", "expires", "days"
    );
    for r in rows {
        let uses = if r.used_by.is_empty() {
            "-".to_string()
        } else {
            r.used_by
                .iter()
                .map(|u| format!("{}{}", u.file, if u.draft { " (draft)" } else { "" }))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "{:<14} {:<18} {:<9} {:<11} {:>5}  {}",
            r.id,
            r.display_name.as_deref().unwrap_or("-"),
            r.status.label(),
            r.expires_on.as_deref().unwrap_or("-"),
            r.days_left
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            uses
        );
        let _ = writeln!(
            out,
            "{:<14} channels: {}; media: {}",
            "",
            r.channels.join(", "),
            r.media.join(", ")
        );
        if !r.defects.is_empty() {
            let _ = writeln!(out, "{:<14} DEFECTIVE: {}", "", r.defects.join("; "));
        }
        if r.status == ConsentStatus::Revoked {
            match &r.takedown_done {
                Some(d) => {
                    let _ = writeln!(
                        out,
                        "{:<14} revoked {}; take-down done {d}",
                        "",
                        r.revoked_on.as_deref().unwrap_or("?")
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "{:<14} revoked {}; TAKE DOWN:",
                        "",
                        r.revoked_on.as_deref().unwrap_or("?")
                    );
                    if r.takedown.is_empty() {
                        let _ = writeln!(
                            out,
                            "{:<16} every post that used this consent (no item in the site refers to it any more)",
                            ""
                        );
                    }
                    for t in &r.takedown {
                        let _ = writeln!(out, "{:<16} - {t}", "");
                    }
                }
            }
        }
    }
    let count = |s: ConsentStatus| rows.iter().filter(|r| r.status == s).count();
    let _ = writeln!(
        out,
        "\n{} records: {} active, {} expiring, {} expired, {} revoked, {} unused",
        rows.len(),
        count(ConsentStatus::Active),
        count(ConsentStatus::Expiring),
        count(ConsentStatus::Expired),
        count(ConsentStatus::Revoked),
        count(ConsentStatus::Unused)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_day;

    fn rec() -> ConsentRecord {
        let mut r = ConsentRecord::blank("C-1");
        r.expires_on = Some(parse_day("2027-01-10").unwrap());
        r
    }

    #[test]
    fn status_follows_revocation_expiry_use_and_window() {
        let today = parse_day("2026-12-01").unwrap();
        assert_eq!(status(&rec(), true, today, 30), ConsentStatus::Active);
        assert_eq!(status(&rec(), true, today, 60), ConsentStatus::Expiring);
        assert_eq!(status(&rec(), false, today, 60), ConsentStatus::Unused);
        let mut r = rec();
        r.expires_on = Some(parse_day("2026-11-30").unwrap());
        assert_eq!(status(&r, false, today, 30), ConsentStatus::Expired);
        r.revoked_on = Some(parse_day("2026-06-01").unwrap());
        assert_eq!(status(&r, true, today, 30), ConsentStatus::Revoked);
    }
}
