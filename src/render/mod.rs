//! Render stage: templates (Tera 2), listings, tags, feed, sitemap and static files,
//! rendered in parallel into a `Sink` (a staging directory, or nothing for `check`).

mod assets;
mod page_contexts;
mod pages;
mod privacy;
mod renderer;
mod sink;
mod social_page;
pub mod video;

pub mod context;
pub mod event_calendar;
pub mod jsonld;

use crate::diagnostics::Diagnostic;
use crate::inputs::SiteInputs;
use crate::plan::{Plan, Published};
use assets::write_images;
use context::site_view;
use pages::Pages;
pub use privacy::PrivacyReport;
use privacy::{PageLoads, headers_file, page_type};
use rayon::prelude::*;
use renderer::Renderer;
pub use sink::{Sink, StreamFill, UnderFolder};
use social_page::{KitWritten, write_social};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What a render produced, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
}

/// Where a render writes: the site (deployed) and the social kit (kept private, never
/// linked from the site). Paths in each are relative to its own root.
#[derive(Clone, Copy)]
pub struct Sinks<'s> {
    pub site: &'s dyn Sink,
    pub kit: &'s dyn Sink,
}

/// Renders the whole site and its social kit, composing the social posts alongside the
/// pages. The social kit's notes (platforms a consent does not cover, posting gaps)
/// come back with the counts; its errors fail the render like any other.
pub fn render_site<'a>(
    inputs: &SiteInputs<'_>,
    plan: &'a Plan<'a>,
    sinks: Sinks<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_selected(inputs, plan, &Selection::All, sinks)
}

/// Which files a render writes: all of them (a build), or what a preview server
/// found out of date after an edit.
pub enum Selection<'s> {
    /// Everything; the social posts are composed during the render (pages do not need them).
    All,
    /// The pages whose fingerprint differs from `previous` (output file -> fingerprint;
    /// a page not in it counts as different) or that show an item `changed` picks, and
    /// every image and static file (cheap to write); every page when `everything`.
    /// Nothing of the social folder.
    Pages {
        previous: &'s HashMap<String, u64>,
        changed: &'s (dyn Fn(&Published<'_>) -> bool + Sync),
        everything: bool,
    },
    /// The social folder only, from posts already composed (and the images and static files).
    Social(&'s [crate::social::Post]),
}

/// One page of the site as a preview server tracks it between renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageState {
    /// Output file, e.g. `articles/flu/index.html`.
    pub output: String,
    /// Hash of which items the page shows, in which order, and its counts and names.
    pub fingerprint: u64,
    /// Whether this render wrote it.
    pub rendered: bool,
}

/// What `render_selected` did: the counts, with `Selection::Pages` the state of
/// every page of the site (rendered or not) for the next comparison, and with
/// `Selection::All` the social kit's notes and warnings.
#[derive(Debug, Default)]
pub struct Rendered {
    pub stats: RenderStats,
    pub pages: Vec<PageState>,
    pub notes: Vec<Diagnostic>,
    pub privacy: PrivacyReport,
    /// Every post of a whole build (what the posting history records); none otherwise.
    pub posts: Vec<crate::social::Post>,
}

