//! `carepress.yaml`: only `title` and `base_url` are required; everything else has a default.

mod cadence;
mod checks;

pub use cadence::{Cadence, CadenceSpec, hh_mm, parse as cadence_parse};
use checks::{image_settings_problems, privacy_problems};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Origin, parse_mapping};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "carepress.yaml";

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    /// Without a trailing slash, e.g. `https://lakeside.example`.
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub practice: Practice,
    pub brand: Brand,
    pub theme: String,
    pub social: Social,
    pub rules: Rules,
    pub paginate_by: usize,
    pub privacy: Privacy,
    /// Whether the build writes a search index and search page (`search:`, default on).
    pub search: bool,
    /// What `carepress report` measures against (`goals:`).
    pub goals: Goals,
    /// `goals.business_hours`, read.
    #[serde(skip)]
    pub business_hours: OpenHours,
}

/// The practice's business hours: which weekdays (Monday first) and from when to when.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenHours {
    pub days: [bool; 7],
    pub open: jiff::civil::Time,
    pub close: jiff::civil::Time,
}

impl BusinessHours {
    /// The hours these name, or what is wrong with them.
    pub fn read(&self) -> Result<OpenHours, String> {
        let mut days = [false; 7];
        for d in &self.days {
            let day =
                cadence::weekday(d.trim()).ok_or_else(|| format!("`{d}` is not a weekday"))?;
            days[day.to_monday_zero_offset() as usize] = true;
        }
        let time = |t: &str| {
            cadence::hh_mm(t)
                .and_then(|(h, m)| jiff::civil::Time::new(h, m, 0, 0).ok())
                .ok_or_else(|| format!("`{t}` is not a time like \"08:00\""))
        };
        let (open, close) = (time(&self.open)?, time(&self.close)?);
        if close <= open {
            return Err("`close` must be after `open`".into());
        }
        Ok(OpenHours { days, open, close })
    }
}

/// `goals:`: the targets `carepress report` shows each figure against, and what counts
/// as a conversion. Every target is optional: a figure without one is shown plainly.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// Paths a visit converts on reaching: `/contact/`, `/appointments/`, the booking
    /// page. A path ending in `/` covers what is under it.
    #[serde(default = "default_conversion_paths")]
    pub conversions: Vec<String>,
    /// Engagement rate, in per cent (engagements / impressions).
    #[serde(default)]
    pub engagement_rate: Option<f64>,
    /// Follower growth per account, in per cent a month.
    #[serde(default)]
    pub follower_growth: Option<f64>,
    /// Visits from social that convert, per month.
    #[serde(default)]
    pub conversions_per_month: Option<u64>,
    /// Comments and messages answered within this many business hours (the 90th
    /// percentile is held to it). Default: one business day.
    #[serde(default = "default_response_hours")]
    pub response_business_hours: f64,
    /// The practice's business hours, in `social.cadence`'s time zone: `{ days: [mon,
    /// tue, wed, thu, fri], open: "08:00", close: "17:00" }` by default.
    #[serde(default)]
    pub business_hours: BusinessHours,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    #[serde(default = "default_business_days")]
    pub days: Vec<String>,
    #[serde(default = "default_open")]
    pub open: String,
    #[serde(default = "default_close")]
    pub close: String,
}

fn default_conversion_paths() -> Vec<String> {
    vec!["/contact/".into(), "/appointments/".into()]
}
fn default_response_hours() -> f64 {
    9.0
}
fn default_business_days() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .map(String::from)
        .to_vec()
}
fn default_open() -> String {
    "08:00".into()
}
fn default_close() -> String {
    "17:00".into()
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            days: default_business_days(),
            open: default_open(),
            close: default_close(),
        }
    }
}

impl Default for Goals {
    fn default() -> Self {
        Goals {
            conversions: default_conversion_paths(),
            engagement_rate: None,
            follower_growth: None,
            conversions_per_month: None,
            response_business_hours: default_response_hours(),
            business_hours: BusinessHours::default(),
        }
    }
}

