//! Reading start tags and their attributes (for the tracker scan and for moving a
//! rendered page's root-relative links under a sub-path), and escaping text for the
//! few places that write HTML without Tera (embed facades, the preview's error overlay).

/// Attributes whose value is a URL (or, for `srcset`, a list of them), lower case.
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "srcset",
    "imagesrcset",
    "action",
    "formaction",
    "poster",
    "data",
];

/// Puts `prefix` (the path of `base_url`, such as `/clinic`, without a trailing
/// slash) before every root-relative URL in a URL attribute of `html`, so a site
/// served under a sub-path (a GitHub Pages project site) links within itself, from
/// the theme's templates and from writers' Markdown alike. Absolute URLs,
/// protocol-relative ones (`//host/…`), fragments and relative paths are left alone.
/// With no prefix the page is returned as it is, without a copy.
pub fn prefix_root_paths(html: String, prefix: &str) -> String {
    if prefix.is_empty() {
        return html;
    }
    // (offset of the value, its length, the rewritten value), in page order.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for_each_tag(&html, |tag| {
        for (name, value, at) in &tag.attrs {
            // A value running to the end of the page has no closing quote: no URL.
            if !URL_ATTRIBUTES.contains(&name.as_str()) || at + value.len() == html.len() {
                continue;
            }
            let rewritten = if name.ends_with("srcset") {
                value
                    .split(',')
                    .map(|candidate| {
                        let trimmed = candidate.trim_start();
                        let lead = &candidate[..candidate.len() - trimmed.len()];
                        format!(
                            "{lead}{}",
                            prefixed(trimmed, prefix).unwrap_or(trimmed.into())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            } else if let Some(p) = prefixed(value, prefix) {
                p
            } else {
                continue;
            };
            if rewritten != *value {
                edits.push((*at, value.len(), rewritten));
            }
        }
    });
    let mut out = String::with_capacity(html.len() + edits.len() * prefix.len());
    let mut copied = 0;
    for (at, len, value) in edits {
        out.push_str(&html[copied..at]);
        out.push_str(&value);
        copied = at + len;
    }
    out.push_str(&html[copied..]);
    out
}

/// `url` under `prefix` when it is root-relative.
fn prefixed(url: &str, prefix: &str) -> Option<String> {
    (url.starts_with('/') && !url.starts_with("//")).then(|| format!("{prefix}{url}"))
}

/// One start tag: its name (lower case), attributes and byte range.
pub(crate) struct Tag<'a> {
    pub(crate) name: String,
    /// Name (lower case), value and the value's byte offset in the page.
    pub(crate) attrs: Vec<(String, &'a str, usize)>,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Tag<'_> {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| *v)
    }
}

/// Reads the start tag at `at` (which holds `<`); `None` for anything else.
pub(crate) fn read_tag(html: &str, at: usize) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut i = at + 1;
    let name_start = i;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b':')
    {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return Some(Tag {
                name,
                attrs,
                start: at,
                end: bytes.len(),
            });
        }
        if bytes[i] == b'>' {
            return Some(Tag {
                name,
                attrs,
                start: at,
                end: i + 1,
            });
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == attr_start {
            i += 1;
            continue;
        }
        let attr_name = html[attr_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'=' {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_start, value_end, next) = match bytes.get(j) {
                Some(q @ (b'"' | b'\'')) => {
                    let close = html[j + 1..]
                        .find(*q as char)
                        .map_or(bytes.len(), |k| j + 1 + k);
                    (j + 1, close, (close + 1).min(bytes.len()))
                }
                _ => {
                    let mut k = j;
                    while k < bytes.len() && !bytes[k].is_ascii_whitespace() && bytes[k] != b'>' {
                        k += 1;
                    }
                    (j, k, k)
                }
            };
            attrs.push((attr_name, &html[value_start..value_end], value_start));
            i = next;
        } else {
            attrs.push((attr_name, "", i));
        }
    }
}

/// Calls `f` with every start tag in `html` (comments are skipped).
pub(crate) fn for_each_tag<'a>(html: &'a str, mut f: impl FnMut(Tag<'a>)) {
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        if html[start..].starts_with("<!--") {
            at = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        match read_tag(html, start) {
            Some(tag) => {
                at = tag.end.max(start + 1);
                f(tag);
            }
            None => at = start + 1,
        }
    }
}

/// `s` safe inside HTML text and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of an HTML fragment (rendered Markdown): tags dropped, the five escapes and
/// `&nbsp;` decoded, whitespace collapsed. For a transcript in JSON-LD, not for display.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                out.push(' ');
            }
            (true, '>') => in_tag = false,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_tags_and_decodes_escapes() {
        assert_eq!(
            text("<p>Salt &amp; <em>sugar</em>\n&lt;2</p><p>Next</p>"),
            "Salt & sugar <2 Next"
        );
    }

    #[test]
    fn root_relative_urls_move_under_the_prefix() {
        let html = r#"<link rel="stylesheet" href="/style.css"><a href="/">Home</a> <a href='/articles/flu/#a'>x</a>"#;
        assert_eq!(
            prefix_root_paths(html.to_string(), "/clinic"),
            r#"<link rel="stylesheet" href="/clinic/style.css"><a href="/clinic/">Home</a> <a href='/clinic/articles/flu/#a'>x</a>"#
        );
    }

    #[test]
    fn srcset_candidates_each_move() {
        let html =
            r#"<img src="/i/a-480.jpg" srcset="/i/a-480.jpg 480w, /i/a-960.jpg 960w" alt="">"#;
        assert_eq!(
            prefix_root_paths(html.to_string(), "/c"),
            r#"<img src="/c/i/a-480.jpg" srcset="/c/i/a-480.jpg 480w, /c/i/a-960.jpg 960w" alt="">"#
        );
    }

    #[test]
    fn other_urls_and_text_stay() {
        let html = r##"<a href="https://x.example/a">a</a><a href="//cdn.example/b">b</a><a href="#top">c</a><a href="rel/">d</a><p title="/not-a-url" data-x="/y">href="/in text"</p><meta content="/z">"##;
        assert_eq!(prefix_root_paths(html.to_string(), "/c"), html);
        assert_eq!(
            prefix_root_paths("<a href=\"/a\">".into(), ""),
            "<a href=\"/a\">"
        );
    }

    #[test]
    fn an_unclosed_value_does_not_panic() {
        assert_eq!(
            prefix_root_paths("<a href=\"/a".into(), "/c"),
            "<a href=\"/a"
        );
        assert_eq!(prefix_root_paths("<a href=".into(), "/c"), "<a href=");
    }
}
