//! `carepress report`: the social media report, from the exports and logs in
//! `analytics/`, written to `reports/<date>/index.html` (or every figure as JSON on
//! standard output). Problems with the inputs are listed; the report is made from the
//! rest. Exit 1 when a file could not be used at all, else 0.

use super::{Format, env_error, report, today_or_local};
use crate::EnvError;
use crate::analytics;
use crate::diagnostics::{self, Diagnostic};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    /// The page, written to reports/<date>/index.html
    Html,
    /// Every figure as JSON, on standard output
    Json,
}

pub(super) struct Args {
    pub(super) root: PathBuf,
    pub(super) today: Option<crate::dates::Day>,
    pub(super) analytics: Option<PathBuf>,
    pub(super) history: Option<PathBuf>,
    pub(super) out: Option<PathBuf>,
    pub(super) format: ReportFormat,
}

pub(super) fn run(args: Args) -> ExitCode {
    let root = &args.root;
    let config = match crate::load_config(root) {
        Err(e) => return env_error(e),
        Ok(Err(problems)) => {
            report(&problems, root, Format::Human);
            eprintln!("refused: {}", diagnostics::summary_line(&problems));
            return ExitCode::from(1);
        }
        Ok(Ok(c)) => c,
    };
    let today = today_or_local(args.today);
    let folder = args
        .analytics
        .clone()
        .unwrap_or_else(|| root.join(analytics::ANALYTICS_DIR));
    let history = args.history.clone().unwrap_or_else(|| {
        analytics::history::path_beside(&crate::OutputDirs::default_kit(&root.join("public")))
    });
    let started = std::time::Instant::now();
    let (inputs, mut problems) =
        analytics::read_inputs(&folder, &history, &config.goals.conversions);
    let made = analytics::make_report(&config, &inputs, today);
    diagnostics::sort(&mut problems);
    report(&problems, root, Format::Human);
    let failed = problems.iter().any(Diagnostic::is_error);
    match args.format {
        ReportFormat::Json => match serde_json::to_string_pretty(&made) {
            Ok(json) => println!("{json}"),
            Err(e) => return env_error(EnvError::Usage(format!("cannot write the JSON: {e}"))),
        },
        ReportFormat::Html => {
            let dir = args
                .out
                .clone()
                .unwrap_or_else(|| root.join("reports").join(today.iso()));
            let file = dir.join("index.html");
            let written = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&file, analytics::page::html(&made)));
            if let Err(source) = written {
                return env_error(EnvError::Io {
                    what: format!("cannot write {}", file.display()),
                    source,
                });
            }
            eprintln!(
                "report: {} posts ({} matched), {} visits from social in {:.2} s; written to {}",
                made.posts.len(),
                made.matched,
                made.web.as_ref().map_or(0, |w| w.social_visits),
                started.elapsed().as_secs_f64(),
                file.display()
            );
        }
    }
    if made.rows_skipped > 0 {
        eprintln!(
            "{} rows and log lines were skipped (named above)",
            made.rows_skipped
        );
    }
    if failed {
        eprintln!("{}", diagnostics::summary_line(&problems));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
