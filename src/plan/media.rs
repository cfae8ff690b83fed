//! What the plan says about images: where each item's image comes from (the job), and
//! the plain description of what the image stage made of it, which pages and the
//! social kit link to.

use crate::content::frontmatter::resolve_beside;
use crate::content::{Detail, Item, Kind};
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// One finished file in the cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendition {
    /// The preset name, or `w<width>` for a page width.
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// File name inside the cache.
    pub file: String,
    pub extension: String,
}

/// How a page shows its image.
#[derive(Debug, Clone, PartialEq)]
pub enum PageImage {
    /// Title cards are social images only.
    None,
    /// An SVG is shown as itself: sharp at every size.
    Svg {
        bytes: Vec<u8>,
        width: u32,
        height: u32,
    },
    /// Raster sources get `srcset` widths, ascending.
    Raster(Vec<Rendition>),
}

/// Everything made from one source or one title card.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSet {
    pub presets: Vec<Rendition>,
    pub page: PageImage,
}

impl ImageSet {
    pub fn preset(&self, name: &str) -> Option<&Rendition> {
        self.presets.iter().find(|r| r.name == name)
    }

    /// The `og:image`: the `og` preset, else the first.
    pub fn og(&self) -> Option<&Rendition> {
        self.preset(OG_PRESET).or_else(|| self.presets.first())
    }

    /// The image a post on a platform using `preset` shows: that preset, or (for a title
    /// card made before the post is due, which has only its `og:image`) the `og:image`.
    pub fn for_post(&self, preset: &str) -> Option<&Rendition> {
        self.preset(preset).or_else(|| self.og())
    }
}

/// The preset every page's `og:image` uses when the config has it.
pub const OG_PRESET: &str = "og";

/// The image a page shows, shared by every item that shows it.
#[derive(Debug, Clone)]
pub struct PublishedImage {
    pub source: PathBuf,
    /// Site path without extension, e.g. `/infographics/flu/flu`; widths add `-<w>.<ext>`.
    pub base: String,
    pub alt: String,
    pub set: Arc<ImageSet>,
}

impl PublishedImage {
    /// The `src` of the page image: the SVG itself, or the largest width.
    pub fn path(&self) -> String {
        match &self.set.page {
            PageImage::Svg { .. } | PageImage::None => format!("{}.svg", self.base),
            PageImage::Raster(widths) => match widths.last() {
                Some(r) => self.width_path(r),
                None => format!("{}.svg", self.base),
            },
        }
    }

    pub fn width_path(&self, r: &Rendition) -> String {
        format!("{}-{}.{}", self.base, r.width, r.extension)
    }

    pub fn width(&self) -> u32 {
        match &self.set.page {
            PageImage::Svg { width, .. } => *width,
            PageImage::Raster(widths) => widths.last().map_or(0, |r| r.width),
            PageImage::None => 0,
        }
    }

    pub fn height(&self) -> u32 {
        match &self.set.page {
            PageImage::Svg { height, .. } => *height,
            PageImage::Raster(widths) => widths.last().map_or(0, |r| r.height),
            PageImage::None => 0,
        }
    }

    /// `srcset` for raster images (empty for an SVG).
    pub fn srcset(&self) -> String {
        match &self.set.page {
            PageImage::Raster(widths) if widths.len() > 1 => widths
                .iter()
                .map(|r| format!("{} {}w", self.width_path(r), r.width))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }
}

/// Where each item's image comes from, before it is read.
pub enum ImageSource {
    File { source: PathBuf, alt: String },
    Infographic(String),
}

pub fn image_source(root: &Path, item: &Item) -> Result<Option<ImageSource>, Diagnostic> {
    let (written, key, alt) = match &item.detail {
        Detail::Infographic { source, alt, .. } => {
            return Ok(Some(ImageSource::File {
                source: source.clone(),
                alt: alt.clone(),
            }));
        }
        Detail::Article {
            image: Some(img), ..
        } => (img, "image", item.title.clone()),
        Detail::Testimonial {
            photo: Some(p),
            patient,
            ..
        } => (p, "photo", format!("Photo of {patient}")),
        Detail::Provider {
            photo: Some(p),
            name,
            ..
        } => (p, "photo", format!("Photo of {name}")),
        Detail::Video {
            poster: Some(p), ..
        } => (p, "poster", format!("Poster of the video {}", item.title)),
        Detail::Team {
            photo: Some(p),
            photo_alt,
            ..
        } => (p, "photo", photo_alt.clone().unwrap_or_default()),
        _ => return Ok(None),
    };
    // A bare name in an article's `image` is an infographic; anything path-like is a file.
    let path_like = written.contains(['/', '\\', '.']) || is_image_name(written);
    if item.kind == Kind::Article && !path_like {
        return Ok(Some(ImageSource::Infographic(slug::slugify(written))));
    }
    let source =
        resolve_beside(root, &item.source, written).map_err(|d| d.at_line(item.key_line(key)))?;
    if !is_image_name(written) {
        return Err(Diagnostic::error(
            "content::missing_image",
            format!("`{written}` is not an image file"),
        )
        .in_file(&item.source)
        .at_line(item.key_line(key))
        .with_help("name a PNG, JPEG, WebP, GIF or SVG file beside this file"));
    }
    Ok(Some(ImageSource::File { source, alt }))
}
