//! The gate stage: decides what is published (drafts, schedule, consent), checks
//! references between items, and prepares their images.

use crate::consent::gate::incentive_disclosure;
use crate::consent::{ConsentVerdict, Finding, Ledger, Medium, PatientUse, evaluate};
use crate::content::{Detail, Item};
use crate::dates::Day;
use crate::diagnostics::Diagnostic;
use crate::inputs::SiteInputs;
pub mod links;
pub mod media;
pub mod people;
pub mod poll;

use crate::lint::review::{review_freshness, review_required};
pub use media::{ImageSet, PublishedImage};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub drafts: bool,
    pub future: bool,
    pub today: Day,
}

/// An item that passed every gate, with what the gate attached to it.
#[derive(Debug, Clone)]
pub struct Published<'a> {
    pub item: &'a Item,
    pub disclosure: Option<String>,
    /// Social platforms its consent allows (`None`: no consent involved, all allowed).
    pub social_channels: Option<Vec<String>>,
    pub image: Option<PublishedImage>,
    /// The social image kit: every preset, cut from the image or a title card.
    pub kit: Option<Arc<ImageSet>>,
    /// A contest's winners as their consent records name them (`display_name`).
    pub winner_names: Vec<String>,
    /// A provider whose photo release was revoked: the page is built without the photo.
    pub photo_withdrawn: bool,
}

impl Published<'_> {
    /// Site folder of the item's social kit, e.g. `/social/articles/flu/`.
    pub fn kit_dir(&self) -> String {
        format!("/social/{}/{}/", self.item.kind.section(), self.item.slug)
    }
}

#[derive(Debug)]
pub struct Plan<'a> {
    /// The day the plan was made for (`--today`): what is future, expired, due.
    pub today: Day,
    pub published: Vec<Published<'a>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Site paths of items the consent gate refused or withdrew: a preview server
    /// takes their pages down even when the rest of the rebuild fails.
    pub withheld: BTreeSet<String>,
    /// Why each item that is not published is left out (to explain links to it).
    pub excluded: HashMap<String, Excluded>,
}

/// Why an item is not published (used to explain broken links to it).
#[derive(Debug)]
pub enum Excluded {
    Draft,
    Future,
    Withdrawn,
    Refused,
    Invalid,
}

/// The names a contest shows for its winners: each record's `display_name`, which the
/// gate has already checked covers naming them.
fn winners_as_named(
    item: &Item,
    winners: &[String],
    ledger: &Ledger,
) -> Result<Vec<String>, Diagnostic> {
    winners
        .iter()
        .map(|id| {
            ledger
                .find(id)
                .first()
                .and_then(|r| r.display_name.clone())
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| {
                    Diagnostic::error(
                        "contest::winner_without_name",
                        format!("consent {id} has no `display_name` to announce the winner by"),
                    )
                    .in_file(&item.source)
                    .at_line(item.key_line("winners"))
                    .with_help("record in the consent the name the winner agreed to be announced by (`display_name`)")
                })
        })
        .collect()
}

fn patient_use(item: &Item) -> (Vec<String>, Option<&str>, Vec<Medium>) {
    let ids = item.consent_ids();
    match &item.detail {
        Detail::Testimonial {
            patient,
            quote,
            photo,
            video,
            ..
        } => {
            let anonymous = patient.trim().eq_ignore_ascii_case("anonymous");
            let mut media = Vec::new();
            if !anonymous {
                media.push(Medium::Name);
            }
            if quote.is_some() {
                media.push(Medium::Quote);
            }
            if item.body.words > 0 {
                media.push(Medium::Story);
            }
            if photo.is_some() {
                media.push(Medium::Photo);
            }
            if video.is_some() {
                media.push(Medium::Video);
            }
            (ids, (!anonymous).then_some(patient.as_str()), media)
        }
        Detail::Infographic { .. } => (ids, None, vec![Medium::Photo]),
        // A patient seen in a video, or in a behind-the-scenes photo.
        Detail::Video { .. } => (ids, None, vec![Medium::Video]),
        Detail::Team { .. } => (ids, None, vec![Medium::Photo]),
        // Announcing a winner names them (as their record's `display_name`).
        Detail::Challenge { .. } => (ids, None, vec![Medium::Name]),
        _ => (ids, None, vec![Medium::Story]),
    }
}

/// What the staff releases in the ledger allow for a behind-the-scenes photo.
enum StaffPhoto {
    Allowed,
    /// A release was revoked after the item went out: the photo comes down from every
    /// output, the item stays.
    Withdrawn(Diagnostic),
    /// Someone in it has no release, or revoked it before the item's date.
    Refused(Vec<Diagnostic>),
}

