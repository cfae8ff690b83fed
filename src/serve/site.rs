//! The site being served: every built file in memory (never written over `public/`),
//! and the errors of the last rebuild if it failed, shared by the rebuild loop and the
//! HTTP threads.

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Default)]
struct State {
    /// Output path (as in `public/`, e.g. `articles/flu/index.html`) -> bytes.
    files: HashMap<String, Arc<Vec<u8>>>,
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

    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
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

    /// Inserts rendered files (skipping ones whose bytes did not change) and removes `stale`.
    pub fn update(&self, files: Vec<(String, Vec<u8>)>, stale: &HashSet<String>) -> Update {
        let mut state = self.write();
        let mut u = Update::default();
        for (path, bytes) in files {
            if state.files.get(&path).is_some_and(|old| **old == bytes) {
                continue;
            }
            state.files.insert(path, Arc::new(bytes));
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

    /// Every served path with its bytes, sorted (for comparing with a build).
    pub fn snapshot(&self) -> Vec<(String, Arc<Vec<u8>>)> {
        let mut v: Vec<_> = self
            .read()
            .files
            .iter()
            .map(|(p, b)| (p.clone(), Arc::clone(b)))
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
