//! A live session's countdown series: which posts go out around it, and when.
//!
//! The rule (what a coordinator schedules by hand for a live Q&A, as Meta's and
//! YouTube's own advice for live broadcasts describes it: announce ahead, collect
//! questions, remind, go live, share the replay):
//!
//! - **announcement** one week before, at the same wall-clock time in the event's zone
//!   (a week across a daylight saving change is still 6 PM, not 5 PM);
//! - **questions** ("send us your questions") three days before, same wall-clock time;
//! - **reminder** one hour before (an elapsed hour, so it stays an hour across a change);
//! - **live** at the start;
//! - **recap** with the recording, once `recording` is set: the day after the session
//!   ends at the cadence's posting time, or the next such time if that has passed.
//!
//! A postponed or cancelled session has no series, and posts whose time has passed when
//! the build runs are left out (a scheduler refuses them).

use crate::config::Cadence;
use jiff::{SignedDuration, Timestamp, ToSpan, ZonedDateTime};
use serde::Serialize;

/// One post of the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Announcement,
    Questions,
    Reminder,
    Live,
    Recap,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Announcement => "announcement",
            Stage::Questions => "questions",
            Stage::Reminder => "reminder",
            Stage::Live => "live",
            Stage::Recap => "recap",
        }
    }

    /// How the kit's preview labels it.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Announcement => "Announcement (a week before)",
            Stage::Questions => "Send us your questions (3 days before)",
            Stage::Reminder => "Reminder (an hour before)",
            Stage::Live => "We're live (at the start)",
            Stage::Recap => "Recap with the recording",
        }
    }
}

/// What the series needs to know of a session.
pub struct Session<'a> {
    pub start: &'a ZonedDateTime,
    pub end: &'a ZonedDateTime,
    pub goes_ahead: bool,
    pub has_recording: bool,
}

/// The posts of `session`'s series and their times, earliest first, leaving out any
/// before `now`.
pub fn series(
    session: &Session<'_>,
    cadence: &Cadence,
    now: Timestamp,
) -> Vec<(Stage, ZonedDateTime)> {
    let mut out = Vec::new();
    if !session.goes_ahead {
        return out;
    }
    let start = session.start;
    let before = |days: i64| start.checked_sub(days.days()).ok();
    let planned = [
        (Stage::Announcement, before(7)),
        (Stage::Questions, before(3)),
        (
            Stage::Reminder,
            start.checked_sub(SignedDuration::from_hours(1)).ok(),
        ),
        (Stage::Live, Some(start.clone())),
    ];
    out.extend(
        planned
            .into_iter()
            .filter_map(|(stage, at)| Some((stage, at?)))
            .filter(|(_, at)| at.timestamp() >= now),
    );
    if session.has_recording {
        if let Some(at) = recap_time(session.end, cadence, now) {
            out.push((Stage::Recap, at));
        }
    }
    out
}