/// Staff photo releases for the `people` in an item's photo: each must have signed one;
/// a release revoked by the item's date refuses it, one revoked since withdraws the photo
/// (as a revoked patient consent withdraws an item).
fn staff_photo(item: &Item, people: &[String], ledger: &Ledger, today: Day) -> StaffPhoto {
    let mut refused = Vec::new();
    let mut withdrawn = Vec::new();
    let published_on = item.date.unwrap_or(today);
    for name in people {
        match ledger.staff_release(name) {
            None => refused.push(
                Diagnostic::error(
                    "team::photo_without_release",
                    format!("{name} appears in the photo but has no staff photo release in the ledger"),
                )
                .in_file(&item.source)
                .at_line(item.key_line("people"))
                .with_help(format!(
                    "record {name}'s signed release under `staff:` in content/consent/ (`{{ name: {name}, signed_on: YYYY-MM-DD, form_ref: … }}`), or use a photo without them"
                )),
            ),
            Some(r) if r.signed_on > published_on => refused.push(
                Diagnostic::error(
                    "team::photo_without_release",
                    format!("{name}'s photo release was signed on {}, after the item's date", r.signed_on),
                )
                .in_file(&item.source)
                .at_line(item.key_line("people"))
                .with_help("a release must be signed before the photo is published; fix the date or the release"),
            ),
            Some(r) => match r.revoked_on.filter(|d| *d <= today) {
                Some(revoked) if revoked <= published_on => refused.push(
                    Diagnostic::error(
                        "team::release_revoked",
                        format!("{name} revoked their photo release on {revoked}, before this item's date"),
                    )
                    .in_file(&item.source)
                    .at_line(item.key_line("people"))
                    .with_help(format!("use a photo without {name}, or remove `photo`")),
                ),
                Some(revoked) => withdrawn.push(format!("{name} (on {revoked})")),
                None => {}
            },
        }
    }
    if !refused.is_empty() {
        return StaffPhoto::Refused(refused);
    }
    if withdrawn.is_empty() {
        return StaffPhoto::Allowed;
    }
    StaffPhoto::Withdrawn(
        Diagnostic::warning(
            "team::photo_withdrawn",
            format!(
                "{} revoked their photo release: the photo is withdrawn from the page, feed and social kit",
                withdrawn.join(", ")
            ),
        )
        .in_file(&item.source)
        .at_line(item.key_line("photo"))
        .with_help("take down posts that showed the photo on every platform, then remove `photo` from the file"),
    )
}

fn finding_diag(item: &Item, f: &Finding, error: bool) -> Diagnostic {
    let d = if error {
        Diagnostic::error(f.code, f.message.clone())
    } else {
        Diagnostic::warning(f.code, f.message.clone())
    };
    d.in_file(&item.source)
        .at_line(item.key_line(item.consent_key()))
        .with_help(f.help.clone())
}

