//! Calendar dates as written in front matter, the ledger and on the command line.

use jiff::civil::Date;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A calendar day. Front matter accepts `YYYY-MM-DD` or an RFC 3339 timestamp,
/// of which the date in the timestamp's own offset is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub Date);

pub fn parse_day(s: &str) -> Result<Day, String> {
    let s = s.trim();
    if s.len() > 10 && matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        s.parse::<jiff::Timestamp>()
            .map_err(|e| format!("`{s}` is not a valid RFC 3339 timestamp ({e})"))?;
    } else if s.len() != 10 {
        return Err(format!("`{s}` is not a date; write it as YYYY-MM-DD"));
    }
    s[..10]
        .parse::<Date>()
        .map(Day)
        .map_err(|_| format!("`{s}` is not a valid date; write it as YYYY-MM-DD"))
}

impl Day {
    pub fn iso(&self) -> String {
        self.0.to_string()
    }

    /// "March 2, 2026": the form shown to readers.
    pub fn display(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let m = MONTHS[(self.0.month() as usize).saturating_sub(1) % 12];
        format!("{m} {}, {}", self.0.day(), self.0.year())
    }

    pub fn weekday_name(&self) -> &'static str {
        weekday_name(self.0.weekday())
    }

    /// The instant this day starts in `tz` (the epoch for a day `tz` cannot hold).
    pub fn start_in(&self, tz: &jiff::tz::TimeZone) -> jiff::Timestamp {
        self.0
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_to(&self, later: Day) -> i64 {
        match self.0.until((jiff::Unit::Day, later.0)) {
            Ok(span) => i64::from(span.get_days()),
            Err(_) => 0,
        }
    }
}

/// "Monday" … "Sunday".
pub fn weekday_name(day: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match day {
        Monday => "Monday",
        Tuesday => "Tuesday",
        Wednesday => "Wednesday",
        Thursday => "Thursday",
        Friday => "Friday",
        Saturday => "Saturday",
        Sunday => "Sunday",
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DayVisitor;
        impl Visitor<'_> for DayVisitor {
            type Value = Day;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD or RFC 3339)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Day, E> {
                parse_day(v).map_err(|m| E::custom(format!("invalid date: {m}")))
            }
        }
        d.deserialize_str(DayVisitor)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// A poll's duration as written in front matter, in minutes: a whole number and a unit,
/// `30m`, `6h`, `1d`, `3d`, `1w`, also `1 day`, `2 weeks`, `90 minutes`.
pub fn parse_duration_minutes(s: &str) -> Option<u32> {
    let s = s.trim().to_ascii_lowercase();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = s.split_at(split);
    let number: u32 = number.parse().ok()?;
    let per = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hour" | "hours" => 60,
        "d" | "day" | "days" => 24 * 60,
        "w" | "week" | "weeks" => 7 * 24 * 60,
        _ => return None,
    };
    number.checked_mul(per).filter(|m| *m > 0)
}

/// RFC 3339 with the zone's offset, e.g. `2026-12-02T09:00:00-06:00`: how posts.json,
/// messages and structured data write a time.
pub fn rfc3339(at: &jiff::ZonedDateTime) -> String {
    at.timestamp().display_with_offset(at.offset()).to_string()
}

/// "Thursday, January 14, 2027, 6:00 PM – 7:00 PM CST" (the end's date too when it
/// ends on another day), in the times' own zone: how an event's page states its time.
pub fn span_display(start: &jiff::ZonedDateTime, end: &jiff::ZonedDateTime) -> String {
    let day = |at: &jiff::ZonedDateTime| {
        format!(
            "{}, {}",
            Day(at.date()).weekday_name(),
            Day(at.date()).display()
        )
    };
    let clock = |at: &jiff::ZonedDateTime| at.strftime("%-I:%M %p").to_string();
    if start.date() == end.date() {
        format!(
            "{}, {} – {} {}",
            day(start),
            clock(start),
            clock(end),
            end.strftime("%Z")
        )
    } else {
        format!(
            "{}, {} – {}, {} {}",
            day(start),
            clock(start),
            day(end),
            clock(end),
            end.strftime("%Z")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_durations_read_as_minutes() {
        assert_eq!(parse_duration_minutes("30m"), Some(30));
        assert_eq!(parse_duration_minutes("6h"), Some(360));
        assert_eq!(parse_duration_minutes("1d"), Some(1440));
        assert_eq!(parse_duration_minutes(" 2 Weeks "), Some(20160));
        assert_eq!(parse_duration_minutes("1 day"), Some(1440));
        for bad in [
            "",
            "d",
            "1",
            "1.5d",
            "-1d",
            "0d",
            "1 fortnight",
            "99999999999d",
        ] {
            assert_eq!(parse_duration_minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn accepts_plain_and_rfc3339_dates() {
        assert_eq!(parse_day("2026-03-02").unwrap().iso(), "2026-03-02");
        assert_eq!(
            parse_day("2026-03-02T09:00:00-05:00").unwrap().iso(),
            "2026-03-02"
        );
        assert!(parse_day("2026-13-02").is_err());
        assert!(parse_day("2026-3-2").is_err());
        assert!(parse_day("2026-03-02T99:00:00Z").is_err());
        assert!(parse_day("2026-03-02Tgarbage").is_err());
    }

    #[test]
    fn counts_days_between() {
        let a = parse_day("2026-01-01").unwrap();
        let b = parse_day("2026-03-02").unwrap();
        assert_eq!(a.days_to(b), 60);
        assert_eq!(b.days_to(a), -60);
    }
}
