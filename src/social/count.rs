//! Length counting, one function per platform rule.
//!
//! Every platform measures a post differently (weighted code points, graphemes, bytes,
//! links as a fixed length), and a post that looks short enough locally but is rejected by
//! the platform is worse than one trimmed a little early. These functions are pure so the
//! composer can count, shorten and re-count freely.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

pub use crate::platform::Counting;

/// What X and Mastodon charge for a link, whatever its real length (t.co / Mastodon's rule).
pub const URL_WEIGHT: usize = 23;

/// Bluesky rejects a post over this many UTF-8 bytes even when it is under 300 graphemes.
pub const BLUESKY_MAX_BYTES: usize = 3000;

/// Measures `text` the way the platform behind `how` does, so limits can be checked locally.
pub fn count(text: &str, how: Counting) -> usize {
    match how {
        Counting::XWeighted => x_weighted(text),
        Counting::Characters => characters(text),
        Counting::ThreadsBytesForEmoji => threads(text),
        Counting::BlueskyGraphemes => graphemes(text),
        Counting::MastodonGraphemes => mastodon(text),
        Counting::Utf8Bytes => text.len(),
    }
}

/// X's weighted length (twitter-text v3 config), because X rejects by weight, not by characters.
///
/// The text is NFC-normalized first (as X does), every URL found by [`find_urls`] costs
/// [`URL_WEIGHT`], every emoji sequence costs 2, and every other code point costs 1 inside
/// U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 and 2 elsewhere (so CJK is 2).
/// Emoji detection approximates twitter-text's emoji regex by code point ranges (see the
/// private `is_emoji_cluster`); a ZWJ sequence, flag, keycap or skin-toned emoji costs 2 in all.
pub fn x_weighted(text: &str) -> usize {
    if is_plain(text) {
        return weigh_plain_with_urls(text, |segment| segment.chars().map(x_char_weight).sum());
    }
    x_weighted_segmented(text)
}

fn x_weighted_segmented(text: &str) -> usize {
    let normalized: Cow<'_, str> = if unicode_normalization::is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    weigh_with_urls(&normalized, x_cluster_weight)
}

/// Unicode scalar values, which is what Facebook, Instagram and LinkedIn limit.
pub fn characters(text: &str) -> usize {
    text.chars().count()
}

/// Threads' length: characters, except that an emoji sequence costs the UTF-8 bytes of the whole
/// cluster (so "👍🏽" is 8), matching how Threads undercounts what it displays as one symbol.
pub fn threads(text: &str) -> usize {
    if is_plain(text) {
        // No emoji, and a CR LF cluster is two characters.
        return text.chars().count();
    }
    threads_segmented(text)
}

fn threads_segmented(text: &str) -> usize {
    text.graphemes(true)
        .map(|g| {
            if is_emoji_cluster(g) {
                g.len()
            } else {
                g.chars().count()
            }
        })
        .sum()
}

/// Extended grapheme clusters, i.e. what a reader sees as one symbol; Bluesky's limit (300)
/// counts these, with links counted in full.
pub fn graphemes(text: &str) -> usize {
    if is_plain(text) {
        return plain_graphemes(text);
    }
    text.graphemes(true).count()
}

/// Mastodon's length: graphemes, but each URL counts as [`URL_WEIGHT`] whatever its length.
pub fn mastodon(text: &str) -> usize {
    if is_plain(text) {
        return weigh_plain_with_urls(text, plain_graphemes);
    }
    mastodon_segmented(text)
}

fn mastodon_segmented(text: &str) -> usize {
    weigh_with_urls(text, |_| 1)
}

/// Whether every character of `text` is a grapheme cluster of its own (CR LF aside) and
/// none is an emoji: Latin letters (precomposed, no combining marks) and the general
/// punctuation (dashes, quotes, "…"). Nearly every English post is plain, and
/// counting one needs no Unicode segmentation (and is already in NFC).
fn is_plain(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c as u32, 0..=0x2FF | 0x2010..=0x2027 | 0x2030..=0x205E))
}

/// Grapheme clusters of plain text: its characters, with CR LF as one.
fn plain_graphemes(text: &str) -> usize {
    text.chars().count() - text.matches("\r\n").count()
}

