//! Reading the site's files: UTF-8 with the line of a bad byte, the names that are
//! never content (editors' swap and backup files), and the site's own `static/` files.

use crate::diagnostics::{Diagnostic, display_path};
use std::path::{Path, PathBuf};

/// Editors' backup, swap and lock files, and hidden files, are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with('_')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Reads a file as UTF-8, reporting the line of the first invalid byte otherwise.
pub fn read_utf8(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        Diagnostic::error("io::read", format!("cannot read the file: {e}"))
            .in_file(rel)
            .with_help("check that the file exists and is readable")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Diagnostic::error("content::not_utf8", "the file is not valid UTF-8 text")
            .in_file(rel)
            .at_line(line)
            .with_help("save the file as UTF-8 (most editors: File > Save with Encoding > UTF-8)")
    })
}

/// Files in the site's own `static/` folder (relative paths with forward slashes).
pub fn site_static_files(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()) || e.depth() == 0)
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&dir)
                .ok()
                .map(|r| (display_path(r), e.path().to_path_buf()))
        })
        .collect()
}
