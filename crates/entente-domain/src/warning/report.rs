//! Shared security-challenge reports: any delegation (ally or partner) and the staff file one
//! under a releasability marking; staff triage it as Ushahidi does (new → under review →
//! verified / not verified / duplicate / dismissed, with a reason); the author's nation is told of
//! each step. A verified report counts in detection, for those who may see it only.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{WarningRuleError, subject};
use crate::access::{Marking, Permit, Principal, Viewer, may_see};
use crate::consultation::{Actor, Release, StatusChange};
use crate::registry::{NationCode, Network};
use crate::said;
use crate::said::{Arg, Said};

/// Longest description and sources kept.
pub const DESCRIPTION_MAX: usize = 8000;
pub const SOURCES_MAX: usize = 4000;
pub const PLACE_MAX: usize = 120;
/// Most documents one report carries.
pub const ATTACHMENTS_MAX: usize = 10;

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    New,
    UnderReview,
    Verified,
    NotVerified,
    Duplicate,
    Dismissed,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 6] = [
        ReportStatus::New,
        ReportStatus::UnderReview,
        ReportStatus::Verified,
        ReportStatus::NotVerified,
        ReportStatus::Duplicate,
        ReportStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::New => "new",
            ReportStatus::UnderReview => "under_review",
            ReportStatus::Verified => "verified",
            ReportStatus::NotVerified => "not_verified",
            ReportStatus::Duplicate => "duplicate",
            ReportStatus::Dismissed => "dismissed",
        }
    }

    /// The status in words.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            ReportStatus::New => lang.pick("new", "nouveau"),
            ReportStatus::UnderReview => lang.pick("under review", "en cours d'examen"),
            ReportStatus::Verified => lang.pick("verified", "vérifié"),
            ReportStatus::NotVerified => lang.pick("not verified", "non vérifié"),
            ReportStatus::Duplicate => lang.pick("duplicate", "doublon"),
            ReportStatus::Dismissed => lang.pick("dismissed", "écarté"),
        }
    }

    /// Still being triaged.
    pub fn is_open(self) -> bool {
        matches!(self, ReportStatus::New | ReportStatus::UnderReview)
    }
}

impl std::str::FromStr for ReportStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportStatus::ALL.into_iter().find(|x| x.as_str() == s).ok_or_else(|| format!("unknown report status '{s}'"))
    }
}

/// A triage step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStep {
    Review,
    Verify,
    NotVerified,
    Duplicate,
    Dismiss,
}

impl ReportStep {
    pub const ALL: [ReportStep; 5] =
        [ReportStep::Review, ReportStep::Verify, ReportStep::NotVerified, ReportStep::Duplicate, ReportStep::Dismiss];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStep::Review => "review",
            ReportStep::Verify => "verify",
            ReportStep::NotVerified => "not_verified",
            ReportStep::Duplicate => "duplicate",
            ReportStep::Dismiss => "dismiss",
        }
    }

    fn to(self) -> ReportStatus {
        match self {
            ReportStep::Review => ReportStatus::UnderReview,
            ReportStep::Verify => ReportStatus::Verified,
            ReportStep::NotVerified => ReportStatus::NotVerified,
            ReportStep::Duplicate => ReportStatus::Duplicate,
            ReportStep::Dismiss => ReportStatus::Dismissed,
        }
    }

    /// Whether the step needs a reason (all but review and verify).
    pub fn needs_reason(self) -> bool {
        !matches!(self, ReportStep::Review | ReportStep::Verify)
    }
}

impl std::str::FromStr for ReportStep {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportStep::ALL.into_iter().find(|x| x.as_str() == s).ok_or_else(|| format!("unknown step '{s}'"))
    }
}

/// What the author fills in. `category` is one of the detection engine's codes (checked by the
/// caller, who knows them); `country` an ISO 3166 alpha-3 code.
#[derive(Debug, Clone)]
pub struct ReportDraft {
    pub category: String,
    pub country: String,
    pub admin1: String,
    pub occurred_on: NaiveDate,
    pub until: Option<NaiveDate>,
    pub description: String,
    pub sources: String,
    pub fatalities: Option<u32>,
    pub release: Release,
}

/// A report as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityReport {
    pub id: i64,
    /// The filing nation; `None` for the staff.
    pub author_nation: Option<NationCode>,
    pub author: i64,
    pub category: String,
    pub country: String,
    pub admin1: String,
    pub occurred_on: NaiveDate,
    pub until: Option<NaiveDate>,
    pub description: String,
    pub sources: String,
    pub fatalities: Option<u32>,
    pub marking: Marking,
    pub status: ReportStatus,
    /// The reason given with the latest step that needs one.
    pub reason: Option<String>,
    pub history: Vec<StatusChange<ReportStatus>>,
    pub version: i64,
}

fn invalid(field: &'static str, reason: Said) -> WarningRuleError {
    WarningRuleError::Invalid { field, reason }
}

fn text(field: &'static str, t: &str, max: usize, required: bool, lines: bool) -> Result<String, WarningRuleError> {
    crate::text::TextRule { max, lines, required }.check(t).map_err(|e| invalid(field, e.said()))
}

