//! Markdown to HTML (pulldown-cmark), with heading ids, a table of contents,
//! page-unique footnote ids and the list of internal links to check later.

use super::model::{InternalLink, Kind, RenderedBody, TocEntry};
use crate::diagnostics::Diagnostic;
use crate::privacy::embeds;
use crate::privacy::scan::{self, Lang};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Turns `@/articles/flu.md`-style content references into site paths.
pub fn content_ref_to_path(r: &str) -> Option<String> {
    let p = r.strip_prefix("@/")?;
    let (p, frag) = match p.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (p, None),
    };
    let p = p
        .strip_suffix("/index.md")
        .or_else(|| p.strip_suffix(".md"))
        .or_else(|| p.strip_suffix(".yaml"))
        .unwrap_or(p);
    let path = match p.split_once('/') {
        Some(("pages", slug)) => format!("/{}/", slug::slugify(slug)),
        Some((section, slug)) => format!("/{section}/{}/", slug::slugify(slug)),
        None => return None,
    };
    Some(match frag {
        Some(f) => format!("{path}#{f}"),
        None => path,
    })
}

/// Site path of a link target if it points inside the site (`/x/`, `../x/`, `@/…`).
fn internal_path(dest: &str, page_path: &str) -> Option<String> {
    if dest.starts_with('#')
        || dest.starts_with("//")
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("data:")
    {
        return None;
    }
    let dest = dest.split(['#', '?']).next().unwrap_or("");
    if dest.is_empty() {
        return None;
    }
    let joined = if dest.starts_with('/') {
        dest.to_string()
    } else {
        format!("{page_path}{dest}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    let last_has_ext = parts.last().is_some_and(|l| l.contains('.'));
    if !last_has_ext && !path.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }
    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// Renders one Markdown body. `body_line` is the file line of the body's first line;
/// `page_path` resolves relative links. Problems (images without alt text) are returned
/// alongside the output so every problem in the file is reported.
pub fn render(
    markdown: &str,
    body_line: usize,
    page_path: &str,
    file: &Path,
) -> (RenderedBody, Vec<Diagnostic>) {
    let lines = LineIndex::new(markdown);
    let mut problems = Vec::new();
    let mut toc = Vec::new();
    let mut links = Vec::new();
    let mut words = 0usize;
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut footnote_numbers: HashMap<String, usize> = HashMap::new();

    let footnote_number = |label: &str, numbers: &mut HashMap<String, usize>| -> usize {
        let next = numbers.len() + 1;
        *numbers.entry(label.to_string()).or_insert(next)
    };

    let mut events: Vec<Event> = Vec::new();
    let mut heading_start: Option<usize> = None;
    let mut image_alt: Option<(String, usize)> = None;
    let mut privacy = Vec::new();
    let mut frames = Vec::new();
    let mut videos = Vec::new();
    // A paragraph replaced by an embed's facade: its events are dropped.
    let mut in_replaced_paragraph = false;
    // An HTML block being collected: its first line and text.
    let mut html_block: Option<(usize, String)> = None;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let line = body_line + lines.line(range.start);
        if in_replaced_paragraph {
            in_replaced_paragraph = !matches!(event, Event::End(TagEnd::Paragraph));
            continue;
        }
        if let Some((_, text)) = html_block.as_mut() {
            match event {
                Event::Html(h) => {
                    text.push_str(&h);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let (first, text) = html_block.take().unwrap_or_default();
                    let html = embed_iframes(&text, &mut frames);
                    privacy.extend(scan::scan_located(&html, Lang::Html, first));
                    events.push(Event::Html(CowStr::from(html)));
                    events.push(Event::End(TagEnd::HtmlBlock));
                    continue;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::Paragraph)
                if embeds::video_item(markdown[range.clone()].trim()).is_some() =>
            {
                match embeds::video_item(markdown[range.clone()].trim()) {
                    Some(Ok(id)) => {
                        events.push(Event::Html(CowStr::from(format!(
                            "{}\n",
                            super::model::video_placeholder(&id)
                        ))));
                        // Checked like a link: the video must be published.
                        links.push(InternalLink {
                            path: Kind::Video.path_of(&id),
                            written: format!("video(id=\"{id}\")"),
                            line,
                        });
                        videos.push((id, line));
                        in_replaced_paragraph = true;
                    }
                    _ => {
                        problems.push(
                            Diagnostic::error("content::shortcode", "`video` needs `id=\"…\"`, the name of a file in content/videos/ without `.md`")
                                .in_file(file)
                                .at_line(line)
                                .with_help("write `{{ video(id=\"what-to-expect\") }}` on its own line"),
                        );
                        events.push(event);
                    }
                }
            }
            Event::Start(Tag::Paragraph) => match paragraph_embed(markdown[range.clone()].trim()) {
                Some(Ok(embed)) => {
                    frames.push(embed.frame_origin());
                    events.push(Event::Html(CowStr::from(format!(
                        "{}\n",
                        embeds::facade(&embed)
                    ))));
                    in_replaced_paragraph = true;
                }
                Some(Err(why)) => {
                    problems.push(
                            Diagnostic::error("content::shortcode", why)
                                .in_file(file)
                                .at_line(line)
                                .with_help("write an embed on its own line as `{{ youtube(id=\"…\", title=\"…\") }}`, `{{ vimeo(id=\"…\") }}`, `{{ map(query=\"…\") }}` or `{{ embed(url=\"…\") }}`"),
                        );
                    events.push(event);
                }
                None => events.push(event),
            },
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some((line, String::new()));
                events.push(event);
            }
            Event::InlineHtml(ref h) => {
                privacy.extend(scan::scan_located(h, Lang::Html, line));
                events.push(event);
            }
            Event::Start(Tag::Heading { .. }) => {
                heading_start = Some(events.len());
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let base = match id {
                            Some(given) => given.to_string(),
                            None => {
                                let s = slug::slugify(&text);
                                let s = if s.is_empty() {
                                    "section".to_string()
                                } else {
                                    s
                                };
                                if s.starts_with("footnote-") {
                                    format!("section-{s}")
                                } else {
                                    s
                                }
                            }
                        };
                        let mut unique = base.clone();
                        let mut n = 1;
                        while !used_ids.insert(unique.clone()) {
                            unique = format!("{base}-{n}");
                            n += 1;
                        }
                        *id = Some(CowStr::from(unique.clone()));
                        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                            toc.push(TocEntry {
                                level: level as u8,
                                id: unique,
                                title: text,
                            });
                        }
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = match content_ref_to_path(&dest_url) {
                    Some(p) => CowStr::from(p),
                    None => dest_url,
                };
                if let Some(path) = internal_path(&dest, page_path) {
                    links.push(InternalLink {
                        path,
                        written: dest.to_string(),
                        line,
                    });
                }
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                image_alt = Some((String::new(), line));
                if let Some(host) = scan::host_of(dest_url) {
                    privacy.push(scan::LocatedHit {
                        line,
                        column: 1,
                        kind: scan::HitKind::Load {
                            url: dest_url.to_string(),
                            host,
                            element: "img".into(),
                            pixel: false,
                        },
                    });
                    if let Some(vendor) = crate::privacy::vendors::vendor_of_host(
                        &scan::host_of(dest_url).unwrap_or_default(),
                        scan::path_of(dest_url),
                    ) {
                        privacy.push(scan::LocatedHit {
                            line,
                            column: 1,
                            kind: scan::HitKind::Vendor {
                                vendor,
                                evidence: dest_url.to_string(),
                            },
                        });
                    }
                }
                events.push(event);
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, at)) = image_alt.take() {
                    if alt.trim().is_empty() {
                        problems.push(
                            Diagnostic::error("a11y::missing_alt", "image without alt text")
                                .in_file(file)
                                .at_line(at)
                                .with_help("write `![what the image shows](file.jpg)`; use an infographic's `description` for long text"),
                        );
                    }
                }
                events.push(event);
            }
            Event::Text(ref t) => {
                if let Some((alt, _)) = image_alt.as_mut() {
                    alt.push_str(t);
                }
                words += t.split_whitespace().count();
                events.push(event);
            }
            Event::FootnoteReference(label) => {
                let n = footnote_number(&label, &mut footnote_numbers);
                let id = slug::slugify(&label);
                events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#footnote-{id}\" id=\"footnote-ref-{id}\"><span class=\"visually-hidden\">Footnote </span>{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnote_number(&label, &mut footnote_numbers);
                let id = slug::slugify(&label);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"footnote-{id}\"><span class=\"footnote-number\">{n}.</span>"
                ))));
                // Remember the label for the back-link at the end of the definition.
                events.push(Event::Html(CowStr::from(format!("<!--fn:{id}-->"))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let id = events
                    .iter()
                    .rev()
                    .find_map(|e| match e {
                        Event::Html(h) => h
                            .strip_prefix("<!--fn:")
                            .and_then(|r| r.strip_suffix("-->"))
                            .map(str::to_string),
                        _ => None,
                    })
                    .unwrap_or_default();
                events.push(Event::Html(CowStr::from(format!(
                    " <a href=\"#footnote-ref-{id}\" class=\"footnote-backref\" aria-label=\"Back to the text\">↩</a></div>"
                ))));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "done")
                } else {
                    ("", "not done")
                };
                events.push(Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            Event::Start(Tag::Table(_)) => {
                // A focusable, labelled region so keyboard users can scroll wide tables.
                events.push(Event::Html(CowStr::from(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">",
                )));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html(CowStr::from("</div>")));
            }
            other => events.push(other),
        }
    }
    let events = events
        .into_iter()
        .filter(|e| !matches!(e, Event::Html(h) if h.starts_with("<!--fn:")));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    (
        RenderedBody {
            html: out,
            toc,
            links,
            words,
            privacy,
            frames: {
                frames.sort();
                frames.dedup();
                frames
            },
            videos,
        },
        problems,
    )
}