/// What pages may send to other sites (`privacy:`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// The referrer policy of every page (`crate::privacy::policy::REFERRER_POLICIES`).
    #[serde(default = "default_referrer")]
    pub referrer: String,
    /// Origins (`https://cdn.example.org`) pages may load from besides the site itself;
    /// each is added to the Content-Security-Policy. Trackers are never allowed here.
    #[serde(default)]
    pub allow_hosts: Vec<String>,
}

fn default_referrer() -> String {
    crate::privacy::policy::DEFAULT_REFERRER.to_string()
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            referrer: default_referrer(),
            allow_hosts: Vec::new(),
        }
    }
}

/// `rules.trackers`: third-party trackers the practice has a business associate
/// agreement for. Anything else the tracker guard finds is an error.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trackers {
    #[serde(default)]
    pub allow: Vec<AllowedTracker>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedTracker {
    /// A vendor id of `crate::privacy::vendors::VENDORS`, e.g. `google-analytics`.
    pub vendor: String,
    /// When the business associate agreement was signed (required).
    #[serde(default)]
    pub baa_signed_on: Option<crate::dates::Day>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    #[serde(default = "default_color")]
    pub color: String,
    #[serde(default = "default_accent")]
    pub accent: String,
    #[serde(default)]
    pub logo: Option<String>,
}

fn default_color() -> String {
    "#0b6e4f".into()
}
fn default_accent() -> String {
    "#f2a541".into()
}

