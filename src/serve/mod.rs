//! `carepress serve`: builds the site in memory, serves it over HTTP, watches the
//! site's files and rebuilds incrementally, reloading browsers after each rebuild and
//! showing errors over the page until they are fixed.
//!
//! One thread owns the site's inputs and rebuilds (`incremental`); HTTP threads read
//! the served files (`site`) and wait for rebuilds (`reload`); the watcher (`watch`)
//! and Ctrl-C feed the rebuild thread through one channel.

pub mod http;
pub mod incremental;
pub mod overlay;
pub mod reload;
pub mod site;
pub mod watch;

use crate::EnvError;
use crate::dates::Day;
use crate::diagnostics::{self, Diagnostic, Severity};
use incremental::{Changes, Incremental, Report, SessionOptions};
use reload::{ReloadKind, Reloads};
use site::ServedSite;
use std::io::IsTerminal;
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;
use watch::Event;

/// Command-line options of `carepress serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub poll: bool,
    pub open: bool,
    pub drafts: bool,
    pub future: bool,
    pub today: Option<Day>,
    /// Overrides the served address in links (default: `http://BIND:PORT`).
    pub base_url: Option<String>,
}

/// How `serve` ended without an environment error.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// Stopped by Ctrl-C or a termination signal.
    Stopped,
    /// The config or theme could not be read at start (exit code 1).
    Refused,
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn clock() -> String {
    let t = jiff::ZonedDateTime::now().time();
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

/// Runs the preview server until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<Ended, EnvError> {
    let root = opts.root.canonicalize().map_err(|e| EnvError::Io {
        what: format!("cannot open the site folder {}", opts.root.display()),
        source: e,
    })?;
    let ip: IpAddr = opts.bind.parse().map_err(|_| {
        EnvError::Usage(format!(
            "--bind {}: not an IP address (e.g. 127.0.0.1)",
            opts.bind
        ))
    })?;
    let listener = TcpListener::bind((ip, opts.port)).map_err(|e| EnvError::Io {
        what: format!("cannot listen on {}:{}", opts.bind, opts.port),
        source: e,
    })?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let host = if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    let address = format!("http://{host}:{port}");
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {address}, which other machines can reach; the preview shows drafts and unpublished content; use --bind 127.0.0.1 unless you mean it"
        );
    }
    let session = SessionOptions {
        drafts: opts.drafts,
        future: opts.future,
        today: opts.today,
        base_url: opts.base_url.clone().unwrap_or_else(|| address.clone()),
    };

    let (tx, rx) = mpsc::channel::<Event>();
    let stop_tx = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(Event::Stop);
    })
    .map_err(|e| EnvError::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watcher = watch::start(&root, opts.poll, tx)
        .map_err(|e| EnvError::Usage(format!("cannot watch {}: {e}", root.display())))?;

    let started = std::time::Instant::now();
    let mut state = match Incremental::open(&root, session)? {
        Ok(s) => s,
        Err(mut problems) => {
            diagnostics::sort(&mut problems);
            eprint!("{}", diagnostics::render_human(&problems, &root, color()));
            eprintln!("\nrefused: {}", diagnostics::summary_line(&problems));
            return Ok(Ended::Refused);
        }
    };
    let site = Arc::new(ServedSite::default());
    let reloads = Arc::new(Reloads::default());
    let first = state.rebuild(&Changes::default(), &site, &mut |_| {});
    report_start(&first, &root, started.elapsed(), site.len());

    let mount = state.base_path().to_string();
    let shared = http::Shared {
        site: Arc::clone(&site),
        reloads: Arc::clone(&reloads),
        mount: mount.clone(),
    };
    std::thread::Builder::new()
        .name("carepress-http".into())
        .spawn(move || {
            if let Err(e) = http::run(listener, shared) {
                eprintln!("error: the HTTP server stopped: {e}");
            }
        })
        .map_err(|e| EnvError::Io {
            what: "cannot start the HTTP server".into(),
            source: e,
        })?;
    eprintln!(
        "serving {} at {address}{mount}/ (watching content/, themes/, static/, carepress.yaml{}); press Ctrl-C to stop",
        root.display(),
        if opts.poll { " by polling" } else { "" }
    );
    if opts.open {
        open_browser(&format!("{address}{mount}/"));
    }

    let mut failed = first.failed;
    while let Ok(event) = rx.recv() {
        let mut paths = Vec::new();
        let mut stop = false;
        let mut handle = |event: Event, paths: &mut Vec<PathBuf>| match event {
            Event::Changed(p) => paths.extend(p),
            Event::Error(e) => eprintln!("[{}] watch error: {e}", clock()),
            Event::Stop => stop = true,
        };
        handle(event, &mut paths);
        // Events that arrived together are one rebuild.
        while let Ok(more) = rx.try_recv() {
            handle(more, &mut paths);
        }
        if stop {
            break;
        }
        // A folder created while serving (e.g. the first theme override) is watched from now on.
        if let Err(e) = watcher.refresh(&root) {
            eprintln!("[{}] watch error: {e}", clock());
        }
        let changes = watch::classify(&paths, state.theme_name());
        if changes.is_empty() {
            continue;
        }
        let was_failed = failed;
        let mut reloaded = false;
        let report = state.rebuild(&changes, &site, &mut |r: &Report| {
            if r.written > 0 || r.removed > 0 || was_failed {
                let kind = if changes.css_only && r.pages == 0 {
                    ReloadKind::Css
                } else {
                    ReloadKind::Page
                };
                reloads.notify(kind);
                reloaded = true;
            }
        });
        // A failed rebuild shows the overlay; a social kit change has no page to reload.
        if report.failed || (!reloaded && report.social_files > 0 && was_failed) {
            reloads.notify(ReloadKind::Page);
        }
        failed = report.failed;
        report_rebuild(&changes, &report, &root);
    }
    eprintln!("[{}] stopped", clock());
    Ok(Ended::Stopped)
}

