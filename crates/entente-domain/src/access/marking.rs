//! Releasability markings: a classification label and an audience, with the originating nation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::principal::Principal;
use crate::registry::{FrameworkCode, NationCode, Network};

/// The audience an item is released to. Every audience includes the alliance staff and the
/// originating nation. Except `StaffOnly`, every audience includes the allies (information
/// released to partners is released by the alliance, whose members see it), as markings such as
/// "NATO UNCLASSIFIED – Releasable to EAPC" mean.
///
/// Framework membership is historical: it is judged on the item's release date, so a partner
/// suspended from a framework stops seeing items released to that framework after its suspension.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "audience", content = "codes", rename_all = "snake_case")]
pub enum Audience {
    /// Alliance staff (and the originator) only.
    StaffOnly,
    /// Staff and the allies.
    AlliesOnly,
    /// Staff, allies and the named nations.
    Nations(Vec<NationCode>),
    /// Staff, allies and the active partners of the named frameworks.
    Frameworks(Vec<FrameworkCode>),
    /// Staff, allies and every active partner (states and organisations).
    AllPartners,
    /// Anyone, signed in or not.
    Public,
}

/// The audience without its codes, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AudienceKind {
    StaffOnly,
    AlliesOnly,
    Nations,
    Frameworks,
    AllPartners,
    Public,
}

