//! Formats: who sits in the room. A format is a rule, never a hand-kept list of attendees: it is
//! resolved against the network *as of a date*, so a meeting's participants follow the record.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FrameworkCode, NationCode, NationStatus, Network};

/// The rule that decides a format's participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatSpec {
    /// All allies on the date sit in the format.
    pub include_allies: bool,
    /// Every active partner of these frameworks on the date sits in the format.
    pub frameworks: Vec<FrameworkCode>,
    /// These partners sit in the format when they are active partners (of any framework) on the date.
    pub partners: Vec<NationCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("a format needs participants: include the allies, a framework or at least one partner")]
    Empty,
    #[error("the alliance is not a framework of partners: use 'include allies' instead")]
    AllianceAsFramework,
    #[error("framework {0} is listed twice")]
    DuplicateFramework(FrameworkCode),
    #[error("partner {0} is listed twice")]
    DuplicatePartner(NationCode),
    #[error("the format '{name}' does not exist on {on}: {}", in_force(*.from, *.to))]
    NotInForce { name: String, on: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate> },
    #[error("valid_to {to} is before valid_from {from}")]
    ValidityReversed { from: NaiveDate, to: NaiveDate },
}

impl FormatError {
    /// What to tell the reader, in either language.
    pub fn said(&self) -> crate::said::Said {
        use crate::said;
        match self {
            FormatError::Empty => said!(
                "err-format-empty",
                "a format needs participants: include the allies, a framework or at least one partner"
            ),
            FormatError::AllianceAsFramework => said!(
                "err-format-alliance",
                "the alliance is not a framework of partners: use 'include allies' instead"
            ),
            FormatError::DuplicateFramework(f) => {
                said!("err-format-framework-twice", "framework {framework} is listed twice", framework = f.as_str())
            }
            FormatError::DuplicatePartner(n) => {
                said!("err-format-partner-twice", "partner {nation} is listed twice", nation = n)
            }
            FormatError::NotInForce { name, on, from, to } => {
                let when = match (from, to) {
                    (Some(f), Some(t)) => {
                        said!("err-format-existed", "it existed from {from} to {to}", from = *f, to = *t)
                    }
                    (Some(f), None) => said!("err-format-exists-from", "it exists from {from}", from = *f),
                    (None, Some(t)) => said!("err-format-existed-until", "it existed until {to}", to = *t),
                    (None, None) => said!("err-format-always", "it always exists"),
                };
                said!(
                    "err-format-not-in-force",
                    "the format '{name}' does not exist on {on}: {when}",
                    name = name,
                    on = *on,
                    when = when
                )
            }
            FormatError::ValidityReversed { from, to } => {
                said!("err-format-reversed", "valid_to {to} is before valid_from {from}", to = *to, from = *from)
            }
        }
    }
}

/// When a format exists, in words.
fn in_force(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("it existed from {f} to {t}"),
        (Some(f), None) => format!("it exists from {f}"),
        (None, Some(t)) => format!("it existed until {t}"),
        (None, None) => "it always exists".into(),
    }
}

/// The named shapes of formats an alliance uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatKind {
    /// All allies (the Council on its own).
    AllAllies,
    /// Allies plus an explicit list of partners ("Allies+n").
    AlliesPlus,
    /// A whole framework (with or without the allies).
    Framework,
    /// Partners across frameworks: several frameworks, or frameworks plus named partners, or named partners alone.
    AcrossFrameworks,
}

impl FormatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormatKind::AllAllies => "all_allies",
            FormatKind::AlliesPlus => "allies_plus",
            FormatKind::Framework => "framework",
            FormatKind::AcrossFrameworks => "across_frameworks",
        }
    }
}

impl FormatSpec {
    pub fn validate(&self) -> Result<(), FormatError> {
        if !self.include_allies && self.frameworks.is_empty() && self.partners.is_empty() {
            return Err(FormatError::Empty);
        }
        if self.frameworks.iter().any(FrameworkCode::is_alliance) {
            return Err(FormatError::AllianceAsFramework);
        }
        for (i, f) in self.frameworks.iter().enumerate() {
            if self.frameworks[..i].contains(f) {
                return Err(FormatError::DuplicateFramework(f.clone()));
            }
        }
        for (i, p) in self.partners.iter().enumerate() {
            if self.partners[..i].contains(p) {
                return Err(FormatError::DuplicatePartner(p.clone()));
            }
        }
        Ok(())
    }

    pub fn kind(&self) -> FormatKind {
        match (self.include_allies, self.frameworks.len(), self.partners.len()) {
            (true, 0, 0) => FormatKind::AllAllies,
            (true, 0, _) => FormatKind::AlliesPlus,
            (_, 1, 0) => FormatKind::Framework,
            _ => FormatKind::AcrossFrameworks,
        }
    }

    /// Resolve the participants on `on`.
    pub fn resolve(&self, network: &Network, on: NaiveDate) -> Resolution {
        let mut seats: BTreeMap<NationCode, Basis> = BTreeMap::new();
        if self.include_allies {
            for n in network.allies_on(on) {
                seats.insert(n.code.clone(), Basis::Ally);
            }
        }
        for f in &self.frameworks {
            for n in network.members_of(f, on) {
                seats.entry(n.code.clone()).or_insert_with(|| Basis::Framework(f.clone()));
            }
        }
        let mut excluded = Vec::new();
        for p in &self.partners {
            if seats.contains_key(p) {
                continue;
            }
            let reason = match network.nation(p).map(|_| network.status_on(p, on)) {
                None => Some(ExclusionReason::UnknownNation),
                Some(NationStatus::Ally) | Some(NationStatus::Partner { .. }) => None,
                Some(NationStatus::Suspended { framework }) => Some(ExclusionReason::Suspended { framework }),
                Some(NationStatus::Former) => Some(ExclusionReason::NoLongerPartner),
                Some(NationStatus::NotYet) => Some(ExclusionReason::NotYetPartner),
            };
            match reason {
                None => {
                    seats.insert(p.clone(), Basis::Invited);
                }
                Some(reason) => excluded.push(Excluded { nation: p.clone(), reason }),
            }
        }
        let mut seats: Vec<Seat> = seats.into_iter().map(|(nation, basis)| Seat { nation, basis }).collect();
        seats.sort_by(|a, b| (a.basis != Basis::Ally, &a.nation).cmp(&(b.basis != Basis::Ally, &b.nation)));
        Resolution { on, seats, excluded }
    }
}

/// Why a nation sits in a format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", content = "framework", rename_all = "snake_case")]
pub enum Basis {
    Ally,
    Framework(FrameworkCode),
    Invited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seat {
    pub nation: NationCode,
    pub basis: Basis,
}

/// Why a partner named by a format does not sit in it on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ExclusionReason {
    UnknownNation,
    NotYetPartner,
    NoLongerPartner,
    Suspended { framework: FrameworkCode },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    pub nation: NationCode,
    pub reason: ExclusionReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub on: NaiveDate,
    pub seats: Vec<Seat>,
    pub excluded: Vec<Excluded>,
}

impl Resolution {
    pub fn includes(&self, nation: &NationCode) -> bool {
        self.seats.iter().any(|s| &s.nation == nation)
    }

    pub fn allies(&self) -> usize {
        self.seats.iter().filter(|s| s.basis == Basis::Ally).count()
    }

    pub fn partners(&self) -> usize {
        self.seats.len() - self.allies()
    }
}
