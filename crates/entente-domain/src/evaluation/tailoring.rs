//! Question 3: is each partner's programme tailored to its needs? For every partner with an
//! agreed programme (ITPP): its goals, how many have at least one planned activity, how many the
//! staff assessed and found met; the share of its granted seats that serve its programme (a
//! request naming an agreed goal, or an activity planned under one); and whether requests serving a
//! goal were granted more often than the others.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::cooperation::Rating;
use crate::registry::NationCode;

/// The numbers of one partner's programme an indicator needs (no text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeFact {
    pub nation: NationCode,
    /// The latest agreed version's goals: key, planned activity ids.
    pub goals: Vec<(u32, Vec<i64>)>,
    /// The staff's assessments: cycle, goal, rating.
    pub staff_ratings: Vec<(i32, u32, Rating)>,
}

/// One answered request of a published allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatFact {
    pub nation: NationCode,
    /// The activity's start year.
    pub year: i32,
    pub activity: i64,
    pub asked: u32,
    pub granted: u32,
    /// The programme goal the request named.
    pub goal: Option<u32>,
}

/// One partner's line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartnerTailoring {
    pub goals: usize,
    pub with_activity: usize,
    /// Goals with a staff assessment in a cycle up to the period's end.
    pub assessed: usize,
    /// Goals whose latest staff assessment (up to the period's end) is "met".
    pub met: usize,
    pub seats_granted: u64,
    /// Granted seats serving the programme.
    pub seats_serving: u64,
    pub requests_serving: usize,
    pub serving_granted: usize,
    pub requests_other: usize,
    pub other_granted: usize,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl PartnerTailoring {
    pub fn seats_share(&self) -> Option<f64> {
        share(self.seats_serving, self.seats_granted)
    }
    pub fn serving_rate(&self) -> Option<f64> {
        share(self.serving_granted as u64, self.requests_serving as u64)
    }
    pub fn other_rate(&self) -> Option<f64> {
        share(self.other_granted as u64, self.requests_other as u64)
    }

    fn add(&mut self, o: &PartnerTailoring) {
        self.goals += o.goals;
        self.with_activity += o.with_activity;
        self.assessed += o.assessed;
        self.met += o.met;
        self.seats_granted += o.seats_granted;
        self.seats_serving += o.seats_serving;
        self.requests_serving += o.requests_serving;
        self.serving_granted += o.serving_granted;
        self.requests_other += o.requests_other;
        self.other_granted += o.other_granted;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tailoring {
    /// Each partner with an agreed programme, by code.
    pub partners: BTreeMap<NationCode, PartnerTailoring>,
    /// Their sum.
    pub total: PartnerTailoring,
}

/// Q3 over the years `from..=to` (seats by the activity's start year; assessments of cycles up
/// to `to`). A request serves the programme when it names a goal of the latest agreed version, or
/// when its activity is planned under one of those goals.
pub fn tailoring(programmes: &[ProgrammeFact], seats: &[SeatFact], from: i32, to: i32) -> Tailoring {
    let mut out = Tailoring::default();
    for p in programmes {
        let goals: BTreeSet<u32> = p.goals.iter().map(|g| g.0).collect();
        let planned: BTreeSet<i64> = p.goals.iter().flat_map(|g| g.1.iter().copied()).collect();
        let mut line = PartnerTailoring {
            goals: p.goals.len(),
            with_activity: p.goals.iter().filter(|g| !g.1.is_empty()).count(),
            ..Default::default()
        };
        for &g in &goals {
            let latest = p.staff_ratings.iter().filter(|r| r.1 == g && r.0 <= to).max_by_key(|r| r.0);
            if let Some(r) = latest {
                line.assessed += 1;
                if r.2 == Rating::Met {
                    line.met += 1;
                }
            }
        }
        for s in seats.iter().filter(|s| s.nation == p.nation && s.year >= from && s.year <= to) {
            let serving = s.goal.is_some_and(|g| goals.contains(&g)) || planned.contains(&s.activity);
            line.seats_granted += u64::from(s.granted);
            if serving {
                line.seats_serving += u64::from(s.granted);
                line.requests_serving += 1;
                line.serving_granted += usize::from(s.granted > 0);
            } else {
                line.requests_other += 1;
                line.other_granted += usize::from(s.granted > 0);
            }
        }
        out.total.add(&line);
        out.partners.insert(p.nation.clone(), line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> NationCode {
        s.parse().unwrap()
    }

    fn seat(nation: &str, year: i32, activity: i64, granted: u32, goal: Option<u32>) -> SeatFact {
        SeatFact { nation: code(nation), year, activity, asked: 2, granted, goal }
    }

    #[test]
    fn seats_serve_a_programme_by_the_goal_named_or_the_activity_planned() {
        let geo = ProgrammeFact {
            nation: code("GEO"),
            goals: vec![(2, vec![10]), (3, vec![])],
            staff_ratings: vec![(2025, 2, Rating::Met), (2026, 2, Rating::InProgress), (2025, 3, Rating::Met)],
        };
        let seats = vec![
            seat("GEO", 2026, 10, 2, None),    // planned under goal 2
            seat("GEO", 2026, 11, 1, Some(3)), // names goal 3
            seat("GEO", 2026, 12, 0, Some(9)), // names a goal not agreed: other
            seat("GEO", 2026, 13, 1, None),    // other
            seat("GEO", 2020, 10, 5, None),    // outside the period
            seat("UKR", 2026, 10, 3, None),    // another nation
        ];
        let t = tailoring(std::slice::from_ref(&geo), &seats, 2025, 2026);
        let g = &t.partners[&code("GEO")];
        assert_eq!((g.goals, g.with_activity), (2, 1));
        // Latest staff assessment up to 2026: goal 2 in progress, goal 3 met.
        assert_eq!((g.assessed, g.met), (2, 1));
        assert_eq!((g.seats_granted, g.seats_serving), (4, 3));
        assert_eq!(g.seats_share(), Some(0.75));
        assert_eq!((g.requests_serving, g.serving_granted, g.requests_other, g.other_granted), (2, 2, 2, 1));
        assert_eq!(g.other_rate(), Some(0.5));
        assert_eq!(t.total, *g);
        // Up to 2025 the latest assessment of goal 2 was "met", and no seat is in the period.
        let t = tailoring(&[geo], &seats, 2025, 2025);
        let g = &t.partners[&code("GEO")];
        assert_eq!((g.met, g.seats_granted), (2, 0));
        assert_eq!(g.seats_share(), None);
    }
}
