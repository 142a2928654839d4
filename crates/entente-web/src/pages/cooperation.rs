//! Cooperation pages: the cooperation menu (filters, facet counts, "open to my nation", paging,
//! CSV export), an activity with the steps the reader may take and its seat request form, the
//! proposal form, and allocations (run, review, publish; each nation its own seats with the
//! engine's explanation in the reader's language). A refused form comes back in place with its
//! message and what was typed.

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use entente_domain::cooperation::{
    Activity, ActivityActions, ActivityKind, AllocationRun, AllocationStatus, Eligibility, SeatRequestDraft, areas,
};
use entente_domain::said;
use serde::Deserialize;

use super::access::PageForm;
use super::{Layout, render, shown_in_place, with_status};
use crate::AppState;
use crate::api::cooperation::{ActivityParams, NewActivity};
use crate::cooperation::{self as svc, Selection};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Q;

pub mod after;
pub mod programme;

/// One row of the menu.
pub struct ActivityLine {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub area: String,
    pub kind: String,
    pub provider: String,
    pub dates: String,
    pub place: String,
    pub languages: String,
    pub seats: u32,
    pub deadline: String,
    pub status: String,
    pub status_code: String,
}

fn line(a: &Activity, lang: Lang, network: &entente_domain::registry::Network) -> ActivityLine {
    let dl = lang.domain();
    ActivityLine {
        id: a.id.0,
        code: a.code.clone(),
        title: a.title(dl).to_string(),
        area: entente_domain::cooperation::area(&a.area).map_or(a.area.clone(), |x| x.name(dl).to_string()),
        kind: lang.t(&format!("activity-kind-{}", a.kind.as_str())),
        provider: a.provider.name_in(network, dl),
        dates: if a.start == a.end { a.start.to_string() } else { format!("{} – {}", a.start, a.end) },
        place: if a.is_online() { lang.t("activity-online") } else { a.location.clone() },
        languages: a.languages.iter().map(|l| l.as_str().to_uppercase()).collect::<Vec<_>>().join(", "),
        seats: a.seats,
        deadline: a.deadline.to_string(),
        status: lang.t(&format!("activity-status-{}", a.status().as_str())),
        status_code: a.status().as_str().to_string(),
    }
}

/// A facet value: its code, its label, how many match, and the link that filters on it.
pub struct FacetValue {
    pub label: String,
    pub count: usize,
    pub href: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "cooperation/activities.html")]
struct MenuPage {
    layout: Layout,
    p: ActivityParams,
    items: Vec<ActivityLine>,
    total: usize,
    areas: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    facet_area: Vec<FacetValue>,
    facet_kind: Vec<FacetValue>,
    facet_language: Vec<FacetValue>,
    next: Option<String>,
    csv: String,
    can_propose: bool,
    is_nation: bool,
    staff: bool,
}

/// The query string of `p` with `key` set to `value` (and no cursor).
fn with(p: &ActivityParams, key: &str, value: &str) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut put = |k: &'static str, v: &Option<String>| {
        if k != key
            && let Some(v) = v.as_ref().filter(|v| !v.is_empty())
        {
            pairs.push((k, v.clone()));
        }
    };
    put("area", &p.area);
    put("kind", &p.kind);
    put("from", &p.from);
    put("to", &p.to);
    put("language", &p.language);
    put("provider", &p.provider);
    put("status", &p.status);
    put("q", &p.q);
    put("open_to_me", &p.open_to_me);
    put("limit", &p.limit);
    if !value.is_empty() {
        pairs.push((key_static(key), value.to_string()));
    }
    let qs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect();
    if qs.is_empty() { String::new() } else { format!("?{}", qs.join("&")) }
}

