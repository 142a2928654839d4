//! What a principal may do now, asked of the same rules that decide when they act.
//!
//! Pages offer exactly these forms and nothing else: each answer comes from running the rule
//! itself on a copy (a dry run with placeholder input), so an offered action is one the domain
//! would accept now, and a refused one is never offered. Input checks (an empty title, a date in
//! the past) are left to the form; only who, when and in which state decide here.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::agenda::{Agenda, AgendaItem, AgendaProposal, AgendaStatus};
use super::common::{AgendaItemId, DecisionId, Release};
use super::decision::{Action, ActionDraft, ActionStatus, Decision, DecisionDraft, Position};
use super::meeting::{Meeting, MeetingStatus, participants};
use super::paper::Paper;
use super::poll::{Answer, Poll, PollDraft};
use super::record::{SilenceState, SummaryRecord};
use super::request::{ConsultationRequest, RequestState};
use crate::access::Principal;
use crate::registry::{Basis, NationCode, Network};

/// A reason to give where a rule wants one; dry runs only.
const PROBE_NOTE: &str = "probe";

/// What a principal may do to a meeting and inside it, now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MeetingActions {
    /// The statuses the meeting may be moved to now (cancelling needs a reason in the form).
    pub advance: Vec<MeetingStatus>,
    /// Change its time, title or venue.
    pub edit: bool,
    pub propose_item: bool,
    pub add_paper: bool,
    /// Start the summary record (the meeting has none yet).
    pub start_record: bool,
    pub record_decision: bool,
    pub assign_action: bool,
    pub open_poll: bool,
}

impl Meeting {
    /// What `by` may do to this meeting and inside it at `at`; `record` is its summary record.
    pub fn allowed_actions(
        &self,
        by: &Principal,
        at: DateTime<Utc>,
        record: Option<&SummaryRecord>,
        network: &Network,
    ) -> MeetingActions {
        let advance = self
            .status()
            .successors()
            .iter()
            .copied()
            .filter(|to| self.clone().advance(*to, by, at, PROBE_NOTE, record).is_ok())
            .collect();
        let edit = self.clone().amend(&self.title, self.venue.clone(), by, at).is_ok();
        let probe = Release::probe();
        let propose_item = Agenda::new(self.id)
            .propose(
                AgendaItemId(0),
                &AgendaProposal { title: PROBE_NOTE.into(), description: String::new(), release: probe.clone() },
                by,
                at,
                self,
                network,
            )
            .is_ok();
        let start_record = record.is_none() && SummaryRecord::draft(self, &probe, PROBE_NOTE, by, at).is_ok();
        let record_decision = Decision::record(
            DecisionId(0),
            self,
            &DecisionDraft { text: PROBE_NOTE.into(), release: probe.clone(), positions: Vec::new() },
            by,
            at,
            network,
        )
        .is_ok();
        let assign_action = participants(self, network).seats.first().is_some_and(|seat| {
            Action::assign(
                super::common::ActionId(0),
                self,
                &ActionDraft {
                    title: PROBE_NOTE.into(),
                    owner: seat.nation.clone(),
                    due: at.date_naive(),
                    decision: None,
                    release: probe.clone(),
                },
                by,
                at,
                network,
            )
            .is_ok()
        });
        let open_poll = Poll::open(
            super::common::PollId(0),
            self,
            &PollDraft {
                title: PROBE_NOTE.into(),
                options: vec![at + Duration::days(1), at + Duration::days(2)],
                hide_results_until_close: false,
                closes_at: None,
            },
            by,
            at,
        )
        .is_ok();
        MeetingActions {
            advance,
            edit,
            propose_item,
            add_paper: Paper::may_add(by, self, network),
            start_record,
            record_decision,
            assign_action,
            open_poll,
        }
    }
}

/// What a principal may do to one agenda item now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ItemActions {
    pub accept: bool,
    pub reject: bool,
    pub withdraw: bool,
    /// Change its title and description.
    pub edit: bool,
}

impl ItemActions {
    pub fn any(&self) -> bool {
        self.accept || self.reject || self.withdraw || self.edit
    }
}

