//! The ten security-challenge categories and their names in English and French.

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
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Category::Terrorism) => "terrorism",
            (Lang::En, Category::Wmd) => "WMD proliferation or use",
            (Lang::En, Category::ArmsTrafficking) => "arms trafficking",
            (Lang::En, Category::NarcoticsTrafficking) => "narcotics trafficking",
            (Lang::En, Category::HumanTrafficking) => "human trafficking",
            (Lang::En, Category::Cyber) => "cyber",
            (Lang::En, Category::ArmedConflict) => "armed conflict",
            (Lang::En, Category::ViolenceAgainstCivilians) => "violence against civilians",
            (Lang::En, Category::Unrest) => "unrest (riots and protests)",
            (Lang::En, Category::InterCommunalViolence) => "inter-communal violence",
            (Lang::Fr, Category::Terrorism) => "terrorisme",
            (Lang::Fr, Category::Wmd) => "prolifération ou emploi d'ADM",
            (Lang::Fr, Category::ArmsTrafficking) => "trafic d'armes",
            (Lang::Fr, Category::NarcoticsTrafficking) => "trafic de stupéfiants",
            (Lang::Fr, Category::HumanTrafficking) => "traite des êtres humains",
            (Lang::Fr, Category::Cyber) => "cyber",
            (Lang::Fr, Category::ArmedConflict) => "conflit armé",
            (Lang::Fr, Category::ViolenceAgainstCivilians) => "violence contre les civils",
            (Lang::Fr, Category::Unrest) => "troubles (émeutes et manifestations)",
            (Lang::Fr, Category::InterCommunalViolence) => "violence intercommunautaire",
        }
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
            assert_ne!(c.label(Lang::En), "");
            assert_ne!(c.label(Lang::Fr), "");
        }
        assert!("kidnapping".parse::<Category>().is_err());
        assert_eq!("FR".parse::<Lang>(), Ok(Lang::Fr));
    }
}
