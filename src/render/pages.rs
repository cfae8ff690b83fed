//! The pages of a site as jobs: what each listing, tag page, feed and sitemap shows,
//! a cheap fingerprint of it (for the preview's incremental rebuilds), and the
//! metadata every page carries.

use super::context::{ImageView, ItemView, item_view, tag_ref};
use crate::config::Config;
use crate::content::{Detail, Item, Kind};
use crate::dates::Day;
use crate::plan::{Plan, Published};
use crate::routes::{output_file, page_path, pages_for};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The default social image used when an item has no raster image of its own.
pub(super) const DEFAULT_OG_IMAGE: (&str, u32, u32) = ("/og-default.png", 1200, 630);

#[derive(Serialize)]
pub(super) struct Meta {
    pub(super) title: String,
    pub(super) description: String,
    pub(super) canonical: String,
    pub(super) og_type: &'static str,
    pub(super) image: ImageView,
    pub(super) jsonld: String,
    pub(super) noindex: bool,
    /// The page's Content-Security-Policy and referrer policy (`privacy::policy`).
    pub(super) csp: String,
    pub(super) referrer: String,
    /// The page has click-to-load embeds (the theme then loads `/embed.js`).
    pub(super) embeds: bool,
}

#[derive(Serialize)]
pub(super) struct Paginator {
    pub(super) current: usize,
    pub(super) total: usize,
    /// Items across all pages of this listing.
    pub(super) total_items: usize,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(super) struct PageLink {
    pub(super) number: usize,
    pub(super) path: String,
    /// Pages were skipped before this one (show an ellipsis).
    pub(super) gap: bool,
}

#[derive(Serialize)]
pub(super) struct SectionView {
    pub(super) kind: &'static str,
    pub(super) title: &'static str,
    pub(super) intro: &'static str,
    pub(super) path: String,
}

#[derive(Serialize)]
pub(super) struct TagSummary {
    pub(super) name: String,
    pub(super) path: String,
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct FeedEntry<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) published: String,
    pub(super) updated: String,
    pub(super) summary: &'a str,
    pub(super) content: &'a str,
    pub(super) author: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SitemapUrl {
    pub(super) loc: String,
    pub(super) lastmod: Option<String>,
}

pub(super) fn sorted_by_date<'a>(plan: &'a Plan<'a>, kind: Kind) -> Vec<&'a Published<'a>> {
    let mut v: Vec<_> = plan
        .published
        .iter()
        .filter(|p| p.item.kind == kind)
        .collect();
    v.sort_by(|a, b| {
        b.item
            .date
            .cmp(&a.item.date)
            .then_with(|| a.item.title.cmp(&b.item.title))
    });
    v
}

pub(super) fn section_meta(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Article => (
            "Health library",
            "Plain-language articles reviewed by our clinicians.",
        ),
        Kind::Testimonial => (
            "Patient stories",
            "Shared by patients who gave their written permission.",
        ),
        Kind::Infographic => (
            "Infographics",
            "Key health facts at a glance, each with a full text description.",
        ),
        Kind::Poll => (
            "Polls",
            "Questions we asked on social media, with the facts behind them and the answers.",
        ),
        Kind::Provider => (
            "Find a provider",
            "Our doctors, nurse practitioners, physician assistants and nurses. Filter by specialty, location or language.",
        ),
        Kind::Location => (
            "Locations",
            "Where to find us: addresses, opening hours, parking and access.",
        ),
        Kind::Challenge => (
            "Health challenges",
            "Join in on social media: a prompt a day or a week, and the tips behind it.",
        ),
        Kind::Event => (
            "Live Q&A",
            "Live question-and-answer sessions with our clinicians: the next ones first, then past sessions and their recordings.",
        ),
        Kind::Video => (
            "Videos",
            "Short videos from our clinicians, each with captions and a transcript.",
        ),
        Kind::Tip => (
            "Health tips",
            "Quick, practical tips, each checked by our clinicians and linked to its source.",
        ),
        Kind::Team => (
            "Behind the scenes",
            "News from our practice and the people who make it run.",
        ),
        Kind::Page => ("Pages", ""),
    }
}

