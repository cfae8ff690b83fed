//! The media stage for local video files: what a video file says about itself (its
//! length, and where it was filmed: phones write GPS into MP4 and QuickTime files),
//! read from its metadata boxes only, and remembered by the file's identity (size,
//! modification time, inode) so an unchanged rebuild opens no video at all.
//!
//! A content hash, as images use, would read every byte of every video on every build
//! (2.5 GB for 50 videos of 50 MB); size, time and inode change whenever the file does.

use super::cache::Cache;
use crate::content::Detail;
use crate::content::model::VideoSource;
use crate::diagnostics::Diagnostic;
use crate::inputs::SiteInputs;
use crate::plan::Published;
use crate::video::mp4;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What the file's metadata says, as cached.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VideoFacts {
    pub bytes: u64,
    pub duration_ms: Option<u64>,
    /// ISO 6709, e.g. `+37.3318-122.0312/`.
    pub location: Option<String>,
    /// Why the metadata could not be read (the file is still published).
    pub unreadable: Option<String>,
}

/// Reports, for each published local video: GPS in its metadata, a size over
/// `rules.video_warn_mb`, and a declared `duration` that differs from the file's.
pub fn check_videos(
    inputs: &SiteInputs<'_>,
    published: &[Published<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let files: Vec<(&Published, &Path, Option<u32>)> = published
        .iter()
        .filter_map(|p| match &p.item.detail {
            Detail::Video {
                source: VideoSource::File(f),
                duration_seconds,
                ..
            } => Some((p, f.as_path(), *duration_seconds)),
            _ => None,
        })
        .collect();
    if files.is_empty() {
        return;
    }
    let cache = Cache::open_named(inputs.root, "video").ok();
    let warn_bytes = inputs.config.rules.video_warn_mb.saturating_mul(1_000_000);
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(p, file, declared)| {
            let facts = match facts(inputs.root, file, cache.as_ref()) {
                Ok(f) => f,
                Err(e) => {
                    return vec![
                        Diagnostic::error(
                            "video::unreadable",
                            format!("cannot read the video: {e}"),
                        )
                        .in_file(file)
                        .with_help("check the file exists and is readable"),
                    ];
                }
            };
            judge(
                &facts,
                *declared,
                warn_bytes,
                inputs.config.rules.video_warn_mb,
            )
            .into_iter()
            .map(|d| {
                if d.code == "video::duration_mismatch" {
                    d.in_file(&p.item.source)
                        .at_line(p.item.key_line("duration"))
                } else {
                    d.in_file(file)
                }
            })
            .collect()
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// The rules over a video's facts (without file names).
fn judge(
    facts: &VideoFacts,
    declared: Option<u32>,
    warn_bytes: u64,
    warn_mb: u64,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(loc) = &facts.location {
        let at = mp4::parse_iso6709(loc)
            .map(|(lat, lon)| format!(" ({lat:.4}, {lon:.4})"))
            .unwrap_or_default();
        out.push(
            Diagnostic::warning(
                "video::gps",
                format!("the video carries the place it was filmed{at} in its metadata, and is published as it is"),
            )
            .with_help("remove the location before publishing, e.g. `ffmpeg -i in.mp4 -map_metadata -1 -c copy out.mp4`"),
        );
    }
    if facts.bytes > warn_bytes {
        out.push(
            Diagnostic::warning(
                "video::large",
                format!(
                    "the video is {} MB (over `rules.video_warn_mb`, {warn_mb} MB)",
                    facts.bytes / 1_000_000
                ),
            )
            .with_help("export it smaller (e.g. 1080p H.264 at a lower bitrate), or host it on YouTube or Vimeo and give its address in `src`"),
        );
    }
    if let (Some(ms), Some(d)) = (facts.duration_ms, declared) {
        let actual = ms.div_ceil(1000);
        if actual.abs_diff(u64::from(d)) > 2 {
            out.push(
                Diagnostic::warning(
                    "video::duration_mismatch",
                    format!(
                        "`duration` says {}, the file is {} long",
                        crate::video::clock(d),
                        crate::video::clock(u32::try_from(actual).unwrap_or(u32::MAX))
                    ),
                )
                .with_help("correct `duration` (pages and search engines show it; captions are checked against it)"),
            );
        }
    }
    if let Some(why) = &facts.unreadable {
        out.push(
            Diagnostic::warning(
                "video::metadata",
                format!("the video's metadata cannot be read ({why}); its length and location were not checked"),
            )
            .with_help("re-export the video as MP4 (H.264 and AAC)"),
        );
    }
    out
}

/// The facts of one file: from the cache when its size, modification time and inode
/// are unchanged, else from its metadata boxes (never its media data).
fn facts(root: &Path, file: &Path, cache: Option<&Cache>) -> std::io::Result<VideoFacts> {
    use std::os::unix::fs::MetadataExt;
    let path = root.join(file);
    let meta = std::fs::metadata(&path)?;
    let identity = format!(
        "{}:{}:{}:{}:{}",
        file.display(),
        meta.len(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ino()
    );
    let name = format!(
        "{}.json",
        super::cache::key(&[identity.as_bytes(), b"video-facts-1"])
    );
    if let Some(facts) = cache
        .and_then(|c| c.read(&name))
        .and_then(|bytes| serde_json::from_slice::<VideoFacts>(&bytes).ok())
    {
        return Ok(facts);
    }
    let is_isobmff = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "mp4" | "m4v" | "mov"));
    let mut facts = VideoFacts {
        bytes: meta.len(),
        ..VideoFacts::default()
    };
    if is_isobmff {
        let mut f = std::io::BufReader::new(std::fs::File::open(&path)?);
        match mp4::probe(&mut f) {
            Ok(info) => {
                facts.duration_ms = info.duration_ms;
                facts.location = info.location;
            }
            Err(why) => facts.unreadable = Some(why),
        }
    }
    if let (Some(c), Ok(bytes)) = (cache, serde_json::to_vec(&facts)) {
        let _ = c.put(&name, &bytes);
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_video_is_judged_on_its_location_size_and_length() {
        let facts = VideoFacts {
            bytes: 150_000_000,
            duration_ms: Some(125_400),
            location: Some("+37.3318-122.0312/".into()),
            unreadable: None,
        };
        let codes = |d: Vec<Diagnostic>| d.into_iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(
            codes(judge(&facts, Some(125), 100_000_000, 100)),
            ["video::gps", "video::large"]
        );
        assert_eq!(
            codes(judge(&facts, Some(60), 200_000_000, 200)),
            ["video::gps", "video::duration_mismatch"]
        );
        let clean = VideoFacts {
            bytes: 1,
            duration_ms: Some(20_000),
            ..VideoFacts::default()
        };
        assert!(judge(&clean, Some(20), 100, 100).is_empty());
    }

    #[test]
    fn the_second_look_at_an_unchanged_file_comes_from_the_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let src = format!(
            "{}/tests/fixtures/media/gps.mov",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::copy(&src, root.join("v.mov")).expect("copy the fixture");
        let cache = Cache::open_named(root, "video").expect("cache");
        let first = facts(root, Path::new("v.mov"), Some(&cache)).expect("facts");
        assert!(first.location.is_some());
        assert_eq!(first.duration_ms, Some(2000));
        // Overwrite the file in place with as many zero bytes (no longer an MP4) and put
        // its modification time back: size, time and inode unchanged, so the cached facts
        // answer without the file being opened.
        let path = root.join("v.mov");
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let len = std::fs::metadata(&path).expect("meta").len();
        let f = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        std::io::Write::write_all(&mut &f, &vec![0u8; len as usize]).expect("overwrite");
        f.set_modified(modified).expect("set mtime");
        drop(f);
        let again = facts(root, Path::new("v.mov"), Some(&cache));
        assert_eq!(again.expect("from the cache"), first);
        // Without the cache the same file is read and is no video.
        let uncached = facts(root, Path::new("v.mov"), None).expect("facts");
        assert!(uncached.unreadable.is_some(), "{uncached:?}");
    }
}