impl Default for Brand {
    fn default() -> Self {
        Brand {
            color: default_color(),
            accent: default_accent(),
            logo: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Social {
    #[serde(default = "default_platforms")]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub handles: BTreeMap<String, String>,
    #[serde(default)]
    pub hashtags: Vec<String>,
    /// As written (`None`: the default cadence).
    #[serde(default, rename = "cadence")]
    pub cadence_spec: Option<CadenceSpec>,
    /// Parsed from `cadence_spec` when the config is read.
    #[serde(skip)]
    pub cadence: Cadence,
    #[serde(default)]
    pub images: ImageSettings,
    /// The open-ended question that closes each post (a default per kind otherwise).
    #[serde(default)]
    pub question: Option<String>,
    /// How many weeks ahead the posting outputs reach (the per-post text files, the
    /// calendar, the scheduler CSVs and the preview page). A back catalogue queued over
    /// years would otherwise fill them with posts nobody schedules yet; `posts.json`
    /// always has every post.
    #[serde(default = "default_horizon_weeks")]
    pub horizon_weeks: u32,
    /// The standing line every live Q&A post and event page carries (`""` leaves it out):
    /// answers are general information, and comments are public.
    #[serde(default = "default_qa_notice")]
    pub qa_notice: String,
    /// As written (`None`: one account per platform, the group's).
    #[serde(default, rename = "accounts")]
    pub accounts_spec: Option<Vec<AccountSpec>>,
    /// Every account posts go to, read from `accounts_spec` when the config is read.
    #[serde(skip)]
    pub accounts: Vec<Account>,
    /// Target shares (per cent) of the posting slots per kind of content over four weeks
    /// (`crate::routes::mix_key` says which key an item counts under). Empty: no mix.
    #[serde(default)]
    pub mix: BTreeMap<String, u32>,
    /// How many points the next four weeks may drift from `mix` before `check` warns.
    #[serde(default = "default_mix_tolerance")]
    pub mix_tolerance: u32,
}

fn default_mix_tolerance() -> u32 {
    10
}

/// One social account as `social.accounts` lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    pub platform: String,
    #[serde(default)]
    pub handle: Option<String>,
    /// `group` (the default) or a location's id.
    #[serde(default, rename = "for")]
    pub owner: Option<String>,
    /// Its own posting cadence (default: `social.cadence`).
    #[serde(default)]
    pub cadence: Option<CadenceSpec>,
}

/// A social account: the group's on a platform, or a location's own.
#[derive(Debug, Clone)]
pub struct Account {
    /// How posts, files and calendars name it: `facebook`, or `facebook@northgate`
    /// (made once from `platform` and `location`: every post compares it).
    key: String,
    pub platform: String,
    pub handle: Option<String>,
    /// The location it speaks for (`None`: the group).
    pub location: Option<String>,
    pub cadence: Cadence,
    /// Its line in carepress.yaml, for diagnostics.
    pub line: usize,
}

impl Account {
    pub fn new(
        platform: String,
        handle: Option<String>,
        location: Option<String>,
        cadence: Cadence,
        line: usize,
    ) -> Account {
        let key = match &location {
            None => platform.clone(),
            Some(l) => format!("{platform}@{l}"),
        };
        Account {
            key,
            platform,
            handle,
            location,
            cadence,
            line,
        }
    }

    /// How posts, files and calendars name it: `facebook`, or `facebook@northgate`.
    pub fn key(&self) -> &str {
        &self.key
    }
}

fn default_horizon_weeks() -> u32 {
    8
}

fn default_qa_notice() -> String {
    "Answers are general information, not medical advice. Don't share your own health details in public comments.".to_string()
}

fn default_platforms() -> Vec<String> {
    crate::platform::names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

impl Default for Social {
    fn default() -> Self {
        Social {
            platforms: default_platforms(),
            handles: BTreeMap::new(),
            hashtags: Vec::new(),
            cadence_spec: None,
            cadence: Cadence::default(),
            images: ImageSettings::default(),
            question: None,
            horizon_weeks: default_horizon_weeks(),
            qa_notice: default_qa_notice(),
            accounts_spec: None,
            accounts: Vec::new(),
            mix: BTreeMap::new(),
            mix_tolerance: default_mix_tolerance(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    #[serde(default = "default_format")]
    pub format: String,
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// Social image sizes, name -> `[width, height]`; each item's kit has one file per preset.
    #[serde(default = "default_presets")]
    pub presets: BTreeMap<String, [u32; 2]>,
    /// Widths of the page image (`srcset`), largest used as `src`.
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// Generate title cards for items without an image.
    #[serde(default = "default_true")]
    pub cards: bool,
}

/// The social image presets of DESIGN.md.
pub const DEFAULT_PRESETS: &[(&str, u32, u32)] = &[
    ("og", 1200, 630),
    ("square", 1080, 1080),
    ("portrait", 1080, 1350),
    ("story", 1080, 1920),
    ("x", 1600, 900),
    ("pinterest", 1000, 1500),
];

fn default_presets() -> BTreeMap<String, [u32; 2]> {
    DEFAULT_PRESETS
        .iter()
        .map(|(n, w, h)| (n.to_string(), [*w, *h]))
        .collect()
}
fn default_widths() -> Vec<u32> {
    vec![480, 800, 1200]
}
fn default_true() -> bool {
    true
}

fn default_format() -> String {
    "jpg".into()
}
fn default_quality() -> u8 {
    85
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            format: default_format(),
            quality: default_quality(),
            presets: default_presets(),
            widths: default_widths(),
            cards: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default = "yes")]
    pub require_review: bool,
    /// `reviewed_by` must name a provider (`content/providers/<id>.md`) by its id.
    #[serde(default)]
    pub require_provider_review: bool,
    #[serde(default = "default_review_interval")]
    pub review_interval_days: u32,
    #[serde(default = "default_consent_warn")]
    pub consent_warn_days: u32,
    #[serde(default)]
    pub phi_allow: Vec<String>,
    #[serde(default)]
    pub trackers: Trackers,
    /// A local video larger than this (in MB) is reported: pages play it from the site's
    /// host, and most static hosts and phones on mobile data do poorly past it.
    #[serde(default = "default_video_warn_mb")]
    pub video_warn_mb: u64,
}

fn default_video_warn_mb() -> u64 {
    100
}

fn yes() -> bool {
    true
}
fn default_review_interval() -> u32 {
    365
}
fn default_consent_warn() -> u32 {
    30
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            require_review: true,
            require_provider_review: false,
            review_interval_days: default_review_interval(),
            consent_warn_days: default_consent_warn(),
            phi_allow: Vec::new(),
            trackers: Trackers::default(),
            video_warn_mb: default_video_warn_mb(),
        }
    }
}

#[derive(Deserialize)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    description: Option<String>,
    practice: Option<Practice>,
    brand: Option<Brand>,
    theme: Option<String>,
    social: Option<Social>,
    rules: Option<Rules>,
    paginate_by: Option<usize>,
    privacy: Option<Privacy>,
    search: Option<bool>,
    goals: Option<Goals>,
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "practice",
    "brand",
    "theme",
    "social",
    "rules",
    "paginate_by",
    "privacy",
    "search",
    "goals",
];

/// Parses the config text; `file` is the path shown in diagnostics.
pub fn parse(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
    let origin = Origin {
        file,
        line_offset: 0,
    };
    let raw: RawConfig = parse_mapping(text, origin, KEYS)?;
    let mut problems = Vec::new();
    let at_key = |key: &str| crate::yaml::key_line(text, key).unwrap_or(1);

    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() {
        problems.push(
            Diagnostic::error("config::missing_field", "`title` is required")
                .in_file(file)
                .at_line(1)
                .with_help("add `title: Your Practice Name`"),
        );
    }
    let base_url = raw
        .base_url
        .unwrap_or_default()
        .trim()
        .trim_end_matches('/')
        .to_string();
    if base_url.is_empty() {
        problems.push(
            Diagnostic::error("config::missing_field", "`base_url` is required")
                .in_file(file)
                .at_line(1)
                .with_help("add `base_url: https://your-practice.example` (the address the site is served from)"),
        );
    } else if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
        || base_url.contains(char::is_whitespace)
    {
        problems.push(
            Diagnostic::error(
                "config::invalid_base_url",
                format!("`base_url` `{base_url}` is not an http(s) address"),
            )
            .in_file(file)
            .at_line(at_key("base_url"))
            .with_help("write the full address, e.g. `https://lakeside.example`"),
        );
    }
    let mut social = raw.social.unwrap_or_default();
    for p in &social.platforms {
        if crate::platform::Platform::from_name(p).is_none() {
            let mut d = Diagnostic::error(
                "config::unknown_platform",
                format!("unknown social platform `{p}`"),
            )
            .in_file(file)
            .at_line(crate::yaml::key_line_nested(text, "platforms").unwrap_or(1));
            d.help = Some(match did_you_mean(p, crate::platform::names()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("platforms: {}", crate::platform::names().join(", ")),
            });
            problems.push(d);
        }
    }
    if !matches!(
        social.images.format.as_str(),
        "jpg" | "jpeg" | "webp" | "png"
    ) {
        problems.push(
            Diagnostic::error(
                "config::invalid_value",
                format!("image format `{}` is not supported", social.images.format),
            )
            .in_file(file)
            .at_line(crate::yaml::key_line_nested(text, "format").unwrap_or(1))
            .with_help("use jpg, webp or png"),
        );
    }
    problems.extend(image_settings_problems(&social.images, text, file));
    problems.extend(checks::mix_problems(&social.mix, text, file));
    match social.cadence_spec.as_ref().map(cadence::parse) {
        Some(Ok(c)) => social.cadence = c,
        None => {}
        Some(Err(e)) => {
            problems.push(
            Diagnostic::error("config::invalid_value", format!("`social.cadence`: {e}"))
                .in_file(file)
                .at_line(crate::yaml::key_line_nested(text, "cadence").unwrap_or(1))
                .with_help("write `cadence: { days: [mon, wed, fri], time: \"09:00\", timezone: America/Chicago }`"),
        );
        }
    }
    social.accounts = match &social.accounts_spec {
        // One account per platform, the group's, on the site's cadence.
        None => social
            .platforms
            .iter()
            .map(|p| {
                Account::new(
                    p.clone(),
                    social.handles.get(p).cloned(),
                    None,
                    social.cadence.clone(),
                    1,
                )
            })
            .collect(),
        Some(specs) => {
            let line = crate::yaml::key_line_nested(text, "accounts").unwrap_or(1);
            let mut accounts = Vec::new();
            for spec in specs {
                let location = spec
                    .owner
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty() && *o != "group")
                    .map(str::to_string);
                // The account's own line: the first after `accounts:` naming its platform
                // (and its location, for a location's).
                let own_line = text
                    .lines()
                    .enumerate()
                    .skip(line)
                    .find(|(_, l)| {
                        l.contains(&format!("platform: {}", spec.platform))
                            && location
                                .as_ref()
                                .is_none_or(|loc| l.contains(&format!("for: {loc}")))
                    })
                    .map_or(line, |(i, _)| i + 1);
                if !social.platforms.contains(&spec.platform) {
                    problems.push(
                        Diagnostic::error(
                            "config::account_platform",
                            format!(
                                "`social.accounts` has a {} account, but `{}` is not in `social.platforms`",
                                spec.platform, spec.platform
                            ),
                        )
                        .in_file(file)
                        .at_line(own_line)
                        .with_help("add the platform to `social.platforms`, or remove the account"),
                    );
                    continue;
                }
                let cadence = match spec.cadence.as_ref().map(cadence::parse) {
                    None => social.cadence.clone(),
                    Some(Ok(c)) => c,
                    Some(Err(e)) => {
                        problems.push(
                            Diagnostic::error(
                                "config::invalid_value",
                                format!("the cadence of the {} account: {e}", spec.platform),
                            )
                            .in_file(file)
                            .at_line(line)
                            .with_help("write `cadence: { days: [tue, thu], time: \"10:00\", timezone: America/Chicago }`"),
                        );
                        social.cadence.clone()
                    }
                };
                let handle = spec.handle.clone().or_else(|| {
                    location
                        .is_none()
                        .then(|| social.handles.get(&spec.platform).cloned())
                        .flatten()
                });
                accounts.push(Account::new(
                    spec.platform.clone(),
                    handle,
                    location,
                    cadence,
                    own_line,
                ));
            }
            let mut keys: Vec<&str> = accounts.iter().map(Account::key).collect();
            keys.sort();
            if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
                problems.push(
                    Diagnostic::error(
                        "config::account_platform",
                        format!("`social.accounts` lists the account `{}` twice", w[0]),
                    )
                    .in_file(file)
                    .at_line(line)
                    .with_help("one account per platform for the group and for each location"),
                );
            }
            accounts
        }
    };
    if !(1..=520).contains(&social.horizon_weeks) {
        problems.push(
            Diagnostic::error(
                "config::invalid_value",
                format!(
                    "`social.horizon_weeks` is {}; it must be between 1 and 520",
                    social.horizon_weeks
                ),
            )
            .in_file(file)
            .at_line(crate::yaml::key_line_nested(text, "horizon_weeks").unwrap_or(1))
            .with_help("the posting outputs cover this many weeks ahead; 8 is the default"),
        );
    }
    let paginate_by = raw.paginate_by.unwrap_or(12);
    if paginate_by == 0 {
        problems.push(
            Diagnostic::error("config::invalid_value", "`paginate_by` must be at least 1")
                .in_file(file)
                .at_line(at_key("paginate_by")),
        );
    }
    let goals = raw.goals.unwrap_or_default();
    let business_hours = goals.business_hours.read().unwrap_or_else(|e| {
        problems.push(
            Diagnostic::error("config::invalid_value", format!("`goals.business_hours`: {e}"))
                .in_file(file)
                .at_line(crate::yaml::key_line_nested(text, "business_hours").unwrap_or(1))
                .with_help("write `business_hours: { days: [mon, tue, wed, thu, fri], open: \"08:00\", close: \"17:00\" }`"),
        );
        OpenHours {
            days: [true, true, true, true, true, false, false],
            open: jiff::civil::Time::constant(8, 0, 0, 0),
            close: jiff::civil::Time::constant(17, 0, 0, 0),
        }
    });
    let rules = raw.rules.unwrap_or_default();
    let privacy = raw.privacy.unwrap_or_default();
    problems.extend(privacy_problems(&privacy, &rules.trackers, text, file));
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut practice = raw.practice.unwrap_or_default();
    if practice.name.is_none() {
        practice.name = Some(title.clone());
    }
    Ok(Config {
        description: raw.description.unwrap_or_default(),
        language: raw.language.unwrap_or_else(|| "en".into()),
        practice,
        brand: raw.brand.unwrap_or_default(),
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        social,
        rules,
        paginate_by,
        privacy,
        search: raw.search.unwrap_or(true),
        goals,
        business_hours,
        title,
        base_url,
    })
}

