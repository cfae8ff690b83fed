//! Title cards for items without an image: the theme's `cards/card.svg` template,
//! filled with a layout computed here. Line breaks and the title size are measured
//! with the bundled font's own advance widths, so a title is never clipped and never
//! runs off the card; a title too long even at the smallest size ends in an ellipsis.

use serde::Serialize;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use unicode_segmentation::UnicodeSegmentation;

/// Measures text set in one font.
pub trait Measure {
    /// Width of `text` at `size` pixels.
    fn width(&self, text: &str, size: f32) -> f32;
}

/// Advance widths from a font file (kerning ignored; a margin covers it).
pub struct FontMeasure<'a> {
    font: FontRef<'a>,
    units_per_em: f32,
}

impl<'a> FontMeasure<'a> {
    pub fn new(bytes: &'a [u8]) -> Option<FontMeasure<'a>> {
        let font = FontRef::new(bytes).ok()?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        (units_per_em > 0.0).then_some(FontMeasure { font, units_per_em })
    }
}

impl Measure for FontMeasure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                let gid = charmap
                    .map(c)
                    .or_else(|| charmap.map('?'))
                    .unwrap_or_default();
                metrics
                    .advance_width(gid)
                    .unwrap_or(self.units_per_em * 0.6)
            })
            .sum();
        units * size / self.units_per_em
    }
}

