//! Services of the consultation forum shared by its pages and its API: they load what the caller
//! may see, ask the domain what is allowed, and store the result.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entente_domain::access::Audience;
use entente_domain::consultation::{
    Action, ActionDraft, ActionId, ActionStatus, AgendaItemId, AgendaProposal, Answer, ConsultationError,
    ConsultationRequest, Decision, DecisionDraft, DecisionId, Meeting, MeetingDraft, MeetingId, MeetingLevel,
    MeetingStatus, Notice, Paper, PaperDraft, PaperFile, Poll, PollDraft, PollId, Position, Release, RequestBasis,
    RequestDraft, RequestId, SilenceState, SummaryRecord, TimeZoneName, Venue, document_type, propose_format,
};
use entente_domain::registry::{FormatSpec, NationCode};
use entente_domain::said;
use entente_domain::said::Arg;

use crate::AppState;
pub use crate::ctx::Ctx;
use crate::error::AppError;

impl From<ConsultationError> for AppError {
    fn from(e: ConsultationError) -> Self {
        match e {
            ConsultationError::NotPermitted(m) => AppError::Forbidden(m),
            other => {
                let code = other.code();
                AppError::bad_request(code, other.said())
            }
        }
    }
}

/// Tell the people who may see the item about a change the caller made and that has been stored
/// (its transaction has committed): one event, its notices the most specific first; the caller is
/// not told of their own action. The change stands whatever happens here: a notice that cannot be
/// stored is logged, not turned into an error for the caller.
async fn tell(state: &AppState, ctx: &Ctx, notices: Vec<Notice<'_>>) {
    let kind = notices.first().map_or("", |n| n.kind().as_str());
    let event = crate::notify::Event::by(&ctx.principal, ctx.stamp(), notices);
    if let Err(e) = crate::notify::dispatch(state, ctx.net(), event).await {
        tracing::error!(kind, error = %e, "notification not stored");
    }
}

pub fn release(state: &AppState, classification: &str, audience: Audience) -> Result<Release, AppError> {
    Release::new(classification, audience, &state.config.classifications)
        .map_err(|e| AppError::bad_request("invalid_marking", e.said()))
}

/// The longest list of codes a marking is given as one text (comma- or space-separated).
pub const CODES_MAX: usize = 2000;

/// `staff`, `allies`, `all_partners`, `public`, or codes for `nations` / `frameworks`.
pub fn audience(kind: &str, codes: &str) -> Result<Audience, AppError> {
    if codes.chars().count() > CODES_MAX {
        return Err(AppError::bad_request(
            "invalid_marking",
            said!("err-codes-long", "codes: at most {max} characters of nation or framework codes", max = CODES_MAX),
        ));
    }
    let list: Vec<String> =
        codes.split([',', ' ']).map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()).collect();
    let bad =
        |c: &str| AppError::bad_request("invalid_marking", said!("err-not-a-code", "'{code}' is not a code", code = c));
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
                said!(
                    "err-audience",
                    "audience: '{value}' is not staff, allies, nations, frameworks, all_partners or public",
                    value = other
                ),
            ));
        }
    })
}

/// A date and time typed in a form, read on the clocks of the meeting's `zone`
/// (`YYYY-MM-DDTHH:MM`, as a browser's date-and-time field sends it); a time with its own offset
/// (RFC 3339) is taken as it is. A time the zone's clocks skip is refused, naming the field.
pub fn parse_local_time(field: &'static str, s: &str, zone: &TimeZoneName) -> Result<DateTime<Utc>, AppError> {
    let t = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
        .map_err(|_| {
            AppError::bad_request(
                "invalid_date",
                said!(
                    "err-not-date-time",
                    "{field}: '{value}' is not a date and time (YYYY-MM-DDTHH:MM, {zone})",
                    field = said::field(field),
                    value = s,
                    zone = zone.to_string()
                ),
            )
        })?;
    Ok(zone.to_utc(field, naive)?)
}

/// The zone meetings are held in unless staff choose another (the alliance's headquarters).
pub fn headquarters_zone() -> TimeZoneName {
    TimeZoneName::try_from("Europe/Brussels".to_string()).unwrap_or_else(|_| TimeZoneName::utc())
}

pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::bad_request(
            "invalid_date",
            said!(
                "err-not-date",
                "{field}: '{value}' is not a date (YYYY-MM-DD)",
                field = said::field(field),
                value = s
            ),
        )
    })
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
    let bad =
        |c: &str| AppError::bad_request("invalid_format", said!("err-not-a-code", "'{code}' is not a code", code = c));
    let spec = FormatSpec {
        include_allies: allies,
        frameworks: codes(frameworks).iter().map(|c| c.parse().map_err(|_| bad(c))).collect::<Result<_, _>>()?,
        partners: codes(partners).iter().map(|c| c.parse().map_err(|_| bad(c))).collect::<Result<_, _>>()?,
    };
    spec.validate().map_err(|e| AppError::bad_request("invalid_format", e.said()))?;
    Ok(spec)
}

/// What a meeting's format is called on `on`, in the reader's language: the named format with
/// this rule that exists that day ("NATO-Ukraine Council"), else the rule in words ("Allies +
/// Malta", "Allies + Mediterranean Dialogue"), partners sorted as the language sorts names.
pub fn format_name(spec: &FormatSpec, on: NaiveDate, ctx: &Ctx, lang: crate::i18n::Lang) -> String {
    let normal = |s: &FormatSpec| {
        let mut s = s.clone();
        s.frameworks.sort();
        s.partners.sort();
        s
    };
    let wanted = normal(spec);
    if let Some(f) = ctx.registry.formats.iter().find(|f| f.in_force_on(on) && normal(&f.spec) == wanted) {
        return f.name_in(lang.code()).to_string();
    }
    let mut parts = Vec::new();
    if spec.include_allies {
        parts.push(lang.t("format-name-allies"));
    }
    for c in &spec.frameworks {
        let fw = ctx.registry.frameworks.iter().find(|f| f.code == *c);
        parts.push(fw.map_or_else(|| c.to_string(), |f| f.name_in(lang.code()).to_string()));
    }
    let mut partners: Vec<String> = spec
        .partners
        .iter()
        .map(|c| ctx.net().nation(c).map_or_else(|| c.to_string(), |n| n.name_in(lang.code()).to_string()))
        .collect();
    partners.sort_by(|a, b| lang.collate(a, b));
    parts.extend(partners);
    parts.join(" + ")
}

pub async fn plan_meeting(state: &AppState, ctx: &Ctx, form: PlanForm) -> Result<Meeting, AppError> {
    let draft = MeetingDraft {
        title: form.title,
        level: MeetingLevel::parse(&form.level).ok_or_else(|| {
            AppError::bad_request(
                "invalid",
                said!("err-level", "level: '{value}' is not a meeting level", value = &form.level),
            )
        })?,
        format: form.format,
        start: form.start,
        end: form.end,
        time_zone: form
            .time_zone
            .parse::<TimeZoneName>()
            .map_err(|e: ConsultationError| AppError::bad_request("invalid", e.said()))?,
        venue: form.venue,
        request: form.request.map(RequestId),
    };
    let (m, permit) = Meeting::plan(MeetingId(0), draft, &ctx.principal, ctx.stamp())?;
    let m = ctx.scope.insert_meeting(permit, m).await?;
    state.meeting_changed(m.id.0).await;
    Ok(m)
}

