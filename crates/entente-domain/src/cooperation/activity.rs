//! Activities of the cooperation menu and their workflow.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{CooperationError, area, illegal_transition, invalid, line, subject, text};
use crate::Lang;
use crate::access::{Marking, Permit, Principal, Viewer, may_see};
use crate::consultation::{Actor, Release, StatusChange};
use crate::registry::{FrameworkCode, NationCode, NationKind, Network};
use crate::said;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub struct ActivityId(pub i64);

/// What kind of event an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Course,
    Exercise,
    Workshop,
    Conference,
    Seminar,
    ExpertVisit,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 6] = [
        ActivityKind::Course,
        ActivityKind::Exercise,
        ActivityKind::Workshop,
        ActivityKind::Conference,
        ActivityKind::Seminar,
        ActivityKind::ExpertVisit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Course => "course",
            ActivityKind::Exercise => "exercise",
            ActivityKind::Workshop => "workshop",
            ActivityKind::Conference => "conference",
            ActivityKind::Seminar => "seminar",
            ActivityKind::ExpertVisit => "expert_visit",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where an activity is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Proposed,
    Returned,
    Published,
    Cancelled,
    Completed,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 5] = [
        ActivityStatus::Proposed,
        ActivityStatus::Returned,
        ActivityStatus::Published,
        ActivityStatus::Cancelled,
        ActivityStatus::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Proposed => "proposed",
            ActivityStatus::Returned => "returned",
            ActivityStatus::Published => "published",
            ActivityStatus::Cancelled => "cancelled",
            ActivityStatus::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        ActivityStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who runs the activity: a nation, or a named institution (a partnership training centre, a
/// NATO school…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Provider {
    Nation(NationCode),
    Institution(String),
}

impl Provider {
    /// The provider as data carries it: a nation's code, or the institution's name.
    pub fn label(&self) -> String {
        match self {
            Provider::Nation(n) => n.to_string(),
            Provider::Institution(i) => i.clone(),
        }
    }

    /// The provider for a reader: a nation by its name in `lang` ("France"), an institution by
    /// its name.
    pub fn name_in(&self, network: &crate::registry::Network, lang: crate::Lang) -> String {
        match self {
            Provider::Nation(n) => {
                network.nation(n).map_or_else(|| n.to_string(), |x| x.name_in(lang.code()).to_string())
            }
            Provider::Institution(i) => i.clone(),
        }
    }
}

/// What a proposer fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityDraft {
    pub code: String,
    pub title_en: String,
    pub title_fr: String,
    pub aim_en: String,
    pub aim_fr: String,
    pub area: String,
    pub kind: ActivityKind,
    /// The running institution; empty = the proposing nation itself (staff must name one).
    pub institution: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Where it takes place; empty = online.
    pub location: String,
    pub languages: Vec<Lang>,
    pub seats: u32,
    pub nation_cap: Option<u32>,
    /// Frameworks whose partners may take part; empty = every active partner.
    pub frameworks: Vec<FrameworkCode>,
    pub prerequisites: Vec<ActivityId>,
    /// Participation fee in euros (0 = none).
    pub fee_eur: u32,
    pub deadline: NaiveDate,
    pub release: Release,
}

pub const CODE_MAX: usize = 24;
pub const TITLE_MAX: usize = 300;
pub const AIM_MAX: usize = 5_000;
pub const REASON_MAX: usize = 2_000;
pub const MAX_SEATS: u32 = 10_000;
pub const MAX_PREREQUISITES: usize = 10;

/// An activity of the cooperation menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: ActivityId,
    pub code: String,
    pub title_en: String,
    pub title_fr: String,
    pub aim_en: String,
    pub aim_fr: String,
    pub area: String,
    pub kind: ActivityKind,
    pub provider: Provider,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub location: String,
    pub languages: Vec<Lang>,
    pub seats: u32,
    pub nation_cap: Option<u32>,
    pub frameworks: Vec<FrameworkCode>,
    pub prerequisites: Vec<ActivityId>,
    pub fee_eur: u32,
    pub deadline: NaiveDate,
    pub marking: Marking,
    pub proposed_by: Actor,
    history: Vec<StatusChange<ActivityStatus>>,
    /// Optimistic-concurrency version of the stored row.
    #[serde(skip)]
    pub version: i64,
}

