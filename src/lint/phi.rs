//! Possible patient information in text: the HIPAA Safe Harbor identifiers
//! (45 CFR 164.514(b)(2)) that prose can carry. Practices have been fined for
//! exposing patients in press releases, captions and review replies; this finds
//! those identifiers before anything is published.
//!
//! The rules are patterns plus context: a date is only an identifier when it is
//! tied to a person (born, admitted, discharged, died), an age only above 89, a
//! number only when labelled (MRN, member ID, serial number) or shaped like a
//! phone number or SSN. The practice's own contact details are never flagged.

use regex::{Regex, RegexSet};
use serde::Serialize;

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
}

impl Allowances {
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
        a
    }

    fn allows(&self, kind: PhiKind, matched: &str) -> bool {
        let lower = matched.to_lowercase();
        if kind == PhiKind::Url {
            // A patient's page on the practice's own site is still a patient's page.
            return self.texts.iter().any(|t| !t.is_empty() && lower == *t);
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

struct Rule {
    kind: PhiKind,
    pattern: Regex,
    /// Return false to discard a match (context checks the pattern cannot express).
    keep: fn(&str, &regex::Captures) -> bool,
}

fn always(_: &str, _: &regex::Captures) -> bool {
    true
}

/// Compiled patterns; build once and share across threads.
pub struct PhiScanner {
    prefilter: RegexSet,
    rules: Vec<Rule>,
    allow_comment: Regex,
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const STREET: &str = r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|way|place|pl|terrace|ter|parkway|pkwy|circle|cir|highway|hwy|trail|trl)";
/// The value after a label: an id that contains at least one digit (checked by `has_digits`).
/// The regex requires a digit so that a rejected word never hides the real value after it.
const ID: &str = r"(?P<v>[a-z0-9][a-z0-9.-]*\d[a-z0-9.-]*[a-z0-9]|\d[a-z0-9.-]*[a-z0-9])";
/// Between a label and its value: "number", "no.", "#", ":", "is", commas, brackets.
const SEP: &str = r"(?:\s*(?:number|no\b\.?|#|id\b|identifier|card|is\b|[:,(])\s*)*\s*";
const STATES: &str = "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming";
const AGE: &str = r"(?:9\d|1[0-2]\d)";
const WORD_AGE: &str = r"(?:ninety[- ](?:one|two|three|four|five|six|seven|eight|nine)|one hundred(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen))?)";

fn rx(p: &str) -> Regex {
    Regex::new(&format!("(?i){p}")).expect("built-in PHI pattern compiles")
}

fn value<'t>(c: &regex::Captures<'t>) -> &'t str {
    c.name("v")
        .map(|m| m.as_str())
        .unwrap_or_else(|| c.get(0).map(|m| m.as_str()).unwrap_or(""))
}

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

fn has_digits(_: &str, c: &regex::Captures) -> bool {
    digits(value(c)) >= 1
}

/// Licence and certificate numbers are long; "licensed since 1998" is not one.
fn long_number(_: &str, c: &regex::Captures) -> bool {
    digits(value(c)) >= 5
}

/// A phone-shaped number whose digits are really a date, a range or a ratio is not a phone.
fn phone_digits_ok(_: &str, c: &regex::Captures) -> bool {
    let d = digits(value(c));
    (10..=12).contains(&d) || (d == 7 && c.name("label").is_some())
}

/// Plates are written in capitals ("7KX 4402"); "half the plate with 2 cups" is not one.
fn plate_ok(_: &str, c: &regex::Captures) -> bool {
    let v = value(c);
    digits(v) >= 1
        && v.chars().filter(|ch| ch.is_ascii_alphanumeric()).count() >= 4
        && !v.chars().any(|ch| ch.is_ascii_lowercase())
}

fn vin_ok(_: &str, c: &regex::Captures) -> bool {
    let v = &c[0];
    digits(v) >= 1 && v.chars().filter(|ch| ch.is_ascii_alphabetic()).count() >= 2
}

