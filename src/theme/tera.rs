//! Tera errors as diagnostics on the theme file and line they point at.

use super::Theme;
use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file a theme template came from: the site's own, or the built-in default.
/// `dir` is the folder inside the theme (`templates`, `social`).
pub fn template_origin(theme: &Theme, dir: &str, name: &str) -> PathBuf {
    theme
        .get(&format!("{dir}/{name}"))
        .and_then(|f| f.origin.clone())
        .unwrap_or_else(|| PathBuf::from(format!("themes/default/{dir}/{name} (built-in)")))
}

/// A Tera error as a diagnostic on the template file and line it points at.
pub fn tera_diagnostic(
    err: &tera::Error,
    code: &'static str,
    origins: &BTreeMap<String, PathBuf>,
    fallback: &str,
) -> Diagnostic {
    use std::error::Error as _;
    let (file, line, col, mut message) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            Some(r.span().start_line),
            Some(r.span().start_col + 1),
            r.message().to_string(),
        ),
        tera::ErrorKind::MissingParent { current, .. } => {
            (current.clone(), None, None, err.kind().to_string())
        }
        tera::ErrorKind::TemplateNotFound(name) => (
            fallback.to_string(),
            None,
            None,
            format!("the theme has no template `{name}`"),
        ),
        other => (fallback.to_string(), None, None, other.to_string()),
    };
    if let Some(src) = err.source() {
        message.push_str(&format!(": {src}"));
    }
    let shown = origins
        .get(&file)
        .or_else(|| origins.get(fallback))
        .cloned()
        .unwrap_or_else(|| PathBuf::from(&file));
    let mut d = Diagnostic::error(code, format!("template `{file}`: {message}"))
        .in_file(shown)
        .with_help("fix the template; the variables each template receives are listed in the README (Themes)");
    if let (Some(l), Some(c)) = (line, col) {
        d = d.at(l, c);
    }
    d
}
