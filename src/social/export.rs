//! Scheduler exports: `posts.json`, `calendar.ics` (RFC 5545) and CSV files
//! (RFC 4180) for a generic schedule, Sprout Social and Buffer.
//!
//! Everything here is pure: posts in, file contents out. Nothing is read from
//! the clock or the environment (the calendar's `DTSTAMP` is passed in), so
//! the same posts give byte-identical files on every build.
//!
//! Error policy: `scheduled` is a typed time, so the only time an export cannot
//! write is one outside the years 0000-9999 (local, or in UTC for the calendar).
//! Each export checks every post before writing anything; if any is out of range
//! it returns `Err` with one message naming every such post (`platform/kind/slug`);
//! no partial file is produced and nothing panics. `write_posts_json` cannot fail.
//!
//! Ordering: calendar events and CSV rows are sorted by the scheduled instant,
//! then by platform name; posts equal on both keep their input order.
//! `posts.json` keeps the input order, since it is the raw data.

use super::{Post, PostView};

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use std::borrow::Cow;
use std::collections::HashSet;

/// Format version of `posts.json`, bumped when a field changes meaning so
/// consumers can refuse files they do not understand.
const POSTS_JSON_VERSION: u32 = 1;

/// RFC 5545 §3.1: content lines longer than this many octets must be folded.
const ICS_LINE_OCTETS: usize = 75;

/// `posts.json`: every post with all of its fields, wrapped in a versioned
/// object (`{"version":1,"posts":[...]}`), one post per line so the file
/// diffs well between builds and stays compact at tens of thousands of posts.
/// Posts stay in input order.
///
/// Written post by post into `out`: at tens of megabytes, the whole file in memory
/// cost more (in fresh pages) than making it.
pub fn write_posts_json(posts: &[Post], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write!(out, "{{\"version\":{POSTS_JSON_VERSION},\"posts\":[")?;
    let mut line = String::with_capacity(2048);
    for (i, post) in posts.iter().enumerate() {
        line.clear();
        line.push_str(if i == 0 { "\n" } else { ",\n" });
        push_post_json(&mut line, post);
        out.write_all(line.as_bytes())?;
    }
    out.write_all(if posts.is_empty() { b"]}\n" } else { b"\n]}\n" })
}

/// One post as the JSON object serde_json makes of its [`PostView`] (a test holds the
/// two byte-identical). Written by hand because `posts.json` runs to tens of
/// megabytes, and serde_json's byte-at-a-time escaping was a third of the kit's time.
fn push_post_json(out: &mut String, post: &Post) {
    // Every field, so a field added to the view does not compile until it is written here.
    let PostView {
        platform,
        kind,
        slug,
        title,
        text,
        link,
        image_url,
        image_alt,
        image_width,
        image_height,
        scheduled,
        timezone,
        length,
        limit,
        poll,
        stage,
        account,
        handle,
        video_url,
        captions_url,
        tags,
    } = PostView::of(post);
    let optional_str = |out: &mut String, value: Option<&str>| match value {
        Some(v) => push_json_str(out, v),
        None => out.push_str("null"),
    };
    let optional_number = |out: &mut String, value: Option<u32>| match value {
        Some(n) => out.push_str(&n.to_string()),
        None => out.push_str("null"),
    };
    out.push_str("{\"platform\":");
    push_json_str(out, platform);
    out.push_str(",\"kind\":");
    push_json_str(out, kind.label());
    out.push_str(",\"slug\":");
    push_json_str(out, slug);
    out.push_str(",\"title\":");
    push_json_str(out, title);
    out.push_str(",\"text\":");
    push_json_str(out, text);
    out.push_str(",\"link\":");
    optional_str(out, link);
    out.push_str(",\"image_url\":");
    optional_str(out, image_url);
    out.push_str(",\"image_alt\":");
    optional_str(out, image_alt);
    out.push_str(",\"image_width\":");
    optional_number(out, image_width);
    out.push_str(",\"image_height\":");
    optional_number(out, image_height);
    out.push_str(",\"scheduled\":");
    push_json_str(out, &scheduled);
    out.push_str(",\"timezone\":");
    push_json_str(out, timezone);
    out.push_str(&format!(",\"length\":{length},\"limit\":{limit},\"poll\":"));
    // Few posts carry a poll: serde writes those.
    match poll.map(serde_json::to_string) {
        Some(Ok(json)) => out.push_str(&json),
        _ => out.push_str("null"),
    }
    out.push_str(",\"stage\":");
    optional_str(out, stage.map(|s| s.name()).as_deref());
    out.push_str(",\"account\":");
    push_json_str(out, &account);
    out.push_str(",\"handle\":");
    optional_str(out, handle);
    out.push_str(",\"video_url\":");
    optional_str(out, video_url);
    out.push_str(",\"captions_url\":");
    optional_str(out, captions_url);
    out.push_str(",\"tags\":[");
    for (i, tag) in tags.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, tag);
    }
    out.push_str("]}");
}