fn key_static(key: &str) -> &'static str {
    match key {
        "area" => "area",
        "kind" => "kind",
        "language" => "language",
        "cursor" => "cursor",
        "format" => "format",
        _ => "q",
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn activities(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<ActivityParams>,
) -> Result<Response, AppError> {
    let menu = svc::menu(&ctx, &p.query(true)?).await?;
    let dl = lang.domain();
    let facet = |values: &[(String, usize)], key: &str, label: &dyn Fn(&str) -> String, current: &Option<String>| {
        values
            .iter()
            .map(|(v, n)| FacetValue {
                label: label(v),
                count: *n,
                href: format!("/activities{}", with(&p, key, v)),
                active: current.as_deref() == Some(v.as_str()),
            })
            .collect::<Vec<_>>()
    };
    let area_label = |c: &str| entente_domain::cooperation::area(c).map_or(c.to_string(), |a| a.name(dl).to_string());
    let kind_label = |k: &str| lang.t(&format!("activity-kind-{k}"));
    let lang_label = |l: &str| l.to_uppercase();
    let page = MenuPage {
        facet_area: facet(&menu.facets.area, "area", &area_label, &p.area.as_ref().map(|a| a.to_ascii_uppercase())),
        facet_kind: facet(&menu.facets.kind, "kind", &kind_label, &p.kind),
        facet_language: facet(&menu.facets.language, "language", &lang_label, &p.language),
        next: menu.next_cursor.as_ref().map(|c| format!("/activities{}", with(&p, "cursor", c))),
        csv: format!("/api/v1/activities{}", with(&p, "format", "csv")),
        items: menu.items.iter().map(|a| line(a, lang, ctx.net())).collect(),
        total: menu.total,
        areas: areas().iter().map(|a| (a.code.clone(), a.name(dl).to_string())).collect(),
        kinds: ActivityKind::ALL.iter().map(|k| (k.as_str().to_string(), kind_label(k.as_str()))).collect(),
        can_propose: ctx.principal.can_write()
            && (ctx.principal.is_staff()
                || ctx.principal.nation().is_some_and(|n| {
                    ctx.net().is_active(n, &entente_domain::registry::FrameworkCode::alliance(), ctx.now.date_naive())
                        || ctx
                            .net()
                            .nation(n)
                            .is_some_and(|x| x.kind == entente_domain::registry::NationKind::PartnerOrg)
                })),
        is_nation: ctx.principal.nation().is_some(),
        staff: ctx.principal.is_staff(),
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        p,
    };
    render(&page)
}

/// What was typed in the proposal form, kept when it is refused.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    aim_en: String,
    #[serde(default)]
    aim_fr: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    institution: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    lang_en: Option<String>,
    #[serde(default)]
    lang_fr: Option<String>,
    #[serde(default)]
    seats: String,
    #[serde(default)]
    nation_cap: String,
    #[serde(default)]
    frameworks: String,
    #[serde(default)]
    prerequisites: String,
    #[serde(default)]
    fee_eur: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    classification: Option<String>,
    #[serde(default)]
    audience: Option<String>,
    #[serde(default)]
    codes: Option<String>,
}

impl ProposalForm {
    /// The marking fieldset as typed.
    pub fn mark(&self) -> super::Mark {
        super::Mark::typed(
            self.classification.as_deref(),
            self.audience.as_deref(),
            self.codes.as_deref(),
            "all_partners",
        )
    }

