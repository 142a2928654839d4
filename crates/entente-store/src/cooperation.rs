//! The cooperation repository: activities of the menu, seat requests and allocations. Reads go
//! through [`Scoped`]: the SQL keeps out what the caller may not see (proposals of other nations,
//! activities under a marking not released to it, other nations' requests and allocation lines),
//! and the domain's `may_see_*` functions decide each row again. Writes take the domain's permit
//! and check the row's version.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use entente_domain::Lang;
use entente_domain::access::Permit;
use entente_domain::consultation::Actor;
use entente_domain::cooperation::{
    Activity, ActivityId, ActivityKind, ActivityStatus, AllocationId, AllocationLine, AllocationRun, AllocationStatus,
    Provider, SeatRequest, SeatRequestId, SeatRequestStatus, may_see_activity, may_see_seat_request, subject,
};
use entente_domain::registry::{FrameworkCode, Network};
use entente_domain::said;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::access::{insert_marking, load_markings};
use crate::audit::{Actor as AuditActor, Change, append};
use crate::entities::{activity, allocation_line, allocation_run, seat_request};
use crate::registry::now;
use crate::{Scoped, StoreError};

pub mod after;
pub mod menu;
mod programme;
mod release;

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in {what}: {e}")))
}

fn json<T: Serialize + ?Sized>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| corrupt("json", e))
}

fn parse<T: DeserializeOwned>(what: &str, s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| corrupt(what, e))
}

fn audit_json<T: Serialize + ?Sized>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

fn actor(scope: &Scoped) -> AuditActor {
    match scope.principal() {
        Some(p) => AuditActor::from_principal(p),
        None => AuditActor::system("anonymous"),
    }
}

/// What the menu is filtered by, in SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub area: Option<String>,
    pub kind: Option<ActivityKind>,
    /// Activities that end on or after this day.
    pub from: Option<NaiveDate>,
    /// Activities that start on or before this day.
    pub to: Option<NaiveDate>,
    pub language: Option<Lang>,
    /// A nation code or part of an institution's name.
    pub provider: Option<String>,
    pub status: Option<ActivityStatus>,
    /// Only these ids (the free-text search's hits).
    pub ids: Option<Vec<i64>>,
}

fn langs_text(v: &[Lang]) -> String {
    v.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(",")
}

fn activity_from(r: &activity::Model, marking: entente_domain::access::Marking) -> Result<Activity, StoreError> {
    let kind = ActivityKind::parse(&r.kind).ok_or_else(|| corrupt("activity.kind", &r.kind))?;
    let provider = match (&r.provider_nation, &r.provider_institution) {
        (_, Some(i)) => Provider::Institution(i.clone()),
        (Some(n), None) => Provider::Nation(n.parse().map_err(|e| corrupt("activity.provider_nation", e))?),
        (None, None) => return Err(corrupt("activity.provider", "none")),
    };
    let languages = r
        .languages
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| Lang::parse(s).ok_or_else(|| corrupt("activity.languages", s)))
        .collect::<Result<Vec<_>, _>>()?;
    let frameworks = r
        .frameworks
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<FrameworkCode>().map_err(|e| corrupt("activity.frameworks", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let prerequisites = r
        .prerequisites
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map(ActivityId).map_err(|e| corrupt("activity.prerequisites", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let proposed_by: Actor = parse("activity.proposed_by", &r.proposed_by)?;
    let a = Activity::stored(
        ActivityId(r.id),
        (
            r.code.clone(),
            r.title_en.clone(),
            r.title_fr.clone(),
            r.aim_en.clone(),
            r.aim_fr.clone(),
            r.area.clone(),
            kind,
        ),
        provider,
        (r.start_date, r.end_date, r.deadline),
        r.location.clone(),
        languages,
        (r.seats as u32, r.nation_cap.map(|c| c as u32)),
        frameworks,
        prerequisites,
        r.fee_eur as u32,
        marking,
        proposed_by,
    );
    let mut a = Activity::from_parts(a, parse("activity.history", &r.history)?)
        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("a stored activity breaks a rule: {e}"))))?;
    a.version = r.version;
    Ok(a)
}

async fn activities_from<C: ConnectionTrait>(db: &C, rows: &[activity::Model]) -> Result<Vec<Activity>, StoreError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.marking_id).collect();
    let markings = load_markings(db, &ids).await?;
    rows.iter()
        .map(|r| {
            let m = markings.get(&r.marking_id).cloned().ok_or(StoreError::NotFound)?;
            activity_from(r, m)
        })
        .collect()
}

/// See [`Scoped::reoffer_basis`]: for the re-offer rule only, never for display.
pub struct ReofferBasis {
    /// The published version holding the request, with the lines of the request's activity only
    /// (the seats to offer are that activity's).
    pub run: AllocationRun,
    pub ranking: Ranking,
}

/// What ranking the requests waiting for an activity's seats needs.
pub struct Ranking {
    /// The activity's submitted requests.
    pub requests: Vec<SeatRequest>,
    /// The seats each nation holds in the whole version, by nation code.
    pub holds: BTreeMap<String, u32>,
    /// For requests whose line keeps no rank (stored before ranks were kept, or submitted after
    /// the allocation ran): every submitted request of their nations in the allocation's
    /// activities and those nations' agreed goals, to rank them as the allocation did.
    pub ranked_with: Vec<SeatRequest>,
    pub agreed: BTreeMap<String, BTreeSet<u32>>,
}

/// A nation's completions: the activities it completed as a nation only (no attendance recorded
/// for it), and each named participant's completed activities.
pub type Completions = (BTreeSet<ActivityId>, BTreeMap<String, BTreeSet<ActivityId>>);

/// The first version of allocation `r`, whose lines it shares.
fn base_of(r: &allocation_run::Model) -> i64 {
    r.line_base.unwrap_or(r.id)
}

/// The lines of version `r`: those of its first version written at or before it and not
/// replaced by then (see migration m0027).
fn lines_of(r: &allocation_run::Model) -> Condition {
    Condition::all()
        .add(allocation_line::Column::BaseRun.eq(base_of(r)))
        .add(allocation_line::Column::RunId.lte(r.id))
        .add(
            Condition::any()
                .add(allocation_line::Column::UntilRun.is_null())
                .add(allocation_line::Column::UntilRun.gt(r.id)),
        )
}

/// The lines of every published allocation: those still holding in an allocation whose newest
/// version is published.
pub(crate) fn published_lines() -> Condition {
    let bases = Query::select()
        .expr(Expr::cust("COALESCE(line_base, id)"))
        .from(allocation_run::Entity)
        .and_where(allocation_run::Column::Status.eq(AllocationStatus::Published.as_str()))
        .to_owned();
    Condition::all()
        .add(allocation_line::Column::UntilRun.is_null())
        .add(allocation_line::Column::BaseRun.in_subquery(bases))
}

