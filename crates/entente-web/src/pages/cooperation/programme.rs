//! Programme pages (ITPP): the programmes the reader may see, one partner's programme with the
//! forms the reader may use now (the partner edits the plan, the staff comment and propose, a
//! staff administrator agrees, both assess), and an agreed version with what changed. A refused
//! form comes back in place with its message and what was typed.

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use entente_domain::cooperation::{
    ActivityId, ActivityStatus, Goal, Objective, Plan, PlanChange, Programme, ProgrammeActions, Rating, Side, Support,
    area, areas, diff,
};
use serde::Deserialize;

use super::{shown_in_place, with_status};
use crate::AppState;
use crate::cooperation::programme as svc;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::access::PageForm;
use crate::pages::{Layout, render};

fn area_name(code: &str, lang: Lang) -> String {
    area(code).map(|a| a.name(lang.domain()).to_string()).unwrap_or_else(|| code.to_string())
}

// ---------- the list ----------

pub struct ProgrammeRow {
    pub nation: String,
    pub name: String,
    pub status: String,
    pub status_code: String,
    pub objectives: usize,
    pub goals: usize,
    pub agreed: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "cooperation/programmes.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ProgrammeRow>,
    can_open: bool,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    error: Option<String>,
) -> Result<Response, AppError> {
    let list = svc::list(ctx).await?;
    let mine = ctx.principal.nation().is_some_and(|n| list.iter().any(|p| &p.nation == n));
    let can_open = !mine && Programme::open(&ctx.principal, ctx.now, ctx.net()).is_ok();
    let mut rows: Vec<ProgrammeRow> = list
        .iter()
        .map(|p| ProgrammeRow {
            nation: p.nation.to_string(),
            name: super::super_name(ctx, p.nation.as_str(), lang),
            status: lang.t(&format!("programme-status-{}", p.status().as_str())),
            status_code: p.status().as_str().to_string(),
            objectives: p.plan.objectives.len(),
            goals: p.plan.goals.len(),
            agreed: p.current().map(|v| format!("{} ({})", v.number, v.at.format("%Y-%m-%d"))).unwrap_or_default(),
            updated: p.updated_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    rows.sort_by(|a, b| lang.collate(&a.name, &b.name));
    render(&ListPage { layout: Layout::new(lang, uri, None, state, &ctx.identity), rows, can_open, error })
}

pub async fn programmes(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    list_page(&state, lang, &ctx, &uri, None).await
}

#[derive(Deserialize)]
pub struct Empty {}

/// The partner's delegation opens its programme.
pub async fn open(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(_): PageForm<Empty>,
) -> Result<Response, AppError> {
    match svc::open(&ctx).await {
        Ok(p) => Ok(Redirect::to(&format!("/programmes/{}", p.nation)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(status, list_page(&state, lang, &ctx, &uri, Some(state.refusal(lang, &e))).await)
        }
        Err(e) => Err(e),
    }
}

// ---------- one programme ----------

/// Every field of the plan forms; `op` says which form was sent. Kept when refused.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    pub op: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub objective: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub year: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub proposal: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssessForm {
    #[serde(default)]
    pub cycle: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub evidence: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgreeForm {
    #[serde(default)]
    pub version: String,
}

/// What was typed in the refused form, by form.
#[derive(Debug, Clone, Default)]
enum Typed {
    #[default]
    Nothing,
    Plan(PlanForm),
    Comment(CommentForm),
    Assess(AssessForm),
}

/// The values a goal form shows.
pub struct GoalFields {
    pub objective: u32,
    pub area: String,
    pub description: String,
    pub target: String,
    pub indicator: String,
}

pub struct SupportLine {
    pub activity: i64,
    pub year: i32,
    pub label: String,
}

pub struct AssessmentLine {
    pub side: String,
    pub rating: String,
    pub rating_code: String,
    pub evidence: String,
}

pub struct GoalView {
    pub key: u32,
    pub area: String,
    pub description: String,
    pub target: String,
    pub indicator: String,
    pub supports: Vec<SupportLine>,
    /// The latest cycle's assessments.
    pub cycle: Option<i32>,
    pub assessments: Vec<AssessmentLine>,
    pub edit: GoalFields,
    /// Published activities of the goal's area the partner may plan.
    pub choices: Vec<(i64, String)>,
    pub year: String,
    pub open: bool,
}

pub struct ObjectiveView {
    pub key: u32,
    pub text: String,
    pub edit_text: String,
    pub goals: Vec<GoalView>,
}

pub struct CommentLine {
    pub at: String,
    pub by: String,
    pub goal: Option<u32>,
    pub proposal: bool,
    pub text: String,
}

#[derive(Template)]
#[template(path = "cooperation/programme.html")]
struct ProgrammePage {
    layout: Layout,
    nation: String,
    name: String,
    status: String,
    status_code: String,
    version: i64,
    objectives: Vec<ObjectiveView>,
    acts: ProgrammeActions,
    versions: Vec<(u32, String)>,
    comments: Vec<CommentLine>,
    areas: Vec<(String, String)>,
    goal_keys: Vec<(u32, String)>,
    agreed_goal_keys: Vec<(u32, String)>,
    ratings: Vec<(String, String)>,
    new_objective: String,
    new_goal: GoalFields,
    comment: CommentForm,
    assess: AssessForm,
    assess_side: String,
    error: Option<String>,
    error_at: String,
}

fn goal_fields(g: &Goal) -> GoalFields {
    GoalFields {
        objective: g.objective,
        area: g.area.clone(),
        description: g.description.clone(),
        target: g.target.to_string(),
        indicator: g.indicator.clone(),
    }
}

fn typed_goal(f: &PlanForm) -> GoalFields {
    GoalFields {
        objective: f.objective.trim().parse().unwrap_or(0),
        area: f.area.trim().to_ascii_uppercase(),
        description: f.description.clone(),
        target: f.target.clone(),
        indicator: f.indicator.clone(),
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

#[allow(clippy::too_many_arguments)]
async fn programme_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    nation: &str,
    typed: Typed,
    error: Option<String>,
) -> Result<Response, AppError> {
    let p = svc::get(ctx, nation).await?;
    let dl = lang.domain();
    let acts = p.allowed_actions(&ctx.principal);
    let this_year = ctx.now.year();
    // Activity labels for the plan, and choices by area for the partner's forms.
    let planned = entente_store::cooperation::ActivityFilter {
        ids: Some(p.plan.activities().iter().map(|a| a.0).collect()),
        ..Default::default()
    };
    let labels: std::collections::BTreeMap<ActivityId, String> = ctx
        .scope
        .activities(&planned, ctx.net())
        .await?
        .iter()
        .map(|a| (a.id, format!("{} — {}", a.code, a.title(dl))))
        .collect();
    let mut choices_by_area: std::collections::BTreeMap<String, Vec<(i64, String)>> = Default::default();
    if acts.edit {
        let filter = entente_store::cooperation::ActivityFilter {
            status: Some(ActivityStatus::Published),
            from: NaiveDate::from_ymd_opt(this_year - 1, 1, 1),
            ..Default::default()
        };
        for a in ctx.scope.activities(&filter, ctx.net()).await? {
            if !p.plan.goals.iter().any(|g| g.area == a.area) {
                continue;
            }
            let v = choices_by_area.entry(a.area.clone()).or_default();
            if v.len() < 300 {
                v.push((a.id.0, format!("{} — {} ({})", a.code, short(a.title(dl), 60), a.start)));
            }
        }
    }
    let plan_typed = match &typed {
        Typed::Plan(f) => Some(f),
        _ => None,
    };
    let typed_key = plan_typed.and_then(|f| f.key.trim().parse::<u32>().ok());
    let objectives = p
        .plan
        .objectives
        .iter()
        .map(|o| ObjectiveView {
            key: o.key,
            text: o.text.clone(),
            edit_text: match plan_typed {
                Some(f) if f.op == "edit_objective" && typed_key == Some(o.key) => f.text.clone(),
                _ => o.text.clone(),
            },
            goals: p
                .plan
                .goals
                .iter()
                .filter(|g| g.objective == o.key)
                .map(|g| {
                    let cycle = p.assessments.iter().filter(|a| a.goal == g.key).map(|a| a.cycle).max();
                    let refused_here = plan_typed.is_some_and(|_| typed_key == Some(g.key));
                    GoalView {
                        key: g.key,
                        area: area_name(&g.area, lang),
                        description: g.description.clone(),
                        target: g.target.to_string(),
                        indicator: g.indicator.clone(),
                        supports: g
                            .activities
                            .iter()
                            .map(|s| SupportLine {
                                activity: s.activity.0,
                                year: s.year,
                                label: labels.get(&s.activity).cloned().unwrap_or_else(|| format!("#{}", s.activity.0)),
                            })
                            .collect(),
                        cycle,
                        assessments: [Side::Partner, Side::Staff]
                            .into_iter()
                            .filter_map(|side| cycle.and_then(|c| p.assessment(c, g.key, side)))
                            .map(|a| AssessmentLine {
                                side: lang.t(&format!("programme-side-{}", a.side.as_str())),
                                rating: lang.t(&format!("programme-rating-{}", a.rating.as_str())),
                                rating_code: a.rating.as_str().to_string(),
                                evidence: a.evidence.clone(),
                            })
                            .collect(),
                        edit: match plan_typed {
                            Some(f) if f.op == "edit_goal" && refused_here => typed_goal(f),
                            _ => goal_fields(g),
                        },
                        choices: choices_by_area.get(&g.area).cloned().unwrap_or_default(),
                        year: match plan_typed {
                            Some(f) if f.op == "link" && refused_here => f.year.clone(),
                            _ => this_year.to_string(),
                        },
                        open: refused_here,
                    }
                })
                .collect(),
        })
        .collect();
    let new_goal = match plan_typed {
        Some(f) if f.op == "add_goal" => typed_goal(f),
        _ => GoalFields {
            objective: p.plan.objectives.last().map_or(0, |o| o.key),
            area: String::new(),
            description: String::new(),
            target: format!("{}-12-31", this_year + 2),
            indicator: String::new(),
        },
    };
    let goal_label = |g: &Goal| format!("{} {} — {}", lang.t("programme-goal"), g.key, short(&g.description, 60));
    let error_at = match &typed {
        Typed::Nothing => String::new(),
        Typed::Plan(f) => match f.key.trim() {
            "" => f.op.clone(),
            k => format!("{}-{k}", f.op),
        },
        Typed::Comment(_) => "comment".into(),
        Typed::Assess(_) => "assess".into(),
    };
    render(&ProgrammePage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        nation: p.nation.to_string(),
        name: super::super_name(ctx, p.nation.as_str(), lang),
        status: lang.t(&format!("programme-status-{}", p.status().as_str())),
        status_code: p.status().as_str().to_string(),
        version: p.version,
        objectives,
        acts,
        versions: p.agreed.iter().rev().map(|v| (v.number, v.at.format("%Y-%m-%d").to_string())).collect(),
        comments: p
            .comments
            .iter()
            .rev()
            .map(|c| CommentLine {
                at: c.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                by: match c.by.nation() {
                    Some(n) => super::super_name(ctx, n.as_str(), lang),
                    None => lang.t("affiliation-staff"),
                },
                goal: c.goal,
                proposal: c.proposal,
                text: c.text.clone(),
            })
            .collect(),
        areas: areas().iter().map(|a| (a.code.clone(), a.name(dl).to_string())).collect(),
        goal_keys: p.plan.goals.iter().map(|g| (g.key, goal_label(g))).collect(),
        agreed_goal_keys: p
            .current()
            .map(|v| v.plan.goals.iter().map(|g| (g.key, goal_label(g))).collect())
            .unwrap_or_default(),
        ratings: Rating::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), lang.t(&format!("programme-rating-{}", r.as_str()))))
            .collect(),
        new_objective: match plan_typed {
            Some(f) if f.op == "add_objective" => f.text.clone(),
            _ => String::new(),
        },
        new_goal,
        comment: match &typed {
            Typed::Comment(f) => f.clone(),
            _ => CommentForm::default(),
        },
        assess: match &typed {
            Typed::Assess(f) => f.clone(),
            _ => AssessForm { cycle: this_year.to_string(), ..Default::default() },
        },
        assess_side: acts.assess.map(|s| lang.t(&format!("programme-side-{}", s.as_str()))).unwrap_or_default(),
        error,
        error_at,
    })
}

