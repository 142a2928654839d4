//! Q8 — interest and trust, from what happens after the activities: per year (of the activity's
//! last day), the participants placed, how many attended and completed, and the feedback their
//! delegations gave (the mean of each rating). Pure: the caller passes numbers only.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// One participant's recorded attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceFact {
    pub year: i32,
    pub nation: String,
    pub attended: bool,
    pub completed: bool,
}

/// One nation's feedback on one activity: relevance, quality, organisation (1 to 5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFact {
    pub year: i32,
    pub nation: String,
    pub ratings: [u8; 3],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipationYear {
    pub year: i32,
    /// Nations with a participant recorded, or feedback given.
    pub nations: usize,
    pub participants: usize,
    pub attended: usize,
    pub completed: usize,
    pub feedback: usize,
    /// Mean relevance, quality and organisation over the feedback of the year.
    pub means: Option<[f64; 3]>,
}

impl ParticipationYear {
    pub fn attended_share(&self) -> Option<f64> {
        (self.participants > 0).then(|| self.attended as f64 / self.participants as f64)
    }

    pub fn completed_share(&self) -> Option<f64> {
        (self.attended > 0).then(|| self.completed as f64 / self.attended as f64)
    }
}

/// Every year of `from..=to` with anything recorded, in order.
pub fn by_year(att: &[AttendanceFact], fb: &[FeedbackFact], from: i32, to: i32) -> Vec<ParticipationYear> {
    /// Nations, participants, attended, completed, ratings.
    type Tally<'a> = (BTreeSet<&'a str>, usize, usize, usize, Vec<[u8; 3]>);
    let mut years: BTreeMap<i32, Tally> = BTreeMap::new();
    for a in att.iter().filter(|a| (from..=to).contains(&a.year)) {
        let y = years.entry(a.year).or_default();
        y.0.insert(&a.nation);
        y.1 += 1;
        y.2 += usize::from(a.attended);
        y.3 += usize::from(a.attended && a.completed);
    }
    for f in fb.iter().filter(|f| (from..=to).contains(&f.year)) {
        let y = years.entry(f.year).or_default();
        y.0.insert(&f.nation);
        y.4.push(f.ratings);
    }
    years
        .into_iter()
        .map(|(year, (nations, participants, attended, completed, ratings))| {
            let n = ratings.len() as f64;
            let mean = |i: usize| ratings.iter().map(|r| f64::from(r[i])).sum::<f64>() / n;
            ParticipationYear {
                year,
                nations: nations.len(),
                participants,
                attended,
                completed,
                feedback: ratings.len(),
                means: (!ratings.is_empty()).then(|| [mean(0), mean(1), mean(2)]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_and_feedback_are_counted_per_year() {
        let a = |year, nation: &str, attended, completed| AttendanceFact {
            year,
            nation: nation.into(),
            attended,
            completed,
        };
        let f = |year, nation: &str, r: [u8; 3]| FeedbackFact { year, nation: nation.into(), ratings: r };
        let att = [
            a(2025, "GEO", true, true),
            a(2025, "GEO", false, false),
            a(2025, "UKR", true, false),
            a(2026, "MLT", true, true),
        ];
        let fb = [f(2025, "GEO", [5, 4, 3]), f(2025, "UKR", [3, 4, 5]), f(2027, "TUN", [1, 1, 1])];
        let y = by_year(&att, &fb, 2025, 2026);
        assert_eq!(y.len(), 2);
        assert_eq!((y[0].nations, y[0].participants, y[0].attended, y[0].completed, y[0].feedback), (2, 3, 2, 1, 2));
        assert_eq!(y[0].means, Some([4.0, 4.0, 4.0]));
        assert_eq!(y[0].completed_share(), Some(0.5));
        assert_eq!(y[1].means, None);
        assert_eq!(y[1].attended_share(), Some(1.0));
    }
}
