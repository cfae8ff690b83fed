//! One access-log line to fields, on bytes.
//!
//! Works on `&[u8]` because real logs carry invalid UTF-8 in paths and user agents, and
//! because copying each line into a `String` would cost more than the parse itself.

use memchr::{memchr, memchr2, memrchr};

/// Why a line was skipped. Never holds the line text: that text starts with an IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// The line starts with a space, so there is no client field.
    #[error("no client address at the start of the line")]
    NoClient,
    /// No `[...]` after the client field.
    #[error("no [timestamp]")]
    NoTimestamp,
    /// The bracketed text is not `dd/Mon/yyyy:HH:MM:SS +zzzz`.
    #[error("bad timestamp")]
    BadTimestamp,
    /// No `"request"` after the timestamp, or its closing quote is missing.
    #[error("no quoted request after the timestamp")]
    NoRequest,
    /// No 3-digit status after the request.
    #[error("no 3-digit status after the request")]
    BadStatus,
    /// Referer or user agent present but not enclosed in quotes.
    #[error("referer or user agent not in quotes")]
    BadQuotes,
    /// Longer than one read chunk; skipped up to the next newline.
    #[error("line longer than the read chunk")]
    TooLong,
    /// The parser of a chunk failed unexpectedly; its lines were skipped (a bug, not the input).
    #[error("internal error while parsing this chunk")]
    Internal,
}

/// The fields of one parsed line; all borrowed from the chunk buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line<'a> {
    pub ip: &'a [u8],
    /// Unix seconds, UTC.
    pub time: i64,
    pub method: &'a [u8],
    /// Request target in origin form (`/path?query`); empty for junk requests such as `"-"`.
    pub target: &'a [u8],
    pub status: u16,
    pub referer: &'a [u8],
    /// Empty for Common Log Format lines.
    pub agent: &'a [u8],
}

/// Remembers the last date and zone seen: consecutive lines almost always share them, so only
/// the six time digits need parsing on most lines.
#[derive(Debug, Default)]
pub(super) struct TimeCache {
    date: [u8; 11],
    zone: [u8; 5],
    base: i64,
    valid: bool,
}

impl TimeCache {
    /// Parses `10/Oct/2000:13:55:36 -0700` to Unix seconds.
    pub fn parse(&mut self, s: &[u8]) -> Option<i64> {
        if s.len() != 26 || s[2] != b'/' || s[6] != b'/' || s[11] != b':' || s[20] != b' ' {
            return None;
        }
        if !(self.valid && s[..11] == self.date && s[21..] == self.zone) {
            self.valid = false;
            self.base = date_zone_base(s)?;
            self.date.copy_from_slice(&s[..11]);
            self.zone.copy_from_slice(&s[21..]);
            self.valid = true;
        }
        if s[14] != b':' || s[17] != b':' {
            return None;
        }
        let h = two(s[12], s[13])?;
        let m = two(s[15], s[16])?;
        let sec = two(s[18], s[19])?;
        if h > 23 || m > 59 || sec > 60 {
            return None;
        }
        Some(self.base + h * 3600 + m * 60 + sec)
    }
}

/// Seconds at local midnight of the date in `s`, shifted to UTC by the zone offset.
fn date_zone_base(s: &[u8]) -> Option<i64> {
    let day = two(s[0], s[1])?;
    let month = month_number(&s[3..6])?;
    let year = two(s[7], s[8])? * 100 + two(s[9], s[10])?;
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let sign = match s[21] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let oh = two(s[22], s[23])?;
    let om = two(s[24], s[25])?;
    if oh > 23 || om > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86400 - sign * (oh * 3600 + om * 60))
}

fn two(a: u8, b: u8) -> Option<i64> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some(i64::from(a - b'0') * 10 + i64::from(b - b'0'))
    } else {
        None
    }
}

fn month_number(m: &[u8]) -> Option<i64> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let lower = [
        m[0].to_ascii_lowercase(),
        m[1].to_ascii_lowercase(),
        m[2].to_ascii_lowercase(),
    ];
    MONTHS
        .iter()
        .position(|x| **x == lower)
        .map(|i| i as i64 + 1)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub(super) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Parses a Combined (or Common) Log Format line; the caller strips the newline, CR and BOM.