    fn to_api(&self) -> Result<NewActivity, AppError> {
        let date = |name: &'static str, s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::not_a_date("invalid", name, s))
        };
        let number = |name: &'static str, s: &str| {
            s.trim().parse::<u32>().map_err(|_| AppError::not_a_number("invalid", name, s))
        };
        let list = |s: &str| -> Vec<String> {
            s.split([',', ' ', ';']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
        };
        let mut languages = Vec::new();
        if self.lang_en.is_some() {
            languages.push("en".to_string());
        }
        if self.lang_fr.is_some() {
            languages.push("fr".to_string());
        }
        Ok(NewActivity {
            code: self.code.clone(),
            title_en: self.title_en.clone(),
            title_fr: self.title_fr.clone(),
            aim_en: self.aim_en.clone(),
            aim_fr: self.aim_fr.clone(),
            area: self.area.clone(),
            kind: self.kind.clone(),
            institution: self.institution.clone(),
            start: date("start", &self.start)?,
            end: date("end", &self.end)?,
            location: self.location.clone(),
            languages,
            seats: number("seats", &self.seats)?,
            nation_cap: if self.nation_cap.trim().is_empty() {
                None
            } else {
                Some(number("nation_cap", &self.nation_cap)?)
            },
            frameworks: list(&self.frameworks),
            prerequisites: list(&self.prerequisites)
                .iter()
                .map(|p| {
                    p.trim_start_matches('#').parse::<i64>().map_err(|_| {
                        AppError::bad_request(
                            "invalid",
                            said!(
                                "err-coop-prerequisite-number",
                                "prerequisites: '{value}' is not an activity number",
                                value = p
                            ),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
            fee_eur: if self.fee_eur.trim().is_empty() { 0 } else { number("fee_eur", &self.fee_eur)? },
            nomination_deadline: date("deadline", &self.deadline)?,
            classification: self.classification.clone().filter(|c| !c.is_empty()),
            audience: self.audience.clone().filter(|a| !a.is_empty()),
            codes: list(self.codes.as_deref().unwrap_or("")),
        })
    }
}

#[derive(Template)]
#[template(path = "cooperation/activity_new.html")]
struct ProposalPage {
    layout: Layout,
    f: ProposalForm,
    error: Option<String>,
    areas: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    staff: bool,
}

fn proposal_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    f: ProposalForm,
    error: Option<String>,
) -> Result<Response, AppError> {
    let dl = lang.domain();
    render(&ProposalPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        f,
        error,
        areas: areas().iter().map(|a| (a.code.clone(), a.name(dl).to_string())).collect(),
        kinds: ActivityKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), lang.t(&format!("activity-kind-{}", k.as_str()))))
            .collect(),
        staff: ctx.principal.is_staff(),
    })
}

fn may_propose(ctx: &Ctx) -> Result<(), AppError> {
    let p = &ctx.principal;
    let ok = p.can_write()
        && (p.is_staff()
            || p.nation().is_some_and(|n| {
                ctx.net().is_active(n, &entente_domain::registry::FrameworkCode::alliance(), ctx.now.date_naive())
                    || ctx.net().nation(n).is_some_and(|x| x.kind == entente_domain::registry::NationKind::PartnerOrg)
            }));
    if ok {
        Ok(())
    } else {
        Err(AppError::Forbidden(said!(
            "err-coop-activities-proposed-allies-partner",
            "activities are proposed by allies, partner institutions and the alliance staff"
        )))
    }
}

pub async fn new_activity(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    may_propose(&ctx)?;
    let today = ctx.now.date_naive();
    let f = ProposalForm {
        kind: "course".into(),
        lang_en: Some("on".into()),
        seats: "20".into(),
        nation_cap: "2".into(),
        start: (today + chrono::Duration::days(90)).to_string(),
        end: (today + chrono::Duration::days(94)).to_string(),
        deadline: (today + chrono::Duration::days(45)).to_string(),
        audience: Some("all_partners".into()),
        ..Default::default()
    };
    proposal_page(&state, lang, &ctx, &uri, f, None)
}

