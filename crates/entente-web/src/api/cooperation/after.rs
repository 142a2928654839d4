//! After the activity over the API: what the caller may see (roster and attendance, feedback,
//! the after-action report) and the three writes.

use axum::Json;
use axum::extract::{Path, State};
use entente_domain::cooperation::after::FeedbackDraft;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::access::ApiJson;
use crate::cooperation::after::{self as svc, AttendanceInput};
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct AfterParticipantDto {
    pub nation: String,
    pub name: String,
    /// `None`: nothing recorded yet.
    pub attended: Option<bool>,
    pub completed: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AfterFeedbackDto {
    pub nation: String,
    pub relevance: u8,
    pub quality: u8,
    pub organisation: u8,
    pub comment: String,
    pub given_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AfterReportDto {
    pub body: String,
    pub written_by: String,
    pub written_at: chrono::DateTime<chrono::Utc>,
    pub version: i64,
}

/// What the caller may see after an activity, and may do now.
#[derive(Debug, Serialize, ToSchema)]
pub struct AfterDto {
    pub activity: i64,
    /// Staff and the provider: every participant; a nation: its own.
    pub participants: Vec<AfterParticipantDto>,
    /// Staff and the provider: every nation's; a nation: its own.
    pub feedback: Vec<AfterFeedbackDto>,
    /// Staff, the provider and nations that had participants.
    pub report: Option<AfterReportDto>,
    /// The version to send when writing the report (0: none yet); 0 for those who may not write it.
    pub report_version: i64,
    pub may_record_attendance: bool,
    pub may_give_feedback: bool,
    pub may_write_report: bool,
}

async fn dto(ctx: &Ctx, id: i64) -> Result<AfterDto, AppError> {
    let v = svc::view(ctx, id).await?;
    let participants = v
        .record
        .roster
        .iter()
        .map(|p| {
            let r = v.record.attendance.iter().find(|r| r.participant == *p);
            AfterParticipantDto {
                nation: p.nation.to_string(),
                name: p.name.clone(),
                attended: r.map(|r| r.attended),
                completed: r.map(|r| r.completed),
            }
        })
        .collect();
    Ok(AfterDto {
        activity: id,
        participants,
        feedback: v
            .record
            .feedback
            .iter()
            .map(|f| AfterFeedbackDto {
                nation: f.nation.to_string(),
                relevance: f.relevance,
                quality: f.quality,
                organisation: f.organisation,
                comment: f.comment.clone(),
                given_at: f.given_at,
            })
            .collect(),
        report: v.record.report.as_ref().map(|r| AfterReportDto {
            body: r.body.clone(),
            written_by: r.written_by.clone(),
            written_at: r.written_at,
            version: r.version,
        }),
        report_version: v.record.report_version,
        may_record_attendance: v.actions.record_attendance,
        may_give_feedback: v.actions.give_feedback,
        may_write_report: v.actions.write_report,
    })
}

/// After an activity: attendance, feedback and the after-action report the caller may see.
#[utoipa::path(get, path = "/api/v1/activities/{id}/after", tag = "cooperation", params(("id" = i64, Path)),
    responses((status = 200, body = AfterDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn after(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<AfterDto>, AppError> {
    Ok(Json(dto(&ctx, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AttendanceBody {
    /// Participants as placed by the published allocation; each replaces what was recorded for them.
    pub participants: Vec<AttendanceInput>,
}

/// Record attendance and completion (the provider or staff, from the first day; audited).
#[utoipa::path(post, path = "/api/v1/activities/{id}/attendance", tag = "cooperation", params(("id" = i64, Path)),
    request_body = AttendanceBody,
    responses((status = 200, body = AfterDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn attendance(
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AttendanceBody>,
) -> Result<Json<AfterDto>, AppError> {
    svc::record_attendance(&ctx, id, &body.participants).await?;
    Ok(Json(dto(&ctx, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FeedbackBody {
    /// 1 to 5.
    pub relevance: u8,
    /// 1 to 5.
    pub quality: u8,
    /// 1 to 5.
    pub organisation: u8,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub comment: String,
}

/// Give (or replace) the caller's nation's feedback (delegations whose participants attended,
/// once the activity has ended; audited).
#[utoipa::path(post, path = "/api/v1/activities/{id}/feedback", tag = "cooperation", params(("id" = i64, Path)),
    request_body = FeedbackBody,
    responses((status = 200, body = AfterDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn feedback(
    State(state): State<crate::AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> Result<Json<AfterDto>, AppError> {
    let draft = FeedbackDraft {
        relevance: body.relevance.to_string(),
        quality: body.quality.to_string(),
        organisation: body.organisation.to_string(),
        comment: body.comment,
    };
    svc::give_feedback(&state, &ctx, id, &draft).await?;
    Ok(Json(dto(&ctx, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportBody {
    #[schema(max_length = 20000)]
    pub body: String,
    /// The report's version as read (`report_version`; 0 for the first).
    pub version: i64,
}

/// Write the after-action report (the provider or staff, once the activity has ended; a report
/// written meanwhile by someone else is 409; audited).
#[utoipa::path(post, path = "/api/v1/activities/{id}/report", tag = "cooperation", params(("id" = i64, Path)),
    request_body = ReportBody,
    responses((status = 200, body = AfterDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn report(
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<Json<AfterDto>, AppError> {
    svc::write_report(&ctx, id, &body.body, body.version).await?;
    Ok(Json(dto(&ctx, id).await?))
}
