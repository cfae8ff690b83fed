//! Is this run of digits a phone number? Candidates come from a loose pattern; the
//! decision uses libphonenumber's metadata (the `phonenumber` crate) for numbers in any
//! country's notation: international (`+44 20 7946 0321`, `0044 …`, `011 44 …`),
//! national with a trunk prefix (`020 7946 0321`, `(03) 9654 2187`, `06 12 34 56 78`),
//! and national without one when a label says it is a phone (`mobile 55 1234 5678`).
//! US-shaped numbers keep the shape rule too: the fictional 555 numbers used in
//! examples are not valid to libphonenumber, and a practice's text is full of them.

use phonenumber::country::Id;

/// Regions tried for a national number, most likely first. One lookup per candidate
/// stops at the first region where the number is valid.
///
/// Measured: the crate keeps 100 compiled patterns in one shared cache; trying a dozen
/// regions per number thrashes it (590 µs a parse, against 4-11 µs for one to three
/// regions), so the list is tried only for numbers with a trunk prefix or a label.
const TRUNK_REGIONS: &[Id] = &[
    Id::GB,
    Id::DE,
    Id::FR,
    Id::AU,
    Id::IN,
    Id::JP,
    Id::IT,
    Id::NL,
    Id::IE,
    Id::NZ,
    Id::ZA,
    Id::NG,
    Id::PH,
    Id::BR,
    Id::CN,
    Id::AT,
    Id::CH,
    Id::BE,
    Id::KR,
    Id::TR,
    Id::AR,
    Id::IL,
    Id::MY,
    Id::TH,
    Id::ID,
    Id::PK,
    Id::EG,
    Id::KE,
    Id::SE,
];

/// National numbers without a trunk prefix, accepted only after a phone label.
const LABELLED_REGIONS: &[Id] = &[
    Id::US,
    Id::ES,
    Id::MX,
    Id::BR,
    Id::IN,
    Id::PT,
    Id::PL,
    Id::DK,
    Id::NO,
    Id::SG,
    Id::HK,
    Id::GR,
    Id::CZ,
    Id::CN,
];

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// Digit groups of the candidate, and the separators between them.
fn groups(s: &str) -> (Vec<&str>, Vec<char>) {
    let mut groups = Vec::new();
    let mut seps = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(st) = start.take() {
                groups.push(&s[st..i]);
            }
            if !groups.is_empty() {
                seps.push(c);
            }
        }
    }
    if let Some(st) = start {
        groups.push(&s[st..]);
    }
    (groups, seps)
}

/// Dates (`04.03.1961`, `2023/11/14`, `11-07-2023`), year ranges and thousands are
/// shaped like short phone numbers; none of them is one.
fn looks_like_a_date_or_amount(s: &str) -> bool {
    if s.trim_start().starts_with('+') {
        return false;
    }
    let (g, seps) = groups(s);
    // A date with a time after it: "2026-12-01 10", "01.12.2026 09".
    if g.len() >= 3 && seps.first() == seps.get(1) && matches!(seps.first(), Some('-' | '/' | '.'))
    {
        let (a, b, c) = (g[0].len(), g[1].len(), g[2].len());
        if (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && c == 4) {
            return true;
        }
    }
    let one_sep = seps.windows(2).all(|w| w[0] == w[1]);
    if g.len() == 3 && one_sep {
        let (a, b, c) = (g[0].len(), g[1].len(), g[2].len());
        let dateish = (a <= 2 && b <= 2 && (c == 2 || c == 4)) || (a == 4 && b <= 2 && c <= 2);
        // 3-2-4 is the shape of a Social Security number, and 4-4-2, 5-3-2 and 5-4-1
        // of a National Drug Code, not of any country's phones.
        let ndc = seps.iter().all(|c| *c == '-')
            && matches!((a, b, c), (4, 4, 2) | (5, 3, 2) | (5, 4, 1));
        if dateish || ndc || (a, b, c) == (3, 2, 4) {
            return true;
        }
    }
    // 2019-2021, 1998 2004 2011
    if g.iter()
        .all(|x| x.len() == 4 && (x.starts_with("19") || x.starts_with("20")))
    {
        return true;
    }
    // 1.000.000 / 1 000 000
    if g.len() >= 2 && g[0].len() <= 3 && g[1..].iter().all(|x| x.len() == 3) && !s.starts_with('0')
    {
        return !s.starts_with('+')
            && seps
                .iter()
                .all(|c| *c == '.' || *c == ',' || *c == '\u{a0}');
    }
    false
}