pub async fn programme(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(nation): Path<String>,
) -> Result<Response, AppError> {
    programme_page(&state, lang, &ctx, &uri, &nation, Typed::Nothing, None).await
}

fn number<T: std::str::FromStr>(field: &'static str, s: &str) -> Result<T, AppError> {
    s.trim().parse::<T>().map_err(|_| AppError::not_a_number("invalid", field, s.trim()))
}

fn date(field: &'static str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::not_a_date("invalid", field, s.trim()))
}

fn seen(f: &str) -> Option<i64> {
    f.trim().parse().ok()
}

/// The plan a form asks for: the stored plan with one change.
fn plan_after(p: &Programme, f: &PlanForm) -> Result<Plan, AppError> {
    let mut plan = p.plan.clone();
    let key = || number::<u32>("key", &f.key);
    let goal_from = |key: u32, activities: Vec<Support>| -> Result<Goal, AppError> {
        Ok(Goal {
            key,
            objective: number("objective", &f.objective)?,
            area: f.area.clone(),
            description: f.description.clone(),
            target: date("target", &f.target)?,
            indicator: f.indicator.clone(),
            activities,
        })
    };
    let missing = || AppError::NotFound;
    match f.op.as_str() {
        "add_objective" => plan.objectives.push(Objective { key: 0, text: f.text.clone() }),
        "edit_objective" => {
            let k = key()?;
            plan.objectives.iter_mut().find(|o| o.key == k).ok_or_else(missing)?.text = f.text.clone();
        }
        "remove_objective" => {
            let k = key()?;
            if plan.goals.iter().any(|g| g.objective == k) {
                return Err(AppError::bad_request(
                    "invalid",
                    entente_domain::said!(
                        "err-coop-objective-has-goals",
                        "objective #{key} still has partnership goals; move or remove them first",
                        key = k
                    ),
                ));
            }
            plan.objectives.retain(|o| o.key != k);
        }
        "add_goal" => plan.goals.push(goal_from(0, Vec::new())?),
        "edit_goal" => {
            let k = key()?;
            let i = plan.goals.iter().position(|g| g.key == k).ok_or_else(missing)?;
            let activities = plan.goals[i].activities.clone();
            plan.goals[i] = goal_from(k, activities)?;
        }
        "remove_goal" => {
            let k = key()?;
            plan.goals.retain(|g| g.key != k);
        }
        "link" | "unlink" => {
            let k = key()?;
            let s = Support { activity: ActivityId(number("activity", &f.activity)?), year: number("year", &f.year)? };
            let g = plan.goals.iter_mut().find(|g| g.key == k).ok_or_else(missing)?;
            if f.op == "link" {
                g.activities.push(s);
            } else {
                g.activities.retain(|x| *x != s);
            }
        }
        other => {
            return Err(AppError::bad_request(
                "invalid",
                entente_domain::said!("err-coop-plan-op", "op: '{value}' is not a change of the plan", value = other),
            ));
        }
    }
    Ok(plan)
}

