//! `content/consent/*.yaml`: the practice's record of patient authorizations,
//! modelled on the elements of a valid HIPAA authorization (45 CFR 164.508(c)).

use crate::dates::Day;
use crate::diagnostics::{Diagnostic, did_you_mean, display_path};
use crate::fsutil::{is_ignored_name, read_utf8};
use crate::yaml::{Origin, parse_mapping};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    Patient,
    Parent,
    LegalGuardian,
    PersonalRepresentative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Medium {
    Name,
    Quote,
    Story,
    Photo,
    Video,
}

impl Medium {
    pub fn as_str(self) -> &'static str {
        match self {
            Medium::Name => "name",
            Medium::Quote => "quote",
            Medium::Story => "story",
            Medium::Photo => "photo",
            Medium::Video => "video",
        }
    }
}

const MEDIA: &[&str] = &["name", "quote", "story", "photo", "video"];
const SIGNERS: &[&str] = &[
    "self",
    "parent",
    "legal_guardian",
    "personal_representative",
];

#[derive(Debug, Clone, PartialEq)]
pub struct ConsentRecord {
    pub id: String,
    pub file: PathBuf,
    pub line: usize,
    pub display_name: Option<String>,
    pub signed_on: Option<Day>,
    pub expires_on: Option<Day>,
    pub expiration_event: Option<String>,
    pub signer: Option<Signer>,
    pub minor: bool,
    /// `website` and social platform names.
    pub channels: Vec<String>,
    pub media: Vec<Medium>,
    pub form_ref: Option<String>,
    pub incentive: Option<String>,
    pub revoked_on: Option<Day>,
    pub takedown_done: Option<Day>,
    /// Values that could not be understood (an unknown medium, channel or signer).
    pub malformed: Vec<String>,
}

