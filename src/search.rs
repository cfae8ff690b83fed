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
use std::path::Path;

/// The output folder of the index and Pagefind's files.
pub const SEARCH_DIR: &str = "pagefind";
/// Where the last index is kept between builds, relative to the site root.
/// Inside the image cache folder, so a CI cache of `.carepress/cache` keeps it too (the image
/// cache's pruning removes files only, never this folder).
pub const SEARCH_CACHE_DIR: &str = ".carepress/cache/search";

/// The index's files, by output path (`pagefind/...`).
pub struct SearchIndex {
    pub files: Vec<(String, Vec<u8>)>,
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
    let cache = cache_root.map(|root| root.join(SEARCH_CACHE_DIR));
    if let Some(files) = cache.as_deref().and_then(|cache| cached(cache, &key)) {
        return Ok(SearchIndex {
            files,
            pages: pages.len(),
            from_cache: true,
        });
    }
    let count = pages.len();
    let made = make(pages, &language).map_err(|e| {
        Diagnostic::error("search::index", format!("the search index cannot be built: {e}"))
            .with_help("this is a bug in carepress or Pagefind; build with `search: false` in carepress.yaml to go on without search")
    })?;
    if let Some(cache) = &cache {
        // A failure to keep the index only costs the next build the time to make it again.
        let _ = keep(cache, &key, &made);
    }
    Ok(SearchIndex {
        files: made,
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
    let scratch = match MEMORY_FOLDER.and_then(|folder| write_scratch(&pages, Some(folder)).ok()) {
        Some(scratch) => scratch,
        None => write_scratch(&pages, None)?,
    };
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

/// Linux's folder in memory. Writing and deleting 10,000 pages there took 0.2 s; in the
/// system's temporary folder on disk (ext4) 2.5-6 s. A container's is often small (64 MB):
/// when the pages do not fit, they go to the temporary folder instead.
const MEMORY_FOLDER: Option<&str> = if cfg!(target_os = "linux") {
    Some("/dev/shm")
} else {
    None
};

/// A scratch folder (in `folder`, or the system's temporary folder) holding each page as
/// `<its path>/index.html`: Pagefind turns `articles/flu/index.html` back into `/articles/flu/`.
fn write_scratch(pages: &[IndexedPage], folder: Option<&str>) -> Result<tempfile::TempDir, String> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("carepress-search-");
    let scratch = match folder {
        Some(folder) => builder.tempdir_in(folder),
        None => builder.tempdir(),
    }
    .map_err(|e| format!("cannot make a scratch folder: {e}"))?;
    for page in pages {
        let file = scratch
            .path()
            .join(page.url.trim_matches('/'))
            .join("index.html");
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&file, &page.html).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(scratch)
}

/// The files of the index kept under `key`, if it is there and whole; marks it used.
fn cached(cache: &Path, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let path = cache.join(key);
    let bytes = std::fs::read(&path).ok()?;
    // A build beside this one keeping another index must not delete this one meanwhile.
    if let Ok(file) = std::fs::File::options().append(true).open(&path) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
    unpack(&bytes)
}

/// The index kept as one file: a header line, then for each file its path and its bytes,
/// each after its length as 8 bytes little-endian. One file rather than Pagefind's 10,000
/// (one per page): writing them into the cache took 1.7 s of a 10,000-article build.
const ARCHIVE_HEADER: &[u8] = b"carepress search index 1\n";

fn pack(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let size: usize = files.iter().map(|(p, b)| 16 + p.len() + b.len()).sum();
    let mut out = Vec::with_capacity(ARCHIVE_HEADER.len() + size);
    out.extend_from_slice(ARCHIVE_HEADER);
    for (path, bytes) in files {
        for part in [path.as_bytes(), bytes] {
            out.extend_from_slice(&(part.len() as u64).to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The files of an archive `pack` wrote; `None` for anything else (a cut-short file).
fn unpack(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut rest = bytes.strip_prefix(ARCHIVE_HEADER)?;
    let mut part = || -> Option<&[u8]> {
        let (len, after) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (part, after) = (after.get(..len)?, after.get(len..)?);
        rest = after;
        Some(part)
    };
    let mut files = Vec::new();
    while let Some(path) = part() {
        let path = String::from_utf8(path.to_vec()).ok()?;
        files.push((path, part()?.to_vec()));
    }
    rest.is_empty().then_some(files)
}

/// Keeps `files` as the cached index `key`: written under a name of this process's own and
/// renamed into place, so a build reading the cache never sees a half-written index. Other
/// keys are deleted once untouched for `KEPT_FOR`: a build running beside this one (a
/// second build, `serve`, a build with `--drafts`) may be reading its own.
fn keep(cache: &Path, key: &str, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(cache)?;
    let mut staging = tempfile::Builder::new()
        .prefix(".writing-")
        .tempfile_in(cache)?;
    staging.write_all(&pack(files))?;
    staging.persist(cache.join(key))?;
    let now = std::time::SystemTime::now();
    for entry in std::fs::read_dir(cache)?.flatten() {
        // Last written, or last used (`cached` marks each use).
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > KEPT_FOR);
        if entry.file_name().to_str() != Some(key) && stale {
            let path = entry.path();
            let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
        }
    }
    Ok(())
}

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
            vec![
                (
                    format!("{SEARCH_DIR}/pagefind.js"),
                    text.as_bytes().to_vec(),
                ),
                (
                    format!("{SEARCH_DIR}/fragment/empty.pf_fragment"),
                    Vec::new(),
                ),
            ]
        };
        keep(&cache, "a", &file("a")).unwrap();
        keep(&cache, "b", &file("b")).unwrap();
        // Both are whole and readable: the second did not delete the first.
        for key in ["a", "b"] {
            assert_eq!(cached(&cache, key), Some(file(key)));
        }
        // Keeping a key again replaces it; nothing half-written remains.
        keep(&cache, "a", &file("a")).unwrap();
        let names: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_cut_short_archive_is_not_an_index() {
        let files = vec![("pagefind/a".to_string(), b"abc".to_vec())];
        let packed = pack(&files);
        assert_eq!(unpack(&packed), Some(files));
        for cut in 0..packed.len() {
            if cut != ARCHIVE_HEADER.len() {
                assert_eq!(unpack(&packed[..cut]), None, "cut at {cut}");
            }
        }
    }
}