/// [`weigh_with_urls`] for plain text, weighing whole segments between URLs at once.
fn weigh_plain_with_urls(text: &str, weigh: impl Fn(&str) -> usize) -> usize {
    let mut total = 0;
    let mut position = 0;
    for url in find_urls(text) {
        total += weigh(&text[position..url.start]) + URL_WEIGHT;
        position = url.end;
    }
    total + weigh(&text[position..])
}

/// UTF-8 bytes, because Bluesky also caps a post at [`BLUESKY_MAX_BYTES`] bytes.
pub fn bluesky_bytes(text: &str) -> usize {
    text.len()
}

/// Cuts `text` at a word boundary so that `count(result, how) <= limit`, where `result` ends
/// with `suffix` (e.g. "…"), so a long hook or title still fits the platform.
///
/// - Returns `text` unchanged when it already fits.
/// - Cuts only where whitespace follows, or between words of scripts written without spaces
///   (Han, kana, CJK punctuation), and never inside a grapheme cluster, a URL (`http://`,
///   `https://`, `www.`), a `#hashtag` or an `@mention`: a URL that does not fit is dropped
///   with everything after it.
/// - Trailing whitespace and punctuation before the suffix are trimmed (never into a URL,
///   hashtag or mention); when the text kept ends with a URL, one space separates it from the
///   suffix so platforms do not link the suffix as part of the URL.
/// - Returns an empty string (no suffix) when not even the first word fits.
pub fn shorten(text: &str, suffix: &str, limit: usize, how: Counting) -> String {
    if count(text, how) <= limit {
        return text.to_owned();
    }
    let urls = find_urls(text);
    let mut protected = urls.clone();
    protected.extend(tags_and_mentions(text));
    let cuts = cut_points(text, &protected);

    let attempt = |cut: usize| -> Option<String> {
        let kept = trim_kept(text, cut, &protected);
        if kept == 0 {
            return None;
        }
        let mut out = String::with_capacity(kept + 1 + suffix.len());
        out.push_str(&text[..kept]);
        let suffix_is_glued = suffix.chars().next().is_some_and(|c| !c.is_whitespace());
        if suffix_is_glued && ends_in_url_token(text, kept, &urls) {
            out.push(' ');
        }
        out.push_str(suffix);
        Some(out)
    };

    // Length grows with the cut point in practice, so binary-search for the longest cut that
    // fits, then verify (walking back) because normalization and URL weights make it only
    // nearly monotonic.
    let fits = cuts.partition_point(|&cut| attempt(cut).is_none_or(|s| count(&s, how) <= limit));
    cuts[..fits]
        .iter()
        .rev()
        .find_map(|&cut| attempt(cut).filter(|s| count(s, how) <= limit))
        .unwrap_or_default()
}

/// Byte ranges of the URLs in `text`, so they can be weighted as links and never cut.
///
/// A URL starts with `http://`, `https://` or `www.` (any case) not preceded by a letter,
/// digit or mark, runs to the next whitespace, and loses trailing `.,;:!?"'` and `)` (a `)` is
/// kept when it closes a `(` inside the URL, as in Wikipedia links). A bare prefix such as
/// `https://` alone is not a URL.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut urls = Vec::new();
    let mut resume_at = 0;
    // Every opener starts with an ASCII h or w, so only those bytes are looked at
    // (they are always character boundaries).
    for start in 0..bytes.len() {
        if start < resume_at || !matches!(bytes[start], b'h' | b'H' | b'w' | b'W') {
            continue;
        }
        if url_prefix_len(&bytes[start..]).is_none()
            || text[..start].chars().next_back().is_some_and(is_word_char)
        {
            continue;
        }
        if let Some((url, token_end)) = url_at(text, start) {
            urls.push(url);
            resume_at = token_end;
        }
    }
    urls
}

/// The URL starting at `start` (where an opener begins a word), and the end of its
/// whitespace-delimited token; `None` for a bare opener such as `https://`.
fn url_at(text: &str, start: usize) -> Option<(Range<usize>, usize)> {
    let prefix = url_prefix_len(&text.as_bytes()[start..])?;
    let token_end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |offset| start + offset);
    let end = strip_url_tail(text, start, token_end);
    (end > start + prefix).then_some((start..end, token_end))
}

