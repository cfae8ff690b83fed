//! The processed-image cache in `.carepress/cache/`: content-addressed, so an unchanged
//! source is never decoded again, and written with temp-file-then-rename, so a killed
//! build or two builds at once never leave a half-written entry.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

pub const CACHE_DIR: &str = ".carepress/cache";

/// Entries another build may still be using are left alone for this long.
const PRUNE_GRACE: Duration = Duration::from_secs(15 * 60);

pub struct Cache {
    dir: PathBuf,
    /// File names used by this build: everything else is a candidate for pruning.
    used: Mutex<HashSet<String>>,
    temp_counter: AtomicU64,
}

/// A cache key: the BLAKE3 hash of everything that determines an output.
pub fn key(parts: &[&[u8]]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().to_hex()[..40].to_string()
}

impl Cache {
    pub fn open(root: &Path) -> io::Result<Cache> {
        let dir = root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir)?;
        Ok(Cache {
            dir,
            used: Mutex::default(),
            temp_counter: AtomicU64::new(0),
        })
    }

    /// A cache in a folder of its own (`.carepress/<name>/`), pruned by nobody else.
    pub fn open_named(root: &Path, name: &str) -> io::Result<Cache> {
        let dir = root.join(".carepress").join(name);
        std::fs::create_dir_all(&dir)?;
        Ok(Cache {
            dir,
            used: Mutex::default(),
            temp_counter: AtomicU64::new(0),
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn mark_used(&self, name: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.to_string());
        }
    }

    /// The cached file `name`, if present (and remembers it as used).
    pub fn get(&self, name: &str) -> Option<PathBuf> {
        let path = self.path(name);
        path.is_file().then(|| {
            self.mark_used(name);
            path
        })
    }

    /// Reads an entry and marks it fresh (its modification time is the last use), so
    /// a build pruning at the same time leaves it and the files named after it alone.
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        let path = self.path(name);
        let bytes = std::fs::read(&path).ok()?;
        if let Ok(f) = std::fs::File::options().write(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        self.mark_used(name);
        Some(bytes)
    }

    /// Stores `bytes` as `name` atomically and returns its path.
    pub fn put(&self, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        let path = self.path(name);
        let temp = self.path(&format!(
            ".tmp-{}-{}-{name}",
            std::process::id(),
            self.temp_counter.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&temp, bytes)?;
        if let Err(e) = std::fs::rename(&temp, &path) {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        self.mark_used(name);
        Ok(path)
    }

    /// Deletes entries this build did not use that are older than the grace period
    /// (so a build running alongside keeps its fresh entries), and stray temp files.
    /// Returns how many were removed.
    pub fn prune(&self) -> usize {
        let Ok(used) = self.used.lock() else {
            return 0;
        };
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = SystemTime::now();
        let is_old = |e: &std::fs::DirEntry| {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > PRUNE_GRACE)
        };
        let entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
        // Renditions are named `<key>-<preset>.<ext>` after their manifest `<key>.json`:
        // a recently used manifest keeps its files.
        let fresh_keys: HashSet<String> = entries
            .iter()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                let key = name.strip_suffix(".json")?.to_string();
                (!is_old(e)).then_some(key)
            })
            .collect();
        let mut removed = 0;
        for e in &entries {
            let name = e.file_name().to_string_lossy().to_string();
            let key = name.split(['-', '.']).next().unwrap_or("");
            if used.contains(&name) || fresh_keys.contains(key) || !is_old(e) {
                continue;
            }
            if std::fs::remove_file(e.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(key(&[b"x"]), key(&[b"x"]));
        assert_eq!(key(&[b"x"]).len(), 40);
    }

    #[test]
    fn put_then_get_and_prune_keeps_used_and_fresh_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let p = cache.put("a.jpg", b"bytes").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"bytes");
        assert_eq!(cache.get("a.jpg"), Some(p));
        assert_eq!(cache.get("b.jpg"), None);

        // An unused entry from long ago is pruned; an unused fresh one is kept.
        let stale = dir.path().join(CACHE_DIR).join("stale.jpg");
        let fresh = dir.path().join(CACHE_DIR).join("fresh.jpg");
        std::fs::write(&stale, b"x").unwrap();
        std::fs::write(&fresh, b"x").unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        // An old rendition whose manifest another build just used is kept.
        let kept = dir.path().join(CACHE_DIR).join("k1-og.jpg");
        std::fs::write(&kept, b"x").unwrap();
        std::fs::write(dir.path().join(CACHE_DIR).join("k1.json"), b"{}").unwrap();
        for f in [&stale, &kept] {
            std::fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        assert_eq!(cache.prune(), 1);
        assert!(kept.exists());
        assert!(!stale.exists());
        assert!(fresh.exists());
        assert!(dir.path().join(CACHE_DIR).join("a.jpg").exists());
    }

    #[test]
    fn no_temp_file_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        cache.put("k.png", b"1").unwrap();
        cache.put("k.png", b"1").unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path().join(CACHE_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, vec!["k.png".to_string()]);
    }
}
