//! `carepress init` and `carepress new`: starting points that already pass `check`
//! (except where a human must supply facts, such as a consent id).

use crate::dates::Day;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Article,
    Testimonial,
    Infographic,
    Poll,
    Event,
    Challenge,
    Video,
    Tip,
    Team,
    Provider,
    Location,
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
        NewKind::Poll => (
            format!("content/polls/{slug}.md"),
            format!(
                "---\nquestion: {t}\n# 2 to 4 answers; X and Threads take 25 characters each, LinkedIn 30, Mastodon 50\noptions: [\"Yes\", \"No\"]\n# how long it runs: 1d fits every platform (LinkedIn offers 1d, 3d, 7d, 14d; Threads runs 24 hours)\nduration: 1d\ndate: {today}\ntags: []\ncitations: []\n# results: [0, 0]   (votes per option, entered after it closes)\ndraft: true\n---\n\nWhy we ask, and the facts behind the question, with sources in `citations`.\n"
            ),
        ),
        NewKind::Event => {
            // A week out at 18:00: far enough ahead for the whole countdown series.
            let day = today
                .0
                .checked_add(jiff::Span::new().days(14))
                .unwrap_or(today.0);
            (
                format!("content/events/{slug}.md"),
                format!(
                    "---\ntitle: {t}\n# local times in `timezone` (an IANA name)\nstart: {day} 18:00\nend: {day} 19:00\ntimezone: America/Chicago\n# facebook-live, instagram-live, youtube-live or webinar (a webinar needs `url`)\nstream: facebook-live\n# url: https://…   (where people watch or join)\nhosts: [\"Dr. Name, MD\"]\ntopic: \"\"\ntags: []\n# recording: https://…   (once it is up: the kit posts a recap)\n# status: scheduled   (rescheduled, postponed, cancelled)\ndraft: true\n---\n\nWhat the session covers and who it is for. The kit announces it a week before, asks for questions three days before, reminds an hour before and posts when you go live.\n"
                ),
            )
        }
        NewKind::Challenge => {
            let start = today
                .0
                .checked_add(jiff::Span::new().days(14))
                .unwrap_or(today.0);
            let end = start
                .checked_add(jiff::Span::new().days(6))
                .unwrap_or(start);
            (
                format!("content/challenges/{slug}.md"),
                format!(
                    "---\ntitle: {t}\ndescription: \"\"\nstart: {start}\nend: {end}\nhashtag: {tag}\n# a prompt a day (every: day) or a week (every: week), one per day or week of the range\nevery: day\nprompts:\n  - \"Day 1: …\"\n  - \"Day 2: …\"\n  - \"Day 3: …\"\n  - \"Day 4: …\"\n  - \"Day 5: …\"\n  - \"Day 6: …\"\n  - \"Day 7: …\"\n# A contest needs prizes and complete official rules:\n# prizes: [{{ name: \"…\", value: \"$…\" }}]\n# rules: {{ sponsor, eligibility, how_to_enter, no_purchase_necessary, winner_selection, winner_notification, platform_release }}\n# winners: [C-YYYY-NNNN]   (consent ids: announcing a winner by name needs their consent)\ntags: []\ndraft: true\n---\n\nWhat the challenge is, who it is for, and the health facts behind it.\n",
                    tag = slug
                        .split('-')
                        .map(|w| {
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                                .unwrap_or_default()
                        })
                        .collect::<String>(),
                ),
            )
        }
        NewKind::Video => (
            format!("content/videos/{slug}/index.md"),
            format!(
                "---\ntitle: {t}\ndescription: \"One sentence (at most 160 characters) saying what the video shows.\"\ndate: {today}\n# a file in this folder (MP4 or WebM), or a YouTube or Vimeo address\nsrc: video.mp4\n# poster: poster.jpg   (without one, a title card is the poster)\nduration: \"2:05\"\n# WebVTT captions, required for video with speech (WCAG 2.1 SC 1.2.2); `speech: false` if nothing is said\ncaptions: captions.vtt\n# chapters: chapters.vtt\n# patients: [C-YYYY-NNNN]   (consent ids of any patient who appears: the consent must cover `video`)\n# reviewed_by: provider-id   (required before publishing)\n# last_reviewed: YYYY-MM-DD\ncitations: []\ntags: []\ndraft: true\n---\n\nThe transcript: everything said, and what is shown that matters (WCAG 2.1 SC 1.2.1, 1.2.3).\n"
            ),
        ),
        NewKind::Tip => (
            format!("content/tips/{slug}.md"),
            format!(
                "---\ntitle: {t}\ndate: {today}\n# reviewed_by: provider-id   (required before publishing)\n# last_reviewed: YYYY-MM-DD\ncitations:\n  - title: \"\"\n    url: https://\n    publisher: \"\"\ntags: []\ndraft: true\n---\n\nThe tip in one or two sentences (at most 280 characters): what to do, and why.\n"
            ),
        ),
        NewKind::Team => (
            format!("content/team/{slug}/index.md"),
            format!(
                "---\ntitle: {t}\ndescription: \"\"\ndate: {today}\n# A photo taken in the clinic needs who appears and a privacy check\n# (no patients, screens, charts or whiteboards in view):\n# photo: photo.jpg\n# photo_alt: \"What the photo shows\"\n# people: [Staff Name]        (each needs a `staff:` photo release in content/consent/)\n# patients: []                (consent ids of any patient who appears)\n# photo_checked_by: \"Name, role\"\n# photo_checked_on: YYYY-MM-DD\ntags: [news]\ndraft: true\n---\n\nPractice news or a staff spotlight.\n"
            ),
        ),
        NewKind::Provider => (
            format!("content/providers/{slug}.md"),
            format!(
                "---\nname: {t}\ncredentials: [MD]          # MD, DO, NP, PA, RN …\nspecialties: [Family Medicine]\n# npi: \"1234567893\"      (10 digits, from the NPPES registry; checked)\nlanguages: [English]\nlocations: []             # ids of content/locations/ files\naccepting_new_patients: true\ndraft: true\n---\n\nA short bio: training, interests, how they work with patients.\n"
            ),
        ),
        NewKind::Location => (
            format!("content/locations/{slug}.md"),
            format!(
                "---\nname: {t}\naddress: {{ street: \"(street and number)\", city: \"(city)\", region: \"\", postal_code: \"\", country: US }}\n# geo: [latitude, longitude]\n# phone: \"\"\nhours:                    # HH:MM-HH:MM, a list for a split day, or closed\n  mon: \"08:00-17:00\"\n  tue: \"08:00-17:00\"\n  wed: \"08:00-17:00\"\n  thu: \"08:00-17:00\"\n  fri: \"08:00-17:00\"\n  sat: closed\n  sun: closed\nclosures: []              # {{ date: YYYY-MM-DD, note: … }}\nservices: []\n# parking: \"\"\n# accessibility: \"\"\ndraft: true\n---\n\nHow to find the clinic.\n"
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

/// Where `init` puts the GitHub Actions workflow.
pub const GITHUB_WORKFLOW_FILE: &str = ".github/workflows/carepress.yml";

/// Pull requests are checked (annotations on the diff); main is built and deployed to
/// GitHub Pages with the base URL Pages gives (a project site's sub-path included), the
/// image cache kept between runs, and the social kit kept as a private artifact. The
/// daily run withdraws lapsed consent on the day it lapses. Action versions as of
/// GitHub's Pages starter workflows (actions/deploy-pages v4, upload-pages-artifact v3).
const GITHUB_WORKFLOW: &str = r#"# Written by `carepress init`. In the repository's Settings > Pages, set Source to
# "GitHub Actions". Pull requests are checked; main is built and deployed.
name: carepress
on:
  pull_request:
  push:
    branches: [main]
  schedule:
    # Daily, so consent that lapses is withdrawn from the live site that day.
    - cron: "17 6 * * *"
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: carepress-${{ github.ref }}
  cancel-in-progress: true
jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/carepress
          key: carepress-bin-${{ runner.os }}
      - name: Install carepress
        run: command -v carepress || cargo install --git https://example.com/carepress.git --locked
      - name: Check
        run: carepress check --format github
  deploy:
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/carepress
          key: carepress-bin-${{ runner.os }}
      - uses: actions/cache@v4
        with:
          path: .carepress/cache
          key: carepress-images-${{ github.sha }}
          restore-keys: carepress-images-
      - name: Install carepress
        run: command -v carepress || cargo install --git https://example.com/carepress.git --locked
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build
        # Exit 1 (a consent or content error) stops the deploy; the live site stays as it was.
        run: carepress build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
      - id: deployment
        uses: actions/deploy-pages@v4
      - name: Keep the social kit (private - post texts, schedules, exports)
        uses: actions/upload-artifact@v4
        with:
          name: social-kit
          path: social-kit
          retention-days: 30
"#;

/// Scaffolds a new site in `dir` (config, a first article, an about page, an empty
/// ledger, the default theme written out for editing, and a GitHub Actions workflow).
/// `init --group` adds these: a location, a provider who reviews the welcome article,
/// provider reviews required, and accounts for the group and the location.
fn group_files(today: Day) -> Vec<(&'static str, String)> {
    vec![
        (
            "carepress.yaml",
            "title: My Medical Group\nbase_url: https://example.com\nlanguage: en\ndescription: Health information from our clinicians.\npractice: { name: My Medical Group, phone: \"+1 555 0100\", email: hello@example.com }\nbrand: { color: \"#0b6e4f\", accent: \"#f2a541\" }\ntheme: default\nrules: { require_review: true, require_provider_review: true, review_interval_days: 365, consent_warn_days: 30 }\nsocial:\n  platforms: [facebook, instagram, x, linkedin]\n  accounts:\n    - { platform: facebook }\n    - { platform: instagram }\n    - { platform: x }\n    - { platform: linkedin }\n    - { platform: facebook, for: main-clinic }\n".into(),
        ),
        (
            "content/articles/welcome.md",
            format!(
                "---\ntitle: Welcome to our health library\ndescription: What you will find here and how our clinicians review it.\ndate: {today}\nreviewed_by: first-provider\nlast_reviewed: {today}\ntags: [news]\n---\n\nEvery article here is reviewed by one of our clinicians and lists its sources.\n"
            ),
        ),
        (
            "content/locations/main-clinic.md",
            "---\nname: Main Clinic\naddress: { street: 1 Main Street, city: Springfield, region: IL, postal_code: \"62701\", country: US }\nphone: \"+1 555 0100\"\nhours: { mon: \"08:00-17:00\", tue: \"08:00-17:00\", wed: \"08:00-17:00\", thu: \"08:00-17:00\", fri: \"08:00-17:00\", sat: closed, sun: closed }\nservices: [Primary care]\n---\n\nHow to find us: replace this with directions, parking and access.\n".into(),
        ),
        (
            "content/providers/first-provider.md",
            "---\nname: First Provider\ncredentials: [MD]\nspecialties: [Family Medicine]\n# npi: \"1234567893\"   (10 digits, from the NPPES registry; checked)\nlanguages: [English]\nlocations: [main-clinic]\naccepting_new_patients: true\n---\n\nA short bio.\n".into(),
        ),
    ]
}

pub fn init(dir: &Path, today: Day, group: bool) -> Result<(), String> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(format!(
            "{} already has a {}",
            dir.display(),
            crate::config::CONFIG_FILE
        ));
    }
    let files: [(&str, String); 6] = [
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
        (
            ".gitignore",
            // analytics/ and reports/ hold the practice's business data (exports, server
            // logs, the report made of them): never committed, never deployed.
            "/public\n/social-kit\n/.carepress\n.*.staging-*\n.*.old-*\n.*.previous\n/analytics\n/reports\n".into(),
        ),
        (GITHUB_WORKFLOW_FILE, GITHUB_WORKFLOW.into()),
    ];
    let mut files: Vec<(&str, String)> = files.into_iter().collect();
    if group {
        for (rel, text) in group_files(today) {
            match files.iter_mut().find(|(r, _)| *r == rel) {
                Some(existing) => existing.1 = text,
                None => files.push((rel, text)),
            }
        }
    }
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
