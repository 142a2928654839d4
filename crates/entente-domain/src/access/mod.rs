//! Who may see and do what. Access control is the product: a nation never sees what is not
//! released to it. Everything here is pure and property-tested; the store turns the same rules
//! into SQL (and a test checks that both agree).

mod marking;
mod password;
mod permit;
mod principal;

pub use marking::{Audience, AudienceKind, Classifications, Marking, MarkingError, Viewer, classification_in, may_see};
pub use password::{MIN_PASSWORD_LEN, PasswordProblem, check_password};
pub use permit::{Permit, Subject};
pub use principal::{Affiliation, Principal, Role};

#[cfg(test)]
mod tests;
