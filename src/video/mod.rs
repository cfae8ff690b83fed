//! Video file formats, read without any other layer: WebVTT caption and chapter files
//! (`webvtt`), the metadata boxes of MP4 and QuickTime files (`mp4`), and how a video's
//! duration is written.

pub mod mp4;
pub mod webvtt;

/// A duration as a writer gives it: `125` (seconds), `2:05`, `1:02:05`, or ISO 8601
/// `PT2M5S`. `None` when it is none of these or zero.
pub fn parse_duration(text: &str) -> Option<u32> {
    let t = text.trim();
    let seconds = if let Some(iso) = t.strip_prefix("PT").or_else(|| t.strip_prefix("pt")) {
        iso_duration_seconds(iso)?
    } else if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let mut total: u32 = 0;
        for (i, p) in parts.iter().enumerate() {
            let n: u32 = p.parse().ok()?;
            // Minutes and seconds after the first field are below 60.
            if i > 0 && (n >= 60 || p.len() != 2) {
                return None;
            }
            total = total.checked_mul(60)?.checked_add(n)?;
        }
        total
    } else {
        t.parse().ok()?
    };
    (seconds > 0).then_some(seconds)
}

/// The seconds of the part of an ISO 8601 duration after `PT` (`2M5S`).
fn iso_duration_seconds(rest: &str) -> Option<u32> {
    let mut total: u32 = 0;
    let mut number = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u32 = number.parse().ok()?;
        number.clear();
        let unit = match c.to_ascii_uppercase() {
            'H' => 3600,
            'M' => 60,
            'S' => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    number.is_empty().then_some(total)
}

/// ISO 8601 duration for schema.org's `duration` (`PT2M5S`).
pub fn iso_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// `2:05` or `1:02:05`, as a page shows a duration.
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_read_in_every_written_form() {
        assert_eq!(parse_duration("125"), Some(125));
        assert_eq!(parse_duration("2:05"), Some(125));
        assert_eq!(parse_duration("1:02:05"), Some(3725));
        assert_eq!(parse_duration("PT2M5S"), Some(125));
        assert_eq!(parse_duration("PT1H"), Some(3600));
        for bad in [
            "", "0", "2:5", "2:65", "1:2:3:4", "PT2X", "PT5", "abc", ":05",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_are_written_as_iso_8601_and_as_a_clock() {
        assert_eq!(iso_duration(125), "PT2M5S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(clock(125), "2:05");
        assert_eq!(clock(3725), "1:02:05");
    }
}
