//! Encoding renditions. Encoders here write pixels only (no EXIF, GPS, XMP or
//! comments), and every file is kept under the byte limit of the platforms it is for.

use crate::resize::{Pixels, resize, scaled_height};
use fast_image_resize::Resizer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    /// Lossless (the `image` crate's WebP encoder has no lossy mode).
    Webp,
}

impl Format {
    pub fn from_config(name: &str) -> Format {
        match name {
            "png" => Format::Png,
            "webp" => Format::Webp,
            _ => Format::Jpeg,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoding {
    pub format: Format,
    pub quality: u8,
}

/// Lowest JPEG quality tried before the image is made smaller instead.
const QUALITY_FLOOR: u8 = 50;

/// One encoded rendition; `shrunk` when it had to be made smaller than asked to fit.
#[derive(Debug)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub quality: u8,
    pub shrunk: bool,
}

pub fn encode(pixels: &Pixels, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let flat = pixels.flattened();
            let (w, h) = (
                u16::try_from(flat.width).map_err(|_| "image too wide for JPEG")?,
                u16::try_from(flat.height).map_err(|_| "image too tall for JPEG")?,
            );
            let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
            encoder
                .encode(&flat.data, w, h, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| e.to_string())?;
        }
        Format::Png | Format::Webp => {
            use image::ImageEncoder;
            let color = if pixels.has_alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            let result = if format == Format::Png {
                image::codecs::png::PngEncoder::new(&mut out).write_image(
                    &pixels.data,
                    pixels.width,
                    pixels.height,
                    color,
                )
            } else {
                image::codecs::webp::WebPEncoder::new_lossless(&mut out).write_image(
                    &pixels.data,
                    pixels.width,
                    pixels.height,
                    color,
                )
            };
            result.map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// Encodes `pixels`, lowering the JPEG quality and then the size until the file is at
/// most `max_bytes`. Fails only if even a tiny image does not fit.
pub fn encode_within(
    pixels: &Pixels,
    encoding: Encoding,
    max_bytes: u64,
) -> Result<Encoded, String> {
    let mut quality = encoding.quality;
    let mut current = std::borrow::Cow::Borrowed(pixels);
    let mut shrunk = false;
    loop {
        let bytes = encode(&current, encoding.format, quality)?;
        if bytes.len() as u64 <= max_bytes {
            return Ok(Encoded {
                bytes,
                width: current.width,
                height: current.height,
                quality,
                shrunk,
            });
        }
        if encoding.format == Format::Jpeg && quality > QUALITY_FLOOR {
            quality = quality.saturating_sub(10).max(QUALITY_FLOOR);
            continue;
        }
        let width = current.width * 4 / 5;
        if width < 16 {
            return Err(format!(
                "cannot be encoded under {max_bytes} bytes even at {}×{}",
                current.width, current.height
            ));
        }
        let height = scaled_height((current.width, current.height), width);
        current =
            std::borrow::Cow::Owned(resize(&mut Resizer::new(), &current, width, height, None)?);
        shrunk = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(w: u32, h: u32) -> Pixels {
        let mut state = 12345u32;
        let data = (0..w * h * 3)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (state >> 16) as u8
            })
            .collect();
        Pixels {
            width: w,
            height: h,
            has_alpha: false,
            data,
        }
    }

    #[test]
    fn jpeg_has_no_metadata_segments() {
        let bytes = encode(&noise(64, 48), Format::Jpeg, 85).unwrap();
        assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
        // No APP1 (EXIF/XMP) and no COM segment.
        assert!(
            !bytes
                .windows(2)
                .any(|w| w == [0xFF, 0xE1] || w == [0xFF, 0xFE])
        );
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (64, 48));
    }

    #[test]
    fn too_large_output_lowers_quality_then_size() {
        let px = noise(400, 300);
        let free = encode_within(
            &px,
            Encoding {
                format: Format::Jpeg,
                quality: 95,
            },
            u64::MAX,
        )
        .unwrap();
        assert_eq!(free.quality, 95);
        let cap = free.bytes.len() as u64 * 7 / 10;
        let capped = encode_within(
            &px,
            Encoding {
                format: Format::Jpeg,
                quality: 95,
            },
            cap,
        )
        .unwrap();
        assert!(capped.bytes.len() as u64 <= cap);
        assert!(capped.quality < 95);
        // A cap no quality can meet makes the image smaller.
        let tiny = encode_within(
            &px,
            Encoding {
                format: Format::Png,
                quality: 85,
            },
            40_000,
        )
        .unwrap();
        assert!(tiny.shrunk && tiny.width < 400 && tiny.bytes.len() <= 40_000);
    }

    #[test]
    fn impossible_cap_is_an_error() {
        assert!(
            encode_within(
                &noise(64, 64),
                Encoding {
                    format: Format::Png,
                    quality: 85
                },
                10
            )
            .is_err()
        );
    }
}
