//! Problems found in a site, collected across every stage and reported together.
//!
//! One `Diagnostic` is shown three ways (terminal, JSON report, GitHub annotation)
//! so CI, writers and the preview overlay all see the same file, line, code and help.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier such as `consent::expired`; documented in the README.
    pub code: &'static str,
    /// Path relative to the site root, when the problem belongs to a file.
    pub file: Option<PathBuf>,
    /// 1-based line in the file (not in the front matter block).
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn location(&self) -> String {
        let mut loc = match &self.file {
            Some(f) => display_path(f),
            None => String::new(),
        };
        if let Some(line) = self.line {
            let _ = write!(loc, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(loc, ":{col}");
            }
        }
        loc
    }
}

/// Paths are shown with forward slashes on every platform so reports are stable.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Sorts diagnostics for output: by file, then line, errors before warnings.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
    });
}

pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}

/// Terminal report, grouped by file, with the offending source line where one is known.
pub fn render_human(diags: &[Diagnostic], root: &Path, color: bool) -> String {
    let mut out = String::new();
    let (red, yellow, cyan, bold, dim, reset) = if color {
        (
            "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[2m", "\x1b[0m",
        )
    } else {
        ("", "", "", "", "", "")
    };
    let mut current_file: Option<&PathBuf> = None;
    let mut source_cache: Option<(PathBuf, Vec<String>)> = None;
    for d in diags {
        if d.file.as_ref() != current_file {
            current_file = d.file.as_ref();
            if let Some(f) = current_file {
                let _ = writeln!(out, "\n{bold}{}{reset}", display_path(f));
            } else {
                let _ = writeln!(out, "\n{bold}site{reset}");
            }
        }
        let (label, col) = match d.severity {
            Severity::Error => ("error", red),
            Severity::Warning => ("warning", yellow),
            Severity::Note => ("note", cyan),
        };
        let _ = writeln!(
            out,
            "  {col}{bold}{label}[{}]{reset}: {}",
            d.code, d.message
        );
        if d.line.is_some() || d.file.is_some() {
            let _ = writeln!(out, "    {dim}--> {}{reset}", d.location());
        }
        if let (Some(file), Some(line)) = (&d.file, d.line) {
            if source_cache
                .as_ref()
                .map(|(p, _)| p != file)
                .unwrap_or(true)
            {
                let lines = std::fs::read(root.join(file))
                    .map(|b| {
                        String::from_utf8_lossy(&b)
                            .lines()
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                source_cache = Some((file.clone(), lines));
            }
            if let Some((_, lines)) = &source_cache {
                if let Some(text) = lines.get(line.saturating_sub(1)) {
                    // Long lines are shown as a window around the column.
                    let col0 = d.column.unwrap_or(1).saturating_sub(1);
                    let skip = col0.saturating_sub(60);
                    let shown: String = text.chars().skip(skip).take(120).collect();
                    let ellipsis = if skip > 0 { "…" } else { "" };
                    let _ = writeln!(out, "     {dim}{line:>4} |{reset} {ellipsis}{shown}");
                    if d.column.is_some() {
                        let pad = " ".repeat(col0 - skip + ellipsis.chars().count());
                        let _ = writeln!(out, "          {dim}|{reset} {pad}{col}^{reset}");
                    }
                }
            }
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    {cyan}help{reset}: {help}");
        }
    }
    out
}

pub fn summary_line(diags: &[Diagnostic]) -> String {
    let e = count(diags, Severity::Error);
    let w = count(diags, Severity::Warning);
    format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    privacy: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

/// The stable machine-readable report (`--format json`), documented in the README.
pub fn render_json(diags: &[Diagnostic]) -> String {
    render_json_with(diags, None)
}

/// The report with the privacy section of a check or build (`"privacy": {…}`).
pub fn render_json_with(diags: &[Diagnostic], privacy: Option<serde_json::Value>) -> String {
    let report = JsonReport {
        version: 1,
        ok: count(diags, Severity::Error) == 0,
        errors: count(diags, Severity::Error),
        warnings: count(diags, Severity::Warning),
        diagnostics: diags
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                file: d.file.as_deref().map(display_path),
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        privacy,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into())
}

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per diagnostic.
pub fn render_github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!("file={}", escape_property(&display_path(f))));
        }
        if let Some(l) = d.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = d.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("title={}", escape_property(d.code)));
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        let _ = writeln!(out, "::{level} {}::{}", props.join(","), escape_data(&msg));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// "Did you mean" for misspelt keys and names.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A progress bar on stderr for long jobs, shown only on an interactive terminal
/// (never in CI logs or when output is piped).
pub fn progress_bar(len: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || len < 20 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(what.to_string());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_properties_and_newlines() {
        let d = Diagnostic::error("consent::expired", "a, b\nc")
            .in_file("content/a:b.md")
            .at(3, 2)
            .with_help("fix it");
        let out = render_github(&[d]);
        assert_eq!(
            out,
            "::error file=content/a%3Ab.md,line=3,col=2,title=consent%3A%3Aexpired::a, b%0Ac%0Ahelp: fix it\n"
        );
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(
            did_you_mean("consnet", ["consent", "title"]),
            Some("consent")
        );
        assert_eq!(did_you_mean("zzzz", ["consent", "title"]), None);
    }
}
