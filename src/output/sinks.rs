//! The sinks a build and a check render into.

use crate::render::{Sink, StreamFill};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Writes into a directory (the staging directory of a build).
pub struct DirSink {
    root: PathBuf,
    /// The output being replaced: a file identical to the one there is hard-linked
    /// from it instead of written, which spares the disk most of a rebuild's writes.
    previous: Option<PathBuf>,
    /// Folders already created, so each is made once rather than once per file.
    created: std::sync::Mutex<HashSet<PathBuf>>,
    /// `root` holds an earlier build's output (`output::Staging::reused`): a file there
    /// with the bytes to write is kept, any other is replaced (never written through: it
    /// may be a hard link into the image cache), and `finish` deletes what was not written.
    reused: bool,
    written: std::sync::Mutex<HashSet<PathBuf>>,
}

impl DirSink {
    pub fn new(root: PathBuf, previous: Option<PathBuf>, reused: bool) -> Self {
        DirSink {
            root,
            previous: previous.filter(|p| p.is_dir()),
            created: Default::default(),
            reused,
            written: Default::default(),
        }
    }

    /// Ends a build into a reused folder: every file this sink did not write (an item
    /// withdrawn since, a page no longer made) and every folder left empty is deleted,
    /// so the output holds exactly what this build wrote. Nothing to do in a fresh folder.
    pub fn finish(&self) -> std::io::Result<()> {
        if !self.reused {
            return Ok(());
        }
        let written = self
            .written
            .lock()
            .map_err(|_| std::io::Error::other("a writer of the output failed"))?;
        // Children before their folder, so emptied folders can go too.
        for entry in walkdir::WalkDir::new(&self.root)
            .contents_first(true)
            .min_depth(1)
        {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_dir() {
                // Fails, as it should, while the folder still holds something.
                let _ = std::fs::remove_dir(entry.path());
            } else if !written.contains(entry.path()) {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }

    /// In a reused folder: whether `dest` already holds `bytes` (then it is kept);
    /// otherwise whatever is there is removed, so the write makes a new file.
    fn keep_or_clear(
        &self,
        dest: &Path,
        same: impl FnOnce(&std::fs::Metadata) -> bool,
    ) -> std::io::Result<bool> {
        if !self.reused {
            return Ok(false);
        }
        let meta = match std::fs::symlink_metadata(dest) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        if meta.is_file() && same(&meta) {
            return Ok(true);
        }
        if meta.is_dir() {
            std::fs::remove_dir_all(dest)?;
        } else {
            std::fs::remove_file(dest)?;
        }
        Ok(false)
    }

    fn record(&self, dest: PathBuf) {
        if self.reused {
            if let Ok(mut written) = self.written.lock() {
                written.insert(dest);
            }
        }
    }

    /// The previous output's copy of `path` if it has exactly these bytes.
    fn unchanged(&self, path: &str, bytes: &[u8]) -> Option<PathBuf> {
        let old = self.previous.as_ref()?.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return None;
        }
        same_contents(&old, bytes).then_some(old)
    }
}

impl DirSink {
    fn prepare(&self, path: &str) -> std::io::Result<PathBuf> {
        let dest = self.root.join(path);
        if let Some(parent) = dest.parent() {
            let known = self
                .created
                .lock()
                .map(|set| set.contains(parent))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent)?;
                if let Ok(mut set) = self.created.lock() {
                    set.insert(parent.to_path_buf());
                }
            }
        }
        Ok(dest)
    }
}

/// Compares a file with `bytes` in small reads, so comparing a large export does
/// not hold a second copy of it in memory.
fn same_contents(path: &Path, mut bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = [0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return bytes.is_empty(),
            Ok(n) => {
                if bytes.len() < n || bytes[..n] != buf[..n] {
                    return false;
                }
                bytes = &bytes[n..];
            }
            Err(_) => return false,
        }
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let dest = self.prepare(path)?;
        let kept = self.keep_or_clear(&dest, |meta| {
            meta.len() == bytes.len() as u64 && same_contents(&dest, bytes)
        })?;
        if !kept {
            let linked = self
                .unchanged(path, bytes)
                .is_some_and(|old| std::fs::hard_link(&old, &dest).is_ok());
            if !linked {
                std::fs::write(&dest, bytes)?;
            }
        }
        self.record(dest);
        Ok(())
    }

    fn link(&self, path: &str, from: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::MetadataExt;
        let dest = self.prepare(path)?;
        let source = std::fs::metadata(from)?;
        let kept = self.keep_or_clear(&dest, |meta| {
            (meta.dev(), meta.ino()) == (source.dev(), source.ino())
        })?;
        if !kept {
            std::fs::hard_link(from, &dest).or_else(|_| std::fs::copy(from, &dest).map(|_| ()))?;
        }
        self.record(dest);
        Ok(())
    }

    /// Straight to the file (never compared with the previous output: that would
    /// need the whole file in memory, which streaming avoids).
    fn write_streamed(&self, path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        use std::io::Write;
        let dest = self.prepare(path)?;
        self.keep_or_clear(&dest, |_| false)?;
        let file = std::fs::File::create(&dest)?;
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, file);
        fill(&mut out)?;
        out.flush()?;
        self.record(dest);
        Ok(())
    }
}

/// Discards output: `carepress check` renders everything to find template errors but writes nothing.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn link(&self, _path: &str, _from: &Path) -> std::io::Result<()> {
        Ok(())
    }

    fn write_streamed(&self, _path: &str, fill: &StreamFill<'_>) -> std::io::Result<()> {
        fill(&mut std::io::sink())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn unchanged_files_are_linked_from_the_previous_output_and_changed_ones_written() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("public");
        std::fs::create_dir_all(old.join("a")).unwrap();
        std::fs::write(old.join("a/same.html"), "same").unwrap();
        std::fs::write(old.join("a/changed.html"), "before").unwrap();
        let staging = dir.path().join("staging");
        let sink = DirSink::new(staging.clone(), Some(old.clone()), false);
        sink.write("a/same.html", b"same").unwrap();
        sink.write("a/changed.html", b"after!").unwrap();
        sink.write("a/new.html", b"new").unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            ino(&staging.join("a/same.html")),
            ino(&old.join("a/same.html"))
        );
        assert_ne!(
            ino(&staging.join("a/changed.html")),
            ino(&old.join("a/changed.html"))
        );
        assert_eq!(
            std::fs::read(staging.join("a/changed.html")).unwrap(),
            b"after!"
        );
        assert_eq!(
            std::fs::read(old.join("a/changed.html")).unwrap(),
            b"before"
        );
        assert_eq!(std::fs::read(staging.join("a/new.html")).unwrap(), b"new");
    }

    #[test]
    fn same_contents_compares_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&f, &big).unwrap();
        assert!(same_contents(&f, &big));
        let mut other = big.clone();
        other[150_000] ^= 1;
        assert!(!same_contents(&f, &other));
        assert!(!same_contents(&f, &big[..199_999]));
    }
}