/// The candidate with `(0)` after a country code removed and exit codes (`00`, `011`)
/// turned into `+`, as libphonenumber expects.
fn normalised(s: &str) -> String {
    let s = s.trim();
    let s = s
        .replace("(0)", " ")
        .replace(['\u{a0}', '–', '‑', '—'], " ");
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix("011") {
        format!("+{}", rest.trim_start_matches([' ', '-', '.']))
    } else if let Some(rest) = t
        .strip_prefix("00")
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit() && c != '0'))
    {
        format!("+{rest}")
    } else {
        t.to_string()
    }
}

fn valid_in(number: &str, region: Option<Id>) -> bool {
    phonenumber::parse(region, number).is_ok_and(|p| p.is_valid())
}

/// Whether `candidate` is a phone number; `labelled` when a word like "phone",
/// "mobile", "tel", "call" or "fax" comes just before it.
pub fn is_phone(candidate: &str, labelled: bool) -> bool {
    let d = digits(candidate);
    if !(7..=15).contains(&d) || looks_like_a_date_or_amount(candidate) {
        return false;
    }
    // Digits read out one by one ("5 0 1 - 6 2 …") are not written as a phone.
    if groups(candidate).0.iter().filter(|g| g.len() == 1).count() >= 4 {
        return false;
    }
    let n = normalised(candidate);
    if n.starts_with('+') {
        // A known country code and a plausible length: Ofcom's and others' fictional
        // ranges are not valid to the metadata but are still written as phones.
        return valid_in(&n, None) || (8..=15).contains(&d) && phonenumber::parse(None, &n).is_ok();
    }
    let trunk = n.starts_with('0') || n.starts_with("(0");
    if trunk {
        return TRUNK_REGIONS.iter().any(|r| valid_in(&n, Some(*r)))
            || (labelled && (9..=12).contains(&d));
    }
    if (d == 10 || (d == 11 && n.starts_with('1')))
        && (valid_in(&n, Some(Id::US)) || us_shape(&n, labelled))
    {
        return true;
    }
    labelled && (us_shape(&n, true) || LABELLED_REGIONS.iter().any(|r| valid_in(&n, Some(*r))))
}

/// The NANP shape (`(312) 555-0187`, `312.555.0187`, `+1 312 555 0187`, and seven
/// digits after a label), kept for fictional numbers that are not valid to the metadata.
fn us_shape(n: &str, labelled: bool) -> bool {
    let (g, _) = groups(n.trim_start_matches('+'));
    let lens: Vec<usize> = g.iter().map(|x| x.len()).collect();
    match lens.as_slice() {
        [3, 3, 4] | [1, 3, 3, 4] | [10] | [11] => true,
        [3, 4] => labelled,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_many_countries_are_phones() {
        for n in [
            "+44 20 7946 0321",
            "+44 (0)20 7946 0321",
            "020 7946 0321",
            "07700 900417",
            "0044 20 7946 0321",
            "011 44 20 7946 0321",
            "030 28473910",
            "0171/4839201",
            "+49 151 23456789",
            "06 12 34 56 78",
            "06.48.21.93.07",
            "(03) 9654 2187",
            "0412 345 678",
            "03-3581-4729",
            "+91 98765 43210",
            "098450 12345",
            "(11) 98765-4321",
            "+52 1 33 1234 5678",
            "(312) 555-0187",
            "312.555.0187",
        ] {
            assert!(is_phone(n, false) || is_phone(n, true), "{n}");
        }
        assert!(is_phone("91 432 18 76", true));
        assert!(is_phone("55 1234 5678", true));
        assert!(is_phone("555-0187", true));
    }

    #[test]
    fn dates_years_amounts_and_codes_are_not() {
        for n in [
            "04.03.1961",
            "2023/11/14",
            "11-07-2023",
            "2019-2021",
            "1998 2004 2011",
            "1.000.000",
            "120 80 72",
            "555-0187",
            "33301246",
            "978-0-306-40615-7",
            "2026-12-01 10",
            "01.12.2026 09",
            "12/01/2026 10",
        ] {
            assert!(!is_phone(n, false), "{n}");
        }
    }
}