/// Greedy word wrap at `max_width`. A word wider than a line is split between graphemes.
pub fn wrap(text: &str, measure: &dyn Measure, size: f32, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure.width(&candidate, size) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for g in word.graphemes(true) {
            let candidate = format!("{line}{g}");
            if !line.is_empty() && measure.width(&candidate, size) > max_width {
                lines.push(std::mem::take(&mut line));
                line = g.to_string();
            } else {
                line = candidate;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cuts `lines` to `max` lines, ending the last at a word boundary with an ellipsis that fits.
fn ellipsize(
    mut lines: Vec<String>,
    max: usize,
    measure: &dyn Measure,
    size: f32,
    max_width: f32,
) -> Vec<String> {
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max.max(1));
    if let Some(last) = lines.last_mut() {
        let mut words: Vec<&str> = last.split(' ').collect();
        loop {
            let text = format!("{}…", words.join(" "));
            if measure.width(&text, size) <= max_width || words.len() <= 1 {
                *last = text;
                break;
            }
            words.pop();
        }
        // A single word still too wide: drop graphemes until it fits.
        while measure.width(last, size) > max_width && last.chars().count() > 1 {
            let mut g: Vec<&str> = last.graphemes(true).collect();
            g.truncate(g.len().saturating_sub(2));
            *last = format!("{}…", g.concat());
        }
    }
    lines
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    pub text: String,
    pub y: f32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TitleLayout {
    pub size: f32,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TextBox {
    pub x: f32,
    pub y: f32,
    pub size: f32,
}

/// The logo sits on a light rounded panel, so any logo reads on any brand colour.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Logo {
    pub href: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub panel: Panel,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Panel {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub radius: f32,
}

/// Everything `cards/card.svg` needs, in pixels of the preset.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CardLayout {
    pub width: u32,
    pub height: u32,
    pub pad: f32,
    pub bar: f32,
    pub background: String,
    pub foreground: String,
    pub accent: String,
    pub practice: String,
    pub kind: String,
    /// The footer line: practice name, then the kind of item.
    pub footer: TextBox,
    pub title: TitleLayout,
    pub logo: Option<Logo>,
    /// The text area's width, for templates that draw their own layout.
    pub text_width: f32,
}

pub struct CardText<'a> {
    pub title: &'a str,
    pub practice: &'a str,
    pub kind: &'a str,
    pub background: &'a str,
    pub accent: &'a str,
    /// A `data:` URL of the practice's logo and its aspect ratio (width / height).
    pub logo: Option<(&'a str, f32)>,
}

const LINE_HEIGHT: f32 = 1.18;
/// Measured widths are kept this far inside the line, for kerning and rendering.
const WIDTH_MARGIN: f32 = 0.96;

pub fn layout(width: u32, height: u32, text: &CardText<'_>, bold: &dyn Measure) -> CardLayout {
    let (w, h) = (width as f32, height as f32);
    let unit = w.min(h);
    let pad = (unit * 0.075).round();
    let bar = (unit * 0.03).round();
    let text_width = w - 2.0 * pad;
    let max_width = text_width * WIDTH_MARGIN;

    let logo = text.logo.map(|(href, aspect)| {
        let inset = (unit * 0.02).round();
        let mut lh = (unit * 0.075).round();
        let mut lw = lh * aspect.max(0.1);
        if lw > text_width * 0.7 - 2.0 * inset {
            lw = text_width * 0.7 - 2.0 * inset;
            lh = lw / aspect.max(0.1);
        }
        Logo {
            href: href.to_string(),
            x: pad + inset,
            y: pad + inset,
            width: lw.round(),
            height: lh.round(),
            panel: Panel {
                x: pad,
                y: pad,
                width: (lw + 2.0 * inset).round(),
                height: (lh + 2.0 * inset).round(),
                radius: (inset * 0.8).round(),
            },
        }
    });
    let header = logo.as_ref().map_or(0.0, |l| l.panel.height + unit * 0.05);

    let footer_line = format!("{} · {}", text.practice, text.kind);
    let mut footer_size = (unit * 0.036).round();
    while footer_size > 8.0 && bold.width(&footer_line, footer_size) > max_width {
        footer_size -= 1.0;
    }
    let footer_y = h - bar - pad;

    let top = pad + header;
    let bottom = footer_y - footer_size * 1.2 - unit * 0.04;
    let area = (bottom - top).max(unit * 0.1);

    let largest = unit * 0.105;
    let smallest = unit * 0.05;
    let mut size = largest;
    let lines = loop {
        let lines = wrap(text.title, bold, size, max_width);
        let fits = lines.len() as f32 * size * LINE_HEIGHT <= area;
        if fits {
            break lines;
        }
        if size * 0.92 < smallest {
            let max_lines = ((area / (size * LINE_HEIGHT)).floor() as usize).max(1);
            break ellipsize(lines, max_lines, bold, size, max_width);
        }
        size *= 0.92;
    };
    let size = size.floor();
    let block = lines.len() as f32 * size * LINE_HEIGHT;
    let first_baseline = top + (area - block) / 2.0 + size * 0.95;
    CardLayout {
        width,
        height,
        pad,
        bar,
        background: text.background.to_string(),
        foreground: readable_on(text.background).to_string(),
        accent: text.accent.to_string(),
        practice: text.practice.to_string(),
        kind: text.kind.to_string(),
        footer: TextBox {
            x: pad,
            y: footer_y,
            size: footer_size,
        },
        title: TitleLayout {
            size,
            lines: lines
                .into_iter()
                .enumerate()
                .map(|(i, text)| Line {
                    text,
                    y: (first_baseline + i as f32 * size * LINE_HEIGHT).round(),
                })
                .collect(),
        },
        logo,
        text_width,
    }
}

/// White or near-black text, whichever contrasts more with `background` (WCAG luminance).
pub fn readable_on(background: &str) -> &'static str {
    let hex = background.trim_start_matches('#');
    let channel = |i: usize| -> f64 {
        let v = hex
            .get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0);
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    if hex.len() != 6 {
        return "#ffffff";
    }
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    let dark = 0.0056; // #111111
    if 1.05 / (l + 0.05) >= (l + 0.05) / (dark + 0.05) {
        "#ffffff"
    } else {
        "#111111"
    }
}

/// A `data:` URL for an image file, for embedding the logo in the card.
pub fn data_url(name: &str, bytes: &[u8]) -> String {
    let lower = name.to_ascii_lowercase();
    let mime = if lower.ends_with(".svg") {
        "image/svg+xml"
    } else if lower.ends_with(".png") {
        "image/png"
    } else if lower.ends_with(".webp") {
        "image/webp"
    } else {
        "image/jpeg"
    };
    format!("data:{mime};base64,{}", base64(bytes))
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The theme's `cards/card.svg`, compiled once per build.
pub struct CardTemplate {
    tera: tera::Tera,
    origin: std::path::PathBuf,
    bold: Vec<u8>,
    fingerprint: String,
}

/// Bump when `layout` computes a different card from the same text: cached cards are keyed
/// on their inputs (so a warm build lays nothing out), not on the SVG they produce.
const LAYOUT_VERSION: &str = "card-layout-1";

const CARD_TEMPLATE: &str = "card.svg";

impl CardTemplate {
    pub fn new(theme: &crate::theme::Theme) -> Result<CardTemplate, Diagnostic> {
        let origin = crate::theme::template_origin(theme, "cards", CARD_TEMPLATE);
        let text = theme
            .get("cards/card.svg")
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
            .ok_or_else(|| {
                Diagnostic::error(
                    "template::not_utf8",
                    "the title card template is missing or not UTF-8 text",
                )
                .in_file(&origin)
            })?;
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".svg"]);
        let origins =
            std::collections::BTreeMap::from([(CARD_TEMPLATE.to_string(), origin.clone())]);
        tera.add_raw_template(CARD_TEMPLATE, text).map_err(|e| {
            crate::theme::tera_diagnostic(&e, "template::syntax", &origins, CARD_TEMPLATE)
        })?;
        let bold = theme.font("Bold").map(<[u8]>::to_vec).unwrap_or_default();
        let fingerprint = super::cache::key(&[
            LAYOUT_VERSION.as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            text.as_bytes(),
            &bold,
        ]);
        Ok(CardTemplate {
            tera,
            origin,
            bold,
            fingerprint,
        })
    }

    /// A key for the cards of `text` in `presets`: everything their pixels depend on except
    /// the image settings and the fonts, which the processor adds.
    pub fn key(&self, presets: &[super::Target], text: &CardText<'_>) -> String {
        let (logo, aspect) = text.logo.unwrap_or(("", 0.0));
        let aspect = aspect.to_le_bytes();
        let mut parts: Vec<&[u8]> = vec![
            self.fingerprint.as_bytes(),
            text.title.as_bytes(),
            text.practice.as_bytes(),
            text.kind.as_bytes(),
            text.background.as_bytes(),
            text.accent.as_bytes(),
            logo.as_bytes(),
            &aspect,
        ];
        let sizes: Vec<String> = presets
            .iter()
            .map(|t| format!("{}:{}x{}", t.name, t.width, t.height))
            .collect();
        parts.extend(sizes.iter().map(String::as_bytes));
        super::cache::key(&parts)
    }

    /// The card's SVG for each preset.
    pub fn render_all(
        &self,
        presets: &[super::Target],
        text: &CardText<'_>,
    ) -> Result<Vec<(super::Target, String)>, Diagnostic> {
        let fallback = Average;
        let bold = FontMeasure::new(&self.bold);
        let bold: &dyn Measure = bold.as_ref().map_or(&fallback, |m| m);
        presets
            .iter()
            .map(|t| {
                let card = layout(t.width, t.height, text, bold);
                let mut ctx = tera::Context::new();
                ctx.insert("card", &card);
                let origins = std::collections::BTreeMap::from([(
                    CARD_TEMPLATE.to_string(),
                    self.origin.clone(),
                )]);
                self.tera
                    .render(CARD_TEMPLATE, &ctx)
                    .map(|svg| (t.clone(), svg))
                    .map_err(|e| {
                        crate::theme::tera_diagnostic(
                            &e,
                            "template::render",
                            &origins,
                            CARD_TEMPLATE,
                        )
                    })
            })
            .collect()
    }
}

/// Used when a theme ships no readable font: wide enough that text still fits.
struct Average;
impl Measure for Average {
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().count() as f32 * size * 0.62
    }
}