impl SecurityReport {
    /// A delegation that may write, or staff who may write, files a report.
    pub fn file(
        draft: &ReportDraft,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(SecurityReport, Permit), WarningRuleError> {
        if !by.can_write() {
            return Err(WarningRuleError::NotPermitted(said!(
                "err-warning-analysts-file-reports",
                "analysts do not file reports"
            )));
        }
        let category = draft.category.trim();
        if category.is_empty() || !category.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(invalid(
                "category",
                said!("err-warning-category", "'{value}' is not a challenge category", value = category),
            ));
        }
        let country = draft.country.trim().to_ascii_uppercase();
        if country.len() != 3 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(invalid(
                "country",
                said!("err-warning-country", "'{value}' is not an ISO 3166 alpha-3 code", value = draft.country.trim()),
            ));
        }
        let today = at.date_naive();
        if draft.occurred_on > today {
            return Err(invalid("occurred_on", said!("err-warning-future", "is in the future")));
        }
        if let Some(u) = draft.until {
            if u < draft.occurred_on {
                return Err(invalid("until", said!("err-warning-before-first-day", "is before the first day")));
            }
            if u > today {
                return Err(invalid("until", said!("err-warning-future", "is in the future")));
            }
        }
        let report = SecurityReport {
            id: 0,
            author_nation: by.nation().cloned(),
            author: by.user_id,
            category: category.to_string(),
            country,
            admin1: text("admin1", &draft.admin1, PLACE_MAX, false, false)?,
            occurred_on: draft.occurred_on,
            until: draft.until,
            description: text("description", &draft.description, DESCRIPTION_MAX, true, true)?,
            sources: text("sources", &draft.sources, SOURCES_MAX, false, true)?,
            fatalities: draft.fatalities,
            marking: draft.release.mark(by.nation().cloned(), today),
            status: ReportStatus::New,
            reason: None,
            history: vec![StatusChange { status: ReportStatus::New, at, by: Actor::of(by), note: String::new() }],
            version: 0,
        };
        Ok((report, Permit::new("report.filed", by, subject::REPORT, 0)))
    }

    /// Staff who may write take a triage step; every step but review and verify needs a reason
    /// (for a duplicate: what it duplicates).
    pub fn step(
        &mut self,
        step: ReportStep,
        reason: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, WarningRuleError> {
        if !(by.is_staff() && by.can_write()) {
            return Err(WarningRuleError::NotPermitted(said!(
                "err-warning-alliance-staff-triage-reports",
                "alliance staff triage reports"
            )));
        }
        let allowed = match step {
            ReportStep::Review => self.status == ReportStatus::New,
            _ => self.status.is_open(),
        };
        if !allowed {
            return Err(super::illegal_transition(
                said!("err-warning-what-report", "a report"),
                Arg::both(self.status.label(crate::Lang::En), self.status.label(crate::Lang::Fr)),
                Arg::both(step.to().label(crate::Lang::En), step.to().label(crate::Lang::Fr)),
            ));
        }
        let note = text("reason", reason, super::REASON_MAX, step.needs_reason(), true)?;
        self.status = step.to();
        if step.needs_reason() {
            self.reason = Some(note.clone());
        }
        self.history.push(StatusChange { status: self.status, at, by: Actor::of(by), note });
        let action = match step {
            ReportStep::Review => "report.under_review",
            ReportStep::Verify => "report.verified",
            ReportStep::NotVerified => "report.not_verified",
            ReportStep::Duplicate => "report.duplicate",
            ReportStep::Dismiss => "report.dismissed",
        };
        Ok(Permit::new(action, by, subject::REPORT, self.id))
    }

    /// The steps this principal may take now (asked of the same rules, on a copy).
    pub fn allowed_steps(&self, by: &Principal, at: DateTime<Utc>) -> Vec<ReportStep> {
        ReportStep::ALL.into_iter().filter(|s| self.clone().step(*s, "-", by, at).is_ok()).collect()
    }

    pub fn filed_at(&self) -> DateTime<Utc> {
        self.history.first().map_or(DateTime::<Utc>::MIN_UTC, |c| c.at)
    }
}

/// A document attached to a report (without its bytes). It has no marking of its own: whoever
/// may see the report sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportAttachment {
    pub id: i64,
    pub report: i64,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// The nation whose delegation attached it; `None` for the staff.
    pub author_nation: Option<NationCode>,
    pub created_at: DateTime<Utc>,
}

impl SecurityReport {
    /// Adding a document to the report, which has `attached` already: the filing nation's
    /// delegation (or, for a report the staff filed, the staff) and staff who may write add
    /// evidence while the report is open (new or under review), up to [`ATTACHMENTS_MAX`].
    pub fn attach(&self, attached: usize, by: &Principal) -> Result<Permit, WarningRuleError> {
        let own = match (by.nation(), &self.author_nation) {
            (Some(mine), Some(author)) => mine == author,
            _ => false,
        };
        if !(by.can_write() && (by.is_staff() || own)) {
            return Err(WarningRuleError::NotPermitted(said!(
                "err-warning-attach-who",
                "documents are added to a report by the delegation that filed it and by alliance staff"
            )));
        }
        if !self.status.is_open() {
            return Err(invalid(
                "file",
                said!(
                    "err-warning-attach-closed",
                    "documents are added while a report is open; this one is {status}",
                    status = Arg::both(self.status.label(crate::Lang::En), self.status.label(crate::Lang::Fr))
                ),
            ));
        }
        if attached >= ATTACHMENTS_MAX {
            return Err(invalid(
                "file",
                said!("err-warning-attach-many", "a report carries at most {max} documents", max = ATTACHMENTS_MAX),
            ));
        }
        Ok(Permit::new("report.document_added", by, subject::REPORT, self.id))
    }

    /// Whether this principal may add a document now (asked of the same rule).
    pub fn may_attach(&self, attached: usize, by: &Principal) -> bool {
        self.attach(attached, by).is_ok()
    }
}

/// Who sees a report: the staff, the filing nation, and whoever its marking releases it to.
pub fn may_see_report(viewer: Viewer<'_>, report: &SecurityReport, network: &Network) -> bool {
    may_see(viewer, &report.marking, network)
}
