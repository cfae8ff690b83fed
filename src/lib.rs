//! carepress: a static site and social content generator for medical practices
//! that refuses to publish anything featuring a patient without valid, recorded consent.
//!
//! The pipeline runs one way: load (config, theme, content, ledger) → gate and lint →
//! plan (what is published, its links, its image jobs) → images and social posts →
//! render (templates into a sink) → output (stage and swap).
//!
//! # Layers
//!
//! Lowest first; each module imports only from the layers before its own (`tests/it/layers.rs`
//! reads every `crate::…` path in `src/` and fails on an import that points further down
//! the list, or on a cycle within one layer):
//!
//! 1. `diagnostics`, `dates`, `yaml`, `html`, `fsutil`, `timing`, `platform`, `routes`, `privacy`, `video`
//! 2. `config`
//! 3. `theme`, `inputs`
//! 4. `content`
//! 5. `consent`, `lint`
//! 6. `plan`
//! 7. `images`, `social`, `search`
//! 8. `render`, `analytics`
//! 9. `output`
//! 10. `lib`
//! 11. `serve`, `scaffold`, `cli`

pub mod analytics;
pub mod cli;
pub mod config;
pub mod consent;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod fsutil;
pub mod html;
pub mod images;
pub mod inputs;
pub mod lint;
pub mod output;
pub mod plan;
pub mod platform;
pub mod privacy;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod social;
pub mod theme;
pub mod timing;
pub mod video;
mod yaml;

use config::Config;
use consent::Ledger;
use content::Item;
use diagnostics::Diagnostic;
use inputs::SiteInputs;
use output::{DirSink, NullSink};
use plan::PlanOptions;
use render::{PrivacyReport, RenderStats};
use std::path::{Path, PathBuf};
use theme::Theme;

/// A problem with how carepress was run (exit code 2), as opposed to a problem in the content.
#[derive(Debug, thiserror::Error)]
pub enum EnvError {
    #[error("{0}")]
    Usage(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}

/// A loaded site: everything read from disk, plus the problems found while reading it.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub theme: Theme,
    pub items: Vec<Item>,
    /// Site paths of content files that failed to load.
    pub failed: Vec<String>,
    pub ledger: Ledger,
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of `check` or `build`: every diagnostic, and what was rendered if anything.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub published: usize,
    pub stats: Option<RenderStats>,
    /// What the rendered pages contact on load (`None` when nothing was rendered).
    pub privacy: Option<PrivacyReport>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Site {
    /// The folder, config and theme every stage after loading reads.
    pub fn inputs(&self) -> SiteInputs<'_> {
        SiteInputs {
            root: &self.root,
            config: &self.config,
            theme: &self.theme,
        }
    }

    /// Loads config, theme, content and ledger. Returns `Err` only when the site cannot be
    /// read at all; content problems are collected in `diagnostics` (or returned as an
    /// `Outcome`-ready list when the config itself is invalid).
    pub fn load(
        root: &Path,
        base_url: Option<&str>,
    ) -> Result<Result<Site, Vec<Diagnostic>>, EnvError> {
        let mut config = match load_config(root)? {
            Ok(c) => c,
            Err(d) => return Ok(Err(d)),
        };
        if let Some(url) = base_url {
            config.base_url = url.trim_end_matches('/').to_string();
        }
        let mut diagnostics = Vec::new();
        let theme = match theme::load_theme(root, &config.theme) {
            Ok(t) => t,
            Err(d) => return Ok(Err(d)),
        };
        let started = std::time::Instant::now();
        let (loaded, (ledger, ledger_problems)) = rayon::join(
            || {
                let scanner = lint::phi::PhiScanner::new();
                let allow = lint::phi::Allowances::from_config(&config)
                    .with_contacts(&content::load::location_contacts(root));
                content::load(root, &|item: &mut Item, text: &str| {
                    lint::phi_item::check_item(&scanner, &allow, item, text)
                })
            },
            || consent::load_ledger(root),
        );
        timing::timing("load", started);
        diagnostics.extend(loaded.problems);
        diagnostics.extend(ledger_problems);
        Ok(Ok(Site {
            root: root.to_path_buf(),
            config,
            theme,
            items: loaded.items,
            failed: loaded.failed,
            ledger,
            diagnostics,
        }))
    }

    /// Validates everything a build would, rendering into nothing.
    pub fn check(&self, opts: &PlanOptions) -> Outcome {
        self.run(opts, None).unwrap_or_else(|e| Outcome {
            diagnostics: vec![Diagnostic::error("io::write", e.to_string())],
            published: 0,
            stats: None,
            privacy: None,
        })
    }

