//! Joint detection pages: the alerts with a world map of open alerts by country, and one alert
//! with its weekly series, its explanation, its contributing events and the steps staff take.

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use entente_domain::warning::{AlertAction, AlertState};
use entente_warning::Category;
use entente_warning::map::{Choropleth, choropleth_svg};
use serde::Deserialize;

use super::access::PageForm;
use super::{Layout, render};
use crate::AppState;
use crate::api::warning::{AlertDto, AlertParams, alert_dto};
use crate::chart::{WeekSeriesChart, number};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Q;
use crate::warning::{self as svc};

pub mod imports;
pub mod subscriptions;

fn shown_in_place(e: &AppError) -> bool {
    matches!(e, AppError::BadRequest { .. } | AppError::Conflict(_))
}

fn query_string(p: &AlertParams, cursor: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("country", &p.country),
        ("category", &p.category),
        ("state", &p.state),
        ("region", &p.region),
        ("framework", &p.framework),
        ("country_level", &p.country_level),
        ("limit", &p.limit),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.clone()));
        }
    }
    if let Some(c) = cursor {
        pairs.push(("cursor", c.to_string()));
    }
    let qs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", super::urlencode(v))).collect();
    if qs.is_empty() { String::new() } else { format!("?{}", qs.join("&")) }
}

#[derive(Template)]
#[template(path = "warning/alerts.html")]
struct AlertsPage {
    layout: Layout,
    p: AlertParams,
    items: Vec<AlertDto>,
    total: usize,
    next: Option<String>,
    map: String,
    categories: Vec<(String, String)>,
    states: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    frameworks: Vec<(String, String)>,
    can_detect: bool,
    is_staff: bool,
    notice: Option<String>,
}

/// (value, label) pairs of a select.
type Options = Vec<(String, String)>;

fn choices(lang: Lang, ctx: &Ctx) -> (Options, Options, Options, Options) {
    let d = lang.domain();
    let categories = Category::ALL.iter().map(|c| (c.as_str().to_string(), c.label(d))).collect();
    let mut states = vec![("open".to_string(), lang.t("alert-state-open"))];
    states.extend(
        AlertState::ALL.iter().map(|s| (s.as_str().to_string(), lang.t(&format!("alert-state-{}", s.as_str())))),
    );
    let regions = ctx
        .registry
        .groupings
        .iter()
        .map(|g| (g.code.clone(), if lang == Lang::Fr { g.name_fr.clone() } else { g.name.clone() }))
        .collect();
    let frameworks = ctx.registry.frameworks.iter().map(|f| (f.code.to_string(), f.code.to_string())).collect();
    (categories, states, regions, frameworks)
}

pub async fn alerts(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<AlertParams>,
) -> Result<Response, AppError> {
    alerts_page(&state, lang, &ctx, &uri, p, None, StatusCode::OK).await
}

async fn alerts_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    p: AlertParams,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let list = svc::alerts(ctx, &p.query(true)?).await?;
    let items: Vec<AlertDto> = list.items.iter().map(|a| alert_dto(ctx, a, lang)).collect();
    let href = |c: entente_warning::country::Iso3| -> Option<String> {
        let q = AlertParams { country: Some(c.to_string()), cursor: None, ..p.clone() };
        Some(format!("/alerts{}", query_string(&q, None)))
    };
    let label = |c: entente_warning::country::Iso3, n: u32| -> String {
        let name = svc::country_name(ctx, c, lang);
        if n == 0 { name } else { format!("{name}: {}", lang.t1("alerts-open-count", "count", n as usize)) }
    };
    let title = lang.t("alerts-map-title");
    let desc = lang.t1("alerts-map-desc", "count", list.open_by_country.len());
    let map = choropleth_svg(&Choropleth {
        values: &list.open_by_country,
        id: "alert-map",
        title: &title,
        desc: &desc,
        href: &href,
        label: &label,
    });
    let (categories, states, regions, frameworks) = choices(lang, ctx);
    let next = list.next_cursor.as_deref().map(|c| format!("/alerts{}", query_string(&p, Some(c))));
    let page = AlertsPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        p,
        items,
        total: list.total,
        next,
        map,
        categories,
        states,
        regions,
        frameworks,
        can_detect: entente_domain::warning::run_detection(&ctx.principal).is_ok(),
        is_staff: entente_domain::warning::may_read_calibration(&ctx.principal),
        notice,
    };
    render(&page).map(|mut r| {
        *r.status_mut() = status;
        r
    })
}

