//! The sink of a preview render: files collected in memory, served only if the
//! render succeeded.

use super::super::site::{Content, DiskFile, ServedSite};
use crate::render::Sink;
use std::path::Path;
use std::sync::Mutex;

/// Collects rendered files in memory; they replace the served ones only if the
/// render succeeded. Files equal to the served ones (images, static files written
/// at every render) are not copied. Linked files (videos) are not read: they are
/// served from where they are.
pub(super) struct MemSink<'s> {
    pub(super) served: &'s ServedSite,
    pub(super) files: Mutex<Vec<(String, Content)>>,
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
            .is_some_and(|old| matches!(&*old, Content::Bytes(b) if b.as_slice() == bytes))
        {
            return Ok(());
        }
        self.files
            .lock()
            .map_err(|_| poisoned())?
            .push((path.to_string(), Content::Bytes(bytes.to_vec())));
        Ok(())
    }

    fn link(&self, path: &str, from: &Path) -> std::io::Result<()> {
        let poisoned = || std::io::Error::other("render sink poisoned");
        let file = DiskFile::of(from)?;
        self.paths
            .lock()
            .map_err(|_| poisoned())?
            .push(path.to_string());
        self.files
            .lock()
            .map_err(|_| poisoned())?
            .push((path.to_string(), Content::Disk(file)));
        Ok(())
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
    pub(super) fn take(self) -> (Vec<(String, Content)>, Vec<String>) {
        (
            self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.paths.into_inner().unwrap_or_else(|e| e.into_inner()),
        )
    }
}