pub async fn propose(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(f): PageForm<ProposalForm>,
) -> Result<Response, AppError> {
    may_propose(&ctx)?;
    let result = async {
        let draft = f.to_api()?.draft(&state)?;
        svc::propose(&ctx, &draft).await
    }
    .await;
    match result {
        Ok(a) => Ok(Redirect::to(&format!("/activities/{}", a.id.0)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(status, proposal_page(&state, lang, &ctx, &uri, f, Some(state.refusal(lang, &e))))
        }
        Err(e) => Err(e),
    }
}

pub struct RequestLine {
    pub id: i64,
    pub nation: String,
    pub seats: u32,
    pub priority: u32,
    pub nominees: String,
    /// The programme goal it serves, if any.
    pub goal: Option<u32>,
    pub submitted: String,
    pub status: String,
    pub withdraw: bool,
}

#[derive(Template)]
#[template(path = "cooperation/activity.html")]
struct ActivityPage {
    layout: Layout,
    a: ActivityLine,
    aim: String,
    other_title: String,
    marking: String,
    frameworks: String,
    prerequisites: Vec<(i64, String)>,
    nation_cap: String,
    fee: String,
    history: Vec<(String, String, String)>,
    acts: ActivityActions,
    eligibility: Option<String>,
    requests: Vec<RequestLine>,
    seats_form: SeatsForm,
    /// Goals of the reader's nation's programme a request may serve: key, label.
    goals: Vec<(u32, String)>,
    /// The activity has begun: its page after the activity (attendance, feedback, report) exists.
    after: bool,
    error: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SeatsForm {
    #[serde(default)]
    seats: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    nominees: String,
    /// A goal key of the nation's programme, or empty.
    #[serde(default)]
    goal: String,
}

async fn activity_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    id: i64,
    seats_form: SeatsForm,
    error: Option<String>,
) -> Result<Response, AppError> {
    let a = ctx.scope.activity(id, ctx.net()).await?;
    let dl = lang.domain();
    let eligibility = svc::eligibility(ctx, &a).await?.map(|e| match e {
        Eligibility::Eligible => lang.t("activity-eligible"),
        Eligibility::Framework { on, .. } => format!("{} ({on})", lang.t("activity-not-eligible-framework")),
        Eligibility::Prerequisite { missing } => {
            format!("{} (#{})", lang.t("activity-not-eligible-prerequisite"), missing.0)
        }
    });
    let mut prerequisites = Vec::new();
    for p in &a.prerequisites {
        let title = match ctx.scope.activity(p.0, ctx.net()).await {
            Ok(x) => format!("{} — {}", x.code, x.title(dl)),
            Err(_) => format!("#{}", p.0),
        };
        prerequisites.push((p.0, title));
    }
    let stored = ctx.scope.seat_requests(Some(&[id])).await?;
    let nominees = nominees_with_completions(ctx, &stored, lang).await?;
    let requests = stored
        .iter()
        .zip(nominees)
        .map(|(r, nominees)| RequestLine {
            id: r.id.0,
            nation: super_name(ctx, r.nation.as_str(), lang),
            seats: r.seats,
            priority: r.priority,
            nominees,
            goal: r.goal,
            submitted: r.submitted_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            status: lang.t(&format!("seat-request-status-{}", r.status.as_str())),
            withdraw: r.may_withdraw(&a, &ctx.principal, ctx.now),
        })
        .collect();
    let other = if dl == entente_domain::Lang::En { entente_domain::Lang::Fr } else { entente_domain::Lang::En };
    let acts = a.allowed_actions(&ctx.principal, ctx.now, ctx.net());
    let mut goals = Vec::new();
    if acts.request_seats
        && let Some(n) = ctx.principal.nation()
        && let Some(p) = svc::programme_of(ctx, n.as_str()).await?
    {
        let agreed = p.agreed_goals();
        let mut seen = std::collections::BTreeSet::new();
        let plans = std::iter::once(&p.plan).chain(p.current().map(|v| &v.plan));
        for g in plans.flat_map(|plan| plan.goals.iter()) {
            if seen.insert(g.key) {
                let description: String = g.description.chars().take(70).collect();
                let mark = if agreed.contains(&g.key) {
                    format!(" ({})", lang.t("seat-request-goal-agreed"))
                } else {
                    String::new()
                };
                goals.push((g.key, format!("{} {} — {description}{mark}", lang.t("programme-goal"), g.key)));
            }
        }
    }
    render(&ActivityPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        aim: a.aim(dl).to_string(),
        other_title: a.title(other).to_string(),
        marking: a.marking.label_in(lang.domain()),
        frameworks: if a.frameworks.is_empty() {
            lang.t("activity-open-to-all")
        } else {
            a.frameworks.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(", ")
        },
        prerequisites,
        nation_cap: a.nation_cap.map(|c| c.to_string()).unwrap_or_else(|| lang.t("none")),
        fee: if a.fee_eur == 0 { lang.t("activity-no-fee") } else { format!("{} €", a.fee_eur) },
        history: a
            .history()
            .iter()
            .map(|h| {
                (
                    h.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    lang.t(&format!("activity-status-{}", h.status.as_str())),
                    h.note.clone(),
                )
            })
            .collect(),
        acts,
        goals,
        eligibility,
        requests,
        seats_form,
        after: matches!(
            a.status(),
            entente_domain::cooperation::ActivityStatus::Published
                | entente_domain::cooperation::ActivityStatus::Completed
        ) && ctx.now.date_naive() >= a.start,
        error,
        a: line(&a, lang, ctx.net()),
    })
}

