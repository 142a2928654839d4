//! The consultation forum's rules: meetings in formats resolved as of their date, and the summary
//! record under silence procedure. Pure: no database, no HTTP, no async.

mod common;
mod meeting;
mod record;

pub use common::*;
pub use meeting::*;
pub use record::*;

#[cfg(test)]
mod testing;
