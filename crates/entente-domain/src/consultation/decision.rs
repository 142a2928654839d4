//! Decisions and follow-up actions.
//!
//! Allies decide by consensus, so a decision is one text, not a vote; the partners seated in the
//! meeting have their positions recorded beside it (supports / reserves / dissociates / no
//! position). An action has an owner nation seated in the meeting, a due date, and a status with
//! a history. The owner and the staff always see and update it; cancelling is for staff; other
//! participants see it as its marking allows (staff-only by default, so owner and staff alone).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    ActionId, Actor, ConsultationError, DecisionId, Lang, MeetingId, NOTE_MAX, Release, StatusChange, TEXT_MAX,
    TITLE_MAX, both, clean_text, illegal_transition, invalid, not_before, optional_text, require_staff_writer, subject,
};
use super::meeting::{Meeting, MeetingStatus, may_see_meeting, participants};
use crate::access::{Marking, Permit, Principal, Viewer, may_see};
use crate::registry::{Basis, NationCode, Network};
use crate::said;

/// A partner's position on a decision of the allies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Supports,
    /// Supports with reservations.
    Reserves,
    /// Dissociates itself from the decision.
    Dissociates,
    NoPosition,
}

impl Position {
    pub const ALL: [Position; 4] =
        [Position::Supports, Position::Reserves, Position::Dissociates, Position::NoPosition];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Supports => "supports",
            Position::Reserves => "reserves",
            Position::Dissociates => "dissociates",
            Position::NoPosition => "no_position",
        }
    }

    pub fn parse(s: &str) -> Option<Position> {
        Position::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Position::Supports => lang.pick("Supports", "Soutient"),
            Position::Reserves => lang.pick("Reserves its position", "Réserve sa position"),
            Position::Dissociates => lang.pick("Dissociates itself", "Se dissocie"),
            Position::NoPosition => lang.pick("No position", "Sans position"),
        }
    }
}

/// What staff fill in to record a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionDraft {
    pub text: String,
    pub release: Release,
    /// The positions partners stated; partners left out have none.
    pub positions: Vec<(NationCode, Position)>,
}

/// A decision of the allies taken in a held meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub id: DecisionId,
    pub meeting: MeetingId,
    pub text: String,
    pub marking: Marking,
    pub recorded_by: Actor,
    pub recorded_at: DateTime<Utc>,
    positions: BTreeMap<NationCode, Position>,
    /// Staff corrections of its text, oldest first: each keeps the text it replaced.
    revisions: Vec<Revision>,
    /// The stored row's version (0 before it is stored). A position is a row of its own (one per
    /// nation), so positions stated at the same moment never overwrite each other.
    #[serde(skip)]
    pub version: i64,
}

/// A correction of a recorded text: when, by whom, why, and the text it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub at: DateTime<Utc>,
    pub by: Actor,
    pub reason: String,
    /// The text before the correction.
    pub replaced: String,
}