pub async fn advance_meeting(state: &AppState, ctx: &Ctx, id: i64, to: &str, note: &str) -> Result<Meeting, AppError> {
    let mut m = ctx.meeting(id).await?;
    let to = MeetingStatus::parse(to).ok_or_else(|| {
        AppError::bad_request("invalid", said!("err-status", "status: '{value}' is not a meeting status", value = to))
    })?;
    let record = ctx.scope.record(&m, ctx.net()).await?;
    let permit = m.advance(to, &ctx.principal, ctx.stamp(), note, record.as_ref())?;
    // The request this meeting answers follows the meeting: check its step before saving either.
    let mut request = match m.request {
        Some(rid) => Some(ctx.scope.request(rid.0, ctx.net()).await?),
        None => None,
    };
    let request_step = match (&mut request, to) {
        (Some(r), MeetingStatus::Convened) => Some(r.convene(&m, &ctx.principal, ctx.stamp(), ctx.net())),
        (Some(r), MeetingStatus::Held) => Some(r.meeting_held(&m, &ctx.principal, ctx.stamp())),
        (Some(r), MeetingStatus::Cancelled) if r.meeting.is_some_and(|l| l.meeting == m.id) => {
            Some(r.meeting_cancelled(note, &ctx.principal, ctx.stamp()))
        }
        _ => None,
    };
    let request_permit = match request_step {
        Some(Err(e)) => {
            return Err(AppError::bad_request(
                e.code(),
                said!("err-request-cannot-follow", "the consultation request cannot follow: {why}", why = e.said()),
            ));
        }
        Some(Ok(p)) => Some(p),
        None => None,
    };
    ctx.scope.save_meeting(permit, &mut m).await?;
    if let (Some(r), Some(p)) = (&mut request, request_permit) {
        ctx.scope.save_request(p, r).await?;
    }
    state.meeting_changed(m.id.0).await;
    match to {
        MeetingStatus::Convened => {
            // The requester hears of its request first; everyone seated, of the meeting.
            let mut notices = Vec::new();
            if let Some(r) = &request {
                notices.push(Notice::RequestMeetingConvened { request: r, meeting: &m });
            }
            notices.push(Notice::MeetingConvened { meeting: &m });
            tell(state, ctx, notices).await;
        }
        // Closing a meeting whose record passed silence announces the agreed record, unless the
        // reminders did when its deadline passed (the same notice goes out once).
        MeetingStatus::Closed => {
            if let Some(record) = &record
                && let SilenceState::Agreed { version, at } = record.state_at(ctx.now)
            {
                // Silence agreed the record, not the caller: announced as the reminders do.
                let notice = Notice::RecordAgreed { meeting: &m, record, at };
                let event = crate::notify::Event { by: None, at, notices: vec![notice] };
                let once = Some(entente_store::notify::Once::RecordAgreed { meeting_id: m.id.0, version });
                if let Err(e) = crate::notify::dispatch_once(state, ctx.net(), event, once).await {
                    tracing::error!(kind = "record_agreed", error = %e, "notification not stored");
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
    let mut agenda = ctx.scope.agenda_for_change(&m, None, ctx.net()).await?;
    let proposal = AgendaProposal { title: title.to_string(), description: description.to_string(), release };
    let (item, permit) = agenda.propose(AgendaItemId(0), &proposal, &ctx.principal, ctx.stamp(), &m, ctx.net())?;
    let item = ctx.scope.insert_agenda_item(permit, item.clone()).await?;
    state.meeting_changed(meeting_id).await;
    tell(state, ctx, vec![Notice::AgendaItemProposed { meeting: &m, item: &item }]).await;
    Ok(item.id.0)
}

/// Edit an agenda item's title and description (its proposer before a decision, or staff),
/// before the meeting starts.
pub async fn amend_item(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    item: i64,
    title: &str,
    description: &str,
) -> Result<(), AppError> {
    let mut m = ctx.meeting(meeting_id).await?;
    let mut agenda = ctx.scope.agenda_for_change(&m, Some(item), ctx.net()).await?;
    let permit = agenda.amend(AgendaItemId(item), title, description, &ctx.principal, ctx.stamp(), &m)?;
    ctx.scope.save_agenda(permit, &mut m, &agenda).await?;
    state.meeting_changed(meeting_id).await;
    Ok(())
}

/// Its author rewords a statement before the meeting starts; returns the meeting.
pub async fn amend_paper(state: &AppState, ctx: &Ctx, paper_id: i64, title: &str, text: &str) -> Result<i64, AppError> {
    let (mut p, m) = ctx.scope.paper_for_change(paper_id, ctx.net()).await?;
    let permit = p.amend(title, text, &ctx.principal, ctx.stamp(), &m)?;
    ctx.scope.save_paper(permit, &mut p).await?;
    state.meeting_changed(m.id.0).await;
    Ok(m.id.0)
}

/// Its author withdraws a statement or a document before the meeting starts; returns the meeting.
pub async fn withdraw_paper(state: &AppState, ctx: &Ctx, paper_id: i64) -> Result<i64, AppError> {
    let (mut p, m) = ctx.scope.paper_for_change(paper_id, ctx.net()).await?;
    let permit = p.withdraw(&ctx.principal, ctx.stamp(), &m)?;
    ctx.scope.save_paper(permit, &mut p).await?;
    state.meeting_changed(m.id.0).await;
    Ok(m.id.0)
}

pub async fn decide_item(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    item: i64,
    decision: &str,
    reason: &str,
) -> Result<(), AppError> {
    let mut m = ctx.meeting(meeting_id).await?;
    // An item this caller may not see answers exactly as a missing one.
    let mut agenda = ctx.scope.agenda_for_change(&m, Some(item), ctx.net()).await?;
    let id = AgendaItemId(item);
    let permit = match decision {
        "accept" => agenda.accept(id, &ctx.principal, ctx.stamp(), &m)?,
        "reject" => agenda.reject(id, reason, &ctx.principal, ctx.stamp(), &m)?,
        "withdraw" => agenda.withdraw(id, reason, &ctx.principal, ctx.stamp(), &m)?,
        other => {
            return Err(AppError::bad_request(
                "invalid",
                said!("err-agenda-decision", "decision: '{value}' is not accept, reject or withdraw", value = other),
            ));
        }
    };
    ctx.scope.save_agenda(permit, &mut m, &agenda).await?;
    state.meeting_changed(meeting_id).await;
    if let Some(item) = agenda.item(id).filter(|_| decision == "accept") {
        tell(state, ctx, vec![Notice::AgendaItemAccepted { meeting: &m, item }]).await;
    }
    Ok(())
}

/// A document received from a form: written to a private temporary file as it arrived (never
/// whole in memory), hashed and checked on the way. The file goes when this is dropped, unless
/// the store has moved it into place.
pub struct ReceivedDocument {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    sha256: String,
    /// Name (as sent), recognised type and size.
    pub file: PaperFile,
}

impl ReceivedDocument {
    pub(crate) fn staged(&self) -> entente_store::consultation::StagedFile<'_> {
        entente_store::consultation::StagedFile { path: &self.path, sha256: &self.sha256 }
    }
}

/// Whether a byte stream is UTF-8, fed chunk by chunk (a character may span two chunks).
#[derive(Default)]
struct Utf8Check {
    ok: bool,
    carry: Vec<u8>,
}

impl Utf8Check {
    fn new() -> Self {
        Utf8Check { ok: true, carry: Vec::new() }
    }

    fn feed(&mut self, chunk: &[u8]) {
        if !self.ok {
            return;
        }
        let joined;
        let bytes = if self.carry.is_empty() {
            chunk
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), chunk].concat();
            joined.as_slice()
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => {}
            // Cut inside a character: keep its first bytes for the next chunk.
            Err(e) if e.error_len().is_none() => self.carry = bytes[e.valid_up_to()..].to_vec(),
            Err(_) => self.ok = false,
        }
    }

    fn finish(self) -> bool {
        self.ok && self.carry.is_empty()
    }
}

/// Receive a form's file field into a private temporary file, hashing it and keeping its first
/// bytes to recognise its type; refused as soon as it passes `max` bytes, or when it is empty or
/// not an accepted document (the message names the file).
pub async fn receive_document(
    state: &AppState,
    mut field: axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<ReceivedDocument, AppError> {
    use sha2::{Digest, Sha256};
    use tokio::io::AsyncWriteExt;
    let name: String = field.file_name().unwrap_or("document").chars().filter(|c| !c.is_control()).collect();
    let name = match name.rsplit(['/', '\\']).next().map(str::trim) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => "document".to_string(),
    };
    let io = |e: std::io::Error| AppError::Internal(anyhow::anyhow!("receiving a document: {e}"));
    let dir = state.receiving_dir(".document-").map_err(io)?;
    let path = dir.path().join("content");
    let mut out = tokio::fs::File::create(&path).await.map_err(io)?;
    let (mut hasher, mut utf8, mut head, mut size) = (Sha256::new(), Utf8Check::new(), Vec::with_capacity(16), 0usize);
    while let Some(chunk) = field.chunk().await.map_err(|e| AppError::bad_request("invalid_form", e.body_text()))? {
        size += chunk.len();
        if size > max {
            return Err(AppError::bad_request(
                "file_too_large",
                said!(
                    "err-file-large",
                    "{name}: the file is larger than {max} MB",
                    name = &name,
                    max = max / (1024 * 1024)
                ),
            ));
        }
        if head.len() < 16 {
            head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
        }
        hasher.update(&chunk);
        utf8.feed(&chunk);
        out.write_all(&chunk).await.map_err(io)?;
    }
    out.flush().await.map_err(io)?;
    out.sync_all().await.map_err(io)?;
    drop(out);
    let content_type = document_type(&name, &head, size as u64, utf8.finish()).map_err(|e| {
        let reason = match e {
            ConsultationError::Invalid { reason, .. } => reason,
            other => other.said(),
        };
        AppError::bad_request(
            "unsupported_file",
            said!("err-file-named", "{name}: {reason}", name = &name, reason = reason),
        )
    })?;
    let sha256 = entente_store::audit::hex(&hasher.finalize());
    let file = PaperFile { name, content_type: content_type.to_string(), size_bytes: size as i64 };
    Ok(ReceivedDocument { _dir: dir, path, sha256, file })
}

/// Add a statement, or a document with its received content, to a meeting.
pub async fn add_paper(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    draft: PaperDraft,
    content: Option<&ReceivedDocument>,
) -> Result<i64, AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let (paper, permit) = Paper::add(&m, draft, &ctx.principal, ctx.stamp(), ctx.net())?;
    let _turn = match content {
        Some(_) => state.document_turn().await,
        None => None,
    };
    let id = ctx.scope.insert_paper(permit, &paper, content.map(ReceivedDocument::staged)).await?;
    state.meeting_changed(meeting_id).await;
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
    let (mut record, permit) = match ctx.scope.record(&m, ctx.net()).await? {
        None => SummaryRecord::draft(&m, &release, text, &ctx.principal, ctx.stamp())?,
        Some(mut r) => {
            let (_, permit) = r.add_version(text, &ctx.principal, ctx.stamp())?;
            (r, permit)
        }
    };
    ctx.scope.save_record(permit, &mut record).await?;
    state.meeting_changed(meeting_id).await;
    Ok(())
}

