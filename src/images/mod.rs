//! The image kit: each source (or generated title card) is decoded once and cut into
//! every social preset plus the page's `srcset` widths, encoded without metadata, and
//! kept in a content-addressed cache so an unchanged rebuild decodes nothing.

pub mod attach;
pub mod cache;
pub mod card;
pub mod video;
pub use carepress_raster::{encode, resize, source, svg};

use crate::diagnostics::Diagnostic;
pub use crate::plan::media::{ImageSet, PageImage, Rendition, is_image_name};
use cache::Cache;
use encode::{Encoding, Format};
use fast_image_resize::Resizer;
use resize::Pixels;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Part of every cache key: a new carepress version may resize or encode differently.
const PIPELINE_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "/lanczos3/jpeg-encoder-0.6");

/// Larger source files are refused before they are read into memory.
const MAX_SOURCE_BYTES: u64 = 200 << 20;

/// Upload limit for presets no configured platform posts (Facebook's `og:image` limit).
pub const DEFAULT_MAX_BYTES: u64 = 8_000_000;

/// One social image size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// The strictest upload limit of the platforms posting this preset.
    pub max_bytes: u64,
}

/// What every image of a build is made with.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub presets: Vec<Target>,
    /// Page image widths, ascending.
    pub widths: Vec<u32>,
    #[serde(skip)]
    pub encoding: Encoding,
}

impl Settings {
    pub fn from_config(config: &crate::config::Config) -> Settings {
        let images = &config.social.images;
        let presets = images
            .presets
            .iter()
            .map(|(name, [w, h])| Target {
                name: name.clone(),
                width: *w,
                height: *h,
                max_bytes: config
                    .social
                    .platforms
                    .iter()
                    .filter_map(|p| crate::platform::preset(p))
                    .filter(|p| config.image_preset_for(p) == name)
                    .map(|p| p.image_max_bytes)
                    .min()
                    .unwrap_or(DEFAULT_MAX_BYTES),
            })
            .collect();
        let mut widths = images.widths.clone();
        widths.sort_unstable();
        widths.dedup();
        Settings {
            presets,
            widths,
            encoding: Encoding {
                format: Format::from_config(&images.format),
                quality: images.quality,
            },
        }
    }

    fn fingerprint(&self) -> String {
        format!(
            "{}|{:?}|{}",
            serde_json::to_string(self).unwrap_or_default(),
            self.encoding,
            PIPELINE_VERSION
        )
    }
}

/// A problem found while making the images, remembered in the cache so a cached
/// rebuild reports it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Note {
    code: String,
    message: String,
    help: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Manifest {
    presets: Vec<Rendition>,
    page: Vec<Rendition>,
    notes: Vec<Note>,
}

/// Counts for the timings line and the progress bar.
#[derive(Debug, Default)]
pub struct Stats {
    pub decoded: AtomicUsize,
    pub cards_rendered: AtomicUsize,
    pub from_cache: AtomicUsize,
}

/// Makes image sets, going to the cache first.
pub struct Processor {
    pub cache: Cache,
    pub settings: Settings,
    svg_options: resvg::usvg::Options<'static>,
    /// Hash of the fonts: a card looks different in another font.
    fonts_key: String,
    pub stats: Stats,
}

impl Processor {
    pub fn new(cache: Cache, settings: Settings, fonts: &[Vec<u8>]) -> Processor {
        Processor {
            cache,
            settings,
            svg_options: svg::options(fonts),
            fonts_key: cache::key(&fonts.iter().map(Vec::as_slice).collect::<Vec<_>>()),
            stats: Stats::default(),
        }
    }

