use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::{FrameworkCode, NationCode};
use crate::date::PartialDate;

/// What a nation is in the network, in one relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NationKind {
    Member,
    PartnerState,
    PartnerOrg,
}

impl NationKind {
    pub const ALL: [NationKind; 3] = [NationKind::Member, NationKind::PartnerState, NationKind::PartnerOrg];

    pub fn as_str(self) -> &'static str {
        match self {
            NationKind::Member => "member",
            NationKind::PartnerState => "partner_state",
            NationKind::PartnerOrg => "partner_org",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a period in a framework ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The nation left (or the relationship ended).
    Left,
    /// The alliance or the nation suspended the partnership; the nation is listed but not active.
    Suspended,
    /// The partner became an ally on that day.
    BecameMember,
}

impl EndReason {
    pub const ALL: [EndReason; 3] = [EndReason::Left, EndReason::Suspended, EndReason::BecameMember];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Left => "left",
            EndReason::Suspended => "suspended",
            EndReason::BecameMember => "became_member",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One period of a nation in a framework: `[joined, left)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub nation: NationCode,
    pub framework: FrameworkCode,
    pub kind: NationKind,
    pub joined: PartialDate,
    pub left: Option<PartialDate>,
    pub end_reason: Option<EndReason>,
    pub note: String,
}

impl Membership {
    /// Whether the period covers `on`. The joining day counts; the leaving day does not.
    pub fn active_on(&self, on: NaiveDate) -> bool {
        self.joined.first_day() <= on && self.left.is_none_or(|l| on < l.first_day())
    }

    /// Whether the periods of two memberships share at least one day.
    pub fn overlaps(&self, other: &Membership) -> bool {
        let end = |m: &Membership| m.left.map(|l| l.first_day());
        let starts_before_end = |a: &Membership, b: &Membership| end(b).is_none_or(|e| a.joined.first_day() < e);
        starts_before_end(self, other) && starts_before_end(other, self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationSize {
    pub population_millions: f64,
    pub gdp_usd_billions: f64,
    pub year: i32,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nation {
    pub code: NationCode,
    pub name: String,
    pub name_fr: Option<String>,
    /// The kind of the nation's latest relationship (an ally that was a partner is a member).
    pub kind: NationKind,
    pub region: Option<String>,
    pub size: Option<NationSize>,
}

impl Nation {
    pub fn name_in(&self, lang: &str) -> &str {
        match (lang, &self.name_fr) {
            ("fr", Some(fr)) => fr,
            _ => &self.name,
        }
    }
}

/// A regional grouping or regional organisation and its members in the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grouping {
    pub code: String,
    pub name: String,
    pub name_fr: String,
    /// `organisation` or `grouping`.
    pub kind: String,
    pub members: Vec<NationCode>,
    pub note: String,
}

/// Where a nation stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum NationStatus {
    Ally,
    Partner {
        frameworks: Vec<FrameworkCode>,
    },
    /// Its last partnership is suspended.
    Suspended {
        framework: FrameworkCode,
    },
    /// It was in the network before and is no longer.
    Former,
    /// It had not joined yet.
    NotYet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineEventKind {
    Joined,
    Left,
    Suspended,
    BecameMember,
}

impl TimelineEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineEventKind::Joined => "joined",
            TimelineEventKind::Left => "left",
            TimelineEventKind::Suspended => "suspended",
            TimelineEventKind::BecameMember => "became_member",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    pub date: PartialDate,
    pub framework: FrameworkCode,
    pub kind: TimelineEventKind,
    pub note: String,
}

/// The whole network in memory: nations and every membership period. Small (≈100 rows for NATO),
/// so "as of" questions are answered here, once, and tested without a database.
#[derive(Debug, Clone, Default)]
pub struct Network {
    nations: BTreeMap<NationCode, Nation>,
    memberships: Vec<Membership>,
}

impl Network {
    pub fn new(nations: impl IntoIterator<Item = Nation>, mut memberships: Vec<Membership>) -> Self {
        memberships.sort_by(|a, b| {
            (&a.nation, &a.framework, a.joined.first_day()).cmp(&(&b.nation, &b.framework, b.joined.first_day()))
        });
        Network { nations: nations.into_iter().map(|n| (n.code.clone(), n)).collect(), memberships }
    }

    pub fn nation(&self, code: &NationCode) -> Option<&Nation> {
        self.nations.get(code)
    }

    pub fn nations(&self) -> impl Iterator<Item = &Nation> {
        self.nations.values()
    }

    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// A nation's memberships, by framework and date: a slice of the list (kept sorted by nation
    /// since [`Network::new`]) found by binary search, not a scan of every membership.
    pub fn memberships_of(&self, nation: &NationCode) -> impl Iterator<Item = &Membership> + '_ {
        let start = self.memberships.partition_point(|m| &m.nation < nation);
        let len = self.memberships[start..].partition_point(|m| &m.nation == nation);
        self.memberships[start..start + len].iter()
    }

    /// Nations with an active period in `framework` on `on`, by code.
    pub fn members_of(&self, framework: &FrameworkCode, on: NaiveDate) -> Vec<&Nation> {
        let codes: BTreeSet<&NationCode> = self
            .memberships
            .iter()
            .filter(|m| &m.framework == framework && m.active_on(on))
            .map(|m| &m.nation)
            .collect();
        codes.into_iter().filter_map(|c| self.nations.get(c)).collect()
    }

    /// The allies on `on`.
    pub fn allies_on(&self, on: NaiveDate) -> Vec<&Nation> {
        self.members_of(&FrameworkCode::alliance(), on)
    }

    /// Nations whose last period in `framework` before `on` ended in suspension and that have
    /// not rejoined: listed as partners, but not active.
    pub fn suspended_in(&self, framework: &FrameworkCode, on: NaiveDate) -> Vec<&Nation> {
        let mut last: BTreeMap<&NationCode, &Membership> = BTreeMap::new();
        for m in self.memberships.iter().filter(|m| &m.framework == framework && m.joined.first_day() <= on) {
            last.insert(&m.nation, m);
        }
        last.into_values()
            .filter(|m| !m.active_on(on) && m.end_reason == Some(EndReason::Suspended))
            .filter_map(|m| self.nations.get(&m.nation))
            .collect()
    }

    pub fn is_active(&self, nation: &NationCode, framework: &FrameworkCode, on: NaiveDate) -> bool {
        self.memberships.iter().any(|m| &m.nation == nation && &m.framework == framework && m.active_on(on))
    }

    /// The frameworks a nation is active in on `on`.
    pub fn frameworks_of(&self, nation: &NationCode, on: NaiveDate) -> Vec<FrameworkCode> {
        // A nation's memberships are sorted by framework: equal codes are neighbours.
        let mut codes: Vec<FrameworkCode> =
            self.memberships_of(nation).filter(|m| m.active_on(on)).map(|m| m.framework.clone()).collect();
        codes.dedup();
        codes
    }

    pub fn status_on(&self, nation: &NationCode, on: NaiveDate) -> NationStatus {
        self.status_with(nation, on, self.frameworks_of(nation, on))
    }

    /// [`Network::status_on`] for a caller that has the nation's frameworks on `on` already.
    pub fn status_with(&self, nation: &NationCode, on: NaiveDate, frameworks: Vec<FrameworkCode>) -> NationStatus {
        if frameworks.iter().any(FrameworkCode::is_alliance) {
            return NationStatus::Ally;
        }
        if !frameworks.is_empty() {
            return NationStatus::Partner { frameworks };
        }
        let past: Vec<&Membership> = self.memberships_of(nation).filter(|m| m.joined.first_day() <= on).collect();
        match past.iter().max_by_key(|m| m.left.map(|l| l.first_day())) {
            None => NationStatus::NotYet,
            Some(m) if m.end_reason == Some(EndReason::Suspended) => {
                NationStatus::Suspended { framework: m.framework.clone() }
            }
            Some(_) => NationStatus::Former,
        }
    }

    /// Every dated event in a nation's history, oldest first.
    pub fn timeline(&self, nation: &NationCode) -> Vec<TimelineEvent> {
        let mut events = Vec::new();
        // A period's note describes the whole period: it goes with the period's last event.
        for m in self.memberships_of(nation) {
            let (join_note, end_note) =
                if m.left.is_some() { (String::new(), m.note.clone()) } else { (m.note.clone(), String::new()) };
            events.push(TimelineEvent {
                date: m.joined,
                framework: m.framework.clone(),
                kind: TimelineEventKind::Joined,
                note: join_note,
            });
            if let Some(left) = m.left {
                let kind = match m.end_reason.unwrap_or(EndReason::Left) {
                    EndReason::Left => TimelineEventKind::Left,
                    EndReason::Suspended => TimelineEventKind::Suspended,
                    EndReason::BecameMember => TimelineEventKind::BecameMember,
                };
                events.push(TimelineEvent { date: left, framework: m.framework.clone(), kind, note: end_note });
            }
        }
        // On the day a partner becomes an ally, the partnership ends before the membership starts.
        events.sort_by(|a, b| {
            (a.date.first_day(), a.kind != TimelineEventKind::BecameMember, &a.framework).cmp(&(
                b.date.first_day(),
                b.kind != TimelineEventKind::BecameMember,
                &b.framework,
            ))
        });
        events
    }
}

/// A framework as the registry holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Framework {
    pub code: FrameworkCode,
    pub name: String,
    pub name_fr: String,
    pub short: String,
    pub role: super::FrameworkRole,
    pub launched: String,
    pub description: String,
    pub description_fr: String,
}

impl Framework {
    pub fn name_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.name_fr } else { &self.name }
    }

    pub fn description_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.description_fr } else { &self.description }
    }
}

/// A point of contact of a nation's delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: i64,
    pub nation: NationCode,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A named format as the registry holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Format {
    pub slug: String,
    pub name: String,
    pub name_fr: String,
    pub description: String,
    pub description_fr: String,
    pub spec: super::FormatSpec,
    /// The first day the format exists (a council from its founding); none: always has.
    pub valid_from: Option<NaiveDate>,
    /// The last day it existed (replaced, dissolved); none: still exists.
    pub valid_to: Option<NaiveDate>,
}

impl Format {
    /// Whether the format exists on `on`.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= on) && self.valid_to.is_none_or(|to| on <= to)
    }

    /// Refuse a meeting in this format on `on` when the format does not exist then.
    pub fn check_in_force(&self, on: NaiveDate) -> Result<(), super::FormatError> {
        if self.in_force_on(on) {
            Ok(())
        } else {
            Err(super::FormatError::NotInForce {
                name: self.name.clone(),
                on,
                from: self.valid_from,
                to: self.valid_to,
            })
        }
    }

    /// Its validity dates are in order.
    pub fn check_validity(&self) -> Result<(), super::FormatError> {
        match (self.valid_from, self.valid_to) {
            (Some(from), Some(to)) if to < from => Err(super::FormatError::ValidityReversed { from, to }),
            _ => Ok(()),
        }
    }

    pub fn name_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.name_fr } else { &self.name }
    }

    pub fn description_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.description_fr } else { &self.description }
    }

    /// A slug is 1 to 64 lowercase letters, digits and dashes, starting with a letter or digit.
    pub fn valid_slug(slug: &str) -> bool {
        (1..=64).contains(&slug.len())
            && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
    }
}
