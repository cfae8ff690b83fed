//! Every diagnostic code the code can emit is documented in the README, so a user who
//! meets one can look it up.

use std::collections::BTreeSet;
use std::path::Path;

/// The namespaces of diagnostic codes (`consent::expired`, `phi::phone`, …).
const NAMESPACES: &[&str] = &[
    "a11y",
    "challenge",
    "config",
    "consent",
    "content",
    "contest",
    "event",
    "frontmatter",
    "image",
    "infographic",
    "io",
    "link",
    "location",
    "mix",
    "path",
    "phi",
    "poll",
    "privacy",
    "provider",
    "reply",
    "report",
    "review",
    "search",
    "social",
    "team",
    "template",
    "tip",
    "video",
    "webvtt",
    "yaml",
];

/// The codes written as string literals in the non-test code of `src/`.
fn emitted_codes() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut codes = BTreeSet::new();
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let code = text
            .find("#[cfg(test)]")
            .map_or(text.as_str(), |i| &text[..i]);
        for literal in code.split('"').skip(1).step_by(2) {
            let Some((ns, name)) = literal.split_once("::") else {
                continue;
            };
            let plain = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            };
            if NAMESPACES.contains(&ns) && plain(name) {
                codes.insert(literal.to_string());
            }
        }
    }
    codes
}

pub fn every_diagnostic_code_is_documented_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let codes = emitted_codes();
    assert!(
        codes.len() >= 80,
        "found only {} codes: {codes:?}",
        codes.len()
    );
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !readme.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes the README does not document: {missing:?}"
    );
}