    pub fn svg_options(&self) -> &resvg::usvg::Options<'static> {
        &self.svg_options
    }

    /// The image set of a source file (a path relative to `root`), and any warnings.
    pub fn source(
        &self,
        root: &Path,
        source: &Path,
        focal: [f64; 2],
    ) -> Result<(ImageSet, Vec<Diagnostic>), Diagnostic> {
        let unreadable = |e: std::io::Error| {
            Diagnostic::error("image::unreadable", format!("cannot read the image: {e}"))
                .in_file(source)
        };
        let size = std::fs::metadata(root.join(source))
            .map_err(unreadable)?
            .len();
        if size > MAX_SOURCE_BYTES {
            return Err(Diagnostic::error(
                "image::too_large",
                format!(
                    "the file is {} MB; sources are limited to {} MB",
                    size >> 20,
                    MAX_SOURCE_BYTES >> 20
                ),
            )
            .in_file(source)
            .with_help("scale the image down or export it with more compression"));
        }
        let bytes = std::fs::read(root.join(source)).map_err(unreadable)?;
        let is_svg = source
            .to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".svg");
        let svg_page = if is_svg {
            Some(check_svg(&bytes, source)?)
        } else {
            None
        };
        let focal_text = format!("{focal:?}");
        let key = cache::key(&[
            &bytes,
            self.settings.fingerprint().as_bytes(),
            focal_text.as_bytes(),
            if is_svg { b"svg" } else { b"raster" },
        ]);
        let manifest = self.cached_or_make(&key, source, || {
            let mut notes = Vec::new();
            let pixels = if is_svg {
                let cover = self
                    .settings
                    .presets
                    .iter()
                    .fold((1, 1), |(w, h), t| (w.max(t.width), h.max(t.height)));
                svg::rasterize(&bytes, &self.svg_options, cover)
                    .map_err(|e| invalid(source, format!("the SVG cannot be rendered: {e}")))?
            } else {
                let decoded = source::decode(&bytes).map_err(|e| match e {
                    source::DecodeError::TooLarge => Diagnostic::error(
                        "image::too_large",
                        format!(
                            "the image is larger than {0}×{0} pixels or needs too much memory to decode",
                            source::MAX_SIDE
                        ),
                    )
                    .in_file(source)
                    .with_help("scale the image down before adding it"),
                    source::DecodeError::Broken(why) => {
                        invalid(source, format!("the image cannot be decoded: {why}"))
                    }
                })?;
                if decoded.gps {
                    notes.push(Note {
                        code: "image::gps".into(),
                        message: "the image carries GPS coordinates (where it was taken); they are removed from every output, but the original still has them".into(),
                        help: "strip location data from the source file before committing it (e.g. `exiftool -gps:all= FILE`)".into(),
                    });
                }
                decoded.pixels
            };
            self.stats.decoded.fetch_add(1, Ordering::Relaxed);
            self.make_renditions(&key, &pixels, Some(focal), !is_svg, &mut notes)
                .map(|(presets, page)| Manifest { presets, page, notes })
                .map_err(|e| invalid(source, e))
        })?;
        let diagnostics = manifest
            .notes
            .iter()
            .map(|n| {
                Diagnostic::warning(leak_code(&n.code), n.message.clone())
                    .in_file(source)
                    .with_help(n.help.clone())
            })
            .collect();
        let page = match svg_page {
            Some((bytes, width, height)) => PageImage::Svg {
                bytes,
                width,
                height,
            },
            None => PageImage::Raster(manifest.page),
        };
        Ok((
            ImageSet {
                presets: manifest.presets,
                page,
            },
            diagnostics,
        ))
    }

    /// The title card set for one item. `inputs_key` identifies what the cards show
    /// (`CardTemplate::key`); `svgs` lays them out and runs only when the cache lacks them.
    pub fn card(
        &self,
        inputs_key: &str,
        svgs: impl FnOnce() -> Result<Vec<(Target, String)>, Diagnostic>,
    ) -> Result<ImageSet, Diagnostic> {
        let fingerprint = self.settings.fingerprint();
        let key = cache::key(&[
            fingerprint.as_bytes(),
            self.fonts_key.as_bytes(),
            inputs_key.as_bytes(),
        ]);
        let card_error = |e: String| {
            Diagnostic::error(
                "image::card",
                format!("the title card cannot be rendered: {e}"),
            )
        };
        let manifest = self.cached_or_make(&key, Path::new("card"), || {
            let svgs = svgs()?;
            let mut resizer = Resizer::new();
            let mut presets = Vec::new();
            for (target, svg_text) in &svgs {
                let pixels = svg::rasterize(
                    svg_text.as_bytes(),
                    &self.svg_options,
                    (target.width, target.height),
                )
                .map_err(card_error)?;
                let pixels = if (pixels.width, pixels.height) == (target.width, target.height) {
                    pixels
                } else {
                    resize::resize(
                        &mut resizer,
                        &pixels,
                        target.width,
                        target.height,
                        Some([0.5, 0.5]),
                    )
                    .map_err(card_error)?
                };
                presets.push(
                    self.store(
                        &key,
                        &target.name,
                        &pixels,
                        target.max_bytes,
                        &mut Vec::new(),
                    )
                    .map_err(card_error)?,
                );
            }
            self.stats.cards_rendered.fetch_add(1, Ordering::Relaxed);
            Ok(Manifest {
                presets,
                page: Vec::new(),
                notes: Vec::new(),
            })
        })?;
        Ok(ImageSet {
            presets: manifest.presets,
            page: PageImage::None,
        })
    }

    /// The manifest stored under `key`, if it and every file it names are in the
    /// cache; otherwise `make` runs and its result is stored.
    fn cached_or_make(
        &self,
        key: &str,
        source: &Path,
        make: impl FnOnce() -> Result<Manifest, Diagnostic>,
    ) -> Result<Manifest, Diagnostic> {
        let manifest_name = format!("{key}.json");
        if let Some(m) = self
            .cache
            .read(&manifest_name)
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
        {
            let complete = m
                .presets
                .iter()
                .chain(&m.page)
                .all(|r| self.cache.get(&r.file).is_some());
            if complete {
                self.stats.from_cache.fetch_add(1, Ordering::Relaxed);
                return Ok(m);
            }
        }
        let manifest = make()?;
        let json = serde_json::to_vec(&manifest).unwrap_or_default();
        self.cache
            .put(&manifest_name, &json)
            .map_err(|e| cache_error(source, e))?;
        Ok(manifest)
    }

    /// Cuts `pixels` into every preset (and the page widths when `page`), stores them.
    fn make_renditions(
        &self,
        key: &str,
        pixels: &Pixels,
        focal: Option<[f64; 2]>,
        page: bool,
        notes: &mut Vec<Note>,
    ) -> Result<(Vec<Rendition>, Vec<Rendition>), String> {
        let mut resizer = Resizer::new();
        let mut presets = Vec::new();
        let mut enlarged = Vec::new();
        for t in &self.settings.presets {
            let cut = resize::cover_crop(
                (pixels.width, pixels.height),
                (t.width, t.height),
                focal.unwrap_or([0.5, 0.5]),
            );
            // Small enlargements are invisible; past 1.5× the image looks soft.
            if cut.2 * 1.5 < f64::from(t.width) {
                enlarged.push(format!("{} ({}×{})", t.name, t.width, t.height));
            }
            let out = resize::resize(&mut resizer, pixels, t.width, t.height, focal)?;
            presets.push(self.store(key, &t.name, &out, t.max_bytes, notes)?);
        }
        if page && !enlarged.is_empty() {
            notes.push(Note {
                code: "image::upscaled".into(),
                message: format!(
                    "the image is only {}×{}; enlarged (and softer) for {}",
                    pixels.width,
                    pixels.height,
                    enlarged.join(", ")
                ),
                help: "use a source at least as large as the largest preset (e.g. 2400 pixels on each side)".into(),
            });
        }
        let mut widths = Vec::new();
        if page {
            for w in page_widths(pixels.width, &self.settings.widths) {
                let h = resize::scaled_height((pixels.width, pixels.height), w);
                let out = if w == pixels.width {
                    std::borrow::Cow::Borrowed(pixels)
                } else {
                    std::borrow::Cow::Owned(resize::resize(&mut resizer, pixels, w, h, None)?)
                };
                widths.push(self.store(key, &format!("w{w}"), &out, DEFAULT_MAX_BYTES, notes)?);
            }
        }
        Ok((presets, widths))
    }

    fn store(
        &self,
        key: &str,
        name: &str,
        pixels: &Pixels,
        max_bytes: u64,
        notes: &mut Vec<Note>,
    ) -> Result<Rendition, String> {
        let encoded = encode::encode_within(pixels, self.settings.encoding, max_bytes)?;
        if encoded.shrunk {
            notes.push(Note {
                code: "image::shrunk".into(),
                message: format!(
                    "the `{name}` image did not fit the {max_bytes}-byte upload limit until it was reduced to {}×{}",
                    encoded.width, encoded.height
                ),
                help: "use a simpler image or JPEG output (`social.images.format: jpg`)".into(),
            });
        }
        let extension = self.settings.encoding.format.extension();
        let file = format!("{key}-{name}.{extension}");
        self.cache
            .put(&file, &encoded.bytes)
            .map_err(|e| format!("cannot write the image cache: {e}"))?;
        Ok(Rendition {
            name: name.to_string(),
            width: encoded.width,
            height: encoded.height,
            file,
            extension: extension.to_string(),
        })
    }
}

