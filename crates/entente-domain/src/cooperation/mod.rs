//! Practical cooperation: the cooperation menu (activities offered to partners, proposed by allies,
//! partner institutions or staff and published by staff), nations' seat requests with their
//! nominees, and the seat allocations the engine computes from them. Pure, like the consultation
//! area: the store persists these values, the web layer shows them, and both ask the functions here
//! what is allowed.
//!
//! # Rules that hold everywhere
//!
//! - **Activities follow PRIME's workflow**: proposed → published (staff approve) or returned with a
//!   reason → proposed again when the proposer resubmits; published → completed once it has ended;
//!   cancelled (with a reason) from any state before completion. Every step is a function here that
//!   checks who acts and when, and hands out a [`Permit`](crate::access::Permit).
//! - **Who sees an activity**: while proposed or returned, the staff and the proposing nation; once
//!   published, whoever its marking releases it to ([`may_see_activity`]).
//! - **Who may take part** is decided on the activity's first day: allies always; a partner when it
//!   is active in one of the frameworks the activity is open to (any framework when none is named),
//!   and when it has completed the activity's prerequisites ([`Activity::eligibility`]).
//! - **A seat request is its nation's alone**: staff and the requesting nation see it, nobody else
//!   ([`may_see_seat_request`]); it is filed before the nomination deadline of a published activity
//!   the nation is eligible for.
//! - **Programmes (ITPP)** are one per partner, edited by its delegation, commented on by the
//!   staff, agreed by a staff administrator (each agreed version kept) and assessed per cycle by
//!   both; the staff, the partner and the allies see one, another partner never
//!   ([`may_see_programme`]). A seat request may name a goal of its nation's programme.
//! - **After the activity** the provider (or staff) records attendance and completion (which
//!   counts for prerequisites) and writes an after-action report; the delegations whose
//!   participants attended give feedback, seen by staff, the provider and themselves ([`after`]).
//! - **Allocations** are drafted by staff from the requests, reviewed, then published; a nation sees
//!   only its own lines of a published allocation ([`AllocationRun::lines_for`]); the fairness
//!   report, which names every nation's fulfilment, is for staff.
//! - **Seats are confirmed by a date** ([`confirm_by`]): the staff's date when they publish, else
//!   the earlier of publication + 14 days and the activity's start − 7 days, never before
//!   publication. After it, seats neither confirmed nor given back are released and offered again
//!   to the waiting requests, in a new published version ([`SeatRequest::release`],
//!   [`AllocationRun::release`]).

mod activity;
pub mod after;
mod allocation;
mod area;
mod confirm;
pub mod ical;
mod programme;
mod seat;

pub use activity::{
    Activity, ActivityActions, ActivityDraft, ActivityId, ActivityKind, ActivityStatus, Eligibility, NationOnDay,
    Provider, may_see_activity, nominations_open,
};
pub use allocation::{AllocationId, AllocationLine, AllocationRun, AllocationStatus};
pub use area::{Area, area, areas};
pub use confirm::{CONFIRM_BEFORE_START_DAYS, CONFIRM_WITHIN_DAYS, SeatAnswer, confirm_by, confirm_by_passed};
pub use programme::{
    AgreedVersion, Assessment, Comment, Goal, Objective, Plan, PlanChange, Programme, ProgrammeActions,
    ProgrammeStatus, Rating, Side, Support, diff, may_see_programme,
};
pub use seat::{SeatRequest, SeatRequestDraft, SeatRequestId, SeatRequestStatus, may_see_seat_request};

use std::fmt;

use crate::registry::FormatError;
use crate::said;
use crate::said::{Arg, Said};

/// Kinds of objects a cooperation permit is for.
pub mod subject {
    pub const ACTIVITY: &str = "activity";
    pub const SEAT_REQUEST: &str = "seat_request";
    pub const ALLOCATION: &str = "allocation";
    pub const PROGRAMME: &str = "programme";
}

/// Everything that can go wrong in the cooperation area. Messages only name what the caller named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CooperationError {
    /// Bad input: the field and what is wrong with it.
    Invalid {
        field: &'static str,
        reason: Said,
    },
    /// A step the workflow does not allow from the current state.
    IllegalTransition(Box<Said>),
    /// The caller may see the item but may not do this to it.
    NotPermitted(Said),
    /// The change does not fit the item's state or the calendar (a deadline passed…).
    Conflict(Said),
    /// The nation may not take part in the activity.
    NotEligible(Said),
    Format(FormatError),
}

impl fmt::Display for CooperationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.said())
    }
}

impl std::error::Error for CooperationError {}

impl From<FormatError> for CooperationError {
    fn from(e: FormatError) -> Self {
        CooperationError::Format(e)
    }
}

impl CooperationError {
    pub fn code(&self) -> &'static str {
        match self {
            CooperationError::Invalid { .. } => "invalid",
            CooperationError::IllegalTransition(_) => "illegal_transition",
            CooperationError::NotPermitted(_) => "not_permitted",
            CooperationError::Conflict(_) => "conflict",
            CooperationError::NotEligible(_) => "not_eligible",
            CooperationError::Format(_) => "invalid_format",
        }
    }

    /// What to tell the reader, in either language.
    pub fn said(&self) -> Said {
        match self {
            CooperationError::Invalid { field, reason } => {
                said!("err-field", "{field}: {reason}", field = said::field(field), reason = reason.clone())
            }
            CooperationError::IllegalTransition(said) => (**said).clone(),
            CooperationError::NotPermitted(why) => {
                said!("err-not-permitted", "not permitted: {why}", why = why.clone())
            }
            CooperationError::Conflict(why) => why.clone(),
            CooperationError::NotEligible(why) => {
                said!("err-coop-not-eligible", "not eligible: {why}", why = why.clone())
            }
            CooperationError::Format(e) => e.said(),
        }
    }
}

pub(crate) fn invalid(field: &'static str, reason: Said) -> CooperationError {
    CooperationError::Invalid { field, reason }
}

/// A step the workflow does not allow: `what` (the activity, …) from one status to another, each
/// a status label of the catalogues (`kind`-`code`, e.g. `activity-status-published`).
pub(crate) fn illegal_transition(
    what: Said,
    kind: &'static str,
    from: &'static str,
    to: &'static str,
) -> CooperationError {
    CooperationError::IllegalTransition(Box::new(said!(
        "err-illegal-transition",
        "{what} cannot go from '{from}' to '{to}'",
        what = what,
        from = Arg::Label(kind, from),
        to = Arg::Label(kind, to)
    )))
}

/// A trimmed one-line text of 1 to `max` characters, without control characters.
pub(crate) fn line(field: &'static str, text: &str, max: usize) -> Result<String, CooperationError> {
    crate::text::TextRule::line(max).check(text).map_err(|e| invalid(field, e.said()))
}

/// A trimmed text (line breaks allowed) of at most `max` characters; may be empty.
pub(crate) fn text(field: &'static str, text: &str, max: usize) -> Result<String, CooperationError> {
    crate::text::TextRule::lines(max).optional().check(text).map_err(|e| invalid(field, e.said()))
}

#[cfg(test)]
mod tests;