    /// Builds the site into `out.site` and the social kit into `out.kit`, each via a
    /// staging directory; on any error both are left untouched.
    pub fn build(&self, opts: &PlanOptions, out: OutputDirs<'_>) -> Result<Outcome, EnvError> {
        self.run(opts, Some(out))
    }

    fn run(&self, opts: &PlanOptions, out: Option<OutputDirs<'_>>) -> Result<Outcome, EnvError> {
        let started = std::time::Instant::now();
        let inputs = self.inputs();
        let mut plan = plan::plan(&inputs, &self.items, &self.failed, &self.ledger, opts);
        // The search index needs only what is published, so a build makes it on a thread
        // of its own while the images are made (the longest stage of a cold build), and
        // writes it beside the rendered pages.
        // Not for a check, nor for a build already refused (its index would be thrown away).
        let refused = self
            .diagnostics
            .iter()
            .chain(&plan.diagnostics)
            .any(Diagnostic::is_error);
        let search_input = (out.is_some() && self.config.search && !refused)
            .then(|| search::input(&plan, &self.config.language));
        std::thread::scope(|scope| {
            let search_job = search_input.map(|input| {
                scope.spawn(move || {
                    let started = std::time::Instant::now();
                    let index = search::index(input, Some(&self.root));
                    if let Ok(made) = &index {
                        let what = format!(
                            "search index ({} pages{})",
                            made.pages,
                            if made.from_cache { ", from cache" } else { "" }
                        );
                        timing::timing(&what, started);
                    }
                    index
                })
            });
            finish_plan(&inputs, &mut plan);
            self.render_plan(&inputs, &plan, out, started, search_job)
        })
    }

    /// Renders `plan` (into nothing without `out`), with the index `search_job` makes.
    fn render_plan(
        &self,
        inputs: &SiteInputs<'_>,
        plan: &plan::Plan<'_>,
        out: Option<OutputDirs<'_>>,
        started: std::time::Instant,
        search_job: Option<std::thread::ScopedJoinHandle<'_, SearchResult>>,
    ) -> Result<Outcome, EnvError> {
        let mut diagnostics = self.diagnostics.clone();
        diagnostics.extend(plan.diagnostics.iter().cloned());
        let published = plan.published.len();
        let planned = started.elapsed();
        if diagnostics.iter().any(Diagnostic::is_error) {
            // Nothing is rendered, but the social kit's problems are reported too.
            diagnostics.extend(social::kit::posts(inputs, plan).1);
            diagnostics::sort(&mut diagnostics);
            return Ok(Outcome {
                diagnostics,
                published,
                stats: None,
                privacy: None,
            });
        }
        let render = |sinks: render::Sinks| render::render_site(inputs, plan, sinks);
        let rendered = match out {
            None => render(render::Sinks {
                site: &NullSink,
                kit: &NullSink,
            }),
            Some(OutputDirs { site, kit }) => {
                guard_output_dir(&self.root, site)?;
                guard_output_dir(&self.root, kit)?;
                guard_kit_outside_site(site, kit)?;
                let cannot_write = |dir: &Path, source| EnvError::Io {
                    what: format!("cannot write {}", dir.display()),
                    source,
                };
                enum Failed {
                    Render(Vec<Diagnostic>),
                    Kit(std::io::Error),
                }
                // The kit is swapped in first: should the site's swap then fail, the
                // kit is ahead of the deployed site, never the other way round.
                let result = output::stage_and_swap(site, |site_staging| {
                    let kit_result = output::stage_and_swap(kit, |kit_staging| {
                        let site_sink = DirSink::new(
                            site_staging.dir.to_path_buf(),
                            Some(site.to_path_buf()),
                            site_staging.reused,
                        );
                        let kit_sink = DirSink::new(
                            kit_staging.dir.to_path_buf(),
                            Some(kit.to_path_buf()),
                            kit_staging.reused,
                        );
                        let rendered = render(render::Sinks {
                            site: &site_sink,
                            kit: &kit_sink,
                        });
                        let index = search_job.map(|job| {
                            job.join().unwrap_or_else(|_| {
                                Err(Diagnostic::error(
                                    "search::index",
                                    "the search index cannot be built: the indexer stopped unexpectedly",
                                )
                                .with_help("this is a bug: please report it; `search: false` in carepress.yaml builds without search"))
                            })
                        });
                        let rendered = with_search(rendered, index, &site_sink)?;
                        // A staging folder that held an earlier output keeps only what
                        // this build wrote: nothing withdrawn survives in it.
                        for (sink, dir) in [(&site_sink, site), (&kit_sink, kit)] {
                            sink.finish().map_err(|e| {
                                vec![Diagnostic::error(
                                    "io::write",
                                    format!("cannot clear what the last build left in the staging folder of {}: {e}", dir.display()),
                                )
                                .with_help("check permissions; deleting the hidden `.<name>.previous` folder beside it also works")]
                            })?;
                        }
                        Ok(rendered)
                    });
                    match kit_result {
                        Ok(Ok(rendered)) => Ok(rendered),
                        Ok(Err(problems)) => Err(Failed::Render(problems)),
                        Err(e) => Err(Failed::Kit(e)),
                    }
                })
                .map_err(|e| cannot_write(site, e))?;
                match result {
                    Ok(rendered) => Ok(rendered),
                    Err(Failed::Render(problems)) => Err(problems),
                    Err(Failed::Kit(e)) => return Err(cannot_write(kit, e)),
                }
            }
        };
        if std::env::var_os("CAREPRESS_TIMINGS").is_some() {
            eprintln!(
                "timings: plan {:.3} s, render+write {:.3} s",
                planned.as_secs_f64(),
                (started.elapsed() - planned).as_secs_f64()
            );
        }
        let (stats, privacy) = match rendered {
            Ok(r) => {
                diagnostics.extend(r.notes);
                if let Some(OutputDirs { kit, .. }) = out {
                    diagnostics.extend(record_history(inputs, kit, plan, &r.posts));
                }
                (Some(r.stats), Some(r.privacy))
            }
            Err(d) => {
                diagnostics.extend(d);
                (None, None)
            }
        };
        diagnostics::sort(&mut diagnostics);
        Ok(Outcome {
            diagnostics,
            published,
            stats,
            privacy,
        })
    }
}

