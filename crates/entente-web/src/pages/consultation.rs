//! Consultation pages: meetings (format, agenda, documents and statements, summary record under
//! silence procedure, decisions, actions, scheduling polls), consultation requests, and the
//! actions a delegation owes.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, OriginalUri, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use entente_domain::access::Principal;
use entente_domain::consultation::{
    Answer, ConsultationError, ConsultationRequest, Lang as DLang, Meeting, SilenceState, TimeZoneName, is_overdue,
    participants, visible_results, visible_versions,
};
use entente_domain::consultation::{
    ItemActions, MeetingActions, PaperDraft, PaperKind, PollActions, RecordActions, RequestActions,
};
use entente_domain::registry::Network;
use entente_domain::said;
use entente_store::consultation::MeetingFilter;
use serde::Deserialize;

use super::access::PageForm;
use super::{Layout, Refused, Typed, render, shown_in_place, with_status};
use crate::AppState;
use crate::consultation::{self as svc, Ctx};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Q;

fn dlang(lang: Lang) -> DLang {
    if lang == Lang::Fr { DLang::Fr } else { DLang::En }
}

fn name_of(net: &Network, code: &str, lang: Lang) -> String {
    code.parse()
        .ok()
        .and_then(|c| net.nation(&c))
        .map_or_else(|| code.to_string(), |n| n.name_in(lang.code()).to_string())
}

fn when(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// One line of a meetings list.
pub struct MeetingLine {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub status: String,
    pub status_code: String,
    pub level: String,
    pub seats: usize,
    /// What its format is called.
    pub format: String,
}

fn line(m: &Meeting, ctx: &Ctx, lang: Lang) -> MeetingLine {
    let net = ctx.net();
    MeetingLine {
        title: m.title_in(lang.domain(), net),
        format: svc::format_name(&m.format, m.time_zone.local(m.start).date_naive(), ctx, lang),
        id: m.id.0,
        when: m.time_zone.show(m.start),
        status: m.status().label(dlang(lang)).to_string(),
        status_code: m.status().as_str().to_string(),
        level: m.level.label(dlang(lang)).to_string(),
        seats: participants(m, net).seats.len(),
    }
}

#[derive(Template)]
#[template(path = "consultation/meetings.html")]
struct MeetingsPage {
    layout: Layout,
    upcoming: Vec<MeetingLine>,
    past: Vec<MeetingLine>,
    can_plan: bool,
}

pub async fn meetings(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let now = Utc::now();
    let upcoming =
        ctx.scope.meetings(&MeetingFilter { not_ended_at: Some(now), limit: 100, ..Default::default() }).await?;
    let past = ctx
        .scope
        .meetings(&MeetingFilter { ended_by: Some(now), limit: 100, descending: true, ..Default::default() })
        .await?;
    render(&MeetingsPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        upcoming: upcoming.iter().map(|m| line(m, &ctx, lang)).collect(),
        past: past.iter().map(|m| line(m, &ctx, lang)).collect(),
        can_plan: ctx.principal.is_staff() && ctx.principal.can_write(),
    })
}

#[derive(Template)]
#[template(path = "consultation/meeting_new.html")]
struct NewMeetingPage {
    layout: Layout,
    formats: Vec<(String, String)>,
    /// Why the form was refused, shown above it.
    error: Option<String>,
    /// What was typed (a blank form: the defaults).
    form: MeetingForm,
    /// The time zones offered as one types.
    zones: Vec<&'static str>,
}

fn format_choices(ctx: &Ctx, lang: Lang) -> Vec<(String, String)> {
    ctx.registry.formats.iter().map(|f| (f.slug.clone(), f.name_in(lang.code()).to_string())).collect()
}

fn staff_writer(p: &Principal) -> Result<(), AppError> {
    if p.is_staff() && p.can_write() {
        Ok(())
    } else {
        Err(AppError::Forbidden(said!("err-alliance-staff-plan-meetings", "only alliance staff plan meetings")))
    }
}

pub async fn new_meeting(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    staff_writer(&ctx.principal)?;
    render(&NewMeetingPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        formats: format_choices(&ctx, lang),
        error: None,
        form: MeetingForm::default(),
        zones: TimeZoneName::all().collect(),
    })
}

#[derive(Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    level: String,
    /// A named format's slug, or empty to use the fields below.
    format: Option<String>,
    allies: Option<String>,
    frameworks: Option<String>,
    partners: Option<String>,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    time_zone: Option<String>,
    venue: Option<String>,
    online: Option<String>,
}

impl Default for MeetingForm {
    /// A blank form: allies seated, at the headquarters, on its clocks.
    fn default() -> Self {
        MeetingForm {
            title: String::new(),
            level: "ambassadors".into(),
            format: None,
            allies: Some("1".into()),
            frameworks: None,
            partners: None,
            start: String::new(),
            end: String::new(),
            time_zone: Some(svc::headquarters_zone().to_string()),
            venue: Some("NATO Headquarters, Brussels".into()),
            online: None,
        }
    }
}

pub async fn create_meeting(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(f): PageForm<MeetingForm>,
) -> Result<Response, AppError> {
    match plan_from_form(&state, &ctx, &f).await {
        Ok(m) => Ok(Redirect::to(&format!("/meetings/{}", m.id.0)).into_response()),
        // Refused: the form again, in place, with the message and what was typed.
        Err(AppError::BadRequest { message, .. }) => {
            let mut r = render(&NewMeetingPage {
                layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
                formats: format_choices(&ctx, lang),
                error: Some(state.say(lang, &message)),
                form: f,
                zones: TimeZoneName::all().collect(),
            })?;
            *r.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(r)
        }
        Err(e) => Err(e),
    }
}

