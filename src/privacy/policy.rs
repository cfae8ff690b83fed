//! The browser policies every page carries: a Content-Security-Policy that lets a page
//! load only from the site itself (plus what the config allows), a referrer policy that
//! never sends a page's address to another site, and the same as HTTP headers in
//! `_headers` for hosts that read it (Netlify, Cloudflare Pages).
//!
//! Directives: W3C Content Security Policy Level 3 (`frame-ancestors` works only as a
//! header, so it is only in `_headers`); Referrer Policy (W3C) for the values;
//! Netlify "Custom headers" and Cloudflare Pages "Headers" docs for the file format.

/// Referrer policies a site may choose: none of them sends a page's path (the health
/// topic a reader looked at) to another site. `strict-origin-when-cross-origin` is the
/// default, as in browsers; the others send less.
pub const REFERRER_POLICIES: &[&str] = &[
    "strict-origin-when-cross-origin",
    "strict-origin",
    "same-origin",
    "no-referrer",
];

pub const DEFAULT_REFERRER: &str = "strict-origin-when-cross-origin";

/// Features no page of a practice site needs; `interest-cohort` and `browsing-topics`
/// opt the site out of Chrome's interest-based advertising.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=(), payment=(), usb=()";

/// The Content-Security-Policy of a page. `allowed` are origins every page may load
/// from (allowed trackers, `privacy.allow_hosts`); `frames` the origins of the embeds
/// the page can load on a click (nothing is framed before that).
pub fn content_security_policy(allowed: &[String], frames: &[String]) -> String {
    let extra: String = allowed.iter().map(|o| format!(" {o}")).collect();
    let mut frame_src: Vec<&str> = frames.iter().chain(allowed).map(String::as_str).collect();
    frame_src.sort_unstable();
    frame_src.dedup();
    let frame_src = if frame_src.is_empty() {
        "'none'".to_string()
    } else {
        frame_src.join(" ")
    };
    format!(
        "default-src 'self'; script-src 'self'{extra}; style-src 'self'{extra}; img-src 'self' data:{extra}; font-src 'self'{extra}; connect-src 'self'{extra}; media-src 'self'{extra}; frame-src {frame_src}; object-src 'none'; base-uri 'self'; form-action 'self'{extra}"
    )
}

/// `csp` allowing WebAssembly to be compiled, for Pagefind's search (CSP Level 3
/// `'wasm-unsafe-eval'`: WebAssembly only, JavaScript `eval` stays refused).
pub fn allow_wasm(csp: &str) -> String {
    csp.replacen(
        "script-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        1,
    )
}

/// The two `<meta>` tags every HTML page gets.
pub fn meta_tags(csp: &str, referrer: &str) -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"referrer\" content=\"{referrer}\">"
    )
}

/// Puts `tags` into `html`'s head unless they are already there: after `<meta charset>`
/// when it is the head's first element, otherwise right after `<head>`. A site's own
/// theme that leaves them out still gets them.
pub fn ensure_meta(html: String, tags: &str) -> String {
    if html.contains(tags) {
        return html;
    }
    let lower_prefix: String = html
        .get(..html.len().min(4096))
        .unwrap_or("")
        .to_ascii_lowercase();
    let after_head = lower_prefix
        .find("<head")
        .and_then(|i| lower_prefix[i..].find('>').map(|j| i + j + 1));
    let at = match after_head {
        Some(h) => {
            let rest = lower_prefix[h..].trim_start();
            let skipped = lower_prefix[h..].len() - rest.len();
            if rest.starts_with("<meta charset") {
                lower_prefix[h + skipped..]
                    .find('>')
                    .map_or(h, |j| h + skipped + j + 1)
            } else {
                h
            }
        }
        None => lower_prefix
            .find("<html")
            .and_then(|i| lower_prefix[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(0),
    };
    let mut out = String::with_capacity(html.len() + tags.len() + 2);
    out.push_str(&html[..at]);
    out.push('\n');
    out.push_str(tags);
    out.push_str(&html[at..]);
    out
}

/// `_headers` (Netlify and Cloudflare Pages): the site-wide policies as HTTP headers,
/// and `noindex` for folders that are not pages (`noindex_paths`, e.g. `/social/*`).
/// `base_path` (`/clinic` for a site under a sub-path, else empty) goes before every path.
pub fn headers_file(csp: &str, referrer: &str, base_path: &str, noindex_paths: &[&str]) -> String {
    let mut out = format!(
        "# Written by carepress: the same policies as each page's <meta> tags, as HTTP headers\n# (Netlify and Cloudflare Pages read this file; GitHub Pages ignores it).\n{base_path}/*\n",
    );
    out.push_str(&format!(
        "  Content-Security-Policy: {csp}; frame-ancestors 'self'\n"
    ));
    out.push_str(&format!("  Referrer-Policy: {referrer}\n"));
    out.push_str("  X-Content-Type-Options: nosniff\n");
    out.push_str("  X-Frame-Options: SAMEORIGIN\n");
    out.push_str(&format!("  Permissions-Policy: {PERMISSIONS_POLICY}\n"));
    for path in noindex_paths {
        out.push_str(&format!("\n{base_path}{path}\n  X-Robots-Tag: noindex\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_embeds_may_frame_nothing() {
        let csp = content_security_policy(&[], &[]);
        assert!(csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self'"));
        assert!(csp.contains("frame-src 'none'"));
        assert!(csp.contains("object-src 'none'"));
        let with = content_security_policy(
            &["https://www.googletagmanager.com".into()],
            &["https://www.youtube-nocookie.com".into()],
        );
        assert!(with.contains("script-src 'self' https://www.googletagmanager.com;"));
        assert!(with.contains(
            "frame-src https://www.googletagmanager.com https://www.youtube-nocookie.com;"
        ));
    }

    #[test]
    fn meta_tags_go_after_the_charset_once() {
        let tags = meta_tags("default-src 'self'", "no-referrer");
        let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>x</title></head><body></body></html>".to_string();
        let out = ensure_meta(page, &tags);
        assert!(
            out.contains(&format!("<meta charset=\"utf-8\">\n{tags}\n<title>")),
            "{out}"
        );
        assert_eq!(ensure_meta(out.clone(), &tags), out);
        let bare = ensure_meta("<html><head><title>t</title></head></html>".into(), &tags);
        assert!(
            bare.starts_with(&format!("<html><head>\n{tags}<title>")),
            "{bare}"
        );
    }

    #[test]
    fn the_headers_file_has_each_policy() {
        let h = headers_file(
            "default-src 'self'",
            "strict-origin-when-cross-origin",
            "",
            &["/social/*"],
        );
        assert!(h.contains(
            "/*\n  Content-Security-Policy: default-src 'self'; frame-ancestors 'self'\n"
        ));
        assert!(h.contains("  Referrer-Policy: strict-origin-when-cross-origin\n"));
        assert!(h.contains("  X-Content-Type-Options: nosniff\n"));
        assert!(h.contains("camera=(), microphone=(), geolocation=(), interest-cohort=()"));
        assert!(h.ends_with("/social/*\n  X-Robots-Tag: noindex\n"));
        let under = headers_file(
            "default-src 'self'",
            "no-referrer",
            "/clinic",
            &["/social/*"],
        );
        assert!(
            under.contains("\n/clinic/*\n  Content-Security-Policy"),
            "{under}"
        );
        assert!(under.ends_with("\n/clinic/social/*\n  X-Robots-Tag: noindex\n"));
    }
}