impl Decision {
    /// Staff correct the decision's text while the meeting is not closed, saying why; the text
    /// replaced is kept as a revision.
    pub fn correct(
        &mut self,
        text: &str,
        reason: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-correct-decisions", "only alliance staff correct decisions"),
        )?;
        if meeting.id != self.meeting {
            return Err(invalid(
                "meeting",
                said!("err-decision-belongs-another-meeting", "the decision belongs to another meeting"),
            ));
        }
        if !matches!(meeting.status(), MeetingStatus::Held | MeetingStatus::RecordUnderSilence) {
            return Err(ConsultationError::Conflict(said!(
                "err-decisions-corrected-until-meeting",
                "decisions are corrected until the meeting closes"
            )));
        }
        let text = clean_text("text", text, TEXT_MAX)?;
        let reason = clean_text("reason", reason, NOTE_MAX)?;
        if text == self.text {
            return Err(invalid(
                "text",
                said!("err-unchanged-correction-changes-text", "is unchanged: a correction changes the text"),
            ));
        }
        not_before(at, self.revisions.last().map(|r| r.at))?;
        let replaced = std::mem::replace(&mut self.text, text);
        self.revisions.push(Revision { at, by: Actor::of(by), reason, replaced });
        Ok(Permit::new("decision.correct", by, subject::DECISION, self.id.0))
    }

    /// Whether `by` may correct it now (the rule the page uses to offer the form).
    pub fn may_correct(&self, by: &Principal, at: DateTime<Utc>, meeting: &Meeting) -> bool {
        let probe = if self.text == "probe" { "probe 2" } else { "probe" };
        self.clone().correct(probe, "probe", by, at, meeting).is_ok()
    }

    /// Its corrections, oldest first.
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// Its corrections, as stored.
    pub fn with_revisions(mut self, revisions: Vec<Revision>) -> Decision {
        self.revisions = revisions;
        self
    }

    /// Staff record a decision of a held meeting (before it closes), with the positions partners stated.
    pub fn record(
        id: DecisionId,
        meeting: &Meeting,
        draft: &DecisionDraft,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<(Decision, Permit), ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-record-decisions", "only alliance staff record decisions"))?;
        if !matches!(meeting.status(), MeetingStatus::Held | MeetingStatus::RecordUnderSilence) {
            return Err(ConsultationError::Conflict(said!(
                "err-decisions-recorded-meeting-has",
                "decisions are recorded for a meeting that has been held and is not closed"
            )));
        }
        let mut d = Decision {
            id,
            meeting: meeting.id,
            text: clean_text("text", &draft.text, TEXT_MAX)?,
            marking: draft.release.mark(None, at.date_naive()),
            recorded_by: Actor::of(by),
            recorded_at: at,
            positions: BTreeMap::new(),
            revisions: Vec::new(),
            version: 0,
        };
        for (i, (nation, position)) in draft.positions.iter().enumerate() {
            if draft.positions[..i].iter().any(|(n, _)| n == nation) {
                return Err(invalid(
                    "positions",
                    said!("err-nation-listed-twice", "{nation} is listed twice", nation = nation),
                ));
            }
            d.set_position(nation.clone(), *position, by, meeting, network)?;
        }
        Ok((d, Permit::new("decision.record", by, subject::DECISION, 0)))
    }

    /// Rebuild a stored decision.
    pub fn from_parts(
        id: DecisionId,
        meeting: MeetingId,
        text: String,
        marking: Marking,
        recorded_by: Actor,
        recorded_at: DateTime<Utc>,
        positions: impl IntoIterator<Item = (NationCode, Position)>,
    ) -> Decision {
        Decision {
            id,
            meeting,
            text,
            marking,
            recorded_by,
            recorded_at,
            positions: positions.into_iter().collect(),
            revisions: Vec::new(),
            version: 0,
        }
    }

    /// Record (or change) a partner's position: staff for any partner, a partner's delegation for
    /// its own, until the meeting closes. Only partners seated in the meeting have one: the allies
    /// took the decision by consensus.
    pub fn set_position(
        &mut self,
        nation: NationCode,
        position: Position,
        by: &Principal,
        meeting: &Meeting,
        network: &Network,
    ) -> Result<Permit, ConsultationError> {
        if !by.can_write() || !(by.is_staff() || by.nation() == Some(&nation)) {
            return Err(ConsultationError::NotPermitted(said!(
                "err-staff-partner-itself-record",
                "staff, or the partner itself, record a partner's position"
            )));
        }
        if meeting.id != self.meeting {
            return Err(invalid(
                "meeting",
                said!("err-decision-belongs-another-meeting", "the decision belongs to another meeting"),
            ));
        }
        if !matches!(meeting.status(), MeetingStatus::Held | MeetingStatus::RecordUnderSilence) {
            return Err(ConsultationError::Conflict(said!(
                "err-positions-recorded-until-meeting",
                "positions are recorded until the meeting closes"
            )));
        }
        let seats = participants(meeting, network);
        match seats.seats.iter().find(|s| s.nation == nation) {
            None => {
                return Err(invalid(
                    "positions",
                    said!("err-not-seated", "{nation} is not seated in this meeting", nation = nation),
                ));
            }
            Some(s) if s.basis == Basis::Ally => {
                return Err(invalid(
                    "positions",
                    said!("err-position-ally", "{nation} is an ally: allies decide by consensus", nation = nation),
                ));
            }
            Some(_) => {}
        }
        if position == Position::NoPosition {
            self.positions.remove(&nation);
        } else {
            self.positions.insert(nation, position);
        }
        Ok(Permit::new("decision.position", by, subject::DECISION, self.id.0))
    }

    /// The recorded positions (partners without one are left out).
    pub fn recorded_positions(&self) -> impl Iterator<Item = (&NationCode, Position)> {
        self.positions.iter().map(|(n, p)| (n, *p))
    }

    /// Every partner seated in the meeting with its position, `NoPosition` when none was stated.
    pub fn positions(&self, meeting: &Meeting, network: &Network) -> Vec<(NationCode, Position)> {
        participants(meeting, network)
            .seats
            .into_iter()
            .filter(|s| s.basis != Basis::Ally)
            .map(|s| {
                let p = self.positions.get(&s.nation).copied().unwrap_or(Position::NoPosition);
                (s.nation, p)
            })
            .collect()
    }
}

