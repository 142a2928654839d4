//! Services of the consultation forum shared by its pages and its API: they load what the caller
//! may see, ask the domain what is allowed, and store the result.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entente_domain::access::{Audience, Principal, Viewer};
use entente_domain::consultation::{
    Action, ActionDraft, ActionId, ActionStatus, Agenda, AgendaItemId, AgendaProposal, Answer, ConsultationError,
    ConsultationRequest, Decision, DecisionDraft, DecisionId, Meeting, MeetingDraft, MeetingId, MeetingLevel,
    MeetingStatus, Notice, Poll, PollDraft, PollId, Position, Release, RequestBasis, RequestDraft, RequestId,
    ResponseTargets, SilenceState, SummaryRecord, TimeZoneName, Venue, propose_format,
};
use entente_domain::registry::{FormatSpec, NationCode, Network};
use entente_store::Scoped;
use entente_store::consultation::{NewPaper, PaperKind};

use crate::AppState;
use crate::error::AppError;

impl From<ConsultationError> for AppError {
    fn from(e: ConsultationError) -> Self {
        match e {
            ConsultationError::NotPermitted(m) => AppError::Forbidden(m.to_string()),
            other => {
                let code = other.code();
                AppError::bad_request(code, other.to_string())
            }
        }
    }
}

/// Tell the people who may see the item about a change that has been stored (its transaction has
/// committed). The change stands whatever happens here: a notice that cannot be stored is logged,
/// not turned into an error for the caller.
async fn tell(state: &AppState, notice: Notice<'_>) {
    if let Err(e) = crate::notify::dispatch(state, &notice).await {
        tracing::error!(kind = notice.kind().as_str(), error = %e, "notification not stored");
    }
}

/// What a handler needs: the caller, a scoped store and the network.
pub struct Ctx {
    pub principal: Principal,
    pub scope: Scoped,
    pub net: Network,
    pub now: DateTime<Utc>,
    /// Response targets for consultation requests (configured).
    pub targets: ResponseTargets,
}

impl Ctx {
    pub async fn new(state: &AppState, principal: Principal) -> Result<Ctx, AppError> {
        let scope = state.store.scoped(Some(&principal)).await?;
        let net = state.store.load_network().await?;
        Ok(Ctx { principal, scope, net, now: chrono::Utc::now(), targets: state.config.response_targets })
    }

    pub fn viewer(&self) -> Viewer<'_> {
        Viewer::User(&self.principal)
    }

    pub async fn meeting(&self, id: i64) -> Result<Meeting, AppError> {
        Ok(self.scope.meeting(id, &self.net).await?)
    }
}

pub fn release(state: &AppState, classification: &str, audience: Audience) -> Result<Release, AppError> {
    Release::new(classification, audience, &state.config.classifications)
        .map_err(|e| AppError::bad_request("invalid_marking", e.to_string()))
}

/// `staff`, `allies`, `all_partners`, `public`, or codes for `nations` / `frameworks`.
pub fn audience(kind: &str, codes: &str) -> Result<Audience, AppError> {
    let list: Vec<String> =
        codes.split([',', ' ']).map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()).collect();
    let bad = |c: &str| AppError::bad_request("invalid_marking", format!("'{c}' is not a code"));
    Ok(match kind {
        "staff" => Audience::StaffOnly,
        "allies" => Audience::AlliesOnly,
        "all_partners" => Audience::AllPartners,
        "public" => Audience::Public,
        "nations" => Audience::Nations(list.iter().map(|c| c.parse().map_err(|_| bad(c))).collect::<Result<_, _>>()?),
        "frameworks" => {
            Audience::Frameworks(list.iter().map(|c| c.parse().map_err(|_| bad(c))).collect::<Result<_, _>>()?)
        }
        other => {
            return Err(AppError::bad_request(
                "invalid_marking",
                format!("audience: '{other}' is not staff, allies, nations, frameworks, all_partners or public"),
            ));
        }
    })
}