/// One output page, described cheaply; its template context is built only when it
/// is rendered, so contexts for the whole site never sit in memory at once.
pub(super) enum Job<'a> {
    Item(&'a Published<'a>),
    Section {
        kind: Kind,
        page: usize,
    },
    Tags,
    Tag {
        slug: &'a str,
        page: usize,
    },
    Home,
    NotFound,
    /// The search page (with `search:` on).
    Search,
    /// A contest's official rules, a page of its own.
    ContestRules(&'a Published<'a>),
    /// A provider directory filter page (an index into `Pages::facets`).
    ProviderFacet(usize),
    Feed,
    Sitemap,
    Robots,
}

/// Everything page contexts are built from, computed once per render.
pub(super) struct Pages<'a> {
    pub(super) config: &'a Config,
    pub(super) today: Day,
    pub(super) default_image: ImageView,
    pub(super) articles: Vec<&'a Published<'a>>,
    pub(super) testimonials: Vec<&'a Published<'a>>,
    pub(super) infographics: Vec<&'a Published<'a>>,
    pub(super) polls: Vec<&'a Published<'a>>,
    pub(super) videos: Vec<&'a Published<'a>>,
    pub(super) tips: Vec<&'a Published<'a>>,
    pub(super) team: Vec<&'a Published<'a>>,
    /// Upcoming sessions (soonest first), then past ones (latest first).
    pub(super) events: Vec<&'a Published<'a>>,
    /// How many of `events` are upcoming.
    pub(super) upcoming_events: usize,
    /// Newest start first.
    pub(super) challenges: Vec<&'a Published<'a>>,
    /// By name.
    pub(super) providers: Vec<&'a Published<'a>>,
    pub(super) locations: Vec<&'a Published<'a>>,
    /// Providers and locations by slug (what `reviewed_by`, `author` and a provider's
    /// `locations` name).
    pub(super) people: HashMap<&'a str, &'a Item>,
    pub(super) places: HashMap<&'a str, &'a Item>,
    /// The provider directory's filter pages.
    pub(super) facets: Vec<Facet<'a>>,
    pub(super) all: &'a [Published<'a>],
    /// Tag slug -> (display name, items newest first).
    pub(super) tags: BTreeMap<String, (String, Vec<&'a Published<'a>>)>,
    /// Origins every page may load from (allowed trackers, `privacy.allow_hosts`).
    pub(super) allowed_origins: Vec<String>,
    /// The CSP of a page without embeds.
    pub(super) csp: String,
}

