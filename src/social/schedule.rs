//! The posting calendar: explicit `social.schedule` times first, then the next free
//! slot of the site's cadence (days, time, IANA time zone), never before the item's
//! date and never two posts on one platform in the same slot. Deterministic for a `--today`.

use crate::config::{Cadence, hh_mm};
use crate::dates::Day;
use jiff::ZonedDateTime;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::collections::{BTreeMap, HashSet};

/// A slot on the calendar: the instant (what slots are compared by) and the same
/// instant in the cadence's time zone, which the exporters format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub unix: i64,
    pub at: ZonedDateTime,
}

impl When {
    pub fn of(at: ZonedDateTime) -> When {
        When {
            unix: at.timestamp().as_second(),
            at,
        }
    }
}

pub use crate::dates::rfc3339;

fn when(date: Date, hour: i8, minute: i8, tz: &TimeZone) -> Option<When> {
    let at = date
        .at(hour, minute, 0, 0)
        .to_zoned_datetime(tz.clone())
        .ok()?;
    Some(When::of(at))
}

/// An explicit `social.schedule` value: RFC 3339 with an offset, or a local
/// `YYYY-MM-DD HH:MM` / `YYYY-MM-DDTHH:MM` in the cadence's time zone.
pub fn parse_explicit(s: &str, cadence: &Cadence) -> Result<When, String> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Ok(When::of(ts.to_zoned_datetime(cadence.tz.clone())));
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

/// Each request's posts with their times, as (platform, time), in the request's
/// platform order; a platform left without a slot (beyond the cadence's reach) is missing.
pub type Times<'r> = Vec<Vec<(&'r str, When)>>;

/// Assigns every (item, account) a time on its account's own cadence: `assign` once per
/// distinct cadence among `accounts`, each with the accounts that keep it. With one
/// cadence for all (the usual case) that is a single `assign`.
pub fn assign_per_account<'r>(
    requests: &'r [Request],
    accounts: &[crate::config::Account],
    default: &Cadence,
    today: Day,
) -> Times<'r> {
    let same = |a: &Cadence, b: &Cadence| {
        (a.days.as_slice(), a.hour, a.minute, a.tz_name.as_str())
            == (b.days.as_slice(), b.hour, b.minute, b.tz_name.as_str())
    };
    let mut cadences: Vec<&Cadence> = Vec::new();
    for a in accounts {
        if !cadences.iter().any(|c| same(c, &a.cadence)) {
            cadences.push(&a.cadence);
        }
    }
    if cadences.len() <= 1 {
        return assign(
            requests,
            cadences.first().copied().unwrap_or(default),
            today,
        );
    }
    let mut merged: Times<'r> = vec![Vec::new(); requests.len()];
    for cadence in cadences {
        let keys: HashSet<&str> = accounts
            .iter()
            .filter(|a| same(&a.cadence, cadence))
            .map(|a| a.key())
            .collect();
        let subset: Vec<Request> = requests
            .iter()
            .map(|r| Request {
                id: r.id,
                not_before: r.not_before,
                platforms: r
                    .platforms
                    .iter()
                    .filter(|p| keys.contains(p.as_str()))
                    .cloned()
                    .collect(),
                explicit: r
                    .explicit
                    .iter()
                    .filter(|(p, _)| keys.contains(p.as_str()))
                    .map(|(p, w)| (p.clone(), w.clone()))
                    .collect(),
            })
            .collect();
        for (i, list) in assign(&subset, cadence, today).into_iter().enumerate() {
            for (key, when) in list {
                // The same name, borrowed from the caller's request.
                if let Some(original) = requests[i].platforms.iter().find(|p| *p == key) {
                    merged[i].push((original.as_str(), when));
                }
            }
        }
    }
    merged
}

/// Assigns every (item, platform) a time: its explicit time, else the first cadence
/// slot on or after the item's date that the platform has free. Items are taken in
/// the given order (the caller puts the newest first, so the freshest content goes
/// out first); the result is in the same order.
pub fn assign<'r>(requests: &'r [Request], cadence: &Cadence, today: Day) -> Times<'r> {
    // Platforms are few: a list searched in order beats hashing 70,000 times.
    let mut calendars: Vec<(&str, PlatformCalendar)> = Vec::new();
    for r in requests {
        for (platform, w) in &r.explicit {
            calendar_of(&mut calendars, platform)
                .explicit
                .insert(w.unix);
        }
    }
    let mut slots = Slots {
        cadence,
        next_day: today.0,
        list: Vec::new(),
    };
    let mut times = Vec::with_capacity(requests.len());
    for r in requests {
        let start_date = if r.not_before > today {
            r.not_before.0
        } else {
            today.0
        };
        let start = slots.first_on_or_after(start_date);
        let mut mine = Vec::with_capacity(r.platforms.len());
        for platform in &r.platforms {
            if let Some(w) = r.explicit.get(platform) {
                mine.push((platform.as_str(), w.clone()));
                continue;
            }
            let calendar = calendar_of(&mut calendars, platform);
            let mut i = start.max(calendar.first_free);
            while let Some((_, w)) = slots.get(i) {
                if !calendar.is_taken(i, w.unix) {
                    break;
                }
                i += 1;
            }
            let Some((_, w)) = slots.get(i) else {
                continue;
            };
            mine.push((platform.as_str(), w.clone()));
            calendar.give(i);
        }
        times.push(mine);
    }
    times
}

