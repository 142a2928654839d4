//! Programmes (ITPP) API: read, open, replace the plan, comment, agree, assess.

use axum::Json;
use axum::extract::Path;
use chrono::{DateTime, NaiveDate, Utc};
use entente_domain::consultation::Actor;
use entente_domain::cooperation::{ActivityId, Goal, Objective, Plan, PlanChange, Programme, Support, diff};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::access::ApiJson;
use crate::cooperation::programme as svc;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectiveDto {
    /// Stable across versions; 0 (or absent) for a new objective.
    #[serde(default)]
    pub key: u32,
    #[schema(max_length = 500)]
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SupportDto {
    /// A menu activity's id.
    pub activity: i64,
    /// The year it is planned for.
    pub year: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GoalDto {
    /// Stable across versions; 0 (or absent) for a new goal.
    #[serde(default)]
    pub key: u32,
    /// The key of the objective it serves (0 for the objective added in the same edit).
    pub objective: u32,
    /// An area of cooperation's code (see `data/cooperation_areas.csv`).
    #[schema(max_length = 40)]
    pub area: String,
    #[schema(max_length = 2000)]
    pub description: String,
    pub target: NaiveDate,
    /// How progress is measured.
    #[schema(max_length = 500)]
    pub indicator: String,
    #[serde(default)]
    pub activities: Vec<SupportDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlanDto {
    pub objectives: Vec<ObjectiveDto>,
    pub goals: Vec<GoalDto>,
}

pub fn plan_dto(p: &Plan) -> PlanDto {
    PlanDto {
        objectives: p.objectives.iter().map(|o| ObjectiveDto { key: o.key, text: o.text.clone() }).collect(),
        goals: p
            .goals
            .iter()
            .map(|g| GoalDto {
                key: g.key,
                objective: g.objective,
                area: g.area.clone(),
                description: g.description.clone(),
                target: g.target,
                indicator: g.indicator.clone(),
                activities: g.activities.iter().map(|s| SupportDto { activity: s.activity.0, year: s.year }).collect(),
            })
            .collect(),
    }
}

fn plan_from(p: PlanDto) -> Plan {
    Plan {
        objectives: p.objectives.into_iter().map(|o| Objective { key: o.key, text: o.text }).collect(),
        goals: p
            .goals
            .into_iter()
            .map(|g| Goal {
                key: g.key,
                objective: g.objective,
                area: g.area,
                description: g.description,
                target: g.target,
                indicator: g.indicator,
                activities: g
                    .activities
                    .into_iter()
                    .map(|s| Support { activity: ActivityId(s.activity), year: s.year })
                    .collect(),
            })
            .collect(),
    }
}

fn who(a: &Actor) -> String {
    match a.nation() {
        Some(n) => n.to_string(),
        None => "staff".to_string(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentDto {
    pub at: DateTime<Utc>,
    /// A nation code, or `staff`.
    pub by: String,
    pub goal: Option<u32>,
    /// A change the staff propose.
    pub proposal: bool,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentDto {
    pub cycle: i32,
    pub goal: u32,
    /// `partner` (self-assessment) or `staff`.
    pub side: String,
    /// `not_started`, `in_progress`, `largely_met` or `met`.
    pub rating: String,
    pub evidence: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionDto {
    pub number: u32,
    pub agreed_at: DateTime<Utc>,
    pub plan: PlanDto,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub nation: String,
    /// `draft` (never agreed), `agreed` (the plan is the latest agreed version) or `amended`.
    pub status: String,
    /// Pass it back when changing the plan or agreeing, so that nobody's change is lost.
    pub version: i64,
    pub plan: PlanDto,
    pub comments: Vec<CommentDto>,
    pub assessments: Vec<AssessmentDto>,
    /// Every agreed version's number and date (read one with `/versions/{number}`).
    pub agreed: Vec<(u32, DateTime<Utc>)>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub fn programme_dto(p: &Programme) -> ProgrammeDto {
    ProgrammeDto {
        nation: p.nation.to_string(),
        status: p.status().as_str().to_string(),
        version: p.version,
        plan: plan_dto(&p.plan),
        comments: p
            .comments
            .iter()
            .map(|c| CommentDto { at: c.at, by: who(&c.by), goal: c.goal, proposal: c.proposal, text: c.text.clone() })
            .collect(),
        assessments: p
            .assessments
            .iter()
            .map(|a| AssessmentDto {
                cycle: a.cycle,
                goal: a.goal,
                side: a.side.as_str().to_string(),
                rating: a.rating.as_str().to_string(),
                evidence: a.evidence.clone(),
                at: a.at,
            })
            .collect(),
        agreed: p.agreed.iter().map(|v| (v.number, v.at)).collect(),
        opened_at: p.opened_at,
        updated_at: p.updated_at,
    }
}

/// The programmes the caller may see: staff and allies every one, a partner its own.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "cooperation",
    responses((status = 200, body = Vec<ProgrammeDto>), (status = 401, body = ErrorBody)))]
pub async fn programmes(ctx: Ctx) -> Result<Json<Vec<ProgrammeDto>>, AppError> {
    Ok(Json(svc::list(&ctx).await?.iter().map(programme_dto).collect()))
}

/// One partner's programme (not found for another partner).
#[utoipa::path(get, path = "/api/v1/programmes/{nation}", tag = "cooperation",
    params(("nation" = String, Path, description = "The partner's code, e.g. GEO")),
    responses((status = 200, body = ProgrammeDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn programme(ctx: Ctx, Path(nation): Path<String>) -> Result<Json<ProgrammeDto>, AppError> {
    Ok(Json(programme_dto(&svc::get(&ctx, &nation).await?)))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionDiffDto {
    pub version: VersionDto,
    /// What changed from the version before (empty for the first).
    pub changes: Vec<serde_json::Value>,
}

/// An agreed version and what changed from the one before it.
#[utoipa::path(get, path = "/api/v1/programmes/{nation}/versions/{number}", tag = "cooperation",
    params(("nation" = String, Path, description = "The partner's code"), ("number" = u32, Path, description = "The agreed version")),
    responses((status = 200, body = VersionDiffDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn version(ctx: Ctx, Path((nation, number)): Path<(String, u32)>) -> Result<Json<VersionDiffDto>, AppError> {
    let p = svc::get(&ctx, &nation).await?;
    let v = p.version_number(number).ok_or(AppError::NotFound)?;
    let before = number.checked_sub(1).and_then(|n| p.version_number(n)).map(|b| b.plan.clone()).unwrap_or_default();
    let changes: Vec<PlanChange> = if number == 1 { Vec::new() } else { diff(&before, &v.plan) };
    Ok(Json(VersionDiffDto {
        version: VersionDto { number: v.number, agreed_at: v.at, plan: plan_dto(&v.plan) },
        changes: changes.iter().filter_map(|c| serde_json::to_value(c).ok()).collect(),
    }))
}

/// The caller's partner delegation opens its (empty) programme.
#[utoipa::path(post, path = "/api/v1/programmes", tag = "cooperation",
    responses((status = 200, body = ProgrammeDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn open(ctx: Ctx) -> Result<Json<ProgrammeDto>, AppError> {
    Ok(Json(programme_dto(&svc::open(&ctx).await?)))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlanEdit {
    /// The programme's `version` the edit was made on; a newer stored version refuses it (409).
    pub version: Option<i64>,
    pub plan: PlanDto,
}

/// The partner's delegation replaces the plan: objectives, goals and the activities planned for them.
#[utoipa::path(post, path = "/api/v1/programmes/{nation}/plan", tag = "cooperation", request_body = PlanEdit,
    params(("nation" = String, Path, description = "The partner's code")),
    responses((status = 200, body = ProgrammeDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn edit(
    ctx: Ctx,
    Path(nation): Path<String>,
    ApiJson(body): ApiJson<PlanEdit>,
) -> Result<Json<ProgrammeDto>, AppError> {
    Ok(Json(programme_dto(&svc::edit(&ctx, &nation, plan_from(body.plan), body.version).await?)))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewComment {
    #[schema(max_length = 4000)]
    pub text: String,
    /// The goal it is about.
    #[serde(default)]
    pub goal: Option<u32>,
    /// A change the staff propose (staff only).
    #[serde(default)]
    pub proposal: bool,
}

/// Staff comment or propose a change; the partner's delegation answers.
/// 409: the programme was changed by someone else since it was read.
#[utoipa::path(post, path = "/api/v1/programmes/{nation}/comments", tag = "cooperation", request_body = NewComment,
    params(("nation" = String, Path, description = "The partner's code")),
    responses((status = 200, body = ProgrammeDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn comment(
    ctx: Ctx,
    Path(nation): Path<String>,
    ApiJson(body): ApiJson<NewComment>,
) -> Result<Json<ProgrammeDto>, AppError> {
    Ok(Json(programme_dto(&svc::comment(&ctx, &nation, &body.text, body.goal, body.proposal).await?)))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct Agreement {
    /// The programme's `version` the administrator read.
    pub version: Option<i64>,
}

/// A staff administrator records agreement: the plan becomes the next agreed version.
#[utoipa::path(post, path = "/api/v1/programmes/{nation}/agree", tag = "cooperation", request_body = Agreement,
    params(("nation" = String, Path, description = "The partner's code")),
    responses((status = 200, body = ProgrammeDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn agree(
    ctx: Ctx,
    Path(nation): Path<String>,
    ApiJson(body): ApiJson<Agreement>,
) -> Result<Json<ProgrammeDto>, AppError> {
    Ok(Json(programme_dto(&svc::agree(&ctx, &nation, body.version).await?)))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewAssessment {
    /// The year assessed.
    pub cycle: i32,
    /// A goal of the agreed programme.
    pub goal: u32,
    /// `not_started`, `in_progress`, `largely_met` or `met`.
    #[schema(pattern = "^(not_started|in_progress|largely_met|met)$")]
    pub rating: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub evidence: String,
}

/// The partner (self-assessment) or the staff assess a goal for a cycle.
#[utoipa::path(post, path = "/api/v1/programmes/{nation}/assessments", tag = "cooperation", request_body = NewAssessment,
    params(("nation" = String, Path, description = "The partner's code")),
    responses((status = 200, body = ProgrammeDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn assess(
    ctx: Ctx,
    Path(nation): Path<String>,
    ApiJson(body): ApiJson<NewAssessment>,
) -> Result<Json<ProgrammeDto>, AppError> {
    let rating = svc::rating(&body.rating)?;
    Ok(Json(programme_dto(&svc::assess(&ctx, &nation, body.cycle, body.goal, rating, &body.evidence).await?)))
}
