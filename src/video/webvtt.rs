//! WebVTT subtitle parser and validator.
//!
//! Rules come from the W3C "WebVTT: The Web Video Text Tracks Format"
//! (<https://www.w3.org/TR/webvtt1/>). What we *reject* follows the file
//! syntax (section 4.1 and its subsections); how lines are *grouped* into
//! blocks follows the parser (section 6.1), so a file we accept is read the
//! same way by browsers. Every problem is collected instead of stopping at
//! the first, so an author can fix a file in one pass.

/// One subtitle cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub id: Option<String>,
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    /// 1-based file line of the timing line
    pub line: usize,
}

/// What kind of rule a [`Problem`] breaks, so callers can filter or count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    Header,
    Timing,
    EndNotAfterStart,
    OutOfOrder,
    PastDuration,
    NoCues,
}

/// A rule violation with a plain-English `message` and a `help` saying how
/// to fix it; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub line: usize,
    pub message: String,
    pub help: String,
}

/// A cue may end this much after the video without being reported, because
/// container durations are often rounded down by a few frames.
const DURATION_TOLERANCE_MS: u64 = 500;

/// How many characters of an offending line to quote in a message, so one
/// enormous line cannot produce an enormous report.
const QUOTE_CHARS: usize = 40;

const TIMING_HELP: &str = "write each cue as `00:00:01.000 --> 00:00:04.000` \
     (hours optional, two-digit minutes and seconds, three-digit milliseconds, \
     spaces around `-->`)";

/// Every cue, or every problem found (all of them, not just the first).
pub fn parse(text: &str, duration_ms: Option<u64>) -> Result<Vec<Cue>, Vec<Problem>> {
    // W3C WebVTT, 4.1: an optional U+FEFF BYTE ORDER MARK may start the file.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = split_lines(text);
    let mut checker = Checker::new(duration_ms);
    let first = lines.first().copied().unwrap_or("");
    if !header_ok(first) {
        checker.problems.push(header_problem(first));
    }
    for block in collect_blocks(&lines, header_end(&lines)) {
        checker.block(&block);
    }
    checker.finish()
}

/// "00:01:02.500" style (hours always shown, two digits minimum).
pub fn timestamp(ms: u64) -> String {
    let hours = ms / 3_600_000;
    let minutes = ms / 60_000 % 60;
    let seconds = ms / 1000 % 60;
    let millis = ms % 1000;
    format!("{hours:02}:{minutes:02}:{seconds:02}.{millis:03}")
}

/// Splits on LF, CRLF and CR, the three line terminators WebVTT allows
/// (W3C WebVTT, 4.1 "line terminator"; 6.1 "collect a sequence of code
/// points that are not U+000A LF or U+000D CR").
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        // `find` returns a char boundary and the terminators are ASCII, so
        // these splits cannot land inside a character.
        let (line, tail) = rest.split_at(i);
        lines.push(line);
        rest = tail
            .strip_prefix("\r\n")
            .or_else(|| tail.get(1..))
            .unwrap_or("");
    }
    lines.push(rest);
    lines
}

/// The first line must be `WEBVTT`, optionally followed by a space or tab
/// and free text (W3C WebVTT, 4.1 file body, items 2-3).
fn header_ok(line: &str) -> bool {
    match line.strip_prefix("WEBVTT") {
        Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t']),
        None => false,
    }
}

fn header_problem(first: &str) -> Problem {
    let message = if first.is_empty() {
        "the first line must be `WEBVTT`, but it is empty".to_string()
    } else {
        format!("the first line must be `WEBVTT`, found `{}`", quote(first))
    };
    Problem {
        kind: ProblemKind::Header,
        line: 1,
        message,
        help: "start the file with a line reading exactly `WEBVTT` \
               (optionally followed by a space and a title)"
            .to_string(),
    }
}

/// Index of the first line after the header block. The header runs until a
/// blank line; a line containing `-->` also ends it, because the parser
/// rewinds and reads such a line as the start of a cue (W3C WebVTT, 6.1,
/// "collect a WebVTT block" with *in header* set).
fn header_end(lines: &[&str]) -> usize {
    let mut i = 1;
    while let Some(line) = lines.get(i) {
        if line.is_empty() || line.contains("-->") {
            break;
        }
        i += 1;
    }
    i
}

/// A run of non-blank lines; `first_line` is the 1-based number of `lines[0]`.
struct Block<'a> {
    first_line: usize,
    lines: Vec<&'a str>,
}