pub async fn circulate_record(
    state: &AppState,
    ctx: &Ctx,
    meeting_id: i64,
    deadline: DateTime<Utc>,
) -> Result<SummaryRecord, AppError> {
    let mut m = ctx.meeting(meeting_id).await?;
    let mut r = ctx.scope.record(&m, ctx.net()).await?.ok_or(AppError::NotFound)?;
    let version = r.versions().last().map(|v| v.number).ok_or(AppError::NotFound)?;
    let permit = r.circulate(version, deadline, &ctx.principal, ctx.stamp())?;
    // Check the meeting can follow before storing either.
    let meeting_permit = if m.status() == MeetingStatus::Held {
        Some(m.advance(MeetingStatus::RecordUnderSilence, &ctx.principal, ctx.stamp(), "", Some(&r))?)
    } else {
        None
    };
    ctx.scope.save_record(permit, &mut r).await?;
    if let Some(p) = meeting_permit {
        ctx.scope.save_meeting(p, &mut m).await?;
    }
    state.meeting_changed(meeting_id).await;
    tell(state, ctx, vec![Notice::RecordCirculated { meeting: &m, record: &r, version }]).await;
    Ok(r)
}

pub async fn break_silence(state: &AppState, ctx: &Ctx, meeting_id: i64, comment: &str) -> Result<(), AppError> {
    let m = ctx.meeting(meeting_id).await?;
    let mut r = ctx.scope.record(&m, ctx.net()).await?.ok_or(AppError::NotFound)?;
    let version = r.versions().iter().rev().find(|v| v.circulation.is_some()).map(|v| v.number).ok_or_else(|| {
        AppError::bad_request(
            "conflict",
            said!("err-version-record-circulation", "no version of the record is in circulation"),
        )
    })?;
    let permit = r.break_silence(version, comment, &ctx.principal, ctx.stamp(), &m, ctx.net())?;
    ctx.scope.break_silence(permit, &r).await?;
    if let Some(silence_break) = r.breaks().last() {
        tell(state, ctx, vec![Notice::SilenceBroken { meeting: &m, record: &r, silence_break }]).await;
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
    let (d, permit) = Decision::record(
        DecisionId(0),
        &m,
        &DecisionDraft { text: text.to_string(), release, positions: Vec::new() },
        &ctx.principal,
        ctx.stamp(),
        ctx.net(),
    )?;
    let d = ctx.scope.insert_decision(permit, d).await?;
    state.meeting_changed(meeting_id).await;
    Ok(d)
}

/// Staff correct a decision's text, saying why; the text replaced is kept. Returns the meeting.
pub async fn correct_decision(
    state: &AppState,
    ctx: &Ctx,
    decision_id: i64,
    text: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let (mut d, m) = ctx.scope.decision(decision_id, ctx.net()).await?;
    let permit = d.correct(text, reason, &ctx.principal, ctx.stamp(), &m)?;
    ctx.scope.correct_decision(permit, &mut d).await?;
    state.meeting_changed(m.id.0).await;
    Ok(m.id.0)
}

/// Staff correct an action's title, owner or due date, saying why. Returns the meeting.
pub async fn correct_action(
    state: &AppState,
    ctx: &Ctx,
    action_id: i64,
    title: &str,
    owner: &str,
    due: NaiveDate,
    reason: &str,
) -> Result<i64, AppError> {
    let (mut a, m) = ctx.scope.action(action_id, ctx.net()).await?;
    let owner: NationCode = owner.trim().to_ascii_uppercase().parse().map_err(|_| {
        AppError::bad_request(
            "invalid",
            said!("err-owner-code", "owner: '{value}' is not a nation code", value = owner),
        )
    })?;
    let permit = a.correct(title, owner, due, reason, &ctx.principal, ctx.stamp(), &m, ctx.net())?;
    ctx.scope.save_action(permit, &mut a).await?;
    state.meeting_changed(m.id.0).await;
    Ok(m.id.0)
}

pub async fn set_position(ctx: &Ctx, decision_id: i64, nation: &str, position: &str) -> Result<i64, AppError> {
    let (mut d, m) = ctx.scope.decision(decision_id, ctx.net()).await?;
    let nation: NationCode = nation
        .trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| AppError::bad_request("invalid", said!("err-nation-code", "nation: not a code")))?;
    let position = Position::parse(position).ok_or_else(|| {
        AppError::bad_request(
            "invalid",
            said!(
                "err-position",
                "position: '{value}' is not supports, reserves, dissociates or no_position",
                value = position
            ),
        )
    })?;
    let permit = d.set_position(nation.clone(), position, &ctx.principal, &m, ctx.net())?;
    ctx.scope.set_position(permit, &d, &nation).await?;
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
        .map_err(|_| AppError::bad_request("invalid", said!("err-owner-not-code", "owner: not a nation code")))?;
    let draft = ActionDraft { title: title.to_string(), owner, due, decision: None, release };
    let (a, permit) = Action::assign(ActionId(0), &m, &draft, &ctx.principal, ctx.stamp(), ctx.net())?;
    let a = ctx.scope.insert_action(permit, a).await?;
    state.meeting_changed(meeting_id).await;
    tell(state, ctx, vec![Notice::ActionAssigned { meeting: &m, action: &a }]).await;
    Ok(a)
}

