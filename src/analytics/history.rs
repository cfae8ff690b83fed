//! The posting history: what carepress scheduled, kept in `social-history.jsonl` beside
//! the social kit (the kit is rebuilt from scratch each time; this file is only ever
//! appended to). A build adds one line per post that is new or whose time, text or
//! link changed since the line last written for it, so `carepress report` can match a
//! platform's row to a post that an earlier build scheduled and a later one dropped.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The history's file name, beside the social kit's folder.
pub const HISTORY_FILE: &str = "social-history.jsonl";

/// One post as a build scheduled it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The day of the build that wrote the line (`YYYY-MM-DD`).
    pub recorded: String,
    pub platform: String,
    /// `facebook`, or `facebook@northgate` for a location's own account.
    pub account: String,
    /// `article`, `testimonial`, `tip`, `video`, `behind-the-scenes`, …
    pub kind: String,
    pub slug: String,
    pub title: String,
    /// A live session's post: `announcement`, `reminder`, …
    #[serde(default)]
    pub stage: Option<String>,
    /// RFC 3339 with the cadence's offset.
    pub scheduled: String,
    pub text: String,
    #[serde(default)]
    pub link: Option<String>,
    /// The item's topic tags, for the report's per-topic figures.
    #[serde(default)]
    pub topics: Vec<String>,
}

impl Entry {
    /// What identifies a post across builds.
    pub fn key(&self) -> (&str, &str, &str, Option<&str>) {
        (&self.account, &self.kind, &self.slug, self.stage.as_deref())
    }

    /// The site path of the item it was made from (`/testimonials/maria/`).
    pub fn item_path(&self) -> Option<String> {
        crate::routes::Kind::ALL
            .into_iter()
            .find(|k| k.label() == self.kind)
            .map(|k| k.path_of(&self.slug))
    }

    /// `scheduled` as an instant (`None` for a line edited by hand into something else).
    pub fn scheduled_at(&self) -> Option<jiff::Timestamp> {
        self.scheduled.parse().ok()
    }

    fn same_post_as(&self, other: &Entry) -> bool {
        self.scheduled == other.scheduled && self.text == other.text && self.link == other.link
    }
}

/// The history lines of a build's posts; `topics` gives an item's tags by kind and slug.
pub fn entries(
    posts: &[crate::social::Post],
    topics: &dyn Fn(crate::content::Kind, &str) -> Vec<String>,
    today: crate::dates::Day,
) -> Vec<Entry> {
    posts
        .iter()
        .map(|p| Entry {
            recorded: today.iso(),
            platform: p.platform.name().to_string(),
            account: p.account_key(),
            kind: p.kind.label().to_string(),
            slug: p.slug.clone(),
            title: p.title.clone(),
            stage: p.stage.map(|s| s.name().into_owned()),
            scheduled: p.scheduled_rfc3339(),
            text: p.text.clone(),
            link: p.link.clone(),
            topics: topics(p.kind, &p.slug),
        })
        .collect()
}

/// Where the history of a kit in `kit` is kept: beside it.
pub fn path_beside(kit: &Path) -> PathBuf {
    kit.parent()
        .map_or_else(|| PathBuf::from(HISTORY_FILE), |p| p.join(HISTORY_FILE))
}

/// Every line of the history (a missing file is an empty history); a line that is not
/// an entry is reported with its number and skipped.
pub fn read(path: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
        Err(e) => {
            return (
                Vec::new(),
                vec![
                    Diagnostic::warning(
                        "report::history",
                        format!("cannot read the posting history: {e}"),
                    )
                    .in_file(path)
                    .with_help("posts of earlier builds cannot be matched until it can be read"),
                ],
            );
        }
    };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(e) => entries.push(e),
            Err(e) => problems.push(
                Diagnostic::warning(
                    "report::history",
                    format!("a line of the posting history is not a post: {e}"),
                )
                .in_file(path)
                .at_line(i + 1)
                .with_help("the line is skipped; lines are written by `carepress build` only"),
            ),
        }
    }
    (entries, problems)
}

