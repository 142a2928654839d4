//! The one normalised event every source is turned into.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::country::Iso3;
use crate::date::{DatePrecision, Day};

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Acled,
    Gdelt1,
    Gdelt2,
    Ucdp,
    /// A security-challenge report shared by a member or partner.
    Report,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Acled => "acled",
            Source::Gdelt1 => "gdelt1",
            Source::Gdelt2 => "gdelt2",
            Source::Ucdp => "ucdp",
            Source::Report => "report",
        }
    }

    /// The series layer the source counts in (see [`Layer`]).
    pub fn layer(self) -> Layer {
        match self {
            Source::Gdelt1 | Source::Gdelt2 => Layer::Media,
            Source::Acled | Source::Ucdp | Source::Report => Layer::Curated,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Source::Acled, Source::Gdelt1, Source::Gdelt2, Source::Ucdp, Source::Report]
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown source '{s}'"))
    }
}

/// Series are kept apart by layer: curated incident data (ACLED, UCDP, partner reports — fused into
/// incidents) and machine-coded media events (GDELT — one record per news-coded event, repeats
/// already folded into its mention counts). Their volumes differ by orders of magnitude, so mixing
/// them in one count would let the media layer drown the curated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Curated,
    Media,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Curated => "curated",
            Layer::Media => "media",
        }
    }
}

impl FromStr for Layer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "curated" => Ok(Layer::Curated),
            "media" => Ok(Layer::Media),
            _ => Err(format!("unknown layer '{s}'")),
        }
    }
}

/// How precisely the place is known, on one scale for all sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    /// Town or exact point (ACLED 1, UCDP 1, GDELT city).
    Exact,
    /// Near a town, district, admin2 (ACLED 2, UCDP 2–3).
    Near,
    /// Province / admin1 (ACLED 3, UCDP 4, GDELT state).
    Admin1,
    /// Country only (UCDP 6, GDELT country).
    Country,
    /// Wider than a country or unknown (UCDP 5 and 7).
    Unknown,
}

/// One actor as the source names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    /// The source's own actor code (CAMEO actor code, ACLED `inter` code, UCDP side id), as a string.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// The actor's country when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Iso3>,
}

/// Severity exactly as the source delivers it; nothing is converted between scales.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    /// ACLED `fatalities`, UCDP `best`, a report's stated deaths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<u32>,
    /// UCDP `low`/`high` death estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities_low: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities_high: Option<u32>,
    /// GDELT Goldstein scale (−10…+10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    /// GDELT AvgTone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<f32>,
    /// GDELT NumMentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<u32>,
}

/// The normalised event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub source: Source,
    /// The source's own identifier (`event_id_cnty`, `GLOBALEVENTID`, UCDP `id`, report id), as text.
    pub source_id: String,
    pub date: Day,
    pub date_precision: DatePrecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Iso3>,
    #[serde(default)]
    pub admin1: String,
    #[serde(default)]
    pub admin2: String,
    #[serde(default)]
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    pub geo_precision: GeoPrecision,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub severity: Severity,
    /// The source's event type, verbatim: ACLED `event_type/sub_event_type`, the CAMEO code, UCDP
    /// `type_of_violence`, or a report's own type.
    #[serde(default)]
    pub event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Source URL, ACLED `source`/`notes`, UCDP `source_article`, or a report's reference.
    #[serde(default)]
    pub provenance: String,
    /// For partner reports: who reported (ISO3 of the nation, or an organisation code).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reporter: String,
}

impl Event {
    /// An ordering key for "most severe first": fatalities, then negative Goldstein, then mentions.
    pub fn weight(&self) -> f64 {
        let s = &self.severity;
        f64::from(s.fatalities.unwrap_or(0)) * 1000.0
            + f64::from(-s.goldstein.unwrap_or(0.0)).max(0.0) * 10.0
            + f64::from(s.mentions.unwrap_or(0)).min(9.0)
    }
}
