//! The image kit, tested on `tests/fixtures/images`: sources in every format (a JPEG
//! with EXIF orientation 6 and GPS, a PNG with alpha, an animated GIF, a WebP, an SVG
//! with text), generated title cards, the `og:image` tags and the cache.

use crate::common::{TODAY, carepress, copy_fixture};
use carepress::config::DEFAULT_PRESETS as PRESETS;
use std::path::{Path, PathBuf};

struct Build {
    site: tempfile::TempDir,
    public: PathBuf,
    /// The social kit, written beside `public` by default.
    kit: PathBuf,
    stderr: String,
}

fn build_in(site: tempfile::TempDir) -> Build {
    let public = site.path().join("public");
    let out = carepress()
        .args(["build", "--today", TODAY, "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(&public)
        .env("CAREPRESS_TIMINGS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    Build {
        kit: site.path().join("social-kit"),
        site,
        public,
        stderr,
    }
}

/// One build of the fixture shared by the tests that only read it.
fn build() -> &'static Build {
    static SHARED: std::sync::OnceLock<Build> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| build_in(copy_fixture("images")))
}

impl Build {
    fn image(&self, rel: &str) -> image::RgbImage {
        image::open(self.public.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .to_rgb8()
    }
    fn read_kit(&self, rel: &str) -> String {
        std::fs::read_to_string(self.kit.join(rel)).unwrap_or_else(|e| panic!("kit {rel}: {e}"))
    }
    /// An image of the social kit, e.g. `articles/flu/square.jpg`.
    fn kit_image(&self, rel: &str) -> image::RgbImage {
        image::open(self.kit.join(rel))
            .unwrap_or_else(|e| panic!("kit {rel}: {e}"))
            .to_rgb8()
    }
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    /// The `timings: images …` line.
    fn image_timings(&self) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with("timings: images"))
            .expect("timings line")
    }
}

