//! The agenda of a meeting: items proposed by staff or by any participating nation (partners
//! too), accepted or rejected by staff, withdrawn by staff or by the proposing nation, and put in
//! order by staff. Items change only while the meeting is upcoming.
//!
//! Visibility: a proposal is between its proposer and the staff until it is accepted; an accepted
//! item is seen by those who may see the meeting, as its marking allows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    Actor, AgendaItemId, ConsultationError, Lang, MeetingId, NOTE_MAX, Release, StatusChange, TEXT_MAX, TITLE_MAX,
    both, clean_text, illegal_transition, invalid, not_before, optional_text, require_staff_writer, subject,
};
use super::meeting::{Meeting, may_see_meeting, participants};
use crate::access::{Marking, Permit, Principal, Viewer, may_see};
use crate::registry::{NationCode, Network};
use crate::said;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaStatus {
    Proposed,
    Accepted,
    Rejected,
    Withdrawn,
}

impl AgendaStatus {
    pub const ALL: [AgendaStatus; 4] =
        [AgendaStatus::Proposed, AgendaStatus::Accepted, AgendaStatus::Rejected, AgendaStatus::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            AgendaStatus::Proposed => "proposed",
            AgendaStatus::Accepted => "accepted",
            AgendaStatus::Rejected => "rejected",
            AgendaStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgendaStatus::Proposed => lang.pick("Proposed", "Proposé"),
            AgendaStatus::Accepted => lang.pick("On the agenda", "À l'ordre du jour"),
            AgendaStatus::Rejected => lang.pick("Rejected", "Rejeté"),
            AgendaStatus::Withdrawn => lang.pick("Withdrawn", "Retiré"),
        }
    }

    pub fn parse(s: &str) -> Option<AgendaStatus> {
        AgendaStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn successors(self) -> &'static [AgendaStatus] {
        match self {
            AgendaStatus::Proposed => &[AgendaStatus::Accepted, AgendaStatus::Rejected, AgendaStatus::Withdrawn],
            AgendaStatus::Accepted => &[AgendaStatus::Withdrawn],
            AgendaStatus::Rejected | AgendaStatus::Withdrawn => &[],
        }
    }
}

/// Whether an agenda item may go from `from` to `to`.
pub fn check_agenda_transition(from: AgendaStatus, to: AgendaStatus) -> Result<(), ConsultationError> {
    if from.successors().contains(&to) {
        Ok(())
    } else {
        Err(illegal_transition(
            said!("err-what-agenda-item", "an agenda item"),
            both(|l| from.label(l)),
            both(|l| to.label(l)),
        ))
    }
}

/// What a proposer fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaProposal {
    pub title: String,
    pub description: String,
    pub release: Release,
}

/// An agenda item. The marking's originator is the proposing nation (none when staff propose).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub meeting: MeetingId,
    pub title: String,
    pub description: String,
    pub marking: Marking,
    pub proposed_by: Actor,
    /// Place among the accepted items, from 1; none unless accepted.
    pub position: Option<u32>,
    history: Vec<StatusChange<AgendaStatus>>,
    /// The stored row's version (0 before it is stored).
    #[serde(skip)]
    pub version: i64,
}

impl AgendaItem {
    pub fn status(&self) -> AgendaStatus {
        self.history.last().map_or(AgendaStatus::Proposed, |c| c.status)
    }

    pub fn history(&self) -> &[StatusChange<AgendaStatus>] {
        &self.history
    }

    pub fn proposed_at(&self) -> Option<DateTime<Utc>> {
        self.history.first().map(|c| c.at)
    }

    /// Whether `by` writes for the nation that proposed the item and the proposal awaits a decision.
    pub fn is_own_pending_proposal(&self, by: &Principal) -> bool {
        by.can_write()
            && by.nation().is_some()
            && by.nation() == self.proposer_nation()
            && self.status() == AgendaStatus::Proposed
    }

    /// The proposing nation, if a nation proposed the item.
    pub fn proposer_nation(&self) -> Option<&NationCode> {
        self.proposed_by.nation()
    }

