//! Live reload: a generation counter that every rebuild bumps, and the Server-Sent
//! Events stream browsers listen to. Pages carry the generation they were served at,
//! so a browser that connects after a rebuild still learns it missed one.

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

/// Broadcasts rebuilds to every connected browser: the generation and what changed
/// last, on a watch channel the event streams subscribe to.
pub struct Reloads {
    state: tokio::sync::watch::Sender<(u64, ReloadKind)>,
}

impl Default for Reloads {
    fn default() -> Self {
        Reloads {
            state: tokio::sync::watch::Sender::new((1, ReloadKind::Page)),
        }
    }
}

impl Reloads {
    pub fn generation(&self) -> u64 {
        self.state.borrow().0
    }

    /// Tells every waiting browser to reload.
    pub fn notify(&self, kind: ReloadKind) {
        self.state.send_modify(|s| {
            s.0 += 1;
            s.1 = kind;
        });
    }

    /// A receiver that wakes on every rebuild.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<(u64, ReloadKind)> {
        self.state.subscribe()
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

    #[test]
    fn subscribers_see_each_rebuild() {
        let r = Reloads::default();
        let g = r.generation();
        let mut rx = r.subscribe();
        assert!(!rx.has_changed().unwrap());
        r.notify(ReloadKind::Css);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), (g + 1, ReloadKind::Css));
        assert_eq!(r.generation(), g + 1);
    }
}
