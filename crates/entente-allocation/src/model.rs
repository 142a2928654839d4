//! The validated allocation problem: nations, activities, people and requests, in canonical order
//! (nations by code, activities by id, requests by nation then activity), with eligibility decided.
//!
//! Build one with [`crate::input`]; every index here is valid by construction.

/// Calendar days are the domain's day numbers (days since 1970-01-01).
pub use entente_domain::Day;

/// A nation's participation in a framework over a period `[joined, left)`: a registry
/// [`Membership`](entente_domain::registry::Membership) in day numbers (a partial date counts from
/// the first day of its period), or one given in the input for a nation outside the shipped
/// network.
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

impl From<&entente_domain::registry::Membership> for Membership {
    fn from(m: &entente_domain::registry::Membership) -> Membership {
        Membership { framework: m.framework.to_string(), joined: Day::from(m.joined), left: m.left.map(Day::from) }
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

    #[test]
    fn registry_memberships_count_from_the_first_day_of_partial_dates() {
        let m = entente_domain::registry::Membership {
            nation: "MLT".parse().unwrap(),
            framework: "PFP".parse().unwrap(),
            kind: entente_domain::registry::NationKind::PartnerState,
            joined: "1995-04".parse().unwrap(),
            left: Some("1996".parse().unwrap()),
            end_reason: None,
            note: String::new(),
        };
        let ours = Membership::from(&m);
        assert_eq!(ours.framework, "PFP");
        assert_eq!(ours.joined, Day::parse("1995-04-01").unwrap());
        assert_eq!(ours.left, Day::parse("1996-01-01"));
    }
}