    /// Rebuild an item from its stored parts; the history must start `proposed` and follow the workflow.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        id: AgendaItemId,
        meeting: MeetingId,
        title: String,
        description: String,
        marking: Marking,
        proposed_by: Actor,
        position: Option<u32>,
        history: Vec<StatusChange<AgendaStatus>>,
    ) -> Result<AgendaItem, ConsultationError> {
        match history.first() {
            Some(c) if c.status == AgendaStatus::Proposed => {}
            _ => {
                return Err(invalid(
                    "history",
                    said!("err-agenda-item-s-history", "an agenda item's history starts with 'proposed'"),
                ));
            }
        }
        for w in history.windows(2) {
            check_agenda_transition(w[0].status, w[1].status)?;
            not_before(w[1].at, Some(w[0].at))?;
        }
        let item = AgendaItem { id, meeting, title, description, marking, proposed_by, position, history, version: 0 };
        if (item.status() == AgendaStatus::Accepted) != item.position.is_some() {
            return Err(invalid(
                "position",
                said!("err-accepted-items-they-have", "accepted items, and only they, have a position"),
            ));
        }
        Ok(item)
    }
}

/// The agenda of one meeting: every item ever proposed to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub meeting: MeetingId,
    items: Vec<AgendaItem>,
}

impl Agenda {
    pub fn new(meeting: MeetingId) -> Agenda {
        Agenda { meeting, items: Vec::new() }
    }

    /// Gather a meeting's stored items; the accepted ones must hold positions 1..n.
    pub fn from_items(meeting: MeetingId, items: Vec<AgendaItem>) -> Result<Agenda, ConsultationError> {
        if items.iter().any(|i| i.meeting != meeting) {
            return Err(invalid(
                "meeting",
                said!("err-item-belongs-another-meeting", "an item belongs to another meeting"),
            ));
        }
        for (i, item) in items.iter().enumerate() {
            if items[..i].iter().any(|x| x.id == item.id) {
                return Err(invalid(
                    "id",
                    said!("err-agenda-item-twice", "agenda item {id} is listed twice", id = item.id.0),
                ));
            }
        }
        let mut positions: Vec<u32> = items.iter().filter_map(|i| i.position).collect();
        positions.sort_unstable();
        if positions.iter().enumerate().any(|(i, p)| *p as usize != i + 1) {
            return Err(invalid(
                "position",
                said!("err-accepted-items-must-numbered", "the accepted items must be numbered 1, 2, 3 … without gaps"),
            ));
        }
        Ok(Agenda { meeting, items })
    }

    pub fn items(&self) -> &[AgendaItem] {
        &self.items
    }

    pub fn item(&self, id: AgendaItemId) -> Option<&AgendaItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The agenda as it will be taken: the accepted items in order.
    pub fn ordered(&self) -> Vec<&AgendaItem> {
        let mut v: Vec<&AgendaItem> = self.items.iter().filter(|i| i.position.is_some()).collect();
        v.sort_by_key(|i| (i.position, i.id));
        v
    }

    /// Proposals awaiting the staff's decision, oldest first.
    pub fn pending(&self) -> Vec<&AgendaItem> {
        let mut v: Vec<&AgendaItem> = self.items.iter().filter(|i| i.status() == AgendaStatus::Proposed).collect();
        v.sort_by_key(|i| (i.proposed_at(), i.id));
        v
    }

    fn check_meeting(&self, meeting: &Meeting) -> Result<(), ConsultationError> {
        if meeting.id != self.meeting {
            return Err(invalid(
                "meeting",
                said!("err-agenda-belongs-another-meeting", "the agenda belongs to another meeting"),
            ));
        }
        if !meeting.status().is_upcoming() {
            return Err(ConsultationError::Conflict(said!(
                "err-agenda-closed",
                "the agenda of a meeting that is '{status}' can no longer be changed",
                status = both(|l| meeting.status().label(l))
            )));
        }
        Ok(())
    }

