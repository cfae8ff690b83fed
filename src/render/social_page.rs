//! The social folder: every post in `posts.json`, and for the posts due within the
//! horizon their text files, the calendar, the scheduler CSVs and the preview page.

use super::Sink;
use super::pages::Pages;
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
    pub(super) file: String,
}

/// Writes every file of `public/social/`: `posts.json` with every post, and for the
/// posts due within the horizon (`social.horizon_weeks`) one text file each, the
/// calendar, the scheduler CSVs and the preview page. Returns the number of files written.
pub(super) fn write_social(
    config: &Config,
    renderer: &Renderer,
    pages: &Pages<'_>,
    posts: &[crate::social::Post],
    today: Day,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
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
    let stamp = today
        .0
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let calendar_name = format!("{} social posts", config.title);
    type Export<'a> = (String, Box<dyn Fn() -> Result<String, String> + Sync + 'a>);
    let mut exports: Vec<Export> = vec![
        (
            "social/calendar.ics".into(),
            Box::new(|| export::calendar_ics(&upcoming, &calendar_name, stamp)),
        ),
        (
            "social/schedule.csv".into(),
            Box::new(|| export::schedule_csv(&upcoming)),
        ),
        (
            "social/sprout.csv".into(),
            Box::new(|| export::sprout_csv(&upcoming)),
        ),
        (
            "social/buffer.csv".into(),
            Box::new(|| export::buffer_csv(&upcoming)),
        ),
    ];
    for (path, mine) in export::sprout_uploads(&upcoming) {
        exports.push((path, Box::new(move || export::sprout_csv(&mine))));
    }
    let (json_problem, export_problems) = rayon::join(
        || {
            let path = "social/posts.json";
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

    let mut days: Vec<SocialDay> = Vec::new();
    for p in &upcoming {
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
                file: format!("/{}", p.text_file()),
            });
        }
    }
    let mut ctx = Context::new();
    let mut meta = pages.meta(
        "Social posting calendar",
        "",
        "/social/",
        "website",
        None,
        "{}".into(),
    );
    meta.noindex = true;
    ctx.insert("meta", &meta);
    ctx.insert("days", &days);
    ctx.insert("total", &posts.len());
    ctx.insert("upcoming", &upcoming.len());
    ctx.insert("horizon_weeks", &config.social.horizon_weeks);
    match renderer.render("social.html", &ctx) {
        Ok(html) => {
            let html = crate::html::prefix_root_paths(html, config.base_path());
            problems.extend(write("social/index.html", html.as_bytes()))
        }
        Err(d) => problems.push(d),
    }
    (upcoming.len() + exports.len() + 1, problems)
}