impl Config {
    pub fn practice_name(&self) -> &str {
        self.practice.name.as_deref().unwrap_or(&self.title)
    }

    /// The image preset a platform's posts use in this site (its own, else `og`, else the first).
    pub fn image_preset_for(&self, platform: &crate::platform::SocialPreset) -> &str {
        let presets = &self.social.images.presets;
        presets
            .get_key_value(platform.image)
            .or_else(|| presets.get_key_value("og"))
            .or_else(|| presets.iter().next())
            .map(|(k, _)| k.as_str())
            .unwrap_or("og")
    }

    /// The image preset a post of a `kind` item on `platform` shows: a poll on Instagram
    /// is a story with the poll sticker placed on it, so it takes the `story` preset
    /// (1080x1920, the question drawn on its title card) where the site has one.
    pub fn post_image_preset(
        &self,
        platform: &crate::platform::SocialPreset,
        kind: crate::routes::Kind,
    ) -> &str {
        let story = kind == crate::routes::Kind::Poll
            && platform.poll.style == crate::platform::PollStyle::StorySticker;
        match self.social.images.presets.get_key_value("story") {
            Some((name, _)) if story => name,
            _ => self.image_preset_for(platform),
        }
    }

    /// The path `base_url` puts the site under (`/clinic` for
    /// `https://lakeside.github.io/clinic/`), or `""` for a site at the root of its host.
    pub fn base_path(&self) -> &str {
        crate::privacy::scan::path_of(&self.base_url)
    }

