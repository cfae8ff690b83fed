//! The second round's content-mix kinds: videos (with their caption, chapter and
//! transcript files), health tips and behind-the-scenes items.

use super::checker::{Checker, citations, clean_tags};
use super::schema::*;
use super::{Located, Shared, Split, resolve_beside};
use crate::content::model::{Chapter, Detail, Item, Kind, RenderedBody, VideoSource};
use crate::diagnostics::Diagnostic;
use crate::privacy::embeds;
use crate::video::{self, webvtt};
use std::path::{Path, PathBuf};

/// The video files a page can play itself: what every current browser decodes.
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "m4v", "webm", "mov"];

/// The longest tip a square card shows in a readable size.
pub const TIP_MAX_CHARS: usize = 280;

/// Reads a video: its source (a file beside it or a YouTube/Vimeo address), poster,
/// duration, and its WebVTT captions and chapters, which are parsed here so a broken
/// file is reported at its own line. Captions are required for video with speech
/// (WCAG 2.1 SC 1.2.2); a missing transcript (SC 1.2.1, 1.2.3) is a warning.
pub fn video(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
    root: &Path,
) -> Result<(Item, Option<Diagnostic>), Vec<Diagnostic>> {
    let (fm, mut c): (VideoFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, VIDEO_KEYS)?;
    let kind = Kind::Video;
    let title = c.require(fm.title, "title", kind);
    let description = c.require(fm.description, "description", kind);
    let date = c.require_date(fm.date, "date", kind);
    let source = match fm.src.as_deref().map(str::trim) {
        None | Some("") => {
            c.missing(
                "src",
                "name the video file beside this one (`src: visit.mp4`) or its YouTube or Vimeo address".into(),
            );
            None
        }
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            match embeds::from_url(url).filter(|e| matches!(e.provider.id, "youtube" | "vimeo")) {
                Some(mut e) => {
                    e.title.clone_from(&title);
                    Some(VideoSource::Hosted(e))
                }
                None => {
                    c.error(
                        "video::unsupported_host",
                        "src",
                        format!("`{url}` is not a YouTube or Vimeo video address"),
                        "put the video file beside this one, or give its YouTube (youtube.com/watch?v=…, youtu.be/…) or Vimeo (vimeo.com/…) address",
                    );
                    None
                }
            }
        }
        Some(file) => {
            let ext = Path::new(file)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            match beside(&mut c, root, loc.file, file, "src") {
                Some(_) if !VIDEO_EXTENSIONS.contains(&ext.as_str()) => {
                    c.error(
                        "video::unsupported_format",
                        "src",
                        format!("`{file}` is not a video file a browser plays"),
                        "export the video as MP4 (H.264 video, AAC audio) or WebM",
                    );
                    None
                }
                Some(p) => Some(VideoSource::File(p)),
                None => None,
            }
        }
    };
    let poster = fm.poster.filter(|p| !p.trim().is_empty());
    if let Some(p) = &poster {
        beside(&mut c, root, loc.file, p, "poster");
    }
    let duration_seconds = match &fm.duration {
        None => {
            c.missing(
                "duration",
                "give the video's length, e.g. `duration: \"2:05\"` (pages and search engines show it, and captions are checked against it)".into(),
            );
            None
        }
        Some(DurationFm::Seconds(0)) => {
            c.error(
                "video::invalid_duration",
                "duration",
                "`duration: 0` is not a length".into(),
                "write the video's length, e.g. `duration: \"2:05\"`",
            );
            None
        }
        Some(DurationFm::Seconds(s)) => Some(*s),
        Some(DurationFm::Text(t)) => {
            let d = video::parse_duration(t);
            if d.is_none() {
                c.error(
                    "video::invalid_duration",
                    "duration",
                    format!("`duration: {t}` is not a length"),
                    "write minutes and seconds (`\"2:05\"`), hours too (`\"1:02:05\"`), seconds (`125`) or ISO 8601 (`PT2M5S`)",
                );
            }
            d
        }
    };
    let duration_ms = duration_seconds.map(|s| u64::from(s) * 1000);
    let speech = fm.speech.unwrap_or(true);
    let captions = fm.captions.filter(|p| !p.trim().is_empty());
    let captions_path = match &captions {
        Some(written) => beside(&mut c, root, loc.file, written, "captions").filter(|p| {
            vtt_only(&mut c, written, "captions") && track(&mut c, root, p, duration_ms).is_some()
        }),
        None => {
            if speech {
                c.error(
                    "video::missing_captions",
                    if fm.src.is_some() { "src" } else { "title" },
                    "the video has no captions".into(),
                    "add `captions: name.vtt` (a WebVTT file beside this one; WCAG 2.1 SC 1.2.2 requires captions for prerecorded video with speech), or `speech: false` if nothing is said",
                );
            }
            None
        }
    };
    let mut chapter_list = Vec::new();
    let chapters = fm.chapters.filter(|p| !p.trim().is_empty());
    let chapters_path = chapters.as_ref().and_then(|written| {
        let p = beside(&mut c, root, loc.file, written, "chapters")?;
        if !vtt_only(&mut c, written, "chapters") {
            return None;
        }
        let cues = track(&mut c, root, &p, duration_ms)?;
        chapter_list = cues
            .iter()
            .map(|cue| Chapter {
                start_seconds: u32::try_from(cue.start_ms / 1000).unwrap_or(u32::MAX),
                title: cue.text.lines().next().unwrap_or("").trim().to_string(),
            })
            .collect();
        Some(p)
    });
    let (body, transcript_file) = match fm.transcript.as_deref().map(str::trim) {
        Some(written) if !written.is_empty() => {
            match beside(&mut c, root, loc.file, written, "transcript") {
                Some(p) => match std::fs::read_to_string(root.join(&p)) {
                    Ok(text) => {
                        let (rendered, problems) = crate::content::markdown::render(
                            &text,
                            1,
                            &kind.path_of(&loc.slug),
                            &p,
                        );
                        c.problems.extend(problems);
                        (rendered, Some(p))
                    }
                    Err(e) => {
                        c.error(
                            "video::unreadable_transcript",
                            "transcript",
                            format!("cannot read `{written}`: {e}"),
                            "the transcript must be a UTF-8 Markdown or text file beside this one",
                        );
                        (body, None)
                    }
                },
                None => (body, None),
            }
        }
        _ => (body, None),
    };
    let missing_transcript = (speech && body.words == 0).then(|| {
        Diagnostic::warning("video::missing_transcript", "the video has no transcript")
            .in_file(loc.file)
            .at_line(1)
            .with_help("write what is said (and shown) as the file's body, or name a file in `transcript:` (WCAG 2.1 SC 1.2.1 and 1.2.3)")
    });
    let social = c.social(fm.social);
    loc.item(
        c,
        VIDEO_KEYS,
        Shared {
            title,
            description,
            date,
            updated: fm.updated,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Video {
            source: source.unwrap_or(VideoSource::File(PathBuf::new())),
            poster,
            duration_seconds,
            captions: captions_path,
            chapters: chapters_path,
            chapter_list,
            speech,
            transcript_file,
            citations: citations(fm.citations),
            reviewed_by: fm.reviewed_by,
            last_reviewed: fm.last_reviewed,
            patients: fm.patients.unwrap_or_default(),
        },
    )
    .map(|item| (item, missing_transcript))
}

