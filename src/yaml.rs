//! The only module that touches serde_yaml (archived upstream), so a maintained
//! fork can replace it in one place.
//!
//! Every error is mapped to a line of the *file* (a front matter block starts
//! below the opening `---`), and unknown keys get a "did you mean" hint:
//! a misspelt `consnet:` must never silently drop a consent reference.

use crate::diagnostics::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where a YAML text sits in its file.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a Path,
    /// Number of file lines before the YAML text (1 for front matter after `---`).
    pub line_offset: usize,
}

impl Origin<'_> {
    fn diag_at(&self, d: Diagnostic, yaml_line: usize, column: usize) -> Diagnostic {
        d.in_file(self.file)
            .at(yaml_line + self.line_offset, column)
    }
}

/// Parses a YAML mapping into `T`, first checking every top-level key against
/// `known_keys` so that all unknown keys are reported together.
///
/// `T` should not itself deny unknown fields at the top level (the keys are
/// checked here, with line numbers and suggestions); nested structs should.
pub fn parse_mapping<T: DeserializeOwned>(
    yaml: &str,
    origin: Origin<'_>,
    known_keys: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => return Err(vec![syntax_error(&e, origin)]),
    };
    let mapping = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => {
            return Err(vec![
                Diagnostic::error("yaml::not_a_mapping", "expected `key: value` pairs")
                    .in_file(origin.file)
                    .at_line(origin.line_offset + 1)
                    .with_help("front matter and config files are YAML mappings, one `key: value` per line"),
            ]);
        }
    };
    let mut problems = Vec::new();
    for key in mapping.keys() {
        let Some(key) = key.as_str() else {
            problems.push(
                Diagnostic::error("yaml::invalid_key", "keys must be plain text")
                    .in_file(origin.file)
                    .at_line(origin.line_offset + 1),
            );
            continue;
        };
        if !known_keys.contains(&key) {
            let line = key_line(yaml, key).unwrap_or(1);
            problems.push(unknown_key(key, known_keys, origin, line));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let empty;
    let text = if yaml.trim().is_empty() {
        empty = "{}";
        empty
    } else {
        yaml
    };
    serde_yaml::from_str::<T>(text).map_err(|e| vec![type_error(&e, origin)])
}

/// The 1-based line (within `yaml`) where a top-level `key:` is written.
pub fn key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            let rest = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| l.strip_prefix(&format!("'{key}'")));
            rest.is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// The 1-based line of the first `key:` at any indentation (for nested config keys).
pub fn key_line_nested(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

fn unknown_key(key: &str, known: &[&str], origin: Origin<'_>, line: usize) -> Diagnostic {
    let mut d = origin.diag_at(
        Diagnostic::error("frontmatter::unknown_key", format!("unknown key `{key}`")),
        line,
        1,
    );
    d.help = Some(match did_you_mean(key, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known keys here: {}", known.join(", ")),
    });
    d
}

fn syntax_error(e: &serde_yaml::Error, origin: Origin<'_>) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    origin
        .diag_at(
            Diagnostic::error(
                "yaml::syntax",
                format!("malformed YAML: {}", strip_location(&e.to_string())),
            ),
            line,
            col,
        )
        .with_help(
            "check indentation, `key: value` spacing, and quote values that contain `:` or `#`",
        )
}

/// serde_yaml 0.9 (archived, so its texts are final) exposes a location but no error kind. The
/// three texts matched below are not serde_yaml's own: "unknown field `x`, expected ..." and
/// "missing field `x`" come from serde's `de::Error::unknown_field` / `missing_field` default
/// impls, and "invalid date" from `dates::Day`'s deserializer; the unit tests pin each.
fn type_error(e: &serde_yaml::Error, origin: Origin<'_>) -> Diagnostic {
    let msg = strip_location(&e.to_string());
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    // serde names the field path as "a.b: message"; keep the message readable.
    let (path, detail) = match msg.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (Some(p.to_string()), d.to_string()),
        _ => (None, msg.clone()),
    };
    let where_ = path.map(|p| format!("`{p}`: ")).unwrap_or_default();
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match did_you_mean(field, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known keys here: {}", candidates.join(", ")),
        };
        return origin
            .diag_at(
                Diagnostic::error(
                    "frontmatter::unknown_key",
                    format!("{where_}unknown key `{field}`"),
                ),
                line,
                col,
            )
            .with_help(help);
    }
    if detail.starts_with("invalid date") {
        return origin
            .diag_at(
                Diagnostic::error("frontmatter::invalid_date", format!("{where_}{detail}")),
                line,
                col,
            )
            .with_help(
                "dates are written YYYY-MM-DD (e.g. 2026-03-02) or as an RFC 3339 timestamp",
            );
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return origin
            .diag_at(
                Diagnostic::error(
                    "frontmatter::missing_field",
                    format!("{where_}missing required key `{field}`"),
                ),
                line,
                col,
            )
            .with_help(format!("add `{field}:`"));
    }
    origin
        .diag_at(
            Diagnostic::error("frontmatter::invalid_value", format!("{where_}{detail}")),
            line,
            col,
        )
        .with_help("see the content formats in the README for the expected type of each key")
}

