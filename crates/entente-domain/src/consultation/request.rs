//! Consultation requests: a nation that perceives a threat asks the alliance to consult.
//!
//! Bases, checked against the network on the filing date:
//! - [`RequestBasis::Paragraph8`] — PfP Framework Document, paragraph 8: the alliance consults any
//!   *active* Partnership for Peace participant that perceives a direct threat to its territorial
//!   integrity, political independence or security (a right to consultation, not a defence
//!   guarantee). Only a nation active in the `PFP` framework that day may invoke it.
//! - [`RequestBasis::Article4`] — North Atlantic Treaty, Article 4: only an ally.
//! - [`RequestBasis::Other`] — any other active partner (any framework, organisations included),
//!   under the Berlin partnership policy (April 2011), which offers all partners "more political
//!   consultation on common security issues" in flexible formats. Allies use Article 4 instead.
//!
//! The request is marked with the requester as originator (default audience: staff only), so the
//! requester sees it at every step and nobody else does unless it is released further.
//!
//! Workflow: submitted → acknowledged → meeting convened → meeting held → closed; the requester may
//! withdraw it before the meeting is held, staff may decline it before a meeting is convened (both
//! with a reason), and a convened meeting that is cancelled takes the request back to acknowledged.
//! Every step is dated, which gives the response times the evaluation measures ([`RequestTimes`])
//! and the targets staff are held to ([`ResponseTargets`]).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    Actor, ConsultationError, Lang, MeetingId, NOTE_MAX, Release, RequestId, StatusChange, TEXT_MAX, both, clean_text,
    illegal_transition, invalid, not_before, optional_text, require_staff_writer, subject,
};
use super::meeting::{Meeting, MeetingStatus, participants};
use crate::access::{Audience, Classifications, Marking, MarkingError, Permit, Principal, Viewer, may_see};
use crate::registry::{FormatSpec, NationCode, NationStatus, Network};
use crate::said;

/// The framework whose active participants may invoke paragraph 8.
pub const PARAGRAPH8_FRAMEWORK: &str = "PFP";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestBasis {
    Paragraph8,
    Article4,
    Other,
}