pub fn parse_time(field: &str, s: &str) -> Result<DateTime<Utc>, AppError> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").map(|n| n.and_utc()))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").map(|n| n.and_utc()))
        .map_err(|_| {
            AppError::bad_request(
                "invalid_date",
                format!("{field}: '{s}' is not a date and time (YYYY-MM-DDTHH:MM, UTC)"),
            )
        })
}

pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::bad_request("invalid_date", format!("{field}: '{s}' is not a date (YYYY-MM-DD)")))
}

/// What staff fill in to plan a meeting.
pub struct PlanForm {
    pub title: String,
    pub level: String,
    pub format: FormatSpec,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub time_zone: String,
    pub venue: Venue,
    pub request: Option<i64>,
}

pub fn parse_format(partners: &str, frameworks: &str, allies: bool) -> Result<FormatSpec, AppError> {
    let codes = |s: &str| -> Vec<String> {
        s.split([',', ' ']).map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()).collect()
    };
    let bad = |c: &str| AppError::bad_request("invalid_format", format!("'{c}' is not a code"));
    let spec = FormatSpec {
        include_allies: allies,
        frameworks: codes(frameworks).iter().map(|c| c.parse().map_err(|_| bad(c))).collect::<Result<_, _>>()?,
        partners: codes(partners).iter().map(|c| c.parse().map_err(|_| bad(c))).collect::<Result<_, _>>()?,
    };
    spec.validate().map_err(|e| AppError::bad_request("invalid_format", e.to_string()))?;
    Ok(spec)
}

pub async fn plan_meeting(state: &AppState, ctx: &Ctx, form: PlanForm) -> Result<Meeting, AppError> {
    let draft = MeetingDraft {
        title: form.title,
        level: MeetingLevel::parse(&form.level).ok_or_else(|| {
            AppError::bad_request("invalid", format!("level: '{}' is not a meeting level", form.level))
        })?,
        format: form.format,
        start: form.start,
        end: form.end,
        time_zone: form
            .time_zone
            .parse::<TimeZoneName>()
            .map_err(|e| AppError::bad_request("invalid", format!("time zone: {e}")))?,
        venue: form.venue,
        request: form.request.map(RequestId),
    };
    let m = Meeting::plan(MeetingId(0), draft, &ctx.principal, ctx.now)?;
    let m = state.store.insert_meeting(&ctx.principal, m).await?;
    state.search.meeting_changed(&state.store, m.id.0).await;
    Ok(m)
}

pub async fn advance_meeting(state: &AppState, ctx: &Ctx, id: i64, to: &str, note: &str) -> Result<Meeting, AppError> {
    let mut m = ctx.meeting(id).await?;
    let to = MeetingStatus::parse(to)
        .ok_or_else(|| AppError::bad_request("invalid", format!("status: '{to}' is not a meeting status")))?;
    let record = state.store.load_record(id).await?;
    m.advance(to, &ctx.principal, ctx.now, note, record.as_ref())?;
    // The request this meeting answers follows the meeting: check its step before saving either.
    let mut request = match m.request {
        Some(rid) => Some(state.store.load_request(rid.0).await?),
        None => None,
    };
    let request_step = match (&mut request, to) {
        (Some(r), MeetingStatus::Convened) => {
            Some((r.convene(&m, &ctx.principal, ctx.now, &ctx.net), "request.convene"))
        }
        (Some(r), MeetingStatus::Held) => Some((r.meeting_held(&m, &ctx.principal, ctx.now), "request.meeting_held")),
        (Some(r), MeetingStatus::Cancelled) if r.meeting.is_some_and(|l| l.meeting == m.id) => {
            Some((r.meeting_cancelled(note, &ctx.principal, ctx.now), "request.meeting_cancelled"))
        }
        _ => None,
    };
    if let Some((Err(e), _)) = request_step {
        return Err(AppError::bad_request(e.code(), format!("the consultation request cannot follow: {e}")));
    }
    state.store.save_meeting(&ctx.principal, &format!("meeting.{}", to.as_str()), &m).await?;
    if let (Some(r), Some((_, action))) = (&request, request_step) {
        state.store.save_request(&ctx.principal, action, r).await?;
    }
    state.search.meeting_changed(&state.store, m.id.0).await;
    match to {
        MeetingStatus::Convened => {
            tell(state, Notice::MeetingConvened { meeting: &m }).await;
            if let Some(r) = &request {
                tell(state, Notice::RequestMeetingConvened { request: r, meeting: &m }).await;
            }
        }
        // Closing a meeting whose record passed silence announces the agreed record, unless the
        // reminders did when its deadline passed (the same notice goes out once).
        MeetingStatus::Closed => {
            if let Some(record) = &record
                && let SilenceState::Agreed { version, at } = record.state_at(ctx.now)
            {
                let notice = Notice::RecordAgreed { meeting: &m, record, at };
                let once = Some(entente_store::notify::Once::RecordAgreed { meeting_id: m.id.0, version });
                if let Err(e) = crate::notify::dispatch_once(state, &notice, once).await {
                    tracing::error!(kind = notice.kind().as_str(), error = %e, "notification not stored");
                }
            }
        }
        _ => {}
    }
    Ok(m)
}

