//! Joint detection, shared by the pages and the API: the alerts a caller may see (filtered by
//! country, category, regional grouping, framework and state, with counts per country for the
//! map), one alert with its weekly series and its explanation in the reader's language, the
//! steps staff take on it, and detection on demand.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use entente_domain::registry::{FrameworkCode, NationCode};
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

impl From<WarningRuleError> for AppError {
    fn from(e: WarningRuleError) -> Self {
        match e {
            WarningRuleError::NotPermitted(m) => AppError::Forbidden(m.to_string()),
            other => AppError::bad_request(other.code(), other.to_string()),
        }
    }
}

/// Weeks of history an alert's chart shows.
pub const SERIES_WEEKS: i32 = 26;

fn countries() -> Option<&'static CountryTables> {
    static T: OnceLock<Option<CountryTables>> = OnceLock::new();
    T.get_or_init(|| CountryTables::embedded().ok()).as_ref()
}

/// A country's name for a reader: the registry's (in the reader's language) for the nations of
/// the network, else the datasets' English name.
pub fn country_name(ctx: &Ctx, iso: Iso3, lang: Lang) -> String {
    if let Ok(code) = iso.as_str().parse::<NationCode>()
        && let Some(n) = ctx.net().nation(&code)
    {
        return n.name_in(lang.code()).to_string();
    }
    countries().map_or_else(|| iso.to_string(), |t| t.display_name(iso))
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

fn bad(field: &str, value: &str, what: &str) -> AppError {
    AppError::bad_request("invalid", format!("{field}: '{value}' is not {what}"))
}

fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AlertQuery {
    fn filter(&self, ctx: &Ctx) -> Result<AlertFilter, AppError> {
        let mut f = AlertFilter { country_level: self.country_level, ..AlertFilter::default() };
        if let Some(c) = some(&self.country) {
            f.countries =
                vec![c.to_uppercase().parse::<Iso3>().map_err(|_| bad("country", c, "an ISO 3166 alpha-3 code"))?];
        }
        if let Some(c) = some(&self.category) {
            f.category = Some(c.parse::<Category>().map_err(|_| bad("category", c, "a challenge category"))?);
        }
        if let Some(s) = some(&self.state) {
            if s == "open" {
                f.open = true;
            } else {
                f.state = Some(
                    s.parse::<AlertState>()
                        .map_err(|_| bad("state", s, "open, new, acknowledged, escalated or dismissed"))?,
                );
            }
        }
        let mut within: Option<Vec<Iso3>> = None;
        if let Some(r) = some(&self.region) {
            let g = ctx
                .registry
                .groupings
                .iter()
                .find(|g| g.code.eq_ignore_ascii_case(r))
                .ok_or_else(|| bad("region", r, "a regional grouping of the registry"))?;
            within = Some(g.members.iter().filter_map(|m| m.as_str().parse::<Iso3>().ok()).collect());
        }
        if let Some(fw) = some(&self.framework) {
            let code: FrameworkCode = fw.parse().map_err(|_| bad("framework", fw, "a framework code"))?;
            if !ctx.registry.frameworks.iter().any(|f| f.code == code) {
                return Err(bad("framework", fw, "a framework of the registry"));
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

pub async fn alert(ctx: &Ctx, id: i64) -> Result<AlertDetail, AppError> {
    let alert = ctx.scope.alert(id).await?;
    let series = ctx.scope.alert_series(&alert, alert.week - SERIES_WEEKS + 1, alert.week).await?;
    let why = why(ctx, &alert, ctx.lang);
    let actions = alert.status().allowed_actions(&ctx.principal);
    Ok(AlertDetail { alert, series, why, actions })
}

/// A step staff take on an alert; `version` is the one the caller read (none: the current one).
pub async fn step(
    ctx: &Ctx,
    id: i64,
    action: &str,
    reason: &str,
    version: Option<i64>,
) -> Result<StoredAlert, AppError> {
    let action: AlertAction = action.parse().map_err(|_| bad("action", action, "acknowledge, dismiss or reopen"))?;
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
