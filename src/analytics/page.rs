//! The report as one static HTML page: inline SVG charts, each followed by its data
//! table (the chart's text alternative), inline CSS, no script and no request to any
//! other host. It is written outside the site (`reports/<date>/index.html`): it is the
//! practice's business data, never deployed.

use super::metrics::{Group, PostFigures};
use super::{Report, TimeCell};
use crate::html::escape;
use std::fmt::Write;

/// Bar colours; each holds 4.5:1 or more against white for its label (WCAG 1.4.11 asks
/// 3:1 of graphics).
const COLOURS: [&str; 8] = [
    "#0b6e4f", "#1f5fa8", "#a4400a", "#6b3fa0", "#8a6d00", "#a3195b", "#2f6f7e", "#555555",
];

fn pct(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.2} %"))
}

fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A horizontal bar chart of `rows` (label, value, shown value), as SVG.
fn bars(id: &str, title: &str, rows: &[(String, f64, String)]) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let height = 28 * rows.len().max(1) + 10;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 640 {height}" role="img" aria-labelledby="{id}-t"><title id="{id}-t">{}</title>"#,
        escape(title)
    );
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = 5 + i * 28;
        let w = if max > 0.0 { value / max * 380.0 } else { 0.0 };
        let _ = write!(
            svg,
            r#"<text x="150" y="{}" text-anchor="end" class="label">{}</text><rect x="160" y="{y}" width="{w:.1}" height="20" fill="{}"/><text x="{:.1}" y="{}" class="value">{}</text>"#,
            y + 15,
            escape(label),
            COLOURS[i % COLOURS.len()],
            166.0 + w,
            y + 15,
            escape(shown)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn group_table(caption: &str, first: &str, groups: &[Group]) -> String {
    let mut t = format!(
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">{first}</th><th scope=\"col\">Posts</th><th scope=\"col\">Impressions</th><th scope=\"col\">Engagements</th><th scope=\"col\">Link clicks</th><th scope=\"col\">Engagement rate</th><th scope=\"col\">By reach</th></tr></thead><tbody>",
        escape(caption)
    );
    for g in groups {
        let _ = write!(
            t,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&g.name),
            g.posts,
            num(g.impressions),
            num(g.engagements),
            num(g.link_clicks),
            pct(g.engagement_rate),
            pct(g.engagement_rate_reach)
        );
    }
    t.push_str("</tbody></table>");
    t
}

fn rate_chart(id: &str, title: &str, groups: &[Group]) -> String {
    let rows: Vec<(String, f64, String)> = groups
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                g.engagement_rate.unwrap_or(0.0),
                pct(g.engagement_rate),
            )
        })
        .collect();
    bars(id, title, &rows)
}

/// Follower counts over time, one line per account.
fn growth_chart(report: &Report) -> String {
    let points: Vec<(String, Vec<(String, u64)>)> = report
        .followers
        .iter()
        .map(|a| (format!("{} {}", a.platform, a.account), a.points.clone()))
        .collect();
    let mut dates: Vec<&String> = points
        .iter()
        .flat_map(|(_, p)| p.iter().map(|(d, _)| d))
        .collect();
    dates.sort();
    dates.dedup();
    let (lo, hi) = points
        .iter()
        .flat_map(|(_, p)| p.iter().map(|(_, n)| *n))
        .fold((u64::MAX, 0), |(lo, hi), n| (lo.min(n), hi.max(n)));
    if dates.len() < 2 || hi == 0 {
        return String::new();
    }
    let span = (hi - lo).max(1) as f64;
    let x = |d: &String| -> f64 {
        let i = dates.iter().position(|e| *e == d).unwrap_or(0);
        60.0 + i as f64 * 560.0 / (dates.len() - 1) as f64
    };
    let y = |n: u64| 230.0 - (n - lo) as f64 / span * 200.0;
    let mut svg = String::from(
        r#"<svg class="chart" viewBox="0 0 640 270" role="img" aria-labelledby="growth-t"><title id="growth-t">Followers over time, by account</title>"#,
    );
    let _ = write!(
        svg,
        r#"<text x="55" y="{:.0}" text-anchor="end" class="label">{}</text><text x="55" y="234" text-anchor="end" class="label">{}</text><line x1="60" y1="230" x2="620" y2="230" class="axis"/><text x="60" y="252" class="label">{}</text><text x="620" y="252" text-anchor="end" class="label">{}</text>"#,
        y(hi) + 4.0,
        num(hi),
        num(lo),
        escape(dates[0]),
        escape(dates[dates.len() - 1])
    );
    for (i, (name, pts)) in points.iter().enumerate() {
        let path: Vec<String> = pts
            .iter()
            .map(|(d, n)| format!("{:.1},{:.1}", x(d), y(*n)))
            .collect();
        let colour = COLOURS[i % COLOURS.len()];
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{}"><title>{}</title></polyline>"#,
            path.join(" "),
            escape(name)
        );
    }
    svg.push_str("</svg><p class=\"legend\">");
    for (i, (name, _)) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<span><span class="key" style="background:{}"></span>{}</span> "#,
            COLOURS[i % COLOURS.len()],
            escape(name)
        );
    }
    svg.push_str("</p>");
    svg
}