/// `text` as a JSON string, escaped as serde_json escapes it. Eight bytes are
/// checked at a time: most of a post needs no escaping.
fn push_json_str(out: &mut String, text: &str) {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether any byte of `word` is below `n` (exact for n <= 128).
    let any_below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH != 0;
    let any_equal = |word: u64, b: u8| any_below(word ^ (ONES * u64::from(b)), 1);
    let bytes = text.as_bytes();
    out.push('"');
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes[i..].first_chunk::<8>() {
            let word = u64::from_ne_bytes(*chunk);
            if !any_below(word, 0x20) && !any_equal(word, b'"') && !any_equal(word, b'\\') {
                i += 8;
                continue;
            }
        }
        let escape: Cow<str> = match bytes[i] {
            b'"' => "\\\"".into(),
            b'\\' => "\\\\".into(),
            b'\n' => "\\n".into(),
            b'\r' => "\\r".into(),
            b'\t' => "\\t".into(),
            0x08 => "\\b".into(),
            0x0c => "\\f".into(),
            b if b < 0x20 => format!("\\u{b:04x}").into(),
            _ => {
                i += 1;
                continue;
            }
        };
        // The run ends at an ASCII byte, so at a character boundary.
        out.push_str(&text[run_start..i]);
        out.push_str(&escape);
        i += 1;
        run_start = i;
    }
    out.push_str(&text[run_start..]);
    out.push('"');
}

/// `calendar.ics`: one 15-minute event per post at its scheduled time, so the
/// practice can see the posting plan in any calendar app.
///
/// `DTSTART` and `DTSTAMP` are written in UTC, which every client understands
/// without a `VTIMEZONE` block. `dtstamp_utc` is supplied by the caller so
/// builds stay reproducible. `UID` is `<platform>-<kind>-<slug>@carepress`, so
/// re-importing an updated calendar updates events instead of duplicating
/// them; if several posts share platform, kind and slug, the later ones (in
/// schedule order) get `-2`, `-3`, … before the `@`, skipping any UID another
/// post uses naturally.
///
/// Errors if a post's `scheduled` is unparsable (see the module docs), or if a
/// time falls outside years 0000–9999, which iCalendar cannot write.
pub fn calendar_ics(
    posts: &[Post],
    calendar_name: &str,
    dtstamp_utc: Timestamp,
) -> Result<String, String> {
    let rows = scheduled_rows(posts)?;
    let dtstamp =
        ics_utc(dtstamp_utc).map_err(|e| format!("calendar DTSTAMP {dtstamp_utc}: {e}"))?;

    let mut out = String::new();
    push_ics_line(&mut out, "BEGIN:VCALENDAR");
    push_ics_line(&mut out, "VERSION:2.0");
    push_ics_line(&mut out, "PRODID:-//carepress//social calendar//EN");
    push_ics_line(&mut out, "CALSCALE:GREGORIAN");
    push_ics_line(
        &mut out,
        &format!("X-WR-CALNAME:{}", ics_text(calendar_name)),
    );

    let uids = unique_uids(&rows);
    for ((post, when), uid) in rows.iter().zip(uids) {
        let dtstart = ics_utc(when.instant).map_err(|e| format!("{}: {e}", post_name(post)))?;
        let mut description = post.text.clone();
        if let Some(link) = &post.link {
            description.push_str("\n\n");
            description.push_str(link);
        }

        push_ics_line(&mut out, "BEGIN:VEVENT");
        push_ics_line(&mut out, &format!("UID:{}", ics_text(&uid)));
        push_ics_line(&mut out, &format!("DTSTAMP:{dtstamp}"));
        push_ics_line(&mut out, &format!("DTSTART:{dtstart}"));
        push_ics_line(&mut out, "DURATION:PT15M");
        push_ics_line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                ics_text(&format!("{}: {}", post.platform.facts().label, post.title))
            ),
        );
        push_ics_line(&mut out, &format!("DESCRIPTION:{}", ics_text(&description)));
        if let Some(link) = &post.link {
            push_ics_line(&mut out, &format!("URL:{}", ics_uri(link)));
        }
        push_ics_line(
            &mut out,
            &format!("CATEGORIES:{}", ics_text(post.platform.name())),
        );
        push_ics_line(&mut out, "END:VEVENT");
    }
    push_ics_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// `schedule.csv`: a scheduler-neutral sheet with every post field, for
/// people who plan in a spreadsheet or tools without a dedicated export.
/// Date (`YYYY-MM-DD`) and time (`HH:MM`) are the local part of `scheduled`,
/// i.e. wall-clock time in the post's own time zone.
pub fn schedule_csv(posts: &[Post]) -> Result<String, String> {
    let rows = scheduled_rows(posts)?;
    let mut out = String::new();
    push_csv_row(
        &mut out,
        &[
            "date",
            "time",
            "timezone",
            "platform",
            "kind",
            "slug",
            "title",
            "text",
            "link",
            "image_url",
            "length",
            "limit",
            "account",
            "video_url",
        ],
    );
    for (post, when) in &rows {
        let date = ymd(when.local_date);
        let time = hm(when.local_time);
        let length = post.length.to_string();
        let limit = post.limit.to_string();
        push_csv_row(
            &mut out,
            &[
                &date,
                &time,
                post.timezone(),
                post.platform.name(),
                post.kind.label(),
                &post.slug,
                &post.title,
                &post.text,
                post.link.as_deref().unwrap_or(""),
                post.image_url.as_deref().unwrap_or(""),
                &length,
                &limit,
                &post.account_key(),
                post.video.as_ref().map_or("", |v| v.url.as_str()),
            ],
        );
    }
    Ok(out)
}