/// Groups lines into blocks separated by blank lines. A line containing
/// `-->` is only accepted as line 1, or as line 2 when line 1 had none;
/// anywhere else it starts a new block (W3C WebVTT, 6.1 "collect a WebVTT
/// block", step "if line contains -->").
fn collect_blocks<'a>(lines: &[&'a str], start: usize) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    let mut i = start;
    while let Some(line) = lines.get(i) {
        if line.is_empty() {
            i += 1;
            continue;
        }
        let mut block = Block {
            first_line: i + 1,
            lines: Vec::new(),
        };
        while let Some(&line) = lines.get(i) {
            if line.is_empty() || (line.contains("-->") && !arrow_allowed(&block.lines)) {
                break;
            }
            block.lines.push(line);
            i += 1;
        }
        blocks.push(block);
    }
    blocks
}

/// Whether a timing line may appear next, given the block's lines so far.
fn arrow_allowed(so_far: &[&str]) -> bool {
    match so_far {
        [] => true,
        [first] => !first.contains("-->"),
        _ => false,
    }
}

/// `NOTE` alone or followed by a space or tab starts a comment block
/// (W3C WebVTT, 4.1 "WebVTT comment block").
fn is_note(line: &str) -> bool {
    line == "NOTE" || line.starts_with("NOTE ") || line.starts_with("NOTE\t")
}

/// `STYLE` / `REGION` followed only by spaces or tabs starts a style or
/// region block (W3C WebVTT, 6.1 "collect a WebVTT block", line count 2).
fn is_keyword_block(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword)
        .is_some_and(|rest| rest.chars().all(|c| c == ' ' || c == '\t'))
}

/// Accumulates cues and problems while walking the blocks in file order.
struct Checker {
    duration_ms: Option<u64>,
    cues: Vec<Cue>,
    problems: Vec<Problem>,
    /// Cue blocks seen, valid or not: STYLE/REGION are only allowed before
    /// the first, and `NoCues` only applies when there were none at all.
    cue_blocks: usize,
    /// Start time and line of the last cue whose timing parsed.
    previous: Option<(u64, usize)>,
}

impl Checker {
    fn new(duration_ms: Option<u64>) -> Self {
        Checker {
            duration_ms,
            cues: Vec::new(),
            problems: Vec::new(),
            cue_blocks: 0,
            previous: None,
        }
    }

    /// Sorts a block into cue, comment, style/region or stray text.
    fn block(&mut self, block: &Block) {
        let first = block.lines.first().copied().unwrap_or("");
        if first.contains("-->") {
            self.cue(None, block, 0);
        } else if block.lines.get(1).is_some_and(|l| l.contains("-->")) {
            self.cue(Some(first), block, 1);
        } else if is_note(first) {
            // Comments may appear anywhere (W3C WebVTT, 4.1).
        } else if is_keyword_block(first, "STYLE") || is_keyword_block(first, "REGION") {
            if self.cue_blocks > 0 {
                self.misplaced_header_block(block, first);
            }
        } else {
            self.stray(block, first);
        }
    }

    /// W3C WebVTT, 4.1: style and region blocks must precede all cues;
    /// browsers ignore them afterwards (6.1 checks *seen cue*).
    fn misplaced_header_block(&mut self, block: &Block, first: &str) {
        self.problems.push(Problem {
            kind: ProblemKind::Timing,
            line: block.first_line,
            message: format!(
                "`{}` block after the first cue is ignored by browsers",
                first.trim()
            ),
            help: "move STYLE and REGION blocks above the first cue".to_string(),
        });
    }

    /// A block that is neither a cue nor a comment has no valid place in
    /// the file body (W3C WebVTT, 4.1 file body, item 6).
    fn stray(&mut self, block: &Block, first: &str) {
        let line = block.first_line + usize::from(block.lines.len() > 1);
        self.problems.push(Problem {
            kind: ProblemKind::Timing,
            line,
            message: format!("block starting `{}` has no cue timing line", quote(first)),
            help: format!(
                "{TIMING_HELP}, on the block's first line or right after the cue \
                 identifier; put comments in a `NOTE` block"
            ),
        });
    }

