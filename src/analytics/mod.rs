//! `carepress report`: how the posts did, from data the practice already has (the
//! platforms' analytics exports and its web server's logs), never from a script on
//! patients' browsers.
//!
//! read (`exports`, `logs`, the posting `history`) → match rows to posts (`matching`) →
//! figures (`metrics`, visits in `web`) → the page (`page`) and the JSON (serde).
//!
//! Nothing that identifies a reader reaches the report: logs are read into salted
//! hashes of client and agent (`logs`), exports' commenter names and comment texts
//! are never read, and the post texts shown are the practice's own.

pub mod exports;
pub mod history;
pub mod logs;
pub mod matching;
pub mod metrics;
pub mod page;
pub mod web;

use crate::config::Config;
use crate::dates::Day;
use crate::diagnostics::Diagnostic;
use exports::{Moment, PostRow, Records};
use metrics::{AccountGrowth, Group, PostFigures, ResponseFigures};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use web::{Web, web_from_logs, web_from_traffic};

/// The folder of a site that holds its analytics inputs.
pub const ANALYTICS_DIR: &str = "analytics";

/// The figures, each with what it was made from, as the page and `--format json` give them.
#[derive(Debug, Serialize)]
pub struct Report {
    pub practice: String,
    /// The day it was made (`--today`).
    pub made_on: String,
    /// The first and last day of the posts and visits it covers.
    pub period: Option<(String, String)>,
    pub inputs: Vec<InputFile>,
    /// Rows and log lines that could not be read (each named in the terminal).
    pub rows_skipped: u64,
    pub posts: Vec<PostFigures>,
    pub matched: usize,
    pub by_platform: Vec<Group>,
    pub by_kind: Vec<Group>,
    pub by_topic: Vec<Group>,
    /// Posts by weekday and hour of publication (`Mon 09:00`).
    pub by_time: Vec<TimeCell>,
    pub overall: Option<Group>,
    pub followers: Vec<AccountGrowth>,
    pub web: Option<Web>,
    pub funnel: Funnel,
    pub responses: Vec<ResponseFigures>,
    pub response_goal_hours: f64,
    pub goals: Vec<GoalStatus>,
    pub worked: Vec<String>,
    pub formulas: Vec<Formula>,
}

