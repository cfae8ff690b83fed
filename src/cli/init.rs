//! `carepress init`: scaffold a site.

use super::today_or_local;
use crate::scaffold;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn run(dir: &Path, group: bool) -> ExitCode {
    match scaffold::init(dir, today_or_local(None), group) {
        Ok(()) => {
            eprintln!(
                "created a carepress site in {}; next: cd there and run `carepress build`",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
