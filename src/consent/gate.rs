//! The consent gate: a pure function of (what an item uses, the ledger, today).
//!
//! It reads like the table in DESIGN.md ("The consent gate"):
//!
//! | case                                                      | verdict   |
//! |-----------------------------------------------------------|-----------|
//! | no consent reference                                      | refused   |
//! | id not in the ledger / duplicate id / malformed record    | refused   |
//! | `revoked_on` set                                          | withdrawn |
//! | `expires_on` before today                                 | withdrawn |
//! | no `form_ref`, no `signed_on`, no expiry date or event    | refused   |
//! | minor signed by themself                                  | refused   |
//! | `display_name` differs from the item's `patient`          | refused   |
//! | a medium used that `media` does not cover                 | refused   |
//! | `website` not in `channels`                               | refused   |
//! | expires within `consent_warn_days`                        | warning   |
//! | `incentive` set                                           | disclosure|
//!
//! Withdrawal is checked before the defects of a record: an item whose consent
//! was revoked or has expired must leave the site on the next deploy, which a
//! refused build would prevent.

use super::ledger::{ConsentRecord, Ledger, Medium, Signer};
use crate::dates::Day;

/// What an item does with a patient's information.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientUse<'a> {
    pub consent_ids: &'a [String],
    /// The name the item shows (`patient:` of a testimonial); "Anonymous" shows none.
    pub shown_name: Option<&'a str>,
    pub media: Vec<Medium>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub consent_id: Option<String>,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentVerdict {
    /// The item may be published; warnings and disclosures go with it.
    Publish {
        warnings: Vec<Finding>,
        /// One FTC material-connection disclosure per incentive.
        incentives: Vec<String>,
        /// Social platforms every record allows (the website is always allowed here).
        social_channels: Vec<String>,
    },
    /// Consent ended: the item leaves every output, the build goes on.
    Withdrawn {
        findings: Vec<Finding>,
        /// A revocation whose off-site posts are not yet recorded as taken down.
        takedown_pending: bool,
    },
    /// The item may not be built: the build fails.
    Refused { findings: Vec<Finding> },
}

impl ConsentVerdict {
    pub fn is_published(&self) -> bool {
        matches!(self, ConsentVerdict::Publish { .. })
    }
}

fn finding(code: &'static str, id: Option<&str>, message: String, help: &str) -> Finding {
    Finding {
        code,
        consent_id: id.map(str::to_string),
        message,
        help: help.to_string(),
    }
}

enum RecordVerdict {
    Ok {
        warning: Option<Finding>,
        incentive: Option<String>,
        channels: Vec<String>,
    },
    Withdrawn {
        finding: Finding,
        takedown_pending: bool,
    },
    Refused(Vec<Finding>),
}