fn request_from(r: &seat_request::Model) -> Result<SeatRequest, StoreError> {
    Ok(SeatRequest {
        id: SeatRequestId(r.id),
        activity: ActivityId(r.activity_id),
        nation: r.nation.parse().map_err(|e| corrupt("seat_request.nation", e))?,
        seats: r.seats as u32,
        priority: r.priority as u32,
        nominees: parse("seat_request.nominees", &r.nominees)?,
        submitted_at: r.submitted_at,
        by: parse("seat_request.submitted_by", &r.submitted_by)?,
        status: SeatRequestStatus::parse(&r.status).ok_or_else(|| corrupt("seat_request.status", &r.status))?,
        goal: r.goal.map(|g| g as u32),
        declined: u32::try_from(r.declined).unwrap_or(0),
        confirmed_at: r.confirmed_at,
        confirm_by: r.confirm_by,
        released_at: r.released_at,
        version: r.version,
    })
}

fn line_from(l: &allocation_line::Model) -> Result<AllocationLine, StoreError> {
    Ok(AllocationLine {
        request: SeatRequestId(l.request_id),
        nation: l.nation.parse().map_err(|e| corrupt("allocation_line.nation", e))?,
        activity: ActivityId(l.activity_id),
        asked: l.asked as u32,
        granted: l.granted as u32,
        placed: parse("allocation_line.placed", &l.placed)?,
        explanation_en: l.explanation_en.clone(),
        explanation_fr: l.explanation_fr.clone(),
        rank: l.rank.and_then(|r| u32::try_from(r).ok()),
    })
}

fn run_from(r: &allocation_run::Model, lines: Vec<AllocationLine>) -> Result<AllocationRun, StoreError> {
    let activities: Vec<i64> = parse("allocation_run.activities", &r.activities)?;
    Ok(AllocationRun {
        id: AllocationId(r.id),
        title: r.title.clone(),
        mechanism: r.mechanism.clone(),
        seed: r.seed as u64,
        activities: activities.into_iter().map(ActivityId).collect(),
        lines,
        report: parse("allocation_run.report", &r.report)?,
        created_at: r.created_at,
        created_by: parse("allocation_run.created_by", &r.created_by)?,
        status: AllocationStatus::parse(&r.status).ok_or_else(|| corrupt("allocation_run.status", &r.status))?,
        published_at: r.published_at,
        supersedes: r.supersedes.map(AllocationId),
        confirm_by: r.confirm_by,
        version: r.version,
    })
}

