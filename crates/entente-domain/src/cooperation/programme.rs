//! Individually Tailored Partnership Programmes (ITPP): one per partner, co-owned.
//!
//! A programme is a plan — strategic objectives (ends), partnership goals under them (ways: an area
//! of cooperation, a description, a target date and a measurable indicator) and, under each goal,
//! the menu activities planned in support of it, per year (means) — together with the comments
//! exchanged on it, the assessments of its goals, and every version the staff agreed.
//!
//! # Rules
//!
//! - The **partner's delegation** opens its programme and edits the plan; editing an agreed plan
//!   makes it *amended* until the next agreement (the agreed versions stay as they were).
//! - **Staff** comment and propose changes (a comment marked as a proposal, possibly on one goal);
//!   the partner's delegation answers with comments too.
//! - A **staff administrator** records agreement: the plan becomes agreed version *n + 1*, kept
//!   for good; [`diff`] says what changed between two versions.
//! - **Assessment** per cycle (a year): the partner assesses its goals (self-assessment), the staff
//!   assess them too; each rates a goal of the latest agreed version not started, in progress,
//!   largely met or met, with evidence. A later assessment of the same goal, cycle and side
//!   replaces the earlier one.
//! - **Who sees a programme** ([`may_see_programme`]): the staff, the partner itself and the allies
//!   (as in reality); never another partner, never an anonymous caller.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{ActivityId, CooperationError, area, illegal_transition, invalid, line, subject, text};
use crate::access::{Permit, Principal, Role, Viewer};
use crate::consultation::Actor;
use crate::registry::{NationCode, NationStatus, Network};
use crate::said;

pub const OBJECTIVE_MAX: usize = 500;
pub const GOAL_MAX: usize = 2000;
pub const INDICATOR_MAX: usize = 500;
pub const COMMENT_MAX: usize = 4000;
pub const EVIDENCE_MAX: usize = 4000;
pub const MAX_OBJECTIVES: usize = 30;
pub const MAX_GOALS: usize = 200;
pub const MAX_SUPPORTS: usize = 100;
/// Years a plan may name (targets, planned activities, assessment cycles).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A strategic objective: an end the partner pursues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    /// Stable within the programme across versions; 0 in an edit means "new".
    pub key: u32,
    pub text: String,
}

/// A menu activity planned in support of a goal, in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Support {
    pub activity: ActivityId,
    pub year: i32,
}

/// A partnership goal: a way towards an objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Stable within the programme across versions; 0 in an edit means "new".
    pub key: u32,
    /// The objective it serves.
    pub objective: u32,
    /// An area of cooperation of the menu.
    pub area: String,
    pub description: String,
    pub target: NaiveDate,
    /// How progress is measured.
    pub indicator: String,
    pub activities: Vec<Support>,
}

/// Ends, ways and means.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub objectives: Vec<Objective>,
    pub goals: Vec<Goal>,
}

impl Plan {
    pub fn goal(&self, key: u32) -> Option<&Goal> {
        self.goals.iter().find(|g| g.key == key)
    }

    pub fn objective(&self, key: u32) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.key == key)
    }

    /// Every activity the plan names.
    pub fn activities(&self) -> BTreeSet<ActivityId> {
        self.goals.iter().flat_map(|g| g.activities.iter().map(|s| s.activity)).collect()
    }
}

/// How far a goal is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    NotStarted,
    InProgress,
    LargelyMet,
    Met,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::NotStarted, Rating::InProgress, Rating::LargelyMet, Rating::Met];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::NotStarted => "not_started",
            Rating::InProgress => "in_progress",
            Rating::LargelyMet => "largely_met",
            Rating::Met => "met",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Who assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The partner's self-assessment.
    Partner,
    Staff,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Partner => "partner",
            Side::Staff => "staff",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub cycle: i32,
    pub goal: u32,
    pub side: Side,
    pub rating: Rating,
    pub evidence: String,
    pub at: DateTime<Utc>,
    pub by: Actor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub at: DateTime<Utc>,
    pub by: Actor,
    /// The goal it is about, if any.
    pub goal: Option<u32>,
    /// A change the staff propose (rather than a remark).
    pub proposal: bool,
    pub text: String,
}