/// Appends the build's posts that changed to the posting history beside the kit, after
/// removing the lines of items the consent gate withheld; a history that cannot be
/// written is a warning (the site and kit are already out).
fn record_history(
    inputs: &SiteInputs<'_>,
    kit: &Path,
    plan: &plan::Plan<'_>,
    posts: &[social::Post],
) -> Option<Diagnostic> {
    let tags: std::collections::HashMap<(content::Kind, &str), &[String]> = plan
        .published
        .iter()
        .map(|p| ((p.item.kind, p.item.slug.as_str()), p.item.tags.as_slice()))
        .collect();
    let topics = |kind: content::Kind, slug: &str| -> Vec<String> {
        tags.get(&(kind, slug))
            .map(|t| t.to_vec())
            .unwrap_or_default()
    };
    // The posts due within the horizon: the ones the calendar and the schedulers' files
    // hand out, so the ones that can go out before the next build.
    let weeks = inputs.config.social.horizon_weeks;
    let due: Vec<social::Post> = posts
        .iter()
        .filter(|p| p.is_upcoming(plan.today, weeks))
        .cloned()
        .collect();
    let started = std::time::Instant::now();
    let entries = analytics::history::entries(&due, &topics, plan.today);
    let path = analytics::history::path_beside(kit);
    let written = analytics::history::forget(&path, &plan.withheld)
        .and_then(|_| analytics::history::record(&path, &entries));
    timing::timing("posting history", started);
    written.err().map(|e| {
        Diagnostic::warning(
            "report::history",
            format!("cannot add this build's posts to the posting history: {e}"),
        )
        .in_file(&path)
        .with_help("`carepress report` matches posts of this build only once it can be written")
    })
}

/// Reads and checks `carepress.yaml` of the site at `root`: `Err` when there is none,
/// the config's problems when it is invalid.
pub fn load_config(root: &Path) -> Result<Result<Config, Vec<Diagnostic>>, EnvError> {
    if !root.join(config::CONFIG_FILE).is_file() {
        return Err(EnvError::Usage(format!(
            "no {} in {}; run this in a carepress site, pass --root DIR, or create one with `carepress init`",
            config::CONFIG_FILE,
            root.display()
        )));
    }
    let text = match crate::fsutil::read_utf8(root, Path::new(config::CONFIG_FILE)) {
        Ok(t) => t,
        Err(d) => return Ok(Err(vec![d])),
    };
    Ok(config::parse(&text, Path::new(config::CONFIG_FILE)))
}

/// What the search indexer hands back.
type SearchResult = Result<search::SearchIndex, Diagnostic>;

