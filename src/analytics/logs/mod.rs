//! Visits from social posts, measured from the practice's own web-server access logs.
//!
//! No tracker runs on the site: `carepress report` reads the nginx/Apache access logs
//! (Combined or Common Log Format, plain or gzip, rotated) and counts visits by the
//! `utm_source`/`utm_campaign` tags that carepress puts on links in social posts.
//!
//! Definitions (the choices a reader of the numbers needs to know):
//! - **Request**: a line that parses. Malformed lines are counted per file and skipped.
//! - **Bot**: user agent empty, `-`, or containing a marker of [`BOT_MARKERS`]
//!   (case-insensitive). Bot requests are counted and otherwise ignored.
//! - **Page view**: a human request with status below 400 for a path that is not an asset
//!   (`.css`, `.js`, images, fonts, `.xml`, `.txt`, `.json`, media ...). Redirects (3xx) count,
//!   since a tagged link often lands on a redirect. Only GET and HEAD page views may *start* a
//!   visit; other methods (a form POST) only extend an open one and may reach a goal.
//! - **Client**: IP + user agent, kept only as a 64-bit hash with a per-run random key.
//!   Neither the IP nor the agent is stored anywhere or reaches [`LogSummary`].
//! - **Visit**: a client's page views, each within `visit_gap_seconds` after the previous one
//!   (and not more than the gap before the landing, for lines written out of order).
//! - **Source / campaign**: from the visit's landing (first) page view: `utm_source`
//!   (percent-decoded, lowercased) and `utm_campaign` (percent-decoded). Without
//!   `utm_source`, a social network's referer host gives the source (`l.facebook.com` →
//!   `facebook`, `t.co` → `x`, ...), else the source is `(none)`. Values are cut to 100
//!   characters, and past 10,000 distinct values of a kind new ones count as `(other)`, so
//!   junk query strings cannot grow memory.
//! - **Conversion**: a visit with a page view whose path (without query) equals a goal, or
//!   starts with it when the goal ends with `/`.
//!
//! Files are processed in the order of their first parsable timestamp, so rotations
//! (`access.log.2.gz`, `access.log.1`, `access.log`) sessionize as one stream. Memory is
//! bounded: files are streamed in chunks, and a client's open visit is closed once the log
//! time has moved `visit_gap_seconds + disorder_slack_seconds` past its last page view. Lines
//! out of order by less than the slack give exactly the counts of an unbounded run; a file
//! badly out of order (e.g. two servers' logs concatenated) yields extra, split visits.
//!
//! Speed: per file, a reader thread reads (or gunzips) 8 MiB chunks cut at newlines; rayon
//! parses a batch of chunks in parallel into compact records (salted client hash, time, flags,
//! interned source/campaign) while the previous batch is merged, in file order, into the
//! sessionizer. All parsing is on bytes, so invalid UTF-8 costs nothing and breaks nothing.

mod chunk;
mod parse;
mod read;
mod visits;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;

pub use chunk::BOT_MARKERS;
pub use parse::LineError;
pub use visits::Counts;

use chunk::{Ctx, MAX_EXAMPLES, Parsed};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use read::Piece;
use visits::{Interner, Sessions};

/// What to count.
#[derive(Debug, Clone)]
pub struct LogOptions {
    /// Goal paths: a page view whose path equals one, or starts with it when it ends with `/`,
    /// converts its visit. E.g. `["/contact/", "/appointments/"]`.
    pub goals: Vec<String>,
    /// Quiet time that ends a visit (default 1800 s).
    pub visit_gap_seconds: i64,
    /// How far lines may be out of time order without splitting visits (default 3600 s).
    /// Larger keeps more clients in memory; web servers write lines at request end, so a slow
    /// request can appear minutes after later ones.
    pub disorder_slack_seconds: i64,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            goals: Vec::new(),
            visit_gap_seconds: 1800,
            disorder_slack_seconds: 3600,
        }
    }
}

/// One input file, in processing (time) order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    pub path: PathBuf,
    /// Recognised as gzip by its magic bytes.
    pub gzip: bool,
    /// Lines read (blank lines included).
    pub lines: u64,
    /// Malformed lines, skipped.
    pub skipped: u64,
    /// Bytes of log text read (after decompression).
    pub bytes: u64,
    /// Set when a gzip stream ends early or is corrupt; the lines before the damage count.
    pub truncated: Option<String>,
    /// Set when the file could not be opened or read.
    pub error: Option<String>,
}