async fn plan_from_form(state: &AppState, ctx: &Ctx, f: &MeetingForm) -> Result<Meeting, AppError> {
    let zone: TimeZoneName = match f.time_zone.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(typed) => typed.parse().map_err(|e: ConsultationError| AppError::bad_request("invalid", e.said()))?,
        None => svc::headquarters_zone(),
    };
    let start = svc::parse_local_time("start", &f.start, &zone)?;
    let format = match f.format.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => {
            let named = ctx.registry.format(slug).cloned().ok_or_else(|| {
                AppError::bad_request("invalid_format", said!("err-no-format", "no format '{name}'", name = slug))
            })?;
            // A council meets only while it exists (on its own clocks' date).
            named
                .check_in_force(zone.local(start).date_naive())
                .map_err(|e| AppError::bad_request("invalid_format", e.said()))?;
            named.spec
        }
        None => svc::parse_format(
            f.partners.as_deref().unwrap_or(""),
            f.frameworks.as_deref().unwrap_or(""),
            f.allies.is_some(),
        )?,
    };

    let venue_text = f.venue.clone().unwrap_or_default();
    let venue = if f.online.is_some() {
        entente_domain::consultation::Venue::Online { platform: venue_text }
    } else {
        entente_domain::consultation::Venue::Place { name: venue_text }
    };
    svc::plan_meeting(
        state,
        ctx,
        svc::PlanForm {
            title: f.title.clone(),
            level: f.level.clone(),
            format,
            start,
            end: svc::parse_local_time("end", &f.end, &zone)?,
            time_zone: zone.to_string(),
            venue,
            request: None,
        },
    )
    .await
}

pub struct SeatLine {
    pub code: String,
    pub name: String,
    pub basis: String,
}

pub struct ItemLine {
    pub id: i64,
    pub position: Option<u32>,
    pub title: String,
    pub description: String,
    pub status: String,
    pub proposer: String,
    pub marking: String,
    /// What the reader may do to it now.
    pub acts: ItemActions,
}

pub struct PaperLine {
    /// What the reader may do to it now (its author, before the meeting).
    pub acts: entente_domain::consultation::PaperActions,
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub file: Option<String>,
    pub author: String,
    pub marking: String,
    pub size_kb: i64,
}

pub struct VersionLine {
    pub number: u32,
    pub text: String,
    pub circulated: Option<String>,
}

pub struct DecisionLine {
    pub id: i64,
    pub text: String,
    pub positions: Vec<(String, String)>,
    pub marking: String,
    /// The partners whose position the reader may state now (code, name): staff any seated
    /// partner, a partner's delegation itself; empty when the form is not offered.
    pub setters: Vec<(String, String)>,
    /// The position stated so far by the first of them (the form shows it chosen).
    pub current: String,
    /// Whether the reader may correct its text now (staff, until the meeting closes).
    pub correctable: bool,
    /// Its corrections: when, why, and the text each replaced.
    pub revisions: Vec<(String, String, String)>,
}

pub struct ActionLine {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub status_code: String,
    pub overdue: bool,
    /// The statuses the reader may move it to now (code, label).
    pub updates: Vec<(String, String)>,
    /// Whether the reader may correct it now (staff, while it is pending), and its owner's code.
    pub correctable: bool,
    pub owner_code: String,
    /// Its corrections: when, why, and what each replaced (title, owner, due).
    pub revisions: Vec<(String, String, String)>,
}

pub struct PollLine {
    pub id: i64,
    pub title: String,
    pub closed: bool,
    pub options: Vec<(u32, String, Option<String>)>,
    pub winner: Option<String>,
    pub results_hidden: bool,
    pub acts: PollActions,
}

#[derive(Template)]
#[template(path = "consultation/meeting.html")]
struct MeetingPage {
    layout: Layout,
    m: Meeting,
    /// Its title in the reader's language (a generated title follows the language).
    title: String,
    status: String,
    status_code: String,
    level: String,
    venue: String,
    /// What the format is called ("NATO-Ukraine Council", "Allies + Malta").
    format_name: String,
    /// The allies seated (shown as one line, unfolded on demand) and the partners, by name.
    allies: Vec<SeatLine>,
    seats: Vec<SeatLine>,
    excluded: Vec<String>,
    agenda: Vec<ItemLine>,
    pending: Vec<ItemLine>,
    papers: Vec<PaperLine>,
    record_state: Option<String>,
    record_deadline: Option<String>,
    versions: Vec<VersionLine>,
    breaks: Vec<(String, String, String)>,
    decisions: Vec<DecisionLine>,
    actions: Vec<ActionLine>,
    polls: Vec<PollLine>,
    /// What the reader may do to the meeting and inside it now (the domain's answer).
    acts: MeetingActions,
    record_acts: RecordActions,
    /// The statuses the meeting may move to now (code, label).
    next_statuses: Vec<(String, String)>,
    /// Seated nations (code, name), for the owner of a new action.
    owners: Vec<(String, String)>,
    request: Option<i64>,
    csrf_q: String,
    /// The form just refused, shown again open with its message and what was typed.
    refused: Refused,
    /// Its message shown at the top instead: the form is no longer offered.
    refused_at_top: bool,
}

pub async fn meeting(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
) -> Result<Response, AppError> {
    meeting_page(&state, lang, &ctx, meeting_id, Refused::default()).await
}

