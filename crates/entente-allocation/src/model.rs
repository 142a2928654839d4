//! The validated allocation problem: nations, activities, people and requests, in canonical order
//! (nations by code, activities by id, requests by nation then activity), with eligibility decided.
//!
//! Build one with [`crate::input`]; every index here is valid by construction.

use std::fmt;

/// A calendar day, counted from 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    /// Days since 1970-01-01 of a valid `(year, month, day)`, or `None`.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// `(year, month, day)` of this day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// Strict `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Day::from_ymd(digits(&s[0..4])? as i32, digits(&s[5..7])?, digits(&s[8..10])?)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, read as the first day of the period it names (the
    /// registry's convention for partially known dates: "1995-02" counts from 1995-02-01).
    pub fn parse_partial(s: &str) -> Option<Day> {
        match s.len() {
            4 => Day::from_ymd(digits(s)? as i32, 1, 1),
            7 if s.as_bytes()[4] == b'-' => Day::from_ymd(digits(&s[0..4])? as i32, digits(&s[5..7])?, 1),
            10 => Day::parse(s),
            _ => None,
        }
    }

    /// Day of the week, 0 = Monday.
    pub fn weekday(self) -> u32 {
        (self.0 + 3).rem_euclid(7) as u32
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A nation's participation in a framework over a period `[joined, left)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub framework: String,
    pub joined: Day,
    pub left: Option<Day>,
}

impl Membership {
    pub fn active_on(&self, day: Day) -> bool {
        self.joined <= day && self.left.is_none_or(|l| day < l)
    }
}

/// A participating nation (or partner organisation).
#[derive(Debug, Clone, PartialEq)]
pub struct Nation {
    pub code: String,
    pub name: String,
    /// Entitlement weight (> 0); equal weights = sovereign equality.
    pub weight: f64,
    /// Most seats this nation may receive in total, if limited.
    pub cap: Option<u32>,
    pub memberships: Vec<Membership>,
    /// Population in millions, for the report's fulfilment by state size.
    pub population_millions: Option<f64>,
}

impl Nation {
    /// Frameworks the nation belongs to on `day`.
    pub fn frameworks_on(&self, day: Day) -> Vec<&str> {
        let mut v: Vec<&str> =
            self.memberships.iter().filter(|m| m.active_on(day)).map(|m| m.framework.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A prerequisite: an activity of this menu, or a past one known only by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerequisite {
    pub id: String,
    /// Index in [`Instance::activities`] when the prerequisite is on this year's menu.
    pub activity: Option<usize>,
}

/// One activity (course, exercise, workshop…) of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub start: Day,
    pub end: Day,
    pub seats: u32,
    /// At most this many seats per nation.
    pub nation_cap: Option<u32>,
    /// Frameworks the activity is open to; empty = open to every participating nation.
    pub frameworks: Vec<String>,
    pub prerequisites: Vec<Prerequisite>,
}

impl Activity {
    /// Whether the two activities share at least one day.
    pub fn overlaps(&self, other: &Activity) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// A person a nation may nominate, with the activities they already completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub nation: usize,
    pub completed: Vec<String>,
}

/// Why a request cannot receive any seat, decided before allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ineligible {
    /// On the activity's start date the nation belongs to none of the frameworks it is open to.
    Framework { open_to: Vec<String>, nation_frameworks: Vec<String>, on: Day },
    /// No listed nominee can meet the activity's prerequisites.
    Prerequisite { missing: String },
}

/// A nation's request for seats in one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub nation: usize,
    pub activity: usize,
    pub seats: u32,
    /// The nation's own rank for this request: 1 = most wanted.
    pub priority: u32,
    /// Nominees in the nation's order (may list reserves); empty = names come later.
    pub nominees: Vec<String>,
    /// Submission key for first-come-first-served (ISO 8601 text, compared as text).
    pub submitted: Option<String>,
    /// Position in the input, the last tie-break of first-come-first-served.
    pub position: usize,
    /// Seats that can usefully be given: `min(seats, activity's per-nation cap, nominees able
    /// to attend)`, 0 when ineligible.
    pub usable: u32,
    pub ineligible: Option<Ineligible>,
}

/// A validated allocation problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub programme: Option<String>,
    pub nations: Vec<Nation>,
    pub activities: Vec<Activity>,
    pub people: Vec<Person>,
    pub requests: Vec<Request>,
}

impl Instance {
    /// Requests grouped by nation: `requests[by_nation[i]..by_nation[i+1]]` are nation i's.
    pub fn nation_ranges(&self) -> Vec<usize> {
        let mut bounds = vec![0usize; self.nations.len() + 1];
        for r in &self.requests {
            bounds[r.nation + 1] += 1;
        }
        for i in 0..self.nations.len() {
            bounds[i + 1] += bounds[i];
        }
        bounds
    }

    /// Total usable seats a nation asks for, after its overall cap.
    pub fn demand(&self) -> Vec<u64> {
        let mut d = vec![0u64; self.nations.len()];
        for r in &self.requests {
            d[r.nation] += u64::from(r.usable);
        }
        for (i, n) in self.nations.iter().enumerate() {
            if let Some(c) = n.cap {
                d[i] = d[i].min(u64::from(c));
            }
        }
        d
    }

    pub fn nation_index(&self, code: &str) -> Option<usize> {
        self.nations.binary_search_by(|n| n.code.as_str().cmp(code)).ok()
    }

    pub fn activity_index(&self, id: &str) -> Option<usize> {
        self.activities.binary_search_by(|a| a.id.as_str().cmp(id)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::parse("2024-03-07").map(|d| d.to_string()).as_deref(), Some("2024-03-07"));
        assert_eq!(Day::parse("2024-02-29").map(|d| d.weekday()), Some(3));
        assert_eq!(Day::parse("2023-02-29"), None);
        assert_eq!(Day::parse("2024-3-07"), None);
        assert_eq!(Day::parse_partial("1995-02"), Day::parse("1995-02-01"));
        assert_eq!(Day::parse_partial("2011"), Day::parse("2011-01-01"));
        assert_eq!(Day::parse_partial("20x1"), None);
    }

    #[test]
    fn membership_periods_are_half_open() {
        let m = Membership {
            framework: "PFP".into(),
            joined: Day::parse("1994-05-09").unwrap_or(Day(0)),
            left: Day::parse("2024-03-07"),
        };
        assert!(m.active_on(Day::parse("2024-03-06").unwrap_or(Day(0))));
        assert!(!m.active_on(Day::parse("2024-03-07").unwrap_or(Day(0))));
        assert!(!m.active_on(Day::parse("1994-05-08").unwrap_or(Day(0))));
    }

    proptest! {
        #[test]
        fn ymd_round_trips(n in -800_000i32..800_000) {
            let (y, m, d) = Day(n).ymd();
            prop_assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)));
            if (0..=9999).contains(&y) {
                prop_assert_eq!(Day::parse(&Day(n).to_string()), Some(Day(n)));
            }
        }
    }
}
