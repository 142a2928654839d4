//! Question 8: are states interested in these partnerships, and do they keep at it? Per year, the
//! partner states eligible that year and how many of them took part — requested seats, sat in a
//! held meeting, filed a consultation request — and the partners whose engagement lapsed (engaged
//! the year before, not this year, still partners).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::registry::{FormatSpec, NationCode, NationKind, NationStatus, Network};

/// How a partner took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Engaged {
    /// Asked for seats in an activity starting that year.
    SeatRequest,
    /// Sat in a meeting held that year (its format resolved on the day).
    Meeting,
    /// Filed a consultation request that year.
    ConsultationRequest,
}

impl Engaged {
    pub const ALL: [Engaged; 3] = [Engaged::SeatRequest, Engaged::Meeting, Engaged::ConsultationRequest];
}

/// One recorded act of a nation in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EngagementFact {
    pub nation: NationCode,
    pub year: i32,
    pub how: Engaged,
}

/// The facts of held meetings: every partner seated by the meeting's format on its day.
pub fn meeting_facts(network: &Network, meetings: &[(NaiveDate, FormatSpec)]) -> Vec<EngagementFact> {
    let mut out = Vec::new();
    for (day, spec) in meetings {
        for seat in spec.resolve(network, *day).seats {
            if matches!(network.status_on(&seat.nation, *day), NationStatus::Partner { .. }) {
                out.push(EngagementFact { nation: seat.nation, year: day.year(), how: Engaged::Meeting });
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngagementYear {
    pub year: i32,
    /// Partner states active in a framework on the count day (31 December, or `on`).
    pub eligible: usize,
    pub requested_seats: usize,
    pub sat_in_meetings: usize,
    pub filed_requests: usize,
    /// Took part in at least one way.
    pub engaged: usize,
    /// Engaged the year before, not this year, and still eligible.
    pub lapsed: usize,
}

impl EngagementYear {
    /// The share of eligible partners that took part.
    pub fn share(&self) -> Option<f64> {
        (self.eligible > 0).then(|| self.engaged as f64 / self.eligible as f64)
    }
}

/// One partner's record over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerEngagement {
    pub nation: NationCode,
    /// Years it was eligible.
    pub eligible_years: usize,
    /// Years it took part.
    pub engaged_years: usize,
    /// The last year it took part, if any.
    pub last_engaged: Option<i32>,
    /// Years in which its engagement lapsed.
    pub lapses: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    pub years: Vec<EngagementYear>,
    pub partners: Vec<PartnerEngagement>,
}

fn count_day(year: i32, on: NaiveDate) -> Option<NaiveDate> {
    if year > on.year() {
        None
    } else if year == on.year() {
        Some(on)
    } else {
        NaiveDate::from_ymd_opt(year, 12, 31)
    }
}

/// Engagement of partner states per year from `from` to `to` (years after `on` are left out).
/// Partner organisations are left out: they are not states with a programme of their own.
pub fn engagement(network: &Network, facts: &[EngagementFact], from: i32, to: i32, on: NaiveDate) -> Engagement {
    let mut by_year: BTreeMap<i32, BTreeMap<NationCode, BTreeSet<Engaged>>> = BTreeMap::new();
    for f in facts {
        by_year.entry(f.year).or_default().entry(f.nation.clone()).or_default().insert(f.how);
    }
    let states: Vec<&NationCode> =
        network.nations().filter(|n| n.kind != NationKind::PartnerOrg).map(|n| &n.code).collect();
    let mut years = Vec::new();
    let mut partners: BTreeMap<NationCode, PartnerEngagement> = BTreeMap::new();
    let empty = BTreeMap::new();
    for year in from..=to {
        let Some(day) = count_day(year, on) else { break };
        let acts = by_year.get(&year).unwrap_or(&empty);
        let before = by_year.get(&(year - 1)).unwrap_or(&empty);
        let mut line = EngagementYear {
            year,
            eligible: 0,
            requested_seats: 0,
            sat_in_meetings: 0,
            filed_requests: 0,
            engaged: 0,
            lapsed: 0,
        };
        for code in &states {
            if !matches!(network.status_on(code, day), NationStatus::Partner { .. }) {
                continue;
            }
            line.eligible += 1;
            let p = partners.entry((*code).clone()).or_insert_with(|| PartnerEngagement {
                nation: (*code).clone(),
                eligible_years: 0,
                engaged_years: 0,
                last_engaged: None,
                lapses: Vec::new(),
            });
            p.eligible_years += 1;
            match acts.get(*code) {
                Some(how) => {
                    line.engaged += 1;
                    line.requested_seats += usize::from(how.contains(&Engaged::SeatRequest));
                    line.sat_in_meetings += usize::from(how.contains(&Engaged::Meeting));
                    line.filed_requests += usize::from(how.contains(&Engaged::ConsultationRequest));
                    p.engaged_years += 1;
                    p.last_engaged = Some(year);
                }
                None if before.contains_key(*code) => {
                    line.lapsed += 1;
                    p.lapses.push(year);
                }
                None => {}
            }
        }
        years.push(line);
    }
    Engagement { years, partners: partners.into_values().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::demo_network;

    fn fact(code: &str, year: i32, how: Engaged) -> EngagementFact {
        EngagementFact { nation: code.parse().unwrap(), year, how }
    }

    #[test]
    fn engagement_counts_eligible_partners_and_lapses() {
        let net = demo_network().unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let facts = vec![
            fact("MLT", 2022, Engaged::SeatRequest),
            fact("MLT", 2022, Engaged::ConsultationRequest),
            fact("UKR", 2022, Engaged::Meeting),
            fact("UKR", 2023, Engaged::SeatRequest),
            // An ally is not a partner: not counted.
            fact("NOR", 2023, Engaged::SeatRequest),
            // Finland was a partner until its accession in April 2023.
            fact("FIN", 2022, Engaged::SeatRequest),
        ];
        let e = engagement(&net, &facts, 2022, 2025, on);
        assert_eq!(e.years.len(), 3, "2025 is after the count day");
        let (y22, y23) = (&e.years[0], &e.years[1]);
        assert_eq!((y22.engaged, y22.requested_seats, y22.sat_in_meetings, y22.filed_requests), (3, 2, 1, 1));
        assert_eq!((y23.engaged, y23.lapsed), (1, 1), "Malta lapsed; Finland is an ally by the end of 2023");
        assert!(y22.eligible > 30 && y23.eligible == y22.eligible - 1, "{} {}", y22.eligible, y23.eligible);
        let mlt = e.partners.iter().find(|p| p.nation.as_str() == "MLT").unwrap();
        assert_eq!((mlt.engaged_years, mlt.last_engaged, mlt.lapses.clone()), (1, Some(2022), vec![2023]));
        assert!(!e.partners.iter().any(|p| p.nation.as_str() == "NOR" || p.nation.as_str() == "EUN"));
        assert!((y22.share().unwrap() - 3.0 / y22.eligible as f64).abs() < 1e-12);
    }

    #[test]
    fn a_held_meeting_engages_the_partners_its_format_seats() {
        let net = demo_network().unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let spec = FormatSpec { include_allies: true, frameworks: vec!["MD".parse().unwrap()], partners: vec![] };
        let facts = meeting_facts(&net, &[(day, spec)]);
        assert_eq!(facts.len(), 7, "the seven Mediterranean Dialogue partners, not the allies");
        assert!(facts.iter().all(|f| f.year == 2024 && f.how == Engaged::Meeting));
    }
}
