//! Joint detection, shared by the pages and the API: the alerts a caller may see (filtered by
//! country, category, regional grouping, framework and state, with counts per country for the
//! map), one alert with its weekly series and its explanation in the reader's language, the
//! steps staff take on it, and detection on demand.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use entente_domain::registry::{FrameworkCode, NationCode};
use entente_domain::said;
use entente_domain::said::Said;
use entente_domain::text::TextError;
use entente_domain::warning::{self as rules, AlertAction, AlertState, WarningRuleError};
use entente_store::warning::{AlertFilter, StoredAlert, WeekCount};
use entente_warning::Category;
use entente_warning::alert::Alert;
use entente_warning::country::{CountryTables, Iso3};
use entente_warning::date::Day;
use entente_warning::detect::Detector;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Paging;

pub mod imports;
pub mod subscriptions;

impl From<WarningRuleError> for AppError {
    fn from(e: WarningRuleError) -> Self {
        match e {
            WarningRuleError::NotPermitted(m) => AppError::Forbidden(m),
            other => AppError::bad_request(other.code(), other.said()),
        }
    }
}

/// Weeks of history an alert's chart shows.
pub const SERIES_WEEKS: i32 = 26;

pub(crate) fn countries() -> Option<&'static CountryTables> {
    static T: OnceLock<Option<CountryTables>> = OnceLock::new();
    T.get_or_init(|| CountryTables::embedded().ok()).as_ref()
}

/// A country's name for a reader: the registry's (in the reader's language) for the nations of
/// the network, else the country tables' name in the reader's language.
pub fn country_name(ctx: &Ctx, iso: Iso3, lang: Lang) -> String {
    country_name_in(ctx.net(), iso, lang)
}

/// [`country_name`] from the network itself.
pub fn country_name_in(net: &entente_domain::registry::Network, iso: Iso3, lang: Lang) -> String {
    if let Ok(code) = iso.as_str().parse::<NationCode>()
        && let Some(n) = net.nation(&code)
    {
        return n.name_in(lang.code()).to_string();
    }
    countries().map_or_else(|| iso.to_string(), |t| t.display_name_in(iso, lang.domain()))
}

/// The list's query, as the page's form and the API's parameters give it.
#[derive(Debug, Clone, Default)]
pub struct AlertQuery {
    pub country: Option<String>,
    pub category: Option<String>,
    pub state: Option<String>,
    /// A regional grouping's code (its member states).
    pub region: Option<String>,
    /// A framework's code (the states active in it today).
    pub framework: Option<String>,
    /// Country cells only.
    pub country_level: bool,
    pub paging: Option<Paging>,
}

pub struct AlertList {
    pub items: Vec<StoredAlert>,
    pub total: usize,
    pub next_cursor: Option<String>,
    /// Open alerts per country (what the map draws), over the same filter.
    pub open_by_country: Vec<(Iso3, u32)>,
}

/// `{field}: '{value}' is not {what}`.
fn bad(field: &'static str, value: &str, what: Said) -> AppError {
    AppError::bad_request(
        "invalid",
        said!(
            "err-warning-bad-value",
            "{field}: '{value}' is not {what}",
            field = said::field(field),
            value = value,
            what = what
        ),
    )
}

fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AlertQuery {
    fn filter(&self, ctx: &Ctx) -> Result<AlertFilter, AppError> {
        let mut f = AlertFilter { country_level: self.country_level, ..AlertFilter::default() };
        if let Some(c) = some(&self.country) {
            f.countries =
                vec![c.to_uppercase().parse::<Iso3>().map_err(|_| {
                    bad("country", c, said!("err-warning-is-iso-3166-alpha", "an ISO 3166 alpha-3 code"))
                })?];
        }
        if let Some(c) = some(&self.category) {
            f.category =
                Some(c.parse::<Category>().map_err(|_| {
                    bad("category", c, said!("err-warning-is-challenge-category", "a challenge category"))
                })?);
        }
        if let Some(s) = some(&self.state) {
            if s == "open" {
                f.open = true;
            } else {
                f.state = Some(s.parse::<AlertState>().map_err(|_| {
                    bad(
                        "state",
                        s,
                        said!(
                            "err-warning-is-open-new-acknowledged",
                            "open, new, acknowledged, escalated or dismissed"
                        ),
                    )
                })?);
            }
        }
        let mut within: Option<Vec<Iso3>> = None;
        if let Some(r) = some(&self.region) {
            let g = ctx.registry.groupings.iter().find(|g| g.code.eq_ignore_ascii_case(r)).ok_or_else(|| {
                bad(
                    "region",
                    r,
                    said!("err-warning-is-regional-grouping-registry", "a regional grouping of the registry"),
                )
            })?;
            within = Some(g.members.iter().filter_map(|m| m.as_str().parse::<Iso3>().ok()).collect());
        }
        if let Some(fw) = some(&self.framework) {
            let code: FrameworkCode = fw
                .parse()
                .map_err(|_| bad("framework", fw, said!("err-warning-is-framework-code", "a framework code")))?;
            if !ctx.registry.frameworks.iter().any(|f| f.code == code) {
                return Err(bad(
                    "framework",
                    fw,
                    said!("err-warning-is-framework-registry", "a framework of the registry"),
                ));
            }
            let today = ctx.now.date_naive();
            let active: Vec<Iso3> = ctx
                .net()
                .nations()
                .filter(|n| ctx.net().is_active(&n.code, &code, today))
                .filter_map(|n| n.code.as_str().parse::<Iso3>().ok())
                .collect();
            within = Some(match within {
                Some(w) => w.into_iter().filter(|c| active.contains(c)).collect(),
                None => active,
            });
        }
        if let Some(w) = within {
            if f.countries.is_empty() {
                // An empty set matches nothing (not everything).
                f.countries = if w.is_empty() { vec!["ZZZ".parse().map_err(|_| AppError::NotFound)?] } else { w };
            } else {
                f.countries.retain(|c| w.contains(c));
                if f.countries.is_empty() {
                    f.countries = vec!["ZZZ".parse().map_err(|_| AppError::NotFound)?];
                }
            }
        }
        Ok(f)
    }
}

/// Newest week first, then by id: as a string key that sorts that way.
fn list_key(a: &StoredAlert) -> String {
    format!("{:010}-{:012}", i64::from(i32::MAX) - i64::from(a.week_start.0), a.id)
}

pub async fn alerts(ctx: &Ctx, q: &AlertQuery) -> Result<AlertList, AppError> {
    let filter = q.filter(ctx)?;
    let all = ctx.scope.alerts(&filter).await?;
    let mut by_country: BTreeMap<Iso3, u32> = BTreeMap::new();
    for a in all.iter().filter(|a| a.state.is_open()) {
        *by_country.entry(a.cell.country).or_default() += 1;
    }
    let total = all.len();
    let keyed: Vec<(String, StoredAlert)> = all.into_iter().map(|a| (list_key(&a), a)).collect();
    let (items, next_cursor) = match &q.paging {
        Some(p) => {
            let (page, next) = p.apply(keyed, |(k, _)| k.as_str());
            (page.into_iter().map(|(_, a)| a).collect(), next)
        }
        None => (keyed.into_iter().map(|(_, a)| a).collect(), None),
    };
    Ok(AlertList { items, total, next_cursor, open_by_country: by_country.into_iter().collect() })
}

/// One alert with what its page shows.
pub struct AlertDetail {
    pub alert: StoredAlert,
    pub series: Vec<WeekCount>,
    pub why: String,
    pub actions: Vec<AlertAction>,
    /// Whether the caller may propose consultations on it now.
    pub may_escalate: bool,
    /// The shared reports it counts (all of them: whoever reads the alert may read each).
    pub reports: Vec<rules::SecurityReport>,
    /// Those reports that describe an imported incident, and which.
    pub fusions: Vec<entente_store::reports::ReportFusion>,
}

