//! Cooperation API: the cooperation menu, seat requests and allocations, as the caller may see them.

use axum::Json;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use entente_domain::Lang;
use entente_domain::cooperation::{
    Activity, ActivityDraft, ActivityId, ActivityKind, AllocationRun, Eligibility, SeatRequest, SeatRequestDraft,
};
use entente_domain::said;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::access::ApiJson;
use crate::AppState;
use crate::consultation as consult;
use crate::cooperation::{self as svc, Facets, MenuQuery, Selection};
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::params::{Paging, Q};
use axum::extract::State;

pub mod after;
pub mod programme;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: i64,
    pub code: String,
    pub title_en: String,
    pub title_fr: String,
    pub aim_en: String,
    pub aim_fr: String,
    /// Area of cooperation code (see `data/cooperation_areas.csv`).
    pub area: String,
    /// `course`, `exercise`, `workshop`, `conference`, `seminar` or `expert_visit`.
    pub kind: String,
    /// A nation code or an institution's name.
    pub provider: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Empty when online.
    pub location: String,
    pub languages: Vec<String>,
    pub seats: u32,
    pub nation_cap: Option<u32>,
    /// Frameworks whose partners may take part; empty = every active partner (allies always may).
    pub frameworks: Vec<String>,
    pub prerequisites: Vec<i64>,
    pub fee_eur: u32,
    pub nomination_deadline: NaiveDate,
    pub marking: String,
    /// `proposed`, `returned`, `published`, `cancelled` or `completed`.
    pub status: String,
}