/// Whether a nation may take part in an activity, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "eligibility", rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    /// On the first day the nation is in none of the frameworks the activity is open to.
    Framework {
        on: NaiveDate,
        open_to: Vec<String>,
    },
    /// A prerequisite activity the nation has not completed.
    Prerequisite {
        missing: ActivityId,
    },
}

/// The steps `by` may take on an activity now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActivityActions {
    pub approve: bool,
    pub return_for_changes: bool,
    pub resubmit: bool,
    pub cancel: bool,
    pub complete: bool,
    pub request_seats: bool,
}

impl ActivityActions {
    pub fn any(&self) -> bool {
        self.approve || self.return_for_changes || self.resubmit || self.cancel || self.complete || self.request_seats
    }
}

struct Checked {
    code: String,
    title_en: String,
    title_fr: String,
    aim_en: String,
    aim_fr: String,
    location: String,
    institution: String,
    languages: Vec<Lang>,
    frameworks: Vec<FrameworkCode>,
    prerequisites: Vec<ActivityId>,
}

fn check(d: &ActivityDraft, network: &Network) -> Result<Checked, CooperationError> {
    let code = line("code", &d.code, CODE_MAX)?.to_ascii_uppercase();
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
        return Err(invalid("code", said!("err-coop-use-letters-digits", "use letters, digits, '-' and '.' only")));
    }
    if area(&d.area).is_none() {
        return Err(invalid(
            "area",
            said!("err-coop-not-area", "'{area}' is not an area of cooperation", area = d.area.trim()),
        ));
    }
    if d.end < d.start {
        return Err(invalid(
            "end",
            said!("err-coop-activity-ends-before-starts", "the activity ends before it starts"),
        ));
    }
    if d.deadline > d.start {
        return Err(invalid(
            "deadline",
            said!("err-coop-nomination-deadline-after-first", "the nomination deadline is after the first day"),
        ));
    }
    if d.seats == 0 || d.seats > MAX_SEATS {
        return Err(invalid("seats", said!("err-coop-from-1-to", "must be from 1 to {max}", max = MAX_SEATS)));
    }
    if let Some(cap) = d.nation_cap
        && (cap == 0 || cap > d.seats)
    {
        return Err(invalid(
            "nation_cap",
            said!("err-coop-must-1-number-seats", "must be from 1 to the number of seats"),
        ));
    }
    let mut languages = d.languages.clone();
    languages.dedup();
    if languages.is_empty() {
        return Err(invalid(
            "languages",
            said!("err-coop-name-least-one-working", "name at least one working language"),
        ));
    }
    let mut frameworks: Vec<FrameworkCode> = d.frameworks.clone();
    frameworks.sort();
    frameworks.dedup();
    for f in &frameworks {
        if f.is_alliance() || !network.memberships().iter().any(|m| &m.framework == f) {
            return Err(invalid(
                "frameworks",
                said!(
                    "err-coop-not-framework",
                    "'{framework}' is not a partnership framework",
                    framework = f.to_string()
                ),
            ));
        }
    }
    let prerequisites: Vec<ActivityId> = d.prerequisites.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if prerequisites.len() > MAX_PREREQUISITES {
        return Err(invalid("prerequisites", said!("err-coop-at-most", "at most {max}", max = MAX_PREREQUISITES)));
    }
    let institution =
        if d.institution.trim().is_empty() { String::new() } else { line("institution", &d.institution, TITLE_MAX)? };
    let location = if d.location.trim().is_empty() { String::new() } else { line("location", &d.location, TITLE_MAX)? };
    Ok(Checked {
        code,
        title_en: line("title_en", &d.title_en, TITLE_MAX)?,
        title_fr: line("title_fr", &d.title_fr, TITLE_MAX)?,
        aim_en: text("aim_en", &d.aim_en, AIM_MAX)?,
        aim_fr: text("aim_fr", &d.aim_fr, AIM_MAX)?,
        location,
        institution,
        languages,
        frameworks,
        prerequisites,
    })
}