/// The text of a short piece of Markdown without its markup, whitespace collapsed
/// (a tip's text on its card and in posts).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph that is only an embed: a shortcode, or a video's, map's, post's or
/// booking page's address (bare or as `<autolink>`).
fn paragraph_embed(source: &str) -> Option<Result<embeds::Embed, String>> {
    if let Some(call) = embeds::from_shortcode(source) {
        return Some(call);
    }
    let url = source
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or(source);
    if url.contains(char::is_whitespace)
        || !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return None;
    }
    embeds::from_url(url).map(Ok)
}

/// Raw `<iframe>`s to a known embed host become facades; others stay (and are reported).
fn embed_iframes(html: &str, frames: &mut Vec<String>) -> String {
    static IFRAME: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?is)<iframe\b[^>]*>(?:.*?</iframe\s*>)?").ok()
    });
    let Some(iframe) = IFRAME.as_ref() else {
        return html.to_string();
    };
    if !html.to_ascii_lowercase().contains("<iframe") {
        return html.to_string();
    }
    iframe
        .replace_all(html, |c: &regex::Captures| {
            let tag = &c[0];
            let embed = scan::tag_attribute(tag, "src").and_then(|src| embeds::from_url(&src));
            match embed {
                Some(mut e) => {
                    e.title = scan::tag_attribute(tag, "title").unwrap_or_default();
                    frames.push(e.frame_origin());
                    embeds::facade(&e)
                }
                None => tag.to_string(),
            }
        })
        .into_owned()
}

