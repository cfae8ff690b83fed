//! `carepress check`: everything a build does, writing nothing.

use super::{BuildFlags, Format, SiteArgs, load, report_outcome, today_or_local};
use crate::diagnostics;
use crate::plan::PlanOptions;
use std::process::ExitCode;

pub(super) fn run(site: &SiteArgs, flags: &BuildFlags, format: Format) -> ExitCode {
    let loaded = match load(site, None, format) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let opts = PlanOptions {
        drafts: flags.drafts,
        future: flags.future,
        today: today_or_local(site.today),
    };
    let outcome = loaded.check(&opts);
    report_outcome(&outcome, &site.root, format);
    eprintln!(
        "{}: {}",
        if outcome.has_errors() {
            "refused"
        } else {
            "ok"
        },
        diagnostics::summary_line(&outcome.diagnostics)
    );
    if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