#[derive(Debug, Serialize)]
pub struct InputFile {
    pub file: String,
    pub format: String,
    pub rows: u64,
    pub skipped: u64,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct TimeCell {
    /// 0 = Monday.
    pub weekday: u8,
    pub hour: u8,
    pub posts: usize,
    pub engagement_rate: Option<f64>,
}

/// From seeing a post to asking for an appointment.
#[derive(Debug, Serialize, Default)]
pub struct Funnel {
    pub impressions: u64,
    pub link_clicks: u64,
    pub visits: Option<u64>,
    pub conversions: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct GoalStatus {
    pub goal: String,
    pub target: String,
    pub actual: String,
    /// `None` where there is no data to judge by.
    pub met: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Formula {
    pub name: &'static str,
    pub formula: &'static str,
}

/// The formulas, as the README and the report's page state them.
pub const FORMULAS: &[(&str, &str)] = &[
    (
        "Engagements",
        "reactions + comments + shares + saves + link clicks",
    ),
    (
        "Engagement rate",
        "engagements ÷ impressions × 100 (a group: its engagements ÷ its impressions)",
    ),
    (
        "Engagement rate by reach",
        "engagements ÷ reach × 100, over the posts whose export gives reach",
    ),
    (
        "Follower growth",
        "followers at a month's last count − followers at the month before's last count; in per cent of the latter",
    ),
    (
        "Visit",
        "one client's page views, each within 30 minutes of the one before (client: address and browser, kept only as a hash salted anew each run)",
    ),
    (
        "Visit from social",
        "a visit whose first page view carries utm_source of a social platform, or comes from one's link",
    ),
    (
        "Conversion rate",
        "visits that reached a goal page ÷ visits × 100",
    ),
    (
        "Response time",
        "business hours from a comment or message to its answer, in the practice's hours; median and 90th percentile (nearest rank)",
    ),
];

/// What the report is made from, read from the analytics folder.
pub struct Inputs {
    pub exports: Vec<exports::ParsedFile>,
    pub logs: Option<logs::LogSummary>,
    pub history: Vec<history::Entry>,
}

/// The files of `folder`, sorted, hidden ones left out.
fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Whether a file is an access log: gzip, or its first line reads as Common/Combined
/// Log Format (`host ident user [time] "request" status size`).
fn is_access_log(path: &Path) -> bool {
    let mut head = [0u8; 2048];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    if head.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    let text = String::from_utf8_lossy(head);
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let Some((before, after)) = first.split_once(" [") else {
        return false;
    };
    before.split(' ').count() == 3 && after.contains("] \"")
}

/// Reads the analytics folder: every export by its header, every access log, and the
/// posting history; problems name their file and line.
pub fn read_inputs(folder: &Path, history: &Path, goals: &[String]) -> (Inputs, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    let mut log_files = Vec::new();
    if !folder.is_dir() {
        problems.push(
            Diagnostic::warning(
                "report::no_inputs",
                format!("there is no {} folder: the report has nothing to count", folder.display()),
            )
            .in_file(folder)
            .with_help("put the platforms' analytics exports (CSV) and the web server's access logs in it (see README, Report)"),
        );
    }
    for path in files_in(folder) {
        if is_access_log(&path) {
            log_files.push(path);
            continue;
        }
        match exports::read_export(&path) {
            Ok(file) => {
                for row in file.skipped.iter().take(20) {
                    problems.push(
                        Diagnostic::warning("report::row_skipped", format!("row skipped: {}", row.message))
                            .in_file(&path)
                            .at_line(row.line)
                            .with_help("fix the row or leave it: the report counts the others and says how many it skipped"),
                    );
                }
                if file.skipped.len() > 20 {
                    problems.push(
                        Diagnostic::warning(
                            "report::row_skipped",
                            format!("{} more rows skipped", file.skipped.len() - 20),
                        )
                        .in_file(&path),
                    );
                }
                parsed.push(file);
            }
            Err(exports::ExportError::Unknown { columns, known, .. }) => problems.push(
                Diagnostic::error(
                    "report::unknown_file",
                    format!(
                        "not an analytics export carepress knows; its columns: {}",
                        if columns.is_empty() {
                            "(none)".to_string()
                        } else {
                            columns.join(", ")
                        }
                    ),
                )
                .in_file(&path)
                .at_line(1)
                .with_help(format!(
                    "the formats known: {}; move other files out of the folder",
                    known.join("; ")
                )),
            ),
            Err(e) => problems.push(
                Diagnostic::error("report::unreadable", e.to_string())
                    .in_file(&path)
                    .with_help("check the file is a CSV export saved as UTF-8 and can be read"),
            ),
        }
    }
    let logs = (!log_files.is_empty()).then(|| {
        let summary = logs::analyse(
            &log_files,
            &logs::LogOptions {
                goals: goals.to_vec(),
                ..logs::LogOptions::default()
            },
        );
        for m in &summary.malformed {
            problems.push(
                // The line number is in the message, not the location: the terminal
                // would show the line, and a log line holds a reader's address.
                Diagnostic::warning(
                    "report::line_skipped",
                    format!("line {} skipped: {}", m.line, m.reason),
                )
                .in_file(&m.file)
                .with_help("the report counts the other lines and says how many it skipped"),
            );
        }
        for f in &summary.files {
            if let Some(why) = &f.truncated {
                problems.push(
                    Diagnostic::warning("report::truncated_log", why.clone())
                        .in_file(&f.path)
                        .with_help("the lines before the damage are counted; copy the log again from the server"),
                );
            }
            if let Some(e) = &f.error {
                problems.push(
                    Diagnostic::error("report::unreadable", e.clone())
                        .in_file(&f.path)
                        .with_help("check the file can be read"),
                );
            }
        }
        summary
    });
    let (history, history_problems) = history::read(history);
    problems.extend(history_problems);
    (
        Inputs {
            exports: parsed,
            logs,
            history,
        },
        problems,
    )
}

/// The same post in two exports (or twice in one) is counted once: its row with the most
/// impressions (exports give lifetime figures, so the later one).
fn dedupe(rows: Vec<(String, PostRow)>) -> Vec<(String, PostRow)> {
    let mut best: HashMap<(String, String), usize> = HashMap::new();
    let mut out: Vec<(String, PostRow)> = Vec::new();
    for (file, row) in rows {
        let id = row.post_id.clone().or_else(|| row.url.clone());
        let Some(id) = id else {
            out.push((file, row));
            continue;
        };
        let key = (row.platform.clone(), id);
        match best.get(&key) {
            Some(&i) if out[i].1.impressions.unwrap_or(0) >= row.impressions.unwrap_or(0) => {}
            Some(&i) => out[i] = (file, row),
            None => {
                best.insert(key, out.len());
                out.push((file, row));
            }
        }
    }
    out
}

fn weekday_name(i: u8) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .get(usize::from(i))
        .copied()
        .unwrap_or("?")
}

/// Makes every figure of the report.
pub fn make_report(config: &Config, inputs: &Inputs, today: Day) -> Report {
    let tz = config.social.cadence.tz.clone();
    let times: Vec<Option<jiff::Timestamp>> = inputs
        .history
        .iter()
        .map(history::Entry::scheduled_at)
        .collect();
    let mut rows = Vec::new();
    let mut followers = Vec::new();
    let mut traffic = Vec::new();
    let mut response_rows = Vec::new();
    let mut input_files = Vec::new();
    let mut skipped: u64 = 0;
    for file in &inputs.exports {
        let name = crate::diagnostics::display_path(&file.path);
        input_files.push(InputFile {
            file: name.clone(),
            format: file.format.name().to_string(),
            rows: file.records.len() as u64,
            skipped: file.skipped.len() as u64,
            notes: file.notes.clone(),
        });
        skipped += file.skipped.len() as u64;
        match &file.records {
            Records::Posts(p) => rows.extend(p.iter().map(|r| (name.clone(), r.clone()))),
            Records::Followers(f) => followers.extend(f.iter().cloned()),
            Records::Traffic(t) => traffic.extend(t.iter().cloned()),
            Records::Responses(r) => response_rows.extend(r.iter().cloned()),
            Records::Breakdown { .. } | Records::Unused => {}
        }
    }
    if let Some(l) = &inputs.logs {
        for f in &l.files {
            input_files.push(InputFile {
                file: crate::diagnostics::display_path(&f.path),
                format: if f.gzip {
                    "access log (gzip)"
                } else {
                    "access log"
                }
                .to_string(),
                rows: f.lines,
                skipped: f.skipped,
                notes: f.truncated.iter().cloned().collect(),
            });
            skipped += f.skipped;
        }
    }

    // Each row, matched to the post it is about.
    let posts: Vec<PostFigures> = dedupe(rows)
        .into_iter()
        .map(|(file, row)| {
            let found = matching::match_row(&row, &inputs.history, &times, &tz);
            let entry = found.map(|m| &inputs.history[m.entry]);
            let row_time = row
                .published_at
                .as_ref()
                .filter(|m| !matches!(m, Moment::Date(_)))
                .and_then(|m| matching::instant_of(m, &tz));
            let when = row_time
                .or_else(|| found.and_then(|m| times[m.entry]))
                .map(|t| t.to_zoned_datetime(tz.clone()));
            let engagements = metrics::engagements(&row);
            let impressions = row.impressions.unwrap_or(0);
            PostFigures {
                platform: row.platform.clone(),
                account: row.account.clone(),
                kind: entry.map(|e| e.kind.clone()),
                slug: entry.map(|e| e.slug.clone()),
                title: entry.map(|e| e.title.clone()),
                topics: entry.map(|e| e.topics.clone()).unwrap_or_default(),
                text: entry
                    .map(|e| e.text.clone())
                    .or_else(|| row.text.clone())
                    .unwrap_or_default(),
                published: when
                    .as_ref()
                    .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string()),
                weekday: when
                    .as_ref()
                    .map(|z| z.weekday().to_monday_zero_offset() as u8),
                hour: when.as_ref().map(|z| z.hour() as u8),
                impressions,
                reach: row.reach,
                engagements,
                link_clicks: row.link_clicks.unwrap_or(0),
                video_views: row.video_views,
                engagement_rate: metrics::percent(engagements, impressions),
                engagement_rate_reach: row.reach.and_then(|r| metrics::percent(engagements, r)),
                matched: found.map(|m| m.how),
                file,
                line: row.line,
            }
        })
        .collect();
    let matched = posts.iter().filter(|p| p.matched.is_some()).count();
    let by_platform = metrics::group_by(&posts, |p| vec![p.platform.clone()]);
    let by_kind = metrics::group_by(&posts, |p| {
        vec![p.kind.clone().unwrap_or_else(|| "(not matched)".into())]
    });
    let by_topic = metrics::group_by(&posts, |p| p.topics.clone());
    let by_hour = metrics::group_by(&posts, |p| match (p.weekday, p.hour) {
        (Some(d), Some(h)) => vec![format!("{d} {h:02}")],
        _ => Vec::new(),
    });
    let by_time: Vec<TimeCell> = by_hour
        .iter()
        .filter_map(|g| {
            let (d, h) = g.name.split_once(' ')?;
            Some(TimeCell {
                weekday: d.parse().ok()?,
                hour: h.parse().ok()?,
                posts: g.posts,
                engagement_rate: g.engagement_rate,
            })
        })
        .collect();
    let overall = metrics::group_by(&posts, |_| vec!["all".to_string()]).pop();