    /// Absolute URL for a site path such as `/articles/flu/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse(
            "title: T\nbase_url: https://t.example/\n",
            Path::new("carepress.yaml"),
        )
        .unwrap();
        assert_eq!(c.base_url, "https://t.example");
        assert_eq!(c.base_path(), "");
        let sub = parse(
            "title: T\nbase_url: https://lakeside.github.io/clinic/\n",
            Path::new("carepress.yaml"),
        )
        .unwrap();
        assert_eq!(sub.base_path(), "/clinic");
        assert_eq!(
            sub.absolute("/about/"),
            "https://lakeside.github.io/clinic/about/"
        );
        assert_eq!(c.rules.review_interval_days, 365);
        assert_eq!(c.rules.consent_warn_days, 30);
        assert_eq!(c.social.platforms.len(), 8);
        assert_eq!(
            c.business_hours.days,
            [true, true, true, true, true, false, false]
        );
        assert_eq!(c.practice_name(), "T");
    }

    #[test]
    fn missing_required_fields_are_all_reported() {
        let errs = parse("language: en\n", Path::new("carepress.yaml")).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.code == "config::missing_field"));
    }

    #[test]
    fn a_bad_cadence_is_reported_at_its_line() {
        let errs = parse(
            "title: T\nbase_url: https://t.example\nsocial:\n  cadence: { days: [mon], time: \"25:00\", timezone: UTC }\n",
            Path::new("carepress.yaml"),
        )
        .unwrap_err();
        assert_eq!(errs[0].code, "config::invalid_value");
        assert_eq!(errs[0].line, Some(4));
    }

    #[test]
    fn the_posting_horizon_must_be_between_one_week_and_ten_years() {
        let config = |weeks: &str| {
            parse(
                &format!(
                    "title: T\nbase_url: https://t.example\nsocial:\n  horizon_weeks: {weeks}\n"
                ),
                Path::new("carepress.yaml"),
            )
        };
        assert_eq!(config("12").unwrap().social.horizon_weeks, 12);
        for bad in ["0", "521"] {
            let errs = config(bad).unwrap_err();
            assert_eq!(errs[0].code, "config::invalid_value");
            assert_eq!(errs[0].line, Some(4));
        }
        assert_eq!(
            parse(
                "title: T\nbase_url: https://t.example\n",
                Path::new("carepress.yaml")
            )
            .unwrap()
            .social
            .horizon_weeks,
            8
        );
    }

    #[test]
    fn nested_unknown_key_is_reported_with_line() {
        let errs = parse(
            "title: T\nbase_url: https://t.example\nrules:\n  require_reveiw: false\n",
            Path::new("carepress.yaml"),
        )
        .unwrap_err();
        assert_eq!(errs[0].code, "frontmatter::unknown_key");
        assert_eq!(errs[0].line, Some(4));
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `require_review`?")
        );
    }
}