impl ConsentRecord {
    /// A blank record, the starting point for tests and for `carepress new`.
    pub fn blank(id: &str) -> Self {
        ConsentRecord {
            id: id.to_string(),
            file: PathBuf::from("content/consent/ledger.yaml"),
            line: 1,
            display_name: None,
            signed_on: None,
            expires_on: None,
            expiration_event: None,
            signer: None,
            minor: false,
            channels: Vec::new(),
            media: Vec::new(),
            form_ref: None,
            incentive: None,
            revoked_on: None,
            takedown_done: None,
            malformed: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub records: Vec<ConsentRecord>,
    /// Staff photo releases (`staff:` in a ledger file): a provider's photo is shown only
    /// while its release holds.
    pub staff: Vec<StaffRelease>,
}

/// A staff member's signed release for photos of them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRelease {
    pub name: String,
    pub signed_on: Day,
    pub revoked_on: Option<Day>,
    /// Where the signed form is kept.
    pub form_ref: Option<String>,
    pub file: PathBuf,
    pub line: usize,
}

impl Ledger {
    /// The release of the staff member named `name` (names compared without case).
    pub fn staff_release(&self, name: &str) -> Option<&StaffRelease> {
        self.staff
            .iter()
            .find(|r| r.name.trim().eq_ignore_ascii_case(name.trim()))
    }
}

impl Ledger {
    /// Every record with this id: more than one means the ledger is ambiguous.
    pub fn find(&self, id: &str) -> Vec<&ConsentRecord> {
        self.records.iter().filter(|r| r.id == id).collect()
    }
}

#[derive(Deserialize)]
struct LedgerFile {
    records: Option<Vec<RecordFm>>,
    staff: Option<Vec<StaffFm>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffFm {
    name: Option<String>,
    signed_on: Option<Day>,
    revoked_on: Option<Day>,
    form_ref: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordFm {
    id: Option<String>,
    display_name: Option<String>,
    signed_on: Option<Day>,
    expires_on: Option<Day>,
    expiration_event: Option<String>,
    signer: Option<String>,
    minor: Option<bool>,
    channels: Option<Vec<String>>,
    media: Option<Vec<String>>,
    form_ref: Option<String>,
    incentive: Option<String>,
    revoked_on: Option<Day>,
    takedown_done: Option<Day>,
    notes: Option<String>,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

/// The line of the `index`-th record: the list entry that starts it.
fn record_line(yaml: &str, index: usize) -> usize {
    let entry_indent = yaml
        .lines()
        .find(|l| l.trim_start().starts_with("- "))
        .map(|l| l.len() - l.trim_start().len());
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| {
            let indent = l.len() - l.trim_start().len();
            l.trim_start().starts_with("- ") && Some(indent) == entry_indent
        })
        .nth(index)
        .map(|(i, _)| i + 1)
        .unwrap_or(1)
}

fn convert(
    fm: RecordFm,
    file: &Path,
    line: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<ConsentRecord> {
    let Some(id) = nonempty(fm.id) else {
        problems.push(
            Diagnostic::error("consent::malformed_record", "a consent record has no `id`")
                .in_file(file)
                .at_line(line)
                .with_help("give every record a unique `id`, e.g. `id: C-2026-0142`"),
        );
        return None;
    };
    let mut malformed = Vec::new();
    let signer = match fm.signer.as_deref() {
        None => None,
        Some("self") => Some(Signer::Patient),
        Some("parent") => Some(Signer::Parent),
        Some("legal_guardian") => Some(Signer::LegalGuardian),
        Some("personal_representative") => Some(Signer::PersonalRepresentative),
        Some(other) => {
            malformed.push(unknown_value("signer", other, SIGNERS));
            None
        }
    };
    let mut media = Vec::new();
    for m in fm.media.unwrap_or_default() {
        match m.as_str() {
            "name" => media.push(Medium::Name),
            "quote" => media.push(Medium::Quote),
            "story" => media.push(Medium::Story),
            "photo" => media.push(Medium::Photo),
            "video" => media.push(Medium::Video),
            other => malformed.push(unknown_value("media", other, MEDIA)),
        }
    }
    let channels = fm.channels.unwrap_or_default();
    for c in &channels {
        if c != "website" && crate::platform::Platform::from_name(c).is_none() {
            let known: Vec<&str> = std::iter::once("website")
                .chain(crate::platform::names())
                .collect();
            malformed.push(unknown_value("channels", c, &known));
        }
    }
    for m in &malformed {
        problems.push(
            Diagnostic::error("consent::malformed_record", format!("record {id}: {m}"))
                .in_file(file)
                .at_line(line)
                .with_help("correct the record; items that rely on it are refused until then"),
        );
    }
    let _ = fm.notes;
    Some(ConsentRecord {
        id,
        file: file.to_path_buf(),
        line,
        display_name: nonempty(fm.display_name),
        signed_on: fm.signed_on,
        expires_on: fm.expires_on,
        expiration_event: nonempty(fm.expiration_event),
        signer,
        minor: fm.minor.unwrap_or(false),
        channels,
        media,
        form_ref: nonempty(fm.form_ref),
        incentive: nonempty(fm.incentive),
        revoked_on: fm.revoked_on,
        takedown_done: fm.takedown_done,
        malformed,
    })
}

fn unknown_value(key: &str, value: &str, known: &[&str]) -> String {
    match did_you_mean(value, known.iter().copied()) {
        Some(s) => format!("unknown {key} value `{value}` (did you mean `{s}`?)"),
        None => format!(
            "unknown {key} value `{value}` (expected one of: {})",
            known.join(", ")
        ),
    }
}

/// Reads every ledger file. Problems in the ledger are errors (invalid input); the gate
/// separately refuses each item that relies on a bad or missing record.
pub fn load_ledger(root: &Path) -> (Ledger, Vec<Diagnostic>) {
    let dir = root.join("content/consent");
    let mut ledger = Ledger::default();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (ledger, problems);
    }
    let entries = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !entry.file_type().is_file() || !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let rel = match entry.path().strip_prefix(root) {
            Ok(r) => r.to_path_buf(),
            Err(_) => continue,
        };
        let text = match read_utf8(root, &rel) {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let origin = Origin {
            file: &rel,
            line_offset: 0,
        };
        let parsed: LedgerFile = match parse_mapping(&text, origin, &["records", "staff"]) {
            Ok(p) => p,
            Err(mut p) => {
                for d in &mut p {
                    if d.code == "frontmatter::unknown_key"
                        || d.code == "frontmatter::invalid_value"
                        || d.code == "frontmatter::invalid_date"
                    {
                        d.code = "consent::malformed_record";
                    }
                }
                problems.extend(p);
                continue;
            }
        };
        let staff_start = text
            .lines()
            .position(|l| l.starts_with("staff:"))
            .unwrap_or(0);
        for (index, fm) in parsed.staff.unwrap_or_default().into_iter().enumerate() {
            let line = staff_start
                + record_line(
                    &text
                        .lines()
                        .skip(staff_start)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    index,
                );
            match (fm.name.filter(|n| !n.trim().is_empty()), fm.signed_on) {
                (Some(name), Some(signed_on)) => ledger.staff.push(StaffRelease {
                    name,
                    signed_on,
                    revoked_on: fm.revoked_on,
                    form_ref: fm.form_ref,
                    file: rel.clone(),
                    line,
                }),
                _ => problems.push(
                    Diagnostic::error(
                        "consent::malformed_record",
                        "a staff photo release needs `name` and `signed_on`".to_string(),
                    )
                    .in_file(&rel)
                    .at_line(line)
                    .with_help("record each release as `{ name: Dana Wu, signed_on: YYYY-MM-DD, form_ref: … }`"),
                ),
            }
        }
        for (index, fm) in parsed.records.unwrap_or_default().into_iter().enumerate() {
            let line = record_line(&text, index);
            if let Some(r) = convert(fm, &rel, line, &mut problems) {
                ledger.records.push(r);
            }
        }
    }
    // Duplicate ids make every reference ambiguous.
    for (i, r) in ledger.records.iter().enumerate() {
        if let Some(first) = ledger.records[..i].iter().find(|o| o.id == r.id) {
            problems.push(
                Diagnostic::error(
                    "consent::duplicate_id",
                    format!("consent id {} is recorded twice", r.id),
                )
                .in_file(&r.file)
                .at_line(r.line)
                .with_help(format!(
                    "the first is at {}:{}; give each authorization its own id",
                    display_path(&first.file),
                    first.line
                )),
            );
        }
    }
    (ledger, problems)
}
