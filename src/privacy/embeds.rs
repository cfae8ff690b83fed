//! Third-party embeds as click-to-load facades. A YouTube player, a map or a booking
//! widget loaded with the page tells its vendor who read which health page; a facade
//! shows a local poster, a title and a button, and creates the frame only when the
//! reader asks for it (`embed.js` in the theme). Without JavaScript it is a plain link.
//!
//! An embed is written as a shortcode on its own line (`{{ youtube(id="…") }}`,
//! `{{ vimeo(id="…") }}`, `{{ map(query="…") }}`, `{{ embed(url="…") }}`) or as the
//! video's, map's, post's or booking page's URL alone on a line; a raw `<iframe>` to
//! one of these hosts is rewritten the same way.

/// How the facade is shaped and what its button says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// 16:9 (videos).
    Wide,
    /// 4:3 (maps).
    Map,
    /// A tall box (social posts, booking calendars).
    Tall,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Provider {
    pub id: &'static str,
    pub name: &'static str,
    /// What is embedded, for the default title ("YouTube video").
    pub noun: &'static str,
    /// The button's text.
    pub action: &'static str,
    /// The plain link's text (shown without JavaScript too).
    pub link_text: &'static str,
    /// The frame's `allow` attribute.
    pub allow: &'static str,
    pub shape: Shape,
    /// Where the page and embed URL forms were checked.
    pub source: &'static str,
}

pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "youtube",
        name: "YouTube",
        noun: "video",
        action: "Play video",
        link_text: "Watch on YouTube",
        allow: "accelerometer; autoplay; encrypted-media; gyroscope; picture-in-picture; fullscreen",
        shape: Shape::Wide,
        source: "support.google.com/youtube/answer/171780 (embed, privacy-enhanced mode: youtube-nocookie.com)",
    },
    Provider {
        id: "vimeo",
        name: "Vimeo",
        noun: "video",
        action: "Play video",
        link_text: "Watch on Vimeo",
        allow: "autoplay; fullscreen; picture-in-picture",
        shape: Shape::Wide,
        source: "developer.vimeo.com/player/sdk/embed (player.vimeo.com/video/ID, dnt=1)",
    },
    Provider {
        id: "google-maps",
        name: "Google Maps",
        noun: "map",
        action: "Show map",
        link_text: "Open in Google Maps",
        allow: "fullscreen",
        shape: Shape::Map,
        source: "developers.google.com/maps/documentation/embed (maps/embed; maps?q=…&output=embed)",
    },
    Provider {
        id: "facebook",
        name: "Facebook",
        noun: "post",
        action: "Show post",
        link_text: "View on Facebook",
        allow: "encrypted-media; fullscreen",
        shape: Shape::Tall,
        source: "developers.facebook.com/docs/plugins/embedded-posts (plugins/post.php?href=)",
    },
    Provider {
        id: "instagram",
        name: "Instagram",
        noun: "post",
        action: "Show post",
        link_text: "View on Instagram",
        allow: "encrypted-media",
        shape: Shape::Tall,
        source: "developers.facebook.com/docs/instagram/embedding (/p/CODE/embed)",
    },
    Provider {
        id: "x",
        name: "X",
        noun: "post",
        action: "Show post",
        link_text: "View on X",
        allow: "",
        shape: Shape::Tall,
        source: "developer.x.com/en/docs/twitter-for-websites/embedded-tweets (platform.twitter.com/embed/Tweet.html?id=, dnt)",
    },
    Provider {
        id: "calendly",
        name: "Calendly",
        noun: "booking calendar",
        action: "Show booking calendar",
        link_text: "Book on Calendly",
        allow: "",
        shape: Shape::Tall,
        source: "help.calendly.com (inline embed: calendly.com/USER/EVENT?embed_type=Inline)",
    },
    Provider {
        id: "acuity",
        name: "Acuity Scheduling",
        noun: "booking calendar",
        action: "Show booking calendar",
        link_text: "Book on Acuity Scheduling",
        allow: "",
        shape: Shape::Tall,
        source: "help.acuityscheduling.com (embed: app.acuityscheduling.com/schedule.php?owner=N)",
    },
];

fn provider(id: &str) -> &'static Provider {
    PROVIDERS
        .iter()
        .find(|p| p.id == id)
        .unwrap_or(&PROVIDERS[0])
}

/// One embed as the facade shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub provider: &'static Provider,
    /// The frame's address, created on click.
    pub frame: String,
    /// The page on the vendor's site (the plain link).
    pub link: String,
    pub title: String,
}

