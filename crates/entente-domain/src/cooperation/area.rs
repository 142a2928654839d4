//! The areas of cooperation of the menu, shipped as `data/cooperation_areas.csv`.

use std::sync::OnceLock;

use crate::Lang;

const AREAS_CSV: &str = include_str!("../../../../data/cooperation_areas.csv");

/// One area of cooperation: a short code and its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
}

impl Area {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            Lang::Fr => &self.name_fr,
        }
    }
}

/// Every area, in the file's order.
pub fn areas() -> &'static [Area] {
    static AREAS: OnceLock<Vec<Area>> = OnceLock::new();
    AREAS.get_or_init(|| {
        let mut r = csv::Reader::from_reader(AREAS_CSV.as_bytes());
        r.records()
            .filter_map(Result::ok)
            .map(|rec| Area { code: rec[0].to_string(), name_en: rec[1].to_string(), name_fr: rec[2].to_string() })
            .collect()
    })
}

/// The area with this code.
pub fn area(code: &str) -> Option<&'static Area> {
    areas().iter().find(|a| a.code == code)
}