/// Whether `viewer` may see a decision: those who may see the meeting, as its marking allows.
pub fn may_see_decision(viewer: Viewer<'_>, decision: &Decision, meeting: &Meeting, network: &Network) -> bool {
    decision.meeting == meeting.id
        && may_see_meeting(viewer, meeting, network)
        && may_see(viewer, &decision.marking, network)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] =
        [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done, ActionStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ActionStatus::Open => lang.pick("Open", "Ouverte"),
            ActionStatus::InProgress => lang.pick("In progress", "En cours"),
            ActionStatus::Done => lang.pick("Done", "Achevée"),
            ActionStatus::Cancelled => lang.pick("Cancelled", "Annulée"),
        }
    }

    pub fn successors(self) -> &'static [ActionStatus] {
        match self {
            ActionStatus::Open => &[ActionStatus::InProgress, ActionStatus::Done, ActionStatus::Cancelled],
            ActionStatus::InProgress => &[ActionStatus::Open, ActionStatus::Done, ActionStatus::Cancelled],
            ActionStatus::Done | ActionStatus::Cancelled => &[],
        }
    }

    /// Whether work on the action is still expected.
    pub fn is_pending(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// Whether an action may go from `from` to `to`.
pub fn check_action_transition(from: ActionStatus, to: ActionStatus) -> Result<(), ConsultationError> {
    if from.successors().contains(&to) {
        Ok(())
    } else {
        Err(illegal_transition(said!("err-what-action", "an action"), both(|l| from.label(l)), both(|l| to.label(l))))
    }
}

/// What staff fill in to assign an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionDraft {
    pub title: String,
    pub owner: NationCode,
    pub due: NaiveDate,
    pub decision: Option<DecisionId>,
    pub release: Release,
}

/// A follow-up action of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub id: ActionId,
    pub meeting: MeetingId,
    pub decision: Option<DecisionId>,
    pub title: String,
    pub owner: NationCode,
    pub due: NaiveDate,
    pub marking: Marking,
    history: Vec<StatusChange<ActionStatus>>,
    /// Staff corrections of its title, owner or due date, oldest first.
    revisions: Vec<ActionRevision>,
    /// The stored row's version (0 before it is stored).
    #[serde(skip)]
    pub version: i64,
}

