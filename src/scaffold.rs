//! `carepress init` and `carepress new`: starting points that already pass `check`
//! (except where a human must supply facts, such as a consent id).

use crate::dates::Day;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Article,
    Testimonial,
    Infographic,
    Page,
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Creates a new content file and returns its path; never overwrites.
pub fn new_item(root: &Path, kind: NewKind, title: &str, today: Day) -> Result<PathBuf, String> {
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err("the title needs at least one letter or digit".into());
    }
    let t = yaml_string(title);
    let (rel, text) = match kind {
        NewKind::Article => (
            format!("content/articles/{slug}.md"),
            format!(
                "---\ntitle: {t}\ndescription: \"One sentence (at most 160 characters) saying what the reader will learn.\"\ndate: {today}\ntags: []\n# reviewed_by: Dr. Name, MD   (required before publishing)\n# last_reviewed: YYYY-MM-DD\ncitations: []\ndraft: true\n---\n\nWrite the article here. Cite sources in `citations`, and ask a clinician to review it before removing `draft: true`.\n"
            ),
        ),
        NewKind::Testimonial => (
            format!("content/testimonials/{slug}.md"),
            format!(
                "---\ntitle: {t}\npatient: Anonymous   # exactly the display_name the patient agreed to, or Anonymous\n# consent: C-YYYY-NNNN   (the id of the signed authorization in content/consent/; required)\ndate: {today}\ndraft: true\n---\n\nThe patient's story, in their words, limited to what the consent covers.\n"
            ),
        ),
        NewKind::Infographic => (
            format!("content/infographics/{slug}.yaml"),
            format!(
                "title: {t}\nalt: \"\"              # the key message of the graphic, for screen readers\nsource: {slug}.svg   # put the image file beside this one\ndescription: \"\"      # the full content of the graphic as text\ndate: {today}\ncitations: []\ndraft: true\n"
            ),
        ),
        NewKind::Page => (
            format!("content/pages/{slug}.md"),
            format!("---\ntitle: {t}\ndescription: \"\"\n---\n\nPage text.\n"),
        ),
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(format!("{rel} already exists; choose another title"));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("cannot write {rel}: {e}"))?;
    Ok(PathBuf::from(rel))
}

/// Scaffolds a new site in `dir` (config, a first article, an about page, an empty
/// ledger and the default theme, written out for editing).
pub fn init(dir: &Path, today: Day) -> Result<(), String> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(format!(
            "{} already has a {}",
            dir.display(),
            crate::config::CONFIG_FILE
        ));
    }
    let files: [(&str, String); 5] = [
        (
            "carepress.yaml",
            "title: My Practice\nbase_url: https://example.com\nlanguage: en\ndescription: Health information from our clinicians.\npractice: { name: My Practice, phone: \"+1 555 0100\", email: hello@example.com }\nbrand: { color: \"#0b6e4f\", accent: \"#f2a541\" }\ntheme: default\nrules: { require_review: true, review_interval_days: 365, consent_warn_days: 30 }\n".into(),
        ),
        (
            "content/articles/welcome.md",
            format!(
                "---\ntitle: Welcome to our health library\ndescription: What you will find here and how our clinicians review it.\ndate: {today}\nreviewed_by: \"Your reviewing clinician\"\nlast_reviewed: {today}\ntags: [news]\n---\n\nEvery article here is reviewed by a clinician and lists its sources.\n"
            ),
        ),
        ("content/pages/about.md", "---\ntitle: About us\ndescription: Who we are.\nmenu_order: 1\n---\n\nTell patients about the practice.\n".into()),
        (
            "content/consent/ledger.yaml",
            "# One record per signed patient authorization. See the README for every field.\nrecords: []\n".into(),
        ),
        (".gitignore", "/public\n/.carepress\n.*.staging-*\n.*.old-*\n".into()),
    ];
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        if !p.exists() {
            std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        }
    }
    crate::theme::write_default_theme(&dir.join("themes/default"))
        .map_err(|e| format!("cannot write the theme: {e}"))?;
    Ok(())
}