/// Sprout Social's bulk upload takes at most this many posts per file.
pub const SPROUT_MAX_ROWS: usize = 350;

/// The Sprout upload files and their posts: one set per account (a network's group
/// profile, or a location's own), because an upload goes to the profiles picked for it,
/// split in schedule order into files of at most [`SPROUT_MAX_ROWS`] posts:
/// `social/sprout-x.csv`, `social/sprout-x-2.csv`, `social/sprout-facebook-northgate.csv` …
pub fn sprout_uploads(posts: &[Post]) -> Vec<(String, Vec<Post>)> {
    let mut accounts: Vec<String> = posts.iter().map(Post::account_key).collect();
    accounts.sort_unstable();
    accounts.dedup();
    let mut uploads = Vec::new();
    for account in accounts {
        let mut mine: Vec<Post> = posts
            .iter()
            .filter(|p| p.account_key() == account)
            .cloned()
            .collect();
        let platform = account.replace('@', "-");
        mine.sort_by_key(|p| p.scheduled.timestamp());
        let mut file = 1;
        while !mine.is_empty() {
            let rest = mine.split_off(mine.len().min(SPROUT_MAX_ROWS));
            let name = match file {
                1 => format!("sprout-{platform}.csv"),
                n => format!("sprout-{platform}-{n}.csv"),
            };
            uploads.push((name, std::mem::replace(&mut mine, rest)));
            file += 1;
        }
    }
    uploads
}

/// `sprout.csv`: Sprout Social's bulk-scheduling upload
/// (`date,time_24hr,message_text,link,image_url`), date as `MM/DD/YYYY` and
/// 24-hour `HH:MM` wall-clock time of `scheduled`. The link goes in its own
/// column and `message_text` is the post text unchanged.
pub fn sprout_csv(posts: &[Post]) -> Result<String, String> {
    let rows = scheduled_rows(posts)?;
    let mut out = String::new();
    push_csv_row(
        &mut out,
        &["date", "time_24hr", "message_text", "link", "image_url"],
    );
    for (post, when) in &rows {
        let d = when.local_date;
        let date = format!("{:02}/{:02}/{:04}", d.month(), d.day(), d.year());
        let time = hm(when.local_time);
        push_csv_row(
            &mut out,
            &[
                &date,
                &time,
                &post.text,
                post.link.as_deref().unwrap_or(""),
                post.image_url.as_deref().unwrap_or(""),
            ],
        );
    }
    Ok(out)
}