/// One skipped line. Holds no line text: every line starts with a client IP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub file: PathBuf,
    /// 1-based.
    pub line: u64,
    pub reason: LineError,
}

/// Visits on one UTC day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub all: Counts,
    /// Visits with a source (a `utm_source` tag or a social network's referer).
    pub social: Counts,
}

/// The result of [`analyse`]. Plain data; nothing in it identifies a visitor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogSummary {
    pub files: Vec<FileReport>,
    /// The first 20 malformed lines, across all files.
    pub malformed: Vec<Malformed>,
    /// Lines parsed, bots included.
    pub requests: u64,
    pub bot_requests: u64,
    /// Human page views (see the module docs).
    pub page_views: u64,
    pub visits: u64,
    pub conversions: u64,
    /// By the landing's source; `(none)` when there is none.
    pub by_source: BTreeMap<String, Counts>,
    /// By (source, `utm_campaign`), for visits whose landing carries `utm_campaign`.
    pub by_campaign: BTreeMap<(String, String), Counts>,
    /// By the UTC day of the landing.
    pub by_day: BTreeMap<jiff::civil::Date, DayCounts>,
    /// Earliest and latest time of any parsed line.
    pub first: Option<jiff::Timestamp>,
    pub last: Option<jiff::Timestamp>,
    /// Most clients with an open visit at once (shows the memory the sessionizer needed).
    pub peak_open_visits: usize,
}

/// A piece of work for the parsers, in file order.
enum Job {
    Parse(Vec<u8>, usize),
    Ready(Parsed),
}

/// Run-wide state that the merge step updates in file order.
struct Merge {
    sessions: Sessions,
    sources: Interner,
    campaigns: Interner,
    summary: LogSummary,
    first: Option<i64>,
    last: Option<i64>,
}

impl Merge {
    fn add(&mut self, p: Parsed, file: &mut FileReport, base: &mut u64) {
        for &(index, reason) in &p.examples {
            if self.summary.malformed.len() < MAX_EXAMPLES {
                self.summary.malformed.push(Malformed {
                    file: file.path.clone(),
                    line: *base + index + 1,
                    reason,
                });
            }
        }
        *base += p.lines;
        file.lines += p.lines;
        file.skipped += p.malformed;
        self.summary.requests += p.requests;
        self.summary.bot_requests += p.bots;
        self.summary.page_views += p.hits.len() as u64;
        if let Some(t) = p.min_time {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
        }
        if let Some(t) = p.max_time {
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
        let sources: Vec<u32> = p.sources.iter().map(|s| self.sources.id(s)).collect();
        let campaigns: Vec<u32> = p.campaigns.iter().map(|c| self.campaigns.id(c)).collect();
        let global = |ids: &[u32], id: u32| {
            (id as usize)
                .checked_sub(1)
                .and_then(|i| ids.get(i))
                .copied()
                .unwrap_or(0)
        };
        for h in &p.hits {
            let mut h = *h;
            h.source = global(&sources, h.source);
            h.campaign = global(&campaigns, h.campaign);
            self.sessions.add(&h);
        }
    }
}

/// Counts visits and conversions by source, campaign and day over `files`. Never panics and
/// never fails as a whole: per-file problems are reported in [`LogSummary::files`].
pub fn analyse(files: &[PathBuf], opts: &LogOptions) -> LogSummary {
    let ctx = Ctx::new(&opts.goals);
    let mut order: Vec<(Option<i64>, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, p)| (read::first_time(p), i))
        .collect();
    // Files without a parsable line go last, in the order given.
    order.sort_by_key(|&(t, i)| (t.is_none(), t, i));

    let mut m = Merge {
        sessions: Sessions::new(opts.visit_gap_seconds, opts.disorder_slack_seconds),
        sources: Interner::new(true),
        campaigns: Interner::new(false),
        summary: LogSummary::default(),
        first: None,
        last: None,
    };
    for &(_, i) in &order {
        let report = analyse_file(&files[i], &ctx, &mut m);
        m.summary.files.push(report);
    }