impl Agenda {
    /// What `by` may do to item `id` of this agenda at `at`.
    pub fn allowed_actions(
        &self,
        id: AgendaItemId,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> ItemActions {
        let Some(item) = self.item(id) else {
            return ItemActions::default();
        };
        ItemActions {
            edit: self.clone().amend(id, &item.title, &item.description, by, at, meeting).is_ok(),
            accept: self.clone().accept(id, by, at, meeting).is_ok(),
            reject: self.clone().reject(id, PROBE_NOTE, by, at, meeting).is_ok(),
            withdraw: self.clone().withdraw(id, PROBE_NOTE, by, at, meeting).is_ok(),
        }
    }
}

/// Whether an agenda item awaits the staff's decision (for lists that group pending items).
pub fn is_pending(item: &AgendaItem) -> bool {
    item.status() == AgendaStatus::Proposed
}

/// What a principal may do to a meeting's summary record now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecordActions {
    /// Draft a new version.
    pub draft: bool,
    /// Circulate this version (the latest, not yet circulated).
    pub circulate: Option<u32>,
    /// Break silence on this version (the one in circulation).
    pub break_silence: Option<u32>,
}

impl SummaryRecord {
    /// What `by` may do to this record at `at`.
    pub fn allowed_actions(
        &self,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
        network: &Network,
    ) -> RecordActions {
        let draft = self.clone().add_version(PROBE_NOTE, by, at).is_ok();
        let circulate = self
            .versions()
            .last()
            .map(|v| v.number)
            .filter(|n| self.clone().circulate(*n, at + Duration::days(1), by, at).is_ok());
        let break_silence = match self.state_at(at) {
            SilenceState::Circulating { version, .. } | SilenceState::Broken { version, .. } => {
                Some(version).filter(|v| self.clone().break_silence(*v, PROBE_NOTE, by, at, meeting, network).is_ok())
            }
            _ => None,
        };
        RecordActions { draft, circulate, break_silence }
    }
}

/// What a principal may do to a scheduling poll now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PollActions {
    pub vote: bool,
    pub close: bool,
}

impl Poll {
    /// What `by` may do to this poll at `at`.
    pub fn allowed_actions(
        &self,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
        network: &Network,
    ) -> PollActions {
        let answers = self.options.iter().map(|o| (o.number, Answer::Yes)).collect();
        PollActions {
            vote: self.clone().vote(&answers, by, at, meeting, network).is_ok(),
            close: self.clone().close(by, at).is_ok(),
        }
    }
}

/// What a principal may do to a consultation request now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RequestActions {
    pub acknowledge: bool,
    pub decline: bool,
    /// Convene a meeting for it (staff, once acknowledged).
    pub convene: bool,
    pub close: bool,
    pub withdraw: bool,
}

impl RequestActions {
    pub fn any(&self) -> bool {
        self.acknowledge || self.decline || self.convene || self.close || self.withdraw
    }
}

impl ConsultationRequest {
    /// What `by` may do to this request at `at`.
    pub fn allowed_actions(&self, by: &Principal, at: DateTime<Utc>) -> RequestActions {
        RequestActions {
            acknowledge: self.clone().acknowledge("", by, at).is_ok(),
            decline: self.clone().decline(PROBE_NOTE, by, at).is_ok(),
            // Convening also needs a meeting that fits; the form checks it. The rule on who and
            // when is the same as for the step itself.
            convene: self.state() == RequestState::Acknowledged && by.is_staff() && by.can_write(),
            close: self.clone().close("", by, at).is_ok(),
            withdraw: self.clone().withdraw(PROBE_NOTE, by, at).is_ok(),
        }
    }
}

impl Action {
    /// The statuses `by` may move this action to at `at`.
    pub fn allowed_updates(&self, by: &Principal, at: DateTime<Utc>) -> Vec<ActionStatus> {
        self.status()
            .successors()
            .iter()
            .copied()
            .filter(|to| self.clone().update(*to, PROBE_NOTE, by, at).is_ok())
            .collect()
    }
}

