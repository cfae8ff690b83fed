//! Composing one snippet: the platform's template lays out the parts, and the hook
//! is shortened (at a word, with "…") until the whole post fits the platform's limit.
//! The link, hashtags and disclosure are never cut: only the hook, then the question,
//! then hashtags give way; a disclosure that cannot fit is an error, never dropped.

use super::count::{count, shorten};
use crate::platform::SocialPreset;
use serde::Serialize;
use std::borrow::Cow;

/// The parts of a post, before the template arranges them. They borrow from the
/// item: tens of thousands of posts are composed per build.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SnippetParts<'a> {
    pub platform: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    /// The lead: an article's description, a testimonial's verbatim quote, an infographic's takeaway.
    pub hook: Cow<'a, str>,
    /// "— Maria G." for testimonials (the display name exactly as consented).
    pub attribution: Option<&'a str>,
    pub question: Option<&'a str>,
    /// The tracked link; `None` on platforms without clickable links.
    pub link: Option<&'a str>,
    /// True where the post says "link in bio" instead of a URL.
    pub link_in_bio: bool,
    pub hashtags: &'a [String],
    /// The FTC material-connection disclosure, when the consent records an incentive.
    pub disclosure: Option<&'a str>,
    /// A location account's own line: the clinic's name and phone.
    pub location: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub length: usize,
    /// The hook or other parts had to give way to fit.
    pub shortened: bool,
}

/// Why a snippet could not be made: the template failed (with the renderer's
/// error), or the parts that may not be cut are longer than the platform allows.
#[derive(Debug, Clone, PartialEq)]
pub enum ComposeError<E> {
    Template(E),
    DoesNotFit(String),
}

fn fits(text: &str, preset: &SocialPreset) -> Option<usize> {
    let n = count(text, preset.counting);
    let bytes_ok = preset.byte_limit.is_none_or(|b| text.len() <= b);
    (n <= preset.limit && bytes_ok).then_some(n)
}

/// Templates leave blank lines where optional parts are absent: trims the text and
/// its lines and keeps at most one blank line in a row.
fn tidy(mut text: String) -> String {
    let end = text.trim_end().len();
    let start = end - text[..end].trim_start().len();
    if !is_tidy(&text[start..end]) {
        return tidied(&text);
    }
    // Only the ends need trimming (templates end in blank lines): trim in place.
    text.truncate(end);
    text.drain(..start);
    text
}

/// What `tidy` would return unchanged (most rendered posts, once trimmed: it saves a
/// copy of each).
fn is_tidy(text: &str) -> bool {
    let mut previous_blank = false;
    text.trim() == text
        && text.split('\n').all(|line| {
            let blank = line.is_empty();
            let ok = line.trim_end() == line && !(blank && previous_blank);
            previous_blank = blank;
            ok
        })
}

