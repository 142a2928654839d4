//! Seat requests: a nation asks for seats in a published activity, with its nominees in order.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{
    Activity, ActivityId, CooperationError, Eligibility, Programme, illegal_transition, invalid, line, subject,
};
use crate::access::{Permit, Principal, Viewer};
use crate::consultation::Actor;
use crate::registry::{NationCode, Network};
use crate::said;
use crate::said::Arg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SeatRequestId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatRequestStatus {
    Submitted,
    Withdrawn,
}

impl SeatRequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SeatRequestStatus::Submitted => "submitted",
            SeatRequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<SeatRequestStatus> {
        match s {
            "submitted" => Some(SeatRequestStatus::Submitted),
            "withdrawn" => Some(SeatRequestStatus::Withdrawn),
            _ => None,
        }
    }
}

/// What a delegation fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatRequestDraft {
    pub seats: u32,
    /// The nation's own rank: 1 = most wanted.
    pub priority: u32,
    /// Nominees in the nation's order (reserves after the first `seats`).
    pub nominees: Vec<String>,
    /// The goal of the nation's programme the seats serve.
    pub goal: Option<u32>,
}

pub const MAX_PRIORITY: u32 = 99;
pub const MAX_NOMINEES: usize = 50;
pub const NOMINEE_MAX: usize = 200;

/// A nation's request for seats in one activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatRequest {
    pub id: SeatRequestId,
    pub activity: ActivityId,
    pub nation: NationCode,
    pub seats: u32,
    pub priority: u32,
    pub nominees: Vec<String>,
    /// The goal of the nation's programme (ITPP) the seats serve.
    pub goal: Option<u32>,
    pub submitted_at: DateTime<Utc>,
    pub by: Actor,
    pub status: SeatRequestStatus,
    /// Seats the nation gave back after the allocation was published.
    pub declined: u32,
    /// When the nation last confirmed the seats it holds (cleared when seats are offered again).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The date by which the seats it holds in the published allocation are confirmed or given
    /// back ([`super::confirm_by`]); none while it holds no seat.
    pub confirm_by: Option<NaiveDate>,
    /// When its seats were released, not answered for by `confirm_by`; a released request is
    /// offered no seat again.
    pub released_at: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub version: i64,
}

