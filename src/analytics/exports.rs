//! Reads the analytics exports a practice drops into its site's `analytics/`
//! folder and turns them into plain, normalised records for `carepress report`.
//!
//! A file's format is recognised from its header row alone (column order,
//! case, surrounding whitespace, `_` versus space and a UTF-8/UTF-16 byte-order
//! mark do not matter). The header may sit below a few descriptive rows, as in
//! LinkedIn's "All posts" sheet saved as CSV. Every format is one entry of
//! `FORMATS`: the columns that must be present, and which column feeds which
//! field. Rows that cannot be read (bad number, bad date, wrong number of
//! fields) are reported as [`RowProblem`]s with their physical line number and
//! skipped; the other rows are kept.
//!
//! Dates and times accepted (see [`parse_moment`]):
//! * ISO 8601 / RFC 3339: `2026-09-28`, `2026-09-28T18:12`, `2026-09-28 18:12:05`,
//!   `2026-09-28T18:12:00Z`, `2026-09-28T18:12:00.000+02:00`;
//! * X: `2015-09-30 18:42 +0000`, `2026-08-15 13:12:39 +0000`;
//! * US slash dates (Meta, LinkedIn): `09/28/2026 18:12`, `10/1/2015 9:22`,
//!   `10/02/2026`, `9/28/2026 6:12 PM`, `09/28/2026 18:12:05`;
//! * X's newer export: `Tue, Jul 14, 2026`, and `Jul 14, 2026`.
//!
//! Day-first dates (`28/09/2026`) are not guessed: a day above 12 in the month
//! position is reported as a row problem.

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::{Timestamp, civil};

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// The export formats this module recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Meta Business Suite post export (Facebook Page or Instagram account),
    /// and the older Facebook Page Insights "Post data" export.
    Meta,
    /// X (Twitter) post-level analytics, classic "Tweet activity" or the newer
    /// "account_analytics_content" export.
    X,
    /// LinkedIn Page analytics, content export, "All posts" sheet saved as CSV.
    LinkedIn,
    /// Carepress's own documented posts CSV, for any other platform.
    GenericPosts,
    /// Carepress's own documented follower-count CSV.
    Followers,
    /// Plausible daily series: dashboard `visitors.csv` or the CSV export's
    /// `imported_visitors_*.csv`.
    PlausibleVisitors,
    /// Plausible CSV export `imported_sources_*.csv` (per day, source, campaign).
    PlausibleSources,
    /// Plausible CSV export `imported_pages_*.csv` (per day and page).
    PlausiblePages,
    /// A Plausible dashboard breakdown (`sources.csv`, `utm_campaigns.csv`,
    /// `pages.csv`, ...): totals for the exported period, no date column.
    PlausibleBreakdown,
    /// A Plausible CSV-export table carepress does not use (browsers, devices,
    /// locations, entry/exit pages, custom events). Recognised, no records.
    PlausibleUnused,
    /// Carepress's own documented traffic CSV.
    Traffic,
    /// Carepress's own documented responses CSV (when a message arrived and
    /// when it was answered).
    Responses,
}

impl Format {
    /// A short human name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Meta => "Meta Business Suite posts",
            Format::X => "X post analytics",
            Format::LinkedIn => "LinkedIn page posts",
            Format::GenericPosts => "generic posts",
            Format::Followers => "followers",
            Format::PlausibleVisitors => "Plausible visitors",
            Format::PlausibleSources => "Plausible imported sources",
            Format::PlausiblePages => "Plausible imported pages",
            Format::PlausibleBreakdown => "Plausible dashboard breakdown",
            Format::PlausibleUnused => "Plausible table not used by carepress",
            Format::Traffic => "traffic",
            Format::Responses => "responses",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A point in time as precise as the export states it.
///
/// Exports disagree: X gives UTC instants, Meta and LinkedIn give wall-clock
/// times (or dates) without saying in which zone. Nothing is invented here;
/// the caller decides which zone a wall-clock time is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A calendar date with no time of day.
    Date(civil::Date),
    /// A wall-clock date and time in an unstated time zone.
    Local(civil::DateTime),
    /// An exact instant (the export gave a UTC offset).
    Instant(Timestamp),
}

impl Moment {
    /// The calendar date (an instant is taken in UTC).
    pub fn date(&self) -> civil::Date {
        self.civil().date()
    }

    /// The wall-clock date and time (a date is taken at midnight, an instant
    /// in UTC).
    pub fn civil(&self) -> civil::DateTime {
        match *self {
            Moment::Date(d) => d.to_datetime(civil::Time::midnight()),
            Moment::Local(dt) => dt,
            Moment::Instant(ts) => jiff::tz::Offset::UTC.to_datetime(ts),
        }
    }
}

/// One post with its lifetime metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRow {
    /// `facebook`, `instagram`, `x`, `linkedin`, `threads`, or whatever a
    /// generic file says (lowercased).
    pub platform: String,
    /// The page or account the post belongs to, where the export says.
    pub account: Option<String>,
    pub post_id: Option<String>,
    pub url: Option<String>,
    pub published_at: Option<Moment>,
    pub text: Option<String>,
    pub impressions: Option<u64>,
    pub reach: Option<u64>,
    pub reactions: Option<u64>,
    pub comments: Option<u64>,
    pub shares: Option<u64>,
    pub saves: Option<u64>,
    pub link_clicks: Option<u64>,
    pub video_views: Option<u64>,
    /// Physical line (1-based) where the row starts in the file.
    pub line: usize,
}

/// A follower count on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowerRow {
    pub date: civil::Date,
    pub platform: String,
    pub account: String,
    pub followers: u64,
    pub line: usize,
}

/// Website visitors on a date, optionally for one page, source or campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafficRow {
    pub date: civil::Date,
    pub page: Option<String>,
    pub source: Option<String>,
    pub campaign: Option<String>,
    pub visitors: u64,
    pub pageviews: Option<u64>,
    pub line: usize,
}

/// One line of a Plausible dashboard breakdown (totals over the exported
/// period, which the file itself does not state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakdownRow {
    pub name: String,
    pub visitors: u64,
    pub pageviews: Option<u64>,
    pub line: usize,
}

/// A comment or message and when it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    pub platform: String,
    pub received_at: Moment,
    /// `None` when it has not been answered.
    pub responded_at: Option<Moment>,
    pub line: usize,
}

/// The records of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Records {
    Posts(Vec<PostRow>),
    Followers(Vec<FollowerRow>),
    Traffic(Vec<TrafficRow>),
    /// `dimension` is the file's stem, lowercased, e.g. `sources`,
    /// `utm_campaigns`, `pages`: Plausible names each breakdown file after
    /// its report and the rows do not repeat it.
    Breakdown {
        dimension: String,
        rows: Vec<BreakdownRow>,
    },
    Responses(Vec<ResponseRow>),
    /// A recognised file carepress has no use for.
    Unused,
}

impl Records {
    /// How many records were read.
    pub fn len(&self) -> usize {
        match self {
            Records::Posts(v) => v.len(),
            Records::Followers(v) => v.len(),
            Records::Traffic(v) => v.len(),
            Records::Breakdown { rows, .. } => rows.len(),
            Records::Responses(v) => v.len(),
            Records::Unused => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A row that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Physical line (1-based) where the row starts in the file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Everything read from one export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFile {
    pub path: PathBuf,
    pub format: Format,
    /// Physical line of the header row.
    pub header_line: usize,
    pub records: Records,
    /// Rows that could not be read.
    pub skipped: Vec<RowProblem>,
    /// File-level remarks worth showing (lossy decoding, IDs recovered, ...).
    pub notes: Vec<String>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the file has no rows", .path.display())]
    Empty { path: PathBuf },
    #[error(
        "{}: not a recognised analytics export. Columns found: {}. Known formats: {}",
        .path.display(),
        quote_list(.columns),
        .known.join("; ")
    )]
    Unknown {
        path: PathBuf,
        /// The cells of the first non-blank row (taken to be its header).
        columns: Vec<String>,
        /// Every known format with its key columns.
        known: Vec<&'static str>,
    },
}

fn quote_list(items: &[String]) -> String {
    if items.is_empty() {
        return "(none)".to_string();
    }
    items
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every known format with its key columns, as listed in
/// [`ExportError::Unknown`].
pub fn known_formats() -> Vec<&'static str> {
    FORMATS.iter().map(|spec| spec.summary).collect()
}

/// Reads and parses one export file.
pub fn read_export(path: &Path) -> Result<ParsedFile, ExportError> {
    let bytes = std::fs::read(path).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_export(path, &bytes)
}

/// Parses the bytes of an export; `path` names it in messages and, for
/// Plausible dashboard breakdowns, supplies the dimension.
pub fn parse_export(path: &Path, bytes: &[u8]) -> Result<ParsedFile, ExportError> {
    let mut notes = Vec::new();
    let text = decode(bytes, &mut notes);
    let records = read_records(&text);

    let Some(found) = find_header(&records) else {
        // The first row that looks like a header (two or more cells), else
        // the first non-blank row.
        let rows: Vec<&Vec<String>> = records
            .iter()
            .filter_map(|r| match r {
                RawRecord::Row { cells, .. } if !is_blank(cells) => Some(cells),
                _ => None,
            })
            .take(HEADER_SCAN_ROWS)
            .collect();
        let filled = |cells: &Vec<String>| cells.iter().filter(|c| !c.trim().is_empty()).count();
        let columns = rows
            .iter()
            .find(|cells| filled(cells) >= 2)
            .or_else(|| rows.first())
            .map(|cells| trim_trailing(cells))
            .unwrap_or_default();
        let any_row = records
            .iter()
            .any(|r| !matches!(r, RawRecord::Row { cells, .. } if is_blank(cells)));
        if !any_row {
            return Err(ExportError::Empty {
                path: path.to_path_buf(),
            });
        }
        return Err(ExportError::Unknown {
            path: path.to_path_buf(),
            columns,
            known: known_formats(),
        });
    };

    let spec = &FORMATS[found.spec];
    let mut out = Builder::new(spec, path, found.header_line, &found.header);
    let mut first_data_row = true;
    for raw in &records[found.index + 1..] {
        match raw {
            RawRecord::Broken { line, message } => out.problem(*line, message.clone()),
            RawRecord::Row { line, cells } => {
                if is_blank(cells) {
                    continue;
                }
                if cells.len() != found.header.len() {
                    out.problem(
                        *line,
                        format!(
                            "expected {} fields like the header, found {}",
                            found.header.len(),
                            cells.len()
                        ),
                    );
                    first_data_row = false;
                    continue;
                }
                let row = Row {
                    cells,
                    columns: &found.columns,
                    header: &found.header,
                };
                if first_data_row && out.is_description_row(&row) {
                    notes.push(format!(
                        "line {line}: skipped a descriptive row under the header"
                    ));
                    first_data_row = false;
                    continue;
                }
                first_data_row = false;
                out.add(&row, *line);
            }
        }
    }
    if found.header_line > 1 {
        notes.push(format!("header found on line {}", found.header_line));
    }
    Ok(out.finish(notes))
}

// ---------------------------------------------------------------------------
// The format table
// ---------------------------------------------------------------------------

/// A value a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    PostId,
    Url,
    PublishedAt,
    Text,
    Account,
    /// Meta's post type (`IG reel`, `Photos`, ...): only used to tell
    /// Instagram from Facebook when a row has no permalink.
    PostType,
    Platform,
    Impressions,
    Reach,
    Reactions,
    Comments,
    Shares,
    Saves,
    LinkClicks,
    VideoViews,
    Date,
    Followers,
    Page,
    Source,
    Campaign,
    Visitors,
    Pageviews,
    Name,
    ReceivedAt,
    RespondedAt,
}

