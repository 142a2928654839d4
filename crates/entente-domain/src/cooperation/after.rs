//! After the activity: the provider records who attended and who completed it (completion counts
//! for later prerequisites), each participating nation's delegation gives its feedback (ratings
//! 1–5 on relevance, quality and organisation, and a comment), and the provider writes an
//! after-action report.
//!
//! Who runs an activity here: the alliance staff, or the delegation of the providing nation (an
//! institution's activity is recorded by the staff). Who sees what:
//! - the whole roster and its attendance: staff and the provider; a nation sees its own
//!   participants only (nominees are their nation's);
//! - feedback: staff, the provider, and the nation that gave it ([`may_see_feedback`]);
//! - the after-action report: staff, the provider, and the nations that had participants.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Activity, ActivityStatus, CooperationError, Provider, invalid, subject, text};
use crate::access::{Permit, Principal};
use crate::registry::NationCode;
use crate::said;
use crate::said::Arg;

/// A person placed in a seat of the activity by the published allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Participant {
    pub nation: NationCode,
    pub name: String,
}

/// What the provider recorded for one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendance {
    pub participant: Participant,
    pub attended: bool,
    /// Completed the activity (met its requirements); only someone who attended completes.
    pub completed: bool,
}

/// A nation's feedback on an activity its participants attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub nation: NationCode,
    pub relevance: u8,
    pub quality: u8,
    pub organisation: u8,
    pub comment: String,
    pub given_by: String,
    pub given_at: DateTime<Utc>,
}

/// What a delegation fills in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedbackDraft {
    pub relevance: String,
    pub quality: String,
    pub organisation: String,
    pub comment: String,
}

/// The provider's after-action report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AfterActionReport {
    pub body: String,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    /// Optimistic-concurrency version (0: none written yet).
    pub version: i64,
}

pub const COMMENT_MAX: usize = 5_000;
pub const REPORT_MAX: usize = 20_000;

/// The steps `by` may take after the activity, now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AfterActions {
    pub record_attendance: bool,
    pub give_feedback: bool,
    pub write_report: bool,
}

/// Whether `by` runs the activity: staff, or the providing nation's delegation.
pub fn runs(a: &Activity, by: &Principal) -> bool {
    by.is_staff() || matches!((&a.provider, by.nation()), (Provider::Nation(p), Some(n)) if p == n)
}

fn has_begun(a: &Activity, today: NaiveDate) -> Result<(), CooperationError> {
    if !matches!(a.status(), ActivityStatus::Published | ActivityStatus::Completed) {
        return Err(CooperationError::Conflict(said!(
            "err-coop-not-held",
            "the activity is {status}, not held",
            status = Arg::Label("activity-status", a.status().as_str())
        )));
    }
    if today < a.start {
        return Err(CooperationError::Conflict(said!(
            "err-coop-attendance-from-start",
            "the activity starts on {start}; attendance is recorded from then",
            start = a.start
        )));
    }
    Ok(())
}

fn has_ended(a: &Activity, today: NaiveDate) -> Result<(), CooperationError> {
    if !matches!(a.status(), ActivityStatus::Published | ActivityStatus::Completed) {
        return Err(CooperationError::Conflict(said!(
            "err-coop-not-held",
            "the activity is {status}, not held",
            status = Arg::Label("activity-status", a.status().as_str())
        )));
    }
    if today <= a.end && a.status() != ActivityStatus::Completed {
        return Err(CooperationError::Conflict(said!(
            "err-coop-after-end",
            "the activity ends on {end}; this comes after",
            end = a.end
        )));
    }
    Ok(())
}

/// Record attendance: the provider (or staff), from the first day, for people on the roster
/// only; completing implies attending. Returns the records in roster order and the permit.
pub fn record_attendance(
    a: &Activity,
    roster: &[Participant],
    records: &[Attendance],
    by: &Principal,
    today: NaiveDate,
) -> Result<(Vec<Attendance>, Permit), CooperationError> {
    if !by.can_write() || !runs(a, by) {
        return Err(CooperationError::NotPermitted(said!(
            "err-coop-provider-alliance-staff-record",
            "the provider or the alliance staff record attendance"
        )));
    }
    has_begun(a, today)?;
    let on_roster: BTreeSet<&Participant> = roster.iter().collect();
    let mut seen = BTreeSet::new();
    for r in records {
        if !on_roster.contains(&r.participant) {
            return Err(invalid(
                "participant",
                said!(
                    "err-coop-no-seat",
                    "{name} ({nation}) holds no seat in this activity",
                    name = &r.participant.name,
                    nation = &r.participant.nation
                ),
            ));
        }
        if !seen.insert(&r.participant) {
            return Err(invalid(
                "participant",
                said!("err-coop-listed-twice", "{name} is listed twice", name = &r.participant.name),
            ));
        }
        if r.completed && !r.attended {
            return Err(invalid(
                "completed",
                said!(
                    "err-coop-complete-without-attending",
                    "{name} cannot complete without attending",
                    name = &r.participant.name
                ),
            ));
        }
    }
    if records.is_empty() {
        return Err(invalid(
            "participant",
            said!("err-coop-record-least-one-participant", "record at least one participant"),
        ));
    }
    let ordered = roster.iter().filter_map(|p| records.iter().find(|r| &r.participant == p).cloned()).collect();
    Ok((ordered, Permit::new("activity.attendance", by, subject::ACTIVITY, a.id.0)))
}

