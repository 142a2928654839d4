//! The date spellings the event datasets use, read into the domain's [`Day`] (days since
//! 1970-01-01; ISO weeks and day arithmetic live on the type, in `entente-domain`).
//!
//! Parsing accepts exactly the spellings found in the sources: ISO `yyyy-mm-dd` (optionally
//! followed by a time, as in UCDP), `dd-mm-yyyy` and `dd/mm/yyyy` (ACLED exports), `dd Month yyyy`
//! with a full or three-letter English month (ACLED tooling) and compact `yyyymmdd` (GDELT
//! `SQLDATE`). Years are 1 to 9999, as every source spells them with four digits.

use serde::{Deserialize, Serialize};

pub use entente_domain::date::{Day, IsoWeek};

/// How precisely a source knows the date of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    /// Known within a few days (UCDP `date_prec` 2).
    Days,
    Week,
    Month,
    Year,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A source's calendar date: years 1 to 9999 only.
#[inline]
fn day(y: u32, m: u32, d: u32) -> Option<Day> {
    if !(1..=9999).contains(&y) {
        return None;
    }
    Day::from_ymd(y as i32, m, d)
}

/// Parse any of the spellings listed in the module documentation.
pub fn parse(s: &str) -> Option<Day> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        return parse_compact(b);
    }
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        if b.len() > 10 && b[10] != b' ' && b[10] != b'T' {
            return None;
        }
        return day(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    }
    if b.len() == 10 && (b[2] == b'-' || b[2] == b'/') && b[5] == b[2] {
        return day(digits(&b[6..10])?, digits(&b[3..5])?, digits(&b[0..2])?);
    }
    let mut parts = s.split_ascii_whitespace();
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.len() > 2 || y.len() != 4 {
        return None;
    }
    let d = digits(d.as_bytes())?;
    let y = digits(y.as_bytes())?;
    let m = m.to_ascii_lowercase();
    let month = MONTHS.iter().position(|name| *name == m || (m.len() == 3 && name.starts_with(m.as_str())))?;
    day(y, month as u32 + 1, d)
}

/// Parse `yyyymmdd` (GDELT `SQLDATE`).
#[inline]
pub fn parse_compact(b: &[u8]) -> Option<Day> {
    if b.len() != 8 {
        return None;
    }
    day(digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?)
}

#[inline]
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn source_spellings() {
        let want = Day::from_ymd(2023, 3, 7);
        for s in [
            "2023-03-07",
            "07-03-2023",
            "07/03/2023",
            "7 March 2023",
            "07 mar 2023",
            "20230307",
            "2023-03-07 00:00:00.000",
        ] {
            assert_eq!(parse(s), want, "{s}");
        }
        for s in ["2023-13-01", "32 March 2023", "March 7 2023", "2023/03/07", "", "7 Marchx 2023", "2023-03-07x"] {
            assert_eq!(parse(s), None, "{s}");
        }
        // Four-digit years from 1 on, as the sources write them.
        assert_eq!(parse("0000-01-01"), None);
        assert_eq!(parse("00000101"), None);
        assert_eq!(parse("0001-01-01"), Day::from_ymd(1, 1, 1));
    }

    proptest! {
        #[test]
        fn civil_round_trip(n in -700_000i32..2_900_000) {
            let d = Day(n);
            let (y, m, dd) = d.ymd();
            if (1..=9999).contains(&y) {
                prop_assert_eq!(parse(&d.to_string()), Some(d));
                prop_assert_eq!(parse(&format!("{dd:02}-{m:02}-{y:04}")), Some(d));
                prop_assert_eq!(parse(&format!("{dd} {} {y:04}", MONTHS[m as usize - 1])), Some(d));
                prop_assert_eq!(parse_compact(format!("{y:04}{m:02}{dd:02}").as_bytes()), Some(d));
            } else {
                prop_assert_eq!(parse(&d.to_string()), None);
            }
        }
    }
}