/// The meeting page; `refused` is the form on it just refused (opened, with its message and what
/// was typed), if any.
async fn meeting_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    meeting_id: i64,
    refused: Refused,
) -> Result<Response, AppError> {
    let uri: axum::http::Uri = format!("/meetings/{meeting_id}").parse().map_err(|_| AppError::NotFound)?;
    let m = ctx.meeting(meeting_id).await?;
    let dl = dlang(lang);
    let r = participants(&m, ctx.net());
    let format_name = svc::format_name(&m.format, m.time_zone.local(m.start).date_naive(), ctx, lang);
    // Allies as one line (their list folded), partners by name as the reader's language sorts them.
    let (ally_seats, partner_seats): (Vec<_>, Vec<_>) =
        r.seats.iter().partition(|s| matches!(s.basis, entente_domain::registry::Basis::Ally));
    let by_name = |a: &SeatLine, b: &SeatLine| lang.collate(&a.name, &b.name);
    let mut allies: Vec<SeatLine> = ally_seats
        .iter()
        .map(|s| SeatLine {
            code: s.nation.to_string(),
            name: name_of(ctx.net(), s.nation.as_str(), lang),
            basis: String::new(),
        })
        .collect();
    allies.sort_by(by_name);
    let mut seats: Vec<SeatLine> = partner_seats
        .iter()
        .map(|s| SeatLine {
            code: s.nation.to_string(),
            name: name_of(ctx.net(), s.nation.as_str(), lang),
            basis: match &s.basis {
                entente_domain::registry::Basis::Ally => lang.t("col-allies"),
                entente_domain::registry::Basis::Framework(f) => lang.t1("basis-framework", "framework", f.to_string()),
                entente_domain::registry::Basis::Invited => lang.t("basis-invited"),
            },
        })
        .collect();
    seats.sort_by(by_name);
    let excluded = r.excluded.iter().map(|e| name_of(ctx.net(), e.nation.as_str(), lang)).collect();
    let items = ctx.scope.agenda(&m, ctx.net()).await?;
    // The whole agenda, for the rules (numbering needs every item); only visible items are shown.
    let whole = ctx.scope.agenda_for_change(&m, None, ctx.net()).await?;
    let item_line = |i: &entente_domain::consultation::AgendaItem| ItemLine {
        acts: whole.allowed_actions(i.id, &ctx.principal, ctx.now, &m),
        id: i.id.0,
        position: i.position,
        title: i.title.clone(),
        description: i.description.clone(),
        status: i.status().as_str().to_string(),
        proposer: i
            .proposer_nation()
            .map_or_else(|| lang.t("affiliation-staff"), |n| name_of(ctx.net(), n.as_str(), lang)),
        marking: i.marking.label_in(lang.domain()),
    };
    let mut agenda: Vec<ItemLine> = items.iter().filter(|i| i.position.is_some()).map(item_line).collect();
    agenda.sort_by_key(|i| i.position);
    let pending: Vec<ItemLine> = items
        .iter()
        .filter(|i| i.status() == entente_domain::consultation::AgendaStatus::Proposed)
        .map(item_line)
        .collect();
    let papers: Vec<PaperLine> = ctx
        .scope
        .papers(&m, ctx.net())
        .await?
        .into_iter()
        .map(|x| PaperLine {
            acts: x.allowed_actions(&ctx.principal, ctx.now, &m),
            id: x.id,
            kind: x.kind.as_str().to_string(),
            title: x.title,
            body: x.body,
            size_kb: (x.file.as_ref().map_or(0, |f| f.size_bytes) + 1023) / 1024,
            file: x.file.map(|f| f.name),
            author: x
                .author_nation
                .as_ref()
                .map_or_else(|| lang.t("affiliation-staff"), |n| name_of(ctx.net(), n.as_str(), lang)),
            marking: x.marking.label_in(lang.domain()),
        })
        .collect();
    // Times of the meeting's own business read on its clocks.
    let zone = m.time_zone.clone();
    let at = move |t: chrono::DateTime<Utc>| zone.show(t);
    let record = ctx.scope.record(&m, ctx.net()).await?;
    let acts = m.allowed_actions(&ctx.principal, ctx.now, record.as_ref(), ctx.net());
    let record_acts =
        record.as_ref().map(|r| r.allowed_actions(&ctx.principal, ctx.now, &m, ctx.net())).unwrap_or_default();
    let (record_state, record_deadline, versions, breaks) = match &record {
        None => (None, None, Vec::new(), Vec::new()),
        Some(rec) => {
            let state_now = rec.state_at(ctx.now);
            let deadline = match &state_now {
                SilenceState::Circulating { deadline, .. } | SilenceState::Broken { deadline, .. } => {
                    Some(at(*deadline))
                }
                _ => None,
            };
            let versions = visible_versions(ctx.viewer(), rec, &m, ctx.net())
                .into_iter()
                .map(|v| VersionLine {
                    number: v.number,
                    text: v.text.clone(),
                    circulated: v.circulation.as_ref().map(|c| format!("{} → {}", at(c.at), at(c.deadline))),
                })
                .collect();
            let breaks = rec
                .breaks()
                .iter()
                .map(|b| (name_of(ctx.net(), b.nation.as_str(), lang), at(b.at), b.comment.clone()))
                .collect();
            (Some(state_now.as_str().to_string()), deadline, versions, breaks)
        }
    };
    let decisions: Vec<DecisionLine> = ctx
        .scope
        .decisions(&m, ctx.net())
        .await?
        .iter()
        .map(|d| {
            let stated = d.positions(&m, ctx.net());
            let setters = d.position_setters(&ctx.principal, &m, ctx.net());
            DecisionLine {
                correctable: d.may_correct(&ctx.principal, ctx.now, &m),
                revisions: d.revisions().iter().map(|r| (at(r.at), r.reason.clone(), r.replaced.clone())).collect(),
                id: d.id.0,
                text: d.text.clone(),
                current: setters
                    .first()
                    .and_then(|s| stated.iter().find(|(n, _)| n == s))
                    .map_or("", |(_, pos)| pos.as_str())
                    .to_string(),
                positions: stated
                    .iter()
                    .map(|(n, pos)| (name_of(ctx.net(), n.as_str(), lang), pos.label(dl).to_string()))
                    .collect(),
                marking: d.marking.label_in(lang.domain()),
                setters: setters.into_iter().map(|n| (n.to_string(), name_of(ctx.net(), n.as_str(), lang))).collect(),
            }
        })
        .collect();
    let today = ctx.now.date_naive();
    let actions: Vec<ActionLine> = ctx
        .scope
        .actions(&m, ctx.net())
        .await?
        .iter()
        .map(|a| ActionLine {
            correctable: a.may_correct(&ctx.principal, ctx.now, &m, ctx.net()),
            owner_code: a.owner.to_string(),
            revisions: a
                .revisions()
                .iter()
                .map(|r| {
                    let was = format!("{} — {} — {}", r.title, name_of(ctx.net(), r.owner.as_str(), lang), r.due);
                    (at(r.at), r.reason.clone(), was)
                })
                .collect(),
            id: a.id.0,
            title: a.title.clone(),
            owner: name_of(ctx.net(), a.owner.as_str(), lang),
            due: a.due.to_string(),
            status: a.status().label(dl).to_string(),
            status_code: a.status().as_str().to_string(),
            overdue: is_overdue(a, today),
            updates: a
                .allowed_updates(&ctx.principal, ctx.now)
                .into_iter()
                .map(|s| (s.as_str().to_string(), s.label(dl).to_string()))
                .collect(),
        })
        .collect();
    let polls = ctx
        .scope
        .polls(&m, ctx.net())
        .await?
        .iter()
        .map(|poll| {
            let results = visible_results(poll, ctx.viewer(), ctx.now, &m, ctx.net());
            let options = poll
                .options
                .iter()
                .map(|o| {
                    let tally = results
                        .as_ref()
                        .and_then(|r| r.tallies.iter().find(|t| t.option.number == o.number))
                        .map(|t| format!("{} / {} / {}", t.yes, t.if_need_be, t.no));
                    (o.number, at(o.start), tally)
                })
                .collect();
            PollLine {
                id: poll.id.0,
                title: poll.title.clone(),
                closed: poll.is_closed(ctx.now),
                options,
                winner: results.as_ref().and_then(|r| r.winner.map(|w| at(w.start))),
                results_hidden: results.is_none(),
                acts: poll.allowed_actions(&ctx.principal, ctx.now, &m, ctx.net()),
            }
        })
        .collect();
    let next_statuses: Vec<(String, String)> =
        acts.advance.iter().map(|s| (s.as_str().to_string(), s.label(dl).to_string())).collect();
    let owners = r.seats.iter().map(|s| (s.nation.to_string(), name_of(ctx.net(), s.nation.as_str(), lang))).collect();
    // A form refused because the meeting moved on since the page was read may no longer be
    // offered: its message then goes to the top of the page.
    let offered = |form: &str| -> bool {
        let id_of = |prefix: &str| form.strip_prefix(prefix).and_then(|r| r.split('-').next()?.parse::<i64>().ok());
        match form {
            "" => true,
            "status" => !next_statuses.is_empty(),
            "agenda" => acts.propose_item,
            "statement" | "document" => acts.add_paper,
            "record" => acts.start_record || record_acts.draft,
            "circulate" => record_acts.circulate.is_some(),
            "break" => record_acts.break_silence.is_some(),
            "decision" => acts.record_decision,
            "action" => acts.assign_action,
            "poll" => acts.open_poll,
            _ if form.starts_with("item-") => {
                let decision = form.rsplit('-').next().unwrap_or("");
                pending.iter().any(|i| {
                    Some(i.id) == id_of("item-")
                        && match decision {
                            "accept" => i.acts.accept,
                            "reject" => i.acts.reject,
                            _ => i.acts.withdraw,
                        }
                })
            }
            _ if form.starts_with("paper-") => {
                papers.iter().any(|x: &PaperLine| Some(x.id) == id_of("paper-") && (x.acts.edit || x.acts.withdraw))
            }
            _ if form.starts_with("edit-") => {
                agenda.iter().chain(pending.iter()).any(|i| Some(i.id) == id_of("edit-") && i.acts.edit)
            }
            _ if form.starts_with("correct-") => {
                decisions.iter().any(|d: &DecisionLine| Some(d.id) == id_of("correct-") && d.correctable)
            }
            _ if form.starts_with("fix-") => {
                actions.iter().any(|a: &ActionLine| Some(a.id) == id_of("fix-") && a.correctable)
            }
            _ if form.starts_with("position-") => {
                decisions.iter().any(|d: &DecisionLine| Some(d.id) == id_of("position-") && !d.setters.is_empty())
            }
            _ if form.starts_with("action-") => {
                actions.iter().any(|a: &ActionLine| Some(a.id) == id_of("action-") && !a.updates.is_empty())
            }
            _ => form.starts_with("vote-") || form.starts_with("close-"),
        }
    };
    let refused_at_top = !offered(&refused.form);
    let layout = Layout::new(lang, &uri, None, state, &ctx.identity);
    let csrf_q = layout.csrf.clone();
    render(&MeetingPage {
        title: m.title_in(lang.domain(), ctx.net()),
        format_name,
        allies,
        refused_at_top,
        refused,
        acts,
        record_acts,
        owners,
        status: m.status().label(dl).to_string(),
        status_code: m.status().as_str().to_string(),
        level: m.level.label(dl).to_string(),
        venue: m.venue.label(dl),
        request: m.request.map(|r| r.0),
        m,
        seats,
        excluded,
        agenda,
        pending,
        papers,
        record_state,
        record_deadline,
        versions,
        breaks,
        decisions,
        actions,
        polls,
        next_statuses,
        csrf_q,
        layout,
    })
}