    /// Propose an item: staff, or the delegation of a nation seated in the meeting.
    pub fn propose(
        &mut self,
        id: AgendaItemId,
        proposal: &AgendaProposal,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
        network: &Network,
    ) -> Result<(&AgendaItem, Permit), ConsultationError> {
        if !by.can_write() {
            return Err(ConsultationError::NotPermitted(said!(
                "err-analysts-do-propose-agenda",
                "analysts do not propose agenda items"
            )));
        }
        if let Some(n) = by.nation()
            && !participants(meeting, network).includes(n)
        {
            return Err(ConsultationError::NotPermitted(said!(
                "err-nations-seated-meeting-propose",
                "only nations seated in the meeting propose agenda items"
            )));
        }
        self.check_meeting(meeting)?;
        if self.item(id).is_some() {
            return Err(invalid("id", said!("err-agenda-item-exists", "agenda item {id} already exists", id = id.0)));
        }
        let item = AgendaItem {
            id,
            meeting: self.meeting,
            title: clean_text("title", &proposal.title, TITLE_MAX)?,
            description: optional_text("description", &proposal.description, TEXT_MAX)?,
            marking: proposal.release.mark(by.nation().cloned(), at.date_naive()),
            proposed_by: Actor::of(by),
            position: None,
            history: vec![StatusChange { status: AgendaStatus::Proposed, at, by: Actor::of(by), note: String::new() }],
            version: 0,
        };
        self.items.push(item);
        let last = self.items.len() - 1;
        Ok((&self.items[last], Permit::new("agenda.propose", by, subject::AGENDA_ITEM, 0)))
    }

    fn change(
        &mut self,
        id: AgendaItemId,
        to: AgendaStatus,
        by: &Principal,
        at: DateTime<Utc>,
        note: &str,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        self.check_meeting(meeting)?;
        let note = optional_text("note", note, NOTE_MAX)?;
        let Some(idx) = self.items.iter().position(|i| i.id == id) else {
            return Err(invalid(
                "id",
                said!("err-agenda-item-absent", "agenda item {id} is not on this agenda", id = id.0),
            ));
        };
        let item = &self.items[idx];
        check_agenda_transition(item.status(), to)?;
        not_before(at, item.history.last().map(|c| c.at))?;
        if to == AgendaStatus::Rejected && note.is_empty() {
            return Err(invalid(
                "note",
                said!("err-give-reason-rejecting-item", "give the reason for rejecting the item"),
            ));
        }
        let was_accepted = item.position.is_some();
        let next = self.ordered().len() as u32 + 1;
        let item = &mut self.items[idx];
        item.history.push(StatusChange { status: to, at, by: Actor::of(by), note });
        if to == AgendaStatus::Accepted {
            item.position = Some(next);
        } else if was_accepted {
            item.position = None;
            self.renumber();
        }
        let action = match to {
            AgendaStatus::Accepted => "agenda.accept",
            AgendaStatus::Rejected => "agenda.reject",
            AgendaStatus::Withdrawn => "agenda.withdraw",
            AgendaStatus::Proposed => "agenda.propose",
        };
        Ok(Permit::new(action, by, subject::AGENDA, self.meeting.0))
    }

    fn renumber(&mut self) {
        let order: Vec<AgendaItemId> = self.ordered().iter().map(|i| i.id).collect();
        for item in &mut self.items {
            item.position = order.iter().position(|x| *x == item.id).map(|p| p as u32 + 1);
        }
    }

    /// Staff accept a proposal; it goes to the end of the agenda.
    pub fn accept(
        &mut self,
        id: AgendaItemId,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-accept-agenda", "only alliance staff accept agenda items"))?;
        self.change(id, AgendaStatus::Accepted, by, at, "", meeting)
    }

    /// Staff reject a proposal, with a reason.
    pub fn reject(
        &mut self,
        id: AgendaItemId,
        reason: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-reject-agenda", "only alliance staff reject agenda items"))?;
        self.change(id, AgendaStatus::Rejected, by, at, reason, meeting)
    }