    /// Checks one cue block whose timing line is `block.lines[timing]`.
    fn cue(&mut self, id: Option<&str>, block: &Block, timing: usize) {
        self.cue_blocks += 1;
        let line = block.first_line + timing;
        let timing_text = block.lines.get(timing).copied().unwrap_or("");
        let (start_ms, end_ms) = match parse_timing(timing_text) {
            Ok(times) => times,
            Err(reason) => return self.bad_timing(line, timing_text, &reason),
        };
        self.check_order(start_ms, end_ms, line);
        self.check_duration(end_ms, line);
        self.previous = Some((start_ms, line));
        let payload = block.lines.get(timing + 1..).unwrap_or(&[]);
        self.cues.push(Cue {
            id: id.map(str::to_string),
            start_ms,
            end_ms,
            text: payload.join("\n"),
            line,
        });
    }

    fn bad_timing(&mut self, line: usize, text: &str, reason: &str) {
        let help = if text.contains(',') {
            "use a dot before the milliseconds, not a comma (`00:00:01.000`, \
             not the SRT-style `00:00:01,000`)"
                .to_string()
        } else if is_note(text) {
            "a NOTE comment must not contain `-->`".to_string()
        } else {
            TIMING_HELP.to_string()
        };
        self.problems.push(Problem {
            kind: ProblemKind::Timing,
            line,
            message: format!("malformed cue timing `{}`: {reason}", quote(text)),
            help,
        });
    }

    /// W3C WebVTT, 4.1 "WebVTT cue timings": the end time must be greater
    /// than the start time, and the start time must be greater than or
    /// equal to the start times of all previous cues.
    fn check_order(&mut self, start_ms: u64, end_ms: u64, line: usize) {
        if end_ms <= start_ms {
            let message = if end_ms == start_ms {
                format!(
                    "cue ends at the same time it starts ({})",
                    timestamp(end_ms)
                )
            } else {
                format!(
                    "cue ends at {}, before it starts ({})",
                    timestamp(end_ms),
                    timestamp(start_ms)
                )
            };
            self.problems.push(Problem {
                kind: ProblemKind::EndNotAfterStart,
                line,
                message,
                help: "make the end time (after `-->`) later than the start time".to_string(),
            });
        }
        if let Some((previous_start, previous_line)) = self.previous
            && start_ms < previous_start
        {
            self.problems.push(Problem {
                kind: ProblemKind::OutOfOrder,
                line,
                message: format!(
                    "cue starts at {}, before the previous cue (line {previous_line}) \
                     which starts at {}",
                    timestamp(start_ms),
                    timestamp(previous_start)
                ),
                help: "sort the cues by start time; each cue must start no earlier \
                       than the one before it"
                    .to_string(),
            });
        }
    }

    /// Not a spec rule: a cue after the end of the video is never shown,
    /// which usually means the subtitles belong to another cut.
    fn check_duration(&mut self, end_ms: u64, line: usize) {
        let Some(duration) = self.duration_ms else {
            return;
        };
        if end_ms > duration.saturating_add(DURATION_TOLERANCE_MS) {
            self.problems.push(Problem {
                kind: ProblemKind::PastDuration,
                line,
                message: format!(
                    "cue ends at {}, after the video ends ({})",
                    timestamp(end_ms),
                    timestamp(duration)
                ),
                help: "shorten or remove the cue, or check that these subtitles \
                       belong to this video"
                    .to_string(),
            });
        }
    }

    fn finish(mut self) -> Result<Vec<Cue>, Vec<Problem>> {
        if self.cue_blocks == 0 {
            self.problems.push(Problem {
                kind: ProblemKind::NoCues,
                line: 1,
                message: "the file has no cues".to_string(),
                help: "after the `WEBVTT` line and a blank line, add cues such as \
                       `00:00:01.000 --> 00:00:04.000` followed by their text"
                    .to_string(),
            });
        }
        if self.problems.is_empty() {
            Ok(self.cues)
        } else {
            // Stable sort: report in file order, header before NoCues.
            self.problems.sort_by_key(|p| p.line);
            Err(self.problems)
        }
    }
}

/// Parses `start --> end [settings]` (W3C WebVTT, 4.1 "WebVTT cue timings
/// and settings"; 6.3 "collect WebVTT cue timings and settings").
/// Returns why the line is malformed on failure.
fn parse_timing(line: &str) -> Result<(u64, u64), String> {
    let mut c = Cursor::new(line);
    // The parser skips leading whitespace (6.3 step 1), so browsers accept it.
    c.spaces();
    let start = c.timestamp().map_err(|e| format!("start time {e}"))?;
    if c.spaces() == 0 {
        return Err("put a space between the start time and `-->`".to_string());
    }
    if !c.eat_str("-->") {
        return Err("expected `-->` after the start time".to_string());
    }
    if c.spaces() == 0 {
        return Err(if c.at_end() {
            "missing end time".to_string()
        } else {
            "put a space between `-->` and the end time".to_string()
        });
    }
    if c.at_end() {
        return Err("missing end time".to_string());
    }
    let end = c.timestamp().map_err(|e| format!("end time {e}"))?;
    // Cue settings must be separated from the end time by whitespace (4.1).
    if !c.at_end() && c.spaces() == 0 {
        return Err("unexpected text right after the end time".to_string());
    }
    Ok((start, end))
}

