//! Registry API: the partner network as of any date.

pub mod edit;

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use entente_domain::registry::{
    Basis, Contact, ExclusionReason, Format, Framework, FrameworkRole, Grouping, Membership, Nation, NationCode,
    NationStatus, Network, TimelineEvent, import::write_network_csv,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ctx::Visitor;
use crate::error::{AppError, ErrorBody};
use crate::params::{self, Paging, Q};
use entente_store::snapshot::Registry;

// ---------- data transfer objects ----------

/// A nation (state or organisation) and where it stands on the date asked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NationSummary {
    /// ISO 3166-1 alpha-3 for states, an abbreviation for organisations.
    #[schema(example = "FIN")]
    pub code: String,
    pub name: String,
    pub name_fr: Option<String>,
    /// `member`, `partner_state` or `partner_org`: the kind of its latest relationship.
    pub kind: String,
    pub region: Option<String>,
    /// On the date asked: `ally`, `partner`, `suspended`, `former` or `not_yet`.
    pub status: String,
    /// Frameworks it is active in on the date asked.
    pub frameworks: Vec<String>,
}

impl NationSummary {
    pub fn name_in(&self, lang: &str) -> &str {
        match (lang, &self.name_fr) {
            ("fr", Some(fr)) => fr,
            _ => &self.name,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NationPage {
    pub as_of: NaiveDate,
    pub items: Vec<NationSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// One period of a nation in a framework: from `joined` (included) to `left` (excluded).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MembershipDto {
    pub framework: String,
    pub kind: String,
    /// As precise as the record: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[schema(example = "1995-02")]
    pub joined: String,
    pub left: Option<String>,
    /// `left`, `suspended` or `became_member`.
    pub end_reason: Option<String>,
    pub note: String,
    /// Whether the period covers the date asked.
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEventDto {
    pub date: String,
    /// `day`, `month` or `year`.
    pub precision: String,
    pub framework: String,
    /// `joined`, `left`, `suspended` or `became_member`.
    pub event: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SizeDto {
    pub population_millions: f64,
    pub gdp_usd_billions: f64,
    pub year: i32,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactDto {
    /// The contact's id, for staff who edit it.
    pub id: i64,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupingRef {
    pub code: String,
    pub name: String,
    pub name_fr: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatRef {
    pub slug: String,
    pub name: String,
    pub name_fr: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NationDetail {
    pub as_of: NaiveDate,
    pub nation: NationSummary,
    pub memberships: Vec<MembershipDto>,
    pub timeline: Vec<TimelineEventDto>,
    pub size: Option<SizeDto>,
    pub contacts: Vec<ContactDto>,
    pub groupings: Vec<GroupingRef>,
    /// Formats the nation sits in on the date asked.
    pub formats: Vec<FormatRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkDto {
    #[schema(example = "PFP")]
    pub code: String,
    pub name: String,
    pub name_fr: String,
    pub short: String,
    /// `alliance`, `partnership` or `organisations`.
    pub role: String,
    pub launched: String,
    pub description: String,
    pub description_fr: String,
}

impl FrameworkDto {
    pub fn name_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.name_fr } else { &self.name }
    }
    pub fn description_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.description_fr } else { &self.description }
    }
}

/// A nation's period in a framework, for framework listings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub nation: NationSummary,
    pub joined: String,
    pub left: Option<String>,
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkDetail {
    pub as_of: NaiveDate,
    pub framework: FrameworkDto,
    /// Active on the date asked.
    pub active: Vec<ParticipantDto>,
    /// Listed but suspended on the date asked.
    pub suspended: Vec<ParticipantDto>,
    /// Earlier participants that left (or became allies).
    pub former: Vec<ParticipantDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantPage {
    pub as_of: NaiveDate,
    pub items: Vec<ParticipantDto>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkParticipation {
    pub framework: FrameworkDto,
    pub active: Vec<NationSummary>,
    pub suspended: Vec<NationSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkCounts {
    pub allies: usize,
    pub partner_states: usize,
    pub partner_orgs: usize,
    pub suspended: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkOverview {
    pub as_of: NaiveDate,
    pub counts: NetworkCounts,
    pub allies: Vec<NationSummary>,
    /// Partners by framework (organisations last).
    pub frameworks: Vec<FrameworkParticipation>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatDto {
    #[schema(example = "nato-md")]
    pub slug: String,
    pub name: String,
    pub name_fr: String,
    pub description: String,
    pub description_fr: String,
    /// `all_allies`, `allies_plus`, `framework` or `across_frameworks`.
    pub kind: String,
    pub include_allies: bool,
    pub frameworks: Vec<String>,
    pub partners: Vec<String>,
    /// The first day the format exists (null: always has).
    #[schema(value_type = Option<String>, format = Date, example = "2023-07-12")]
    pub valid_from: Option<NaiveDate>,
    /// The last day it existed (null: still exists).
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_to: Option<NaiveDate>,
}

impl FormatDto {
    /// Whether the format exists on `on`.
    pub fn in_force_on(&self, on: &NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= *on) && self.valid_to.is_none_or(|to| *on <= to)
    }

    pub fn name_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.name_fr } else { &self.name }
    }
    pub fn description_in(&self, lang: &str) -> &str {
        if lang == "fr" { &self.description_fr } else { &self.description }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatSummary {
    pub format: FormatDto,
    /// Whether the format exists on the date (if not, nobody sits in it).
    pub in_force: bool,
    pub allies: usize,
    pub partners: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatPage {
    pub as_of: NaiveDate,
    pub items: Vec<FormatSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeatDto {
    pub nation: NationSummary,
    /// `ally`, `framework` or `invited`.
    pub basis: String,
    /// The framework that gives the seat, for `framework`.
    pub framework: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExcludedDto {
    pub code: String,
    pub name: Option<String>,
    pub name_fr: Option<String>,
    /// `unknown_nation`, `not_yet_partner`, `no_longer_partner` or `suspended`.
    pub reason: String,
    pub framework: Option<String>,
}

/// Who sits in a format on a date, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatResolution {
    pub as_of: NaiveDate,
    pub format: FormatDto,
    /// Whether the format exists on the date; if not, `seats` and `excluded` are empty.
    pub in_force: bool,
    pub seats: Vec<SeatDto>,
    /// Partners the format names that do not sit in it on the date.
    pub excluded: Vec<ExcludedDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupingDto {
    pub code: String,
    pub name: String,
    pub name_fr: String,
    /// `organisation` or `grouping`.
    pub kind: String,
    pub members: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionDto {
    pub name: String,
    pub name_fr: String,
    pub nations: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupingsDto {
    pub regions: Vec<RegionDto>,
    pub groupings: Vec<GroupingDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkExport {
    pub nations: Vec<ExportNation>,
    pub memberships: Vec<MembershipDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportNation {
    pub code: String,
    pub name: String,
    pub name_fr: Option<String>,
    pub kind: String,
    pub region: Option<String>,
    pub size: Option<SizeDto>,
    /// The memberships below belong to nations by code.
    pub membership_count: usize,
}

// ---------- builders (shared with the pages) ----------

pub fn status_str(s: &NationStatus) -> &'static str {
    match s {
        NationStatus::Ally => "ally",
        NationStatus::Partner { .. } => "partner",
        NationStatus::Suspended { .. } => "suspended",
        NationStatus::Former => "former",
        NationStatus::NotYet => "not_yet",
    }
}

pub fn summary(net: &Network, n: &Nation, on: NaiveDate) -> NationSummary {
    let frameworks = net.frameworks_of(&n.code, on);
    NationSummary {
        code: n.code.to_string(),
        name: n.name.clone(),
        name_fr: n.name_fr.clone(),
        kind: n.kind.as_str().to_string(),
        region: n.region.clone(),
        status: status_str(&net.status_with(&n.code, on, frameworks.clone())).to_string(),
        frameworks: frameworks.iter().map(ToString::to_string).collect(),
    }
}

fn membership_dto(m: &Membership, on: NaiveDate) -> MembershipDto {
    MembershipDto {
        framework: m.framework.to_string(),
        kind: m.kind.as_str().to_string(),
        joined: m.joined.to_string(),
        left: m.left.map(|l| l.to_string()),
        end_reason: m.end_reason.map(|r| r.as_str().to_string()),
        note: m.note.clone(),
        active: m.active_on(on),
    }
}

fn timeline_dto(e: &TimelineEvent) -> TimelineEventDto {
    TimelineEventDto {
        date: e.date.to_string(),
        precision: e.date.precision().as_str().to_string(),
        framework: e.framework.to_string(),
        event: e.kind.as_str().to_string(),
        note: e.note.clone(),
    }
}

pub fn framework_dto(f: &Framework) -> FrameworkDto {
    FrameworkDto {
        code: f.code.to_string(),
        name: f.name.clone(),
        name_fr: f.name_fr.clone(),
        short: f.short.clone(),
        role: f.role.as_str().to_string(),
        launched: f.launched.clone(),
        description: f.description.clone(),
        description_fr: f.description_fr.clone(),
    }
}

pub fn format_dto(f: &Format) -> FormatDto {
    FormatDto {
        slug: f.slug.clone(),
        name: f.name.clone(),
        name_fr: f.name_fr.clone(),
        description: f.description.clone(),
        description_fr: f.description_fr.clone(),
        kind: f.spec.kind().as_str().to_string(),
        include_allies: f.spec.include_allies,
        frameworks: f.spec.frameworks.iter().map(ToString::to_string).collect(),
        partners: f.spec.partners.iter().map(ToString::to_string).collect(),
        valid_from: f.valid_from,
        valid_to: f.valid_to,
    }
}

pub fn contact_dto(c: &Contact) -> ContactDto {
    ContactDto { id: c.id, name: c.name.clone(), role: c.role.clone(), email: c.email.clone(), phone: c.phone.clone() }
}

fn grouping_dto(g: &Grouping) -> GroupingDto {
    GroupingDto {
        code: g.code.clone(),
        name: g.name.clone(),
        name_fr: g.name_fr.clone(),
        kind: g.kind.clone(),
        members: g.members.iter().map(ToString::to_string).collect(),
        note: g.note.clone(),
    }
}

/// A nation code from a path: anything that is not a code is simply not found.
pub fn nation_code(raw: &str) -> Result<NationCode, AppError> {
    raw.to_ascii_uppercase().parse().map_err(|_| AppError::NotFound)
}

pub async fn build_overview(reg: &Registry, on: NaiveDate) -> Result<NetworkOverview, AppError> {
    let net = &reg.network;
    let frameworks = &reg.frameworks;
    let mut allies: Vec<NationSummary> = net.allies_on(on).into_iter().map(|n| summary(net, n, on)).collect();
    allies.sort_by(|a, b| a.name.cmp(&b.name));
    let mut parts = Vec::new();
    let mut counts = NetworkCounts { allies: allies.len(), partner_states: 0, partner_orgs: 0, suspended: 0 };
    let mut partner_codes = std::collections::BTreeSet::new();
    for f in frameworks.iter().filter(|f| f.role != FrameworkRole::Alliance) {
        let mut active: Vec<NationSummary> =
            net.members_of(&f.code, on).into_iter().map(|n| summary(net, n, on)).collect();
        active.sort_by(|a, b| a.name.cmp(&b.name));
        let mut suspended: Vec<NationSummary> =
            net.suspended_in(&f.code, on).into_iter().map(|n| summary(net, n, on)).collect();
        suspended.sort_by(|a, b| a.name.cmp(&b.name));
        counts.suspended += suspended.len();
        for n in &active {
            if partner_codes.insert(n.code.clone()) {
                if f.role == FrameworkRole::Organisations {
                    counts.partner_orgs += 1;
                } else {
                    counts.partner_states += 1;
                }
            }
        }
        parts.push(FrameworkParticipation { framework: framework_dto(f), active, suspended });
    }
    Ok(NetworkOverview { as_of: on, counts, allies, frameworks: parts })
}

pub async fn build_nation(
    reg: &Registry,
    scope: &entente_store::Scoped,
    code: &NationCode,
    on: NaiveDate,
) -> Result<NationDetail, AppError> {
    let net = &reg.network;
    let n = net.nation(code).ok_or(AppError::NotFound)?;
    let contacts: Vec<Contact> = scope.contacts(code).await?.into_iter().map(|(c, _)| c).collect();
    let groupings = &reg.groupings;
    Ok(NationDetail {
        as_of: on,
        nation: summary(net, n, on),
        memberships: net.memberships_of(code).map(|m| membership_dto(m, on)).collect(),
        timeline: net.timeline(code).iter().map(timeline_dto).collect(),
        size: n.size.as_ref().map(|s| SizeDto {
            population_millions: s.population_millions,
            gdp_usd_billions: s.gdp_usd_billions,
            year: s.year,
            source: s.source.clone(),
        }),
        contacts: contacts.iter().map(contact_dto).collect(),
        groupings: groupings
            .iter()
            .filter(|g| g.members.contains(code))
            .map(|g| GroupingRef { code: g.code.clone(), name: g.name.clone(), name_fr: g.name_fr.clone() })
            .collect(),
        formats: formats_of(reg, code, on),
    })
}

/// The formats `code` sits in on `on`: every format resolved, so kept with the snapshot.
fn formats_of(reg: &Registry, code: &NationCode, on: NaiveDate) -> Vec<FormatRef> {
    let key = format!("formats-of {code} {on}");
    if let Some(kept) = reg.memo.get::<Vec<FormatRef>>(&key) {
        return kept.as_ref().clone();
    }
    let net = &reg.network;
    let list: Vec<FormatRef> = reg
        .formats
        .iter()
        .filter(|f| f.spec.resolve(net, on).includes(code))
        .map(|f| FormatRef { slug: f.slug.clone(), name: f.name.clone(), name_fr: f.name_fr.clone() })
        .collect();
    let size = list.iter().map(|f| f.slug.len() + f.name.len() + f.name_fr.len() + 72).sum();
    reg.memo.put(key, std::sync::Arc::new(list.clone()), size);
    list
}

pub async fn build_framework(reg: &Registry, raw: &str, on: NaiveDate) -> Result<FrameworkDetail, AppError> {
    let code = raw.to_ascii_uppercase();
    let frameworks = &reg.frameworks;
    let f = frameworks.iter().find(|f| f.code.as_str() == code).ok_or(AppError::NotFound)?;
    let net = &reg.network;
    let (mut active, mut suspended, mut former) = (Vec::new(), Vec::new(), Vec::new());
    // The latest period per nation decides where it is listed.
    let mut latest: BTreeMap<&NationCode, &Membership> = BTreeMap::new();
    for m in net.memberships().iter().filter(|m| m.framework == f.code && m.joined.first_day() <= on) {
        let keep = latest.get(&m.nation).is_none_or(|prev| prev.joined.first_day() < m.joined.first_day());
        if keep {
            latest.insert(&m.nation, m);
        }
    }
    for m in latest.values() {
        let Some(n) = net.nation(&m.nation) else { continue };
        let p = ParticipantDto {
            nation: summary(net, n, on),
            joined: m.joined.to_string(),
            left: m.left.map(|l| l.to_string()),
            end_reason: m.end_reason.map(|r| r.as_str().to_string()),
        };
        if m.active_on(on) {
            active.push(p);
        } else if m.end_reason == Some(entente_domain::registry::EndReason::Suspended) {
            suspended.push(p);
        } else {
            former.push(p);
        }
    }
    for list in [&mut active, &mut suspended, &mut former] {
        list.sort_by(|a, b| a.nation.name.cmp(&b.nation.name));
    }
    Ok(FrameworkDetail { as_of: on, framework: framework_dto(f), active, suspended, former })
}

pub fn resolve_format(net: &Network, f: &Format, on: NaiveDate) -> FormatResolution {
    let in_force = f.in_force_on(on);
    if !in_force {
        return FormatResolution {
            as_of: on,
            format: format_dto(f),
            in_force,
            seats: Vec::new(),
            excluded: Vec::new(),
        };
    }
    let r = f.spec.resolve(net, on);
    let seats = r
        .seats
        .iter()
        .filter_map(|s| {
            let n = net.nation(&s.nation)?;
            let (basis, framework) = match &s.basis {
                Basis::Ally => ("ally", None),
                Basis::Framework(fw) => ("framework", Some(fw.to_string())),
                Basis::Invited => ("invited", None),
            };
            Some(SeatDto { nation: summary(net, n, on), basis: basis.to_string(), framework })
        })
        .collect();
    let excluded = r
        .excluded
        .iter()
        .map(|e| {
            let n = net.nation(&e.nation);
            let (reason, framework) = match &e.reason {
                ExclusionReason::UnknownNation => ("unknown_nation", None),
                ExclusionReason::NotYetPartner => ("not_yet_partner", None),
                ExclusionReason::NoLongerPartner => ("no_longer_partner", None),
                ExclusionReason::Suspended { framework } => ("suspended", Some(framework.to_string())),
            };
            ExcludedDto {
                code: e.nation.to_string(),
                name: n.map(|n| n.name.clone()),
                name_fr: n.and_then(|n| n.name_fr.clone()),
                reason: reason.to_string(),
                framework,
            }
        })
        .collect();
    FormatResolution { as_of: on, format: format_dto(f), in_force, seats, excluded }
}

pub fn format_summary(net: &Network, f: &Format, on: NaiveDate) -> FormatSummary {
    if !f.in_force_on(on) {
        return FormatSummary { format: format_dto(f), in_force: false, allies: 0, partners: 0 };
    }
    let r = f.spec.resolve(net, on);
    FormatSummary { format: format_dto(f), in_force: true, allies: r.allies(), partners: r.partners() }
}

pub async fn build_groupings(reg: &Registry) -> Result<GroupingsDto, AppError> {
    let net = &reg.network;
    let mut regions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in net.nations() {
        if let Some(r) = &n.region {
            regions.entry(r.clone()).or_default().push(n.code.to_string());
        }
    }
    let regions = regions
        .into_iter()
        .map(|(name, nations)| RegionDto {
            name_fr: entente_domain::registry::names_fr::region(&name).unwrap_or(&name).to_string(),
            name,
            nations,
        })
        .collect();
    let groupings = reg.groupings.iter().map(grouping_dto).collect();
    Ok(GroupingsDto { regions, groupings })
}

// ---------- handlers ----------

/// A public registry answer as JSON, serialized once per registry snapshot and `key`.
///
/// The key names everything the answer depends on besides the snapshot (route, resolved date,
/// validated query); `build` runs only when the snapshot has no answer under it yet. The
/// snapshot's memo is dropped with the snapshot when the registry changes, so a cached body is
/// never older than the registry it was read from. Only for answers that are the same for every
/// caller.
async fn memo_json<T: Serialize>(
    reg: &Registry,
    key: String,
    build: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<Response, AppError> {
    let body = match reg.memo.get::<axum::body::Bytes>(&key) {
        Some(body) => body,
        None => {
            let value = build.await?;
            let body = std::sync::Arc::new(axum::body::Bytes::from(
                serde_json::to_vec(&value).map_err(|e| AppError::Internal(e.into()))?,
            ));
            reg.memo.put(key, body.clone(), body.len());
            body
        }
    };
    Ok((
        [(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"))],
        axum::body::Bytes::clone(&body),
    )
        .into_response())
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfParam {
    /// The date to answer for (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<String>,
}

impl AsOfParam {
    pub fn on(&self) -> Result<NaiveDate, AppError> {
        params::as_of_opt(self.as_of.as_deref())
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PagedAsOfParams {
    /// The date to answer for (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PagedAsOfParams {
    pub fn on(&self) -> Result<NaiveDate, AppError> {
        params::as_of_opt(self.as_of.as_deref())
    }

    pub fn paging(&self) -> Result<Paging, AppError> {
        Paging::parse(self.limit.as_deref(), self.cursor.as_deref())
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NationListParams {
    /// The date to answer for (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<String>,
    /// Only nations of this kind: `member`, `partner_state` or `partner_org`.
    pub kind: Option<String>,
    /// Only nations active in this framework on the date.
    pub framework: Option<String>,
    /// Only nations with this status on the date: `ally`, `partner`, `suspended`, `former`, `not_yet`.
    pub status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` (the import format, default) or `json`.
    pub format: Option<String>,
}

/// The network on a date: allies, partners by framework, counts.
#[utoipa::path(get, path = "/api/v1/network", tag = "registry", params(AsOfParam),
    responses((status = 200, body = NetworkOverview), (status = 400, body = ErrorBody)))]
pub async fn network(v: Visitor, Q(q): Q<AsOfParam>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let on = q.on()?;
    memo_json(reg, format!("network {on}"), build_overview(reg, on)).await
}

/// The whole network in the import format (CSV, re-importable with `entente network import`) or as JSON.
#[utoipa::path(get, path = "/api/v1/network/export", tag = "registry", params(ExportParams),
    responses((status = 200, description = "CSV (the default) or JSON (`format=json`)",
        content((String = "text/csv"), (NetworkExport = "application/json"))), (status = 400, body = ErrorBody)))]
pub async fn network_export(v: Visitor, Q(q): Q<ExportParams>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let net = &reg.network;
    let nations: Vec<Nation> = net.nations().cloned().collect();
    match q.format.as_deref().unwrap_or("csv") {
        "csv" => {
            let csv = write_network_csv(&nations, net.memberships()).map_err(|e| AppError::Internal(e.into()))?;
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (header::CONTENT_DISPOSITION, "attachment; filename=\"network.csv\""),
                ],
                csv,
            )
                .into_response())
        }
        "json" => {
            let today = chrono::Utc::now().date_naive();
            Ok(Json(NetworkExport {
                nations: nations
                    .iter()
                    .map(|n| ExportNation {
                        code: n.code.to_string(),
                        name: n.name.clone(),
                        name_fr: n.name_fr.clone(),
                        kind: n.kind.as_str().to_string(),
                        region: n.region.clone(),
                        size: n.size.as_ref().map(|s| SizeDto {
                            population_millions: s.population_millions,
                            gdp_usd_billions: s.gdp_usd_billions,
                            year: s.year,
                            source: s.source.clone(),
                        }),
                        membership_count: net.memberships_of(&n.code).count(),
                    })
                    .collect(),
                memberships: net.memberships().iter().map(|m| membership_dto(m, today)).collect(),
            })
            .into_response())
        }
        other => Err(AppError::bad_request(
            "invalid_format",
            entente_domain::said!("err-format-csv-json", "format: '{value}' is not csv or json", value = other),
        )),
    }
}

/// Nations, filtered and paged, with their status on a date.
#[utoipa::path(get, path = "/api/v1/nations", tag = "registry", params(NationListParams),
    responses((status = 200, body = NationPage), (status = 400, body = ErrorBody)))]
pub async fn nations(v: Visitor, Q(q): Q<NationListParams>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let on = params::as_of_opt(q.as_of.as_deref())?;
    let paging = Paging::parse(q.limit.as_deref(), q.cursor.as_deref())?;
    let net = &reg.network;
    let kind = q.kind.as_deref().filter(|s| !s.is_empty());
    if let Some(k) = kind
        && entente_domain::registry::NationKind::parse(k).is_none()
    {
        return Err(AppError::bad_request(
            "invalid_kind",
            entente_domain::said!(
                "err-registry-kind",
                "kind: '{value}' is not member, partner_state or partner_org",
                value = k
            ),
        ));
    }
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    if let Some(s) = status
        && !["ally", "partner", "suspended", "former", "not_yet"].contains(&s)
    {
        return Err(AppError::bad_request(
            "invalid_status",
            entente_domain::said!(
                "err-registry-status",
                "status: '{value}' is not ally, partner, suspended, former or not_yet",
                value = s
            ),
        ));
    }
    let framework = q.framework.as_deref().filter(|s| !s.is_empty()).map(|f| f.to_ascii_uppercase());
    let key = format!("nations {on} {kind:?} {status:?} {framework:?} {:?} {:?}", q.limit, q.cursor);
    memo_json(reg, key, async {
        let items: Vec<NationSummary> = net
            .nations()
            .map(|n| summary(net, n, on))
            .filter(|s| kind.is_none_or(|k| s.kind == k))
            .filter(|s| status.is_none_or(|st| s.status == st))
            .filter(|s| framework.as_ref().is_none_or(|f| s.frameworks.contains(f)))
            .collect();
        let (items, next_cursor) = paging.apply(items, |s| s.code.as_str());
        Ok(NationPage { as_of: on, items, next_cursor })
    })
    .await
}

/// One nation: memberships, timeline, size, contacts, groupings and the formats it sits in on a date.
#[utoipa::path(get, path = "/api/v1/nations/{code}", tag = "registry",
    params(("code" = String, Path, description = "Nation code, e.g. FIN"), AsOfParam),
    responses((status = 200, body = NationDetail), (status = 404, body = ErrorBody)))]
pub async fn nation(v: Visitor, Path(code): Path<String>, Q(q): Q<AsOfParam>) -> Result<Json<NationDetail>, AppError> {
    let reg = &v.registry;
    let code = nation_code(&code)?;
    Ok(Json(build_nation(reg, &v.scope, &code, q.on()?).await?))
}

/// A nation's full history in the frameworks, oldest first.
#[utoipa::path(get, path = "/api/v1/nations/{code}/timeline", tag = "registry",
    params(("code" = String, Path, description = "Nation code")),
    responses((status = 200, body = Vec<TimelineEventDto>), (status = 404, body = ErrorBody)))]
pub async fn nation_timeline(v: Visitor, Path(code): Path<String>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let code = nation_code(&code)?;
    let net = &reg.network;
    net.nation(&code).ok_or(AppError::NotFound)?;
    memo_json(reg, format!("timeline {code}"), async {
        Ok(net.timeline(&code).iter().map(timeline_dto).collect::<Vec<_>>())
    })
    .await
}

/// The formats a nation sits in on a date.
#[utoipa::path(get, path = "/api/v1/nations/{code}/formats", tag = "registry",
    params(("code" = String, Path, description = "Nation code"), AsOfParam),
    responses((status = 200, body = Vec<FormatRef>), (status = 404, body = ErrorBody)))]
pub async fn nation_formats(
    v: Visitor,
    Path(code): Path<String>,
    Q(q): Q<AsOfParam>,
) -> Result<Json<Vec<FormatRef>>, AppError> {
    let reg = &v.registry;
    let code = nation_code(&code)?;
    Ok(Json(build_nation(reg, &v.scope, &code, q.on()?).await?.formats))
}

/// The partnership frameworks.
#[utoipa::path(get, path = "/api/v1/frameworks", tag = "registry", responses((status = 200, body = Vec<FrameworkDto>)))]
pub async fn frameworks(v: Visitor) -> Result<Response, AppError> {
    let reg = &v.registry;
    memo_json(reg, "frameworks".into(), async { Ok(reg.frameworks.iter().map(framework_dto).collect::<Vec<_>>()) })
        .await
}

/// A framework with its active, suspended and former participants on a date.
#[utoipa::path(get, path = "/api/v1/frameworks/{code}", tag = "registry",
    params(("code" = String, Path, description = "Framework code, e.g. PFP"), AsOfParam),
    responses((status = 200, body = FrameworkDetail), (status = 404, body = ErrorBody)))]
pub async fn framework(v: Visitor, Path(code): Path<String>, Q(q): Q<AsOfParam>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let on = q.on()?;
    let code = code.to_ascii_uppercase();
    memo_json(reg, format!("framework {code:?} {on}"), build_framework(reg, &code, on)).await
}

/// The active participants of a framework on a date, paged.
#[utoipa::path(get, path = "/api/v1/frameworks/{code}/participants", tag = "registry",
    params(("code" = String, Path, description = "Framework code"), PagedAsOfParams),
    responses((status = 200, body = ParticipantPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn framework_participants(
    v: Visitor,
    Path(code): Path<String>,
    Q(q): Q<PagedAsOfParams>,
) -> Result<Response, AppError> {
    let reg = &v.registry;
    let on = q.on()?;
    let paging = q.paging()?;
    let code = code.to_ascii_uppercase();
    let key = format!("participants {code:?} {on} {:?} {:?}", q.limit, q.cursor);
    memo_json(reg, key, async {
        let mut active = build_framework(reg, &code, on).await?.active;
        active.sort_by(|a, b| a.nation.code.cmp(&b.nation.code));
        let (items, next_cursor) = paging.apply(active, |p| p.nation.code.as_str());
        Ok(ParticipantPage { as_of: on, items, next_cursor })
    })
    .await
}

/// Formats with the number of allies and partners in each on a date, paged.
#[utoipa::path(get, path = "/api/v1/formats", tag = "registry", params(PagedAsOfParams),
    responses((status = 200, body = FormatPage), (status = 400, body = ErrorBody)))]
pub async fn formats(v: Visitor, Q(q): Q<PagedAsOfParams>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let on = q.on()?;
    let paging = q.paging()?;
    let net = &reg.network;
    let key = format!("formats {on} {:?} {:?}", q.limit, q.cursor);
    memo_json(reg, key, async {
        let mut all: Vec<&Format> = reg.formats.iter().collect();
        all.sort_by(|a, b| a.slug.cmp(&b.slug));
        let summaries: Vec<FormatSummary> = all.iter().map(|f| format_summary(net, f, on)).collect();
        let (items, next_cursor) = paging.apply(summaries, |s| s.format.slug.as_str());
        Ok(FormatPage { as_of: on, items, next_cursor })
    })
    .await
}

/// A format resolved on a date: who sits in it, on what basis, and which named partners do not.
#[utoipa::path(get, path = "/api/v1/formats/{slug}", tag = "registry",
    params(("slug" = String, Path, description = "Format slug, e.g. nato-md"), AsOfParam),
    responses((status = 200, body = FormatResolution), (status = 404, body = ErrorBody)))]
pub async fn format(v: Visitor, Path(slug): Path<String>, Q(q): Q<AsOfParam>) -> Result<Response, AppError> {
    let reg = &v.registry;
    let on = q.on()?;
    let f = reg.format(&slug).ok_or(AppError::NotFound)?;
    let net = &reg.network;
    memo_json(reg, format!("format {} {on}", f.slug), async { Ok(resolve_format(net, f, on)) }).await
}

/// Regions, and regional groupings and organisations with their members.
#[utoipa::path(get, path = "/api/v1/groupings", tag = "registry", responses((status = 200, body = GroupingsDto)))]
pub async fn groupings(v: Visitor) -> Result<Response, AppError> {
    let reg = &v.registry;
    memo_json(reg, "groupings".into(), build_groupings(reg)).await
}
