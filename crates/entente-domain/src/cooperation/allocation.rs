//! Seat allocations: a draft computed by the engine from the requests, reviewed by staff, then
//! published. A published allocation is never changed: a re-run is a new allocation that
//! supersedes it, and the seats that changed are listed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{ActivityId, CooperationError, SeatRequestId, illegal_transition, subject};
use crate::Lang;
use crate::access::{Affiliation, Permit, Principal};
use crate::consultation::Actor;
use crate::registry::NationCode;
use crate::said;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AllocationId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationStatus {
    Draft,
    Published,
    Superseded,
    Discarded,
}

impl AllocationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AllocationStatus::Draft => "draft",
            AllocationStatus::Published => "published",
            AllocationStatus::Superseded => "superseded",
            AllocationStatus::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<AllocationStatus> {
        [
            AllocationStatus::Draft,
            AllocationStatus::Published,
            AllocationStatus::Superseded,
            AllocationStatus::Discarded,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The engine's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationLine {
    pub request: SeatRequestId,
    pub nation: NationCode,
    pub activity: ActivityId,
    pub asked: u32,
    pub granted: u32,
    /// Nominees placed, in order.
    pub placed: Vec<String>,
    /// The engine's explanation, in English and in French.
    pub explanation_en: String,
    pub explanation_fr: String,
    /// The rank the allocation gave the request among its nation's (the engine's priority: an
    /// agreed programme's goals first, then the nation's order); seats given back are offered
    /// again by it. None on lines stored before ranks were kept.
    pub rank: Option<u32>,
}

impl AllocationLine {
    pub fn explanation(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.explanation_en,
            Lang::Fr => &self.explanation_fr,
        }
    }
}

/// One run of the allocation engine over a set of activities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationRun {
    pub id: AllocationId,
    pub title: String,
    pub mechanism: String,
    pub seed: u64,
    pub activities: Vec<ActivityId>,
    pub lines: Vec<AllocationLine>,
    /// The fairness report and the baselines' figures, as the engine gives them (JSON); staff only.
    pub report: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub created_by: Actor,
    pub status: AllocationStatus,
    pub published_at: Option<DateTime<Utc>>,
    /// The published allocation this one replaces, if any.
    pub supersedes: Option<AllocationId>,
    /// The date staff chose, when they published, by which nations confirm their seats; none: each
    /// line's date follows the rule of [`super::confirm_by`].
    pub confirm_by: Option<NaiveDate>,
    #[serde(skip)]
    pub version: i64,
}

