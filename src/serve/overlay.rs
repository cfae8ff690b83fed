//! The error overlay shown on every page while the last rebuild failed: the same
//! file, line, code, message and help as the terminal report.

use crate::diagnostics::{Diagnostic, display_path};

/// The overlay's stylesheet, a file of its own so a page's CSP (`style-src 'self'`) allows it.
pub const STYLE_PATH: &str = "/__carepress/overlay.css";

pub const STYLE: &str = "#carepress-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem}\n#carepress-overlay h2{margin:0 0 1rem;color:#fca5a5;font-size:1.25rem}\n#carepress-overlay ol{margin:0;padding-left:1.5rem}\n#carepress-overlay li{margin-bottom:1rem}\n#carepress-overlay .carepress-location{color:#93c5fd}\n#carepress-overlay .carepress-code{color:#fca5a5}\n#carepress-overlay .carepress-help{color:#a7f3d0}\n#carepress-overlay .carepress-hint{color:#a1a1aa}\n";

/// The overlay's HTML, or an empty string when there is nothing to show.
pub fn html(problems: &[Diagnostic]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut out = format!(
        r#"<link rel="stylesheet" href="{STYLE_PATH}"><div id="carepress-overlay" role="alert">"#
    );
    out.push_str(&format!(
        r#"<h2>The last rebuild failed: {} error{}. The page below is the last good build.</h2>"#,
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    out.push_str("<ol>");
    for d in problems {
        let mut location = d
            .file
            .as_deref()
            .map(display_path)
            .unwrap_or_else(|| "site".into());
        if let Some(line) = d.line {
            location.push_str(&format!(":{line}"));
            if let Some(col) = d.column {
                location.push_str(&format!(":{col}"));
            }
        }
        out.push_str(&format!(
            r#"<li><div class="carepress-location">{}</div><div><strong class="carepress-code">error[{}]</strong>: {}</div>"#,
            crate::html::escape(&location),
            crate::html::escape(d.code),
            crate::html::escape(&d.message)
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!(
                r#"<div class="carepress-help">help: {}</div>"#,
                crate::html::escape(help)
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol><p class=\"carepress-hint\">Fix the file and save: this page reloads by itself.</p></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_code_help_and_escapes() {
        let d = Diagnostic::error("frontmatter::yaml", "bad <value>")
            .in_file("content/articles/a.md")
            .at(3, 7)
            .with_help("quote it");
        let h = html(&[d]);
        assert!(h.contains("content/articles/a.md:3:7"));
        assert!(h.contains("error[frontmatter::yaml]"));
        assert!(h.contains("bad &lt;value&gt;"));
        assert!(h.contains("help: quote it"));
        assert!(html(&[]).is_empty());
    }
}