/// Renders what `selection` picks into `sinks` (see `render_site`).
pub fn render_selected<'a>(
    inputs: &SiteInputs<'_>,
    plan: &'a Plan<'a>,
    selection: &Selection<'_>,
    sinks: Sinks<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let sink = sinks.site;
    let SiteInputs {
        root,
        config,
        theme,
    } = *inputs;
    let today = plan.today;
    let site = site_view(config, plan, today);
    let renderer = Renderer::new(theme, &site)?;
    let pages = Pages::new(config, plan, today);
    let mut jobs = pages.jobs();
    let mut states = Vec::new();
    match selection {
        Selection::All => {}
        Selection::Social(_) => jobs.clear(),
        Selection::Pages {
            previous,
            changed,
            everything,
        } => {
            // Fingerprints are cheap (no template context), so every page gets one.
            states = jobs
                .par_iter()
                .map(|job| {
                    let output = pages.output(job);
                    let (fingerprint, shows) = pages.fingerprint(job);
                    let rendered = *everything
                        || previous.get(&output) != Some(&fingerprint)
                        || shows.iter().any(|p| changed(p));
                    PageState {
                        output,
                        fingerprint,
                        rendered,
                    }
                })
                .collect();
            let mut keep = states.iter().map(|s| s.rendered);
            jobs.retain(|_| keep.next().unwrap_or(false));
        }
    }
    let io_error = |path: &str, e: std::io::Error| {
        Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
            .with_help("check free disk space and permissions")
    };
    let page_count = jobs.len();
    // The social posts are composed and written alongside the pages: neither needs
    // the other, and the exports are long serial writes that would leave a core idle.
    let write_posts = |posts: &[crate::social::Post]| {
        if !posts.is_empty() || renderer.has("social.html") {
            write_social(config, &renderer, posts, today, sinks.kit)
        } else {
            KitWritten::default()
        }
    };
    let own_host = crate::privacy::scan::host_of(&config.base_url).unwrap_or_default();
    let plain_tags = crate::privacy::policy::meta_tags(&pages.csp, &config.privacy.referrer);
    let ((mut problems, loads), (kit_written, notes, posts)) = rayon::join(
        || {
            let results: Vec<Result<Option<PageLoads>, Diagnostic>> = jobs
                .par_iter()
                .map(|job| {
                    let (template, out, ctx) = pages.build(job);
                    let mut html = renderer.render(template, &ctx)?;
                    let mut loads = None;
                    if out.ends_with(".html") {
                        // Every page carries the policies, even from a theme that leaves them out.
                        let csp = pages.csp_of(job);
                        let tags = if csp == pages.csp {
                            Cow::Borrowed(plain_tags.as_str())
                        } else {
                            Cow::Owned(crate::privacy::policy::meta_tags(
                                &csp,
                                &config.privacy.referrer,
                            ))
                        };
                        html = crate::privacy::policy::ensure_meta(html, &tags);
                        loads = Some(PageLoads {
                            page_type: page_type(job),
                            hosts: crate::privacy::scan::hosts_loaded(&html, &own_host),
                            stylesheets: crate::privacy::scan::local_stylesheets(&html),
                        });
                        // After the scans, which read site paths as the theme wrote them.
                        html = crate::html::prefix_root_paths(html, config.base_path());
                    }
                    sink.write(&out, html.as_bytes())
                        .map_err(|e| io_error(&out, e))?;
                    Ok(loads)
                })
                .collect();
            let mut problems = Vec::new();
            let mut loads = Vec::new();
            for r in results {
                match r {
                    Ok(Some(l)) => loads.push(l),
                    Ok(None) => {}
                    Err(d) => problems.push(d),
                }
            }
            (problems, loads)
        },
        || match selection {
            Selection::All => {
                let (posts, diagnostics) = crate::social::kit::posts(inputs, plan);
                let (errors, notes): (Vec<_>, Vec<_>) =
                    diagnostics.into_iter().partition(Diagnostic::is_error);
                if errors.is_empty() {
                    (write_posts(&posts), notes, posts)
                } else {
                    let failed = KitWritten {
                        problems: errors,
                        ..KitWritten::default()
                    };
                    (failed, notes, Vec::new())
                }
            }
            Selection::Social(posts) => (write_posts(posts), Vec::new(), Vec::new()),
            Selection::Pages { .. } => (KitWritten::default(), Vec::new(), Vec::new()),
        },
    );
    let KitWritten {
        mut files,
        problems: social_problems,
        post_images,
    } = kit_written;
    problems.extend(social_problems);
    // A template error repeats on every page that uses it: report each once.
    let mut seen = HashSet::new();
    problems.retain(|d| seen.insert((d.file.clone(), d.line, d.message.clone())));

    // Images, theme static files, then the site's static files (which win).
    let (written, failed) = write_images(root, plan, &post_images, sinks);
    files += written;
    problems.extend(failed);
    let (written, failed) = video::write_video_files(root, &plan.published, sinks);
    files += written;
    problems.extend(failed);
    // What each stylesheet loads from other hosts (`@import`, `url()`), by site path.
    let mut css_hosts: HashMap<String, Vec<String>> = HashMap::new();
    let mut note_css = |name: &str, bytes: &[u8]| {
        if name.ends_with(".css") {
            css_hosts.insert(
                format!("/{name}"),
                crate::privacy::scan::hosts_loaded_by_css(
                    &String::from_utf8_lossy(bytes),
                    &own_host,
                ),
            );
        }
    };
    for (name, file) in theme.statics() {
        files += 1;
        note_css(name, &file.bytes);
        if let Err(e) = sink.write(name, &file.bytes) {
            problems.push(io_error(name, e));
        }
        // A post without an image of its own shows the default one: the kit's preview needs its copy.
        if post_images
            .iter()
            .any(|p| p.trim_start_matches('/') == name)
        {
            files += 1;
            if let Err(e) = sinks.kit.write(name, &file.bytes) {
                problems.push(io_error(name, e));
            }
        }
    }
    for (name, abs) in crate::fsutil::site_static_files(root) {
        files += 1;
        match std::fs::read(&abs) {
            Ok(bytes) => {
                note_css(&name, &bytes);
                if let Err(e) = sink.write(&name, &bytes) {
                    problems.push(io_error(&name, e));
                }
                if post_images
                    .iter()
                    .any(|p| p.trim_start_matches('/') == name)
                {
                    if let Err(e) = sinks.kit.write(&name, &bytes) {
                        problems.push(io_error(&name, e));
                    }
                }
            }
            Err(e) => problems.push(
                Diagnostic::error("io::read", format!("cannot read static file: {e}"))
                    .in_file(format!("static/{name}")),
            ),
        }
    }
    files += 1;
    if let Err(e) = sink.write("_headers", headers_file(config, &pages, plan).as_bytes()) {
        problems.push(io_error("_headers", e));
    }
    // Each event's "add to calendar" file, stamped with the build's day (reproducible).
    let stamp = today.start_in(&jiff::tz::TimeZone::UTC);
    for p in &plan.published {
        match event_calendar::event_ics(config, p.item, stamp) {
            Ok(None) => {}
            Ok(Some(ics)) => {
                let path = event_calendar::ics_path(p.item);
                let name = path.trim_start_matches('/');
                files += 1;
                if let Err(e) = sink.write(name, ics.as_bytes()) {
                    problems.push(io_error(name, e));
                }
            }
            Err(e) => problems.push(
                Diagnostic::error(
                    "event::calendar",
                    format!("the calendar file cannot be written: {e}"),
                )
                .in_file(&p.item.source)
                .at_line(p.item.key_line("start"))
                .with_help("keep the event's times between the years 0000 and 9999"),
            ),
        }
    }
    let mut privacy = PrivacyReport::default();
    for l in loads {
        let entry = privacy.third_party_on_load.entry(l.page_type).or_default();
        entry.extend(l.hosts);
        for sheet in &l.stylesheets {
            if let Some(hosts) = css_hosts.get(sheet) {
                entry.extend(hosts.iter().cloned());
            }
        }
    }
    if problems.is_empty() {
        Ok(Rendered {
            stats: RenderStats {
                pages: page_count,
                files,
            },
            pages: states,
            notes,
            privacy,
            posts,
        })
    } else {
        problems.extend(notes);
        Err(problems)
    }
}
