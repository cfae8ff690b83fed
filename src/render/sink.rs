//! What the renderer writes into: a staging directory for a build, nothing for a
//! check, memory for the preview server. The implementations live above (`output`, `serve`).

use std::path::Path;

/// Where rendered files go.
pub trait Sink: Sync {
    /// `path` is relative to the output root, with forward slashes.
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Puts a copy of the file `from` at `path` (a hard link where possible: the image
    /// cache and the output are usually on one disk, so no bytes are copied).
    fn link(&self, path: &str, from: &Path) -> std::io::Result<()>;
    /// Writes a file that `fill` produces piece by piece, for exports too large to
    /// hold whole in memory (`posts.json`). By default the pieces are collected.
    fn write_streamed(&self, path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
}

/// What `Sink::write_streamed` calls with the file's writer.
pub type StreamFill<'a> = dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync + 'a;

/// Puts everything written to it under `folder` of another sink: the preview server
/// serves the social kit from its in-memory site at `/social/`.
pub struct UnderFolder<'s> {
    pub inner: &'s dyn Sink,
    /// E.g. `social/`, with the trailing slash.
    pub folder: &'static str,
}

impl Sink for UnderFolder<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(&format!("{}{path}", self.folder), bytes)
    }

    fn link(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.inner.link(&format!("{}{path}", self.folder), from)
    }

    fn write_streamed(&self, path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        self.inner
            .write_streamed(&format!("{}{path}", self.folder), fill)
    }
}