/// Length of the URL opener at the start of `bytes`, if any.
fn url_prefix_len(bytes: &[u8]) -> Option<usize> {
    [&b"https://"[..], b"http://", b"www."]
        .into_iter()
        .find(|p| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p))
        .map(<[u8]>::len)
}

/// End of the URL in `text[start..end]` once sentence punctuation after it is dropped.
fn strip_url_tail(text: &str, start: usize, mut end: usize) -> usize {
    let url = &text[start..end];
    let opens = url.matches('(').count();
    let mut closes = url.matches(')').count();
    while let Some(last) = text[start..end].chars().next_back() {
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' => true,
            ')' if closes > opens => {
                closes -= 1;
                true
            }
            _ => false,
        };
        if !strip {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

/// Byte ranges of `#hashtags` and `@mentions` (including `@user@server`), which must stay whole.
fn tags_and_mentions(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut resume_at = 0;
    for (start, c) in text.char_indices() {
        if start < resume_at || !matches!(c, '#' | '@' | '＃' | '＠') {
            continue;
        }
        let body = start + c.len_utf8();
        if !text[body..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        let token_end = text[body..]
            .find(char::is_whitespace)
            .map_or(text.len(), |offset| body + offset);
        let mut end = token_end;
        while let Some(last) = text[body..end].chars().next_back() {
            if is_word_char(last) {
                break;
            }
            end -= last.len_utf8();
        }
        found.push(start..end);
        resume_at = token_end;
    }
    found
}

/// Byte offsets (ascending, all > 0) where `shorten` may cut.
fn cut_points(text: &str, protected: &[Range<usize>]) -> Vec<usize> {
    // Word boundaries matter only next to CJK, and finding them is slow.
    let words: Vec<usize> = if text.chars().any(is_cjk) {
        text.split_word_bound_indices().map(|(i, _)| i).collect()
    } else {
        Vec::new()
    };
    text.grapheme_indices(true)
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(text.len()))
        .filter(|&cut| {
            if protected.iter().any(|r| r.start < cut && cut < r.end) {
                return false;
            }
            if cut == text.len() || text[cut..].starts_with(char::is_whitespace) {
                return true;
            }
            let before = text[..cut].chars().next_back().is_some_and(is_cjk);
            let after = text[cut..].chars().next().is_some_and(is_cjk);
            (before || after) && words.binary_search(&cut).is_ok()
        })
        .collect()
}

/// End of `text[..cut]` once trailing whitespace and punctuation are trimmed, never trimming
/// into a protected range.
fn trim_kept(text: &str, cut: usize, protected: &[Range<usize>]) -> usize {
    let mut end = cut;
    while let Some(last) = text[..end].chars().next_back() {
        let at = end - last.len_utf8();
        if !is_trimmable(last) || protected.iter().any(|r| r.start <= at && at < r.end) {
            break;
        }
        end = at;
    }
    end
}

/// Whether the last whitespace-delimited token of `text[..kept]` contains a URL.
fn ends_in_url_token(text: &str, kept: usize, urls: &[Range<usize>]) -> bool {
    let token_start = text[..kept]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    urls.iter()
        .any(|r| r.start >= token_start && r.start < kept)
}

/// Characters that can go before a "…" without loss: spaces, sentence punctuation, openers.
/// Closing brackets and quotes are kept because they finish something the reader saw open.
fn is_trimmable(c: char) -> bool {
    const PUNCTUATION: &str = ".,;:!?-‐‒–—―…/\\|&+=*~([{<«‹“‘„‚¿¡·•、。，；：！？";
    c.is_whitespace() || PUNCTUATION.contains(c)
}

/// Letters, digits, marks and joiners: what may not directly precede a URL and what makes up
/// a hashtag or mention.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// Scripts written without spaces between words, where any word boundary is a fair place to cut.
fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x2E80..=0x2FDF
            | 0x3000..=0x303F
            | 0x3040..=0x30FF
            | 0x3100..=0x312F
            | 0x3190..=0x31FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF
            | 0x20000..=0x3FFFF
    )
}

/// Sums `weigh` over the grapheme clusters outside URLs, plus [`URL_WEIGHT`] per URL.
fn weigh_with_urls(text: &str, weigh: impl Fn(&str) -> usize) -> usize {
    let mut total = 0;
    let mut position = 0;
    for url in find_urls(text) {
        total += text[position..url.start]
            .graphemes(true)
            .map(&weigh)
            .sum::<usize>();
        total += URL_WEIGHT;
        position = url.end;
    }
    total + text[position..].graphemes(true).map(&weigh).sum::<usize>()
}