/// Who may propose activities: staff (not analysts), the delegation of an ally active on the day,
/// or of a partner organisation.
fn may_propose(by: &Principal, on: NaiveDate, network: &Network) -> Result<(), CooperationError> {
    if !by.can_write() {
        return Err(CooperationError::NotPermitted(said!(
            "err-coop-analysts-propose-activities",
            "analysts do not propose activities"
        )));
    }
    match by.nation() {
        None => Ok(()),
        Some(n) if network.is_active(n, &FrameworkCode::alliance(), on) => Ok(()),
        Some(n) if network.nation(n).is_some_and(|x| x.kind == NationKind::PartnerOrg) => Ok(()),
        Some(_) => Err(CooperationError::NotPermitted(said!(
            "err-coop-activities-proposed-allies-partner",
            "activities are proposed by allies, partner institutions and the alliance staff"
        ))),
    }
}

fn staff_writer(by: &Principal, what: crate::said::Said) -> Result<(), CooperationError> {
    if by.is_staff() && by.can_write() { Ok(()) } else { Err(CooperationError::NotPermitted(what)) }
}

impl Activity {
    /// A new proposal. The marking's originator is the proposing nation (none for staff); the
    /// provider is the named institution, or the proposing nation.
    pub fn propose(
        id: ActivityId,
        draft: &ActivityDraft,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<(Activity, Permit), CooperationError> {
        may_propose(by, at.date_naive(), network)?;
        let c = check(draft, network)?;
        if draft.prerequisites.contains(&id) && id.0 != 0 {
            return Err(invalid(
                "prerequisites",
                said!("err-coop-activity-cannot-own-prerequisite", "an activity cannot be its own prerequisite"),
            ));
        }
        let provider = match (c.institution.is_empty(), by.nation()) {
            (false, _) => Provider::Institution(c.institution.clone()),
            (true, Some(n)) => Provider::Nation(n.clone()),
            (true, None) => {
                return Err(invalid(
                    "institution",
                    said!("err-coop-name-institution-runs-activity", "name the institution that runs the activity"),
                ));
            }
        };
        let a = Activity {
            id,
            code: c.code,
            title_en: c.title_en,
            title_fr: c.title_fr,
            aim_en: c.aim_en,
            aim_fr: c.aim_fr,
            area: draft.area.clone(),
            kind: draft.kind,
            provider,
            start: draft.start,
            end: draft.end,
            location: c.location,
            languages: c.languages,
            seats: draft.seats,
            nation_cap: draft.nation_cap,
            frameworks: c.frameworks,
            prerequisites: c.prerequisites,
            fee_eur: draft.fee_eur,
            deadline: draft.deadline,
            marking: draft.release.mark(by.nation().cloned(), at.date_naive()),
            proposed_by: Actor::of(by),
            history: vec![StatusChange {
                status: ActivityStatus::Proposed,
                at,
                by: Actor::of(by),
                note: String::new(),
            }],
            version: 0,
        };
        Ok((a, Permit::new("activity.proposed", by, subject::ACTIVITY, 0)))
    }

    /// An activity as stored; the history is checked again.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        mut a: Activity,
        history: Vec<StatusChange<ActivityStatus>>,
    ) -> Result<Activity, CooperationError> {
        if history.first().map(|h| h.status) != Some(ActivityStatus::Proposed) {
            return Err(invalid(
                "history",
                said!("err-coop-activity-s-history-starts", "an activity's history starts with its proposal"),
            ));
        }
        for w in history.windows(2) {
            if w[1].at < w[0].at {
                return Err(invalid("history", said!("err-coop-entries-go-back-time", "entries go back in time")));
            }
            if !successors(w[0].status).contains(&w[1].status) {
                return Err(illegal_transition(
                    said!("err-coop-what-activity", "the activity"),
                    "activity-status",
                    w[0].status.as_str(),
                    w[1].status.as_str(),
                ));
            }
        }
        a.history = history;
        Ok(a)
    }

