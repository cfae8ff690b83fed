//! The social kit (`social-kit/`, never deployed): every post in `posts.json`, and for
//! the posts due within the horizon their text files, the calendar, the scheduler CSVs
//! and the preview page, which links only to files beside it so it opens from disk.

use super::Sink;
use super::renderer::Renderer;
use crate::config::Config;
use crate::dates::Day;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
pub(super) struct SocialDay<'p> {
    pub(super) label: String,
    pub(super) posts: Vec<SocialCard<'p>>,
}

#[derive(Serialize)]
pub(super) struct SocialCard<'p> {
    #[serde(flatten)]
    pub(super) post: crate::social::PostView<'p>,
    pub(super) platform_label: &'static str,
    pub(super) time: String,
    /// The text file and the image copy, relative to the kit.
    pub(super) file: String,
    pub(super) image: Option<String>,
    /// The site's handle on the post's platform (`social.handles`), e.g. `@lakeside`.
    pub(super) handle: Option<String>,
    /// The tracked link when the text does not already show it (Instagram: "Link in bio.").
    pub(super) separate_link: Option<String>,
    /// How long the post's poll runs, as written (`1d`), where the poster sets it.
    pub(super) poll_duration: Option<String>,
    /// A live session's post: which of its series, as the preview labels it.
    pub(super) stage_label: Option<std::borrow::Cow<'static, str>>,
    /// The location whose own account it goes to.
    pub(super) location_account: Option<String>,
    /// A video post's files to upload, relative to the kit (linked in beside its text).
    pub(super) video_file: Option<String>,
    pub(super) captions_file: Option<String>,
}

/// What writing the kit produced: files written, problems, and the site paths of the
/// images upcoming posts show (the deployed site must hold them for `image_url`).
#[derive(Default)]
pub(super) struct KitWritten {
    pub(super) files: usize,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) post_images: Vec<String>,
}

/// Where a post's image sits in the kit: `/social/articles/flu/square.jpg` is
/// `articles/flu/square.jpg`, the default image `og-default.png`.
/// Where the kit keeps its copy of a file published beside a post's item (a video, its
/// captions): beside the post's text, under the file's own name.
fn kit_copy(post: &crate::social::Post, path_or_url: &str) -> String {
    let name = path_or_url.rsplit('/').next().unwrap_or_default();
    format!("{}/{}/{name}", post.kind.section(), post.slug)
}

/// The content mix per week next to its target, for the preview's chart and its table.
#[derive(Serialize)]
struct MixView {
    /// The shares' names, then "other".
    shares: Vec<String>,
    targets: Vec<u32>,
    weeks: Vec<MixWeekView>,
}

#[derive(Serialize)]
struct MixWeekView {
    start: String,
    total: usize,
    cells: Vec<MixCell>,
}

/// One share in one week: its posts, its per cent of the week, its target per cent.
#[derive(Serialize)]
struct MixCell {
    count: usize,
    percent: u32,
    target: u32,
}

fn mix_chart(
    config: &crate::config::Config,
    posts: &[crate::social::Post],
    today: crate::dates::Day,
) -> Option<MixView> {
    let mix = &config.social.mix;
    if mix.is_empty() {
        return None;
    }
    let weeks = crate::social::mix::planned(posts, mix, today);
    let mut targets: Vec<u32> = mix.values().copied().collect();
    targets.push(0);
    Some(MixView {
        shares: mix.keys().cloned().chain(["other".to_string()]).collect(),
        weeks: weeks
            .into_iter()
            .map(|w| MixWeekView {
                start: w.start,
                total: w.total,
                cells: w
                    .counts
                    .iter()
                    .zip(&targets)
                    .map(|(&c, &t)| {
                        let pct = (c * 100).checked_div(w.total).unwrap_or(0) as u32;
                        MixCell {
                            count: c,
                            percent: pct,
                            target: t,
                        }
                    })
                    .collect(),
            })
            .collect(),
        targets,
    })
}

pub(super) fn kit_image_file(site_path: &str) -> String {
    site_path
        .strip_prefix("/social/")
        .unwrap_or(site_path.trim_start_matches('/'))
        .to_string()
}