impl RequestBasis {
    pub const ALL: [RequestBasis; 3] = [RequestBasis::Paragraph8, RequestBasis::Article4, RequestBasis::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestBasis::Paragraph8 => "paragraph8",
            RequestBasis::Article4 => "article4",
            RequestBasis::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RequestBasis> {
        RequestBasis::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RequestBasis::Paragraph8 => {
                lang.pick("Paragraph 8 of the PfP Framework Document", "Paragraphe 8 du Document-cadre du PPP")
            }
            RequestBasis::Article4 => {
                lang.pick("Article 4 of the North Atlantic Treaty", "Article 4 du Traité de l'Atlantique Nord")
            }
            RequestBasis::Other => lang.pick(
                "Political consultation (Berlin partnership policy)",
                "Consultation politique (politique de partenariat de Berlin)",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Submitted,
    Acknowledged,
    MeetingConvened,
    MeetingHeld,
    Closed,
    Withdrawn,
    Declined,
}

impl RequestState {
    pub const ALL: [RequestState; 7] = [
        RequestState::Submitted,
        RequestState::Acknowledged,
        RequestState::MeetingConvened,
        RequestState::MeetingHeld,
        RequestState::Closed,
        RequestState::Withdrawn,
        RequestState::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Submitted => "submitted",
            RequestState::Acknowledged => "acknowledged",
            RequestState::MeetingConvened => "meeting_convened",
            RequestState::MeetingHeld => "meeting_held",
            RequestState::Closed => "closed",
            RequestState::Withdrawn => "withdrawn",
            RequestState::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<RequestState> {
        RequestState::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RequestState::Submitted => lang.pick("Submitted", "Soumise"),
            RequestState::Acknowledged => lang.pick("Acknowledged", "Accusé de réception"),
            RequestState::MeetingConvened => lang.pick("Meeting convened", "Réunion convoquée"),
            RequestState::MeetingHeld => lang.pick("Meeting held", "Réunion tenue"),
            RequestState::Closed => lang.pick("Closed", "Close"),
            RequestState::Withdrawn => lang.pick("Withdrawn", "Retirée"),
            RequestState::Declined => lang.pick("Declined", "Refusée"),
        }
    }

    pub fn successors(self) -> &'static [RequestState] {
        use RequestState::*;
        match self {
            Submitted => &[Acknowledged, Withdrawn, Declined],
            Acknowledged => &[MeetingConvened, Withdrawn, Declined],
            MeetingConvened => &[MeetingHeld, Acknowledged, Withdrawn],
            MeetingHeld => &[Closed],
            Closed | Withdrawn | Declined => &[],
        }
    }

    /// Whether the request still awaits a meeting.
    pub fn awaits_meeting(self) -> bool {
        matches!(self, RequestState::Submitted | RequestState::Acknowledged | RequestState::MeetingConvened)
    }

    pub fn is_final(self) -> bool {
        self.successors().is_empty()
    }
}

/// Whether a request may go from `from` to `to`.
pub fn check_request_transition(from: RequestState, to: RequestState) -> Result<(), ConsultationError> {
    if from.successors().contains(&to) {
        Ok(())
    } else {
        Err(illegal_transition(said!("err-what-request", "a request"), both(|l| from.label(l)), both(|l| to.label(l))))
    }
}

/// Whether `nation` may file a request on `basis` on `on`; the error says why not.
pub fn check_eligibility(
    nation: &NationCode,
    basis: RequestBasis,
    on: NaiveDate,
    network: &Network,
) -> Result<(), ConsultationError> {
    let status = network.status_on(nation, on);
    let refuse = |reason| Err(ConsultationError::NotEligible { nation: nation.clone(), basis, on, reason });
    let suspended = matches!(status, NationStatus::Suspended { .. });
    match basis {
        RequestBasis::Article4 if status == NationStatus::Ally => Ok(()),
        RequestBasis::Article4 => refuse(said!("err-basis-article4", "Article 4 is invoked by allies")),
        RequestBasis::Paragraph8
            if network.frameworks_of(nation, on).iter().any(|f| f.as_str() == PARAGRAPH8_FRAMEWORK) =>
        {
            Ok(())
        }
        RequestBasis::Other if matches!(status, NationStatus::Partner { .. }) => Ok(()),
        _ if status == NationStatus::Ally => {
            refuse(said!("err-basis-ally", "allies request consultations under Article 4"))
        }
        _ if suspended => refuse(said!("err-basis-suspended", "its partnership is suspended")),
        RequestBasis::Paragraph8 => {
            refuse(said!("err-basis-paragraph8", "paragraph 8 is invoked by active Partnership for Peace participants"))
        }
        RequestBasis::Other => refuse(said!("err-basis-other", "only active partners request consultations")),
    }
}

/// The bases `nation` may invoke on `on`, in the order a form offers them (its own first: a
/// partner's paragraph 8, an ally's Article 4), or why it may invoke none.
pub fn bases_open_to(
    nation: &NationCode,
    on: NaiveDate,
    network: &Network,
) -> Result<Vec<RequestBasis>, ConsultationError> {
    let all = [RequestBasis::Paragraph8, RequestBasis::Article4, RequestBasis::Other];
    let mut open = Vec::new();
    let mut first_refusal = None;
    for basis in all {
        match check_eligibility(nation, basis, on, network) {
            Ok(()) => open.push(basis),
            Err(e) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    match (open.is_empty(), first_refusal) {
        (true, Some(e)) => Err(e),
        _ => Ok(open),
    }
}

/// What the requesting delegation fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestDraft {
    pub basis: RequestBasis,
    /// The threat perceived, in the requester's words.
    pub threat: String,
    pub release: Release,
}

impl RequestDraft {
    /// The default release of a request: staff only (the requester, as originator, sees it too).
    pub fn default_release(classification: &str, classifications: &Classifications) -> Result<Release, MarkingError> {
        Release::new(classification, Audience::StaffOnly, classifications)
    }
}

/// The meeting convened to answer a request, and its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLink {
    pub meeting: MeetingId,
    pub start: DateTime<Utc>,
}

/// A consultation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationRequest {
    pub id: RequestId,
    pub requester: NationCode,
    pub basis: RequestBasis,
    pub threat: String,
    pub marking: Marking,
    /// The meeting convened for it (its start as of the last step: convened, then held).
    pub meeting: Option<MeetingLink>,
    history: Vec<StatusChange<RequestState>>,
    /// The stored row's version (0 before it is stored).
    #[serde(skip)]
    pub version: i64,
}

/// Response targets staff are held to; configurable. Hours, so a config file reads plainly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseTargets {
    /// From submission to acknowledgement (default 48 hours).
    pub acknowledge_within_hours: u32,
    /// From submission to the start of the meeting (default 14 days).
    pub meet_within_hours: u32,
}

impl Default for ResponseTargets {
    fn default() -> Self {
        ResponseTargets { acknowledge_within_hours: 48, meet_within_hours: 14 * 24 }
    }
}