pub async fn update_action(ctx: &Ctx, action_id: i64, to: &str, note: &str) -> Result<Action, AppError> {
    let (mut a, _) = ctx.scope.action(action_id, ctx.net()).await?;
    let to = ActionStatus::parse(to).ok_or_else(|| {
        AppError::bad_request(
            "invalid",
            said!("err-action-status", "status: '{value}' is not open, in_progress, done or cancelled", value = to),
        )
    })?;
    let permit = a.update(to, note, &ctx.principal, ctx.stamp())?;
    ctx.scope.save_action(permit, &mut a).await?;
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
        AppError::bad_request(
            "invalid",
            said!("err-basis", "basis: '{value}' is not paragraph8, article4 or other", value = basis),
        )
    })?;
    let draft = RequestDraft { basis, threat: threat.to_string(), release };
    let (r, permit) = ConsultationRequest::file(RequestId(0), &draft, &ctx.principal, ctx.stamp(), ctx.net())?;
    let r = ctx.scope.insert_request(permit, r).await?;
    state.request_changed(r.id.0).await;
    tell(state, ctx, vec![Notice::RequestSubmitted { request: &r }]).await;
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
    let mut r = ctx.scope.request(id, ctx.net()).await?;
    let permit = match step {
        "acknowledge" => r.acknowledge(note, &ctx.principal, ctx.stamp())?,
        "decline" => r.decline(note, &ctx.principal, ctx.stamp())?,
        "close" => r.close(note, &ctx.principal, ctx.stamp())?,
        "withdraw" => r.withdraw(note, &ctx.principal, ctx.stamp())?,
        other => {
            return Err(AppError::bad_request(
                "invalid",
                said!("err-step", "step: '{value}' is not acknowledge, decline, close or withdraw", value = other),
            ));
        }
    };
    ctx.scope.save_request(permit, &mut r).await?;
    if step == "acknowledge" {
        tell(state, ctx, vec![Notice::RequestAcknowledged { request: &r }]).await;
    }
    Ok(r)
}

