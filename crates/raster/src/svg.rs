//! SVG sources and title cards: checked so they cannot reach outside themselves,
//! and rasterised with resvg using only the theme's bundled fonts, so the output is
//! the same on every machine.

use crate::resize::Pixels;
use std::sync::Arc;

/// Rasterised SVGs larger than this are refused (an extreme aspect ratio or size).
const MAX_PIXELS: u64 = 40_000_000;

/// Parsing options shared by every SVG of a build: the bundled fonts and no access
/// to files or the network.
pub fn options(fonts: &[Vec<u8>]) -> resvg::usvg::Options<'static> {
    let mut db = resvg::usvg::fontdb::Database::new();
    for f in fonts {
        db.load_font_data(f.clone());
    }
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
        .unwrap_or_else(|| "Inter".into());
    // Generic names (`sans-serif`, …) in infographics resolve to the bundled font too.
    db.set_sans_serif_family(family.clone());
    db.set_serif_family(family.clone());
    db.set_monospace_family(family.clone());
    db.set_cursive_family(family.clone());
    db.set_fantasy_family(family.clone());
    let mut opt = resvg::usvg::Options {
        font_family: family,
        ..resvg::usvg::Options::default()
    };
    opt.fontdb = Arc::new(db);
    opt.image_href_resolver = resvg::usvg::ImageHrefResolver {
        resolve_data: resvg::usvg::ImageHrefResolver::default_data_resolver(),
        resolve_string: Box::new(|_, _| None),
    };
    opt
}

/// Renders an SVG so it covers `cover` (width, height) at least, keeping its aspect ratio.
pub fn rasterize(
    svg: &[u8],
    opt: &resvg::usvg::Options<'_>,
    cover: (u32, u32),
) -> Result<Pixels, String> {
    let tree = resvg::usvg::Tree::from_data(svg, opt).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let scale = (f64::from(cover.0) / w).max(f64::from(cover.1) / h);
    let (pw, ph) = ((w * scale).ceil(), (h * scale).ceil());
    if pw * ph > MAX_PIXELS as f64 || pw < 1.0 || ph < 1.0 {
        return Err(format!(
            "rendering it at {}×{} pixels to fill {}×{} would be too large; use a less extreme aspect ratio",
            pw, ph, cover.0, cover.1
        ));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pw as u32, ph as u32)
        .ok_or_else(|| "cannot allocate the image".to_string())?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    let (width, height) = (pixmap.width(), pixmap.height());
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let raw = pixmap.data();
    // Opaque pixels are the same premultiplied or not: keep RGB, skip the alpha work.
    let data = if opaque {
        let mut rgb = Vec::with_capacity(raw.len() / 4 * 3);
        for p in raw.chunks_exact(4) {
            rgb.extend_from_slice(&p[..3]);
        }
        rgb
    } else {
        let mut rgba = Vec::with_capacity(raw.len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        rgba
    };
    Ok(Pixels {
        width,
        height,
        has_alpha: !opaque,
        data,
    })
}

/// Finds the first construct that would make a renderer or browser load something
/// outside the SVG or run code: external `href`/`src`, `url(...)`, entities, scripts.
pub fn svg_reach(lower: &str) -> Option<(String, usize)> {
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

pub fn svg_size(text: &str) -> Option<(u32, u32)> {
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
    fn rasterize_covers_the_requested_size() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#0b6e4f"/></svg>"##;
        let px = rasterize(svg, &options(&[]), (1080, 1080)).unwrap();
        assert_eq!((px.width, px.height), (2160, 1080));
        assert!(!px.has_alpha, "an opaque drawing needs no alpha channel");
        assert_eq!(&px.data[..3], &[0x0b, 0x6e, 0x4f]);
    }

    #[test]
    fn external_files_are_never_loaded() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="/etc/passwd" width="10" height="10"/></svg>"#;
        let px = rasterize(svg, &options(&[]), (10, 10)).unwrap();
        assert!(px.data.chunks(4).all(|p| p[3] == 0));
    }

    #[test]
    fn extreme_aspect_ratio_is_refused() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="100000"/>"#;
        assert!(rasterize(svg, &options(&[]), (1080, 1080)).is_err());
    }
}
