//! Plain snippet templates, laid out without Tera.
//!
//! A build composes one post per item and platform (70,000 for a 10,000-article
//! site), and setting up a Tera context and render for each was more than half of
//! composing. The default templates, and most edited copies of them, use nothing but
//! text, `{{ name }}`, `{% if name %}…{% endif %}` and comments, with or without
//! `-` whitespace control. Such a template is compiled here once into [`Layout`]
//! and laid out directly, with Tera's output (the tests compare the two on
//! generated templates). Any other template (filters, loops, `else`, `handle`,
//! `post.hashtags`, …) is rendered by Tera, as is a post that would print an absent
//! part, so Tera's behaviour and errors stay the reference.

use super::compose::SnippetParts;

/// What a plain template may name: the text parts of `post`, `hashtag_line` and `practice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Hook,
    Attribution,
    Question,
    Link,
    LinkInBio,
    Disclosure,
    Location,
    Title,
    Kind,
    Platform,
    HashtagLine,
    Practice,
}

impl Field {
    fn named(name: &str) -> Option<Field> {
        Some(match name {
            "post.hook" => Field::Hook,
            "post.attribution" => Field::Attribution,
            "post.question" => Field::Question,
            "post.link" => Field::Link,
            "post.link_in_bio" => Field::LinkInBio,
            "post.disclosure" => Field::Disclosure,
            "post.location" => Field::Location,
            "post.title" => Field::Title,
            "post.kind" => Field::Kind,
            "post.platform" => Field::Platform,
            "hashtag_line" => Field::HashtagLine,
            "practice" => Field::Practice,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Print(Field),
    If(Field, Vec<Piece>),
}

/// A plain snippet template, compiled once per build.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout(Vec<Piece>);

/// One `{{ … }}`, `{% … %}` or `{# … #}` tag: its inside and its whitespace control.
struct Tag<'a> {
    opener: u8,
    inside: &'a str,
    trim_before: bool,
    trim_after: bool,
}

/// Splits at the next tag: the text before it, the tag, and the rest. `None` at the
/// end of the template; `Some(Err(()))` for an unclosed tag.
#[allow(clippy::type_complexity)]
fn next_tag(source: &str) -> Option<Result<(&str, Tag<'_>, &str), ()>> {
    let bytes = source.as_bytes();
    let start = (0..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#'))?;
    let opener = bytes[start + 1];
    let closer = match opener {
        b'{' => "}}",
        b'%' => "%}",
        _ => "#}",
    };
    let mut body = &source[start + 2..];
    let trim_before = body.starts_with('-');
    if trim_before {
        body = &body[1..];
    }
    let Some(end) = body.find(closer) else {
        return Some(Err(()));
    };
    let (mut inside, rest) = (&body[..end], &body[end + 2..]);
    let trim_after = inside.ends_with('-');
    if trim_after {
        inside = &inside[..inside.len() - 1];
    }
    Some(Ok((
        &source[..start],
        Tag {
            opener,
            inside,
            trim_before,
            trim_after,
        },
        rest,
    )))
}

impl Layout {
    /// `None` when the template uses anything beyond the plain subset (Tera renders it).
    pub fn compile(source: &str) -> Option<Layout> {
        // Open `if` blocks, innermost last, each with the pieces before it.
        let mut open: Vec<(Field, Vec<Piece>)> = Vec::new();
        let mut pieces = Vec::new();
        let mut rest = source;
        let mut trim_next = false;
        loop {
            let (text, tag, after) = match next_tag(rest) {
                None => (rest, None, ""),
                Some(Ok((text, tag, after))) => (text, Some(tag), after),
                Some(Err(())) => return None,
            };
            let raw_text_was_empty = text.is_empty();
            let mut text = text;
            if trim_next {
                text = text.trim_start();
            }
            if tag.as_ref().is_some_and(|t| t.trim_before) {
                text = text.trim_end();
            }
            if !text.is_empty() {
                pieces.push(Piece::Text(text.to_string()));
            }
            let Some(tag) = tag else { break };
            // As in Tera, a comment with no text before it passes a pending trim on.
            trim_next = tag.trim_after || (tag.opener == b'#' && trim_next && raw_text_was_empty);
            rest = after;
            let inside = tag.inside.trim();
            match tag.opener {
                b'#' => {}
                b'{' => pieces.push(Piece::Print(Field::named(inside)?)),
                _ => {
                    if inside == "endif" {
                        let (field, outer) = open.pop()?;
                        let body = std::mem::replace(&mut pieces, outer);
                        pieces.push(Piece::If(field, body));
                    } else {
                        let name = inside.strip_prefix("if")?;
                        if !name.starts_with(char::is_whitespace) {
                            return None;
                        }
                        let field = Field::named(name.trim())?;
                        open.push((field, std::mem::take(&mut pieces)));
                    }
                }
            }
        }
        open.is_empty().then_some(Layout(pieces))
    }

    /// The post laid out by this template; `None` when it would print an absent part
    /// (Tera then renders it, with Tera's own handling of that).
    pub fn render(&self, parts: &SnippetParts, practice: &str) -> Option<String> {
        // Measured first, so each of 70,000 posts is allocated once, at its size.
        let mut length = 0;
        lay_out(&self.0, parts, practice, &mut length)?;
        let mut out = String::with_capacity(length);
        lay_out(&self.0, parts, practice, &mut out)?;
        Some(out)
    }
}

/// A field's text, or `None` when the part is absent; `link_in_bio` is a flag.
enum Value<'a> {
    Text(Option<&'a str>),
    Flag(bool),
    Hashtags(&'a [String]),
}

fn value<'a>(field: Field, parts: &'a SnippetParts, practice: &'a str) -> Value<'a> {
    match field {
        Field::Hook => Value::Text(Some(&parts.hook)),
        Field::Attribution => Value::Text(parts.attribution),
        Field::Question => Value::Text(parts.question),
        Field::Link => Value::Text(parts.link),
        Field::LinkInBio => Value::Flag(parts.link_in_bio),
        Field::Disclosure => Value::Text(parts.disclosure),
        Field::Location => Value::Text(parts.location),
        Field::Title => Value::Text(Some(parts.title)),
        Field::Kind => Value::Text(Some(parts.kind)),
        Field::Platform => Value::Text(Some(parts.platform)),
        Field::HashtagLine => Value::Hashtags(parts.hashtags),
        Field::Practice => Value::Text(Some(practice)),
    }
}

/// Where `lay_out` puts text: a string, or a byte count.
trait Output {
    fn put(&mut self, text: &str);
}

impl Output for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }
}

impl Output for usize {
    fn put(&mut self, text: &str) {
        *self += text.len();
    }
}

fn lay_out(
    pieces: &[Piece],
    parts: &SnippetParts,
    practice: &str,
    out: &mut impl Output,
) -> Option<()> {
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.put(text),
            Piece::Print(field) => match value(*field, parts, practice) {
                Value::Text(text) => out.put(text?),
                Value::Flag(flag) => out.put(if flag { "true" } else { "false" }),
                Value::Hashtags(tags) => {
                    for (i, tag) in tags.iter().enumerate() {
                        if i > 0 {
                            out.put(" ");
                        }
                        out.put(tag);
                    }
                }
            },
            Piece::If(field, body) => {
                let truthy = match value(*field, parts, practice) {
                    Value::Text(text) => text.is_some_and(|t| !t.is_empty()),
                    Value::Flag(flag) => flag,
                    // Joined with spaces: empty only when no tag or one empty tag.
                    Value::Hashtags(tags) => {
                        tags.len() > 1 || tags.first().is_some_and(|t| !t.is_empty())
                    }
                };
                if truthy {
                    lay_out(body, parts, practice, out)?;
                }
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::DEFAULT_THEME;
    use proptest::prelude::*;
    use std::borrow::Cow;

    /// What the kit gives Tera for a snippet (see `kit::posts`).
    fn tera(source: &str, parts: &SnippetParts, practice: &str) -> Result<String, String> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        tera.add_raw_template("t.txt", source)
            .map_err(|e| e.to_string())?;
        let mut ctx = tera::Context::new();
        ctx.insert("post", parts);
        ctx.insert("hashtag_line", &parts.hashtags.join(" "));
        ctx.insert("practice", practice);
        ctx.insert("handle", &None::<String>);
        tera.render("t.txt", &ctx).map_err(|e| e.to_string())
    }

    fn sample<'a>(hashtags: &'a [String]) -> SnippetParts<'a> {
        SnippetParts {
            platform: "x",
            kind: "article",
            title: "Flu season",
            hook: Cow::Borrowed("Get your flu shot."),
            attribution: Some("— Maria G."),
            question: None,
            link: Some("https://lakeside.example/flu/"),
            link_in_bio: false,
            hashtags,
            disclosure: Some("Maria received a gift card."),
            location: Some("Northgate Clinic · +1 555 0110"),
        }
    }

