//! Page images (the SVG, or each `srcset` width) and every item's social kit, linked
//! from the image cache.

use super::Sink;
use crate::diagnostics::Diagnostic;
use crate::plan::Plan;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Page images (the SVG, or each `srcset` width) and every item's social kit, linked
/// from the image cache.
pub(super) fn write_images(
    root: &Path,
    plan: &Plan<'_>,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    use crate::images::PageImage;
    let cache = root.join(crate::images::cache::CACHE_DIR);
    let mut files: Vec<(String, Result<PathBuf, &[u8]>)> = Vec::new();
    let mut seen = HashSet::new();
    for p in &plan.published {
        if let Some(img) = &p.image {
            match &img.set.page {
                PageImage::Svg { bytes, .. } => {
                    let path = img.path();
                    if seen.insert(path.clone()) {
                        files.push((path, Err(bytes.as_slice())));
                    }
                }
                PageImage::Raster(widths) => {
                    for r in widths {
                        let path = img.width_path(r);
                        if seen.insert(path.clone()) {
                            files.push((path, Ok(cache.join(&r.file))));
                        }
                    }
                }
                PageImage::None => {}
            }
        }
        if let Some(kit) = &p.kit {
            for r in &kit.presets {
                let path = format!("{}{}.{}", p.kit_dir(), r.name, r.extension);
                files.push((path, Ok(cache.join(&r.file))));
            }
        }
    }
    let problems = files
        .par_iter()
        .filter_map(|(path, from)| {
            let out = path.trim_start_matches('/');
            let result = match from {
                Ok(cached) => sink.link(out, cached),
                Err(bytes) => sink.write(out, bytes),
            };
            result.err().map(|e| {
                Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
                    .with_help("check free disk space and permissions; if the image cache was deleted during the build, build again")
            })
        })
        .collect();
    (files.len(), problems)
}