/// A version of the plan the staff agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedVersion {
    pub number: u32,
    pub plan: Plan,
    pub at: DateTime<Utc>,
    pub by: Actor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeStatus {
    /// Never agreed yet.
    Draft,
    /// The plan is the latest agreed version.
    Agreed,
    /// Agreed before, changed since.
    Amended,
}

impl ProgrammeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeStatus::Draft => "draft",
            ProgrammeStatus::Agreed => "agreed",
            ProgrammeStatus::Amended => "amended",
        }
    }
}

/// One partner's programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    /// The stored row (0 before it is stored).
    pub id: i64,
    pub nation: NationCode,
    /// The working plan.
    pub plan: Plan,
    /// The next key given to a new objective or goal.
    pub next_key: u32,
    pub comments: Vec<Comment>,
    pub assessments: Vec<Assessment>,
    /// Every agreed version, oldest first.
    pub agreed: Vec<AgreedVersion>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip)]
    pub version: i64,
}

/// What a principal may do to a programme now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProgrammeActions {
    pub edit: bool,
    pub comment: bool,
    pub propose: bool,
    pub agree: bool,
    /// The side the principal assesses for, when it may.
    pub assess: Option<Side>,
}

fn is_partner(network: &Network, nation: &NationCode, on: NaiveDate) -> bool {
    matches!(network.status_on(nation, on), NationStatus::Partner { .. })
}

fn is_ally(network: &Network, nation: &NationCode, on: NaiveDate) -> bool {
    matches!(network.status_on(nation, on), NationStatus::Ally)
}

/// Staff, the partner itself and the allies see a programme; another partner never does.
pub fn may_see_programme(viewer: Viewer<'_>, nation: &NationCode, network: &Network, today: NaiveDate) -> bool {
    match viewer {
        Viewer::Anonymous => false,
        Viewer::User(p) => match p.nation() {
            None => true,
            Some(n) => n == nation || is_ally(network, n, today),
        },
    }
}

fn own_writer(by: &Principal, nation: &NationCode) -> bool {
    by.nation() == Some(nation) && by.can_write()
}

fn staff_writer(by: &Principal) -> bool {
    by.is_staff() && by.can_write()
}

