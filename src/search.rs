//! Site search: a Pagefind index of the published items, written into the output under
//! `pagefind/` (its search runtime, its WebAssembly and the index), so the search page works
//! on the site's own origin with nothing fetched from anywhere else.
//!
//! The index is made from each item's title, description and rendered body as the plan
//! holds them, not from the written pages: it is made while the images are, and only what
//! the plan publishes can be found (refused, withdrawn and draft items are not in the plan). An unchanged site
//! reuses the previous index from `.carepress/cache/search/`, keyed on everything indexed.

use crate::diagnostics::Diagnostic;
use crate::plan::Plan;
use std::path::{Path, PathBuf};

/// The output folder of the index and Pagefind's files.
pub const SEARCH_DIR: &str = "pagefind";
/// Where the last index is kept between builds, relative to the site root.
/// Inside the image cache folder, so a CI cache of `.carepress/cache` keeps it too (the image
/// cache's pruning removes files only, never this folder).
pub const SEARCH_CACHE_DIR: &str = ".carepress/cache/search";

/// One file of the index: made now, or the same file kept from an earlier build.
pub enum SearchFile {
    Made(Vec<u8>),
    Cached(PathBuf),
}

/// The index's files, by output path (`pagefind/...`).
pub struct SearchIndex {
    pub files: Vec<(String, SearchFile)>,
    pub pages: usize,
    pub from_cache: bool,
}

/// A page as the index sees it: its site path (without the base path, which the search
/// page gives Pagefind at run time) and a small HTML document of its title and body.
struct IndexedPage {
    url: String,
    html: String,
}

/// What the index is made from, and a key of all of it (an unchanged key is an unchanged index).
pub struct SearchInput {
    pub key: String,
    language: String,
    pages: Vec<IndexedPage>,
}

/// The pages of the plan's published items, for `index`.
pub fn input(plan: &Plan<'_>, language: &str) -> SearchInput {
    let language = language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let pages: Vec<IndexedPage> = plan
        .published
        .iter()
        .map(|p| IndexedPage {
            url: p.item.path(),
            html: format!(
                "<html lang=\"{language}\"><body><h1>{}</h1><p>{}</p>{}</body></html>",
                crate::html::escape(&p.item.title),
                crate::html::escape(&p.item.description),
                p.item.body.html
            ),
        })
        .collect();
    let key = {
        let mut parts: Vec<&[u8]> = vec![PAGEFIND_VERSION.as_bytes(), language.as_bytes()];
        for p in &pages {
            parts.push(p.url.as_bytes());
            parts.push(p.html.as_bytes());
        }
        crate::images::cache::key(&parts)
    };
    SearchInput {
        key,
        language,
        pages,
    }
}

/// Indexes `input`. `cache_root` (the site root) keeps the index for the next build, and a
/// kept index with the same key is used instead of making it again; `None` keeps nothing.
pub fn index(input: SearchInput, cache_root: Option<&Path>) -> Result<SearchIndex, Diagnostic> {
    let SearchInput {
        key,
        language,
        pages,
    } = input;
    let cached_dir = cache_root.map(|root| root.join(SEARCH_CACHE_DIR).join(&key));
    if let Some(dir) = &cached_dir {
        if let Some(files) = cached_files(dir) {
            return Ok(SearchIndex {
                files,
                pages: pages.len(),
                from_cache: true,
            });
        }
    }
    let count = pages.len();
    let made = make(pages, &language).map_err(|e| {
        Diagnostic::error("search::index", format!("the search index cannot be built: {e}"))
            .with_help("this is a bug in carepress or Pagefind; build with `search: false` in carepress.yaml to go on without search")
    })?;
    if let (Some(root), Some(dir)) = (cache_root, &cached_dir) {
        // A failure to keep the index only costs the next build the time to make it again.
        let _ = keep(&root.join(SEARCH_CACHE_DIR), dir, &made);
    }
    Ok(SearchIndex {
        files: made
            .into_iter()
            .map(|(path, bytes)| (path, SearchFile::Made(bytes)))
            .collect(),
        pages: count,
        from_cache: false,
    })
}

/// Cached index files are reused only when they match the exact crate version that made them.
const PAGEFIND_VERSION: &str = "pagefind-1.6";