/// See [`Scoped::reoffer_basis`]: the basis, read without a caller's scope. It reads the lines of
/// the request's activity, each nation's total and that activity's requests — not the whole
/// allocation: an answer costs the same in an allocation of 50 lines or of 50,000.
pub(crate) async fn reoffer_basis_in<C: ConnectionTrait>(
    db: &C,
    request: &SeatRequest,
) -> Result<ReofferBasis, StoreError> {
    for (r, activities) in published_runs_covering(db, request.activity.0).await? {
        let lines = allocation_line::Entity::find()
            .filter(lines_of(&r))
            .filter(allocation_line::Column::ActivityId.eq(request.activity.0))
            .order_by_asc(allocation_line::Column::RequestId)
            .order_by_asc(allocation_line::Column::Id)
            .all(db)
            .await?
            .iter()
            .map(line_from)
            .collect::<Result<Vec<_>, _>>()?;
        if !lines.iter().any(|l| l.request == request.id) {
            continue;
        }
        let holds: Vec<(String, Option<i64>)> = allocation_line::Entity::find()
            .filter(lines_of(&r))
            .select_only()
            .column(allocation_line::Column::Nation)
            .column_as(allocation_line::Column::Granted.sum(), "held")
            .group_by(allocation_line::Column::Nation)
            .into_tuple()
            .all(db)
            .await?;
        let holds = holds.into_iter().map(|(n, h)| (n, u32::try_from(h.unwrap_or(0)).unwrap_or(0))).collect();
        let run = run_from(&r, lines)?;
        let requests: Vec<SeatRequest> = seat_request::Entity::find()
            .filter(seat_request::Column::ActivityId.eq(request.activity.0))
            .filter(seat_request::Column::Status.eq(SeatRequestStatus::Submitted.as_str()))
            .order_by_asc(seat_request::Column::Id)
            .all(db)
            .await?
            .iter()
            .map(request_from)
            .collect::<Result<_, _>>()?;
        let unranked: Vec<String> = requests
            .iter()
            .filter(|q| !run.lines.iter().any(|l| l.request == q.id && l.rank.is_some()))
            .map(|q| q.nation.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut ranked_with = Vec::new();
        if !unranked.is_empty() {
            for chunk in activities.chunks(500) {
                for row in seat_request::Entity::find()
                    .filter(seat_request::Column::ActivityId.is_in(chunk.to_vec()))
                    .filter(seat_request::Column::Nation.is_in(unranked.clone()))
                    .filter(seat_request::Column::Status.eq(SeatRequestStatus::Submitted.as_str()))
                    .order_by_asc(seat_request::Column::Id)
                    .all(db)
                    .await?
                {
                    ranked_with.push(request_from(&row)?);
                }
            }
        }
        let agreed = programme::agreed_goals_in(db, &unranked).await?;
        return Ok(ReofferBasis { run, ranking: Ranking { requests, holds, ranked_with, agreed } });
    }
    Err(StoreError::NotFound)
}

/// The published allocations that cover `activity`, newest first, each with its activities.
/// The coverage and the runs' rows are two reads: a run superseded between them (a seat given
/// back or released meanwhile) is read again from a fresh coverage, so that a caller never gets
/// a superseded version as the published one, nor misses the version that replaced it.
async fn published_runs_covering<C: ConnectionTrait>(
    db: &C,
    activity: i64,
) -> Result<Vec<(allocation_run::Model, Vec<i64>)>, StoreError> {
    const ATTEMPTS: usize = 5;
    let mut changed = 0;
    for _ in 0..ATTEMPTS {
        let covering: Vec<(i64, Vec<i64>)> =
            published_coverage_in(db).await?.into_iter().filter(|(_, acts)| acts.contains(&activity)).collect();
        if covering.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: BTreeMap<i64, allocation_run::Model> = allocation_run::Entity::find()
            .filter(allocation_run::Column::Id.is_in(covering.iter().map(|(id, _)| *id)))
            .filter(allocation_run::Column::Status.eq(AllocationStatus::Published.as_str()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        if rows.len() == covering.len() {
            return Ok(covering.into_iter().filter_map(|(id, acts)| rows.remove(&id).map(|r| (r, acts))).collect());
        }
        changed = covering.iter().map(|(id, _)| *id).find(|id| !rows.contains_key(id)).unwrap_or(changed);
    }
    Err(StoreError::Conflict { entity: "allocation", id: changed })
}

/// The published allocations and the activities each covers, newest first: the runs' ids and
/// activities only, not their reports or lines.
async fn published_coverage_in<C: ConnectionTrait>(db: &C) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
    let rows: Vec<(i64, String)> = allocation_run::Entity::find()
        .filter(allocation_run::Column::Status.eq(AllocationStatus::Published.as_str()))
        .select_only()
        .column(allocation_run::Column::Id)
        .column(allocation_run::Column::Activities)
        .order_by_desc(allocation_run::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter().map(|(id, acts)| Ok((id, parse("allocation_run.activities", &acts)?))).collect()
}

pub(crate) async fn claim<C: ConnectionTrait>(
    db: &C,
    table: &'static str,
    entity: &'static str,
    id: i64,
    version: i64,
) -> Result<(), StoreError> {
    use sea_orm::sea_query::Alias;
    let stmt = Query::update()
        .table(Alias::new(table))
        .value(Alias::new("version"), Expr::col(Alias::new("version")).add(1))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .and_where(Expr::col(Alias::new("version")).eq(version))
        .to_owned();
    let res = db.execute(&stmt).await?;
    if res.rows_affected() == 1 { Ok(()) } else { Err(StoreError::Conflict { entity, id }) }
}

// ---------- reads ----------

impl Scoped {
    fn my_nation(&self) -> Option<String> {
        self.principal().and_then(|p| p.nation()).map(|n| n.to_string())
    }

    /// The SQL side of [`may_see_activity`]: staff see all; a nation its own proposals and the
    /// published activities whose marking it may see; anonymous callers nothing.
    fn activity_visibility(&self) -> Condition {
        if self.is_staff() {
            return Condition::all();
        }
        let Some(nation) = self.my_nation() else { return Condition::all().add(Expr::val(1).eq(0)) };
        Condition::any().add(activity::Column::ProposerNation.eq(nation)).add(
            Condition::all()
                .add(activity::Column::PublishedAt.is_not_null())
                .add(self.visible((activity::Entity, activity::Column::MarkingId))),
        )
    }

    /// Activities of the menu this caller may see, filtered, by first day then id (from the menu
    /// held in memory: [`menu`]).
    pub async fn activities(&self, f: &ActivityFilter, network: &Network) -> Result<Vec<Activity>, StoreError> {
        Ok(self.menu_view(f, network).await?.items().map(|it| it.activity.clone()).collect())
    }

    /// How many activities this caller may see on the menu or among its proposals.
    pub async fn count_activities(&self) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(activity::Entity::find().filter(self.activity_visibility()).count(self.store().reader()).await?)
    }

    /// One activity; not found when the caller may not see it.
    pub async fn activity(&self, id: i64, network: &Network) -> Result<Activity, StoreError> {
        let db = self.store().reader();
        let row = activity::Entity::find_by_id(id)
            .filter(self.activity_visibility())
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let a = activities_from(db, std::slice::from_ref(&row)).await?.pop().ok_or(StoreError::NotFound)?;
        if may_see_activity(self.viewer(), &a, network) { Ok(a) } else { Err(StoreError::NotFound) }
    }

    /// The activities a nation has completed: those where the provider recorded one of its
    /// participants as having completed; and, for activities whose attendance was never
    /// recorded, the completed activities in which a published allocation granted it seats.
    pub async fn completed_by(&self, nation: &str) -> Result<BTreeSet<ActivityId>, StoreError> {
        let (mut out, people) = self.completions_of(&[nation.to_string()]).await?.remove(nation).unwrap_or_default();
        out.extend(people.into_values().flatten());
        Ok(out)
    }

    /// For each of `nations` the caller may read (staff all, a delegation its own nation): the
    /// activities it completed as a nation only — those never given an attendance record in
    /// which a published allocation gave it seats — and each participant's completed activities,
    /// as the providers recorded them. Three queries (per 500 nations or activities), not a few
    /// per nation (the allocation reads them for every nation that asks for seats).
    pub async fn completions_of(&self, nations: &[String]) -> Result<BTreeMap<String, Completions>, StoreError> {
        use sea_orm::sea_query::Alias;
        let mut out: BTreeMap<String, Completions> = BTreeMap::new();
        let mine = self.my_nation();
        let nations: Vec<String> =
            nations.iter().filter(|n| self.is_staff() || mine.as_deref() == Some(n.as_str())).cloned().collect();
        if nations.is_empty() {
            return Ok(out);
        }
        let db = self.store().reader();
        let mut recorded: BTreeSet<(String, ActivityId)> = BTreeSet::new();
        let mut granted: BTreeSet<(String, ActivityId)> = BTreeSet::new();
        for chunk in nations.chunks(500) {
            let q = Query::select()
                .columns([
                    Alias::new("nation"),
                    Alias::new("activity_id"),
                    Alias::new("participant"),
                    Alias::new("completed"),
                ])
                .from(Alias::new("attendance"))
                .and_where(Expr::col(Alias::new("nation")).is_in(chunk.iter().cloned()))
                .to_owned();
            for row in db.query_all(&q).await? {
                let nation: String = row.try_get("", "nation")?;
                let id = ActivityId(row.try_get("", "activity_id")?);
                if row.try_get::<bool>("", "completed")? {
                    let person: String = row.try_get("", "participant")?;
                    out.entry(nation.clone()).or_default().1.entry(person).or_default().insert(id);
                }
                recorded.insert((nation, id));
            }
            let rows: Vec<(String, i64)> = allocation_line::Entity::find()
                .filter(published_lines())
                .filter(allocation_line::Column::Nation.is_in(chunk.iter().cloned()))
                .filter(allocation_line::Column::Granted.gt(0))
                .select_only()
                .column(allocation_line::Column::Nation)
                .column(allocation_line::Column::ActivityId)
                .distinct()
                .into_tuple()
                .all(db)
                .await?;
            granted.extend(rows.into_iter().map(|(n, a)| (n, ActivityId(a))));
        }
        if !granted.is_empty() {
            // Of the activities granted, those completed (not every completed activity).
            let ids: Vec<i64> = granted.iter().map(|(_, a)| a.0).collect::<BTreeSet<_>>().into_iter().collect();
            let mut completed: BTreeSet<ActivityId> = BTreeSet::new();
            for chunk in ids.chunks(500) {
                let rows: Vec<i64> = activity::Entity::find()
                    .filter(activity::Column::Id.is_in(chunk.to_vec()))
                    .filter(activity::Column::Status.eq(ActivityStatus::Completed.as_str()))
                    .select_only()
                    .column(activity::Column::Id)
                    .into_tuple()
                    .all(db)
                    .await?;
                completed.extend(rows.into_iter().map(ActivityId));
            }
            for (nation, id) in granted {
                if completed.contains(&id) && !recorded.contains(&(nation.clone(), id)) {
                    out.entry(nation).or_default().0.insert(id);
                }
            }
        }
        Ok(out)
    }

    /// The codes of activities `ids`, for staff (others get none): what an allocation's
    /// explanations name prerequisites and completions by.
    pub async fn activity_codes(&self, ids: &BTreeSet<ActivityId>) -> Result<BTreeMap<ActivityId, String>, StoreError> {
        let mut out = BTreeMap::new();
        if !self.is_staff() {
            return Ok(out);
        }
        let db = self.store().reader();
        let ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
        for chunk in ids.chunks(500) {
            let rows: Vec<(i64, String)> = activity::Entity::find()
                .filter(activity::Column::Id.is_in(chunk.to_vec()))
                .select_only()
                .column(activity::Column::Id)
                .column(activity::Column::Code)
                .into_tuple()
                .all(db)
                .await?;
            out.extend(rows.into_iter().map(|(id, code)| (ActivityId(id), code)));
        }
        Ok(out)
    }

    /// For `nation`: each participant's completed activities, as the providers recorded them
    /// (staff, or the nation's own delegation; empty for anyone else).
    pub async fn person_completions(&self, nation: &str) -> Result<BTreeMap<String, BTreeSet<ActivityId>>, StoreError> {
        Ok(self.completions_of(&[nation.to_string()]).await?.remove(nation).unwrap_or_default().1)
    }

    /// Seat requests this caller may see: staff all (optionally for some activities), a nation
    /// its own.
    pub async fn seat_requests(&self, activities: Option<&[i64]>) -> Result<Vec<SeatRequest>, StoreError> {
        let db = self.store().reader();
        let mut q = seat_request::Entity::find();
        if !self.is_staff() {
            let Some(n) = self.my_nation() else { return Ok(Vec::new()) };
            q = q.filter(seat_request::Column::Nation.eq(n));
        }
        if let Some(ids) = activities {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            q = q.filter(seat_request::Column::ActivityId.is_in(ids.to_vec()));
        }
        let rows = q.order_by_asc(seat_request::Column::Id).all(db).await?;
        let out: Vec<SeatRequest> = rows.iter().map(request_from).collect::<Result<_, _>>()?;
        Ok(out.into_iter().filter(|r| may_see_seat_request(self.viewer(), r)).collect())
    }

    /// One seat request; not found unless it is the caller's nation's (or the caller is staff).
    pub async fn seat_request(&self, id: i64) -> Result<SeatRequest, StoreError> {
        let db = self.store().reader();
        let row = seat_request::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let r = request_from(&row)?;
        if may_see_seat_request(self.viewer(), &r) { Ok(r) } else { Err(StoreError::NotFound) }
    }

    /// Allocations this caller may read: staff all, a nation the published and superseded ones
    /// (with only its own lines), newest first.
    pub async fn allocations(&self) -> Result<Vec<AllocationRun>, StoreError> {
        let db = self.store().reader();
        let mut q = allocation_run::Entity::find();
        if !self.is_staff() {
            if self.my_nation().is_none() {
                return Ok(Vec::new());
            }
            q = q.filter(
                allocation_run::Column::Status
                    .is_in([AllocationStatus::Published.as_str(), AllocationStatus::Superseded.as_str()]),
            );
        }
        let rows = q.order_by_desc(allocation_run::Column::Id).limit(200).all(db).await?;
        let mut out = Vec::new();
        for r in rows {
            out.push(self.with_lines(db, &r).await?);
        }
        Ok(out)
    }

    /// One allocation, with the lines this caller may read; not found for a nation and a draft.
    pub async fn allocation(&self, id: i64) -> Result<AllocationRun, StoreError> {
        let db = self.store().reader();
        let row = allocation_run::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let run = self.with_lines(db, &row).await?;
        let Some(p) = self.principal() else { return Err(StoreError::NotFound) };
        if run.lines_for(p).is_none() {
            return Err(StoreError::NotFound);
        }
        Ok(run)
    }

    async fn with_lines<C: ConnectionTrait>(
        &self,
        db: &C,
        r: &allocation_run::Model,
    ) -> Result<AllocationRun, StoreError> {
        let mut q = allocation_line::Entity::find().filter(lines_of(r));
        let mut run_report = true;
        if !self.is_staff() {
            q = q.filter(allocation_line::Column::Nation.eq(self.my_nation().unwrap_or_default()));
            run_report = false;
        }
        let lines = q
            .order_by_asc(allocation_line::Column::RequestId)
            .order_by_asc(allocation_line::Column::Id)
            .all(db)
            .await?
            .iter()
            .map(line_from)
            .collect::<Result<_, _>>()?;
        let mut run = run_from(r, lines)?;
        if !run_report {
            run.report = serde_json::Value::Null;
        }
        Ok(run)
    }

    /// What the re-offer of seats given back needs, which the nation giving them back may not read
    /// itself: the whole published allocation holding `request` (every line, the lottery), the
    /// submitted requests of its activities and the agreed goals of their nations. Only the
    /// requesting nation's delegation (or the staff) gets it; the service computes with it and
    /// shows none of it. Not found when no published allocation holds the request.
    pub async fn reoffer_basis(&self, request: &SeatRequest) -> Result<ReofferBasis, StoreError> {
        if !(self.is_staff() || self.my_nation().as_deref() == Some(request.nation.as_str())) {
            return Err(StoreError::NotFound);
        }
        reoffer_basis_in(self.store().reader(), request).await
    }

    /// The published allocations and the activities each covers, newest first, without their
    /// lines (for a caller who may read allocations: staff, or a nation's delegation).
    pub async fn published_coverage(&self) -> Result<Vec<(AllocationId, Vec<ActivityId>)>, StoreError> {
        if !self.is_staff() && self.my_nation().is_none() {
            return Ok(Vec::new());
        }
        Ok(published_coverage_in(self.store().reader())
            .await?
            .into_iter()
            .map(|(id, acts)| (AllocationId(id), acts.into_iter().map(ActivityId).collect()))
            .collect())
    }
}

/// An activity code someone else's activity has.
fn code_used(code: &str) -> StoreError {
    StoreError::Refused(said!(
        "err-coop-code-used",
        "{field}: '{code}' is already used by another activity",
        field = said::field("code"),
        code = code.to_string()
    ))
}

// ---------- writes ----------

impl Scoped {
    fn check_permit_for(&self, permit: &Permit, kind: &str, id: i64) -> Result<(), StoreError> {
        let mine = self.principal().is_some_and(|p| p.user_id == permit.user_id());
        let fits = if id == 0 { permit.creates(kind) } else { permit.covers(kind, id) };
        if mine && fits {
            Ok(())
        } else {
            Err(StoreError::Unpermitted(format!(
                "a permit for {} #{} ({}) does not allow writing {kind} #{id} for this caller",
                permit.subject().kind,
                permit.subject().id,
                permit.action()
            )))
        }
    }

    /// Store a new proposal; returns it with its stored id. Codes are unique on the menu.
    pub async fn insert_activity(&self, permit: Permit, mut a: Activity) -> Result<Activity, StoreError> {
        self.check_permit_for(&permit, subject::ACTIVITY, 0)?;
        let txn = self.store().writer().begin().await?;
        if activity::Entity::find().filter(activity::Column::Code.eq(a.code.clone())).one(&txn).await?.is_some() {
            return Err(code_used(&a.code));
        }
        let marking_id = insert_marking(&txn, &a.marking).await?;
        let t = now();
        let saved = activity_row(&a, marking_id, t)?.insert(&txn).await?;
        a.id = ActivityId(saved.id);
        menu::menu_changed(&txn, &[saved.id]).await?;
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "activity",
                entity_id: saved.id.to_string(),
                before: None,
                after: audit_json(&a),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(a)
    }

    /// Save a step of an activity's workflow (and a resubmitted proposal's new fields).
    pub async fn save_activity(&self, permit: Permit, a: &mut Activity) -> Result<(), StoreError> {
        self.check_permit_for(&permit, subject::ACTIVITY, a.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "activity", "activity", a.id.0, a.version).await?;
        if activity::Entity::find()
            .filter(activity::Column::Code.eq(a.code.clone()))
            .filter(activity::Column::Id.ne(a.id.0))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(code_used(&a.code));
        }
        let row = activity::Entity::find_by_id(a.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before_status = row.status.clone();
        let marking_id = insert_marking(&txn, &a.marking).await?;
        let (pn, pi) = provider_cols(&a.provider);
        let mut am = row.into_active_model();
        am.code = Set(a.code.clone());
        am.title_en = Set(a.title_en.clone());
        am.title_fr = Set(a.title_fr.clone());
        am.aim_en = Set(a.aim_en.clone());
        am.aim_fr = Set(a.aim_fr.clone());
        am.area = Set(a.area.clone());
        am.kind = Set(a.kind.as_str().to_string());
        am.provider_nation = Set(pn);
        am.provider_institution = Set(pi);
        am.start_date = Set(a.start);
        am.end_date = Set(a.end);
        am.deadline = Set(a.deadline);
        am.location = Set(a.location.clone());
        am.languages = Set(langs_text(&a.languages));
        am.seats = Set(a.seats as i32);
        am.nation_cap = Set(a.nation_cap.map(|c| c as i32));
        am.frameworks = Set(a.frameworks.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(","));
        am.prerequisites = Set(a.prerequisites.iter().map(|p| p.0.to_string()).collect::<Vec<_>>().join(","));
        am.fee_eur = Set(a.fee_eur as i32);
        am.marking_id = Set(marking_id);
        am.status = Set(a.status().as_str().to_string());
        am.published_at = Set(published_at(a));
        am.history = Set(json(a.history())?);
        am.updated_at = Set(now());
        am.update(&txn).await?;
        menu::menu_changed(&txn, &[a.id.0]).await?;
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "activity",
                entity_id: a.id.0.to_string(),
                before: audit_json(&before_status),
                after: audit_json(&a.status()),
            }],
        )
        .await?;
        txn.commit().await?;
        a.version += 1;
        Ok(())
    }

    /// Store many new proposals of this caller in one transaction (seeding, imports); the same
    /// checks as [`Scoped::insert_activity`], one audit entry each. Returns them with their ids,
    /// in order.
    pub async fn insert_activities(&self, items: Vec<(Permit, Activity)>) -> Result<Vec<Activity>, StoreError> {
        let mut codes = BTreeSet::new();
        for (permit, a) in &items {
            self.check_permit_for(permit, subject::ACTIVITY, 0)?;
            if !codes.insert(a.code.clone()) {
                return Err(StoreError::Refused(said!(
                    "err-coop-code-twice",
                    "{field}: '{code}' is given twice",
                    field = said::field("code"),
                    code = a.code.clone()
                )));
            }
        }
        let txn = self.store().writer().begin().await?;
        let codes: Vec<String> = codes.into_iter().collect();
        for chunk in codes.chunks(500) {
            if let Some(row) =
                activity::Entity::find().filter(activity::Column::Code.is_in(chunk.to_vec())).one(&txn).await?
            {
                return Err(code_used(&row.code));
            }
        }
        let t = now();
        let mut out = Vec::with_capacity(items.len());
        let mut changes = Vec::with_capacity(items.len());
        for (permit, mut a) in items {
            let marking_id = insert_marking(&txn, &a.marking).await?;
            let saved = activity_row(&a, marking_id, t)?.insert(&txn).await?;
            a.id = ActivityId(saved.id);
            changes.push(Change {
                action: permit.action(),
                entity: "activity",
                entity_id: saved.id.to_string(),
                before: None,
                after: audit_json(&a),
            });
            out.push(a);
        }
        menu::menu_changed(&txn, &out.iter().map(|a| a.id.0).collect::<Vec<_>>()).await?;
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// Save workflow steps (approve, return, cancel, complete) of many activities in one
    /// transaction: only the status and history are written, each row's version checked. A
    /// resubmitted proposal, whose fields change, goes through [`Scoped::save_activity`].
    pub async fn save_activity_steps(&self, items: Vec<(Permit, &mut Activity)>) -> Result<(), StoreError> {
        for (permit, a) in &items {
            self.check_permit_for(permit, subject::ACTIVITY, a.id.0)?;
            if permit.action() == "activity.resubmitted" {
                return Err(StoreError::Unpermitted("a resubmitted proposal is saved with save_activity".into()));
            }
        }
        let txn = self.store().writer().begin().await?;
        let t = now();
        let mut changes = Vec::with_capacity(items.len());
        let mut saved = Vec::with_capacity(items.len());
        for (permit, a) in items {
            let row = activity::Entity::find_by_id(a.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
            let res = activity::Entity::update_many()
                .col_expr(activity::Column::Status, Expr::value(a.status().as_str()))
                .col_expr(activity::Column::PublishedAt, Expr::value(published_at(a)))
                .col_expr(activity::Column::History, Expr::value(json(a.history())?))
                .col_expr(activity::Column::UpdatedAt, Expr::value(t))
                .col_expr(activity::Column::Version, Expr::col(activity::Column::Version).add(1))
                .filter(activity::Column::Id.eq(a.id.0))
                .filter(activity::Column::Version.eq(a.version))
                .exec(&txn)
                .await?;
            if res.rows_affected != 1 {
                return Err(StoreError::Conflict { entity: "activity", id: a.id.0 });
            }
            changes.push(Change {
                action: permit.action(),
                entity: "activity",
                entity_id: a.id.0.to_string(),
                before: audit_json(&row.status),
                after: audit_json(&a.status()),
            });
            saved.push(a);
        }
        menu::menu_changed(&txn, &saved.iter().map(|a| a.id.0).collect::<Vec<_>>()).await?;
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        for a in saved {
            a.version += 1;
        }
        Ok(())
    }

    /// Store many new seat requests of this caller's nation in one transaction (seeding,
    /// imports), with the checks of [`Scoped::insert_seat_request`]: one per nation and activity, a
    /// withdrawn request making room for a new one. Returns them with their ids, in order.
    pub async fn insert_seat_requests(
        &self,
        items: Vec<(Permit, SeatRequest)>,
    ) -> Result<Vec<SeatRequest>, StoreError> {
        let mut pairs = BTreeSet::new();
        for (permit, r) in &items {
            self.check_permit_for(permit, subject::SEAT_REQUEST, 0)?;
            if !pairs.insert((r.activity.0, r.nation.to_string())) {
                return Err(StoreError::Refused(said!(
                    "err-coop-requests-twice",
                    "activity #{activity}: {nation} requests seats twice",
                    activity = r.activity.0,
                    nation = r.nation.to_string()
                )));
            }
        }
        let activity_ids: Vec<i64> = pairs.iter().map(|p| p.0).collect::<BTreeSet<_>>().into_iter().collect();
        let txn = self.store().writer().begin().await?;
        let mut withdrawn = Vec::new();
        for chunk in activity_ids.chunks(500) {
            for row in seat_request::Entity::find()
                .filter(seat_request::Column::ActivityId.is_in(chunk.to_vec()))
                .all(&txn)
                .await?
            {
                if !pairs.contains(&(row.activity_id, row.nation.clone())) {
                    continue;
                }
                if row.status == SeatRequestStatus::Withdrawn.as_str() {
                    withdrawn.push(row.id);
                } else {
                    return Err(StoreError::Refused(said!(
                        "err-coop-requested-already-bulk",
                        "activity #{activity}: {nation} has already requested seats; withdraw that request to file another",
                        activity = row.activity_id,
                        nation = row.nation.clone()
                    )));
                }
            }
        }
        for chunk in withdrawn.chunks(500) {
            seat_request::Entity::delete_many()
                .filter(seat_request::Column::Id.is_in(chunk.to_vec()))
                .exec(&txn)
                .await?;
        }
        let rows: Vec<seat_request::ActiveModel> = items
            .iter()
            .map(|(_, r)| {
                Ok(seat_request::ActiveModel {
                    activity_id: Set(r.activity.0),
                    nation: Set(r.nation.to_string()),
                    seats: Set(r.seats as i32),
                    priority: Set(r.priority as i32),
                    nominees: Set(json(&r.nominees)?),
                    submitted_at: Set(r.submitted_at),
                    submitted_by: Set(json(&r.by)?),
                    status: Set(r.status.as_str().to_string()),
                    version: Set(0),
                    goal: Set(r.goal.map(|g| g as i32)),
                    ..Default::default()
                })
            })
            .collect::<Result<_, StoreError>>()?;
        for chunk in rows.chunks(1000) {
            seat_request::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        // The ids, by (activity, nation): unique among submitted requests.
        let mut ids = std::collections::HashMap::with_capacity(items.len());
        for chunk in activity_ids.chunks(500) {
            for (id, activity_id, nation) in seat_request::Entity::find()
                .select_only()
                .column(seat_request::Column::Id)
                .column(seat_request::Column::ActivityId)
                .column(seat_request::Column::Nation)
                .filter(seat_request::Column::ActivityId.is_in(chunk.to_vec()))
                .into_tuple::<(i64, i64, String)>()
                .all(&txn)
                .await?
            {
                ids.insert((activity_id, nation), id);
            }
        }
        let mut out = Vec::with_capacity(items.len());
        let mut changes = Vec::with_capacity(items.len());
        for (permit, mut r) in items {
            let id = *ids.get(&(r.activity.0, r.nation.to_string())).ok_or(StoreError::NotFound)?;
            r.id = SeatRequestId(id);
            changes.push(Change {
                action: permit.action(),
                entity: "seat_request",
                entity_id: id.to_string(),
                before: None,
                after: audit_json(&r),
            });
            out.push(r);
        }
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// Store a new seat request: one per nation and activity.
    pub async fn insert_seat_request(&self, permit: Permit, mut r: SeatRequest) -> Result<SeatRequest, StoreError> {
        self.check_permit_for(&permit, subject::SEAT_REQUEST, 0)?;
        let txn = self.store().writer().begin().await?;
        if seat_request::Entity::find()
            .filter(seat_request::Column::ActivityId.eq(r.activity.0))
            .filter(seat_request::Column::Nation.eq(r.nation.to_string()))
            .filter(seat_request::Column::Status.eq(SeatRequestStatus::Submitted.as_str()))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::Refused(said!(
                "err-coop-requested-already",
                "your nation has already requested seats in this activity; withdraw that request to file another"
            )));
        }
        // A withdrawn request of the same nation makes room for the new one.
        seat_request::Entity::delete_many()
            .filter(seat_request::Column::ActivityId.eq(r.activity.0))
            .filter(seat_request::Column::Nation.eq(r.nation.to_string()))
            .filter(seat_request::Column::Status.eq(SeatRequestStatus::Withdrawn.as_str()))
            .exec(&txn)
            .await?;
        let saved = seat_request::ActiveModel {
            activity_id: Set(r.activity.0),
            nation: Set(r.nation.to_string()),
            seats: Set(r.seats as i32),
            priority: Set(r.priority as i32),
            nominees: Set(json(&r.nominees)?),
            submitted_at: Set(r.submitted_at),
            submitted_by: Set(json(&r.by)?),
            status: Set(r.status.as_str().to_string()),
            version: Set(0),
            goal: Set(r.goal.map(|g| g as i32)),
            declined: Set(0),
            confirmed_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        r.id = SeatRequestId(saved.id);
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "seat_request",
                entity_id: saved.id.to_string(),
                before: None,
                after: audit_json(&r),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(r)
    }

    pub async fn save_seat_request(&self, permit: Permit, r: &mut SeatRequest) -> Result<(), StoreError> {
        self.check_permit_for(&permit, subject::SEAT_REQUEST, r.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "seat_request", "seat request", r.id.0, r.version).await?;
        let row = seat_request::Entity::find_by_id(r.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut am = row.into_active_model();
        am.status = Set(r.status.as_str().to_string());
        am.declined = Set(r.declined as i32);
        am.confirmed_at = Set(r.confirmed_at);
        am.confirm_by = Set(r.confirm_by);
        am.released_at = Set(r.released_at);
        am.update(&txn).await?;
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "seat_request",
                entity_id: r.id.0.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "status": r.status.as_str(), "declined": r.declined, "confirmed_at": r.confirmed_at,
                })),
            }],
        )
        .await?;
        txn.commit().await?;
        r.version += 1;
        Ok(())
    }

    /// A nation gave seats back: in one transaction, its request is saved, the published
    /// allocation `current` is marked superseded (version-checked: two answers at once cannot
    /// both reissue it), `next` is stored published in its place, and the requests that were
    /// offered seats (`offered`) lose their confirmation, since they hold new seats to answer
    /// for, by `offered_by`. Returns `next` with its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn reissue_allocation(
        &self,
        permits: (Permit, Permit),
        request: &mut SeatRequest,
        current: &mut AllocationRun,
        next: AllocationRun,
        offered: &[SeatRequestId],
        offered_by: NaiveDate,
    ) -> Result<AllocationRun, StoreError> {
        let (request_permit, run_permit) = permits;
        self.check_permit_for(&request_permit, subject::SEAT_REQUEST, request.id.0)?;
        self.check_permit_for(&run_permit, subject::ALLOCATION, current.id.0)?;
        reissue(self.store(), &actor(self), (request_permit, run_permit), request, current, next, offered, offered_by)
            .await
    }

    /// Store a draft allocation with its lines, in one transaction.
    pub async fn insert_allocation(&self, permit: Permit, mut run: AllocationRun) -> Result<AllocationRun, StoreError> {
        self.check_permit_for(&permit, subject::ALLOCATION, 0)?;
        let txn = self.store().writer().begin().await?;
        run = insert_run(&txn, run).await?;
        let saved_id = run.id.0;
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "allocation_run",
                entity_id: saved_id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "title": run.title, "activities": run.activities.len(), "lines": run.lines.len(),
                    "seed": run.seed, "mechanism": run.mechanism,
                })),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(run)
    }

    /// Save a published (or discarded) allocation; the one it supersedes is marked superseded in
    /// the same transaction, and each request of `holds` gets the date its seats are to be
    /// confirmed by (none: it holds no seat), its confirmation kept.
    pub async fn save_allocation(
        &self,
        permit: Permit,
        run: &mut AllocationRun,
        holds: &[(SeatRequestId, Option<NaiveDate>)],
    ) -> Result<(), StoreError> {
        self.check_permit_for(&permit, subject::ALLOCATION, run.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "allocation_run", "allocation", run.id.0, run.version).await?;
        if let Some(old) = run.supersedes {
            let row = allocation_run::Entity::find_by_id(old.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
            claim(&txn, "allocation_run", "allocation", old.0, row.version).await?;
            let mut am = row.into_active_model();
            am.status = Set(AllocationStatus::Superseded.as_str().to_string());
            am.update(&txn).await?;
        }
        let row = allocation_run::Entity::find_by_id(run.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut am = row.into_active_model();
        am.status = Set(run.status.as_str().to_string());
        am.published_at = Set(run.published_at);
        am.supersedes = Set(run.supersedes.map(|s| s.0));
        am.confirm_by = Set(run.confirm_by);
        am.update(&txn).await?;
        let mut by_date: BTreeMap<Option<NaiveDate>, Vec<i64>> = BTreeMap::new();
        for (r, d) in holds {
            by_date.entry(*d).or_default().push(r.0);
        }
        for (d, ids) in by_date {
            for chunk in ids.chunks(500) {
                seat_request::Entity::update_many()
                    .col_expr(seat_request::Column::ConfirmBy, Expr::value(d))
                    .col_expr(seat_request::Column::Version, Expr::col(seat_request::Column::Version).add(1))
                    .filter(seat_request::Column::Id.is_in(chunk.to_vec()))
                    .exec(&txn)
                    .await?;
            }
        }
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "allocation_run",
                entity_id: run.id.0.to_string(),
                before: None,
                after: audit_json(&run.status),
            }],
        )
        .await?;
        txn.commit().await?;
        run.version += 1;
        Ok(())
    }
}

