//! Integration tests of the search index: analysis, access filtering, index lifecycle, paging,
//! and the access-token contract with the domain's visibility policy.

// A test helper panics on failure like the test itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod common;
mod language;
mod lifecycle;
mod paging;
mod tokens;