/// Byte cursor over one line; every delimiter we look for is ASCII, so
/// working on bytes never splits a character we care about.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.pos += usize::from(hit);
        hit
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let end = self.pos.saturating_add(s.len());
        let hit = self.bytes.get(self.pos..end) == Some(s.as_bytes());
        if hit {
            self.pos = end;
        }
        hit
    }

    /// Skips spaces and tabs (W3C WebVTT, 4.1: "U+0020 SPACE or U+0009
    /// TAB") and returns how many were skipped.
    fn spaces(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Collects ASCII digits greedily, as the spec does (6.3), so that
    /// e.g. four fraction digits are seen and rejected.
    fn digits(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or(&[])
    }

    /// `[hh:]mm:ss.ttt` in milliseconds (W3C WebVTT, 4.1 "WebVTT
    /// timestamp": hours two or more digits, minutes and seconds exactly
    /// two digits 00-59, exactly three fraction digits; 6.3 "collect a
    /// WebVTT timestamp"). The error completes "start time ...".
    fn timestamp(&mut self) -> Result<u64, String> {
        let first = self.digits();
        if first.is_empty() {
            return Err("is missing or not a number".to_string());
        }
        if !self.eat(b':') {
            return Err("needs minutes and seconds, like `00:01.000`".to_string());
        }
        let second = self.digits();
        let (hours, minutes, seconds) = if self.eat(b':') {
            (Some(first), second, self.digits())
        } else {
            (None, first, second)
        };
        check_fields(hours, minutes, seconds)?;
        if !self.eat(b'.') {
            return Err(if self.peek() == Some(b',') {
                "uses a comma before the milliseconds instead of a dot".to_string()
            } else {
                "needs a dot and three-digit milliseconds, like `00:01.000`".to_string()
            });
        }
        let millis = self.digits();
        if millis.len() != 3 {
            return Err("needs exactly three digits of milliseconds".to_string());
        }
        to_millis(hours.unwrap_or(b"0"), minutes, seconds, millis)
            .ok_or_else(|| "is too large".to_string())
    }
}

/// Field widths and ranges from W3C WebVTT, 4.1 "WebVTT timestamp".
fn check_fields(hours: Option<&[u8]>, minutes: &[u8], seconds: &[u8]) -> Result<(), String> {
    if hours.is_some_and(|h| h.len() < 2) {
        return Err("needs at least two digits of hours".to_string());
    }
    if minutes.len() != 2 {
        return Err("needs exactly two digits of minutes".to_string());
    }
    if seconds.len() != 2 {
        return Err("needs exactly two digits of seconds".to_string());
    }
    if number(minutes).is_none_or(|m| m > 59) {
        return Err("has minutes above 59".to_string());
    }
    if number(seconds).is_none_or(|s| s > 59) {
        return Err("has seconds above 59".to_string());
    }
    Ok(())
}

/// Combines the fields with checked arithmetic: hours may have any number
/// of digits, so overflow must be an error rather than a panic or wrap.
fn to_millis(hours: &[u8], minutes: &[u8], seconds: &[u8], millis: &[u8]) -> Option<u64> {
    let total_minutes = number(hours)?
        .checked_mul(60)?
        .checked_add(number(minutes)?)?;
    let total_seconds = total_minutes
        .checked_mul(60)?
        .checked_add(number(seconds)?)?;
    total_seconds
        .checked_mul(1000)?
        .checked_add(number(millis)?)
}

/// Decimal value of ASCII digits, or `None` on overflow.
fn number(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?
            .checked_add(u64::from(d.checked_sub(b'0')?))
    })
}