/// See [`Scoped::reissue_allocation`] (seats given back) and `System::release_seats` (seats
/// released by time): the request, the superseded version (version-checked), the new version and
/// the offered requests' new date, in one transaction with the audit entries of `actor`.
#[allow(clippy::too_many_arguments)]
async fn reissue(
    store: &crate::Store,
    actor: &AuditActor,
    permits: (Permit, Permit),
    request: &mut SeatRequest,
    current: &mut AllocationRun,
    next: AllocationRun,
    offered: &[SeatRequestId],
    offered_by: NaiveDate,
) -> Result<AllocationRun, StoreError> {
    let (request_permit, run_permit) = permits;
    let txn = store.writer().begin().await?;
    claim(&txn, "seat_request", "seat request", request.id.0, request.version).await?;
    let row = seat_request::Entity::find_by_id(request.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
    let mut am = row.into_active_model();
    am.declined = Set(request.declined as i32);
    am.confirmed_at = Set(request.confirmed_at);
    am.confirm_by = Set(request.confirm_by);
    am.released_at = Set(request.released_at);
    am.update(&txn).await?;
    claim(&txn, "allocation_run", "allocation", current.id.0, current.version).await?;
    let current_row = allocation_run::Entity::find_by_id(current.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
    let mut am = current_row.clone().into_active_model();
    am.status = Set(current.status.as_str().to_string());
    am.update(&txn).await?;
    if !offered.is_empty() {
        seat_request::Entity::update_many()
            .col_expr(seat_request::Column::ConfirmedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .col_expr(seat_request::Column::ConfirmBy, Expr::value(Some(offered_by)))
            .col_expr(seat_request::Column::Version, Expr::col(seat_request::Column::Version).add(1))
            .filter(seat_request::Column::Id.is_in(offered.iter().map(|r| r.0).collect::<Vec<_>>()))
            .exec(&txn)
            .await?;
    }
    let next = insert_version(&txn, &current_row, current, next).await?;
    append(
        &txn,
        actor,
        vec![
            Change {
                action: request_permit.action(),
                entity: "seat_request",
                entity_id: request.id.0.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "declined": request.declined, "released_at": request.released_at, "confirm_by": request.confirm_by,
                })),
            },
            Change {
                action: run_permit.action(),
                entity: "allocation_run",
                entity_id: current.id.0.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "superseded_by": next.id.0, "offered": offered.iter().map(|r| r.0).collect::<Vec<_>>(),
                    "offered_confirm_by": offered_by,
                })),
            },
        ],
    )
    .await?;
    txn.commit().await?;
    request.version += 1;
    current.version += 1;
    Ok(next)
}

