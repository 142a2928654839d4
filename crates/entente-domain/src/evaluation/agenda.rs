//! Q1 — do partners shape the forum's agenda? Per year of the meeting: the agenda items proposed,
//! those proposed by partners' delegations (not allies, not the staff), their share, and how many
//! of each were accepted. Pure: the caller passes what the reader may see.

use std::collections::BTreeMap;

use serde::Serialize;

/// Who proposed an agenda item, judged on the meeting's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proposer {
    Staff,
    Ally,
    Partner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaFact {
    pub year: i32,
    pub by: Proposer,
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaYear {
    pub year: i32,
    pub items: usize,
    pub by_partners: usize,
    /// `by_partners / items`.
    pub partner_share: f64,
    pub accepted: usize,
    pub partners_accepted: usize,
}

/// Every year of `from..=to` with agenda items, in order.
pub fn by_year(facts: &[AgendaFact], from: i32, to: i32) -> Vec<AgendaYear> {
    let mut years: BTreeMap<i32, [usize; 4]> = BTreeMap::new();
    for f in facts.iter().filter(|f| (from..=to).contains(&f.year)) {
        let y = years.entry(f.year).or_default();
        let partner = f.by == Proposer::Partner;
        y[0] += 1;
        y[1] += usize::from(partner);
        y[2] += usize::from(f.accepted);
        y[3] += usize::from(partner && f.accepted);
    }
    years
        .into_iter()
        .map(|(year, [items, by_partners, accepted, partners_accepted])| AgendaYear {
            year,
            items,
            by_partners,
            partner_share: by_partners as f64 / items as f64,
            accepted,
            partners_accepted,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_initiated_items_and_their_share_per_year() {
        let f = |year, by, accepted| AgendaFact { year, by, accepted };
        let facts = [
            f(2025, Proposer::Partner, true),
            f(2025, Proposer::Partner, false),
            f(2025, Proposer::Staff, true),
            f(2025, Proposer::Ally, true),
            f(2026, Proposer::Staff, true),
            f(2030, Proposer::Partner, true),
        ];
        let y = by_year(&facts, 2025, 2026);
        assert_eq!(y.len(), 2);
        assert_eq!((y[0].items, y[0].by_partners, y[0].accepted, y[0].partners_accepted), (4, 2, 3, 1));
        assert_eq!(y[0].partner_share, 0.5);
        assert_eq!((y[1].by_partners, y[1].partner_share), (0, 0.0));
    }
}