impl<'a> Pages<'a> {
    pub(super) fn new(config: &'a Config, plan: &'a Plan<'a>, today: Day) -> Self {
        let mut tags: BTreeMap<String, (String, Vec<&Published>)> = BTreeMap::new();
        // Few distinct tags, used many times: slugify each once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for p in &plan.published {
            for t in &p.item.tags {
                let slug = slugs.entry(t).or_insert_with(|| tag_ref(t).slug);
                match tags.get_mut(slug.as_str()) {
                    Some(entry) => entry.1.push(p),
                    None => {
                        tags.insert(slug.clone(), (t.clone(), vec![p]));
                    }
                }
            }
        }
        for (_, items) in tags.values_mut() {
            sort_newest_first(items);
        }
        let allowed_origins = allowed_origins(config);
        let csp = crate::privacy::policy::content_security_policy(&allowed_origins, &[]);
        let (events, upcoming_events) = events_in_order(plan, today);
        let by_title = |kind: Kind| {
            let mut v: Vec<&Published> = plan
                .published
                .iter()
                .filter(|p| p.item.kind == kind)
                .collect();
            v.sort_by(|a, b| {
                a.item
                    .title
                    .cmp(&b.item.title)
                    .then_with(|| a.item.slug.cmp(&b.item.slug))
            });
            v
        };
        let providers = by_title(Kind::Provider);
        let locations = by_title(Kind::Location);
        Pages {
            allowed_origins,
            csp,
            config,
            today,
            default_image: ImageView {
                url: config.absolute(DEFAULT_OG_IMAGE.0),
                path: DEFAULT_OG_IMAGE.0.to_string(),
                width: DEFAULT_OG_IMAGE.1,
                height: DEFAULT_OG_IMAGE.2,
                alt: config.practice_name().to_string(),
                srcset: String::new(),
            },
            articles: sorted_by_date(plan, Kind::Article),
            testimonials: sorted_by_date(plan, Kind::Testimonial),
            infographics: sorted_by_date(plan, Kind::Infographic),
            polls: sorted_by_date(plan, Kind::Poll),
            videos: sorted_by_date(plan, Kind::Video),
            tips: sorted_by_date(plan, Kind::Tip),
            team: sorted_by_date(plan, Kind::Team),
            upcoming_events,
            events,
            challenges: challenges_in_order(plan),
            facets: facets(&providers),
            people: providers
                .iter()
                .map(|p| (p.item.slug.as_str(), p.item))
                .collect(),
            places: locations
                .iter()
                .map(|p| (p.item.slug.as_str(), p.item))
                .collect(),
            providers,
            locations,
            all: &plan.published,
            tags,
        }
    }

    pub(super) fn of_kind(&self, kind: Kind) -> &[&'a Published<'a>] {
        match kind {
            Kind::Article => &self.articles,
            Kind::Testimonial => &self.testimonials,
            Kind::Poll => &self.polls,
            Kind::Event => &self.events,
            Kind::Challenge => &self.challenges,
            Kind::Provider => &self.providers,
            Kind::Location => &self.locations,
            Kind::Infographic => &self.infographics,
            Kind::Video => &self.videos,
            Kind::Tip => &self.tips,
            Kind::Team => &self.team,
            Kind::Page => &[],
        }
    }

    /// The kinds with a listing (`/articles/`, …), as `Kind::has_listing` decides.
    pub(super) fn listed_kinds(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| k.has_listing(self.of_kind(*k).len()))
            .collect()
    }

    pub(super) fn jobs(&'a self) -> Vec<Job<'a>> {
        let per = self.config.paginate_by;
        let mut jobs: Vec<Job> = self.all.iter().map(Job::Item).collect();
        for kind in self.listed_kinds() {
            jobs.extend(
                (1..=pages_for(self.of_kind(kind).len(), per))
                    .map(|page| Job::Section { kind, page }),
            );
        }
        jobs.push(Job::Tags);
        for (slug, (_, items)) in &self.tags {
            jobs.extend((1..=pages_for(items.len(), per)).map(|page| Job::Tag { slug, page }));
        }
        jobs.extend([
            Job::Home,
            Job::NotFound,
            Job::Feed,
            Job::Sitemap,
            Job::Robots,
        ]);
        if self.config.search {
            jobs.push(Job::Search);
        }
        jobs.extend((0..self.facets.len()).map(Job::ProviderFacet));
        jobs.extend(
            self.challenges
                .iter()
                .filter(|p| {
                    matches!(
                        &p.item.detail,
                        Detail::Challenge {
                            contest: Some(_),
                            ..
                        }
                    )
                })
                .map(|p| Job::ContestRules(p)),
        );
        jobs
    }

    pub(super) fn meta(
        &self,
        title: &str,
        description: &str,
        path: &str,
        og_type: &'static str,
        image: Option<ImageView>,
        jsonld: String,
    ) -> Meta {
        let config = self.config;
        Meta {
            title: if path == "/" {
                config.title.clone()
            } else {
                format!("{title} | {}", config.title)
            },
            description: match (description.is_empty(), config.description.is_empty()) {
                (false, _) => description.to_string(),
                (true, false) => config.description.clone(),
                // Search engines show a page's description under its title; a site
                // without one in its config still gets a true sentence.
                (true, true) => format!(
                    "Health information reviewed by the clinicians of {}.",
                    config.practice_name()
                ),
            },
            canonical: config.absolute(path),
            og_type,
            image: image
                .filter(|i| !i.path.ends_with(".svg"))
                .unwrap_or_else(|| self.default_image.clone()),
            jsonld,
            // The 404 page is no page of its own; search results are no content.
            noindex: path == "/404.html" || path == "/search/",
            csp: self.csp.clone(),
            referrer: config.privacy.referrer.clone(),
            embeds: false,
        }
    }

    /// The CSP of the page `job` renders: an item's with the frames its embeds open once
    /// clicked, the search page's with WebAssembly (Pagefind), any other the site's own.
    pub(super) fn csp_of(&self, job: &Job<'_>) -> std::borrow::Cow<'_, str> {
        match job {
            Job::Item(p) => {
                let frames = self.frames_of(p.item);
                if frames.is_empty() {
                    self.csp.as_str().into()
                } else {
                    self.csp_with(&frames).into()
                }
            }
            Job::Search => crate::privacy::policy::allow_wasm(&self.csp).into(),
            _ => self.csp.as_str().into(),
        }
    }

    /// Where an item's page opens frames once a reader clicks: its body's embeds, its own
    /// hosted video, and the hosted videos it embeds.
    pub(super) fn frames_of(&self, item: &Item) -> Vec<String> {
        let hosted = |i: &Item| match &i.detail {
            Detail::Video {
                source: crate::content::model::VideoSource::Hosted(e),
                ..
            } => Some(e.frame_origin()),
            _ => None,
        };
        let mut frames = item.body.frames.clone();
        frames.extend(hosted(item));
        frames.extend(
            item.body
                .videos
                .iter()
                .filter_map(|(id, _)| self.video(id))
                .filter_map(|v| hosted(v.item)),
        );
        frames.sort();
        frames.dedup();
        frames
    }

    /// The published video item with this id.
    pub(super) fn video(&self, id: &str) -> Option<&'a Published<'a>> {
        self.videos.iter().find(|p| p.item.slug == id).copied()
    }

    /// Fills a page view's provider, location and reviewer parts.
    pub(super) fn add_people_and_places(&self, view: &mut ItemView<'a>, item: &'a Item) {
        view.provider = super::context::provider_view(item, &self.places, self.today);
        if item.kind == Kind::Location {
            let staff = self
                .providers
                .iter()
                .filter(|p| {
                    matches!(&p.item.detail, Detail::Provider { locations, .. } if locations.contains(&item.slug))
                })
                .map(|p| super::context::LinkView {
                    title: p.item.title.clone(),
                    path: p.item.path(),
                })
                .collect();
            view.location = super::context::location_view(item, staff);
        }
        view.reviewer = self.reviewer_of(item).map(|r| super::context::LinkView {
            title: r.title.clone(),
            path: r.path(),
        });
    }

    /// The provider an article's `reviewed_by` names by id, if it does.
    pub(super) fn reviewer_of(&self, item: &Item) -> Option<&'a Item> {
        let (Some(r), _) = item.medical_review()? else {
            return None;
        };
        self.people.get(r.trim()).copied()
    }

    /// The filter links of the provider directory, by facet (what the listing and each
    /// filter page show above the providers).
    pub(super) fn facet_links(&self) -> Vec<FacetGroup> {
        ["specialty", "location", "language"]
            .into_iter()
            .map(|facet| FacetGroup {
                title: match facet {
                    "specialty" => "Specialty",
                    "location" => "Location",
                    _ => "Language",
                },
                links: self
                    .facets
                    .iter()
                    .filter(|f| f.facet == facet)
                    .map(|f| super::context::LinkView {
                        title: self.facet_label(f),
                        path: f.path.clone(),
                    })
                    .collect(),
            })
            .filter(|g| !g.links.is_empty())
            .collect()
    }

    /// A filter's label: a location's name, else the value as written.
    pub(super) fn facet_label(&self, f: &Facet<'_>) -> String {
        match self.places.get(f.label.as_str()) {
            Some(place) if f.facet == "location" => place.title.clone(),
            _ => f.label.clone(),
        }
    }

    /// What the feed lists: articles, videos, tips, behind-the-scenes news, polls, live
    /// sessions and challenges, newest first, at most 20, each with its date (`feed_date`).
    pub(super) fn feed_items(&self) -> Vec<(Day, &'a Published<'a>)> {
        let mut fed: Vec<(Day, &Published)> = self
            .articles
            .iter()
            .chain(&self.videos)
            .chain(&self.tips)
            .chain(&self.team)
            .chain(&self.polls)
            .chain(&self.events)
            .chain(&self.challenges)
            .map(|p| (feed_date(p.item, self.today), *p))
            .collect();
        fed.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.item.slug.cmp(&b.1.item.slug))
        });
        fed.truncate(20);
        fed
    }

    /// The CSP of a page whose embeds frame `frames` once clicked.
    pub(super) fn csp_with(&self, frames: &[String]) -> String {
        if frames.is_empty() {
            self.csp.clone()
        } else {
            crate::privacy::policy::content_security_policy(&self.allowed_origins, frames)
        }
    }

    /// Links to the first, last and nearby pages only, so a listing of 800 pages
    /// does not carry 800 links on each of them.
    pub(super) fn paginator(&self, base: &str, page: usize, total_items: usize) -> Paginator {
        let total = pages_for(total_items, self.config.paginate_by);
        let at = |n: usize| {
            if n <= 1 {
                base.to_string()
            } else {
                format!("{base}page/{n}/")
            }
        };
        let mut shown: Vec<usize> = [1, total]
            .into_iter()
            .chain(page.saturating_sub(2).max(1)..=(page + 2).min(total))
            .collect();
        shown.sort_unstable();
        shown.dedup();
        let mut previous = 0;
        let pages = shown
            .into_iter()
            .map(|n| {
                let link = PageLink {
                    number: n,
                    path: at(n),
                    gap: n > previous + 1,
                };
                previous = n;
                link
            })
            .collect();
        Paginator {
            current: page,
            total,
            total_items,
            prev: (page > 1).then(|| at(page - 1)),
            next: (page < total).then(|| at(page + 1)),
            pages,
        }
    }

    /// The site path of one job's page: `/articles/page/2/`, `/tags/flu/`.
    pub(super) fn url_path(&self, job: &Job<'_>) -> String {
        match job {
            Job::Item(p) => p.item.path(),
            Job::Section { kind, page } => page_path(kind.section(), *page),
            Job::Tag { slug, page } => page_path(&format!("tags/{slug}"), *page),
            other => format!("/{}", self.output(other).trim_end_matches("index.html")),
        }
    }

    /// The output file of one job, without building its context.
    pub(super) fn output(&self, job: &Job<'_>) -> String {
        match job {
            Job::Item(p) => output_file(&p.item.path()),
            Job::Section { kind, page } => output_file(&page_path(kind.section(), *page)),
            Job::Tags => "tags/index.html".into(),
            Job::Tag { slug, page } => {
                if *page > 1 {
                    format!("tags/{slug}/page/{page}/index.html")
                } else {
                    format!("tags/{slug}/index.html")
                }
            }
            Job::Home => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Search => "search/index.html".into(),
            Job::ContestRules(p) => output_file(&super::context::rules_path(p.item)),
            Job::ProviderFacet(i) => output_file(&self.facets[*i].path),
            Job::Feed => "feed.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
        }
    }

    /// The items one job shows, and a hash of everything else it lists (order, page
    /// numbers, counts, tag names). Two renders of a job with equal fingerprints and
    /// unchanged items and globals produce the same bytes.
    pub(super) fn fingerprint(&self, job: &Job<'a>) -> (u64, Vec<&'a Published<'a>>) {
        use std::hash::{Hash, Hasher};
        let per = self.config.paginate_by;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let chunk = |list: &[&'a Published<'a>], page: usize| -> Vec<&'a Published<'a>> {
            list.iter()
                .skip((page - 1) * per)
                .take(per)
                .copied()
                .collect()
        };
        let shows: Vec<&'a Published<'a>> = match job {
            Job::Item(p) => {
                ("item", p.item.kind).hash(&mut h);
                vec![*p]
            }
            Job::Section { kind, page } => {
                let all = self.of_kind(*kind);
                ("section", *kind, *page, all.len()).hash(&mut h);
                chunk(all, *page)
            }
            Job::Tags => {
                "tags".hash(&mut h);
                for (slug, (name, items)) in &self.tags {
                    (slug, name, items.len()).hash(&mut h);
                }
                Vec::new()
            }
            Job::Tag { slug, page } => {
                let (name, items) = &self.tags[*slug];
                ("tag", slug, name, *page, items.len()).hash(&mut h);
                chunk(items, *page)
            }
            Job::Home => {
                "home".hash(&mut h);
                let mut v = self.articles[..self.articles.len().min(6)].to_vec();
                v.extend_from_slice(&self.testimonials[..self.testimonials.len().min(3)]);
                v.extend_from_slice(&self.infographics[..self.infographics.len().min(4)]);
                v.extend_from_slice(&self.events[..self.upcoming_events.min(3)]);
                // The split between the lists matters, not only their concatenation.
                (
                    self.articles.len().min(6),
                    self.testimonials.len().min(3),
                    self.infographics.len().min(4),
                )
                    .hash(&mut h);
                v
            }
            Job::NotFound => {
                "404".hash(&mut h);
                Vec::new()
            }
            Job::Search => {
                "search".hash(&mut h);
                Vec::new()
            }
            Job::ContestRules(p) => {
                "rules".hash(&mut h);
                vec![*p]
            }
            Job::ProviderFacet(i) => {
                let facet = &self.facets[*i];
                ("facet", &facet.path, &facet.label, &self.facets.len()).hash(&mut h);
                facet.providers.clone()
            }
            Job::Robots => {
                "robots".hash(&mut h);
                Vec::new()
            }
            Job::Feed => {
                let fed = self.feed_items();
                let dates: Vec<Day> = fed.iter().map(|(d, _)| *d).collect();
                ("feed", dates).hash(&mut h);
                fed.into_iter().map(|(_, p)| p).collect()
            }
            Job::Sitemap => {
                // The sitemap shows only each item's address and date: hashing those
                // spares re-rendering it (10,000 URLs) after every edit of a body.
                "sitemap".hash(&mut h);
                for kind in self.listed_kinds() {
                    pages_for(self.of_kind(kind).len(), per).hash(&mut h);
                }
                for (slug, (_, items)) in &self.tags {
                    (slug, pages_for(items.len(), per)).hash(&mut h);
                }
                for p in self.all {
                    (&p.item.kind, &p.item.slug, p.item.updated.or(p.item.date)).hash(&mut h);
                }
                Vec::new()
            }
        };
        for p in &shows {
            // The bytes of the path: `Path`'s own hash walks its components (slow).
            p.item.source.as_os_str().hash(&mut h);
        }
        (h.finish(), shows)
    }
}

