//! Joint detection in the product: what an alert is in the alliance's hands (its state and who
//! moves it), and who may bring event data in or run the detectors. The detection engine itself is
//! the `entente-warning` crate; this module holds the rules the store and the pages ask.
//!
//! # Rules that hold everywhere
//!
//! - **Who sees an alert built from open data**: every signed-in account (the data is public).
//! - **An alert's state** moves new → acknowledged → escalated to a consultation, or new /
//!   acknowledged → dismissed with a reason; a dismissed alert can be reopened (back to new).
//!   Staff who may write move it; analysts and delegations read it. Every step hands out a
//!   [`Permit`] naming the audited action.
//! - **Event data** is imported, and detection run on demand, by staff who may write.
//! - **Subscriptions**: every signed-in account chooses which new alerts it is told of (places and
//!   categories) and how (inbox, e-mail), and may keep a secret alert feed; neither ever shows an
//!   alert its owner may not open ([`subscription`]).

use std::fmt;

use crate::access::{Permit, Principal};
use crate::said;
use crate::said::{Arg, Said};

/// Kinds of objects a warning permit is for.
pub mod subject {
    pub const ALERT: &str = "alert";
    pub const EVENT_IMPORT: &str = "event_import";
    pub const DETECTION: &str = "detection";
    pub const REPORT: &str = "security_report";
    pub const THRESHOLD: &str = "detector_threshold";
    pub const SUBSCRIPTION: &str = "alert_subscription";
}

mod report;
pub mod subscription;
pub use report::{
    ATTACHMENTS_MAX, DESCRIPTION_MAX, PLACE_MAX, ReportAttachment, ReportDraft, ReportStatus, ReportStep, SOURCES_MAX,
    SecurityReport, may_see_report,
};
pub use subscription::{AlertDelivery, AlertSubscription, SubscriptionDraft};

/// Everything that can go wrong with an alert, a report or an import request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningRuleError {
    Invalid {
        field: &'static str,
        reason: Said,
    },
    /// A step the workflow does not allow (an alert's or a report's).
    IllegalTransition(Box<Said>),
    NotPermitted(Said),
}

impl fmt::Display for WarningRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.said())
    }
}

impl std::error::Error for WarningRuleError {}

impl WarningRuleError {
    pub fn code(&self) -> &'static str {
        match self {
            WarningRuleError::Invalid { .. } => "invalid",
            WarningRuleError::IllegalTransition(_) => "illegal_transition",
            WarningRuleError::NotPermitted(_) => "not_permitted",
        }
    }

    /// What to tell the reader, in either language.
    pub fn said(&self) -> Said {
        match self {
            WarningRuleError::Invalid { field, reason } => {
                said!("err-field", "{field}: {reason}", field = said::field(field), reason = reason.clone())
            }
            WarningRuleError::IllegalTransition(said) => (**said).clone(),
            WarningRuleError::NotPermitted(why) => {
                said!("err-not-permitted", "not permitted: {why}", why = why.clone())
            }
        }
    }
}

/// A step the workflow does not allow: `what` (an alert, a report) from one status to another.
pub(crate) fn illegal_transition(what: Said, from: Arg, to: Arg) -> WarningRuleError {
    WarningRuleError::IllegalTransition(Box::new(said!(
        "err-illegal-transition",
        "{what} cannot go from '{from}' to '{to}'",
        what = what,
        from = from,
        to = to
    )))
}

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    New,
    Acknowledged,
    Escalated,
    Dismissed,
}

impl AlertState {
    pub const ALL: [AlertState; 4] =
        [AlertState::New, AlertState::Acknowledged, AlertState::Escalated, AlertState::Dismissed];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::New => "new",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Escalated => "escalated",
            AlertState::Dismissed => "dismissed",
        }
    }

    /// Open alerts still ask for attention (new or acknowledged).
    pub fn is_open(self) -> bool {
        matches!(self, AlertState::New | AlertState::Acknowledged)
    }
}

impl std::str::FromStr for AlertState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AlertState::ALL.into_iter().find(|x| x.as_str() == s).ok_or_else(|| format!("unknown alert state '{s}'"))
    }
}

/// What can be done to an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertAction {
    Acknowledge,
    Dismiss,
    Reopen,
}

impl AlertAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertAction::Acknowledge => "acknowledge",
            AlertAction::Dismiss => "dismiss",
            AlertAction::Reopen => "reopen",
        }
    }
}

impl std::str::FromStr for AlertAction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [AlertAction::Acknowledge, AlertAction::Dismiss, AlertAction::Reopen]
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown action '{s}'"))
    }
}

/// The longest dismissal reason kept.
pub const REASON_MAX: usize = 2000;

/// The part of a stored alert its rules read and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertStatus {
    pub id: i64,
    pub state: AlertState,
    pub reason: Option<String>,
    pub version: i64,
}

fn staff_writer(by: &Principal, what: Said) -> Result<(), WarningRuleError> {
    if by.is_staff() && by.can_write() { Ok(()) } else { Err(WarningRuleError::NotPermitted(what)) }
}