    /// A value to fill with [`Activity::from_parts`]: the stored fields, an empty history.
    #[allow(clippy::too_many_arguments)]
    pub fn stored(
        id: ActivityId,
        draft_fields: (String, String, String, String, String, String, ActivityKind),
        provider: Provider,
        dates: (NaiveDate, NaiveDate, NaiveDate),
        location: String,
        languages: Vec<Lang>,
        seats: (u32, Option<u32>),
        frameworks: Vec<FrameworkCode>,
        prerequisites: Vec<ActivityId>,
        fee_eur: u32,
        marking: Marking,
        proposed_by: Actor,
    ) -> Activity {
        let (code, title_en, title_fr, aim_en, aim_fr, area, kind) = draft_fields;
        Activity {
            id,
            code,
            title_en,
            title_fr,
            aim_en,
            aim_fr,
            area,
            kind,
            provider,
            start: dates.0,
            end: dates.1,
            deadline: dates.2,
            location,
            languages,
            seats: seats.0,
            nation_cap: seats.1,
            frameworks,
            prerequisites,
            fee_eur,
            marking,
            proposed_by,
            history: Vec::new(),
            version: 0,
        }
    }

    pub fn status(&self) -> ActivityStatus {
        self.history.last().map_or(ActivityStatus::Proposed, |h| h.status)
    }

