use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error(
        "'{0}' is not a nation code: expected 2 to 8 capital letters or digits, starting with a letter (ISO 3166-1 alpha-3 for states, e.g. FIN; an abbreviation for organisations, e.g. OSCE)"
    )]
    Nation(String),
    #[error("'{0}' is not a framework code: expected 2 to 16 capital letters, digits or '_'")]
    Framework(String),
}

fn valid_code(s: &str, max: usize, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    (2..=max).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || extra.contains(c))
}

/// A nation's code: ISO 3166-1 alpha-3 for states (`FIN`), an abbreviation for organisations (`OSCE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationCode(String);

impl NationCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this looks like an ISO 3166-1 alpha-3 state code.
    pub fn is_iso3(&self) -> bool {
        self.0.len() == 3 && self.0.bytes().all(|c| c.is_ascii_uppercase())
    }
}

impl FromStr for NationCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if valid_code(t, 8, b"") { Ok(NationCode(t.to_string())) } else { Err(CodeError::Nation(s.to_string())) }
    }
}

impl TryFrom<String> for NationCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<NationCode> for String {
    fn from(c: NationCode) -> String {
        c.0
    }
}

impl fmt::Display for NationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A partnership framework's code (`ALLIANCE`, `PFP`, `MD`, `ICI`, `PAG`, `ORG`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FrameworkCode(String);

impl FrameworkCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn alliance() -> Self {
        FrameworkCode("ALLIANCE".to_string())
    }

    pub fn is_alliance(&self) -> bool {
        self.0 == "ALLIANCE"
    }
}

impl FromStr for FrameworkCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if valid_code(t, 16, b"_") {
            Ok(FrameworkCode(t.to_string()))
        } else {
            Err(CodeError::Framework(s.to_string()))
        }
    }
}

impl TryFrom<String> for FrameworkCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<FrameworkCode> for String {
    fn from(c: FrameworkCode) -> String {
        c.0
    }
}

impl fmt::Display for FrameworkCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nation_codes() {
        assert!("FIN".parse::<NationCode>().unwrap().is_iso3());
        assert!(!"OSCE".parse::<NationCode>().unwrap().is_iso3());
        assert!("UN".parse::<NationCode>().is_ok());
        for bad in ["", "F", "fin", "1AB", "FIN LAND", "ABCDEFGHI", "F-N"] {
            assert!(bad.parse::<NationCode>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn framework_codes() {
        assert!("ALLIANCE".parse::<FrameworkCode>().unwrap().is_alliance());
        assert!("PFP".parse::<FrameworkCode>().is_ok());
        assert!("pfp".parse::<FrameworkCode>().is_err());
    }
}