    /// Withdraw an item: staff at any time before the meeting; the proposing nation while its
    /// proposal awaits a decision. The items after it move up.
    pub fn withdraw(
        &mut self,
        id: AgendaItemId,
        reason: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        let item = self.item(id).ok_or_else(|| {
            invalid("id", said!("err-agenda-item-absent", "agenda item {id} is not on this agenda", id = id.0))
        })?;
        let own_proposal = item.is_own_pending_proposal(by);
        if !own_proposal {
            require_staff_writer(
                by,
                said!(
                    "err-agenda-withdraw-who",
                    "only alliance staff, or the proposing nation before a decision, withdraw an item"
                ),
            )?;
        }
        self.change(id, AgendaStatus::Withdrawn, by, at, reason, meeting)
    }

    /// Change an item's title and description before the meeting starts: the proposing nation
    /// while its proposal awaits a decision, staff on any item still on the agenda or awaiting one.
    pub fn amend(
        &mut self,
        id: AgendaItemId,
        title: &str,
        description: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        self.check_meeting(meeting)?;
        let item = self.item(id).ok_or_else(|| {
            invalid("id", said!("err-agenda-item-absent", "agenda item {id} is not on this agenda", id = id.0))
        })?;
        let own_proposal = item.is_own_pending_proposal(by);
        if !own_proposal {
            require_staff_writer(
                by,
                said!(
                    "err-alliance-staff-proposing-nation",
                    "only alliance staff, or the proposing nation before a decision, edit an item"
                ),
            )?;
        }
        if !matches!(item.status(), AgendaStatus::Proposed | AgendaStatus::Accepted) {
            return Err(ConsultationError::Conflict(said!(
                "err-agenda-item-not-editable",
                "the item is '{status}': only items proposed or on the agenda are edited",
                status = both(|l| item.status().label(l))
            )));
        }
        if at >= meeting.start {
            return Err(ConsultationError::Conflict(said!(
                "err-meeting-has-started-agenda",
                "the meeting has started: its agenda items are no longer edited"
            )));
        }
        let title = clean_text("title", title, TITLE_MAX)?;
        let description = optional_text("description", description, TEXT_MAX)?;
        let Some(item) = self.items.iter_mut().find(|i| i.id == id) else {
            return Err(invalid(
                "id",
                said!("err-agenda-item-absent", "agenda item {id} is not on this agenda", id = id.0),
            ));
        };
        item.title = title;
        item.description = description;
        Ok(Permit::new("agenda.amend", by, subject::AGENDA, self.meeting.0))
    }

    /// Staff put the accepted items in a new order; `order` must name each accepted item once.
    pub fn reorder(
        &mut self,
        order: &[AgendaItemId],
        by: &Principal,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-order-agenda", "only alliance staff order the agenda"))?;
        self.check_meeting(meeting)?;
        let mut accepted: Vec<AgendaItemId> = self.ordered().iter().map(|i| i.id).collect();
        let mut given = order.to_vec();
        accepted.sort_unstable();
        given.sort_unstable();
        if accepted != given {
            return Err(invalid(
                "order",
                said!("err-name-every-accepted-item", "name every accepted item exactly once"),
            ));
        }
        for item in &mut self.items {
            item.position = order.iter().position(|x| *x == item.id).map(|p| p as u32 + 1);
        }
        Ok(Permit::new("agenda.reorder", by, subject::AGENDA, self.meeting.0))
    }
}

