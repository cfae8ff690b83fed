//! What templates see: plain serializable views built once per item.
//! Lists carry summaries (no body HTML), so no page context holds the whole site.

use crate::config::Config;
use crate::content::model::TocEntry;
use crate::content::{Citation, Detail, Item, Kind};
use crate::dates::Day;
use crate::plan::{Plan, Published, PublishedImage};
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub practice: PracticeView,
    pub brand: BrandView,
    pub nav: Vec<NavLink>,
    pub year: i16,
    pub feed_url: String,
    pub has_testimonials: bool,
    pub has_infographics: bool,
    /// Whether the site has a search page (`search:`): the header shows a search box.
    pub search: bool,
    /// The path of `base_url` (`/clinic`, or empty), for scripts that build URLs themselves.
    pub base_path: String,
    /// The standing line of live Q&A sessions (`social.qa_notice`; empty: none).
    pub qa_notice: String,
}

#[derive(Serialize, Clone)]
pub struct PracticeView {
    pub name: String,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub fax: Option<String>,
    pub address: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct BrandView {
    pub color: String,
    pub accent: String,
    pub logo_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct NavLink {
    pub title: String,
    pub path: String,
}

#[derive(Serialize, Clone)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub path: String,
}

#[derive(Serialize, Clone)]
pub struct CitationView {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub accessed: Option<String>,
    pub accessed_display: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct ImageView {
    pub url: String,
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    /// `srcset` of a raster page image (empty otherwise).
    pub srcset: String,
}

/// One item as templates see it. `content` and `toc` are empty in list summaries.
#[derive(Serialize, Clone)]
pub struct ItemView<'a> {
    pub kind: &'static str,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub path: String,
    pub url: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub tags: Vec<TagRef>,
    pub content: std::borrow::Cow<'a, str>,
    pub toc: &'a [TocEntry],
    pub reading_minutes: usize,
    pub author: Option<&'a str>,
    pub reviewed_by: Option<&'a str>,
    pub last_reviewed: Option<String>,
    pub last_reviewed_display: Option<String>,
    pub citations: Vec<CitationView>,
    pub image: Option<ImageView>,
    pub quote: Option<&'a str>,
    pub patient: Option<&'a str>,
    pub service: Option<&'a str>,
    pub video: Option<&'a str>,
    pub disclosure: Option<&'a str>,
    pub alt: Option<&'a str>,
    pub long_description: Option<&'a str>,
    pub poll: Option<PollView<'a>>,
    pub event: Option<EventView<'a>>,
    pub challenge: Option<ChallengeView<'a>>,
    pub provider: Option<ProviderView<'a>>,
    pub location: Option<LocationView<'a>>,
    /// The reviewer, when `reviewed_by` names a provider: their name and page.
    pub reviewer: Option<LinkView>,
    /// A video item's player, duration and chapters.
    pub player: Option<super::video::VideoView>,
    /// Who appears in a behind-the-scenes photo.
    pub people: &'a [String],
}

/// A link to another page of the site.
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub path: String,
}

/// A provider as their page and the directory show them.
#[derive(Serialize, Clone)]
pub struct ProviderView<'a> {
    pub name: &'a str,
    pub credentials: &'a [String],
    pub specialties: Vec<LinkView>,
    pub npi: Option<&'a str>,
    pub languages: Vec<LinkView>,
    pub locations: Vec<LinkView>,
    pub accepting_new_patients: Option<bool>,
    pub left: bool,
}

