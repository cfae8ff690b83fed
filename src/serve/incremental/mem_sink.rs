//! The sink of a preview render: files collected in memory, served only if the
//! render succeeded.

use super::super::site::ServedSite;
use crate::render::Sink;
use std::path::Path;
use std::sync::Mutex;

/// Collects rendered files in memory; they replace the served ones only if the
/// render succeeded. Files equal to the served ones (images, static files written
/// at every render) are not copied.
pub(super) struct MemSink<'s> {
    pub(super) served: &'s ServedSite,
    pub(super) files: Mutex<Vec<(String, Vec<u8>)>>,
    /// Every path written, changed or not.
    pub(super) paths: Mutex<Vec<String>>,
}

impl Sink for MemSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let poisoned = || std::io::Error::other("render sink poisoned");
        self.paths
            .lock()
            .map_err(|_| poisoned())?
            .push(path.to_string());
        if self
            .served
            .get(path)
            .is_some_and(|old| old.as_slice() == bytes)
        {
            return Ok(());
        }
        self.files
            .lock()
            .map_err(|_| poisoned())?
            .push((path.to_string(), bytes.to_vec()));
        Ok(())
    }

    fn link(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.write(path, &std::fs::read(from)?)
    }
}

impl<'s> MemSink<'s> {
    pub(super) fn new(served: &'s ServedSite) -> Self {
        MemSink {
            served,
            files: Mutex::default(),
            paths: Mutex::default(),
        }
    }

    /// The changed files, and every path written.
    pub(super) fn take(self) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
        (
            self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.paths.into_inner().unwrap_or_else(|e| e.into_inner()),
        )
    }
}