/// The engine's alert for a stored one (for its explanation and CAP).
pub fn engine_alert(a: &StoredAlert) -> Option<Alert> {
    Some(Alert {
        detector: a.detector.parse::<Detector>().ok()?,
        cell: a.cell.clone(),
        week: a.week_start.iso_week().to_string(),
        week_start: a.week_start,
        observed: a.observed,
        expected: a.expected,
        threshold: a.threshold,
        score: a.score,
        fatalities: a.fatalities,
        top_events: a.top_events.clone(),
    })
}

/// The "why" of an alert in a language.
pub fn why(ctx: &Ctx, a: &StoredAlert, lang: Lang) -> String {
    match engine_alert(a) {
        Some(e) => e.why(lang.domain(), &country_name(ctx, a.cell.country, lang)),
        None => String::new(),
    }
}

/// One alert with its series, its reports and what the caller may do. A contributing event that
/// a counted report describes too (fused by the engine's rule) names the report beside its other
/// sources, so both provenances show.
pub async fn alert(ctx: &Ctx, id: i64) -> Result<AlertDetail, AppError> {
    let mut alert = ctx.scope.alert(id).await?;
    let series = ctx.scope.alert_series(&alert, alert.week - SERIES_WEEKS + 1, alert.week).await?;
    let why = why(ctx, &alert, ctx.lang);
    let actions = alert.status().allowed_actions(&ctx.principal);
    let may_escalate = alert.status().may_escalate(alert.cell.country.as_str(), &ctx.principal);
    let (reports, fusions) = if alert.basis == "open" {
        (Vec::new(), Vec::new())
    } else {
        let reports = ctx.scope.alert_reports(id).await?;
        let fusions = ctx.scope.report_fusions(&reports).await?;
        (reports, fusions)
    };
    for e in &mut alert.top_events {
        let key = format!("{}:{}", e.source, e.source_id);
        for f in fusions.iter().filter(|f| f.sources.contains(&key)) {
            e.also_reported_by.push(format!("report:{}", f.report));
        }
    }
    Ok(AlertDetail { alert, series, why, actions, may_escalate, reports, fusions })
}

/// A step staff take on an alert; `version` is the one the caller read (none: the current one).
pub async fn step(
    ctx: &Ctx,
    id: i64,
    action: &str,
    reason: &str,
    version: Option<i64>,
) -> Result<StoredAlert, AppError> {
    let action: AlertAction = action.parse().map_err(|_| {
        bad("action", action, said!("err-warning-is-acknowledge-dismiss-reopen", "acknowledge, dismiss or reopen"))
    })?;
    let current = ctx.scope.alert(id).await?;
    let mut status = current.status();
    if let Some(v) = version {
        status.version = v;
    }
    let permit = match action {
        AlertAction::Acknowledge => status.acknowledge(&ctx.principal)?,
        AlertAction::Dismiss => status.dismiss(reason, &ctx.principal)?,
        AlertAction::Reopen => status.reopen(&ctx.principal)?,
    };
    ctx.scope.save_alert_status(permit, &mut status).await?;
    Ok(ctx.scope.alert(id).await?)
}

/// Run the detectors now (staff); returns how many alerts the last complete week has and how many
/// of them are new.
pub async fn detect_now(state: &crate::AppState, ctx: &Ctx) -> Result<(usize, usize), AppError> {
    let permit = rules::run_detection(&ctx.principal)?;
    crate::system::warning::detect(state, &ctx.principal, permit).await
}

/// A week index as its ISO week (`2024-W23`).
pub fn week_label(week: i32) -> String {
    Day::monday_of_week_index(week).iso_week().to_string()
}

