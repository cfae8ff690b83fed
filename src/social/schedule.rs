//! The posting calendar: explicit `social.schedule` times first, then the next free
//! slot of the site's cadence (days, time, IANA time zone), never before the item's
//! date and never two posts on one platform in the same slot. Deterministic for a `--today`.

use crate::dates::Day;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct Cadence {
    pub days: Vec<Weekday>,
    pub hour: i8,
    pub minute: i8,
    pub tz: TimeZone,
    pub tz_name: String,
}

/// A point in time as written in exports: RFC 3339 with the zone's offset.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub unix: i64,
    pub rfc3339: String,
}

fn weekday(name: &str) -> Option<Weekday> {
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

fn hh_mm(s: &str) -> Option<(i8, i8)> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some((h, m))
}

/// Reads `social.cadence`; without one, posts go out Monday, Wednesday and Friday at 09:00 UTC.
pub fn cadence(config: Option<&crate::config::Cadence>) -> Result<Cadence, String> {
    let Some(c) = config else {
        return Ok(Cadence {
            days: vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
            hour: 9,
            minute: 0,
            tz: TimeZone::UTC,
            tz_name: "UTC".into(),
        });
    };
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

fn when(date: Date, hour: i8, minute: i8, tz: &TimeZone) -> Option<When> {
    let zdt = date
        .at(hour, minute, 0, 0)
        .to_zoned_datetime(tz.clone())
        .ok()?;
    let ts = zdt.timestamp();
    Some(When {
        unix: ts.as_second(),
        rfc3339: ts.display_with_offset(zdt.offset()).to_string(),
    })
}

/// An explicit `social.schedule` value: RFC 3339 with an offset, or a local
/// `YYYY-MM-DD HH:MM` / `YYYY-MM-DDTHH:MM` in the cadence's time zone.
pub fn parse_explicit(s: &str, cadence: &Cadence) -> Result<When, String> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        let offset = cadence.tz.to_offset(ts);
        return Ok(When {
            unix: ts.as_second(),
            rfc3339: ts.display_with_offset(offset).to_string(),
        });
    }
    let (d, t) = s
        .split_once(['T', ' '])
        .ok_or_else(|| format!("`{s}` is not a date and time (YYYY-MM-DD HH:MM)"))?;
    let date = d
        .parse::<Date>()
        .map_err(|_| format!("`{d}` is not a date"))?;
    let (h, m) =
        hh_mm(t.get(..5).unwrap_or(t)).ok_or_else(|| format!("`{t}` is not a time (HH:MM)"))?;
    when(date, h, m, &cadence.tz)
        .ok_or_else(|| format!("`{s}` does not exist in {}", cadence.tz_name))
}

/// One item to place on the calendar.
#[derive(Debug, Clone)]
pub struct Request {
    pub id: usize,
    pub not_before: Day,
    pub platforms: Vec<String>,
    /// Platform → explicit time (already parsed).
    pub explicit: BTreeMap<String, When>,
}

/// The cadence's slots from `from` on, generated as far as needed.
struct Slots<'a> {
    cadence: &'a Cadence,
    next_day: Date,
    list: Vec<(Date, When)>,
}

impl Slots<'_> {
    fn get(&mut self, i: usize) -> Option<&(Date, When)> {
        let mut guard = 0;
        while self.list.len() <= i {
            let day = self.next_day;
            self.next_day = day.tomorrow().ok()?;
            if self.cadence.days.contains(&day.weekday()) {
                if let Some(w) = when(
                    day,
                    self.cadence.hour,
                    self.cadence.minute,
                    &self.cadence.tz,
                ) {
                    self.list.push((day, w));
                }
            }
            guard += 1;
            if guard > 100_000 {
                return None;
            }
        }
        self.list.get(i)
    }

    /// Index of the first slot on or after `date`.
    fn first_on_or_after(&mut self, date: Date) -> usize {
        let mut i = self.list.partition_point(|(d, _)| *d < date);
        while let Some((d, _)) = self.get(i) {
            if *d >= date {
                break;
            }
            i += 1;
        }
        i
    }
}

/// Assigns every (item, platform) a time. Items are taken in the given order
/// (the caller puts the newest first, so the freshest content goes out first).
pub fn assign<'r>(
    requests: &'r [Request],
    cadence: &Cadence,
    today: Day,
) -> HashMap<(usize, &'r str), When> {
    let mut out = HashMap::with_capacity(requests.iter().map(|r| r.platforms.len()).sum());
    let mut taken: HashMap<&str, HashSet<i64>> = HashMap::new();
    for r in requests {
        for (platform, w) in &r.explicit {
            taken.entry(platform).or_default().insert(w.unix);
            out.insert((r.id, platform.as_str()), w.clone());
        }
    }
    let mut slots = Slots {
        cadence,
        next_day: today.0,
        list: Vec::new(),
    };
    // Per platform, the first slot that may still be free.
    let mut first_free: HashMap<&str, usize> = HashMap::new();
    for r in requests {
        let start_date = if r.not_before > today {
            r.not_before.0
        } else {
            today.0
        };
        let start = slots.first_on_or_after(start_date);
        for platform in r.platforms.iter().filter(|p| !r.explicit.contains_key(*p)) {
            let platform = platform.as_str();
            let taken = taken.entry(platform).or_default();
            let first = first_free.entry(platform).or_insert(0);
            let mut i = start.max(*first);
            while let Some((_, w)) = slots.get(i) {
                if !taken.contains(&w.unix) {
                    break;
                }
                i += 1;
            }
            let Some((_, w)) = slots.get(i).cloned() else {
                continue;
            };
            taken.insert(w.unix);
            if i == *first {
                *first = i + 1;
            }
            out.insert((r.id, platform), w);
        }
    }
    out
}