fn back(meeting_id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/meetings/{meeting_id}#{anchor}")).into_response()
}

/// The answer to a form on the meeting page: done, back to its section (post/redirect/get, with
/// the one-time notice); refused, the meeting page again with that form open, its message and what
/// was typed (400, or 409 when the meeting changed under it); anything else, the error page.
async fn done_or_in_place<T>(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    meeting_id: i64,
    (form, anchor): (String, &str),
    typed: Typed,
    result: Result<T, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(back(meeting_id, anchor)),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(
                status,
                meeting_page(state, lang, ctx, meeting_id, Refused::new(form, state.refusal(lang, &e), typed)).await,
            )
        }
        Err(e) => Err(e),
    }
}

/// The same for a form on the meeting page whose route names an item in the meeting (a paper, a
/// decision, an action, a poll): the service returns the meeting on success, so the item's
/// meeting is looked up (`meeting`) only when the form is refused and the page must be shown.
async fn item_done_or_in_place(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    meeting: impl std::future::Future<Output = Result<i64, AppError>>,
    (form, anchor): (String, &str),
    typed: Typed,
    result: Result<i64, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(meeting_id) => Ok(back(meeting_id, anchor)),
        Err(e) if shown_in_place(&e) => {
            let meeting_id = meeting.await?;
            done_or_in_place::<()>(state, lang, ctx, meeting_id, (form, anchor), typed, Err(e)).await
        }
        Err(e) => Err(e),
    }
}

/// [`item_done_or_in_place`] around a form's body: `$meeting` finds the item's meeting.
macro_rules! on_item_page {
    ($state:expr, $lang:expr, $ctx:expr, $meeting:expr, $form:expr, $anchor:expr, $typed:expr, $body:expr) => {{
        let typed: Typed = $typed;
        let result: Result<i64, AppError> = async { $body }.await;
        item_done_or_in_place(&$state, $lang, &$ctx, async { $meeting }, ($form.into(), $anchor), typed, result).await
    }};
}

