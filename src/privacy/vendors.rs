//! Third-party tracking technologies, as data: one entry per vendor, with the hosts its
//! tags load from and the inline code its snippets paste. Adding a vendor is one entry.
//!
//! Why this matters: HHS OCR's bulletin "Use of Online Tracking Technologies by HIPAA
//! Covered Entities and Business Associates" (December 2022, revised March 2024) says
//! tracking code on a covered entity's pages can disclose protected health information
//! to the vendor; the FTC's GoodRx (2023) and BetterHelp (2023) orders were about this.
//!
//! Hosts and snippets were checked against each vendor's published install snippet
//! (the page named in `source`) and against copies of those snippets in public
//! repositories. A host matches itself and its subdomains; a host with a path
//! (`facebook.com/tr`) matches only that path.

/// What a vendor's code is, for the message and the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorKind {
    /// Analytics, advertising pixels, session replay, tag managers.
    Tracker,
    /// A font CDN: every page view sends the reader's address and the page's origin.
    Fonts,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Vendor {
    /// The name used in `rules.trackers.allow[].vendor`.
    pub id: &'static str,
    pub name: &'static str,
    pub kind: VendorKind,
    /// Hosts (and subdomains) the tag loads from or sends to.
    pub hosts: &'static [&'static str],
    /// Regular expressions for the inline code of the vendor's snippet (case-sensitive).
    pub snippets: &'static [&'static str],
    /// Where the hosts and snippets were checked.
    pub source: &'static str,
}