/// One item as the content mix sees it: its place in `requests`, the share of the mix
/// it counts under (`None`: a kind the mix does not name) and its first day.
#[derive(Debug, Clone)]
pub struct MixItem {
    pub id: usize,
    pub share: Option<usize>,
    pub not_before: Day,
}

/// The order in which items claim cadence slots so the calendar keeps the content mix.
/// Slot by slot, the slot goes to the share furthest below its target over the last
/// four weeks of slots (`window` slots), among the shares with an item free to post by
/// that slot's day; within a share, items keep their given order (newest first). Kinds
/// outside the mix take slots no share can use. `targets` are per cent per share.
///
/// The rule is the rolling-window quota of the content plans practices are told to keep
/// (e.g. 40 % educational, 20 % tips, …): it never posts an item before its date, and
/// when a share runs dry the others fill its slots.
pub fn mix_order(
    items: &[MixItem],
    slot_days: &[Day],
    targets: &[u32],
    window: usize,
) -> Vec<usize> {
    let mut queues: Vec<std::collections::VecDeque<&MixItem>> =
        vec![std::collections::VecDeque::new(); targets.len() + 1];
    for item in items {
        queues[item.share.unwrap_or(targets.len())].push_back(item);
    }
    let mut order = Vec::with_capacity(items.len());
    // The share each given slot went to, most recent last.
    let mut recent: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut counts = vec![0usize; targets.len() + 1];
    let mut days = slot_days.iter().copied();
    while order.len() < items.len() {
        // Past the planned slots, every remaining item is free to go.
        let day = days.next();
        let free = |q: &std::collections::VecDeque<&MixItem>| {
            q.iter().position(|m| day.is_none_or(|d| m.not_before <= d))
        };
        // Deficit = target share of the window (including this slot) - slots it had.
        let filled = recent.len() + 1;
        let mut best: Option<(usize, i64, usize)> = None;
        for (share, q) in queues.iter().enumerate().take(targets.len()) {
            let Some(at) = free(q) else { continue };
            let target = targets.get(share).copied().unwrap_or(0);
            let deficit = i64::from(target) * filled as i64 - 100 * counts[share] as i64;
            if best.is_none_or(|(_, d, _)| deficit > d) {
                best = Some((share, deficit, at));
            }
        }
        // Kinds outside the mix take what no share can use.
        let other = targets.len();
        let best = best.or_else(|| free(&queues[other]).map(|at| (other, 0, at)));
        let Some((share, _, at)) = best else {
            // Nothing may post by this slot's day: the slot stays empty.
            if day.is_none() {
                break;
            }
            continue;
        };
        if let Some(item) = queues[share].remove(at) {
            order.push(item.id);
        }
        recent.push_back(share);
        counts[share] += 1;
        if recent.len() > window {
            if let Some(old) = recent.pop_front() {
                counts[old] -= 1;
            }
        }
    }
    order
}

/// The days of the next `count` slots of `cadence` from `today`.
pub fn slot_days(cadence: &Cadence, today: Day, count: usize) -> Vec<Day> {
    let mut slots = Slots {
        cadence,
        next_day: today.0,
        list: Vec::new(),
    };
    (0..count)
        .map_while(|i| slots.get(i).map(|(d, _)| Day(*d)))
        .collect()
}

/// `assign_per_account` with the requests taken in `order` (their ids, which are their
/// indices), the result in id order.
pub fn assign_in_order<'r>(
    requests: &'r [Request],
    order: &[usize],
    accounts: &[crate::config::Account],
    default: &Cadence,
    today: Day,
) -> Times<'r> {
    let ordered: Vec<Request> = order
        .iter()
        .filter_map(|&i| requests.get(i).cloned())
        .collect();
    let got = assign_per_account(&ordered, accounts, default, today);
    let mut out: Times<'r> = vec![Vec::new(); requests.len()];
    for (r, list) in ordered.iter().zip(got) {
        let (Some(original), Some(mine)) = (requests.get(r.id), out.get_mut(r.id)) else {
            continue;
        };
        for (key, when) in list {
            if let Some(name) = original.platforms.iter().find(|p| *p == key) {
                mine.push((name.as_str(), when));
            }
        }
    }
    out
}

