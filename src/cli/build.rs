//! `carepress build`: stage, swap, report.

use super::{BuildFlags, Format, SiteArgs, env_error, load, report_outcome, today_or_local};
use crate::OutputDirs;
use crate::diagnostics;
use crate::plan::PlanOptions;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

pub(super) fn run(
    site: &SiteArgs,
    flags: &BuildFlags,
    (out, kit_out): (Option<PathBuf>, Option<PathBuf>),
    base_url: Option<&str>,
    format: Format,
) -> ExitCode {
    let started = Instant::now();
    let loaded = match load(site, base_url, format) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let opts = PlanOptions {
        drafts: flags.drafts,
        future: flags.future,
        today: today_or_local(site.today),
    };
    let out = out.unwrap_or_else(|| site.root.join("public"));
    let kit = kit_out.unwrap_or_else(|| OutputDirs::default_kit(&out));
    let dirs = OutputDirs {
        site: &out,
        kit: &kit,
    };
    let outcome = match loaded.build(&opts, dirs) {
        Ok(o) => o,
        Err(e) => return env_error(e),
    };
    report_outcome(&outcome, &site.root, format);
    if outcome.has_errors() {
        eprintln!(
            "refused: {}; nothing was written, {} and {} are unchanged",
            diagnostics::summary_line(&outcome.diagnostics),
            out.display(),
            kit.display()
        );
        return ExitCode::from(1);
    }
    let stats = outcome.stats.unwrap_or_default();
    eprintln!(
        "built {} items into {} and the social kit into {} ({} pages, {} files) in {:.2} s; {}",
        outcome.published,
        out.display(),
        kit.display(),
        stats.pages,
        stats.files,
        started.elapsed().as_secs_f64(),
        diagnostics::summary_line(&outcome.diagnostics)
    );
    ExitCode::SUCCESS
}