pub(super) fn parse_line<'a>(line: &'a [u8], times: &mut TimeCache) -> Result<Line<'a>, LineError> {
    let sp = memchr(b' ', line).ok_or(LineError::NoTimestamp)?;
    if sp == 0 {
        return Err(LineError::NoClient);
    }
    let ip = &line[..sp];
    let rest = &line[sp..];
    let lb = memchr(b'[', rest).ok_or(LineError::NoTimestamp)?;
    let rest = &rest[lb + 1..];
    let rb = memchr(b']', rest).ok_or(LineError::NoTimestamp)?;
    let time = times.parse(&rest[..rb]).ok_or(LineError::BadTimestamp)?;
    let rest = rest[rb + 1..]
        .strip_prefix(b" \"")
        .ok_or(LineError::NoRequest)?;
    let q = closing_quote(rest).ok_or(LineError::NoRequest)?;
    let request = &rest[..q];
    let rest = rest[q + 1..]
        .strip_prefix(b" ")
        .ok_or(LineError::BadStatus)?;
    let status = match rest {
        [a, b, c, tail @ ..]
            if a.is_ascii_digit()
                && b.is_ascii_digit()
                && c.is_ascii_digit()
                && matches!(tail.first(), None | Some(b' ')) =>
        {
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
        }
        _ => return Err(LineError::BadStatus),
    };
    // Skip the bytes-sent token; what follows, if anything, is `"referer" "agent"`.
    let rest = trim_spaces(&rest[3..]);
    let rest = match memchr(b' ', rest) {
        Some(i) => trim_spaces(&rest[i..]),
        None => &[][..],
    };
    let (referer, agent) = if rest.is_empty() {
        (&[][..], &[][..])
    } else {
        let r = rest.strip_prefix(b"\"").ok_or(LineError::BadQuotes)?;
        let q = closing_quote(r).ok_or(LineError::BadQuotes)?;
        let referer = &r[..q];
        let r = trim_spaces(&r[q + 1..]);
        if r.is_empty() {
            (referer, &[][..])
        } else {
            let r = r.strip_prefix(b"\"").ok_or(LineError::BadQuotes)?;
            let q = closing_quote(r).ok_or(LineError::BadQuotes)?;
            (referer, &r[..q])
        }
    };
    let (method, target) = split_request(request);
    Ok(Line {
        ip,
        time,
        method,
        target,
        status,
        referer,
        agent,
    })
}

/// The common case without a second scan: `quotes` holds the offsets of the line's first
/// quotes (up to 6) and `count` how many it has in all; the caller found them in the same pass
/// that found the newline. Returns `None` for anything unusual, and the caller then asks
/// [`parse_line`], which decides; when this returns `Some`, it equals `parse_line`'s result.
pub(super) fn parse_fast<'a>(
    line: &'a [u8],
    quotes: &[usize],
    count: usize,
    times: &mut TimeCache,
) -> Option<Line<'a>> {
    let (&q0, &q1) = (quotes.first()?, quotes.get(1)?);
    // `IP - - [dd/Mon/yyyy:HH:MM:SS +zzzz] "`: the timestamp sits just before the request.
    let lb = q0.checked_sub(29)?;
    let head = line.get(..q0)?;
    if head[lb] != b'[' || !head.ends_with(b"] ") {
        return None;
    }
    let sp = head.iter().position(|&b| b == b' ')?;
    if sp == 0 || sp >= lb || head[sp..lb].contains(&b'[') {
        return None;
    }
    // An escaped quote needs the careful scan.
    let used = count.min(6);
    if quotes.len() < used || quotes[1..used].iter().any(|&q| line[q - 1] == b'\\') {
        return None;
    }
    let time = times.parse(&head[lb + 1..lb + 27])?;
    let mid_end = if count >= 3 { quotes[2] } else { line.len() };
    let (status, tail) = match line.get(q1 + 1..mid_end)? {
        [b' ', a, b, c, tail @ ..]
            if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() =>
        {
            let s = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
            (s, tail)
        }
        _ => return None,
    };
    // ` 2326 ` before the referer, or ` 2326` / nothing at the end of a Common Log line.
    if !tail.is_empty() {
        let token = trim_spaces(tail);
        let trailing = tail.len() - tail.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        if tail[0] != b' ' || token.is_empty() || token.contains(&b' ') {
            return None;
        }
        if count >= 3 && trailing == 0 {
            return None;
        }
    } else if count >= 3 {
        return None;
    }
    let (referer, agent) = match count {
        2 => (&[][..], &[][..]),
        6.. => {
            let (q2, q3, q4, q5) = (quotes[2], quotes[3], quotes[4], quotes[5]);
            if !line[q3 + 1..q4].iter().all(|&b| b == b' ') {
                return None;
            }
            (&line[q2 + 1..q3], &line[q4 + 1..q5])
        }
        _ => return None,
    };
    let (method, target) = split_request(&line[q0 + 1..q1]);
    Some(Line {
        ip: &line[..sp],
        time,
        method,
        target,
        status,
        referer,
        agent,
    })
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| b != b' ').unwrap_or(s.len());
    let s = &s[start..];
    let end = s.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    &s[..end]
}

/// Index of the first `"` not escaped by an odd run of backslashes (Apache writes `\"`).
fn closing_quote(s: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let i = from + memchr(b'"', s.get(from..)?)?;
        let backslashes = s[..i].iter().rev().take_while(|&&b| b == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(i);
        }
        from = i + 1;
    }
}

/// `GET /a?b HTTP/1.1` to (`GET`, `/a?b`). Absolute-form targets lose their scheme and host.
fn split_request(r: &[u8]) -> (&[u8], &[u8]) {
    // The method is a few bytes: a plain loop beats a memchr call.
    let Some(sp) = r.iter().position(|&b| b == b' ') else {
        return (r, &[]);
    };
    let method = &r[..sp];
    let rest = &r[sp + 1..];
    let mut target = match memrchr(b' ', rest) {
        Some(j) => &rest[..j],
        None => rest,
    };
    if !target
        .first()
        .is_some_and(|b| b.eq_ignore_ascii_case(&b'h'))
    {
        return (method, target);
    }
    for scheme in [&b"http://"[..], b"https://"] {
        if target.len() > scheme.len() && target[..scheme.len()].eq_ignore_ascii_case(scheme) {
            let host_and_path = &target[scheme.len()..];
            target = match memchr(b'/', host_and_path) {
                Some(i) => &host_and_path[i..],
                None => b"/",
            };
        }
    }
    (method, target)
}