fn ipv6_ok(_: &str, c: &regex::Captures) -> bool {
    let v = &c[0];
    v.contains("::") || v.matches(':').count() >= 5
}

/// "adults aged 90 and older" is already aggregated as Safe Harbor requires, and
/// "at 95%" or "is 95 °F" are measurements, not ages.
fn age_ok(line: &str, c: &regex::Captures) -> bool {
    let Some(m) = c.get(0) else { return false };
    if !m.as_str().ends_with(|ch: char| ch.is_ascii_digit()) {
        return true; // "93-year-old", "90th birthday": the words say it is an age
    }
    let after = line[m.end()..].trim_start().to_lowercase();
    if after.starts_with('.') && after[1..].starts_with(|ch: char| ch.is_ascii_digit()) {
        return false; // 100.4 °F
    }
    let units = [
        "and older",
        "or older",
        "and over",
        "and up",
        "+",
        "%",
        "percent",
        "°",
        "degrees",
        "mg",
        "mcg",
        "ml",
        "minutes",
        "seconds",
        "hours",
        "days",
        "weeks",
        "months",
        "mmhg",
        "beats",
        "bpm",
        "pounds",
        "lb",
        "kg",
        "units",
        "/",
        "to ",
        "-",
        "–",
        "cm",
        "inches",
        "miles",
    ];
    !units.iter().any(|u| after.starts_with(u))
}

fn url_ok(_: &str, c: &regex::Captures) -> bool {
    let u = c[0].to_lowercase();
    let (before_query, query) = u.split_once('?').unwrap_or((&u, ""));
    let (host, path) = before_query
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split_once('/')
        .unwrap_or((before_query, ""));
    let personal_query = [
        "id=",
        "pid=",
        "pt=",
        "patient",
        "mrn",
        "member",
        "user",
        "record",
        "dob=",
        "ssn",
        "name=",
        "accession",
        "account",
        "acct",
        "email=",
    ];
    // A section about patients ("/patients/") is not a patient; "/patients/48213/" is.
    let personal_path = [
        "patient", "record", "mrn", "member", "user", "profile", "chart", "intake", "portal",
        "room/",
    ];
    let id_after = |p: &str| path.find(p).is_some_and(|i| digits(&path[i..]) >= 2);
    let share_links = ["file/d/", "fundrais", "gofundme", "journal", "caringbridge"];
    let personal_host = [
        "fundrais",
        "gofundme",
        "caringbridge",
        "telehealth",
        "journal",
        "drive.",
        "dropbox",
    ];
    let social = [
        "facebook.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "tiktok.com",
    ];
    query.split('&').any(|kv| {
        personal_query
            .iter()
            .any(|p| kv.starts_with(p) || kv.contains(&format!("{p}=")))
    }) || personal_path.iter().any(|p| id_after(p))
        || share_links.iter().any(|p| path.contains(p))
        || (personal_host.iter().any(|h| host.contains(h)) && !path.is_empty())
        || (social.iter().any(|s| host.ends_with(s)) && !path.is_empty())
}

impl Default for PhiScanner {
    fn default() -> Self {
        Self::new()
    }
}

