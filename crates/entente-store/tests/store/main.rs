//! Store tests: each runs on SQLite, or on PostgreSQL when ENTENTE_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod audit;
mod checkpoint;
mod notify;
mod registry;
mod warning;

pub fn staff() -> entente_domain::access::Principal {
    entente_domain::access::Principal {
        user_id: 0,
        username: "staff".into(),
        affiliation: entente_domain::access::Affiliation::Staff,
        role: entente_domain::access::Role::StaffAdmin,
    }
}

pub fn delegate(code: &str, role: entente_domain::access::Role) -> entente_domain::access::Principal {
    entente_domain::access::Principal {
        user_id: 0,
        username: format!("{}-user", code.to_lowercase()),
        affiliation: entente_domain::access::Affiliation::Nation(code.parse().unwrap()),
        role,
    }
}

#[tokio::test]
async fn suite_runs_on_the_backend_it_was_asked_for() {
    let db = entente_testkit::test_db().await;
    assert_eq!(db.store.backend(), entente_testkit::backend());
    if std::env::var("ENTENTE_TEST_BACKEND").as_deref() == Ok("postgres") {
        assert_eq!(db.store.backend(), entente_store::Backend::Postgres);
    }
}

#[tokio::test]
async fn migrations_are_applied_once() {
    let db = entente_testkit::test_db().await;
    assert!(db.store.pending_migrations().await.unwrap().is_empty());
    assert!(db.store.migrate().await.unwrap().is_empty(), "a second run applies nothing");
}
