//! Reference data shipped with Entente and embedded at build time: the real partnership network
//! (`data/nato_network.csv`) and state sizes (`data/nation_size.csv`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::model::{Day, Membership};

const NETWORK_CSV: &str = include_str!("../../../data/nato_network.csv");
const SIZE_CSV: &str = include_str!("../../../data/nation_size.csv");

/// Frameworks of the shipped network (members are in `ALLIANCE`).
pub const FRAMEWORKS: [&str; 6] = ["ALLIANCE", "PFP", "MD", "ICI", "PAG", "ORG"];

/// A nation or organisation of the shipped network, with its full membership history.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceNation {
    pub code: String,
    pub name: String,
    /// `member`, `partner_state` or `partner_org`.
    pub kind: String,
    pub region: String,
    pub memberships: Vec<Membership>,
    pub population_millions: Option<f64>,
}

impl ReferenceNation {
    /// Whether the nation takes part in any framework on `day`.
    pub fn participates_on(&self, day: Day) -> bool {
        self.memberships.iter().any(|m| m.active_on(day))
    }
}

#[derive(serde::Deserialize)]
struct NetworkRow {
    code: String,
    name: String,
    kind: String,
    framework: String,
    joined: String,
    left: String,
    region: String,
}

#[derive(serde::Deserialize)]
struct SizeRow {
    code: String,
    population_millions: f64,
}

fn load() -> Result<Vec<ReferenceNation>, String> {
    let mut sizes = BTreeMap::new();
    let mut rd = csv::Reader::from_reader(SIZE_CSV.as_bytes());
    for (i, row) in rd.deserialize::<SizeRow>().enumerate() {
        let row = row.map_err(|e| format!("data/nation_size.csv line {}: {e}", i + 2))?;
        sizes.insert(row.code, row.population_millions);
    }
    let mut nations: BTreeMap<String, ReferenceNation> = BTreeMap::new();
    let mut rd = csv::Reader::from_reader(NETWORK_CSV.as_bytes());
    for (i, row) in rd.deserialize::<NetworkRow>().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("data/nato_network.csv line {line}: {e}"))?;
        let joined = Day::parse_partial(&row.joined)
            .ok_or_else(|| format!("data/nato_network.csv line {line}: joined '{}' is not a date", row.joined))?;
        let left = if row.left.is_empty() {
            None
        } else {
            Some(
                Day::parse_partial(&row.left)
                    .ok_or_else(|| format!("data/nato_network.csv line {line}: left '{}' is not a date", row.left))?,
            )
        };
        let membership = Membership { framework: row.framework, joined, left };
        let entry = nations.entry(row.code.clone()).or_insert_with(|| ReferenceNation {
            population_millions: sizes.get(&row.code).copied(),
            code: row.code,
            name: row.name.clone(),
            kind: row.kind.clone(),
            region: row.region.clone(),
            memberships: Vec::new(),
        });
        // The current status (last row read for a code that is a member) names the nation.
        if row.kind == "member" {
            entry.kind = row.kind;
        }
        entry.memberships.push(membership);
    }
    Ok(nations.into_values().collect())
}

/// The shipped network, sorted by code.
pub fn network() -> Result<&'static [ReferenceNation], String> {
    static CELL: OnceLock<Result<Vec<ReferenceNation>, String>> = OnceLock::new();
    match CELL.get_or_init(load) {
        Ok(v) => Ok(v.as_slice()),
        Err(e) => Err(e.clone()),
    }
}

/// The shipped record for `code`, if any.
pub fn nation(code: &str) -> Option<&'static ReferenceNation> {
    let all = network().ok()?;
    all.binary_search_by(|n| n.code.as_str().cmp(code)).ok().map(|i| &all[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_network_loads_with_history() {
        let all = network().unwrap();
        assert!(all.len() >= 70, "{} nations", all.len());
        let swe = nation("SWE").unwrap();
        assert_eq!(swe.memberships.len(), 2);
        let before = Day::parse("2024-03-06").unwrap();
        let after = Day::parse("2024-03-07").unwrap();
        let fw =
            |d: Day| swe.memberships.iter().filter(|m| m.active_on(d)).map(|m| m.framework.clone()).collect::<Vec<_>>();
        assert_eq!(fw(before), vec!["PFP".to_string()]);
        assert_eq!(fw(after), vec!["ALLIANCE".to_string()]);
        assert_eq!(nation("ISL").unwrap().population_millions, Some(0.4));
        assert_eq!(nation("UN").unwrap().population_millions, None);
        let rus = nation("RUS").unwrap();
        assert!(!rus.participates_on(Day::parse("2024-01-01").unwrap()));
        assert!(all.iter().all(|n| { n.memberships.iter().all(|m| FRAMEWORKS.contains(&m.framework.as_str())) }));
    }

    #[test]
    fn every_sized_state_is_in_the_network() {
        let all = network().unwrap();
        let sized = all.iter().filter(|n| n.population_millions.is_some()).count();
        assert_eq!(sized, SIZE_CSV.lines().count() - 1);
    }
}