/// What a report form or the API brings.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ReportInput {
    /// A challenge category code (see `GET /api/v1/alerts` for the list).
    #[serde(default)]
    #[schema(max_length = 40)]
    pub category: String,
    /// ISO 3166 alpha-3.
    #[serde(default)]
    #[schema(max_length = 8)]
    pub country: String,
    #[serde(default)]
    #[schema(max_length = 120)]
    pub admin1: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schema(format = Date)]
    pub occurred_on: String,
    /// YYYY-MM-DD, for a period.
    #[serde(default)]
    #[schema(format = Date)]
    pub until: String,
    #[serde(default)]
    #[schema(max_length = 8000)]
    pub description: String,
    /// Links or free text.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub sources: String,
    /// A whole number, if known.
    #[serde(default)]
    #[schema(pattern = "^[0-9]{0,9}$")]
    pub fatalities: String,
    /// A configured classification (default NATO UNCLASSIFIED).
    #[serde(default)]
    #[schema(max_length = 100)]
    pub classification: String,
    /// `staff`, `allies`, `nations`, `frameworks`, `all_partners` or `public` (default `staff`).
    #[serde(default)]
    #[schema(pattern = "^(staff|allies|nations|frameworks|all_partners|public)?$")]
    pub audience: String,
    /// Nation or framework codes for `nations` / `frameworks`.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub codes: String,
}

fn date_field(field: &'static str, s: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| bad(field, s, said!("err-warning-is-date-yyyy-mm", "a date (YYYY-MM-DD)")))
}

impl ReportInput {
    fn draft(&self, state: &crate::AppState) -> Result<rules::ReportDraft, AppError> {
        let category = self.category.trim();
        category.parse::<Category>().map_err(|_| {
            bad("category", category, said!("err-warning-is-challenge-category", "a challenge category"))
        })?;
        let country = self.country.trim().to_uppercase();
        country.parse::<Iso3>().map_err(|_| {
            bad("country", self.country.trim(), said!("err-warning-is-iso-3166-alpha", "an ISO 3166 alpha-3 code"))
        })?;
        let occurred_on = date_field("occurred_on", &self.occurred_on)?.ok_or_else(|| {
            AppError::bad_request(
                "invalid",
                said!(
                    "err-field",
                    "{field}: {reason}",
                    field = said::field("occurred_on"),
                    reason = TextError::Empty.said()
                ),
            )
        })?;
        let fatalities = match self.fatalities.trim() {
            "" => None,
            f => Some(
                f.parse::<u32>()
                    .map_err(|_| bad("fatalities", f, said!("err-warning-is-whole-number", "a whole number")))?,
            ),
        };
        let classification = match self.classification.trim() {
            "" => "NATO UNCLASSIFIED",
            c => c,
        };
        let audience = crate::consultation::audience(
            match self.audience.trim() {
                "" => "staff",
                a => a,
            },
            &self.codes,
        )?;
        Ok(rules::ReportDraft {
            category: category.to_string(),
            country,
            admin1: self.admin1.clone(),
            occurred_on,
            until: date_field("until", &self.until)?,
            description: self.description.clone(),
            sources: self.sources.clone(),
            fatalities,
            release: crate::consultation::release(state, classification, audience)?,
        })
    }
}

/// Tell of a report filed or moved by the caller (who is not told of it).
async fn tell_report(state: &crate::AppState, ctx: &Ctx, report: &rules::SecurityReport) {
    let notice = entente_domain::consultation::Notice::ReportTriaged { report };
    let event = crate::notify::Event::by(&ctx.principal, ctx.stamp(), vec![notice]);
    if let Err(e) = crate::notify::dispatch(state, ctx.net(), event).await {
        tracing::error!(error = %e, "report notification not stored");
    }
}

/// File a report (any delegation or staff who may write); the staff are told.
pub async fn file_report(
    state: &crate::AppState,
    ctx: &Ctx,
    input: &ReportInput,
) -> Result<rules::SecurityReport, AppError> {
    let draft = input.draft(state)?;
    let (report, permit) = rules::SecurityReport::file(&draft, &ctx.principal, ctx.now)?;
    let report = ctx.scope.insert_report(permit, report).await?;
    tell_report(state, ctx, &report).await;
    Ok(report)
}

