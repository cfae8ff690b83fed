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

/// One post of a series: a live session's countdown, a poll's results, or a
/// challenge's announcement, prompts and winners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Announcement,
    Questions,
    Reminder,
    Live,
    Recap,
    /// A poll's results, once entered.
    Results,
    /// A challenge's prompt, counted from 1.
    Prompt(u16),
    /// A contest's winners, once named.
    Winners,
}

impl Stage {
    /// The name in `posts.json`, the text files and `utm_content`: `reminder`, `prompt-3`.
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        match self {
            Stage::Announcement => "announcement".into(),
            Stage::Questions => "questions".into(),
            Stage::Reminder => "reminder".into(),
            Stage::Live => "live".into(),
            Stage::Recap => "recap".into(),
            Stage::Results => "results".into(),
            Stage::Prompt(n) => format!("prompt-{n}").into(),
            Stage::Winners => "winners".into(),
        }
    }

    /// How the kit's preview labels it.
    pub fn label(self) -> std::borrow::Cow<'static, str> {
        match self {
            Stage::Announcement => "Announcement (a week before)".into(),
            Stage::Questions => "Send us your questions (3 days before)".into(),
            Stage::Reminder => "Reminder (an hour before)".into(),
            Stage::Live => "We're live (at the start)".into(),
            Stage::Recap => "Recap with the recording".into(),
            Stage::Results => "Poll results".into(),
            Stage::Prompt(n) => format!("Challenge prompt {n}").into(),
            Stage::Winners => "Contest winners".into(),
        }
    }
}

impl Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
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
        if let Some(at) = posting_time_after(session.end, cadence, now) {
            out.push((Stage::Recap, at));
        }
    }
    out
}

/// The cadence's posting time on the day after `end` (in the cadence's zone), or on the
/// first day after that whose posting time is not before `now`: when a follow-up (a
/// recap, a poll's results, a contest's winners) goes out.
pub fn posting_time_after(
    end: &ZonedDateTime,
    cadence: &Cadence,
    now: Timestamp,
) -> Option<ZonedDateTime> {
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

/// What a challenge's series needs to know of it.
pub struct Challenge {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    /// Days between prompts (1 or 7).
    pub every_days: i64,
    pub prompts: usize,
    pub has_winners: bool,
}

/// A challenge's posts: an announcement a week before it starts, a prompt on its first
/// day and every day or week after (as many as the range holds, at the cadence's
/// posting time), and the winners once named (the posting time after it ends). Posts
/// before `now` are left out.
pub fn challenge_series(
    challenge: &Challenge,
    cadence: &Cadence,
    now: Timestamp,
) -> Vec<(Stage, ZonedDateTime)> {
    let at = |date: jiff::civil::Date| {
        date.at(cadence.hour, cadence.minute, 0, 0)
            .to_zoned_datetime(cadence.tz.clone())
            .ok()
    };
    let mut out: Vec<(Stage, ZonedDateTime)> = Vec::new();
    if let Some(a) = challenge.start.checked_sub(7.days()).ok().and_then(at) {
        out.push((Stage::Announcement, a));
    }
    for i in 0..challenge.prompts.min(usize::from(u16::MAX)) {
        let offset = challenge.every_days * i as i64;
        let Some(day) = challenge.start.checked_add(offset.days()).ok() else {
            break;
        };
        if day > challenge.end {
            break;
        }
        if let Some(when) = at(day) {
            out.push((Stage::Prompt(i as u16 + 1), when));
        }
    }
    out.retain(|(_, when)| when.timestamp() >= now);
    if challenge.has_winners {
        let last = challenge
            .end
            .at(23, 59, 0, 0)
            .to_zoned_datetime(cadence.tz.clone())
            .ok();
        if let Some(when) = last.and_then(|l| posting_time_after(&l, cadence, now)) {
            out.push((Stage::Winners, when));
        }
    }
    out
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
    fn a_challenge_posts_a_prompt_on_each_day_or_week_of_its_range() {
        let c = cadence();
        let weekly = Challenge {
            start: date(2027, 1, 4),
            end: date(2027, 1, 31),
            every_days: 7,
            prompts: 6,
            has_winners: true,
        };
        let got = challenge_series(&weekly, &c, Timestamp::UNIX_EPOCH);
        let names: Vec<String> = got.iter().map(|(s, _)| s.name().into_owned()).collect();
        // Four weeks hold four prompts; the two extra are not posted.
        assert_eq!(
            names,
            [
                "announcement",
                "prompt-1",
                "prompt-2",
                "prompt-3",
                "prompt-4",
                "winners"
            ]
        );
        assert_eq!(got[0].1.date(), date(2026, 12, 28));
        assert_eq!(got[4].1.date(), date(2027, 1, 25));
        assert_eq!((got[4].1.hour(), got[4].1.minute()), (9, 0));
        assert_eq!(got[5].1.date(), date(2027, 2, 1));
        // Halfway through, only what is still ahead.
        let now = chicago(2027, 1, 20, 12).timestamp();
        let later: Vec<String> = challenge_series(&weekly, &c, now)
            .iter()
            .map(|(s, _)| s.name().into_owned())
            .collect();
        assert_eq!(later, ["prompt-4", "winners"]);
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
