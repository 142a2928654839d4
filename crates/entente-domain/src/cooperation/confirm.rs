//! The date by which a nation confirms or gives back the seats a published allocation gives it,
//! and what becomes of seats nobody answered for.
//!
//! # The rule
//!
//! - **Staff may set the date when they publish** (an optional date on the publish form and in the
//!   API). It may not be before the day of publication.
//! - **Otherwise the date is the earlier of** the day of publication + [`CONFIRM_WITHIN_DAYS`] (14)
//!   and the activity's first day − [`CONFIRM_BEFORE_START_DAYS`] (7), **never before the day of
//!   publication**. It is worked out for each line, from the line's own activity, so lines of
//!   activities that start on different days have different dates.
//! - Seats offered again to a waiting request (after a decline or a release) get a date by the
//!   same rule, counted from the day they are offered; the staff's date still applies when it has
//!   not passed.
//! - A nation answers (confirms, or gives seats back) **up to and including that date**, and never
//!   from the activity's first day on. An answer after it is refused.
//! - **After that date** (from the next day, UTC), a line that still holds seats its nation
//!   neither confirmed nor gave back is **released**: all the seats it holds go back and are offered
//!   again to the waiting requests of the activity by the same re-offer rule as seats given back
//!   (`entente_allocation::reoffer`), in a new published version of the allocation that lists the
//!   change. A released request is offered no seat again. Seats of an activity that has started are
//!   not released (there is nobody left to offer them to in time).
//! - Nothing else changes a published seat: a release is a new version, audited as the system,
//!   and the nations whose seats changed are told.

use chrono::{Duration, NaiveDate};

/// Days after publication by which seats are confirmed, at the latest (unless staff chose a date).
pub const CONFIRM_WITHIN_DAYS: i64 = 14;
/// Days before the activity's first day by which seats are confirmed, at the latest.
pub const CONFIRM_BEFORE_START_DAYS: i64 = 7;

/// The date by which a line's seats are confirmed or given back: `chosen` (the staff's date) when
/// it is on or after `published_on`, else the earlier of `published_on` + 14 days and `start` − 7
/// days, never before `published_on`.
pub fn confirm_by(published_on: NaiveDate, start: NaiveDate, chosen: Option<NaiveDate>) -> NaiveDate {
    match chosen {
        Some(d) if d >= published_on => d,
        _ => {
            let latest = published_on + Duration::days(CONFIRM_WITHIN_DAYS);
            let before_start = start - Duration::days(CONFIRM_BEFORE_START_DAYS);
            latest.min(before_start).max(published_on)
        }
    }
}

/// Whether the date `confirm_by` has passed on `today`: answers are refused and unanswered seats
/// are released from the day after it.
pub fn confirm_by_passed(confirm_by: NaiveDate, today: NaiveDate) -> bool {
    today > confirm_by
}

/// Where a line stands with its nation's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatAnswer {
    /// The line holds no seat, and none was given back or released.
    NoSeats,
    /// Seats held, not answered for yet; to be answered by the date (if one is set).
    Pending { by: Option<NaiveDate> },
    /// The nation confirmed the seats it holds.
    Confirmed { on: NaiveDate },
    /// The nation gave every seat back.
    Declined,
    /// Not answered for by the date: the seats went back to the waiting requests.
    Released { on: NaiveDate },
}

impl SeatAnswer {
    /// The state's stable name (API): `no_seats`, `pending`, `confirmed`, `declined`, `released`.
    pub fn as_str(self) -> &'static str {
        match self {
            SeatAnswer::NoSeats => "no_seats",
            SeatAnswer::Pending { .. } => "pending",
            SeatAnswer::Confirmed { .. } => "confirmed",
            SeatAnswer::Declined => "declined",
            SeatAnswer::Released { .. } => "released",
        }
    }
}