fn report_start(r: &Report, root: &Path, elapsed: Duration, files: usize) {
    if r.failed {
        eprint!("{}", diagnostics::render_human(&errors(r), root, color()));
        eprintln!(
            "\n[{}] first build failed: {}; fix the errors (the browser shows them too)",
            clock(),
            diagnostics::summary_line(&r.diagnostics)
        );
    } else {
        eprintln!(
            "[{}] built {} pages, {files} files in memory in {:.2} s; {}",
            clock(),
            r.pages_total,
            elapsed.as_secs_f64(),
            diagnostics::summary_line(&r.diagnostics)
        );
    }
}

fn errors(r: &Report) -> Vec<Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

/// One line per rebuild (plus the errors when it failed, and warnings about the changed files).
fn report_rebuild(changes: &Changes, r: &Report, root: &Path) {
    let what = changes.describe();
    if r.failed {
        eprint!("{}", diagnostics::render_human(&errors(r), root, color()));
        eprintln!(
            "\n[{}] {what} changed: rebuild failed ({}); the last good site stays served, the browser shows the errors",
            clock(),
            diagnostics::summary_line(&r.diagnostics)
        );
        return;
    }
    let own: Vec<Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .filter(|d| d.file.as_ref().is_some_and(|f| changes.content.contains(f)))
        .cloned()
        .collect();
    if !own.is_empty() {
        eprint!("{}", diagnostics::render_human(&own, root, color()));
    }
    let social = if r.social_files > 0 {
        format!(
            "; social kit: {} files in {} ms",
            r.social_files,
            r.social_time.as_millis()
        )
    } else {
        String::new()
    };
    eprintln!(
        "[{}] {what} changed: {} of {} pages re-rendered, {} files updated, {} removed in {} ms{social}",
        clock(),
        r.pages,
        r.pages_total,
        r.written,
        r.removed,
        r.pages_time.as_millis()
    );
}

/// Opens the preview in the desktop's browser; failing to is not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("note: could not open a browser ({opener}); open {url} yourself");
    }
}
