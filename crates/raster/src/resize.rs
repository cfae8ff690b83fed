//! Cutting one decoded image into many sizes: a cover crop around the focal point,
//! resampled with Lanczos3 (fast_image_resize); alpha is premultiplied while
//! resampling so transparent edges do not darken.

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{U8x3, U8x4};
use fast_image_resize::{PixelTrait, ResizeOptions, Resizer};

/// Decoded pixels, RGB when the source is opaque (less work), RGBA otherwise.
#[derive(Debug, Clone)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub has_alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    /// Drops the alpha channel by compositing over white (for JPEG).
    pub fn flattened(&self) -> std::borrow::Cow<'_, Pixels> {
        if !self.has_alpha {
            return std::borrow::Cow::Borrowed(self);
        }
        let data = self
            .data
            .chunks_exact(4)
            .flat_map(|p| {
                let a = u32::from(p[3]);
                let over_white = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
                [over_white(p[0]), over_white(p[1]), over_white(p[2])]
            })
            .collect();
        std::borrow::Cow::Owned(Pixels {
            width: self.width,
            height: self.height,
            has_alpha: false,
            data,
        })
    }
}

/// The source rectangle `(left, top, width, height)` with the target's aspect ratio,
/// as large as possible, centred on the focal point and kept inside the image.
pub fn cover_crop(src: (u32, u32), target: (u32, u32), focal: [f64; 2]) -> (f64, f64, f64, f64) {
    let (sw, sh) = (f64::from(src.0), f64::from(src.1));
    let aspect = f64::from(target.0) / f64::from(target.1);
    let (cw, ch) = if sw / sh > aspect {
        (sh * aspect, sh)
    } else {
        (sw, sw / aspect)
    };
    let place =
        |focal: f64, size: f64, crop: f64| (focal * size - crop / 2.0).clamp(0.0, size - crop);
    (place(focal[0], sw, cw), place(focal[1], sh, ch), cw, ch)
}

/// Resizes `src` to exactly `width`×`height`: a cover crop around `focal`, or the
/// whole image when `crop` is `None` (the caller keeps the aspect ratio).
pub fn resize(
    resizer: &mut Resizer,
    src: &Pixels,
    width: u32,
    height: u32,
    focal: Option<[f64; 2]>,
) -> Result<Pixels, String> {
    let mut options = ResizeOptions::new();
    if let Some(focal) = focal {
        let (l, t, w, h) = cover_crop((src.width, src.height), (width, height), focal);
        options = options.crop(l, t, w, h);
    }
    let channels = if src.has_alpha { 4 } else { 3 };
    let mut data = vec![0; width as usize * height as usize * channels];
    if src.has_alpha {
        resize_as::<U8x4>(resizer, src, &mut data, width, height, &options)?;
    } else {
        resize_as::<U8x3>(resizer, src, &mut data, width, height, &options)?;
    }
    Ok(Pixels {
        width,
        height,
        has_alpha: src.has_alpha,
        data,
    })
}

/// One resize with the pixel type fixed. fast_image_resize's untyped `resize` matches
/// on all 13 pixel types and so instantiates its SIMD kernels for each of them: with the
/// two carepress uses, this crate's LLVM IR fell from 1.75M to 1.01M lines (`cargo
/// llvm-lines`) and its optimised build from 53 s to 33 s (alone on 2 cores).
fn resize_as<P: PixelTrait>(
    resizer: &mut Resizer,
    src: &Pixels,
    out: &mut [u8],
    width: u32,
    height: u32,
    options: &ResizeOptions,
) -> Result<(), String> {
    let source = TypedImageRef::<P>::from_buffer(src.width, src.height, &src.data)
        .map_err(|e| e.to_string())?;
    let mut dest = TypedImage::<P>::from_buffer(width, height, out).map_err(|e| e.to_string())?;
    resizer
        .resize_typed(&source, &mut dest, options)
        .map_err(|e| e.to_string())
}

/// The height of an image `width` wide with the source's aspect ratio.
pub fn scaled_height(src: (u32, u32), width: u32) -> u32 {
    ((f64::from(src.1) * f64::from(width) / f64::from(src.0)).round() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_crop_takes_the_full_height_of_a_wide_source_around_the_focal_point() {
        // 2000×1000 to a square: a 1000×1000 window.
        assert_eq!(
            cover_crop((2000, 1000), (100, 100), [0.5, 0.5]),
            (500.0, 0.0, 1000.0, 1000.0)
        );
        assert_eq!(
            cover_crop((2000, 1000), (100, 100), [0.0, 0.5]),
            (0.0, 0.0, 1000.0, 1000.0)
        );
        // A focal point near the edge is clamped so the window stays inside.
        assert_eq!(
            cover_crop((2000, 1000), (100, 100), [0.9, 0.5]),
            (1000.0, 0.0, 1000.0, 1000.0)
        );
    }

    #[test]
    fn cover_crop_of_a_tall_target_from_a_square_source() {
        let (l, t, w, h) = cover_crop((2400, 2400), (1080, 1920), [0.5, 0.25]);
        assert_eq!((t, h), (0.0, 2400.0));
        assert!((w - 1350.0).abs() < 1e-9);
        assert!((l - 525.0).abs() < 1e-9);
        let (_, t, _, h) = cover_crop((2400, 2400), (1200, 630), [0.5, 0.0]);
        assert_eq!(t, 0.0);
        assert!((h - 1260.0).abs() < 1e-9);
    }

    #[test]
    fn resize_gives_exact_dimensions() {
        let src = Pixels {
            width: 300,
            height: 200,
            has_alpha: false,
            data: vec![128; 300 * 200 * 3],
        };
        let out = resize(&mut Resizer::new(), &src, 120, 63, Some([0.5, 0.5])).unwrap();
        assert_eq!(
            (out.width, out.height, out.data.len()),
            (120, 63, 120 * 63 * 3)
        );
        assert!(out.data.iter().all(|&v| v == 128));
    }

    #[test]
    fn transparent_edges_do_not_darken() {
        // Left half opaque red, right half fully transparent *black*: without
        // premultiplied resampling the boundary pixels turn dark red.
        let (w, h) = (64, 8);
        let mut data = Vec::new();
        for _ in 0..h {
            for x in 0..w {
                data.extend(if x < w / 2 {
                    [255, 0, 0, 255]
                } else {
                    [0, 0, 0, 0]
                });
            }
        }
        let src = Pixels {
            width: w,
            height: h,
            has_alpha: true,
            data,
        };
        let out = resize(&mut Resizer::new(), &src, 16, 2, None).unwrap();
        for p in out.data.chunks_exact(4).filter(|p| p[3] > 20) {
            assert!(p[0] > 240, "dark fringe: {p:?}");
        }
    }

    #[test]
    fn flattening_composites_over_white() {
        let p = Pixels {
            width: 2,
            height: 1,
            has_alpha: true,
            data: vec![0, 0, 0, 0, 10, 20, 30, 255],
        };
        assert_eq!(p.flattened().data, vec![255, 255, 255, 10, 20, 30]);
    }
}