/// When a request should be acknowledged and met by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    pub acknowledge_by: DateTime<Utc>,
    pub meet_by: DateTime<Utc>,
}

/// What stands out for staff about a request at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Overdue {
    /// Still not acknowledged past its deadline.
    pub acknowledgement: bool,
    /// Still no meeting held past its deadline.
    pub meeting: bool,
    /// A meeting is convened, but for a start after the deadline.
    pub meeting_scheduled_late: bool,
}

impl Overdue {
    pub fn any(&self) -> bool {
        self.acknowledgement || self.meeting || self.meeting_scheduled_late
    }
}

/// The population band of a state, for indicators by state size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    /// Under 5 million inhabitants.
    Small,
    /// 5 to 30 million.
    Medium,
    /// 30 million or more.
    Large,
}

impl SizeBand {
    pub const SMALL_BELOW_MILLIONS: f64 = 5.0;
    pub const LARGE_FROM_MILLIONS: f64 = 30.0;

    pub fn of(population_millions: f64) -> SizeBand {
        if population_millions < Self::SMALL_BELOW_MILLIONS {
            SizeBand::Small
        } else if population_millions < Self::LARGE_FROM_MILLIONS {
            SizeBand::Medium
        } else {
            SizeBand::Large
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SizeBand::Small => "small",
            SizeBand::Medium => "medium",
            SizeBand::Large => "large",
        }
    }
}

/// A request's response times, flat, for storing beside the request and for the evaluation's
/// indicators by nation and by state size. Hours are fractional; an interval is `None` until both
/// of its ends have happened (the meeting end is the start of the *held* meeting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestTimes {
    pub request: RequestId,
    pub requester: NationCode,
    pub basis: RequestBasis,
    pub state: RequestState,
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub meeting_at: Option<DateTime<Utc>>,
    pub request_to_ack_hours: Option<f64>,
    pub ack_to_meeting_hours: Option<f64>,
    pub request_to_meeting_hours: Option<f64>,
    /// Population of the requesting state (none for organisations or unknown sizes).
    pub population_millions: Option<f64>,
    pub size_band: Option<SizeBand>,
}

fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

fn hours_duration(h: u32) -> Duration {
    Duration::hours(i64::from(h))
}

impl ConsultationRequest {
    /// A delegation files a request for its own nation; eligibility is judged on the filing date.
    pub fn file(
        id: RequestId,
        draft: &RequestDraft,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<(ConsultationRequest, Permit), ConsultationError> {
        let Some(nation) = by.nation() else {
            return Err(ConsultationError::NotPermitted(said!(
                "err-nation-s-delegation-files",
                "a nation's delegation files its own request"
            )));
        };
        if !by.can_write() {
            return Err(ConsultationError::NotPermitted(said!(
                "err-analysts-do-file-requests",
                "analysts do not file requests"
            )));
        }
        check_eligibility(nation, draft.basis, at.date_naive(), network)?;
        let request = ConsultationRequest {
            id,
            requester: nation.clone(),
            basis: draft.basis,
            threat: clean_text("threat", &draft.threat, TEXT_MAX)?,
            marking: draft.release.mark(Some(nation.clone()), at.date_naive()),
            meeting: None,
            history: vec![StatusChange { status: RequestState::Submitted, at, by: Actor::of(by), note: String::new() }],
            version: 0,
        };
        Ok((request, Permit::new("request.file", by, subject::REQUEST, 0)))
    }

    /// Rebuild a stored request; the history must start `submitted` and follow the workflow.
    pub fn from_parts(
        id: RequestId,
        requester: NationCode,
        basis: RequestBasis,
        threat: String,
        marking: Marking,
        meeting: Option<MeetingLink>,
        history: Vec<StatusChange<RequestState>>,
    ) -> Result<ConsultationRequest, ConsultationError> {
        match history.first() {
            Some(c) if c.status == RequestState::Submitted => {}
            _ => {
                return Err(invalid(
                    "history",
                    said!("err-request-s-history-starts", "a request's history starts with 'submitted'"),
                ));
            }
        }
        for w in history.windows(2) {
            check_request_transition(w[0].status, w[1].status)?;
            not_before(w[1].at, Some(w[0].at))?;
        }
        let r = ConsultationRequest { id, requester, basis, threat, marking, meeting, history, version: 0 };
        let linked =
            matches!(r.state(), RequestState::MeetingConvened | RequestState::MeetingHeld | RequestState::Closed);
        if linked != r.meeting.is_some() {
            return Err(invalid(
                "meeting",
                said!(
                    "err-request-has-meeting-meeting",
                    "a request has a meeting from 'meeting convened' on, and only then"
                ),
            ));
        }
        Ok(r)
    }

    pub fn state(&self) -> RequestState {
        self.history.last().map_or(RequestState::Submitted, |c| c.status)
    }

    pub fn history(&self) -> &[StatusChange<RequestState>] {
        &self.history
    }

    fn first_at(&self, state: RequestState) -> Option<DateTime<Utc>> {
        self.history.iter().find(|c| c.status == state).map(|c| c.at)
    }

    pub fn submitted_at(&self) -> DateTime<Utc> {
        self.history.first().map_or(DateTime::<Utc>::MIN_UTC, |c| c.at)
    }

    /// The first acknowledgement.
    pub fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.first_at(RequestState::Acknowledged)
    }

