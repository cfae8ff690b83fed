//! Live reload: a generation counter that every rebuild bumps, and the Server-Sent
//! Events stream browsers listen to. Pages carry the generation they were served at,
//! so a browser that connects after a rebuild still learns it missed one.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// What the browser should reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadKind {
    /// The whole page (content, templates, errors shown or gone).
    Page,
    /// Only stylesheets changed.
    Css,
}

impl ReloadKind {
    pub fn name(self) -> &'static str {
        match self {
            ReloadKind::Page => "page",
            ReloadKind::Css => "css",
        }
    }
}

/// Broadcasts rebuilds to every connected browser.
pub struct Reloads {
    state: Mutex<(u64, ReloadKind)>,
    changed: Condvar,
}

impl Default for Reloads {
    fn default() -> Self {
        Reloads {
            state: Mutex::new((1, ReloadKind::Page)),
            changed: Condvar::new(),
        }
    }
}

impl Reloads {
    pub fn generation(&self) -> u64 {
        self.state
            .lock()
            .map(|s| s.0)
            .unwrap_or_else(|e| e.into_inner().0)
    }

    /// Tells every waiting browser to reload.
    pub fn notify(&self, kind: ReloadKind) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 += 1;
        s.1 = kind;
        self.changed.notify_all();
    }

    /// Waits until the generation differs from `seen` or `timeout` passes; returns the
    /// current generation and what changed last.
    pub fn wait(&self, seen: u64, timeout: Duration) -> (u64, ReloadKind) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.0 == seen)
            .unwrap_or_else(|e| e.into_inner());
        *s
    }
}

/// The tag put into every served HTML page: the script is a file of its own (served at
/// `SCRIPT_PATH`), so a page's Content-Security-Policy (`script-src 'self'`) allows it.
pub fn script(generation: u64) -> String {
    format!(
        r#"<script id="carepress-live-reload" src="{SCRIPT_PATH}" data-events="/__carepress/events?since={generation}"></script>"#
    )
}

pub const SCRIPT_PATH: &str = "/__carepress/live-reload.js";

/// Listens for rebuilds and reloads the page (or only its stylesheets).
pub const SCRIPT: &str = r#"(function(){var me=document.getElementById("carepress-live-reload");var s=new EventSource(me.getAttribute("data-events"));s.addEventListener("reload",function(e){if(e.data==="css"){document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){var u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.toString();});}else{s.close();location.reload();}});})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn waiters_wake_on_notify_and_time_out_otherwise() {
        let r = Arc::new(Reloads::default());
        let g = r.generation();
        assert_eq!(r.wait(g, Duration::from_millis(10)).0, g);
        let r2 = Arc::clone(&r);
        let t = std::thread::spawn(move || r2.wait(g, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(20));
        r.notify(ReloadKind::Css);
        assert_eq!(t.join().unwrap(), (g + 1, ReloadKind::Css));
    }
}