fn tidied(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Shortens a hook to `budget`, keeping a quotation's closing mark: “A long quote…”.
fn shorten_hook(hook: &str, budget: usize, preset: &SocialPreset) -> String {
    if let Some(inner) = hook.strip_prefix('“').and_then(|h| h.strip_suffix('”')) {
        let quote_marks = count("“”", preset.counting);
        let cut = shorten(
            inner,
            "…",
            budget.saturating_sub(quote_marks),
            preset.counting,
        );
        return if cut.is_empty() {
            cut
        } else {
            format!("“{cut}”")
        };
    }
    shorten(hook, "…", budget, preset.counting)
}

/// Fits `p` by shortening only its hook; `None` when even a one-word hook does not fit.
fn fit_hook<E>(
    p: &SnippetParts,
    preset: &SocialPreset,
    render: &dyn Fn(&SnippetParts) -> Result<String, E>,
) -> Result<Option<(Snippet, usize)>, ComposeError<E>> {
    let render = |p: &SnippetParts| render(p).map_err(ComposeError::Template);
    let without_hook = tidy(render(&SnippetParts {
        hook: Cow::Borrowed(""),
        ..p.clone()
    })?);
    let fixed = count(&without_hook, preset.counting);
    if fixed >= preset.limit || preset.byte_limit.is_some_and(|b| without_hook.len() >= b) {
        return Ok(None);
    }
    let mut budget = preset.limit - fixed;
    for _ in 0..16 {
        let hook = shorten_hook(&p.hook, budget, preset);
        if hook.is_empty() {
            return Ok(None);
        }
        let hook_length = count(&hook, preset.counting);
        let text = tidy(render(&SnippetParts {
            hook: Cow::Owned(hook),
            ..p.clone()
        })?);
        if let Some(length) = fits(&text, preset) {
            return Ok(Some((
                Snippet {
                    text,
                    length,
                    shortened: true,
                },
                hook_length,
            )));
        }
        let over = count(&text, preset.counting)
            .saturating_sub(preset.limit)
            .max(1);
        let byte_over = preset
            .byte_limit
            .map(|b| text.len().saturating_sub(b))
            .unwrap_or(0);
        budget = budget.saturating_sub(over.max(byte_over));
        if budget == 0 {
            return Ok(None);
        }
    }
    Ok(None)
}

/// The shortest lead worth keeping over a hashtag (characters as the platform counts).
const MIN_HOOK: usize = 60;

/// Renders `parts` with `render` (the platform template) and makes the result fit:
/// first the question goes, then the hook is shortened, then hashtags go one by one.
pub fn compose<E>(
    parts: &SnippetParts,
    preset: &SocialPreset,
    render: &dyn Fn(&SnippetParts) -> Result<String, E>,
) -> Result<Snippet, ComposeError<E>> {
    let template_render = |p: &SnippetParts| render(p).map_err(ComposeError::Template);
    let full = tidy(template_render(parts)?);
    if let Some(length) = fits(&full, preset) {
        return Ok(Snippet {
            text: full,
            length,
            shortened: false,
        });
    }
    let mut p = SnippetParts {
        question: None,
        ..parts.clone()
    };
    let text = tidy(template_render(&p)?);
    if let Some(length) = fits(&text, preset) {
        return Ok(Snippet {
            text,
            length,
            shortened: true,
        });
    }
    // While hashtags are left, the hook keeps at least `MIN_HOOK` characters (or all of
    // it): a lead cut to "Starting in…" says less than the hashtags it kept.
    let whole = count(&parts.hook, preset.counting);
    loop {
        if let Some((s, hook_left)) = fit_hook(&p, preset, render)? {
            if p.hashtags.is_empty() || hook_left >= MIN_HOOK.min(whole) {
                return Ok(s);
            }
        }
        let Some((_, fewer)) = p.hashtags.split_last() else {
            break;
        };
        p.hashtags = fewer;
    }
    // Only the title as a last resort for the hook.
    let hook = shorten(parts.title, "…", preset.limit, preset.counting);
    let text = tidy(template_render(&SnippetParts {
        hook: Cow::Owned(hook),
        ..p
    })?);
    if let Some(length) = fits(&text, preset) {
        return Ok(Snippet {
            text,
            length,
            shortened: true,
        });
    }
    Err(ComposeError::DoesNotFit(format!(
        "the link, disclosure and attribution alone exceed {}'s limit of {}",
        preset.label, preset.limit
    )))
}

/// `heart-health` → `#HeartHealth`; hashtags keep letters and digits only.
pub fn hashtag(tag: &str) -> Option<String> {
    let body: String = tag
        .trim_start_matches('#')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    (!body.is_empty() && !body.chars().all(|c| c.is_ascii_digit())).then(|| format!("#{body}"))
}

/// The item's own hashtags first, then its tags, then the site's; no duplicates; capped.
pub fn hashtags(item: &[String], tags: &[String], site: &[String], cap: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in item
        .iter()
        .chain(tags)
        .chain(site)
        .filter_map(|t| hashtag(t))
    {
        if out.len() >= cap {
            break;
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&h)) {
            out.push(h);
        }
    }
    out
}

/// YouTube refuses `<` and `>` in a title or description (Data API, `videos` resource):
/// they become the single angle quotation marks, which read the same.
pub fn without_angle_brackets(text: &str) -> Cow<'_, str> {
    if text.contains(['<', '>']) {
        Cow::Owned(text.replace('<', "‹").replace('>', "›"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A video's title as YouTube takes it: no angle brackets, at most `limit` characters
/// (cut at a word with an ellipsis when longer).
pub fn video_title(title: &str, limit: usize) -> String {
    let clean = without_angle_brackets(title.trim());
    if clean.chars().count() <= limit {
        return clean.into_owned();
    }
    let cut: String = clean.chars().take(limit.saturating_sub(1)).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > 0)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([' ', ',', ';', ':', '-']))
}

/// A video's tags for YouTube: its hashtags' words and its tags (`heart-health` is
/// `heart health`), no duplicates, as many as fit `limit` counted YouTube's way.
pub fn video_tags(item: &[String], tags: &[String], site: &[String], limit: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in item.iter().chain(tags).chain(site) {
        let words: Vec<&str> = tag
            .trim_start_matches('#')
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let tag = words.join(" ").to_lowercase();
        if tag.is_empty() || out.contains(&tag) {
            continue;
        }
        out.push(tag);
        if crate::platform::youtube_tags_length(&out) > limit {
            out.pop();
        }
    }
    out
}

/// Why a platform will not take a video as an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoMisfit {
    TooLong { seconds: u32, max: u32 },
    TooLarge { bytes: u64, max: u64 },
}