/// Origins pages may load from besides the site: allowed trackers and `privacy.allow_hosts`.
pub(super) fn allowed_origins(config: &Config) -> Vec<String> {
    let mut origins = crate::lint::trackers::TrackerPolicy::from_config(config).allowed_origins();
    origins.extend(config.privacy.allow_hosts.iter().cloned());
    origins.sort();
    origins.dedup();
    origins
}

pub(super) fn sort_newest_first(items: &mut [&Published<'_>]) {
    items.sort_by(|a, b| {
        b.item
            .date
            .cmp(&a.item.date)
            .then_with(|| a.item.title.cmp(&b.item.title))
    });
}

/// The card views of `list`, an event's marked upcoming or past as of `today`.
pub(super) fn summaries<'a>(
    config: &Config,
    list: &[&'a Published<'a>],
    today: Day,
) -> Vec<ItemView<'a>> {
    list.iter()
        .map(|p| {
            let mut view = item_view(
                config,
                p.item,
                p.disclosure.as_deref(),
                p.image.as_ref(),
                false,
            );
            view.set_today(p.item, today);
            view.challenge = super::context::challenge_view(p.item, &p.winner_names);
            view
        })
        .collect()
}

/// One facet's filter links.
#[derive(Serialize)]
pub(super) struct FacetGroup {
    pub(super) title: &'static str,
    pub(super) links: Vec<super::context::LinkView>,
}