    pub fn history(&self) -> &[StatusChange<ActivityStatus>] {
        &self.history
    }

    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.title_en,
            Lang::Fr => &self.title_fr,
        }
    }

    pub fn aim(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.aim_en,
            Lang::Fr => &self.aim_fr,
        }
    }

    pub fn is_online(&self) -> bool {
        self.location.is_empty()
    }

    /// Whether the nominations are still open on `on` (published, deadline not passed).
    pub fn nominations_open(&self, on: NaiveDate) -> bool {
        nominations_open(self.status(), self.deadline, on)
    }

    fn step(
        &mut self,
        to: ActivityStatus,
        note: String,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(), CooperationError> {
        let from = self.status();
        if !successors(from).contains(&to) {
            return Err(illegal_transition(
                said!("err-coop-what-activity", "the activity"),
                "activity-status",
                from.as_str(),
                to.as_str(),
            ));
        }
        if let Some(last) = self.history.last()
            && at < last.at
        {
            return Err(CooperationError::Conflict(said!(
                "err-coop-change-dated-before-activity",
                "the change is dated before the activity's last change; try again"
            )));
        }
        self.history.push(StatusChange { status: to, at, by: Actor::of(by), note });
        Ok(())
    }

    fn is_proposer(&self, by: &Principal) -> bool {
        match (&self.proposed_by.nation(), by.nation()) {
            (Some(a), Some(b)) => a == &b,
            (None, None) => by.is_staff(),
            _ => false,
        }
    }

    /// Staff approve a proposal: it is published on the menu.
    pub fn approve(&mut self, by: &Principal, at: DateTime<Utc>) -> Result<Permit, CooperationError> {
        staff_writer(
            by,
            said!("err-coop-alliance-staff-approve-activities", "only alliance staff approve activities"),
        )?;
        if self.status() == ActivityStatus::Proposed && at.date_naive() > self.deadline {
            return Err(CooperationError::Conflict(said!(
                "err-coop-deadline-passed-return",
                "the nomination deadline ({deadline}) has passed; return the proposal so that its dates are changed",
                deadline = self.deadline
            )));
        }
        self.step(ActivityStatus::Published, String::new(), by, at)?;
        Ok(Permit::new("activity.published", by, subject::ACTIVITY, self.id.0))
    }

    /// Staff return a proposal to its proposer, saying why.
    pub fn return_for_changes(
        &mut self,
        reason: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        staff_writer(by, said!("err-coop-alliance-staff-return-proposals", "only alliance staff return proposals"))?;
        let reason = line("reason", reason, REASON_MAX)?;
        self.step(ActivityStatus::Returned, reason, by, at)?;
        Ok(Permit::new("activity.returned", by, subject::ACTIVITY, self.id.0))
    }

    /// The proposer changes a returned proposal and submits it again.
    pub fn resubmit(
        &mut self,
        draft: &ActivityDraft,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<Permit, CooperationError> {
        if !self.is_proposer(by) || !by.can_write() {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-proposer-resubmits-returned-proposal",
                "only the proposer resubmits a returned proposal"
            )));
        }
        if self.status() != ActivityStatus::Returned {
            return Err(illegal_transition(
                said!("err-coop-what-activity", "the activity"),
                "activity-status",
                self.status().as_str(),
                ActivityStatus::Proposed.as_str(),
            ));
        }
        let c = check(draft, network)?;
        if c.prerequisites.contains(&self.id) {
            return Err(invalid(
                "prerequisites",
                said!("err-coop-activity-cannot-own-prerequisite", "an activity cannot be its own prerequisite"),
            ));
        }
        let provider = match (c.institution.is_empty(), by.nation()) {
            (false, _) => Provider::Institution(c.institution.clone()),
            (true, Some(n)) => Provider::Nation(n.clone()),
            (true, None) => {
                return Err(invalid(
                    "institution",
                    said!("err-coop-name-institution-runs-activity", "name the institution that runs the activity"),
                ));
            }
        };
        let mut next = self.clone();
        next.code = c.code;
        next.title_en = c.title_en;
        next.title_fr = c.title_fr;
        next.aim_en = c.aim_en;
        next.aim_fr = c.aim_fr;
        next.area = draft.area.clone();
        next.kind = draft.kind;
        next.provider = provider;
        next.start = draft.start;
        next.end = draft.end;
        next.location = c.location;
        next.languages = c.languages;
        next.seats = draft.seats;
        next.nation_cap = draft.nation_cap;
        next.frameworks = c.frameworks;
        next.prerequisites = c.prerequisites;
        next.fee_eur = draft.fee_eur;
        next.deadline = draft.deadline;
        next.marking = draft.release.mark(self.marking.originator.clone(), at.date_naive());
        next.step(ActivityStatus::Proposed, String::new(), by, at)?;
        *self = next;
        Ok(Permit::new("activity.resubmitted", by, subject::ACTIVITY, self.id.0))
    }

    /// Staff cancel an activity not yet completed; the proposer may withdraw its own proposal
    /// before publication. A reason is required.
    pub fn cancel(&mut self, reason: &str, by: &Principal, at: DateTime<Utc>) -> Result<Permit, CooperationError> {
        let own_unpublished = self.is_proposer(by)
            && by.can_write()
            && matches!(self.status(), ActivityStatus::Proposed | ActivityStatus::Returned);
        let staff = by.is_staff() && by.can_write();
        if !(staff || own_unpublished) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-alliance-staff-cancel-activities",
                "alliance staff cancel activities; a proposer withdraws only its unpublished proposal"
            )));
        }
        let reason = line("reason", reason, REASON_MAX)?;
        self.step(ActivityStatus::Cancelled, reason, by, at)?;
        Ok(Permit::new("activity.cancelled", by, subject::ACTIVITY, self.id.0))
    }

    /// Staff or the providing nation mark a published activity completed once it has ended.
    pub fn complete(&mut self, by: &Principal, at: DateTime<Utc>) -> Result<Permit, CooperationError> {
        let provider = matches!((&self.provider, by.nation()), (Provider::Nation(p), Some(n)) if p == n);
        if !by.can_write() || !(by.is_staff() || provider) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-alliance-staff-provider-mark",
                "alliance staff or the provider mark an activity completed"
            )));
        }
        if self.status() == ActivityStatus::Published && at.date_naive() <= self.end {
            return Err(CooperationError::Conflict(said!(
                "err-coop-completed-after-end",
                "the activity ends on {end}; it is completed after",
                end = self.end
            )));
        }
        self.step(ActivityStatus::Completed, String::new(), by, at)?;
        Ok(Permit::new("activity.completed", by, subject::ACTIVITY, self.id.0))
    }

    /// Whether `nation` may take part, judged on the first day; `completed` are the activities
    /// the nation's participants have completed.
    pub fn eligibility(&self, nation: &NationCode, completed: &BTreeSet<ActivityId>, network: &Network) -> Eligibility {
        self.eligibility_with(&NationOnDay::of(nation, self.start, network), completed)
    }

    /// [`Activity::eligibility`] for a caller that has the nation's standing on the first day
    /// already (the menu judges thousands of activities, a few hundred distinct first days).
    pub fn eligibility_with(&self, standing: &NationOnDay, completed: &BTreeSet<ActivityId>) -> Eligibility {
        let on = self.start;
        debug_assert_eq!(standing.on, on, "the nation's standing on another day");
        if !standing.fits(&self.frameworks) {
            return Eligibility::Framework { on, open_to: self.frameworks.iter().map(|f| f.to_string()).collect() };
        }
        match self.prerequisites.iter().find(|p| !completed.contains(p)) {
            Some(p) => Eligibility::Prerequisite { missing: *p },
            None => Eligibility::Eligible,
        }
    }

    /// The steps `by` may take now (a dry run of the rules themselves).
    pub fn allowed_actions(&self, by: &Principal, at: DateTime<Utc>, network: &Network) -> ActivityActions {
        const PROBE: &str = "probe";
        let resubmit = self.status() == ActivityStatus::Returned && self.is_proposer(by) && by.can_write();
        ActivityActions {
            approve: self.clone().approve(by, at).is_ok(),
            return_for_changes: self.clone().return_for_changes(PROBE, by, at).is_ok(),
            resubmit,
            cancel: self.clone().cancel(PROBE, by, at).is_ok(),
            complete: self.clone().complete(by, at).is_ok(),
            request_seats: by.can_write()
                && by.nation().is_some_and(|n| {
                    self.nominations_open(at.date_naive())
                        && !matches!(self.eligibility(n, &BTreeSet::new(), network), Eligibility::Framework { .. })
                }),
        }
    }
}