pub async fn propose_item(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    title: &str,
    description: &str,
    release: Release,
) -> Result<i64, AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let mut agenda = Agenda::from_items(m.id, state.store.load_agenda(meeting_id).await?)?;
    let proposal = AgendaProposal { title: title.to_string(), description: description.to_string(), release };
    let item = agenda.propose(AgendaItemId(0), &proposal, &ctx.principal, ctx.now, &m, &ctx.net)?.clone();
    let item = state.store.insert_agenda_item(&ctx.principal, item).await?;
    state.search.meeting_changed(&state.store, meeting_id).await;
    tell(state, Notice::AgendaItemProposed { meeting: &m, item: &item }).await;
    Ok(item.id.0)
}

pub async fn decide_item(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    item: i64,
    decision: &str,
    reason: &str,
) -> Result<(), AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let mut agenda = Agenda::from_items(m.id, state.store.load_agenda(meeting_id).await?)?;
    if agenda.item(AgendaItemId(item)).is_none() {
        return Err(AppError::NotFound);
    }
    let id = AgendaItemId(item);
    match decision {
        "accept" => agenda.accept(id, &ctx.principal, ctx.now, &m)?,
        "reject" => agenda.reject(id, reason, &ctx.principal, ctx.now, &m)?,
        "withdraw" => agenda.withdraw(id, reason, &ctx.principal, ctx.now, &m)?,
        other => {
            return Err(AppError::bad_request(
                "invalid",
                format!("decision: '{other}' is not accept, reject or withdraw"),
            ));
        }
    }
    let items: Vec<&_> = agenda.items().iter().collect();
    state.store.save_agenda_items(&ctx.principal, &format!("agenda.{decision}"), &items).await?;
    state.search.meeting_changed(&state.store, meeting_id).await;
    if let Some(item) = agenda.item(id).filter(|_| decision == "accept") {
        tell(state, Notice::AgendaItemAccepted { meeting: &m, item }).await;
    }
    Ok(())
}

/// Content types a document may have, recognised from its first bytes as well as its name.
pub fn check_upload(name: &str, declared: &str, bytes: &[u8], max: usize) -> Result<String, AppError> {
    if bytes.is_empty() {
        return Err(AppError::bad_request("invalid_file", "the file is empty"));
    }
    if bytes.len() > max {
        return Err(AppError::bad_request(
            "file_too_large",
            format!("the file is larger than {} MB", max / (1024 * 1024)),
        ));
    }
    let lower = name.to_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    let zip = bytes.starts_with(b"PK\x03\x04");
    let sniffed = match ext {
        "pdf" if bytes.starts_with(b"%PDF-") => "application/pdf",
        "png" if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => "image/png",
        "jpg" | "jpeg" if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => "image/jpeg",
        "docx" if zip => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" if zip => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" if zip => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" if zip => "application/vnd.oasis.opendocument.text",
        "txt" | "md" if std::str::from_utf8(bytes).is_ok() => "text/plain; charset=utf-8",
        "csv" if std::str::from_utf8(bytes).is_ok() => "text/csv; charset=utf-8",
        _ => {
            return Err(AppError::bad_request(
                "unsupported_file",
                format!(
                    "{name}: not an accepted document (PDF, Word/Excel/PowerPoint, OpenDocument text, PNG, JPEG, plain text or CSV), or its content does not match its name{}",
                    if declared.is_empty() { String::new() } else { format!(" (declared {declared})") }
                ),
            ));
        }
    };
    Ok(sniffed.to_string())
}