/// Writes the kit into `kit`: `posts.json` with every post, and for the posts due
/// within the horizon (`social.horizon_weeks`) one text file each, the calendar, the
/// scheduler CSVs and the preview page (`index.html`).
pub(super) fn write_social(
    config: &Config,
    renderer: &Renderer,
    posts: &[crate::social::Post],
    today: Day,
    kit: &dyn Sink,
) -> KitWritten {
    let sink = kit;
    use crate::social::export;
    let failed = |path: &str, written: std::io::Result<()>| -> Option<Diagnostic> {
        written.err().map(|e| {
            Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
                .with_help("check free disk space and permissions")
        })
    };
    let write = |path: &str, bytes: &[u8]| failed(path, sink.write(path, bytes));
    let upcoming: Vec<crate::social::Post> = posts
        .iter()
        .filter(|p| p.is_upcoming(today, config.social.horizon_weeks))
        .cloned()
        .collect();
    let started = std::time::Instant::now();
    let mut problems: Vec<Diagnostic> = upcoming
        .par_iter()
        .filter_map(|p| write(&p.text_file(), format!("{}\n", p.text).as_bytes()))
        .collect();
    let stamp = today.start_in(&jiff::tz::TimeZone::UTC);
    let calendar_name = format!("{} social posts", config.title);
    type Export<'a> = (String, Box<dyn Fn() -> Result<String, String> + Sync + 'a>);
    let mut exports: Vec<Export> = vec![
        (
            "calendar.ics".into(),
            Box::new(|| export::calendar_ics(&upcoming, &calendar_name, stamp)),
        ),
        (
            "schedule.csv".into(),
            Box::new(|| export::schedule_csv(&upcoming)),
        ),
        (
            "sprout.csv".into(),
            Box::new(|| export::sprout_csv(&upcoming)),
        ),
        (
            "buffer.csv".into(),
            Box::new(|| export::buffer_csv(&upcoming)),
        ),
    ];
    for (path, mine) in export::sprout_uploads(&upcoming) {
        exports.push((path, Box::new(move || export::sprout_csv(&mine))));
    }
    let (json_problem, export_problems) = rayon::join(
        || {
            let path = "posts.json";
            failed(
                path,
                sink.write_streamed(path, &|out| export::write_posts_json(posts, out)),
            )
        },
        || {
            exports
                .par_iter()
                .filter_map(|(path, make)| match make() {
                    Ok(text) => write(path, text.as_bytes()),
                    Err(e) => Some(
                        Diagnostic::error("social::export", format!("{path}: {e}"))
                            .with_help("check the post's schedule"),
                    ),
                })
                .collect::<Vec<_>>()
        },
    );
    problems.extend(json_problem);
    problems.extend(export_problems);
    crate::timing::timing("social: post files and exports", started);

    // The preview, and with location accounts one page per account too: `account-facebook-northgate.html`, linked from each page.
    let mut keys: Vec<String> = upcoming.iter().map(|p| p.account_key()).collect();
    keys.sort();
    keys.dedup();
    let per_account = upcoming.iter().any(|p| p.account.is_some());
    let page_of = |key: &str| format!("account-{}.html", key.replace('@', "-"));
    let accounts: Vec<serde_json::Value> = if per_account {
        keys.iter()
            .map(|k| serde_json::json!({ "key": k, "path": page_of(k) }))
            .collect()
    } else {
        Vec::new()
    };
    let mut pages: Vec<(String, Option<&str>)> = vec![("index.html".to_string(), None)];
    if per_account {
        pages.extend(keys.iter().map(|k| (page_of(k), Some(k.as_str()))));
    }
    let mix_view = mix_chart(config, posts, today);
    let mut written_pages = 0;
    for (file, only) in &pages {
        let mut days: Vec<SocialDay> = Vec::new();
        for p in upcoming
            .iter()
            .filter(|p| only.is_none_or(|k| p.account_key() == k))
        {
            let date = crate::dates::Day(p.scheduled.date());
            let label = format!("{}, {}", date.weekday_name(), date.display());
            if days.last().is_none_or(|d| d.label != label) {
                days.push(SocialDay {
                    label,
                    posts: Vec::new(),
                });
            }
            if let Some(day) = days.last_mut() {
                day.posts.push(SocialCard {
                    post: crate::social::PostView::of(p),
                    platform_label: p.platform.facts().label,
                    time: p.scheduled.strftime("%H:%M").to_string(),
                    file: p.text_file(),
                    image: p.image_path.as_deref().map(kit_image_file),
                    handle: p
                        .handle
                        .clone()
                        .or_else(|| config.social.handles.get(p.platform.name()).cloned()),
                    separate_link: p.link.clone().filter(|l| !p.text.contains(l.as_str())),
                    poll_duration: p
                        .poll
                        .as_ref()
                        .and_then(|poll| poll.duration_minutes)
                        .map(crate::platform::minutes_text),
                    stage_label: p.stage.map(|s| s.label()),
                    location_account: p.account.clone(),
                    video_file: p.video.as_ref().map(|v| kit_copy(p, &v.path)),
                    captions_file: p
                        .video
                        .as_ref()
                        .and_then(|v| v.captions_url.as_deref())
                        .map(|url| kit_copy(p, url)),
                });
            }
        }
        let mut ctx = Context::new();
        let avatar: String = config.practice_name().chars().take(1).collect();
        ctx.insert("avatar", &avatar);
        ctx.insert("days", &days);
        ctx.insert("total", &posts.len());
        ctx.insert("upcoming", &upcoming.len());
        ctx.insert("horizon_weeks", &config.social.horizon_weeks);
        ctx.insert("accounts", &accounts);
        ctx.insert("account", only);
        ctx.insert("mix", &mix_view);
        // Links stay relative (no base path): the page is opened from the kit's folder.
        match renderer.render("social.html", &ctx) {
            Ok(html) => problems.extend(write(file, html.as_bytes())),
            Err(d) => problems.push(d),
        }
        written_pages += 1;
    }
    let mut post_images: Vec<String> = upcoming
        .iter()
        .filter_map(|p| p.image_path.clone())
        .collect();
    post_images.sort();
    post_images.dedup();
    KitWritten {
        files: upcoming.len() + exports.len() + written_pages,
        problems,
        post_images,
    }
}