/// The same for a form on the meeting page whose route names the meeting.
macro_rules! on_meeting_page {
    ($state:expr, $lang:expr, $ctx:expr, $meeting:expr, $form:expr, $anchor:expr, $typed:expr, $body:expr) => {{
        let typed: Typed = $typed;
        let result: Result<_, AppError> = async { $body }.await;
        done_or_in_place(&$state, $lang, &$ctx, $meeting, ($form.into(), $anchor), typed, result).await
    }};
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
    note: Option<String>,
}

pub async fn meeting_status(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "status", "status", typed.clone(), {
        let f: StatusForm = typed.read()?;
        svc::advance_meeting(&state, &ctx, meeting_id, &f.status, f.note.as_deref().unwrap_or("")).await
    })
}

/// A text with its marking, as the forum's forms send it.
#[derive(Deserialize)]
pub struct MarkedText {
    title: Option<String>,
    text: Option<String>,
    description: Option<String>,
    classification: Option<String>,
    audience: Option<String>,
    codes: Option<String>,
}

impl MarkedText {
    fn release(
        &self,
        state: &AppState,
        default_audience: &str,
    ) -> Result<entente_domain::consultation::Release, AppError> {
        let audience = svc::audience(
            self.audience.as_deref().filter(|a| !a.is_empty()).unwrap_or(default_audience),
            self.codes.as_deref().unwrap_or(""),
        )?;
        svc::release(
            state,
            self.classification.as_deref().filter(|c| !c.is_empty()).unwrap_or("NATO UNCLASSIFIED"),
            audience,
        )
    }
}

pub async fn propose_item(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "agenda", "agenda", typed.clone(), {
        let f: MarkedText = typed.read()?;
        let release = f.release(&state, "all_partners")?;
        svc::propose_item(
            &state,
            &ctx,
            meeting_id,
            f.title.as_deref().unwrap_or(""),
            f.description.as_deref().unwrap_or(""),
            release,
        )
        .await
    })
}

#[derive(Deserialize)]
pub struct ItemDecision {
    decision: String,
    reason: Option<String>,
}

pub async fn decide_item(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path((meeting_id, item)): Path<(i64, i64)>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    // Each decision (accept, reject, withdraw) is a form of its own on the item.
    let form = format!("item-{item}-{}", typed.get("decision"));
    on_meeting_page!(state, lang, ctx, meeting_id, form, "agenda", typed.clone(), {
        let f: ItemDecision = typed.read()?;
        svc::decide_item(&state, &ctx, meeting_id, item, &f.decision, f.reason.as_deref().unwrap_or("")).await
    })
}

#[derive(Deserialize)]
pub struct ItemEdit {
    title: String,
    description: Option<String>,
}

pub async fn edit_item(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path((meeting_id, item)): Path<(i64, i64)>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, format!("edit-{item}"), "agenda", typed.clone(), {
        let f: ItemEdit = typed.read()?;
        svc::amend_item(&state, &ctx, meeting_id, item, &f.title, f.description.as_deref().unwrap_or("")).await
    })
}

#[derive(Deserialize)]
pub struct StatementEdit {
    title: String,
    text: String,
}

pub async fn edit_paper(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(paper_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let meeting = async { Ok(ctx.scope.paper_for_change(paper_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("paper-{paper_id}"), "papers", typed.clone(), {
        let f: StatementEdit = typed.read()?;
        svc::amend_paper(&state, &ctx, paper_id, &f.title, &f.text).await
    })
}

pub async fn withdraw_paper(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(paper_id): Path<i64>,
) -> Result<Response, AppError> {
    let meeting = async { Ok(ctx.scope.paper_for_change(paper_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("paper-{paper_id}"), "papers", Typed::default(), {
        svc::withdraw_paper(&state, &ctx, paper_id).await
    })
}

pub async fn add_statement(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "statement", "papers", typed.clone(), {
        let f: MarkedText = typed.read()?;
        let release = f.release(&state, "all_partners")?;
        let draft = PaperDraft {
            kind: PaperKind::Statement,
            title: f.title.clone().unwrap_or_default(),
            body: f.text.clone().unwrap_or_default(),
            file: None,
            release,
        };
        svc::add_paper(&state, &ctx, meeting_id, draft, None).await
    })
}

/// The largest document accepted.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

pub async fn upload_document(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut file: Option<svc::ReceivedDocument> = None;
    // The fields before the file are kept to show again; a refusal while the file is read
    // (too large, not the type it claims) comes back in place with them.
    let received: Result<(), AppError> = async {
        while let Some(field) =
            form.next_field().await.map_err(|e| AppError::bad_request("invalid_form", e.body_text()))?
        {
            let name = field.name().unwrap_or("").to_string();
            if name == "file" {
                if field.file_name().is_some_and(|n| !n.trim().is_empty()) {
                    file = Some(svc::receive_document(&state, field, MAX_UPLOAD).await?);
                }
            } else {
                let value = field.text().await.map_err(|e| AppError::bad_request("invalid_form", e.body_text()))?;
                fields.insert(name, value);
            }
        }
        Ok(())
    }
    .await;
    let typed = Typed(fields);
    on_meeting_page!(state, lang, ctx, meeting_id, "document", "papers", typed.clone(), {
        received?;
        let Some(file) = file else {
            return Err(AppError::bad_request("invalid_file", said!("err-choose-file", "choose a file to upload")));
        };
        let f: MarkedText = typed.read()?;
        let release = f.release(&state, "all_partners")?;
        let title = f.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file.file.name.clone());
        let draft = PaperDraft {
            kind: PaperKind::Document,
            title,
            body: String::new(),
            file: Some(file.file.clone()),
            release,
        };
        svc::add_paper(&state, &ctx, meeting_id, draft, Some(&file)).await
    })
}

pub async fn download(ctx: Ctx, Path(paper_id): Path<i64>) -> Result<Response, AppError> {
    let (paper, bytes) = ctx.scope.paper_file(paper_id, ctx.net()).await?;
    let name = paper.file.as_ref().map_or_else(|| format!("paper-{paper_id}.txt"), |f| f.name.clone());
    let ct = paper.file.as_ref().map_or_else(|| "text/plain; charset=utf-8".into(), |f| f.content_type.clone());
    let body = if paper.kind == PaperKind::Statement { paper.body.into_bytes() } else { bytes };
    Ok(file_download(&name, ct, body))
}

/// A stored document sent as a download under its name (quotes and control characters left out
/// of the header).
pub fn file_download(name: &str, content_type: String, bytes: Vec<u8>) -> Response {
    let name: String = name.chars().filter(|c| !c.is_control() && *c != '"').collect();
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

pub async fn draft_record(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "record", "record", typed.clone(), {
        let f: MarkedText = typed.read()?;
        let release = f.release(&state, "all_partners")?;
        svc::draft_record(&state, &ctx, meeting_id, f.text.as_deref().unwrap_or(""), release).await
    })
}

#[derive(Deserialize)]
pub struct CirculateForm {
    deadline: String,
}

pub async fn circulate_record(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "circulate", "record", typed.clone(), {
        let f: CirculateForm = typed.read()?;
        let zone = ctx.meeting(meeting_id).await?.time_zone;
        svc::circulate_record(&state, &ctx, meeting_id, svc::parse_local_time("deadline", &f.deadline, &zone)?).await
    })
}

#[derive(Deserialize)]
pub struct CommentForm {
    comment: String,
}

pub async fn break_silence(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "break", "record", typed.clone(), {
        let f: CommentForm = typed.read()?;
        svc::break_silence(&state, &ctx, meeting_id, &f.comment).await
    })
}

pub async fn record_decision(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "decision", "decisions", typed.clone(), {
        let f: MarkedText = typed.read()?;
        let release = f.release(&state, "all_partners")?;
        svc::record_decision(&state, &ctx, meeting_id, f.text.as_deref().unwrap_or(""), release).await
    })
}