fn kit_dirs(kit: &Path) -> Vec<String> {
    let mut dirs = Vec::new();
    for kind in ["articles", "infographics"] {
        for e in std::fs::read_dir(kit.join(kind)).unwrap() {
            dirs.push(format!(
                "{kind}/{}",
                e.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    dirs.sort();
    dirs
}

pub fn every_item_has_every_preset_at_its_exact_size() {
    let b = build();
    let dirs = kit_dirs(&b.kit);
    assert_eq!(
        dirs,
        [
            "articles/no-image",
            "articles/with-photo",
            "infographics/anim",
            "infographics/chart",
            "infographics/photo",
            "infographics/pic",
            "infographics/steps",
        ]
    );
    for dir in &dirs {
        // Title cards (the item without an image) have only what pages and due posts show.
        let card = *dir == "articles/no-image";
        let wanted = card_presets_shown(b, dir);
        for (name, w, h) in PRESETS {
            let file = format!("{dir}/{name}.jpg");
            if card && !wanted.contains(*name) {
                assert!(
                    !b.kit.join(&file).exists(),
                    "{file} was made but nothing shows it"
                );
                continue;
            }
            let img = b.kit_image(&file);
            assert_eq!((img.width(), img.height()), (*w, *h), "{file}");
        }
    }
}

/// The presets a title card must have: the `og:image`, and each preset a post due within
/// the horizon shows (read from the kit's preview page).
fn card_presets_shown(b: &Build, dir: &str) -> std::collections::BTreeSet<String> {
    let page = b.read_kit("index.html");
    let mut wanted: std::collections::BTreeSet<String> = page
        .split(&format!("src=\"{dir}/"))
        .skip(1)
        .map(|rest| rest[..rest.find(".jpg").unwrap()].to_string())
        .collect();
    wanted.insert("og".into());
    assert!(
        wanted.len() > 1 && wanted.len() < PRESETS.len(),
        "the fixture should show some presets of the card and not others: {wanted:?}"
    );
    wanted
}

/// The deployed site holds each item's `og:image` and the images of the posts due within
/// the horizon (schedulers fetch `image_url`), and no other social image.
pub fn the_site_holds_only_the_social_images_pages_and_upcoming_posts_link_to() {
    let b = build();
    let posts: serde_json::Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    let horizon = b.read_kit("index.html");
    let mut expected = std::collections::BTreeSet::new();
    for dir in kit_dirs(&b.kit) {
        expected.insert(format!("social/{dir}/og.jpg"));
    }
    for post in posts["posts"].as_array().unwrap() {
        let url = post["image_url"].as_str().unwrap();
        let path = url.strip_prefix("https://images.test/").unwrap();
        // Only upcoming posts are in the preview page; their images must be public.
        let kit_copy = path.strip_prefix("social/").unwrap_or(path);
        if horizon.contains(&format!("src=\"{kit_copy}\"")) {
            expected.insert(path.to_string());
        }
    }
    let mut public = std::collections::BTreeSet::new();
    for e in walkdir::WalkDir::new(b.public.join("social"))
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(&b.public).unwrap();
            public.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    assert!(public.len() > kit_dirs(&b.kit).len(), "{public:?}");
    assert_eq!(public, expected);
    for p in &public {
        assert!(p.ends_with(".jpg"), "only images are public: {p}");
    }
}

/// JPEG segments between SOI and SOS: (marker, payload).
fn jpeg_segments(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        out.push((marker, bytes[i + 4..i + 2 + len].to_vec()));
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    out
}

pub fn no_output_image_carries_metadata() {
    let b = build();
    let mut checked = 0;
    let files = walkdir::WalkDir::new(&b.public)
        .into_iter()
        .chain(walkdir::WalkDir::new(&b.kit))
        .flatten();
    for e in files {
        let path = e.path();
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !["jpg", "png", "webp", "gif"].contains(&ext) {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "Exif",
            "GPS",
            "secret-metadata-marker",
            "http://ns.adobe.com/xap",
        ] {
            assert!(
                !text.contains(needle),
                "{} contains {needle}",
                path.display()
            );
        }
        if ext == "jpg" {
            for (marker, _) in jpeg_segments(&bytes) {
                // APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC) and COM must not be written.
                assert!(
                    ![0xE1, 0xE2, 0xED, 0xFE].contains(&marker),
                    "{} has segment {marker:#x}",
                    path.display()
                );
            }
        }
        if ext == "png" {
            for chunk in [&b"tEXt"[..], b"iTXt", b"zTXt", b"eXIf"] {
                assert!(!bytes.windows(4).any(|w| w == chunk), "{}", path.display());
            }
        }
        checked += 1;
    }
    assert!(checked >= 42, "only {checked} images checked");
}

pub fn exif_orientation_is_applied_and_gps_reported() {
    let b = build();
    // Stored 400×300 sideways (left red, right blue) with orientation 6: upright it is
    // 300×400 with red on top.
    let html = b.read("infographics/photo/index.html");
    assert!(
        html.contains("src=\"/infographics/photo/photo-300.jpg\""),
        "{html}"
    );
    assert!(html.contains("width=\"300\" height=\"400\""));
    let page = b.image("infographics/photo/photo-300.jpg");
    assert_eq!((page.width(), page.height()), (300, 400));
    let top = page.get_pixel(150, 20);
    let bottom = page.get_pixel(150, 380);
    assert!(top[0] > 180 && top[2] < 80, "top should be red: {top:?}");
    assert!(
        bottom[2] > 180 && bottom[0] < 80,
        "bottom should be blue: {bottom:?}"
    );
    // focal_point [0.5, 0] keeps the top of the upright photo in a wide crop.
    let og = b.image("social/infographics/photo/og.jpg");
    let p = og.get_pixel(600, 300);
    assert!(
        p[0] > 180 && p[2] < 80,
        "og crop should be the red top: {p:?}"
    );
    assert!(
        b.stderr.contains("warning[image::gps]")
            && b.stderr.contains("content/infographics/photo.jpg"),
        "{}",
        b.stderr
    );
}

pub fn gif_uses_its_first_frame_and_png_alpha_has_no_dark_fringe() {
    let b = build();
    let p = b
        .kit_image("infographics/anim/square.jpg")
        .get_pixel(540, 540)
        .0;
    assert!(p[0] > 200 && p[2] < 50, "first frame is red: {p:?}");
    // The chart is a green box on a transparent border: flattened on white, the
    // border is white and the edge between is never darker than the box.
    let og = b.image("social/infographics/chart/og.jpg");
    let corner = og.get_pixel(2, 2).0;
    assert!(
        corner.iter().all(|&c| c > 245),
        "transparent area becomes white: {corner:?}"
    );
    for x in 0..og.width() {
        let px = og.get_pixel(x, og.height() / 2).0;
        let luma = u32::from(px[0]) + u32::from(px[1]) + u32::from(px[2]);
        assert!(luma + 30 >= 11 + 110 + 79, "dark fringe at x={x}: {px:?}");
    }
    let webp = b.kit_image("infographics/pic/x.jpg").get_pixel(800, 450).0;
    assert!(webp[1] > 130 && webp[0] < 60, "{webp:?}");
}

pub fn svg_text_is_rendered_with_the_bundled_font() {
    let b = build();
    let og = b.kit_image("infographics/steps/square.jpg");
    let dark = og.pixels().filter(|p| p.0.iter().all(|&c| c < 60)).count();
    assert!(
        dark > 10_000,
        "the SVG's text should be drawn ({dark} dark pixels)"
    );
    // The page shows the SVG itself.
    assert!(b.public.join("infographics/steps/steps.svg").exists());
}

pub fn items_without_an_image_get_title_cards_with_the_brand_colour() {
    let b = build();
    let shown = card_presets_shown(b, "articles/no-image");
    for (name, w, h) in PRESETS.iter().filter(|(n, _, _)| shown.contains(*n)) {
        let card = b.kit_image(&format!("articles/no-image/{name}.jpg"));
        assert_eq!((card.width(), card.height()), (*w, *h));
        // Background is the brand colour #1d3557; the title is drawn on it.
        let bg = card.get_pixel(w - 5, h / 3).0;
        assert!(
            (i32::from(bg[0]) - 0x1d).abs() < 8 && (i32::from(bg[2]) - 0x57).abs() < 8,
            "{name}: {bg:?}"
        );
        let light = card
            .pixels()
            .filter(|p| p.0.iter().all(|&c| c > 200))
            .count();
        assert!(light > 2_000, "{name}: the title text should be drawn");
    }
}

pub fn pages_carry_og_and_twitter_image_tags_for_their_kit() {
    let b = build();
    let html = b.read("infographics/chart/index.html");
    for needle in [
        "<meta property=\"og:image\" content=\"https://images.test/social/infographics/chart/og.jpg\">",
        "<meta property=\"og:image:width\" content=\"1200\">",
        "<meta property=\"og:image:height\" content=\"630\">",
        "<meta property=\"og:image:alt\" content=\"Alt text for chart\">",
        "<meta name=\"twitter:image\" content=\"https://images.test/social/infographics/chart/og.jpg\">",
        "<meta name=\"twitter:image:alt\" content=\"Alt text for chart\">",
        "srcset=\"/infographics/chart/chart-480.jpg 480w, /infographics/chart/chart-800.jpg 800w, /infographics/chart/chart-1200.jpg 1200w\"",
        "width=\"1200\" height=\"750\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let article = b.read("articles/no-image/index.html");
    assert!(article.contains("content=\"https://images.test/social/articles/no-image/og.jpg\""));
    // An article showing an infographic shares its images.
    let with = b.read("articles/with-photo/index.html");
    assert!(with.contains("content=\"https://images.test/social/articles/with-photo/og.jpg\""));
    assert!(with.contains("<meta property=\"og:image:alt\" content=\"Alt text for steps\">"));
}

pub fn posts_link_their_platform_image_and_name_it_in_utm_content() {
    let b = build();
    let posts: serde_json::Value = serde_json::from_str(&b.read_kit("posts.json")).unwrap();
    let posts = posts["posts"].as_array().unwrap();
    assert!(posts.len() >= 20, "{} posts", posts.len());
    for p in posts {
        let platform = p["platform"].as_str().unwrap();
        let preset = match platform {
            "instagram" => "portrait",
            "x" => "x",
            _ => "og",
        };
        let url = p["image_url"].as_str().unwrap();
        assert!(
            url.ends_with(&format!("/{preset}.jpg")),
            "{platform}: {url}"
        );
        let local = url.trim_start_matches("https://images.test/");
        let img = b.image(local);
        assert_eq!(img.width(), p["image_width"].as_u64().unwrap() as u32);
        let size = std::fs::metadata(b.public.join(local)).unwrap().len();
        let limit = if platform == "bluesky" {
            1_000_000
        } else {
            5_000_000
        };
        assert!(size <= limit, "{url} is {size} bytes");
        if let Some(link) = p["link"].as_str() {
            assert!(link.contains(&format!("utm_content={preset}")), "{link}");
        }
    }
}

pub fn unchanged_rebuild_decodes_nothing_and_a_changed_source_only_itself() {
    let first = build_in(copy_fixture("images"));
    assert!(
        first
            .image_timings()
            .contains("decoded 5, cards rendered 1"),
        "{}",
        first.image_timings()
    );
    let before = std::fs::read(first.public.join("social/infographics/chart/og.jpg")).unwrap();
    let second = build_in(first.site);
    assert!(
        second
            .image_timings()
            .contains("decoded 0, cards rendered 0, from cache 6"),
        "{}",
        second.image_timings()
    );
    assert_eq!(
        std::fs::read(second.public.join("social/infographics/chart/og.jpg")).unwrap(),
        before
    );
    // Re-save one source: only it is decoded again.
    let src = second.site.path().join("content/infographics/pic.webp");
    image::RgbImage::from_pixel(2000, 1000, image::Rgb([200, 10, 10]))
        .save(&src)
        .unwrap();
    let third = build_in(second.site);
    assert!(
        third
            .image_timings()
            .contains("decoded 1, cards rendered 0"),
        "{}",
        third.image_timings()
    );
    let p = third
        .image("social/infographics/pic/og.jpg")
        .get_pixel(600, 300)
        .0;
    assert!(p[0] > 180, "{p:?}");
}

pub fn two_builds_at_once_on_a_cold_cache_both_succeed_with_identical_images() {
    let site = copy_fixture("images");
    let run = |out: &str| {
        carepress()
            .args(["build", "--today", TODAY, "--root"])
            .arg(site.path())
            .arg("--out")
            .arg(site.path().join(out).join("public"))
            .arg("--kit-out")
            .arg(site.path().join(out).join("kit"))
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| run("out-a"));
        let b = s.spawn(|| run("out-b"));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(
        b.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    let (kit_a, kit_b) = (
        crate::common::snapshot(&site.path().join("out-a/kit")),
        crate::common::snapshot(&site.path().join("out-b/kit")),
    );
    let images = |kit: &std::collections::BTreeMap<PathBuf, Vec<u8>>| -> Vec<PathBuf> {
        kit.keys()
            .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
            .cloned()
            .collect()
    };
    assert!(images(&kit_a).len() >= 20, "{:?}", images(&kit_a));
    assert_eq!(images(&kit_a), images(&kit_b));
    for rel in images(&kit_a) {
        assert!(kit_a[&rel] == kit_b[&rel], "{} differs", rel.display());
    }
    let leftovers: Vec<_> = std::fs::read_dir(site.path().join(".carepress/cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

pub fn cards_can_be_turned_off() {
    let site = copy_fixture("images");
    let config = site.path().join("carepress.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text = text.replace(
        "  platforms: [facebook, instagram, x, bluesky]",
        "  platforms: [facebook, instagram, x, bluesky]\n  images: { cards: false }",
    );
    std::fs::write(&config, text).unwrap();
    let b = build_in(site);
    assert!(!b.public.join("social/articles/no-image/og.jpg").exists());
    assert!(!b.kit.join("articles/no-image/og.jpg").exists());
    assert!(
        b.read("articles/no-image/index.html")
            .contains("https://images.test/og-default.png")
    );
}