    // Web visits: the logs, else an analytics tool's CSV.
    let web = match (&inputs.logs, traffic.is_empty()) {
        (Some(l), _) => Some(web_from_logs(l)),
        (None, false) => Some(web_from_traffic(&traffic, &config.goals.conversions)),
        (None, true) => None,
    };
    let funnel = Funnel {
        impressions: posts.iter().map(|p| p.impressions).sum(),
        link_clicks: posts.iter().map(|p| p.link_clicks).sum(),
        visits: web.as_ref().map(|w| w.social_visits),
        conversions: web.as_ref().and_then(|w| w.social_conversions),
    };
    let follower_growth = metrics::follower_growth(&followers);
    let responses = metrics::responses(
        &response_rows
            .iter()
            .map(|r| {
                let local = |m: &Moment| match m {
                    Moment::Instant(t) => t.to_zoned_datetime(tz.clone()).datetime(),
                    other => other.civil(),
                };
                (
                    r.platform.clone(),
                    local(&r.received_at),
                    r.responded_at.as_ref().map(local),
                )
            })
            .collect::<Vec<_>>(),
        &config.business_hours,
        config.goals.response_business_hours,
    );

    let period = {
        let mut days: Vec<String> = posts
            .iter()
            .filter_map(|p| {
                p.published
                    .as_ref()
                    .and_then(|s| s.get(..10))
                    .map(str::to_string)
            })
            .collect();
        if let Some(l) = &inputs.logs {
            days.extend(l.by_day.keys().map(|d| d.to_string()));
        }
        days.sort();
        days.first().cloned().zip(days.last().cloned())
    };
    let goals = goal_statuses(
        config,
        overall.as_ref(),
        &follower_growth,
        web.as_ref(),
        &responses,
    );
    let mut worked = Vec::new();
    for (what, groups) in [
        ("kind", &by_kind),
        ("topic", &by_topic),
        ("platform", &by_platform),
    ] {
        for g in metrics::above_median(groups).into_iter().take(3) {
            worked.push(format!(
                "{} {}: {:.1} % engagement over {} posts, above the median {what}",
                what,
                g.name,
                g.engagement_rate.unwrap_or(0.0),
                g.posts
            ));
        }
    }
    for g in metrics::above_median(&by_hour).into_iter().take(3) {
        if let Some((d, h)) = g.name.split_once(' ') {
            worked.push(format!(
                "posting on {} at {h}:00: {:.1} % engagement over {} posts, above the median time",
                weekday_name(d.parse().unwrap_or(7)),
                g.engagement_rate.unwrap_or(0.0),
                g.posts
            ));
        }
    }
    Report {
        practice: config.practice_name().to_string(),
        made_on: today.iso(),
        period,
        inputs: input_files,
        rows_skipped: skipped,
        matched,
        posts,
        by_platform,
        by_kind,
        by_topic,
        by_time,
        overall,
        followers: follower_growth,
        web,
        funnel,
        responses,
        response_goal_hours: config.goals.response_business_hours,
        goals,
        worked,
        formulas: FORMULAS
            .iter()
            .map(|(name, formula)| Formula { name, formula })
            .collect(),
    }
}

fn goal_statuses(
    config: &Config,
    overall: Option<&Group>,
    followers: &[AccountGrowth],
    web: Option<&Web>,
    responses: &[ResponseFigures],
) -> Vec<GoalStatus> {
    let goals = &config.goals;
    let mut out = Vec::new();
    if let Some(target) = goals.engagement_rate {
        let actual = overall.and_then(|g| g.engagement_rate);
        out.push(GoalStatus {
            goal: "Engagement rate".into(),
            target: format!("≥ {target} %"),
            actual: actual.map_or("no data".into(), |a| format!("{a:.2} %")),
            met: actual.map(|a| a >= target),
        });
    }
    if let Some(target) = goals.follower_growth {
        for a in followers {
            let last = a
                .months
                .iter()
                .rev()
                .find_map(|m| m.percent.map(|p| (m, p)));
            out.push(GoalStatus {
                goal: format!("Follower growth, {} {}", a.platform, a.account),
                target: format!("≥ {target} % a month"),
                actual: last.map_or("no data".into(), |(m, p)| {
                    format!("{p:.1} % in {}", m.month)
                }),
                met: last.map(|(_, p)| p >= target),
            });
        }
    }
    if let Some(target) = goals.conversions_per_month {
        let last = web.and_then(|w| {
            let (month, _, conversions) = w.last_full_month.as_ref()?;
            w.social_conversions.map(|_| (month.clone(), *conversions))
        });
        out.push(GoalStatus {
            goal: "Appointment requests from social".into(),
            target: format!("≥ {target} a month"),
            actual: last
                .as_ref()
                .map_or("no data".into(), |(m, c)| format!("{c} in {m}")),
            met: last.map(|(_, c)| c >= target),
        });
    }
    for r in responses {
        out.push(GoalStatus {
            goal: format!("Response time, {}", r.platform),
            target: format!(
                "90 % within {} business hours",
                goals.response_business_hours
            ),
            actual: format!(
                "{} within; 90th percentile {}, {} unanswered",
                r.within_goal.map_or("–".into(), |w| format!("{w:.0} %")),
                r.p90_hours.map_or("–".into(), |p| format!("{p:.1} h")),
                r.unanswered
            ),
            met: r.within_goal.map(|w| w >= 90.0),
        });
    }
    out
}