use crate::diagnostics::Diagnostic;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 0.5 em wide.
    struct Fixed;
    impl Measure for Fixed {
        fn width(&self, text: &str, size: f32) -> f32 {
            text.chars().count() as f32 * size * 0.5
        }
    }

    fn text(title: &str) -> CardText<'_> {
        CardText {
            title,
            practice: "Lakeside Family Medicine",
            kind: "Health article",
            background: "#0b6e4f",
            accent: "#f2a541",
            logo: None,
        }
    }

    fn assert_inside(card: &CardLayout, m: &dyn Measure) {
        let footer = format!("{} · {}", card.practice, card.kind);
        assert!(card.pad + m.width(&footer, card.footer.size) <= card.width as f32 - card.pad);
        if let Some(logo) = &card.logo {
            assert!(logo.panel.x + logo.panel.width <= card.width as f32 - card.pad);
            assert!(card.title.lines[0].y - card.title.size >= logo.panel.y + logo.panel.height);
        }
        for line in &card.title.lines {
            let right = card.pad + m.width(&line.text, card.title.size);
            assert!(
                right <= card.width as f32 - card.pad,
                "{line:?} overflows {card:?}"
            );
            assert!(
                line.y - card.title.size > card.pad,
                "{line:?} above the top"
            );
            assert!(
                line.y < card.footer.y - card.footer.size,
                "{line:?} runs into the footer"
            );
        }
    }

    #[test]
    fn wrap_breaks_between_words_and_splits_only_overlong_words() {
        // Each character is 5 px wide at size 10.
        assert_eq!(wrap("aa bb cc", &Fixed, 10.0, 24.0), vec!["aa", "bb", "cc"]);
        assert_eq!(wrap("aa bb cc", &Fixed, 10.0, 30.0), vec!["aa bb", "cc"]);
        assert_eq!(wrap("aa bb cc", &Fixed, 10.0, 40.0), vec!["aa bb cc"]);
        assert_eq!(wrap("abcdefgh", &Fixed, 10.0, 20.0), vec!["abcd", "efgh"]);
    }

    #[test]
    fn short_titles_are_large_and_long_titles_smaller_but_inside() {
        let short = layout(1200, 630, &text("Flu shots"), &Fixed);
        let long = layout(
            1200,
            630,
            &text(&"What to expect at your first annual physical, and the questions worth bringing to your doctor. ".repeat(3)),
            &Fixed,
        );
        assert!(short.title.size > long.title.size);
        assert_inside(&short, &Fixed);
        assert_inside(&long, &Fixed);
    }

    #[test]
    fn absurdly_long_title_ends_with_an_ellipsis_and_stays_inside() {
        let title = "word ".repeat(400);
        for (w, h) in [(1200, 630), (1080, 1920), (1000, 1500), (1080, 1080)] {
            let card = layout(w, h, &text(&title), &Fixed);
            assert!(card.title.lines.last().unwrap().text.ends_with('…'));
            assert_inside(&card, &Fixed);
        }
        let card = layout(1200, 630, &text(&"x".repeat(5000)), &Fixed);
        assert_inside(&card, &Fixed);
        let mut with_logo = text("A title with a logo above it");
        with_logo.logo = Some(("data:image/svg+xml;base64,", 330.0 / 64.0));
        for (w, h) in [(1200, 630), (1080, 1920), (1600, 900)] {
            assert_inside(&layout(w, h, &with_logo, &Fixed), &Fixed);
        }
    }

    #[test]
    fn the_bundled_font_measures_wider_text_as_wider() {
        let font = include_bytes!("../../themes/default/fonts/Inter-Bold.otf");
        let m = FontMeasure::new(font).unwrap();
        assert!(m.width("WWWW", 40.0) > m.width("iiii", 40.0));
        let w = m.width("Hello", 100.0);
        assert!(w > 150.0 && w < 400.0, "{w}");
    }

    #[test]
    fn text_colour_contrasts_with_the_brand() {
        assert_eq!(readable_on("#0b6e4f"), "#ffffff");
        assert_eq!(readable_on("#f2f2f2"), "#111111");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