impl AudienceKind {
    pub const ALL: [AudienceKind; 6] = [
        AudienceKind::StaffOnly,
        AudienceKind::AlliesOnly,
        AudienceKind::Nations,
        AudienceKind::Frameworks,
        AudienceKind::AllPartners,
        AudienceKind::Public,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AudienceKind::StaffOnly => "staff",
            AudienceKind::AlliesOnly => "allies",
            AudienceKind::Nations => "nations",
            AudienceKind::Frameworks => "frameworks",
            AudienceKind::AllPartners => "all_partners",
            AudienceKind::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<AudienceKind> {
        AudienceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl Audience {
    pub fn kind(&self) -> AudienceKind {
        match self {
            Audience::StaffOnly => AudienceKind::StaffOnly,
            Audience::AlliesOnly => AudienceKind::AlliesOnly,
            Audience::Nations(_) => AudienceKind::Nations,
            Audience::Frameworks(_) => AudienceKind::Frameworks,
            Audience::AllPartners => AudienceKind::AllPartners,
            Audience::Public => AudienceKind::Public,
        }
    }

    /// The codes of a `Nations` or `Frameworks` audience, as strings.
    pub fn codes(&self) -> Vec<String> {
        match self {
            Audience::Nations(ns) => ns.iter().map(ToString::to_string).collect(),
            Audience::Frameworks(fs) => fs.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    }

    /// Rebuild an audience from its stored form.
    pub fn from_parts(kind: AudienceKind, codes: &[String]) -> Result<Audience, MarkingError> {
        Ok(match kind {
            AudienceKind::StaffOnly => Audience::StaffOnly,
            AudienceKind::AlliesOnly => Audience::AlliesOnly,
            AudienceKind::AllPartners => Audience::AllPartners,
            AudienceKind::Public => Audience::Public,
            AudienceKind::Nations => Audience::Nations(
                codes
                    .iter()
                    .map(|c| c.parse().map_err(|_| MarkingError::BadCode(c.clone())))
                    .collect::<Result<_, _>>()?,
            ),
            AudienceKind::Frameworks => Audience::Frameworks(
                codes
                    .iter()
                    .map(|c| c.parse().map_err(|_| MarkingError::BadCode(c.clone())))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// Audiences strictly narrower than this one: releasing to any of them never shows the item
    /// to someone this audience would not.
    pub fn narrowings(&self) -> Vec<Audience> {
        let mut out = Vec::new();
        let drop_each = |codes: &[String]| -> Vec<Vec<String>> {
            (0..codes.len())
                .map(|i| codes.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c.clone()).collect())
                .collect()
        };
        match self {
            Audience::StaffOnly => {}
            Audience::AlliesOnly => out.push(Audience::StaffOnly),
            Audience::Nations(_) | Audience::Frameworks(_) => {
                out.push(Audience::AlliesOnly);
                out.push(Audience::StaffOnly);
                for fewer in drop_each(&self.codes()) {
                    if let Ok(a) = Audience::from_parts(self.kind(), &fewer) {
                        out.push(a);
                    }
                }
            }
            Audience::AllPartners => {
                out.extend([Audience::AlliesOnly, Audience::StaffOnly]);
            }
            Audience::Public => out.extend([Audience::AllPartners, Audience::AlliesOnly, Audience::StaffOnly]),
        }
        out
    }
}

/// The classification labels a deployment uses, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classifications(pub Vec<String>);

impl Default for Classifications {
    fn default() -> Self {
        Classifications(vec!["PUBLIC".into(), "NATO UNCLASSIFIED".into(), "NATO RESTRICTED".into()])
    }
}

impl Classifications {
    pub fn contains(&self, label: &str) -> bool {
        self.0.iter().any(|l| l == label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkingError {
    #[error("unknown classification '{label}' (configured: {known})")]
    UnknownClassification { label: String, known: String },
    #[error("'{0}' is not a nation or framework code")]
    BadCode(String),
    #[error("an audience of named {0} needs at least one code")]
    EmptyList(&'static str),
    #[error("{0} is listed twice in the audience")]
    Duplicate(String),
}

impl MarkingError {
    /// What to tell the reader, in either language.
    pub fn said(&self) -> crate::said::Said {
        use crate::said;
        match self {
            MarkingError::UnknownClassification { label, known } => said!(
                "err-marking-classification",
                "unknown classification '{label}' (configured: {known})",
                label = label,
                known = known
            ),
            MarkingError::BadCode(c) => {
                said!("err-marking-code", "'{code}' is not a nation or framework code", code = c)
            }
            MarkingError::EmptyList(what) => said!(
                "err-marking-empty",
                "an audience of named {what} needs at least one code",
                what = crate::said::Arg::Label("codes", what)
            ),
            MarkingError::Duplicate(c) => {
                said!("err-marking-twice", "{code} is listed twice in the audience", code = c)
            }
        }
    }
}

/// What may be seen by whom: a classification label, an audience, the originating nation (none
/// for items the staff originate) and the date the item was released on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Marking {
    pub classification: String,
    pub audience: Audience,
    pub originator: Option<NationCode>,
    pub released_on: NaiveDate,
}

impl Marking {
    pub fn validate(&self, classifications: &Classifications) -> Result<(), MarkingError> {
        if !classifications.contains(&self.classification) {
            return Err(MarkingError::UnknownClassification {
                label: self.classification.clone(),
                known: classifications.0.join(", "),
            });
        }
        let codes = self.audience.codes();
        match &self.audience {
            Audience::Nations(v) if v.is_empty() => return Err(MarkingError::EmptyList("nations")),
            Audience::Frameworks(v) if v.is_empty() => return Err(MarkingError::EmptyList("frameworks")),
            _ => {}
        }
        for (i, c) in codes.iter().enumerate() {
            if codes[..i].contains(c) {
                return Err(MarkingError::Duplicate(c.clone()));
            }
        }
        Ok(())
    }

    /// The marking as people write it: "NATO UNCLASSIFIED – Releasable to EAPC".
    pub fn label(&self) -> String {
        let to = match &self.audience {
            Audience::StaffOnly => "Staff only".to_string(),
            Audience::AlliesOnly => "Allies only".to_string(),
            Audience::Nations(ns) => {
                format!("Releasable to {}", ns.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", "))
            }
            Audience::Frameworks(fs) => {
                format!("Releasable to {}", fs.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", "))
            }
            Audience::AllPartners => "Releasable to all partners".to_string(),
            Audience::Public => "Releasable to the public".to_string(),
        };
        format!("{} – {to}", self.classification)
    }

    /// The marking in `lang`: in French the alliance's own French classifications ("NATO
    /// DIFFUSION RESTREINTE") and release words ("Communicable à EAPC"); a classification the
    /// configuration adds beyond the alliance's is shown as configured.
    pub fn label_in(&self, lang: crate::Lang) -> String {
        if lang == crate::Lang::En {
            return self.label();
        }
        let codes = |v: Vec<&str>| v.join(", ");
        let to = match &self.audience {
            Audience::StaffOnly => "Personnel seulement".to_string(),
            Audience::AlliesOnly => "Alliés seulement".to_string(),
            Audience::Nations(ns) => format!("Communicable à {}", codes(ns.iter().map(|n| n.as_str()).collect())),
            Audience::Frameworks(fs) => format!("Communicable à {}", codes(fs.iter().map(|f| f.as_str()).collect())),
            Audience::AllPartners => "Communicable à tous les partenaires".to_string(),
            Audience::Public => "Communicable au public".to_string(),
        };
        format!("{} – {to}", classification_in(&self.classification, lang))
    }
}

/// A classification's name in `lang`: the alliance's French equivalents of its levels (NATO's
/// security policy gives both); any other label as it is configured.
pub fn classification_in(classification: &str, lang: crate::Lang) -> &str {
    if lang == crate::Lang::En {
        return classification;
    }
    match classification {
        "COSMIC TOP SECRET" => "COSMIC TRÈS SECRET",
        "NATO SECRET" => "NATO SECRET",
        "NATO CONFIDENTIAL" => "NATO CONFIDENTIEL",
        "NATO RESTRICTED" => "NATO DIFFUSION RESTREINTE",
        "NATO UNCLASSIFIED" => "NATO SANS CLASSIFICATION",
        other => other,
    }
}

/// Who is looking.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    Anonymous,
    User(&'a Principal),
}

/// The one policy: may `viewer` see an item with `marking`, given the network's history?
pub fn may_see(viewer: Viewer<'_>, marking: &Marking, network: &Network) -> bool {
    if marking.audience == Audience::Public {
        return true;
    }
    let Viewer::User(p) = viewer else { return false };
    let Some(nation) = p.nation() else {
        return true; // the alliance staff see everything
    };
    if marking.originator.as_ref() == Some(nation) {
        return true;
    }
    let on = marking.released_on;
    let ally = || network.is_active(nation, &FrameworkCode::alliance(), on);
    match &marking.audience {
        Audience::Public => true,
        Audience::StaffOnly => false,
        Audience::AlliesOnly => ally(),
        Audience::Nations(ns) => ally() || ns.contains(nation),
        Audience::Frameworks(fs) => ally() || fs.iter().any(|f| network.is_active(nation, f, on)),
        Audience::AllPartners => !network.frameworks_of(nation, on).is_empty(),
    }
}