/// Run the detectors now (staff), then show the list with what it found.
pub async fn detect(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let (all, new) = svc::detect_now(&state, &ctx).await?;
    let notice = lang.t_args("alerts-detected", &[("count", all.into()), ("new", new.into())]);
    alerts_page(&state, lang, &ctx, &uri, AlertParams::default(), Some(notice), StatusCode::OK).await
}

/// A row of the weekly series table.
pub struct WeekRow {
    pub week: String,
    pub events: String,
    pub fatalities: String,
    pub alerted: bool,
}

/// A counted report fused with an imported incident: its imported records and the confidence.
struct Fused {
    sources: String,
    confidence: String,
}

#[derive(Template)]
#[template(path = "warning/alert.html")]
struct AlertPage {
    layout: Layout,
    a: AlertDto,
    chart: String,
    rows: Vec<WeekRow>,
    actions: Vec<String>,
    error: Option<String>,
    reason: String,
    figures: Vec<(String, String)>,
    /// The reports counted, each with the imported incident it describes, if fused with one.
    reports: Vec<(crate::api::warning::ReportDto, Option<Fused>)>,
    /// Propose consultations: `staff` (draft a meeting), `nation` (file a request) or empty.
    consult: String,
    consult_threat: String,
    bases: Options,
}

async fn alert_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    id: i64,
    error: Option<String>,
    reason: String,
) -> Result<Response, AppError> {
    let d = svc::alert(ctx, id).await?;
    let a = alert_dto(ctx, &d.alert, lang);
    let weeks: Vec<String> = d.series.iter().map(|w| svc::week_label(w.week)).collect();
    let place = if a.admin1.is_empty() { a.country_name.clone() } else { format!("{}, {}", a.admin1, a.country_name) };
    let chart = WeekSeriesChart {
        title: lang.t("alert-chart-title"),
        description: format!("{} — {} — {}", a.category_name, place, a.why),
        counts: d.series.iter().map(|w| w.events as f64).collect(),
        alerted: d.series.iter().position(|w| w.week == d.alert.week),
        weeks: weeks.clone(),
        expected: d.alert.expected,
        legend: [lang.t("alert-chart-counts"), lang.t("alert-chart-alerted"), lang.t("alert-chart-expected")],
        lang,
    }
    .svg("alert-series");
    let rows = d
        .series
        .iter()
        .zip(&weeks)
        .map(|(w, label)| WeekRow {
            week: label.clone(),
            events: number(w.events as f64, 0, lang),
            fatalities: number(w.fatalities as f64, 0, lang),
            alerted: w.week == d.alert.week,
        })
        .collect();
    let figures = vec![
        (lang.t("alert-observed"), number(a.observed, 0, lang)),
        (lang.t("alert-expected"), number(a.expected, 2, lang)),
        (lang.t("alert-score"), number(a.score, 2, lang)),
        (lang.t("alert-threshold"), number(a.threshold, 2, lang)),
        (lang.t("alert-fatalities"), number(a.fatalities, 0, lang)),
    ];
    let reports = d
        .reports
        .iter()
        .map(|r| {
            let fused = d
                .fusions
                .iter()
                .find(|f| f.report == r.id)
                .map(|f| Fused { sources: f.sources.join(", "), confidence: number(f.confidence, 2, lang) });
            (crate::api::warning::report_dto(ctx, r, lang), fused)
        })
        .collect();
    let consult = if !d.may_escalate {
        String::new()
    } else if ctx.principal.is_staff() {
        "staff".to_string()
    } else {
        "nation".to_string()
    };
    let consult_threat = format!("{} (alert #{})", svc::why(ctx, &d.alert, lang), d.alert.id);
    let page = AlertPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        reports,
        consult,
        consult_threat,
        bases: {
            use entente_domain::consultation::RequestBasis;
            [RequestBasis::Other, RequestBasis::Paragraph8, RequestBasis::Article4]
                .iter()
                .map(|b| (b.as_str().to_string(), b.label(lang.domain()).to_string()))
                .collect()
        },
        actions: d.actions.iter().map(|x| x.as_str().to_string()).collect(),
        a,
        chart,
        rows,
        error,
        reason,
        figures,
    };
    render(&page)
}