fn rating(field: &'static str, s: &str) -> Result<u8, CooperationError> {
    match s.trim().parse::<u8>() {
        Ok(v @ 1..=5) => Ok(v),
        _ => Err(invalid(field, said!("err-coop-rating", "'{value}' is not a rating from 1 to 5", value = s.trim()))),
    }
}

/// Give feedback: a writer of a nation that had a participant attend, once the activity has
/// ended. A nation's later feedback replaces its earlier one.
pub fn give_feedback(
    a: &Activity,
    draft: &FeedbackDraft,
    attended: &[Attendance],
    by: &Principal,
    at: DateTime<Utc>,
) -> Result<(Feedback, Permit), CooperationError> {
    let Some(nation) = by.nation().filter(|_| by.can_write()) else {
        return Err(CooperationError::NotPermitted(said!(
            "err-coop-delegations-whose-participants-attended",
            "the delegations whose participants attended give feedback"
        )));
    };
    if !attended.iter().any(|r| r.attended && &r.participant.nation == nation) {
        return Err(CooperationError::NotPermitted(said!(
            "err-coop-delegations-whose-participants-attended",
            "the delegations whose participants attended give feedback"
        )));
    }
    has_ended(a, at.date_naive())?;
    let f = Feedback {
        nation: nation.clone(),
        relevance: rating("relevance", &draft.relevance)?,
        quality: rating("quality", &draft.quality)?,
        organisation: rating("organisation", &draft.organisation)?,
        comment: text("comment", &draft.comment, COMMENT_MAX)?,
        given_by: by.username.clone(),
        given_at: at,
    };
    Ok((f, Permit::new("activity.feedback", by, subject::ACTIVITY, a.id.0)))
}

/// Write (or rewrite) the after-action report: the provider or staff, once the activity has
/// ended; `version` is the one the writer read (0: none yet).
pub fn write_report(
    a: &Activity,
    body: &str,
    version: i64,
    by: &Principal,
    at: DateTime<Utc>,
) -> Result<(AfterActionReport, Permit), CooperationError> {
    if !by.can_write() || !runs(a, by) {
        return Err(CooperationError::NotPermitted(said!(
            "err-coop-provider-alliance-staff-write",
            "the provider or the alliance staff write the after-action report"
        )));
    }
    has_ended(a, at.date_naive())?;
    let body = text("report", body, REPORT_MAX)?;
    if body.is_empty() {
        return Err(invalid("report", said!("err-coop-write-report", "write the report")));
    }
    let r = AfterActionReport { body, written_by: by.username.clone(), written_at: at, version };
    Ok((r, Permit::new("activity.report", by, subject::ACTIVITY, a.id.0)))
}

/// Who reads a nation's feedback: staff, the provider, and that nation.
pub fn may_see_feedback(a: &Activity, from: &NationCode, by: &Principal) -> bool {
    runs(a, by) || by.nation() == Some(from)
}

/// Who reads the after-action report: staff, the provider, and nations that had participants.
pub fn may_see_report(a: &Activity, roster: &[Participant], by: &Principal) -> bool {
    runs(a, by) || by.nation().is_some_and(|n| roster.iter().any(|p| &p.nation == n))
}

/// Who reads a participant's attendance: staff, the provider, and the participant's nation.
pub fn may_see_participant(a: &Activity, p: &Participant, by: &Principal) -> bool {
    runs(a, by) || by.nation() == Some(&p.nation)
}

/// What `by` may do after the activity, now (a dry run of the rules above).
pub fn allowed(
    a: &Activity,
    roster: &[Participant],
    attended: &[Attendance],
    by: &Principal,
    at: DateTime<Utc>,
) -> AfterActions {
    let probe = roster.first().map(|p| Attendance { participant: p.clone(), attended: true, completed: false });
    let fb =
        FeedbackDraft { relevance: "3".into(), quality: "3".into(), organisation: "3".into(), comment: String::new() };
    AfterActions {
        record_attendance: probe.is_some_and(|p| record_attendance(a, roster, &[p], by, at.date_naive()).is_ok()),
        give_feedback: give_feedback(a, &fb, attended, by, at).is_ok(),
        write_report: write_report(a, "probe", 0, by, at).is_ok(),
    }
}