/// A location as its page shows it.
#[derive(Serialize, Clone)]
pub struct LocationView<'a> {
    pub address: &'a crate::content::model::Address,
    pub address_line: String,
    pub phone: Option<&'a str>,
    pub phone_href: Option<String>,
    pub fax: Option<&'a str>,
    pub email: Option<&'a str>,
    /// Each day of the week, Monday first: "8:00 AM – 5:00 PM" or "Closed".
    pub hours: Vec<(&'static str, String)>,
    pub closures: Vec<(String, &'a str)>,
    pub services: &'a [String],
    pub parking: Option<&'a str>,
    pub accessibility: Option<&'a str>,
    pub providers: Vec<LinkView>,
    /// Its own social accounts, as (platform label, handle).
    pub handles: Vec<(&'static str, &'a str)>,
    /// The map, a click-to-load facade (nothing is fetched before a click).
    pub map: String,
}

/// The site path of a provider directory filter page, e.g. `/providers/specialty/cardiology/`.
pub fn facet_path(facet: &str, value: &str) -> String {
    format!("/providers/{facet}/{}/", slug::slugify(value))
}

/// `tel:+15550100`: a phone number as a link dials it.
fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// "8:00 AM".
fn clock(t: jiff::civil::Time) -> String {
    t.strftime("%-I:%M %p").to_string()
}

/// The view of a provider; `places` finds their locations' pages by slug.
pub fn provider_view<'a>(
    item: &'a Item,
    places: &std::collections::HashMap<&str, &Item>,
    today: Day,
) -> Option<ProviderView<'a>> {
    let Detail::Provider {
        name,
        credentials,
        specialties,
        npi,
        languages,
        locations,
        accepting_new_patients,
        left_on,
        ..
    } = &item.detail
    else {
        return None;
    };
    let facet = |facet: &str, values: &[String]| -> Vec<LinkView> {
        values
            .iter()
            .map(|v| LinkView {
                title: v.clone(),
                path: facet_path(facet, v),
            })
            .collect()
    };
    Some(ProviderView {
        name,
        credentials,
        specialties: facet("specialty", specialties),
        npi: npi.as_deref(),
        languages: facet("language", languages),
        locations: locations
            .iter()
            .filter_map(|slug| places.get(slug.as_str()))
            .map(|l| LinkView {
                title: l.title.clone(),
                path: l.path(),
            })
            .collect(),
        accepting_new_patients: *accepting_new_patients,
        left: left_on.is_some_and(|d| d <= today),
    })
}

/// The view of a location; `staff` are the providers who practise there.
pub fn location_view<'a>(item: &'a Item, staff: Vec<LinkView>) -> Option<LocationView<'a>> {
    let Detail::Location {
        address,
        phone,
        fax,
        email,
        hours,
        closures,
        services,
        parking,
        accessibility,
        handles,
        ..
    } = &item.detail
    else {
        return None;
    };
    let week = [
        jiff::civil::Weekday::Monday,
        jiff::civil::Weekday::Tuesday,
        jiff::civil::Weekday::Wednesday,
        jiff::civil::Weekday::Thursday,
        jiff::civil::Weekday::Friday,
        jiff::civil::Weekday::Saturday,
        jiff::civil::Weekday::Sunday,
    ];
    let mut embed = crate::privacy::embeds::map_query(&address.one_line());
    embed.title = format!("Map of {}", item.title);
    Some(LocationView {
        address,
        address_line: address.one_line(),
        phone: phone.as_deref(),
        phone_href: phone.as_deref().map(tel_href),
        fax: fax.as_deref(),
        email: email.as_deref(),
        hours: week
            .iter()
            .map(|day| {
                let name = crate::dates::weekday_name(*day);
                let ranges = hours
                    .iter()
                    .find(|(d, _)| d == day)
                    .map(|(_, r)| r.as_slice())
                    .unwrap_or(&[]);
                let text = if ranges.is_empty() {
                    "Closed".to_string()
                } else {
                    ranges
                        .iter()
                        .map(|(a, b)| format!("{} – {}", clock(*a), clock(*b)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                (name, text)
            })
            .collect(),
        closures: closures
            .iter()
            .map(|(d, note)| (d.display(), note.as_str()))
            .collect(),
        services,
        parking: parking.as_deref(),
        accessibility: accessibility.as_deref(),
        providers: staff,
        handles: handles
            .iter()
            .filter_map(|(platform, handle)| {
                crate::platform::Platform::from_name(platform)
                    .map(|p| (p.facts().label, handle.as_str()))
            })
            .collect(),
        map: crate::privacy::embeds::facade(&embed),
    })
}

/// A health challenge or contest as its page shows it.
#[derive(Serialize, Clone)]
pub struct ChallengeView<'a> {
    pub start: String,
    pub end: String,
    /// "January 4, 2027 to February 2, 2027".
    pub dates: String,
    pub hashtag: &'a str,
    pub every: &'static str,
    /// Each prompt with the day it is posted.
    pub prompts: Vec<PromptView<'a>>,
    pub contest: Option<&'a crate::content::Contest>,
    /// The official rules page of a contest.
    pub rules_path: Option<String>,
    /// Winners as their consent records name them.
    pub winners: Vec<String>,
}

#[derive(Serialize, Clone)]
pub struct PromptView<'a> {
    pub number: usize,
    pub date: String,
    pub date_display: String,
    pub text: &'a str,
}