    /// The start of the held meeting.
    pub fn meeting_at(&self) -> Option<DateTime<Utc>> {
        match self.state() {
            RequestState::MeetingHeld | RequestState::Closed => self.meeting.map(|m| m.start),
            _ => None,
        }
    }

    /// When the request reached a final state (closed, withdrawn or declined).
    pub fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.state().is_final().then(|| self.history.last().map(|c| c.at)).flatten()
    }

    fn step(
        &mut self,
        action: &'static str,
        to: RequestState,
        by: &Principal,
        at: DateTime<Utc>,
        note: &str,
    ) -> Result<Permit, ConsultationError> {
        check_request_transition(self.state(), to)?;
        not_before(at, self.history.last().map(|c| c.at))?;
        let note = optional_text("note", note, NOTE_MAX)?;
        if matches!(to, RequestState::Withdrawn | RequestState::Declined) && note.is_empty() {
            return Err(invalid("note", said!("err-give-reason", "give the reason")));
        }
        self.history.push(StatusChange { status: to, at, by: Actor::of(by), note });
        Ok(Permit::new(action, by, subject::REQUEST, self.id.0))
    }

    /// Staff acknowledge the request.
    pub fn acknowledge(&mut self, note: &str, by: &Principal, at: DateTime<Utc>) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-acknowledge-requests", "only alliance staff acknowledge requests"),
        )?;
        self.step("request.acknowledge", RequestState::Acknowledged, by, at, note)
    }

    /// Staff convene a meeting for the request. The meeting must seat the requester on its date,
    /// start no earlier than the acknowledgement, and answer this request (or no other).
    pub fn convene(
        &mut self,
        meeting: &Meeting,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-convene-meetings", "only alliance staff convene meetings"))?;
        if meeting.request.is_some_and(|r| r != self.id) {
            return Err(invalid(
                "meeting",
                said!("err-meeting-answers-another-request", "that meeting answers another request"),
            ));
        }
        if !meeting.status().is_upcoming() {
            return Err(invalid("meeting", said!("err-meeting-longer-upcoming", "the meeting is no longer upcoming")));
        }
        if !participants(meeting, network).includes(&self.requester) {
            return Err(invalid(
                "meeting",
                said!(
                    "err-meeting-s-format-does",
                    "the meeting's format does not seat the requesting nation on its date"
                ),
            ));
        }
        if self.acknowledged_at().is_some_and(|a| meeting.start < a) {
            return Err(invalid(
                "meeting",
                said!("err-meeting-starts-before-request", "the meeting starts before the request was acknowledged"),
            ));
        }
        let permit = self.step("request.convene", RequestState::MeetingConvened, by, at, "")?;
        self.meeting = Some(MeetingLink { meeting: meeting.id, start: meeting.start });
        Ok(permit)
    }

    /// The convened meeting was cancelled: back to acknowledged, to convene another.
    pub fn meeting_cancelled(
        &mut self,
        note: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-change-request", "only alliance staff change a request's meeting"),
        )?;
        let permit = self.step("request.meeting_cancelled", RequestState::Acknowledged, by, at, note)?;
        self.meeting = None;
        Ok(permit)
    }

    /// The convened meeting has been held; its actual start is recorded.
    pub fn meeting_held(
        &mut self,
        meeting: &Meeting,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-record-meeting", "only alliance staff record that a meeting was held"),
        )?;
        if self.meeting.map(|l| l.meeting) != Some(meeting.id) {
            return Err(invalid(
                "meeting",
                said!("err-meeting-convened-request", "that is not the meeting convened for this request"),
            ));
        }
        if !matches!(meeting.status(), MeetingStatus::Held | MeetingStatus::RecordUnderSilence | MeetingStatus::Closed)
        {
            return Err(ConsultationError::Conflict(said!(
                "err-meeting-has-been-held",
                "the meeting has not been held"
            )));
        }
        let permit = self.step("request.meeting_held", RequestState::MeetingHeld, by, at, "")?;
        self.meeting = Some(MeetingLink { meeting: meeting.id, start: meeting.start });
        Ok(permit)
    }

    /// Staff close the request after its meeting.
    pub fn close(&mut self, note: &str, by: &Principal, at: DateTime<Utc>) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-close-requests", "only alliance staff close requests"))?;
        self.step("request.close", RequestState::Closed, by, at, note)
    }

    /// Staff decline the request (before a meeting is convened), with a reason.
    pub fn decline(&mut self, reason: &str, by: &Principal, at: DateTime<Utc>) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-decline-requests", "only alliance staff decline requests"))?;
        self.step("request.decline", RequestState::Declined, by, at, reason)
    }

    /// The requesting delegation withdraws its request (before the meeting is held), with a reason.
    pub fn withdraw(&mut self, reason: &str, by: &Principal, at: DateTime<Utc>) -> Result<Permit, ConsultationError> {
        if !by.can_write() || by.nation() != Some(&self.requester) {
            return Err(ConsultationError::NotPermitted(said!(
                "err-requesting-nation-withdraws-request",
                "only the requesting nation withdraws its request"
            )));
        }
        let permit = self.step("request.withdraw", RequestState::Withdrawn, by, at, reason)?;
        self.meeting = None;
        Ok(permit)
    }

    /// Time since submission, until the request ended or until `now`.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        self.ended_at().unwrap_or(now) - self.submitted_at()
    }

    pub fn deadlines(&self, targets: &ResponseTargets) -> Deadlines {
        let s = self.submitted_at();
        Deadlines {
            acknowledge_by: s + hours_duration(targets.acknowledge_within_hours),
            meet_by: s + hours_duration(targets.meet_within_hours),
        }
    }

    /// What is overdue at `now`.
    pub fn overdue(&self, targets: &ResponseTargets, now: DateTime<Utc>) -> Overdue {
        let d = self.deadlines(targets);
        let state = self.state();
        Overdue {
            acknowledgement: state == RequestState::Submitted && now > d.acknowledge_by,
            meeting: state.awaits_meeting() && now > d.meet_by,
            meeting_scheduled_late: state == RequestState::MeetingConvened
                && self.meeting.is_some_and(|m| m.start > d.meet_by),
        }
    }

    /// The response times, with the requester's size from the network.
    pub fn times(&self, network: &Network) -> RequestTimes {
        let submitted = self.submitted_at();
        let ack = self.acknowledged_at();
        let met = self.meeting_at();
        let population = network.nation(&self.requester).and_then(|n| n.size.as_ref()).map(|s| s.population_millions);
        RequestTimes {
            request: self.id,
            requester: self.requester.clone(),
            basis: self.basis,
            state: self.state(),
            submitted_at: submitted,
            acknowledged_at: ack,
            meeting_at: met,
            request_to_ack_hours: ack.map(|a| hours(submitted, a)),
            ack_to_meeting_hours: ack.zip(met).map(|(a, m)| hours(a, m)),
            request_to_meeting_hours: met.map(|m| hours(submitted, m)),
            population_millions: population,
            size_band: population.map(SizeBand::of),
        }
    }
}