/// The render's result with the search index written into `sink` beside it.
fn with_search(
    rendered: Result<render::Rendered, Vec<Diagnostic>>,
    index: Option<SearchResult>,
    sink: &dyn render::Sink,
) -> Result<render::Rendered, Vec<Diagnostic>> {
    let (mut rendered, index) = match (rendered, index) {
        (rendered, None) => return rendered,
        (Ok(rendered), Some(Ok(index))) => (rendered, index),
        (rendered, Some(index)) => {
            let mut problems = rendered.err().unwrap_or_default();
            problems.extend(index.err());
            return Err(problems);
        }
    };
    let mut problems = Vec::new();
    for (path, bytes) in &index.files {
        match sink.write(path, bytes) {
            Ok(()) => rendered.stats.files += 1,
            Err(e) => problems.push(
                Diagnostic::error("io::write", format!("cannot write {path}: {e}"))
                    .with_help("check free disk space and permissions"),
            ),
        }
    }
    if problems.is_empty() {
        Ok(rendered)
    } else {
        Err(problems)
    }
}

/// Everything between loading and rendering: what is published and what the gate
/// attached (`plan`), the images each item shows and its social kit (`images`), then
/// the internal links, which may point at those images.
pub fn plan_site<'a>(
    inputs: &SiteInputs<'_>,
    items: &'a [Item],
    failed: &[String],
    ledger: &Ledger,
    opts: &PlanOptions,
) -> plan::Plan<'a> {
    let mut plan = plan::plan(inputs, items, failed, ledger, opts);
    finish_plan(inputs, &mut plan);
    plan
}

/// The second half of `plan_site`: the images of what `plan` publishes, then its links.
fn finish_plan(inputs: &SiteInputs<'_>, plan: &mut plan::Plan<'_>) {
    // Title cards need the presets of the posts due soon, so with cards on the posts are
    // scheduled first (composed again with their images by the render).
    let upcoming = if inputs.config.social.images.cards {
        let (posts, _) = social::kit::posts(inputs, plan);
        social::kit::upcoming_presets(inputs.config, &posts, plan.today)
    } else {
        images::attach::Upcoming::new()
    };
    images::attach::attach_images(
        inputs,
        &mut plan.published,
        &upcoming,
        &mut plan.diagnostics,
    );
    images::video::check_videos(inputs, &plan.published, &mut plan.diagnostics);
    plan::links::check_links(
        inputs,
        &plan.published,
        &plan.excluded,
        &mut plan.diagnostics,
    );
}

/// Where a build writes: the deployed site and the private social kit.
#[derive(Debug, Clone, Copy)]
pub struct OutputDirs<'p> {
    pub site: &'p Path,
    pub kit: &'p Path,
}

impl OutputDirs<'_> {
    /// The kit's default folder: `social-kit` beside the site's output (`public`).
    pub fn default_kit(site: &Path) -> PathBuf {
        site.parent()
            .map(|p| p.join(KIT_DIR))
            .unwrap_or_else(|| PathBuf::from(KIT_DIR))
    }
}

/// The social kit's default folder name.
pub const KIT_DIR: &str = "social-kit";

/// The kit holds post texts and schedules that are not for the public: it must not be
/// deployed with the site, nor hold it.
fn guard_kit_outside_site(site: &Path, kit: &Path) -> Result<(), EnvError> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (site, kit) = (absolute(site), absolute(kit));
    if kit.starts_with(&site) || site.starts_with(&kit) {
        return Err(EnvError::Usage(format!(
            "refusing to write the social kit to {}: it would be deployed with the site in {}; choose a --kit-out outside it",
            kit.display(),
            site.display()
        )));
    }
    Ok(())
}

/// The output directory is replaced wholesale, so it must never be the site or hold its sources.
fn guard_output_dir(root: &Path, out: &Path) -> Result<(), EnvError> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut clean = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    clean.pop();
                }
                std::path::Component::CurDir => {}
                other => clean.push(other),
            }
        }
        clean
    };
    let root = abs(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
    let out_abs = abs(out);
    let out = out_abs
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.join(out_abs.file_name().unwrap_or_default()))
        .unwrap_or(out_abs);
    let protected = ["content", "themes", "static", ".git"];
    if root.starts_with(&out) || protected.iter().any(|p| out.starts_with(root.join(p))) {
        return Err(EnvError::Usage(format!(
            "refusing to write the site into {}: it would replace the site's own files; choose another --out",
            out.display()
        )));
    }
    Ok(())
}