pub async fn alert(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    alert_page(&state, lang, &ctx, &uri, id, None, String::new()).await
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    action: String,
    #[serde(default)]
    reason: String,
    version: Option<i64>,
}

pub async fn step(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StepForm>,
) -> Result<Response, AppError> {
    match svc::step(&ctx, id, &f.action, &f.reason, f.version).await {
        Ok(_) => Ok(Redirect::to(&format!("/alerts/{id}")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let message = state.refusal(lang, &e);
            let keep = if f.action == AlertAction::Dismiss.as_str() { f.reason } else { String::new() };
            alert_page(&state, lang, &ctx, &uri, id, Some(message), keep).await.map(|mut r| {
                *r.status_mut() = status;
                r
            })
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "warning/reports.html")]
struct ReportsPage {
    layout: Layout,
    items: Vec<crate::api::warning::ReportDto>,
    status: String,
    statuses: Options,
    can_file: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportListParams {
    pub status: Option<String>,
}

pub async fn reports(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<ReportListParams>,
) -> Result<Response, AppError> {
    let list = svc::reports(&ctx, p.status.as_deref()).await?;
    let d = lang.domain();
    let page = ReportsPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        items: list.iter().map(|r| crate::api::warning::report_dto(&ctx, r, lang)).collect(),
        status: p.status.unwrap_or_default(),
        statuses: entente_domain::warning::ReportStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label(d).to_string()))
            .collect(),
        can_file: ctx.principal.can_write(),
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "warning/report_new.html")]
struct NewReportPage {
    layout: Layout,
    f: svc::ReportInput,
    categories: Options,
    error: Option<String>,
}

async fn new_report_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    f: svc::ReportInput,
    error: Option<String>,
) -> Result<Response, AppError> {
    if !ctx.principal.can_write() {
        return Err(AppError::Forbidden(entente_domain::said!(
            "err-not-permitted",
            "not permitted: {why}",
            why = entente_domain::said!("err-warning-analysts-file-reports", "analysts do not file reports")
        )));
    }
    let d = lang.domain();
    let page = NewReportPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        f,
        categories: Category::ALL.iter().map(|c| (c.as_str().to_string(), c.label(d))).collect(),
        error,
    };
    render(&page)
}

pub async fn new_report(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let f = svc::ReportInput {
        occurred_on: ctx.now.date_naive().to_string(),
        audience: "staff".into(),
        classification: "NATO UNCLASSIFIED".into(),
        ..Default::default()
    };
    new_report_page(&state, lang, &ctx, &uri, f, None).await
}

pub async fn file_report(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(f): PageForm<svc::ReportInput>,
) -> Result<Response, AppError> {
    match svc::file_report(&state, &ctx, &f).await {
        Ok(r) => Ok(Redirect::to(&format!("/reports/{}", r.id)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            new_report_page(&state, lang, &ctx, &uri, f, Some(state.refusal(lang, &e))).await.map(|mut r| {
                *r.status_mut() = status;
                r
            })
        }
        Err(e) => Err(e),
    }
}

/// A report's document as its page lists it.
struct DocumentRow {
    id: i64,
    name: String,
    size_kb: i64,
    by: Option<String>,
    added: String,
}

#[derive(Template)]
#[template(path = "warning/report.html")]
struct ReportPage {
    layout: Layout,
    r: crate::api::warning::ReportDto,
    steps: Vec<String>,
    documents: Vec<DocumentRow>,
    may_attach: bool,
    version: i64,
    error: Option<String>,
    reason: String,
}

async fn report_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    id: i64,
    error: Option<String>,
    reason: String,
) -> Result<Response, AppError> {
    let view = svc::report(ctx, id).await?;
    let page = ReportPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        r: crate::api::warning::report_dto(ctx, &view.report, lang),
        steps: view.steps.iter().map(|s| s.as_str().to_string()).collect(),
        documents: view
            .attachments
            .iter()
            .map(|d| DocumentRow {
                id: d.id,
                name: d.name.clone(),
                size_kb: (d.size_bytes + 1023) / 1024,
                by: d.author_nation.as_ref().map(ToString::to_string),
                added: crate::notify::long_date(d.created_at.date_naive(), lang),
            })
            .collect(),
        may_attach: view.may_attach,
        version: view.report.version,
        error,
        reason,
    };
    render(&page)
}