/// `buffer.csv`: Buffer's bulk upload (`Text,Image URL,Tags,Posting Time`),
/// Posting Time as `YYYY-MM-DD HH:MM` wall-clock time of `scheduled`.
///
/// Buffer has no link column, so a post's link is appended to the text
/// (after a blank line) unless the text already contains it; otherwise the
/// tracked link would be lost. Tags are left empty.
pub fn buffer_csv(posts: &[Post]) -> Result<String, String> {
    let rows = scheduled_rows(posts)?;
    let mut out = String::new();
    push_csv_row(&mut out, &["Text", "Image URL", "Tags", "Posting Time"]);
    for (post, when) in &rows {
        let text = match &post.link {
            Some(link) if !post.text.contains(link.as_str()) => {
                format!("{}\n\n{link}", post.text)
            }
            _ => post.text.clone(),
        };
        let time = format!("{} {}", ymd(when.local_date), hm(when.local_time));
        push_csv_row(
            &mut out,
            &[&text, post.image_url.as_deref().unwrap_or(""), "", &time],
        );
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Scheduled times

/// A post's `scheduled` as the exports use it: the instant (for UTC and sorting) and
/// the wall-clock date and time in the post's own time zone.
struct When {
    instant: Timestamp,
    local_date: Date,
    local_time: Time,
}

/// `platform/kind/slug`, how errors name a post.
fn post_name(post: &Post) -> String {
    format!(
        "post {}/{}/{}",
        post.platform.name(),
        post.kind.label(),
        post.slug
    )
}

fn when_of(post: &Post) -> Result<When, String> {
    let local_date = post.scheduled.date();
    if !(0..=9999).contains(&local_date.year()) {
        return Err(format!(
            "{}: scheduled {} is outside the years 0000-9999",
            post_name(post),
            post.scheduled_rfc3339()
        ));
    }
    Ok(When {
        instant: post.scheduled.timestamp(),
        local_date,
        local_time: post.scheduled.time(),
    })
}

/// Every post's `scheduled` as the exports use it (all out-of-range times in one error),
/// and sorts by instant, then platform; the sort is stable.
fn scheduled_rows(posts: &[Post]) -> Result<Vec<(&Post, When)>, String> {
    let mut rows = Vec::with_capacity(posts.len());
    let mut errors = Vec::new();
    for post in posts {
        match when_of(post) {
            Ok(when) => rows.push((post, when)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    rows.sort_by(|(pa, wa), (pb, wb)| {
        wa.instant
            .cmp(&wb.instant)
            .then_with(|| pa.platform.name().cmp(pb.platform.name()))
    });
    Ok(rows)
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn hm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

// ---------------------------------------------------------------------------
// iCalendar

/// `YYYYMMDDTHHMMSSZ` (RFC 5545 DATE-TIME in UTC form); sub-seconds dropped.
pub(crate) fn ics_utc(ts: Timestamp) -> Result<String, String> {
    let dt: DateTime = Offset::UTC.to_datetime(ts);
    if !(0..=9999).contains(&dt.year()) {
        return Err(format!("year {} cannot be written in iCalendar", dt.year()));
    }
    Ok(format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\`, `;` and `,` get a backslash,
/// any line break (CRLF, LF or CR) becomes `\n`. Other control characters,
/// which TEXT forbids, are dropped; tab is kept.
pub(crate) fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value is not TEXT-escaped, but control characters and spaces would
/// break the content line or the URI, so they are percent-encoded.
pub(crate) fn ics_uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_control() || c == ' ' {
            out.push_str(&format!("%{:02X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes one content line, folded (RFC 5545 §3.1) so no physical line
/// exceeds 75 octets: a fold is CRLF plus one space, which counts towards the
/// next line's 75. Folds fall only between characters, never inside a UTF-8
/// sequence.
pub(crate) fn push_ics_line(out: &mut String, line: &str) {
    let mut used = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let n = c.len_utf8();
        // A space goes to the next line rather than end this one: some readers
        // trim trailing whitespace and would glue the words on either side.
        let keep_with_next = if c == ' ' {
            chars.peek().map_or(0, |next| next.len_utf8())
        } else {
            0
        };
        if used + n + keep_with_next > ICS_LINE_OCTETS && used > 1 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// `<platform>-<kind>-<slug>@carepress` per row, made unique: the first post
/// with a given UID keeps it, later duplicates get the lowest `-N` (N ≥ 2)
/// that no other post uses, so UIDs stay stable as long as the posts do.
fn unique_uids(rows: &[(&Post, When)]) -> Vec<String> {
    let base = |p: &Post| {
        let mut uid = format!(
            "{}-{}-{}",
            p.account_key().replace('@', "-"),
            p.kind.label(),
            p.slug
        );
        if let Some(stage) = p.stage {
            uid.push('-');
            uid.push_str(&stage.name());
        }
        uid
    };
    let natural: HashSet<String> = rows.iter().map(|(p, _)| base(p)).collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut uids = Vec::with_capacity(rows.len());
    for (post, _) in rows {
        let b = base(post);
        let mut candidate = b.clone();
        let mut n = 2u32;
        while used.contains(&candidate) || (candidate != b && natural.contains(&candidate)) {
            candidate = format!("{b}-{n}");
            n += 1;
        }
        used.insert(candidate.clone());
        uids.push(format!("{candidate}@carepress"));
    }
    uids
}

// ---------------------------------------------------------------------------
// CSV

/// Writes one RFC 4180 record ending in CRLF. A field is quoted when it holds
/// `,`, `"`, CR or LF (and also when it starts or ends with a space or tab,
/// which some spreadsheet importers would otherwise trim); inner quotes are
/// doubled. Line breaks inside text are kept as-is within the quotes.
fn push_csv_row(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let needs_quotes = field.contains([',', '"', '\r', '\n'])
            || field.starts_with([' ', '\t'])
            || field.ends_with([' ', '\t']);
        if needs_quotes {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn posts_json(posts: &[Post]) -> String {
        let mut out = Vec::new();
        write_posts_json(posts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const TRICKY: &str = "Flu shots, \"free\"; ask\\now\nNext line 💉👩‍⚕️";

    /// An article's post in Chicago; tests set another `kind` where it matters.
    fn post(platform: &str, slug: &str, scheduled: &str) -> Post {
        crate::social::sample_post(platform, slug, scheduled, "America/Chicago")
    }

    /// Sample posts in deliberately unsorted order.
    fn samples() -> Vec<Post> {
        let mut tricky = post("facebook", "flu", "2026-12-02T09:00:00-06:00");
        tricky.text = TRICKY.to_owned();
        tricky.title = "Flu, season; part\\2".to_owned();

        let mut no_link = post("instagram", "hands", "2026-12-03T12:30:00-06:00");
        no_link.kind = crate::content::Kind::Infographic;
        no_link.link = None;
        no_link.image_url = None;

        let mut long = crate::social::sample_post(
            "linkedin",
            "long",
            "2026-12-04T08:15:00+01:00",
            "Europe/Berlin",
        );
        long.kind = crate::content::Kind::Testimonial;
        long.text = "Ünïcödé ✓ text that goes on and on 🙂 ".repeat(12);

        let x = post("x", "flu", "2026-12-02T09:00:00-06:00");
        let bsky = crate::social::sample_post("bluesky", "flu", "2026-12-02T15:00:00Z", "UTC");
        vec![long, x, no_link, tricky, bsky]
    }

    /// A small RFC 4180 parser: records end in CRLF; a bare CR or LF outside
    /// quotes is an error, so this also checks line endings.
    fn parse_csv(s: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = s.chars().peekable();
        let mut at_field_start = true;
        let mut in_quotes = false;
        while let Some(c) = chars.next() {
            if in_quotes {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        in_quotes = false;
                        assert!(
                            matches!(chars.peek(), Some(',') | Some('\r') | None),
                            "garbage after closing quote"
                        );
                    }
                } else {
                    field.push(c);
                }
                continue;
            }
            match c {
                '"' if at_field_start => {
                    in_quotes = true;
                    at_field_start = false;
                }
                '"' => panic!("quote inside unquoted field"),
                ',' => {
                    record.push(std::mem::take(&mut field));
                    at_field_start = true;
                }
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                    at_field_start = true;
                }
                '\n' => panic!("bare LF outside quotes"),
                c => {
                    field.push(c);
                    at_field_start = false;
                }
            }
        }
        assert!(!in_quotes, "unterminated quote");
        assert!(
            record.is_empty() && field.is_empty(),
            "last record lacks CRLF"
        );
        records
    }

    fn unfold(ics: &str) -> Vec<String> {
        let unfolded = ics.replace("\r\n ", "");
        let body = unfolded.strip_suffix("\r\n").expect("ends with CRLF");
        body.split("\r\n").map(str::to_owned).collect()
    }

    fn ics() -> String {
        let stamp: Timestamp = "2026-11-01T10:20:30Z".parse().unwrap();
        calendar_ics(&samples(), "Clinic, social; plan", stamp).unwrap()
    }

    fn sorted_slugs_platforms(records: &[Vec<String>], platform_col: usize) -> Vec<String> {
        records[1..]
            .iter()
            .map(|r| r[platform_col].clone())
            .collect()
    }

    #[test]
    fn sprout_uploads_are_one_per_network_and_at_most_350_posts_each() {
        // 800 X posts, newest first, and 3 Facebook posts.
        let mut posts: Vec<Post> = (0..800)
            .rev()
            .map(|i| {
                let day = jiff::civil::date(2027, 1, 1) + jiff::Span::new().days(i);
                post("x", &format!("a{i}"), &format!("{day}T09:00:00-06:00"))
            })
            .collect();
        posts.extend(
            (0..3).map(|i| post("facebook", &format!("b{i}"), "2027-01-01T09:00:00-06:00")),
        );
        let uploads = sprout_uploads(&posts);
        let names: Vec<(&str, usize)> =
            uploads.iter().map(|(n, p)| (n.as_str(), p.len())).collect();
        assert_eq!(
            names,
            [
                ("sprout-facebook.csv", 3),
                ("sprout-x.csv", 350),
                ("sprout-x-2.csv", 350),
                ("sprout-x-3.csv", 100),
            ]
        );
        // In schedule order across the files: the first file holds the earliest posts.
        assert_eq!(uploads[1].1[0].slug, "a0");
        assert_eq!(uploads[2].1[0].slug, "a350");
        assert_eq!(uploads[3].1[99].slug, "a799");
        let csv = sprout_csv(&uploads[2].1).unwrap();
        assert_eq!(csv.lines().count(), 351, "header and 350 rows");
    }

    // ---- JSON ------------------------------------------------------------

    proptest! {
        #[test]
        fn each_post_is_written_exactly_as_serde_json_serializes_its_view(
            text in "\\PC*|[\\x00-\\x1f\"\\\\a-z\u{7f}é😀]{0,40}",
            title in any::<String>(),
            link in proptest::option::of("[a-z:/?=&\"\\\\\\x00-\\x1f]{0,30}"),
            width in proptest::option::of(any::<u32>()),
            length in any::<usize>(),
            option in "\\PC{0,25}",
        ) {
            let mut p = post("x", "flu", "2026-12-02T09:00:00-06:00");
            if length % 2 == 0 {
                p.poll = Some(crate::social::PollPost {
                    style: crate::platform::PollStyle::Native,
                    question: "Had your \"flu\" shot?".into(),
                    options: vec![option, "No".into()],
                    duration_minutes: width,
                });
            }
            if length % 3 == 0 {
                p.stage = Some(crate::social::series::Stage::Reminder);
            }
            if length % 5 == 0 {
                p.account = Some("north-gate".into());
                p.handle = Some("@north \"gate\"".into());
            }
            p.text = text;
            p.title = title;
            p.link = link;
            p.image_width = width;
            p.image_height = None;
            p.length = length;
            let mut mine = String::new();
            push_post_json(&mut mine, &p);
            prop_assert_eq!(mine, serde_json::to_string(&PostView::of(&p)).unwrap());
        }
    }

    #[test]
    fn json_is_versioned_and_complete() {
        let posts = samples();
        let json = posts_json(&posts);
        assert!(json.ends_with("}\n"));
        assert!(json.starts_with("{\"version\":1,\"posts\":[\n{"), "{json}");
        assert_eq!(json.lines().count(), posts.len() + 2, "one post per line");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["version"], 1);
        let arr = v["posts"].as_array().unwrap();
        assert_eq!(arr.len(), posts.len());
        // Input order, all fields.
        assert_eq!(arr[3]["text"], TRICKY);
        assert_eq!(arr[3]["slug"], "flu");
        assert_eq!(arr[2]["link"], serde_json::Value::Null);
        assert_eq!(arr[0]["image_width"], 1200);
        assert_eq!(arr[0]["timezone"], "Europe/Berlin");
        assert_eq!(arr[0]["limit"], 280);
        assert!(
            arr[0]["image_alt"]
                .as_str()
                .is_some_and(|a| a.starts_with("Illustration for "))
        );
        assert_eq!(arr[0].as_object().unwrap().len(), 21);
        assert_eq!(arr[0]["account"], "linkedin");
        assert_eq!(arr[0]["poll"], serde_json::Value::Null);
        assert_eq!(arr[0]["stage"], serde_json::Value::Null);
    }

    #[test]
    fn json_of_no_posts() {
        let v: serde_json::Value = serde_json::from_str(&posts_json(&[])).unwrap();
        assert_eq!(v, serde_json::json!({"version": 1, "posts": []}));
    }

    // ---- CSV -------------------------------------------------------------

    #[test]
    fn schedule_csv_round_trips() {
        let out = schedule_csv(&samples()).unwrap();
        assert!(out.starts_with(
            "date,time,timezone,platform,kind,slug,title,text,link,image_url,length,limit,account,video_url\r\n"
        ));
        assert!(out.ends_with("\r\n"));
        let records = parse_csv(&out);
        assert_eq!(records.len(), 6);
        assert!(records.iter().all(|r| r.len() == 14));
        // Sorted by instant then platform: 15:00Z holds bluesky, facebook, x.
        assert_eq!(
            sorted_slugs_platforms(&records, 3),
            ["bluesky", "facebook", "x", "instagram", "linkedin"]
        );
        let fb = &records[2];
        assert_eq!(
            fb,
            &[
                "2026-12-02",
                "09:00",
                "America/Chicago",
                "facebook",
                "article",
                "flu",
                "Flu, season; part\\2",
                TRICKY,
                "https://example.com/flu/?utm_source=facebook&utm_medium=social",
                "https://example.com/img/flu.png",
                "42",
                "280",
                "facebook",
                "",
            ]
        );
        // Wall-clock time in each post's own zone.
        assert_eq!(records[1][0..3], ["2026-12-02", "15:00", "UTC"]);
        let ig = &records[4];
        assert_eq!(ig[1], "12:30");
        assert_eq!(ig[8], "");
        assert_eq!(ig[9], "");
        let li = &records[5];
        assert_eq!(li[0..3], ["2026-12-04", "08:15", "Europe/Berlin"]);
        assert_eq!(li[7], samples()[0].text);
    }

    #[test]
    fn sprout_csv_round_trips() {
        let out = sprout_csv(&samples()).unwrap();
        assert!(out.starts_with("date,time_24hr,message_text,link,image_url\r\n"));
        let records = parse_csv(&out);
        assert_eq!(records.len(), 6);
        assert_eq!(
            records[2],
            [
                "12/02/2026",
                "09:00",
                TRICKY,
                "https://example.com/flu/?utm_source=facebook&utm_medium=social",
                "https://example.com/img/flu.png",
            ]
        );
        assert_eq!(
            records[4],
            ["12/03/2026", "12:30", "Text for hands", "", ""]
        );
    }

    #[test]
    fn buffer_csv_round_trips_and_keeps_links() {
        let mut posts = samples();
        let mut inline = post("threads", "inline", "2026-12-05T07:05:00-06:00");
        inline.text = format!("Read this: {}", inline.link.clone().unwrap());
        posts.push(inline.clone());

        let out = buffer_csv(&posts).unwrap();
        assert!(out.starts_with("Text,Image URL,Tags,Posting Time\r\n"));
        let records = parse_csv(&out);
        assert_eq!(records.len(), 7);
        assert_eq!(
            records[2],
            [
                format!(
                    "{TRICKY}\n\nhttps://example.com/flu/?utm_source=facebook&utm_medium=social"
                )
                .as_str(),
                "https://example.com/img/flu.png",
                "",
                "2026-12-02 09:00",
            ]
        );
        assert_eq!(records[4], ["Text for hands", "", "", "2026-12-03 12:30"]);
        // Link already in the text: not appended twice.
        assert_eq!(records[6][0], inline.text);
        assert_eq!(records[6][3], "2026-12-05 07:05");
    }

    #[test]
    fn csv_quoting_rules() {
        let mut out = String::new();
        push_csv_row(
            &mut out,
            &["plain", "a,b", "say \"hi\"", "x\ny", "cr\r", " pad", ""],
        );
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"cr\r\",\" pad\",\r\n"
        );
    }

    #[test]
    fn csv_sort_is_stable_for_equal_keys() {
        let mut a = post("x", "a", "2026-12-02T09:00:00-06:00");
        a.title = "first".into();
        let mut b = post("x", "b", "2026-12-02T10:00:00-05:00");
        b.title = "second".into();
        let c = post("facebook", "c", "2026-12-02T16:00:00+01:00");
        let recs = parse_csv(&schedule_csv(&[a, b, c]).unwrap());
        let slugs: Vec<&str> = recs[1..].iter().map(|r| r[5].as_str()).collect();
        assert_eq!(slugs, ["c", "a", "b"]);
    }

    #[test]
    fn empty_inputs_give_header_only() {
        assert_eq!(
            schedule_csv(&[]).unwrap(),
            "date,time,timezone,platform,kind,slug,title,text,link,image_url,length,limit,account,video_url\r\n"
        );
        assert_eq!(
            buffer_csv(&[]).unwrap(),
            "Text,Image URL,Tags,Posting Time\r\n"
        );
        let stamp: Timestamp = "2026-11-01T10:20:30Z".parse().unwrap();
        let ics = calendar_ics(&[], "Empty", stamp).unwrap();
        assert!(!ics.contains("VEVENT"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    // ---- errors ----------------------------------------------------------

    #[test]
    fn a_year_outside_0000_to_9999_is_an_error_naming_every_such_post() {
        let mut posts = samples();
        for (slug, year) in [("ancient", -1), ("early", -40)] {
            let mut p = post("x", slug, "2026-12-02T09:00:00-06:00");
            p.scheduled = jiff::civil::date(year, 6, 1)
                .at(9, 0, 0, 0)
                .in_tz("America/Chicago")
                .unwrap();
            posts.push(p);
        }
        let stamp: Timestamp = "2026-11-01T10:20:30Z".parse().unwrap();
        let results = [
            schedule_csv(&posts),
            sprout_csv(&posts),
            buffer_csv(&posts),
            calendar_ics(&posts, "c", stamp),
        ];
        for r in results {
            let e = r.unwrap_err();
            assert!(e.contains("post x/article/ancient"), "{e}");
            assert!(e.contains("post x/article/early"), "{e}");
            assert!(e.contains("outside the years 0000-9999"), "{e}");
            assert!(!e.contains("/flu"), "{e}");
        }
        // JSON writes any time jiff holds.
        assert!(posts_json(&posts).contains("\"slug\":\"ancient\""));
    }

    // ---- iCalendar -------------------------------------------------------

    #[test]
    fn ics_structure_and_crlf() {
        let out = ics();
        assert!(out.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
        assert_eq!(out.matches('\r').count(), out.matches("\r\n").count());
        let lines = unfold(&out);
        assert_eq!(
            lines[..5],
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//carepress//social calendar//EN",
                "CALSCALE:GREGORIAN",
                "X-WR-CALNAME:Clinic\\, social\\; plan",
            ]
        );
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 5);
        assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), 5);
        assert_eq!(lines.iter().filter(|l| *l == "DURATION:PT15M").count(), 5);
        assert_eq!(
            lines
                .iter()
                .filter(|l| *l == "DTSTAMP:20261101T102030Z")
                .count(),
            5
        );
        // One URL per linked post (the instagram one has none).
        assert_eq!(lines.iter().filter(|l| l.starts_with("URL:")).count(), 4);
    }

    #[test]
    fn ics_lines_fit_75_octets_and_fold_at_char_boundaries() {
        let out = ics();
        let physical: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(physical.last(), Some(&""));
        let mut folded = 0;
        for (i, line) in physical.iter().enumerate() {
            assert!(
                line.len() <= 75,
                "line {i} has {} octets: {line}",
                line.len()
            );
            // A folded line was filled as far as the next character allowed (a
            // space moves on with the character after it).
            if physical
                .get(i + 1)
                .is_some_and(|next| next.starts_with(' '))
            {
                folded += 1;
                assert!(line.len() > 75 - 5, "folded early: {line:?}");
                assert!(!line.ends_with(' '), "line ends in a space: {line:?}");
            }
        }
        assert!(folded > 5, "the long text should fold many times");
        // Splitting the bytes on CRLF gives valid UTF-8 everywhere.
        for chunk in out.as_bytes().split(|&b| b == b'\n') {
            assert!(std::str::from_utf8(chunk).is_ok());
        }
    }

    #[test]
    fn ics_fold_exact_boundaries() {
        let mut out = String::new();
        push_ics_line(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));

        let mut out = String::new();
        push_ics_line(&mut out, &"a".repeat(76));
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));

        // 73 ASCII + a 4-byte emoji would be 77 octets: the emoji moves whole.
        let mut out = String::new();
        push_ics_line(&mut out, &format!("{}💉", "a".repeat(73)));
        assert_eq!(out, format!("{}\r\n 💉\r\n", "a".repeat(73)));

        // A space never ends a folded line: it starts the next one.
        let mut out = String::new();
        push_ics_line(&mut out, &format!("{} over", "a".repeat(74)));
        assert_eq!(out, format!("{}\r\n  over\r\n", "a".repeat(74)));

        // Continuation lines hold 74 octets after the space.
        let mut out = String::new();
        push_ics_line(&mut out, &"b".repeat(75 + 74 + 1));
        assert_eq!(
            out,
            format!("{}\r\n {}\r\n b\r\n", "b".repeat(75), "b".repeat(74))
        );
    }

    #[test]
    fn ics_unfolding_restores_escaped_values() {
        let lines = unfold(&ics());
        let posts = samples();
        let long = &posts[0];
        let expected_long = format!(
            "DESCRIPTION:{}\\n\\n{}",
            long.text,
            long.link.as_deref().unwrap()
        );
        assert!(
            lines.contains(&expected_long),
            "long description not restored"
        );
        assert!(
            lines.contains(
                &"DESCRIPTION:Flu shots\\, \"free\"\\; ask\\\\now\\nNext line 💉👩‍⚕️\\n\\n\
              https://example.com/flu/?utm_source=facebook&utm_medium=social"
                    .to_owned()
            )
        );
        assert!(lines.contains(&"SUMMARY:Facebook: Flu\\, season\\; part\\\\2".to_owned()));
        assert!(lines.contains(&"SUMMARY:LinkedIn: Title of long".to_owned()));
        assert!(lines.contains(&"SUMMARY:X: Title of flu".to_owned()));
        // No link: description is just the text, and no URL line.
        assert!(lines.contains(&"DESCRIPTION:Text for hands".to_owned()));
        assert!(
            lines.contains(
                &"URL:https://example.com/flu/?utm_source=x&utm_medium=social".to_owned()
            )
        );
        assert!(lines.contains(&"CATEGORIES:instagram".to_owned()));
    }

    #[test]
    fn ics_escaping() {
        assert_eq!(ics_text("a,b;c\\d"), "a\\,b\\;c\\\\d");
        assert_eq!(ics_text("1\n2\r\n3\r4"), "1\\n2\\n3\\n4");
        assert_eq!(ics_text("tab\there\u{7}bell"), "tab\therebell");
        assert_eq!(ics_text("é 💉"), "é 💉");
        assert_eq!(
            ics_uri("https://x.test/a b\r\n"),
            "https://x.test/a%20b%0D%0A"
        );
    }

    #[test]
    fn ics_dtstart_is_utc() {
        let lines = unfold(&ics());
        let dtstarts: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("DTSTART:"))
            .collect();
        assert_eq!(
            dtstarts,
            [
                "20261202T150000Z", // bluesky, Z
                "20261202T150000Z", // facebook, -06:00
                "20261202T150000Z", // x, -06:00
                "20261203T183000Z",
                "20261204T071500Z", // +01:00
            ]
        );
        // Crossing midnight and a year boundary.
        let p = post("x", "nye", "2026-12-31T20:00:00-05:00");
        let stamp: Timestamp = "2026-11-01T10:20:30Z".parse().unwrap();
        let out = calendar_ics(&[p], "c", stamp).unwrap();
        assert!(out.contains("\r\nDTSTART:20270101T010000Z\r\n"));
    }

    #[test]
    fn ics_uids_stable_and_unique() {
        let uids = |out: &str| -> Vec<String> {
            unfold(out)
                .iter()
                .filter_map(|l| l.strip_prefix("UID:").map(str::to_owned))
                .collect()
        };
        let first = uids(&ics());
        assert_eq!(
            first,
            [
                "bluesky-article-flu@carepress",
                "facebook-article-flu@carepress",
                "x-article-flu@carepress",
                "instagram-infographic-hands@carepress",
                "linkedin-testimonial-long@carepress",
            ]
        );
        // Same posts in another order: same UIDs, same file.
        let mut reversed = samples();
        reversed.reverse();
        let stamp: Timestamp = "2026-11-01T10:20:30Z".parse().unwrap();
        let again = calendar_ics(&reversed, "Clinic, social; plan", stamp).unwrap();
        assert_eq!(uids(&again), first);
        assert_eq!(again, ics());

        // Duplicates get a suffix that avoids other posts' natural UIDs.
        let posts = [
            post("x", "a", "2026-12-01T09:00:00Z"),
            post("x", "a", "2026-12-02T09:00:00Z"),
            post("x", "a-2", "2026-12-03T09:00:00Z"),
            post("x", "a", "2026-12-04T09:00:00Z"),
        ];
        let got = uids(&calendar_ics(&posts, "c", stamp).unwrap());
        assert_eq!(
            got,
            [
                "x-article-a@carepress",
                "x-article-a-3@carepress",
                "x-article-a-2@carepress",
                "x-article-a-4@carepress",
            ]
        );
    }

    proptest! {
        #[test]
        fn csv_round_trips_any_fields(fields in prop::collection::vec(any::<String>(), 1..6)) {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            let mut out = String::new();
            push_csv_row(&mut out, &refs);
            let records = parse_csv(&out);
            prop_assert_eq!(records.len(), 1);
            prop_assert_eq!(&records[0], &fields);
        }

        #[test]
        fn ics_fold_then_unfold_is_identity(text in any::<String>()) {
            let line = format!("DESCRIPTION:{}", ics_text(&text));
            prop_assert!(!line.contains(['\r', '\n']));
            let mut out = String::new();
            push_ics_line(&mut out, &line);
            let physical: Vec<&str> = out.split("\r\n").collect();
            for (i, l) in physical.iter().enumerate() {
                prop_assert!(l.len() <= 75);
                let folded_after = physical.get(i + 1).is_some_and(|n| !n.is_empty());
                prop_assert!(!(folded_after && l.ends_with(' ')), "{:?}", l);
            }
            prop_assert_eq!(unfold(&out), vec![line]);
        }
    }
}