/// Whether `viewer` may see an agenda item: staff and the proposing nation always (if they may see
/// the meeting); others once it is accepted, if they may see the meeting and the item's marking.
pub fn may_see_agenda_item(viewer: Viewer<'_>, item: &AgendaItem, meeting: &Meeting, network: &Network) -> bool {
    if item.meeting != meeting.id || !may_see_meeting(viewer, meeting, network) {
        return false;
    }
    let Viewer::User(p) = viewer else { return false };
    p.is_staff()
        || (p.nation().is_some() && p.nation() == item.proposer_nation())
        || (item.status() == AgendaStatus::Accepted && may_see(viewer, &item.marking, network))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::Audience;
    use crate::consultation::meeting::MeetingStatus;
    use crate::consultation::testing::*;

    fn proposal(title: &str, audience: Audience) -> AgendaProposal {
        AgendaProposal { title: title.into(), description: String::new(), release: release(audience) }
    }

    fn setup() -> (Meeting, Agenda) {
        let m = meeting(7, allies_plus(&["UKR", "GEO"]), "2024-02-20T10:00:00Z");
        (m, Agenda::new(MeetingId(7)))
    }

    #[test]
    fn participating_partners_propose_and_staff_decide() {
        let (m, mut a) = setup();
        let at = t("2024-02-01T10:00:00Z");
        let p = proposal("Security situation in the Black Sea region", Audience::AllPartners);
        let (item, _) = a.propose(AgendaItemId(1), &p, &delegate("UKR"), at, &m, net()).unwrap();
        assert_eq!(item.marking.originator, Some(code("UKR")));
        assert_eq!(item.status(), AgendaStatus::Proposed);
        assert_eq!(
            a.propose(AgendaItemId(2), &p, &delegate("MDA"), at, &m, net()).unwrap_err().code(),
            "not_permitted",
            "Moldova is not in this format"
        );
        assert!(a.propose(AgendaItemId(2), &p, &analyst_of("UKR"), at, &m, net()).is_err());
        assert!(a.propose(AgendaItemId(1), &p, &staff(), at, &m, net()).is_err(), "ids are unique");
        a.propose(AgendaItemId(2), &proposal("Opening remarks", Audience::Public), &staff(), at, &m, net()).unwrap();
        a.propose(AgendaItemId(3), &proposal("Georgia's item", Audience::StaffOnly), &delegate("GEO"), at, &m, net())
            .unwrap();
        assert_eq!(a.pending().len(), 3);
        let later = t("2024-02-02T10:00:00Z");
        assert!(a.accept(AgendaItemId(1), &delegate("UKR"), later, &m).is_err(), "staff decide");
        a.accept(AgendaItemId(2), &staff(), later, &m).unwrap();
        a.accept(AgendaItemId(1), &staff(), later, &m).unwrap();
        assert!(a.reject(AgendaItemId(3), "", &staff(), later, &m).is_err(), "a rejection has a reason");
        a.reject(AgendaItemId(3), "Covered under item 2", &staff(), later, &m).unwrap();
        let order: Vec<i64> = a.ordered().iter().map(|i| i.id.0).collect();
        assert_eq!(order, [2, 1]);
        a.reorder(&[AgendaItemId(1), AgendaItemId(2)], &staff(), &m).unwrap();
        let order: Vec<i64> = a.ordered().iter().map(|i| i.id.0).collect();
        assert_eq!(order, [1, 2]);
        assert!(a.reorder(&[AgendaItemId(1)], &staff(), &m).is_err());
        assert!(a.reorder(&[AgendaItemId(1), AgendaItemId(3)], &staff(), &m).is_err());
        assert_eq!(
            a.accept(AgendaItemId(3), &staff(), later, &m).unwrap_err().to_string(),
            "an agenda item cannot go from 'Rejected' to 'On the agenda'"
        );
        let rebuilt = Agenda::from_items(MeetingId(7), a.items().to_vec()).unwrap();
        assert_eq!(rebuilt, a);
    }

    #[test]
    fn withdrawal_and_the_meeting_status() {
        let (mut m, mut a) = setup();
        let at = t("2024-02-01T10:00:00Z");
        for i in 1..=3 {
            a.propose(AgendaItemId(i), &proposal("Item", Audience::AllPartners), &delegate("GEO"), at, &m, net())
                .unwrap();
            a.accept(AgendaItemId(i), &staff(), at, &m).unwrap();
        }
        a.propose(AgendaItemId(4), &proposal("Item", Audience::AllPartners), &delegate("GEO"), at, &m, net()).unwrap();
        assert!(a.withdraw(AgendaItemId(1), "", &delegate("GEO"), at, &m).is_err(), "accepted: staff only");
        assert!(a.withdraw(AgendaItemId(4), "", &delegate("UKR"), at, &m).is_err(), "not its proposal");
        a.withdraw(AgendaItemId(4), "", &delegate("GEO"), at, &m).unwrap();
        a.withdraw(AgendaItemId(1), "Overtaken by events", &staff(), at, &m).unwrap();
        let positions: Vec<(i64, Option<u32>)> = a.ordered().iter().map(|i| (i.id.0, i.position)).collect();
        assert_eq!(positions, [(2, Some(1)), (3, Some(2))]);
        m.advance(MeetingStatus::Convened, &staff(), t("2024-02-10T00:00:00Z"), "", None).unwrap();
        m.advance(MeetingStatus::Held, &staff(), t("2024-02-20T12:00:00Z"), "", None).unwrap();
        let e = a.withdraw(AgendaItemId(2), "late", &staff(), t("2024-02-21T00:00:00Z"), &m).unwrap_err();
        assert_eq!(e.code(), "conflict");
        let e = a.propose(AgendaItemId(9), &proposal("x", Audience::Public), &staff(), at, &m, net()).unwrap_err();
        assert_eq!(e.code(), "conflict");
    }

    #[test]
    fn proposals_stay_between_proposer_and_staff_until_accepted() {
        let (m, mut a) = setup();
        let at = t("2024-02-01T10:00:00Z");
        a.propose(AgendaItemId(1), &proposal("Ukraine's item", Audience::AllPartners), &delegate("UKR"), at, &m, net())
            .unwrap();
        a.propose(AgendaItemId(2), &proposal("Allies' item", Audience::AlliesOnly), &staff(), at, &m, net()).unwrap();
        let sees = |who: &Principal, id: i64, a: &Agenda| {
            may_see_agenda_item(Viewer::User(who), a.item(AgendaItemId(id)).unwrap(), &m, net())
        };
        assert!(sees(&delegate("UKR"), 1, &a));
        assert!(sees(&staff(), 1, &a));
        assert!(!sees(&delegate("GEO"), 1, &a));
        assert!(!sees(&delegate("USA"), 1, &a));
        a.accept(AgendaItemId(1), &staff(), at, &m).unwrap();
        a.accept(AgendaItemId(2), &staff(), at, &m).unwrap();
        assert!(sees(&delegate("GEO"), 1, &a));
        assert!(sees(&delegate("USA"), 1, &a));
        assert!(!sees(&delegate("MDA"), 1, &a), "not in the room, though a partner");
        assert!(sees(&delegate("USA"), 2, &a));
        assert!(!sees(&delegate("GEO"), 2, &a), "allies only");
        assert!(!may_see_agenda_item(Viewer::Anonymous, a.item(AgendaItemId(1)).unwrap(), &m, net()));
    }

    proptest! {
        /// Whatever is proposed, accepted, withdrawn or reordered, accepted items hold 1..n.
        #[test]
        fn accepted_items_are_always_numbered_without_gaps(ops in proptest::collection::vec((0u8..4, 1i64..8), 1..40)) {
            let (m, mut a) = setup();
            let at = t("2024-02-01T10:00:00Z");
            for (op, id) in ops {
                let id = AgendaItemId(id);
                let _ = match op {
                    0 => a.propose(id, &proposal("x", Audience::Public), &delegate("UKR"), at, &m, net()).map(|_| ()),
                    1 => a.accept(id, &staff(), at, &m).map(|_| ()),
                    2 => a.withdraw(id, "r", &staff(), at, &m).map(|_| ()),
                    _ => {
                        let mut order: Vec<AgendaItemId> = a.ordered().iter().map(|i| i.id).collect();
                        order.reverse();
                        a.reorder(&order, &staff(), &m).map(|_| ())
                    }
                };
                let positions: Vec<u32> = a.ordered().iter().filter_map(|i| i.position).collect();
                prop_assert_eq!(positions, (1..=a.ordered().len() as u32).collect::<Vec<_>>());
                prop_assert!(a.items().iter().all(|i| (i.status() == AgendaStatus::Accepted) == i.position.is_some()));
            }
            prop_assert!(Agenda::from_items(MeetingId(7), a.items().to_vec()).is_ok());
        }
    }
}