pub const VENDORS: &[Vendor] = &[
    Vendor {
        id: "meta-pixel",
        name: "Meta Pixel (Facebook)",
        kind: VendorKind::Tracker,
        hosts: &[
            "connect.facebook.net",
            "facebook.com/tr",
            "facebook.net/signals",
        ],
        snippets: &[r"\bfbq\s*\(", r"\b_fbq\b", r"fbevents\.js"],
        source: "developers.facebook.com/docs/meta-pixel/get-started (base code)",
    },
    Vendor {
        id: "google-analytics",
        name: "Google Analytics (gtag.js / analytics.js)",
        kind: VendorKind::Tracker,
        hosts: &[
            "google-analytics.com",
            "googletagmanager.com/gtag",
            "analytics.google.com",
            "region1.google-analytics.com",
        ],
        snippets: &[
            r"\bgtag\s*\(\s*['\x22](?:config|js|event|set|consent)['\x22]",
            r"GoogleAnalyticsObject",
            r"\bga\s*\(\s*['\x22](?:create|send)['\x22]",
            r"['\x22](?:UA-\d{4,10}-\d{1,4}|G-[A-Z0-9]{6,12})['\x22]",
        ],
        source: "developers.google.com/tag-platform/gtagjs/install; developers.google.com/analytics/devguides/collection/analyticsjs",
    },
    Vendor {
        id: "google-tag-manager",
        name: "Google Tag Manager",
        kind: VendorKind::Tracker,
        hosts: &["googletagmanager.com"],
        snippets: &[r"gtm\.start", r"['\x22]GTM-[A-Z0-9]{4,10}['\x22]"],
        source: "developers.google.com/tag-platform/tag-manager/web (container snippet)",
    },
    Vendor {
        id: "google-ads",
        name: "Google Ads conversion tracking",
        kind: VendorKind::Tracker,
        hosts: &[
            "googleadservices.com",
            "googleads.g.doubleclick.net",
            "doubleclick.net",
            "google.com/pagead",
            "googlesyndication.com",
        ],
        snippets: &[
            r"['\x22]AW-\d{6,12}['\x22]",
            r"\bgoogle_conversion_id\b",
            r"conversion_async\.js",
        ],
        source: "support.google.com/google-ads/answer/6095821 (global site tag and event snippet)",
    },
    Vendor {
        id: "tiktok-pixel",
        name: "TikTok Pixel",
        kind: VendorKind::Tracker,
        hosts: &["analytics.tiktok.com", "analytics-sg.tiktok.com"],
        snippets: &[
            r"TiktokAnalyticsObject",
            r"\bttq\.(?:load|page|track|identify)\s*\(",
        ],
        source: "ads.tiktok.com/help/article/get-started-pixel (base code)",
    },
    Vendor {
        id: "linkedin-insight",
        name: "LinkedIn Insight Tag",
        kind: VendorKind::Tracker,
        hosts: &[
            "snap.licdn.com",
            "px.ads.linkedin.com",
            "dc.ads.linkedin.com",
        ],
        snippets: &[
            r"_linkedin_partner_id",
            r"_linkedin_data_partner_ids",
            r"\blintrk\s*\(",
        ],
        source: "linkedin.com/help/lms/answer/a418880 (Insight Tag code)",
    },
    Vendor {
        id: "x-pixel",
        name: "X (Twitter) Pixel",
        kind: VendorKind::Tracker,
        hosts: &[
            "static.ads-twitter.com",
            "ads-twitter.com",
            "analytics.twitter.com",
            "t.co/i/adsct",
            "ads-api.twitter.com",
        ],
        snippets: &[r"\btwq\s*\(", r"uwt\.js"],
        source: "business.x.com/en/help/campaign-measurement-and-analytics/conversion-tracking-for-websites",
    },
    Vendor {
        id: "pinterest-tag",
        name: "Pinterest Tag",
        kind: VendorKind::Tracker,
        hosts: &["s.pinimg.com/ct", "ct.pinterest.com", "ads.pinterest.com"],
        snippets: &[r"\bpintrk\s*\("],
        source: "help.pinterest.com/en/business/article/install-the-pinterest-tag (base code)",
    },
    Vendor {
        id: "snap-pixel",
        name: "Snap Pixel",
        kind: VendorKind::Tracker,
        hosts: &["sc-static.net", "tr.snapchat.com", "tr-shadow.snapchat.com"],
        snippets: &[r"\bsnaptr\s*\(", r"scevent\.min\.js"],
        source: "businesshelp.snapchat.com (Snap Pixel base code)",
    },
    Vendor {
        id: "hotjar",
        name: "Hotjar (session recording)",
        kind: VendorKind::Tracker,
        hosts: &["hotjar.com", "hotjar.io"],
        snippets: &[r"_hjSettings", r"\bhjid\s*:"],
        source: "help.hotjar.com/hc/en-us/articles/115009336727 (tracking code)",
    },
    Vendor {
        id: "microsoft-clarity",
        name: "Microsoft Clarity (session recording)",
        kind: VendorKind::Tracker,
        hosts: &["clarity.ms"],
        snippets: &[
            r#"["']clarity["']\s*,\s*["']script["']"#,
            r"\bclarity\s*\(\s*['\x22](?:set|identify|event|consent)['\x22]",
        ],
        source: "learn.microsoft.com/en-us/clarity/setup-and-installation/clarity-setup",
    },
    Vendor {
        id: "fullstory",
        name: "FullStory (session recording)",
        kind: VendorKind::Tracker,
        hosts: &["fullstory.com"],
        snippets: &[r"\b_fs_org\b", r"\b_fs_host\b", r"\b_fs_namespace\b"],
        source: "help.fullstory.com (FullStory snippet)",
    },
    Vendor {
        id: "mouseflow",
        name: "Mouseflow (session recording)",
        kind: VendorKind::Tracker,
        hosts: &["mouseflow.com"],
        snippets: &[r"\b_mfq\b"],
        source: "help.mouseflow.com (installing the tracking code)",
    },
    Vendor {
        id: "segment",
        name: "Segment",
        kind: VendorKind::Tracker,
        hosts: &["cdn.segment.com", "api.segment.io", "cdn.segment.io"],
        snippets: &[r"\banalytics\.load\s*\(\s*['\x22]", r"\bSNIPPET_VERSION\b"],
        source: "segment.com/docs/connections/sources/catalog/libraries/website/javascript/quickstart",
    },
    Vendor {
        id: "adobe-analytics",
        name: "Adobe Analytics / Adobe Experience Platform tags",
        kind: VendorKind::Tracker,
        hosts: &["assets.adobedtm.com", "omtrdc.net", "2o7.net", "demdex.net"],
        snippets: &[r"\b_satellite\b", r"\bs_gi\s*\(", r"\bAppMeasurement\b"],
        source: "experienceleague.adobe.com/docs/analytics/implementation (AppMeasurement, Launch embed code)",
    },
    Vendor {
        id: "heap",
        name: "Heap",
        kind: VendorKind::Tracker,
        hosts: &["heapanalytics.com", "heap-api.com"],
        snippets: &[r"\bheap\.load\s*\(", r"\bheapReadyCb\b"],
        source: "developers.heap.io/docs/web (installation snippet)",
    },
    Vendor {
        id: "mixpanel",
        name: "Mixpanel",
        kind: VendorKind::Tracker,
        hosts: &["mxpnl.com", "mixpanel.com"],
        snippets: &[r"\bmixpanel\.init\s*\(", r"MIXPANEL_CUSTOM_LIB_URL"],
        source: "docs.mixpanel.com/docs/tracking-methods/sdks/javascript",
    },
    Vendor {
        id: "microsoft-ads",
        name: "Microsoft Advertising UET (Bing)",
        kind: VendorKind::Tracker,
        hosts: &["bat.bing.com"],
        snippets: &[r"\buetq\b"],
        source: "help.ads.microsoft.com (UET tag tracking code)",
    },
    Vendor {
        id: "hubspot",
        name: "HubSpot tracking code",
        kind: VendorKind::Tracker,
        hosts: &[
            "hs-scripts.com",
            "hs-analytics.net",
            "hsadspixel.net",
            "hs-banner.com",
        ],
        snippets: &[r"\b_hsq\b"],
        source: "knowledge.hubspot.com/reports/install-the-hubspot-tracking-code",
    },
    Vendor {
        id: "reddit-pixel",
        name: "Reddit Pixel",
        kind: VendorKind::Tracker,
        hosts: &["redditstatic.com/ads", "alb.reddit.com"],
        snippets: &[r"\brdt\s*\(\s*['\x22](?:init|track)['\x22]"],
        source: "business.reddithelp.com (Reddit Pixel base code)",
    },
    Vendor {
        id: "amplitude",
        name: "Amplitude",
        kind: VendorKind::Tracker,
        hosts: &[
            "cdn.amplitude.com",
            "api2.amplitude.com",
            "api.amplitude.com",
        ],
        snippets: &[r"\bamplitude\.(?:init|getInstance)\s*\("],
        source: "amplitude.com/docs/sdks/analytics/browser (script loader)",
    },
    Vendor {
        id: "yandex-metrica",
        name: "Yandex Metrica",
        kind: VendorKind::Tracker,
        hosts: &["mc.yandex.ru", "mc.yandex.com"],
        snippets: &[r"\bym\s*\(\s*\d+\s*,\s*['\x22]init['\x22]"],
        source: "yandex.com/support/metrica/code/counter-initialize.html",
    },
    Vendor {
        id: "crazy-egg",
        name: "Crazy Egg (heatmaps)",
        kind: VendorKind::Tracker,
        hosts: &["script.crazyegg.com"],
        snippets: &[],
        source: "support.crazyegg.com (tracking script)",
    },
    Vendor {
        id: "google-fonts",
        name: "Google Fonts",
        kind: VendorKind::Fonts,
        hosts: &["fonts.googleapis.com", "fonts.gstatic.com"],
        snippets: &[],
        source: "developers.google.com/fonts/docs/getting_started (the stylesheet link)",
    },
    Vendor {
        id: "adobe-fonts",
        name: "Adobe Fonts (Typekit)",
        kind: VendorKind::Fonts,
        hosts: &["use.typekit.net", "p.typekit.net"],
        snippets: &[],
        source: "helpx.adobe.com/fonts/using/add-fonts-website.html (embed code)",
    },
];

