//! The domain's consent to one write.
//!
//! Every rule that lets a principal change something ends by handing out a [`Permit`]; the store's
//! writes take one. Its constructor is private to this crate, so outside the domain a permit exists
//! only because a permission check passed: a write that no rule allowed does not compile. A permit
//! names the action (which becomes the audit entry's action), the principal it was given to (the
//! store refuses it from anyone else's handle) and the subject it is for (the store refuses it for
//! another object).

use crate::access::Principal;

/// What a permit is for: a kind of object and its id (0 for an object not stored yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subject {
    pub kind: &'static str,
    pub id: i64,
}

/// Proof that the domain allowed `action` on `subject` to one principal, now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    action: &'static str,
    user_id: i64,
    subject: Subject,
}

impl Permit {
    /// Only the domain's rules make permits.
    pub(crate) fn new(action: &'static str, by: &Principal, kind: &'static str, id: i64) -> Permit {
        Permit { action, user_id: by.user_id, subject: Subject { kind, id } }
    }

    /// A permit for what time makes due, given to no account (the server acts as the system:
    /// a rule that releases unanswered seats after their date, …). Only the system's store handle
    /// takes it.
    pub(crate) fn by_time(action: &'static str, kind: &'static str, id: i64) -> Permit {
        Permit { action, user_id: Self::SYSTEM, subject: Subject { kind, id } }
    }

    /// The account id of permits given by time, not to a person ([`Permit::by_time`]).
    pub const SYSTEM: i64 = 0;

    /// Whether time, not a person, was given the permit.
    pub fn is_by_time(&self) -> bool {
        self.user_id == Self::SYSTEM
    }

    /// The audited action, e.g. `meeting.convened`.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// The account the permit was given to.
    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// Whether the permit covers the stored object `kind` #`id`.
    pub fn covers(&self, kind: &str, id: i64) -> bool {
        self.subject.kind == kind && self.subject.id == id && id != 0
    }

    /// Whether the permit is for creating a new object of `kind`.
    pub fn creates(&self, kind: &str) -> bool {
        self.subject.kind == kind && self.subject.id == 0
    }
}
