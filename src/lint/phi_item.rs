//! The patient-information scan of a content file: only what readers see (the body
//! and the published front matter keys) is scanned, with the item's `phi_allow`.

use super::phi::{Allowances, PhiKind, PhiScanner};
use crate::content::{Item, Kind};
use crate::diagnostics::Diagnostic;

/// Front matter keys whose values are published as prose (and so are scanned).
const SCANNED_KEYS: &[&str] = &[
    "title",
    "description",
    "quote",
    "service",
    "alt",
    "social",
    "question",
    "options",
    "topic",
    "prompts",
];

/// Blanks the lines that are not published prose (dates, ids, citations in front
/// matter), keeping line numbers, so only what readers see is scanned.
fn publishable_lines(text: &str, front_matter_only: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_front = front_matter_only;
    let mut key_scanned = false;
    for (i, line) in text.lines().enumerate() {
        if !front_matter_only && line.trim_end() == "---" {
            in_front = i == 0;
            out.push('\n');
            continue;
        }
        if in_front {
            if !line.starts_with([' ', '\t', '-', '#']) && !line.is_empty() {
                let key = line.split(':').next().unwrap_or("").trim();
                key_scanned = SCANNED_KEYS.contains(&key);
            }
            if key_scanned {
                out.push_str(line);
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Scans what of `text` is published for patient information: findings go on the
/// item (errors once it is published), and a bad `phi_allow` is returned.
pub fn check_item(
    scanner: &PhiScanner,
    allow: &Allowances,
    item: &mut Item,
    text: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut allowed = Vec::new();
    for name in &item.phi_allow {
        match PhiKind::from_name(name) {
            Some(k) => allowed.push(k),
            None => problems.push(
                Diagnostic::error(
                    "frontmatter::invalid_value",
                    format!("`phi_allow`: unknown identifier kind `{name}`"),
                )
                .in_file(&item.source)
                .at_line(item.key_line("phi_allow"))
                .with_help(format!(
                    "kinds: {}",
                    PhiKind::ALL
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ),
        }
    }
    let scanned = publishable_lines(text, item.kind == Kind::Infographic);
    item.phi = scanner
        .scan(&scanned, allow, &allowed)
        .into_iter()
        .map(|f| {
            Diagnostic::error(f.kind.code(), format!("possible patient information: {} (`{}`)", f.kind.describe(), f.text))
                .in_file(&item.source)
                .at(f.line + 1, f.column)
                .with_help(format!(
                    "remove it; if it is not about a patient (e.g. a public hotline), add `<!-- carepress: allow {} -->` to the line, `phi_allow: [{}]` to the front matter, or the text to `rules.phi_allow`",
                    f.kind.name(),
                    f.kind.name()
                ))
        })
        .collect();
    problems
}
