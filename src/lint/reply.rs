//! Replies to public reviews: practices have been fined for confirming in a Yelp
//! or Google reply that the reviewer is their patient, or for discussing their care.
//! A safe reply thanks, confirms nothing, and invites offline contact.

use super::phi::{Allowances, PhiScanner};
use crate::diagnostics::Diagnostic;
use regex::Regex;
use std::path::Path;

struct ReplyRule {
    code: &'static str,
    pattern: Regex,
    message: &'static str,
}

/// Compiled reply rules; build once.
pub struct ReplyLinter {
    rules: Vec<ReplyRule>,
    phi: PhiScanner,
}

impl Default for ReplyLinter {
    fn default() -> Self {
        Self::new()
    }
}

fn rx(p: &str) -> Regex {
    Regex::new(&format!("(?i){p}")).expect("built-in reply pattern compiles")
}

const RECORDS: &str = r"chart|records?|file|history|x-?rays?|mri|scans?|labs?|lab work|test results|results|bill|billing|invoice|claim|insurance|account|balance";
const CARE: &str = r"visits?|appointments?|treatments?|procedures?|surgery|surgeries|operation|prescriptions?|medications?|meds|diagnosis|condition|therapy|sessions?|exam|check-?up|cleaning|root canal|crown|filling|implant|injections?|vaccines?|shots?|care plan|treatment plan|recovery|stay|admission|discharge|consultation|follow-?up|dosage|dose|referral|physical|screening|biopsy|delivery|pregnancy|counsell?ing";
const CONDITIONS: &str = r"diabetes|cancer|tumou?r|depression|anxiety|bipolar|schizophrenia|ptsd|adhd|autism|hiv|aids|hepatitis|std|sti|herpes|chlamydia|pregnan(?:t|cy)|miscarriage|abortion|addiction|substance use|alcoholism|opioid|overdose|dementia|alzheimer'?s|stroke|heart attack|hypertension|asthma|copd|arthritis|infection|fracture|broken (?:arm|leg|wrist|ankle)|concussion|eating disorder|anorexia|bulimia|obesity|infertility|erectile|cavit(?:y|ies)|gum disease|periodontitis|migraine|seizures?|epilepsy|covid";

impl ReplyLinter {
    pub fn new() -> Self {
        let rules = vec![
            ReplyRule {
                code: "reply::confirms_patient",
                pattern: rx(&format!(
                    r"\b(?:your|you(?:r)? (?:recent|last|first|previous|next)) (?:{RECORDS}|{CARE})\b|\bour (?:records|files|notes|system) (?:show|indicate|say|reflect)|\bwe (?:reviewed|checked|looked at|pulled) your\b|\bas your (?:doctor|physician|dentist|provider|therapist|nurse|surgeon|counsell?or|psychiatrist|clinician|pharmacist)\b|\bwhen you (?:came in|were (?:here|in|seen|treated|admitted)|visited|saw (?:dr|doctor))\b|\byou were (?:seen|treated|admitted|discharged|diagnosed|prescribed|here)\b|\bwe (?:saw|treated|examined|diagnosed|admitted|discharged) you\b|\bsince (?:your|you (?:started|stopped|began))\b|\byou (?:missed|cancell?ed|rescheduled|no-showed)\b|\byou (?:had|received|underwent|got) (?:a |an |your )?(?:{CARE})\b"
                )),
                message: "confirms that the reviewer is (or was) a patient",
            },
            ReplyRule {
                code: "reply::health_detail",
                pattern: rx(&format!(r"\b(?:{CONDITIONS})\b")),
                message: "mentions a health condition",
            },
        ];
        ReplyLinter {
            rules,
            phi: PhiScanner::new(),
        }
    }

    /// Every problem in `text`, each with line and column; `file` is what diagnostics name.
    pub fn lint(&self, text: &str, file: &Path, allow: &Allowances) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            for rule in &self.rules {
                for m in rule.pattern.find_iter(line) {
                    out.push(
                        Diagnostic::error(rule.code, format!("\"{}\" {}", m.as_str(), rule.message))
                            .in_file(file)
                            .at(i + 1, line[..m.start()].chars().count() + 1)
                            .with_help(match rule.code {
                                "reply::confirms_patient" => "do not confirm or deny that the reviewer is a patient; speak about the practice in general terms",
                                _ => "never mention conditions, treatments or visits in a public reply, even ones the reviewer mentioned",
                            }),
                    );
                }
            }
        }
        for f in self.phi.scan(text, allow, &[]) {
            out.push(
                Diagnostic::error(
                    f.kind.code(),
                    format!("{} (`{}`) in a public reply", f.kind.describe(), f.text),
                )
                .in_file(file)
                .at(f.line + 1, f.column)
                .with_help(
                    "remove every identifier; invite the reviewer to contact the office instead",
                ),
            );
        }
        crate::diagnostics::sort(&mut out);
        out
    }
}

/// The safe pattern, with the practice's own phone number when there is one.
pub fn safe_pattern(practice: &str, phone: Option<&str>) -> String {
    let contact = match phone {
        Some(p) => format!("call our office at {p}"),
        None => "contact our office directly".to_string(),
    };
    format!(
        "A safe reply thanks the reviewer, does not confirm or deny that they are a patient, gives no details about anyone's care, and invites them to talk offline. For example:\n\n  \"Thank you for taking the time to share your feedback. We take every comment seriously, and privacy laws prevent us from discussing anyone's care online. We would welcome the chance to talk with you directly; please {contact}. — {practice}\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        ReplyLinter::new()
            .lint(text, Path::new("-"), &Allowances::default())
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn flags_confirmation_details_and_identifiers() {
        assert_eq!(
            codes("We reviewed your chart and you were seen on time."),
            ["reply::confirms_patient", "reply::confirms_patient"]
        );
        assert_eq!(
            codes("Sorry your root canal hurt."),
            ["reply::confirms_patient"]
        );
        assert_eq!(
            codes("Managing diabetes is hard."),
            ["reply::health_detail"]
        );
        assert_eq!(codes("Call Dr. Lee at 312-555-0187."), ["phi::phone"]);
    }

    #[test]
    fn the_safe_pattern_passes() {
        assert!(
            codes(&safe_pattern("Lakeside", Some("+1 555 0100")))
                .iter()
                .all(|c| c.starts_with("phi::"))
        );
        assert_eq!(
            codes(
                "Thank you for your feedback. We take all feedback seriously; please call our office."
            ),
            Vec::<&str>::new()
        );
    }
}
