//! Possible patient information in text: the HIPAA Safe Harbor identifiers
//! (45 CFR 164.514(b)(2)) that prose can carry. Practices have been fined for
//! exposing patients in press releases, captions and review replies; this finds
//! those identifiers before anything is published.
//!
//! The rules are patterns plus context: a date is only an identifier when it is
//! tied to a person (born, admitted, discharged, died), an age only above 89, a
//! number only when labelled (MRN, member ID, serial number) or shaped like a
//! phone number or SSN. The practice's own contact details are never flagged.

mod rules;
mod text;

use regex::{Regex, RegexSet};
use rules::{Rule, rx};
use serde::Serialize;
use text::{has_spoken_digits, spoken_digits, typographic_to_ascii};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhiKind {
    Phone,
    Fax,
    Email,
    Ssn,
    MedicalRecord,
    HealthPlan,
    Account,
    License,
    Date,
    Age,
    Address,
    Zip,
    Ip,
    Url,
    Vehicle,
    Device,
}

impl PhiKind {
    pub const ALL: [PhiKind; 16] = [
        PhiKind::Phone,
        PhiKind::Fax,
        PhiKind::Email,
        PhiKind::Ssn,
        PhiKind::MedicalRecord,
        PhiKind::HealthPlan,
        PhiKind::Account,
        PhiKind::License,
        PhiKind::Date,
        PhiKind::Age,
        PhiKind::Address,
        PhiKind::Zip,
        PhiKind::Ip,
        PhiKind::Url,
        PhiKind::Vehicle,
        PhiKind::Device,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PhiKind::Phone => "phone",
            PhiKind::Fax => "fax",
            PhiKind::Email => "email",
            PhiKind::Ssn => "ssn",
            PhiKind::MedicalRecord => "medical_record",
            PhiKind::HealthPlan => "health_plan",
            PhiKind::Account => "account",
            PhiKind::License => "license",
            PhiKind::Date => "date",
            PhiKind::Age => "age",
            PhiKind::Address => "address",
            PhiKind::Zip => "zip",
            PhiKind::Ip => "ip",
            PhiKind::Url => "url",
            PhiKind::Vehicle => "vehicle",
            PhiKind::Device => "device",
        }
    }

    pub fn from_name(name: &str) -> Option<PhiKind> {
        PhiKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The stable diagnostic code, e.g. `phi::phone`.
    pub fn code(self) -> &'static str {
        match self {
            PhiKind::Phone => "phi::phone",
            PhiKind::Fax => "phi::fax",
            PhiKind::Email => "phi::email",
            PhiKind::Ssn => "phi::ssn",
            PhiKind::MedicalRecord => "phi::medical_record",
            PhiKind::HealthPlan => "phi::health_plan",
            PhiKind::Account => "phi::account",
            PhiKind::License => "phi::license",
            PhiKind::Date => "phi::date",
            PhiKind::Age => "phi::age",
            PhiKind::Address => "phi::address",
            PhiKind::Zip => "phi::zip",
            PhiKind::Ip => "phi::ip",
            PhiKind::Url => "phi::url",
            PhiKind::Vehicle => "phi::vehicle",
            PhiKind::Device => "phi::device",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            PhiKind::Phone => "a phone number",
            PhiKind::Fax => "a fax number",
            PhiKind::Email => "an email address",
            PhiKind::Ssn => "a Social Security number",
            PhiKind::MedicalRecord => "a medical record number",
            PhiKind::HealthPlan => "a health plan or insurance number",
            PhiKind::Account => "an account number",
            PhiKind::License => "a licence or certificate number",
            PhiKind::Date => "a full date tied to a person (birth, admission, discharge, death)",
            PhiKind::Age => "an age over 89",
            PhiKind::Address => "a street address",
            PhiKind::Zip => "a ZIP code",
            PhiKind::Ip => "an IP address",
            PhiKind::Url => "a URL that identifies a person",
            PhiKind::Vehicle => "a vehicle identifier (plate or VIN)",
            PhiKind::Device => "a device identifier or serial number",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhiFinding {
    pub kind: PhiKind,
    /// 0-based line index within the scanned text.
    pub line: usize,
    /// 1-based column (in characters) of the match.
    pub column: usize,
    pub text: String,
}

/// Text that is never patient information: the practice's own contact details
/// and the site's `rules.phi_allow` list.
#[derive(Debug, Clone, Default)]
pub struct Allowances {
    /// Digits of the practice's phone and fax numbers.
    pub numbers: Vec<String>,
    /// Lower-case strings (emails, hosts, allow-list entries) that may appear.
    pub texts: Vec<String>,
    /// The practice's own social handles, lower case without `@` (`social.handles`):
    /// a link to the practice's own profile is not a patient's.
    pub handles: Vec<String>,
}

impl Allowances {
    /// Adds the group's locations' phone and fax numbers, emails and street addresses
    /// (`content::load::location_contacts`).
    pub fn with_contacts(mut self, contacts: &[String]) -> Self {
        for c in contacts {
            let digits: String = c.chars().filter(char::is_ascii_digit).collect();
            if c.contains('@') || digits.len() < 7 {
                self.texts.push(c.to_lowercase());
            } else {
                self.numbers.push(digits);
            }
        }
        self
    }

    pub fn from_config(config: &crate::config::Config) -> Self {
        let mut a = Allowances::default();
        for n in [&config.practice.phone, &config.practice.fax]
            .into_iter()
            .flatten()
        {
            let digits: String = n.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 7 {
                a.numbers.push(digits);
            }
        }
        for t in [&config.practice.email, &config.practice.address]
            .into_iter()
            .flatten()
        {
            a.texts.push(t.to_lowercase());
        }
        let host = config
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or(&config.base_url)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if !host.is_empty() {
            a.texts.push(host);
        }
        a.texts
            .extend(config.rules.phi_allow.iter().map(|s| s.to_lowercase()));
        a.handles = config
            .social
            .handles
            .values()
            .map(|h| h.trim().trim_start_matches('@').to_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        a
    }

    fn allows(&self, kind: PhiKind, matched: &str) -> bool {
        let lower = matched.to_lowercase();
        if kind == PhiKind::Url {
            // A patient's page on the practice's own site is still a patient's page;
            // the practice's own profile on a social network is the practice's.
            let path = lower.split_once('/').map_or("", |(_, p)| p);
            let own_profile = self.handles.iter().any(|h| {
                path.split(['/', '?', '#', '.'])
                    .any(|seg| seg.trim_start_matches('@') == h)
            });
            return own_profile || self.texts.iter().any(|t| !t.is_empty() && lower == *t);
        }
        if self
            .texts
            .iter()
            .any(|t| !t.is_empty() && (lower.contains(t.as_str()) || t.contains(&lower)))
        {
            return true;
        }
        if matches!(kind, PhiKind::Phone | PhiKind::Fax) {
            let digits: String = matched.chars().filter(char::is_ascii_digit).collect();
            return self
                .numbers
                .iter()
                .any(|n| n.ends_with(&digits) || digits.ends_with(n.as_str()));
        }
        false
    }
}

/// Compiled patterns; build once and share across threads.
pub struct PhiScanner {
    prefilter: RegexSet,
    rules: Vec<Rule>,
    allow_comment: Regex,
}

/// Month names in English and in the languages a practice's staff most often write
/// dates in (French, Spanish, German, Portuguese, Italian), abbreviated or not.
impl Default for PhiScanner {
    fn default() -> Self {
        Self::new()
    }
}

impl PhiScanner {
    pub fn new() -> Self {
        let rules = rules::rules();
        let prefilter = regex::RegexSetBuilder::new(rules.iter().map(|r| r.pattern.as_str()))
            .dfa_size_limit(32 << 20)
            .size_limit(64 << 20)
            .build()
            .expect("built-in PHI patterns compile");
        PhiScanner {
            prefilter,
            rules,
            allow_comment: rx(r"carepress:\s*allow\s+([a-z_,\s]+)"),
        }
    }

    /// The identifiers of one line: byte range (from the value, not its label) and kind.
    fn scan_line(
        &self,
        line: &str,
        matching: &regex::SetMatches,
        allow: &Allowances,
        allowed_kinds: &[PhiKind],
        suppressed: &[PhiKind],
    ) -> Vec<(std::ops::Range<usize>, PhiKind)> {
        let mut found = Vec::new();
        let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if !matching.matched(i)
                || allowed_kinds.contains(&rule.kind)
                || suppressed.contains(&rule.kind)
            {
                continue;
            }
            for c in rule.pattern.captures_iter(line) {
                let Some(m) = c.get(0) else { continue };
                // One finding per stretch of text: a fax number is not also a phone number.
                if taken.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                    continue;
                }
                if !(rule.keep)(line, &c) || allow.allows(rule.kind, m.as_str()) {
                    continue;
                }
                taken.push(m.range());
                // Point at the number itself, not at a label such as "call".
                let start = match (c.name("label"), c.name("v")) {
                    (_, Some(v)) if matches!(rule.kind, PhiKind::Phone | PhiKind::Fax) => v.start(),
                    (Some(l), _) => l.end(),
                    _ => m.start(),
                };
                found.push((start..m.end(), rule.kind));
            }
        }
        found
    }

    /// Finds identifiers in `text`. `allowed_kinds` are suppressed everywhere (a front
    /// matter `phi_allow:` list); a line containing `carepress: allow <kind>` suppresses that kind there.
    pub fn scan(
        &self,
        text: &str,
        allow: &Allowances,
        allowed_kinds: &[PhiKind],
    ) -> Vec<PhiFinding> {
        let normalized = typographic_to_ascii(text);
        let text = normalized.as_ref();
        let mut findings = Vec::new();
        if !self.prefilter.is_match(text) && !has_spoken_digits(text) {
            return findings;
        }
        for (line_index, line) in text.lines().enumerate() {
            let matching = self.prefilter.matches(line);
            if !matching.matched_any() && !has_spoken_digits(line) {
                continue;
            }
            let suppressed: Vec<PhiKind> = self
                .allow_comment
                .captures(line)
                .map(|c| {
                    c[1].split([',', ' '])
                        .filter_map(|k| PhiKind::from_name(k.trim()))
                        .collect()
                })
                .unwrap_or_default();
            let mut found = self.scan_line(line, &matching, allow, allowed_kinds, &suppressed);
            // Digits read out one by one or spelled ("0 8 7 5 5 …", "four zero six"):
            // the same rules on the digits written together, mapped back to the line.
            if let Some((joined, origin)) = spoken_digits(line) {
                let joined_matching = self.prefilter.matches(&joined);
                for (range, kind) in
                    self.scan_line(&joined, &joined_matching, allow, allowed_kinds, &suppressed)
                {
                    let start = origin[range.start].0;
                    let end = origin[range.end.saturating_sub(1).max(range.start)].1;
                    if !found.iter().any(|(r, _)| r.start < end && start < r.end) {
                        found.push((start..end, kind));
                    }
                }
            }
            for (range, kind) in found {
                findings.push(PhiFinding {
                    kind,
                    line: line_index,
                    column: line[..range.start].chars().count() + 1,
                    text: line[range].to_string(),
                });
            }
        }
        findings.sort_by_key(|f| (f.line, f.column));
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<PhiKind> {
        let allow = Allowances {
            numbers: vec!["15550100".into()],
            texts: vec!["hello@lakeside.example".into(), "lakeside.example".into()],
            handles: vec!["lakesidemed".into()],
        };
        PhiScanner::new()
            .scan(text, &allow, &[])
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn finds_each_identifier_kind() {
        assert_eq!(
            kinds("Call her at (312) 555-0187 tonight."),
            [PhiKind::Phone]
        );
        assert_eq!(kinds("Fax: 312-555-0199"), [PhiKind::Fax]);
        assert_eq!(kinds("Write to jane.doe@gmail.com"), [PhiKind::Email]);
        assert_eq!(kinds("SSN 123-45-6789"), [PhiKind::Ssn]);
        assert_eq!(kinds("MRN: 00482913"), [PhiKind::MedicalRecord]);
        assert_eq!(kinds("Member ID: XJH483920112"), [PhiKind::HealthPlan]);
        assert_eq!(kinds("account no. 77812-003"), [PhiKind::Account]);
        assert_eq!(
            kinds("driver's license D1234-5678-9012"),
            [PhiKind::License]
        );
        assert_eq!(kinds("She was born on March 3, 1961."), [PhiKind::Date]);
        assert_eq!(kinds("a 93-year-old patient"), [PhiKind::Age]);
        assert_eq!(kinds("Happy 90th birthday to Evelyn!"), [PhiKind::Age]);
        assert_eq!(kinds("He lives at 1428 Elm Street."), [PhiKind::Address]);
        assert_eq!(kinds("Chicago, IL 60614"), [PhiKind::Zip]);
        assert_eq!(kinds("logged in from 192.168.10.44"), [PhiKind::Ip]);
        assert_eq!(
            kinds("https://portal.example.com/patient?id=88412"),
            [PhiKind::Url]
        );
        assert_eq!(kinds("VIN 1HGCM82633A004352"), [PhiKind::Vehicle]);
        assert_eq!(
            kinds("pacemaker serial number SN-4482-AX91"),
            [PhiKind::Device]
        );
    }

    #[test]
    fn health_numbers_and_practice_details_are_clean() {
        for clean in [
            "Normal blood pressure is below 120/80 mmHg.",
            "Take 500 mg twice daily; 1,000 IU of vitamin D.",
            "Flu season runs from October to May; get vaccinated by October 31.",
            "Adults aged 90 and older need extra care.",
            "A 45-year-old adult should start screening.",
            "Call us at +1 555 0100 or email hello@lakeside.example.",
            "See https://www.cdc.gov/flu/index.html and https://lakeside.example/articles/flu/.",
            "Open 09:00 to 17:00. 1 in 3 adults has high blood pressure.",
            "Read https://example.org/patients and https://www.cdc.gov/patients/index.html for more.",
            "ICD-10 code E11.9 and CPT 99213.",
        ] {
            assert_eq!(kinds(clean), [], "{clean}");
        }
    }

    #[test]
    fn allow_comments_suppress_one_kind_on_one_line() {
        let scanner = PhiScanner::new();
        let text = "Call 312-555-0187 <!-- carepress: allow phone -->\nCall 312-555-0187\n";
        let found = scanner.scan(text, &Allowances::default(), &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].column, 6);
        assert!(
            scanner
                .scan(text, &Allowances::default(), &[PhiKind::Phone])
                .is_empty()
        );
    }
}
