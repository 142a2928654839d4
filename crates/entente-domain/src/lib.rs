//! Entente's domain: the pure types and rules of a security alliance's partnership network.
//!
//! Nothing here touches a database or the network; every rule is testable on its own.

pub mod access;
pub mod consultation;
pub mod cooperation;
pub mod date;
pub mod evaluation;
pub mod lang;
pub mod registry;
pub mod rng;
pub mod said;
pub mod text;
pub mod warning;

pub use date::{Day, IsoWeek};
pub use lang::Lang;
