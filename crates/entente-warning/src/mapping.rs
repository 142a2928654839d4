//! Event types → challenge categories. The tables are data files under
//! `crates/entente-warning/data/`, embedded in the binary and overridable at run time by files of
//! the same name and shape in a directory (see the crate README for the rules and their reasons).
//!
//! * `acled_categories.csv` — `event_type,sub_event_type,inter1,inter2,category`; `*` matches
//!   anything; the **first** matching row wins; an empty category means "no category".
//!   `inter1`/`inter2` are ACLED actor-type codes (labels are converted to codes before matching).
//! * `cameo_categories.csv` — `cameo_prefix,category`; the **longest** prefix of the event code
//!   wins; codes with no matching prefix have no category.
//! * `ucdp_categories.csv` — `type_of_violence,category`.

use std::path::Path;

use crate::category::Category;
use crate::error::WarningError;

pub const ACLED_FILE: &str = "acled_categories.csv";
pub const CAMEO_FILE: &str = "cameo_categories.csv";
pub const UCDP_FILE: &str = "ucdp_categories.csv";

const ACLED_CSV: &str = include_str!("../data/acled_categories.csv");
const CAMEO_CSV: &str = include_str!("../data/cameo_categories.csv");
const UCDP_CSV: &str = include_str!("../data/ucdp_categories.csv");

#[derive(Debug, Clone)]
struct AcledRule {
    event_type: Option<String>,
    sub_event_type: Option<String>,
    inter1: Option<u8>,
    inter2: Option<u8>,
    category: Option<Category>,
}

/// ACLED (event type, sub-event type, inter1, inter2) → category.
#[derive(Debug, Clone)]
pub struct AcledMap {
    rules: Vec<AcledRule>,
}

/// CAMEO event code → category, by longest prefix, precomputed for every 2–4 digit code.
#[derive(Debug, Clone)]
pub struct CameoMap {
    /// Index `(len - 2) * 10_000 + value`; `u8::MAX` = no category.
    dense: Vec<u8>,
    prefixes: Vec<(String, Option<Category>)>,
}

/// UCDP `type_of_violence` → category.
#[derive(Debug, Clone)]
pub struct UcdpMap {
    rules: Vec<(String, Option<Category>)>,
}

/// The three tables together.
#[derive(Debug, Clone)]
pub struct Mappings {
    pub acled: AcledMap,
    pub cameo: CameoMap,
    pub ucdp: UcdpMap,
}

fn table(text: &str, file: &str, columns: usize) -> Result<Vec<Vec<String>>, WarningError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| WarningError::Table(format!("{file}: {e}")))?;
        if rec.len() != columns {
            return Err(WarningError::Table(format!("{file}: line {}: expected {columns} columns", i + 2)));
        }
        out.push(rec.iter().map(|s| s.trim().to_string()).collect());
    }
    Ok(out)
}

fn category(s: &str, file: &str) -> Result<Option<Category>, WarningError> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|e| WarningError::Table(format!("{file}: {e}")))
}

fn wildcard(s: &str) -> Option<String> {
    (s != "*").then(|| s.to_ascii_lowercase())
}

impl AcledMap {
    pub fn from_csv(text: &str) -> Result<AcledMap, WarningError> {
        let mut rules = Vec::new();
        for r in table(text, ACLED_FILE, 5)? {
            let inter = |s: &str| -> Result<Option<u8>, WarningError> {
                if s == "*" {
                    return Ok(None);
                }
                s.parse::<u8>()
                    .ok()
                    .filter(|v| *v <= 8)
                    .map(Some)
                    .ok_or_else(|| WarningError::Table(format!("{ACLED_FILE}: bad inter code '{s}'")))
            };
            rules.push(AcledRule {
                event_type: wildcard(&r[0]),
                sub_event_type: wildcard(&r[1]),
                inter1: inter(&r[2])?,
                inter2: inter(&r[3])?,
                category: category(&r[4], ACLED_FILE)?,
            });
        }
        Ok(AcledMap { rules })
    }

    pub fn classify(&self, event_type: &str, sub_event_type: &str, inter1: u8, inter2: u8) -> Option<Category> {
        let et = event_type.trim().to_ascii_lowercase();
        let st = sub_event_type.trim().to_ascii_lowercase();
        self.rules
            .iter()
            .find(|r| {
                r.event_type.as_ref().is_none_or(|v| *v == et)
                    && r.sub_event_type.as_ref().is_none_or(|v| *v == st)
                    && r.inter1.is_none_or(|v| v == inter1)
                    && r.inter2.is_none_or(|v| v == inter2)
            })
            .and_then(|r| r.category)
    }
}

impl CameoMap {
    pub fn from_csv(text: &str) -> Result<CameoMap, WarningError> {
        let mut prefixes = Vec::new();
        for r in table(text, CAMEO_FILE, 2)? {
            if r[0].is_empty() || r[0].len() > 4 || !r[0].bytes().all(|b| b.is_ascii_digit()) {
                return Err(WarningError::Table(format!("{CAMEO_FILE}: bad prefix '{}'", r[0])));
            }
            prefixes.push((r[0].clone(), category(&r[1], CAMEO_FILE)?));
        }
        let mut dense = vec![u8::MAX; 30_000];
        for len in 2..=4usize {
            for value in 0..10usize.pow(len as u32) {
                let code = format!("{value:0len$}");
                let best = prefixes
                    .iter()
                    .filter(|(p, _)| code.starts_with(p.as_str()))
                    .max_by_key(|(p, _)| p.len())
                    .and_then(|(_, c)| *c);
                if let Some(c) = best {
                    dense[(len - 2) * 10_000 + value] = c.index() as u8;
                }
            }
        }
        Ok(CameoMap { dense, prefixes })
    }