    #[test]
    fn every_default_snippet_template_is_plain_and_lays_out_as_tera_renders_it() {
        let hashtags = ["#Flu".to_string(), "#Vaccines".to_string()];
        let templates: Vec<_> = DEFAULT_THEME
            .iter()
            .filter(|(path, _)| path.starts_with("social/") && path.ends_with(".txt"))
            .collect();
        assert_eq!(templates.len(), 8);
        for (path, bytes) in templates {
            let source = std::str::from_utf8(bytes).unwrap();
            let layout = Layout::compile(source).unwrap_or_else(|| panic!("{path} is not plain"));
            let parts = sample(&hashtags);
            assert_eq!(
                layout.render(&parts, "Lakeside").unwrap(),
                tera(source, &parts, "Lakeside").unwrap(),
                "{path}"
            );
        }
    }

    #[test]
    fn templates_beyond_the_plain_subset_are_left_to_tera() {
        for source in [
            "{{ post.hook | upper }}",
            "{{ handle }}",
            "{{ post.hashtags }}",
            "{% for h in post.hashtags %}{{ h }}{% endfor %}",
            "{% if post.link %}a{% else %}b{% endif %}",
            "{% if not post.link %}a{% endif %}",
            "{% if post.link %}a",
            "a{% endif %}",
            "{{ post.hook ",
            "{% raw %}{{ x }}{% endraw %}",
            "{% ifpost.link %}a{% endif %}",
        ] {
            assert_eq!(Layout::compile(source), None, "{source}");
        }
    }