/// The rows of a new allocation and its lines, in `txn`; returns it with its id.
async fn insert_run<C: sea_orm::ConnectionTrait>(txn: &C, mut run: AllocationRun) -> Result<AllocationRun, StoreError> {
    let saved = run_row(&run, None)?.insert(txn).await?;
    run.id = AllocationId(saved.id);
    insert_lines(txn, saved.id, saved.id, &run.lines).await?;
    Ok(run)
}

/// Store `next`, the version after `current` (whose row is `current_row`), as what changed: the
/// lines of `next` that differ from `current`'s replace them; every other line is shared (see
/// migration m0027). `next` may hold only some of the allocation's lines (those of one
/// activity): the rest is unchanged. Returns `next` with its id.
async fn insert_version<C: sea_orm::ConnectionTrait>(
    txn: &C,
    current_row: &allocation_run::Model,
    current: &AllocationRun,
    mut next: AllocationRun,
) -> Result<AllocationRun, StoreError> {
    let base = base_of(current_row);
    let saved = run_row(&next, Some(base))?.insert(txn).await?;
    next.id = AllocationId(saved.id);
    let was: BTreeMap<SeatRequestId, &AllocationLine> = current.lines.iter().map(|l| (l.request, l)).collect();
    let changed: Vec<AllocationLine> =
        next.lines.iter().filter(|l| was.get(&l.request).is_none_or(|w| *w != *l)).cloned().collect();
    for chunk in changed.chunks(500) {
        let activities: BTreeSet<i64> = chunk.iter().map(|l| l.activity.0).collect();
        allocation_line::Entity::update_many()
            .col_expr(allocation_line::Column::UntilRun, Expr::value(Some(saved.id)))
            .filter(allocation_line::Column::BaseRun.eq(base))
            .filter(allocation_line::Column::ActivityId.is_in(activities))
            .filter(allocation_line::Column::UntilRun.is_null())
            .filter(allocation_line::Column::RequestId.is_in(chunk.iter().map(|l| l.request.0)))
            .exec(txn)
            .await?;
    }
    insert_lines(txn, saved.id, base, &changed).await?;
    Ok(next)
}