/// The reports the caller may see, newest first.
pub async fn reports(ctx: &Ctx, status: Option<&str>) -> Result<Vec<rules::SecurityReport>, AppError> {
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse().map_err(|_| {
            bad(
                "status",
                s,
                said!(
                    "err-warning-is-new-under-review",
                    "new, under_review, verified, not_verified, duplicate or dismissed"
                ),
            )
        })?),
    };
    let f = entente_store::reports::ReportFilter { status, ..Default::default() };
    Ok(ctx.scope.reports(&f).await?)
}

/// One report as its reader finds it: its documents and what the caller may do now.
pub struct ReportView {
    pub report: rules::SecurityReport,
    pub attachments: Vec<rules::ReportAttachment>,
    /// The triage steps the caller may take now.
    pub steps: Vec<rules::ReportStep>,
    /// Whether the caller may add a document now.
    pub may_attach: bool,
}

/// One report with its documents and what the caller may do now.
pub async fn report(ctx: &Ctx, id: i64) -> Result<ReportView, AppError> {
    let (report, attachments) = ctx.scope.report_with_attachments(id).await?;
    let steps = report.allowed_steps(&ctx.principal, ctx.now);
    let may_attach = report.may_attach(attachments.len(), &ctx.principal);
    Ok(ReportView { report, attachments, steps, may_attach })
}

/// The largest document a report carries (the forum's limit).
pub const MAX_DOCUMENT: usize = crate::pages::consultation::MAX_UPLOAD;

/// Add a received document (checked by the forum's rules) to report `id`, as read at `version`
/// when the form says which: its filing delegation and the staff, while it is open.
pub async fn attach_document(
    state: &crate::AppState,
    ctx: &Ctx,
    id: i64,
    document: &crate::consultation::ReceivedDocument,
    version: Option<i64>,
) -> Result<rules::ReportAttachment, AppError> {
    let (mut r, attachments) = ctx.scope.report_with_attachments(id).await?;
    if let Some(v) = version {
        r.version = v;
    }
    let permit = r.attach(attachments.len(), &ctx.principal)?;
    let _turn = state.document_turn().await;
    Ok(ctx.scope.insert_report_attachment(permit, &mut r, &document.file, document.staged()).await?)
}

/// Receive the multipart form of a document for a report: the file (streamed to disk, checked)
/// and the `version` field if sent. A refusal names the file.
pub async fn receive_report_document(
    state: &crate::AppState,
    mut form: axum::extract::Multipart,
) -> Result<(crate::consultation::ReceivedDocument, Option<i64>), AppError> {
    let invalid = |e: axum::extract::multipart::MultipartError| AppError::bad_request("invalid_form", e.body_text());
    let (mut file, mut version) = (None, None);
    while let Some(field) = form.next_field().await.map_err(invalid)? {
        match field.name().unwrap_or("") {
            "file" if field.file_name().is_some_and(|n| !n.trim().is_empty()) => {
                file = Some(crate::consultation::receive_document(state, field, MAX_DOCUMENT).await?);
            }
            "version" => {
                let v = field.text().await.map_err(invalid)?;
                if !v.trim().is_empty() {
                    version = Some(v.trim().parse().map_err(|_| AppError::not_a_number("invalid", "version", &v))?);
                }
            }
            _ => {}
        }
    }
    let file =
        file.ok_or_else(|| AppError::bad_request("invalid_file", said!("err-choose-file", "choose a file to upload")))?;
    Ok((file, version))
}

/// A triage step (staff); the author's delegation is told; a verified report counts in detection
/// at once.
pub async fn report_step(
    state: &crate::AppState,
    ctx: &Ctx,
    id: i64,
    step: &str,
    reason: &str,
    version: Option<i64>,
) -> Result<rules::SecurityReport, AppError> {
    let step: rules::ReportStep = step.parse().map_err(|_| {
        bad(
            "step",
            step,
            said!("err-warning-is-review-verify-not", "review, verify, not_verified, duplicate or dismiss"),
        )
    })?;
    let mut r = ctx.scope.report(id).await?;
    if let Some(v) = version {
        r.version = v;
    }
    let permit = r.step(step, reason, &ctx.principal, ctx.now)?;
    ctx.scope.save_report(permit, &mut r).await?;
    tell_report(state, ctx, &r).await;
    if step == rules::ReportStep::Verify {
        let permit = rules::run_detection(&ctx.principal)?;
        crate::system::warning::detect(state, &ctx.principal, permit).await?;
    }
    Ok(r)
}

