//! `carepress serve`: the preview server.

use super::{BuildFlags, SiteArgs, env_error};
use std::process::ExitCode;

pub(super) fn run(
    site: SiteArgs,
    flags: BuildFlags,
    bind: String,
    port: u16,
    poll: bool,
    open: bool,
    base_url: Option<String>,
) -> ExitCode {
    let opts = crate::serve::ServeOptions {
        root: site.root,
        bind,
        port,
        poll,
        open,
        drafts: flags.drafts,
        future: flags.future,
        today: site.today,
        base_url,
    };
    match crate::serve::serve(&opts) {
        Ok(crate::serve::Ended::Stopped) => ExitCode::SUCCESS,
        Ok(crate::serve::Ended::Refused) => ExitCode::from(1),
        Err(e) => env_error(e),
    }
}
