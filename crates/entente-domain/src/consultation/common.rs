//! What every part of the consultation area shares: typed ids, who did what and when, releases
//! (a marking before it has an originator and a date), the interface language, and the errors.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::request::RequestBasis;
use crate::access::{Affiliation, Audience, Classifications, Marking, MarkingError, Principal};
use crate::registry::{FormatError, NationCode};
use crate::said;
use crate::said::{Arg, Said};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A meeting's id, as the store assigns it.
    MeetingId
);
id_type!(
    /// An agenda item's id.
    AgendaItemId
);
id_type!(
    /// A decision's id.
    DecisionId
);
id_type!(
    /// A follow-up action's id.
    ActionId
);
id_type!(
    /// A consultation request's id.
    RequestId
);
id_type!(
    /// A scheduling poll's id.
    PollId
);

/// The kinds of object the consultation area's permits name (see [`crate::access::Permit`]).
pub mod subject {
    pub const MEETING: &str = "meeting";
    pub const AGENDA: &str = "agenda";
    pub const AGENDA_ITEM: &str = "agenda_item";
    pub const PAPER: &str = "paper";
    pub const RECORD: &str = "summary_record";
    pub const DECISION: &str = "decision";
    pub const ACTION: &str = "action";
    pub const REQUEST: &str = "consultation_request";
    pub const POLL: &str = "poll";
}

/// Who did something: the user and whom they worked for at the time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub affiliation: Affiliation,
}

impl Actor {
    pub fn of(principal: &Principal) -> Actor {
        Actor { user_id: principal.user_id, affiliation: principal.affiliation.clone() }
    }

    pub fn nation(&self) -> Option<&NationCode> {
        match &self.affiliation {
            Affiliation::Nation(n) => Some(n),
            Affiliation::Staff => None,
        }
    }
}

/// One entry of a status history: the status entered, when, by whom, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange<S> {
    pub status: S,
    pub at: DateTime<Utc>,
    pub by: Actor,
    pub note: String,
}

/// A releasability marking chosen for a new item, before the item has an originator and a
/// release date. Built only through [`Release::new`], so it always carries a configured
/// classification and a well-formed audience; the consultation functions add the originator
/// (the proposing or requesting nation, none for staff) and the release date themselves, so a
/// caller cannot claim another nation's authorship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    classification: String,
    audience: Audience,
}

impl Release {
    pub fn new(
        classification: impl Into<String>,
        audience: Audience,
        classifications: &Classifications,
    ) -> Result<Release, MarkingError> {
        let classification = classification.into();
        let probe = Marking {
            classification: classification.clone(),
            audience: audience.clone(),
            originator: None,
            released_on: NaiveDate::MIN,
        };
        probe.validate(classifications)?;
        Ok(Release { classification, audience })
    }

    pub fn classification(&self) -> &str {
        &self.classification
    }

    /// A release for dry runs of the rules (see `actions`): never stored.
    pub(crate) fn probe() -> Release {
        Release { classification: String::new(), audience: Audience::StaffOnly }
    }

    pub fn audience(&self) -> &Audience {
        &self.audience
    }

    /// The marking of an item released by `originator` on `on`.
    pub fn mark(&self, originator: Option<NationCode>, on: NaiveDate) -> Marking {
        Marking {
            classification: self.classification.clone(),
            audience: self.audience.clone(),
            originator,
            released_on: on,
        }
    }
}

/// The alliance's two official languages, in which notices and labels are written (the one
/// [`Lang`](crate::Lang) of the domain).
pub use crate::lang::Lang;

/// Everything that can go wrong in the consultation area. Messages never name an item or a
/// nation the caller did not name itself, so they can be shown as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsultationError {
    /// Bad input: the field and what is wrong with it.
    Invalid {
        field: &'static str,
        reason: Said,
    },
    /// A status change the workflow does not allow.
    IllegalTransition(Box<Said>),
    /// The caller may see the item but may not do this to it.
    NotPermitted(Said),
    /// The change does not fit the item's current state (a deadline passed, an event out of order…).
    Conflict(Said),
    /// The nation may not file a request on this basis on this date.
    NotEligible {
        nation: NationCode,
        basis: RequestBasis,
        on: NaiveDate,
        reason: Said,
    },
    Format(FormatError),
}

impl fmt::Display for ConsultationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.said())
    }
}

impl std::error::Error for ConsultationError {}

impl From<FormatError> for ConsultationError {
    fn from(e: FormatError) -> Self {
        ConsultationError::Format(e)
    }
}

