//! Country codes: ISO 3166-1 alpha-3, and the tables that map the sources' codes to it.
//!
//! * GDELT geo `CountryCode` is FIPS 10-4 (`data/fips10_4_iso3.csv` at the repository root).
//! * GDELT actor `CountryCode` and the first three letters of `Actor*Code` are CAMEO country codes
//!   (`data/cameo_countries.csv`).
//! * ACLED's `iso` is ISO 3166-1 numeric (`crates/entente-warning/data/iso3166_numeric.csv`);
//!   older ACLED files carry `iso3` directly.
//! * UCDP (and ACLED as a fallback) name the country in English
//!   (`crates/entente-warning/data/country_names.csv`: ISO names plus the spellings the datasets use,
//!   such as "DR Congo (Zaire)" or "Russia (Soviet Union)").
//! * Country names in French for the pages (`crates/entente-warning/data/country_names_fr.csv`):
//!   the French translation of ISO 3166-1 in Debian's `iso-codes` 4.15 (common names where it has
//!   them, e.g. "Corée du Sud"), with inverted official forms put in reading order ("Îles Salomon",
//!   "Syrie", "Russie") and Kosovo (`XKX`) added.
//!
//! A code that exists in a table with an empty ISO code (oceans, disputed areas, regions) maps to
//! "no country"; a code missing from the table is an error the importer reports.

use std::fmt;
use std::str::FromStr;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::WarningError;

/// An ISO 3166-1 alpha-3 code (three ASCII capitals; `XKX` for Kosovo as the datasets use it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Iso3([u8; 3]);

impl Ord for Iso3 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let [a, b, c] = self.0;
        let [x, y, z] = other.0;
        (a, b, c).cmp(&(x, y, z))
    }
}

impl PartialOrd for Iso3 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Iso3 {
    pub fn from_bytes(b: &[u8]) -> Option<Iso3> {
        match b {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Some(Iso3([*a, *b, *c])),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Constructed only from ASCII capitals.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// A dense index 0..17576 for tables.
    pub fn index(self) -> usize {
        let [a, b, c] = self.0;
        (usize::from(a - b'A') * 26 + usize::from(b - b'A')) * 26 + usize::from(c - b'A')
    }

    pub fn from_index(i: usize) -> Option<Iso3> {
        if i >= 26 * 26 * 26 {
            return None;
        }
        let c = (i % 26) as u8 + b'A';
        let b = ((i / 26) % 26) as u8 + b'A';
        let a = (i / 676) as u8 + b'A';
        Some(Iso3([a, b, c]))
    }
}

impl fmt::Display for Iso3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Iso3 {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Iso3::from_bytes(s.trim().as_bytes()).ok_or_else(|| format!("'{s}' is not an ISO 3166-1 alpha-3 code"))
    }
}

impl Serialize for Iso3 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Iso3 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The result of looking a code up in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The code maps to a country.
    Country(Iso3),
    /// The code is known but names no country (ocean, region, disputed area).
    NoCountry,
    /// The code is not in the table.
    Unknown,
}

const FIPS_SLOTS: usize = 36 * 36;

fn fips_slot(b: &[u8]) -> Option<usize> {
    let v = |c: u8| match c {
        b'A'..=b'Z' => Some(usize::from(c - b'A')),
        b'0'..=b'9' => Some(26 + usize::from(c - b'0')),
        _ => None,
    };
    match b {
        [a, b] => Some(v(*a)? * 36 + v(*b)?),
        _ => None,
    }
}

/// All country tables, embedded at build time.
#[derive(Debug, Clone)]
pub struct CountryTables {
    fips: Vec<Lookup>,
    cameo: HashMap<[u8; 3], Option<Iso3>>,
    numeric: HashMap<u16, Iso3>,
    names: HashMap<String, Iso3>,
    iso_names: HashMap<Iso3, String>,
    iso_names_fr: HashMap<Iso3, String>,
}

const FIPS_CSV: &str = include_str!("../../../data/fips10_4_iso3.csv");
const CAMEO_CSV: &str = include_str!("../../../data/cameo_countries.csv");
const NUMERIC_CSV: &str = include_str!("../data/iso3166_numeric.csv");
const NAMES_CSV: &str = include_str!("../data/country_names.csv");
const NAMES_FR_CSV: &str = include_str!("../data/country_names_fr.csv");

