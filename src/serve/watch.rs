//! Watching the site's inputs (notify, debounced by notify-debouncer-full) and
//! turning file events into `Changes`. Editors' temporary and swap files are ignored.

use super::incremental::Changes;
use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, RecommendedCache};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Quiet time before a burst of events (an editor's save) is reported as one.
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// How often `--poll` looks at every file (network drives, containers, WSL).
pub const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// Keeps the watcher running while alive.
pub struct Watcher {
    inner: Inner,
    /// Input folders watched so far (a folder created later is added by `refresh`).
    watched: Vec<PathBuf>,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// The folders whose files are inputs of the site.
const INPUT_DIRS: [&str; 3] = ["content", "themes", "static"];

/// What the watcher sends to the rebuild loop.
pub enum Event {
    /// Paths relative to the site root.
    Changed(Vec<PathBuf>),
    Error(String),
    /// Ctrl-C or a termination signal.
    Stop,
}

/// Editors' backup, swap, lock and probe files (vim's `4913`, emacs' `#x#` and `.#x`),
/// which never affect the site.
pub fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
}

/// Starts watching `content/`, `themes/`, `static/` and `carepress.yaml` under `root`
/// (an absolute path); events go to `tx`.
pub fn start(root: &Path, poll: bool, tx: Sender<Event>) -> notify::Result<Watcher> {
    let base = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let message = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.iter())
                    .filter_map(|p| p.strip_prefix(&base).ok().map(Path::to_path_buf))
                    .filter(|p| relevant(p))
                    .collect();
                paths.sort();
                paths.dedup();
                if paths.is_empty() {
                    return;
                }
                Event::Changed(paths)
            }
            Err(errors) => Event::Error(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = tx.send(message);
    };
    let inner = if poll {
        Inner::Poll(notify_debouncer_full::new_debouncer_opt(
            DEBOUNCE,
            None,
            handler,
            NoCache,
            // Polling compares modification times in whole seconds, which misses a
            // second save within the same second: compare contents too.
            notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true),
        )?)
    } else {
        Inner::Native(notify_debouncer_full::new_debouncer(
            DEBOUNCE, None, handler,
        )?)
    };
    let mut watcher = Watcher {
        inner,
        watched: Vec::new(),
    };
    // The root itself (not recursive) sees carepress.yaml and folders being created.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    watcher.refresh(root)?;
    Ok(watcher)
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    /// Starts watching input folders created since the last call; returns whether any was.
    pub fn refresh(&mut self, root: &Path) -> notify::Result<bool> {
        let mut added = false;
        for dir in INPUT_DIRS {
            let d = root.join(dir);
            if d.is_dir() && !self.watched.contains(&d) {
                self.watch(&d, RecursiveMode::Recursive)?;
                self.watched.push(d);
                added = true;
            }
        }
        Ok(added)
    }
}

/// Whether a path (relative to the root) can change the site.
fn relevant(rel: &Path) -> bool {
    let names: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().to_string()),
            _ => None,
        })
        .collect();
    if names.iter().any(|n| is_editor_temp(n)) {
        return false;
    }
    match names.first().map(String::as_str) {
        Some("carepress.yaml") => names.len() == 1,
        Some("content" | "themes" | "static") => true,
        _ => false,
    }
}

/// Sorts changed paths by the kind of input they are.
pub fn classify(paths: &[PathBuf], theme: &str) -> Changes {
    let mut c = Changes::default();
    let mut css_only = true;
    for rel in paths {
        let s = crate::diagnostics::display_path(rel);
        let is_css = s.ends_with(".css");
        if s == crate::config::CONFIG_FILE {
            c.config = true;
        } else if s.starts_with("content/consent/") || s == "content/consent" {
            c.ledger = true;
        } else if s.starts_with("content/") || s == "content" {
            c.content.insert(rel.clone());
        } else if s == "static" || s.starts_with("static/") {
            c.statics = true;
        } else if s == "themes" {
            // The themes folder appeared or went: read the theme again.
            c.templates = true;
            c.social_templates = true;
            c.statics = true;
        } else if let Some(rest) = s.strip_prefix("themes/") {
            let Some(inside) = rest.strip_prefix(theme).and_then(|r| r.strip_prefix('/')) else {
                // Another theme, or the themes folder itself: nothing in use changed,
                // unless the theme in use was just created or removed.
                if rest == theme || rest.is_empty() {
                    c.templates = true;
                    c.social_templates = true;
                    c.statics = true;
                }
                continue;
            };
            if inside.starts_with("static/") {
                c.statics = true;
            } else if inside.starts_with("social/") {
                c.social_templates = true;
            } else {
                c.templates = true;
            }
        } else {
            continue;
        }
        css_only &= is_css;
    }
    c.css_only = css_only
        && c.statics
        && !c.is_empty()
        && c.content.is_empty()
        && !c.ledger
        && !c.config
        && !c.templates
        && !c.social_templates;
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for n in [
            "a.md~",
            ".a.md.swp",
            ".a.md.swx",
            "4913",
            "#a.md#",
            ".#a.md",
            "a.tmp",
        ] {
            assert!(is_editor_temp(n), "{n}");
        }
        assert!(!is_editor_temp("a.md"));
        assert!(!relevant(Path::new("content/articles/.a.md.swp")));
        assert!(!relevant(Path::new("public/index.html")));
        assert!(relevant(Path::new("content/articles/a.md")));
        assert!(relevant(Path::new("carepress.yaml")));
    }

    #[test]
    fn paths_are_classified() {
        let c = classify(
            &[
                PathBuf::from("content/articles/a.md"),
                PathBuf::from("content/consent/ledger.yaml"),
            ],
            "default",
        );
        assert_eq!(c.content.len(), 1);
        assert!(c.ledger && !c.templates);
        let c = classify(
            &[PathBuf::from("themes/default/static/style.css")],
            "default",
        );
        assert!(c.statics && c.css_only);
        let c = classify(
            &[PathBuf::from("themes/default/templates/base.html")],
            "default",
        );
        assert!(c.templates && !c.css_only);
        let c = classify(
            &[PathBuf::from("themes/other/templates/base.html")],
            "default",
        );
        assert!(c.is_empty());
        assert!(classify(&[PathBuf::from("carepress.yaml")], "default").config);
    }
}
