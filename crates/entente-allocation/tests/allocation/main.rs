//! Integration tests of the allocation engine: guarantees as properties, cross-checks against an
//! LP solver and brute force, explanations, nominees, generator and input handling.

// Helpers outside `#[test]` functions may also fail loudly: this whole crate is test code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod cross_check;
mod explanations;
mod generator;
mod inputs;
mod nominees;
mod properties;