/// A correction of an action: when, by whom, why, and what it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRevision {
    pub at: DateTime<Utc>,
    pub by: Actor,
    pub reason: String,
    pub title: String,
    pub owner: NationCode,
    pub due: NaiveDate,
}

impl Action {
    /// Staff correct an action's title, owner or due date while it is pending, saying why; what
    /// it replaced is kept as a revision. The owner must be seated in the meeting.
    #[allow(clippy::too_many_arguments)]
    pub fn correct(
        &mut self,
        title: &str,
        owner: NationCode,
        due: NaiveDate,
        reason: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
        network: &Network,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-correct-actions", "only alliance staff correct actions"))?;
        if meeting.id != self.meeting {
            return Err(invalid(
                "meeting",
                said!("err-action-belongs-another-meeting", "the action belongs to another meeting"),
            ));
        }
        if !matches!(self.status(), ActionStatus::Open | ActionStatus::InProgress) {
            return Err(ConsultationError::Conflict(said!(
                "err-action-not-pending",
                "the action is '{status}': only pending actions are corrected",
                status = both(|l| self.status().label(l))
            )));
        }
        let title = clean_text("title", title, TITLE_MAX)?;
        if !participants(meeting, network).includes(&owner) {
            return Err(invalid(
                "owner",
                said!("err-not-seated", "{nation} is not seated in this meeting", nation = owner),
            ));
        }
        let reason = clean_text("reason", reason, NOTE_MAX)?;
        if title == self.title && owner == self.owner && due == self.due {
            return Err(invalid(
                "title",
                said!(
                    "err-nothing-changed-correction-changes",
                    "nothing changed: a correction changes the title, the owner or the due date"
                ),
            ));
        }
        not_before(at, self.revisions.last().map(|r| r.at))?;
        let before = ActionRevision {
            at,
            by: Actor::of(by),
            reason,
            title: std::mem::replace(&mut self.title, title),
            owner: std::mem::replace(&mut self.owner, owner),
            due: std::mem::replace(&mut self.due, due),
        };
        self.revisions.push(before);
        Ok(Permit::new("action.correct", by, subject::ACTION, self.id.0))
    }

    /// Whether `by` may correct it now (the rule the page uses to offer the form).
    pub fn may_correct(&self, by: &Principal, at: DateTime<Utc>, meeting: &Meeting, network: &Network) -> bool {
        let due = self.due.succ_opt().unwrap_or(self.due);
        self.clone().correct(&self.title, self.owner.clone(), due, "probe", by, at, meeting, network).is_ok()
    }

    /// Its corrections, oldest first.
    pub fn revisions(&self) -> &[ActionRevision] {
        &self.revisions
    }

    /// Its corrections, as stored.
    pub fn with_revisions(mut self, revisions: Vec<ActionRevision>) -> Action {
        self.revisions = revisions;
        self
    }

    /// Staff assign an action to a nation seated in a held meeting.
    pub fn assign(
        id: ActionId,
        meeting: &Meeting,
        draft: &ActionDraft,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<(Action, Permit), ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-assign-actions", "only alliance staff assign actions"))?;
        if !matches!(meeting.status(), MeetingStatus::Held | MeetingStatus::RecordUnderSilence | MeetingStatus::Closed)
        {
            return Err(ConsultationError::Conflict(said!(
                "err-actions-follow-meeting-has",
                "actions follow a meeting that has been held"
            )));
        }
        if !participants(meeting, network).includes(&draft.owner) {
            return Err(invalid(
                "owner",
                said!("err-not-seated", "{nation} is not seated in this meeting", nation = &draft.owner),
            ));
        }
        if draft.due < at.date_naive() {
            return Err(invalid("due", said!("err-due-date-past", "the due date is in the past")));
        }
        let action = Action {
            id,
            meeting: meeting.id,
            decision: draft.decision,
            title: clean_text("title", &draft.title, TITLE_MAX)?,
            owner: draft.owner.clone(),
            due: draft.due,
            marking: draft.release.mark(None, at.date_naive()),
            history: vec![StatusChange { status: ActionStatus::Open, at, by: Actor::of(by), note: String::new() }],
            revisions: Vec::new(),
            version: 0,
        };
        Ok((action, Permit::new("action.assign", by, subject::ACTION, 0)))
    }

