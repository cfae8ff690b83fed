//! The theme: the default theme compiled into the binary, overridden file by file
//! by `themes/<name>/` in the site.

mod tera;

pub use tera::{template_origin, tera_diagnostic};

use crate::diagnostics::{Diagnostic, display_path};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// One theme file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// `None` for the built-in default theme.
    pub origin: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Keyed by path inside the theme, e.g. `templates/article.html`, `static/style.css`.
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("templates/").map(|name| (name, v)))
    }

    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|name| (name, v)))
    }

    fn font_files(&self) -> impl Iterator<Item = (&String, &ThemeFile)> + Clone {
        self.files.iter().filter(|(k, _)| {
            k.starts_with("fonts/") && (k.ends_with(".otf") || k.ends_with(".ttf"))
        })
    }

    /// Font files (`fonts/*.otf|ttf`), used for title cards and SVG text.
    pub fn fonts(&self) -> Vec<Vec<u8>> {
        self.font_files().map(|(_, f)| f.bytes.clone()).collect()
    }

    /// The font file whose name contains `style` (e.g. `Bold`), else the first font.
    pub fn font(&self, style: &str) -> Option<&[u8]> {
        self.font_files()
            .find(|(k, _)| k.contains(style))
            .or_else(|| self.font_files().next())
            .map(|(_, f)| f.bytes.as_slice())
    }

    pub fn get(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }
}

/// Loads the built-in default theme, then the site's `themes/<name>/` on top of it.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    for (path, bytes) in DEFAULT_THEME {
        theme.files.insert(
            (*path).to_string(),
            ThemeFile {
                bytes: bytes.to_vec(),
                origin: None,
            },
        );
    }
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            return Err(vec![
                Diagnostic::error("config::unknown_theme", format!("theme `{name}` not found"))
                    .in_file(crate::config::CONFIG_FILE)
                    .with_help(format!("create themes/{name}/ or set `theme: default`")),
            ]);
        }
        return Ok(theme);
    }
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::fsutil::is_ignored_name(&name) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let key = display_path(rel);
        let site_rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                theme.files.insert(
                    key,
                    ThemeFile {
                        bytes,
                        origin: Some(site_rel),
                    },
                );
            }
            Err(e) => problems.push(
                Diagnostic::error("io::read", format!("cannot read theme file: {e}"))
                    .in_file(site_rel),
            ),
        }
    }
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// Writes the default theme into `dir` (used by `carepress init`).
pub fn write_default_theme(dir: &Path) -> std::io::Result<()> {
    for (path, bytes) in DEFAULT_THEME {
        let dest = dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(dest, bytes)?;
    }
    Ok(())
}
