//! Question 5: the path from partnership to membership, from the registry alone.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::registry::{FrameworkCode, Membership, NationCode, NationKind, Network};

/// Where a nation stands on the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathStatus {
    /// It was a partner, then joined the alliance.
    Acceded,
    /// An active partner marked as seeking membership.
    Aspirant,
}

/// One nation's path from its first partnership to membership (or to the day asked, for aspirants).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathToMembership {
    pub nation: NationCode,
    pub name: String,
    pub name_fr: Option<String>,
    /// the framework of its first partnership (e.g. PFP)
    pub first_framework: FrameworkCode,
    pub partner_since: NaiveDate,
    pub member_since: Option<NaiveDate>,
    /// years (days/365.25) from partner_since to member_since, or to `on` for aspirants
    pub years: f64,
    pub status: PathStatus,
}

fn years_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / 365.25
}

/// Whether a note marks an aspirant: "aspirant" in any case, or "ANP" or "MAP" as whole tokens.
fn marks_aspirant(note: &str) -> bool {
    note.to_lowercase().contains("aspirant")
        || note.split(|c: char| !c.is_alphanumeric()).any(|t| t == "ANP" || t == "MAP")
}

fn is_partnership(m: &Membership) -> bool {
    !m.framework.is_alliance() && m.kind == NationKind::PartnerState
}

/// Every ally whose first partnership (any non-ALLIANCE framework, kind partner_state) began before it joined ALLIANCE (Acceded), and every state that is an active partner on `on`, not an ally, and marked as an aspirant in its memberships' notes (note contains "aspirant" case-insensitively, or the words "ANP" or "MAP" as whole tokens) (Aspirant). Sorted: acceded by member_since then code, then aspirants by partner_since. Ignore allies that joined ALLIANCE before `on` only counts — i.e. an accession after `on` is not acceded yet (treat as aspirant only if marked, else skip).
///
/// Only periods begun by `on` count, notes included. Aspirants with the same `partner_since`
/// are ordered by code.
pub fn paths_to_membership(network: &Network, on: NaiveDate) -> Vec<PathToMembership> {
    let mut by_nation: BTreeMap<&NationCode, Vec<&Membership>> = BTreeMap::new();
    for m in network.memberships().iter().filter(|m| m.joined.first_day() <= on) {
        by_nation.entry(&m.nation).or_default().push(m);
    }
    let mut acceded = Vec::new();
    let mut aspirants = Vec::new();
    for (code, periods) in by_nation {
        let Some(first) = periods.iter().filter(|m| is_partnership(m)).min_by_key(|m| m.joined.first_day()) else {
            continue;
        };
        let partner_since = first.joined.first_day();
        let member_since = periods.iter().filter(|m| m.framework.is_alliance()).map(|m| m.joined.first_day()).min();
        let (name, name_fr) = match network.nation(code) {
            Some(n) => (n.name.clone(), n.name_fr.clone()),
            None => (code.to_string(), None),
        };
        let path = |member_since: Option<NaiveDate>, status| PathToMembership {
            nation: code.clone(),
            name: name.clone(),
            name_fr: name_fr.clone(),
            first_framework: first.framework.clone(),
            partner_since,
            member_since,
            years: years_between(partner_since, member_since.unwrap_or(on)),
            status,
        };
        match member_since {
            Some(since) if partner_since < since => acceded.push(path(Some(since), PathStatus::Acceded)),
            Some(_) => {}
            None => {
                let active_partner = periods.iter().any(|m| is_partnership(m) && m.active_on(on));
                if active_partner && periods.iter().any(|m| marks_aspirant(&m.note)) {
                    aspirants.push(path(None, PathStatus::Aspirant));
                }
            }
        }
    }
    acceded.sort_by(|a, b| (a.member_since, &a.nation).cmp(&(b.member_since, &b.nation)));
    aspirants.sort_by(|a, b| (a.partner_since, &a.nation).cmp(&(b.partner_since, &b.nation)));
    acceded.extend(aspirants);
    acceded
}

/// Active partners of one framework on the count day of one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkYear {
    pub year: i32,
    pub framework: FrameworkCode,
    /// active partners (memberships of kind partner_state or partner_org in that framework active on the count day)
    pub active: usize,
}

/// For each year in from..=to and each non-ALLIANCE framework that has at least one membership in the network, the count on 31 December (or on `on` for the year of `on`; years after `on` are skipped). Ordered by year then framework code.
///
/// A nation counts once per framework, whatever its periods.
pub fn active_partners_by_year(network: &Network, from: i32, to: i32, on: NaiveDate) -> Vec<FrameworkYear> {
    let frameworks: BTreeSet<&FrameworkCode> =
        network.memberships().iter().map(|m| &m.framework).filter(|f| !f.is_alliance()).collect();
    let mut rows = Vec::new();
    for year in from..=to.min(on.year()) {
        let day = if year == on.year() { Some(on) } else { NaiveDate::from_ymd_opt(year, 12, 31) };
        let Some(day) = day else { continue };
        for &framework in &frameworks {
            let active: BTreeSet<&NationCode> = network
                .memberships()
                .iter()
                .filter(|m| {
                    &m.framework == framework
                        && matches!(m.kind, NationKind::PartnerState | NationKind::PartnerOrg)
                        && m.active_on(day)
                })
                .map(|m| &m.nation)
                .collect();
            rows.push(FrameworkYear { year, framework: framework.clone(), active: active.len() });
        }
    }
    rows
}
