//! Fair, explainable seat allocation.
pub mod flow;
pub mod generate;
pub mod input;
pub mod mechanism;
pub mod model;
pub mod nominee;
pub mod reference;
pub mod rng;