pub fn plan<'a>(
    inputs: &SiteInputs<'_>,
    items: &'a [Item],
    failed: &[String],
    ledger: &Ledger,
    opts: &PlanOptions,
) -> Plan<'a> {
    let SiteInputs {
        root: _, config, ..
    } = *inputs;
    let mut diagnostics = Vec::new();
    let mut published = Vec::new();
    let mut excluded: HashMap<String, Excluded> = HashMap::new();
    let mut withheld = BTreeSet::new();
    for path in failed {
        excluded.insert(path.clone(), Excluded::Invalid);
    }
    // The theme, static files and config, on every build, check and preview rebuild.
    diagnostics.extend(crate::lint::trackers::scan_site(inputs));
    let trackers = crate::lint::trackers::TrackerPolicy::from_config(config);

    for item in items {
        let not_built = if item.draft && !opts.drafts {
            Some(Excluded::Draft)
        } else if item.date.is_some_and(|d| d > opts.today) && !opts.future {
            Some(Excluded::Future)
        } else {
            None
        };
        if config.rules.require_review {
            diagnostics.extend(review_required(item, not_built.is_none()));
        }
        // Patient information and trackers block publication; in a draft they are
        // warnings to fix first.
        let privacy = crate::lint::trackers::diagnose(&item.body.privacy, &item.source, &trackers);
        diagnostics.extend(item.phi.iter().cloned().chain(privacy).map(|mut d| {
            if not_built.is_some() && d.is_error() {
                d.severity = crate::diagnostics::Severity::Warning;
            }
            d
        }));
        let mut disclosure = None;
        let mut social_channels = None;
        if item.features_patient() {
            let (ids, shown, media) = patient_use(item);
            let use_ = PatientUse {
                consent_ids: &ids,
                shown_name: shown,
                media,
            };
            match evaluate(&use_, ledger, opts.today, config.rules.consent_warn_days) {
                ConsentVerdict::Refused { findings } => {
                    // A draft is not published yet: tell the writer without failing the build.
                    let error = not_built.is_none();
                    diagnostics.extend(findings.iter().map(|f| finding_diag(item, f, error)));
                    excluded.insert(item.path(), not_built.unwrap_or(Excluded::Refused));
                    withheld.insert(item.path());
                    continue;
                }
                ConsentVerdict::Withdrawn {
                    findings,
                    takedown_pending,
                } => {
                    for f in &findings {
                        let mut d = finding_diag(item, f, false);
                        if takedown_pending && f.code == "consent::revoked" {
                            d.message.push_str(&format!(
                                "; take down: {} and every post made from social-kit/{}/{}/ on every platform",
                                config.absolute(&item.path()),
                                item.kind.section(),
                                item.slug
                            ));
                        }
                        diagnostics.push(d);
                    }
                    excluded.insert(item.path(), Excluded::Withdrawn);
                    withheld.insert(item.path());
                    continue;
                }
                ConsentVerdict::Publish {
                    warnings,
                    incentives,
                    social_channels: channels,
                } => {
                    diagnostics.extend(warnings.iter().map(|f| finding_diag(item, f, false)));
                    let who = match &item.detail {
                        Detail::Testimonial { patient, .. } => patient.clone(),
                        _ => "The patient featured".to_string(),
                    };
                    if !incentives.is_empty() {
                        disclosure = Some(
                            incentives
                                .iter()
                                .map(|i| incentive_disclosure(&who, i, config.practice_name()))
                                .collect::<Vec<_>>()
                                .join(" "),
                        );
                    }
                    social_channels = Some(channels);
                }
            }
        }
        if let Some(reason) = not_built {
            excluded.insert(item.path(), reason);
            continue;
        }
        if let Some(d) = review_freshness(item, opts.today, config.rules.review_interval_days) {
            diagnostics.push(d);
        }
        diagnostics.extend(poll::check(config, item));
        let winner_names = match &item.detail {
            Detail::Challenge { winners, .. } => match winners_as_named(item, winners, ledger) {
                Ok(names) => names,
                Err(d) => {
                    diagnostics.push(d);
                    excluded.insert(item.path(), Excluded::Refused);
                    continue;
                }
            },
            _ => Vec::new(),
        };
        // A behind-the-scenes photo shows staff: each needs a release.
        let mut photo_withdrawn = false;
        if let Detail::Team {
            photo: Some(_),
            people,
            ..
        } = &item.detail
        {
            match staff_photo(item, people, ledger, opts.today) {
                StaffPhoto::Allowed => {}
                StaffPhoto::Withdrawn(d) => {
                    diagnostics.push(d);
                    photo_withdrawn = true;
                }
                StaffPhoto::Refused(ds) => {
                    diagnostics.extend(ds);
                    excluded.insert(item.path(), Excluded::Refused);
                    continue;
                }
            }
        }
        // A provider's photo is a staff photo: shown only under a release in the ledger.
        if let Detail::Provider {
            photo: Some(_),
            name,
            ..
        } = &item.detail
        {
            match ledger.staff_release(name) {
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            "provider::photo_without_release",
                            format!("the photo of {name} has no staff photo release in the ledger"),
                        )
                        .in_file(&item.source)
                        .at_line(item.key_line("photo"))
                        .with_help(format!(
                            "record {name}'s signed release under `staff:` in content/consent/ (`{{ name: {name}, signed_on: YYYY-MM-DD, form_ref: … }}`), or remove `photo`"
                        )),
                    );
                    excluded.insert(item.path(), Excluded::Refused);
                    continue;
                }
                Some(release) if release.revoked_on.is_some_and(|d| d <= opts.today) => {
                    diagnostics.push(
                        Diagnostic::warning(
                            "provider::photo_release_revoked",
                            format!(
                                "{name} revoked their photo release on {}: the photo is withdrawn from the site",
                                release.revoked_on.map(|d| d.iso()).unwrap_or_default()
                            ),
                        )
                        .in_file(&item.source)
                        .at_line(item.key_line("photo"))
                        .with_help("remove `photo` from the provider's file (and take down posts that showed it)"),
                    );
                    photo_withdrawn = true;
                }
                Some(_) => {}
            }
        }
        published.push(Published {
            item,
            disclosure,
            social_channels,
            image: None,
            kit: None,
            winner_names,
            photo_withdrawn,
        });
    }

    diagnostics.extend(people::check(config, &published, &excluded));
    Plan {
        today: opts.today,
        published,
        diagnostics,
        withheld,
        excluded,
    }
}
