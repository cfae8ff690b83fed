//! The site being served: every built file in memory (never written over `public/`),
//! except the files a build links rather than writes (videos), which are served from
//! where they are; and the errors of the last rebuild if it failed, shared by the
//! rebuild loop and the HTTP threads.

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

/// What a served path holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Content {
    /// Rendered (pages, images, the kit): kept in memory.
    Bytes(Vec<u8>),
    /// A source file published as it is (a video and its captions): read from disk for
    /// each request, so fifty videos of 50 MB cost no memory.
    Disk(DiskFile),
}

/// A file on disk as it was when the build linked it: a change of size or time is a
/// change of the served file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskFile {
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl DiskFile {
    pub fn of(path: &std::path::Path) -> std::io::Result<DiskFile> {
        let meta = std::fs::metadata(path)?;
        Ok(DiskFile {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

impl From<Vec<u8>> for Content {
    fn from(bytes: Vec<u8>) -> Content {
        Content::Bytes(bytes)
    }
}

impl Content {
    /// The bytes, read from disk for a linked file.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Content::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Content::Disk(f) => std::fs::read(&f.path).map(std::borrow::Cow::Owned),
        }
    }
}

#[derive(Default)]
struct State {
    /// Output path (as in `public/`, e.g. `articles/flu/index.html`) -> what it holds.
    files: HashMap<String, Arc<Content>>,
    /// Errors of the last rebuild; empty when it succeeded.
    problems: Arc<Vec<Diagnostic>>,
}

/// How many served files an update changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Update {
    pub written: usize,
    pub removed: usize,
}

/// In-memory site. Readers (HTTP threads) take cheap clones of file bytes.
#[derive(Default)]
pub struct ServedSite {
    state: RwLock<State>,
}

impl ServedSite {
    fn read(&self) -> RwLockReadGuard<'_, State> {
        // A panicking writer cannot leave the map half-updated (updates are plain inserts).
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, path: &str) -> Option<Arc<Content>> {
        self.read().files.get(path).cloned()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.read().files.contains_key(path)
    }

    pub fn problems(&self) -> Arc<Vec<Diagnostic>> {
        Arc::clone(&self.read().problems)
    }

    pub fn set_problems(&self, problems: Vec<Diagnostic>) {
        self.write().problems = Arc::new(problems);
    }

    /// Shows the errors among `diagnostics` in the overlay (warnings stay in the terminal).
    pub fn show_errors(&self, diagnostics: &[Diagnostic]) {
        let errors = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        self.set_problems(errors);
    }

    /// Inserts rendered or linked files (skipping ones that did not change) and removes
    /// `stale`.
    pub fn update<C: Into<Content>>(
        &self,
        files: Vec<(String, C)>,
        stale: &HashSet<String>,
    ) -> Update {
        let mut state = self.write();
        let mut u = Update::default();
        for (path, content) in files {
            let content = content.into();
            if state.files.get(&path).is_some_and(|old| **old == content) {
                continue;
            }
            state.files.insert(path, Arc::new(content));
            u.written += 1;
        }
        for path in stale {
            if state.files.remove(path).is_some() {
                u.removed += 1;
            }
        }
        u
    }

    /// Removes every file whose path `pick` selects; returns how many.
    pub fn remove_where(&self, pick: &dyn Fn(&str) -> bool) -> usize {
        let mut state = self.write();
        let before = state.files.len();
        state.files.retain(|p, _| !pick(p));
        before - state.files.len()
    }

    /// Every served path with its bytes (a linked file's read from disk, empty if it is
    /// gone), sorted (for comparing with a build).
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let files: Vec<(String, Arc<Content>)> = self
            .read()
            .files
            .iter()
            .map(|(p, c)| (p.clone(), Arc::clone(c)))
            .collect();
        let mut v: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|(p, c)| (p, c.read().map(|b| b.into_owned()).unwrap_or_default()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    pub fn len(&self) -> usize {
        self.read().files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
