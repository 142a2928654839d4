//! Fair, explainable seat allocation for a partnership network's cooperation menu.
//!
//! * [`input`] reads a problem (JSON file or CSV directory) into a validated [`model::Instance`];
//! * [`mechanism::allocate`] allocates seats with the primary leximin-fair max-seat flow or a
//!   baseline, then places nominees;
//! * [`explain`] says, per request, why it got what it got (from the optimality certificate);
//! * [`reoffer`] offers seats given back after publication to the requests still waiting;
//! * [`report`] measures fairness; [`generate`] makes realistic problems for tests and benchmarks.
//!
//! The solver ([`flow`]) is ours, in pure Rust. See the crate README for the mechanism, its
//! justification and the guarantees with the tests that prove them.

pub mod explain;
pub mod flow;
pub mod generate;
pub mod input;
pub mod mechanism;
pub mod model;
pub mod nominee;
pub mod reference;
pub mod reoffer;
pub mod report;
