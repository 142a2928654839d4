//! The page after an activity: the roster with attendance and completion (a form for the
//! provider and staff), the feedback of the nations whose participants attended (a form for
//! them), and the after-action report. A refused form comes back in place with what was typed.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use entente_domain::cooperation::after::FeedbackDraft;
use serde::Deserialize;

use super::{shown_in_place, super_name, with_status};
use crate::AppState;
use crate::cooperation::after::{self as svc, AttendanceInput};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::access::PageForm;
use crate::pages::{Layout, render};

/// One roster line as the page shows it.
struct RosterLine {
    nation: String,
    nation_name: String,
    name: String,
    attended: bool,
    completed: bool,
    recorded: bool,
}

struct FeedbackLine {
    nation: String,
    ratings: [u8; 3],
    comment: String,
    given: String,
}

#[derive(Template)]
#[template(path = "cooperation/after.html")]
struct AfterPage {
    layout: Layout,
    id: i64,
    title: String,
    roster: Vec<RosterLine>,
    can_record: bool,
    can_give: bool,
    can_write: bool,
    feedback: Vec<FeedbackLine>,
    /// Mean relevance, quality, organisation (formatted) and how many gave feedback.
    means: Option<([String; 3], usize)>,
    fb: FeedbackDraft,
    report: Option<(String, String)>,
    report_text: String,
    report_version: i64,
    error: Option<String>,
}

/// What a refused form carried, shown again.
#[derive(Default)]
struct Typed {
    attendance: Option<Vec<AttendanceInput>>,
    feedback: Option<FeedbackDraft>,
    report: Option<String>,
}

async fn page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    id: i64,
    typed: Typed,
    error: Option<String>,
) -> Result<Response, AppError> {
    let v = svc::view(ctx, id).await?;
    let dl = lang.domain();
    let roster =
        v.record
            .roster
            .iter()
            .map(|p| {
                let recorded = v.record.attendance.iter().find(|r| r.participant == *p);
                let typed = typed.attendance.as_ref().and_then(|t| {
                    t.iter().find(|x| x.nation.eq_ignore_ascii_case(p.nation.as_str()) && x.name == p.name)
                });
                RosterLine {
                    nation: p.nation.to_string(),
                    nation_name: super_name(ctx, p.nation.as_str(), lang),
                    name: p.name.clone(),
                    attended: typed.map_or_else(|| recorded.is_some_and(|r| r.attended), |t| t.attended),
                    completed: typed.map_or_else(|| recorded.is_some_and(|r| r.completed), |t| t.completed),
                    recorded: recorded.is_some(),
                }
            })
            .collect();
    let mine = ctx.principal.nation().and_then(|n| v.record.feedback.iter().find(|f| &f.nation == n));
    let fb = typed.feedback.unwrap_or_else(|| match mine {
        Some(f) => FeedbackDraft {
            relevance: f.relevance.to_string(),
            quality: f.quality.to_string(),
            organisation: f.organisation.to_string(),
            comment: f.comment.clone(),
        },
        None => FeedbackDraft::default(),
    });
    let layout = Layout::new(lang, uri, None, state, &ctx.identity);
    let means = v.means.map(|(m, n)| (m.map(|x| crate::chart::number(x, 1, lang)), n));
    let feedback = v
        .record
        .feedback
        .iter()
        .map(|f| FeedbackLine {
            nation: super_name(ctx, f.nation.as_str(), lang),
            ratings: [f.relevance, f.quality, f.organisation],
            comment: f.comment.clone(),
            given: f.given_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let report = v.record.report.as_ref().map(|r| (r.body.clone(), r.written_at.format("%Y-%m-%d").to_string()));
    let report_text =
        typed.report.unwrap_or_else(|| v.record.report.as_ref().map(|r| r.body.clone()).unwrap_or_default());
    render(&AfterPage {
        layout,
        id,
        title: format!("{} — {}", v.activity.code, v.activity.title(dl)),
        roster,
        can_record: v.actions.record_attendance,
        can_give: v.actions.give_feedback,
        can_write: v.actions.write_report,
        feedback,
        means,
        fb,
        report,
        report_text,
        report_version: v.record.report_version,
        error,
    })
}

pub async fn after(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    page(&state, lang, &ctx, &uri, id, Typed::default(), None).await
}

async fn done_or_in_place(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    id: i64,
    result: Result<(), AppError>,
    typed: Typed,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}/after")).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(status, page(state, lang, ctx, uri, id, typed, Some(state.refusal(lang, &e))).await)
        }
        Err(e) => Err(e),
    }
}

/// The attendance form: `p{i}_nation`, `p{i}_name`, and `p{i}_attended` / `p{i}_completed` when
/// ticked, for i = 0, 1, …
pub async fn attendance(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let mut input = Vec::new();
    for i in 0.. {
        let (Some(nation), Some(name)) = (f.get(&format!("p{i}_nation")), f.get(&format!("p{i}_name"))) else { break };
        input.push(AttendanceInput {
            nation: nation.clone(),
            name: name.clone(),
            attended: f.contains_key(&format!("p{i}_attended")),
            completed: f.contains_key(&format!("p{i}_completed")),
        });
    }
    let result = svc::record_attendance(&ctx, id, &input).await;
    done_or_in_place(&state, lang, &ctx, &uri, id, result, Typed { attendance: Some(input), ..Typed::default() }).await
}

#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    relevance: String,
    #[serde(default)]
    quality: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    comment: String,
}

pub async fn feedback(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<FeedbackForm>,
) -> Result<Response, AppError> {
    let draft =
        FeedbackDraft { relevance: f.relevance, quality: f.quality, organisation: f.organisation, comment: f.comment };
    let result = svc::give_feedback(&state, &ctx, id, &draft).await.map(|_| ());
    done_or_in_place(&state, lang, &ctx, &uri, id, result, Typed { feedback: Some(draft), ..Typed::default() }).await
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    report: String,
    #[serde(default)]
    version: String,
}

pub async fn report(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ReportForm>,
) -> Result<Response, AppError> {
    let result = match f.version.trim().parse::<i64>() {
        Ok(v) if v >= 0 => svc::write_report(&ctx, id, &f.report, v).await.map(|_| ()),
        _ => Err(AppError::bad_request(
            "invalid",
            entente_domain::said!("err-version-value", "version: '{value}' is not a version", value = f.version.trim()),
        )),
    };
    done_or_in_place(&state, lang, &ctx, &uri, id, result, Typed { report: Some(f.report), ..Typed::default() }).await
}