impl Decision {
    /// The partners whose position `by` may state on this decision now (staff: every seated
    /// partner; a partner's delegation: itself).
    pub fn position_setters(&self, by: &Principal, meeting: &Meeting, network: &Network) -> Vec<NationCode> {
        participants(meeting, network)
            .seats
            .into_iter()
            .filter(|s| s.basis != Basis::Ally)
            .map(|s| s.nation)
            .filter(|n| self.clone().set_position(n.clone(), Position::Supports, by, meeting, network).is_ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Audience;
    use crate::consultation::testing::*;

    #[test]
    fn a_future_meeting_offers_no_held_no_decision_no_action() {
        let m = meeting(1, allies_plus(&["UKR"]), "2030-03-10T09:00:00Z");
        let now = t("2030-02-20T00:00:00Z");
        let a = m.allowed_actions(&staff(), now, None, net());
        assert_eq!(a.advance, vec![MeetingStatus::Convened, MeetingStatus::Cancelled]);
        assert!(a.edit && a.propose_item && a.add_paper && a.open_poll);
        assert!(!a.record_decision && !a.assign_action && !a.start_record);
        let mut convened = m.clone();
        convened.advance(MeetingStatus::Convened, &staff(), now, "", None).unwrap();
        let a = convened.allowed_actions(&staff(), now, None, net());
        assert_eq!(a.advance, vec![MeetingStatus::Cancelled], "not held before it starts");
    }

    #[test]
    fn delegations_are_offered_only_their_own_acts() {
        let m = meeting(1, allies_plus(&["UKR"]), "2030-03-10T09:00:00Z");
        let now = t("2030-02-20T00:00:00Z");
        let a = m.allowed_actions(&delegate("UKR"), now, None, net());
        assert!(a.advance.is_empty() && !a.edit && !a.open_poll);
        assert!(a.propose_item && a.add_paper);
        let a = m.allowed_actions(&analyst_of("UKR"), now, None, net());
        assert_eq!(a, MeetingActions::default(), "analysts only read");
        let a = m.allowed_actions(&delegate("MDA"), now, None, net());
        assert!(!a.propose_item && !a.add_paper, "a nation not seated");
    }

    #[test]
    fn a_held_meeting_offers_the_record_decisions_and_actions() {
        let m = held_meeting(1, allies_plus(&["UKR"]), "2024-03-10T09:00:00Z");
        let now = t("2024-03-10T12:00:00Z");
        let a = m.allowed_actions(&staff(), now, None, net());
        assert!(a.start_record && a.record_decision && a.assign_action);
        assert!(!a.propose_item && !a.open_poll && !a.edit);
        let r = record_for(&m, "2024-03-10T12:00:00Z");
        let ra = r.allowed_actions(&staff(), now, &m, net());
        assert_eq!(ra.circulate, Some(1));
        assert_eq!(ra.break_silence, None);
        let mut circulated = r.clone();
        circulated.circulate(1, t("2024-03-20T12:00:00Z"), &staff(), now).unwrap();
        let later = t("2024-03-11T12:00:00Z");
        assert_eq!(circulated.allowed_actions(&delegate("UKR"), later, &m, net()).break_silence, Some(1));
        let ra = circulated.allowed_actions(&staff(), later, &m, net());
        assert!(!ra.draft && ra.circulate.is_none() && ra.break_silence.is_none(), "an agreed-in-waiting record");
    }

    #[test]
    fn polls_and_requests_offer_what_their_rules_allow() {
        let m = meeting(1, allies_plus(&["UKR"]), "2030-03-10T09:00:00Z");
        let now = t("2030-02-20T00:00:00Z");
        let draft = PollDraft {
            title: "When?".into(),
            options: vec![t("2030-03-10T09:00:00Z"), t("2030-03-11T09:00:00Z")],
            hide_results_until_close: false,
            closes_at: None,
        };
        let (p, _) = Poll::open(super::super::common::PollId(3), &m, &draft, &staff(), now).unwrap();
        assert_eq!(p.allowed_actions(&staff(), now, &m, net()), PollActions { vote: false, close: true });
        assert_eq!(p.allowed_actions(&delegate("UKR"), now, &m, net()), PollActions { vote: true, close: false });
        let _ = release(Audience::AllPartners);
    }
}