/// Whether `viewer` may see a request: the requester (originator), staff, and whoever its marking releases it to.
pub fn may_see_request(viewer: Viewer<'_>, request: &ConsultationRequest, network: &Network) -> bool {
    may_see(viewer, &request.marking, network)
}

/// Why a partner is suggested for the format of a request's meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "region", rename_all = "snake_case")]
pub enum SuggestionReason {
    /// An active partner of the requester's region (a neighbour).
    SameRegion(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub nation: NationCode,
    pub reason: SuggestionReason,
}

/// A format proposed for a request's meeting, with partners staff may choose to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormatProposal {
    pub spec: FormatSpec,
    pub suggestions: Vec<Suggestion>,
}

/// Propose a format for the meeting answering `request`, as of the intended meeting date `on`:
/// - Article 4: all allies (the Council; the requester is one of them).
/// - Paragraph 8 and other partner requests: all allies plus the requester ("Allies+1", as the
///   NATO-Ukraine and NATO-Georgia commissions sit).
///
/// Neighbours — the active partners of the requester's region on `on` (e.g. Armenia and
/// Azerbaijan for Georgia) — are *suggested*, never added: widening the room is a political
/// choice, and a neighbour may be party to the threat. Suspended and former partners are never
/// suggested.
pub fn propose_format(request: &ConsultationRequest, network: &Network, on: NaiveDate) -> FormatProposal {
    let spec = match request.basis {
        RequestBasis::Article4 => FormatSpec { include_allies: true, frameworks: vec![], partners: vec![] },
        RequestBasis::Paragraph8 | RequestBasis::Other => {
            FormatSpec { include_allies: true, frameworks: vec![], partners: vec![request.requester.clone()] }
        }
    };
    let region = network.nation(&request.requester).and_then(|n| n.region.clone());
    let suggestions = match region {
        None => Vec::new(),
        Some(region) => network
            .nations()
            .filter(|n| n.code != request.requester && n.region.as_deref() == Some(region.as_str()))
            .filter(|n| matches!(network.status_on(&n.code, on), NationStatus::Partner { .. }))
            .map(|n| Suggestion { nation: n.code.clone(), reason: SuggestionReason::SameRegion(region.clone()) })
            .collect(),
    };
    FormatProposal { spec, suggestions }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::consultation::testing::*;

    fn draft(basis: RequestBasis) -> RequestDraft {
        RequestDraft {
            basis,
            threat: "Troop build-up along the border and cyber attacks on government networks".into(),
            release: release(Audience::StaffOnly),
        }
    }

    fn filed(nation: &str, basis: RequestBasis, at: &str) -> ConsultationRequest {
        ConsultationRequest::file(RequestId(1), &draft(basis), &delegate(nation), t(at), net()).unwrap().0
    }

    #[test]
    fn who_may_invoke_what() {
        let ok = |n: &str, b, on: &str| check_eligibility(&code(n), b, d(on), net()).is_ok();
        use RequestBasis::*;
        assert!(ok("UKR", Paragraph8, "2014-03-02"));
        assert!(ok("GEO", Paragraph8, "2008-08-10"));
        assert!(!ok("EGY", Paragraph8, "2020-01-01"), "Mediterranean Dialogue, not PfP");
        assert!(ok("EGY", Other, "2020-01-01"));
        assert!(ok("UN", Other, "2020-01-01"), "organisations are partners too");
        assert!(ok("POL", Article4, "2014-03-03"));
        assert!(ok("TUR", Article4, "2003-02-10"));
        assert!(!ok("POL", Paragraph8, "2014-03-03"));
        assert!(ok("POL", Paragraph8, "1998-01-01"), "a PfP partner before its accession");
        assert!(!ok("UKR", Article4, "2024-01-01"));
        assert!(ok("FIN", Paragraph8, "2023-04-03"));
        assert!(!ok("FIN", Paragraph8, "2023-04-04"), "an ally from that day");
        assert!(ok("FIN", Article4, "2023-04-04"));
        let e = check_eligibility(&code("RUS"), Paragraph8, d("2015-01-01"), net()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "RUS may not request consultations under Paragraph 8 of the PfP Framework Document on 2015-01-01: its partnership is suspended"
        );
        assert_eq!(e.code(), "not_eligible");
        let e = check_eligibility(&code("USA"), Other, d("2015-01-01"), net()).unwrap_err();
        assert!(e.to_string().ends_with("allies request consultations under Article 4"), "{e}");
        assert!(!ok("UKR", Paragraph8, "1993-01-01"), "not yet a partner");
    }

    #[test]
    fn filing_marks_the_requester_as_originator() {
        let r = filed("GEO", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
        assert_eq!(r.marking.originator, Some(code("GEO")));
        assert_eq!(r.marking.audience, Audience::StaffOnly);
        assert_eq!(r.state(), RequestState::Submitted);
        assert!(may_see_request(Viewer::User(&delegate("GEO")), &r, net()));
        assert!(may_see_request(Viewer::User(&staff()), &r, net()));
        assert!(!may_see_request(Viewer::User(&delegate("USA")), &r, net()));
        assert!(!may_see_request(Viewer::User(&delegate("ARM")), &r, net()));
        let at = t("2024-05-01T08:00:00Z");
        assert!(
            ConsultationRequest::file(RequestId(2), &draft(RequestBasis::Paragraph8), &staff(), at, net()).is_err()
        );
        assert!(
            ConsultationRequest::file(RequestId(2), &draft(RequestBasis::Paragraph8), &analyst_of("GEO"), at, net())
                .is_err()
        );
        let empty = RequestDraft { threat: "  ".into(), ..draft(RequestBasis::Paragraph8) };
        assert!(ConsultationRequest::file(RequestId(2), &empty, &delegate("GEO"), at, net()).is_err());
    }

    #[test]
    fn from_submission_to_meeting_with_times() {
        let s = staff();
        let mut r = filed("MDA", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
        let targets = ResponseTargets::default();
        assert!(!r.overdue(&targets, t("2024-05-03T08:00:00Z")).any(), "exactly 48 hours is on time");
        assert!(r.overdue(&targets, t("2024-05-03T08:00:01Z")).acknowledgement);
        assert!(r.acknowledge("", &delegate("MDA"), t("2024-05-02T08:00:00Z")).is_err());
        r.acknowledge("Received", &s, t("2024-05-02T08:00:00Z")).unwrap();
        assert!(!r.overdue(&targets, t("2024-05-04T00:00:00Z")).acknowledgement);
        // A meeting that does not seat Moldova cannot answer its request.
        let mut wrong = meeting(5, allies_plus(&[]), "2024-05-08T10:00:00Z");
        wrong.request = Some(RequestId(1));
        assert_eq!(r.convene(&wrong, &s, t("2024-05-03T08:00:00Z"), net()).unwrap_err().code(), "invalid");
        let mut other = meeting(6, allies_plus(&["MDA"]), "2024-05-08T10:00:00Z");
        other.request = Some(RequestId(99));
        assert!(r.convene(&other, &s, t("2024-05-03T08:00:00Z"), net()).is_err());
        let late = meeting(7, allies_plus(&["MDA"]), "2024-05-20T10:00:00Z");
        r.convene(&late, &s, t("2024-05-03T08:00:00Z"), net()).unwrap();
        assert!(r.overdue(&targets, t("2024-05-03T09:00:00Z")).meeting_scheduled_late);
        r.meeting_cancelled("Moved earlier", &s, t("2024-05-03T09:00:00Z")).unwrap();
        assert_eq!((r.state(), r.meeting), (RequestState::Acknowledged, None));
        let mut m = held_meeting(8, allies_plus(&["MDA"]), "2024-05-08T10:00:00Z");
        assert!(r.convene(&m, &s, t("2024-05-03T10:00:00Z"), net()).is_err(), "already held");
        m = meeting(8, allies_plus(&["MDA"]), "2024-05-08T10:00:00Z");
        r.convene(&m, &s, t("2024-05-03T10:00:00Z"), net()).unwrap();
        assert!(!r.overdue(&targets, t("2024-05-03T11:00:00Z")).any());
        assert!(r.meeting_held(&m, &s, t("2024-05-08T12:00:00Z")).is_err(), "not held yet");
        m.advance(MeetingStatus::Convened, &s, t("2024-05-03T10:00:00Z"), "", None).unwrap();
        m.advance(MeetingStatus::Held, &s, t("2024-05-08T12:00:00Z"), "", None).unwrap();
        assert!(r.meeting_held(&late, &s, t("2024-05-08T12:00:00Z")).is_err(), "another meeting");
        r.meeting_held(&m, &s, t("2024-05-08T12:00:00Z")).unwrap();
        assert!(r.withdraw("too late", &delegate("MDA"), t("2024-05-08T13:00:00Z")).is_err());
        r.close("Consultations held", &s, t("2024-05-09T12:00:00Z")).unwrap();
        let times = r.times(net());
        assert_eq!(times.request_to_ack_hours, Some(24.0));
        assert_eq!(times.ack_to_meeting_hours, Some(6.0 * 24.0 + 2.0));
        assert_eq!(times.request_to_meeting_hours, Some(7.0 * 24.0 + 2.0));
        assert_eq!(times.size_band, Some(SizeBand::Small), "Moldova: {:?}", times.population_millions);
        assert_eq!(times.state, RequestState::Closed);
        assert_eq!(r.elapsed(t("2030-01-01T00:00:00Z")), Duration::hours(8 * 24 + 4));
        let rebuilt = ConsultationRequest::from_parts(
            r.id,
            r.requester.clone(),
            r.basis,
            r.threat.clone(),
            r.marking.clone(),
            r.meeting,
            r.history().to_vec(),
        );
        assert_eq!(rebuilt.unwrap(), r);
    }

    #[test]
    fn withdrawal_and_decline_need_reasons_and_stop_the_clock() {
        let s = staff();
        let targets = ResponseTargets::default();
        let mut r = filed("UKR", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
        assert!(r.withdraw("x", &delegate("POL"), t("2024-05-01T09:00:00Z")).is_err());
        assert!(r.withdraw(" ", &delegate("UKR"), t("2024-05-01T09:00:00Z")).is_err());
        r.withdraw("Situation de-escalated", &delegate("UKR"), t("2024-05-01T09:00:00Z")).unwrap();
        assert!(!r.overdue(&targets, t("2024-06-01T00:00:00Z")).any());
        assert_eq!(r.elapsed(t("2024-06-01T00:00:00Z")), Duration::hours(1));
        assert_eq!(r.times(net()).request_to_ack_hours, None);
        let mut r = filed("UKR", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
        assert!(r.decline("", &s, t("2024-05-01T09:00:00Z")).is_err());
        r.decline("Duplicate of an earlier request", &s, t("2024-05-01T09:00:00Z")).unwrap();
        assert_eq!(
            r.acknowledge("", &s, t("2024-05-01T10:00:00Z")).unwrap_err().to_string(),
            "a request cannot go from 'Declined' to 'Acknowledged'"
        );
    }

    #[test]
    fn a_fitting_format_is_proposed() {
        let on = d("2024-06-01");
        let p = propose_format(&filed("POL", RequestBasis::Article4, "2024-05-01T08:00:00Z"), net(), on);
        assert_eq!(p.spec.resolve(net(), on).seats.len(), 32);
        let geo = filed("GEO", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
        let p = propose_format(&geo, net(), on);
        let res = p.spec.resolve(net(), on);
        assert_eq!((res.allies(), res.partners()), (32, 1));
        assert!(res.includes(&code("GEO")));
        let suggested: Vec<&str> = p.suggestions.iter().map(|s| s.nation.as_str()).collect();
        assert_eq!(suggested, ["ARM", "AZE"]);
        // Russia and Belarus, suspended, are not suggested as Ukraine's neighbours.
        let ukr = filed("UKR", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
        let suggested: Vec<String> =
            propose_format(&ukr, net(), on).suggestions.iter().map(|s| s.nation.to_string()).collect();
        assert_eq!(suggested, ["MDA"]);
    }

    proptest! {
        /// Eligibility follows the network on the filing date, for every nation and basis.
        #[test]
        fn eligibility_follows_the_network(i in 0usize..200, b in 0usize..3, days in 0i64..12_000) {
            let nations: Vec<_> = net().nations().map(|n| n.code.clone()).collect();
            let nation = &nations[i % nations.len()];
            let on = d("1993-01-01") + Duration::days(days);
            let basis = RequestBasis::ALL[b];
            let status = net().status_on(nation, on);
            let expected = match basis {
                RequestBasis::Article4 => status == NationStatus::Ally,
                RequestBasis::Paragraph8 => net().is_active(nation, &fw("PFP"), on),
                RequestBasis::Other => matches!(status, NationStatus::Partner { .. }),
            };
            prop_assert_eq!(check_eligibility(nation, basis, on, net()).is_ok(), expected);
        }

        /// Response intervals add up, and the overdue flags follow the deadlines.
        #[test]
        fn times_add_up(ack_h in 0i64..400, meet_h in 0i64..700, now_h in 0i64..1000) {
            let s = staff();
            let mut r = filed("GEO", RequestBasis::Paragraph8, "2024-05-01T08:00:00Z");
            let t0 = r.submitted_at();
            let targets = ResponseTargets::default();
            let now = t0 + Duration::hours(now_h);
            prop_assert_eq!(r.overdue(&targets, now).acknowledgement, now_h > 48);
            r.acknowledge("", &s, t0 + Duration::hours(ack_h)).unwrap();
            let start = t0 + Duration::hours(ack_h + meet_h);
            let mut m = meeting(2, allies_plus(&["GEO"]), &start.to_rfc3339());
            r.convene(&m, &s, t0 + Duration::hours(ack_h), net()).unwrap();
            prop_assert_eq!(r.overdue(&targets, t0 + Duration::hours(ack_h)).meeting_scheduled_late, ack_h + meet_h > 336);
            m.advance(MeetingStatus::Convened, &s, t0 + Duration::hours(ack_h), "", None).unwrap();
            m.advance(MeetingStatus::Held, &s, start, "", None).unwrap();
            r.meeting_held(&m, &s, start).unwrap();
            let times = r.times(net());
            let (a, b, c) = (times.request_to_ack_hours.unwrap(), times.ack_to_meeting_hours.unwrap(), times.request_to_meeting_hours.unwrap());
            prop_assert!((a + b - c).abs() < 1e-9);
            prop_assert_eq!(c, (ack_h + meet_h) as f64);
            prop_assert!(!r.overdue(&targets, now).any());
        }
    }
}