/// The cadence's posting time on the day after `end` (in the cadence's zone), or on the
/// first day after that whose posting time is not before `now`.
fn recap_time(end: &ZonedDateTime, cadence: &Cadence, now: Timestamp) -> Option<ZonedDateTime> {
    let mut day = end
        .with_time_zone(cadence.tz.clone())
        .date()
        .tomorrow()
        .ok()?;
    let today = now.to_zoned_datetime(cadence.tz.clone()).date();
    if day < today {
        day = today;
    }
    for _ in 0..3 {
        let at = day
            .at(cadence.hour, cadence.minute, 0, 0)
            .to_zoned_datetime(cadence.tz.clone())
            .ok()?;
        if at.timestamp() >= now {
            return Some(at);
        }
        day = day.tomorrow().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use jiff::tz::TimeZone;

    fn chicago(y: i16, m: i8, d: i8, h: i8) -> ZonedDateTime {
        date(y, m, d)
            .at(h, 0, 0, 0)
            .to_zoned_datetime(TimeZone::get("America/Chicago").unwrap())
            .unwrap()
    }

    /// Posting at 09:00 in Chicago.
    fn cadence() -> Cadence {
        Cadence {
            tz: TimeZone::get("America/Chicago").unwrap(),
            tz_name: "America/Chicago".into(),
            ..Cadence::default()
        }
    }

    #[test]
    fn the_series_keeps_wall_clock_days_and_elapsed_hours_across_a_clock_change() {
        // US clocks go forward on 2027-03-14: the session on the 16th is in CDT,
        // a week earlier was CST.
        let start = chicago(2027, 3, 16, 18);
        let end = chicago(2027, 3, 16, 19);
        let session = Session {
            start: &start,
            end: &end,
            goes_ahead: true,
            has_recording: false,
        };
        let got = series(&session, &cadence(), Timestamp::UNIX_EPOCH);
        let stages: Vec<Stage> = got.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            stages,
            [
                Stage::Announcement,
                Stage::Questions,
                Stage::Reminder,
                Stage::Live
            ]
        );
        // A week before is 6 PM CST (UTC-6), i.e. 167 elapsed hours before 6 PM CDT.
        assert_eq!(got[0].1, chicago(2027, 3, 9, 18));
        assert_eq!(got[0].1.offset().seconds(), -6 * 3600);
        assert_eq!(
            start
                .timestamp()
                .duration_since(got[0].1.timestamp())
                .as_hours(),
            167
        );
        assert_eq!(got[1].1, chicago(2027, 3, 13, 18));
        assert_eq!(got[2].1, chicago(2027, 3, 16, 17));
        assert_eq!(got[3].1, start);
    }

    #[test]
    fn an_hour_before_a_session_just_after_the_change_is_an_elapsed_hour() {
        // 2027-03-14 03:30 CDT; an hour earlier the clocks read 01:30 CST.
        let tz = TimeZone::get("America/Chicago").unwrap();
        let start = date(2027, 3, 14)
            .at(3, 30, 0, 0)
            .to_zoned_datetime(tz.clone())
            .unwrap();
        let end = start.checked_add(1.hour()).unwrap();
        let session = Session {
            start: &start,
            end: &end,
            goes_ahead: true,
            has_recording: false,
        };
        let got = series(&session, &cadence(), Timestamp::UNIX_EPOCH);
        let reminder = &got.iter().find(|(s, _)| *s == Stage::Reminder).unwrap().1;
        assert_eq!(reminder.strftime("%H:%M %Z").to_string(), "01:30 CST");
    }

    #[test]
    fn passed_posts_are_left_out_and_a_called_off_session_has_none() {
        let start = chicago(2027, 1, 14, 18);
        let end = chicago(2027, 1, 14, 19);
        let mut session = Session {
            start: &start,
            end: &end,
            goes_ahead: true,
            has_recording: false,
        };
        let now = chicago(2027, 1, 12, 0).timestamp();
        let stages: Vec<Stage> = series(&session, &cadence(), now)
            .iter()
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(stages, [Stage::Reminder, Stage::Live]);
        session.goes_ahead = false;
        assert!(series(&session, &cadence(), now).is_empty());
    }

    #[test]
    fn the_recap_goes_out_at_the_posting_time_after_the_session_or_the_next_one_to_come() {
        let start = chicago(2027, 1, 14, 18);
        let end = chicago(2027, 1, 14, 19);
        let session = Session {
            start: &start,
            end: &end,
            goes_ahead: true,
            has_recording: true,
        };
        let c = cadence();
        let got = series(&session, &c, Timestamp::UNIX_EPOCH);
        let recap = &got.last().unwrap();
        assert_eq!(recap.0, Stage::Recap);
        assert_eq!(recap.1.date(), date(2027, 1, 15));
        assert_eq!((recap.1.hour(), recap.1.minute()), (c.hour, c.minute));
        // The recording went up weeks later: the recap goes out at the next posting time.
        let now = chicago(2027, 2, 3, 23).timestamp();
        let got = series(&session, &c, now);
        assert_eq!(got.len(), 1);
        assert!(got[0].1.timestamp() >= now && got[0].1.date() <= date(2027, 2, 5));
    }
}
