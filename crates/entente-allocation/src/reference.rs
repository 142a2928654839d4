//! The shipped partnership network, as the engine uses it: the registry's demo network
//! ([`entente_domain::registry::demo_network`], parsed and validated from `data/nato_network.csv`
//! and `data/nation_size.csv` by the domain) with each nation's membership history turned into
//! day numbers once.

use std::sync::OnceLock;

use entente_domain::registry::{self, NationKind};

use crate::model::{Day, Membership};

/// A nation or organisation of the shipped network, with its full membership history.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceNation {
    pub code: String,
    pub name: String,
    pub kind: NationKind,
    pub region: Option<String>,
    pub memberships: Vec<Membership>,
    pub population_millions: Option<f64>,
}

impl ReferenceNation {
    /// Whether the nation takes part in any framework on `day`.
    pub fn participates_on(&self, day: Day) -> bool {
        self.memberships.iter().any(|m| m.active_on(day))
    }
}

/// The codes of the frameworks of the registry's catalogue (members are in `ALLIANCE`).
pub fn frameworks() -> impl Iterator<Item = &'static str> {
    registry::FRAMEWORKS.iter().map(|f| f.code)
}

fn load() -> Result<Vec<ReferenceNation>, String> {
    let network = registry::demo_network().map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the shipped network does not load: {}", list.join("; "))
    })?;
    Ok(network
        .nations()
        .map(|n| ReferenceNation {
            code: n.code.to_string(),
            name: n.name.clone(),
            kind: n.kind,
            region: n.region.clone(),
            memberships: network.memberships_of(&n.code).map(Membership::from).collect(),
            population_millions: n.size.as_ref().map(|s| s.population_millions),
        })
        .collect())
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
    fn shipped_network_comes_with_its_history() {
        let all = network().unwrap();
        assert!(all.len() >= 70, "{} nations", all.len());
        assert!(all.windows(2).all(|w| w[0].code < w[1].code));
        let swe = nation("SWE").unwrap();
        assert_eq!(swe.memberships.len(), 2);
        let before = Day::parse("2024-03-06").unwrap();
        let after = Day::parse("2024-03-07").unwrap();
        let fw =
            |d: Day| swe.memberships.iter().filter(|m| m.active_on(d)).map(|m| m.framework.clone()).collect::<Vec<_>>();
        assert_eq!(fw(before), vec!["PFP".to_string()]);
        assert_eq!(fw(after), vec!["ALLIANCE".to_string()]);
        assert_eq!(swe.kind, NationKind::Member);
        assert_eq!(nation("ISL").unwrap().population_millions, Some(0.4));
        assert_eq!(nation("UN").unwrap().population_millions, None);
        let rus = nation("RUS").unwrap();
        assert!(!rus.participates_on(Day::parse("2024-01-01").unwrap()));
        let known: Vec<&str> = frameworks().collect();
        assert_eq!(known, ["ALLIANCE", "PFP", "MD", "ICI", "PAG", "ORG"]);
        assert!(all.iter().all(|n| n.memberships.iter().all(|m| known.contains(&m.framework.as_str()))));
        // Partial dates count from the first day of their period (Malta's first PfP period).
        let mlt = nation("MLT").unwrap();
        assert!(mlt.participates_on(Day::parse("1995-04-26").unwrap()));
        assert!(!mlt.participates_on(Day::parse("2000-01-01").unwrap()));
    }

    #[test]
    fn every_sized_state_is_in_the_network() {
        let all = network().unwrap();
        let sized = all.iter().filter(|n| n.population_millions.is_some()).count();
        assert_eq!(sized, entente_domain::registry::DEMO_SIZES_CSV.lines().count() - 1);
    }
}