/// Sprout Social refuses a bulk upload whose posts to one network are less than
/// 10 minutes apart; other schedulers space posts too.
pub const MIN_GAP_SECONDS: i64 = 600;

/// Posts to the same platform less than [`MIN_GAP_SECONDS`] apart, as (platform,
/// earlier request id, later request id, seconds apart), by platform then time.
/// Cadence slots are days apart, so only explicit `social.schedule` times get here.
pub fn too_close<'r>(slots: &HashMap<(usize, &'r str), When>) -> Vec<(&'r str, usize, usize, i64)> {
    let mut by_platform: Vec<(&str, i64, usize)> = slots
        .iter()
        .map(|(&(id, platform), w)| (platform, w.unix, id))
        .collect();
    by_platform.sort_unstable();
    by_platform
        .windows(2)
        .filter_map(|pair| {
            let ((platform, a_time, a), (b_platform, b_time, b)) = (pair[0], pair[1]);
            (platform == b_platform && b_time - a_time < MIN_GAP_SECONDS).then_some((
                platform,
                a,
                b,
                b_time - a_time,
            ))
        })
        .collect()
}

/// Cadence slots in the next `days` days with no post on any platform.
pub fn empty_slots(
    cadence: &Cadence,
    today: Day,
    days: i64,
    scheduled: &HashSet<i64>,
) -> Vec<String> {
    let mut slots = Slots {
        cadence,
        next_day: today.0,
        list: Vec::new(),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((d, w)) = slots.get(i).cloned() {
        if today.days_to(Day(d)) >= days {
            break;
        }
        if !scheduled.contains(&w.unix) {
            out.push(w.rfc3339);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_day;

    #[test]
    fn posts_to_one_platform_under_ten_minutes_apart_are_found() {
        let at = |unix: i64| When {
            unix,
            rfc3339: String::new(),
        };
        let slots: HashMap<(usize, &str), When> = [
            ((0, "x"), at(32_400)),
            ((1, "x"), at(32_700)), // 5 minutes after 0
            ((2, "x"), at(33_300)), // 10 minutes after 1: allowed
            ((3, "facebook"), at(32_400)),
            ((4, "facebook"), at(32_400)), // the same minute
            ((5, "bluesky"), at(32_500)),
        ]
        .into_iter()
        .collect();
        assert_eq!(too_close(&slots), [("facebook", 3, 4, 0), ("x", 0, 1, 300)]);
    }

    fn chicago() -> Cadence {
        cadence(Some(&crate::config::Cadence {
            days: vec!["mon".into(), "wed".into(), "fri".into()],
            time: "09:00".into(),
            timezone: "America/Chicago".into(),
        }))
        .unwrap()
    }

    fn req(id: usize, date: &str, platforms: &[&str]) -> Request {
        Request {
            id,
            not_before: parse_day(date).unwrap(),
            platforms: platforms.iter().map(|s| s.to_string()).collect(),
            explicit: BTreeMap::new(),
        }
    }

    #[test]
    fn fills_cadence_slots_in_order_with_offsets() {
        let today = parse_day("2026-11-28").unwrap(); // a Saturday
        let r = vec![
            req(0, "2026-01-01", &["x", "facebook"]),
            req(1, "2026-01-01", &["x"]),
        ];
        let a = assign(&r, &chicago(), today);
        assert_eq!(a[&(0, "x")].rfc3339, "2026-11-30T09:00:00-06:00");
        assert_eq!(a[&(0, "facebook")].rfc3339, "2026-11-30T09:00:00-06:00");
        assert_eq!(a[&(1, "x")].rfc3339, "2026-12-02T09:00:00-06:00");
    }

    #[test]
    fn never_before_the_item_date_and_explicit_times_win() {
        let today = parse_day("2026-11-28").unwrap();
        let c = chicago();
        let mut early = req(0, "2026-01-01", &["x"]);
        early
            .explicit
            .insert("x".into(), parse_explicit("2026-11-30 09:00", &c).unwrap());
        let r = vec![
            early,
            req(1, "2026-12-03", &["x"]),
            req(2, "2026-01-01", &["x"]),
        ];
        let a = assign(&r, &c, today);
        assert_eq!(a[&(0, "x")].rfc3339, "2026-11-30T09:00:00-06:00");
        assert_eq!(a[&(1, "x")].rfc3339, "2026-12-04T09:00:00-06:00");
        assert_eq!(a[&(2, "x")].rfc3339, "2026-12-02T09:00:00-06:00");
    }

    #[test]
    fn daylight_saving_changes_the_offset_not_the_local_time() {
        let c = chicago();
        assert_eq!(
            parse_explicit("2026-07-01 09:00", &c).unwrap().rfc3339,
            "2026-07-01T09:00:00-05:00"
        );
        assert!(
            cadence(Some(&crate::config::Cadence {
                days: vec!["funday".into()],
                time: "09:00".into(),
                timezone: "UTC".into()
            }))
            .is_err()
        );
    }

    #[test]
    fn reports_empty_slots_in_the_window() {
        let today = parse_day("2026-11-28").unwrap();
        let c = chicago();
        let requests = [req(0, "2026-01-01", &["x"])];
        let a = assign(&requests, &c, today);
        let used: HashSet<i64> = a.values().map(|w| w.unix).collect();
        let gaps = empty_slots(&c, today, 28, &used);
        assert_eq!(gaps.len(), 11); // 12 Mon/Wed/Fri slots in 4 weeks, one used
    }
}
