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

/// `connect_existing` never creates an SQLite file, opens it read-only, and neither it nor
/// `pending_migrations` adds anything to a database that has not been migrated.
#[tokio::test]
async fn an_existing_database_is_opened_without_being_created_or_changed() {
    use entente_store::{Store, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    let url = format!("sqlite://{}", path.display());
    match Store::connect_existing(&url).await {
        Err(StoreError::NoDatabase { path: p }) => assert_eq!(p, path),
        other => panic!("expected NoDatabase, got {other:?}"),
    }
    assert!(!path.exists(), "the file is not created");

    // A database file with no schema: every migration is pending, and nothing is added to it.
    let store = Store::connect(&url).await.unwrap();
    store.close().await.unwrap();
    let store = Store::connect_existing(&url).await.unwrap();
    let pending = store.pending_migrations().await.unwrap();
    assert!(!pending.is_empty());
    assert_eq!(store.table_count().await.unwrap(), 0, "no migration table was created");
    store.close().await.unwrap();

    // Migrated: nothing pending, reads work, writes are refused by SQLite itself.
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.migrate().await.unwrap(), pending);
    store.close().await.unwrap();
    let store = Store::connect_existing(&url).await.unwrap();
    assert!(store.pending_migrations().await.unwrap().is_empty());
    assert!(store.frameworks().await.is_ok());
    let format = entente_domain::registry::Format {
        slug: "allies".into(),
        name: "Allies".into(),
        name_fr: "Alliés".into(),
        description: String::new(),
        description_fr: String::new(),
        spec: entente_domain::registry::FormatSpec { include_allies: true, frameworks: vec![], partners: vec![] },
        valid_from: None,
        valid_to: None,
    };
    let refused = store.save_format(&entente_store::Actor::system("test"), &format).await.unwrap_err();
    assert!(refused.to_string().contains("readonly"), "{refused}");
    store.close().await.unwrap();
}