impl ConsultationError {
    /// A stable code for JSON errors.
    pub fn code(&self) -> &'static str {
        match self {
            ConsultationError::Invalid { .. } => "invalid",
            ConsultationError::IllegalTransition(_) => "illegal_transition",
            ConsultationError::NotPermitted(_) => "not_permitted",
            ConsultationError::Conflict(_) => "conflict",
            ConsultationError::NotEligible { .. } => "not_eligible",
            ConsultationError::Format(_) => "invalid_format",
        }
    }

    /// What to tell the reader, in either language.
    pub fn said(&self) -> Said {
        match self {
            ConsultationError::Invalid { field, reason } => {
                said!("err-field", "{field}: {reason}", field = said::field(field), reason = reason.clone())
            }
            ConsultationError::IllegalTransition(said) => (**said).clone(),
            ConsultationError::NotPermitted(why) => {
                said!("err-not-permitted", "not permitted: {why}", why = why.clone())
            }
            ConsultationError::Conflict(why) => why.clone(),
            ConsultationError::NotEligible { nation, basis, on, reason } => said!(
                "err-not-eligible",
                "{nation} may not request consultations under {basis} on {on}: {reason}",
                nation = nation,
                basis = both(|l| basis.label(l)),
                on = *on,
                reason = reason.clone()
            ),
            ConsultationError::Format(e) => e.said(),
        }
    }
}

/// A status change the workflow does not allow: `what` (a meeting, …) from one status to another.
pub(crate) fn illegal_transition(what: Said, from: Arg, to: Arg) -> ConsultationError {
    ConsultationError::IllegalTransition(Box::new(said!(
        "err-illegal-transition",
        "{what} cannot go from '{from}' to '{to}'",
        what = what,
        from = from,
        to = to
    )))
}

/// A label the domain writes in both languages, as an argument of a sentence.
pub(crate) fn both(label: impl Fn(Lang) -> &'static str) -> Arg {
    Arg::both(label(Lang::En), label(Lang::Fr))
}

pub(crate) fn invalid(field: &'static str, reason: Said) -> ConsultationError {
    ConsultationError::Invalid { field, reason }
}

/// A trimmed, non-empty text of at most `max` characters (line breaks allowed, no other control
/// character): the product's one [`TextRule`](crate::text::TextRule).
pub(crate) fn clean_text(field: &'static str, text: &str, max: usize) -> Result<String, ConsultationError> {
    crate::text::TextRule::lines(max).check(text).map_err(|e| invalid(field, e.said()))
}

/// A trimmed text that may be empty, of at most `max` characters.
pub(crate) fn optional_text(field: &'static str, text: &str, max: usize) -> Result<String, ConsultationError> {
    crate::text::TextRule::lines(max).optional().check(text).map_err(|e| invalid(field, e.said()))
}

/// Alliance staff who may act (not analysts).
pub(crate) fn require_staff_writer(p: &Principal, what: Said) -> Result<(), ConsultationError> {
    if p.is_staff() && p.can_write() { Ok(()) } else { Err(ConsultationError::NotPermitted(what)) }
}

/// Events of an append-only history must not go back in time.
pub(crate) fn not_before(at: DateTime<Utc>, last: Option<DateTime<Utc>>) -> Result<(), ConsultationError> {
    match last {
        Some(l) if at < l => Err(ConsultationError::Conflict(said!(
            "err-history-order",
            "the change is dated {at} but the history already has an entry at {last}; entries are appended in time order",
            at = at,
            last = l
        ))),
        _ => Ok(()),
    }
}

pub(crate) const TITLE_MAX: usize = 300;
pub(crate) const TEXT_MAX: usize = 100_000;
pub(crate) const NOTE_MAX: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_checks_classification_and_audience() {
        let c = Classifications::default();
        assert!(Release::new("NATO UNCLASSIFIED", Audience::StaffOnly, &c).is_ok());
        assert!(matches!(
            Release::new("COSMIC TOP SECRET", Audience::StaffOnly, &c),
            Err(MarkingError::UnknownClassification { .. })
        ));
        assert!(matches!(Release::new("PUBLIC", Audience::Nations(vec![]), &c), Err(MarkingError::EmptyList(_))));
        let r = Release::new("PUBLIC", Audience::AlliesOnly, &c).unwrap();
        let m = r.mark(Some("UKR".parse().unwrap()), NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
        assert_eq!(m.originator.unwrap().as_str(), "UKR");
        assert_eq!(m.audience, Audience::AlliesOnly);
    }

    #[test]
    fn text_rules() {
        assert_eq!(clean_text("title", "  Ukraine  ", 10).unwrap(), "Ukraine");
        assert_eq!(clean_text("title", " ", 10).unwrap_err().to_string(), "title: is empty");
        assert!(clean_text("title", "ééééééééééé", 10).is_err());
        assert_eq!(optional_text("note", "  ", 10).unwrap(), "");
    }

    #[test]
    fn history_is_appended_in_time_order() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert!(not_before(t("2024-01-01T10:00:00Z"), None).is_ok());
        assert!(not_before(t("2024-01-01T10:00:00Z"), Some(t("2024-01-01T10:00:00Z"))).is_ok());
        let e = not_before(t("2024-01-01T09:59:59Z"), Some(t("2024-01-01T10:00:00Z"))).unwrap_err();
        assert_eq!(e.code(), "conflict");
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::parse("fr"), Some(Lang::Fr));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::Fr.pick("a", "b"), "b");
        assert_eq!(Lang::En.as_str(), "en");
    }
}