/// Width / height of a logo file, read from its header (an SVG's size or viewBox).
pub fn logo_aspect(name: &str, bytes: &[u8]) -> Option<f32> {
    let (w, h) = if name.to_ascii_lowercase().ends_with(".svg") {
        svg::svg_size(std::str::from_utf8(bytes).ok()?)?
    } else {
        image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .ok()?
            .into_dimensions()
            .ok()?
    };
    (w > 0 && h > 0).then(|| w as f32 / h as f32)
}

/// Page widths for a source `width` pixels wide: the configured widths it can fill,
/// plus its own width when it is narrower than the largest.
pub fn page_widths(width: u32, widths: &[u32]) -> Vec<u32> {
    let largest = widths.iter().copied().max().unwrap_or(width);
    let mut out: Vec<u32> = widths.iter().copied().filter(|w| *w < width).collect();
    if width <= largest {
        out.push(width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn invalid(source: &Path, message: String) -> Diagnostic {
    Diagnostic::error("image::invalid", message)
        .in_file(source)
        .with_help("re-export the image as PNG, JPEG, WebP, GIF or SVG; the file may be truncated or corrupt")
}

fn cache_error(source: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("image::cache", format!("cannot write the image cache: {e}"))
        .in_file(source)
        .with_help(format!("check that {} is writable", cache::CACHE_DIR))
}

/// Diagnostic codes are static strings; notes come back from the cache as text.
fn leak_code(code: &str) -> &'static str {
    match code {
        "image::gps" => "image::gps",
        "image::upscaled" => "image::upscaled",
        "image::shrunk" => "image::shrunk",
        _ => "image::note",
    }
}

/// SVGs are published as written, so they must not reach outside themselves.
fn check_svg(bytes: &[u8], source: &Path) -> Result<(Vec<u8>, u32, u32), Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Diagnostic::error("image::invalid", "the SVG is not UTF-8 text").in_file(source)
    })?;
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Err(
            Diagnostic::error("image::invalid", "the file is not an SVG image").in_file(source),
        );
    }
    if let Some((found, offset)) = svg::svg_reach(&lower) {
        let line = lower[..offset].matches('\n').count() + 1;
        return Err(Diagnostic::error(
            "image::svg_external_reference",
            format!("the SVG references something outside itself or runs script ({found})"),
        )
        .in_file(source)
        .at_line(line)
        .with_help("embed everything in the SVG (shapes, text, data: images) and remove scripts"));
    }
    let (width, height) = svg::svg_size(text).unwrap_or((1200, 1200));
    Ok((bytes.to_vec(), width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_widths_never_enlarge() {
        assert_eq!(page_widths(2400, &[480, 800, 1200]), vec![480, 800, 1200]);
        assert_eq!(page_widths(1000, &[480, 800, 1200]), vec![480, 800, 1000]);
        assert_eq!(page_widths(300, &[480, 800, 1200]), vec![300]);
        assert_eq!(page_widths(1200, &[480, 800, 1200]), vec![480, 800, 1200]);
    }

    #[test]
    fn svg_namespace_and_internal_references_are_fine() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use href=\"#a\"/><rect fill=\"url(#g)\"/></svg>";
        assert!(check_svg(svg, Path::new("x.svg")).is_ok());
        for bad in [
            "<image href=\"https://x/y.png\"/>",
            "<image xlink:href='../../a.png'/>",
            "<style>@import 'x.css'</style>",
            "<rect fill=\"url(http://x)\"/>",
        ] {
            let text = format!("<svg>{bad}</svg>");
            assert!(
                check_svg(text.as_bytes(), Path::new("x.svg")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn svg_with_external_reference_is_refused() {
        let e = check_svg(
            b"<svg>\n<image href=\"file:///etc/passwd\"/></svg>",
            Path::new("x.svg"),
        )
        .unwrap_err();
        assert_eq!(e.code, "image::svg_external_reference");
        assert_eq!(e.line, Some(2));
    }

    fn processor(dir: &Path) -> Processor {
        let config = crate::config::parse(
            "title: T\nbase_url: https://x.example\n",
            Path::new("carepress.yaml"),
        )
        .unwrap();
        Processor::new(
            Cache::open(dir).unwrap(),
            Settings::from_config(&config),
            &[],
        )
    }

    #[test]
    fn second_run_decodes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let img = image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 90]));
        img.save(dir.path().join("a.png")).unwrap();
        let first = processor(dir.path());
        let (set, _) = first
            .source(dir.path(), Path::new("a.png"), [0.5, 0.5])
            .unwrap();
        assert_eq!(first.stats.decoded.load(Ordering::Relaxed), 1);
        assert_eq!(set.presets.len(), 6);
        let og = set.preset("og").unwrap();
        assert_eq!((og.width, og.height), (1200, 630));
        let second = processor(dir.path());
        let (again, warnings) = second
            .source(dir.path(), Path::new("a.png"), [0.5, 0.5])
            .unwrap();
        assert_eq!(second.stats.decoded.load(Ordering::Relaxed), 0);
        assert_eq!(again, set);
        assert!(
            warnings.iter().any(|d| d.code == "image::upscaled"),
            "cached notes come back"
        );
        // A different focal point is a different entry.
        second
            .source(dir.path(), Path::new("a.png"), [0.2, 0.5])
            .unwrap();
        assert_eq!(second.stats.decoded.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_cached_card_is_not_laid_out_again() {
        let dir = tempfile::tempdir().unwrap();
        let p = processor(dir.path());
        let og = p
            .settings
            .presets
            .iter()
            .find(|t| t.name == "og")
            .unwrap()
            .clone();
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}"><rect width="100%" height="100%" fill="#336"/></svg>"##,
            og.width, og.height
        );
        let laid_out = std::cell::Cell::new(0);
        let svgs = || {
            laid_out.set(laid_out.get() + 1);
            Ok(vec![(og.clone(), svg.clone())])
        };
        let first = p.card("title A", svgs).unwrap();
        let again = processor(dir.path()).card("title A", svgs).unwrap();
        assert_eq!(laid_out.get(), 1, "the second build reuses the cached card");
        assert_eq!(first, again);
        p.card("title B", svgs).unwrap();
        assert_eq!(laid_out.get(), 2, "other inputs are another card");
    }
}