impl Programme {
    /// The partner's delegation opens its programme, empty.
    pub fn open(by: &Principal, at: DateTime<Utc>, network: &Network) -> Result<(Programme, Permit), CooperationError> {
        let Some(nation) = by.nation() else {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-programme-opened-partner-s",
                "a programme is opened by the partner's delegation"
            )));
        };
        if !by.can_write() {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-analysts-open-programmes",
                "analysts do not open programmes"
            )));
        }
        if !is_partner(network, nation, at.date_naive()) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-partners-have-individually-tailored",
                "only partners have an individually tailored programme"
            )));
        }
        let p = Programme {
            id: 0,
            nation: nation.clone(),
            plan: Plan::default(),
            next_key: 1,
            comments: Vec::new(),
            assessments: Vec::new(),
            agreed: Vec::new(),
            opened_at: at,
            updated_at: at,
            version: 0,
        };
        Ok((p, Permit::new("programme.opened", by, subject::PROGRAMME, 0)))
    }

    pub fn status(&self) -> ProgrammeStatus {
        match self.agreed.last() {
            None => ProgrammeStatus::Draft,
            Some(v) if v.plan == self.plan => ProgrammeStatus::Agreed,
            Some(_) => ProgrammeStatus::Amended,
        }
    }

    /// The latest agreed version.
    pub fn current(&self) -> Option<&AgreedVersion> {
        self.agreed.last()
    }

    pub fn version_number(&self, n: u32) -> Option<&AgreedVersion> {
        self.agreed.iter().find(|v| v.number == n)
    }

    /// Goals a seat request may name: those of the working plan and of the latest agreed version.
    pub fn linkable_goals(&self) -> BTreeSet<u32> {
        let mut keys: BTreeSet<u32> = self.plan.goals.iter().map(|g| g.key).collect();
        if let Some(v) = self.current() {
            keys.extend(v.plan.goals.iter().map(|g| g.key));
        }
        keys
    }

    /// Goals of the latest agreed version.
    pub fn agreed_goals(&self) -> BTreeSet<u32> {
        self.current().map(|v| v.plan.goals.iter().map(|g| g.key).collect()).unwrap_or_default()
    }

    fn subject_id(&self) -> i64 {
        self.id
    }

    /// The partner's delegation replaces the plan. New objectives and goals carry key 0 and get
    /// one here; a key the plan does not know is refused. `known`: the menu activities that exist.
    pub fn edit(
        &mut self,
        new: Plan,
        known: &BTreeSet<ActivityId>,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        if !own_writer(by, &self.nation) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-partner-s-delegation-edits",
                "only the partner's delegation edits its programme"
            )));
        }
        let plan = self.checked(new, known)?;
        if plan == self.plan {
            return Err(CooperationError::Conflict(said!("err-coop-nothing-changed", "nothing changed")));
        }
        self.plan = plan;
        self.updated_at = at;
        Ok(Permit::new("programme.edited", by, subject::PROGRAMME, self.subject_id()))
    }

    /// Validate a new plan against this programme and give new items their keys.
    fn checked(&mut self, new: Plan, known: &BTreeSet<ActivityId>) -> Result<Plan, CooperationError> {
        if new.objectives.len() > MAX_OBJECTIVES {
            return Err(invalid("objectives", said!("err-coop-at-most", "at most {max}", max = MAX_OBJECTIVES)));
        }
        if new.goals.len() > MAX_GOALS {
            return Err(invalid("goals", said!("err-coop-at-most", "at most {max}", max = MAX_GOALS)));
        }
        let mut used: BTreeSet<u32> = BTreeSet::new();
        let mut next = self.next_key.max(1);
        let mut fresh_key = |key: u32, what: &'static str, used: &mut BTreeSet<u32>| -> Result<u32, CooperationError> {
            let k = if key == 0 {
                let k = next;
                next += 1;
                k
            } else if key >= self.next_key {
                return Err(invalid(
                    what,
                    said!("err-coop-key-not-in-programme", "#{key} is not part of this programme", key = key),
                ));
            } else {
                key
            };
            if !used.insert(k) {
                return Err(invalid(what, said!("err-coop-key-twice", "#{key} is listed twice", key = k)));
            }
            Ok(k)
        };
        let mut objectives = Vec::with_capacity(new.objectives.len());
        // An objective's key in the edit → its key in the stored plan (new ones differ).
        let mut objective_keys: Vec<(u32, u32)> = Vec::new();
        let mut new_objective_seen = false;
        for o in new.objectives {
            let key = fresh_key(o.key, "objective", &mut used)?;
            if o.key == 0 {
                if new_objective_seen {
                    // Goals name their objective by key; two new ones could not be told apart.
                    return Err(invalid(
                        "objective",
                        said!("err-coop-add-one-new-objective", "add one new objective at a time"),
                    ));
                }
                new_objective_seen = true;
            }
            objective_keys.push((o.key, key));
            objectives.push(Objective { key, text: line("objective", &o.text, OBJECTIVE_MAX)? });
        }
        let mut goals = Vec::with_capacity(new.goals.len());
        for g in new.goals {
            let key = fresh_key(g.key, "goal", &mut used)?;
            let Some(&(_, objective)) = objective_keys.iter().find(|(given, _)| *given == g.objective) else {
                return Err(invalid(
                    "goal",
                    said!(
                        "err-coop-objective-not-in-plan",
                        "its objective #{key} is not in the plan",
                        key = g.objective
                    ),
                ));
            };
            let area_code = g.area.trim().to_ascii_uppercase();
            if area(&area_code).is_none() {
                return Err(invalid(
                    "area",
                    said!("err-coop-not-area", "'{area}' is not an area of cooperation", area = g.area.trim()),
                ));
            }
            if !YEARS.contains(&g.target.year()) {
                return Err(invalid(
                    "target",
                    said!("err-coop-target-date", "{date} is not a plausible target date", date = g.target),
                ));
            }
            if g.activities.len() > MAX_SUPPORTS {
                return Err(invalid(
                    "activities",
                    said!("err-coop-at-most-per-goal", "at most {max} per goal", max = MAX_SUPPORTS),
                ));
            }
            let mut supports: Vec<Support> = Vec::new();
            for s in g.activities {
                if !known.contains(&s.activity) {
                    return Err(invalid(
                        "activities",
                        said!("err-coop-activity-not-on-menu", "activity #{id} is not on the menu", id = s.activity.0),
                    ));
                }
                if !YEARS.contains(&s.year) {
                    return Err(invalid(
                        "year",
                        said!("err-coop-year", "{year} is not a plausible year", year = s.year.to_string()),
                    ));
                }
                if supports.contains(&s) {
                    return Err(invalid(
                        "activities",
                        said!(
                            "err-coop-activity-planned-twice",
                            "activity #{id} is planned twice in {year}",
                            id = s.activity.0,
                            year = s.year.to_string()
                        ),
                    ));
                }
                supports.push(s);
            }
            supports.sort();
            let description = line("description", &g.description, GOAL_MAX)?;
            let indicator = line("indicator", &g.indicator, INDICATOR_MAX)?;
            goals.push(Goal {
                key,
                objective,
                area: area_code,
                description,
                target: g.target,
                indicator,
                activities: supports,
            });
        }
        self.next_key = next;
        Ok(Plan { objectives, goals })
    }

    /// Staff comment or propose a change; the partner's delegation answers.
    pub fn comment(
        &mut self,
        text_in: &str,
        goal: Option<u32>,
        proposal: bool,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        let staff = staff_writer(by);
        if !staff && !own_writer(by, &self.nation) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-staff-partner-s-delegation",
                "the staff and the partner's delegation comment on a programme"
            )));
        }
        if proposal && !staff {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-changes-proposed-staff-partner",
                "changes are proposed by the staff; the partner edits the plan"
            )));
        }
        if let Some(g) = goal
            && self.plan.goal(g).is_none()
        {
            return Err(invalid(
                "goal",
                said!("err-coop-not-goal", "#{goal} is not a goal of this programme", goal = g),
            ));
        }
        let t = text("comment", text_in, COMMENT_MAX)?;
        if t.is_empty() {
            return Err(invalid("comment", crate::text::TextError::Empty.said()));
        }
        self.comments.push(Comment { at, by: Actor::of(by), goal, proposal, text: t });
        self.updated_at = at;
        let action = if proposal { "programme.change_proposed" } else { "programme.commented" };
        Ok(Permit::new(action, by, subject::PROGRAMME, self.subject_id()))
    }

    /// A staff administrator records the partner's and the alliance's agreement on the plan.
    pub fn agree(&mut self, by: &Principal, at: DateTime<Utc>) -> Result<Permit, CooperationError> {
        if !(by.is_staff() && by.role == Role::StaffAdmin) {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-staff-administrator-records-agreement",
                "a staff administrator records agreement"
            )));
        }
        if self.status() == ProgrammeStatus::Agreed {
            return Err(illegal_transition(
                said!("err-coop-what-programme", "the programme"),
                "programme-status",
                "agreed",
                "agreed",
            ));
        }
        if self.plan.goals.is_empty() {
            return Err(CooperationError::Conflict(said!(
                "err-coop-programme-without-partnership-goals",
                "a programme without partnership goals cannot be agreed"
            )));
        }
        if let Some(o) = self.plan.objectives.iter().find(|o| !self.plan.goals.iter().any(|g| g.objective == o.key)) {
            return Err(CooperationError::Conflict(said!(
                "err-coop-objective-without-goal",
                "objective #{key} has no partnership goal; add one or remove the objective",
                key = o.key
            )));
        }
        let number = self.agreed.last().map_or(1, |v| v.number + 1);
        self.agreed.push(AgreedVersion { number, plan: self.plan.clone(), at, by: Actor::of(by) });
        self.updated_at = at;
        Ok(Permit::new("programme.agreed", by, subject::PROGRAMME, self.subject_id()))
    }

    /// The partner (self-assessment) or the staff assess a goal of the agreed programme for a cycle.
    pub fn assess(
        &mut self,
        cycle: i32,
        goal: u32,
        rating: Rating,
        evidence: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, CooperationError> {
        let side = if staff_writer(by) {
            Side::Staff
        } else if own_writer(by, &self.nation) {
            Side::Partner
        } else {
            return Err(CooperationError::NotPermitted(said!(
                "err-coop-partner-staff-assess-programme",
                "the partner and the staff assess a programme"
            )));
        };
        let Some(current) = self.current() else {
            return Err(CooperationError::Conflict(said!(
                "err-coop-agreed-programme-assessed",
                "only an agreed programme is assessed"
            )));
        };
        if current.plan.goal(goal).is_none() {
            return Err(invalid(
                "goal",
                said!("err-coop-not-agreed-goal", "#{goal} is not a goal of the agreed programme", goal = goal),
            ));
        }
        let first = self.agreed[0].at.year();
        if cycle < first || cycle > at.year() {
            return Err(invalid(
                "cycle",
                said!(
                    "err-coop-cycle-year",
                    "must be a year from {first} to {last}",
                    first = first.to_string(),
                    last = at.year().to_string()
                ),
            ));
        }
        let evidence = text("evidence", evidence, EVIDENCE_MAX)?;
        self.assessments.retain(|a| !(a.cycle == cycle && a.goal == goal && a.side == side));
        self.assessments.push(Assessment { cycle, goal, side, rating, evidence, at, by: Actor::of(by) });
        self.assessments.sort_by_key(|a| (a.cycle, a.goal, a.side));
        self.updated_at = at;
        Ok(Permit::new("programme.assessed", by, subject::PROGRAMME, self.subject_id()))
    }

    /// The latest assessment of a goal by one side, in a cycle.
    pub fn assessment(&self, cycle: i32, goal: u32, side: Side) -> Option<&Assessment> {
        self.assessments.iter().find(|a| a.cycle == cycle && a.goal == goal && a.side == side)
    }

    /// What `by` may do now (pages offer only these).
    pub fn allowed_actions(&self, by: &Principal) -> ProgrammeActions {
        let own = own_writer(by, &self.nation);
        let staff = staff_writer(by);
        ProgrammeActions {
            edit: own,
            comment: own || staff,
            propose: staff,
            agree: by.is_staff()
                && by.role == Role::StaffAdmin
                && self.status() != ProgrammeStatus::Agreed
                && !self.plan.goals.is_empty(),
            assess: if self.current().is_none() {
                None
            } else if staff {
                Some(Side::Staff)
            } else if own {
                Some(Side::Partner)
            } else {
                None
            },
        }
    }
}