impl AllocationRun {
    /// Staff record a draft computed by the engine.
    #[allow(clippy::too_many_arguments)]
    pub fn draft(
        title: &str,
        mechanism: &str,
        seed: u64,
        activities: Vec<ActivityId>,
        lines: Vec<AllocationLine>,
        report: serde_json::Value,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(AllocationRun, Permit), CooperationError> {
        if !(by.is_staff() && by.can_write()) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-alliance-staff-run-allocation",
                "only alliance staff run the allocation"
            )));
        }
        if activities.is_empty() {
            return Err(super::invalid("activities", said!("err-coop-activity-allocate", "no activity to allocate")));
        }
        let title = super::line("title", title, 300)?;
        let run = AllocationRun {
            id: AllocationId(0),
            title,
            mechanism: mechanism.to_string(),
            seed,
            activities,
            lines,
            report,
            created_at: at,
            created_by: Actor::of(by),
            status: AllocationStatus::Draft,
            published_at: None,
            supersedes: None,
            confirm_by: None,
            version: 0,
        };
        Ok((run, Permit::new("allocation.drafted", by, subject::ALLOCATION, 0)))
    }

    /// Staff publish a reviewed draft; `current` is the published allocation it replaces, if any;
    /// `confirm_by` the date by which nations confirm their seats, if staff choose one (not before
    /// the day of publication; none: the rule of [`super::confirm_by`] for each line).
    pub fn publish(
        &mut self,
        current: Option<AllocationId>,
        confirm_by: Option<NaiveDate>,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        if !(by.is_staff() && by.can_write()) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-alliance-staff-publish-allocation",
                "only alliance staff publish an allocation"
            )));
        }
        if self.status != AllocationStatus::Draft {
            return Err(illegal_transition(
                said!("err-coop-what-allocation", "the allocation"),
                "allocation-status",
                self.status.as_str(),
                AllocationStatus::Published.as_str(),
            ));
        }
        if let Some(d) = confirm_by.filter(|d| *d < at.date_naive()) {
            return Err(super::invalid(
                "confirm_by",
                said!(
                    "err-coop-confirm-by-before-publication",
                    "{date} is before the day of publication ({today})",
                    date = d,
                    today = at.date_naive()
                ),
            ));
        }
        self.status = AllocationStatus::Published;
        self.published_at = Some(at);
        self.supersedes = current;
        self.confirm_by = confirm_by;
        Ok(Permit::new("allocation.published", by, subject::ALLOCATION, self.id.0))
    }

    /// The date by which a line of an activity starting on `start` is confirmed, for seats given
    /// on `on` (the day of publication, or of a re-offer): [`super::confirm_by`] with the staff's
    /// date, if they chose one.
    pub fn confirm_by_for(&self, start: NaiveDate, on: NaiveDate) -> NaiveDate {
        super::confirm_by(on, start, self.confirm_by)
    }

    /// Staff discard a draft they will not publish.
    pub fn discard(&mut self, by: &Principal) -> Result<Permit, CooperationError> {
        if !(by.is_staff() && by.can_write()) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-alliance-staff-discard-allocation",
                "only alliance staff discard an allocation"
            )));
        }
        if self.status != AllocationStatus::Draft {
            return Err(illegal_transition(
                said!("err-coop-what-allocation", "the allocation"),
                "allocation-status",
                self.status.as_str(),
                AllocationStatus::Discarded.as_str(),
            ));
        }
        self.status = AllocationStatus::Discarded;
        Ok(Permit::new("allocation.discarded", by, subject::ALLOCATION, self.id.0))
    }

    /// What `viewer` may read of this allocation: staff everything; a nation its own lines of a
    /// published (or superseded) allocation, nothing of a draft.
    pub fn lines_for<'a>(&'a self, viewer: &Principal) -> Option<Vec<&'a AllocationLine>> {
        match viewer.nation() {
            None => Some(self.lines.iter().collect()),
            Some(n) if matches!(self.status, AllocationStatus::Published | AllocationStatus::Superseded) => {
                Some(self.lines.iter().filter(|l| &l.nation == n).collect())
            }
            Some(_) => None,
        }
    }

    /// The published allocation after a nation gave back `declined` seats of request `request`
    /// and the freed seats were offered again (`offered`: request, seats added). This allocation
    /// becomes superseded; the returned one is published in its place, with the same
    /// activities, every other seat unchanged, and `notes` (request → English, French) added to
    /// the explanations of the lines that changed. Placed nominees follow the seats: the first
    /// ones in the nation's order.
    #[allow(clippy::too_many_arguments)]
    pub fn reissue(
        &mut self,
        request: SeatRequestId,
        declined: u32,
        offered: &[(SeatRequestId, u32)],
        notes: &std::collections::BTreeMap<SeatRequestId, (String, String)>,
        nominees: &std::collections::BTreeMap<SeatRequestId, Vec<String>>,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(AllocationRun, Permit), CooperationError> {
        if self.status != AllocationStatus::Published {
            return Err(illegal_transition(
                said!("err-coop-what-allocation", "the allocation"),
                "allocation-status",
                self.status.as_str(),
                "reissued",
            ));
        }
        let Some(line) = self.lines.iter().find(|l| l.request == request) else {
            return Err(CooperationError::Conflict(said!(
                "err-coop-request-allocation",
                "the request is not in this allocation"
            )));
        };
        if by.nation() != Some(&line.nation) || declined == 0 || declined > line.granted {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-nation-holding-seats-gives",
                "only the nation holding the seats gives them back"
            )));
        }
        let next = self.next_version(request, declined, offered, notes, nominees, Actor::of(by), at);
        Ok((next, Permit::new("allocation.reissued", by, subject::ALLOCATION, self.id.0)))
    }

    /// The published allocation after time released every seat of request `request` (see
    /// [`super::SeatRequest::release`]) and they were offered again (`offered`), as
    /// [`AllocationRun::reissue`] does for seats given back. The permit is given to no account:
    /// the system acts.
    pub fn release(
        &mut self,
        request: SeatRequestId,
        offered: &[(SeatRequestId, u32)],
        notes: &std::collections::BTreeMap<SeatRequestId, (String, String)>,
        nominees: &std::collections::BTreeMap<SeatRequestId, Vec<String>>,
        at: DateTime<Utc>,
    ) -> Result<(AllocationRun, Permit), CooperationError> {
        if self.status != AllocationStatus::Published {
            return Err(illegal_transition(
                said!("err-coop-what-allocation", "the allocation"),
                "allocation-status",
                self.status.as_str(),
                "reissued",
            ));
        }
        let Some(held) = self.lines.iter().find(|l| l.request == request).map(|l| l.granted).filter(|g| *g > 0) else {
            return Err(CooperationError::Conflict(said!(
                "err-coop-request-allocation",
                "the request is not in this allocation"
            )));
        };
        let system = Actor { user_id: Permit::SYSTEM, affiliation: Affiliation::Staff };
        let next = self.next_version(request, held, offered, notes, nominees, system, at);
        Ok((next, Permit::by_time("allocation.reissued", subject::ALLOCATION, self.id.0)))
    }

    /// The next published version: `removed` seats taken from `request`, `offered` added, the
    /// notes appended to the lines that changed; this one becomes superseded.
    #[allow(clippy::too_many_arguments)]
    fn next_version(
        &mut self,
        request: SeatRequestId,
        removed: u32,
        offered: &[(SeatRequestId, u32)],
        notes: &std::collections::BTreeMap<SeatRequestId, (String, String)>,
        nominees: &std::collections::BTreeMap<SeatRequestId, Vec<String>>,
        created_by: Actor,
        at: DateTime<Utc>,
    ) -> AllocationRun {
        let declined = removed;
        let mut lines = self.lines.clone();
        for l in &mut lines {
            let before = l.granted;
            if l.request == request {
                l.granted -= declined;
            }
            if let Some((_, more)) = offered.iter().find(|(r, _)| *r == l.request) {
                l.granted += more;
            }
            if l.granted != before {
                let names = nominees.get(&l.request).map(Vec::as_slice).unwrap_or_default();
                l.placed = names.iter().take(l.granted as usize).cloned().collect();
                if let Some((en, fr)) = notes.get(&l.request) {
                    l.explanation_en = format!("{} {en}", l.explanation_en);
                    l.explanation_fr = format!("{} {fr}", l.explanation_fr);
                }
            }
        }
        let next = AllocationRun {
            id: AllocationId(0),
            title: self.title.clone(),
            mechanism: self.mechanism.clone(),
            seed: self.seed,
            activities: self.activities.clone(),
            lines,
            report: self.report.clone(),
            created_at: at,
            created_by,
            status: AllocationStatus::Published,
            published_at: Some(at),
            supersedes: Some(self.id),
            confirm_by: self.confirm_by,
            version: 0,
        };
        self.status = AllocationStatus::Superseded;
        next
    }

    /// Seats that differ from `previous` (by request): (request, before, after).
    pub fn changes_from(&self, previous: &AllocationRun) -> Vec<(SeatRequestId, u32, u32)> {
        let mut out = Vec::new();
        for l in &self.lines {
            let before = previous.lines.iter().find(|p| p.request == l.request).map_or(0, |p| p.granted);
            if before != l.granted {
                out.push((l.request, before, l.granted));
            }
        }
        for p in &previous.lines {
            if !self.lines.iter().any(|l| l.request == p.request) && p.granted > 0 {
                out.push((p.request, p.granted, 0));
            }
        }
        out
    }
}