/// Resolves a file named by `key` beside the item, reporting a problem at the key's line.
fn beside(
    c: &mut Checker<'_>,
    root: &Path,
    file: &Path,
    written: &str,
    key: &str,
) -> Option<PathBuf> {
    match resolve_beside(root, file, written) {
        Ok(p) => Some(p),
        Err(d) => {
            let line = c.line_of(key);
            c.problems.push(d.at_line(line));
            None
        }
    }
}

fn vtt_only(c: &mut Checker<'_>, written: &str, key: &str) -> bool {
    let ok = written.to_ascii_lowercase().ends_with(".vtt");
    if !ok {
        c.error(
            "video::captions_not_webvtt",
            key,
            format!("`{written}` is not a WebVTT (.vtt) file"),
            "browsers play captions from WebVTT files; convert SRT with e.g. `ffmpeg -i captions.srt captions.vtt`",
        );
    }
    ok
}

/// Reads and checks a WebVTT file (`path` relative to `root`): its cues, or `None` with
/// every problem reported at its line in that file.
fn track(
    c: &mut Checker<'_>,
    root: &Path,
    path: &Path,
    duration_ms: Option<u64>,
) -> Option<Vec<webvtt::Cue>> {
    let text = match std::fs::read(root.join(path)).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            c.problems.push(
                Diagnostic::error("webvtt::not_utf8", "the WebVTT file is not UTF-8 text")
                    .in_file(path)
                    .at_line(1)
                    .with_help("save the captions as UTF-8 (WebVTT files are always UTF-8)"),
            );
            return None;
        }
        Err(e) => {
            c.problems.push(
                Diagnostic::error("webvtt::unreadable", format!("cannot read the file: {e}"))
                    .in_file(path)
                    .with_help("check the file's permissions"),
            );
            return None;
        }
    };
    match webvtt::parse(&text, duration_ms) {
        Ok(cues) => Some(cues),
        Err(problems) => {
            c.problems.extend(problems.into_iter().map(|p| {
                Diagnostic::error(webvtt_code(&p.kind), p.message)
                    .in_file(path)
                    .at_line(p.line)
                    .with_help(p.help)
            }));
            None
        }
    }
}