/// Evaluates one record against one use of it.
fn evaluate_record(
    r: &ConsentRecord,
    use_: &PatientUse<'_>,
    today: Day,
    warn_days: u32,
) -> RecordVerdict {
    let id = Some(r.id.as_str());
    if !r.malformed.is_empty() {
        return RecordVerdict::Refused(vec![finding(
            "consent::malformed_record",
            id,
            format!(
                "consent record {} is malformed: {}",
                r.id,
                r.malformed.join("; ")
            ),
            "correct the record in the ledger",
        )]);
    }
    if let Some(revoked) = r.revoked_on {
        return RecordVerdict::Withdrawn {
            finding: finding(
                "consent::revoked",
                id,
                format!(
                    "consent {} was revoked on {revoked}: the item is withdrawn from every output",
                    r.id
                ),
                "remove the item's content when convenient; set `takedown_done` in the ledger once every off-site post is deleted",
            ),
            takedown_pending: r.takedown_done.is_none(),
        };
    }
    if let Some(expires) = r.expires_on {
        if expires < today {
            return RecordVerdict::Withdrawn {
                finding: finding(
                    "consent::expired",
                    id,
                    format!(
                        "consent {} expired on {expires}: the item is withdrawn from every output",
                        r.id
                    ),
                    "ask the patient for a new authorization and record it with a new id, or delete the item",
                ),
                takedown_pending: false,
            };
        }
    }

    let mut refused = Vec::new();
    let mut missing = Vec::new();
    if r.form_ref.is_none() {
        missing.push("`form_ref` (the signed form)");
    }
    if r.signed_on.is_none() {
        missing.push("`signed_on`");
    }
    if r.expires_on.is_none() && r.expiration_event.is_none() {
        missing.push("`expires_on` or `expiration_event`");
    }
    if !missing.is_empty() {
        refused.push(finding(
            "consent::defective_authorization",
            id,
            format!("consent {} is not a valid authorization: it lacks {}", r.id, missing.join(", ")),
            "a HIPAA authorization needs a signed form, a signature date and an expiry; complete the record",
        ));
    }
    if r.minor
        && !matches!(
            r.signer,
            Some(Signer::Parent | Signer::LegalGuardian | Signer::PersonalRepresentative)
        )
    {
        refused.push(finding(
            "consent::minor_without_guardian",
            id,
            format!("consent {} is for a minor but is not signed by a parent, guardian or personal representative", r.id),
            "record `signer: parent`, `legal_guardian` or `personal_representative` from the signed form",
        ));
    }
    if let Some(shown) = use_.shown_name {
        if r.display_name.as_deref() != Some(shown) {
            refused.push(finding(
                "consent::name_mismatch",
                id,
                format!(
                    "the item shows the patient as \"{shown}\" but consent {} allows {}",
                    r.id,
                    r.display_name
                        .as_deref()
                        .map(|n| format!("\"{n}\""))
                        .unwrap_or_else(|| "no name".into())
                ),
                "show the name exactly as the patient agreed (`display_name`), or \"Anonymous\"",
            ));
        }
    }
    let uncovered: Vec<&str> = use_
        .media
        .iter()
        .filter(|m| !r.media.contains(m))
        .map(|m| m.as_str())
        .collect();
    if !uncovered.is_empty() {
        refused.push(finding(
            "consent::medium_not_covered",
            id,
            format!(
                "the item uses {} but consent {} does not cover it",
                uncovered.join(", "),
                r.id
            ),
            "remove that part of the item, or record a consent whose `media` includes it",
        ));
    }
    if !r.channels.iter().any(|c| c == "website") {
        refused.push(finding(
            "consent::website_not_authorized",
            id,
            format!("consent {} does not include the `website` channel", r.id),
            "the patient has not agreed to appear on the website; do not publish the item there",
        ));
    }
    if !refused.is_empty() {
        return RecordVerdict::Refused(refused);
    }
    let warning = r.expires_on.and_then(|expires| {
        let left = today.days_to(expires);
        (left <= i64::from(warn_days)).then(|| {
            finding(
                "consent::expiring_soon",
                id,
                format!("consent {} expires on {expires} ({left} days from today)", r.id),
                "renew the authorization, or plan to take the item down; it is withdrawn automatically after that date",
            )
        })
    });
    RecordVerdict::Ok {
        warning,
        incentive: r.incentive.clone(),
        channels: r
            .channels
            .iter()
            .filter(|c| *c != "website")
            .cloned()
            .collect(),
    }
}

/// Decides whether an item that features patients may be published.
pub fn evaluate(
    use_: &PatientUse<'_>,
    ledger: &Ledger,
    today: Day,
    warn_days: u32,
) -> ConsentVerdict {
    if use_.consent_ids.is_empty() {
        return ConsentVerdict::Refused {
            findings: vec![finding(
                "consent::missing_reference",
                None,
                "the item features a patient but names no consent record".into(),
                "add `consent: <ledger id>` (testimonials) or `patients: [<ledger id>]`, after recording the signed authorization in content/consent/",
            )],
        };
    }
    let mut refused = Vec::new();
    let mut withdrawn = Vec::new();
    let mut takedown_pending = false;
    let mut warnings = Vec::new();
    let mut incentives = Vec::new();
    let mut social_channels: Option<Vec<String>> = None;

    for id in use_.consent_ids {
        let records = ledger.find(id);
        let record = match records.as_slice() {
            [] => {
                refused.push(finding(
                    "consent::unknown_id",
                    Some(id),
                    format!("consent id {id} is not in the ledger"),
                    "record the signed authorization in content/consent/*.yaml, or correct the id",
                ));
                continue;
            }
            [one] => *one,
            _ => {
                refused.push(finding(
                    "consent::duplicate_id",
                    Some(id),
                    format!(
                        "consent id {id} appears {} times in the ledger",
                        records.len()
                    ),
                    "each authorization needs its own id; fix the ledger",
                ));
                continue;
            }
        };
        match evaluate_record(record, use_, today, warn_days) {
            RecordVerdict::Ok {
                warning,
                incentive,
                channels,
            } => {
                warnings.extend(warning);
                incentives.extend(incentive);
                social_channels = Some(match social_channels {
                    None => channels,
                    Some(prev) => prev.into_iter().filter(|c| channels.contains(c)).collect(),
                });
            }
            RecordVerdict::Withdrawn {
                finding,
                takedown_pending: t,
            } => {
                takedown_pending |= t;
                withdrawn.push(finding);
            }
            RecordVerdict::Refused(f) => refused.extend(f),
        }
    }
    if !withdrawn.is_empty() {
        return ConsentVerdict::Withdrawn {
            findings: withdrawn,
            takedown_pending,
        };
    }
    if !refused.is_empty() {
        return ConsentVerdict::Refused { findings: refused };
    }
    ConsentVerdict::Publish {
        warnings,
        incentives,
        social_channels: social_channels.unwrap_or_default(),
    }
}

