//! The preview server's incremental rebuild must give exactly what a full build gives:
//! after each edit of a sequence, the in-memory site is compared with a fresh
//! `carepress build` of the same files, file by file.

use carepress::Site;
use carepress::dates::parse_day;
use carepress::plan::PlanOptions;
use carepress::serve::incremental::{Incremental, Report, SessionOptions};
use carepress::serve::site::ServedSite;
use carepress::serve::watch::classify;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const BASE: &str = "http://127.0.0.1:1111";

struct Session {
    _dir: tempfile::TempDir,
    root: PathBuf,
    state: Incremental,
    site: ServedSite,
}

impl Session {
    fn new() -> Session {
        Session::of("valid")
    }

    /// A session on a copy of `tests/fixtures/<fixture>`.
    fn of(fixture: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        crate::common::copy_dir(&crate::common::fixture(fixture), &root);
        let opts = SessionOptions {
            drafts: false,
            future: false,
            today: Some(parse_day(crate::common::TODAY).unwrap()),
            base_url: BASE.into(),
        };
        let mut state = Incremental::open(&root, opts).unwrap().unwrap();
        let site = ServedSite::default();
        let first = state.rebuild(&Default::default(), &site, &mut |_| {});
        assert!(!first.failed, "{:?}", first.diagnostics);
        Session {
            _dir: dir,
            root,
            state,
            site,
        }
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Rebuilds after the given files changed, as the watcher would report them.
    fn rebuild(&mut self, changed: &[&str]) -> Report {
        let paths: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let changes = classify(&paths, "default");
        let mut pages_done = false;
        let r = self
            .state
            .rebuild(&changes, &self.site, &mut |_| pages_done = true);
        assert_eq!(pages_done, !r.failed || r.pages > 0 || r.social_files > 0);
        r
    }

    /// Rebuilds and asserts that the rebuild succeeded.
    fn ok(&mut self, changed: &[&str]) {
        let r = self.rebuild(changed);
        assert!(
            !r.failed,
            "{changed:?}: {:#?}",
            r.diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect::<Vec<_>>()
        );
    }

    fn served(&self) -> BTreeMap<String, Vec<u8>> {
        self.site
            .snapshot()
            .into_iter()
            .map(|(p, b)| (p, b.to_vec()))
            .collect()
    }

    /// A fresh full build of the site as it is now on disk.
    fn built(&self) -> BTreeMap<String, Vec<u8>> {
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        let mut site = match Site::load(&self.root, Some(BASE)).unwrap() {
            Ok(s) => s,
            Err(d) => panic!("{d:?}"),
        };
        // The preview leaves out title cards (see `serve::incremental::read_config`);
        // everything else must match a build byte for byte.
        site.config.social.images.cards = false;
        let opts = PlanOptions {
            drafts: false,
            future: false,
            today: parse_day(crate::common::TODAY).unwrap(),
        };
        let kit = carepress::OutputDirs::default_kit(&public);
        let dirs = carepress::OutputDirs {
            site: &public,
            kit: &kit,
        };
        let outcome = site.build(&opts, dirs).unwrap();
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        // The preview serves the kit at /social/.
        let mut files: BTreeMap<String, Vec<u8>> = crate::common::snapshot(&public)
            .into_iter()
            .map(|(p, b)| (p.to_string_lossy().replace('\\', "/"), b))
            .collect();
        for (p, b) in crate::common::snapshot(&kit) {
            files.insert(
                format!("social/{}", p.to_string_lossy().replace('\\', "/")),
                b,
            );
        }
        files
    }

    fn assert_same_as_build(&self, step: &str) {
        let served = self.served();
        let built = self.built();
        let only_served: Vec<_> = served.keys().filter(|k| !built.contains_key(*k)).collect();
        let only_built: Vec<_> = built.keys().filter(|k| !served.contains_key(*k)).collect();
        assert!(
            only_served.is_empty() && only_built.is_empty(),
            "{step}: only served {only_served:?}, only built {only_built:?}"
        );
        for (path, bytes) in &built {
            assert!(
                served[path] == *bytes,
                "{step}: {path} differs:\n--- served\n{}\n--- built\n{}",
                String::from_utf8_lossy(&served[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

pub fn first_render_equals_build() {
    let s = Session::new();
    s.assert_same_as_build("start");
}

/// A video's captions, its transcript file and the video file itself are inputs of its
/// page: editing each rebuilds what a full build would give, and the preview serves the
/// video from disk as it now is.
pub fn video_files_rebuild_their_item_when_they_change() {
    let mut s = Session::of("videos");
    s.assert_same_as_build("start");
    let page =
        |s: &Session| String::from_utf8_lossy(&s.served()["videos/hosted/index.html"]).into_owned();
    assert!(page(&s).contains("sleep well and know your numbers."));

    s.replace(
        "content/videos/hosted.transcript.md",
        "know your numbers",
        "check your blood pressure",
    );
    s.ok(&["content/videos/hosted.transcript.md"]);
    assert!(
        page(&s).contains("sleep well and check your blood pressure."),
        "{}",
        page(&s)
    );
    s.assert_same_as_build("transcript edited");

    s.replace(
        "content/videos/hosted.en.vtt",
        "Quit tobacco",
        "Stop smoking",
    );
    s.ok(&["content/videos/hosted.en.vtt"]);
    let captions = String::from_utf8_lossy(&s.served()["videos/hosted/hosted.en.vtt"]).into_owned();
    assert!(
        captions.contains("Stop smoking and sleep well."),
        "{captions}"
    );
    s.assert_same_as_build("captions edited");

    // A broken cue fails the rebuild with the file and line; fixing it recovers.
    s.replace(
        "content/videos/clip/clip.en.vtt",
        "00:00:00.000 --> 00:00:03.500",
        "00:00:03.500 --> 00:00:00.000",
    );
    let r = s.rebuild(&["content/videos/clip/clip.en.vtt"]);
    assert!(
        r.failed,
        "a cue ending before it starts must fail the rebuild"
    );
    assert!(
        r.diagnostics.iter().any(|d| d.code.starts_with("webvtt::")),
        "{:#?}",
        r.diagnostics
    );
    s.replace(
        "content/videos/clip/clip.en.vtt",
        "00:00:03.500 --> 00:00:00.000",
        "00:00:00.000 --> 00:00:03.500",
    );
    s.ok(&["content/videos/clip/clip.en.vtt"]);
    s.assert_same_as_build("captions fixed");

    // The video itself replaced: served from disk as it is now.
    let talk = std::fs::read(s.root.join("content/videos/long-talk/talk.mp4")).unwrap();
    std::fs::write(s.root.join("content/videos/clip/clip.mp4"), &talk).unwrap();
    s.ok(&["content/videos/clip/clip.mp4"]);
    assert_eq!(s.served()["videos/clip/clip.mp4"], talk);
    s.assert_same_as_build("video replaced");
}

pub fn incremental_rebuilds_equal_a_full_build_after_each_edit() {
    let mut s = Session::new();
    let flu = "content/articles/flu-basics.md";

    s.replace(
        flu,
        "Flu season peaks in winter.",
        "Flu season peaks in deep winter.",
    );
    let r = s.rebuild(&[flu]);
    assert!(!r.failed);
    assert!(
        r.pages < r.pages_total,
        "only pages showing the article: {r:?}"
    );
    assert!(
        s.served()["articles/flu-basics/index.html"]
            .windows(9)
            .any(|w| w == b"deep wint")
    );
    s.assert_same_as_build("body edit");

    s.replace(
        flu,
        "tags: [vaccines, prevention]",
        "tags: [vaccines, prevention, winter]",
    );
    s.replace(flu, "date: 2026-09-01", "date: 2026-09-05");
    s.replace(
        flu,
        "description: Why a yearly flu shot matters.",
        "description: Why a flu shot every year matters.",
    );
    s.ok(&[flu]);
    s.assert_same_as_build("tags, date and description");

    s.write(
        "content/articles/new-one.md",
        "---\ntitle: A new one\ndescription: Fresh.\ndate: 2026-11-01\ntags: [winter]\nreviewed_by: Dr. A, MD\nlast_reviewed: 2026-11-01\n---\n\nNew text.\n",
    );
    s.ok(&["content/articles/new-one.md"]);
    s.assert_same_as_build("new article");

    s.replace(
        "content/consent/ledger.yaml",
        "revoked_on: null",
        "revoked_on: 2026-11-01",
    );
    s.ok(&["content/consent/ledger.yaml"]);
    assert!(!s.served().contains_key("testimonials/maria/index.html"));
    s.assert_same_as_build("consent revoked");

    std::fs::remove_file(s.root.join("content/articles/new-one.md")).unwrap();
    s.ok(&["content/articles/new-one.md"]);
    s.assert_same_as_build("article deleted");

    s.replace("content/pages/about.md", "menu_order: 1", "menu_order: 2");
    s.replace("content/pages/about.md", "title: ", "title: All ");
    s.ok(&["content/pages/about.md"]);
    s.assert_same_as_build("page title in the menu");

    s.replace(
        "content/articles/draft-post.md",
        "draft: true",
        "draft: false",
    );
    s.ok(&["content/articles/draft-post.md"]);
    s.assert_same_as_build("draft published");

    s.write("static/humans.txt", "changed\n");
    s.write("static/extra.txt", "extra\n");
    s.ok(&["static/humans.txt", "static/extra.txt"]);
    s.assert_same_as_build("static files");

    let not_found = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/404.html"),
    )
    .unwrap();
    s.write(
        "themes/default/templates/404.html",
        &not_found.replacen(
            "{% block content %}",
            "{% block content %}<p>Custom 404</p>",
            1,
        ),
    );
    s.write("themes/default/static/style.css", "body { color: red }\n");
    assert!(
        !s.rebuild(&[
            "themes/default/templates/404.html",
            "themes/default/static/style.css"
        ])
        .failed
    );
    assert!(String::from_utf8_lossy(&s.served()["404.html"]).contains("Custom 404"));
    s.assert_same_as_build("theme override");

    // A broken file fails the rebuild; the last good site stays until it is fixed.
    let before = s.served();
    s.replace(flu, "title: Flu basics", "title: [Flu basics");
    let r = s.rebuild(&[flu]);
    assert!(r.failed);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.is_error() && d.file.as_deref() == Some(Path::new(flu)))
    );
    assert_eq!(s.served(), before, "last good site kept");
    s.replace(flu, "title: [Flu basics", "title: Flu basics, fixed");
    s.ok(&[flu]);
    s.assert_same_as_build("fixed after an error");

    s.replace("carepress.yaml", "paginate_by: 2", "paginate_by: 3");
    s.ok(&["carepress.yaml"]);
    s.assert_same_as_build("config");
}

pub fn refused_item_leaves_at_once_even_when_the_rebuild_fails() {
    let mut s = Session::new();
    assert!(s.served().contains_key("testimonials/maria/index.html"));
    s.replace(
        "content/testimonials/maria.md",
        "consent: C-100",
        "consent: C-999",
    );
    let r = s.rebuild(&["content/testimonials/maria.md"]);
    assert!(r.failed);
    let served = s.served();
    assert!(!served.contains_key("testimonials/maria/index.html"));
    assert!(
        !served
            .keys()
            .any(|k| k.starts_with("social/testimonials/maria/"))
    );
    s.replace(
        "content/testimonials/maria.md",
        "consent: C-999",
        "consent: C-100",
    );
    s.ok(&["content/testimonials/maria.md"]);
    s.assert_same_as_build("consent fixed");
}

pub fn template_and_config_errors_fail_until_fixed_and_edits_made_meanwhile_count() {
    let mut s = Session::new();
    s.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops( }}{% endblock content %}",
    );
    let r = s.rebuild(&["themes/default/templates/404.html"]);
    assert!(r.failed);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code.starts_with("template::")),
        "{:?}",
        r.diagnostics
    );
    std::fs::remove_file(s.root.join("themes/default/templates/404.html")).unwrap();
    s.ok(&["themes/default/templates/404.html"]);
    s.assert_same_as_build("template fixed");

    s.replace("carepress.yaml", "paginate_by: 2", "paginate_by: [");
    assert!(s.rebuild(&["carepress.yaml"]).failed);
    // An edit while the config is broken: the rebuild still fails...
    s.replace(
        "content/articles/flu-basics.md",
        "Flu season peaks in winter.",
        "Flu season peaks in March.",
    );
    assert!(s.rebuild(&["content/articles/flu-basics.md"]).failed);
    // ...and is not lost once the config is fixed.
    s.replace("carepress.yaml", "paginate_by: [", "paginate_by: 2");
    s.ok(&["carepress.yaml"]);
    assert!(
        String::from_utf8_lossy(&s.served()["articles/flu-basics/index.html"])
            .contains("peaks in March")
    );
    s.assert_same_as_build("config fixed");
}