/// The site path of a contest's official rules.
pub fn rules_path(item: &Item) -> String {
    format!("{}rules/", item.path())
}

pub fn challenge_view<'a>(item: &'a Item, winners: &[String]) -> Option<ChallengeView<'a>> {
    let Detail::Challenge {
        start,
        end,
        hashtag,
        every,
        prompts,
        contest,
        ..
    } = &item.detail
    else {
        return None;
    };
    let periods = usize::try_from(every.periods(*start, *end)).unwrap_or(0);
    Some(ChallengeView {
        start: start.iso(),
        end: end.iso(),
        dates: format!("{} to {}", start.display(), end.display()),
        hashtag,
        every: every.name(),
        prompts: prompts
            .iter()
            .take(periods)
            .enumerate()
            .map(|(i, text)| {
                let day = crate::content::Every::prompt_day(*every, *start, i);
                PromptView {
                    number: i + 1,
                    date: day.iso(),
                    date_display: day.display(),
                    text,
                }
            })
            .collect(),
        contest: contest.as_ref(),
        rules_path: contest.as_ref().map(|_| rules_path(item)),
        winners: winners.to_vec(),
    })
}

/// A live session as its page and cards show it.
#[derive(Serialize, Clone)]
pub struct EventView<'a> {
    /// RFC 3339 with the event's offset, for `<time datetime>`.
    pub start: String,
    pub end: String,
    /// "Thursday, January 14, 2027, 6:00 PM – 7:00 PM CST", in the event's time zone.
    pub when: String,
    pub timezone: &'a str,
    pub stream: &'static str,
    pub watch_url: Option<&'a str>,
    pub hosts: &'a [String],
    pub topic: Option<&'a str>,
    pub recording: Option<&'a str>,
    pub status: &'static str,
    pub goes_ahead: bool,
    /// Not over on the build's day (`set_today`; the day is the page builder's).
    pub upcoming: bool,
    /// The site path of its "add to calendar" file.
    pub calendar_path: String,
}

impl ItemView<'_> {
    /// Marks an event upcoming or past as of `today` (the day it ends counts as upcoming).
    pub fn set_today(&mut self, item: &Item, today: Day) {
        if let (Some(view), Detail::Event { end, .. }) = (&mut self.event, &item.detail) {
            view.upcoming = end.date() >= today.0;
        }
    }
}

fn event_view<'a>(item: &'a Item) -> Option<EventView<'a>> {
    let Detail::Event {
        start,
        end,
        stream,
        url,
        hosts,
        topic,
        recording,
        status,
    } = &item.detail
    else {
        return None;
    };
    Some(EventView {
        start: crate::dates::rfc3339(start),
        end: crate::dates::rfc3339(end),
        when: crate::dates::span_display(start, end),
        timezone: start.time_zone().iana_name().unwrap_or("UTC"),
        stream: stream.label(),
        watch_url: url.as_deref(),
        hosts,
        topic: topic.as_deref(),
        recording: recording.as_deref(),
        status: status.name(),
        goes_ahead: status.goes_ahead(),
        upcoming: true,
        calendar_path: super::event_calendar::ics_path(item),
    })
}

/// A poll as its page shows it: the options, and once entered the results (each
/// option's share drawn as a bar, and a table of the counts).
#[derive(Serialize, Clone)]
pub struct PollView<'a> {
    pub question: &'a str,
    /// How long it ran (`1d`, `3d`, …).
    pub duration: String,
    pub options: Vec<PollOptionView<'a>>,
    pub has_results: bool,
    pub total_votes: u64,
}

#[derive(Serialize, Clone)]
pub struct PollOptionView<'a> {
    pub text: &'a str,
    pub votes: u64,
    /// Whole percent of all votes (rounded), for the label and the table.
    pub percent: u64,
    /// The share of all votes to one decimal: the bar's length out of 100.
    pub bar: f64,
}