/// Whether a video of `seconds` and `bytes` fits what an ordinary account of the
/// platform may upload (the limits and their sources are in `platform.rs`).
pub fn video_misfit(
    rules: &crate::platform::VideoRules,
    seconds: Option<u32>,
    bytes: Option<u64>,
) -> Option<VideoMisfit> {
    if let (Some(seconds), Some(max)) = (seconds, rules.max_seconds) {
        if seconds > max {
            return Some(VideoMisfit::TooLong { seconds, max });
        }
    }
    if let (Some(bytes), Some(max)) = (bytes, rules.max_bytes) {
        if bytes > max {
            return Some(VideoMisfit::TooLarge { bytes, max });
        }
    }
    None
}

/// The canonical URL with UTM parameters for the platform and item, and the image
/// preset posted with it (`utm_content`) so the coordinator can compare image variants.
pub fn tracked_link(url: &str, platform: &str, slug: &str, image: Option<&str>) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    let content = image
        .map(|i| format!("&utm_content={i}"))
        .unwrap_or_default();
    format!("{url}{sep}utm_source={platform}&utm_medium=social&utm_campaign={slug}{content}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::preset;
    use proptest::prelude::*;

    fn render(p: &SnippetParts) -> Result<String, String> {
        let mut s = p.hook.to_string();
        if let Some(a) = &p.attribution {
            s.push_str(&format!(" {a}"));
        }
        if let Some(q) = &p.question {
            s.push_str(&format!("\n\n{q}"));
        }
        if let Some(l) = &p.link {
            s.push_str(&format!("\n\n{l}"));
        }
        if p.link_in_bio {
            s.push_str("\n\nLink in bio.");
        }
        if !p.hashtags.is_empty() {
            s.push_str(&format!("\n\n{}", p.hashtags.join(" ")));
        }
        if let Some(d) = &p.disclosure {
            s.push_str(&format!("\n\n{d}"));
        }
        Ok(s)
    }

    const LINK: &str = "https://lakeside.example/articles/flu/?utm_source=x&utm_medium=social&utm_campaign=flu&utm_content=x";

    fn parts(hook: &str) -> SnippetParts<'_> {
        static HASHTAGS: std::sync::LazyLock<Vec<String>> =
            std::sync::LazyLock::new(|| vec!["#FluSeason".into(), "#Vaccines".into()]);
        SnippetParts {
            platform: "x",
            hook: hook.into(),
            title: "Flu shots",
            question: Some("Have you had yours?"),
            link: Some(LINK),
            hashtags: &HASHTAGS,
            disclosure: Some("Disclosure: Maria G. received 10% off next visit."),
            ..Default::default()
        }
    }

    #[test]
    fn youtube_titles_and_tags_keep_to_its_rules() {
        assert_eq!(video_title("Flu <b>shots</b>", 100), "Flu ‹b›shots‹/b›");
        let long = "Why ".repeat(30);
        let title = video_title(&long, 100);
        assert!(title.chars().count() <= 100, "{title}");
        assert!(title.ends_with("Why…"), "{title}");
        let tags = |l: &[&str]| l.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(
            video_tags(
                &tags(&["#FluShot"]),
                &tags(&["heart-health", "flu shot"]),
                &[],
                500
            ),
            ["flushot", "heart health", "flu shot"]
        );
        // Each 99-letter tag costs 99 and a comma: five fit in 500, a sixth does not.
        let many: Vec<String> = (b'a'..=b'f')
            .map(|c| (c as char).to_string().repeat(99))
            .collect();
        let kept = video_tags(&[], &many, &[], 500);
        assert_eq!(kept.len(), 5);
        assert!(crate::platform::youtube_tags_length(&kept) <= 500);
    }

    #[test]
    fn a_video_longer_or_larger_than_a_platform_takes_is_a_misfit() {
        let x = crate::platform::Platform::X.facts().video;
        assert_eq!(video_misfit(&x, Some(140), Some(1_000)), None);
        assert_eq!(
            video_misfit(&x, Some(141), None),
            Some(VideoMisfit::TooLong {
                seconds: 141,
                max: 140
            })
        );
        let mastodon = crate::platform::Platform::Mastodon.facts().video;
        assert_eq!(video_misfit(&mastodon, Some(3_600), Some(1_000)), None);
        assert_eq!(
            video_misfit(&mastodon, None, Some(200_000_000)),
            Some(VideoMisfit::TooLarge {
                bytes: 200_000_000,
                max: 103_809_024
            })
        );
    }

    #[test]
    fn long_hooks_are_shortened_but_link_hashtags_and_disclosure_stay() {
        let x = preset("x").unwrap();
        let s = compose(&parts(&"word ".repeat(200)), x, &render).unwrap();
        assert!(s.shortened);
        assert!(s.length <= 280);
        assert!(s.text.contains("…"));
        assert_eq!(
            tracked_link(
                "https://lakeside.example/articles/flu/",
                "x",
                "flu",
                Some("x")
            ),
            LINK
        );
        assert!(s.text.contains(LINK));
        assert!(s.text.contains("Disclosure: Maria G."));
    }

    #[test]
    fn quotes_keep_their_closing_mark_and_the_question_goes_first() {
        let quote = format!("“{}”", "quote ".repeat(80).trim());
        let mut p = parts(&quote);
        p.disclosure = None;
        let s = compose(&p, preset("x").unwrap(), &render).unwrap();
        assert!(s.text.starts_with('“'));
        assert!(s.text.contains("…”"), "{}", s.text);
        assert!(!s.text.contains("Have you had yours?"));
        assert!(s.text.contains("#FluSeason"));
    }

    #[test]
    fn a_disclosure_that_cannot_fit_is_an_error_not_dropped() {
        let long = "d ".repeat(300);
        let mut p = parts("hi");
        p.disclosure = Some(&long);
        assert!(matches!(
            compose(&p, preset("x").unwrap(), &render),
            Err(ComposeError::DoesNotFit(_))
        ));
        let broken = |_: &SnippetParts| -> Result<String, String> { Err("bad template".into()) };
        assert_eq!(
            compose(&parts("hi"), preset("x").unwrap(), &broken),
            Err(ComposeError::Template("bad template".into()))
        );
    }

    #[test]
    fn hashtags_are_camel_cased_deduplicated_and_capped() {
        assert_eq!(hashtag("heart-health").as_deref(), Some("#HeartHealth"));
        assert_eq!(hashtag("2026"), None);
        let h = hashtags(
            &["FluSeason".into()],
            &["flu season".into(), "vaccines".into()],
            &["Lakeside".into()],
            2,
        );
        assert_eq!(h, vec!["#FluSeason", "#Vaccines"]);
    }

    proptest! {
        #[test]
        fn tidy_skips_only_text_that_is_already_tidy(pieces in prop::collection::vec(
            prop_oneof![Just("ab"), Just(" "), Just("\n"), Just("\n\n"), Just("\r"), Just("\t"), Just("\u{a0}")],
            0..12,
        )) {
            let text = pieces.concat();
            prop_assert_eq!(tidy(text.clone()), tidied(&text));
            // Rendered posts start and end with text: the case the shortcut takes.
            let text = format!("a{text}b");
            prop_assert_eq!(tidy(text.clone()), tidied(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn composed_posts_never_exceed_any_limit(words in prop::collection::vec(
            prop_oneof![
                "[a-zA-Z]{1,12}",
                "[\u{4e00}-\u{4e80}]{1,6}",
                Just("👨‍👩‍👧".to_string()),
                Just("👍🏽".to_string()),
                Just("e\u{301}".to_string()),
                Just("https://example.org/a/very/long/path?with=query".to_string()),
                Just("#hashtag".to_string()),
            ],
            0..400,
        )) {
            let hook = words.join(" ");
            for p in crate::platform::PRESETS.iter() {
                let mut sp = parts(&hook);
                sp.platform = p.name();
                if let Ok(s) = compose(&sp, p, &render) {
                    prop_assert!(count(&s.text, p.counting) <= p.limit);
                    prop_assert!(p.byte_limit.is_none_or(|b| s.text.len() <= b));
                    prop_assert!(s.text.contains("Disclosure: Maria G."));
                }
            }
        }
    }
}