fn webvtt_code(kind: &webvtt::ProblemKind) -> &'static str {
    use webvtt::ProblemKind as K;
    match kind {
        K::Header => "webvtt::header",
        K::Timing => "webvtt::timing",
        K::EndNotAfterStart => "webvtt::end_before_start",
        K::OutOfOrder => "webvtt::out_of_order",
        K::PastDuration => "webvtt::past_duration",
        K::NoCues => "webvtt::no_cues",
    }
}

/// Reads a health tip: its text is the body, one or two sentences short enough for a
/// card, with at least one citation.
pub fn tip(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (TipFm, _) = Checker::read(loc.file, split.yaml, split.yaml_offset, TIP_KEYS)?;
    let kind = Kind::Tip;
    let title = c.require(fm.title, "title", kind);
    let date = c.require_date(fm.date, "date", kind);
    let text = crate::content::markdown::plain_text(split.body);
    let chars = text.chars().count();
    let sentences = sentence_count(&text);
    if text.is_empty() {
        c.problems.push(
            Diagnostic::error("tip::empty", "the tip has no text")
                .in_file(loc.file)
                .at_line(split.body_line)
                .with_help("write the tip (one or two sentences) below the front matter"),
        );
    } else if chars > TIP_MAX_CHARS || sentences > 2 {
        c.problems.push(
            Diagnostic::error(
                "tip::too_long",
                format!("the tip is {sentences} sentences and {chars} characters; a tip is one or two sentences of at most {TIP_MAX_CHARS} characters"),
            )
            .in_file(loc.file)
            .at_line(split.body_line)
            .with_help("keep the one thing to do and why; longer advice belongs in an article"),
        );
    }
    let cited = citations(fm.citations);
    if cited.is_empty() {
        c.error(
            "tip::missing_citation",
            "citations",
            "the tip cites no source".into(),
            "add `citations:` with the guideline or agency page the tip follows (title and url)",
        );
    }
    let social = c.social(fm.social);
    loc.item(
        c,
        TIP_KEYS,
        Shared {
            title,
            description: text.clone(),
            date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Tip {
            text,
            citations: cited,
            reviewed_by: fm.reviewed_by,
            last_reviewed: fm.last_reviewed,
        },
    )
}

/// Sentences in plain text: ends of `.`, `!` or `?` followed by a space and a capital
/// or the end (so "e.g. this" and "2.5 mg" are not two).
pub fn sentence_count(text: &str) -> usize {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut count = 0;
    for (i, &ch) in chars.iter().enumerate() {
        if !matches!(ch, '.' | '!' | '?') {
            continue;
        }
        let rest = &chars[i + 1..];
        let next_word = rest
            .iter()
            .skip_while(|c| matches!(c, '"' | '\u{201d}' | ')' | '\''))
            .copied()
            .collect::<Vec<_>>();
        match next_word.as_slice() {
            [] => count += 1,
            [' ', n, ..] if n.is_uppercase() || *n == '"' || *n == '\u{201c}' => count += 1,
            _ => {}
        }
    }
    count.max(usize::from(!chars.is_empty()))
}

/// Reads a behind-the-scenes item. A photo needs who appears (`people:`, and `patients:`
/// for any patient), a description for screen readers and a recorded privacy check of
/// the image (no patients, screens, charts or whiteboards in view).
pub fn team(
    loc: Located<'_>,
    split: &Split<'_>,
    body: RenderedBody,
) -> Result<Item, Vec<Diagnostic>> {
    let (fm, mut c): (TeamFm, _) =
        Checker::read(loc.file, split.yaml, split.yaml_offset, TEAM_KEYS)?;
    let kind = Kind::Team;
    let title = c.require(fm.title, "title", kind);
    let date = c.require_date(fm.date, "date", kind);
    let photo = fm.photo.filter(|p| !p.trim().is_empty());
    if photo.is_some() {
        if fm.people.is_none() {
            c.error(
                "team::people_unrecorded",
                "photo",
                "the photo does not record who appears in it".into(),
                "list the staff in the photo (`people: [Ana Lopez]`, each with a photo release in the ledger) and the consent id of any patient (`patients: [...]`); `people: []` says no one is recognisable",
            );
        }
        if fm.photo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            c.error(
                "a11y::missing_alt",
                "photo",
                "the photo has no `photo_alt` text".into(),
                "add `photo_alt:` describing what the photo shows (WCAG 1.1.1)",
            );
        }
        match (&fm.photo_checked_by, fm.photo_checked_on) {
            (Some(by), Some(on)) if !by.trim().is_empty() => {
                if date.is_some_and(|d| on > d) {
                    c.error(
                        "team::photo_checked_late",
                        "photo_checked_on",
                        format!("the photo was checked on {on}, after the item's date"),
                        "check the photo before it is published, then record the day",
                    );
                }
            }
            _ => c.error(
                "team::photo_unchecked",
                "photo",
                "the photo has no recorded privacy check".into(),
                "have someone check that no patient, screen, chart, whiteboard or paperwork is visible, then record `photo_checked_by: Name, role` and `photo_checked_on: YYYY-MM-DD`",
            ),
        }
    }
    let description = fm.description.unwrap_or_else(|| {
        super::first_sentence(&crate::content::markdown::plain_text(split.body))
    });
    let social = c.social(fm.social);
    loc.item(
        c,
        TEAM_KEYS,
        Shared {
            title,
            description,
            date,
            updated: None,
            draft: fm.draft.unwrap_or(false),
            tags: clean_tags(fm.tags),
            social,
            phi_allow: fm.phi_allow.unwrap_or_default(),
        },
        body,
        Detail::Team {
            photo,
            photo_alt: fm.photo_alt,
            people: fm
                .people
                .unwrap_or_default()
                .into_iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            patients: fm.patients.unwrap_or_default(),
            photo_checked_by: fm.photo_checked_by,
            photo_checked_on: fm.photo_checked_on,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_counted_without_abbreviations_or_decimals() {
        assert_eq!(sentence_count("Wash your hands."), 1);
        assert_eq!(sentence_count("Wash your hands. It works."), 2);
        assert_eq!(
            sentence_count("Take 2.5 mg, e.g. at night. Then rest! Really?"),
            3
        );
        assert_eq!(sentence_count("No full stop"), 1);
        assert_eq!(sentence_count(""), 0);
    }
}
