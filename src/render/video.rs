//! Video on pages: the player (the page's own `<video>` with captions for a file, a
//! click-to-load facade for YouTube and Vimeo), its files in the output (linked, never
//! copied), and the view templates get.

use super::Sinks;
use crate::config::Config;
use crate::content::model::VideoSource;
use crate::content::{Detail, Item};
use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::plan::Published;
use serde::Serialize;
use std::path::Path;

/// A video as its page (and a page embedding it) shows it.
#[derive(Serialize, Clone)]
pub struct VideoView {
    /// The player's HTML: `<video>` or the facade.
    pub player: String,
    /// "2:05".
    pub duration: Option<String>,
    /// ISO 8601 (`PT2M5S`).
    pub duration_iso: Option<String>,
    pub chapters: Vec<ChapterView>,
    /// Site path of the captions file.
    pub captions_path: Option<String>,
    /// Site path of the video file (a file beside the item).
    pub file_path: Option<String>,
    pub hosted: bool,
    pub speech: bool,
    /// Whether the page has a transcript (the body).
    pub transcript: bool,
}

#[derive(Serialize, Clone)]
pub struct ChapterView {
    pub time: String,
    pub seconds: u32,
    pub title: String,
}

fn mime(file: &Path) -> &'static str {
    match file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("webm") => "video/webm",
        Some("mov") => "video/quicktime",
        _ => "video/mp4",
    }
}

/// The poster a `<video>` shows before it plays: the poster image, else the title card.
pub(super) fn poster_path(p: &Published<'_>) -> Option<String> {
    match &p.image {
        Some(img) => Some(img.path()),
        None => super::context::og_image_path(p),
    }
}

/// The view of a published video item (`None` for other kinds).
pub fn video_view(config: &Config, p: &Published<'_>) -> Option<VideoView> {
    let item = p.item;
    let Detail::Video {
        source,
        duration_seconds,
        captions,
        chapters,
        chapter_list,
        speech,
        ..
    } = &item.detail
    else {
        return None;
    };
    let captions_path = captions.as_deref().map(|c| item.beside_path(c));
    let file_path = match source {
        VideoSource::File(f) => Some(item.beside_path(f)),
        VideoSource::Hosted(_) => None,
    };
    let transcript_link = if item.body.words > 0 {
        format!(
            r#" <a class="video__transcript-link" href="{}#transcript">Read the transcript</a>"#,
            escape(&item.path())
        )
    } else {
        String::new()
    };
    let player = match source {
        VideoSource::File(f) => {
            let src = file_path.clone().unwrap_or_default();
            let mut tracks = String::new();
            if let Some(c) = &captions_path {
                tracks.push_str(&format!(
                    r#"<track kind="captions" src="{}" srclang="{lang}" label="{label}" default>"#,
                    escape(c),
                    lang = escape(&config.language),
                    label = language_label(&config.language),
                ));
            }
            if let Some(ch) = chapters {
                tracks.push_str(&format!(
                    r#"<track kind="chapters" src="{}" srclang="{}" label="Chapters">"#,
                    escape(&item.beside_path(ch)),
                    escape(&config.language)
                ));
            }
            let poster = poster_path(p)
                .map(|s| format!(r#" poster="{}""#, escape(&s)))
                .unwrap_or_default();
            format!(
                concat!(
                    r#"<figure class="video"><video class="video__player" controls preload="metadata" playsinline{poster}>"#,
                    r#"<source src="{src}" type="{mime}">{tracks}"#,
                    r#"<p>Your browser cannot play this video. <a href="{src}">Download it</a>.</p></video>"#,
                    r#"<figcaption class="video__caption"><span class="video__title">{title}</span>{duration}{transcript}</figcaption></figure>"#
                ),
                poster = poster,
                src = escape(&src),
                mime = mime(f),
                tracks = tracks,
                title = escape(&item.title),
                duration = duration_seconds
                    .map(|d| format!(
                        r#" <span class="video__duration">({})</span>"#,
                        crate::video::clock(d)
                    ))
                    .unwrap_or_default(),
                transcript = transcript_link,
            )
        }
        VideoSource::Hosted(embed) => {
            let facade = crate::privacy::embeds::facade(embed);
            if transcript_link.is_empty() {
                facade
            } else {
                format!(
                    r#"<div class="video video--hosted">{facade}<p class="video__caption">{transcript_link}</p></div>"#
                )
            }
        }
    };
    Some(VideoView {
        player,
        duration: duration_seconds.map(crate::video::clock),
        duration_iso: duration_seconds.map(crate::video::iso_duration),
        chapters: chapter_list
            .iter()
            .map(|c| ChapterView {
                time: crate::video::clock(c.start_seconds),
                seconds: c.start_seconds,
                title: c.title.clone(),
            })
            .collect(),
        captions_path,
        file_path,
        hosted: matches!(source, VideoSource::Hosted(_)),
        speech: *speech,
        transcript: item.body.words > 0,
    })
}

/// "English" for `en`, the code itself otherwise (the captions menu's label).
fn language_label(code: &str) -> &str {
    match code.split(['-', '_']).next().unwrap_or(code) {
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "de" => "Deutsch",
        "pt" => "Português",
        "zh" => "中文",
        "vi" => "Tiếng Việt",
        other => other,
    }
}

/// A page's HTML with each embedded video item's player where its placeholder stands.
pub fn with_players<'h>(
    html: &'h str,
    item: &Item,
    players: &dyn Fn(&str) -> Option<String>,
) -> std::borrow::Cow<'h, str> {
    if item.body.videos.is_empty() {
        return html.into();
    }
    let mut out = html.to_string();
    for (id, _) in &item.body.videos {
        let placeholder = crate::content::model::video_placeholder(id);
        // The plan refuses links to videos that are not published; an unknown one is
        // removed rather than left as an empty element.
        let player = players(id).unwrap_or_default();
        out = out.replace(&placeholder, &player);
    }
    out.into()
}

/// Links every published video's file, captions and chapters into the site (a hard link
/// where the disk allows: a video is never read or copied by a build), and the video
/// into its social kit folder for upload.
pub(super) fn write_video_files(
    root: &Path,
    published: &[Published<'_>],
    sinks: Sinks<'_>,
) -> (usize, Vec<Diagnostic>) {
    let mut written = 0;
    let mut problems = Vec::new();
    for p in published {
        let item = p.item;
        let Detail::Video {
            source,
            captions,
            chapters,
            ..
        } = &item.detail
        else {
            continue;
        };
        let mut files: Vec<&Path> = Vec::new();
        if let VideoSource::File(f) = source {
            files.push(f);
        }
        files.extend(captions.as_deref());
        files.extend(chapters.as_deref());
        for f in files {
            let out = item.beside_path(f);
            let site = sinks.site.link(out.trim_start_matches('/'), &root.join(f));
            let kit = sinks.kit.link(
                &super::social_page::kit_image_file(&format!(
                    "{}{}",
                    p.kit_dir(),
                    out.rsplit('/').next().unwrap_or_default()
                )),
                &root.join(f),
            );
            match site.and(kit) {
                Ok(()) => written += 1,
                Err(e) => problems.push(
                    Diagnostic::error("io::write", format!("cannot publish {out}: {e}"))
                        .in_file(f)
                        .with_help("check free disk space and permissions"),
                ),
            }
        }
    }
    (written, problems)
}