/// Weekday × hour: each cell's shade is its engagement rate against the highest.
fn heat_map(cells: &[TimeCell]) -> String {
    if cells.is_empty() {
        return String::new();
    }
    let mut hours: Vec<u8> = cells.iter().map(|c| c.hour).collect();
    hours.sort_unstable();
    hours.dedup();
    let max = cells
        .iter()
        .filter_map(|c| c.engagement_rate)
        .fold(0.0, f64::max);
    let w = 60 + hours.len() * 44;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {w} 250" role="img" aria-labelledby="heat-t"><title id="heat-t">Engagement rate by weekday and hour posted (darker is higher)</title>"#
    );
    for (i, h) in hours.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="16" text-anchor="middle" class="label">{h:02}:00</text>"#,
            80 + i * 44
        );
    }
    for d in 0..7u8 {
        let _ = write!(
            svg,
            r#"<text x="50" y="{}" text-anchor="end" class="label">{}</text>"#,
            42 + usize::from(d) * 30,
            super::weekday_name(d)
        );
        for (i, h) in hours.iter().enumerate() {
            let cell = cells.iter().find(|c| c.weekday == d && c.hour == *h);
            let (fill, label) = match cell.and_then(|c| c.engagement_rate.map(|r| (c, r))) {
                Some((c, r)) => {
                    let share = if max > 0.0 { r / max } else { 0.0 };
                    (
                        format!("rgba(11,110,79,{:.2})", 0.15 + 0.85 * share),
                        format!("{r:.1} % ({} posts)", c.posts),
                    )
                }
                None => ("#f1f1f1".to_string(), "no posts".to_string()),
            };
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="40" height="26" fill="{fill}"><title>{} {h:02}:00: {label}</title></rect>"#,
                60 + i * 44,
                24 + usize::from(d) * 30,
                super::weekday_name(d)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn post_list(posts: &[&PostFigures]) -> String {
    let mut out = String::from("<ol class=\"posts\">");
    for p in posts {
        let _ = write!(
            out,
            "<li><p class=\"meta\"><strong>{}</strong>{} · {} · {} · {} impressions · {} engagement</p><p class=\"text\">{}</p></li>",
            escape(&p.platform),
            p.title
                .as_deref()
                .map(|t| format!(": {}", escape(t)))
                .unwrap_or_default(),
            escape(p.kind.as_deref().unwrap_or("not matched")),
            escape(p.published.as_deref().unwrap_or("date unknown")),
            num(p.impressions),
            pct(p.engagement_rate),
            // Blank lines between a post's parts would stretch the list.
            escape(
                &p.text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        );
    }
    out.push_str("</ol>");
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;color:#1d1d1d;margin:0 auto;max-width:60rem;padding:1rem 1.25rem 3rem}h1{font-size:1.7rem;margin:.5rem 0 0}h2{margin-top:2.5rem;border-bottom:2px solid #0b6e4f;padding-bottom:.2rem}table{border-collapse:collapse;width:100%;margin:.75rem 0;font-size:.92rem}caption{text-align:left;font-weight:600;padding:.3rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:right}th[scope=row],td.text,th.text{text-align:left}thead th{background:#f3f6f4}.chart{width:100%;height:auto;max-width:44rem;display:block}.chart .label{font-size:12px;fill:#333}.chart .value{font-size:12px;fill:#1d1d1d}.axis{stroke:#999}.legend{font-size:.9rem}.key{display:inline-block;width:.9rem;height:.9rem;margin:0 .3rem -.1rem .6rem;border-radius:2px}.met{color:#0b6e4f;font-weight:700}.missed{color:#a4000f;font-weight:700}.posts li{margin:.6rem 0}.posts .meta{margin:0;font-size:.9rem;color:#444}.posts .text{margin:.2rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}.note{color:#444;font-size:.92rem}footer{margin-top:3rem;border-top:1px solid #ddd;font-size:.9rem;color:#444}";

/// The whole page.
pub fn html(report: &Report) -> String {
    let mut h = String::new();
    let title = format!("How our posts did: {}", report.practice);
    let period = report
        .period
        .as_ref()
        .map_or("no dated data".to_string(), |(a, b)| format!("{a} to {b}"));
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><meta name=\"robots\" content=\"noindex\"><title>{}</title><style>{STYLE}</style></head><body><header><h1>{}</h1><p class=\"note\">Social media report for {}, made on {}. Private: the practice's business data, not for the website.</p></header><main>",
        escape(&title),
        escape(&title),
        escape(&period),
        escape(&report.made_on)
    );

    // Goals.
    h.push_str("<h2 id=\"goals\">Goals</h2>");
    if report.goals.is_empty() {
        h.push_str("<p class=\"note\">No goals are set: add <code>goals:</code> to carepress.yaml (engagement_rate, follower_growth, conversions_per_month).</p>");
    } else {
        h.push_str("<table><caption>Each goal and where it stands</caption><thead><tr><th scope=\"col\" class=\"text\">Goal</th><th scope=\"col\">Target</th><th scope=\"col\">Now</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        for g in &report.goals {
            let status = match g.met {
                Some(true) => "<span class=\"met\">✔ met</span>",
                Some(false) => "<span class=\"missed\">✘ not met</span>",
                None => "– no data",
            };
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{status}</td></tr>",
                escape(&g.goal),
                escape(&g.target),
                escape(&g.actual)
            );
        }
        h.push_str("</tbody></table>");
    }

    // What worked.
    h.push_str("<h2 id=\"worked\">What worked</h2>");
    if report.worked.is_empty() {
        h.push_str("<p class=\"note\">Not enough matched posts yet to compare kinds, topics and times (each needs two posts or more).</p>");
    } else {
        h.push_str("<ul>");
        for w in &report.worked {
            let _ = write!(h, "<li>{}</li>", escape(w));
        }
        h.push_str("</ul>");
    }

    // Funnel.
    let f = &report.funnel;
    h.push_str("<h2 id=\"funnel\">From post to appointment request</h2>");
    let mut steps: Vec<(String, f64, String)> = vec![
        (
            "Impressions".into(),
            f.impressions as f64,
            num(f.impressions),
        ),
        (
            "Link clicks".into(),
            f.link_clicks as f64,
            num(f.link_clicks),
        ),
    ];
    if let Some(v) = f.visits {
        steps.push(("Visits from social".into(), v as f64, num(v)));
    }
    if let Some(c) = f.conversions {
        steps.push(("Appointment requests".into(), c as f64, num(c)));
    }
    // Each step is far smaller than the one before: lengths on a log scale keep all visible.
    let log_steps: Vec<(String, f64, String)> = steps
        .iter()
        .map(|(l, v, s)| (l.clone(), (v + 1.0).log10(), s.clone()))
        .collect();
    h.push_str(&bars("funnel", "Funnel: impressions, link clicks, visits, appointment requests (bar lengths on a logarithmic scale)", &log_steps));
    h.push_str("<table><caption>The funnel's figures</caption><thead><tr><th scope=\"col\" class=\"text\">Step</th><th scope=\"col\">Count</th><th scope=\"col\">Of the step before</th></tr></thead><tbody>");
    let mut before: Option<f64> = None;
    for (label, v, shown) in &steps {
        let share = before.filter(|b| *b > 0.0).map(|b| v / b * 100.0);
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(label),
            shown,
            pct(share)
        );
        before = Some(*v);
    }
    h.push_str("</tbody></table>");

    // Engagement.
    h.push_str("<h2 id=\"engagement\">Engagement</h2>");
    if let Some(all) = &report.overall {
        let _ = write!(
            h,
            "<p>{} posts, {} impressions, {} engagements: <strong>{}</strong> engagement rate ({} by reach). {} of {} rows matched to a carepress post.</p>",
            all.posts,
            num(all.impressions),
            num(all.engagements),
            pct(all.engagement_rate),
            pct(all.engagement_rate_reach),
            report.matched,
            report.posts.len()
        );
    } else {
        h.push_str("<p class=\"note\">No post exports were found in the analytics folder.</p>");
    }
    h.push_str(&rate_chart(
        "by-platform",
        "Engagement rate by platform",
        &report.by_platform,
    ));
    h.push_str(&group_table(
        "Engagement by platform",
        "Platform",
        &report.by_platform,
    ));
    h.push_str(&rate_chart(
        "by-kind",
        "Engagement rate by kind of content",
        &report.by_kind,
    ));
    h.push_str(&group_table(
        "Engagement by kind of content",
        "Kind",
        &report.by_kind,
    ));
    if !report.by_topic.is_empty() {
        h.push_str(&group_table(
            "Engagement by topic",
            "Topic",
            &report.by_topic,
        ));
    }
    if !report.by_time.is_empty() {
        h.push_str("<h3>When posts did best</h3>");
        h.push_str(&heat_map(&report.by_time));
        h.push_str("<table><caption>Engagement by weekday and hour posted</caption><thead><tr><th scope=\"col\" class=\"text\">When</th><th scope=\"col\">Posts</th><th scope=\"col\">Engagement rate</th></tr></thead><tbody>");
        for c in &report.by_time {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{} {:02}:00</th><td>{}</td><td>{}</td></tr>",
                super::weekday_name(c.weekday),
                c.hour,
                c.posts,
                pct(c.engagement_rate)
            );
        }
        h.push_str("</tbody></table>");
    }

    // Top and bottom posts.
    let mut rated: Vec<&PostFigures> = report
        .posts
        .iter()
        .filter(|p| p.engagement_rate.is_some())
        .collect();
    rated.sort_by(|a, b| {
        b.engagement_rate
            .unwrap_or(0.0)
            .total_cmp(&a.engagement_rate.unwrap_or(0.0))
    });
    if !rated.is_empty() {
        let n = rated.len().min(5);
        h.push_str("<h2 id=\"top\">Top posts</h2>");
        h.push_str(&post_list(&rated[..n]));
        if rated.len() > 5 {
            h.push_str("<h2 id=\"bottom\">Posts that did least</h2>");
            let tail: Vec<&PostFigures> = rated.iter().rev().take(n).copied().collect();
            h.push_str(&post_list(&tail));
        }
    }

    // Followers.
    h.push_str("<h2 id=\"followers\">Follower growth</h2>");
    if report.followers.is_empty() {
        h.push_str("<p class=\"note\">No follower counts were found (a CSV of <code>date, platform, account, followers</code>).</p>");
    } else {
        h.push_str(&growth_chart(report));
        h.push_str("<table><caption>Followers at each month's last count, and the change from the month before</caption><thead><tr><th scope=\"col\" class=\"text\">Account</th><th scope=\"col\">Month</th><th scope=\"col\">Followers</th><th scope=\"col\">Change</th><th scope=\"col\">Change %</th></tr></thead><tbody>");
        for a in &report.followers {
            for m in &a.months {
                let _ = write!(
                    h,
                    "<tr><th scope=\"row\">{} {}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&a.platform),
                    escape(&a.account),
                    m.month,
                    num(m.followers),
                    m.change.map_or("–".into(), |c| format!("{c:+}")),
                    pct(m.percent)
                );
            }
        }
        h.push_str("</tbody></table>");
    }

    // Web.
    h.push_str("<h2 id=\"web\">Visits to the website from social media</h2>");
    match &report.web {
        None => h.push_str("<p class=\"note\">No access logs or analytics CSV were found.</p>"),
        Some(w) => {
            let _ = write!(
                h,
                "<p>From the {}: {} visits, {} from social media{}.{}</p>",
                escape(&w.from),
                num(w.visits),
                num(w.social_visits),
                w.social_conversions
                    .map(|c| format!(", of which {} reached a goal page", num(c)))
                    .unwrap_or_default(),
                if w.requests > 0 {
                    format!(
                        " {} requests read; {} by bots were left out.",
                        num(w.requests),
                        num(w.bot_requests)
                    )
                } else {
                    String::new()
                }
            );
            let social: Vec<&super::web::WebRow> = w
                .by_source
                .iter()
                .filter(|r| super::web::is_social(&r.source))
                .collect();
            let rows: Vec<(String, f64, String)> = social
                .iter()
                .map(|r| (r.source.clone(), r.visits as f64, num(r.visits)))
                .collect();
            h.push_str(&bars("visits", "Visits from each social platform", &rows));
            h.push_str("<table><caption>Visits and conversions by source (utm_source)</caption><thead><tr><th scope=\"col\" class=\"text\">Source</th><th scope=\"col\">Visits</th><th scope=\"col\">Conversions</th><th scope=\"col\">Conversion rate</th></tr></thead><tbody>");
            for r in &w.by_source {
                let _ = write!(
                    h,
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&r.source),
                    num(r.visits),
                    r.conversions.map_or("–".into(), num),
                    pct(r.conversion_rate)
                );
            }
            h.push_str("</tbody></table>");
            if !w.by_campaign.is_empty() {
                let mut campaigns = w.by_campaign.clone();
                campaigns.sort_by_key(|r| std::cmp::Reverse(r.visits));
                h.push_str("<table><caption>Visits and conversions by post (utm_campaign), most visited first</caption><thead><tr><th scope=\"col\" class=\"text\">Campaign</th><th scope=\"col\">Source</th><th scope=\"col\">Visits</th><th scope=\"col\">Conversions</th><th scope=\"col\">Conversion rate</th></tr></thead><tbody>");
                for r in campaigns.iter().take(50) {
                    let _ = write!(
                        h,
                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(r.campaign.as_deref().unwrap_or("")),
                        escape(&r.source),
                        num(r.visits),
                        r.conversions.map_or("–".into(), num),
                        pct(r.conversion_rate)
                    );
                }
                h.push_str("</tbody></table>");
            }
        }
    }

    // Responses.
    h.push_str("<h2 id=\"responses\">Answering comments and messages</h2>");
    if report.responses.is_empty() {
        h.push_str("<p class=\"note\">No response times were found (a CSV of <code>platform, received_at, responded_at</code>).</p>");
    } else {
        let _ = write!(
            h,
            "<table><caption>Response times in business hours (goal: within {} business hours)</caption><thead><tr><th scope=\"col\" class=\"text\">Platform</th><th scope=\"col\">Answered</th><th scope=\"col\">Unanswered</th><th scope=\"col\">Median</th><th scope=\"col\">90th percentile</th><th scope=\"col\">Within goal</th></tr></thead><tbody>",
            report.response_goal_hours
        );
        for r in &report.responses {
            let hours = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.1} h"));
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&r.platform),
                r.answered,
                r.unanswered,
                hours(r.median_hours),
                hours(r.p90_hours),
                pct(r.within_goal)
            );
        }
        h.push_str("</tbody></table>");
    }

    // Unmatched rows.
    let unmatched: Vec<&PostFigures> = report
        .posts
        .iter()
        .filter(|p| p.matched.is_none())
        .collect();
    if !unmatched.is_empty() {
        let _ = write!(
            h,
            "<h2 id=\"unmatched\">Rows not matched to a carepress post ({})</h2><p class=\"note\">Posted by hand, or by a build whose history is not here. They count in the totals above, not in the kinds and topics.</p><table><caption>Unmatched rows</caption><thead><tr><th scope=\"col\" class=\"text\">File and line</th><th scope=\"col\">Platform</th><th scope=\"col\">Published</th><th scope=\"col\" class=\"text\">Text</th></tr></thead><tbody>",
            unmatched.len()
        );
        for p in unmatched.iter().take(100) {
            let text: String = p.text.chars().take(120).collect();
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}:{}</th><td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
                escape(&p.file),
                p.line,
                escape(&p.platform),
                escape(p.published.as_deref().unwrap_or("–")),
                escape(&text)
            );
        }
        h.push_str("</tbody></table>");
    }

    // Inputs and formulas.
    h.push_str("<h2 id=\"inputs\">What this report was made from</h2><table><caption>Files read</caption><thead><tr><th scope=\"col\" class=\"text\">File</th><th scope=\"col\" class=\"text\">Format</th><th scope=\"col\">Rows or lines</th><th scope=\"col\">Skipped</th></tr></thead><tbody>");
    for i in &report.inputs {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"text\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&i.file),
            escape(&i.format),
            num(i.rows),
            num(i.skipped)
        );
    }
    let _ = write!(
        h,
        "</tbody></table><p>{} rows and log lines could not be read and were skipped (each is named in the terminal).</p><h2 id=\"formulas\">How each figure is worked out</h2><dl>",
        num(report.rows_skipped)
    );
    for f in &report.formulas {
        let _ = write!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            escape(f.name),
            escape(f.formula)
        );
    }
    h.push_str("</dl></main><footer><p>No IP address, browser (user agent), comment text or commenter name is in this report: the logs' visitors were counted by a hash salted anew for each run and never written, and comments were not read. It loads nothing from any other site.</p></footer></body></html>\n");
    h
}
