//! From published items to posts: which platforms each item may go to (skips and
//! consent channels), the composed text, and the calendar slot.

use super::compose::{
    ComposeError, SnippetParts, VideoMisfit, compose, hashtags, tracked_link, video_misfit,
    video_tags, video_title, without_angle_brackets,
};
use super::layout::Layout;
use super::schedule::{self, Request, When};
use super::series::{self, Stage};
use super::{PollPost, Post, VideoUpload};
use crate::config::Config;
use crate::content::model::VideoSource;
use crate::content::{Detail, Kind};
use crate::diagnostics::Diagnostic;
use crate::inputs::SiteInputs;
use crate::plan::{Plan, Published};
use crate::platform::{PollStyle, SocialPreset, preset};
use crate::theme::{Theme, template_origin, tera_diagnostic};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use tera::{Context, Tera};

/// Posting slots checked for gaps by every check and build.
const GAP_WINDOW_DAYS: i64 = 28;

/// What a poll's post asks of the reader, by how the platform runs the poll.
fn poll_prompt(style: PollStyle) -> &'static str {
    match style {
        PollStyle::Native => "Vote in the poll below.",
        PollStyle::StorySticker => "Vote in our story today.",
        PollStyle::LinkToPage => "See the options and the facts behind them:",
    }
}

/// The poll `p` carries on `preset`, if the platform runs polls.
fn poll_post(p: &Published<'_>, preset: &SocialPreset) -> Option<PollPost> {
    let Detail::Poll {
        question,
        options,
        duration_minutes,
        ..
    } = &p.item.detail
    else {
        return None;
    };
    let style = preset.poll.style;
    (style != PollStyle::LinkToPage).then(|| PollPost {
        style,
        question: question.clone(),
        options: options.clone(),
        duration_minutes: (style == PollStyle::Native).then_some(*duration_minutes),
    })
}

fn default_question(kind: Kind) -> &'static str {
    match kind {
        Kind::Testimonial => {
            "Has our team made a difference for you? We'd love to hear your story."
        }
        Kind::Infographic => "Which of these facts was new to you?",
        _ => "What questions do you have? Ask us in the comments.",
    }
}

/// The theme's snippet templates: all of them for Tera, and a [`Layout`] for each
/// plain one (laid out without Tera, which is most of composing's cost otherwise).
struct SnippetTemplates {
    tera: Tera,
    plain: HashMap<String, Layout>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, std::path::PathBuf>,
}

fn snippet_templates(theme: &Theme) -> Result<SnippetTemplates, Diagnostic> {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    let mut origins = BTreeMap::new();
    let mut templates = Vec::new();
    for (key, file) in &theme.files {
        let Some(name) = key.strip_prefix("social/").filter(|n| n.ends_with(".txt")) else {
            continue;
        };
        origins.insert(name.to_string(), template_origin(theme, "social", name));
        templates.push((
            name.to_string(),
            String::from_utf8_lossy(&file.bytes).into_owned(),
        ));
    }
    let plain = templates
        .iter()
        .filter_map(|(name, source)| Some((name.clone(), Layout::compile(source)?)))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| tera_diagnostic(&e, "template::syntax", &origins, "x.txt"))?;
    Ok(SnippetTemplates {
        tera,
        plain,
        origins,
    })
}

