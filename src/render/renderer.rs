//! The theme's templates compiled once per render, with their origins for diagnostics.

use super::context::SiteView;
use crate::diagnostics::Diagnostic;
use crate::theme::{Theme, template_origin, tera_diagnostic};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::{Context, Tera};

pub struct Renderer {
    tera: Tera,
    /// Template name -> file shown in diagnostics.
    origins: BTreeMap<String, PathBuf>,
}

impl Renderer {
    pub fn new(theme: &Theme, site: &SiteView) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let mut origins = BTreeMap::new();
        let mut templates = Vec::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            origins.insert(name.to_string(), template_origin(theme, "templates", name));
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => templates.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(
                    Diagnostic::error("template::not_utf8", "template is not UTF-8 text")
                        .in_file(template_origin(theme, "templates", name)),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![tera_diagnostic(
                &e,
                "template::syntax",
                &origins,
                "themes",
            )]);
        }
        tera.global_context().insert("site", site);
        Ok(Renderer { tera, origins })
    }

    pub(super) fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| tera_diagnostic(&e, "template::render", &self.origins, name))
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}