/// The order `mix_order` gives the requests of `kinds` (by request id) under `mix`;
/// requests that take no cadence slot (a session's or challenge's series) go last.
pub fn mix_requests(
    requests: &[Request],
    kinds: &[crate::routes::Kind],
    mix: &BTreeMap<String, u32>,
    cadence: &Cadence,
    today: Day,
) -> Vec<usize> {
    let shares: Vec<&String> = mix.keys().collect();
    let targets: Vec<u32> = mix.values().copied().collect();
    let (slotted, series): (Vec<&Request>, Vec<&Request>) =
        requests.iter().partition(|r| !r.platforms.is_empty());
    let items: Vec<MixItem> = slotted
        .iter()
        .map(|r| MixItem {
            id: r.id,
            share: kinds
                .get(r.id)
                .and_then(|k| crate::routes::mix_key(*k, mix))
                .and_then(|key| shares.iter().position(|s| s.as_str() == key)),
            not_before: r.not_before,
        })
        .collect();
    let window = cadence.days.len().max(1) * 4;
    let days = slot_days(cadence, today, items.len() + window);
    let mut order = mix_order(&items, &days, &targets, window);
    order.extend(series.iter().map(|r| r.id));
    order
}

/// One platform's calendar while slots are given out.
#[derive(Default)]
struct PlatformCalendar {
    /// Times written in `social.schedule`.
    explicit: HashSet<i64>,
    /// Cadence slots given out, by slot index.
    given: Vec<bool>,
    /// No slot before this one is free.
    first_free: usize,
}

impl PlatformCalendar {
    fn is_taken(&self, slot: usize, unix: i64) -> bool {
        self.given.get(slot).copied().unwrap_or(false)
            || (!self.explicit.is_empty() && self.explicit.contains(&unix))
    }

    fn give(&mut self, slot: usize) {
        if self.given.len() <= slot {
            self.given.resize(slot + 1, false);
        }
        self.given[slot] = true;
        if slot == self.first_free {
            self.first_free = slot + 1;
        }
    }
}

fn calendar_of<'c, 'r>(
    calendars: &'c mut Vec<(&'r str, PlatformCalendar)>,
    platform: &'r str,
) -> &'c mut PlatformCalendar {
    let k = match calendars.iter().position(|(p, _)| *p == platform) {
        Some(k) => k,
        None => {
            calendars.push((platform, PlatformCalendar::default()));
            calendars.len() - 1
        }
    };
    &mut calendars[k].1
}

/// Sprout Social refuses a bulk upload whose posts to one network are less than
/// 10 minutes apart; other schedulers space posts too.
pub const MIN_GAP_SECONDS: i64 = 600;