/// Shortens a line for quoting in a message, on a character boundary.
fn quote(line: &str) -> String {
    let mut chars = line.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str, duration: Option<u64>) -> Vec<Problem> {
        match parse(text, duration) {
            Ok(cues) => panic!("expected problems, got {cues:?}"),
            Err(p) => p,
        }
    }

    fn kinds_and_lines(text: &str, duration: Option<u64>) -> Vec<(ProblemKind, usize)> {
        problems(text, duration)
            .into_iter()
            .map(|p| (p.kind, p.line))
            .collect()
    }

    #[test]
    fn valid_file_with_everything() {
        let text = "\u{FEFF}WEBVTT - Title\r\nKind: captions\r\n\r\n\
            STYLE\r\n::cue { color: red }\r\n\r\n\
            REGION\r\nid:fred\r\n\r\n\
            NOTE a comment\r\nspanning lines\r\n\r\n\
            intro\r\n00:00:01.000 --> 00:00:04.000 align:start line:0\r\nHello\r\n<b>world</b>\r\n\r\n\r\n\
            NOTE\r\n\r\n\
            01:00:00.250\t-->\t01:00:02.000\r\nLater, with hours\r\n";
        let cues = parse(text, Some(3_602_000)).expect("valid");
        assert_eq!(cues.len(), 2);
        assert_eq!(
            cues[0],
            Cue {
                id: Some("intro".into()),
                start_ms: 1000,
                end_ms: 4000,
                text: "Hello\n<b>world</b>".into(),
                line: 14,
            }
        );
        assert_eq!(cues[1].id, None);
        assert_eq!(cues[1].start_ms, 3_600_250);
        assert_eq!(cues[1].end_ms, 3_602_000);
        assert_eq!(cues[1].line, 21);
    }

    #[test]
    fn cr_only_line_endings_and_minutes_form() {
        let cues = parse("WEBVTT\r\r00:01.000 --> 00:02.500\rHi\r", None).expect("valid");
        assert_eq!(cues.len(), 1);
        assert_eq!(
            (cues[0].start_ms, cues[0].end_ms, cues[0].line),
            (1000, 2500, 3)
        );
        assert_eq!(cues[0].text, "Hi");
    }

    #[test]
    fn empty_payload_and_long_hours() {
        let cues = parse("WEBVTT\n\n100:00:00.000 --> 100:00:01.000\n", None).expect("valid");
        assert_eq!(cues[0].start_ms, 360_000_000);
        assert_eq!(cues[0].text, "");
    }

    #[test]
    fn header_problem_on_line_1() {
        let p = problems("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", None);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].kind.clone(), p[0].line), (ProblemKind::Header, 1));
        assert!(p[0].message.contains("WEBVTTX"));
        assert_eq!(
            kinds_and_lines("webvtt\n\n00:01.000 --> 00:02.000\n", None),
            [(ProblemKind::Header, 1)]
        );
    }

    #[test]
    fn timing_problems_with_lines() {
        let text = "WEBVTT\n\n\
            1\n00:00:01,000 --> 00:00:02,000\nSRT style\n\n\
            00:01.000-->00:02.000\nno spaces\n\n\
            00:61.000 --> 00:62.000\n\n\
            0:00:01.000 --> 0:00:02.000\n\n\
            00:01.0000 --> 00:02.000\n\n\
            00:01.000 --> 00:02.000x\n";
        assert_eq!(
            kinds_and_lines(text, None),
            [
                (ProblemKind::Timing, 4),
                (ProblemKind::Timing, 7),
                (ProblemKind::Timing, 10),
                (ProblemKind::Timing, 12),
                (ProblemKind::Timing, 14),
                (ProblemKind::Timing, 16),
            ]
        );
        let p = problems(text, None);
        assert!(p[0].help.contains("comma"), "{}", p[0].help);
        assert!(p[0].message.contains("00:00:01,000"));
    }

    #[test]
    fn block_without_timing_line() {
        let text = "WEBVTT\n\nid\nnot a timing\n\n00:01.000 --> 00:02.000\nok\n\nlonely\n";
        assert_eq!(
            kinds_and_lines(text, None),
            [(ProblemKind::Timing, 4), (ProblemKind::Timing, 9)]
        );
    }

    #[test]
    fn style_after_cue_is_reported() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nSTYLE\n::cue {}\n";
        assert_eq!(kinds_and_lines(text, None), [(ProblemKind::Timing, 6)]);
    }

    #[test]
    fn end_not_after_start() {
        let p = problems("WEBVTT\n\n00:04.000 --> 00:03.000\nx\n", None);
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].kind.clone(), p[0].line),
            (ProblemKind::EndNotAfterStart, 3)
        );
        assert_eq!(
            p[0].message,
            "cue ends at 00:00:03.000, before it starts (00:00:04.000)"
        );
        let equal = kinds_and_lines("WEBVTT\n\n00:04.000 --> 00:04.000\n", None);
        assert_eq!(equal, [(ProblemKind::EndNotAfterStart, 3)]);
    }

    #[test]
    fn out_of_order() {
        let text = "WEBVTT\n\n00:05.000 --> 00:06.000\na\n\n00:05.000 --> 00:07.000\nsame start ok\n\n\
                    00:01.000 --> 00:02.000\nb\n";
        let p = problems(text, None);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].kind.clone(), p[0].line), (ProblemKind::OutOfOrder, 9));
        assert!(p[0].message.contains("line 6"), "{}", p[0].message);
    }

    #[test]
    fn past_duration_with_tolerance() {
        let text = "WEBVTT\n\n00:01.000 --> 00:10.500\nok\n\n00:02.000 --> 00:10.501\nlate\n";
        let p = problems(text, Some(10_000));
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].kind.clone(), p[0].line),
            (ProblemKind::PastDuration, 6)
        );
        assert_eq!(
            p[0].message,
            "cue ends at 00:00:10.501, after the video ends (00:00:10.000)"
        );
        assert!(parse(text, None).is_ok());
    }

    #[test]
    fn no_cues() {
        assert_eq!(
            kinds_and_lines("WEBVTT\n", None),
            [(ProblemKind::NoCues, 1)]
        );
        assert_eq!(
            kinds_and_lines("WEBVTT\n\nNOTE only\n", None),
            [(ProblemKind::NoCues, 1)]
        );
        assert_eq!(
            kinds_and_lines("", None),
            [(ProblemKind::Header, 1), (ProblemKind::NoCues, 1)]
        );
    }

    #[test]
    fn many_problems_together() {
        let text = "WEBVTT\n\n00:05.000 --> 00:04.000\na\n\n00:01.000 --> 00:02.000\nb\n\n\
                    bad --> line\n\n00:03.000 --> 01:00.000\nc\n";
        assert_eq!(
            kinds_and_lines(text, Some(30_000)),
            [
                (ProblemKind::EndNotAfterStart, 3),
                (ProblemKind::OutOfOrder, 6),
                (ProblemKind::Timing, 9),
                (ProblemKind::PastDuration, 11),
            ]
        );
    }

    #[test]
    fn arrow_in_payload_starts_new_block() {
        // W3C WebVTT, 6.1: a third line containing "-->" begins a new cue.
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\na\n00:03.000 --> 00:04.000\nb\n";
        let cues = parse(text, None).expect("valid");
        assert_eq!(cues.len(), 2);
        assert_eq!((cues[1].line, cues[1].text.as_str()), (5, "b"));
    }

    #[test]
    fn fuzzish_inputs_do_not_panic() {
        let long = "9".repeat(100_000);
        let inputs = [
            String::new(),
            "\u{FEFF}".into(),
            "WEBVTT\n\n-->".into(),
            "WEBVTT\n\n00:00.000 --> ".into(),
            "WEBVTT\n\n00:00.000 -->".into(),
            "WEBVTT\n\n00:00.000".into(),
            "WEBVTT\n\n:.-->:.".into(),
            "WEBVTT\n-->\n-->\n-->".into(),
            format!("WEBVTT\n\n{long}:00:00.000 --> {long}:00:01.000\n"),
            format!("WEBVTT\n\n{}\n", "é-->".repeat(50_000)),
            "WEBVTT\n\nüñî\n00:01.000 --> 00:02.000 ∂\n日本語\n".into(),
            "WEBVTT\r\n\r\n\r\r\n\n\r".into(),
            "NOTE\n00:01.000 --> 00:02.000".into(),
            "WEBVTT\n\n00:00:00.000 --> 00:00:00.001 \u{0}\n".into(),
        ];
        for input in &inputs {
            let _ = parse(input, Some(0));
            let _ = parse(input, Some(u64::MAX));
            let _ = parse(input, None);
        }
        let p = problems(&format!("WEBVTT\n\n{long}:00:00.000 --> 00:01.000\n"), None);
        assert!(p[0].message.contains("too large"), "{}", p[0].message);
        assert!(p[0].message.chars().count() < 200);
    }

    #[test]
    fn timestamp_formatting() {
        assert_eq!(timestamp(0), "00:00:00.000");
        assert_eq!(timestamp(62_500), "00:01:02.500");
        assert_eq!(timestamp(3_723_004), "01:02:03.004");
        assert_eq!(timestamp(360_000_000), "100:00:00.000");
        assert!(timestamp(u64::MAX).ends_with(".615"));
    }
}