/// How one format is recognised and read. Column names are written
/// normalised: lowercase, single spaces, `_` as a space.
struct FormatSpec {
    format: Format,
    /// Shown in [`ExportError::Unknown`]: the format and its key columns.
    summary: &'static str,
    /// Every group must have at least one of its names in the header.
    required: &'static [&'static [&'static str]],
    /// Field <- columns, in order of preference.
    fields: &'static [(Field, &'static [&'static str])],
    /// Columns known to belong to the format but deliberately not read (rates
    /// are recomputed by carepress; the rest has no field). They only count
    /// when two formats match the same header: the one that knows more of
    /// the header's columns wins.
    ignored: &'static [&'static str],
    /// Like `ignored`, by prefix.
    ignored_prefixes: &'static [&'static str],
}

/// The recognition table. Order only breaks ties.
static FORMATS: &[FormatSpec] = &[
    // Meta Business Suite → Insights → Content → Export data → posts CSV.
    // Facebook header verified from a test fixture described as "same columns
    // and quoting as Meta's per-post exports" (code index file id 70938527238):
    //   Post ID, Page ID, Page name, Title, Description, Duration (sec), Publish time,
    //   Caption type, Permalink, Is crosspost, Is share, Post type, Languages,
    //   Custom labels, Funded content status, Data comment, Date, Views, Reach,
    //   "Reactions, Comments and Shares", Reactions, Comments, Shares, Total clicks, ...
    // and from a data catalogue of 12 real monthly exports (file id 60387268291:
    // UTF-8 with BOM, header on row 1, 32-34 columns, "Link Clicks",
    // "Other Clicks", "Negative feedback from users: Hide all" vary by month).
    // Instagram header verified in several independent importers' fixtures
    // (file ids 56236834521, 70884181608, 69395614994):
    //   Post ID, Account ID, Account username, Account name, Description,
    //   Duration (sec), Publish time, Permalink, Post type, Data comment, Date,
    //   Views, Reach, Likes, Shares, Follows, Comments, Saves
    // ("Date" holds the word "Lifetime"; Publish time is "09/15/2026 18:00").
    // Older exports had "Impressions" where newer ones have "Views", and
    // "3-second video views" (file id 41940656746).
    // The legacy Facebook Page Insights "Post data" export (Post ID, Permalink,
    // Post Message, Type, ..., Posted, ..., Lifetime Post Total Reach, ...) has a
    // second, descriptive header row ("Lifetime: The total number of people...")
    // and "Posted" as "10/1/2015 21:00": verified in
    // github.com/scctsi/trial-promoter-app spec/lib/metric_file_parser_spec.rb.
    FormatSpec {
        format: Format::Meta,
        summary: "Meta Business Suite posts export (Post ID + Publish time)",
        required: &[&["post id"], &["publish time", "posted"]],
        fields: &[
            (Field::PostId, &["post id"]),
            (Field::Url, &["permalink"]),
            (Field::PublishedAt, &["publish time", "posted"]),
            (Field::Text, &["title", "description", "post message"]),
            (
                Field::Account,
                &["page name", "account username", "account name"],
            ),
            (Field::PostType, &["post type", "type"]),
            (
                Field::Impressions,
                &["impressions", "views", "lifetime post total impressions"],
            ),
            (Field::Reach, &["reach", "lifetime post total reach"]),
            (Field::Reactions, &["reactions", "likes"]),
            (Field::Comments, &["comments"]),
            (Field::Shares, &["shares"]),
            (Field::Saves, &["saves"]),
            (Field::LinkClicks, &["link clicks"]),
            (Field::VideoViews, &["3-second video views"]),
        ],
        ignored: &[
            "page id",
            "account id",
            "duration (sec)",
            "caption type",
            "is crosspost",
            "is share",
            "languages",
            "custom labels",
            "funded content status",
            "data comment",
            "date",
            "reactions, comments and shares",
            "total clicks",
            "other clicks",
            "matched audience targeting consumption (photo click)",
            "matched audience targeting consumption (video click)",
            "negative feedback from users: hide all",
            "negative feedback from users: hide",
            "seconds viewed",
            "average seconds viewed",
            "estimated earnings (usd)",
            "approximate content monetization earnings",
            "ad cpm (usd)",
            "ad impressions",
            "qualified views",
            "1-minute video views",
            "follows",
            "countries",
            "audience targeting",
        ],
        ignored_prefixes: &["lifetime "],
    },
    // X classic "Tweet activity" export (analytics.twitter.com), header verified in
    // github.com/scctsi/trial-promoter-app spec/lib/metric_file_parser_spec.rb and
    // a 2022 export embedded in another repo (file id 71574788901):
    //   Tweet id, Tweet permalink, Tweet text, time, impressions, engagements,
    //   engagement rate, retweets, replies, likes (older: favorites), user profile
    //   clicks, url clicks, hashtag clicks, detail expands, permalink clicks, app
    //   opens, app installs, follows, email tweet, dial phone, media views, media
    //   engagements, promoted impressions, ... ("-" in promoted columns).
    // time is "2015-09-30 18:42 +0000"; counts may be written "424.0".
    FormatSpec {
        format: Format::X,
        summary: "X (Twitter) Tweet activity export (Tweet id + time + impressions)",
        required: &[&["tweet id"], &["time"], &["impressions"]],
        fields: &[
            (Field::PostId, &["tweet id"]),
            (Field::Url, &["tweet permalink"]),
            (Field::Text, &["tweet text"]),
            (Field::PublishedAt, &["time"]),
            (Field::Impressions, &["impressions"]),
            (Field::Reactions, &["likes", "favorites"]),
            (Field::Comments, &["replies"]),
            (Field::Shares, &["retweets", "reposts"]),
            (Field::Saves, &["bookmarks"]),
            (Field::LinkClicks, &["url clicks"]),
            (Field::VideoViews, &["media views"]),
        ],
        ignored: &[
            "engagements",
            "engagement rate",
            "user profile clicks",
            "hashtag clicks",
            "detail expands",
            "permalink clicks",
            "app opens",
            "app installs",
            "follows",
            "email tweet",
            "dial phone",
            "media engagements",
            "quote tweets",
        ],
        ignored_prefixes: &["promoted "],
    },
    // X's newer export (x.com → Analytics → Content → export,
    // account_analytics_content_YYYY-MM-DD_YYYY-MM-DD.csv). Header verified in
    // a fixture described as a shortened real export (file id 57723239791):
    //   Post id, Date, Post text, Post Link, Impressions, Likes, Engagements,
    //   Bookmarks, Shares, New follows, Replies, Reposts, Profile visits,
    //   Detail Expands, URL Clicks, Hashtag Clicks, Permalink Clicks
    // Date is "Tue, Jul 14, 2026" (quoted, since it has commas).
    FormatSpec {
        format: Format::X,
        summary: "X (Twitter) content export (Post id + Date + Impressions + Post text or Post Link)",
        required: &[
            &["post id"],
            &["date"],
            &["impressions"],
            &["post text", "post link"],
        ],
        fields: &[
            (Field::PostId, &["post id"]),
            (Field::Url, &["post link"]),
            (Field::Text, &["post text"]),
            (Field::PublishedAt, &["date"]),
            (Field::Impressions, &["impressions"]),
            (Field::Reactions, &["likes"]),
            (Field::Comments, &["replies"]),
            (Field::Shares, &["reposts"]),
            (Field::Saves, &["bookmarks"]),
            (Field::LinkClicks, &["url clicks"]),
            (Field::VideoViews, &["video views", "media views"]),
        ],
        ignored: &[
            "engagements",
            "shares",
            "new follows",
            "unfollows",
            "profile visits",
            "detail expands",
            "hashtag clicks",
            "permalink clicks",
        ],
        ignored_prefixes: &[],
    },
    // LinkedIn Page → Analytics → Content → Export (xls), "All posts" sheet.
    // Header verified in github.com/jakemaz66/Non-Profit-Language-Processing (reads
    // sheet 'All posts', drops the real header from the data, i.e. the first
    // sheet row is not the header) and in other importers (file ids 54832421402,
    // 69380632042, 54705576632):
    //   Post title, Post link, Post type, Campaign name, Posted by, Created date,
    //   Campaign start date, Campaign end date, Audience, Impressions, Views,
    //   Offsite Views, Clicks, Click through rate (CTR), Likes, Comments, Reposts,
    //   Follows, Engagement rate, Content Type
    // Older exports: "Update title", "Update link", "Update type", "Video views",
    // "Shares" (file id 30323071989); "Views (Excluding offsite video views)".
    // Views is "NA" on non-video posts (file id 56236834521). Created date is
    // "MM/DD/YYYY". LinkedIn's "Clicks" counts clicks on the content, page name
    // or logo, not link clicks, so it is not read as link_clicks.
    FormatSpec {
        format: Format::LinkedIn,
        summary: "LinkedIn page posts, All posts sheet (Post title + Post link + Created date)",
        required: &[
            &["post title", "update title"],
            &["post link", "update link"],
            &["created date"],
        ],
        fields: &[
            (Field::Text, &["post title", "update title"]),
            (Field::Url, &["post link", "update link"]),
            (Field::PublishedAt, &["created date"]),
            (Field::Impressions, &["impressions"]),
            (Field::Reactions, &["likes", "reactions"]),
            (Field::Comments, &["comments"]),
            (Field::Shares, &["reposts", "shares"]),
            (
                Field::VideoViews,
                &[
                    "views",
                    "video views",
                    "views (excluding offsite video views)",
                ],
            ),
        ],
        ignored: &[
            "post type",
            "update type",
            "campaign name",
            "posted by",
            "campaign start date",
            "campaign end date",
            "audience",
            "offsite views",
            "clicks",
            "click through rate (ctr)",
            "follows",
            "engagement rate",
            "content type",
        ],
        ignored_prefixes: &[],
    },
    // Carepress's own posts CSV (documented by carepress), for Bluesky, Mastodon,
    // Threads, YouTube and anything without a supported native export.
    FormatSpec {
        format: Format::GenericPosts,
        summary: "generic posts (platform + published_at + post_url or post_id)",
        required: &[
            &["platform"],
            &["published at"],
            &["post url", "url", "post id"],
        ],
        fields: &[
            (Field::Platform, &["platform"]),
            (Field::Account, &["account"]),
            (Field::PostId, &["post id"]),
            (Field::Url, &["post url", "url"]),
            (Field::PublishedAt, &["published at"]),
            (Field::Text, &["text"]),
            (Field::Impressions, &["impressions"]),
            (Field::Reach, &["reach"]),
            (Field::Reactions, &["reactions"]),
            (Field::Comments, &["comments"]),
            (Field::Shares, &["shares"]),
            (Field::Saves, &["saves"]),
            (Field::LinkClicks, &["link clicks"]),
            (Field::VideoViews, &["video views"]),
        ],
        ignored: &[],
        ignored_prefixes: &[],
    },
    // Carepress's own followers CSV.
    FormatSpec {
        format: Format::Followers,
        summary: "followers (date + platform + account + followers)",
        required: &[&["date"], &["platform"], &["account"], &["followers"]],
        fields: &[
            (Field::Date, &["date"]),
            (Field::Platform, &["platform"]),
            (Field::Account, &["account"]),
            (Field::Followers, &["followers"]),
        ],
        ignored: &[],
        ignored_prefixes: &[],
    },
    // Plausible daily series. Dashboard export (download icon → ZIP) visitors.csv:
    //   date, visitors, pageviews, visits, views_per_visit, bounce_rate,
    //   visit_duration [, scroll_depth]
    // verified in github.com/plausible/analytics
    // lib/plausible_web/controllers/stats_controller.ex (csv_export,
    // main_graph_csv). Site settings → Imports & Exports → CSV export
    // imported_visitors_YYYYMMDD_YYYYMMDD.csv:
    //   date, visitors, pageviews, bounces, visits, visit_duration
    // verified in lib/plausible/imported/csv_importer.ex (input_structures).
    // A goal-filtered visitors.csv (date, unique_conversions, ...) is not read.
    FormatSpec {
        format: Format::PlausibleVisitors,
        summary: "Plausible visitors.csv or imported_visitors (date + visitors + pageviews + visits + bounce_rate or bounces)",
        required: &[
            &["date"],
            &["visitors"],
            &["pageviews"],
            &["visits"],
            &["bounce rate", "bounces"],
        ],
        fields: &[
            (Field::Date, &["date"]),
            (Field::Visitors, &["visitors"]),
            (Field::Pageviews, &["pageviews"]),
        ],
        ignored: &[
            "visits",
            "views per visit",
            "bounce rate",
            "bounces",
            "visit duration",
            "scroll depth",
        ],
        ignored_prefixes: &[],
    },
    // Plausible CSV export imported_sources_YYYYMMDD_YYYYMMDD.csv:
    //   date, source, referrer, utm_source, utm_medium, utm_campaign, utm_content,
    //   utm_term, pageviews, visitors, visits, visit_duration, bounces
    // verified in github.com/plausible/analytics lib/plausible/imported/csv_importer.ex.
    FormatSpec {
        format: Format::PlausibleSources,
        summary: "Plausible imported_sources (date + source + utm_campaign + visitors)",
        required: &[&["date"], &["source"], &["utm campaign"], &["visitors"]],
        fields: &[
            (Field::Date, &["date"]),
            (Field::Source, &["source"]),
            (Field::Campaign, &["utm campaign"]),
            (Field::Visitors, &["visitors"]),
            (Field::Pageviews, &["pageviews"]),
        ],
        ignored: &[
            "referrer",
            "utm source",
            "utm medium",
            "utm content",
            "utm term",
            "visits",
            "visit duration",
            "bounces",
        ],
        ignored_prefixes: &[],
    },
    // Plausible CSV export imported_pages_YYYYMMDD_YYYYMMDD.csv:
    //   date, hostname, page, visits, visitors, pageviews, scroll_depth,
    //   pageleave_visitors   (older: date, hostname, page, visitors, pageviews,
    //   exits, time_on_page)
    // verified in github.com/plausible/analytics lib/plausible/imported/csv_importer.ex.
    FormatSpec {
        format: Format::PlausiblePages,
        summary: "Plausible imported_pages (date + hostname + page + visitors)",
        required: &[&["date"], &["hostname"], &["page"], &["visitors"]],
        fields: &[
            (Field::Date, &["date"]),
            (Field::Page, &["page"]),
            (Field::Visitors, &["visitors"]),
            (Field::Pageviews, &["pageviews"]),
        ],
        ignored: &[
            "hostname",
            "visits",
            "exits",
            "time on page",
            "scroll depth",
            "pageleave visitors",
        ],
        ignored_prefixes: &[],
    },
    // Plausible's other CSV-export tables (imported_browsers, _devices,
    // _locations, _operating_systems, _entry_pages, _exit_pages, _custom_events),
    // same source. Recognised so that dropping the whole export folder in does
    // not produce errors; carepress does not read them.
    FormatSpec {
        format: Format::PlausibleUnused,
        summary: "Plausible imported_browsers/devices/locations/operating_systems/entry_pages/exit_pages/custom_events (date + visitors + browser, device, country, ...)",
        required: &[
            &["date"],
            &["visitors"],
            &[
                "browser",
                "device",
                "country",
                "operating system",
                "entry page",
                "exit page",
                "link url",
            ],
        ],
        fields: &[],
        ignored: &[
            "date",
            "visitors",
            "browser",
            "browser version",
            "device",
            "country",
            "region",
            "city",
            "operating system",
            "operating system version",
            "entry page",
            "exit page",
            "name",
            "link url",
            "path",
            "events",
            "entrances",
            "exits",
            "visits",
            "visit duration",
            "bounces",
            "pageviews",
        ],
        ignored_prefixes: &[],
    },
    // Plausible dashboard export breakdowns (sources.csv, channels.csv,
    // utm_sources.csv, utm_mediums.csv, utm_campaigns.csv, utm_contents.csv,
    // utm_terms.csv, referrers.csv, countries.csv, ...):
    //   name, visitors, bounce_rate, visit_duration
    // pages.csv: name, visitors, pageviews, bounce_rate, time_on_page.
    // Verified in github.com/plausible/analytics
    // lib/plausible_web/controllers/api/stats_controller.ex (to_csv calls). Which
    // report a file is comes only from its name. Goal-filtered breakdowns
    // (name, conversions, conversion_rate) and entry_pages.csv
    // (name, unique_entrances, ...) are not read.
    FormatSpec {
        format: Format::PlausibleBreakdown,
        summary: "Plausible dashboard breakdown, e.g. sources.csv or pages.csv (name + visitors)",
        required: &[&["name"], &["visitors"]],
        fields: &[
            (Field::Name, &["name"]),
            (Field::Visitors, &["visitors"]),
            (Field::Pageviews, &["pageviews"]),
        ],
        ignored: &[
            "bounce rate",
            "visit duration",
            "time on page",
            "scroll depth",
            "percentage",
        ],
        ignored_prefixes: &[],
    },
    // Carepress's own traffic CSV.
    FormatSpec {
        format: Format::Traffic,
        summary: "traffic (date + page + source + campaign + visitors [+ pageviews])",
        required: &[
            &["date"],
            &["page"],
            &["source"],
            &["campaign"],
            &["visitors"],
        ],
        fields: &[
            (Field::Date, &["date"]),
            (Field::Page, &["page"]),
            (Field::Source, &["source"]),
            (Field::Campaign, &["campaign"]),
            (Field::Visitors, &["visitors"]),
            (Field::Pageviews, &["pageviews"]),
        ],
        ignored: &[],
        ignored_prefixes: &[],
    },
    // Carepress's own responses CSV. No documented Meta inbox export was found
    // (Business Suite shows response rate/time, but offers no per-message CSV).
    FormatSpec {
        format: Format::Responses,
        summary: "responses (platform + received_at + responded_at)",
        required: &[&["platform"], &["received at"], &["responded at"]],
        fields: &[
            (Field::Platform, &["platform"]),
            (Field::ReceivedAt, &["received at"]),
            (Field::RespondedAt, &["responded at"]),
        ],
        ignored: &[],
        ignored_prefixes: &[],
    },
];

