//! The output directory is never half-written: a build renders into a staging
//! directory beside it and swaps it into place only when everything succeeded.

mod sinks;

pub use sinks::{DirSink, NullSink};

use std::io;
use std::path::{Path, PathBuf};

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Removes staging directories left by builds that were killed (their process is gone).
fn remove_abandoned(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefixes = [
        format!(".{}.staging-", name.to_string_lossy()),
        format!(".{}.old-", name.to_string_lossy()),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let fname = e.file_name().to_string_lossy().to_string();
        let Some(pid) = prefixes.iter().find_map(|p| fname.strip_prefix(p.as_str())) else {
            continue;
        };
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid == std::process::id()
                || Path::new(&format!("/proc/{pid}")).exists()
                || !Path::new("/proc/self").exists()
        });
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Deletes a directory tree, its large folders in parallel (a site's output has
/// folders of thousands of pages; one thread unlinking them is the slow part of a swap).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        let _ = std::fs::remove_file(dir);
        return;
    };
    let entries: Vec<_> = entries.flatten().collect();
    entries.par_iter().for_each(|e| match e.file_type() {
        Ok(t) if t.is_dir() => remove_tree(&e.path()),
        _ => {
            let _ = std::fs::remove_file(e.path());
        }
    });
    let _ = std::fs::remove_dir(dir);
}

/// The output before the current one, kept beside it (`.public.previous`): the next build
/// stages into it and rewrites it in place, instead of creating every file and folder
/// of a fresh staging directory and deleting every one of the replaced output. On a site
/// of 10,000 items those two walks were most of an unchanged rebuild.
pub fn kept(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.previous"))
}

/// Where a build stages its output.
#[derive(Debug, Clone, Copy)]
pub struct Staging<'a> {
    pub dir: &'a Path,
    /// The folder holds an earlier output: a sink must replace what it writes and, when
    /// done, delete everything it did not write (`DirSink::finish`).
    pub reused: bool,
}

/// Runs `render` into a staging directory (the kept previous output when there is one,
/// else a fresh folder) and, if it succeeds, replaces `out` with it; the replaced output
/// is kept for the next build. On failure (or a crash or kill before the swap) `out` is
/// left exactly as it was.
pub fn stage_and_swap<T, E>(
    out: &Path,
    render: impl FnOnce(Staging<'_>) -> Result<T, E>,
) -> io::Result<Result<T, E>> {
    if let Some(parent) = out.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    remove_abandoned(out);
    let staging = sibling(out, "staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let kept = kept(out);
    // A rename either takes the kept folder or fails: two builds at once never share it.
    let reused = kept.is_dir() && std::fs::rename(&kept, &staging).is_ok();
    if !reused {
        std::fs::create_dir_all(&staging)?;
    }
    let result = render(Staging {
        dir: &staging,
        reused,
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
        return Ok(result);
    }
    let old = sibling(out, "old");
    let had_previous = out.exists();
    if had_previous {
        std::fs::rename(out, &old)?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        if had_previous {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if had_previous && std::fs::rename(&old, &kept).is_err() {
        let started = std::time::Instant::now();
        remove_tree(&old);
        crate::timing::timing("removing the previous output", started);
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_render_leaves_previous_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let r: Result<(), &str> = stage_and_swap(&out, |staging| {
            std::fs::write(staging.dir.join("index.html"), "new").unwrap();
            Err("refused")
        })
        .unwrap();
        assert!(r.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging directory removed"
        );
    }

    #[test]
    fn successful_render_replaces_output_and_drops_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let r: Result<(), ()> = stage_and_swap(&out, |staging| {
            assert!(!staging.reused);
            std::fs::write(staging.dir.join("index.html"), "new").unwrap();
            Ok(())
        })
        .unwrap();
        assert!(r.is_ok());
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        // The replaced output is kept for the next build, and nothing else is left.
        assert!(kept(&out).join("stale.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn the_next_build_stages_into_the_kept_output_and_its_sink_sweeps_what_it_did_not_write() {
        use crate::render::Sink;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |pages: &[(&str, &str)]| {
            let r: Result<bool, ()> = stage_and_swap(&out, |staging| {
                let sink =
                    DirSink::new(staging.dir.to_path_buf(), Some(out.clone()), staging.reused);
                for (path, text) in pages {
                    sink.write(path, text.as_bytes()).unwrap();
                }
                sink.finish().unwrap();
                Ok(staging.reused)
            })
            .unwrap();
            r.unwrap()
        };
        assert!(!build(&[
            ("a/index.html", "one"),
            ("withdrawn/index.html", "secret")
        ]));
        assert!(!build(&[
            ("a/index.html", "two"),
            ("withdrawn/index.html", "secret")
        ]));
        // The third build rewrites the first one's folder: what it does not write goes.
        assert!(build(&[("a/index.html", "three"), ("b/index.html", "new")]));
        let files: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let mut files = files;
        files.sort();
        assert_eq!(files, ["a/index.html", "b/index.html"]);
        assert!(
            !out.join("withdrawn").exists(),
            "an emptied folder is removed"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "three"
        );
    }

    #[test]
    fn abandoned_staging_of_dead_process_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let dead = dir.path().join(".public.staging-4000000000");
        std::fs::create_dir_all(&dead).unwrap();
        let _: Result<(), ()> = stage_and_swap(&out, |_| Ok(())).unwrap();
        assert!(!dead.exists());
    }
}
