//! The group's people and places as other items name them: a provider's `locations`,
//! an article's `author` and `reviewed_by` (a provider's id, or free text where
//! `rules.require_provider_review` is off), and reviews by someone who had left.

use super::{Excluded, Published};
use crate::config::Config;
use crate::content::{Detail, Item, Kind};
use crate::diagnostics::{Diagnostic, did_you_mean};
use std::collections::HashMap;

/// Whether `text` is written like an id (`priya-raman`) rather than a name
/// (`Dr. Priya Raman`): an id that names no provider is a mistake, a name is free text.
fn looks_like_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Every reference to a provider or location among the published items that does not
/// resolve, and every review after its reviewer left.
/// A reference to an item that failed to load or was refused is not reported again:
/// its own errors are.
pub fn check(
    config: &Config,
    published: &[Published<'_>],
    excluded: &HashMap<String, Excluded>,
) -> Vec<Diagnostic> {
    let failed = |kind: Kind, slug: &str| {
        matches!(
            excluded.get(&kind.path_of(slug)),
            Some(Excluded::Invalid | Excluded::Refused)
        )
    };
    let of_kind = |kind: Kind| -> HashMap<&str, &Item> {
        published
            .iter()
            .filter(|p| p.item.kind == kind)
            .map(|p| (p.item.slug.as_str(), p.item))
            .collect()
    };
    let providers = of_kind(Kind::Provider);
    let locations = of_kind(Kind::Location);
    let mut out = Vec::new();
    for account in &config.social.accounts {
        if let Some(l) = &account.location {
            if !locations.contains_key(l.as_str()) && !failed(Kind::Location, l) {
                let hint = did_you_mean(l, locations.keys().copied())
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                out.push(
                    Diagnostic::error(
                        "social::unknown_location",
                        format!("the {} account is for the location `{l}`, which the site does not have", account.platform),
                    )
                    .in_file(crate::config::CONFIG_FILE)
                    .at_line(account.line)
                    .with_help(format!("{hint}write `for: group` or a location's id (its file name in content/locations/)")),
                );
            }
        }
    }
    for p in published {
        let item = p.item;
        if let crate::content::model::Targets::Listed(list) = &item.social.locations {
            for l in list {
                if l != "group" && !locations.contains_key(l.as_str()) && !failed(Kind::Location, l)
                {
                    out.push(unknown(
                        "social::unknown_location",
                        item,
                        "social",
                        "location",
                        l,
                        locations.keys().copied(),
                    ));
                }
            }
        }
        match &item.detail {
            Detail::Provider { locations: at, .. } => {
                for slug in at {
                    if !locations.contains_key(slug.as_str()) && !failed(Kind::Location, slug) {
                        out.push(unknown(
                            "provider::unknown_location",
                            item,
                            "locations",
                            "location",
                            slug,
                            locations.keys().copied(),
                        ));
                    }
                }
            }
            Detail::Article { author, .. } => {
                if let Some(a) = author.as_deref().map(str::trim) {
                    if looks_like_id(a) && !providers.contains_key(a) && !failed(Kind::Provider, a)
                    {
                        out.push(unknown(
                            "provider::unknown",
                            item,
                            "author",
                            "provider",
                            a,
                            providers.keys().copied(),
                        ));
                    }
                }
            }
            _ => {}
        }
        // Articles, videos and tips name their reviewer.
        let Some((Some(r), last_reviewed)) = item.medical_review() else {
            continue;
        };
        let r = r.trim();
        match providers.get(r) {
            Some(reviewer) => {
                if let (
                    Detail::Provider {
                        left_on: Some(left),
                        ..
                    },
                    Some(reviewed),
                ) = (&reviewer.detail, last_reviewed)
                {
                    if reviewed > *left {
                        out.push(
                            Diagnostic::error(
                                "provider::reviewed_after_leaving",
                                format!(
                                    "reviewed on {} by {}, who left on {}",
                                    reviewed.iso(),
                                    reviewer.title,
                                    left.iso()
                                ),
                            )
                            .in_file(&item.source)
                            .at_line(item.key_line("last_reviewed"))
                            .with_help("ask a clinician who is with the group now to review it, and name them in `reviewed_by`"),
                        );
                    }
                }
            }
            None if failed(Kind::Provider, r) => {}
            None if looks_like_id(r) || config.rules.require_provider_review => {
                let mut d = unknown(
                    "provider::unknown",
                    item,
                    "reviewed_by",
                    "provider",
                    r,
                    providers.keys().copied(),
                );
                if !looks_like_id(r) {
                    d.code = "provider::review_required";
                    d.message = format!(
                        "`reviewed_by: {r}` names no provider, and `rules.require_provider_review` is on"
                    );
                    d.help = Some("write the reviewer's provider id (the file name in content/providers/, e.g. `priya-raman`)".to_string());
                }
                out.push(d);
            }
            None => {}
        }
    }
    out
}

/// `key` names a `what` (provider or location) that is not published.
fn unknown<'a>(
    code: &'static str,
    item: &Item,
    key: &str,
    what: &str,
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let hint = match did_you_mean(name, known) {
        Some(close) => format!("did you mean `{close}`? "),
        None => String::new(),
    };
    Diagnostic::error(
        code,
        format!("`{key}` names the {what} `{name}`, which the site does not have"),
    )
    .in_file(&item.source)
    .at_line(item.key_line(key))
    .with_help(format!(
        "{hint}write the id of a {what} (its file name in content/{}s/, without .md)",
        what
    ))
}