/// The vendor with this `id`.
pub fn vendor(id: &str) -> Option<&'static Vendor> {
    VENDORS.iter().find(|v| v.id == id)
}

/// The vendor whose tags load from `host` (a host name, lower case, without port).
pub fn vendor_of_host(host: &str, path: &str) -> Option<&'static Vendor> {
    VENDORS.iter().find(|v| {
        v.hosts.iter().any(|h| {
            let (h_host, h_path) = h.split_once('/').unwrap_or((h, ""));
            let host_matches = host == h_host || host.ends_with(&format!(".{h_host}"));
            host_matches
                && (h_path.is_empty()
                    || path.trim_start_matches('/').starts_with(h_path)
                        && path
                            .trim_start_matches('/')
                            .get(h_path.len()..)
                            .is_none_or(|rest| !rest.starts_with(char::is_alphanumeric)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_has_an_id_a_host_and_a_source() {
        let mut ids = std::collections::HashSet::new();
        for v in VENDORS {
            assert!(ids.insert(v.id), "duplicate vendor id {}", v.id);
            assert!(!v.hosts.is_empty(), "{} has no host", v.id);
            assert!(!v.source.is_empty());
            for s in v.snippets {
                regex::Regex::new(s).unwrap_or_else(|e| panic!("{}: {e}", v.id));
            }
        }
    }

    #[test]
    fn hosts_match_subdomains_and_paths_only_where_listed() {
        let id = |h: &str, p: &str| vendor_of_host(h, p).map(|v| v.id);
        assert_eq!(
            id("connect.facebook.net", "/en_US/fbevents.js"),
            Some("meta-pixel")
        );
        assert_eq!(id("www.facebook.com", "/tr"), Some("meta-pixel"));
        assert_eq!(id("www.facebook.com", "/tr/"), Some("meta-pixel"));
        assert_eq!(id("www.facebook.com", "/travel"), None);
        assert_eq!(id("www.facebook.com", "/lakeside"), None);
        assert_eq!(
            id("www.googletagmanager.com", "/gtag/js"),
            Some("google-analytics")
        );
        assert_eq!(
            id("www.googletagmanager.com", "/gtm.js"),
            Some("google-tag-manager")
        );
        assert_eq!(id("static.hotjar.com", "/c/hotjar-1.js"), Some("hotjar"));
        assert_eq!(id("nothotjar.com", "/"), None);
        assert_eq!(id("fonts.googleapis.com", "/css2"), Some("google-fonts"));
        assert_eq!(id("www.cdc.gov", "/flu/"), None);
    }
}