pub fn activity_dto(a: &Activity) -> ActivityDto {
    ActivityDto {
        id: a.id.0,
        code: a.code.clone(),
        title_en: a.title_en.clone(),
        title_fr: a.title_fr.clone(),
        aim_en: a.aim_en.clone(),
        aim_fr: a.aim_fr.clone(),
        area: a.area.clone(),
        kind: a.kind.as_str().to_string(),
        provider: a.provider.label(),
        start: a.start,
        end: a.end,
        location: a.location.clone(),
        languages: a.languages.iter().map(|l| l.as_str().to_string()).collect(),
        seats: a.seats,
        nation_cap: a.nation_cap,
        frameworks: a.frameworks.iter().map(|f| f.to_string()).collect(),
        prerequisites: a.prerequisites.iter().map(|p| p.0).collect(),
        fee_eur: a.fee_eur,
        nomination_deadline: a.deadline,
        marking: a.marking.label(),
        status: a.status().as_str().to_string(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityPage {
    pub items: Vec<ActivityDto>,
    /// Activities matching the query (all pages).
    pub total: usize,
    /// Counts by area, kind, language and status of what matches; only what the caller may see.
    pub facets: Facets,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct ActivityParams {
    /// Area of cooperation code, e.g. `CYB`.
    pub area: Option<String>,
    /// `course`, `exercise`, `workshop`, `conference`, `seminar` or `expert_visit`.
    pub kind: Option<String>,
    /// Activities ending on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Activities starting on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Working language: `en` or `fr`.
    pub language: Option<String>,
    /// A nation code, or part of an institution's name.
    pub provider: Option<String>,
    /// `proposed`, `returned`, `published`, `cancelled` or `completed`.
    pub status: Option<String>,
    /// Words in the code, titles or aims.
    pub q: Option<String>,
    /// `1`: only activities the caller's nation may request seats in now (eligible by framework
    /// on the first day, prerequisites completed, nominations open).
    pub open_to_me: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `json` (default) or `csv` (every matching activity, not paged).
    pub format: Option<String>,
}

impl ActivityParams {
    pub fn query(&self, paged: bool) -> Result<MenuQuery, AppError> {
        let filter = svc::menu_filter(
            self.area.as_deref(),
            self.kind.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            self.language.as_deref(),
            self.provider.as_deref(),
            self.status.as_deref(),
        )?;
        let open_to_me = match self.open_to_me.as_deref().map(str::trim) {
            None | Some("") | Some("0") | Some("false") => false,
            Some("1") | Some("true") | Some("on") => true,
            Some(other) => {
                return Err(AppError::bad_request(
                    "invalid_open_to_me",
                    said!("err-coop-open-to-me", "open_to_me: '{value}' is not 1 or 0", value = other),
                ));
            }
        };
        let paging = if paged { Some(Paging::parse(self.limit.as_deref(), self.cursor.as_deref())?) } else { None };
        Ok(MenuQuery { filter, text: self.q.clone(), open_to_me, paging })
    }
}

/// The CSV export of a list of activities (one row each; lists joined with `;`; typed text made
/// safe for spreadsheets).
pub fn activities_csv(items: &[Activity]) -> Result<Vec<u8>, AppError> {
    use crate::export::text_cell;
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| AppError::Internal(e.into());
    w.write_record([
        "id",
        "code",
        "title_en",
        "title_fr",
        "area",
        "kind",
        "provider",
        "start",
        "end",
        "location",
        "languages",
        "seats",
        "nation_cap",
        "frameworks",
        "prerequisites",
        "fee_eur",
        "nomination_deadline",
        "marking",
        "status",
    ])
    .map_err(internal)?;
    for a in items {
        let d = activity_dto(a);
        w.write_record([
            d.id.to_string(),
            text_cell(&d.code).into_owned(),
            text_cell(&d.title_en).into_owned(),
            text_cell(&d.title_fr).into_owned(),
            d.area,
            d.kind,
            text_cell(&d.provider).into_owned(),
            d.start.to_string(),
            d.end.to_string(),
            text_cell(&d.location).into_owned(),
            d.languages.join(";"),
            d.seats.to_string(),
            d.nation_cap.map(|c| c.to_string()).unwrap_or_default(),
            d.frameworks.join(";"),
            d.prerequisites.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(";"),
            d.fee_eur.to_string(),
            d.nomination_deadline.to_string(),
            d.marking,
            d.status,
        ])
        .map_err(internal)?;
    }
    w.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

/// The cooperation menu: filtered, with facet counts, paged; `format=csv` exports every match.
#[utoipa::path(get, path = "/api/v1/activities", tag = "cooperation", params(ActivityParams),
    responses((status = 200, body = ActivityPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn activities(ctx: Ctx, Q(p): Q<ActivityParams>) -> Result<Response, AppError> {
    match p.format.as_deref().unwrap_or("json") {
        "json" => {
            let menu = svc::menu(&ctx, &p.query(true)?).await?;
            Ok(Json(ActivityPage {
                items: menu.items.iter().map(activity_dto).collect(),
                total: menu.total,
                facets: menu.facets,
                next_cursor: menu.next_cursor,
            })
            .into_response())
        }
        "csv" => {
            let menu = svc::menu(&ctx, &p.query(false)?).await?;
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (header::CONTENT_DISPOSITION, "attachment; filename=\"activities.csv\""),
                ],
                activities_csv(&menu.items)?,
            )
                .into_response())
        }
        other => Err(AppError::bad_request(
            "invalid_format",
            said!("err-format-json-csv", "format: '{value}' is not json or csv", value = other),
        )),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityDetail {
    pub activity: ActivityDto,
    /// For a nation's delegation: `eligible`, `framework` or `prerequisite`.
    pub eligibility: Option<String>,
    /// The steps the caller may take now.
    pub actions: Vec<String>,
    /// The caller's nation's requests for it (all requests for staff).
    pub seat_requests: Vec<SeatRequestDto>,
}

/// One activity of the menu.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "cooperation",
    responses((status = 200, body = ActivityDetail), (status = 404, body = ErrorBody)))]
pub async fn activity(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<ActivityDetail>, AppError> {
    let a = ctx.scope.activity(id, ctx.net()).await?;
    let eligibility = svc::eligibility(&ctx, &a).await?.map(|e| {
        match e {
            Eligibility::Eligible => "eligible",
            Eligibility::Framework { .. } => "framework",
            Eligibility::Prerequisite { .. } => "prerequisite",
        }
        .to_string()
    });
    let acts = a.allowed_actions(&ctx.principal, ctx.now, ctx.net());
    let mut actions = Vec::new();
    for (on, name) in [
        (acts.approve, "approve"),
        (acts.return_for_changes, "return"),
        (acts.resubmit, "resubmit"),
        (acts.cancel, "cancel"),
        (acts.complete, "complete"),
        (acts.request_seats, "request_seats"),
    ] {
        if on {
            actions.push(name.to_string());
        }
    }
    let seat_requests = ctx.scope.seat_requests(Some(&[id])).await?.iter().map(seat_request_dto).collect();
    Ok(Json(ActivityDetail { activity: activity_dto(&a), eligibility, actions, seat_requests }))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewActivity {
    #[schema(max_length = 24)]
    pub code: String,
    #[schema(max_length = 300)]
    pub title_en: String,
    #[schema(max_length = 300)]
    pub title_fr: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub aim_en: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub aim_fr: String,
    #[schema(max_length = 40)]
    pub area: String,
    #[schema(pattern = "^(course|exercise|workshop|conference|seminar|expert_visit)$")]
    pub kind: String,
    /// The running institution; absent = the proposing nation.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub institution: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Absent or empty = online.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub location: String,
    /// `en`, `fr`.
    #[schema(value_type = Vec<super::LanguageCode>)]
    pub languages: Vec<String>,
    pub seats: u32,
    pub nation_cap: Option<u32>,
    #[serde(default)]
    #[schema(value_type = Vec<super::MarkingCode>)]
    pub frameworks: Vec<String>,
    #[serde(default)]
    pub prerequisites: Vec<i64>,
    #[serde(default)]
    pub fee_eur: u32,
    pub nomination_deadline: NaiveDate,
    /// Default `NATO UNCLASSIFIED`.
    #[schema(max_length = 100)]
    pub classification: Option<String>,
    /// `all_partners` (default), `allies`, `nations`, `frameworks`, `public` or `staff`.
    #[schema(pattern = "^(staff|allies|nations|frameworks|all_partners|public)?$")]
    pub audience: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<super::MarkingCode>)]
    pub codes: Vec<String>,
}

impl NewActivity {
    pub fn draft(&self, state: &AppState) -> Result<ActivityDraft, AppError> {
        let kind = ActivityKind::parse(&self.kind).ok_or_else(|| {
            AppError::bad_request(
                "invalid",
                said!(
                    "err-coop-kind",
                    "kind: '{value}' is not course, exercise, workshop, conference, seminar or expert_visit",
                    value = &self.kind
                ),
            )
        })?;
        let languages = self
            .languages
            .iter()
            .map(|l| {
                Lang::parse(l.trim()).ok_or_else(|| {
                    AppError::bad_request(
                        "invalid",
                        said!("err-languages", "languages: '{value}' is not en or fr", value = l),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let frameworks = self
            .frameworks
            .iter()
            .map(|f| {
                f.trim().to_ascii_uppercase().parse().map_err(|_| {
                    AppError::bad_request(
                        "invalid",
                        said!("err-frameworks-code", "frameworks: '{value}' is not a framework code", value = f),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let audience = consult::audience(self.audience.as_deref().unwrap_or("all_partners"), &self.codes.join(","))?;
        let release = consult::release(state, self.classification.as_deref().unwrap_or("NATO UNCLASSIFIED"), audience)?;
        Ok(ActivityDraft {
            code: self.code.clone(),
            title_en: self.title_en.clone(),
            title_fr: self.title_fr.clone(),
            aim_en: self.aim_en.clone(),
            aim_fr: self.aim_fr.clone(),
            area: self.area.trim().to_ascii_uppercase(),
            kind,
            institution: self.institution.clone(),
            start: self.start,
            end: self.end,
            location: self.location.clone(),
            languages,
            seats: self.seats,
            nation_cap: self.nation_cap,
            frameworks,
            prerequisites: self.prerequisites.iter().copied().map(ActivityId).collect(),
            fee_eur: self.fee_eur,
            deadline: self.nomination_deadline,
            release,
        })
    }
}

/// Propose an activity (allies, partner institutions and staff); staff approve it.
#[utoipa::path(post, path = "/api/v1/activities", tag = "cooperation", request_body = NewActivity,
    responses((status = 200, body = ActivityDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn propose(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewActivity>,
) -> Result<Json<ActivityDto>, AppError> {
    let a = svc::propose(&ctx, &body.draft(&state)?).await?;
    Ok(Json(activity_dto(&a)))
}

/// The proposer resubmits a returned proposal with its changes.
#[utoipa::path(post, path = "/api/v1/activities/{id}/resubmit", tag = "cooperation", request_body = NewActivity,
    responses((status = 200, body = ActivityDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn resubmit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewActivity>,
) -> Result<Json<ActivityDto>, AppError> {
    let a = svc::resubmit(&ctx, id, &body.draft(&state)?).await?;
    Ok(Json(activity_dto(&a)))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ActivityStep {
    /// `approve`, `return`, `cancel` or `complete`.
    #[schema(pattern = "^(approve|return|cancel|complete)$")]
    pub step: String,
    /// Required to return or cancel.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub reason: String,
}

/// A step of the activity's workflow.
#[utoipa::path(post, path = "/api/v1/activities/{id}/step", tag = "cooperation", request_body = ActivityStep,
    responses((status = 200, body = ActivityDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn step(
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ActivityStep>,
) -> Result<Json<ActivityDto>, AppError> {
    let a = svc::step(&ctx, id, &body.step, &body.reason).await?;
    Ok(Json(activity_dto(&a)))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeatRequestDto {
    pub id: i64,
    pub activity: i64,
    pub nation: String,
    pub seats: u32,
    pub priority: u32,
    pub nominees: Vec<String>,
    /// The goal of the nation's programme (ITPP) the seats serve, by its key.
    pub goal: Option<u32>,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// `submitted` or `withdrawn`.
    pub status: String,
    /// Seats the nation gave back after publication.
    pub declined: u32,
    /// When the nation confirmed the seats it holds.
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The date by which the seats it holds are confirmed or given back (none while it holds no
    /// seat); after it, seats neither confirmed nor given back are released.
    pub confirm_by: Option<NaiveDate>,
    /// When its seats were released, not answered for by `confirm_by`.
    pub released_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn seat_request_dto(r: &SeatRequest) -> SeatRequestDto {
    SeatRequestDto {
        id: r.id.0,
        activity: r.activity.0,
        nation: r.nation.to_string(),
        seats: r.seats,
        priority: r.priority,
        nominees: r.nominees.clone(),
        goal: r.goal,
        submitted_at: r.submitted_at,
        status: r.status.as_str().to_string(),
        declined: r.declined,
        confirmed_at: r.confirmed_at,
        confirm_by: r.confirm_by,
        released_at: r.released_at,
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewSeatRequest {
    pub seats: u32,
    /// 1 = most wanted.
    pub priority: u32,
    /// In order; reserves after the first `seats`.
    #[serde(default)]
    #[schema(value_type = Vec<super::NomineeName>)]
    pub nominees: Vec<String>,
    /// A goal of the nation's programme (ITPP), by its key: drafted or agreed.
    #[serde(default)]
    pub goal: Option<u32>,
}

/// Request seats in a published activity for one's own nation, before its nomination deadline.
#[utoipa::path(post, path = "/api/v1/activities/{id}/seat-requests", tag = "cooperation", request_body = NewSeatRequest,
    responses((status = 200, body = SeatRequestDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn request_seats(
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewSeatRequest>,
) -> Result<Json<SeatRequestDto>, AppError> {
    let draft =
        SeatRequestDraft { seats: body.seats, priority: body.priority, nominees: body.nominees, goal: body.goal };
    Ok(Json(seat_request_dto(&svc::request_seats(&ctx, id, &draft).await?)))
}

/// The caller's nation's seat requests (every request for staff).
#[utoipa::path(get, path = "/api/v1/seat-requests", tag = "cooperation",
    responses((status = 200, body = Vec<SeatRequestDto>), (status = 401, body = ErrorBody)))]
pub async fn seat_requests(ctx: Ctx) -> Result<Json<Vec<SeatRequestDto>>, AppError> {
    Ok(Json(ctx.scope.seat_requests(None).await?.iter().map(seat_request_dto).collect()))
}

/// Withdraw one's own request while nominations are open.
#[utoipa::path(post, path = "/api/v1/seat-requests/{id}/withdraw", tag = "cooperation",
    responses((status = 200, body = SeatRequestDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn withdraw_request(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<SeatRequestDto>, AppError> {
    Ok(Json(seat_request_dto(&svc::withdraw_request(&ctx, id).await?)))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SeatAnswer {
    /// `confirm` or `decline`.
    #[schema(pattern = "^(confirm|decline)$")]
    pub answer: String,
    /// Seats to give back (decline only): from 1 to the seats held.
    #[serde(default)]
    pub seats: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeatAnswered {
    /// The published allocation that holds the request now: a new version after seats were
    /// given back.
    pub allocation: i64,
    /// Seats offered again to the requests still waiting (0 when nobody was waiting).
    pub offered: u32,
}

/// Answer for the seats a published allocation gives one's own request, before the activity
/// starts: confirm them, or give some back. Seats given back are offered at once to the requests
/// still waiting for the activity (the nation holding the fewest seats first); no other seat
/// moves; the allocation is reissued and the nations concerned are notified.
#[utoipa::path(post, path = "/api/v1/seat-requests/{id}/answer", tag = "cooperation", request_body = SeatAnswer,
    responses((status = 200, body = SeatAnswered), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn answer_seats(
    State(state): State<crate::AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SeatAnswer>,
) -> Result<Json<SeatAnswered>, AppError> {
    let answer = parse_answer(&body.answer, body.seats)?;
    let done = svc::seats::answer(&ctx, id, answer).await?;
    svc::seats::tell(&state, &done).await;
    Ok(Json(SeatAnswered { allocation: done.allocation, offered: done.offered }))
}

/// `confirm`, or `decline` with the seats to give back.
pub fn parse_answer(answer: &str, seats: Option<u32>) -> Result<svc::seats::Answer, AppError> {
    match (answer, seats) {
        ("confirm", _) => Ok(svc::seats::Answer::Confirm),
        ("decline", Some(n)) => Ok(svc::seats::Answer::Decline(n)),
        ("decline", None) => Err(AppError::bad_request(
            "invalid",
            said!("err-coop-decline-seats-missing", "seats: how many seats to give back is missing"),
        )),
        (other, _) => Err(AppError::bad_request(
            "invalid",
            said!("err-coop-answer", "answer: '{value}' is not confirm or decline", value = other),
        )),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationLineDto {
    pub request: i64,
    pub nation: String,
    pub activity: i64,
    pub asked: u32,
    pub granted: u32,
    pub placed: Vec<String>,
    /// The engine's explanation in the caller's language.
    pub explanation: String,
    /// Of a published allocation: the date by which the seats are confirmed or given back.
    pub confirm_by: Option<NaiveDate>,
    /// Of a published allocation: `pending`, `confirmed`, `declined` (every seat given back),
    /// `released` (not answered for by `confirm_by`) or `no_seats`.
    #[schema(pattern = "^(pending|confirmed|declined|released|no_seats)$")]
    pub answer: Option<String>,
    /// When the seats were confirmed, or released.
    pub answered_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationDto {
    pub id: i64,
    pub title: String,
    pub mechanism: String,
    pub seed: u64,
    /// `draft`, `published`, `superseded` or `discarded`.
    pub status: String,
    pub activities: Vec<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub supersedes: Option<i64>,
    /// Staff: every line; a nation: its own lines.
    pub lines: Vec<AllocationLineDto>,
    /// The fairness report and the baselines (staff only; null otherwise).
    #[schema(value_type = Option<Object>)]
    pub report: serde_json::Value,
    /// The date staff chose for seats to be confirmed by when they published; null: each line's
    /// date follows the rule (the earlier of publication + 14 days and the start − 7 days).
    pub confirm_by: Option<NaiveDate>,
}

/// The requests of a published allocation the caller may read, by id, for the lines' answers
/// (none for other allocations).
async fn answers_of(ctx: &Ctx, r: &AllocationRun) -> Result<std::collections::BTreeMap<i64, SeatRequest>, AppError> {
    if r.status != entente_domain::cooperation::AllocationStatus::Published {
        return Ok(Default::default());
    }
    let ids: Vec<i64> = r.activities.iter().map(|a| a.0).collect();
    Ok(ctx.scope.seat_requests(Some(&ids)).await?.into_iter().map(|q| (q.id.0, q)).collect())
}

/// [`allocation_dto`] with the answers of its lines read through the caller's scope.
async fn allocation_dto_read(r: &AllocationRun, ctx: &Ctx) -> Result<AllocationDto, AppError> {
    Ok(allocation_dto(r, ctx, &answers_of(ctx, r).await?))
}

pub fn allocation_dto(
    r: &AllocationRun,
    ctx: &Ctx,
    requests: &std::collections::BTreeMap<i64, SeatRequest>,
) -> AllocationDto {
    let lang = ctx.lang.domain();
    AllocationDto {
        id: r.id.0,
        title: r.title.clone(),
        mechanism: r.mechanism.clone(),
        seed: r.seed,
        status: r.status.as_str().to_string(),
        activities: r.activities.iter().map(|a| a.0).collect(),
        created_at: r.created_at,
        published_at: r.published_at,
        supersedes: r.supersedes.map(|s| s.0),
        lines: r
            .lines_for(&ctx.principal)
            .unwrap_or_default()
            .into_iter()
            .map(|l| AllocationLineDto {
                request: l.request.0,
                nation: l.nation.to_string(),
                activity: l.activity.0,
                asked: l.asked,
                granted: l.granted,
                placed: l.placed.clone(),
                explanation: l.explanation(lang).to_string(),
                confirm_by: requests.get(&l.request.0).and_then(|q| q.confirm_by),
                answer: requests.get(&l.request.0).map(|q| q.answer(l.granted).as_str().to_string()),
                answered_at: requests.get(&l.request.0).and_then(|q| q.released_at.or(q.confirmed_at)),
            })
            .collect(),
        report: r.report.clone(),
        confirm_by: r.confirm_by,
    }
}

/// Allocations: staff every one; a nation the published ones, with its own lines.
#[utoipa::path(get, path = "/api/v1/allocations", tag = "cooperation",
    responses((status = 200, body = Vec<AllocationDto>), (status = 401, body = ErrorBody)))]
pub async fn allocations(ctx: Ctx) -> Result<Json<Vec<AllocationDto>>, AppError> {
    let mut out = Vec::new();
    for r in ctx.scope.allocations().await? {
        out.push(allocation_dto_read(&r, &ctx).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/allocations/{id}", tag = "cooperation",
    responses((status = 200, body = AllocationDto), (status = 404, body = ErrorBody)))]
pub async fn allocation(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<AllocationDto>, AppError> {
    Ok(Json(allocation_dto_read(&ctx.scope.allocation(id).await?, &ctx).await?))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewAllocation {
    #[schema(max_length = 300)]
    pub title: String,
    /// Activity ids; absent = every published activity whose nomination deadline has passed and
    /// that no published allocation covers.
    #[serde(default)]
    pub activities: Vec<i64>,
    /// The lottery's seed (ties between nations); default 1.
    pub seed: Option<u64>,
}

/// Staff compute a draft allocation with the leximin-fair mechanism.
#[utoipa::path(post, path = "/api/v1/allocations", tag = "cooperation", request_body = NewAllocation,
    responses((status = 200, body = AllocationDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn run_allocation(ctx: Ctx, ApiJson(body): ApiJson<NewAllocation>) -> Result<Json<AllocationDto>, AppError> {
    let selection =
        if body.activities.is_empty() { Selection::DeadlinePassed } else { Selection::Ids(body.activities) };
    let run = svc::run_allocation(&ctx, &body.title, selection, body.seed.unwrap_or(1)).await?;
    Ok(Json(allocation_dto_read(&run, &ctx).await?))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PublishAllocation {
    /// The date by which nations confirm or give back their seats (not before today). Absent:
    /// each line's date is the earlier of today + 14 days and its activity's start − 7 days,
    /// never before today. After it, seats neither confirmed nor given back are released and
    /// offered to the requests still waiting.
    #[serde(default)]
    pub confirm_by: Option<NaiveDate>,
}

/// Publish a reviewed draft; it supersedes the published allocation of the same activities. The
/// body is optional.
#[utoipa::path(post, path = "/api/v1/allocations/{id}/publish", tag = "cooperation", request_body(content = Option<PublishAllocation>),
    responses((status = 200, body = AllocationDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn publish_allocation(
    ctx: Ctx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<AllocationDto>, AppError> {
    let body: PublishAllocation = if body.iter().all(u8::is_ascii_whitespace) {
        PublishAllocation::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| AppError::bad_request("invalid_body", e.to_string()))?
    };
    let run = svc::publish_allocation(&ctx, id, body.confirm_by).await?;
    Ok(Json(allocation_dto_read(&run, &ctx).await?))
}

/// Discard a draft.
#[utoipa::path(post, path = "/api/v1/allocations/{id}/discard", tag = "cooperation",
    responses((status = 200, body = AllocationDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn discard_allocation(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<AllocationDto>, AppError> {
    Ok(Json(allocation_dto_read(&svc::discard_allocation(&ctx, id).await?, &ctx).await?))
}
