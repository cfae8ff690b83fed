//! `carepress new`: a content file from a template.

use super::{env_error, today_or_local};
use crate::EnvError;
use crate::scaffold::{self, NewKind};
use std::path::Path;
use std::process::ExitCode;

pub(super) fn run(kind: NewKind, title: &str, root: &Path) -> ExitCode {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return env_error(EnvError::Usage(format!(
            "no carepress.yaml in {}; pass --root DIR",
            root.display()
        )));
    }
    match scaffold::new_item(root, kind, title, today_or_local(None)) {
        Ok(p) => {
            println!("{}", p.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
