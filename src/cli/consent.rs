//! `carepress consent audit`: the compliance officer's report.

use super::{AuditFormat, Format, SiteArgs, load, report, today_or_local};
use crate::diagnostics::Diagnostic;
use std::process::ExitCode;

pub(super) fn audit(site: &SiteArgs, within: Option<u32>, format: AuditFormat) -> ExitCode {
    let loaded = match load(site, None, Format::Human) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let ledger_problems: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        // Every problem in a ledger file, whatever its code (a YAML syntax error too).
        .filter(|d| {
            d.file
                .as_ref()
                .is_some_and(|f| f.starts_with("content/consent"))
        })
        .cloned()
        .collect();
    report(&ledger_problems, &site.root, Format::Human);
    let within = i64::from(within.unwrap_or(loaded.config.rules.consent_warn_days));
    let rows = crate::consent::audit::audit(
        &loaded.config,
        &loaded.ledger,
        &loaded.items,
        today_or_local(site.today),
        within,
    );
    let trackers = crate::lint::trackers::find_allowed(&loaded.inputs(), &loaded.items);
    match format {
        AuditFormat::Human => {
            print!("{}", crate::consent::audit::render_human(&rows));
            print!(
                "\n{}",
                crate::lint::trackers::render_allowed_human(&trackers)
            );
        }
        AuditFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "version": 1,
                "within_days": within,
                "records": rows,
                "trackers": trackers
            }))
            .unwrap_or_default()
        ),
    }
    if ledger_problems.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