fn rows(text: &str, what: &str) -> Result<Vec<Vec<String>>, WarningError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| WarningError::Table(format!("{what}: {e}")))?;
        out.push(rec.iter().map(|s| s.trim().to_string()).collect());
    }
    Ok(out)
}

fn optional_iso(s: &str, what: &str) -> Result<Option<Iso3>, WarningError> {
    if s.is_empty() {
        return Ok(None);
    }
    Iso3::from_bytes(s.as_bytes()).map(Some).ok_or_else(|| WarningError::Table(format!("{what}: bad ISO3 '{s}'")))
}

impl CountryTables {
    /// The tables shipped with Entente.
    pub fn embedded() -> Result<CountryTables, WarningError> {
        let mut fips = vec![Lookup::Unknown; FIPS_SLOTS];
        for r in rows(FIPS_CSV, "fips10_4_iso3.csv")? {
            let slot = fips_slot(r[0].as_bytes())
                .ok_or_else(|| WarningError::Table(format!("fips10_4_iso3.csv: bad code '{}'", r[0])))?;
            fips[slot] = match optional_iso(&r[1], "fips10_4_iso3.csv")? {
                Some(c) => Lookup::Country(c),
                None => Lookup::NoCountry,
            };
        }
        let mut cameo = HashMap::default();
        for r in rows(CAMEO_CSV, "cameo_countries.csv")? {
            let code: [u8; 3] = r[0]
                .as_bytes()
                .try_into()
                .map_err(|_| WarningError::Table(format!("cameo_countries.csv: bad code '{}'", r[0])))?;
            cameo.insert(code, optional_iso(&r[1], "cameo_countries.csv")?);
        }
        let mut numeric = HashMap::default();
        let mut iso_names = HashMap::default();
        for r in rows(NUMERIC_CSV, "iso3166_numeric.csv")? {
            let n: u16 =
                r[0].parse().map_err(|_| WarningError::Table(format!("iso3166_numeric.csv: bad number '{}'", r[0])))?;
            let iso = optional_iso(&r[1], "iso3166_numeric.csv")?
                .ok_or_else(|| WarningError::Table("iso3166_numeric.csv: empty iso3".into()))?;
            numeric.insert(n, iso);
            iso_names.insert(iso, r[2].clone());
        }
        let mut names = HashMap::default();
        for r in rows(NAMES_CSV, "country_names.csv")? {
            let iso = optional_iso(&r[1], "country_names.csv")?
                .ok_or_else(|| WarningError::Table("country_names.csv: empty iso3".into()))?;
            names.insert(r[0].to_lowercase(), iso);
            iso_names.entry(iso).or_insert_with(|| r[0].clone());
        }
        let mut iso_names_fr = HashMap::default();
        for r in rows(NAMES_FR_CSV, "country_names_fr.csv")? {
            let iso = optional_iso(&r[0], "country_names_fr.csv")?
                .ok_or_else(|| WarningError::Table("country_names_fr.csv: empty iso3".into()))?;
            iso_names_fr.insert(iso, r[1].clone());
        }
        Ok(CountryTables { fips, cameo, numeric, names, iso_names, iso_names_fr })
    }

    /// FIPS 10-4 (GDELT geo country code) → ISO3.
    pub fn fips(&self, code: &[u8]) -> Lookup {
        fips_slot(code).map_or(Lookup::Unknown, |s| self.fips[s])
    }

    /// CAMEO actor country code → ISO3.
    pub fn cameo(&self, code: &[u8]) -> Lookup {
        let Ok(k) = <[u8; 3]>::try_from(code) else {
            return Lookup::Unknown;
        };
        match self.cameo.get(&k) {
            Some(Some(c)) => Lookup::Country(*c),
            Some(None) => Lookup::NoCountry,
            None => Lookup::Unknown,
        }
    }

    /// ISO 3166-1 numeric (ACLED `iso`) → ISO3.
    pub fn numeric(&self, n: u16) -> Option<Iso3> {
        self.numeric.get(&n).copied()
    }

    /// ISO3 → ISO 3166-1 numeric (for writing ACLED files).
    pub fn numeric_of(&self, iso: Iso3) -> Option<u16> {
        self.numeric.iter().find(|(_, v)| **v == iso).map(|(k, _)| *k)
    }

    /// An English country name as the datasets spell it → ISO3 (case-insensitive).
    pub fn name(&self, name: &str) -> Option<Iso3> {
        self.names.get(&name.trim().to_lowercase()).copied()
    }

