//! Dates of varying precision, as the historical record gives them ("1995-02", "2011", "2014-04-01"),
//! and [`Day`], the day number the engines compute with.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

mod day;
pub use day::{Day, IsoWeek};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A calendar date known to the year, the month or the day.
///
/// For "as of" questions a partial date counts from the **first day** of its period: a partner
/// that joined in "1995-02" is a partner on 1995-02-01, and one that left in "2021-11" is no
/// longer one on 2021-11-01. [`PartialDate::first_day`] gives that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    first_day: NaiveDate,
    precision: Precision,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateParseError {
    pub input: String,
}

impl PartialDate {
    pub fn day(date: NaiveDate) -> Self {
        PartialDate { first_day: date, precision: Precision::Day }
    }

    pub fn new(first_day: NaiveDate, precision: Precision) -> Option<Self> {
        let aligned = match precision {
            Precision::Day => true,
            Precision::Month => first_day.day() == 1,
            Precision::Year => first_day.day() == 1 && first_day.month() == 1,
        };
        aligned.then_some(PartialDate { first_day, precision })
    }

    /// The first day of the period this date names.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError { input: s.to_string() };
        let t = s.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, DateParseError> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let (y, m, d, precision) = match parts.as_slice() {
            [y] => (num(y, 4)?, 1, 1, Precision::Year),
            [y, m] => (num(y, 4)?, num(m, 2)?, 1, Precision::Month),
            [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?, Precision::Day),
            _ => return Err(err()),
        };
        let year = i32::try_from(y).map_err(|_| err())?;
        let first_day = NaiveDate::from_ymd_opt(year, m, d).ok_or_else(err)?;
        Ok(PartialDate { first_day, precision })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Year => write!(f, "{:04}", self.first_day.year()),
            Precision::Month => write!(f, "{:04}-{:02}", self.first_day.year(), self.first_day.month()),
            Precision::Day => write!(f, "{}", self.first_day.format("%Y-%m-%d")),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_all_three_precisions() {
        let y: PartialDate = "2011".parse().unwrap();
        assert_eq!(y.precision(), Precision::Year);
        assert_eq!(y.first_day(), NaiveDate::from_ymd_opt(2011, 1, 1).unwrap());
        let m: PartialDate = "1995-02".parse().unwrap();
        assert_eq!(m.precision(), Precision::Month);
        assert_eq!(m.first_day(), NaiveDate::from_ymd_opt(1995, 2, 1).unwrap());
        let d: PartialDate = "2014-04-01".parse().unwrap();
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(d.to_string(), "2014-04-01");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in ["", "95", "1995-2", "1995-13", "2023-02-29", "1995/02/01", "abcd", "1995-02-01-01", "+199-01"] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad:?} should not parse");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(y in 1800i32..2200, m in 1u32..=12, d in 1u32..=28, p in 0u8..3) {
            let precision = [Precision::Year, Precision::Month, Precision::Day][p as usize];
            let first = match precision {
                Precision::Year => NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
                Precision::Month => NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
                Precision::Day => NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            };
            let date = PartialDate::new(first, precision).unwrap();
            let back: PartialDate = date.to_string().parse().unwrap();
            prop_assert_eq!(back, date);
        }
    }
}