fn poll_view<'a>(
    question: &'a str,
    options: &'a [String],
    minutes: u32,
    results: Option<&[u64]>,
) -> PollView<'a> {
    let counts: Vec<u64> = match results {
        Some(r) if r.len() == options.len() => r.to_vec(),
        _ => vec![0; options.len()],
    };
    let total: u64 = counts.iter().sum();
    PollView {
        question,
        duration: crate::platform::minutes_text(minutes),
        options: options
            .iter()
            .zip(&counts)
            .map(|(text, &votes)| PollOptionView {
                text,
                votes,
                percent: (votes * 100 + total / 2).checked_div(total).unwrap_or(0),
                bar: if total == 0 {
                    0.0
                } else {
                    (votes as f64 * 1000.0 / total as f64).round() / 10.0
                },
            })
            .collect(),
        has_results: results.is_some() && total > 0,
        total_votes: total,
    }
}

pub fn site_view(config: &Config, plan: &Plan<'_>, today: Day) -> SiteView {
    let mut nav = vec![NavLink {
        title: "Health library".into(),
        path: "/articles/".into(),
    }];
    let has_infographics = plan
        .published
        .iter()
        .any(|p| p.item.kind == Kind::Infographic);
    let has_testimonials = plan
        .published
        .iter()
        .any(|p| p.item.kind == Kind::Testimonial);
    if has_infographics {
        nav.push(NavLink {
            title: "Infographics".into(),
            path: "/infographics/".into(),
        });
    }
    if has_testimonials {
        nav.push(NavLink {
            title: "Patient stories".into(),
            path: "/testimonials/".into(),
        });
    }
    if plan.published.iter().any(|p| p.item.kind == Kind::Poll) {
        nav.push(NavLink {
            title: "Polls".into(),
            path: "/polls/".into(),
        });
    }
    if plan
        .published
        .iter()
        .any(|p| p.item.kind == Kind::Challenge)
    {
        nav.push(NavLink {
            title: "Challenges".into(),
            path: "/challenges/".into(),
        });
    }
    if plan.published.iter().any(|p| p.item.kind == Kind::Event) {
        nav.push(NavLink {
            title: "Live Q&A".into(),
            path: "/events/".into(),
        });
    }
    let mut pages: Vec<_> = plan
        .published
        .iter()
        .filter_map(|p| match p.item.detail {
            Detail::Page {
                menu_order: Some(order),
            } => Some((order, p.item)),
            _ => None,
        })
        .collect();
    pages.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.title.cmp(&b.1.title)));
    nav.extend(pages.into_iter().map(|(_, i)| NavLink {
        title: i.title.clone(),
        path: i.path(),
    }));
    let phone = config.practice.phone.clone();
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.clone(),
        base_path: config.base_path().to_string(),
        qa_notice: config.social.qa_notice.trim().to_string(),
        search: config.search,
        language: config.language.clone(),
        practice: PracticeView {
            name: config.practice_name().to_string(),
            phone_href: phone.as_deref().map(tel_href),
            phone,
            email: config.practice.email.clone(),
            fax: config.practice.fax.clone(),
            address: config.practice.address.clone(),
        },
        brand: BrandView {
            color: config.brand.color.clone(),
            accent: config.brand.accent.clone(),
            logo_url: config
                .brand
                .logo
                .as_ref()
                .map(|l| format!("/{}", l.trim_start_matches('/'))),
        },
        nav,
        year: today.0.year(),
        feed_url: config.absolute("/feed.xml"),
        has_testimonials,
        has_infographics,
    }
}

pub fn tag_ref(name: &str) -> TagRef {
    let slug = crate::routes::tag_slug(name);
    TagRef {
        path: format!("/tags/{slug}/"),
        name: name.to_string(),
        slug,
    }
}

fn citation_views(list: &[Citation]) -> Vec<CitationView> {
    list.iter()
        .map(|c| CitationView {
            title: c.title.clone(),
            url: c.url.clone(),
            publisher: c.publisher.clone(),
            accessed: c.accessed.map(|d| d.iso()),
            accessed_display: c.accessed.map(|d| d.display()),
        })
        .collect()
}