/// A filter of the provider directory: the providers with one specialty, location or
/// language, on a static page of its own (so it works without JavaScript).
pub(super) struct Facet<'a> {
    /// `specialty`, `location` or `language`.
    pub(super) facet: &'static str,
    pub(super) label: String,
    pub(super) path: String,
    pub(super) providers: Vec<&'a Published<'a>>,
}

/// Every filter page of the directory, by facet then label.
fn facets<'a>(providers: &[&'a Published<'a>]) -> Vec<Facet<'a>> {
    let mut by: BTreeMap<(&'static str, String), (String, Vec<&'a Published<'a>>)> =
        BTreeMap::new();
    for p in providers {
        let Detail::Provider {
            specialties,
            locations,
            languages,
            ..
        } = &p.item.detail
        else {
            continue;
        };
        for (facet, values) in [
            ("specialty", specialties),
            ("location", locations),
            ("language", languages),
        ] {
            for v in values {
                by.entry((facet, slug::slugify(v)))
                    .or_insert_with(|| (v.clone(), Vec::new()))
                    .1
                    .push(*p);
            }
        }
    }
    by.into_iter()
        .map(|((facet, slug), (label, providers))| Facet {
            facet,
            path: format!("/providers/{facet}/{slug}/"),
            label,
            providers,
        })
        .collect()
}

/// The published challenges, the latest start first.
fn challenges_in_order<'a>(plan: &'a Plan<'a>) -> Vec<&'a Published<'a>> {
    let start = |p: &Published| match &p.item.detail {
        Detail::Challenge { start, .. } => Some(*start),
        _ => None,
    };
    let mut v: Vec<&Published> = plan
        .published
        .iter()
        .filter(|p| start(p).is_some())
        .collect();
    v.sort_by(|a, b| {
        start(b)
            .cmp(&start(a))
            .then_with(|| a.item.slug.cmp(&b.item.slug))
    });
    v
}