impl Embed {
    /// The origin the frame loads from, for the page's `frame-src`.
    pub fn frame_origin(&self) -> String {
        let rest = self.frame.split_once("://").map_or("", |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        format!("https://{host}")
    }
}

/// Splits a URL into lower-case host (no `www.`, no `m.`), path and query.
fn parts(url: &str) -> Option<(String, &str, &str)> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))
        .unwrap_or(url);
    let (before_fragment, _) = rest.split_once('#').unwrap_or((rest, ""));
    let (before_query, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    let (host, path) = match before_query.find('/') {
        Some(i) => (&before_query[..i], &before_query[i..]),
        None => (before_query, ""),
    };
    if host.is_empty() || !host.contains('.') || host.contains(char::is_whitespace) {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host)
        .to_string();
    Some((host, path, query))
}

fn query_value<'q>(query: &'q str, key: &str) -> Option<&'q str> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key && !v.is_empty()).then_some(v)
    })
}

fn is_video_id(id: &str) -> bool {
    (6..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Seconds from a YouTube `t`/`start` value (`90`, `90s`, `1m30s`).
fn seconds(t: &str) -> Option<u32> {
    if let Ok(n) = t.parse() {
        return Some(n);
    }
    let mut total = 0;
    let mut number = String::new();
    for c in t.chars() {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' | 's' => {
                let n: u32 = number.parse().ok()?;
                total += n * match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

/// Percent-encodes a URL for use as a query value.
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn youtube(id: &str, start: Option<u32>) -> Option<Embed> {
    if !is_video_id(id) {
        return None;
    }
    let start_frame = start.map_or(String::new(), |s| format!("&start={s}"));
    let start_link = start.map_or(String::new(), |s| format!("&t={s}s"));
    Some(Embed {
        provider: provider("youtube"),
        frame: format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1{start_frame}"),
        link: format!("https://www.youtube.com/watch?v={id}{start_link}"),
        title: String::new(),
    })
}

fn vimeo(id: &str, hash: Option<&str>) -> Option<Embed> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h = hash
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric()))
        .map_or(String::new(), |h| format!("h={h}&"));
    Some(Embed {
        provider: provider("vimeo"),
        frame: format!("https://player.vimeo.com/video/{id}?{h}dnt=1&autoplay=1"),
        link: match hash {
            Some(hash) => format!("https://vimeo.com/{id}/{hash}"),
            None => format!("https://vimeo.com/{id}"),
        },
        title: String::new(),
    })
}

/// A map of `query` (an address), shown as a click-to-load facade like any embed.
pub fn map_query(query: &str) -> Embed {
    let q = encode_component(query);
    Embed {
        provider: provider("google-maps"),
        frame: format!("https://www.google.com/maps?q={q}&output=embed"),
        link: format!("https://www.google.com/maps/search/?api=1&query={q}"),
        title: String::new(),
    }
}

/// The embed a pasted URL stands for: a video, map, post or booking page, or the
/// address of its embed frame. `None` for any other URL.
pub fn from_url(url: &str) -> Option<Embed> {
    let (host, path, query) = parts(url)?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let canonical = |rest: &str| format!("https://{rest}");
    match host.as_str() {
        "youtube.com" | "youtube-nocookie.com" | "music.youtube.com" => {
            let start = query_value(query, "t")
                .or_else(|| query_value(query, "start"))
                .and_then(seconds);
            match segments.as_slice() {
                ["watch"] => youtube(query_value(query, "v")?, start),
                ["embed" | "shorts" | "live" | "v", id, ..] => youtube(id, start),
                _ => None,
            }
        }
        "youtu.be" => {
            let start = query_value(query, "t").and_then(seconds);
            youtube(segments.first()?, start)
        }
        "vimeo.com" => match segments.as_slice() {
            [id] => vimeo(id, None),
            [id, hash] if id.chars().all(|c| c.is_ascii_digit()) => vimeo(id, Some(hash)),
            ["channels", _, id] | ["groups", _, "videos", id] => vimeo(id, None),
            _ => None,
        },
        "player.vimeo.com" => match segments.as_slice() {
            ["video", id, ..] => vimeo(id, query_value(query, "h")),
            _ => None,
        },
        "google.com" | "maps.google.com" => {
            let in_maps = segments.first() == Some(&"maps") || host == "maps.google.com";
            if !in_maps {
                return None;
            }
            if segments.get(1) == Some(&"embed") {
                return Some(Embed {
                    provider: provider("google-maps"),
                    frame: canonical(&format!("www.google.com{path}?{query}")),
                    link: canonical(&format!("www.google.com{path}?{query}")),
                    title: String::new(),
                });
            }
            let q = query_value(query, "q").or_else(|| query_value(query, "query"));
            let place = match segments.as_slice() {
                [_, "place" | "search", name, ..] => Some(*name),
                _ => None,
            };
            let text = q.or(place)?;
            let decoded = text.replace('+', " ");
            let decoded = percent_decode(&decoded);
            let mut e = map_query(&decoded);
            e.link = canonical(&format!(
                "www.google.com{path}{}",
                if query.is_empty() {
                    String::new()
                } else {
                    format!("?{query}")
                }
            ));
            Some(e)
        }
        "facebook.com" | "fb.watch" => {
            let is_post = segments.iter().any(|s| {
                matches!(
                    *s,
                    "posts"
                        | "videos"
                        | "photos"
                        | "permalink.php"
                        | "watch"
                        | "reel"
                        | "story.php"
                )
            }) || host == "fb.watch";
            if !is_post || segments.first() == Some(&"plugins") {
                return None;
            }
            let page = canonical(&format!(
                "{host}{path}{}",
                if query.is_empty() {
                    String::new()
                } else {
                    format!("?{query}")
                }
            ));
            let page = page.replace("https://facebook.com", "https://www.facebook.com");
            let plugin = if segments
                .iter()
                .any(|s| matches!(*s, "videos" | "watch" | "reel"))
                || host == "fb.watch"
            {
                "video"
            } else {
                "post"
            };
            Some(Embed {
                provider: provider("facebook"),
                frame: format!(
                    "https://www.facebook.com/plugins/{plugin}.php?href={}&show_text=true",
                    encode_component(&page)
                ),
                link: page,
                title: String::new(),
            })
        }
        "instagram.com" => match segments.as_slice() {
            [kind @ ("p" | "reel" | "tv"), code, ..] if is_video_id(code) || code.len() >= 5 => {
                Some(Embed {
                    provider: provider("instagram"),
                    frame: format!("https://www.instagram.com/{kind}/{code}/embed"),
                    link: format!("https://www.instagram.com/{kind}/{code}/"),
                    title: String::new(),
                })
            }
            _ => None,
        },
        "x.com" | "twitter.com" | "mobile.twitter.com" => match segments.as_slice() {
            [user, "status", id, ..] if id.chars().all(|c| c.is_ascii_digit()) => Some(Embed {
                provider: provider("x"),
                frame: format!("https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true"),
                link: format!("https://x.com/{user}/status/{id}"),
                title: String::new(),
            }),
            _ => None,
        },
        "calendly.com" => {
            if segments.is_empty() {
                return None;
            }
            let page = format!("https://calendly.com/{}", segments.join("/"));
            Some(Embed {
                provider: provider("calendly"),
                frame: format!("{page}?embed_type=Inline&hide_gdpr_banner=1"),
                link: page,
                title: String::new(),
            })
        }
        h if h == "app.acuityscheduling.com"
            || h.ends_with(".as.me")
            || h.ends_with(".acuityscheduling.com") =>
        {
            let page = canonical(&format!(
                "{h}{path}{}",
                if query.is_empty() {
                    String::new()
                } else {
                    format!("?{query}")
                }
            ));
            Some(Embed {
                provider: provider("acuity"),
                frame: page.clone(),
                link: page,
                title: String::new(),
            })
        }
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Arguments of a shortcode call: `key="value"`, `key='value'` or `key=123`.
fn arguments(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut args = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("`{rest}` is not `name=\"value\"`"))?;
        let key = key.trim().to_string();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{key}` is not an argument name"));
        }
        let after = after.trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'' | '“' | '‘')) => {
                let close = match q {
                    '“' => '”',
                    '‘' => '’',
                    other => other,
                };
                let body = &after[q.len_utf8()..];
                let end = body
                    .find(close)
                    .ok_or_else(|| format!("the value of `{key}` has no closing quote"))?;
                (body[..end].to_string(), &body[end + close.len_utf8()..])
            }
            _ => {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim().to_string(), &after[end..])
            }
        };
        args.push((key, value));
        rest = remaining.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Ok(args)
}

/// The shortcodes carepress knows, for error messages.
pub const SHORTCODES: &[&str] = &["youtube", "vimeo", "map", "embed", "video"];

/// A paragraph that is only `{{ video(id="…") }}`, a video item of the site: `None`
/// when it is not that call, otherwise the item's id or `Err` when it has none.
pub fn video_item(text: &str) -> Option<Result<String, ()>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let body = inner
        .strip_prefix("video")?
        .trim_start()
        .strip_prefix('(')?;
    let body = body.trim_end().strip_suffix(')')?;
    let args = arguments(body).map_err(|_| ());
    Some(args.and_then(|a| match a.as_slice() {
        [(k, v)] if k == "id" && !v.trim().is_empty() => Ok(slug::slugify(v.trim())),
        _ => Err(()),
    }))
}

/// A paragraph that is only `{{ name(args) }}`: `None` when the text is not a
/// shortcode call, otherwise the embed or what is wrong with the call.
pub fn from_shortcode(text: &str) -> Option<Result<Embed, String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let body = inner[open + 1..].trim_end().strip_suffix(')')?;
    Some(shortcode(name, body))
}

fn shortcode(name: &str, body: &str) -> Result<Embed, String> {
    let args = arguments(body)?;
    let get = |k: &str| {
        args.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let known: &[&str] = match name {
        "youtube" => &["id", "title", "start"],
        "vimeo" => &["id", "title", "hash"],
        "map" => &["query", "url", "title"],
        "embed" => &["url", "title"],
        other => {
            return Err(format!(
                "unknown shortcode `{other}`; carepress has {}",
                SHORTCODES.join(", ")
            ));
        }
    };
    if let Some((k, _)) = args.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        return Err(format!(
            "`{name}` has no argument `{k}`; it takes {}",
            known.join(", ")
        ));
    }
    let mut embed = match name {
        "youtube" => {
            let id = get("id").ok_or("`youtube` needs `id=\"…\"` (the part after watch?v=)")?;
            let start = get("start")
                .map(|s| seconds(s).ok_or(format!("`start={s}` is not a number of seconds")))
                .transpose()?;
            youtube(id, start).ok_or(format!("`{id}` is not a YouTube video id"))?
        }
        "vimeo" => {
            let id =
                get("id").ok_or("`vimeo` needs `id=\"…\"` (the number in the video's address)")?;
            vimeo(id, get("hash")).ok_or(format!("`{id}` is not a Vimeo video number"))?
        }
        "map" => match (get("query"), get("url")) {
            (Some(q), _) if !q.trim().is_empty() => map_query(q.trim()),
            (_, Some(u)) => from_url(u)
                .filter(|e| e.provider.id == "google-maps")
                .ok_or(format!("`{u}` is not a Google Maps address"))?,
            _ => {
                return Err(
                    "`map` needs `query=\"practice name, street, city\"` or `url=\"…\"`".into(),
                );
            }
        },
        _ => {
            let url = get("url").ok_or("`embed` needs `url=\"…\"`")?;
            from_url(url).ok_or(format!(
                "carepress cannot embed `{url}`: it embeds YouTube, Vimeo, Google Maps, Facebook, Instagram and X posts, Calendly and Acuity Scheduling; link to other pages instead"
            ))?
        }
    };
    if let Some(t) = get("title") {
        embed.title = t.trim().to_string();
    }
    Ok(embed)
}