/// What "propose consultations" brings: for a delegation, the request's basis, its text and its
/// marking; staff draft a meeting and need none of it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ConsultInput {
    /// `paragraph8`, `article4` or `other` (a delegation's request).
    #[serde(default)]
    #[schema(pattern = "^(paragraph8|article4|other)?$")]
    pub basis: String,
    /// The threat as the delegation puts it (defaults to the alert's explanation).
    #[serde(default)]
    #[schema(max_length = 100000)]
    pub threat: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub classification: String,
    /// Default `staff`.
    #[serde(default)]
    #[schema(pattern = "^(staff|allies|nations|frameworks|all_partners|public)?$")]
    pub audience: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub codes: String,
    pub version: Option<i64>,
}

/// What was proposed on an alert.
pub enum Proposed {
    Request(i64),
    Meeting(i64),
}

/// Propose consultations on an alert: the affected country's delegation files a consultation
/// request with the alert's explanation; the staff draft a meeting in the format of the nations
/// concerned (the allies, the affected nation when it is a partner, its regional partners). The
/// alert is then escalated and linked to what was proposed.
pub async fn propose_consultations(
    state: &crate::AppState,
    ctx: &Ctx,
    id: i64,
    input: &ConsultInput,
) -> Result<Proposed, AppError> {
    use entente_domain::consultation::{MeetingLevel, Venue};
    use entente_domain::registry::{FormatSpec, NationStatus};
    let alert = ctx.scope.alert(id).await?;
    let mut status = alert.status();
    if let Some(v) = input.version
        && v != alert.version
    {
        // Refused before a request or meeting is made for an alert someone else moved.
        return Err(AppError::from(entente_store::StoreError::Conflict { entity: "alert", id }));
    }
    let country = alert.cell.country.as_str().to_string();
    // The rule first: refused before anything is written.
    let permit = status.escalate(&country, &ctx.principal)?;
    let place = if alert.cell.admin1.is_empty() {
        country_name(ctx, alert.cell.country, Lang::En)
    } else {
        format!("{}, {}", alert.cell.admin1, country_name(ctx, alert.cell.country, Lang::En))
    };
    let proposed = if ctx.principal.is_staff() {
        let today = ctx.now.date_naive();
        let mut partners: Vec<NationCode> = Vec::new();
        if let Ok(code) = country.parse::<NationCode>() {
            if matches!(ctx.net().status_on(&code, today), NationStatus::Partner { .. }) {
                partners.push(code.clone());
            }
            if let Some(region) = ctx.net().nation(&code).and_then(|n| n.region.clone()) {
                partners.extend(
                    ctx.net()
                        .nations()
                        .filter(|n| n.code != code && n.region.as_deref() == Some(region.as_str()))
                        .filter(|n| matches!(ctx.net().status_on(&n.code, today), NationStatus::Partner { .. }))
                        .map(|n| n.code.clone()),
                );
            }
        }
        let start =
            (ctx.now + chrono::Duration::days(7)).date_naive().and_hms_opt(10, 0, 0).map_or(ctx.now, |t| t.and_utc());
        let form = crate::consultation::PlanForm {
            title: format!(
                "Consultations: {} in {place}, {}",
                alert.cell.category.label(Lang::En.domain()),
                alert.week_start.iso_week()
            ),
            level: MeetingLevel::Ambassadors.as_str().to_string(),
            format: FormatSpec { include_allies: true, frameworks: vec![], partners },
            start,
            end: start + chrono::Duration::hours(2),
            time_zone: "UTC".into(),
            venue: Venue::Place { name: "NATO Headquarters, Brussels".into() },
            request: None,
        };
        let m = crate::consultation::plan_meeting(state, ctx, form).await?;
        Proposed::Meeting(m.id.0)
    } else {
        let threat = match input.threat.trim() {
            "" => format!("{} (alert #{})", why(ctx, &alert, Lang::En), alert.id),
            t => t.to_string(),
        };
        let audience = crate::consultation::audience(
            match input.audience.trim() {
                "" => "staff",
                a => a,
            },
            &input.codes,
        )?;
        let classification = match input.classification.trim() {
            "" => "NATO UNCLASSIFIED",
            c => c,
        };
        let release = crate::consultation::release(state, classification, audience)?;
        let basis = match input.basis.trim() {
            "" => "other",
            b => b,
        };
        let r = crate::consultation::file_request(state, ctx, basis, &threat, release).await?;
        Proposed::Request(r.id.0)
    };
    let (request, meeting) = match proposed {
        Proposed::Request(r) => (Some(r), None),
        Proposed::Meeting(m) => (None, Some(m)),
    };
    ctx.scope.escalate_alert(permit, &mut status, request, meeting).await?;
    Ok(proposed)
}