#[derive(Deserialize)]
pub struct CorrectionForm {
    text: String,
    reason: String,
}

pub async fn correct_decision(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(decision_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let meeting = async { Ok(ctx.scope.decision(decision_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("correct-{decision_id}"), "decisions", typed.clone(), {
        let f: CorrectionForm = typed.read()?;
        svc::correct_decision(&state, &ctx, decision_id, &f.text, &f.reason).await
    })
}

#[derive(Deserialize)]
pub struct ActionCorrection {
    title: String,
    owner: String,
    due: String,
    reason: String,
}

pub async fn correct_action(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(action_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let meeting = async { Ok(ctx.scope.action(action_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("fix-{action_id}"), "actions", typed.clone(), {
        let f: ActionCorrection = typed.read()?;
        let due = svc::parse_date("due", &f.due)?;
        svc::correct_action(&state, &ctx, action_id, &f.title, &f.owner, due, &f.reason).await
    })
}

#[derive(Deserialize)]
pub struct PositionForm {
    nation: Option<String>,
    position: String,
}

pub async fn set_position(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(decision_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    // The route names the decision; its meeting is the page to come back to.
    let meeting = async { Ok(ctx.scope.decision(decision_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("position-{decision_id}"), "decisions", typed.clone(), {
        let f: PositionForm = typed.read()?;
        let nation = f
            .nation
            .filter(|n| !n.is_empty())
            .or_else(|| ctx.principal.nation().map(ToString::to_string))
            .unwrap_or_default();
        svc::set_position(&ctx, decision_id, &nation, &f.position).await
    })
}

#[derive(Deserialize)]
pub struct ActionForm {
    title: String,
    owner: String,
    due: String,
    classification: Option<String>,
    audience: Option<String>,
    codes: Option<String>,
}

pub async fn assign_action(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "action", "actions", typed.clone(), {
        let f: ActionForm = typed.read()?;
        let marked = MarkedText {
            title: None,
            text: None,
            description: None,
            classification: f.classification,
            audience: f.audience,
            codes: f.codes,
        };
        let release = marked.release(&state, "staff")?;
        svc::assign_action(&state, &ctx, meeting_id, &f.title, &f.owner, svc::parse_date("due", &f.due)?, release).await
    })
}

#[derive(Template)]
#[template(path = "consultation/actions.html")]
struct ActionsPage {
    layout: Layout,
    actions: Vec<(ActionLine, i64, String)>,
    all: bool,
    /// The update just refused (form `action-{id}`), shown again in its row.
    refused: Refused,
}

pub async fn actions(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Q(q): Q<crate::api::consultation::ActionListParams>,
) -> Result<Response, AppError> {
    actions_page(&state, lang, &ctx, q.all(), Refused::default()).await
}

async fn actions_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    all: bool,
    refused: Refused,
) -> Result<Response, AppError> {
    let uri: axum::http::Uri =
        if all { "/actions?all=1" } else { "/actions" }.parse().map_err(|_| AppError::NotFound)?;
    let today = ctx.now.date_naive();
    let rows = ctx.scope.my_actions(ctx.net(), all).await?;
    let actions = rows
        .iter()
        .map(|(a, m)| {
            (
                ActionLine {
                    correctable: false,
                    owner_code: a.owner.to_string(),
                    revisions: Vec::new(),
                    id: a.id.0,
                    title: a.title.clone(),
                    owner: name_of(ctx.net(), a.owner.as_str(), lang),
                    due: a.due.to_string(),
                    status: a.status().label(dlang(lang)).to_string(),
                    status_code: a.status().as_str().to_string(),
                    overdue: is_overdue(a, today),
                    updates: a
                        .allowed_updates(&ctx.principal, ctx.now)
                        .into_iter()
                        .map(|s| (s.as_str().to_string(), s.label(dlang(lang)).to_string()))
                        .collect(),
                },
                m.id.0,
                m.title_in(lang.domain(), ctx.net()),
            )
        })
        .collect();
    render(&ActionsPage { layout: Layout::new(lang, &uri, None, state, &ctx.identity), actions, all, refused })
}

#[derive(Deserialize)]
pub struct ActionUpdate {
    status: String,
    note: Option<String>,
    back: Option<String>,
}

pub async fn update_action(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(action_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let meeting_id = ctx.scope.action(action_id, ctx.net()).await?.1.id.0;
    let form = format!("action-{action_id}");
    if typed.get("back") == "actions" {
        // From the list of the delegation's actions: back there, or the list again with the message.
        let result = async {
            let f: ActionUpdate = typed.read()?;
            svc::update_action(&ctx, action_id, &f.status, f.note.as_deref().unwrap_or("")).await
        }
        .await;
        return match result {
            Ok(_) => Ok(Redirect::to("/actions").into_response()),
            Err(e) if shown_in_place(&e) => {
                let status = e.status();
                with_status(
                    status,
                    actions_page(&state, lang, &ctx, false, Refused::new(form, state.refusal(lang, &e), typed)).await,
                )
            }
            Err(e) => Err(e),
        };
    }
    on_meeting_page!(state, lang, ctx, meeting_id, form, "actions", typed.clone(), {
        let f: ActionUpdate = typed.read()?;
        let _ = f.back;
        svc::update_action(&ctx, action_id, &f.status, f.note.as_deref().unwrap_or("")).await
    })
}

#[derive(Deserialize)]
pub struct PollForm {
    title: String,
    /// One date-time per line, on the meeting's clocks.
    options: String,
    hidden: Option<String>,
}

pub async fn open_poll(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(meeting_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    on_meeting_page!(state, lang, ctx, meeting_id, "poll", "polls", typed.clone(), {
        let f: PollForm = typed.read()?;
        let zone = ctx.meeting(meeting_id).await?.time_zone;
        let options = f
            .options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| svc::parse_local_time("options", l, &zone))
            .collect::<Result<Vec<_>, _>>()?;
        svc::open_poll(&state, &ctx, meeting_id, &f.title, options, f.hidden.is_some()).await
    })
}

pub async fn vote(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(poll_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let meeting = async { Ok(ctx.scope.poll(poll_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("vote-{poll_id}"), "polls", typed.clone(), {
        let mut answers = BTreeMap::new();
        for (k, v) in &typed.0 {
            if let Some(n) = k.strip_prefix("option_").and_then(|n| n.parse::<u32>().ok()) {
                let a = Answer::parse(v).ok_or_else(|| {
                    AppError::bad_request(
                        "invalid",
                        said!(
                            "err-vote-answer",
                            "{option}: '{value}' is not yes, if_need_be or no",
                            option = k,
                            value = v
                        ),
                    )
                })?;
                answers.insert(n, a);
            }
        }
        svc::vote(&ctx, poll_id, answers).await
    })
}

pub async fn close_poll(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(poll_id): Path<i64>,
) -> Result<Response, AppError> {
    let meeting = async { Ok(ctx.scope.poll(poll_id, ctx.net()).await?.1.id.0) };
    on_item_page!(state, lang, ctx, meeting.await, format!("close-{poll_id}"), "polls", Typed::default(), {
        svc::close_poll(&state, &ctx, poll_id).await
    })
}

// ----- requests -----

pub struct RequestLine {
    pub id: i64,
    pub requester: String,
    pub basis: String,
    pub state: String,
    pub state_code: String,
    pub submitted: String,
    pub overdue: bool,
    pub meeting: Option<i64>,
}

fn request_line(r: &ConsultationRequest, ctx: &svc::Ctx, lang: Lang) -> RequestLine {
    let (net, now) = (ctx.net(), ctx.now);
    RequestLine {
        id: r.id.0,
        requester: name_of(net, r.requester.as_str(), lang),
        basis: r.basis.label(dlang(lang)).to_string(),
        state: r.state().label(dlang(lang)).to_string(),
        state_code: r.state().as_str().to_string(),
        submitted: when(r.submitted_at()),
        overdue: r.overdue(&ctx.targets, now).any(),
        meeting: r.meeting.map(|m| m.meeting.0),
    }
}

#[derive(Template)]
#[template(path = "consultation/requests.html")]
struct RequestsPage {
    layout: Layout,
    requests: Vec<RequestLine>,
    can_file: bool,
    staff: bool,
}

pub async fn requests(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let list = ctx.scope.requests(ctx.net()).await?;
    render(&RequestsPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        requests: list.iter().map(|r| request_line(r, &ctx, lang)).collect(),
        can_file: !ctx.principal.is_staff() && ctx.principal.can_write(),
        staff: ctx.principal.is_staff(),
    })
}

#[derive(Template)]
#[template(path = "consultation/request_new.html")]
struct NewRequestPage {
    layout: Layout,
    /// The bases this nation may invoke today, its own first.
    bases: Vec<(String, String)>,
    /// Why it may invoke none (then no form is offered).
    closed: Option<String>,
    refused: Refused,
}

pub async fn new_request(State(state): State<AppState>, lang: Lang, ctx: Ctx) -> Result<Response, AppError> {
    new_request_page(&state, lang, &ctx, Refused::default()).await
}

async fn new_request_page(state: &AppState, lang: Lang, ctx: &Ctx, refused: Refused) -> Result<Response, AppError> {
    let p = &ctx.principal;
    let nation = match p.nation() {
        Some(n) if p.can_write() && !p.is_staff() => n,
        _ => {
            return Err(AppError::Forbidden(said!(
                "err-nation-s-delegation-files",
                "a nation's delegation files its own request"
            )));
        }
    };
    let (bases, closed) = match entente_domain::consultation::bases_open_to(nation, ctx.now.date_naive(), ctx.net()) {
        Ok(open) => (open.iter().map(|b| (b.as_str().to_string(), b.label(dlang(lang)).to_string())).collect(), None),
        Err(e) => (Vec::new(), Some(state.refusal(lang, &AppError::from(e)))),
    };
    let uri: axum::http::Uri = "/requests/new".parse().map_err(|_| AppError::NotFound)?;
    render(&NewRequestPage { layout: Layout::new(lang, &uri, None, state, &ctx.identity), bases, closed, refused })
}

#[derive(Deserialize)]
pub struct RequestForm {
    basis: String,
    threat: String,
    classification: Option<String>,
    audience: Option<String>,
    codes: Option<String>,
}

pub async fn file_request(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let result = async {
        let f: RequestForm = typed.read()?;
        let marked = MarkedText {
            title: None,
            text: None,
            description: None,
            classification: f.classification,
            audience: f.audience,
            codes: f.codes,
        };
        let release = marked.release(&state, "staff")?;
        svc::file_request(&state, &ctx, &f.basis, &f.threat, release).await
    }
    .await;
    match result {
        Ok(r) => Ok(Redirect::to(&format!("/requests/{}", r.id.0)).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(
                status,
                new_request_page(&state, lang, &ctx, Refused::new("request", state.refusal(lang, &e), typed)).await,
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "consultation/request.html")]
struct RequestPage {
    layout: Layout,
    r: RequestLine,
    threat: String,
    marking: String,
    history: Vec<(String, String, String)>,
    ack_by: String,
    meet_by: String,
    overdue_ack: bool,
    overdue_meeting: bool,
    /// What the reader may do to the request now (the domain's answer).
    acts: RequestActions,
    proposed_format: String,
    suggestions: Vec<String>,
    default_start: String,
    default_end: String,
    /// Alerts this request was filed from (those the reader may see): id and label.
    alerts: Vec<(i64, String)>,
    /// The proposed format, as the convening form offers it to adjust: allies seated, and the
    /// partners' codes.
    proposed_allies: bool,
    proposed_partners: String,
    /// The title offered for the meeting, in the reader's language.
    default_title: String,
    refused: Refused,
}

pub async fn request(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(request_id): Path<i64>,
) -> Result<Response, AppError> {
    request_page(&state, lang, &ctx, request_id, Refused::default()).await
}

async fn request_page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    request_id: i64,
    refused: Refused,
) -> Result<Response, AppError> {
    let uri: axum::http::Uri = format!("/requests/{request_id}").parse().map_err(|_| AppError::NotFound)?;
    let r = ctx.scope.request(request_id, ctx.net()).await?;
    let deadlines = r.deadlines(&ctx.targets);
    let overdue = r.overdue(&ctx.targets, ctx.now);
    let start =
        (ctx.now + Duration::days(2)).date_naive().and_hms_opt(10, 0, 0).map(|t| t.and_utc()).unwrap_or(ctx.now);
    let proposal = entente_domain::consultation::propose_format(&r, ctx.net(), start.date_naive());
    let mut proposed = Vec::new();
    if proposal.spec.include_allies {
        proposed.push(lang.t("format-rule-allies"));
    }
    proposed.extend(proposal.spec.partners.iter().map(|n| name_of(ctx.net(), n.as_str(), lang)));
    let acts = r.allowed_actions(&ctx.principal, ctx.now);
    let alerts = ctx
        .scope
        .alerts_escalated_to(Some(request_id), None)
        .await?
        .iter()
        .map(|a| {
            let place = crate::warning::country_name(ctx, a.cell.country, lang);
            (a.id, format!("{} — {place}, {}", a.cell.category.label(lang.domain()), a.week_start.iso_week()))
        })
        .collect();
    render(&RequestPage {
        default_title: ctx.net().nation(&r.requester).map_or_else(
            || r.requester.to_string(),
            |n| entente_domain::consultation::request_meeting_title(n, lang.domain()),
        ),
        refused,
        proposed_allies: proposal.spec.include_allies,
        proposed_partners: proposal.spec.partners.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
        alerts,
        layout: Layout::new(lang, &uri, None, state, &ctx.identity),
        threat: r.threat.clone(),
        marking: r.marking.label_in(lang.domain()),
        history: r
            .history()
            .iter()
            .map(|c| (when(c.at), c.status.label(dlang(lang)).to_string(), c.note.clone()))
            .collect(),
        ack_by: when(deadlines.acknowledge_by),
        meet_by: when(deadlines.meet_by),
        overdue_ack: overdue.acknowledgement,
        overdue_meeting: overdue.meeting,
        acts,
        proposed_format: proposed.join(" + "),
        suggestions: proposal.suggestions.iter().map(|s| name_of(ctx.net(), s.nation.as_str(), lang)).collect(),
        default_start: svc::headquarters_zone().local(start).format("%Y-%m-%dT%H:%M").to_string(),
        default_end: svc::headquarters_zone().local(start + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string(),
        r: request_line(&r, ctx, lang),
    })
}

#[derive(Deserialize)]
pub struct StepForm {
    step: String,
    note: Option<String>,
}

/// The answer to a form on the request page: done, to `to`; refused, the request page again with
/// the form's message and what was typed.
async fn request_done_or_in_place(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    request_id: i64,
    form: &str,
    typed: Typed,
    result: Result<String, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            with_status(
                status,
                request_page(state, lang, ctx, request_id, Refused::new(form, state.refusal(lang, &e), typed)).await,
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn request_step(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(request_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let form = format!("step-{}", typed.get("step"));
    let result = async {
        let f: StepForm = typed.read()?;
        svc::request_step(&state, &ctx, request_id, &f.step, f.note.as_deref().unwrap_or("")).await?;
        Ok(format!("/requests/{request_id}"))
    }
    .await;
    request_done_or_in_place(&state, lang, &ctx, request_id, &form, typed, result).await
}

#[derive(Deserialize)]
pub struct ConveneForm {
    title: String,
    start: String,
    end: String,
    venue: Option<String>,
    /// The format as adjusted: allies seated (ticked), and the partners' codes.
    allies: Option<String>,
    partners: Option<String>,
}

pub async fn convene(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    Path(request_id): Path<i64>,
    PageForm(raw): PageForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let typed = Typed(raw);
    let result = async {
        let f: ConveneForm = typed.read()?;
        let venue = entente_domain::consultation::Venue::Place {
            name: f.venue.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "NATO Headquarters, Brussels".into()),
        };
        let format = match f.partners {
            // A form that names the format (the page's) seats what it says; without, the proposal.
            Some(partners) => Some(svc::parse_format(&partners, "", f.allies.is_some())?),
            None => None,
        };
        let convening = svc::Convening {
            title: f.title,
            start: svc::parse_local_time("start", &f.start, &svc::headquarters_zone())?,
            end: svc::parse_local_time("end", &f.end, &svc::headquarters_zone())?,
            venue,
            format,
        };
        let m = svc::convene_for_request(&state, &ctx, request_id, convening).await?;
        Ok(format!("/meetings/{}", m.id.0))
    }
    .await;
    request_done_or_in_place(&state, lang, &ctx, request_id, "convene", typed, result).await
}
