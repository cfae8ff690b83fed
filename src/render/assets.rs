//! Page images (the SVG, or each `srcset` width) and every item's social images,
//! linked from the image cache.

use super::{Sink, Sinks};
use crate::diagnostics::Diagnostic;
use crate::plan::Plan;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Which output a file goes to.
#[derive(Clone, Copy)]
enum To {
    Site,
    Kit,
}

/// Page images into the site; every social image into the kit; and into the site too
/// the social images a page or post links to: each item's `og:image`, and the images of
/// the posts in `post_images` (site paths), which schedulers fetch from `image_url`.
pub(super) fn write_images(
    root: &Path,
    plan: &Plan<'_>,
    post_images: &[String],
    sinks: Sinks<'_>,
) -> (usize, Vec<Diagnostic>) {
    use crate::images::PageImage;
    let cache = root.join(crate::images::cache::CACHE_DIR);
    let public: HashSet<&str> = post_images.iter().map(String::as_str).collect();
    // (output, path, the cached file to link or the bytes to write)
    type File<'b> = (To, String, Result<PathBuf, &'b [u8]>);
    let mut files: Vec<File> = Vec::new();
    let mut seen = HashSet::new();
    for p in &plan.published {
        if let Some(img) = &p.image {
            match &img.set.page {
                PageImage::Svg { bytes, .. } => {
                    let path = img.path();
                    if seen.insert(path.clone()) {
                        files.push((To::Site, path, Err(bytes.as_slice())));
                    }
                }
                PageImage::Raster(widths) => {
                    for r in widths {
                        let path = img.width_path(r);
                        if seen.insert(path.clone()) {
                            files.push((To::Site, path, Ok(cache.join(&r.file))));
                        }
                    }
                }
                PageImage::None => {}
            }
        }
        if let Some(kit) = &p.kit {
            let og = super::context::og_image_path(p);
            for r in &kit.presets {
                let path = format!("{}{}.{}", p.kit_dir(), r.name, r.extension);
                let cached = cache.join(&r.file);
                if og.as_deref() == Some(path.as_str()) || public.contains(path.as_str()) {
                    files.push((To::Site, path.clone(), Ok(cached.clone())));
                }
                files.push((
                    To::Kit,
                    super::social_page::kit_image_file(&path),
                    Ok(cached),
                ));
            }
        }
    }
    let problems = files
        .par_iter()
        .filter_map(|(to, path, from)| {
            let sink: &dyn Sink = match to {
                To::Site => sinks.site,
                To::Kit => sinks.kit,
            };
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