/// Strips scripts, event handlers and other active content from testimonial HTML.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes([
            "id",
            "class",
            "aria-label",
            "role",
            "tabindex",
            "aria-hidden",
        ])
        // Embed facades (`privacy::embeds::facade`): `embed.js` only frames https addresses.
        .add_tags(["button"])
        .add_tag_attributes("button", ["type", "hidden"])
        .add_tag_attributes("figure", ["data-provider"])
        .add_tag_attributes(
            "div",
            ["data-embed-src", "data-embed-title", "data-embed-allow"],
        )
        .add_tag_attributes("a", ["target"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> (RenderedBody, Vec<Diagnostic>) {
        render(md, 5, "/articles/a/", Path::new("a.md"))
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let (b, _) = r("## Why it matters\n\ntext\n\n## Why it matters\n\n### Doses {#doses}\n");
        assert!(b.html.contains("<h2 id=\"why-it-matters\">"), "{}", b.html);
        assert!(b.html.contains("<h2 id=\"why-it-matters-1\">"));
        assert!(b.html.contains("<h3 id=\"doses\">"));
        assert_eq!(b.toc.len(), 3);
        assert_eq!(b.toc[2].level, 3);
    }

    #[test]
    fn footnotes_have_prefixed_ids_and_numbers() {
        let (b, _) = r("Fact.[^src] More.[^2]\n\n[^src]: Source one.\n[^2]: Source two.\n");
        assert!(b.html.contains("href=\"#footnote-src\""), "{}", b.html);
        assert!(b.html.contains("id=\"footnote-src\""));
        assert!(b.html.contains(">2</a></sup>"));
        assert!(b.html.contains("href=\"#footnote-ref-2\""));
        assert!(!b.html.contains("<!--fn:"));
    }

    #[test]
    fn internal_links_are_collected_with_file_lines() {
        let (b, _) = r(
            "See [flu](/articles/flu/).\n\nAnd [bp](../bp) and [ext](https://cdc.gov) and [c](@/pages/about.md#team).\n",
        );
        let paths: Vec<_> = b.links.iter().map(|l| (l.path.as_str(), l.line)).collect();
        assert_eq!(
            paths,
            vec![("/articles/flu/", 5), ("/articles/bp/", 7), ("/about/", 7)]
        );
        assert!(b.html.contains("href=\"/about/#team\""));
    }

    #[test]
    fn tables_tasks_strikethrough_smart_punctuation() {
        let (b, _) = r("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ \"quoted\"\n");
        assert!(b.html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>"), "{}", b.html);
        assert!(
            b.html
                .contains("<input type=\"checkbox\" disabled checked aria-label=\"done\">")
        );
        assert!(b.html.contains("<del>old</del>"));
        assert!(b.html.contains("“quoted”"));
    }

    #[test]
    fn images_need_alt_text() {
        let (_, p) = r("text\n\n![](x.png)\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "a11y::missing_alt");
        assert_eq!(p[0].line, Some(7));
    }

    #[test]
    fn sanitizer_removes_scripts() {
        let s = sanitize("<p onclick=\"x()\">hi</p><script>alert(1)</script>");
        assert_eq!(s, "<p>hi</p>");
    }
}