/// X's weight of one grapheme cluster: 2 for an emoji sequence, else the sum of its code points.
fn x_cluster_weight(cluster: &str) -> usize {
    if is_emoji_cluster(cluster) {
        2
    } else {
        cluster.chars().map(x_char_weight).sum()
    }
}

/// twitter-text v3 code point weight: 1 in the light ranges, 2 elsewhere.
fn x_char_weight(c: char) -> usize {
    match c as u32 {
        0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

/// Whether a grapheme cluster is an emoji sequence, without pulling in an emoji-data crate.
///
/// Approximation of Extended_Pictographic / emoji presentation: the cluster contains a char in
/// U+1F000–U+1FAFF (pictographs, regional-indicator flags, skin-tone modifiers), U+2600–U+27BF
/// (misc symbols, dingbats), U+2B00–U+2BFF, U+FE0F (emoji presentation selector, which also
/// covers ©️ ®️ ™️ 〰️ 〽️ ㊗️ ㊙️), U+20E3 (keycaps) or U+E0020–U+E007F (tag sequences); or it is a
/// ZWJ sequence involving another pictograph (arrows, technical and geometric symbols, ©, ®,
/// ™, …). Plain-text symbols in U+2600–U+27BF (e.g. ★, ✓) are therefore treated as emoji.
fn is_emoji_cluster(cluster: &str) -> bool {
    let mut zwj = false;
    let mut pictograph = false;
    for c in cluster.chars() {
        match c as u32 {
            0x1F000..=0x1FAFF
            | 0x2600..=0x27BF
            | 0x2B00..=0x2BFF
            | 0xFE0F
            | 0x20E3
            | 0xE0020..=0xE007F => return true,
            0x200D => zwj = true,
            0xA9
            | 0xAE
            | 0x203C
            | 0x2049
            | 0x2122
            | 0x2139
            | 0x2194..=0x21AA
            | 0x231A..=0x23FF
            | 0x24C2
            | 0x25AA..=0x25FE
            | 0x2934..=0x2935
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299 => pictograph = true,
            _ => {}
        }
    }
    zwj && pictograph
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Counting; 6] = [
        Counting::XWeighted,
        Counting::Characters,
        Counting::ThreadsBytesForEmoji,
        Counting::BlueskyGraphemes,
        Counting::MastodonGraphemes,
        Counting::Utf8Bytes,
    ];

    /// A URL of exactly 60 characters.
    fn url60() -> String {
        let base = "https://example.com/articles/";
        let url = format!("{base}{}", "a".repeat(60 - base.len()));
        assert_eq!(url.len(), 60);
        url
    }

    fn all_counts(text: &str) -> [usize; 6] {
        ALL.map(|how| count(text, how))
    }

    #[test]
    fn ascii_counts_the_same_everywhere() {
        assert_eq!(all_counts("Hello, world!"), [13; 6]);
        assert_eq!(bluesky_bytes("Hello, world!"), 13);
        assert_eq!(all_counts(""), [0; 6]);
    }

    #[test]
    fn url_is_23_on_x_and_mastodon_but_full_on_bluesky() {
        let url = url60();
        assert_eq!(x_weighted(&url), 23);
        assert_eq!(mastodon(&url), 23);
        assert_eq!(graphemes(&url), 60);
        assert_eq!(bluesky_bytes(&url), 60);
        assert_eq!(characters(&url), 60);
        assert_eq!(threads(&url), 60);
        let post = format!("Read {url} today.");
        assert_eq!(x_weighted(&post), 5 + 23 + 7);
        assert_eq!(mastodon(&post), 5 + 23 + 7);
        assert_eq!(graphemes(&post), 5 + 60 + 7);
        assert_eq!(x_weighted("www.example.com and http://a.org"), 23 + 5 + 23);
    }

    #[test]
    fn cjk_weighs_two_on_x() {
        assert_eq!(x_weighted("日本語"), 6);
        assert_eq!(characters("日本語"), 3);
        assert_eq!(graphemes("日本語"), 3);
        assert_eq!(threads("日本語"), 3);
        assert_eq!(bluesky_bytes("日本語"), 9);
        assert_eq!(x_weighted("한국어"), 6);
        assert_eq!(x_weighted("Hi 👋 日本"), 1 + 1 + 1 + 2 + 1 + 2 + 2);
    }

    #[test]
    fn skin_tone_emoji() {
        let thumbs = "👍🏽";
        assert_eq!(x_weighted(thumbs), 2);
        assert_eq!(graphemes(thumbs), 1);
        assert_eq!(mastodon(thumbs), 1);
        assert_eq!(threads(thumbs), 8);
        assert_eq!(characters(thumbs), 2);
        assert_eq!(bluesky_bytes(thumbs), 8);
    }

    #[test]
    fn zwj_family_flag_keycap_and_presentation_selector() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(x_weighted(family), 2);
        assert_eq!(graphemes(family), 1);
        assert_eq!(characters(family), 5);
        assert_eq!(threads(family), 18);

        let flag = "🇺🇸";
        assert_eq!(x_weighted(flag), 2);
        assert_eq!(graphemes(flag), 1);
        assert_eq!(threads(flag), 8);

        let keycap = "1\u{FE0F}\u{20E3}";
        assert_eq!(x_weighted(keycap), 2);
        assert_eq!(threads(keycap), 7);

        assert_eq!(x_weighted("❤\u{FE0F}"), 2);
        assert_eq!(threads("❤\u{FE0F}"), 6);
        assert_eq!(x_weighted("©"), 1);
        assert_eq!(x_weighted("©\u{FE0F}"), 2);
        let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(x_weighted(scotland), 2);
        assert_eq!(graphemes(scotland), 1);
        let doctor = "🧑🏿\u{200D}⚕\u{FE0F}";
        assert_eq!(x_weighted(doctor), 2);
        assert_eq!(graphemes(doctor), 1);
    }

    #[test]
    fn x_normalizes_to_nfc_first() {
        let decomposed = "e\u{0301}";
        assert_eq!(x_weighted(decomposed), 1);
        assert_eq!(characters(decomposed), 2);
        assert_eq!(graphemes(decomposed), 1);
        assert_eq!(threads(decomposed), 2);
        assert_eq!(x_weighted("Cafe\u{0301} au lait"), 12);
    }

    #[test]
    fn light_punctuation_ranges_on_x() {
        assert_eq!(x_weighted("\u{201C}quoted\u{201D}"), 8);
        assert_eq!(x_weighted("a\u{2014}b"), 3);
        assert_eq!(x_weighted("5\u{2032}"), 2);
        // The ellipsis (U+2026) is outside the light ranges.
        assert_eq!(x_weighted("…"), 2);
        assert_eq!(characters("…"), 1);
        assert_eq!(x_weighted("™"), 2);
    }

    #[test]
    fn combining_marks() {
        let zalgo = "Z\u{0351}\u{036B}\u{0343}";
        assert_eq!(characters(zalgo), 4);
        assert_eq!(graphemes(zalgo), 1);
        assert_eq!(mastodon(zalgo), 1);
        assert_eq!(x_weighted(zalgo), 4);
        assert_eq!(threads(zalgo), 4);
    }

    #[test]
    fn crlf() {
        let text = "a\r\nb";
        assert_eq!(characters(text), 4);
        assert_eq!(graphemes(text), 3);
        assert_eq!(mastodon(text), 3);
        assert_eq!(x_weighted(text), 4);
        assert_eq!(threads(text), 4);
    }

    #[test]
    fn count_dispatches() {
        let text = "👍🏽 日本 https://example.org/path";
        assert_eq!(count(text, Counting::XWeighted), x_weighted(text));
        assert_eq!(count(text, Counting::Characters), characters(text));
        assert_eq!(count(text, Counting::ThreadsBytesForEmoji), threads(text));
        assert_eq!(count(text, Counting::BlueskyGraphemes), graphemes(text));
        assert_eq!(count(text, Counting::MastodonGraphemes), mastodon(text));
    }

    fn url_texts(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn find_urls_strips_trailing_punctuation() {
        assert_eq!(
            url_texts("See https://a.com/x. Or (http://b.org/y), \"www.c.net\"!"),
            ["https://a.com/x", "http://b.org/y", "www.c.net"]
        );
        assert_eq!(
            url_texts("wiki https://en.wikipedia.org/wiki/Flu_(disease)."),
            ["https://en.wikipedia.org/wiki/Flu_(disease)"]
        );
        assert_eq!(
            url_texts("HTTPS://EXAMPLE.COM/A?b=1&c=2;"),
            ["HTTPS://EXAMPLE.COM/A?b=1&c=2"]
        );
        assert_eq!(url_texts("line\r\nhttps://a.com\r\n"), ["https://a.com"]);
    }

    #[test]
    fn find_urls_ignores_non_urls() {
        assert!(find_urls("no links here, just text").is_empty());
        assert!(find_urls("https:// www. http://.").is_empty());
        assert!(find_urls("xhttps://a.com awww.b.com").is_empty());
        let text = "é https://a.com";
        assert_eq!(url_texts(text), ["https://a.com"]);
        assert_eq!(find_urls(text)[0].start, 3);
    }

    #[test]
    fn shorten_returns_fitting_text_unchanged() {
        let text = "Flu shots are here. #health https://example.com/flu ";
        for how in ALL {
            let limit = count(text, how);
            assert_eq!(shorten(text, "…", limit, how), text);
        }
    }

    #[test]
    fn shorten_cuts_at_a_word_and_appends_suffix() {
        let text = "The quick brown fox jumps over the lazy dog";
        assert_eq!(
            shorten(text, "…", 20, Counting::Characters),
            "The quick brown fox…"
        );
        assert_eq!(
            shorten(text, "…", 19, Counting::Characters),
            "The quick brown…"
        );
        // The ellipsis weighs 2 on X.
        assert_eq!(
            shorten(text, "…", 20, Counting::XWeighted),
            "The quick brown…"
        );
        assert_eq!(
            shorten(text, "...", 12, Counting::Characters),
            "The quick..."
        );
    }

    #[test]
    fn shorten_trims_trailing_punctuation() {
        assert_eq!(
            shorten("Hello, world, again", "…", 8, Counting::Characters),
            "Hello…"
        );
        assert_eq!(
            shorten(
                "Book now - appointments open",
                "…",
                12,
                Counting::Characters
            ),
            "Book now…"
        );
    }

    #[test]
    fn shorten_returns_empty_when_no_word_fits() {
        assert_eq!(
            shorten("Supercalifragilistic is long", "…", 5, Counting::Characters),
            ""
        );
        assert_eq!(shorten("abc def", "…", 0, Counting::Characters), "");
        assert_eq!(
            shorten(
                "👨\u{200D}👩\u{200D}👧👨\u{200D}👩\u{200D}👧 hi",
                "…",
                2,
                Counting::BlueskyGraphemes
            ),
            ""
        );
    }

    #[test]
    fn shorten_never_splits_a_url() {
        let url = url60();
        let text = format!("See {url} for details");
        // Does not fit: the URL is dropped with everything after it.
        assert_eq!(shorten(&text, "…", 40, Counting::Characters), "See…");
        assert_eq!(shorten(&text, "…", 64, Counting::BlueskyGraphemes), "See…");
        // Fits whole: kept, with a space so the suffix is not linked as part of it.
        assert_eq!(
            shorten(&text, "…", 66, Counting::Characters),
            format!("See {url} …")
        );
        assert_eq!(
            shorten(&text, "…", 29, Counting::MastodonGraphemes),
            format!("See {url} …")
        );
        assert_eq!(shorten(&text, "…", 28, Counting::MastodonGraphemes), "See…");
        assert_eq!(
            shorten(&text, "…", 31, Counting::XWeighted),
            format!("See {url} …")
        );
        // A URL ending in a slash is not trimmed as punctuation.
        let text = "Visit https://example.com/ today please";
        assert_eq!(
            shorten(text, "…", 34, Counting::Characters),
            "Visit https://example.com/ today…"
        );
        assert_eq!(
            shorten(text, "…", 30, Counting::Characters),
            "Visit https://example.com/ …"
        );
    }

    #[test]
    fn shorten_keeps_hashtags_and_mentions_whole() {
        let text = "予防接種#ワクチン大切";
        assert_eq!(shorten(text, "…", 8, Counting::Characters), "予防接種…");
        assert_eq!(shorten(text, "…", 3, Counting::Characters), "予防…");
        let text = "お知らせ@dr_smith@clinic.social です";
        assert_eq!(shorten(text, "…", 20, Counting::Characters), "お知らせ…");
        let text = "Get your shot #FluSeason2026 today";
        assert_eq!(
            shorten(text, "…", 30, Counting::Characters),
            "Get your shot #FluSeason2026…"
        );
        assert_eq!(
            shorten(text, "…", 27, Counting::Characters),
            "Get your shot…"
        );
    }

    #[test]
    fn shorten_does_not_split_clusters_or_crlf() {
        assert_eq!(
            shorten("line one\r\nline two", "…", 10, Counting::Characters),
            "line one…"
        );
        let text = "日本\u{0301}語";
        for limit in 1..characters(text) {
            let out = shorten(text, "…", limit, Counting::Characters);
            let kept = out.strip_suffix('…').unwrap_or(&out);
            assert!(!kept.ends_with('本'), "{out:?}");
        }
    }

    #[test]
    fn shorten_respects_limit_for_every_counting() {
        let text = format!(
            "Dr. Lee 👩🏽\u{200D}⚕\u{FE0F} explains 日本語 flu care: {} #health @clinic 🇺🇸 e\u{0301}",
            url60()
        );
        for how in ALL {
            for limit in 0..count(&text, how) + 2 {
                let out = shorten(&text, "…", limit, how);
                assert!(count(&out, how) <= limit, "{how:?} {limit}: {out:?}");
                if !out.is_empty() && out != text {
                    assert!(out.ends_with('…'));
                    let kept = out.trim_end_matches('…').trim_end();
                    assert!(text.starts_with(kept));
                }
            }
        }
    }

    const EMOJI: &[&str] = &[
        "😀",
        "👍",
        "👍🏽",
        "👨\u{200D}👩\u{200D}👧",
        "👩🏾\u{200D}⚕\u{FE0F}",
        "🇺🇸",
        "🇯🇵",
        "1\u{FE0F}\u{20E3}",
        "❤\u{FE0F}",
        "©\u{FE0F}",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        "★",
    ];

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "[a-zA-Z]{1,12}",
            2 => "[a-z]{1,8}[,.!?;:\\-)]{1,2}",
            3 => "[\u{4e00}-\u{9fff}\u{3040}-\u{30ff}、。]{1,8}",
            3 => prop::sample::select(EMOJI).prop_map(String::from),
            2 => "[a-z]{1,4}[\u{0300}-\u{036f}]{1,3}[a-z]{0,4}",
            3 => "(https?://|HTTP://|www\\.)[a-z]{1,12}\\.(com|org)(/[a-zA-Z0-9_.()?=&%#\u{e9}-]{0,16}){0,4}[.,;:!?)\"']{0,3}",
            1 => "\\((https://)[a-z]{1,8}\\.com/[a-z]{0,8}\\)[.,]?",
            2 => "[#@][a-zA-Z0-9_\u{e9}]{1,15}[,.!]?",
            1 => "@[a-z]{1,8}@[a-z]{1,8}\\.social",
            1 => "[\u{4e00}-\u{9fff}]{1,4}[#@][\u{3040}-\u{30ff}]{1,4}",
            1 => prop::sample::select(&["\r\n", "\n", "-", "—", "…", "\u{201C}", "\u{201D}"][..])
                .prop_map(String::from),
            1 => prop::collection::vec(any::<char>(), 1..4).prop_map(String::from_iter),
        ]
    }

    fn spaced_text() -> impl Strategy<Value = String> {
        prop::collection::vec(token(), 0..200).prop_map(|tokens| tokens.join(" "))
    }

    fn glued_text() -> impl Strategy<Value = String> {
        let separator = prop::sample::select(&["", " ", "  ", "\n", "\r\n", "\t", "\u{3000}"][..]);
        prop::collection::vec((token(), separator), 0..120).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(token, sep)| format!("{token}{sep}"))
                .collect()
        })
    }

    fn counting() -> impl Strategy<Value = Counting> {
        prop::sample::select(&ALL[..])
    }

    /// The properties every shortening must have, whatever the input.
    fn check_shorten(text: &str, limit: usize, how: Counting) -> Result<(), TestCaseError> {
        let out = shorten(text, "…", limit, how);
        prop_assert!(
            count(&out, how) <= limit,
            "{} > {}: {:?}",
            count(&out, how),
            limit,
            out
        );
        if count(text, how) <= limit {
            prop_assert_eq!(&out, text);
            return Ok(());
        }
        if out.is_empty() {
            return Ok(());
        }
        let kept = out.strip_suffix('…');
        prop_assert!(kept.is_some(), "no suffix: {:?}", out);
        let kept = kept.unwrap_or_default().trim_end();
        prop_assert!(text.starts_with(kept), "not a prefix: {:?}", out);
        prop_assert!(!kept.is_empty());
        // URLs are never cut: every URL in the result is a URL of the input at the same byte
        // range (stronger than "not a strict prefix of an input URL").
        let input_urls = find_urls(text);
        for url in find_urls(&out) {
            let cut = &out[url.clone()];
            prop_assert!(
                input_urls.contains(&url),
                "URL {:?} cut or glued in {:?}",
                cut,
                out
            );
            for full in input_urls.iter().filter(|r| r.start == url.start) {
                let full = &text[full.clone()];
                prop_assert!(
                    !(full.len() > cut.len() && full.starts_with(cut)),
                    "URL cut: {:?}",
                    cut
                );
            }
        }
        Ok(())
    }

    /// Text made only of plain characters (see `is_plain`), with line breaks, CR LF and URLs.
    fn plain_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("word".to_string()),
            Just("Ünïcödé".to_string()),
            Just("Ångström ñ ß ŀ".to_string()),
            Just("“quoted”".to_string()),
            Just("—".to_string()),
            Just("…".to_string()),
            Just("‼".to_string()),
            Just("©".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\n\n".to_string()),
            Just(" ".to_string()),
            Just("https://lakeside.example/a?utm_source=x".to_string()),
            Just("(www.example.org/x_(y)).".to_string()),
            Just("#Tag".to_string()),
            "[ -~]{0,12}",
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// `find_urls` as first written, one character at a time: the reference the
    /// byte scan (which looks only at `h`/`w` bytes) must agree with.
    fn find_urls_char_by_char(text: &str) -> Vec<Range<usize>> {
        let mut urls = Vec::new();
        let mut previous: Option<char> = None;
        let mut resume_at = 0;
        for (start, c) in text.char_indices() {
            let boundary = !previous.is_some_and(is_word_char);
            previous = Some(c);
            if start < resume_at || !boundary {
                continue;
            }
            if let Some((url, token_end)) = url_at(text, start) {
                urls.push(url);
                resume_at = token_end;
            }
        }
        urls
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn find_urls_matches_the_character_scan(
            spaced in spaced_text(),
            glued in glued_text(),
            plain in plain_text(),
        ) {
            for text in [spaced, glued, plain] {
                prop_assert_eq!(find_urls(&text), find_urls_char_by_char(&text), "{:?}", text);
            }
        }

        #[test]
        fn plain_text_counts_match_full_segmentation(text in plain_text()) {
            prop_assert!(is_plain(&text));
            prop_assert_eq!(x_weighted(&text), x_weighted_segmented(&text));
            prop_assert_eq!(threads(&text), threads_segmented(&text));
            prop_assert_eq!(graphemes(&text), text.graphemes(true).count());
            prop_assert_eq!(mastodon(&text), mastodon_segmented(&text));
        }

        #[test]
        fn shorten_fits_is_a_prefix_and_never_cuts_urls(
            text in spaced_text(),
            limit in 1usize..600,
            how in counting(),
        ) {
            check_shorten(&text, limit, how)?;
        }

        #[test]
        fn shorten_holds_for_glued_tokens(
            text in glued_text(),
            limit in 1usize..600,
            how in counting(),
        ) {
            check_shorten(&text, limit, how)?;
        }

        #[test]
        fn counts_never_exceed_bytes_and_url_weight_is_stable(text in spaced_text()) {
            // Every counting is at most the byte length, except where a short URL costs 23.
            let urls = find_urls(&text).len();
            for how in ALL {
                prop_assert!(count(&text, how) <= text.len() + URL_WEIGHT * urls);
            }
            prop_assert!(graphemes(&text) <= characters(&text));
        }
    }
}