    /// Rebuild a stored action; the history must start `open` and follow the workflow.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        id: ActionId,
        meeting: MeetingId,
        decision: Option<DecisionId>,
        title: String,
        owner: NationCode,
        due: NaiveDate,
        marking: Marking,
        history: Vec<StatusChange<ActionStatus>>,
    ) -> Result<Action, ConsultationError> {
        match history.first() {
            Some(c) if c.status == ActionStatus::Open => {}
            _ => {
                return Err(invalid(
                    "history",
                    said!("err-action-s-history-starts", "an action's history starts with 'open'"),
                ));
            }
        }
        for w in history.windows(2) {
            check_action_transition(w[0].status, w[1].status)?;
            not_before(w[1].at, Some(w[0].at))?;
        }
        Ok(Action { id, meeting, decision, title, owner, due, marking, history, revisions: Vec::new(), version: 0 })
    }

    pub fn status(&self) -> ActionStatus {
        self.history.last().map_or(ActionStatus::Open, |c| c.status)
    }

    pub fn history(&self) -> &[StatusChange<ActionStatus>] {
        &self.history
    }

    /// The owner or staff move the action along (staff alone cancel it), with a note.
    pub fn update(
        &mut self,
        to: ActionStatus,
        note: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, ConsultationError> {
        if !may_update_action(by, self) {
            return Err(ConsultationError::NotPermitted(said!(
                "err-owner-nation-alliance-staff",
                "only the owner nation and alliance staff update an action"
            )));
        }
        if to == ActionStatus::Cancelled && !by.is_staff() {
            return Err(ConsultationError::NotPermitted(said!(
                "err-alliance-staff-cancel-action",
                "only alliance staff cancel an action"
            )));
        }
        check_action_transition(self.status(), to)?;
        not_before(at, self.history.last().map(|c| c.at))?;
        let note = optional_text("note", note, NOTE_MAX)?;
        if to == ActionStatus::Cancelled && note.is_empty() {
            return Err(invalid("note", said!("err-give-reason-cancelling", "give the reason for cancelling")));
        }
        self.history.push(StatusChange { status: to, at, by: Actor::of(by), note });
        Ok(Permit::new("action.update", by, subject::ACTION, self.id.0))
    }
}

/// Whether the action is past its due date on `today` and still pending.
pub fn is_overdue(action: &Action, today: NaiveDate) -> bool {
    action.status().is_pending() && today > action.due
}

/// Whether `viewer` may see an action: staff and the owner nation always; other participants of
/// the meeting as the action's marking allows.
pub fn may_see_action(viewer: Viewer<'_>, action: &Action, meeting: &Meeting, network: &Network) -> bool {
    let Viewer::User(p) = viewer else { return false };
    if action.meeting != meeting.id {
        return false;
    }
    p.is_staff()
        || p.nation() == Some(&action.owner)
        || (may_see_meeting(viewer, meeting, network) && may_see(viewer, &action.marking, network))
}