    #[test]
    fn an_absent_part_that_would_be_printed_is_left_to_tera() {
        let layout = Layout::compile("{{ post.hook }} {{ post.question }}").unwrap();
        assert_eq!(layout.render(&sample(&[]), "Lakeside"), None);
        let with_question = SnippetParts {
            question: Some("Questions?"),
            ..sample(&[])
        };
        assert_eq!(
            layout.render(&with_question, "Lakeside").as_deref(),
            Some("Get your flu shot. Questions?")
        );
    }

    const FIELDS: [&str; 12] = [
        "post.hook",
        "post.attribution",
        "post.question",
        "post.link",
        "post.link_in_bio",
        "post.disclosure",
        "post.location",
        "post.title",
        "post.kind",
        "post.platform",
        "hashtag_line",
        "practice",
    ];

    /// A random template of the plain subset: text with spaces and newlines, prints,
    /// nested ifs and comments, each tag with or without whitespace control.
    fn template() -> impl Strategy<Value = String> {
        let text = "[ a\n}%#-]{0,4}";
        let dash = || prop::bool::ANY.prop_map(|d| if d { "-" } else { "" });
        let space = || prop::sample::select(vec!["", " ", "  "]);
        let print = (
            dash(),
            space(),
            prop::sample::select(FIELDS.to_vec()),
            space(),
            dash(),
        )
            .prop_map(|(a, s, f, t, b)| format!("{{{{{a}{s}{f}{t}{b}}}}}"));
        let comment =
            (dash(), "[ a\n]{0,3}", dash()).prop_map(|(a, c, b)| format!("{{#{a} {c} {b}#}}"));
        let leaf = prop_oneof![text.prop_map(String::from), print, comment,];
        leaf.prop_recursive(3, 24, 6, move |inner| {
            (
                dash(),
                prop::sample::select(FIELDS.to_vec()),
                dash(),
                prop::collection::vec(inner, 0..4),
                dash(),
                dash(),
            )
                .prop_map(|(a, f, b, body, c, d)| {
                    format!("{{%{a} if {f} {b}%}}{}{{%{c} endif {d}%}}", body.concat())
                })
        })
        .boxed()
    }

    fn optional_text() -> impl Strategy<Value = Option<String>> {
        prop::option::of(prop::sample::select(vec![
            "",
            " ",
            "x y",
            "— Maria G.",
            "\n",
        ]))
        .prop_map(|o| o.map(String::from))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn plain_templates_lay_out_exactly_as_tera_renders_them(
            pieces in prop::collection::vec(template(), 1..5),
            hook in "[ ab\n]{0,5}",
            attribution in optional_text(),
            question in optional_text(),
            link in optional_text(),
            disclosure in optional_text(),
            location in optional_text(),
            link_in_bio in prop::bool::ANY,
            hashtags in prop::collection::vec(prop::sample::select(vec!["", "#Flu", "#A b"]), 0..3),
        ) {
            let source = pieces.concat();
            let hashtags: Vec<String> = hashtags.into_iter().map(String::from).collect();
            let parts = SnippetParts {
                platform: "x",
                kind: "article",
                title: "Flu",
                hook: Cow::Owned(hook),
                attribution: attribution.as_deref(),
                question: question.as_deref(),
                link: link.as_deref(),
                link_in_bio,
                hashtags: &hashtags,
                disclosure: disclosure.as_deref(),
                location: location.as_deref(),
            };
            let layout = Layout::compile(&source);
            prop_assert!(layout.is_some(), "not compiled: {:?}", source);
            if let Some(text) = layout.and_then(|l| l.render(&parts, "Lakeside")) {
                prop_assert_eq!(Ok(text), tera(&source, &parts, "Lakeside"), "{:?}", source);
            }
        }
    }
}
