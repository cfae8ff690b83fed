//! `carepress lint-reply`: check a drafted reply to a public review.

use super::{Format, env_error};
use crate::EnvError;
use crate::diagnostics;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(super) fn run(file: &Path, root: &Path, format: Format) -> ExitCode {
    use std::io::Read as _;
    let (text, shown) = if file == Path::new("-") {
        let mut t = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut t) {
            return env_error(EnvError::Usage(format!(
                "cannot read the reply from standard input: {e}"
            )));
        }
        (t, PathBuf::from("-"))
    } else {
        match std::fs::read(file) {
            Ok(b) => (String::from_utf8_lossy(&b).into_owned(), file.to_path_buf()),
            Err(e) => {
                return env_error(EnvError::Usage(format!(
                    "cannot read {}: {e}",
                    file.display()
                )));
            }
        }
    };
    // The practice's own contact details are allowed (and suggested) when a site is found.
    let config = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE))
        .ok()
        .and_then(|t| crate::config::parse(&t, Path::new(crate::config::CONFIG_FILE)).ok());
    let allow = config
        .as_ref()
        .map(crate::lint::phi::Allowances::from_config)
        .unwrap_or_default();
    let findings = crate::lint::reply::ReplyLinter::new().lint(&text, &shown, &allow);
    match format {
        Format::Human => {
            if findings.is_empty() {
                eprintln!("ok: no patient information found");
            } else {
                let base = if shown == Path::new("-") {
                    Path::new("/nonexistent")
                } else {
                    Path::new(".")
                };
                eprint!("{}", diagnostics::render_human(&findings, base, false));
                let (practice, phone) = match &config {
                    Some(c) => (c.practice_name().to_string(), c.practice.phone.clone()),
                    None => ("the practice".to_string(), None),
                };
                eprintln!(
                    "\n{}\n",
                    crate::lint::reply::safe_pattern(&practice, phone.as_deref())
                );
                eprintln!("refused: {}", diagnostics::summary_line(&findings));
            }
        }
        Format::Json => println!("{}", diagnostics::render_json(&findings)),
        Format::Github => print!("{}", diagnostics::render_github(&findings)),
    }
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