    /// Whether the tables name this country (ISO 3166 alpha-3).
    pub fn is_known(&self, iso: Iso3) -> bool {
        self.iso_names.contains_key(&iso)
    }

    /// Every country the tables name, by code (unordered).
    pub fn countries(&self) -> impl Iterator<Item = Iso3> + '_ {
        self.iso_names.keys().copied()
    }

    /// The English name of a country, for messages.
    pub fn display_name(&self, iso: Iso3) -> String {
        self.iso_names.get(&iso).cloned().unwrap_or_else(|| iso.to_string())
    }

    /// A country's name in `lang` (the English name when the French table lacks it, then the code).
    pub fn display_name_in(&self, iso: Iso3, lang: entente_domain::Lang) -> String {
        match lang {
            entente_domain::Lang::Fr => self.iso_names_fr.get(&iso).cloned().unwrap_or_else(|| self.display_name(iso)),
            _ => self.display_name(iso),
        }
    }

    /// Every (FIPS code, ISO3) pair that names a country, for generators and peers.
    pub fn fips_pairs(&self) -> Vec<(String, Iso3)> {
        let mut out = Vec::new();
        for (slot, l) in self.fips.iter().enumerate() {
            if let Lookup::Country(c) = l {
                let ch = |v: usize| {
                    if v < 26 { (b'A' + v as u8) as char } else { (b'0' + (v - 26) as u8) as char }
                };
                out.push((format!("{}{}", ch(slot / 36), ch(slot % 36)), *c));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_country_with_an_english_name_has_a_french_one() {
        let t = super::CountryTables::embedded().unwrap();
        let mut missing: Vec<String> =
            t.iso_names.keys().filter(|iso| !t.iso_names_fr.contains_key(iso)).map(|iso| iso.to_string()).collect();
        missing.sort();
        assert!(missing.is_empty(), "no French name for {missing:?}");
        let fr = |code: &str| t.display_name_in(code.parse().unwrap(), entente_domain::Lang::Fr);
        assert_eq!(fr("SDN"), "Soudan");
        assert_eq!(fr("SYR"), "Syrie");
        assert_eq!(fr("COD"), "République démocratique du Congo");
        let inverted = |n: &&String| [", Île", ", État", ", République", ", Fédération"].iter().any(|p| n.contains(p));
        let inverted: Vec<&String> = t.iso_names_fr.values().filter(inverted).collect();
        assert!(inverted.is_empty(), "names read in order, not inverted: {inverted:?}");
        assert_eq!(t.display_name_in("SDN".parse().unwrap(), entente_domain::Lang::En), "Sudan");
    }

    use super::*;

    #[test]
    fn shipped_tables_map_known_codes() {
        let t = CountryTables::embedded().unwrap();
        assert_eq!(t.fips(b"LO"), Lookup::Country("SVK".parse().unwrap()));
        assert_eq!(t.fips(b"GV"), Lookup::Country("GIN".parse().unwrap()));
        assert_eq!(t.fips(b"KV"), Lookup::Country("XKX".parse().unwrap()));
        assert_eq!(t.fips(b"OS"), Lookup::NoCountry);
        assert_eq!(t.fips(b"Q9"), Lookup::Unknown);
        assert_eq!(t.fips(b"usa"), Lookup::Unknown);
        assert_eq!(t.cameo(b"ROM"), Lookup::Country("ROU".parse().unwrap()));
        assert_eq!(t.cameo(b"AFR"), Lookup::NoCountry);
        assert_eq!(t.cameo(b"ZZZ"), Lookup::Unknown);
        assert_eq!(t.numeric(466), Some("MLI".parse().unwrap()));
        assert_eq!(t.name("DR Congo (Zaire)"), Some("COD".parse().unwrap()));
        assert_eq!(t.name("  mali "), Some("MLI".parse().unwrap()));
        assert_eq!(t.display_name("MLI".parse().unwrap()), "Mali");
        assert!(t.fips_pairs().len() > 240);
    }

    #[test]
    fn iso3_index_round_trips() {
        let c: Iso3 = "ZWE".parse().unwrap();
        assert_eq!(Iso3::from_index(c.index()), Some(c));
        assert!("zwe".parse::<Iso3>().is_err());
        assert!("ZW".parse::<Iso3>().is_err());
    }
}