/// Whether nominations to an activity in `status` with this `deadline` are open on `on`: it is
/// published and the deadline has not passed.
pub fn nominations_open(status: ActivityStatus, deadline: NaiveDate, on: NaiveDate) -> bool {
    status == ActivityStatus::Published && on <= deadline
}

/// The statuses an activity may move to from `s`.
pub fn successors(s: ActivityStatus) -> &'static [ActivityStatus] {
    use ActivityStatus::*;
    match s {
        Proposed => &[Published, Returned, Cancelled],
        Returned => &[Proposed, Cancelled],
        Published => &[Completed, Cancelled],
        Cancelled | Completed => &[],
    }
}

/// Proposals are seen by staff and the proposing nation; published activities (and those
/// completed or cancelled after publication) by whoever their marking releases them to.
pub fn may_see_activity(viewer: Viewer<'_>, a: &Activity, network: &Network) -> bool {
    let published = a.history.iter().any(|h| h.status == ActivityStatus::Published);
    if published {
        return may_see(viewer, &a.marking, network);
    }
    match viewer {
        Viewer::Anonymous => false,
        Viewer::User(p) => p.is_staff() || (p.nation().is_some() && p.nation() == a.marking.originator.as_ref()),
    }
}

/// A nation's standing in the network on one day, as eligibility judges it: an ally, and the
/// frameworks it is an active member of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationOnDay {
    pub on: NaiveDate,
    pub ally: bool,
    pub frameworks: Vec<FrameworkCode>,
}

impl NationOnDay {
    pub fn of(nation: &NationCode, on: NaiveDate, network: &Network) -> NationOnDay {
        NationOnDay {
            on,
            ally: network.is_active(nation, &FrameworkCode::alliance(), on),
            frameworks: network.frameworks_of(nation, on),
        }
    }

    /// Whether an activity open to `frameworks` (none: every partnership framework) is open to the
    /// nation that day: an ally takes part in every activity, a partner in those of its frameworks.
    pub fn fits(&self, frameworks: &[FrameworkCode]) -> bool {
        self.ally
            || if frameworks.is_empty() {
                self.frameworks.iter().any(|f| !f.is_alliance())
            } else {
                frameworks.iter().any(|f| self.frameworks.contains(f))
            }
    }
}