/// Add a document to a report (its filing delegation and staff, while it is open); a refusal is
/// shown on the report's page with its message.
pub async fn attach_document(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    form: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let attached = async {
        let (document, version) = svc::receive_report_document(&state, form).await?;
        svc::attach_document(&state, &ctx, id, &document, version).await
    }
    .await;
    match attached {
        Ok(_) => Ok(Redirect::to(&format!("/reports/{id}#documents")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            report_page(&state, lang, &ctx, &uri, id, Some(state.refusal(lang, &e)), String::new()).await.map(
                |mut r| {
                    *r.status_mut() = status;
                    r
                },
            )
        }
        Err(e) => Err(e),
    }
}

/// One document of a report, to whoever may see the report.
pub async fn document(ctx: Ctx, Path((id, document)): Path<(i64, i64)>) -> Result<Response, AppError> {
    let (d, bytes) = ctx.scope.report_document(id, document).await?;
    Ok(super::consultation::file_download(&d.name, d.content_type, bytes))
}

pub async fn report(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    report_page(&state, lang, &ctx, &uri, id, None, String::new()).await
}

#[derive(Debug, Deserialize)]
pub struct ReportStepForm {
    step: String,
    #[serde(default)]
    reason: String,
    version: Option<i64>,
}

pub async fn report_step(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ReportStepForm>,
) -> Result<Response, AppError> {
    match svc::report_step(&state, &ctx, id, &f.step, &f.reason, f.version).await {
        Ok(_) => Ok(Redirect::to(&format!("/reports/{id}")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            report_page(&state, lang, &ctx, &uri, id, Some(state.refusal(lang, &e)), f.reason).await.map(|mut r| {
                *r.status_mut() = status;
                r
            })
        }
        Err(e) => Err(e),
    }
}

pub async fn consult(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<svc::ConsultInput>,
) -> Result<Response, AppError> {
    match svc::propose_consultations(&state, &ctx, id, &f).await {
        Ok(svc::Proposed::Request(r)) => Ok(Redirect::to(&format!("/requests/{r}")).into_response()),
        Ok(svc::Proposed::Meeting(m)) => Ok(Redirect::to(&format!("/meetings/{m}")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            alert_page(&state, lang, &ctx, &uri, id, Some(state.refusal(lang, &e)), String::new()).await.map(|mut r| {
                *r.status_mut() = status;
                r
            })
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "warning/calibration.html")]
struct CalibrationPage {
    layout: Layout,
    c: crate::api::warning::CalibrationDto,
    can_set: bool,
    error: Option<String>,
}

async fn calibration_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    error: Option<String>,
) -> Result<Response, AppError> {
    let c = crate::api::warning::calibration_dto(ctx, lang).await?;
    let can_set = entente_domain::warning::set_threshold(&ctx.principal, 1.0, (0.0, 2.0)).is_ok();
    render(&CalibrationPage { layout: Layout::new(lang, uri, None, state, &ctx.identity), c, can_set, error })
}

pub async fn calibration(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    calibration_page(&state, lang, &ctx, &uri, None).await
}

#[derive(Debug, Deserialize)]
pub struct ThresholdForm {
    detector: String,
    threshold: String,
}

pub async fn set_threshold(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(f): PageForm<ThresholdForm>,
) -> Result<Response, AppError> {
    match svc::set_threshold(&ctx, &f.detector, &f.threshold).await {
        Ok(()) => Ok(Redirect::to("/calibration").into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            calibration_page(&state, lang, &ctx, &uri, Some(state.refusal(lang, &e))).await.map(|mut r| {
                *r.status_mut() = status;
                r
            })
        }
        Err(e) => Err(e),
    }
}
