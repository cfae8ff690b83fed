//! Video items' posts: the `videos` fixture (a 20-second local video with captions, a
//! five-minute local one and a hosted one) is built, and its posts are read back from
//! `posts.json` (serde_json) and the scheduler CSV (the csv crate).

use crate::common::{Built, build_site, fixture};
use serde_json::Value;
use std::collections::BTreeMap;

/// The fixture's posts, by (slug, platform).
fn posts(built: &Built) -> BTreeMap<(String, String), Value> {
    let json: Value = serde_json::from_str(&built.read_kit("posts.json")).unwrap();
    json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let key = (
                p["slug"].as_str().unwrap().to_string(),
                p["platform"].as_str().unwrap().to_string(),
            );
            (key, p.clone())
        })
        .collect()
}

/// YouTube's tag count (Data API `videos` resource): characters, commas, quotes.
fn youtube_tags_length(tags: &[Value]) -> usize {
    let quoted: usize = tags
        .iter()
        .map(|t| {
            let t = t.as_str().unwrap();
            t.chars().count() + if t.contains(' ') { 2 } else { 0 }
        })
        .sum();
    quoted + tags.len().saturating_sub(1)
}

pub fn video_posts_upload_the_file_where_the_platform_takes_it() {
    let built = build_site(&fixture("videos"), &[]);
    let posts = posts(&built);
    let platforms_of = |slug: &str| -> Vec<&str> {
        posts
            .keys()
            .filter(|(s, _)| s == slug)
            .map(|(_, p)| p.as_str())
            .collect()
    };
    // YouTube takes the local videos only: the hosted one is already online.
    assert!(platforms_of("clip").contains(&"youtube"));
    assert!(platforms_of("long-talk").contains(&"youtube"));
    assert!(!platforms_of("hosted").contains(&"youtube"));
    assert_eq!(
        platforms_of("hosted").len(),
        7,
        "{:?}",
        platforms_of("hosted")
    );

    let yt = &posts[&("clip".to_string(), "youtube".to_string())];
    let title = yt["title"].as_str().unwrap();
    assert_eq!(
        title,
        "What to expect at a physical: a check-up in ‹ 1 minute"
    );
    assert!(title.chars().count() <= 100);
    let text = yt["text"].as_str().unwrap();
    assert!(text.len() <= 5000 && !text.contains(['<', '>']), "{text}");
    assert!(
        text.starts_with("A 20-second look at a routine check-up"),
        "{text}"
    );
    assert!(
        text.contains("utm_source=youtube&utm_medium=social&utm_campaign=clip&utm_content=video")
    );
    assert_eq!(yt["limit"], 5000);
    let tags = yt["tags"].as_array().unwrap();
    assert_eq!(
        tags.iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>(),
        ["prevention", "check ups", "videoclinic"]
    );
    assert!(youtube_tags_length(tags) <= 500);
    assert_eq!(yt["video_url"], "https://videos.test/videos/clip/clip.mp4");
    assert_eq!(
        yt["captions_url"],
        "https://videos.test/videos/clip/clip.en.vtt"
    );
    // The thumbnail is the poster at 16:9.
    assert_eq!(
        (yt["image_width"].as_u64(), yt["image_height"].as_u64()),
        (Some(1600), Some(900))
    );

    // Every platform of the short clip attaches it; captions go where a file is taken.
    for platform in [
        "facebook",
        "instagram",
        "x",
        "linkedin",
        "threads",
        "bluesky",
        "mastodon",
    ] {
        let p = &posts[&("clip".to_string(), platform.to_string())];
        assert_eq!(
            p["video_url"], "https://videos.test/videos/clip/clip.mp4",
            "{platform}"
        );
        let captions = !p["captions_url"].is_null();
        assert_eq!(
            captions,
            matches!(platform, "facebook" | "x" | "linkedin" | "bluesky"),
            "{platform}: {}",
            p["captions_url"]
        );
        assert!(p["text"].as_str().unwrap().contains("▶ New video (0:20)") || platform == "x");
    }
    // The five-minute talk is too long for Instagram (3:00) and X (2:20): those posts
    // link to its page; Threads takes five minutes.
    for (platform, attached) in [
        ("x", false),
        ("instagram", false),
        ("threads", true),
        ("facebook", true),
    ] {
        let p = &posts[&("long-talk".to_string(), platform.to_string())];
        assert_eq!(
            !p["video_url"].is_null(),
            attached,
            "long-talk on {platform}"
        );
    }
    for label in ["X takes up to 2:20", "Instagram takes up to 3:00"] {
        assert!(
            built.stderr.contains(&format!(
                "note[social::video_linked]: the video runs 5:00; {label}"
            )),
            "{}",
            built.stderr
        );
    }
    assert_eq!(
        built.stderr.matches("social::video_linked").count(),
        2,
        "{}",
        built.stderr
    );
    // The hosted video has no file to upload anywhere.
    assert!(
        posts
            .iter()
            .filter(|((s, _), _)| s == "hosted")
            .all(|(_, p)| p["video_url"].is_null())
    );

    // The file is published, and the kit's copy is the same file (linked, not copied).
    let published = built.public.join("videos/clip/clip.mp4");
    let kit_copy = built.kit.join("videos/clip/clip.mp4");
    assert_eq!(
        std::fs::read(&published).unwrap(),
        std::fs::read(&kit_copy).unwrap()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (
            std::fs::metadata(&published).unwrap(),
            std::fs::metadata(&kit_copy).unwrap(),
        );
        assert_eq!(
            (a.dev(), a.ino()),
            (b.dev(), b.ino()),
            "the kit's video is not a link"
        );
    }

    // The scheduler CSV carries the video's URL in its own column.
    let csv_text = built.read_kit("schedule.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (slug, platform, video) = (column("slug"), column("platform"), column("video_url"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|r| &r[slug] == "clip" && &r[platform] == "youtube")
        .expect("the clip's YouTube post in schedule.csv");
    assert_eq!(&row[video], "https://videos.test/videos/clip/clip.mp4");

    // The preview page says what to upload with each video post.
    let preview = built.read_kit("index.html");
    assert!(
        preview.contains("Upload <a href=\"videos/clip/clip.mp4\">the video</a>"),
        "{preview}"
    );
    assert!(
        preview.contains(
            "<dt>Title</dt><dd>What to expect at a physical: a check-up in ‹ 1 minute</dd>"
        )
    );
}