/// The meeting staff convene for a request.
pub struct Convening {
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub venue: Venue,
    /// The format as staff adjusted it; `None`: the one proposed for the request.
    pub format: Option<FormatSpec>,
}

/// Staff convene a meeting for a request: the proposed format (all allies for Article 4, allies +
/// the requester otherwise) or the one they adjusted, planned then convened at once.
pub async fn convene_for_request(state: &AppState, ctx: &Ctx, id: i64, c: Convening) -> Result<Meeting, AppError> {
    let Convening { title, start, end, venue, format } = c;
    let title = title.as_str();
    let r = ctx.scope.request(id, ctx.net()).await?;
    if r.state() != entente_domain::consultation::RequestState::Acknowledged {
        if !ctx.principal.is_staff() || !ctx.principal.can_write() {
            return Err(AppError::Forbidden(said!(
                "err-alliance-staff-convene-meetings",
                "only alliance staff convene meetings"
            )));
        }
        return Err(AppError::bad_request(
            "conflict",
            said!(
                "err-convene-acknowledged",
                "the request is '{state}': a meeting is convened for an acknowledged request",
                state = Arg::both(r.state().label(entente_domain::Lang::En), r.state().label(entente_domain::Lang::Fr))
            ),
        ));
    }
    // The format proposed for the request, unless staff adjusted it.
    let format = format.unwrap_or_else(|| propose_format(&r, ctx.net(), start.date_naive()).spec);
    // Check the request can take this meeting before creating anything.
    let draft = MeetingDraft {
        title: title.to_string(),
        level: MeetingLevel::Ambassadors,
        format: format.clone(),
        start,
        end,
        time_zone: TimeZoneName::utc(),
        venue: venue.clone(),
        request: Some(RequestId(id)),
    };
    let (mut probe, _) = Meeting::plan(MeetingId(0), draft, &ctx.principal, ctx.stamp())?;
    probe.advance(MeetingStatus::Convened, &ctx.principal, ctx.stamp(), "", None)?;
    r.clone().convene(&probe, &ctx.principal, ctx.stamp(), ctx.net())?;
    let plan = PlanForm {
        title: title.to_string(),
        level: "ambassadors".into(),
        format,
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
    let (p, permit) = Poll::open(PollId(0), &m, &draft, &ctx.principal, ctx.stamp())?;
    let p = ctx.scope.insert_poll(permit, p).await?;
    tell(state, ctx, vec![Notice::PollOpened { meeting: &m, poll: &p }]).await;
    Ok(p)
}

pub async fn vote(ctx: &Ctx, poll_id: i64, answers: BTreeMap<u32, Answer>) -> Result<i64, AppError> {
    let (mut p, m) = ctx.scope.poll(poll_id, ctx.net()).await?;
    let permit = p.vote(&answers, &ctx.principal, ctx.stamp(), &m, ctx.net())?;
    ctx.scope.cast_vote(permit, &p).await?;
    Ok(m.id.0)
}

pub async fn close_poll(state: &AppState, ctx: &Ctx, poll_id: i64) -> Result<i64, AppError> {
    let (mut p, m) = ctx.scope.poll(poll_id, ctx.net()).await?;
    let permit = p.close(&ctx.principal, ctx.stamp())?;
    ctx.scope.save_poll(permit, &mut p).await?;
    tell(state, ctx, vec![Notice::PollClosed { meeting: &m, poll: &p, at: ctx.stamp() }]).await;
    Ok(m.id.0)
}