/// serde_yaml appends " at line X column Y"; the diagnostic carries that itself.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)] // fields exist to be type-checked by serde
    struct Fm {
        title: Option<String>,
        tags: Option<Vec<String>>,
        date: Option<crate::dates::Day>,
    }

    const KEYS: &[&str] = &["title", "tags", "date"];

    fn origin() -> Origin<'static> {
        Origin {
            file: Path::new("content/articles/a.md"),
            line_offset: 1,
        }
    }

    #[test]
    fn unknown_keys_are_all_reported_with_file_lines() {
        let errs =
            parse_mapping::<Fm>("title: A\ntilte: B\ntagz: [x]\n", origin(), KEYS).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].code, "frontmatter::unknown_key");
        assert_eq!(errs[0].line, Some(3));
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(errs[1].line, Some(4));
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let errs = parse_mapping::<Fm>("title: A\ntags: [x\n", origin(), KEYS).unwrap_err();
        assert_eq!(errs[0].code, "yaml::syntax");
        assert!(errs[0].line.unwrap() >= 3, "{:?}", errs[0]);
    }

    #[test]
    fn type_and_date_errors_carry_lines() {
        let errs = parse_mapping::<Fm>("title: A\ntags: 3\n", origin(), KEYS).unwrap_err();
        assert_eq!(errs[0].code, "frontmatter::invalid_value");
        assert_eq!(errs[0].line, Some(3));
        let errs = parse_mapping::<Fm>("title: A\ndate: 2026-02-30\n", origin(), KEYS).unwrap_err();
        assert_eq!(errs[0].code, "frontmatter::invalid_date");
        assert_eq!(errs[0].line, Some(3));
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)] // fields exist to be type-checked by serde
    struct Outer {
        inner: Inner,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
        size: Option<u32>,
    }

    /// Pins the serde texts `type_error` relies on: a change in serde shows here first.
    #[test]
    fn nested_unknown_and_missing_keys_get_their_own_codes() {
        let errs = parse_mapping::<Outer>("inner:\n  name: a\n  sise: 3\n", origin(), &["inner"])
            .unwrap_err();
        assert_eq!(errs[0].code, "frontmatter::unknown_key");
        assert!(errs[0].message.contains("`sise`"), "{}", errs[0].message);
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `size`?"));
        let errs = parse_mapping::<Outer>("inner:\n  size: 3\n", origin(), &["inner"]).unwrap_err();
        assert_eq!(errs[0].code, "frontmatter::missing_field");
        assert!(errs[0].message.contains("`name`"), "{}", errs[0].message);
    }

    #[test]
    fn empty_front_matter_is_an_empty_mapping() {
        let fm = parse_mapping::<Fm>("", origin(), KEYS).unwrap();
        assert!(fm.title.is_none());
    }
}
