//! Finds content files and parses them in parallel (rayon).

use super::frontmatter::{self, Located};
use super::markdown;
use super::model::{Item, Kind};
use crate::diagnostics::{Diagnostic, display_path};
use crate::fsutil::{is_ignored_name, read_utf8};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct LoadedContent {
    pub items: Vec<Item>,
    /// Site paths of files that could not be loaded (to explain links to them).
    pub failed: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

/// A content file found on disk, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub slug: String,
    /// Path relative to the site root.
    pub rel: PathBuf,
}

/// The name ending that marks a Markdown file as a video's transcript, not an item.
pub const TRANSCRIPT_SUFFIX: &str = ".transcript.md";

/// Every content file in load order (kind, then file name), so a preview server can
/// keep the same order as a build when it re-reads single files.
pub fn discover(root: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    for kind in Kind::ALL {
        let dir = Path::new("content").join(kind.section());
        let abs = root.join(&dir);
        if !abs.is_dir() {
            continue;
        }
        let walker = walkdir::WalkDir::new(&abs)
            .min_depth(1)
            .max_depth(if kind.has_bundles() { 2 } else { 1 })
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
        for entry in walker.flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_string();
            let rel = match entry.path().strip_prefix(root) {
                Ok(r) => r.to_path_buf(),
                Err(_) => continue,
            };
            let stem = match (kind, entry.depth(), name.as_str()) {
                (Kind::Infographic, 1, n) if n.ends_with(".yaml") || n.ends_with(".yml") => n
                    .trim_end_matches(".yaml")
                    .trim_end_matches(".yml")
                    .to_string(),
                (Kind::Infographic, _, _) => continue,
                // A flat video's transcript beside it (`heart.transcript.md`) is not an item.
                (Kind::Video, 1, n) if n.ends_with(TRANSCRIPT_SUFFIX) => continue,
                (k, 2, "index.md") if k.has_bundles() => entry
                    .path()
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
                (_, 1, n) if n.ends_with(".md") => n.trim_end_matches(".md").to_string(),
                _ => continue,
            };
            found.push(Found {
                kind,
                slug: slug::slugify(&stem),
                rel,
            });
        }
    }
    found
}

/// A check run on each file's text once its item is parsed; its errors refuse the
/// file. The lint layer supplies it (the patient-information scan): content does not
/// know about lints.
pub type TextCheck<'a> = dyn Fn(&mut Item, &str) -> Vec<Diagnostic> + Sync + 'a;

/// Reads and parses one content file: the item and its warnings, or its errors.
pub fn load_one(
    root: &Path,
    f: &Found,
    check: &TextCheck<'_>,
) -> Result<(Item, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = read_utf8(root, &f.rel).map_err(|d| vec![d])?;
    let (mut item, warnings) = parse_one(root, f, &text)?;
    let problems = check(&mut item, &text);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((item, warnings))
}

fn parse_one(
    root: &Path,
    f: &Found,
    text: &str,
) -> Result<(Item, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loc = Located {
        kind: f.kind,
        slug: f.slug.clone(),
        file: &f.rel,
    };
    if f.kind == Kind::Infographic {
        let item = frontmatter::infographic(loc, text, root)?;
        return Ok((item, Vec::new()));
    }
    let split = frontmatter::split(text, &f.rel).map_err(|d| vec![d])?;
    let page_path = f.kind.path_of(&f.slug);
    let (mut body, body_problems) =
        markdown::render(split.body, split.body_line, &page_path, &f.rel);
    if f.kind == Kind::Testimonial {
        body.html = markdown::sanitize(&body.html);
    }
    let parsed = match f.kind {
        Kind::Article => frontmatter::article(loc, &split, body),
        Kind::Testimonial => frontmatter::testimonial(loc, &split, body).map(|i| (i, None)),
        Kind::Poll => frontmatter::poll(loc, &split, body).map(|i| (i, None)),
        Kind::Event => frontmatter::event(loc, &split, body).map(|i| (i, None)),
        Kind::Challenge => frontmatter::challenge(loc, &split, body).map(|i| (i, None)),
        Kind::Video => frontmatter::video(loc, &split, body, root),
        Kind::Tip => frontmatter::tip(loc, &split, body).map(|i| (i, None)),
        Kind::Team => frontmatter::team(loc, &split, body).map(|i| (i, None)),
        Kind::Provider => frontmatter::provider(loc, &split, body).map(|i| (i, None)),
        Kind::Location => frontmatter::location(loc, &split, body).map(|i| (i, None)),
        Kind::Page => frontmatter::page(loc, &split, body).map(|i| (i, None)),
        Kind::Infographic => unreachable!("handled above"),
    };
    match parsed {
        Ok((item, warning)) if body_problems.is_empty() => {
            Ok((item, warning.into_iter().collect()))
        }
        Ok(_) => Err(body_problems),
        Err(mut p) => {
            p.extend(body_problems);
            Err(p)
        }
    }
}

/// Loads every content file under `root/content`, collecting all problems.
pub fn load(root: &Path, check: &TextCheck<'_>) -> LoadedContent {
    let found = discover(root);
    let mut problems = Vec::new();
    let results: Vec<_> = found.par_iter().map(|f| load_one(root, f, check)).collect();
    let mut items = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (r, f) in results.into_iter().zip(&found) {
        match r {
            Ok((item, warnings)) => {
                problems.extend(warnings);
                items.push(item);
            }
            Err(p) => {
                problems.extend(p);
                failed.push(f.kind.path_of(&f.slug));
            }
        }
    }
    problems.extend(cross_check(&items));
    LoadedContent {
        items,
        failed,
        problems,
    }
}

/// Problems between files (two at one address, pages at reserved addresses), run over
/// every loaded item after each file is parsed on its own.
pub fn cross_check(items: &[Item]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Two files that would publish at the same address.
    let mut seen: HashMap<String, &Item> = HashMap::new();
    for item in items {
        if let Some(first) = seen.insert(item.path(), item) {
            problems.push(
                Diagnostic::error(
                    "content::duplicate_slug",
                    format!(
                        "{} and this file would both publish at {}",
                        display_path(&first.source),
                        item.path()
                    ),
                )
                .in_file(&item.source)
                .at_line(1)
                .with_help("rename one of the files"),
            );
        }
    }
    for item in items.iter().filter(|i| i.kind == Kind::Page) {
        if crate::routes::RESERVED_PATHS.contains(&item.slug.as_str()) {
            problems.push(
                Diagnostic::error(
                    "content::reserved_slug",
                    format!("a page cannot be called `{}`", item.slug),
                )
                .in_file(&item.source)
                .at_line(1)
                .with_help("that address is used by carepress itself; rename the file"),
            );
        }
    }
    problems
}

/// The contact details every location publishes (phone, fax, email, address): the
/// group's own, which the patient-information scan allows in any item. Read ahead of the
/// content (the scan runs as each file loads); a file that cannot be read adds nothing
/// here and is reported when it loads.
pub fn location_contacts(root: &Path) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Contact {
        phone: Option<String>,
        fax: Option<String>,
        email: Option<String>,
        address: Option<std::collections::BTreeMap<String, String>>,
    }
    let dir = root.join("content").join(Kind::Location.section());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(split) = super::frontmatter::split(&text, &path) else {
            continue;
        };
        let Ok(contact) = serde_yaml::from_str::<Contact>(split.yaml) else {
            continue;
        };
        out.extend(
            [contact.phone, contact.fax, contact.email]
                .into_iter()
                .flatten(),
        );
        if let Some(address) = contact.address {
            out.extend(address.get("street").cloned());
        }
    }
    out
}
