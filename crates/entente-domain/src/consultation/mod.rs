//! The consultation forum's rules: meetings in formats resolved as of their date, agendas, the
//! summary record under silence procedure, decisions and follow-up actions, consultation requests, scheduling polls, iCalendar feeds and notification rules. Pure: no database, no HTTP, no async.

mod agenda;
mod common;
mod decision;
mod ical;
mod meeting;
mod notice;
mod poll;
mod record;
mod request;

pub use agenda::*;
pub use common::*;
pub use decision::*;
pub use ical::*;
pub use meeting::*;
pub use notice::*;
pub use poll::*;
pub use record::*;
pub use request::*;

#[cfg(test)]
mod testing;