pub async fn edit_plan(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(nation): Path<String>,
    PageForm(f): PageForm<PlanForm>,
) -> Result<Response, AppError> {
    let result = async {
        let p = svc::get(&ctx, &nation).await?;
        let plan = plan_after(&p, &f)?;
        svc::edit(&ctx, &nation, plan, seen(&f.version)).await
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/programmes/{}", p.nation)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let msg = state.refusal(lang, &e);
            with_status(status, programme_page(&state, lang, &ctx, &uri, &nation, Typed::Plan(f), Some(msg)).await)
        }
        Err(e) => Err(e),
    }
}

pub async fn comment(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(nation): Path<String>,
    PageForm(f): PageForm<CommentForm>,
) -> Result<Response, AppError> {
    let result = async {
        let goal = match f.goal.trim() {
            "" => None,
            g => Some(number::<u32>("goal", g)?),
        };
        svc::comment(&ctx, &nation, &f.text, goal, f.proposal.is_some()).await
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/programmes/{}#comments", p.nation)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let msg = state.refusal(lang, &e);
            with_status(status, programme_page(&state, lang, &ctx, &uri, &nation, Typed::Comment(f), Some(msg)).await)
        }
        Err(e) => Err(e),
    }
}

pub async fn agree(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(nation): Path<String>,
    PageForm(f): PageForm<AgreeForm>,
) -> Result<Response, AppError> {
    match svc::agree(&ctx, &nation, seen(&f.version)).await {
        Ok(p) => Ok(Redirect::to(&format!("/programmes/{}", p.nation)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let msg = state.refusal(lang, &e);
            with_status(status, programme_page(&state, lang, &ctx, &uri, &nation, Typed::Nothing, Some(msg)).await)
        }
        Err(e) => Err(e),
    }
}

pub async fn assess(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(nation): Path<String>,
    PageForm(f): PageForm<AssessForm>,
) -> Result<Response, AppError> {
    let result = async {
        let cycle = number::<i32>("cycle", &f.cycle)?;
        let goal = number::<u32>("goal", &f.goal)?;
        let rating = svc::rating(&f.rating)?;
        svc::assess(&ctx, &nation, cycle, goal, rating, &f.evidence).await
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/programmes/{}", p.nation)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let msg = state.refusal(lang, &e);
            with_status(status, programme_page(&state, lang, &ctx, &uri, &nation, Typed::Assess(f), Some(msg)).await)
        }
        Err(e) => Err(e),
    }
}