fn hook<'a>(p: &'a Published<'_>, platform: &str) -> Cow<'a, str> {
    let item = p.item;
    if let Some(text) = item.social.text.get(platform) {
        return Cow::Borrowed(text.trim());
    }
    match &item.detail {
        Detail::Testimonial { quote: Some(q), .. } => Cow::Owned(format!("“{}”", q.trim())),
        Detail::Infographic { alt, .. } => Cow::Owned(format!("{}: {}", item.title, alt.trim())),
        Detail::Poll { question, .. } => Cow::Borrowed(question.trim()),
        // A video post says it is one, how long, and that it is captioned with a
        // transcript (on the page the post links to).
        Detail::Video {
            duration_seconds,
            captions,
            ..
        } => {
            let length = duration_seconds
                .map(|d| format!(" ({})", crate::video::clock(d)))
                .unwrap_or_default();
            let access = match (captions.is_some(), item.body.words > 0) {
                (true, true) => " Captioned, with a full transcript on our site.",
                (true, false) => " Captioned.",
                (false, true) => " Full transcript on our site.",
                (false, false) => "",
            };
            // On YouTube the title is a field of its own: the description leads.
            if platform == "youtube" {
                let lead = if item.description.is_empty() {
                    &item.title
                } else {
                    &item.description
                };
                return Cow::Owned(format!("{}{access}", lead.trim()));
            }
            Cow::Owned(format!(
                "▶ New video{length}: {}. {}{access}",
                item.title.trim().trim_end_matches('.'),
                item.description.trim()
            ))
        }
        Detail::Tip { text, .. } => Cow::Owned(format!("Health tip: {}", text.trim())),
        _ if !item.description.is_empty() => Cow::Borrowed(&item.description),
        _ => Cow::Borrowed(&item.title),
    }
}

