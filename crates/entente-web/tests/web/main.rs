//! Web tests: the app in-process on a fresh database (SQLite, or PostgreSQL when
//! ENTENTE_TEST_DATABASE_URL is set).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod after;
mod concurrency;
mod consultation;
mod cooperation;
mod evaluation;
mod http_cache;
mod hygiene;
mod imports;
mod inbox;
mod matrix;
mod notify;
mod programme;
mod registry_api;
mod registry_edit;
mod registry_pages;
mod routes;
mod search;
mod seat_deadline;
mod seats;
mod server;
mod subscriptions;
mod warning;
