//! Text as people type it, made uniform before the rules read it: typographic spaces
//! and dashes, and digits read out or spelled out.

use regex::Regex;

static SPOKEN_RUN: std::sync::LazyLock<Option<Regex>> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine)(?:[\s,.\-]{1,3}(?:\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine)\b){4,}").ok()
});

pub(super) fn has_spoken_digits(text: &str) -> bool {
    SPOKEN_RUN.as_ref().is_some_and(|r| r.is_match(text))
}

/// A run of digits read out one by one or spelled out ("0 8 7 5 5 5 0 1 9 6",
/// "four zero six, five five five", "512 five five five 0148") written together, with
/// a comma or dash kept as `-` between groups. Returns the line with each run joined
/// and, for every byte of it, the byte range of the line it came from.
pub(super) fn spoken_digits(line: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let run = SPOKEN_RUN.as_ref()?;
    static TOKEN: std::sync::LazyLock<Option<Regex>> = std::sync::LazyLock::new(|| {
        Regex::new(r"(?i)\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine").ok()
    });
    let token = TOKEN.as_ref()?;
    let digit = |w: &str| -> Option<&'static str> {
        Some(match w.to_ascii_lowercase().as_str() {
            "zero" | "oh" => "0",
            "one" => "1",
            "two" => "2",
            "three" => "3",
            "four" => "4",
            "five" => "5",
            "six" => "6",
            "seven" => "7",
            "eight" => "8",
            "nine" => "9",
            _ => return None,
        })
    };
    let mut out = String::new();
    let mut origin: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    let mut changed = false;
    for m in run.find_iter(line) {
        let tokens: Vec<regex::Match> = token.find_iter(m.as_str()).collect();
        let spoken = tokens
            .iter()
            .filter(|t| t.len() == 1 || digit(t.as_str()).is_some())
            .count();
        if spoken < 3 {
            continue;
        }
        copy(&mut out, &mut origin, line, at, m.start());
        let mut previous_end = m.start();
        for t in &tokens {
            let (start, end) = (m.start() + t.start(), m.start() + t.end());
            let between = &line[previous_end..start];
            if previous_end != m.start()
                && (between.contains(',') || between.trim() == "-" && between.len() > 1)
            {
                out.push('-');
                origin.push((previous_end, start));
            }
            let digits = digit(t.as_str()).unwrap_or(t.as_str());
            for _ in digits.bytes() {
                origin.push((start, end));
            }
            out.push_str(digits);
            previous_end = end;
        }
        at = m.end();
        changed = true;
    }
    if !changed {
        return None;
    }
    copy(&mut out, &mut origin, line, at, line.len());
    Some((out, origin))
}

/// Copies `line[from..to]` into `out`, each byte mapped to its character in `line`.
fn copy(out: &mut String, origin: &mut Vec<(usize, usize)>, line: &str, from: usize, to: usize) {
    for (i, ch) in line[from..to].char_indices() {
        out.push(ch);
        for _ in 0..ch.len_utf8() {
            origin.push((from + i, from + i + ch.len_utf8()));
        }
    }
}

/// Non-breaking and thin spaces as spaces, and Unicode dashes and minus as `-`, one
/// character for one (columns stay right): word processors and phones put them in
/// numbers ("485\u{a0}777\u{a0}3457", "312–555–0187").
pub(super) fn typographic_to_ascii(line: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| {
        matches!(
            c,
            '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
    };
    if !line.chars().any(odd) {
        return std::borrow::Cow::Borrowed(line);
    }
    std::borrow::Cow::Owned(
        line.chars()
            .map(|c| match c {
                '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' => ' ',
                c if odd(c) => '-',
                c => c,
            })
            .collect(),
    )
}