#[allow(clippy::too_many_arguments)]
pub async fn add_paper(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    kind: PaperKind,
    title: &str,
    body: &str,
    file: Option<(String, String, Vec<u8>)>,
    release: Release,
) -> Result<i64, AppError> {
    let m = ctx.meeting(meeting_id).await?;
    if !ctx.principal.can_write() {
        return Err(AppError::Forbidden("analysts have read-only access".into()));
    }
    if !ctx.principal.is_staff() && !entente_domain::consultation::may_attend(&ctx.principal, &m, &ctx.net) {
        return Err(AppError::Forbidden("only the meeting's participants add papers".into()));
    }
    if matches!(m.status(), MeetingStatus::Closed | MeetingStatus::Cancelled) {
        return Err(AppError::bad_request(
            "meeting_closed",
            format!("the meeting is {}: its papers are final", m.status().as_str()),
        ));
    }
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::bad_request("invalid", "title: 1 to 200 characters"));
    }
    if kind == PaperKind::Statement && body.trim().is_empty() {
        return Err(AppError::bad_request("invalid", "a statement needs its text"));
    }
    let marking = release.mark(ctx.principal.nation().cloned(), ctx.now.date_naive());
    let id = state
        .store
        .insert_paper(
            &ctx.principal,
            NewPaper {
                meeting: m.id.0,
                agenda_item: None,
                kind,
                title: title.to_string(),
                body: body.to_string(),
                file,
                marking,
            },
        )
        .await?;
    state.search.meeting_changed(&state.store, meeting_id).await;
    Ok(id)
}

pub async fn draft_record(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    text: &str,
    release: Release,
) -> Result<(), AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let record = match state.store.load_record(meeting_id).await? {
        None => SummaryRecord::draft(&m, &release, text, &ctx.principal, ctx.now)?,
        Some(mut r) => {
            r.add_version(text, &ctx.principal, ctx.now)?;
            r
        }
    };
    state.store.save_record(&ctx.principal, "record.draft", &record).await?;
    state.search.meeting_changed(&state.store, meeting_id).await;
    Ok(())
}

pub async fn circulate_record(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    deadline: DateTime<Utc>,
) -> Result<SummaryRecord, AppError> {
    let mut m = ctx.meeting(meeting_id).await?;
    let mut r = state.store.load_record(meeting_id).await?.ok_or(AppError::NotFound)?;
    let version = r.versions().last().map(|v| v.number).ok_or(AppError::NotFound)?;
    r.circulate(version, deadline, &ctx.principal, ctx.now)?;
    state.store.save_record(&ctx.principal, "record.circulate", &r).await?;
    if m.status() == MeetingStatus::Held {
        m.advance(MeetingStatus::RecordUnderSilence, &ctx.principal, ctx.now, "", Some(&r))?;
        state.store.save_meeting(&ctx.principal, "meeting.record_under_silence", &m).await?;
    }
    state.search.meeting_changed(&state.store, meeting_id).await;
    tell(state, Notice::RecordCirculated { meeting: &m, record: &r, version }).await;
    Ok(r)
}

pub async fn break_silence(state: &AppState, ctx: &Ctx, meeting_id: i64, comment: &str) -> Result<(), AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let mut r = ctx.scope.record(&m, &ctx.net).await?.ok_or(AppError::NotFound)?;
    let version = r
        .versions()
        .iter()
        .rev()
        .find(|v| v.circulation.is_some())
        .map(|v| v.number)
        .ok_or_else(|| AppError::bad_request("conflict", "no version of the record is circulating"))?;
    r.break_silence(version, comment, &ctx.principal, ctx.now, &m, &ctx.net)?;
    state.store.save_record(&ctx.principal, "record.break_silence", &r).await?;
    if let Some(silence_break) = r.breaks().last() {
        tell(state, Notice::SilenceBroken { meeting: &m, record: &r, silence_break }).await;
    }
    Ok(())
}