/// How many rows above the header are tolerated.
const HEADER_SCAN_ROWS: usize = 10;

// ---------------------------------------------------------------------------
// Reading the CSV
// ---------------------------------------------------------------------------

enum RawRecord {
    Row { line: usize, cells: Vec<String> },
    Broken { line: usize, message: String },
}

/// Decodes UTF-8 (BOM stripped) or, with a BOM, UTF-16. Invalid UTF-8 is
/// decoded lossily, with a note.
fn decode(bytes: &[u8], notes: &mut Vec<String>) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, notes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8(bytes, notes)
}

fn utf8(bytes: &[u8], notes: &mut Vec<String>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            notes.push(
                "the file is not valid UTF-8; unreadable characters were replaced".to_string(),
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn read_records(text: &str) -> Vec<RawRecord> {
    // The csv crate counts lines by '\n' but ends a CRLF record at the '\r',
    // so after a CRLF record it reports the next one a line too early. With
    // plain '\n' endings its line numbers are exact, except that a record's
    // position is taken before the blank lines in front of it are skipped;
    // `physical_line` adds those back.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let physical_line = |pos: &csv::Position| {
        let blank = text
            .as_bytes()
            .get(to_usize(pos.byte())..)
            .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\n').count());
        to_usize(pos.line()).saturating_add(blank)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => out.push(RawRecord::Row {
                line: record.position().map_or(0, physical_line),
                cells: record.iter().map(str::to_string).collect(),
            }),
            Ok(false) => break,
            Err(err) => {
                let line = err
                    .position()
                    .map_or_else(|| physical_line(reader.position()), physical_line);
                out.push(RawRecord::Broken {
                    line,
                    message: format!("unreadable CSV: {err}"),
                });
                // A failed read still advances; stop if it did not.
                if reader.is_done() {
                    break;
                }
            }
        }
    }
    out
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn trim_trailing(cells: &[String]) -> Vec<String> {
    let mut v: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    while v.last().is_some_and(|c| c.is_empty()) {
        v.pop();
    }
    v
}

/// Header cell as compared with the table: no BOM, trimmed, lowercase, `_`
/// read as a space, runs of whitespace as one space.
fn normalise(cell: &str) -> String {
    cell.replace(['\u{feff}', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct FoundHeader {
    spec: usize,
    /// Index into the record list.
    index: usize,
    header_line: usize,
    /// Header cells as written (trimmed).
    header: Vec<String>,
    columns: Columns,
}

/// Field -> header positions, in preference order.
type Columns = Vec<(Field, Vec<usize>)>;

fn find_header(records: &[RawRecord]) -> Option<FoundHeader> {
    let mut scanned = 0;
    for (index, raw) in records.iter().enumerate() {
        let RawRecord::Row { line, cells } = raw else {
            continue;
        };
        if is_blank(cells) {
            continue;
        }
        scanned += 1;
        if scanned > HEADER_SCAN_ROWS {
            return None;
        }
        let norm: Vec<String> = cells.iter().map(|c| normalise(c)).collect();
        let best = FORMATS
            .iter()
            .enumerate()
            .filter(|(_, spec)| matches_required(spec, &norm))
            .map(|(i, spec)| (i, coverage(spec, &norm)))
            // max_by_key keeps the last of equals; reverse so the first wins.
            .rev()
            .max_by_key(|&(_, score)| score);
        if let Some((spec, _)) = best {
            return Some(FoundHeader {
                spec,
                index,
                header_line: *line,
                header: cells.iter().map(|c| c.trim().to_string()).collect(),
                columns: resolve(&FORMATS[spec], &norm),
            });
        }
    }
    None
}

fn matches_required(spec: &FormatSpec, header: &[String]) -> bool {
    spec.required
        .iter()
        .all(|group| group.iter().any(|name| header.iter().any(|h| h == name)))
}

/// How many header cells the format knows.
fn coverage(spec: &FormatSpec, header: &[String]) -> usize {
    header
        .iter()
        .filter(|h| {
            spec.fields
                .iter()
                .any(|(_, names)| names.contains(&h.as_str()))
                || spec.ignored.contains(&h.as_str())
                || spec.ignored_prefixes.iter().any(|p| h.starts_with(p))
        })
        .count()
}

fn resolve(spec: &FormatSpec, header: &[String]) -> Columns {
    spec.fields
        .iter()
        .map(|(field, names)| {
            let positions = names
                .iter()
                .filter_map(|name| header.iter().position(|h| h == name))
                .collect();
            (*field, positions)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Reading one row
// ---------------------------------------------------------------------------

struct Row<'a> {
    cells: &'a [String],
    columns: &'a Columns,
    header: &'a [String],
}

impl<'a> Row<'a> {
    fn positions(&self, field: Field) -> &'a [usize] {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[][..], |(_, p)| p.as_slice())
    }

    /// First non-missing cell for the field, with its column name.
    fn cell(&self, field: Field) -> Option<(&'a str, &'a str)> {
        self.positions(field).iter().find_map(|&i| {
            let value = self.cells.get(i)?.trim();
            let name = self.header.get(i).map_or("", String::as_str);
            (!is_missing(value)).then_some((value, name))
        })
    }

    fn text(&self, field: Field) -> Option<String> {
        self.cell(field).map(|(v, _)| v.to_string())
    }

    /// The longest non-empty cell among the field's columns (Meta puts a
    /// caption in Title or Description depending on the post type).
    fn longest_text(&self, field: Field) -> Option<String> {
        self.positions(field)
            .iter()
            .filter_map(|&i| self.cells.get(i).map(|c| c.trim()))
            .filter(|v| !is_missing(v))
            .max_by_key(|v| v.chars().count())
            .map(str::to_string)
    }

    fn count(&self, field: Field) -> Result<Option<u64>, String> {
        match self.cell(field) {
            None => Ok(None),
            Some((value, name)) => parse_count(value)
                .map(Some)
                .map_err(|why| format!("column \"{name}\": \"{value}\" {why}")),
        }
    }

    fn required_count(&self, field: Field, what: &str) -> Result<u64, String> {
        self.count(field)?.ok_or_else(|| format!("{what} is empty"))
    }

    fn moment(&self, field: Field) -> Result<Option<Moment>, String> {
        match self.cell(field) {
            None => Ok(None),
            Some((value, name)) => parse_moment(value)
                .map(Some)
                .map_err(|why| format!("column \"{name}\": \"{value}\" {why}")),
        }
    }

    fn required_date(&self, field: Field) -> Result<civil::Date, String> {
        self.moment(field)?
            .map(|m| m.date())
            .ok_or_else(|| "date is empty".to_string())
    }

    fn platform(&self) -> Result<String, String> {
        self.text(Field::Platform)
            .map(|p| normalise_platform(&p))
            .ok_or_else(|| "platform is empty".to_string())
    }

    /// True when a cell meant to hold a number holds words instead.
    fn has_words_in_numbers(&self) -> bool {
        const NUMERIC: [Field; 9] = [
            Field::Impressions,
            Field::Reach,
            Field::Reactions,
            Field::Comments,
            Field::Shares,
            Field::Saves,
            Field::LinkClicks,
            Field::VideoViews,
            Field::Visitors,
        ];
        NUMERIC.iter().any(|&f| {
            self.cell(f)
                .is_some_and(|(v, _)| v.chars().any(char::is_alphabetic))
        })
    }
}

/// Accumulates the records of one file.
struct Builder<'s> {
    spec: &'s FormatSpec,
    path: PathBuf,
    header_line: usize,
    records: Records,
    skipped: Vec<RowProblem>,
    /// Default platform for Meta rows without a telling permalink.
    meta_default: &'static str,
    ids_recovered: usize,
    ids_dropped: usize,
}

impl<'s> Builder<'s> {
    fn new(spec: &'s FormatSpec, path: &Path, header_line: usize, header: &[String]) -> Self {
        let records = match spec.format {
            Format::Meta | Format::X | Format::LinkedIn | Format::GenericPosts => {
                Records::Posts(Vec::new())
            }
            Format::Followers => Records::Followers(Vec::new()),
            Format::PlausibleVisitors
            | Format::PlausibleSources
            | Format::PlausiblePages
            | Format::Traffic => Records::Traffic(Vec::new()),
            Format::PlausibleBreakdown => Records::Breakdown {
                dimension: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_lowercase())
                    .unwrap_or_default(),
                rows: Vec::new(),
            },
            Format::Responses => Records::Responses(Vec::new()),
            Format::PlausibleUnused => Records::Unused,
        };
        Builder {
            spec,
            path: path.to_path_buf(),
            header_line,
            records,
            skipped: Vec::new(),
            // Instagram exports name the account ("Account ID", "Account
            // username"), Facebook ones the page.
            meta_default: if header.iter().any(|h| normalise(h).starts_with("account ")) {
                "instagram"
            } else {
                "facebook"
            },
            ids_recovered: 0,
            ids_dropped: 0,
        }
    }

    fn problem(&mut self, line: usize, message: String) {
        self.skipped.push(RowProblem { line, message });
    }

    /// A second header row describing the columns (legacy Facebook Insights):
    /// no id, no date, and words where numbers belong.
    fn is_description_row(&self, row: &Row<'_>) -> bool {
        matches!(
            self.spec.format,
            Format::Meta | Format::X | Format::LinkedIn
        ) && row.cell(Field::PostId).is_none()
            && row.cell(Field::PublishedAt).is_none()
            && row.has_words_in_numbers()
    }

    fn add(&mut self, row: &Row<'_>, line: usize) {
        let result = match &mut self.records {
            Records::Posts(out) => match post(self.spec.format, row, line, self.meta_default) {
                Ok(Some((p, id))) => {
                    match id {
                        IdFix::None => {}
                        IdFix::Recovered => self.ids_recovered += 1,
                        IdFix::Dropped => self.ids_dropped += 1,
                    }
                    out.push(p);
                    Ok(())
                }
                Ok(None) => Ok(()),
                Err(e) => Err(e),
            },
            Records::Followers(out) => follower(row, line).map(|r| out.push(r)),
            Records::Traffic(out) => traffic(row, line).map(|r| out.push(r)),
            Records::Breakdown { rows, .. } => breakdown(row, line).map(|r| rows.push(r)),
            Records::Responses(out) => response(row, line).map(|r| out.push(r)),
            Records::Unused => Ok(()),
        };
        if let Err(message) = result {
            self.problem(line, message);
        }
    }

    fn finish(self, mut notes: Vec<String>) -> ParsedFile {
        if self.spec.format == Format::PlausibleUnused {
            notes.push("a Plausible table carepress does not use; no records read".to_string());
        }
        if self.ids_recovered > 0 {
            notes.push(format!(
                "{} post IDs had been turned into scientific notation by a spreadsheet; \
                 recovered from the post links",
                self.ids_recovered
            ));
        }
        if self.ids_dropped > 0 {
            notes.push(format!(
                "{} post IDs had been turned into scientific notation by a spreadsheet \
                 and were dropped",
                self.ids_dropped
            ));
        }
        ParsedFile {
            path: self.path,
            format: self.spec.format,
            header_line: self.header_line,
            records: self.records,
            skipped: self.skipped,
            notes,
        }
    }
}

enum IdFix {
    None,
    Recovered,
    Dropped,
}

/// Reads a post; `Ok(None)` for a row with nothing in it worth keeping.
fn post(
    format: Format,
    row: &Row<'_>,
    line: usize,
    meta_default: &str,
) -> Result<Option<(PostRow, IdFix)>, String> {
    let url = row.text(Field::Url);
    let text = if format == Format::Meta {
        row.longest_text(Field::Text)
    } else {
        row.text(Field::Text)
    };
    let platform = match format {
        Format::Meta => meta_platform(url.as_deref(), row.text(Field::PostType), meta_default),
        Format::X => "x".to_string(),
        Format::LinkedIn => "linkedin".to_string(),
        _ => row.platform()?,
    };

    let mut fix = IdFix::None;
    let mut post_id = row.text(Field::PostId);
    if post_id.as_deref().is_some_and(is_scientific) {
        let recovered = url.as_deref().and_then(x_status_id);
        fix = if recovered.is_some() {
            IdFix::Recovered
        } else {
            IdFix::Dropped
        };
        post_id = recovered;
    }
    if format == Format::LinkedIn && post_id.is_none() {
        post_id = url.as_deref().and_then(linkedin_urn_id);
    }
    if format == Format::GenericPosts && post_id.is_none() && url.is_none() {
        return Err("neither post_url nor post_id is given".to_string());
    }

    let p = PostRow {
        platform,
        account: row.text(Field::Account),
        post_id,
        url,
        published_at: row.moment(Field::PublishedAt)?,
        text,
        impressions: row.count(Field::Impressions)?,
        reach: row.count(Field::Reach)?,
        reactions: row.count(Field::Reactions)?,
        comments: row.count(Field::Comments)?,
        shares: row.count(Field::Shares)?,
        saves: row.count(Field::Saves)?,
        link_clicks: row.count(Field::LinkClicks)?,
        video_views: row.count(Field::VideoViews)?,
        line,
    };
    let nothing = p.post_id.is_none()
        && p.url.is_none()
        && p.published_at.is_none()
        && p.text.is_none()
        && [
            p.impressions,
            p.reach,
            p.reactions,
            p.comments,
            p.shares,
            p.saves,
            p.link_clicks,
            p.video_views,
        ]
        .iter()
        .all(Option::is_none);
    Ok((!nothing).then_some((p, fix)))
}

fn follower(row: &Row<'_>, line: usize) -> Result<FollowerRow, String> {
    Ok(FollowerRow {
        date: row.required_date(Field::Date)?,
        platform: row.platform()?,
        account: row
            .text(Field::Account)
            .ok_or_else(|| "account is empty".to_string())?,
        followers: row.required_count(Field::Followers, "followers")?,
        line,
    })
}

fn traffic(row: &Row<'_>, line: usize) -> Result<TrafficRow, String> {
    Ok(TrafficRow {
        date: row.required_date(Field::Date)?,
        page: row.text(Field::Page),
        source: row.text(Field::Source),
        campaign: row.text(Field::Campaign),
        visitors: row.required_count(Field::Visitors, "visitors")?,
        pageviews: row.count(Field::Pageviews)?,
        line,
    })
}

fn breakdown(row: &Row<'_>, line: usize) -> Result<BreakdownRow, String> {
    Ok(BreakdownRow {
        name: row.text(Field::Name).unwrap_or_default(),
        visitors: row.required_count(Field::Visitors, "visitors")?,
        pageviews: row.count(Field::Pageviews)?,
        line,
    })
}

fn response(row: &Row<'_>, line: usize) -> Result<ResponseRow, String> {
    let received_at = row
        .moment(Field::ReceivedAt)?
        .ok_or_else(|| "received_at is empty".to_string())?;
    let responded_at = row.moment(Field::RespondedAt)?;
    if let Some(responded) = responded_at {
        if answered_before(received_at, responded) {
            return Err("responded_at is earlier than received_at".to_string());
        }
    }
    Ok(ResponseRow {
        platform: row.platform()?,
        received_at,
        responded_at,
        line,
    })
}

/// Only compares like with like: a wall-clock time cannot be ordered against
/// an instant without knowing the zone.
fn answered_before(received: Moment, responded: Moment) -> bool {
    match (received, responded) {
        (Moment::Instant(a), Moment::Instant(b)) => b < a,
        (Moment::Instant(_), _) | (_, Moment::Instant(_)) => false,
        (a, b) => b.civil() < a.civil(),
    }
}

// ---------------------------------------------------------------------------
// Cell parsing
// ---------------------------------------------------------------------------

/// Cells that mean "no value".
fn is_missing(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || matches!(v, "-" | "--" | "\u{2013}" | "\u{2014}")
        || ["n/a", "na", "null", "none"]
            .iter()
            .any(|m| v.eq_ignore_ascii_case(m))
}

/// A whole, non-negative count. Accepts thousands separators (`1,234`,
/// `1 234`) and a zero fraction (`424.0`, as X's classic export writes).
fn parse_count(value: &str) -> Result<u64, String> {
    const SEPARATORS: [char; 4] = [',', ' ', '\u{a0}', '\u{202f}'];
    let v = value.trim();
    if v.ends_with('%') {
        return Err("is a percentage, not a count".to_string());
    }
    let (whole, fraction) = v.split_once('.').unwrap_or((v, ""));
    // Thousands separators must group by three: "1,234" but not "1,23".
    let groups: Vec<&str> = whole.split(SEPARATORS).collect();
    let grouped = match groups.split_first() {
        Some((first, rest)) if !rest.is_empty() => {
            (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3)
        }
        _ => true,
    };
    let digits: String = groups.concat();
    let well_formed = grouped
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err("is not a number".to_string());
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err("is not a whole number".to_string());
    }
    digits
        .parse::<u64>()
        .map_err(|_| "is too large".to_string())
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses the date and time forms listed in the module documentation.
pub fn parse_moment(value: &str) -> Result<Moment, String> {
    let v = value.trim();
    const NOT_A_DATE: &str = "is not a date this reader knows (expected e.g. 2026-09-28, \
                              2026-09-28 18:12, 09/28/2026 18:12 or Tue, Jul 14, 2026)";
    if v.is_empty() {
        return Err(NOT_A_DATE.to_string());
    }
    let first = v.as_bytes()[0];
    if first.is_ascii_digit() && v.contains('/') {
        return parse_us(v);
    }
    if first.is_ascii_digit() {
        // Date only.
        if v.len() == 10 {
            return v
                .parse::<civil::Date>()
                .map(Moment::Date)
                .map_err(|e| format!("is not a valid date ({e})"));
        }
        // With an offset: RFC 3339 / ISO 8601, then X's "+0000" style.
        if let Ok(ts) = v.parse::<Timestamp>() {
            return Ok(Moment::Instant(ts));
        }
        for format in ["%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z"] {
            if let Ok(ts) = jiff::fmt::strtime::parse(format, v).and_then(|t| t.to_timestamp()) {
                return Ok(Moment::Instant(ts));
            }
        }
        if has_offset(v) {
            return Err(NOT_A_DATE.to_string());
        }
        return v
            .parse::<civil::DateTime>()
            .map(Moment::Local)
            .map_err(|_| NOT_A_DATE.to_string());
    }
    parse_month_name(v).ok_or_else(|| NOT_A_DATE.to_string())
}

/// Whether a date-time string carries a zone designator civil parsing would
/// silently drop.
fn has_offset(v: &str) -> bool {
    let time = v.get(10..).unwrap_or("");
    time.ends_with(['Z', 'z'])
        || time.contains('+')
        || time.get(1..).is_some_and(|t| t.contains('-'))
}

/// `MM/DD/YYYY`, optionally followed by `H:MM`, `H:MM:SS` and `AM`/`PM`.
fn parse_us(v: &str) -> Result<Moment, String> {
    let bad = || "is not a MM/DD/YYYY date".to_string();
    let (date_part, time_part) = match v.split_once(char::is_whitespace) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (v, None),
    };
    let mut parts = date_part.split('/');
    let (Some(m), Some(d), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let month: i8 = small_number(m).ok_or_else(bad)?;
    let day: i8 = small_number(d).ok_or_else(bad)?;
    let year: i16 = if y.len() == 4 {
        y.parse().map_err(|_| bad())?
    } else {
        return Err(bad());
    };
    let date = civil::Date::new(year, month, day).map_err(|_| {
        if month > 12 && day <= 12 {
            "has a month above 12: day-first (DD/MM/YYYY) dates are not supported".to_string()
        } else {
            "is not a valid date".to_string()
        }
    })?;
    let Some(time) = time_part else {
        return Ok(Moment::Date(date));
    };
    let bad_time =
        || "has a time this reader does not know (expected e.g. 18:12 or 6:12 PM)".to_string();
    let upper = time.to_ascii_uppercase();
    let (clock, meridiem) = if let Some(rest) = upper.strip_suffix("AM") {
        (rest.trim(), Some(false))
    } else if let Some(rest) = upper.strip_suffix("PM") {
        (rest.trim(), Some(true))
    } else {
        (upper.as_str(), None)
    };
    let mut fields = clock.split(':');
    let hour: i8 = fields.next().and_then(small_number).ok_or_else(bad_time)?;
    let minute: i8 = fields.next().and_then(small_number).ok_or_else(bad_time)?;
    let second: i8 = match fields.next() {
        Some(s) => small_number(s).ok_or_else(bad_time)?,
        None => 0,
    };
    if fields.next().is_some() {
        return Err(bad_time());
    }
    let hour = match meridiem {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return Err(bad_time()),
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    let time = civil::Time::new(hour, minute, second, 0).map_err(|_| bad_time())?;
    Ok(Moment::Local(date.to_datetime(time)))
}

/// One or two ASCII digits.
fn small_number<T: std::str::FromStr>(s: &str) -> Option<T> {
    let s = s.trim();
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// `Tue, Jul 14, 2026` or `Jul 14, 2026` (full month names too).
fn parse_month_name(v: &str) -> Option<Moment> {
    let words: Vec<&str> = v.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    let words = match words.as_slice() {
        [_weekday, m, d, y] => [*m, *d, *y],
        [m, d, y] => [*m, *d, *y],
        _ => return None,
    };
    let month_word = words[0].to_ascii_lowercase();
    let month = MONTHS
        .iter()
        .position(|m| month_word.len() >= 3 && month_word.starts_with(m))?;
    let day: i8 = small_number(words[1])?;
    let year: i16 = if words[2].len() == 4 {
        words[2].parse().ok()?
    } else {
        return None;
    };
    let month = i8::try_from(month + 1).ok()?;
    civil::Date::new(year, month, day).ok().map(Moment::Date)
}

/// `1.23457E+18`: a long ID a spreadsheet rewrote.
fn is_scientific(id: &str) -> bool {
    let upper = id.to_ascii_uppercase();
    upper.contains("E+") && upper.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The numeric status ID in an X/Twitter post link.
fn x_status_id(url: &str) -> Option<String> {
    let after = url.split("/status/").nth(1)?;
    let id: String = after.chars().take_while(char::is_ascii_digit).collect();
    (!id.is_empty()).then_some(id)
}

/// The numeric part of `urn:li:activity:…` (or `share`/`ugcPost`) in a
/// LinkedIn post link.
fn linkedin_urn_id(url: &str) -> Option<String> {
    ["urn:li:activity:", "urn:li:share:", "urn:li:ugcPost:"]
        .iter()
        .find_map(|marker| {
            let after = url.split(marker).nth(1)?;
            let id: String = after.chars().take_while(char::is_ascii_digit).collect();
            (!id.is_empty()).then_some(id)
        })
}

/// Facebook or Instagram (or Threads), from the permalink's host, else from
/// the post type (`IG reel`), else from the file's columns.
fn meta_platform(url: Option<&str>, post_type: Option<String>, default: &str) -> String {
    if let Some(platform) = url.and_then(platform_from_host) {
        return platform.to_string();
    }
    if post_type.is_some_and(|t| t.to_ascii_lowercase().starts_with("ig ")) {
        return "instagram".to_string();
    }
    default.to_string()
}

fn platform_from_host(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if is("instagram.com") || is("instagr.am") {
        Some("instagram")
    } else if is("facebook.com") || is("fb.com") || is("fb.watch") {
        Some("facebook")
    } else if is("threads.net") || is("threads.com") {
        Some("threads")
    } else {
        None
    }
}

/// Lowercase, with a few common spellings folded.
fn normalise_platform(p: &str) -> String {
    let lower = p.trim().to_lowercase();
    match lower.as_str() {
        "twitter" | "x (twitter)" | "x.com" => "x".to_string(),
        "fb" => "facebook".to_string(),
        "ig" => "instagram".to_string(),
        "linked in" => "linkedin".to_string(),
        "bsky" => "bluesky".to_string(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> ParsedFile {
        match parse_export(Path::new(name), text.as_bytes()) {
            Ok(parsed) => parsed,
            Err(e) => panic!("{name} did not parse: {e}"),
        }
    }

    fn posts(parsed: &ParsedFile) -> &[PostRow] {
        match &parsed.records {
            Records::Posts(rows) => rows,
            other => panic!("expected posts, got {other:?}"),
        }
    }

    fn traffic_rows(parsed: &ParsedFile) -> &[TrafficRow] {
        match &parsed.records {
            Records::Traffic(rows) => rows,
            other => panic!("expected traffic, got {other:?}"),
        }
    }

    fn date(y: i16, m: i8, d: i8) -> civil::Date {
        civil::date(y, m, d)
    }

    fn local(y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Moment {
        Moment::Local(civil::date(y, mo, d).at(h, mi, 0, 0))
    }

    fn instant(s: &str) -> Moment {
        match s.parse::<Timestamp>() {
            Ok(ts) => Moment::Instant(ts),
            Err(e) => panic!("bad test timestamp {s}: {e}"),
        }
    }

    // -- Meta ---------------------------------------------------------------

    /// Real Facebook column names, reordered, with a BOM, a multi-line caption
    /// holding a quoted comma, thousands separators and empty cells.
    const META_FACEBOOK: &str = "\u{feff}\"Publish time\",Reach,Views,\"Post ID\",\"Page ID\",\"Page name\",Title,Description,Permalink,\"Post type\",Date,\"Reactions, Comments and Shares\",Reactions,Comments,Shares,\"Total clicks\",\"Link Clicks\",\"Caption type\"\n\
\"09/28/2026 18:12\",942,\"1,284\",1827720132094663,104512398765432,\"Lakeside Family Practice\",\"Flu shots are here, walk in\nMon-Fri, 8am-6pm\",,https://www.facebook.com/lakeside/posts/pfbid02Xk7flu,Photos,Lifetime,47,37,4,6,51,,N/A\n\
\"09/24/2026 15:30\",\"1,745\",\"2,310\",1826110098765432,104512398765432,\"Lakeside Family Practice\",\"Meet Dr. Okafor\",\"Dr. Okafor joins us, and she's taking new patients.\",https://www.facebook.com/lakeside/posts/pfbid0Meet2,Photos,Lifetime,109,88,12,9,140,7,N/A\n\
\n\n";

    #[test]
    fn meta_facebook_reordered_columns_bom_quotes_and_thousands() {
        let parsed = parse("meta.csv", META_FACEBOOK);
        assert_eq!(parsed.format, Format::Meta);
        assert_eq!(parsed.header_line, 1);
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        let rows = posts(&parsed);
        assert_eq!(rows.len(), 2);

        let first = &rows[0];
        assert_eq!(first.platform, "facebook");
        assert_eq!(first.account.as_deref(), Some("Lakeside Family Practice"));
        assert_eq!(first.post_id.as_deref(), Some("1827720132094663"));
        assert_eq!(first.published_at, Some(local(2026, 9, 28, 18, 12)));
        assert_eq!(
            first.text.as_deref(),
            Some("Flu shots are here, walk in\nMon-Fri, 8am-6pm")
        );
        assert_eq!(first.impressions, Some(1284));
        assert_eq!(first.reach, Some(942));
        assert_eq!(first.reactions, Some(37));
        assert_eq!((first.comments, first.shares), (Some(4), Some(6)));
        assert_eq!(first.link_clicks, None, "empty cell is None");
        assert_eq!(first.saves, None, "no such column");
        assert_eq!(first.line, 2);

        // The caption spans two lines, so the next row starts on line 4;
        // Description is longer than Title, so it is the text.
        let second = &rows[1];
        assert_eq!(second.line, 4);
        assert_eq!(second.reach, Some(1745));
        assert_eq!(second.link_clicks, Some(7));
        assert_eq!(
            second.text.as_deref(),
            Some("Dr. Okafor joins us, and she's taking new patients.")
        );
    }

    #[test]
    fn meta_instagram_columns_and_platform_per_row() {
        let csv = "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n\
1789,1784,lakesidefp,Lakeside,\"Sleep, again\",32,09/15/2026 18:00,https://www.instagram.com/reel/x/,IG reel,,Lifetime,\"15,000\",9800,410,120,14,20,55\n\
1790,1784,lakesidefp,Lakeside,No link here,0,09/16/2026 08:00,,IG image,,Lifetime,100,90,5,0,0,1,2\n\
1791,1784,lakesidefp,Lakeside,Cross-posted,0,09/17/2026 08:00,https://www.facebook.com/lakeside/posts/1,,,Lifetime,10,9,1,0,0,0,0\n";
        let parsed = parse("ig.csv", csv);
        assert_eq!(parsed.format, Format::Meta);
        let rows = posts(&parsed);
        assert_eq!(rows.len(), 3);
        let reel = &rows[0];
        assert_eq!(reel.platform, "instagram");
        assert_eq!(reel.account.as_deref(), Some("lakesidefp"));
        assert_eq!(reel.text.as_deref(), Some("Sleep, again"));
        assert_eq!(reel.impressions, Some(15_000));
        assert_eq!(reel.reach, Some(9800));
        assert_eq!(reel.reactions, Some(410), "Instagram likes are reactions");
        assert_eq!(reel.saves, Some(55));
        assert_eq!(reel.published_at, Some(local(2026, 9, 15, 18, 0)));
        assert_eq!(rows[1].platform, "instagram", "no permalink: file default");
        assert_eq!(rows[2].platform, "facebook", "permalink host decides");
    }

    #[test]
    fn meta_legacy_insights_export_skips_its_descriptive_second_row() {
        let csv = "Post ID,Permalink,Post Message,Type,Countries,Languages,Posted,Audience Targeting,Lifetime Post Total Reach,Lifetime Post organic reach,Lifetime Post Total Impressions\n\
,,,,,,,,Lifetime: The total number of people your Page post was served to. (Unique Users),\"Lifetime: The number of people who saw your Page post in news feed or ticker, or on your Page's timeline. (Unique Users)\",Lifetime: The number of impressions of your Page post. (Total Count)\n\
951745098223517_980422845355742,https://www.facebook.com/USCTrials/posts/980422845355742:0,\"Now accepting participants, please share.\",Photo,,,10/1/2015 21:00, ,8,9,11\n";
        let parsed = parse("Facebook Insights Data Export (Post Level).csv", csv);
        assert_eq!(parsed.format, Format::Meta);
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        assert!(parsed.notes.iter().any(|n| n.contains("descriptive row")));
        let rows = posts(&parsed);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].reach, Some(8));
        assert_eq!(rows[0].impressions, Some(11));
        assert_eq!(rows[0].published_at, Some(local(2015, 10, 1, 21, 0)));
        assert_eq!(rows[0].platform, "facebook");
    }

    #[test]
    fn meta_id_mangled_by_a_spreadsheet_is_dropped_with_a_note() {
        let csv = "Post ID,Page ID,Page name,Title,Publish time,Permalink,Views,Reach\n\
1.22158E+17,6.1571E+13,MyPage,Hello,11/10/2025 21:00,https://www.facebook.com/reel/123,5,4\n";
        let parsed = parse("fb.csv", csv);
        assert_eq!(posts(&parsed)[0].post_id, None);
        assert!(parsed.notes.iter().any(|n| n.contains("dropped")));
    }

    // -- X ------------------------------------------------------------------

    #[test]
    fn x_classic_tweet_activity_with_promoted_columns() {
        let csv = "\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\",\"engagement rate\",\"retweets\",\"replies\",\"favorites\",\"user profile clicks\",\"url clicks\",\"hashtag clicks\",\"detail expands\",\"permalink clicks\",\"app opens\",\"app installs\",\"follows\",\"email tweet\",\"dial phone\",\"media views\",\"media engagements\",\"promoted impressions\",\"promoted engagements\"\n\
\"649293177409679360\",\"https://twitter.com/USCTrials/status/649293177409679360\",\"Diagnosed? Leading \"\"researcher\"\", is looking for participants\",\"2015-09-30 18:42 +0000\",\"424.0\",\"3.0\",\"0.007075471698113208\",\"1.0\",\"2.0\",\"3.0\",\"4.0\",\"5.0\",\"6.0\",\"7.0\",\"8.0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"-\",\"-\"\n";
        let parsed = parse("tweet_activity_metrics.csv", csv);
        assert_eq!(parsed.format, Format::X);
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        let p = &posts(&parsed)[0];
        assert_eq!(p.platform, "x");
        assert_eq!(p.post_id.as_deref(), Some("649293177409679360"));
        assert_eq!(
            p.text.as_deref(),
            Some("Diagnosed? Leading \"researcher\", is looking for participants")
        );
        assert_eq!(p.published_at, Some(instant("2015-09-30T18:42:00Z")));
        assert_eq!(p.impressions, Some(424));
        assert_eq!(p.shares, Some(1));
        assert_eq!(p.comments, Some(2));
        assert_eq!(p.reactions, Some(3), "favorites, the old name of likes");
        assert_eq!(p.link_clicks, Some(5));
        assert_eq!(p.video_views, Some(0));
        assert_eq!(p.reach, None);
    }

    #[test]
    fn x_new_content_export_and_id_recovered_from_link() {
        let csv = "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n\
2074000000000000001,\"Tue, Jul 14, 2026\",\"Flu shots, walk in\",https://x.com/lakesidefp/status/2074000000000000001,\"122,978\",12,300,4,1,0,3,7,129,200,66,0,0\n\
2.074E+18,\"Wed, Jul 15, 2026\",Second,https://x.com/lakesidefp/status/2074000000000000002,17,0,0,0,0,0,0,0,0,0,0,0,0\n";
        let parsed = parse("account_analytics_content_2026-07-01_2026-07-31.csv", csv);
        assert_eq!(parsed.format, Format::X);
        let rows = posts(&parsed);
        assert_eq!(rows[0].published_at, Some(Moment::Date(date(2026, 7, 14))));
        assert_eq!(rows[0].impressions, Some(122_978));
        assert_eq!(rows[0].saves, Some(4), "bookmarks");
        assert_eq!(rows[0].shares, Some(7), "reposts, not the Shares column");
        assert_eq!(rows[0].link_clicks, Some(66));
        assert_eq!(rows[1].post_id.as_deref(), Some("2074000000000000002"));
        assert!(parsed.notes.iter().any(|n| n.contains("recovered")));
    }

    // -- LinkedIn -----------------------------------------------------------

    #[test]
    fn linkedin_header_on_row_two_reordered_with_na_cells() {
        let csv = "All posts: metrics for the selected date range,,,,,,,,\r\n\
Created date,Post title,Impressions,Post link,Post type,Views,Clicks,Click through rate (CTR),Likes,Comments,Reposts,Engagement rate\r\n\
09/28/2026,\"Flu season is here, walk in\",\"1,102\",https://www.linkedin.com/feed/update/urn:li:activity:7246581230981234567,Organic,NA,34,3.1%,41,3,5,7.6%\r\n\
09/19/2026,Sleep is a vital sign,1876,https://www.linkedin.com/feed/update/urn:li:activity:7243321987654321098,Organic,640,51,2.7%,57,6,4,6.3%\r\n";
        let parsed = parse("linkedin.csv", csv);
        assert_eq!(parsed.format, Format::LinkedIn);
        assert_eq!(parsed.header_line, 2);
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        let rows = posts(&parsed);
        assert_eq!(rows.len(), 2);
        let p = &rows[0];
        assert_eq!(p.platform, "linkedin");
        assert_eq!(p.line, 3);
        assert_eq!(p.post_id.as_deref(), Some("7246581230981234567"));
        assert_eq!(p.text.as_deref(), Some("Flu season is here, walk in"));
        assert_eq!(p.published_at, Some(Moment::Date(date(2026, 9, 28))));
        assert_eq!(p.impressions, Some(1102));
        assert_eq!(p.video_views, None, "NA");
        assert_eq!(p.link_clicks, None, "LinkedIn clicks are not link clicks");
        assert_eq!(
            (p.reactions, p.comments, p.shares),
            (Some(41), Some(3), Some(5))
        );
        assert_eq!(rows[1].video_views, Some(640));
    }

    // -- generic formats ----------------------------------------------------

    #[test]
    fn generic_posts_any_platform() {
        let csv = "text,video_views,platform,published_at,post_url,post_id,impressions,reach,reactions,comments,shares,saves,link_clicks\n\
\"Flu shots, walk in\",,Bluesky,2026-09-28T18:25:00Z,https://bsky.app/profile/x/post/1,,,,42,3,11,,\n\
BP guide,\"2,304\",YouTube,2026-09-10,,bp-guide-01,,,31,6,,,\n\
No id,,mastodon,2026-09-11,,,,,1,0,0,,\n";
        let parsed = parse("posts.csv", csv);
        assert_eq!(parsed.format, Format::GenericPosts);
        let rows = posts(&parsed);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].platform, "bluesky");
        assert_eq!(rows[0].text.as_deref(), Some("Flu shots, walk in"));
        assert_eq!(rows[0].published_at, Some(instant("2026-09-28T18:25:00Z")));
        assert_eq!(rows[1].platform, "youtube");
        assert_eq!(rows[1].video_views, Some(2304));
        assert_eq!(rows[1].published_at, Some(Moment::Date(date(2026, 9, 10))));
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(parsed.skipped[0].line, 4);
        assert!(parsed.skipped[0].message.contains("post_url"));
    }

    #[test]
    fn followers_with_separators_and_an_empty_count() {
        let csv = "Platform,Date,Followers,Account\n\
Facebook,2026-09-01,\"2,318\",Lakeside Family Practice\n\
twitter,09/30/2026,361,@LakesideFP\n\
instagram,2026-09-30,,lakesidefp\n";
        let parsed = parse("followers.csv", csv);
        assert_eq!(parsed.format, Format::Followers);
        let Records::Followers(rows) = &parsed.records else {
            panic!("expected followers");
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].followers, 2318);
        assert_eq!(rows[0].platform, "facebook");
        assert_eq!(rows[1].platform, "x");
        assert_eq!(rows[1].date, date(2026, 9, 30));
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(parsed.skipped[0].line, 4);
    }

    #[test]
    fn traffic_generic() {
        let csv = "date,page,source,campaign,visitors,pageviews\n\
2026-09-28,/services/flu-shots/,facebook,flu-2026,28,33\n\
2026-09-28,/,google,,\"1,057\",\n";
        let parsed = parse("traffic.csv", csv);
        assert_eq!(parsed.format, Format::Traffic);
        let rows = traffic_rows(&parsed);
        assert_eq!(rows[0].campaign.as_deref(), Some("flu-2026"));
        assert_eq!(rows[1].campaign, None);
        assert_eq!(rows[1].visitors, 1057);
        assert_eq!(rows[1].pageviews, None);
    }

    #[test]
    fn responses_unanswered_and_impossible() {
        let csv = "platform,received_at,responded_at\n\
facebook,2026-09-28T19:02:00-04:00,2026-09-28T19:40:00-04:00\n\
instagram,2026-09-28 21:15,\n\
x,2026-09-24 16:05,2026-09-24 15:50\n";
        let parsed = parse("responses.csv", csv);
        assert_eq!(parsed.format, Format::Responses);
        let Records::Responses(rows) = &parsed.records else {
            panic!("expected responses");
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].received_at, instant("2026-09-28T23:02:00Z"));
        assert_eq!(rows[1].responded_at, None);
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(parsed.skipped[0].line, 4);
    }

    // -- Plausible ----------------------------------------------------------

    #[test]
    fn plausible_dashboard_visitors_and_imported_visitors() {
        let dashboard = "date,visitors,pageviews,visits,views_per_visit,bounce_rate,visit_duration\n\
2026-09-28,131,318,148,2.15,55,96\n";
        let parsed = parse("visitors.csv", dashboard);
        assert_eq!(parsed.format, Format::PlausibleVisitors);
        let rows = traffic_rows(&parsed);
        assert_eq!(rows[0].date, date(2026, 9, 28));
        assert_eq!((rows[0].visitors, rows[0].pageviews), (131, Some(318)));
        assert_eq!(rows[0].page, None);

        let imported = "date,visitors,pageviews,bounces,visits,visit_duration\n2026-09-29,120,290,76,133,11970\n";
        let parsed = parse("imported_visitors_20260901_20260930.csv", imported);
        assert_eq!(parsed.format, Format::PlausibleVisitors);
        assert_eq!(traffic_rows(&parsed)[0].visitors, 120);
    }

    #[test]
    fn plausible_imported_sources_and_pages() {
        let sources = "date,source,referrer,utm_source,utm_medium,utm_campaign,utm_content,utm_term,pageviews,visitors,visits,visit_duration,bounces\n\
2026-09-28,Facebook,facebook.com,facebook,social,flu-2026,,,61,28,30,1020,19\n";
        let parsed = parse("imported_sources_20260901_20260930.csv", sources);
        assert_eq!(parsed.format, Format::PlausibleSources);
        let row = &traffic_rows(&parsed)[0];
        assert_eq!(row.source.as_deref(), Some("Facebook"));
        assert_eq!(row.campaign.as_deref(), Some("flu-2026"));
        assert_eq!((row.visitors, row.pageviews), (28, Some(61)));

        let pages = "date,hostname,page,visits,visitors,pageviews,scroll_depth,pageleave_visitors\n\
2026-09-28,example.org,/book/,40,37,58,,35\n";
        let parsed = parse("imported_pages_20260901_20260930.csv", pages);
        assert_eq!(parsed.format, Format::PlausiblePages);
        assert_eq!(traffic_rows(&parsed)[0].page.as_deref(), Some("/book/"));
    }

    #[test]
    fn plausible_breakdown_takes_its_dimension_from_the_file_name() {
        let csv =
            "name,visitors,bounce_rate,visit_duration\nflu-2026,74,58,66\nnew-doctor,38,61,72\n";
        let parsed = parse("export/utm_campaigns.csv", csv);
        assert_eq!(parsed.format, Format::PlausibleBreakdown);
        let Records::Breakdown { dimension, rows } = &parsed.records else {
            panic!("expected a breakdown");
        };
        assert_eq!(dimension, "utm_campaigns");
        assert_eq!(rows[1].name, "new-doctor");
        assert_eq!(rows[1].visitors, 38);
    }

    #[test]
    fn plausible_tables_carepress_does_not_use_are_recognised() {
        let csv = "date,browser,browser_version,visitors,visits,visit_duration,bounces,pageviews\n2026-09-28,Safari,17,10,11,300,4,20\n";
        let parsed = parse("imported_browsers_20260901_20260930.csv", csv);
        assert_eq!(parsed.format, Format::PlausibleUnused);
        assert!(parsed.records.is_empty());
    }

    // -- problems -----------------------------------------------------------

    #[test]
    fn malformed_rows_are_reported_with_their_line_and_the_rest_kept() {
        let csv = "Post id,Date,Post text,Post Link,Impressions,Likes\n\
1,\"Tue, Jul 14, 2026\",ok,https://x.com/a/status/1,100,5\n\
2,\"Tue, Jul 14, 2026\",bad number,https://x.com/a/status/2,12a,5\n\
3,31/07/2026,bad date,https://x.com/a/status/3,100,5\n\
4,\"Tue, Jul 14, 2026\",\"multi\nline\",https://x.com/a/status/4,100\n\
5,\"Tue, Jul 14, 2026\",rate,https://x.com/a/status/5,12.5%,5\n\
6,\"Tue, Jul 14, 2026\",ok again,https://x.com/a/status/6,\"1,000\",N/A\n";
        let parsed = parse("x.csv", csv);
        let kept: Vec<_> = posts(&parsed)
            .iter()
            .map(|p| (p.line, p.impressions))
            .collect();
        assert_eq!(kept, vec![(2, Some(100)), (8, Some(1000))]);
        let problems: Vec<_> = parsed.skipped.iter().map(|p| p.line).collect();
        assert_eq!(problems, vec![3, 4, 5, 7]);
        assert!(
            parsed.skipped[0]
                .message
                .contains("\"Impressions\": \"12a\"")
        );
        assert!(parsed.skipped[1].message.contains("day-first"));
        assert!(parsed.skipped[2].message.contains("expected 6 fields"));
        assert!(parsed.skipped[3].message.contains("percentage"));
        assert_eq!(
            parsed.skipped[0].to_string(),
            "line 3: column \"Impressions\": \"12a\" is not a number"
        );
    }

    #[test]
    fn unknown_header_names_file_columns_and_known_formats() {
        let csv = "Video title,Video link,Post time,Total likes\nx,https://www.tiktok.com/@a/video/1,2026-10-03 09:10,300\n";
        let err = match parse_export(Path::new("analytics/tiktok.csv"), csv.as_bytes()) {
            Err(e) => e,
            Ok(p) => panic!("should not parse, got {:?}", p.format),
        };
        let ExportError::Unknown {
            path,
            columns,
            known,
        } = &err
        else {
            panic!("expected Unknown, got {err}");
        };
        assert_eq!(path, Path::new("analytics/tiktok.csv"));
        assert_eq!(
            columns,
            &["Video title", "Video link", "Post time", "Total likes"]
        );
        assert_eq!(known.len(), FORMATS.len());
        let message = err.to_string();
        assert!(message.starts_with("analytics/tiktok.csv: not a recognised analytics export"));
        assert!(
            message.contains("\"Video title\", \"Video link\", \"Post time\", \"Total likes\"")
        );
        assert!(message.contains("Meta Business Suite posts export (Post ID + Publish time)"));
        assert!(message.contains("generic posts (platform + published_at + post_url or post_id)"));
    }

    #[test]
    fn unknown_file_with_a_title_row_lists_the_header_row() {
        let csv = "Channel report\nChannel,Users\nOrganic,12\n";
        match parse_export(Path::new("ga.csv"), csv.as_bytes()) {
            Err(ExportError::Unknown { columns, .. }) => assert_eq!(columns, ["Channel", "Users"]),
            other => panic!("expected Unknown, got {other:?}"),
        }
    }

    #[test]
    fn every_summary_names_its_required_columns() {
        for spec in FORMATS {
            let summary = normalise(spec.summary);
            for group in spec.required {
                assert!(
                    group.iter().any(|name| summary.contains(name)),
                    "{:?}: summary {:?} does not mention any of {group:?}",
                    spec.format,
                    spec.summary
                );
            }
        }
    }

    #[test]
    fn empty_and_blank_files() {
        for text in ["", "\n\n", "\u{feff}", ",,,\n,,\n"] {
            match parse_export(Path::new("empty.csv"), text.as_bytes()) {
                Err(ExportError::Empty { .. }) => {}
                other => panic!("{text:?}: expected Empty, got {other:?}"),
            }
        }
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let csv =
            "date,platform,account,followers\r\n\r\n2026-09-01,fb,a,1\r\n\r\n\r\nbad,fb,a,1\r\n";
        let parsed = parse("f.csv", csv);
        let Records::Followers(rows) = &parsed.records else {
            panic!("expected followers");
        };
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].platform, "facebook");
        assert_eq!(parsed.skipped[0].line, 6);
    }

    #[test]
    fn header_only_file_has_no_records() {
        let parsed = parse("f.csv", "date,platform,account,followers\n");
        assert!(parsed.records.is_empty());
        assert!(parsed.skipped.is_empty());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "date,platform,account,followers\r\n2026-09-01,facebook,Lakeside,2318\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let parsed = match parse_export(Path::new("f.csv"), &bytes) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(parsed.format, Format::Followers);
        assert_eq!(parsed.records.len(), 1);
    }

    #[test]
    fn read_export_reports_io_errors_with_the_path() {
        let missing = Path::new("/nonexistent/analytics/none.csv");
        let err = match read_export(missing) {
            Err(e) => e,
            Ok(_) => panic!("should fail"),
        };
        assert!(matches!(err, ExportError::Io { .. }));
        assert!(err.to_string().contains("/nonexistent/analytics/none.csv"));
    }

    // -- cells --------------------------------------------------------------

    #[test]
    fn counts() {
        assert_eq!(parse_count("1,234"), Ok(1234));
        assert_eq!(parse_count("1 234"), Ok(1234));
        assert_eq!(parse_count("12,345,678"), Ok(12_345_678));
        assert!(parse_count("1,23").is_err());
        assert!(parse_count("1234,567").is_err());
        assert!(parse_count("1,234.5").is_err());
        assert_eq!(parse_count("424.0"), Ok(424));
        assert_eq!(parse_count("0"), Ok(0));
        assert!(parse_count("12.5").is_err());
        assert!(parse_count("12.5%").is_err());
        assert!(parse_count("-3").is_err());
        assert!(parse_count("abc").is_err());
        assert!(parse_count(".5").is_err());
        assert!(parse_count("99999999999999999999999").is_err());
        for missing in ["", " ", "-", "N/A", "NA", "n/a", "—"] {
            assert!(is_missing(missing), "{missing:?}");
        }
    }

    #[test]
    fn dates() {
        let ok = |s: &str| match parse_moment(s) {
            Ok(m) => m,
            Err(e) => panic!("{s:?}: {e}"),
        };
        assert_eq!(ok("2026-09-28"), Moment::Date(date(2026, 9, 28)));
        assert_eq!(ok("2026-09-28T18:12"), local(2026, 9, 28, 18, 12));
        assert_eq!(ok("2026-09-28 18:12:00"), local(2026, 9, 28, 18, 12));
        assert_eq!(ok("2025-08-01T00:00:00"), local(2025, 8, 1, 0, 0));
        assert_eq!(ok("2026-09-28T18:12:00Z"), instant("2026-09-28T18:12:00Z"));
        assert_eq!(
            ok("2026-09-28T18:12:00.000+02:00"),
            instant("2026-09-28T16:12:00Z")
        );
        assert_eq!(
            ok("2015-09-30 18:42 +0000"),
            instant("2015-09-30T18:42:00Z")
        );
        assert_eq!(
            ok("2026-08-15 13:12:39 +0000"),
            instant("2026-08-15T13:12:39Z")
        );
        assert_eq!(ok("09/28/2026 18:12"), local(2026, 9, 28, 18, 12));
        assert_eq!(ok("10/1/2015 9:22"), local(2015, 10, 1, 9, 22));
        assert_eq!(ok("9/28/2026 6:12 PM"), local(2026, 9, 28, 18, 12));
        assert_eq!(ok("9/28/2026 12:05 am"), local(2026, 9, 28, 0, 5));
        assert_eq!(ok("10/02/2026"), Moment::Date(date(2026, 10, 2)));
        assert_eq!(ok("Tue, Jul 14, 2026"), Moment::Date(date(2026, 7, 14)));
        assert_eq!(ok("Fri, Jun 5, 2026"), Moment::Date(date(2026, 6, 5)));
        assert_eq!(ok("July 14, 2026"), Moment::Date(date(2026, 7, 14)));
        for bad in [
            "Lifetime",
            "28/09/2026",
            "2026-13-01",
            "09/28/26",
            "09/28/2026 25:00",
            "2026-09-28T18:12:00+99:00",
            "tomorrow",
        ] {
            assert!(parse_moment(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(instant("2026-09-28T18:12:00Z").date(), date(2026, 9, 28));
    }

    #[test]
    fn platforms_from_permalinks() {
        assert_eq!(
            platform_from_host("https://www.instagram.com/p/x/"),
            Some("instagram")
        );
        assert_eq!(
            platform_from_host("https://m.facebook.com/story.php?id=1"),
            Some("facebook")
        );
        assert_eq!(
            platform_from_host("https://fb.watch/abc/"),
            Some("facebook")
        );
        assert_eq!(
            platform_from_host("https://www.threads.net/@a/post/1"),
            Some("threads")
        );
        assert_eq!(platform_from_host("https://notfacebook.com/x"), None);
        assert_eq!(platform_from_host("not a url"), None);
    }

    // -- sample files -------------------------------------------------------

    #[test]
    fn sample_files_parse_cleanly() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/analytics/exports");
        let expected: &[(&str, Format, usize)] = &[
            ("meta_facebook_posts.csv", Format::Meta, 6),
            ("meta_instagram_posts.csv", Format::Meta, 5),
            (
                "x_tweet_activity_metrics_LakesideFP_20260901_20261001_en.csv",
                Format::X,
                5,
            ),
            (
                "x_account_analytics_content_2026-09-01_2026-09-30.csv",
                Format::X,
                5,
            ),
            (
                "linkedin_lakeside-family-practice_content_all_posts.csv",
                Format::LinkedIn,
                5,
            ),
            ("posts.csv", Format::GenericPosts, 5),
            ("followers.csv", Format::Followers, 9),
            ("traffic.csv", Format::Traffic, 6),
            ("responses.csv", Format::Responses, 6),
            ("plausible/visitors.csv", Format::PlausibleVisitors, 7),
            ("plausible/sources.csv", Format::PlausibleBreakdown, 6),
            ("plausible/utm_campaigns.csv", Format::PlausibleBreakdown, 3),
            ("plausible/pages.csv", Format::PlausibleBreakdown, 5),
            (
                "plausible/imported_visitors_20260901_20260930.csv",
                Format::PlausibleVisitors,
                3,
            ),
            (
                "plausible/imported_sources_20260901_20260930.csv",
                Format::PlausibleSources,
                4,
            ),
            (
                "plausible/imported_pages_20260901_20260930.csv",
                Format::PlausiblePages,
                3,
            ),
        ];
        for (name, format, count) in expected {
            let parsed = match read_export(&dir.join(name)) {
                Ok(p) => p,
                Err(e) => panic!("{e}"),
            };
            assert_eq!(parsed.format, *format, "{name}");
            assert!(parsed.skipped.is_empty(), "{name}: {:?}", parsed.skipped);
            assert_eq!(parsed.records.len(), *count, "{name}");
        }
        let ig = match read_export(&dir.join("meta_instagram_posts.csv")) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert!(posts(&ig).iter().all(|p| p.platform == "instagram"));
    }
}