/// Splits a target into path and query (the part after `?`, before any `#`).
pub(super) fn path_and_query(target: &[u8]) -> (&[u8], &[u8]) {
    match memchr2(b'?', b'#', target) {
        Some(i) if target[i] == b'?' => {
            let q = &target[i + 1..];
            let q = memchr(b'#', q).map_or(q, |j| &q[..j]);
            (&target[..i], q)
        }
        Some(i) => (&target[..i], &[]),
        None => (target, &[]),
    }
}

/// Assets are not page views: a page load fetches them by the dozen and they say nothing about
/// which page a visitor came to read. Matched on the last path segment's extension, any case:
/// css js mjs png jpg jpeg gif svg webp avif ico woff woff2 ttf map xml txt json webmanifest
/// mp4 webm vtt pdf.
pub(super) fn is_asset(path: &[u8]) -> bool {
    // Scan back to the last '.' of the last segment; give up at '/' or after 12 bytes.
    let mut ext = [0u8; 12];
    let mut n = 0;
    for &b in path.iter().rev() {
        match b {
            b'.' => break,
            b'/' => return false,
            _ if n == ext.len() => return false,
            _ => {
                ext[ext.len() - 1 - n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
    }
    if n == path.len() {
        return false; // no '.' at all
    }
    matches!(
        &ext[ext.len() - n..],
        b"css"
            | b"js"
            | b"mjs"
            | b"png"
            | b"jpg"
            | b"jpeg"
            | b"gif"
            | b"svg"
            | b"webp"
            | b"avif"
            | b"ico"
            | b"woff"
            | b"woff2"
            | b"ttf"
            | b"map"
            | b"xml"
            | b"txt"
            | b"json"
            | b"webmanifest"
            | b"mp4"
            | b"webm"
            | b"vtt"
            | b"pdf"
    )
}

/// Finds `utm_source` and `utm_campaign` (first non-empty of each, in any order). A pair may
/// start with `amp;` when a link was copied from HTML with `&amp;` left unescaped.
pub(super) fn utm(query: &[u8]) -> (Option<&[u8]>, Option<&[u8]>) {
    let (mut source, mut campaign) = (None, None);
    for pair in query.split(|&b| b == b'&') {
        let pair = pair.strip_prefix(b"amp;").unwrap_or(pair);
        let Some(eq) = memchr(b'=', pair) else {
            continue;
        };
        let (key, value) = (&pair[..eq], &pair[eq + 1..]);
        if value.is_empty() {
            continue;
        }
        if source.is_none() && key.eq_ignore_ascii_case(b"utm_source") {
            source = Some(value);
        } else if campaign.is_none() && key.eq_ignore_ascii_case(b"utm_campaign") {
            campaign = Some(value);
        }
        if source.is_some() && campaign.is_some() {
            break;
        }
    }
    (source, campaign)
}

/// Percent-decodes a query value (`+` is a space) into `out`, trimming ASCII whitespace.
pub(super) fn percent_decode(value: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        match b {
            b'+' => out.push(b' '),
            b'%' if i + 2 < value.len() => match (hex(value[i + 1]), hex(value[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    let start = out
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(out.len());
    let end = out
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    if start >= end {
        out.clear();
    } else {
        out.truncate(end);
        out.drain(..start);
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Referer hosts of social networks, used as the source when the landing URL has no
/// `utm_source` (a host matches itself and its subdomains, e.g. `l.facebook.com`).
const SOCIAL_HOSTS: &[(&str, &str)] = &[
    ("facebook.com", "facebook"),
    ("fb.com", "facebook"),
    ("instagram.com", "instagram"),
    ("t.co", "x"),
    ("x.com", "x"),
    ("twitter.com", "x"),
    ("linkedin.com", "linkedin"),
    ("lnkd.in", "linkedin"),
    ("threads.net", "threads"),
    ("threads.com", "threads"),
    ("bsky.app", "bluesky"),
];

/// The social network a referer URL belongs to, if any.
pub(super) fn social_referer(referer: &[u8]) -> Option<&'static str> {
    if referer.len() < 10 {
        return None; // "-" or too short for "https://t.co"
    }
    let at = memchr::memmem::find(referer, b"://")?;
    let rest = &referer[at + 3..];
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b':' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let host = &rest[..end];
    SOCIAL_HOSTS.iter().find_map(|&(h, name)| {
        let h = h.as_bytes();
        let matches = host.len() >= h.len()
            && host[host.len() - h.len()..].eq_ignore_ascii_case(h)
            && (host.len() == h.len() || host[host.len() - h.len() - 1] == b'.');
        matches.then_some(name)
    })
}