/// Each request's nominees in order, each with the activities the providers recorded them as
/// having completed ("Nino Beridze (completed: PFP-CYB-01)").
async fn nominees_with_completions(
    ctx: &Ctx,
    requests: &[entente_domain::cooperation::SeatRequest],
    lang: Lang,
) -> Result<Vec<String>, AppError> {
    use std::collections::BTreeMap;
    let mut by_nation = BTreeMap::new();
    let mut codes: BTreeMap<i64, String> = BTreeMap::new();
    for r in requests {
        let n = r.nation.to_string();
        if by_nation.contains_key(&n) {
            continue;
        }
        let people = ctx.scope.person_completions(&n).await?;
        for id in people.values().flatten() {
            if let std::collections::btree_map::Entry::Vacant(slot) = codes.entry(id.0) {
                slot.insert(
                    ctx.scope.activity(id.0, ctx.net()).await.map_or_else(|_| format!("#{}", id.0), |a| a.code),
                );
            }
        }
        by_nation.insert(n, people);
    }
    Ok(requests
        .iter()
        .map(|r| {
            let people = by_nation.get(r.nation.as_str());
            r.nominees
                .iter()
                .map(|name| match people.and_then(|p| p.get(name)).filter(|s| !s.is_empty()) {
                    Some(done) => {
                        let list: Vec<&str> =
                            done.iter().filter_map(|id| codes.get(&id.0).map(String::as_str)).collect();
                        use fluent_templates::fluent_bundle::FluentValue;
                        lang.t_args(
                            "seat-nominee-completed",
                            &[("name", FluentValue::from(name.clone())), ("list", FluentValue::from(list.join(", ")))],
                        )
                    }
                    None => name.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect())
}

pub(super) fn super_name(ctx: &Ctx, code: &str, lang: Lang) -> String {
    code.parse()
        .ok()
        .and_then(|c| ctx.net().nation(&c).map(|n| n.name_in(lang.code()).to_string()))
        .unwrap_or_else(|| code.to_string())
}

pub async fn activity(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let form = SeatsForm { seats: "1".into(), priority: "1".into(), nominees: String::new(), goal: String::new() };
    activity_page(&state, lang, &ctx, &uri, id, form, None).await
}

#[derive(Deserialize)]
pub struct StepForm {
    step: String,
    #[serde(default)]
    reason: String,
}

pub async fn step(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StepForm>,
) -> Result<Response, AppError> {
    match svc::step(&ctx, id, &f.step, &f.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let form =
                SeatsForm { seats: "1".into(), priority: "1".into(), nominees: String::new(), goal: String::new() };
            with_status(status, activity_page(&state, lang, &ctx, &uri, id, form, Some(state.refusal(lang, &e))).await)
        }
        Err(e) => Err(e),
    }
}

pub async fn request_seats(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<SeatsForm>,
) -> Result<Response, AppError> {
    let result = async {
        let number = |name: &'static str, s: &str| {
            s.trim().parse::<u32>().map_err(|_| AppError::not_a_number("invalid", name, s))
        };
        let draft = SeatRequestDraft {
            seats: number("seats", &f.seats)?,
            priority: number("priority", &f.priority)?,
            nominees: f.nominees.lines().map(str::to_string).collect(),
            goal: match f.goal.trim() {
                "" => None,
                g => Some(g.parse::<u32>().map_err(|_| {
                    AppError::bad_request(
                        "invalid",
                        said!(
                            "err-coop-goal-value",
                            "goal: '{value}' is not a goal of your nation's programme",
                            value = g
                        ),
                    )
                })?),
            },
        };
        svc::request_seats(&ctx, id, &draft).await
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(status, activity_page(&state, lang, &ctx, &uri, id, f, Some(state.refusal(lang, &e))).await)
        }
        Err(e) => Err(e),
    }
}

pub async fn withdraw_request(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let r = svc::withdraw_request(&ctx, id).await?;
    Ok(Redirect::to(&format!("/activities/{}", r.activity.0)).into_response())
}

pub struct RunLine {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub status_code: String,
    pub activities: usize,
    pub created: String,
    pub granted: u32,
    pub asked: u32,
}

fn run_line(r: &AllocationRun, ctx: &Ctx, lang: Lang) -> RunLine {
    let lines = r.lines_for(&ctx.principal).unwrap_or_default();
    RunLine {
        id: r.id.0,
        title: r.title.clone(),
        status: lang.t(&format!("allocation-status-{}", r.status.as_str())),
        status_code: r.status.as_str().to_string(),
        activities: r.activities.len(),
        created: r.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        granted: lines.iter().map(|l| l.granted).sum(),
        asked: lines.iter().map(|l| l.asked).sum(),
    }
}

#[derive(Template)]
#[template(path = "cooperation/allocations.html")]
struct AllocationsPage {
    layout: Layout,
    runs: Vec<RunLine>,
    can_run: bool,
    title: String,
    seed: String,
    error: Option<String>,
}

async fn allocations_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    f: RunForm,
    error: Option<String>,
) -> Result<Response, AppError> {
    let runs = ctx.scope.allocations().await?;
    render(&AllocationsPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        runs: runs.iter().map(|r| run_line(r, ctx, lang)).collect(),
        can_run: ctx.principal.is_staff() && ctx.principal.can_write(),
        title: f.title,
        seed: f.seed,
        error,
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RunForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    seed: String,
}

pub async fn allocations(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let f =
        RunForm { title: format!("{} {}", lang.t("allocation-default-title"), ctx.now.date_naive()), seed: "1".into() };
    allocations_page(&state, lang, &ctx, &uri, f, None).await
}

pub async fn run_allocation(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(f): PageForm<RunForm>,
) -> Result<Response, AppError> {
    if !(ctx.principal.is_staff() && ctx.principal.can_write()) {
        return Err(AppError::Forbidden(said!(
            "err-coop-alliance-staff-run-allocation",
            "only alliance staff run the allocation"
        )));
    }
    let result = async {
        let seed = if f.seed.trim().is_empty() {
            1
        } else {
            f.seed.trim().parse::<u64>().map_err(|_| AppError::not_a_number("invalid", "seed", &f.seed))?
        };
        svc::run_allocation(&ctx, &f.title, Selection::DeadlinePassed, seed).await
    }
    .await;
    match result {
        Ok(run) => Ok(Redirect::to(&format!("/allocations/{}", run.id.0)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(status, allocations_page(&state, lang, &ctx, &uri, f, Some(state.refusal(lang, &e))).await)
        }
        Err(e) => Err(e),
    }
}

pub struct AllocLine {
    pub request: i64,
    pub nation: String,
    pub activity: i64,
    pub activity_title: String,
    pub asked: u32,
    pub granted: u32,
    pub placed: String,
    pub explanation: String,
    /// The nation's answer for its seats (its own lines of the current allocation).
    pub answer: String,
    pub can_confirm: bool,
    pub can_decline: bool,
}

/// What a delegation typed to give seats back (shown again when refused).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AnswerForm {
    /// The allocation the form was on (its page shows a refusal).
    #[serde(default)]
    allocation: String,
    /// The request answered for (set from the address).
    #[serde(default)]
    request: String,
    #[serde(default)]
    op: String,
    #[serde(default)]
    seats: String,
}

#[derive(Template)]
#[template(path = "cooperation/allocation.html")]
struct AllocationPage {
    layout: Layout,
    run: RunLine,
    lines: Vec<AllocLine>,
    staff: bool,
    can_act: bool,
    report: Vec<(String, String)>,
    baselines: Vec<(String, String, String, String)>,
    lottery: String,
    /// Whether any line may be answered for (the answer column is shown).
    answers: bool,
    form: AnswerForm,
    /// The publish form's date, as typed (shown again when refused).
    confirm_by: String,
    /// The date staff chose for the seats to be confirmed by, in words, if they chose one.
    run_confirm_by: Option<String>,
    /// The rule the allocation ran by, in words.
    rule: String,
    error: Option<String>,
}

pub async fn allocation(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    allocation_page(&state, lang, &ctx, &uri, id, AnswerForm::default(), String::new(), None).await
}

#[allow(clippy::too_many_arguments)]
async fn allocation_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    id: i64,
    form: AnswerForm,
    confirm_by: String,
    error: Option<String>,
) -> Result<Response, AppError> {
    let run = ctx.scope.allocation(id).await?;
    let dl = lang.domain();
    let mut titles = std::collections::BTreeMap::new();
    let mut activities = std::collections::BTreeMap::new();
    let filter = entente_store::cooperation::ActivityFilter {
        ids: Some(run.activities.iter().map(|a| a.0).collect()),
        ..Default::default()
    };
    for a in ctx.scope.activities(&filter, ctx.net()).await? {
        titles.insert(a.id.0, format!("{} — {}", a.code, a.title(dl)));
        activities.insert(a.id.0, a);
    }
    // The requests of the current allocation, for their answers: a nation's scope reads only its
    // own; staff read every one, to see which lines were confirmed and which released.
    let requests: std::collections::BTreeMap<i64, entente_domain::cooperation::SeatRequest> =
        if run.status == AllocationStatus::Published {
            let ids: Vec<i64> = run.activities.iter().map(|a| a.0).collect();
            ctx.scope.seat_requests(Some(&ids)).await?.into_iter().map(|r| (r.id.0, r)).collect()
        } else {
            Default::default()
        };
    let lines: Vec<AllocLine> = run
        .lines_for(&ctx.principal)
        .unwrap_or_default()
        .into_iter()
        .map(|l| {
            let mine = requests.get(&l.request.0);
            let act = activities.get(&l.activity.0);
            let (can_confirm, can_decline) = match (mine, act) {
                (Some(r), Some(a)) => (
                    r.may_confirm(l.granted, a, &ctx.principal, ctx.now),
                    r.may_decline(l.granted, a, &ctx.principal, ctx.now),
                ),
                _ => (false, false),
            };
            let answer = mine.map(|r| answer_words(r, l.granted, ctx.now.date_naive(), lang)).unwrap_or_default();
            AllocLine {
                request: l.request.0,
                nation: super_name(ctx, l.nation.as_str(), lang),
                activity: l.activity.0,
                activity_title: titles.get(&l.activity.0).cloned().unwrap_or_else(|| format!("#{}", l.activity.0)),
                asked: l.asked,
                granted: l.granted,
                placed: l.placed.join(", "),
                explanation: l.explanation(dl).to_string(),
                answer,
                can_confirm,
                can_decline,
            }
        })
        .collect();
    let staff = ctx.principal.is_staff();
    let primary = &run.report["primary"];
    let fig = |k: &str| primary.get(k).map(|v| v.to_string()).unwrap_or_default();
    let report = if staff {
        [
            "seats_offered",
            "seats_filled",
            "seats_empty",
            "seats_wasted",
            "min_fulfilment",
            "smallest_states_fulfilment",
            "gini_seats",
            "ef1_violations",
        ]
        .iter()
        .map(|k| (lang.t(&format!("allocation-report-{}", k.replace('_', "-"))), fig(k)))
        .collect()
    } else {
        Vec::new()
    };
    let baselines = if staff {
        run.report["baselines"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(name, v)| {
                        let g = |k: &str| v.get(k).map(|x| x.to_string()).unwrap_or_default();
                        (
                            lang.t(&format!("allocation-mechanism-{name}")),
                            g("seats_filled"),
                            g("smallest_states_fulfilment"),
                            g("ef1_violations"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let lottery = if staff {
        run.report["lottery"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(" · "))
            .unwrap_or_default()
    } else {
        String::new()
    };
    render(&AllocationPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        can_act: staff && ctx.principal.can_write() && run.status == AllocationStatus::Draft,
        run: run_line(&run, ctx, lang),
        answers: !requests.is_empty(),
        lines,
        staff,
        report,
        baselines,
        lottery,
        form,
        confirm_by,
        run_confirm_by: run.confirm_by.map(|d| crate::notify::long_date(d, lang)),
        rule: lang.t(&format!("allocation-mechanism-{}", run.mechanism)),
        error,
    })
}

/// A line's answer in words: confirmed (on a day), not confirmed yet with the date to confirm by
/// (in words), or past it, released, and the seats given back.
fn answer_words(
    r: &entente_domain::cooperation::SeatRequest,
    granted: u32,
    today: chrono::NaiveDate,
    lang: Lang,
) -> String {
    use entente_domain::cooperation::SeatAnswer;
    let long = |d: chrono::NaiveDate| crate::notify::long_date(d, lang);
    let mut answer = Vec::new();
    match r.answer(granted) {
        SeatAnswer::Confirmed { on } => answer.push(lang.t1("allocation-confirmed-on", "date", long(on))),
        SeatAnswer::Pending { by: Some(by) } if entente_domain::cooperation::confirm_by_passed(by, today) => {
            answer.push(lang.t1("allocation-confirm-by-passed", "date", long(by)));
        }
        SeatAnswer::Pending { by } => {
            answer.push(lang.t("allocation-unconfirmed"));
            if let Some(by) = by {
                answer.push(lang.t1("allocation-confirm-by", "date", long(by)));
            }
        }
        SeatAnswer::Released { on } => answer.push(lang.t_args(
            "allocation-released-on",
            &[("date", long(on).into()), ("by", long(r.confirm_by.unwrap_or(on)).into())],
        )),
        SeatAnswer::Declined | SeatAnswer::NoSeats => {}
    }
    if r.declined > 0 {
        answer.push(lang.t1("allocation-declined-seats", "seats", r.declined));
    }
    answer.join(" · ")
}

/// A delegation confirms its seats or gives some back; a refusal is shown on the page with what
/// was typed. After seats were given back, the new version of the allocation is shown.
pub async fn answer_seats(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(request): Path<i64>,
    PageForm(mut f): PageForm<AnswerForm>,
) -> Result<Response, AppError> {
    f.request = request.to_string();
    let result = async {
        let seats = match f.op.as_str() {
            "decline" => {
                Some(f.seats.trim().parse::<u32>().map_err(|_| AppError::not_a_number("invalid", "seats", &f.seats))?)
            }
            _ => None,
        };
        let answer = crate::api::cooperation::parse_answer(&f.op, seats)?;
        let done = svc::seats::answer(&ctx, request, answer).await?;
        svc::seats::tell(&state, &done).await;
        Ok(done)
    }
    .await;
    match result {
        Ok(done) => Ok(Redirect::to(&format!("/allocations/{}#request-{request}", done.allocation)).into_response()),
        Err(e) if shown_in_place(&e) && f.allocation.trim().parse::<i64>().is_ok() => {
            let status = e.status();
            let id = f.allocation.trim().parse::<i64>().unwrap_or_default();
            let refusal = Some(state.refusal(lang, &e));
            with_status(status, allocation_page(&state, lang, &ctx, &uri, id, f, String::new(), refusal).await)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct AllocationStepForm {
    step: String,
    /// When publishing: the date for nations to confirm their seats by (empty: the rule's).
    #[serde(default)]
    confirm_by: String,
}

/// Staff publish or discard a draft; a refused publication (a date before today) is shown again
/// on the allocation's page with what was typed.
pub async fn allocation_step(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<AllocationStepForm>,
) -> Result<Response, AppError> {
    let result = async {
        match f.step.as_str() {
            "publish" => svc::publish_allocation(&ctx, id, confirm_by_field(&f.confirm_by)?).await,
            "discard" => svc::discard_allocation(&ctx, id).await,
            other => Err(AppError::bad_request(
                "invalid_step",
                said!("err-coop-allocation-step", "step: '{value}' is not publish or discard", value = other),
            )),
        }
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/allocations/{id}")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let refusal = Some(state.refusal(lang, &e));
            let page = allocation_page(&state, lang, &ctx, &uri, id, AnswerForm::default(), f.confirm_by, refusal);
            with_status(status, page.await)
        }
        Err(e) => Err(e),
    }
}

/// The publish form's optional date (`YYYY-MM-DD`).
pub fn confirm_by_field(value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::not_a_date("invalid", "confirm_by", v))
}