impl AlertStatus {
    fn step(&mut self, to: AlertState, allowed: bool) -> Result<(), WarningRuleError> {
        if !allowed {
            return Err(illegal_transition(
                said!("err-warning-what-alert", "an alert"),
                Arg::Label("alert-state", self.state.as_str()),
                Arg::Label("alert-state", to.as_str()),
            ));
        }
        self.state = to;
        Ok(())
    }

    /// Staff take note of a new alert.
    pub fn acknowledge(&mut self, by: &Principal) -> Result<Permit, WarningRuleError> {
        staff_writer(by, said!("err-warning-alliance-staff-acknowledge-alerts", "alliance staff acknowledge alerts"))?;
        self.step(AlertState::Acknowledged, self.state == AlertState::New)?;
        Ok(Permit::new("alert.acknowledged", by, subject::ALERT, self.id))
    }

    /// Staff dismiss an open alert, saying why.
    pub fn dismiss(&mut self, reason: &str, by: &Principal) -> Result<Permit, WarningRuleError> {
        staff_writer(by, said!("err-warning-alliance-staff-dismiss-alerts", "alliance staff dismiss alerts"))?;
        let r = crate::text::TextRule::lines(REASON_MAX)
            .check(reason)
            .map_err(|e| WarningRuleError::Invalid { field: "reason", reason: e.said() })?;
        self.step(AlertState::Dismissed, self.state.is_open())?;
        self.reason = Some(r);
        Ok(Permit::new("alert.dismissed", by, subject::ALERT, self.id))
    }

    /// Staff reopen a dismissed alert.
    pub fn reopen(&mut self, by: &Principal) -> Result<Permit, WarningRuleError> {
        staff_writer(by, said!("err-warning-alliance-staff-reopen-alerts", "alliance staff reopen alerts"))?;
        self.step(AlertState::New, self.state == AlertState::Dismissed)?;
        self.reason = None;
        Ok(Permit::new("alert.reopened", by, subject::ALERT, self.id))
    }

    /// Propose consultations on an open alert: the staff (who draft a meeting) or a delegation of
    /// the affected country (which files a consultation request). `country` is the alert's ISO3.
    pub fn escalate(&mut self, country: &str, by: &Principal) -> Result<Permit, WarningRuleError> {
        let affected = by.nation().is_some_and(|n| n.as_str() == country);
        if !by.can_write() || !(by.is_staff() || affected) {
            return Err(WarningRuleError::NotPermitted(said!(
                "err-warning-staff-affected-country-s",
                "the staff and the affected country's delegation propose consultations on an alert"
            )));
        }
        self.step(AlertState::Escalated, self.state.is_open())?;
        Ok(Permit::new("alert.escalated", by, subject::ALERT, self.id))
    }

    /// Whether this principal may propose consultations on the alert now.
    pub fn may_escalate(&self, country: &str, by: &Principal) -> bool {
        self.clone().escalate(country, by).is_ok()
    }

    /// What this principal may do to the alert now (asked of the same rules, on a copy).
    pub fn allowed_actions(&self, by: &Principal) -> Vec<AlertAction> {
        let mut out = Vec::new();
        if self.clone().acknowledge(by).is_ok() {
            out.push(AlertAction::Acknowledge);
        }
        if self.clone().dismiss("-", by).is_ok() {
            out.push(AlertAction::Dismiss);
        }
        if self.clone().reopen(by).is_ok() {
            out.push(AlertAction::Reopen);
        }
        out
    }
}

/// Staff who may write import event data files.
pub fn import_events(by: &Principal) -> Result<Permit, WarningRuleError> {
    staff_writer(by, said!("err-warning-alliance-staff-import-event", "alliance staff import event data"))?;
    Ok(Permit::new("events.imported", by, subject::EVENT_IMPORT, 0))
}

/// Who reads the event imports (the files, their progress and why one failed): the staff,
/// analysts included.
pub fn may_read_imports(by: &Principal) -> bool {
    by.is_staff()
}

/// Who reads the calibration (the back-test and the thresholds in force): the staff, analysts
/// included.
pub fn may_read_calibration(by: &Principal) -> bool {
    by.is_staff()
}

/// Staff who may write set a detector's threshold, within the range the back-test tried.
pub fn set_threshold(by: &Principal, value: f64, range: (f64, f64)) -> Result<Permit, WarningRuleError> {
    staff_writer(by, said!("err-warning-alliance-staff-set-detection", "alliance staff set detection thresholds"))?;
    if !value.is_finite() || value < range.0 || value > range.1 {
        return Err(WarningRuleError::Invalid {
            field: "threshold",
            reason: said!(
                "err-warning-threshold-range",
                "{value} is outside the back-tested range {low} to {high}",
                value = value.to_string(),
                low = range.0.to_string(),
                high = range.1.to_string()
            ),
        });
    }
    Ok(Permit::new("threshold.set", by, subject::THRESHOLD, 0))
}

/// Staff who may write run the detectors on demand.
pub fn run_detection(by: &Principal) -> Result<Permit, WarningRuleError> {
    staff_writer(by, said!("err-warning-alliance-staff-run-detection", "alliance staff run detection"))?;
    Ok(Permit::new("alerts.detected", by, subject::DETECTION, 0))
}

#[cfg(test)]
mod tests;