/// The FTC material-connection disclosure shown on the page and in every snippet.
pub fn incentive_disclosure(who: &str, incentive: &str, practice: &str) -> String {
    format!(
        "Disclosure: {who} received {incentive} from {practice} in connection with sharing this story."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_day;

    fn day(s: &str) -> Day {
        parse_day(s).unwrap()
    }

    fn today() -> Day {
        day("2026-11-28")
    }

    /// A record that passes every rule, to be broken one rule at a time.
    fn valid() -> ConsentRecord {
        let mut r = ConsentRecord::blank("C-1");
        r.display_name = Some("Maria G.".into());
        r.signed_on = Some(day("2026-03-02"));
        r.expires_on = Some(day("2028-03-02"));
        r.signer = Some(Signer::Patient);
        r.channels = vec!["website".into(), "facebook".into(), "instagram".into()];
        r.media = vec![Medium::Name, Medium::Quote, Medium::Story];
        r.form_ref = Some("sha256:abc".into());
        r
    }

    fn ledger(records: Vec<ConsentRecord>) -> Ledger {
        Ledger {
            records,
            staff: Vec::new(),
        }
    }

    fn testimonial_use(ids: &[String]) -> PatientUse<'_> {
        PatientUse {
            consent_ids: ids,
            shown_name: Some("Maria G."),
            media: vec![Medium::Name, Medium::Quote, Medium::Story],
        }
    }

    fn verdict_with(r: ConsentRecord) -> ConsentVerdict {
        let ids = vec!["C-1".to_string()];
        evaluate(&testimonial_use(&ids), &ledger(vec![r]), today(), 30)
    }

    fn refused_code(v: &ConsentVerdict) -> Vec<&'static str> {
        match v {
            ConsentVerdict::Refused { findings } => findings.iter().map(|f| f.code).collect(),
            other => panic!("expected refused, got {other:?}"),
        }
    }

    #[test]
    fn valid_consent_publishes_with_social_channels() {
        match verdict_with(valid()) {
            ConsentVerdict::Publish {
                warnings,
                incentives,
                social_channels,
            } => {
                assert!(warnings.is_empty());
                assert!(incentives.is_empty());
                assert_eq!(social_channels, vec!["facebook", "instagram"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn row_no_reference_is_refused() {
        let v = evaluate(&testimonial_use(&[]), &ledger(vec![valid()]), today(), 30);
        assert_eq!(refused_code(&v), ["consent::missing_reference"]);
    }

    #[test]
    fn row_unknown_id_is_refused() {
        let ids = vec!["C-404".to_string()];
        let v = evaluate(&testimonial_use(&ids), &ledger(vec![valid()]), today(), 30);
        assert_eq!(refused_code(&v), ["consent::unknown_id"]);
    }

    #[test]
    fn row_duplicate_id_is_refused() {
        let ids = vec!["C-1".to_string()];
        let v = evaluate(
            &testimonial_use(&ids),
            &ledger(vec![valid(), valid()]),
            today(),
            30,
        );
        assert_eq!(refused_code(&v), ["consent::duplicate_id"]);
    }

    #[test]
    fn row_malformed_record_is_refused() {
        let mut r = valid();
        r.malformed.push("unknown media value `fotos`".into());
        assert_eq!(
            refused_code(&verdict_with(r)),
            ["consent::malformed_record"]
        );
    }

    #[test]
    fn row_missing_form_ref_signature_or_expiry_is_refused() {
        for breaker in [
            (|r: &mut ConsentRecord| r.form_ref = None) as fn(&mut ConsentRecord),
            |r| r.signed_on = None,
            |r| r.expires_on = None,
        ] {
            let mut r = valid();
            breaker(&mut r);
            assert_eq!(
                refused_code(&verdict_with(r)),
                ["consent::defective_authorization"]
            );
        }
        // An expiration event stands in for a date.
        let mut r = valid();
        r.expires_on = None;
        r.expiration_event = Some("end of treatment".into());
        assert!(verdict_with(r).is_published());
    }

    #[test]
    fn row_minor_without_guardian_is_refused() {
        let mut r = valid();
        r.minor = true;
        assert_eq!(
            refused_code(&verdict_with(r.clone())),
            ["consent::minor_without_guardian"]
        );
        r.signer = None;
        assert_eq!(
            refused_code(&verdict_with(r.clone())),
            ["consent::minor_without_guardian"]
        );
        r.signer = Some(Signer::Parent);
        assert!(verdict_with(r).is_published());
    }

    #[test]
    fn row_display_name_mismatch_is_refused() {
        let mut r = valid();
        r.display_name = Some("Maria Garcia".into());
        assert_eq!(refused_code(&verdict_with(r)), ["consent::name_mismatch"]);
    }

    #[test]
    fn anonymous_items_show_no_name() {
        let mut r = valid();
        r.display_name = None;
        r.media = vec![Medium::Story];
        let ids = vec!["C-1".to_string()];
        let use_ = PatientUse {
            consent_ids: &ids,
            shown_name: None,
            media: vec![Medium::Story],
        };
        assert!(evaluate(&use_, &ledger(vec![r]), today(), 30).is_published());
    }

    #[test]
    fn row_medium_not_covered_is_refused() {
        let mut r = valid();
        r.media = vec![Medium::Name, Medium::Story];
        let v = verdict_with(r);
        assert_eq!(refused_code(&v), ["consent::medium_not_covered"]);
        if let ConsentVerdict::Refused { findings } = v {
            assert!(findings[0].message.contains("quote"));
        }
    }

    #[test]
    fn row_website_not_in_channels_is_refused() {
        let mut r = valid();
        r.channels = vec!["facebook".into()];
        assert_eq!(
            refused_code(&verdict_with(r)),
            ["consent::website_not_authorized"]
        );
    }

    #[test]
    fn row_expired_is_withdrawn() {
        let mut r = valid();
        r.expires_on = Some(day("2026-11-27"));
        match verdict_with(r.clone()) {
            ConsentVerdict::Withdrawn {
                findings,
                takedown_pending,
            } => {
                assert_eq!(findings[0].code, "consent::expired");
                assert!(!takedown_pending);
            }
            other => panic!("{other:?}"),
        }
        // The expiry day itself is still covered.
        r.expires_on = Some(today());
        assert!(verdict_with(r).is_published());
    }

    #[test]
    fn row_revoked_is_withdrawn_with_takedown_until_done() {
        let mut r = valid();
        r.revoked_on = Some(day("2026-08-01"));
        assert!(matches!(
            verdict_with(r.clone()),
            ConsentVerdict::Withdrawn {
                takedown_pending: true,
                ..
            }
        ));
        r.takedown_done = Some(day("2026-08-03"));
        assert!(matches!(
            verdict_with(r),
            ConsentVerdict::Withdrawn {
                takedown_pending: false,
                ..
            }
        ));
    }

    #[test]
    fn withdrawal_wins_over_defects_so_the_deploy_removes_the_item() {
        let mut r = valid();
        r.revoked_on = Some(day("2026-08-01"));
        r.form_ref = None;
        assert!(matches!(verdict_with(r), ConsentVerdict::Withdrawn { .. }));
    }

    #[test]
    fn row_expiring_within_warn_days_warns() {
        let mut r = valid();
        r.expires_on = Some(day("2026-12-20"));
        match verdict_with(r) {
            ConsentVerdict::Publish { warnings, .. } => {
                assert_eq!(warnings.len(), 1);
                assert_eq!(warnings[0].code, "consent::expiring_soon");
            }
            other => panic!("{other:?}"),
        }
        let mut r = valid();
        r.expires_on = Some(day("2027-01-20"));
        assert!(
            matches!(verdict_with(r), ConsentVerdict::Publish { ref warnings, .. } if warnings.is_empty())
        );
    }

    #[test]
    fn row_incentive_yields_a_disclosure() {
        let mut r = valid();
        r.incentive = Some("10% off next visit".into());
        match verdict_with(r) {
            ConsentVerdict::Publish { incentives, .. } => {
                assert_eq!(incentives, vec!["10% off next visit"])
            }
            other => panic!("{other:?}"),
        }
        assert!(
            incentive_disclosure("Maria G.", "10% off next visit", "Lakeside")
                .contains("10% off next visit")
        );
    }

    #[test]
    fn several_patients_intersect_channels_and_any_refusal_refuses() {
        let mut a = valid();
        a.id = "A".into();
        let mut b = valid();
        b.id = "B".into();
        b.channels = vec!["website".into(), "facebook".into()];
        let ids = vec!["A".to_string(), "B".to_string()];
        let use_ = PatientUse {
            consent_ids: &ids,
            shown_name: None,
            media: vec![Medium::Story],
        };
        match evaluate(&use_, &ledger(vec![a.clone(), b.clone()]), today(), 30) {
            ConsentVerdict::Publish {
                social_channels, ..
            } => assert_eq!(social_channels, vec!["facebook"]),
            other => panic!("{other:?}"),
        }
        b.form_ref = None;
        assert_eq!(
            refused_code(&evaluate(&use_, &ledger(vec![a, b]), today(), 30)),
            ["consent::defective_authorization"]
        );
    }
}