/// Makes the index of `pages`. Pagefind's API takes a page at a time through a hand-off
/// to another thread and back; beside the image stage, which keeps both cores busy, each
/// hand-off waited for a time slice and 10,000 pages took 44 s instead of 12 s. So the
/// pages are written as files into a scratch folder and read by `add_directory`, which
/// parses them in parallel on the shared thread pool with one hand-off in all.
fn make(pages: Vec<IndexedPage>, language: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let scratch = tempfile::Builder::new()
        .prefix("carepress-search-")
        .tempdir()
        .map_err(|e| format!("cannot make a scratch folder: {e}"))?;
    for page in &pages {
        // Every item's path is a folder (`/articles/flu/`); Pagefind turns
        // `articles/flu/index.html` back into that URL.
        let file = scratch
            .path()
            .join(page.url.trim_matches('/'))
            .join("index.html");
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&file, &page.html).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        let indexed = index
            .add_directory(scratch.path().to_string_lossy().into_owned(), None)
            .await
            .map_err(|e| e.to_string())?;
        if indexed != pages.len() {
            return Err(format!("{indexed} of {} pages were indexed", pages.len()));
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (
                    format!("{SEARCH_DIR}/{}", name.trim_start_matches('/')),
                    f.contents,
                )
            })
            .collect())
    })
}

/// The files of a complete cached index (`.complete` is written last), by output path.
fn cached_files(dir: &Path) -> Option<Vec<(String, SearchFile)>> {
    if !dir.join(".complete").is_file() {
        return None;
    }
    // A build beside this one keeping another index must not delete this one meanwhile.
    let _ = std::fs::write(dir.join(USED), b"");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        if !entry.file_type().is_file()
            || entry.file_name() == ".complete"
            || entry.file_name() == USED
        {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        files.push((
            format!("{SEARCH_DIR}/{rel}"),
            SearchFile::Cached(entry.into_path()),
        ));
    }
    Some(files)
}

/// Keeps `files` as the cached index `dir`: written into a folder of this process's own and
/// renamed into place whole, so a build reading the cache never sees a half-written
/// index (another build that kept the same key first wins; the copy is dropped). Other
/// keys are deleted once untouched for `KEPT_FOR`: a build running beside this one (a
/// second build, `serve`, a build with `--drafts`) may be reading its own.
fn keep(cache: &Path, dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    std::fs::create_dir_all(cache)?;
    let staging = tempfile::Builder::new()
        .prefix(".writing-")
        .tempdir_in(cache)?;
    for (path, bytes) in files {
        let rel = path.strip_prefix(&format!("{SEARCH_DIR}/")).unwrap_or(path);
        let target = staging.path().join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    std::fs::write(staging.path().join(".complete"), b"")?;
    if std::fs::rename(staging.path(), dir).is_ok() {
        // Renamed: nothing is left for the temporary folder's cleanup to delete.
        let _ = staging.keep();
    }
    let now = std::time::SystemTime::now();
    for entry in std::fs::read_dir(cache)?.flatten() {
        // Last written, or last used (`cached_files` marks each use).
        let used = std::fs::metadata(entry.path().join(USED))
            .or_else(|_| entry.metadata())
            .and_then(|m| m.modified());
        let stale =
            used.is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > KEPT_FOR);
        if entry.path() != dir && stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

/// Written into a cached index each time a build uses it (its time keeps the index).
const USED: &str = ".used";

/// How long an index no build has written or used stays in the cache (the image cache's figure).
const KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(15 * 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_kept_by_one_build_survives_another_keeping_its_own() {
        let root = tempfile::tempdir().unwrap();
        let cache = root.path().join(SEARCH_CACHE_DIR);
        let file = |text: &str| {
            vec![(
                format!("{SEARCH_DIR}/pagefind.js"),
                text.as_bytes().to_vec(),
            )]
        };
        keep(&cache, &cache.join("a"), &file("a")).unwrap();
        keep(&cache, &cache.join("b"), &file("b")).unwrap();
        // Both are whole and readable: the second did not delete the first.
        for key in ["a", "b"] {
            let files = cached_files(&cache.join(key)).expect("a complete index");
            assert_eq!(files.len(), 1);
            assert_eq!(files[0].0, "pagefind/pagefind.js");
        }
        // Keeping a key that exists leaves the first copy; no half-written folder remains.
        keep(&cache, &cache.join("a"), &file("a")).unwrap();
        let names: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
