//! Where things are published: the kinds of item and their URL sections, the paths
//! carepress itself uses, listing pages and the output file of a site path.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Article,
    Testimonial,
    Infographic,
    Poll,
    Event,
    Challenge,
    Video,
    Tip,
    Team,
    Provider,
    Location,
    Page,
}

impl Kind {
    /// Every kind, in load order.
    pub const ALL: [Kind; 12] = [
        Kind::Article,
        Kind::Testimonial,
        Kind::Infographic,
        Kind::Poll,
        Kind::Event,
        Kind::Challenge,
        Kind::Video,
        Kind::Tip,
        Kind::Team,
        Kind::Provider,
        Kind::Location,
        Kind::Page,
    ];

    /// Whether a site with `count` published items of this kind has its listing
    /// (`/articles/` …): the three core kinds always, the others once a site has one;
    /// pages never (they live at the root).
    pub fn has_listing(self, count: usize) -> bool {
        match self {
            Kind::Page => false,
            Kind::Article | Kind::Testimonial | Kind::Infographic => true,
            _ => count > 0,
        }
    }
    /// Whether an item may be a folder (`<slug>/index.md`) holding its files: images,
    /// a video and its captions, a photo.
    pub fn has_bundles(self) -> bool {
        matches!(self, Kind::Article | Kind::Video | Kind::Team)
    }

    /// The URL section (and content folder) of this kind; pages live at the root.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Article => "articles",
            Kind::Testimonial => "testimonials",
            Kind::Infographic => "infographics",
            Kind::Poll => "polls",
            Kind::Event => "events",
            Kind::Challenge => "challenges",
            Kind::Video => "videos",
            Kind::Tip => "tips",
            Kind::Team => "team",
            Kind::Provider => "providers",
            Kind::Location => "locations",
            Kind::Page => "pages",
        }
    }

    /// Site path of an item of this kind, e.g. `/articles/flu-shots/` or `/about/`.
    pub fn path_of(self, slug: &str) -> String {
        match self {
            Kind::Page => format!("/{slug}/"),
            k => format!("/{}/{slug}/", k.section()),
        }
    }

    /// Whether items of this kind are posted to social media (people and places are not:
    /// they are looked up, not announced).
    pub fn is_posted(self) -> bool {
        !matches!(self, Kind::Page | Kind::Provider | Kind::Location)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Testimonial => "testimonial",
            Kind::Infographic => "infographic",
            Kind::Poll => "poll",
            Kind::Event => "event",
            Kind::Challenge => "challenge",
            Kind::Video => "video",
            Kind::Tip => "tip",
            Kind::Team => "behind-the-scenes",
            Kind::Provider => "provider",
            Kind::Location => "location",
            Kind::Page => "page",
        }
    }
}

/// The groups `social.mix` may name, and their kinds (a content plan's usual mix:
/// educational posts, tips, patient stories, interactive posts, behind the scenes).
pub const MIX_GROUPS: &[(&str, &[Kind])] = &[
    (
        "educational",
        &[Kind::Article, Kind::Infographic, Kind::Video],
    ),
    ("tips", &[Kind::Tip]),
    ("testimonials", &[Kind::Testimonial]),
    ("interactive", &[Kind::Poll, Kind::Event, Kind::Challenge]),
    ("behind-the-scenes", &[Kind::Team]),
];

/// Every key `social.mix` accepts: the groups, and each posted kind's section.
pub fn mix_keys() -> impl Iterator<Item = &'static str> {
    MIX_GROUPS.iter().map(|(g, _)| *g).chain(
        Kind::ALL
            .into_iter()
            .filter(|k| k.is_posted())
            .map(Kind::section),
    )
}

/// The key of `mix` an item of `kind` counts under: its own section when the mix names
/// it (`videos`), else its group (`educational`), else none.
pub fn mix_key(kind: Kind, mix: &std::collections::BTreeMap<String, u32>) -> Option<&str> {
    if let Some((k, _)) = mix.get_key_value(kind.section()) {
        return Some(k.as_str());
    }
    MIX_GROUPS
        .iter()
        .find(|(_, kinds)| kinds.contains(&kind))
        .and_then(|(g, _)| mix.get_key_value(*g))
        .map(|(k, _)| k.as_str())
}

/// Top-level names carepress itself publishes at; pages may not use them.
pub const RESERVED_PATHS: &[&str] = &[
    "articles",
    "testimonials",
    "infographics",
    "polls",
    "events",
    "challenges",
    "videos",
    "tips",
    "team",
    "providers",
    "locations",
    "tags",
    "social",
    "page",
    "search",
    "pagefind",
];

/// The site path of page `n` of a listing, e.g. `/articles/page/2/`.
pub fn page_path(section: &str, n: usize) -> String {
    if n <= 1 {
        format!("/{section}/")
    } else {
        format!("/{section}/page/{n}/")
    }
}

/// How many listing pages `count` items need.
pub fn pages_for(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page).max(1)
}

/// The output file of a site path: `/articles/flu/` is `articles/flu/index.html`.
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// The slug of a tag: `Heart health` is `heart-health`, at `/tags/heart-health/`.
pub fn tag_slug(name: &str) -> String {
    slug::slugify(name)
}
