//! The alliance's two official languages.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// English or French: the language of a page, a notice, a label, an explanation or an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

/// A language code that is neither `en` nor `fr`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{0}': expected en or fr")]
pub struct UnknownLang(pub String);

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The ISO 639-1 code: `en` or `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The same as [`Lang::code`].
    pub fn as_str(self) -> &'static str {
        self.code()
    }

    /// Exactly `en` or `fr` (for case-insensitive parsing use [`str::parse`]).
    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s)
    }

    /// The language's own name, for a language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// Pick the text in this language.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// `en` or `fr`, in any case (`FR` is French).
impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(&s.to_ascii_lowercase()).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_parsing() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(l.code().parse::<Lang>(), Ok(l));
            assert_eq!(l.to_string(), l.code());
        }
        assert_eq!(Lang::parse("FR"), None);
        assert_eq!("FR".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!(
            "de".parse::<Lang>().map_err(|e| e.to_string()),
            Err("unknown language 'de': expected en or fr".into())
        );
        assert_eq!(Lang::default(), Lang::En);
        assert_eq!(Lang::Fr.native_name(), "Français");
        assert_eq!(Lang::Fr.pick("a", "b"), "b");
        assert_eq!(serde_json::to_string(&Lang::Fr).ok().as_deref(), Some("\"fr\""));
    }
}
