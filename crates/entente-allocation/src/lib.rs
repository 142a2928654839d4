//! Fair, explainable seat allocation.
pub mod flow;