impl PhiScanner {
    pub fn new() -> Self {
        let date_value = format!(
            r"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}-\d{{1,2}}-\d{{2,4}}|(?:christmas(?: eve| day)?|new year'?s(?: eve| day)?|thanksgiving|halloween|independence day|valentine'?s day),?\s+\d{{4}})"
        );
        let person_event = r"(?:born|birth|birthday|dob|d\.o\.b\.?|admitted|admission|discharged|discharge|died|death|passed away|deceased|date of service|surgery|arrived|delivered|delivery|turned \d+|stroke|heart attack|seizure|tested positive|hospitali[sz]ed|diagnosed|injured|accident|operated|overdosed?|seen|last visit|colonoscopy|procedure|biopsy|mammogram)";
        let rules = vec![
            Rule { kind: PhiKind::Email, pattern: rx(r"\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b"), keep: always },
            Rule {
                kind: PhiKind::Ssn,
                pattern: rx(r"\b\d{3}-\d{2}-\d{4}\b|\b(?:ssn|social security)(?:\s+(?:number|no\b\.?|#))?(?:\s+is)?\W{0,5}(?P<v>\d{3}[- ]?\d{2}[- ]?\d{4})\b|\b\d{3} \d{2} \d{4}\b"),
                keep: always,
            },
            Rule {
                kind: PhiKind::Fax,
                pattern: rx(r"\bfax(?:\s*(?:number|no\b\.?|#))?\s*[:#]?\s*(?P<v>(?:\+?1[\s./-]?)?\(?\d{3}\)?[\s./-]?\d{3}[\s./-]?\d{4})\b"),
                keep: always,
            },
            Rule {
                kind: PhiKind::Phone,
                pattern: rx(r"(?P<label>\b(?:phone|call|calling|cell|mobile|landline|tel|text|reach)\b[^.\d\n]{0,20}?)?(?P<v>\+\d{11,12}\b|(?:\+\d{1,3}[\s./-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s./-])?\b\d{3}[\s./-]\d{4}\b)"),
                keep: phone_digits_ok,
            },
            Rule {
                kind: PhiKind::MedicalRecord,
                pattern: rx(&format!(
                    r"\b(?:mrn|mr\s*#|med(?:ical)?\.? rec(?:ord)?s?\.?|ehr id|emr id|patient id|chart|record|hospital (?:number|no\b\.?|id)|accession|encounter(?: record| id)?){SEP}-?{ID}"
                )),
                keep: has_digits,
            },
            Rule {
                kind: PhiKind::HealthPlan,
                pattern: rx(&format!(
                    r"\b(?:member|policy|medicaid|medicare|mbi|subscriber|group|insurance|plan|beneficiary|enrollee|chip enrollee){SEP}{ID}"
                )),
                keep: |_, c| digits(value(c)) >= 4,
            },
            Rule {
                kind: PhiKind::Account,
                pattern: rx(r"\b(?:account|acct|card)\b\.?(?:\s*(?:number|no\b\.?|#|is|ref(?:erence)?))*[\s:#-]*(?P<v>[a-z]{0,3}-?\d[\d -]{3,}[a-z0-9]*(?:-[a-z0-9]+)?)|\b(?P<card>(?:\d{4}[ -]){3}\d{4})\b|\bacct-\d[\w-]*"),
                keep: |_, c| digits(value(c)) >= 4 || c.name("card").is_some() || c[0].to_lowercase().starts_with("acct-"),
            },
            Rule {
                kind: PhiKind::License,
                pattern: rx(&format!(
                    r"\b(?:licen[cs]e|permit|passport|state id(?: card)?|id card|dl|cdl|dea|certificate)\b[^.\n\d]{{0,25}}?{SEP}{ID}"
                )),
                keep: long_number,
            },
            Rule {
                kind: PhiKind::Vehicle,
                pattern: rx(r"\b(?:plate|tag|registration number|registration no\b\.?)\b[^.\n]{0,22}?(?P<v>\b(?-i:[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5}(?:-[A-Z0-9]{1,4})?))\b"),
                keep: plate_ok,
            },
            Rule { kind: PhiKind::Vehicle, pattern: rx(r"\b[a-hj-npr-z0-9]{17}\b"), keep: vin_ok },
            Rule {
                kind: PhiKind::Device,
                pattern: rx(&format!(
                    r"\budi\b[\s:#]*(?P<udi>\(\d{{2}}\)\d{{6,}}[\w()]*)|\b(?:serials?|s/n|sn|device id|imei|(?:implant|transmitter|pump|monitor|pacemaker|stimulator|hearing aid|device) (?:id|number|no\b\.?)){SEP}(?:and\s+)?{ID}"
                )),
                keep: has_digits,
            },
            Rule {
                kind: PhiKind::Date,
                pattern: rx(&format!(r"\b{person_event}(?:\W|$)[^;\n]{{0,40}}?\b{date_value}")),
                keep: always,
            },
            Rule {
                kind: PhiKind::Age,
                pattern: rx(&format!(
                    r"\b{AGE}\s*[- ]?(?:years?|yrs?)[- ]old\b|\b{AGE}(?:-year-old|\s*y/?o)\b|\b(?:aged?|age:|at|turned|turns|turning|is|was|he's|she's|he is|she is)\s+{AGE}\b|\b{AGE}(?:st|nd|rd|th) birthday\b|\b(?:is|turned|aged?|at)\s+{WORD_AGE}\b|\b{WORD_AGE}[- ]years?[- ]old\b|(?-i:\b[A-Z][a-z]+, {AGE},)"
                )),
                keep: age_ok,
            },
            Rule {
                kind: PhiKind::Address,
                pattern: rx(&format!(
                    r"\b\d{{1,6}}\s+(?:[nsew]\.?\s+)?(?-i:(?:[A-Z0-9][A-Za-z0-9'.]*\s+){{1,3}}){STREET}\b\.?|\bp\.?\s?o\.?\s+box\s+\d+"
                )),
                keep: always,
            },
            Rule {
                kind: PhiKind::Zip,
                pattern: Regex::new(&format!(
                    r"(?i:\b(?:zip|postal)(?:\s*code)?(?:\s+is)?\s*[:#]?\s*\d{{5}}(?:-\d{{4}})?\b|\b\d{{5}}(?:-\d{{4}})?\s+zip\b|\b(?:{STATES}),?\s+\d{{5}}(?:-\d{{4}})?\b)|\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]),?\s+\d{{5}}(?:-\d{{4}})?\b"
                ))
                .expect("built-in ZIP pattern compiles"),
                keep: always,
            },
            Rule {
                kind: PhiKind::Ip,
                pattern: rx(r"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b"),
                keep: always,
            },
            Rule { kind: PhiKind::Ip, pattern: rx(r"\b(?:[0-9a-f]{1,4}:){1,7}:?(?:[0-9a-f]{1,4})?\b"), keep: ipv6_ok },
            Rule {
                kind: PhiKind::Url,
                pattern: rx(r"\b(?:https?://|www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s)\]>,]*"),
                keep: url_ok,
            },
        ];
        let prefilter = RegexSet::new(rules.iter().map(|r| r.pattern.as_str()))
            .expect("built-in PHI patterns compile");
        PhiScanner {
            prefilter,
            rules,
            allow_comment: rx(r"carepress:\s*allow\s+([a-z_,\s]+)"),
        }
    }

    /// Finds identifiers in `text`. `allowed_kinds` are suppressed everywhere (a front
    /// matter `phi_allow:` list); a line containing `carepress: allow <kind>` suppresses that kind there.
    pub fn scan(
        &self,
        text: &str,
        allow: &Allowances,
        allowed_kinds: &[PhiKind],
    ) -> Vec<PhiFinding> {
        let mut findings = Vec::new();
        if !self.prefilter.is_match(text) {
            return findings;
        }
        for (line_index, line) in text.lines().enumerate() {
            let matching = self.prefilter.matches(line);
            if !matching.matched_any() {
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
                        (_, Some(v)) if rule.kind == PhiKind::Phone => v.start(),
                        (Some(l), _) => l.end(),
                        _ => m.start(),
                    };
                    findings.push(PhiFinding {
                        kind: rule.kind,
                        line: line_index,
                        column: line[..start].chars().count() + 1,
                        text: line[start..m.end()].to_string(),
                    });
                }
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
