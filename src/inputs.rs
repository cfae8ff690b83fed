//! What every stage after loading reads, passed as one value instead of three arguments.

use crate::config::Config;
use crate::theme::Theme;
use std::path::Path;

/// The site's folder, its config and its theme: fixed for one build, check or
/// preview rebuild.
#[derive(Clone, Copy)]
pub struct SiteInputs<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub theme: &'a Theme,
}
