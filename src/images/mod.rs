//! Image sources for pages: decoded with limits and re-encoded, so no output image
//! carries the source's EXIF, GPS or other metadata; SVGs are checked for external references.

use crate::diagnostics::Diagnostic;
use std::io::Cursor;
use std::path::Path;

/// Largest source accepted, in pixels per side and in decoder memory.
const MAX_SIDE: u32 = 12_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
}

pub fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Reads, checks and re-encodes one image source (a path relative to `root`).
pub fn prepare(root: &Path, source: &Path) -> Result<Prepared, Diagnostic> {
    let bytes = std::fs::read(root.join(source)).map_err(|e| {
        Diagnostic::error("image::unreadable", format!("cannot read the image: {e}"))
            .in_file(source)
    })?;
    let name = source.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".svg") {
        return prepare_svg(bytes, source);
    }
    let broken = |e: String| {
        Diagnostic::error(
            "image::invalid",
            format!("the image cannot be decoded: {e}"),
        )
        .in_file(source)
        .with_help(
            "re-export the image as PNG, JPEG, WebP or GIF; the file may be truncated or corrupt",
        )
    };
    let mut reader = image::ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| broken(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let format = reader
        .format()
        .ok_or_else(|| broken("unknown image format".into()))?;
    let img = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Diagnostic::error(
            "image::too_large",
            format!("the image is larger than {MAX_SIDE}×{MAX_SIDE} pixels or needs too much memory to decode"),
        )
        .in_file(source)
        .with_help("scale the image down before adding it"),
        other => broken(other.to_string()),
    })?;
    let (out_format, extension) = match format {
        image::ImageFormat::Jpeg => (image::ImageFormat::Jpeg, "jpg"),
        _ => (image::ImageFormat::Png, "png"),
    };
    let img = if out_format == image::ImageFormat::Jpeg {
        image::DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        img
    };
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, out_format)
        .map_err(|e| broken(e.to_string()))?;
    Ok(Prepared {
        bytes: out.into_inner(),
        extension,
        width: img.width(),
        height: img.height(),
    })
}

/// SVGs are published as written, so they must not reach outside themselves.
fn prepare_svg(bytes: Vec<u8>, source: &Path) -> Result<Prepared, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error("image::invalid", "the SVG is not UTF-8 text").in_file(source)
    })?;
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Err(
            Diagnostic::error("image::invalid", "the file is not an SVG image").in_file(source),
        );
    }
    if let Some((found, offset)) = svg_reach(&lower) {
        let line = lower[..offset].matches('\n').count() + 1;
        return Err(Diagnostic::error(
            "image::svg_external_reference",
            format!("the SVG references something outside itself or runs script ({found})"),
        )
        .in_file(source)
        .at_line(line)
        .with_help("embed everything in the SVG (shapes, text, data: images) and remove scripts"));
    }
    let (width, height) = svg_size(&text).unwrap_or((1200, 1200));
    Ok(Prepared {
        bytes: text.into_bytes(),
        extension: "svg",
        width,
        height,
    })
}

/// Finds the first construct that would make a renderer or browser load something
/// outside the SVG or run code: external `href`/`src`, `url(...)`, entities, scripts.
fn svg_reach(lower: &str) -> Option<(String, usize)> {
    for banned in [
        "<script",
        "<!entity",
        "<foreignobject",
        "@import",
        "javascript:",
    ] {
        if let Some(i) = lower.find(banned) {
            return Some((format!("`{banned}`"), i));
        }
    }
    for attr in ["href=", "src=", "url("] {
        for (i, _) in lower.match_indices(attr) {
            let rest = lower[i + attr.len()..].trim_start_matches(['"', '\'', ' ']);
            if !(rest.starts_with('#') || rest.starts_with("data:")) {
                let value: String = rest
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ')' | '>'))
                    .take(60)
                    .collect();
                return Some((format!("`{attr}{value}`"), i));
            }
        }
    }
    None
}

fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let v = &tag[i..i + tag[i..].find('"')?];
        v.trim_end_matches("px").parse().ok()
    };
    if let (Some(w), Some(h)) = (attr("width"), attr("height")) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let i = tag.find("viewBox=\"")? + 9;
    let vb: Vec<f64> = tag[i..i + tag[i..].find('"')?]
        .split([' ', ','])
        .filter_map(|s| s.parse().ok())
        .collect();
    (vb.len() == 4).then(|| (vb[2].round() as u32, vb[3].round() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_viewbox() {
        assert_eq!(
            svg_size("<svg width=\"300\" height=\"200\">"),
            Some((300, 200))
        );
        assert_eq!(
            svg_size("<svg viewBox=\"0 0 1200 630\">"),
            Some((1200, 630))
        );
    }

    #[test]
    fn svg_namespace_and_internal_references_are_fine() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use href=\"#a\"/><rect fill=\"url(#g)\"/></svg>";
        assert!(prepare_svg(svg.to_vec(), Path::new("x.svg")).is_ok());
        for bad in [
            "<image href=\"https://x/y.png\"/>",
            "<image xlink:href='../../a.png'/>",
            "<style>@import 'x.css'</style>",
            "<rect fill=\"url(http://x)\"/>",
        ] {
            let text = format!("<svg>{bad}</svg>");
            assert!(
                prepare_svg(text.into_bytes(), Path::new("x.svg")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn svg_with_external_reference_is_refused() {
        let e = prepare_svg(
            b"<svg>\n<image href=\"file:///etc/passwd\"/></svg>".to_vec(),
            Path::new("x.svg"),
        )
        .unwrap_err();
        assert_eq!(e.code, "image::svg_external_reference");
        assert_eq!(e.line, Some(2));
    }
}
