//! `social.cadence`: the posting days, time and IANA time zone, parsed once when the
//! config is read so every later stage gets a checked value.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// The cadence as written in carepress.yaml.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceSpec {
    pub days: Vec<String>,
    pub time: String,
    pub timezone: String,
}

/// The posting cadence, checked.
#[derive(Debug, Clone)]
pub struct Cadence {
    pub days: Vec<Weekday>,
    pub hour: i8,
    pub minute: i8,
    pub tz: TimeZone,
    pub tz_name: String,
}

/// `mon`, `Monday`, `TUE`…: the weekday its first three letters name.
pub fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.to_ascii_lowercase().get(..3)? {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// `HH:MM` on a 24-hour clock.
pub fn hh_mm(s: &str) -> Option<(i8, i8)> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some((h, m))
}

impl Default for Cadence {
    /// Without `social.cadence`, posts go out Monday, Wednesday and Friday at 09:00 UTC.
    fn default() -> Self {
        Cadence {
            days: vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
            hour: 9,
            minute: 0,
            tz: TimeZone::UTC,
            tz_name: "UTC".into(),
        }
    }
}

/// Reads `social.cadence` as written in carepress.yaml.
pub fn parse(c: &CadenceSpec) -> Result<Cadence, String> {
    let mut days = Vec::new();
    for d in &c.days {
        days.push(
            weekday(d)
                .ok_or_else(|| format!("`{d}` is not a day of the week (mon, tue, … sun)"))?,
        );
    }
    if days.is_empty() {
        return Err("`social.cadence.days` is empty".into());
    }
    let (hour, minute) =
        hh_mm(&c.time).ok_or_else(|| format!("`{}` is not a time of day (HH:MM)", c.time))?;
    let tz = TimeZone::get(&c.timezone).map_err(|_| {
        format!(
            "`{}` is not an IANA time zone (e.g. America/Chicago)",
            c.timezone
        )
    })?;
    Ok(Cadence {
        days,
        hour,
        minute,
        tz,
        tz_name: c.timezone.clone(),
    })
}