/// The lead of a live session's `stage` post: what it announces, when and where (the
/// session's own time zone; its page converts nothing, so the post does not either).
fn event_hook(p: &Published<'_>, stage: Stage) -> Cow<'static, str> {
    let item = p.item;
    let Detail::Event {
        start,
        stream,
        hosts,
        ..
    } = &item.detail
    else {
        return Cow::Owned(item.title.clone());
    };
    let when = format!(
        "{}, {} {}",
        crate::dates::weekday_name(start.weekday()),
        start.strftime("%B %-d at %-I:%M %p"),
        start.strftime("%Z")
    );
    let with = match hosts.as_slice() {
        [] => String::new(),
        hosts => format!(" with {}", hosts.join(" and ")),
    };
    // "Live Q&A: Blood pressure" would read "Live Q&A, …: Live Q&A: Blood pressure".
    let title = item.title.trim();
    let title = ["live q&a:", "live q&a -", "live q&a –", "q&a:"]
        .iter()
        .find_map(|prefix| {
            title
                .get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .map(|_| title[prefix.len()..].trim())
        })
        .filter(|rest| !rest.is_empty())
        .unwrap_or(title);
    let stream = stream.label();
    // The time and place first: a platform that shortens the lead cuts the hosts, not when.
    Cow::Owned(match stage {
        Stage::Announcement => format!("Live Q&A, {when} on {stream}: {title}{with}."),
        Stage::Questions => {
            format!("Send us your questions for our live Q&A on {when}: {title}{with}.")
        }
        Stage::Reminder => format!("Starting in one hour on {stream}: {title}{with}."),
        Stage::Live => format!("We're on {stream} now: {title}. Join us with your questions."),
        Stage::Recap => format!("Missed our live Q&A, {title}? Watch the recording."),
        // Not a session's (`follow_up_hook` writes those).
        Stage::Results | Stage::Prompt(_) | Stage::Winners => title.to_string(),
    })
}

/// The posts an item has at fixed times, as of the start of the build's day in the
/// cadence's zone: a live session's countdown, a challenge's announcement, prompts and
/// winners, a poll's results follow-up. Empty for other items (they take cadence slots).
fn series_posts(
    p: &Published<'_>,
    config: &Config,
    today: crate::dates::Day,
) -> Vec<(Stage, When)> {
    let cadence = &config.social.cadence;
    let now = today.start_in(&cadence.tz);
    let planned = match &p.item.detail {
        Detail::Event {
            start,
            end,
            recording,
            status,
            ..
        } => series::series(
            &series::Session {
                start,
                end,
                goes_ahead: status.goes_ahead(),
                has_recording: recording.is_some(),
            },
            cadence,
            now,
        ),
        Detail::Challenge {
            start,
            end,
            every,
            prompts,
            winners,
            ..
        } => series::challenge_series(
            &series::Challenge {
                start: start.0,
                end: end.0,
                every_days: every.days(),
                prompts: prompts.len(),
                has_winners: !winners.is_empty(),
            },
            cadence,
            now,
        ),
        // A poll's results go out the posting time after it closes (posted on its date
        // at the cadence's time, open for its duration).
        Detail::Poll {
            results: Some(_),
            duration_minutes,
            ..
        } => p
            .item
            .date
            .and_then(|d| {
                d.0.at(cadence.hour, cadence.minute, 0, 0)
                    .to_zoned_datetime(cadence.tz.clone())
                    .ok()
            })
            .and_then(|opened| {
                opened
                    .checked_add(jiff::SignedDuration::from_mins(i64::from(
                        *duration_minutes,
                    )))
                    .ok()
            })
            .and_then(|closed| series::posting_time_after(&closed, cadence, now))
            .map(|at| vec![(Stage::Results, at)])
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    // No post before the page is published (`date`): its link would not resolve yet.
    let published = p.item.date.unwrap_or(today);
    planned
        .into_iter()
        .filter(|(_, at)| at.with_time_zone(cadence.tz.clone()).date() >= published.0)
        .map(|(stage, at)| (stage, When::of(at)))
        .collect()
}

/// The lead of a challenge's or a poll's follow-up `stage` post.
fn follow_up_hook(p: &Published<'_>, stage: Stage) -> Cow<'static, str> {
    let item = p.item;
    let title = item.title.trim();
    match (&item.detail, stage) {
        (
            Detail::Challenge {
                start,
                end,
                every,
                hashtag,
                ..
            },
            Stage::Announcement,
        ) => Cow::Owned(format!(
            "Join our {title}, {} to {}: a new prompt every {}. Share yours with {hashtag}.",
            start.display(),
            end.display(),
            every.name()
        )),
        (
            Detail::Challenge {
                every,
                prompts,
                hashtag,
                ..
            },
            Stage::Prompt(n),
        ) => {
            let prompt = prompts
                .get(usize::from(n).saturating_sub(1))
                .map_or("", |p| p.trim());
            let period = if *every == crate::content::Every::Week {
                "week"
            } else {
                "day"
            };
            Cow::Owned(format!("{title}, {period} {n}: {prompt} {hashtag}"))
        }
        (Detail::Challenge { .. }, Stage::Winners) => Cow::Owned(format!(
            "Congratulations to the winners of our {title}: {}! Thank you to everyone who took part.",
            p.winner_names.join(", ")
        )),
        (
            Detail::Poll {
                question,
                options,
                results: Some(results),
                ..
            },
            Stage::Results,
        ) => {
            let total: u64 = results.iter().sum();
            let top = results
                .iter()
                .zip(options)
                .max_by_key(|(votes, _)| **votes)
                .map(|(votes, option)| {
                    (
                        option,
                        (votes * 100 + total / 2).checked_div(total).unwrap_or(0),
                    )
                });
            Cow::Owned(match top {
                Some((option, percent)) if total > 0 => format!(
                    "Poll results: {} \u{201c}{option}\u{201d} led with {percent}% of {total} vote{}.",
                    question.trim(),
                    if total == 1 { "" } else { "s" }
                ),
                _ => format!("The results of our poll: {}", question.trim()),
            })
        }
        _ => Cow::Owned(title.to_string()),
    }
}

/// The front matter line naming the item's consent (what scopes its channels and
/// supplies its disclosure).
fn consent_line(p: &Published<'_>) -> usize {
    p.item.key_line(p.item.consent_key())
}

/// Platforms this item goes to, and a note for each platform its consent does not cover.
fn platforms_for(
    config: &Config,
    p: &Published<'_>,
) -> (Vec<&'static SocialPreset>, Vec<Diagnostic>) {
    let mut notes = Vec::new();
    let social = &p.item.social;
    if social.skip_all {
        return (Vec::new(), notes);
    }
    let mut out = Vec::new();
    for name in &config.social.platforms {
        let Some(preset) = preset(name) else {
            continue;
        };
        if social.skip.iter().any(|s| s == name) {
            continue;
        }
        // YouTube takes an uploaded video only: a hosted one is already online.
        if preset.video.only_videos && local_video(p).is_none() {
            continue;
        }
        if let Some(channels) = &p.social_channels {
            if !channels.iter().any(|c| c == name) {
                notes.push(
                    Diagnostic::note(
                        "social::channel_not_authorized",
                        format!(
                            "no {} snippet: the patient's consent does not include {name}",
                            preset.label
                        ),
                    )
                    .in_file(&p.item.source)
                    .at_line(consent_line(p)),
                );
                continue;
            }
        }
        out.push(preset);
    }
    (out, notes)
}

/// A video item's own file (not a hosted video): its path from the site's root.
fn local_video<'a>(p: &'a Published<'_>) -> Option<&'a std::path::Path> {
    match &p.item.detail {
        Detail::Video {
            source: VideoSource::File(file),
            ..
        } => Some(file),
        _ => None,
    }
}

/// What a video item's post on `preset` uploads: the video (and its captions where the
/// platform takes a file), unless the platform will not take it. Then the post links to
/// the page with the poster, and a note says why; YouTube, where the upload is the post,
/// warns instead.
fn video_upload(
    config: &Config,
    p: &Published<'_>,
    bytes: Option<u64>,
    preset: &SocialPreset,
) -> (Option<VideoUpload>, Option<Diagnostic>) {
    let Some(file) = local_video(p) else {
        return (None, None);
    };
    let Detail::Video {
        duration_seconds,
        captions,
        ..
    } = &p.item.detail
    else {
        return (None, None);
    };
    let misfit = video_misfit(&preset.video, *duration_seconds, bytes);
    let problem = misfit.map(|m| {
        let what = match m {
            VideoMisfit::TooLong { seconds, max } => format!(
                "the video runs {}; {} takes up to {}",
                crate::video::clock(seconds),
                preset.label,
                crate::video::clock(max)
            ),
            VideoMisfit::TooLarge { bytes, max } => format!(
                "the video is {} MB; {} takes up to {} MB",
                bytes / 1_000_000,
                preset.label,
                max / 1_000_000
            ),
        };
        let d = if preset.video.only_videos {
            Diagnostic::warning("social::video_over_limit", format!("{what} for an ordinary channel"))
                .with_help("verify the channel (longer uploads), upload a shorter cut, or skip the platform with `social: { skip: [youtube] }`")
        } else {
            Diagnostic::note("social::video_linked", format!("{what}: its post links to the video's page with the poster"))
                .with_help("to post the video itself there, make a shorter or smaller cut as its own video item")
        };
        d.in_file(&p.item.source).at_line(p.item.key_line("src"))
    });
    if misfit.is_some() && !preset.video.only_videos {
        return (None, problem);
    }
    let path = p.item.beside_path(file);
    let captions_url = captions
        .as_deref()
        .filter(|_| preset.video.caption_file)
        .map(|c| config.absolute(&p.item.beside_path(c)));
    let upload = VideoUpload {
        url: config.absolute(&path),
        path,
        captions_url,
    };
    (Some(upload), problem)
}

/// Composes and schedules every snippet of every published item.
pub fn posts(inputs: &SiteInputs<'_>, plan: &Plan<'_>) -> (Vec<Post>, Vec<Diagnostic>) {
    let SiteInputs {
        config,
        theme,
        root,
    } = *inputs;
    let today = plan.today;
    let mut diagnostics = Vec::new();
    let templates = match snippet_templates(theme) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let cadence = &config.social.cadence;
    // Each location's own handles, for its accounts that name none in the config.
    let location_handles: HashMap<(&str, &str), &str> = plan
        .published
        .iter()
        .flat_map(|p| match &p.item.detail {
            Detail::Location { handles, .. } => handles
                .iter()
                .map(|(platform, handle)| {
                    ((p.item.slug.as_str(), platform.as_str()), handle.as_str())
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    // Each location's name and phone, for the posts of its own accounts.
    let places: HashMap<&str, (&str, Option<&str>)> = plan
        .published
        .iter()
        .filter_map(|p| match &p.item.detail {
            Detail::Location { phone, .. } => Some((
                p.item.slug.as_str(),
                (p.item.title.as_str(), phone.as_deref()),
            )),
            _ => None,
        })
        .collect();
    let mut items: Vec<&Published> = plan
        .published
        .iter()
        .filter(|p| p.item.kind.is_posted())
        .collect();
    // Newest first: the freshest content takes the earliest slots.
    items.sort_by(|a, b| {
        b.item
            .date
            .cmp(&a.item.date)
            .then_with(|| a.item.slug.cmp(&b.item.slug))
    });

    struct Draft<'a> {
        id: usize,
        item: &'a Published<'a>,
        preset: &'static SocialPreset,
        /// The account it goes to (its `key()` is what the calendar is kept by).
        account: &'a crate::config::Account,
        text: String,
        length: usize,
        link: Option<String>,
        poll: Option<PollPost>,
        /// A live session's post: which of its series, at the series' time.
        stage: Option<(Stage, When)>,
        video: Option<VideoUpload>,
        /// YouTube: the title and tags, fitted to its limits.
        title: Option<String>,
        tags: Vec<String>,
    }
    // Each item is composed independently (in parallel); scheduling then runs in order.
    let started = std::time::Instant::now();
    let composed: Vec<(Vec<Draft>, Vec<Diagnostic>, Request)> = items
        .par_iter()
        .enumerate()
        .map(|(id, p)| {
        let mut drafts: Vec<Draft> = Vec::new();
        let (presets, mut diagnostics) = platforms_for(config, p);
        let mut explicit = BTreeMap::new();
        // What every platform's post of this item shares.
        let url = config.absolute(&p.item.path());
        let attribution = match &p.item.detail {
            Detail::Testimonial { patient, .. } => Some(format!("— {patient}")),
            _ => None,
        };
        let question = config
            .social
            .question
            .as_deref()
            .unwrap_or_else(|| default_question(p.item.kind));
        // Capping the whole list at each platform's limit is the same as capping it there.
        let all_hashtags = hashtags(
            &p.item.social.hashtags,
            &p.item.tags,
            &config.social.hashtags,
            usize::MAX,
        );
        // A live session posts its series; anything else one post per platform.
        // Sessions and challenges post their series only; a poll with results adds its
        // follow-up to its post; anything else posts once per platform.
        let series = series_posts(p, config, today);
        let stages: Vec<Option<(Stage, When)>> = match p.item.kind {
            Kind::Event | Kind::Challenge => series.into_iter().map(Some).collect(),
            _ => std::iter::once(None).chain(series.into_iter().map(Some)).collect(),
        };
        // A contest's posts say where its official rules are, and are never cut to fit.
        let contest_line = match &p.item.detail {
            Detail::Challenge { contest: Some(_), .. } => Some(format!(
                "No purchase necessary. Official rules: {}",
                config.absolute(&format!("{}rules/", p.item.path()))
            )),
            _ => None,
        };
        let qa_notice = Some(config.social.qa_notice.trim()).filter(|n| !n.is_empty());
        // A local video's size, read once for every platform's limits.
        let video_bytes = local_video(p)
            .and_then(|f| std::fs::metadata(root.join(f)).ok())
            .map(|m| m.len());
        // The accounts of each platform the item goes to (`social.locations`).
        let accounts: Vec<(&&SocialPreset, &crate::config::Account)> = presets
            .iter()
            .flat_map(|preset| {
                config.social.accounts.iter().filter(move |a| {
                    a.platform == preset.name()
                        && p.item.social.locations.includes(a.location.as_deref())
                })
                .map(move |a| (preset, a))
            })
            .collect();
        for (preset, account) in &accounts {
          let location_line = account
              .location
              .as_deref()
              .and_then(|l| places.get(l))
              .map(|(name, phone)| match phone {
                  Some(phone) => format!("{name} · {phone}"),
                  None => name.to_string(),
              });
          for stage in &stages {
            let template = format!("{}.txt", preset.name());
            let written = p.item.social.schedule_per_platform.get(preset.name()).or(p
                .item
                .social
                .schedule
                .as_ref());
            if let Some(w) = written {
                match schedule::parse_explicit(w, cadence) {
                    Ok(when) => {
                        explicit.insert(account.key().to_string(), when);
                    }
                    Err(e) => diagnostics.push(
                        Diagnostic::error("social::invalid_schedule", format!("`social.schedule`: {e}"))
                            .in_file(&p.item.source)
                            .at_line(p.item.key_line("social"))
                            .with_help("write `schedule: 2026-12-02 09:00` (in the cadence's time zone) or an RFC 3339 time"),
                    ),
                }
            }
            let image = p
                .kit
                .as_ref()
                .and_then(|k| k.for_post(config.post_image_preset(preset, p.item.kind)));
            // A follow-up (a poll's results) carries no poll of its own.
            let poll = if stage.is_none() { poll_post(p, preset) } else { None };
            let (video, video_note) = video_upload(config, p, video_bytes, preset);
            diagnostics.extend(video_note);
            // `utm_content` names what the post shows: its image, a native poll (no
            // image) or the video.
            let content = match (&poll, stage) {
                (_, Some((stage, _))) => Some(stage.name()),
                (Some(poll), _) if poll.style == PollStyle::Native => Some("poll".into()),
                _ if video.is_some() => Some("video".into()),
                _ => image.map(|r| Cow::Borrowed(r.name.as_str())),
            };
            let link = preset
                .clickable_links
                .then(|| tracked_link(&url, preset.name(), &p.item.slug, content.as_deref()));
            let parts = SnippetParts {
                platform: preset.name(),
                kind: p.item.kind.label(),
                title: &p.item.title,
                hook: match stage {
                    Some((stage, _)) if p.item.kind == Kind::Event => event_hook(p, *stage),
                    Some((stage, _)) => follow_up_hook(p, *stage),
                    None => hook(p, preset.name()),
                },
                attribution: attribution.as_deref(),
                question: match (p.item.kind, stage) {
                    (Kind::Poll, None) => Some(poll_prompt(preset.poll.style)),
                    (Kind::Poll | Kind::Event | Kind::Challenge, _) => None,
                    _ => Some(question),
                },
                link: link.as_deref(),
                link_in_bio: !preset.clickable_links,
                hashtags: &all_hashtags[..all_hashtags.len().min(preset.max_hashtags)],
                location: location_line.as_deref(),
                // Every Q&A post carries the practice's standing line, every contest
                // post where its rules are.
                disclosure: match p.item.kind {
                    Kind::Event => qa_notice,
                    Kind::Challenge => contest_line.as_deref(),
                    _ => p.disclosure.as_deref(),
                },
            };
            let plain = templates.plain.get(&template);
            let render = |parts: &SnippetParts| -> Result<String, tera::Error> {
                if let Some(text) = plain.and_then(|l| l.render(parts, config.practice_name())) {
                    return Ok(text);
                }
                let mut ctx = Context::new();
                ctx.insert("post", parts);
                ctx.insert("hashtag_line", &parts.hashtags.join(" "));
                ctx.insert("practice", config.practice_name());
                ctx.insert("handle", &account.handle);
                templates.tera.render(&template, &ctx)
            };
            match compose(&parts, preset, &render) {
                Ok(s) if preset.video.only_videos => {
                    let text = without_angle_brackets(&s.text).into_owned();
                    let length = super::count::count(&text, preset.counting);
                    let title = preset.video.title_chars.map(|limit| video_title(&p.item.title, limit));
                    let tags = preset.video.tags_chars.map(|limit| video_tags(&p.item.social.hashtags, &p.item.tags, &config.social.hashtags, limit)).unwrap_or_default();
                    drafts.push(Draft { id, item: p, preset, account, text, length, link, poll, stage: stage.clone(), video, title, tags });
                }
                Ok(s) => drafts.push(Draft { id, item: p, preset, account, text: s.text, length: s.length, link, poll, stage: stage.clone(), video, title: None, tags: Vec::new() }),
                Err(ComposeError::DoesNotFit(e)) => diagnostics.push(
                    Diagnostic::error("social::does_not_fit", format!("{} snippet: {e}", preset.label))
                        .in_file(&p.item.source)
                        .at_line(if p.disclosure.is_some() { consent_line(p) } else { 1 })
                        .with_help("shorten the disclosure or attribution, or skip the platform with `social: { skip: [...] }`"),
                ),
                Err(ComposeError::Template(e)) => diagnostics.push(
                    tera_diagnostic(&e, "template::render", &templates.origins, &template)
                        .with_help("fix the snippet template; it receives `post` (hook, attribution, question, location, link, link_in_bio, hashtags, disclosure, title, kind), `hashtag_line`, `practice` and `handle`"),
                ),
            }
          }
        }
        let request = Request {
            id,
            not_before: p.item.date.unwrap_or(today),
            // Sessions' and challenges' posts keep their series' times: no cadence slot.
            platforms: if matches!(p.item.kind, Kind::Event | Kind::Challenge) {
                Vec::new()
            } else {
                accounts.iter().map(|(_, a)| a.key().to_string()).collect()
            },
            explicit,
        };
        (drafts, diagnostics, request)
        })
        .collect();
    let mut drafts: Vec<Draft> = Vec::with_capacity(composed.iter().map(|c| c.0.len()).sum());
    let mut requests = Vec::with_capacity(composed.len());
    for (d, diags, r) in composed {
        drafts.extend(d);
        diagnostics.extend(diags);
        requests.push(r);
    }
    crate::timing::timing("social: compose", started);
    let started = std::time::Instant::now();
    let mut times = if config.social.mix.is_empty() {
        schedule::assign_per_account(&requests, &config.social.accounts, cadence, today)
    } else {
        let kinds: Vec<Kind> = items.iter().map(|p| p.item.kind).collect();
        let order = schedule::mix_requests(&requests, &kinds, &config.social.mix, cadence, today);
        schedule::assign_in_order(&requests, &order, &config.social.accounts, cadence, today)
    };
    for (platform, earlier, later, apart) in schedule::too_close(&requests, &times) {
        let (earlier, later) = (items[earlier], items[later]);
        let label = preset(platform).map_or(platform, |p| p.label);
        diagnostics.push(
            Diagnostic::warning(
                "social::posts_too_close",
                format!(
                    "the {label} posts of `{}` and `{}` are {} minute{} apart; Sprout Social refuses posts to one network less than 10 minutes apart",
                    earlier.item.slug,
                    later.item.slug,
                    apart / 60,
                    if apart / 60 == 1 { "" } else { "s" },
                ),
            )
            .in_file(&later.item.source)
            .at_line(later.item.key_line("social"))
            .with_help("move one `social.schedule` time, or leave it out to take the next free slot"),
        );
    }
    let used: HashSet<i64> = times.iter().flatten().map(|(_, w)| w.unix).collect();
    let gaps = schedule::empty_slots(cadence, today, GAP_WINDOW_DAYS, &used);
    if !gaps.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                "social::posting_gap",
                format!(
                    "{} posting slot{} in the next 4 weeks {} empty: {}",
                    gaps.len(),
                    if gaps.len() == 1 { "" } else { "s" },
                    if gaps.len() == 1 { "is" } else { "are" },
                    gaps.iter().take(6).cloned().collect::<Vec<_>>().join(", ")
                ),
            )
            .in_file(crate::config::CONFIG_FILE)
            .with_help("regular posting keeps patients engaged: write more content, or adjust `social.cadence`"),
        );
    }
    // Drafts are sorted (not the larger posts) and each post is built in its final place.
    // Each draft takes its time out of `times` (request ids are indices into it).
    // A poll's results follow its own post on the platform (drafts come in that order):
    // the posting time after the poll, posted then, has closed.
    let mut poll_times: HashMap<(usize, &str), When> = HashMap::new();
    let now = today.start_in(&cadence.tz);
    let mut timed: Vec<(When, Draft)> = drafts
        .into_iter()
        .filter_map(|d| {
            if let Some((stage, at)) = &d.stage {
                let at = match (stage, &d.item.item.detail) {
                    (
                        Stage::Results,
                        Detail::Poll {
                            duration_minutes, ..
                        },
                    ) => match poll_times.get(&(d.id, d.account.key())) {
                        Some(posted) => posted
                            .at
                            .checked_add(jiff::SignedDuration::from_mins(i64::from(
                                *duration_minutes,
                            )))
                            .ok()
                            .and_then(|closed| series::posting_time_after(&closed, cadence, now))
                            .map(When::of)?,
                        None => at.clone(),
                    },
                    _ => at.clone(),
                };
                return Some((at, d));
            }
            let mine = times.get_mut(d.id)?;
            let at = mine.iter().position(|(key, _)| *key == d.account.key())?;
            let at = mine.swap_remove(at).1;
            if d.item.item.kind == Kind::Poll {
                poll_times.insert((d.id, d.account.key()), at.clone());
            }
            Some((at, d))
        })
        .collect();
    // (time, platform, kind, slug) is unique, so the unstable sort is deterministic.
    timed.par_sort_unstable_by(|(a_when, a), (b_when, b)| {
        a_when
            .unix
            .cmp(&b_when.unix)
            .then_with(|| a.account.key().cmp(b.account.key()))
            .then_with(|| a.item.item.kind.cmp(&b.item.item.kind))
            .then_with(|| a.item.item.slug.cmp(&b.item.item.slug))
    });
    let posts: Vec<Post> = timed
        .into_par_iter()
        .map(|(when, d)| {
            let image = d
                .item
                .kit
                .as_ref()
                .and_then(|k| k.for_post(config.post_image_preset(d.preset, d.item.item.kind)));
            // X, Threads and Mastodon take a poll or media, never both.
            let native_poll = d
                .poll
                .as_ref()
                .is_some_and(|p| p.style == PollStyle::Native);
            let (image_path, w, h) = match image {
                _ if native_poll => (String::new(), 0, 0),
                Some(r) => (
                    format!("{}{}.{}", d.item.kit_dir(), r.name, r.extension),
                    r.width,
                    r.height,
                ),
                None => ("/og-default.png".to_string(), 1200, 630),
            };
            Post {
                platform: d.preset.platform,
                kind: d.item.item.kind,
                slug: d.item.item.slug.clone(),
                title: d.title.unwrap_or_else(|| d.item.item.title.clone()),
                text: d.text,
                link: d.link,
                image_url: (!native_poll).then(|| config.absolute(&image_path)),
                image_alt: (!native_poll).then(|| match &d.item.image {
                    Some(img) if !img.alt.is_empty() => img.alt.clone(),
                    _ => d.item.item.title.clone(),
                }),
                image_path: (!native_poll).then_some(image_path),
                image_width: (!native_poll).then_some(w),
                image_height: (!native_poll).then_some(h),
                scheduled: when.at,
                length: d.length,
                limit: d.preset.limit,
                poll: d.poll,
                stage: d.stage.map(|(stage, _)| stage),
                account: d.account.location.clone(),
                handle: d.account.handle.clone().or_else(|| {
                    let location = d.account.location.as_deref()?;
                    location_handles
                        .get(&(location, d.account.platform.as_str()))
                        .map(|h| h.to_string())
                }),
                video: d.video,
                tags: d.tags,
            }
        })
        .collect();
    crate::timing::timing("social: schedule", started);
    if !config.social.mix.is_empty() {
        let weeks = super::mix::planned(&posts, &config.social.mix, today);
        diagnostics.extend(super::mix::check(
            &weeks,
            &config.social.mix,
            config.social.mix_tolerance,
        ));
    }
    (posts, diagnostics)
}

/// The image presets the posts due within the horizon show, by item (kind, slug): what
/// a title card must have besides its `og:image` (see `images::attach::card_targets`).
pub fn upcoming_presets(
    config: &crate::config::Config,
    posts: &[Post],
    today: crate::dates::Day,
) -> HashMap<(Kind, String), BTreeSet<String>> {
    let mut wanted: HashMap<(Kind, String), BTreeSet<String>> = HashMap::new();
    // A native poll goes out without an image: nothing to make for it.
    for p in posts.iter().filter(|p| {
        p.is_upcoming(today, config.social.horizon_weeks)
            && p.poll
                .as_ref()
                .is_none_or(|poll| poll.style != PollStyle::Native)
    }) {
        wanted.entry((p.kind, p.slug.clone())).or_default().insert(
            config
                .post_image_preset(p.platform.facts(), p.kind)
                .to_string(),
        );
    }
    wanted
}
