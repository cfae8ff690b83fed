//! What changed on disk since the last rebuild, by kind of input.

use crate::diagnostics;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What changed on disk since the last rebuild, by kind of input.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Content files (relative to the root), including ones created or removed.
    pub content: BTreeSet<PathBuf>,
    pub ledger: bool,
    pub config: bool,
    /// Theme templates (pages use them all through `base.html`: every page is re-rendered).
    pub templates: bool,
    /// Social snippet templates.
    pub social_templates: bool,
    /// Theme or site static files (images, CSS): copied again, no page rendered.
    pub statics: bool,
    /// Only stylesheets changed (the browser may reload styles only).
    pub css_only: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.content.is_empty()
            && !self.ledger
            && !self.config
            && !self.templates
            && !self.social_templates
            && !self.statics
    }

    /// A short description for the terminal line, e.g. `content/articles/flu.md`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .content
            .iter()
            .take(3)
            .map(|p| diagnostics::display_path(p))
            .collect();
        if self.content.len() > 3 {
            parts.push(format!("{} more files", self.content.len() - 3));
        }
        for (flag, name) in [
            (self.ledger, "consent ledger"),
            (self.config, "carepress.yaml"),
            (self.templates, "templates"),
            (self.social_templates, "social templates"),
            (self.statics, "static files"),
        ] {
            if flag {
                parts.push(name.to_string());
            }
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}