pub fn image_view(config: &Config, img: &PublishedImage) -> ImageView {
    let path = img.path();
    ImageView {
        url: config.absolute(&path),
        path,
        width: img.width(),
        height: img.height(),
        alt: img.alt.clone(),
        srcset: img.srcset(),
    }
}

/// The item's social image (`og:image`): the `og` preset of its kit, else the first preset.
fn og_rendition<'p>(p: &'p Published<'_>) -> Option<&'p crate::plan::media::Rendition> {
    p.kit.as_ref()?.og()
}

/// The site path of the item's `og:image`, e.g. `/social/articles/flu/og.jpg`.
pub fn og_image_path(p: &Published<'_>) -> Option<String> {
    og_rendition(p).map(|r| format!("{}{}.{}", p.kit_dir(), r.name, r.extension))
}

/// The item's `og:image` as templates see it.
pub fn kit_image_view(config: &Config, p: &Published<'_>) -> Option<ImageView> {
    let r = og_rendition(p)?;
    let path = format!("{}{}.{}", p.kit_dir(), r.name, r.extension);
    Some(ImageView {
        url: config.absolute(&path),
        path,
        width: r.width,
        height: r.height,
        alt: match &p.image {
            Some(img) => img.alt.clone(),
            None => p.item.title.clone(),
        },
        srcset: String::new(),
    })
}

/// Builds the view of one item; `full` includes the body HTML and table of contents.
pub fn item_view<'a>(
    config: &Config,
    item: &'a Item,
    disclosure: Option<&'a str>,
    image: Option<&PublishedImage>,
    full: bool,
) -> ItemView<'a> {
    let path = item.path();
    let mut view = ItemView {
        kind: item.kind.label(),
        slug: &item.slug,
        title: &item.title,
        description: &item.description,
        url: config.absolute(&path),
        path,
        date: item.date.map(|d| d.iso()),
        date_display: item.date.map(|d| d.display()),
        updated: item.updated.map(|d| d.iso()),
        updated_display: item.updated.map(|d| d.display()),
        tags: item.tags.iter().map(|t| tag_ref(t)).collect(),
        content: if full {
            item.body.html.as_str().into()
        } else {
            "".into()
        },
        toc: if full { &item.body.toc } else { &[] },
        reading_minutes: item.body.words.div_ceil(220).max(1),
        author: None,
        reviewed_by: None,
        last_reviewed: None,
        last_reviewed_display: None,
        citations: Vec::new(),
        image: image.map(|i| image_view(config, i)),
        quote: None,
        patient: None,
        service: None,
        video: None,
        disclosure,
        alt: None,
        long_description: None,
        poll: None,
        event: event_view(item),
        challenge: None,
        provider: None,
        location: None,
        reviewer: None,
        player: None,
        people: &[],
    };
    if let Some((reviewed_by, last_reviewed)) = item.medical_review() {
        view.reviewed_by = reviewed_by;
        view.last_reviewed = last_reviewed.map(|d| d.iso());
        view.last_reviewed_display = last_reviewed.map(|d| d.display());
    }
    match &item.detail {
        Detail::Article {
            author, citations, ..
        } => {
            view.author = author.as_deref();
            view.citations = citation_views(citations);
        }
        Detail::Video { citations, .. } | Detail::Tip { citations, .. } => {
            view.citations = citation_views(citations);
        }
        Detail::Team { people, .. } => view.people = people,
        Detail::Testimonial {
            patient,
            quote,
            video,
            service,
            ..
        } => {
            view.patient = Some(patient);
            view.quote = quote.as_deref();
            view.video = video.as_deref();
            view.service = service.as_deref();
        }
        Detail::Infographic {
            alt,
            long_description,
            citations,
            ..
        } => {
            view.alt = Some(alt);
            view.long_description = long_description.as_deref();
            view.citations = citation_views(citations);
        }
        Detail::Poll {
            question,
            options,
            duration_minutes,
            results,
            citations,
        } => {
            view.poll = Some(poll_view(
                question,
                options,
                *duration_minutes,
                results.as_deref(),
            ));
            view.citations = citation_views(citations);
        }
        Detail::Event { .. }
        | Detail::Challenge { .. }
        | Detail::Provider { .. }
        | Detail::Location { .. }
        | Detail::Page { .. } => {}
    }
    view
}