/// Series per regime of the back-test the calibration page shows (seed 1, as the README's table).
pub const BACKTEST_SERIES: usize = 100;

/// The back-test, run once per process (a fraction of a second in a release build).
async fn backtest() -> Result<&'static [entente_warning::calibrate::Row], AppError> {
    static ROWS: tokio::sync::OnceCell<Vec<entente_warning::calibrate::Row>> = tokio::sync::OnceCell::const_new();
    let rows = ROWS
        .get_or_try_init(|| async {
            tokio::task::spawn_blocking(|| {
                entente_warning::calibrate::run(BACKTEST_SERIES, 1, &entente_warning::detect::Detector::ALL)
            })
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("the back-test stopped: {e}")))
        })
        .await?;
    Ok(rows.as_slice())
}

/// A detector's threshold in force.
pub struct InForce {
    pub detector: entente_warning::detect::Detector,
    pub threshold: f64,
    pub default: f64,
    /// Set by staff (else the calibrated default).
    pub set: bool,
    /// The range the back-test tried.
    pub range: (f64, f64),
}

fn range_of(d: entente_warning::detect::Detector) -> (f64, f64) {
    let grid = d.threshold_grid();
    (grid.iter().copied().fold(f64::INFINITY, f64::min), grid.iter().copied().fold(f64::NEG_INFINITY, f64::max))
}

/// The back-test table and the thresholds in force (staff, analysts included).
pub async fn calibration(ctx: &Ctx) -> Result<(&'static [entente_warning::calibrate::Row], Vec<InForce>), AppError> {
    if !rules::may_read_calibration(&ctx.principal) {
        return Err(AppError::Forbidden(said!(
            "err-warning-calibration-staff",
            "not permitted: the calibration is for the alliance staff"
        )));
    }
    let set = ctx.scope.detector_thresholds().await?;
    let in_force = Detector::ALL
        .iter()
        .map(|d| {
            let staff_set = set.get(d.as_str()).copied();
            InForce {
                detector: *d,
                threshold: staff_set.unwrap_or_else(|| d.default_threshold()),
                default: d.default_threshold(),
                set: staff_set.is_some(),
                range: range_of(*d),
            }
        })
        .collect();
    Ok((backtest().await?, in_force))
}

/// Staff set a detector's threshold within the back-tested range.
pub async fn set_threshold(ctx: &Ctx, detector: &str, value: &str) -> Result<(), AppError> {
    let d: Detector = detector
        .trim()
        .parse()
        .map_err(|_| bad("detector", detector, said!("err-warning-is-detector", "a detector")))?;
    let v: f64 = value
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| bad("threshold", value, said!("err-warning-is-number", "a number")))?;
    let permit = rules::set_threshold(&ctx.principal, v, range_of(d))?;
    ctx.scope.set_detector_threshold(permit, d.as_str(), v).await?;
    Ok(())
}
