//! Seat requests: a nation asks for seats in a published activity, with its nominees in order.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Activity, ActivityId, CooperationError, Eligibility, Programme, invalid, line, subject};
use crate::access::{Permit, Principal, Viewer};
use crate::consultation::Actor;
use crate::registry::{NationCode, Network};

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
            return Err(CooperationError::NotPermitted("seats are requested by a nation's delegation"));
        };
        if !by.can_write() {
            return Err(CooperationError::NotPermitted("analysts do not request seats"));
        }
        if !activity.nominations_open(at.date_naive()) {
            return Err(CooperationError::Conflict(format!(
                "nominations for this activity are closed (deadline {}, status {})",
                activity.deadline,
                activity.status().as_str()
            )));
        }
        match activity.eligibility(nation, completed, network) {
            Eligibility::Eligible => {}
            Eligibility::Framework { on, .. } => {
                return Err(CooperationError::NotEligible(format!(
                    "on {on} your nation is in none of the frameworks the activity is open to"
                )));
            }
            Eligibility::Prerequisite { .. } => {
                return Err(CooperationError::NotEligible(
                    "none of your nation's participants has completed a prerequisite activity".to_string(),
                ));
            }
        }
        let cap = activity.nation_cap.unwrap_or(activity.seats);
        if draft.seats == 0 || draft.seats > cap {
            return Err(invalid("seats", format!("must be from 1 to {cap} (the most one nation may receive)")));
        }
        if draft.priority == 0 || draft.priority > MAX_PRIORITY {
            return Err(invalid("priority", format!("must be from 1 (most wanted) to {MAX_PRIORITY}")));
        }
        let mut nominees: Vec<String> = Vec::new();
        for n in draft.nominees.iter().filter(|n| !n.trim().is_empty()) {
            let n = line("nominees", n, NOMINEE_MAX)?;
            if nominees.contains(&n) {
                return Err(invalid("nominees", format!("'{n}' is listed twice")));
            }
            nominees.push(n);
        }
        if nominees.len() > MAX_NOMINEES {
            return Err(invalid("nominees", format!("at most {MAX_NOMINEES}")));
        }
        if let Some(g) = draft.goal {
            let linkable = programme.filter(|p| &p.nation == nation).map(Programme::linkable_goals);
            if !linkable.is_some_and(|k| k.contains(&g)) {
                return Err(invalid("goal", format!("#{g} is not a goal of your nation's programme")));
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
            return Err(CooperationError::NotPermitted("only the requesting nation withdraws its request"));
        }
        if self.status != SeatRequestStatus::Submitted {
            return Err(CooperationError::IllegalTransition {
                what: "the seat request",
                from: self.status.as_str(),
                to: SeatRequestStatus::Withdrawn.as_str(),
            });
        }
        if !activity.nominations_open(at.date_naive()) {
            return Err(CooperationError::Conflict(format!(
                "nominations closed on {}; ask the staff to release the seats",
                activity.deadline
            )));
        }
        self.status = SeatRequestStatus::Withdrawn;
        Ok(Permit::new("seat_request.withdrawn", by, subject::SEAT_REQUEST, self.id.0))
    }

    pub fn may_withdraw(&self, activity: &Activity, by: &Principal, at: DateTime<Utc>) -> bool {
        self.clone().withdraw(activity, by, at).is_ok()
    }
}

/// Staff and the requesting nation see a seat request; no other nation does.
pub fn may_see_seat_request(viewer: Viewer<'_>, r: &SeatRequest) -> bool {
    match viewer {
        Viewer::Anonymous => false,
        Viewer::User(p) => p.is_staff() || p.nation() == Some(&r.nation),
    }
}
