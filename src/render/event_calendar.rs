//! The "add to calendar" file of a live session (`/events/<slug>/event.ics`): one
//! `VEVENT` (RFC 5545) whose start and end are local times in the event's own time zone
//! (`TZID`), with that zone's rules around the event written out as a `VTIMEZONE`
//! (RFC 5545 §3.6.5), so a calendar shows the right time wherever the reader is.

use crate::config::Config;
use crate::content::{Detail, EventStatus, Item};
use crate::social::export::{ics_text, ics_uri, ics_utc, push_ics_line};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// The site path of an event's calendar file.
pub fn ics_path(item: &Item) -> String {
    format!("{}event.ics", item.path())
}

/// The calendar file of an event item (`None` for other kinds). `stamp` is the file's
/// `DTSTAMP`, given by the caller so builds stay reproducible.
pub fn event_ics(config: &Config, item: &Item, stamp: Timestamp) -> Result<Option<String>, String> {
    let Detail::Event {
        start,
        end,
        stream,
        url: watch,
        status,
        ..
    } = &item.detail
    else {
        return Ok(None);
    };
    let tz = start.time_zone();
    let tzid = tz.iana_name().unwrap_or("UTC");
    let page = config.absolute(&item.path());
    let mut out = String::new();
    let mut line = |text: &str| push_ics_line(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//carepress//events//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    for l in vtimezone(tz, tzid, start.timestamp(), end.timestamp()) {
        line(&l);
    }
    line("BEGIN:VEVENT");
    let host = crate::privacy::scan::host_of(&page).unwrap_or_else(|| "carepress".into());
    line(&format!(
        "UID:{}",
        ics_text(&format!("event-{}@{host}", item.slug))
    ));
    line(&format!("DTSTAMP:{}", ics_utc(stamp)?));
    line(&format!("DTSTART;TZID={tzid}:{}", local(start)));
    line(&format!("DTEND;TZID={tzid}:{}", local(end)));
    line(&format!("SUMMARY:{}", ics_text(&item.title)));
    let mut description = item.description.clone();
    if let Some(w) = watch {
        description.push_str(&format!("\n\nWatch on {}: {w}", stream.label()));
    }
    description.push_str(&format!("\n\nDetails: {page}"));
    line(&format!("DESCRIPTION:{}", ics_text(&description)));
    line(&format!(
        "LOCATION:{}",
        ics_text(&match watch {
            Some(w) => format!("{} ({w})", stream.label()),
            None => stream.label().to_string(),
        })
    ));
    line(&format!("URL:{}", ics_uri(&page)));
    line(&format!(
        "STATUS:{}",
        match status {
            EventStatus::Cancelled => "CANCELLED",
            EventStatus::Postponed => "TENTATIVE",
            EventStatus::Scheduled | EventStatus::Rescheduled => "CONFIRMED",
        }
    ));
    line("END:VEVENT");
    line("END:VCALENDAR");
    Ok(Some(out))
}

/// `YYYYMMDDTHHMMSS`: a local DATE-TIME, read with the `TZID` beside it.
fn local(at: &ZonedDateTime) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

/// `+HHMM` (or `+HHMMSS` for the few historic offsets with seconds), as UTC-OFFSET is written.
fn utc_offset(offset: Offset) -> String {
    let total = offset.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let total = total.unsigned_abs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// The zone's `VTIMEZONE`: the observance in force when the event starts (from the last
/// change of offset before it) and every change until it ends. A zone that never changed
/// gets one observance with the same offset either side.
fn vtimezone(tz: &TimeZone, tzid: &str, start: Timestamp, end: Timestamp) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{tzid}")];
    let mut changes: Vec<Timestamp> = tz
        .preceding(
            start
                .checked_add(jiff::SignedDuration::from_secs(1))
                .unwrap_or(start),
        )
        .next()
        .map(|t| t.timestamp())
        .into_iter()
        .collect();
    changes.extend(
        tz.following(start)
            .map(|t| t.timestamp())
            .take_while(|t| *t < end),
    );
    if changes.is_empty() {
        let info = tz.to_offset_info(start);
        let offset = utc_offset(info.offset());
        lines.extend([
            "BEGIN:STANDARD".to_string(),
            "DTSTART:19700101T000000".to_string(),
            format!("TZOFFSETFROM:{offset}"),
            format!("TZOFFSETTO:{offset}"),
            format!("TZNAME:{}", ics_text(info.abbreviation())),
            "END:STANDARD".to_string(),
        ]);
    }
    for at in changes {
        let before = tz.to_offset_info(
            at.checked_sub(jiff::SignedDuration::from_secs(1))
                .unwrap_or(at),
        );
        let after = tz.to_offset_info(at);
        let kind = if after.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // The onset is written in the offset in force before it (RFC 5545 §3.6.5).
        let onset = before
            .offset()
            .to_datetime(at)
            .strftime("%Y%m%dT%H%M%S")
            .to_string();
        lines.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{onset}"),
            format!("TZOFFSETFROM:{}", utc_offset(before.offset())),
            format!("TZOFFSETTO:{}", utc_offset(after.offset())),
            format!("TZNAME:{}", ics_text(after.abbreviation())),
            format!("END:{kind}"),
        ]);
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}
