//! Checks of front matter values that serde cannot express, each reported at the line
//! of its key, all problems of a file together.

use super::schema::*;
use crate::content::model::{Citation, Item, Kind, SocialOverrides};
use crate::dates::Day;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Origin, key_line, parse_mapping};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;

/// Collects the problems of one file while its fields are checked.
pub(super) struct Checker<'a> {
    pub(super) file: &'a Path,
    pub(super) yaml: &'a str,
    pub(super) offset: usize,
    pub(super) problems: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Parses a file's YAML (starting `offset` lines into it) into its front-matter
    /// type, refusing unknown keys, and starts collecting the problems of its values.
    pub(super) fn read<T: DeserializeOwned>(
        file: &'a Path,
        yaml: &'a str,
        offset: usize,
        known_keys: &[&str],
    ) -> Result<(T, Self), Vec<Diagnostic>> {
        let origin = Origin {
            file,
            line_offset: offset,
        };
        let fields = parse_mapping(yaml, origin, known_keys)?;
        let checker = Checker {
            file,
            yaml,
            offset,
            problems: Vec::new(),
        };
        Ok((fields, checker))
    }

    pub(super) fn line_of(&self, key: &str) -> usize {
        key_line(self.yaml, key)
            .map(|l| l + self.offset)
            .unwrap_or(1)
    }

    pub(super) fn require(&mut self, value: Option<String>, key: &str, kind: Kind) -> String {
        match value {
            Some(v) if !v.trim().is_empty() => v,
            _ => {
                self.missing(
                    key,
                    format!("every {} needs `{key}:` in its front matter", kind.label()),
                );
                String::new()
            }
        }
    }

    pub(super) fn require_date(
        &mut self,
        value: Option<Day>,
        key: &str,
        kind: Kind,
    ) -> Option<Day> {
        if value.is_none() {
            self.missing(
                key,
                format!("every {} needs `{key}: YYYY-MM-DD`", kind.label()),
            );
        }
        value
    }

    pub(super) fn missing(&mut self, key: &str, help: String) {
        self.problems.push(
            Diagnostic::error(
                "frontmatter::missing_field",
                format!("missing required key `{key}`"),
            )
            .in_file(self.file)
            .at_line(self.line_of(key).max(1))
            .with_help(help),
        );
    }

    pub(super) fn error(&mut self, code: &'static str, key: &str, message: String, help: &str) {
        self.problems.push(
            Diagnostic::error(code, message)
                .in_file(self.file)
                .at_line(self.line_of(key))
                .with_help(help.to_string()),
        );
    }

    pub(super) fn key_lines(&self, keys: &[&str]) -> BTreeMap<String, usize> {
        keys.iter()
            .filter_map(|k| key_line(self.yaml, k).map(|l| (k.to_string(), l + self.offset)))
            .collect()
    }

    pub(super) fn social(&mut self, fm: Option<SocialFm>) -> SocialOverrides {
        let Some(fm) = fm else {
            return SocialOverrides::default();
        };
        let mut out = SocialOverrides {
            hashtags: fm.hashtags,
            ..Default::default()
        };
        match fm.skip {
            Some(SkipFm::All(b)) => out.skip_all = b,
            Some(SkipFm::Some(list)) => out.skip = list,
            None => {}
        }
        match fm.schedule {
            Some(ScheduleFm::One(s)) => out.schedule = Some(s),
            Some(ScheduleFm::PerPlatform(m)) => out.schedule_per_platform = m,
            None => {}
        }
        out.locations = match fm.locations {
            None => crate::content::model::Targets::Group,
            Some(LocationsFm::One(one)) if one.trim() == "all" => {
                crate::content::model::Targets::All
            }
            Some(LocationsFm::One(one)) if one.trim() == "group" => {
                crate::content::model::Targets::Group
            }
            Some(LocationsFm::One(one)) => {
                crate::content::model::Targets::Listed(vec![one.trim().to_string()])
            }
            Some(LocationsFm::Many(list)) => crate::content::model::Targets::Listed(
                list.into_iter().map(|l| l.trim().to_string()).collect(),
            ),
        };
        for (name, text) in [
            ("facebook", fm.facebook),
            ("instagram", fm.instagram),
            ("x", fm.x),
            ("linkedin", fm.linkedin),
            ("threads", fm.threads),
            ("bluesky", fm.bluesky),
            ("mastodon", fm.mastodon),
            ("youtube", fm.youtube),
        ] {
            if let Some(t) = text {
                out.text.insert(name.to_string(), t);
            }
        }
        let named: Vec<String> = out
            .skip
            .iter()
            .chain(out.schedule_per_platform.keys())
            .cloned()
            .collect();
        for p in named {
            if crate::platform::Platform::from_name(&p).is_none() {
                let help = match did_you_mean(&p, crate::platform::names()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("platforms: {}", crate::platform::names().join(", ")),
                };
                self.error(
                    "frontmatter::unknown_platform",
                    "social",
                    format!("unknown platform `{p}` in `social`"),
                    &help,
                );
            }
        }
        out
    }

    pub(super) fn finish(self, item: Item) -> Result<Item, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(item)
        } else {
            Err(self.problems)
        }
    }
}

pub(super) fn citations(list: Option<Vec<CitationFm>>) -> Vec<Citation> {
    list.unwrap_or_default()
        .into_iter()
        .map(|c| match c {
            CitationFm::Text(t) => Citation {
                title: t,
                url: None,
                publisher: None,
                accessed: None,
            },
            CitationFm::Full(f) => Citation {
                title: f.title,
                url: f.url,
                publisher: f.publisher,
                accessed: f.accessed,
            },
        })
        .collect()
}

pub(super) fn clean_tags(tags: Option<Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags.unwrap_or_default() {
        let t = t.trim().to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