    /// Classify a CAMEO event code given as bytes; `None` for no category or a malformed code.
    #[inline]
    pub fn classify(&self, code: &[u8]) -> Option<Category> {
        if !(2..=4).contains(&code.len()) {
            return None;
        }
        let mut v = 0usize;
        for &b in code {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + usize::from(b - b'0');
        }
        let c = self.dense[(code.len() - 2) * 10_000 + v];
        Category::ALL.get(usize::from(c)).copied()
    }

    /// The prefix rules, for peers and documentation.
    pub fn prefixes(&self) -> &[(String, Option<Category>)] {
        &self.prefixes
    }
}

impl UcdpMap {
    pub fn from_csv(text: &str) -> Result<UcdpMap, WarningError> {
        let mut rules = Vec::new();
        for r in table(text, UCDP_FILE, 2)? {
            rules.push((r[0].clone(), category(&r[1], UCDP_FILE)?));
        }
        Ok(UcdpMap { rules })
    }

    pub fn classify(&self, type_of_violence: &str) -> Option<Category> {
        let t = type_of_violence.trim();
        self.rules.iter().find(|(k, _)| k == t).and_then(|(_, c)| *c)
    }
}

impl Mappings {
    /// The tables shipped with Entente.
    pub fn embedded() -> Result<Mappings, WarningError> {
        Ok(Mappings {
            acled: AcledMap::from_csv(ACLED_CSV)?,
            cameo: CameoMap::from_csv(CAMEO_CSV)?,
            ucdp: UcdpMap::from_csv(UCDP_CSV)?,
        })
    }

    /// The shipped tables, with each one replaced by the file of the same name in `dir` if present.
    pub fn with_overrides(dir: &Path) -> Result<Mappings, WarningError> {
        let read = |name: &str, default: &'static str| -> Result<String, WarningError> {
            let p = dir.join(name);
            if p.exists() {
                std::fs::read_to_string(&p).map_err(|e| WarningError::io(p, e))
            } else {
                Ok(default.to_string())
            }
        };
        Ok(Mappings {
            acled: AcledMap::from_csv(&read(ACLED_FILE, ACLED_CSV)?)?,
            cameo: CameoMap::from_csv(&read(CAMEO_FILE, CAMEO_CSV)?)?,
            ucdp: UcdpMap::from_csv(&read(UCDP_FILE, UCDP_CSV)?)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_acled_rules() {
        let m = Mappings::embedded().unwrap();
        let a = &m.acled;
        assert_eq!(a.classify("Battles", "Armed clash", 1, 2), Some(Category::ArmedConflict));
        assert_eq!(a.classify("Battles", "Armed clash", 4, 4), Some(Category::InterCommunalViolence));
        assert_eq!(a.classify("Explosions/Remote violence", "Suicide bomb", 2, 7), Some(Category::Terrorism));
        assert_eq!(a.classify("Explosions/Remote violence", "Chemical weapon", 1, 7), Some(Category::Wmd));
        assert_eq!(a.classify("Violence against civilians", "Attack", 2, 7), Some(Category::Terrorism));
        assert_eq!(a.classify("Violence against civilians", "Attack", 1, 7), Some(Category::ViolenceAgainstCivilians));
        assert_eq!(a.classify("violence against civilians", "ATTACK", 4, 7), Some(Category::InterCommunalViolence));
        assert_eq!(a.classify("Protests", "Peaceful protest", 6, 0), Some(Category::Unrest));
        assert_eq!(
            a.classify("Strategic developments", "Disrupted weapons use", 1, 0),
            Some(Category::ArmsTrafficking)
        );
        assert_eq!(a.classify("Strategic developments", "Agreement", 1, 2), None);
        assert_eq!(a.classify("Something new", "Unheard of", 1, 2), None);
    }

    #[test]
    fn shipped_cameo_rules_use_longest_prefix_and_keep_leading_zeros() {
        let m = Mappings::embedded().unwrap();
        let c = &m.cameo;
        assert_eq!(c.classify(b"145"), Some(Category::Unrest));
        assert_eq!(c.classify(b"1831"), Some(Category::Terrorism));
        assert_eq!(c.classify(b"1823"), Some(Category::ViolenceAgainstCivilians));
        assert_eq!(c.classify(b"2041"), Some(Category::Wmd));
        assert_eq!(c.classify(b"203"), Some(Category::InterCommunalViolence));
        assert_eq!(c.classify(b"193"), Some(Category::ArmedConflict));
        assert_eq!(c.classify(b"19"), Some(Category::ArmedConflict));
        assert_eq!(c.classify(b"18"), None);
        assert_eq!(c.classify(b"014"), None);
        assert_eq!(c.classify(b"0141"), None);
        assert_eq!(c.classify(b"1x"), None);
        assert_eq!(c.classify(b"12345"), None);
        assert_eq!(m.ucdp.classify("3"), Some(Category::ViolenceAgainstCivilians));
        assert_eq!(m.ucdp.classify("9"), None);
    }

    #[test]
    fn overrides_replace_a_table_and_bad_tables_are_rejected() {
        let dir = std::env::temp_dir().join(format!("entente-warning-map-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(CAMEO_FILE), "cameo_prefix,category\n01,cyber\n").unwrap();
        let m = Mappings::with_overrides(&dir).unwrap();
        assert_eq!(m.cameo.classify(b"014"), Some(Category::Cyber));
        assert_eq!(m.cameo.classify(b"193"), None);
        assert_eq!(m.ucdp.classify("1"), Some(Category::ArmedConflict));
        std::fs::write(dir.join(CAMEO_FILE), "cameo_prefix,category\n01,kidnapping\n").unwrap();
        assert!(matches!(Mappings::with_overrides(&dir), Err(WarningError::Table(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
