//! Calendar days as a day number, ISO weeks, and the date spellings the event datasets use.
//!
//! A [`Day`] is the number of days since 1970-01-01 (proleptic Gregorian), so series arithmetic is
//! integer arithmetic. Parsing accepts exactly the spellings found in the sources: ISO
//! `yyyy-mm-dd` (optionally followed by a time, as in UCDP), `dd-mm-yyyy` and `dd/mm/yyyy`
//! (ACLED exports), `dd Month yyyy` with a full or three-letter English month (ACLED tooling) and
//! compact `yyyymmdd` (GDELT `SQLDATE`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day: days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// An ISO 8601 week: the ISO year and the week number 1..=53.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

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

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// The day for a calendar date, or `None` if the date does not exist.
    /// Years are limited to 1..=9999 (the range every source spells with four digits).
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = m as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// The calendar date (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// A running week number: consecutive ISO weeks have consecutive indices.
    pub fn week_index(self) -> i32 {
        (self.0 + 3).div_euclid(7)
    }

    /// The Monday that starts week `index` (inverse of [`Day::week_index`]).
    pub fn monday_of_week_index(index: i32) -> Day {
        Day(index * 7 - 3)
    }

    /// The ISO 8601 week this day falls in.
    pub fn iso_week(self) -> IsoWeek {
        let thursday = Day(self.0 - self.weekday() as i32 + 3);
        let (year, _, _) = thursday.ymd();
        let jan1 = Day::from_ymd(year, 1, 1).map_or(thursday.0, |d| d.0);
        IsoWeek { year, week: ((thursday.0 - jan1) / 7 + 1) as u32 }
    }

    /// Parse any of the spellings listed in the module documentation.
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            return Day::parse_compact(b);
        }
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            if b.len() > 10 && b[10] != b' ' && b[10] != b'T' {
                return None;
            }
            let y = digits(&b[0..4])?;
            let m = digits(&b[5..7])?;
            let d = digits(&b[8..10])?;
            return Day::from_ymd(y as i32, m, d);
        }
        if b.len() == 10 && (b[2] == b'-' || b[2] == b'/') && b[5] == b[2] {
            let d = digits(&b[0..2])?;
            let m = digits(&b[3..5])?;
            let y = digits(&b[6..10])?;
            return Day::from_ymd(y as i32, m, d);
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
        Day::from_ymd(y as i32, month as u32 + 1, d)
    }

    /// Parse `yyyymmdd` (GDELT `SQLDATE`).
    pub fn parse_compact(b: &[u8]) -> Option<Day> {
        if b.len() != 8 {
            return None;
        }
        let y = digits(&b[0..4])?;
        let m = digits(&b[4..6])?;
        let d = digits(&b[6..8])?;
        Day::from_ymd(y as i32, m, d)
    }
}

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

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("'{s}' is not a date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days_and_weeks() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2024, 2, 29).map(|d| d.to_string()), Some("2024-02-29".into()));
        assert_eq!(Day::from_ymd(2023, 2, 29), None);
        // 2021-01-03 is a Sunday in ISO week 2020-W53; 2021-01-04 starts 2021-W01.
        let d = Day::from_ymd(2021, 1, 3).unwrap();
        assert_eq!(d.iso_week(), IsoWeek { year: 2020, week: 53 });
        assert_eq!(Day(d.0 + 1).iso_week(), IsoWeek { year: 2021, week: 1 });
        // 2008-12-29 (Monday) is 2009-W01.
        assert_eq!(Day::from_ymd(2008, 12, 29).unwrap().iso_week().to_string(), "2009-W01");
        assert_eq!(Day::from_ymd(2024, 6, 3).unwrap().weekday(), 0);
    }

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
            assert_eq!(Day::parse(s), want, "{s}");
        }
        for s in ["2023-13-01", "32 March 2023", "March 7 2023", "2023/03/07", "", "7 Marchx 2023", "2023-03-07x"] {
            assert_eq!(Day::parse(s), None, "{s}");
        }
    }

    proptest! {
        #[test]
        fn civil_round_trip(n in -700_000i32..2_900_000) {
            let d = Day(n);
            let (y, m, dd) = d.ymd();
            if (1..=9999).contains(&y) {
                prop_assert_eq!(Day::from_ymd(y, m, dd), Some(d));
                prop_assert_eq!(Day::parse(&d.to_string()), Some(d));
                prop_assert_eq!(Day::parse(&format!("{dd:02}-{m:02}-{y:04}")), Some(d));
                prop_assert_eq!(Day::parse(&format!("{dd} {} {y:04}", MONTHS[m as usize - 1])), Some(d));
            }
        }

        #[test]
        fn week_index_matches_iso_week(n in 0i32..40_000) {
            let d = Day(n);
            let monday = Day::monday_of_week_index(d.week_index());
            prop_assert_eq!(monday.weekday(), 0);
            prop_assert_eq!(monday.iso_week(), d.iso_week());
            prop_assert!(d.0 - monday.0 < 7 && d.0 >= monday.0);
        }
    }
}
