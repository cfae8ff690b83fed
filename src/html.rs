//! Escaping text for HTML, for the few places that write HTML without Tera
//! (embed facades, the preview's error overlay), and moving a rendered page's
//! root-relative links under a sub-path.

/// Attributes whose value is a URL (or, for `srcset`, a list of them).
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
/// Only quoted values are read: Tera, pulldown-cmark and ammonia quote every one.
pub fn prefix_root_paths(html: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return html.to_string();
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut copied = 0;
    let mut i = 0;
    while let Some(eq) = html[i..].find('=').map(|k| k + i) {
        i = eq + 1;
        let Some(&quote) = bytes.get(eq + 1) else {
            break;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let name_start = html[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |k| k + 1);
        let name = &html[name_start..eq];
        let preceded_by_space = html[..name_start].ends_with(char::is_whitespace);
        if !preceded_by_space || !URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            continue;
        }
        let value_start = eq + 2;
        let Some(value_end) = html[value_start..]
            .find(quote as char)
            .map(|k| k + value_start)
        else {
            break;
        };
        let value = &html[value_start..value_end];
        let rewritten =
            if name.eq_ignore_ascii_case("srcset") || name.eq_ignore_ascii_case("imagesrcset") {
                value
                    .split(',')
                    .map(|candidate| {
                        let trimmed = candidate.trim_start();
                        let lead = &candidate[..candidate.len() - trimmed.len()];
                        format!("{lead}{}", prefixed(trimmed, prefix))
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                prefixed(value, prefix)
            };
        if rewritten != value {
            out.push_str(&html[copied..value_start]);
            out.push_str(&rewritten);
            copied = value_end;
        }
        i = value_end + 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// `url` under `prefix` when it is root-relative.
fn prefixed(url: &str, prefix: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{prefix}{url}")
    } else {
        url.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_urls_move_under_the_prefix() {
        let html = r#"<link rel="stylesheet" href="/style.css"><a href="/">Home</a> <a href='/articles/flu/#a'>x</a>"#;
        assert_eq!(
            prefix_root_paths(html, "/clinic"),
            r#"<link rel="stylesheet" href="/clinic/style.css"><a href="/clinic/">Home</a> <a href='/clinic/articles/flu/#a'>x</a>"#
        );
    }

    #[test]
    fn srcset_candidates_each_move() {
        let html =
            r#"<img src="/i/a-480.jpg" srcset="/i/a-480.jpg 480w, /i/a-960.jpg 960w" alt="">"#;
        assert_eq!(
            prefix_root_paths(html, "/c"),
            r#"<img src="/c/i/a-480.jpg" srcset="/c/i/a-480.jpg 480w, /c/i/a-960.jpg 960w" alt="">"#
        );
    }

    #[test]
    fn other_urls_and_text_stay() {
        let html = r##"<a href="https://x.example/a">a</a><a href="//cdn.example/b">b</a><a href="#top">c</a><a href="rel/">d</a><p title="/not-a-url" data-x="/y">href="/in text"</p><meta content="/z">"##;
        assert_eq!(prefix_root_paths(html, "/c"), html);
        assert_eq!(prefix_root_paths("<a href=\"/a\">", ""), "<a href=\"/a\">");
    }

    #[test]
    fn an_unclosed_value_does_not_panic() {
        assert_eq!(prefix_root_paths("<a href=\"/a", "/c"), "<a href=\"/a");
        assert_eq!(prefix_root_paths("<a href=", "/c"), "<a href=");
    }
}
