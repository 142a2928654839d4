//! Consultation API: meetings, requests and actions, as the caller may see them.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveDate, Utc};
use entente_domain::consultation::{ConsultationRequest, Meeting, is_overdue, participants};
use entente_domain::registry::Network;
use entente_store::consultation::MeetingFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::access::ApiJson;
use crate::AppState;
use crate::consultation::{self as svc, Ctx};
use crate::error::{AppError, ErrorBody};
use crate::params::{self, Q};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: i64,
    pub title: String,
    /// `ambassadors`, `ministers`, `experts` or `heads_of_state`.
    pub level: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub time_zone: String,
    /// `planned`, `convened`, `held`, `record_under_silence`, `closed` or `cancelled`.
    pub status: String,
    /// The nations seated on the meeting's date (codes).
    pub participants: Vec<String>,
    /// The consultation request it answers, if any.
    pub request: Option<i64>,
}

fn meeting_dto(m: &Meeting, net: &Network) -> MeetingDto {
    MeetingDto {
        id: m.id.0,
        title: m.title.clone(),
        level: m.level.as_str().to_string(),
        start: m.start,
        end: m.end,
        time_zone: m.time_zone.as_str().to_string(),
        status: m.status().as_str().to_string(),
        participants: participants(m, net).seats.iter().map(|s| s.nation.to_string()).collect(),
        request: m.request.map(|r| r.0),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<MeetingDto>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingListParams {
    /// Meetings starting on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Meetings the caller may see (staff: all; a nation: those its format seats it in), in start order.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "consultation", params(MeetingListParams),
    responses((status = 200, body = MeetingPage), (status = 401, body = ErrorBody)))]
pub async fn meetings(ctx: Ctx, Q(q): Q<MeetingListParams>) -> Result<Json<MeetingPage>, AppError> {
    let paging = params::Paging::parse(q.limit.as_deref(), q.cursor.as_deref())?;
    let from = match params::text(q.from.as_deref()) {
        Some(s) => Some(svc::parse_date("from", s)?.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or_default()),
        None => None,
    };
    let after = match &paging.after {
        None => None,
        Some(key) => {
            let (t, id) = key.split_once('|').ok_or_else(|| {
                AppError::bad_request(
                    "invalid_cursor",
                    entente_domain::said!("err-cursor", "cursor: not a cursor this API issued"),
                )
            })?;
            let t = DateTime::parse_from_rfc3339(t).map_err(|_| {
                AppError::bad_request(
                    "invalid_cursor",
                    entente_domain::said!("err-cursor", "cursor: not a cursor this API issued"),
                )
            })?;
            let id = id.parse::<i64>().map_err(|_| {
                AppError::bad_request(
                    "invalid_cursor",
                    entente_domain::said!("err-cursor", "cursor: not a cursor this API issued"),
                )
            })?;
            Some((t.with_timezone(&Utc), id))
        }
    };
    let rows = ctx
        .scope
        .meetings(&MeetingFilter { from, after, limit: paging.limit as u64 + 1, ..Default::default() })
        .await?;
    let mut items: Vec<MeetingDto> = rows.iter().map(|m| meeting_dto(m, ctx.net())).collect();
    let next_cursor = if items.len() > paging.limit {
        items.truncate(paging.limit);
        items.last().map(|m| params::encode_cursor(&format!("{}|{}", m.start.to_rfc3339(), m.id)))
    } else {
        None
    };
    Ok(Json(MeetingPage { items, next_cursor }))
}

/// One meeting, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "consultation", params(("id" = i64, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingDto), (status = 404, body = ErrorBody)))]
pub async fn meeting(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<MeetingDto>, AppError> {
    let m = ctx.meeting(id).await?;
    Ok(Json(meeting_dto(&m, ctx.net())))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestDto {
    pub id: i64,
    pub requester: String,
    /// `paragraph8`, `article4` or `other`.
    pub basis: String,
    /// `submitted`, `acknowledged`, `meeting_convened`, `meeting_held`, `closed`, `withdrawn` or `declined`.
    pub state: String,
    pub threat: String,
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Start of the meeting held for it.
    pub meeting_at: Option<DateTime<Utc>>,
    pub meeting: Option<i64>,
    pub request_to_ack_hours: Option<f64>,
    pub request_to_meeting_hours: Option<f64>,
    /// Past a response target (acknowledgement or meeting).
    pub overdue: bool,
}

fn request_dto(r: &ConsultationRequest, ctx: &svc::Ctx) -> RequestDto {
    let (net, now) = (ctx.net(), ctx.now);
    let times = r.times(net);
    RequestDto {
        id: r.id.0,
        requester: r.requester.to_string(),
        basis: r.basis.as_str().to_string(),
        state: r.state().as_str().to_string(),
        threat: r.threat.clone(),
        submitted_at: r.submitted_at(),
        acknowledged_at: r.acknowledged_at(),
        meeting_at: r.meeting_at(),
        meeting: r.meeting.map(|m| m.meeting.0),
        request_to_ack_hours: times.request_to_ack_hours,
        request_to_meeting_hours: times.request_to_meeting_hours,
        overdue: r.overdue(&ctx.targets, now).any(),
    }
}

/// Consultation requests the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/requests", tag = "consultation",
    responses((status = 200, body = Vec<RequestDto>), (status = 401, body = ErrorBody)))]
pub async fn requests(ctx: Ctx) -> Result<Json<Vec<RequestDto>>, AppError> {
    Ok(Json(ctx.scope.requests(ctx.net()).await?.iter().map(|r| request_dto(r, &ctx)).collect()))
}

/// One request, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "consultation", params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = RequestDto), (status = 404, body = ErrorBody)))]
pub async fn request(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<RequestDto>, AppError> {
    Ok(Json(request_dto(&ctx.scope.request(id, ctx.net()).await?, &ctx)))
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimesQuery {
    /// Only requests by this nation (code).
    pub nation: Option<String>,
    /// Only requests by states of this population band: `small` (< 5 M), `medium` or `large` (≥ 30 M).
    pub size_band: Option<String>,
}

/// A request's response times, with the requesting state's size.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestTimesDto {
    pub request: i64,
    pub requester: String,
    pub basis: String,
    pub state: String,
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub meeting_at: Option<DateTime<Utc>>,
    pub request_to_ack_hours: Option<f64>,
    pub ack_to_meeting_hours: Option<f64>,
    pub request_to_meeting_hours: Option<f64>,
    pub population_millions: Option<f64>,
    /// `small`, `medium` or `large`; none for organisations.
    pub size_band: Option<String>,
}

/// Median and 90th percentile of one interval, over the requests where it has happened.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntervalSummary {
    pub count: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestTimesReport {
    pub items: Vec<RequestTimesDto>,
    pub request_to_ack: IntervalSummary,
    pub request_to_meeting: IntervalSummary,
}

fn summary(mut hours: Vec<f64>) -> IntervalSummary {
    hours.sort_by(f64::total_cmp);
    // Nearest-rank percentiles: the value at or below which the share lies.
    let rank = |p: f64| -> Option<f64> {
        let n = hours.len();
        (n > 0).then(|| hours[((p * n as f64).ceil() as usize).clamp(1, n) - 1])
    };
    IntervalSummary { count: hours.len(), median_hours: rank(0.5), p90_hours: rank(0.9) }
}

/// Response times of the consultation requests the caller may see — request → acknowledgement →
/// meeting — by nation and by state size, with median and 90th percentile.
#[utoipa::path(get, path = "/api/v1/requests/times", tag = "consultation", params(TimesQuery),
    responses((status = 200, body = RequestTimesReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn request_times(ctx: Ctx, Q(q): Q<TimesQuery>) -> Result<Json<RequestTimesReport>, AppError> {
    let nation = match q.nation.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => Some(code.to_uppercase().parse::<entente_domain::registry::NationCode>().map_err(|e| {
            AppError::bad_request(
                "invalid_nation",
                entente_domain::said!("err-nation-value", "nation: {why}", why = e.to_string()),
            )
        })?),
        None => None,
    };
    let band = match q.size_band.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some("small") => Some(entente_domain::consultation::SizeBand::Small),
        Some("medium") => Some(entente_domain::consultation::SizeBand::Medium),
        Some("large") => Some(entente_domain::consultation::SizeBand::Large),
        Some(other) => {
            return Err(AppError::bad_request(
                "invalid_size_band",
                entente_domain::said!(
                    "err-size-band",
                    "size_band: '{value}' is not small, medium or large",
                    value = other
                ),
            ));
        }
        None => None,
    };
    let items: Vec<RequestTimesDto> = ctx
        .scope
        .requests(ctx.net())
        .await?
        .iter()
        .map(|r| r.times(ctx.net()))
        .filter(|t| nation.as_ref().is_none_or(|n| &t.requester == n))
        .filter(|t| band.is_none_or(|b| t.size_band == Some(b)))
        .map(|t| RequestTimesDto {
            request: t.request.0,
            requester: t.requester.to_string(),
            basis: t.basis.as_str().to_string(),
            state: t.state.as_str().to_string(),
            submitted_at: t.submitted_at,
            acknowledged_at: t.acknowledged_at,
            meeting_at: t.meeting_at,
            request_to_ack_hours: t.request_to_ack_hours,
            ack_to_meeting_hours: t.ack_to_meeting_hours,
            request_to_meeting_hours: t.request_to_meeting_hours,
            population_millions: t.population_millions,
            size_band: t.size_band.map(|b| b.as_str().to_string()),
        })
        .collect();
    Ok(Json(RequestTimesReport {
        request_to_ack: summary(items.iter().filter_map(|t| t.request_to_ack_hours).collect()),
        request_to_meeting: summary(items.iter().filter_map(|t| t.request_to_meeting_hours).collect()),
        items,
    }))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewRequest {
    /// `paragraph8` (active PfP partners), `article4` (allies) or `other` (any active partner).
    #[schema(pattern = "^(paragraph8|article4|other)$")]
    pub basis: String,
    #[schema(max_length = 100000)]
    pub threat: String,
    /// Default `NATO UNCLASSIFIED`.
    #[schema(max_length = 100)]
    pub classification: Option<String>,
    /// `staff` (default), `allies`, `nations`, `frameworks`, `all_partners` or `public`.
    #[schema(pattern = "^(staff|allies|nations|frameworks|all_partners|public)?$")]
    pub audience: Option<String>,
    /// Codes for `nations` or `frameworks`.
    #[schema(value_type = Option<Vec<super::MarkingCode>>)]
    pub codes: Option<Vec<String>>,
}

/// File a consultation request for one's own nation.
#[utoipa::path(post, path = "/api/v1/requests", tag = "consultation", request_body = NewRequest,
    responses((status = 200, body = RequestDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn file_request(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewRequest>,
) -> Result<Json<RequestDto>, AppError> {
    let audience =
        svc::audience(body.audience.as_deref().unwrap_or("staff"), &body.codes.unwrap_or_default().join(","))?;
    let release = svc::release(&state, body.classification.as_deref().unwrap_or("NATO UNCLASSIFIED"), audience)?;
    let r = svc::file_request(&state, &ctx, &body.basis, &body.threat, release).await?;
    Ok(Json(request_dto(&r, &ctx)))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActionDto {
    pub id: i64,
    pub meeting: i64,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    /// `open`, `in_progress`, `done` or `cancelled`.
    pub status: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionListParams {
    /// 1 to include done and cancelled actions
    pub all: Option<String>,
}

impl ActionListParams {
    pub fn all(&self) -> bool {
        self.all.as_deref() == Some("1")
    }
}

/// The actions the caller's nation owes (all actions for the staff); open ones unless `all=1`.
#[utoipa::path(get, path = "/api/v1/actions", tag = "consultation", params(ActionListParams),
    responses((status = 200, body = Vec<ActionDto>), (status = 401, body = ErrorBody)))]
pub async fn actions(ctx: Ctx, Q(q): Q<ActionListParams>) -> Result<Json<Vec<ActionDto>>, AppError> {
    let today = ctx.now.date_naive();
    let all = q.all();
    Ok(Json(
        ctx.scope
            .my_actions(ctx.net(), all)
            .await?
            .iter()
            .map(|(a, m)| ActionDto {
                id: a.id.0,
                meeting: m.id.0,
                title: a.title.clone(),
                owner: a.owner.to_string(),
                due: a.due,
                status: a.status().as_str().to_string(),
                overdue: is_overdue(a, today),
            })
            .collect(),
    ))
}
