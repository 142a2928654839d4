//! Calendar days as day numbers and ISO 8601 weeks: the fast date type of the engines.
//!
//! A [`Day`] is the number of days since 1970-01-01 in the proleptic Gregorian calendar, an `i32`,
//! so that series, eligibility and scheduling arithmetic is integer arithmetic. Convert to and
//! from [`chrono::NaiveDate`] at the edges (`Day::from(date)`, [`Day::to_naive_date`]); a
//! [`PartialDate`] of the registry counts from its first day (`Day::from(partial)`).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::PartialDate;

/// A calendar day: days since 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// An ISO 8601 week: the ISO year and the week number 1..=53.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

#[inline]
fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

#[inline]
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
    /// The earliest year [`Day::from_ymd`] accepts.
    pub const MIN_YEAR: i32 = -9999;
    /// The latest year [`Day::from_ymd`] accepts.
    pub const MAX_YEAR: i32 = 9999;

    /// The day of a calendar date, or `None` if the date does not exist (or its year is outside
    /// [`Day::MIN_YEAR`]..=[`Day::MAX_YEAR`]).
    #[inline]
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        if !(Day::MIN_YEAR..=Day::MAX_YEAR).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m)
        {
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
    #[inline]
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
    #[inline]
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// A running week number: consecutive ISO weeks have consecutive indices.
    #[inline]
    pub fn week_index(self) -> i32 {
        (self.0 + 3).div_euclid(7)
    }

    /// The Monday that starts week `index` (inverse of [`Day::week_index`]).
    #[inline]
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

    /// Strictly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Day::from_ymd(digits(&b[0..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` read by the registry's rule for partially known dates
    /// ([`PartialDate`]): the first day of the period it names ("1995-02" counts from 1995-02-01).
    pub fn parse_partial(s: &str) -> Option<Day> {
        s.parse::<PartialDate>().ok().map(Day::from)
    }

    /// The same day as a [`chrono::NaiveDate`] (`None` beyond chrono's range).
    pub fn to_naive_date(self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.0.checked_add(EPOCH_FROM_CE)?)
    }
}

/// Up to nine ASCII digits as a number.
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

impl From<NaiveDate> for Day {
    fn from(d: NaiveDate) -> Day {
        Day(d.num_days_from_ce() - EPOCH_FROM_CE)
    }
}

impl From<PartialDate> for Day {
    /// The first day of the period the date names.
    fn from(d: PartialDate) -> Day {
        Day::from(d.first_day())
    }
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

/// As `YYYY-MM-DD`.
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
        assert_eq!(Day::from_ymd(2024, 13, 1), None);
        assert_eq!(Day::from_ymd(10_000, 1, 1), None);
        // 2021-01-03 is a Sunday in ISO week 2020-W53; 2021-01-04 starts 2021-W01.
        let d = Day::from_ymd(2021, 1, 3).unwrap();
        assert_eq!(d.iso_week(), IsoWeek { year: 2020, week: 53 });
        assert_eq!(Day(d.0 + 1).iso_week(), IsoWeek { year: 2021, week: 1 });
        // 2008-12-29 (Monday) is 2009-W01.
        assert_eq!(Day::from_ymd(2008, 12, 29).unwrap().iso_week().to_string(), "2009-W01");
        assert_eq!(Day::from_ymd(2024, 6, 3).unwrap().weekday(), 0);
        assert_eq!(Day::parse("2024-02-29").map(|d| d.weekday()), Some(3));
    }

    #[test]
    fn strict_and_partial_parsing() {
        assert_eq!(Day::parse("2024-03-07").map(|d| d.to_string()).as_deref(), Some("2024-03-07"));
        for bad in ["2023-02-29", "2024-3-07", "2024-03-07 ", "07-03-2024", "", "2024-03-0x"] {
            assert_eq!(Day::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Day::parse_partial("1995-02"), Day::parse("1995-02-01"));
        assert_eq!(Day::parse_partial("2011"), Day::parse("2011-01-01"));
        assert_eq!(Day::parse_partial("2014-04-01"), Day::parse("2014-04-01"));
        assert_eq!(Day::parse_partial("20x1"), None);
        assert_eq!(Day::parse_partial("1995-2"), None);
    }

    #[test]
    fn chrono_conversions() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 7).unwrap();
        assert_eq!(Day::from(d), Day::parse("2024-03-07").unwrap());
        assert_eq!(Day::from(d).to_naive_date(), Some(d));
        assert_eq!(Day(0).to_naive_date(), NaiveDate::from_ymd_opt(1970, 1, 1));
        let p: PartialDate = "1995-02".parse().unwrap();
        assert_eq!(Day::from(p), Day::parse("1995-02-01").unwrap());
        assert_eq!(Day(i32::MAX).to_naive_date(), None);
    }

    proptest! {
        #[test]
        fn civil_round_trip(n in -4_000_000i32..2_900_000) {
            let d = Day(n);
            let (y, m, dd) = d.ymd();
            prop_assert_eq!(Day::from_ymd(y, m, dd), Some(d));
            let naive = d.to_naive_date().unwrap();
            prop_assert_eq!((naive.year(), naive.month(), naive.day()), (y, m, dd));
            prop_assert_eq!(Day::from(naive), d);
            if (0..=9999).contains(&y) {
                prop_assert_eq!(Day::parse(&d.to_string()), Some(d));
            }
        }

        #[test]
        fn week_index_matches_iso_week(n in 0i32..40_000) {
            let d = Day(n);
            let monday = Day::monday_of_week_index(d.week_index());
            prop_assert_eq!(monday.weekday(), 0);
            prop_assert_eq!(monday.iso_week(), d.iso_week());
            prop_assert!(d.0 - monday.0 < 7 && d.0 >= monday.0);
            let naive = d.to_naive_date().unwrap().iso_week();
            prop_assert_eq!((naive.year(), naive.week()), (d.iso_week().year, d.iso_week().week));
        }
    }
}
