//! Checks of config values serde cannot express: the privacy settings and allowed
//! trackers, and image sizes.

use super::{ImageSettings, Privacy, Trackers};
use crate::diagnostics::{Diagnostic, did_you_mean};
use std::path::Path;

/// A referrer policy that would send page addresses elsewhere, an allowed host that is
/// not an origin, and allowed trackers without a vendor or a signed agreement.
pub(super) fn privacy_problems(
    privacy: &Privacy,
    trackers: &Trackers,
    text: &str,
    file: &Path,
) -> Vec<Diagnostic> {
    use crate::privacy::{policy::REFERRER_POLICIES, vendors};
    let at = |key: &str| crate::yaml::key_line_nested(text, key).unwrap_or(1);
    let mut problems = Vec::new();
    if !REFERRER_POLICIES.contains(&privacy.referrer.as_str()) {
        problems.push(
            Diagnostic::error(
                "config::invalid_value",
                format!(
                    "`privacy.referrer: {}` would send page addresses to other sites",
                    privacy.referrer
                ),
            )
            .in_file(file)
            .at_line(at("referrer"))
            .with_help(format!("use one of {}", REFERRER_POLICIES.join(", "))),
        );
    }
    for origin in &privacy.allow_hosts {
        let host = origin.strip_prefix("https://").unwrap_or("");
        if host.is_empty() || host.contains(['/', ' ', '?', '#', '*', '"', '\'', '<', '>']) {
            problems.push(
                Diagnostic::error(
                    "config::invalid_value",
                    format!("`privacy.allow_hosts`: `{origin}` is not an https origin"),
                )
                .in_file(file)
                .at_line(at("allow_hosts"))
                .with_help("write the origin only, e.g. `https://cdn.example.org`"),
            );
        } else if let Some(v) = vendors::vendor_of_host(host, "") {
            problems.push(
                Diagnostic::error(
                    "privacy::tracker",
                    format!("`privacy.allow_hosts` lists `{origin}`, a host of {}", v.name),
                )
                .in_file(file)
                .at_line(at("allow_hosts"))
                .with_help(format!(
                    "trackers are allowed only under `rules.trackers.allow` with the date the business associate agreement was signed: `- {{ vendor: {}, baa_signed_on: YYYY-MM-DD }}`",
                    v.id
                )),
            );
        }
    }
    for t in &trackers.allow {
        if vendors::vendor(&t.vendor).is_none() {
            let mut d = Diagnostic::error(
                "config::invalid_value",
                format!("`rules.trackers.allow`: unknown vendor `{}`", t.vendor),
            )
            .in_file(file)
            .at_line(at("vendor"));
            d.help = Some(
                match did_you_mean(&t.vendor, vendors::VENDORS.iter().map(|v| v.id)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "vendors: {}",
                        vendors::VENDORS
                            .iter()
                            .map(|v| v.id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            );
            problems.push(d);
        }
        if t.baa_signed_on.is_none() {
            problems.push(
                Diagnostic::error(
                    "config::missing_field",
                    format!(
                        "`rules.trackers.allow`: `{}` has no `baa_signed_on`",
                        t.vendor
                    ),
                )
                .in_file(file)
                .at_line(at("vendor"))
                .with_help("a tracker on a practice's pages needs a signed business associate agreement (HHS OCR, online tracking technologies); record the date it was signed"),
            );
        }
    }
    problems
}

/// `social.mix`: every key a kind or a group of kinds (`routes::MIX_GROUPS`), the shares
/// adding up to 100.
pub(super) fn mix_problems(
    mix: &std::collections::BTreeMap<String, u32>,
    text: &str,
    file: &Path,
) -> Vec<Diagnostic> {
    if mix.is_empty() {
        return Vec::new();
    }
    let line = crate::yaml::key_line_nested(text, "mix").unwrap_or(1);
    let mut problems = Vec::new();
    for key in mix.keys() {
        if !crate::routes::mix_keys().any(|k| k == key) {
            let known: Vec<&str> = crate::routes::mix_keys().collect();
            problems.push(
                Diagnostic::error(
                    "config::mix_unknown_kind",
                    format!("`social.mix` has `{key}`, which is no kind of content"),
                )
                .in_file(file)
                .at_line(crate::yaml::key_line_nested(text, key).unwrap_or(line))
                .with_help(format!("use {}", known.join(", "))),
            );
        }
    }
    let total: u32 = mix.values().sum();
    if total != 100 {
        problems.push(
            Diagnostic::error(
                "config::mix_total",
                format!("the shares in `social.mix` add up to {total}, not 100"),
            )
            .in_file(file)
            .at_line(line)
            .with_help("give each kind its per cent of the posting slots so they add up to 100"),
        );
    }
    problems
}

/// Sizes outside these bounds are typos (or would make every build slow).
const IMAGE_SIDE: std::ops::RangeInclusive<u32> = 16..=4096;

pub(super) fn image_settings_problems(
    images: &ImageSettings,
    text: &str,
    file: &Path,
) -> Vec<Diagnostic> {
    let at = |key: &str| crate::yaml::key_line_nested(text, key).unwrap_or(1);
    let invalid = |key: &str, message: String, help: &str| {
        Diagnostic::error("config::invalid_value", message)
            .in_file(file)
            .at_line(at(key))
            .with_help(help)
    };
    let mut problems = Vec::new();
    if !(1..=100).contains(&images.quality) {
        problems.push(invalid(
            "quality",
            format!("image quality {} is outside 1..100", images.quality),
            "85 is a good default for JPEG",
        ));
    }
    if images.presets.is_empty() {
        problems.push(invalid(
            "presets",
            "`social.images.presets` is empty".into(),
            "name at least one size, e.g. `presets: { og: [1200, 630] }`",
        ));
    }
    for (name, [w, h]) in &images.presets {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(invalid(
                "presets",
                format!("image preset name `{name}` is not a file-name-safe word"),
                "use lowercase letters, digits and dashes, e.g. `og` or `story-2`",
            ));
        }
        if !IMAGE_SIDE.contains(w) || !IMAGE_SIDE.contains(h) {
            problems.push(invalid(
                "presets",
                format!("image preset `{name}` is {w}×{h}; each side must be 16 to 4096 pixels"),
                "e.g. `og: [1200, 630]`",
            ));
        }
    }
    if images.widths.is_empty() || images.widths.iter().any(|w| !IMAGE_SIDE.contains(w)) {
        problems.push(invalid(
            "widths",
            format!(
                "`social.images.widths` {:?} must list widths of 16 to 4096 pixels",
                images.widths
            ),
            "e.g. `widths: [480, 800, 1200]`",
        ));
    }
    problems
}