/// Posts to the same platform less than [`MIN_GAP_SECONDS`] apart, as (platform,
/// earlier request id, later request id, seconds apart), by platform then time.
pub fn too_close<'r>(requests: &[Request], times: &Times<'r>) -> Vec<(&'r str, usize, usize, i64)> {
    // Cadence slots are a day or more apart: only explicit times can be too close.
    if requests.iter().all(|r| r.explicit.is_empty()) {
        return Vec::new();
    }
    let mut by_platform: Vec<(&str, i64, usize)> = requests
        .iter()
        .zip(times)
        .flat_map(|(r, mine)| {
            mine.iter()
                .map(move |(platform, w)| (*platform, w.unix, r.id))
        })
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
            out.push(rfc3339(&w.at));
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
        let at = |unix: i64| {
            When::of(
                jiff::Timestamp::from_second(unix)
                    .unwrap()
                    .to_zoned_datetime(TimeZone::UTC),
            )
        };
        let written = [
            ("x", 32_400),
            ("x", 32_700), // 5 minutes after 0
            ("x", 33_300), // 10 minutes after 1: allowed
            ("facebook", 32_400),
            ("facebook", 32_400), // the same minute
            ("bluesky", 32_500),
        ];
        let requests: Vec<Request> = written
            .iter()
            .enumerate()
            .map(|(id, (platform, unix))| Request {
                id,
                not_before: parse_day("2026-01-01").unwrap(),
                platforms: vec![platform.to_string()],
                explicit: [(platform.to_string(), at(*unix))].into_iter().collect(),
            })
            .collect();
        let times: Times = written
            .iter()
            .map(|(platform, unix)| vec![(*platform, at(*unix))])
            .collect();
        assert_eq!(
            too_close(&requests, &times),
            [("facebook", 3, 4, 0), ("x", 0, 1, 300)]
        );
        // Without explicit times there are only cadence slots, a day or more apart.
        let cadence_only: Vec<Request> = requests
            .into_iter()
            .map(|r| Request {
                explicit: BTreeMap::new(),
                ..r
            })
            .collect();
        assert_eq!(too_close(&cadence_only, &times), []);
    }

    fn chicago() -> Cadence {
        crate::config::cadence_parse(&crate::config::CadenceSpec {
            days: vec!["mon".into(), "wed".into(), "fri".into()],
            time: "09:00".into(),
            timezone: "America/Chicago".into(),
        })
        .unwrap()
    }

    /// A cadence time from its RFC 3339 form.
    fn when_at(rfc3339: &str) -> When {
        let at: jiff::Timestamp = rfc3339.parse().unwrap();
        When::of(at.to_zoned_datetime(chicago().tz))
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
        assert_eq!(a[0][0], ("x", when_at("2026-11-30T09:00:00-06:00")));
        assert_eq!(a[0][1], ("facebook", when_at("2026-11-30T09:00:00-06:00")));
        assert_eq!(a[1][0], ("x", when_at("2026-12-02T09:00:00-06:00")));
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
        assert_eq!(a[0], [("x", when_at("2026-11-30T09:00:00-06:00"))]);
        assert_eq!(a[1], [("x", when_at("2026-12-04T09:00:00-06:00"))]);
        assert_eq!(a[2], [("x", when_at("2026-12-02T09:00:00-06:00"))]);
    }

    #[test]
    fn daylight_saving_changes_the_offset_not_the_local_time() {
        let c = chicago();
        assert_eq!(
            rfc3339(&parse_explicit("2026-07-01 09:00", &c).unwrap().at),
            "2026-07-01T09:00:00-05:00"
        );
        assert!(
            crate::config::cadence_parse(&crate::config::CadenceSpec {
                days: vec!["funday".into()],
                time: "09:00".into(),
                timezone: "UTC".into()
            })
            .is_err()
        );
    }

    #[test]
    fn reports_empty_slots_in_the_window() {
        let today = parse_day("2026-11-28").unwrap();
        let c = chicago();
        let requests = [req(0, "2026-01-01", &["x"])];
        let a = assign(&requests, &c, today);
        let used: HashSet<i64> = a.iter().flatten().map(|(_, w)| w.unix).collect();
        let gaps = empty_slots(&c, today, 28, &used);
        assert_eq!(gaps.len(), 11); // 12 Mon/Wed/Fri slots in 4 weeks, one used
    }
}

#[cfg(test)]
mod mix_tests {
    use super::*;

    fn day(s: &str) -> Day {
        crate::dates::parse_day(s).expect("a date")
    }

    #[test]
    fn slots_go_to_the_share_furthest_below_its_target() {
        // 60 % share 0, 40 % share 1, plenty of both: the order alternates toward 3:2.
        let items: Vec<MixItem> = (0..10)
            .map(|id| MixItem {
                id,
                share: Some(if id < 5 { 0 } else { 1 }),
                not_before: day("2026-01-01"),
            })
            .collect();
        let days: Vec<Day> = (0..10).map(|_| day("2026-01-05")).collect();
        let order = mix_order(&items, &days, &[60, 40], 10);
        let shares: Vec<usize> = order.iter().map(|&i| if i < 5 { 0 } else { 1 }).collect();
        assert_eq!(&shares[..5], &[0, 1, 0, 1, 0]);
        assert_eq!(order.len(), 10);
    }

    #[test]
    fn an_item_never_takes_a_slot_before_its_date_and_a_dry_share_yields() {
        let items = vec![
            MixItem {
                id: 0,
                share: Some(0),
                not_before: day("2026-01-20"),
            },
            MixItem {
                id: 1,
                share: Some(1),
                not_before: day("2026-01-01"),
            },
            MixItem {
                id: 2,
                share: Some(1),
                not_before: day("2026-01-01"),
            },
            MixItem {
                id: 3,
                share: None,
                not_before: day("2026-01-01"),
            },
        ];
        let days = vec![
            day("2026-01-05"),
            day("2026-01-12"),
            day("2026-01-19"),
            day("2026-01-26"),
        ];
        // Share 0 (90 %) has nothing until the 20th: share 1 and the unmixed item fill in.
        let order = mix_order(&items, &days, &[90, 10], 8);
        assert_eq!(order, vec![1, 2, 3, 0]);
    }
}
