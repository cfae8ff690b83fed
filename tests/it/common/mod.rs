//! Shared by the integration tests: running the binary on the fixture sites.
#![allow(dead_code)] // each test crate uses a different part

pub mod browser;
pub mod serve;
pub mod static_server;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The fixed "today" every fixture is built for.
pub const TODAY: &str = "2026-11-28";

/// CI is set (a missing browser or python3 then fails a test instead of skipping it).
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn carepress() -> Command {
    Command::cargo_bin("carepress").expect("binary built")
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A successful build of a fixture site into a temporary folder.
pub struct Built {
    _dir: tempfile::TempDir,
    pub public: PathBuf,
    /// The social kit (`social-kit` beside `public`).
    pub kit: PathBuf,
    pub stderr: String,
}

impl Built {
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    pub fn exists(&self, rel: &str) -> bool {
        self.public.join(rel).exists()
    }
    /// A file of the social kit, e.g. `posts.json`.
    pub fn read_kit(&self, rel: &str) -> String {
        std::fs::read_to_string(self.kit.join(rel)).unwrap_or_else(|e| panic!("kit {rel}: {e}"))
    }
    /// Every byte of the output and the kit, for searching what must never appear.
    /// Gzip files (the search index) are read decompressed.
    pub fn all_text(&self) -> String {
        snapshot(&self.public)
            .into_iter()
            .chain(snapshot(&self.kit))
            .map(|(p, b)| {
                let b = gunzip(&b).unwrap_or(b);
                format!("{}\n{}\n", p.display(), String::from_utf8_lossy(&b))
            })
            .collect()
    }

    /// The text of the search index (`pagefind/`, decompressed): its fragments hold each
    /// indexed page's URL, title and words.
    pub fn search_index_text(&self) -> String {
        snapshot(&self.public.join("pagefind"))
            .into_values()
            .filter_map(|b| gunzip(&b))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    }
}

/// Builds `tests/fixtures/valid` (asserting exit 0), with extra arguments.
pub fn build_valid(extra: &[&str]) -> Built {
    build_site(&fixture("valid"), extra)
}

/// Builds the site at `root` into a temporary folder (asserting exit 0).
pub fn build_site(root: &Path, extra: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let out = carepress()
        .args(["build", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--out")
        .arg(&public)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    Built {
        kit: dir.path().join("social-kit"),
        _dir: dir,
        public,
        stderr,
    }
}

/// Copies a site folder (without its image cache, which each copy makes afresh).
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        if rel.starts_with(".carepress") {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A private copy of a fixture site (for tests that edit it or need a cold cache).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    // Inside target/, so a copy kept for the whole test run is cleaned with it.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// `bytes` decompressed, when they are gzip (`1f 8b`).
pub fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}
