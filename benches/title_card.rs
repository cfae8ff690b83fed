//! Where a title card's time goes, on one thread: laying it out and filling the SVG
//! template (`CardTemplate::render_all`), rasterising the SVG (resvg), encoding the JPEG
//! (the site's quality, capped at the preset's upload limit), for the `og` preset of
//! COUNT titles of the lengths the synthetic corpus has, with the site's logo as a build
//! draws it. Prints per-card medians.
//!
//!   cargo bench --bench title_card -- [SITE] [COUNT]     (SITE: the example site)

use carepress::images::card::{CardTemplate, CardText};
use carepress::images::{Settings, encode, svg};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let count: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(300);
    let config_file = root.join("carepress.yaml");
    let text = std::fs::read_to_string(&config_file).unwrap_or_else(|e| {
        eprintln!("{}: {e}", config_file.display());
        std::process::exit(2)
    });
    let Ok(config) = carepress::config::parse(&text, &config_file) else {
        eprintln!("{}: not a valid config", config_file.display());
        std::process::exit(2)
    };
    let Ok(theme) = carepress::theme::load_theme(&root, &config.theme) else {
        eprintln!("the theme {} cannot be loaded", config.theme);
        std::process::exit(2)
    };
    let template = CardTemplate::new(&theme).unwrap_or_else(|d| {
        eprintln!("{}", d.message);
        std::process::exit(2)
    });
    let settings = Settings::from_config(&config);
    let Some(og) = settings.presets.iter().find(|t| t.name == "og").cloned() else {
        eprintln!("the site has no og preset");
        std::process::exit(2)
    };
    let svg_options = svg::options(&theme.fonts());
    // The site's logo, as the build puts it on every card (`brand.logo` in static/).
    let logo = config.brand.logo.as_deref().and_then(|name| {
        let bytes = std::fs::read(root.join("static").join(name)).ok()?;
        let aspect = carepress::images::logo_aspect(name, &bytes)?;
        Some((carepress::images::card::data_url(name, &bytes), aspect))
    });
    let words = [
        "Understanding",
        "your",
        "blood",
        "pressure",
        "numbers",
        "and",
        "what",
        "they",
        "mean",
        "for",
        "heart",
        "health",
        "screening",
        "vaccines",
        "sleep",
        "diabetes",
    ];
    let (mut laid, mut rastered, mut encoded) = (Vec::new(), Vec::new(), Vec::new());
    let mut bytes = Vec::new();
    for i in 0..count {
        // Titles of 3 to 14 words, as in ../shared/bench/gen_corpus.py.
        let title: Vec<&str> = (0..3 + i % 12)
            .map(|w| words[(i + w * 7) % words.len()])
            .collect();
        let title = title.join(" ");
        let card = CardText {
            title: &title,
            practice: config.practice_name(),
            kind: "Health article",
            background: &config.brand.color,
            accent: &config.brand.accent,
            logo: logo.as_ref().map(|(href, aspect)| (href.as_str(), *aspect)),
        };
        let started = Instant::now();
        let svgs = template
            .render_all(std::slice::from_ref(&og), &card)
            .unwrap_or_else(|d| {
                eprintln!("{}", d.message);
                std::process::exit(1)
            });
        laid.push(started.elapsed());
        let started = Instant::now();
        let pixels = svg::rasterize(svgs[0].1.as_bytes(), &svg_options, (og.width, og.height))
            .unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1)
            });
        rastered.push(started.elapsed());
        let started = Instant::now();
        let jpeg =
            encode::encode_within(&pixels, settings.encoding, og.max_bytes).unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1)
            });
        encoded.push(started.elapsed());
        bytes.push(jpeg.bytes.len());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1000.0
    };
    bytes.sort_unstable();
    let (l, r, e) = (
        median(&mut laid),
        median(&mut rastered),
        median(&mut encoded),
    );
    println!(
        "{count} og cards {}x{} on one thread, medians: layout+template {l:.2} ms, rasterise {r:.2} ms, encode {e:.2} ms, total {:.2} ms; median file {:.1} KB",
        og.width,
        og.height,
        l + r + e,
        bytes[bytes.len() / 2] as f64 / 1024.0
    );
}