/// The row of allocation `run`; `line_base` its first version when it is a later one.
fn run_row(run: &AllocationRun, line_base: Option<i64>) -> Result<allocation_run::ActiveModel, StoreError> {
    Ok(allocation_run::ActiveModel {
        title: Set(run.title.clone()),
        mechanism: Set(run.mechanism.clone()),
        seed: Set(run.seed as i64),
        activities: Set(json(&run.activities.iter().map(|a| a.0).collect::<Vec<_>>())?),
        report: Set(json(&run.report)?),
        created_at: Set(run.created_at),
        created_by: Set(json(&run.created_by)?),
        status: Set(run.status.as_str().to_string()),
        published_at: Set(run.published_at),
        supersedes: Set(run.supersedes.map(|s| s.0)),
        confirm_by: Set(run.confirm_by),
        version: Set(0),
        line_base: Set(line_base),
        ..Default::default()
    })
}

/// Lines written by version `run` of the allocation whose first version is `base`.
async fn insert_lines<C: sea_orm::ConnectionTrait>(
    txn: &C,
    run: i64,
    base: i64,
    lines: &[AllocationLine],
) -> Result<(), StoreError> {
    let rows: Vec<allocation_line::ActiveModel> = lines
        .iter()
        .map(|l| {
            Ok(allocation_line::ActiveModel {
                run_id: Set(run),
                request_id: Set(l.request.0),
                nation: Set(l.nation.to_string()),
                activity_id: Set(l.activity.0),
                asked: Set(l.asked as i32),
                granted: Set(l.granted as i32),
                placed: Set(json(&l.placed)?),
                explanation_en: Set(l.explanation_en.clone()),
                explanation_fr: Set(l.explanation_fr.clone()),
                base_run: Set(base),
                until_run: Set(None),
                rank: Set(l.rank.map(i64::from)),
                ..Default::default()
            })
        })
        .collect::<Result<_, StoreError>>()?;
    for chunk in rows.chunks(500) {
        allocation_line::Entity::insert_many(chunk.to_vec()).exec(txn).await?;
    }
    Ok(())
}