/// Whether `principal` may update an action: staff and the owner nation's delegation (not analysts).
pub fn may_update_action(principal: &Principal, action: &Action) -> bool {
    principal.can_write() && (principal.is_staff() || principal.nation() == Some(&action.owner))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::Audience;
    use crate::consultation::testing::*;

    fn held() -> Meeting {
        held_meeting(3, allies_plus(&["UKR", "GEO"]), "2024-02-20T10:00:00Z")
    }

    fn action(owner: &str, audience: Audience) -> Action {
        let m = held();
        let draft = ActionDraft {
            title: "Report on the implementation of the package".into(),
            owner: code(owner),
            due: d("2024-03-31"),
            decision: None,
            release: release(audience),
        };
        Action::assign(ActionId(1), &m, &draft, &staff(), t("2024-02-21T10:00:00Z"), net()).unwrap().0
    }

    #[test]
    fn allies_decide_partners_position_themselves() {
        let m = held();
        let at = t("2024-02-20T13:00:00Z");
        let draft = |positions: &[(&str, Position)]| DecisionDraft {
            text: "The Council agreed to step up support.".into(),
            release: release(Audience::AllPartners),
            positions: positions.iter().map(|(n, p)| (code(n), *p)).collect(),
        };
        let record = |dr: &DecisionDraft| Decision::record(DecisionId(1), &m, dr, &staff(), at, net()).map(|(d, _)| d);
        let d = record(&draft(&[("UKR", Position::Supports), ("GEO", Position::Reserves)])).unwrap();
        assert_eq!(d.positions(&m, net()), [(code("GEO"), Position::Reserves), (code("UKR"), Position::Supports)]);
        let e = record(&draft(&[("FRA", Position::Dissociates)])).unwrap_err();
        assert_eq!(e.to_string(), "positions: FRA is an ally: allies decide by consensus");
        let e = record(&draft(&[("MDA", Position::Supports)])).unwrap_err();
        assert_eq!(e.to_string(), "positions: MDA is not seated in this meeting");
        assert!(record(&draft(&[("UKR", Position::Supports), ("UKR", Position::Reserves)])).is_err());
        assert!(Decision::record(DecisionId(2), &m, &draft(&[]), &delegate("USA"), at, net()).is_err());
        let mut d2 = record(&draft(&[])).unwrap();
        assert_eq!(d2.positions(&m, net()), [(code("GEO"), Position::NoPosition), (code("UKR"), Position::NoPosition)]);
        d2.set_position(code("UKR"), Position::Dissociates, &delegate("UKR"), &m, net()).unwrap();
        assert_eq!(d2.recorded_positions().collect::<Vec<_>>(), [(&code("UKR"), Position::Dissociates)]);
        let e = d2.set_position(code("UKR"), Position::Supports, &delegate("GEO"), &m, net()).unwrap_err();
        assert_eq!(e.code(), "not_permitted", "a partner states its own position only");
        assert!(d2.set_position(code("UKR"), Position::Supports, &analyst_of("UKR"), &m, net()).is_err());
        d2.set_position(code("UKR"), Position::NoPosition, &staff(), &m, net()).unwrap();
        assert_eq!(d2.recorded_positions().count(), 0);
        let planned = meeting(4, allies_plus(&[]), "2024-03-20T10:00:00Z");
        let e = Decision::record(DecisionId(3), &planned, &draft(&[]), &staff(), at, net()).unwrap_err();
        assert_eq!(e.code(), "conflict");
        assert!(may_see_decision(Viewer::User(&delegate("GEO")), &d, &m, net()));
        assert!(!may_see_decision(Viewer::User(&delegate("MDA")), &d, &m, net()));
    }

    #[test]
    fn actions_are_owned_and_tracked() {
        let m = held();
        let mut a = action("GEO", Audience::StaffOnly);
        assert_eq!(a.status(), ActionStatus::Open);
        let at = t("2024-03-01T10:00:00Z");
        assert!(a.update(ActionStatus::InProgress, "", &delegate("UKR"), at).is_err());
        assert!(a.update(ActionStatus::InProgress, "", &analyst_of("GEO"), at).is_err());
        a.update(ActionStatus::InProgress, "Team appointed", &delegate("GEO"), at).unwrap();
        assert_eq!(
            a.update(ActionStatus::Cancelled, "x", &delegate("GEO"), at).unwrap_err().code(),
            "not_permitted",
            "the owner does not cancel its own commitment"
        );
        assert!(a.update(ActionStatus::Done, "", &delegate("GEO"), t("2024-02-01T00:00:00Z")).is_err(), "time order");
        a.update(ActionStatus::Done, "Report sent", &delegate("GEO"), t("2024-03-20T10:00:00Z")).unwrap();
        assert_eq!(
            a.update(ActionStatus::Open, "", &staff(), t("2024-03-21T10:00:00Z")).unwrap_err().to_string(),
            "an action cannot go from 'Done' to 'Open'"
        );
        let kept: Vec<(ActionStatus, String)> = a.history().iter().map(|c| (c.status, c.note.clone())).collect();
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2], (ActionStatus::Done, "Report sent".to_string()));
        let rebuilt = Action::from_parts(
            a.id,
            a.meeting,
            a.decision,
            a.title.clone(),
            a.owner.clone(),
            a.due,
            a.marking.clone(),
            a.history().to_vec(),
        );
        assert_eq!(rebuilt.unwrap(), a);
        let d = ActionDraft {
            title: "x".into(),
            owner: code("MDA"),
            due: d("2024-03-31"),
            decision: None,
            release: release(Audience::StaffOnly),
        };
        assert!(Action::assign(ActionId(2), &m, &d, &staff(), t("2024-02-21T10:00:00Z"), net()).is_err());
        let past = ActionDraft { owner: code("UKR"), due: crate::consultation::testing::d("2024-02-01"), ..d };
        assert_eq!(
            Action::assign(ActionId(2), &m, &past, &staff(), t("2024-02-21T10:00:00Z"), net()).unwrap_err().to_string(),
            "due: the due date is in the past"
        );
    }

    #[test]
    fn overdue_and_who_sees_it() {
        let m = held();
        let mut a = action("GEO", Audience::StaffOnly);
        assert!(!is_overdue(&a, d("2024-03-31")), "due today is not overdue");
        assert!(is_overdue(&a, d("2024-04-01")));
        let sees = |p: &Principal, a: &Action| may_see_action(Viewer::User(p), a, &m, net());
        assert!(sees(&delegate("GEO"), &a) && sees(&staff(), &a) && sees(&analyst(), &a));
        assert!(!sees(&delegate("UKR"), &a) && !sees(&delegate("USA"), &a));
        assert!(!may_see_action(Viewer::Anonymous, &a, &m, net()));
        let wide = action("GEO", Audience::AllPartners);
        assert!(sees(&delegate("UKR"), &wide) && sees(&delegate("USA"), &wide));
        assert!(!sees(&delegate("MDA"), &wide), "not in the room");
        a.update(ActionStatus::Cancelled, "Superseded", &staff(), t("2024-03-01T00:00:00Z")).unwrap();
        assert!(!is_overdue(&a, d("2024-04-01")));
        assert!(may_update_action(&delegate("GEO"), &a) && !may_update_action(&delegate("UKR"), &a));
    }

    proptest! {
        /// Overdue exactly when pending and past due; any sequence of updates keeps a legal history.
        #[test]
        fn overdue_matches_its_definition(steps in proptest::collection::vec((0usize..4, any::<bool>()), 0..10), day in 0i64..120) {
            let mut a = action("UKR", Audience::StaffOnly);
            let mut at = t("2024-02-22T00:00:00Z");
            for (i, by_staff) in steps {
                at += chrono::Duration::hours(5);
                let who = if by_staff { staff() } else { delegate("UKR") };
                let _ = a.update(ActionStatus::ALL[i], "note", &who, at);
            }
            for w in a.history().windows(2) {
                prop_assert!(check_action_transition(w[0].status, w[1].status).is_ok());
                prop_assert!(w[1].status != ActionStatus::Cancelled || w[1].by.nation().is_none());
            }
            let today = d("2024-02-21") + chrono::Duration::days(day);
            prop_assert_eq!(is_overdue(&a, today), a.status().is_pending() && today > d("2024-03-31"));
        }
    }
}
