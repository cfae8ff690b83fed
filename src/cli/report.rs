//! The report of a run on standard error (human) or standard output (JSON, GitHub).

use crate::Outcome;
use crate::diagnostics::{self, Diagnostic};
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::Path;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
    Github,
}

pub(crate) fn report(diags: &[Diagnostic], root: &Path, format: Format) {
    match format {
        Format::Human => {
            if !diags.is_empty() {
                let color =
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                eprint!("{}", diagnostics::render_human(diags, root, color));
                eprintln!();
            }
        }
        Format::Json => println!("{}", diagnostics::render_json(diags)),
        Format::Github => print!("{}", diagnostics::render_github(diags)),
    }
}

/// The report of a check or build: the diagnostics, then what pages contact on load.
pub(crate) fn report_outcome(outcome: &Outcome, root: &Path, format: Format) {
    match format {
        Format::Json => println!(
            "{}",
            diagnostics::render_json_with(
                &outcome.diagnostics,
                outcome
                    .privacy
                    .as_ref()
                    .and_then(|p| serde_json::to_value(p).ok()),
            )
        ),
        _ => {
            report(&outcome.diagnostics, root, format);
            if let (Format::Human, Some(p)) = (format, &outcome.privacy) {
                eprintln!("{}", p.summary());
            }
        }
    }
}