fn provider_cols(p: &Provider) -> (Option<String>, Option<String>) {
    match p {
        Provider::Nation(n) => (Some(n.to_string()), None),
        Provider::Institution(i) => (None, Some(i.clone())),
    }
}

fn published_at(a: &Activity) -> Option<chrono::DateTime<chrono::Utc>> {
    a.history().iter().find(|h| h.status == ActivityStatus::Published).map(|h| h.at)
}

/// A new activity's row.
fn activity_row(
    a: &Activity,
    marking_id: i64,
    t: chrono::DateTime<chrono::Utc>,
) -> Result<activity::ActiveModel, StoreError> {
    let (pn, pi) = provider_cols(&a.provider);
    Ok(activity::ActiveModel {
        code: Set(a.code.clone()),
        title_en: Set(a.title_en.clone()),
        title_fr: Set(a.title_fr.clone()),
        aim_en: Set(a.aim_en.clone()),
        aim_fr: Set(a.aim_fr.clone()),
        area: Set(a.area.clone()),
        kind: Set(a.kind.as_str().to_string()),
        provider_nation: Set(pn),
        provider_institution: Set(pi),
        start_date: Set(a.start),
        end_date: Set(a.end),
        deadline: Set(a.deadline),
        location: Set(a.location.clone()),
        languages: Set(langs_text(&a.languages)),
        seats: Set(a.seats as i32),
        nation_cap: Set(a.nation_cap.map(|c| c as i32)),
        frameworks: Set(a.frameworks.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(",")),
        prerequisites: Set(a.prerequisites.iter().map(|p| p.0.to_string()).collect::<Vec<_>>().join(",")),
        fee_eur: Set(a.fee_eur as i32),
        marking_id: Set(marking_id),
        proposer_nation: Set(a.marking.originator.as_ref().map(|n| n.to_string())),
        proposed_by: Set(json(&a.proposed_by)?),
        status: Set(a.status().as_str().to_string()),
        published_at: Set(published_at(a)),
        history: Set(json(a.history())?),
        created_at: Set(t),
        updated_at: Set(t),
        version: Set(0),
        ..Default::default()
    })
}
