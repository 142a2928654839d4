//! Joint detection over the API: the alerts the caller may see, one alert with its weekly series,
//! the steps staff take on it, and detection on demand.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::access::ApiJson;
use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Lang;
use crate::params::{Paging, Q};
use crate::warning::{self as svc, AlertQuery};

pub mod imports;
pub mod subscriptions;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct AlertParams {
    /// ISO 3166 alpha-3 country code.
    pub country: Option<String>,
    /// Challenge category: `terrorism`, `wmd`, `arms_trafficking`, `narcotics_trafficking`,
    /// `human_trafficking`, `cyber`, `armed_conflict`, `violence_against_civilians`, `unrest`,
    /// `inter_communal_violence`.
    pub category: Option<String>,
    /// `open` (new or acknowledged), `new`, `acknowledged`, `escalated` or `dismissed`.
    pub state: Option<String>,
    /// A regional grouping's code (its member states), e.g. `AMU`.
    pub region: Option<String>,
    /// A framework's code (the states active in it today), e.g. `MD`.
    pub framework: Option<String>,
    /// `1`: country cells only (no admin1 cells).
    pub country_level: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl AlertParams {
    pub fn query(&self, paged: bool) -> Result<AlertQuery, AppError> {
        Ok(AlertQuery {
            country: self.country.clone(),
            category: self.category.clone(),
            state: self.state.clone(),
            region: self.region.clone(),
            framework: self.framework.clone(),
            country_level: matches!(self.country_level.as_deref(), Some("1" | "true" | "on")),
            paging: if paged { Some(Paging::parse(self.limit.as_deref(), self.cursor.as_deref())?) } else { None },
        })
    }
}

/// A top contributing event of an alert's cell and week (a reference to the source record).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventRefDto {
    pub source: String,
    pub source_id: String,
    pub date: String,
    pub location: String,
    pub admin1: String,
    pub fatalities: Option<u32>,
    pub event_type: String,
    /// Other sources that reported the same incident, as `source:id`.
    pub also_reported_by: Vec<String>,
    pub provenance: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertDto {
    pub id: i64,
    /// `ears_c1`, `ears_c2`, `ears_c3`, `poisson_cusum`, `nb_glr`, `acled_surge` or `acled_threat`.
    pub detector: String,
    pub detector_name: String,
    /// `curated` (ACLED, UCDP, reports) or `media` (GDELT).
    pub layer: String,
    pub country: String,
    pub country_name: String,
    /// Empty for the whole country.
    pub admin1: String,
    pub category: String,
    pub category_name: String,
    /// The ISO week alerted on, and its Monday.
    pub week: String,
    pub week_start: String,
    pub observed: f64,
    pub expected: f64,
    pub threshold: f64,
    pub score: f64,
    pub fatalities: f64,
    /// `open`: built from imported open data only.
    pub basis: String,
    /// `new`, `acknowledged`, `escalated` or `dismissed`.
    pub state: String,
    pub reason: Option<String>,
    pub detected_at: chrono::DateTime<chrono::Utc>,
    pub version: i64,
    /// Why it fired, in the caller's language.
    pub why: String,
    /// The consultation request filed on it, if any (and visible to the caller).
    pub request_id: Option<i64>,
    /// The meeting drafted on it, if any.
    pub meeting_id: Option<i64>,
    pub escalated_at: Option<chrono::DateTime<chrono::Utc>>,
    pub top_events: Vec<EventRefDto>,
}

pub fn alert_dto(ctx: &Ctx, a: &entente_store::warning::StoredAlert, lang: Lang) -> AlertDto {
    let d = lang.domain();
    AlertDto {
        id: a.id,
        detector_name: a
            .detector
            .parse::<entente_warning::detect::Detector>()
            .map_or_else(|_| a.detector.clone(), |x| x.name(d)),
        detector: a.detector.clone(),
        layer: a.cell.layer.as_str().to_string(),
        country: a.cell.country.to_string(),
        country_name: svc::country_name(ctx, a.cell.country, lang),
        admin1: a.cell.admin1.clone(),
        category: a.cell.category.as_str().to_string(),
        category_name: a.cell.category.label(d),
        week: a.week_start.iso_week().to_string(),
        week_start: a.week_start.to_string(),
        observed: a.observed,
        expected: a.expected,
        threshold: a.threshold,
        score: a.score,
        fatalities: a.fatalities,
        basis: a.basis.clone(),
        state: a.state.as_str().to_string(),
        reason: a.reason.clone(),
        detected_at: a.detected_at,
        version: a.version,
        why: svc::why(ctx, a, lang),
        request_id: a.request_id,
        meeting_id: a.meeting_id,
        escalated_at: a.escalated_at,
        top_events: a
            .top_events
            .iter()
            .map(|r| EventRefDto {
                source: r.source.as_str().to_string(),
                source_id: r.source_id.clone(),
                date: r.date.to_string(),
                location: r.location.clone(),
                admin1: r.admin1.clone(),
                fatalities: r.fatalities,
                event_type: r.event_type.clone(),
                also_reported_by: r.also_reported_by.clone(),
                provenance: r.provenance.clone(),
            })
            .collect(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertPage {
    pub items: Vec<AlertDto>,
    /// Alerts matching the filter (all pages).
    pub total: usize,
    /// Open alerts per country over the same filter, `[ISO3, count]`.
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    pub open_by_country: Vec<(String, u32)>,
    pub next_cursor: Option<String>,
}

/// The alerts the caller may see, newest week first.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "warning", params(AlertParams),
    responses((status = 200, body = AlertPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn alerts(ctx: Ctx, Q(p): Q<AlertParams>) -> Result<Json<AlertPage>, AppError> {
    let list = svc::alerts(&ctx, &p.query(true)?).await?;
    Ok(Json(AlertPage {
        items: list.items.iter().map(|a| alert_dto(&ctx, a, ctx.lang)).collect(),
        total: list.total,
        open_by_country: list.open_by_country.iter().map(|(c, n)| (c.to_string(), *n)).collect(),
        next_cursor: list.next_cursor,
    }))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WeekCountDto {
    /// ISO week.
    pub week: String,
    pub events: i64,
    pub fatalities: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertDetail {
    pub alert: AlertDto,
    /// The cell's weekly counts, the alerted week last.
    pub series: Vec<WeekCountDto>,
    /// The steps the caller may take now: `acknowledge`, `dismiss`, `reopen`, and `consult`
    /// when the caller may propose consultations on it.
    pub actions: Vec<String>,
    /// The shared reports the alert counts (none for an alert on open data alone).
    pub reports: Vec<ReportDto>,
    /// The counted reports that describe an incident the imported data hold (counted once).
    pub report_fusions: Vec<ReportFusionDto>,
}

/// A counted report fused with an imported incident by the engine's fusion rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportFusionDto {
    pub report: i64,
    /// The incident, as `source:id` of its first record.
    pub incident: String,
    /// Every imported record of the incident, as `source:id`.
    pub sources: Vec<String>,
    /// The rule's confidence in the link (0–1).
    pub confidence: f64,
}

/// One alert with its weekly series.
#[utoipa::path(get, path = "/api/v1/alerts/{id}", tag = "warning",
    responses((status = 200, body = AlertDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn alert(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<AlertDetail>, AppError> {
    let d = svc::alert(&ctx, id).await?;
    Ok(Json(AlertDetail {
        reports: d.reports.iter().map(|r| report_dto(&ctx, r, ctx.lang)).collect(),
        report_fusions: d
            .fusions
            .iter()
            .map(|f| ReportFusionDto {
                report: f.report,
                incident: f.incident.clone(),
                sources: f.sources.clone(),
                confidence: f.confidence,
            })
            .collect(),
        alert: alert_dto(&ctx, &d.alert, ctx.lang),
        series: d
            .series
            .iter()
            .map(|w| WeekCountDto { week: svc::week_label(w.week), events: w.events, fatalities: w.fatalities })
            .collect(),
        actions: d
            .actions
            .iter()
            .map(|a| a.as_str().to_string())
            .chain(d.may_escalate.then(|| "consult".to_string()))
            .collect(),
    }))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsultationProposed {
    /// The consultation request a delegation filed.
    pub request: Option<i64>,
    /// The meeting the staff drafted.
    pub meeting: Option<i64>,
}

/// Propose consultations on an alert: the affected country's delegation files a request (basis,
/// threat, marking); the staff draft a meeting in the format of the nations concerned.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/consult", tag = "warning", request_body = svc::ConsultInput,
    responses((status = 200, body = ConsultationProposed), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn consult(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<svc::ConsultInput>,
) -> Result<Json<ConsultationProposed>, AppError> {
    Ok(Json(match svc::propose_consultations(&state, &ctx, id, &body).await? {
        svc::Proposed::Request(r) => ConsultationProposed { request: Some(r), meeting: None },
        svc::Proposed::Meeting(m) => ConsultationProposed { request: None, meeting: Some(m) },
    }))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AlertStep {
    /// `acknowledge`, `dismiss` or `reopen`.
    #[schema(pattern = "^(acknowledge|dismiss|reopen)$")]
    pub action: String,
    /// Required to dismiss.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub reason: String,
    /// The version read; a stale one is refused (409) and nothing is written.
    pub version: Option<i64>,
}

/// A step staff take on an alert.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/step", tag = "warning", request_body = AlertStep,
    responses((status = 200, body = AlertDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn step(
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AlertStep>,
) -> Result<Json<AlertDto>, AppError> {
    let a = svc::step(&ctx, id, &body.action, &body.reason, body.version).await?;
    Ok(Json(alert_dto(&ctx, &a, ctx.lang)))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DetectionRun {
    /// Alerts in the last complete week.
    pub alerts: usize,
    /// Of which new.
    pub new: usize,
}

/// Run the detectors now (staff).
#[utoipa::path(post, path = "/api/v1/alerts/detect", tag = "warning",
    responses((status = 200, body = DetectionRun), (status = 403, body = ErrorBody)))]
pub async fn detect(State(state): State<AppState>, ctx: Ctx) -> Result<Json<DetectionRun>, AppError> {
    let (alerts, new) = svc::detect_now(&state, &ctx).await?;
    Ok(Json(DetectionRun { alerts, new }))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportDto {
    pub id: i64,
    /// The filing nation; none for the staff.
    pub author_nation: Option<String>,
    pub category: String,
    pub category_name: String,
    pub country: String,
    pub country_name: String,
    pub admin1: String,
    pub occurred_on: String,
    pub until: Option<String>,
    pub description: String,
    pub sources: String,
    pub fatalities: Option<u32>,
    /// The releasability marking, as written ("NATO UNCLASSIFIED – Staff only").
    pub marking: String,
    /// `new`, `under_review`, `verified`, `not_verified`, `duplicate` or `dismissed`.
    pub status: String,
    pub status_name: String,
    pub reason: Option<String>,
    pub filed_at: chrono::DateTime<chrono::Utc>,
    pub version: i64,
}

pub fn report_dto(ctx: &Ctx, r: &entente_domain::warning::SecurityReport, lang: Lang) -> ReportDto {
    let d = lang.domain();
    let country = r.country.parse::<entente_warning::country::Iso3>().ok();
    ReportDto {
        id: r.id,
        author_nation: r.author_nation.as_ref().map(ToString::to_string),
        category_name: r
            .category
            .parse::<entente_warning::Category>()
            .map_or_else(|_| r.category.clone(), |c| c.label(d)),
        category: r.category.clone(),
        country_name: country.map_or_else(|| r.country.clone(), |c| svc::country_name(ctx, c, lang)),
        country: r.country.clone(),
        admin1: r.admin1.clone(),
        occurred_on: r.occurred_on.to_string(),
        until: r.until.map(|u| u.to_string()),
        description: r.description.clone(),
        sources: r.sources.clone(),
        fatalities: r.fatalities,
        marking: r.marking.label(),
        status: r.status.as_str().to_string(),
        status_name: r.status.label(d).to_string(),
        reason: r.reason.clone(),
        filed_at: r.filed_at(),
        version: r.version,
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct ReportParams {
    /// `new`, `under_review`, `verified`, `not_verified`, `duplicate` or `dismissed`.
    pub status: Option<String>,
}

/// The reports the caller may see (its own nation's, those released to it; all for staff).
#[utoipa::path(get, path = "/api/v1/reports", tag = "warning", params(ReportParams),
    responses((status = 200, body = Vec<ReportDto>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn reports(ctx: Ctx, Q(p): Q<ReportParams>) -> Result<Json<Vec<ReportDto>>, AppError> {
    let list = svc::reports(&ctx, p.status.as_deref()).await?;
    Ok(Json(list.iter().map(|r| report_dto(&ctx, r, ctx.lang)).collect()))
}

/// File a security-challenge report.
#[utoipa::path(post, path = "/api/v1/reports", tag = "warning", request_body = svc::ReportInput,
    responses((status = 200, body = ReportDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn file_report(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<svc::ReportInput>,
) -> Result<Json<ReportDto>, AppError> {
    let r = svc::file_report(&state, &ctx, &body).await?;
    Ok(Json(report_dto(&ctx, &r, ctx.lang)))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportDetail {
    pub report: ReportDto,
    /// The triage steps the caller may take now.
    pub steps: Vec<String>,
    /// The documents attached, oldest first.
    pub attachments: Vec<AttachmentDto>,
    /// Whether the caller may attach a document now.
    pub may_attach: bool,
}

/// A document attached to a report (its bytes at `href`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: i64,
    pub name: String,
    /// Recognised from the bytes, not from the name.
    pub content_type: String,
    pub size_bytes: i64,
    /// The nation whose delegation attached it; none for the staff.
    pub author_nation: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub href: String,
}

fn attachment_dto(d: &entente_domain::warning::ReportAttachment) -> AttachmentDto {
    AttachmentDto {
        id: d.id,
        name: d.name.clone(),
        content_type: d.content_type.clone(),
        size_bytes: d.size_bytes,
        author_nation: d.author_nation.as_ref().map(ToString::to_string),
        created_at: d.created_at,
        href: format!("/api/v1/reports/{}/attachments/{}", d.report, d.id),
    }
}

/// One report.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "warning",
    responses((status = 200, body = ReportDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn report(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<ReportDetail>, AppError> {
    let view = svc::report(&ctx, id).await?;
    Ok(Json(ReportDetail {
        report: report_dto(&ctx, &view.report, ctx.lang),
        steps: view.steps.iter().map(|s| s.as_str().to_string()).collect(),
        attachments: view.attachments.iter().map(attachment_dto).collect(),
        may_attach: view.may_attach,
    }))
}

/// The form `POST /api/v1/reports/{id}/attachments` takes.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AttachmentForm {
    /// The document: PDF, Word/Excel/PowerPoint, OpenDocument text, PNG, JPEG, plain text or CSV
    /// (recognised from its bytes), at most 20 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The report's version as read; a step or another document since makes this a conflict.
    version: Option<i64>,
}

/// Attach a document to a report: its filing delegation and staff who may write, while the
/// report is open (new or under review), up to 10 documents. Whoever may see the report may
/// read its documents.
#[utoipa::path(post, path = "/api/v1/reports/{id}/attachments", tag = "warning", params(("id" = i64, Path)),
    request_body(content = AttachmentForm, content_type = "multipart/form-data"),
    responses((status = 200, body = AttachmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn attach_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: axum::extract::Multipart,
) -> Result<Json<AttachmentDto>, AppError> {
    let (document, version) = svc::receive_report_document(&state, form).await?;
    let d = svc::attach_document(&state, &ctx, id, &document, version).await?;
    Ok(Json(attachment_dto(&d)))
}

/// One document of a report, to whoever may see the report.
#[utoipa::path(get, path = "/api/v1/reports/{id}/attachments/{document}", tag = "warning",
    params(("id" = i64, Path), ("document" = i64, Path)),
    responses((status = 200, description = "The document's bytes, with the type recognised from them and its name", content_type = "*/*"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn document(ctx: Ctx, Path((id, document)): Path<(i64, i64)>) -> Result<axum::response::Response, AppError> {
    let (d, bytes) = ctx.scope.report_document(id, document).await?;
    Ok(crate::pages::consultation::file_download(&d.name, d.content_type, bytes))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReportStepBody {
    /// `review`, `verify`, `not_verified`, `duplicate` or `dismiss`.
    #[schema(pattern = "^(review|verify|not_verified|duplicate|dismiss)$")]
    pub step: String,
    /// Required for `not_verified`, `duplicate` (what it duplicates) and `dismiss`.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub reason: String,
    pub version: Option<i64>,
}

/// A triage step (staff); verifying runs detection.
#[utoipa::path(post, path = "/api/v1/reports/{id}/step", tag = "warning", request_body = ReportStepBody,
    responses((status = 200, body = ReportDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn report_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReportStepBody>,
) -> Result<Json<ReportDto>, AppError> {
    let r = svc::report_step(&state, &ctx, id, &body.step, &body.reason, body.version).await?;
    Ok(Json(report_dto(&ctx, &r, ctx.lang)))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BacktestRow {
    pub detector: String,
    pub threshold: f64,
    /// Per regime (sparse, dense, seasonal, over-dispersed) then pooled.
    pub false_alarms_per_100_series_years: Vec<f64>,
    pub detection_probability: Vec<f64>,
    /// Median delay in weeks among detected surges (null if none).
    pub median_delay_weeks: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThresholdDto {
    pub detector: String,
    pub detector_name: String,
    pub threshold: f64,
    pub default: f64,
    /// Set by staff (else the calibrated default).
    pub set_by_staff: bool,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalibrationDto {
    /// Series per regime of the back-test (seed 1).
    pub series: usize,
    pub backtest: Vec<BacktestRow>,
    pub thresholds: Vec<ThresholdDto>,
}

pub async fn calibration_dto(ctx: &Ctx, lang: Lang) -> Result<CalibrationDto, AppError> {
    let (rows, in_force) = svc::calibration(ctx).await?;
    let opt = |v: &[f64; 5]| v.iter().map(|x| if x.is_nan() { None } else { Some(*x) }).collect();
    Ok(CalibrationDto {
        series: svc::BACKTEST_SERIES,
        backtest: rows
            .iter()
            .map(|r| BacktestRow {
                detector: r.detector.as_str().to_string(),
                threshold: r.threshold,
                false_alarms_per_100_series_years: r.false_alarms_per_100y.to_vec(),
                detection_probability: r.detection_probability.to_vec(),
                median_delay_weeks: opt(&r.median_delay),
            })
            .collect(),
        thresholds: in_force
            .iter()
            .map(|t| ThresholdDto {
                detector: t.detector.as_str().to_string(),
                detector_name: t.detector.name(lang.domain()),
                threshold: t.threshold,
                default: t.default,
                set_by_staff: t.set,
                min: t.range.0,
                max: t.range.1,
            })
            .collect(),
    })
}

/// The detectors' back-test and the thresholds in force (staff).
#[utoipa::path(get, path = "/api/v1/calibration", tag = "warning",
    responses((status = 200, body = CalibrationDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn calibration(ctx: Ctx) -> Result<Json<CalibrationDto>, AppError> {
    Ok(Json(calibration_dto(&ctx, ctx.lang).await?))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ThresholdBody {
    #[schema(pattern = "^(ears_c1|ears_c2|ears_c3|poisson_cusum|nb_glr|acled_surge|acled_threat)$")]
    pub detector: String,
    /// Within the back-tested range of the detector.
    pub threshold: f64,
}

/// Set a detector's threshold (staff who may write; audited).
#[utoipa::path(post, path = "/api/v1/calibration/thresholds", tag = "warning", request_body = ThresholdBody,
    responses((status = 200, body = CalibrationDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn set_threshold(ctx: Ctx, ApiJson(body): ApiJson<ThresholdBody>) -> Result<Json<CalibrationDto>, AppError> {
    svc::set_threshold(&ctx, &body.detector, &body.threshold.to_string()).await?;
    Ok(Json(calibration_dto(&ctx, ctx.lang).await?))
}
