//! The partnership frameworks an alliance runs. The catalogue is data: the store seeds its
//! `framework` table from it, and imports check framework codes against the table.

use serde::Serialize;

/// What part a framework plays in the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkRole {
    /// The alliance itself: its members are the allies.
    Alliance,
    /// A partnership framework for partner states.
    Partnership,
    /// Relations with international organisations.
    Organisations,
}

impl FrameworkRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FrameworkRole::Alliance => "alliance",
            FrameworkRole::Partnership => "partnership",
            FrameworkRole::Organisations => "organisations",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "alliance" => Some(FrameworkRole::Alliance),
            "partnership" => Some(FrameworkRole::Partnership),
            "organisations" => Some(FrameworkRole::Organisations),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct FrameworkInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub name_fr: &'static str,
    pub short: &'static str,
    pub role: FrameworkRole,
    pub launched: &'static str,
    pub description: &'static str,
    pub description_fr: &'static str,
}

/// NATO's frameworks (see the partnership mechanics fact sheet).
pub const FRAMEWORKS: &[FrameworkInfo] = &[
    FrameworkInfo {
        code: "ALLIANCE",
        name: "North Atlantic Alliance",
        name_fr: "Alliance de l'Atlantique Nord",
        short: "Allies",
        role: FrameworkRole::Alliance,
        launched: "1949-04-04",
        description: "The members of the North Atlantic Treaty; they decide by consensus in the North Atlantic Council.",
        description_fr: "Les membres du Traité de l'Atlantique Nord ; ils décident par consensus au Conseil de l'Atlantique Nord.",
    },
    FrameworkInfo {
        code: "PFP",
        name: "Partnership for Peace / Euro-Atlantic Partnership Council",
        name_fr: "Partenariat pour la paix / Conseil de partenariat euro-atlantique",
        short: "PfP/EAPC",
        role: FrameworkRole::Partnership,
        launched: "1994-01-10",
        description: "Launched at the 1994 Brussels Summit; the EAPC (1997) is its political forum. An active participant may request consultations under paragraph 8 of the Framework Document.",
        description_fr: "Lancé au sommet de Bruxelles de 1994 ; le CPEA (1997) en est le forum politique. Un participant actif peut demander des consultations au titre du paragraphe 8 du Document-cadre.",
    },
    FrameworkInfo {
        code: "MD",
        name: "Mediterranean Dialogue",
        name_fr: "Dialogue méditerranéen",
        short: "MD",
        role: FrameworkRole::Partnership,
        launched: "1994-12-01",
        description: "Started by the North Atlantic Council in 1994; seven partners from North Africa and the Middle East.",
        description_fr: "Lancé par le Conseil de l'Atlantique Nord en 1994 ; sept partenaires d'Afrique du Nord et du Moyen-Orient.",
    },
    FrameworkInfo {
        code: "ICI",
        name: "Istanbul Cooperation Initiative",
        name_fr: "Initiative de coopération d'Istanbul",
        short: "ICI",
        role: FrameworkRole::Partnership,
        launched: "2004-06-28",
        description: "Launched at the 2004 Istanbul Summit for the countries of the Gulf.",
        description_fr: "Lancée au sommet d'Istanbul de 2004 pour les pays du Golfe.",
    },
    FrameworkInfo {
        code: "PAG",
        name: "Partners across the globe",
        name_fr: "Partenaires dans le monde",
        short: "PAG",
        role: FrameworkRole::Partnership,
        launched: "2010-11-20",
        description: "Individual partnerships with states outside the regional frameworks, formalised after Lisbon 2010 and Berlin 2011.",
        description_fr: "Partenariats individuels avec des États hors des cadres régionaux, formalisés après Lisbonne 2010 et Berlin 2011.",
    },
    FrameworkInfo {
        code: "ORG",
        name: "International organisations",
        name_fr: "Organisations internationales",
        short: "IOs",
        role: FrameworkRole::Organisations,
        launched: "1991",
        description: "Cooperation with the UN, the EU, the OSCE, the African Union and the Gulf Cooperation Council.",
        description_fr: "Coopération avec l'ONU, l'UE, l'OSCE, l'Union africaine et le Conseil de coopération du Golfe.",
    },
];

/// The catalogue's codes with their roles, as import validation needs them.
pub fn framework_roles() -> Vec<(super::FrameworkCode, FrameworkRole)> {
    FRAMEWORKS.iter().filter_map(|f| f.code.parse().ok().map(|c| (c, f.role))).collect()
}