/// The facade's HTML, on one line (it replaces one Markdown paragraph or HTML block).
/// The poster is drawn by the theme's stylesheet (`.embed__poster`): nothing is
/// fetched from the vendor, not even a thumbnail.
pub fn facade(e: &Embed) -> String {
    let p = e.provider;
    let title = if e.title.is_empty() {
        format!("{} {}", p.name, p.noun)
    } else {
        e.title.clone()
    };
    let shape = match p.shape {
        Shape::Wide => "wide",
        Shape::Map => "map",
        Shape::Tall => "tall",
    };
    let host = e.frame_origin();
    let host = host.trim_start_matches("https://");
    format!(
        concat!(
            r#"<figure class="embed embed--{shape}" data-provider="{id}">"#,
            r#"<div class="embed__frame" data-embed-src="{frame}" data-embed-title="{title}" data-embed-allow="{allow}">"#,
            r#"<span class="embed__poster" aria-hidden="true"></span>"#,
            r#"<button type="button" class="embed__load" hidden>{action}<span class="visually-hidden">: {title}</span></button>"#,
            "</div>",
            r#"<figcaption class="embed__caption"><span class="embed__title">{title}</span> "#,
            r#"<a class="embed__link" href="{link}" rel="noopener" target="_blank">{link_text}<span class="visually-hidden"> (opens {name} in a new tab)</span></a>"#,
            r#"<span class="embed__note"> Nothing loads from {name} until you choose to; then {host} receives your visit.</span>"#,
            "</figcaption></figure>"
        ),
        shape = shape,
        id = p.id,
        frame = crate::html::escape(&e.frame),
        title = crate::html::escape(&title),
        allow = crate::html::escape(p.allow),
        action = p.action,
        link = crate::html::escape(&e.link),
        link_text = p.link_text,
        name = p.name,
        host = crate::html::escape(host),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(url: &str) -> Option<String> {
        from_url(url).map(|e| e.frame)
    }

    #[test]
    fn youtube_urls_become_nocookie_frames() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
        ] {
            assert_eq!(
                frame(url).as_deref(),
                Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
                "{url}"
            );
        }
        assert_eq!(
            frame("https://youtu.be/dQw4w9WgXcQ?t=1m30s").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90")
        );
        assert_eq!(frame("https://www.youtube.com/@lakeside"), None);
    }

    #[test]
    fn other_providers_are_recognised() {
        assert_eq!(
            frame("https://vimeo.com/76979871").as_deref(),
            Some("https://player.vimeo.com/video/76979871?dnt=1&autoplay=1")
        );
        assert_eq!(
            frame("https://vimeo.com/76979871/abc123").as_deref(),
            Some("https://player.vimeo.com/video/76979871?h=abc123&dnt=1&autoplay=1")
        );
        assert_eq!(
            frame("https://www.google.com/maps/place/Lakeside+Family+Medicine").as_deref(),
            Some("https://www.google.com/maps?q=Lakeside%20Family%20Medicine&output=embed")
        );
        assert_eq!(
            frame("https://www.google.com/maps/embed?pb=!1m18").as_deref(),
            Some("https://www.google.com/maps/embed?pb=!1m18")
        );
        assert!(frame("https://www.facebook.com/lakeside/posts/pfbid0abc").unwrap().starts_with("https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Flakeside%2Fposts%2Fpfbid0abc"));
        assert_eq!(
            frame("https://www.instagram.com/p/CxYz123AbC/").as_deref(),
            Some("https://www.instagram.com/p/CxYz123AbC/embed")
        );
        assert_eq!(
            frame("https://x.com/lakesidemed/status/1888888888888888888").as_deref(),
            Some("https://platform.twitter.com/embed/Tweet.html?id=1888888888888888888&dnt=true")
        );
        assert_eq!(
            frame("https://calendly.com/lakeside/new-patient").as_deref(),
            Some("https://calendly.com/lakeside/new-patient?embed_type=Inline&hide_gdpr_banner=1")
        );
        assert!(frame("https://lakeside.as.me/schedule.php").is_some());
        for other in [
            "https://www.cdc.gov/flu/",
            "https://www.facebook.com/lakeside",
            "https://x.com/lakesidemed",
            "not a url",
        ] {
            assert_eq!(frame(other), None, "{other}");
        }
    }

    #[test]
    fn shortcodes_take_known_arguments_only() {
        let e = from_shortcode(
            r#"{{ youtube(id="dQw4w9WgXcQ", title="Using an inhaler", start=30) }}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(e.title, "Using an inhaler");
        assert!(e.frame.ends_with("start=30"));
        let m = from_shortcode(r#"{{ map(query="Lakeside Family Medicine, Springfield") }}"#)
            .unwrap()
            .unwrap();
        assert_eq!(m.provider.id, "google-maps");
        assert!(
            from_shortcode(r#"{{ youtube(vid="x") }}"#)
                .unwrap()
                .is_err()
        );
        assert!(from_shortcode(r#"{{ spotify(id="x") }}"#).unwrap().is_err());
        assert!(
            from_shortcode(r#"{{ embed(url="https://example.com/x") }}"#)
                .unwrap()
                .is_err()
        );
        assert!(from_shortcode("{{ page.title }}").is_none());
        assert!(from_shortcode("Just text").is_none());
    }

    #[test]
    fn the_facade_loads_nothing_and_escapes_the_title() {
        let mut e = from_url("https://youtu.be/dQw4w9WgXcQ").unwrap();
        e.title = "Flu \"shots\" & you".into();
        let html = facade(&e);
        assert!(!html.contains("<iframe"));
        assert!(!html.contains(" src="));
        assert!(html.contains(
            "data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ));
        assert!(html.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""));
        assert!(html.contains("Flu &quot;shots&quot; &amp; you"));
        assert!(html.contains(" hidden>Play video"));
        assert_eq!(e.frame_origin(), "https://www.youtube-nocookie.com");
    }
}