pub async fn record_decision(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    text: &str,
    release: Release,
) -> Result<Decision, AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let d = Decision::record(
        DecisionId(0),
        &m,
        &DecisionDraft { text: text.to_string(), release, positions: Vec::new() },
        &ctx.principal,
        ctx.now,
        &ctx.net,
    )?;
    let d = state.store.insert_decision(&ctx.principal, d).await?;
    state.search.meeting_changed(&state.store, meeting_id).await;
    Ok(d)
}

pub async fn set_position(
    state: &AppState,
    ctx: &Ctx,
    decision_id: i64,
    nation: &str,
    position: &str,
) -> Result<i64, AppError> {
    let mut d = state.store.load_decision(decision_id).await?;
    let m = ctx.meeting(d.meeting.0).await?;
    if !ctx.scope.decisions(&m, &ctx.net).await?.iter().any(|x| x.id == d.id) {
        return Err(AppError::NotFound);
    }
    let nation: NationCode = nation
        .trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| AppError::bad_request("invalid", "nation: not a code"))?;
    let position = Position::parse(position).ok_or_else(|| {
        AppError::bad_request(
            "invalid",
            format!("position: '{position}' is not supports, reserves, dissociates or no_position"),
        )
    })?;
    d.set_position(nation, position, &ctx.principal, &m, &ctx.net)?;
    state.store.save_decision_positions(&ctx.principal, &d).await?;
    Ok(m.id.0)
}

pub async fn assign_action(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    title: &str,
    owner: &str,
    due: NaiveDate,
    release: Release,
) -> Result<Action, AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let owner: NationCode = owner
        .trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| AppError::bad_request("invalid", "owner: not a nation code"))?;
    let draft = ActionDraft { title: title.to_string(), owner, due, decision: None, release };
    let a = Action::assign(ActionId(0), &m, &draft, &ctx.principal, ctx.now, &ctx.net)?;
    let a = state.store.insert_action(&ctx.principal, a).await?;
    state.search.meeting_changed(&state.store, meeting_id).await;
    tell(state, Notice::ActionAssigned { meeting: &m, action: &a }).await;
    Ok(a)
}

pub async fn update_action(
    state: &AppState,
    ctx: &Ctx,
    action_id: i64,
    to: &str,
    note: &str,
) -> Result<Action, AppError> {
    let (mut a, _) = ctx.scope.action(action_id, &ctx.net).await?;
    let to = ActionStatus::parse(to).ok_or_else(|| {
        AppError::bad_request("invalid", format!("status: '{to}' is not open, in_progress, done or cancelled"))
    })?;
    a.update(to, note, &ctx.principal, ctx.now)?;
    state.store.save_action(&ctx.principal, &a).await?;
    Ok(a)
}

pub async fn file_request(
    state: &AppState,
    ctx: &Ctx,
    basis: &str,
    threat: &str,
    release: Release,
) -> Result<ConsultationRequest, AppError> {
    let basis = RequestBasis::parse(basis).ok_or_else(|| {
        AppError::bad_request("invalid", format!("basis: '{basis}' is not paragraph8, article4 or other"))
    })?;
    let draft = RequestDraft { basis, threat: threat.to_string(), release };
    let r = ConsultationRequest::file(RequestId(0), &draft, &ctx.principal, ctx.now, &ctx.net)?;
    let r = state.store.insert_request(&ctx.principal, r).await?;
    state.search.request_changed(&state.store, r.id.0).await;
    tell(state, Notice::RequestSubmitted { request: &r }).await;
    Ok(r)
}

