//! Decoding raster sources with limits (so a hostile file cannot exhaust the machine),
//! turned upright by their EXIF orientation, and noticing GPS data in them.

use crate::resize::Pixels;
use image::ImageDecoder;
use std::io::Cursor;

/// Largest source accepted, in pixels per side and in decoder memory.
pub const MAX_SIDE: u32 = 12_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

#[derive(Debug)]
pub enum DecodeError {
    TooLarge,
    Broken(String),
}

#[derive(Debug)]
pub struct Decoded {
    pub pixels: Pixels,
    /// The source carries GPS coordinates (EXIF or XMP).
    pub gps: bool,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let broken = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => DecodeError::TooLarge,
        other => DecodeError::Broken(other.to_string()),
    };
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Broken(e.to_string()))?;
    if reader.format().is_none() {
        return Err(DecodeError::Broken("unknown image format".into()));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let orientation = decoder.orientation().map_err(broken)?;
    let exif = decoder.exif_metadata().map_err(broken)?;
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(broken)?;
    img.apply_orientation(orientation);
    let gps = exif.as_deref().is_some_and(exif_has_gps) || xmp_has_gps(bytes);
    let pixels = if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        Pixels {
            width: rgba.width(),
            height: rgba.height(),
            has_alpha: true,
            data: rgba.into_raw(),
        }
    } else {
        let rgb = img.into_rgb8();
        Pixels {
            width: rgb.width(),
            height: rgb.height(),
            has_alpha: false,
            data: rgb.into_raw(),
        }
    };
    Ok(Decoded { pixels, gps })
}

/// Whether EXIF data (a TIFF structure) has a GPS IFD pointer (tag 0x8825) in IFD0.
pub fn exif_has_gps(tiff: &[u8]) -> bool {
    let tiff = tiff.strip_prefix(b"Exif\0\0").unwrap_or(tiff);
    let little = match tiff.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return false,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(i..i + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let Some(ifd) = u32_at(4).map(|o| o as usize) else {
        return false;
    };
    let count = u16_at(ifd).unwrap_or(0) as usize;
    (0..count).any(|i| u16_at(ifd + 2 + i * 12) == Some(0x8825))
}

/// XMP packets name GPS fields in plain text.
fn xmp_has_gps(bytes: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"GPSLatitude";
    bytes.windows(NEEDLE.len()).any(|w| w == NEEDLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF header with the given IFD0 tags.
    pub fn tiff_with_tags(tags: &[(u16, u16, u32, u32)]) -> Vec<u8> {
        let mut t = b"II*\0".to_vec();
        t.extend(8u32.to_le_bytes());
        t.extend((tags.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in tags {
            t.extend(tag.to_le_bytes());
            t.extend(kind.to_le_bytes());
            t.extend(count.to_le_bytes());
            t.extend(value.to_le_bytes());
        }
        t.extend(0u32.to_le_bytes());
        t
    }

    #[test]
    fn gps_pointer_is_found() {
        assert!(exif_has_gps(&tiff_with_tags(&[
            (0x0112, 3, 1, 6),
            (0x8825, 4, 1, 100)
        ])));
        assert!(!exif_has_gps(&tiff_with_tags(&[(0x0112, 3, 1, 6)])));
        assert!(!exif_has_gps(b"garbage"));
        assert!(!exif_has_gps(b"II*\0\xff\xff\xff\xff"));
    }

    #[test]
    fn header_claiming_huge_dimensions_is_refused_before_allocating() {
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        // Patch IHDR width/height to 100,000 (the CRC is then wrong, which must also not panic).
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(decode(&png).is_err());
    }

    use image::ImageEncoder;
}