/// The published events, upcoming ones first (soonest first; one not over by the end of
/// `today` is upcoming), then past ones (latest first), and how many are upcoming.
fn events_in_order<'a>(plan: &'a Plan<'a>, today: Day) -> (Vec<&'a Published<'a>>, usize) {
    let times = |p: &Published| match &p.item.detail {
        Detail::Event { start, end, .. } => Some((start.timestamp(), end.date())),
        _ => None,
    };
    let (mut upcoming, mut past): (Vec<_>, Vec<_>) = plan
        .published
        .iter()
        .filter_map(|p| times(p).map(|t| (t, p)))
        .partition(|((_, end), _)| *end >= today.0);
    upcoming.sort_by(|a, b| {
        a.0.0
            .cmp(&b.0.0)
            .then_with(|| a.1.item.slug.cmp(&b.1.item.slug))
    });
    past.sort_by(|a, b| {
        b.0.0
            .cmp(&a.0.0)
            .then_with(|| a.1.item.slug.cmp(&b.1.item.slug))
    });
    let count = upcoming.len();
    (
        upcoming.into_iter().chain(past).map(|(_, p)| p).collect(),
        count,
    )
}

pub(super) fn rfc3339(d: Day) -> String {
    format!("{}T00:00:00Z", d.iso())
}

/// The date a feed entry carries: the item's `date`; for a live session without one, the
/// day it is announced (a week before it starts); for a challenge, its first day; else
/// the build's day.
fn feed_date(item: &crate::content::Item, today: Day) -> Day {
    match (&item.detail, item.date) {
        (_, Some(date)) => date,
        (Detail::Event { start, .. }, None) => Day(start
            .date()
            .checked_sub(jiff::Span::new().days(7))
            .unwrap_or(start.date())),
        (Detail::Challenge { start, .. }, None) => *start,
        (_, None) => today,
    }
}
