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

/// Runs `render` into a fresh staging directory and, if it succeeds, replaces `out`
/// with it. On failure (or a crash or kill before the swap) `out` is left exactly as it was.
pub fn stage_and_swap<T, E>(
    out: &Path,
    render: impl FnOnce(&Path) -> Result<T, E>,
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
    std::fs::create_dir_all(&staging)?;
    let result = render(&staging);
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
    if had_previous {
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
            std::fs::write(staging.join("index.html"), "new").unwrap();
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
            std::fs::write(staging.join("index.html"), "new").unwrap();
            Ok(())
        })
        .unwrap();
        assert!(r.is_ok());
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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
