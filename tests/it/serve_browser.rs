//! Live reload in a real browser: headless Chromium, driven over WebDriver
//! (chromedriver) with the tiny HTTP client of the other serve tests, opens a page,
//! the article is edited on disk, and the new text appears without a manual reload;
//! a broken front matter shows the error overlay, which goes when it is fixed.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Under CI
//! (CI set) a missing browser fails the test; elsewhere it is skipped with a message.

use crate::common::browser::{Driver, browser_and_driver};
use crate::common::serve::Server;
use serde_json::Value;
use std::time::Duration;

pub fn browser_shows_edits_and_errors_without_a_manual_reload() {
    let Some((browser, driver)) =
        browser_and_driver("browser_shows_edits_and_errors_without_a_manual_reload")
    else {
        return;
    };
    let server = Server::start(&[]);
    let d = Driver::start(&driver, &browser);
    d.goto(&server.url("/articles/flu-basics/"));
    d.wait_for(
        "the article",
        &server,
        "return document.body.innerText.includes('Flu season peaks in winter.')",
    );
    // Set on this page load only: still there after the edit means no reload happened.
    d.eval("window.__loadedBefore = true; return true");
    // Let the page's live-reload stream connect before editing.
    d.wait_for(
        "the live-reload script",
        &server,
        "return !!document.getElementById('carepress-live-reload')",
    );
    std::thread::sleep(Duration::from_millis(300));

    server.replace(
        "content/articles/flu-basics.md",
        "Flu season peaks in winter.",
        "Flu season peaks in February, says the browser test.",
    );
    d.wait_for(
        "the edited text",
        &server,
        "return document.body.innerText.includes('Flu season peaks in February, says the browser test.')",
    );
    assert_eq!(
        d.eval("return window.__loadedBefore === undefined"),
        Value::Bool(true),
        "the page was reloaded by the live-reload script"
    );

    std::thread::sleep(Duration::from_millis(300));
    server.replace(
        "content/articles/flu-basics.md",
        "title: Flu basics",
        "title: [Flu basics",
    );
    d.wait_for(
        "the error overlay",
        &server,
        "var o = document.getElementById('carepress-overlay'); return !!o && o.innerText.includes('content/articles/flu-basics.md:') && o.innerText.includes('yaml::')",
    );
    std::thread::sleep(Duration::from_millis(300));
    server.replace(
        "content/articles/flu-basics.md",
        "title: [Flu basics",
        "title: Flu basics fixed",
    );
    d.wait_for(
        "the overlay to go and the new title",
        &server,
        "return !document.getElementById('carepress-overlay') && document.querySelector('h1').innerText.includes('Flu basics fixed')",
    );
}

/// The preview serves a video from disk with ranges: Chromium plays the fixture's
/// 20-second clip, shows its captions and seeks into the middle of it.
pub fn the_preview_plays_and_seeks_a_local_video() {
    let Some((browser, driver)) = browser_and_driver("the_preview_plays_and_seeks_a_local_video")
    else {
        return;
    };
    let server = Server::start_fixture("videos", &[]);
    let d = Driver::start(&driver, &browser);
    d.goto(&server.url("/videos/clip/"));
    d.wait_for(
        "the player with its metadata",
        &server,
        "var v = document.querySelector('video'); return !!v && v.readyState >= 1 && v.duration > 19",
    );
    assert_eq!(
        d.eval("var t = document.querySelector('video track'); return [t.kind, t.default, t.getAttribute('src')]"),
        serde_json::json!(["captions", true, "/videos/clip/clip.en.vtt"])
    );
    // Muted playback needs no user gesture.
    d.eval("var v = document.querySelector('video'); v.muted = true; v.play(); return true");
    d.wait_for(
        "the video playing",
        &server,
        "var v = document.querySelector('video'); return !v.paused && v.currentTime > 0.3",
    );
    d.wait_for(
        "its captions loaded",
        &server,
        "var t = document.querySelector('video').textTracks[0]; return t.mode === 'showing' && !!t.cues && t.cues.length > 3",
    );
    d.eval("var v = document.querySelector('video'); window.__seeked = false; v.addEventListener('seeked', function () { window.__seeked = true; }); v.currentTime = 12; return true");
    d.wait_for(
        "the seek to 0:12",
        &server,
        "var v = document.querySelector('video'); return window.__seeked && !v.seeking && v.currentTime >= 12 && v.currentTime < 15",
    );
    d.wait_for(
        "playing on from 0:12",
        &server,
        "var v = document.querySelector('video'); return !v.paused && v.currentTime > 12.3",
    );
    assert_eq!(
        d.eval("var v = document.querySelector('video'); return v.error === null && v.seekable.length === 1 && v.seekable.end(0) > 19"),
        Value::Bool(true)
    );
}