/// Staff steps on a request: acknowledge, decline, close (and the requester's withdraw).
pub async fn request_step(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    step: &str,
    note: &str,
) -> Result<ConsultationRequest, AppError> {
    let mut r = ctx.scope.request(id, &ctx.net).await?;
    match step {
        "acknowledge" => r.acknowledge(note, &ctx.principal, ctx.now)?,
        "decline" => r.decline(note, &ctx.principal, ctx.now)?,
        "close" => r.close(note, &ctx.principal, ctx.now)?,
        "withdraw" => r.withdraw(note, &ctx.principal, ctx.now)?,
        other => {
            return Err(AppError::bad_request(
                "invalid",
                format!("step: '{other}' is not acknowledge, decline, close or withdraw"),
            ));
        }
    }
    state.store.save_request(&ctx.principal, &format!("request.{step}"), &r).await?;
    if step == "acknowledge" {
        tell(state, Notice::RequestAcknowledged { request: &r }).await;
    }
    Ok(r)
}

/// Staff convene a meeting for a request: the proposed format (all allies for Article 4, allies +
/// the requester otherwise), planned then convened at once.
pub async fn convene_for_request(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    title: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    venue: Venue,
) -> Result<Meeting, AppError> {
    let r = ctx.scope.request(id, &ctx.net).await?;
    if r.state() != entente_domain::consultation::RequestState::Acknowledged {
        if !ctx.principal.is_staff() || !ctx.principal.can_write() {
            return Err(AppError::Forbidden("only alliance staff convene meetings".into()));
        }
        return Err(AppError::bad_request(
            "conflict",
            format!("the request is '{}': a meeting is convened for an acknowledged request", r.state().as_str()),
        ));
    }
    let proposal = propose_format(&r, &ctx.net, start.date_naive());
    // Check the request can take this meeting before creating anything.
    let draft = MeetingDraft {
        title: title.to_string(),
        level: MeetingLevel::Ambassadors,
        format: proposal.spec.clone(),
        start,
        end,
        time_zone: TimeZoneName::utc(),
        venue: venue.clone(),
        request: Some(RequestId(id)),
    };
    let mut probe = Meeting::plan(MeetingId(0), draft, &ctx.principal, ctx.now)?;
    probe.advance(MeetingStatus::Convened, &ctx.principal, ctx.now, "", None)?;
    r.clone().convene(&probe, &ctx.principal, ctx.now, &ctx.net)?;
    let plan = PlanForm {
        title: title.to_string(),
        level: "ambassadors".into(),
        format: proposal.spec,
        start,
        end,
        time_zone: "Europe/Brussels".into(),
        venue,
        request: Some(id),
    };
    let m = plan_meeting(state, ctx, plan).await?;
    advance_meeting(state, ctx, m.id.0, "convened", "").await
}

pub async fn open_poll(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    title: &str,
    options: Vec<DateTime<Utc>>,
    hidden: bool,
) -> Result<Poll, AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let draft = PollDraft { title: title.to_string(), options, hide_results_until_close: hidden, closes_at: None };
    let p = Poll::open(PollId(0), &m, &draft, &ctx.principal, ctx.now)?;
    let p = state.store.insert_poll(&ctx.principal, p).await?;
    tell(state, Notice::PollOpened { meeting: &m, poll: &p }).await;
    Ok(p)
}

pub async fn vote(state: &AppState, ctx: &Ctx, poll_id: i64, answers: BTreeMap<u32, Answer>) -> Result<i64, AppError> {
    let mut p = state.store.load_poll(poll_id).await?;
    let m = ctx.meeting(p.meeting.0).await?;
    if !ctx.scope.polls(&m, &ctx.net).await?.iter().any(|x| x.id == p.id) {
        return Err(AppError::NotFound);
    }
    p.vote(&answers, &ctx.principal, ctx.now, &m, &ctx.net)?;
    state.store.save_poll(&ctx.principal, "poll.vote", &p).await?;
    Ok(m.id.0)
}

pub async fn close_poll(state: &AppState, ctx: &Ctx, poll_id: i64) -> Result<i64, AppError> {
    let mut p = state.store.load_poll(poll_id).await?;
    let m = ctx.meeting(p.meeting.0).await?;
    p.close(&ctx.principal, ctx.now)?;
    state.store.save_poll(&ctx.principal, "poll.close", &p).await?;
    tell(state, Notice::PollClosed { meeting: &m, poll: &p, at: ctx.now }).await;
    Ok(m.id.0)
}
