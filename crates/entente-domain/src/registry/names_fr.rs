//! French names of nations and regions in the demo data (`data/names_fr.csv`).

use std::collections::HashMap;
use std::sync::OnceLock;

const NAMES_FR_CSV: &str = include_str!("../../../../data/names_fr.csv");

fn table() -> &'static HashMap<(String, String), String> {
    static TABLE: OnceLock<HashMap<(String, String), String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        NAMES_FR_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut parts = line.splitn(3, ',');
                let kind = parts.next()?;
                let key = parts.next()?;
                let fr = parts.next()?;
                Some(((kind.to_string(), key.to_string()), fr.to_string()))
            })
            .collect()
    })
}

/// The French name of a nation, by code, where the shipped table has one.
pub fn nation(code: &str) -> Option<&'static str> {
    table().get(&("nation".to_string(), code.to_string())).map(String::as_str)
}

/// The French name of a region, by its English name, where the shipped table has one.
pub fn region(name: &str) -> Option<&'static str> {
    table().get(&("region".to_string(), name.to_string())).map(String::as_str)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_nation_and_region_has_a_french_name() {
        let mut rdr = csv::Reader::from_reader(super::super::DEMO_NETWORK_CSV.as_bytes());
        for rec in rdr.records() {
            let rec = rec.unwrap();
            assert!(super::nation(&rec[0]).is_some(), "no French name for {}", &rec[0]);
            assert!(super::region(&rec[6]).is_some(), "no French name for region {}", &rec[6]);
        }
        assert_eq!(super::nation("FIN"), Some("Finlande"));
    }
}