impl SeatRequest {
    /// A delegation asks for seats: a published activity whose nominations are open, that its
    /// nation may take part in (`completed`: the activities its participants completed). The
    /// request may name a goal of the nation's programme (`programme`), drafted or agreed.
    #[allow(clippy::too_many_arguments)]
    pub fn submit(
        id: SeatRequestId,
        activity: &Activity,
        draft: &SeatRequestDraft,
        completed: &BTreeSet<ActivityId>,
        programme: Option<&Programme>,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<(SeatRequest, Permit), CooperationError> {
        let Some(nation) = by.nation() else {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-seats-requested-nation-s",
                "seats are requested by a nation's delegation"
            )));
        };
        if !by.can_write() {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-analysts-request-seats",
                "analysts do not request seats"
            )));
        }
        if !activity.nominations_open(at.date_naive()) {
            return Err(CooperationError::Conflict(said!(
                "err-coop-nominations-closed",
                "nominations for this activity are closed (deadline {deadline}, status {status})",
                deadline = activity.deadline,
                status = Arg::Label("activity-status", activity.status().as_str())
            )));
        }
        match activity.eligibility(nation, completed, network) {
            Eligibility::Eligible => {}
            Eligibility::Framework { on, .. } => {
                return Err(CooperationError::NotEligible(said!(
                    "err-coop-eligible-framework",
                    "on {on} your nation is in none of the frameworks the activity is open to",
                    on = on
                )));
            }
            Eligibility::Prerequisite { .. } => {
                return Err(CooperationError::NotEligible(said!(
                    "err-coop-eligible-prerequisite",
                    "none of your nation's participants has completed a prerequisite activity"
                )));
            }
        }
        let cap = activity.nation_cap.unwrap_or(activity.seats);
        if draft.seats == 0 || draft.seats > cap {
            return Err(invalid(
                "seats",
                said!("err-coop-seats-cap", "must be from 1 to {max} (the most one nation may receive)", max = cap),
            ));
        }
        if draft.priority == 0 || draft.priority > MAX_PRIORITY {
            return Err(invalid(
                "priority",
                said!("err-coop-priority", "must be from 1 (most wanted) to {max}", max = MAX_PRIORITY),
            ));
        }
        let mut nominees: Vec<String> = Vec::new();
        for n in draft.nominees.iter().filter(|n| !n.trim().is_empty()) {
            let n = line("nominees", n, NOMINEE_MAX)?;
            if nominees.contains(&n) {
                return Err(invalid("nominees", said!("err-coop-nominee-twice", "'{name}' is listed twice", name = n)));
            }
            nominees.push(n);
        }
        if nominees.len() > MAX_NOMINEES {
            return Err(invalid("nominees", said!("err-coop-at-most", "at most {max}", max = MAX_NOMINEES)));
        }
        if let Some(g) = draft.goal {
            let linkable = programme.filter(|p| &p.nation == nation).map(Programme::linkable_goals);
            if !linkable.is_some_and(|k| k.contains(&g)) {
                return Err(invalid(
                    "goal",
                    said!("err-coop-not-own-goal", "#{goal} is not a goal of your nation's programme", goal = g),
                ));
            }
        }
        let r = SeatRequest {
            id,
            activity: activity.id,
            nation: nation.clone(),
            seats: draft.seats,
            priority: draft.priority,
            nominees,
            goal: draft.goal,
            submitted_at: at,
            by: Actor::of(by),
            status: SeatRequestStatus::Submitted,
            declined: 0,
            confirmed_at: None,
            confirm_by: None,
            released_at: None,
            version: 0,
        };
        Ok((r, Permit::new("seat_request.submitted", by, subject::SEAT_REQUEST, 0)))
    }

    /// The requesting nation withdraws its request while nominations are open.
    pub fn withdraw(
        &mut self,
        activity: &Activity,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        if by.nation() != Some(&self.nation) || !by.can_write() {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-requesting-nation-withdraws-request",
                "only the requesting nation withdraws its request"
            )));
        }
        if self.status != SeatRequestStatus::Submitted {
            return Err(illegal_transition(
                said!("err-coop-what-seat-request", "the seat request"),
                "seat-request-status",
                self.status.as_str(),
                SeatRequestStatus::Withdrawn.as_str(),
            ));
        }
        if !activity.nominations_open(at.date_naive()) {
            return Err(CooperationError::Conflict(said!(
                "err-coop-nominations-closed-on",
                "nominations closed on {deadline}; ask the staff to release the seats",
                deadline = activity.deadline
            )));
        }
        self.status = SeatRequestStatus::Withdrawn;
        Ok(Permit::new("seat_request.withdrawn", by, subject::SEAT_REQUEST, self.id.0))
    }

    pub fn may_withdraw(&self, activity: &Activity, by: &Principal, at: DateTime<Utc>) -> bool {
        self.clone().withdraw(activity, by, at).is_ok()
    }

    /// Who may answer for the seats of a published allocation, and until when: the requesting
    /// nation's delegation (not analysts), holding seats (`granted`) that were not released, up to
    /// and including the date to confirm them by, and before the activity starts.
    fn may_answer(
        &self,
        granted: u32,
        activity: &Activity,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(), CooperationError> {
        if by.nation() != Some(&self.nation) || !by.can_write() {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-requesting-nation-s-delegation",
                "only the requesting nation's delegation answers for its seats"
            )));
        }
        if self.status != SeatRequestStatus::Submitted {
            return Err(CooperationError::Conflict(said!(
                "err-coop-request-was-withdrawn",
                "the request was withdrawn"
            )));
        }
        if let Some(on) = self.released_at {
            return Err(CooperationError::Conflict(said!(
                "err-coop-seats-released",
                "your nation's seats were released on {on}, as they were not confirmed by {by}",
                on = on.date_naive(),
                by = self.confirm_by.unwrap_or(on.date_naive())
            )));
        }
        if let Some(by) = self.confirm_by.filter(|by| super::confirm_by_passed(*by, at.date_naive())) {
            return Err(CooperationError::Conflict(said!(
                "err-coop-confirm-by-passed",
                "seats were to be confirmed or given back by {by}: that date has passed",
                by = by
            )));
        }
        if granted == 0 {
            return Err(CooperationError::Conflict(said!(
                "err-coop-published-allocation-gives-request",
                "the published allocation gives this request no seat"
            )));
        }
        if at.date_naive() >= activity.start {
            return Err(CooperationError::Conflict(said!(
                "err-coop-answer-before-start",
                "the activity started on {start}: seats are answered for before it starts",
                start = activity.start
            )));
        }
        Ok(())
    }

    /// The nation confirms the `granted` seats the published allocation gives it.
    pub fn confirm(
        &mut self,
        granted: u32,
        activity: &Activity,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        self.may_answer(granted, activity, by, at)?;
        if let Some(when) = self.confirmed_at {
            return Err(CooperationError::Conflict(said!(
                "err-coop-already-confirmed",
                "your nation already confirmed these seats on {on}",
                on = when.date_naive()
            )));
        }
        self.confirmed_at = Some(at);
        Ok(Permit::new("seat_request.confirmed", by, subject::SEAT_REQUEST, self.id.0))
    }

    /// The nation gives back `seats` of the `granted` seats it holds (all of them to withdraw).
    /// What is left stays confirmed if it was.
    pub fn decline(
        &mut self,
        seats: u32,
        granted: u32,
        activity: &Activity,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        self.may_answer(granted, activity, by, at)?;
        if seats == 0 || seats > granted {
            return Err(invalid(
                "seats",
                said!("err-coop-seats-granted", "must be from 1 to {max} (the seats your nation holds)", max = granted),
            ));
        }
        self.declined += seats;
        if seats == granted {
            // Nothing held any more: nothing to confirm, nothing to release.
            self.confirmed_at = None;
            self.confirm_by = None;
        }
        Ok(Permit::new("seat_request.declined", by, subject::SEAT_REQUEST, self.id.0))
    }

    /// Whether `by` may confirm or decline now (pages offer only what is allowed).
    pub fn may_confirm(&self, granted: u32, activity: &Activity, by: &Principal, at: DateTime<Utc>) -> bool {
        self.confirmed_at.is_none() && self.may_answer(granted, activity, by, at).is_ok()
    }

    pub fn may_decline(&self, granted: u32, activity: &Activity, by: &Principal, at: DateTime<Utc>) -> bool {
        self.may_answer(granted, activity, by, at).is_ok()
    }

    /// The date the `granted` seats the published allocation gives this request are to be
    /// confirmed by (see [`super::confirm_by`]); none when it holds no seat. Set by the service
    /// when the allocation is published or seats are offered again; the allocation's permit covers
    /// it.
    pub fn hold(&mut self, granted: u32, confirm_by: NaiveDate) {
        self.confirm_by = (granted > 0).then_some(confirm_by);
    }

    /// Time releases the `granted` seats the nation neither confirmed nor gave back by their date:
    /// on a day after `confirm_by`, before the activity starts, for a submitted request holding
    /// seats. The permit is given to no account: the system acts.
    pub fn release(
        &mut self,
        granted: u32,
        activity: &Activity,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        if !self.release_due(granted, activity, at.date_naive()) {
            return Err(CooperationError::Conflict(said!(
                "err-coop-release-not-due",
                "these seats are not to be released: they were answered for, or their date has not passed"
            )));
        }
        self.released_at = Some(at);
        Ok(Permit::by_time("seat_request.released", subject::SEAT_REQUEST, self.id.0))
    }

    /// Whether the `granted` seats are to be released on `today` (see [`SeatRequest::release`]).
    pub fn release_due(&self, granted: u32, activity: &Activity, today: NaiveDate) -> bool {
        self.status == SeatRequestStatus::Submitted
            && granted > 0
            && self.confirmed_at.is_none()
            && self.released_at.is_none()
            && self.confirm_by.is_some_and(|by| super::confirm_by_passed(by, today))
            && today < activity.start
    }

    /// Where the request stands with its answer, holding `granted` seats in the published
    /// allocation.
    pub fn answer(&self, granted: u32) -> super::SeatAnswer {
        use super::SeatAnswer;
        if let Some(at) = self.released_at {
            SeatAnswer::Released { on: at.date_naive() }
        } else if granted == 0 && self.declined > 0 {
            SeatAnswer::Declined
        } else if granted == 0 {
            SeatAnswer::NoSeats
        } else if let Some(at) = self.confirmed_at {
            SeatAnswer::Confirmed { on: at.date_naive() }
        } else {
            SeatAnswer::Pending { by: self.confirm_by }
        }
    }

    /// Seats the request can still use: asked, within the activity's per-nation cap and its
    /// nominees (if it named any), less what it gave back.
    pub fn room(&self, activity: &Activity) -> u32 {
        if self.released_at.is_some() {
            return 0;
        }
        let mut most = self.seats.min(activity.nation_cap.unwrap_or(activity.seats));
        if !self.nominees.is_empty() {
            most = most.min(self.nominees.len() as u32);
        }
        most.saturating_sub(self.declined)
    }
}

/// Staff and the requesting nation see a seat request; no other nation does.
pub fn may_see_seat_request(viewer: Viewer<'_>, r: &SeatRequest) -> bool {
    match viewer {
        Viewer::Anonymous => false,
        Viewer::User(p) => p.is_staff() || p.nation() == Some(&r.nation),
    }
}