/// The entries of `now` that the history does not hold yet: new posts, and posts whose
/// time, text or link differ from their latest line.
pub fn changed<'a>(history: &[Entry], now: &'a [Entry]) -> Vec<&'a Entry> {
    let mut latest: HashMap<(&str, &str, &str, Option<&str>), &Entry> = HashMap::new();
    for e in history {
        latest.insert(e.key(), e);
    }
    now.iter()
        .filter(|e| latest.get(&e.key()).is_none_or(|old| !old.same_post_as(e)))
        .collect()
}

/// Appends what changed to the history at `path`; how many lines it added.
pub fn record(path: &Path, now: &[Entry]) -> std::io::Result<usize> {
    let (history, _) = read(path);
    let new = changed(&history, now);
    if new.is_empty() {
        return Ok(0);
    }
    let mut out = String::new();
    for e in &new {
        out.push_str(&serde_json::to_string(e).map_err(std::io::Error::other)?);
        out.push('\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(out.as_bytes())?;
    Ok(new.len())
}

/// Removes from the history every line of an item at one of `withdrawn` (site paths
/// of items whose consent was refused, expired or revoked): a patient's words leave
/// every output, this file too. The file is rewritten through a temporary file and a
/// rename, so it is never left half-written. How many lines it removed.
pub fn forget(
    path: &Path,
    withdrawn: &std::collections::BTreeSet<String>,
) -> std::io::Result<usize> {
    if withdrawn.is_empty() {
        return Ok(0);
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut kept = String::with_capacity(text.len());
    let mut removed = 0;
    for line in text.lines() {
        let gone = serde_json::from_str::<Entry>(line)
            .ok()
            .and_then(|e| e.item_path())
            .is_some_and(|p| withdrawn.contains(&p));
        if gone {
            removed += 1;
        } else {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    if removed > 0 {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(kept.as_bytes())?;
        tmp.persist(path).map_err(|e| e.error)?;
    }
    Ok(removed)
}

/// An article's post on `platform`, for tests.
#[cfg(test)]
pub(crate) fn sample_entry(platform: &str, slug: &str, scheduled: &str, text: &str) -> Entry {
    Entry {
        recorded: "2026-12-01".into(),
        platform: platform.into(),
        account: platform.into(),
        kind: "article".into(),
        slug: slug.into(),
        title: slug.into(),
        stage: None,
        scheduled: scheduled.into(),
        text: text.into(),
        link: None,
        topics: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, scheduled: &str, text: &str) -> Entry {
        sample_entry("x", slug, scheduled, text)
    }

    #[test]
    fn only_new_or_changed_posts_are_appended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(HISTORY_FILE);
        let first = [
            entry("flu", "2026-12-02T09:00:00-06:00", "Flu"),
            entry("sun", "2026-12-04T09:00:00-06:00", "Sun"),
        ];
        assert_eq!(record(&path, &first).unwrap(), 2);
        assert_eq!(record(&path, &first).unwrap(), 0);
        // The flu post moves; the sun post is gone from this build but stays recorded.
        let second = [entry("flu", "2026-12-07T09:00:00-06:00", "Flu")];
        assert_eq!(record(&path, &second).unwrap(), 1);
        let (all, problems) = read(&path);
        assert!(problems.is_empty());
        assert_eq!(all.len(), 3);
        assert_eq!(all[2].scheduled, "2026-12-07T09:00:00-06:00");
        // A broken line is reported with its number and skipped.
        std::fs::write(
            &path,
            format!("{}\nnot json\n", serde_json::to_string(&all[0]).unwrap()),
        )
        .unwrap();
        let (all, problems) = read(&path);
        assert_eq!(all.len(), 1);
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn a_withdrawn_items_lines_leave_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(HISTORY_FILE);
        let mut maria = entry(
            "maria",
            "2026-12-02T09:00:00-06:00",
            "“Thank you,” says Maria",
        );
        maria.kind = "testimonial".into();
        record(
            &path,
            &[maria, entry("flu", "2026-12-04T09:00:00-06:00", "Flu")],
        )
        .unwrap();
        let withdrawn = ["/testimonials/maria/".to_string()].into_iter().collect();
        assert_eq!(forget(&path, &withdrawn).unwrap(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("Maria") && text.contains("Flu"), "{text}");
        assert_eq!(forget(&path, &withdrawn).unwrap(), 0);
    }
}