// ---------- an agreed version ----------

/// A goal as an agreed version shows it: key, area, description, target, indicator.
type GoalRow = (u32, String, String, String, String);

pub struct ChangeLine {
    pub kind: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "cooperation/programme_version.html")]
struct VersionPage {
    layout: Layout,
    nation: String,
    name: String,
    number: u32,
    agreed: String,
    objectives: Vec<(u32, String, Vec<GoalRow>)>,
    changes: Vec<ChangeLine>,
    first: bool,
}

pub async fn version(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path((nation, number)): Path<(String, u32)>,
) -> Result<Response, AppError> {
    let p = svc::get(&ctx, &nation).await?;
    let v = p.version_number(number).ok_or(AppError::NotFound)?;
    let before = number.checked_sub(1).and_then(|n| p.version_number(n));
    let changes = before.map(|b| diff(&b.plan, &v.plan)).unwrap_or_default();
    let field = |f: &str| lang.t(&format!("programme-field-{f}"));
    let changes = changes
        .iter()
        .map(|c| match c {
            PlanChange::ObjectiveAdded { key, text } => {
                ChangeLine { kind: lang.t("programme-change-objective-added"), what: format!("{key}: {text}") }
            }
            PlanChange::ObjectiveRemoved { key, text } => {
                ChangeLine { kind: lang.t("programme-change-objective-removed"), what: format!("{key}: {text}") }
            }
            PlanChange::ObjectiveChanged { key, before, after } => ChangeLine {
                kind: lang.t("programme-change-objective-changed"),
                what: format!("{key}: {before} → {after}"),
            },
            PlanChange::GoalAdded { key, description } => {
                ChangeLine { kind: lang.t("programme-change-goal-added"), what: format!("{key}: {description}") }
            }
            PlanChange::GoalRemoved { key, description } => {
                ChangeLine { kind: lang.t("programme-change-goal-removed"), what: format!("{key}: {description}") }
            }
            PlanChange::GoalChanged { key, description, fields } => ChangeLine {
                kind: lang.t("programme-change-goal-changed"),
                what: format!(
                    "{key}: {description} ({})",
                    fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(", ")
                ),
            },
        })
        .collect();
    let objectives = v
        .plan
        .objectives
        .iter()
        .map(|o| {
            (
                o.key,
                o.text.clone(),
                v.plan
                    .goals
                    .iter()
                    .filter(|g| g.objective == o.key)
                    .map(|g| {
                        (
                            g.key,
                            area_name(&g.area, lang),
                            g.description.clone(),
                            g.target.to_string(),
                            g.indicator.clone(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    render(&VersionPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        nation: p.nation.to_string(),
        name: super::super_name(&ctx, p.nation.as_str(), lang),
        number,
        agreed: v.at.format("%Y-%m-%d").to_string(),
        objectives,
        changes,
        first: before.is_none(),
    })
}