/// One difference between two plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum PlanChange {
    ObjectiveAdded {
        key: u32,
        text: String,
    },
    ObjectiveRemoved {
        key: u32,
        text: String,
    },
    ObjectiveChanged {
        key: u32,
        before: String,
        after: String,
    },
    GoalAdded {
        key: u32,
        description: String,
    },
    GoalRemoved {
        key: u32,
        description: String,
    },
    /// The fields that differ: objective, area, description, target, indicator, activities.
    GoalChanged {
        key: u32,
        description: String,
        fields: Vec<&'static str>,
    },
}

/// What changed from `old` to `new`, objectives first, each list by key.
pub fn diff(old: &Plan, new: &Plan) -> Vec<PlanChange> {
    let mut out = Vec::new();
    for o in &new.objectives {
        match old.objective(o.key) {
            None => out.push(PlanChange::ObjectiveAdded { key: o.key, text: o.text.clone() }),
            Some(b) if b.text != o.text => {
                out.push(PlanChange::ObjectiveChanged { key: o.key, before: b.text.clone(), after: o.text.clone() })
            }
            Some(_) => {}
        }
    }
    for o in old.objectives.iter().filter(|o| new.objective(o.key).is_none()) {
        out.push(PlanChange::ObjectiveRemoved { key: o.key, text: o.text.clone() });
    }
    for g in &new.goals {
        match old.goal(g.key) {
            None => out.push(PlanChange::GoalAdded { key: g.key, description: g.description.clone() }),
            Some(b) => {
                let mut fields = Vec::new();
                if b.objective != g.objective {
                    fields.push("objective");
                }
                if b.area != g.area {
                    fields.push("area");
                }
                if b.description != g.description {
                    fields.push("description");
                }
                if b.target != g.target {
                    fields.push("target");
                }
                if b.indicator != g.indicator {
                    fields.push("indicator");
                }
                if b.activities != g.activities {
                    fields.push("activities");
                }
                if !fields.is_empty() {
                    out.push(PlanChange::GoalChanged { key: g.key, description: g.description.clone(), fields });
                }
            }
        }
    }
    for g in old.goals.iter().filter(|g| new.goal(g.key).is_none()) {
        out.push(PlanChange::GoalRemoved { key: g.key, description: g.description.clone() });
    }
    out
}
