//! The privileged part of the web layer: the only code that holds the raw store.
//!
//! Handlers (`pages/`, `api/`) and the area services they call reach data only through the request
//! context ([`ctx::Ctx`]): the caller, a store handle scoped to them, the registry snapshot, now
//! and the language. The raw [`entente_store::Store`] lives in [`AppState`] behind a field that only
//! this module and its children can name, so a handler that would read around the access rules
//! does not compile. What genuinely needs more — resolving who is calling (`auth`), sign-in and
//! account management (`accounts`), telling people (`notify`), indexing (`search`), acting out the
//! demo (`demo`), the health probe — lives here and is called with the context's facts.

pub mod accounts;
pub mod auth;
pub mod ctx;
pub mod demo;
pub mod demo_cooperation;
pub mod demo_events;
mod demo_forum;
pub mod evaluation_report;
pub mod frame;
pub mod http_cache;
pub mod notify;
pub mod search;
pub mod seat_release;
mod state;
pub mod warning;

pub use state::{AppState, health};
