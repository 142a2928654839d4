//! The ten security-challenge categories; their names in English and French are messages
//! (`warning-category-<code>`) of the `entente-i18n` catalogues.

use std::fmt;
use std::str::FromStr;

use entente_domain::Lang;
use serde::{Deserialize, Serialize};

/// A security-challenge category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Terrorism,
    Wmd,
    ArmsTrafficking,
    NarcoticsTrafficking,
    HumanTrafficking,
    Cyber,
    ArmedConflict,
    ViolenceAgainstCivilians,
    Unrest,
    InterCommunalViolence,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Terrorism,
        Category::Wmd,
        Category::ArmsTrafficking,
        Category::NarcoticsTrafficking,
        Category::HumanTrafficking,
        Category::Cyber,
        Category::ArmedConflict,
        Category::ViolenceAgainstCivilians,
        Category::Unrest,
        Category::InterCommunalViolence,
    ];

    /// The stable code used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Terrorism => "terrorism",
            Category::Wmd => "wmd",
            Category::ArmsTrafficking => "arms_trafficking",
            Category::NarcoticsTrafficking => "narcotics_trafficking",
            Category::HumanTrafficking => "human_trafficking",
            Category::Cyber => "cyber",
            Category::ArmedConflict => "armed_conflict",
            Category::ViolenceAgainstCivilians => "violence_against_civilians",
            Category::Unrest => "unrest",
            Category::InterCommunalViolence => "inter_communal_violence",
        }
    }

    /// Index in [`Category::ALL`] (0..10), for dense tables.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The human name in a language.
    pub fn label(self, lang: Lang) -> String {
        entente_i18n::t(lang, &format!("warning-category-{}", self.as_str()))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("unknown category '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_indices_are_dense() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
            for lang in Lang::ALL {
                assert!(entente_i18n::has(lang, &format!("warning-category-{c}")), "{c} has no name in {lang}");
            }
        }
        assert!("kidnapping".parse::<Category>().is_err());
        assert_eq!(Category::Wmd.label(Lang::En), "WMD proliferation or use");
        assert_eq!(Category::HumanTrafficking.label(Lang::Fr), "traite des êtres humains");
    }
}