    let Merge {
        sessions,
        sources,
        campaigns,
        mut summary,
        first,
        last,
    } = m;
    let (tally, peak) = sessions.finish();
    summary.peak_open_visits = peak;
    summary.visits = tally.visits;
    summary.conversions = tally.conversions;
    for (id, c) in tally.by_source {
        add_counts(summary.by_source.entry(sources.name(id).to_string()), c);
    }
    for ((s, c), n) in tally.by_campaign {
        let key = (sources.name(s).to_string(), campaigns.name(c).to_string());
        add_counts(summary.by_campaign.entry(key), n);
    }
    for (day, (all, social)) in tally.by_day {
        let (y, mo, d) = parse::civil_from_days(day);
        let date = i16::try_from(y)
            .ok()
            .and_then(|y| jiff::civil::Date::new(y, mo as i8, d as i8).ok());
        if let Some(date) = date {
            let e = summary.by_day.entry(date).or_default();
            add_counts_to(&mut e.all, all);
            add_counts_to(&mut e.social, social);
        }
    }
    summary.first = first.and_then(|t| jiff::Timestamp::from_second(t).ok());
    summary.last = last.and_then(|t| jiff::Timestamp::from_second(t).ok());
    summary
}

fn add_counts<K: Ord>(e: std::collections::btree_map::Entry<'_, K, Counts>, c: Counts) {
    add_counts_to(e.or_default(), c);
}

fn add_counts_to(into: &mut Counts, c: Counts) {
    into.visits += c.visits;
    into.conversions += c.conversions;
}

/// Streams one file: a reader thread decompresses/reads chunks while rayon parses the
/// previous batch in parallel and this thread merges the batch before that, in file order.
/// `rayon::join` and `par_iter` (no blocking waits on pool tasks) keep this safe to call from
/// inside a rayon pool of any size.
fn analyse_file(path: &std::path::Path, ctx: &Ctx, m: &mut Merge) -> FileReport {
    let mut report = FileReport {
        path: path.to_path_buf(),
        ..FileReport::default()
    };
    let (src, gzip) = match read::open(path) {
        Ok(x) => x,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    report.gzip = gzip;
    // Two chunks per worker balance the load; the cap bounds memory on big machines:
    // a batch, a full queue and the reader's buffer are at most 14 × 8 MiB.
    let batch_len = (2 * rayon::current_num_threads()).clamp(2, 6);
    let (tx, rx) = mpsc::sync_channel::<Piece>(batch_len);
    let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
    let reader = std::thread::Builder::new()
        .name("log-reader".into())
        .spawn(move || read::run(src, gzip, &tx, &pool_rx));
    if let Err(e) = reader {
        report.error = Some(format!("cannot start a reader thread: {e}"));
        return report;
    }
    let mut base = 0u64;
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut ended = false;
    loop {
        // A full batch keeps every worker busy; the reader fills the next one meanwhile.
        let mut jobs = Vec::with_capacity(batch_len);
        let mut next = if ended { None } else { rx.recv().ok() };
        while let Some(piece) = next {
            match piece {
                Piece::Chunk(buf, len) => jobs.push(Job::Parse(buf, len)),
                Piece::LongLine => jobs.push(Job::Ready(Parsed {
                    lines: 1,
                    malformed: 1,
                    examples: vec![(0, LineError::TooLong)],
                    ..Parsed::default()
                })),
                Piece::Done(end) => {
                    report.bytes = end.bytes;
                    report.truncated = end.truncated;
                    report.error = end.error;
                    ended = true;
                }
            }
            next = if jobs.len() < batch_len && !ended {
                rx.recv().ok()
            } else {
                None
            };
        }
        if jobs.is_empty() && parsed.is_empty() {
            break;
        }
        let previous = std::mem::take(&mut parsed);
        let report = &mut report;
        let base = &mut base;
        let merge = &mut *m;
        let pool_tx = &pool_tx;
        (_, parsed) = rayon::join(
            move || {
                for p in previous {
                    merge.add(p, report, base);
                }
            },
            move || {
                jobs.into_par_iter()
                    .map(|job| match job {
                        Job::Ready(p) => p,
                        Job::Parse(buf, len) => {
                            let p = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                chunk::parse_chunk(buf.get(..len).unwrap_or(&buf), ctx)
                            }))
                            .unwrap_or_else(|_| internal_error());
                            let _ = pool_tx.send(buf);
                            p
                        }
                    })
                    .collect()
            },
        );
    }
    if !ended && report.error.is_none() {
        report.error = Some("the reader stopped unexpectedly".into());
    }
    report
}

/// Stand-in for a chunk whose parser panicked (a bug): one malformed example, no lines.
fn internal_error() -> Parsed {
    Parsed {
        malformed: 1,
        examples: vec![(0, LineError::Internal)],
        ..Parsed::default()
    }
}
