//! The audit chain: every write is recorded, and tampering is detected and located.

use entente_store::Actor;
use entente_store::audit::AuditFilter;
use sea_orm::ConnectionTrait;

async fn exec(store: &entente_store::Store, url: &str, sql: &str) {
    // Tamper through a separate connection, as an intruder with database access would.
    let conn = sea_orm::Database::connect(url).await.unwrap();
    conn.execute_unprepared(sql).await.unwrap();
    conn.close().await.unwrap();
    let _ = store;
}

#[tokio::test]
async fn imports_are_audited_and_the_chain_verifies() {
    let db = entente_testkit::demo_db().await;
    let v = db.store.verify_audit(1000).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
    // 75 nations, 92 periods, 70 sizes, groupings, formats and 75 contacts: every row is an entry.
    assert!(v.entries > 300, "{} entries", v.entries);
    let staff = db.store.scoped(Some(&crate::staff())).await.unwrap();
    let entries = staff
        .audit(AuditFilter { action: Some("registry.nation".into()), limit: 500, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(entries.len(), 75);
    assert!(entries.iter().all(|e| e.actor_name == "test" && e.after.is_some()));
    // A re-import that changes nothing writes no entry.
    db.store.seed_demo_network(&Actor::system("test")).await.unwrap();
    assert_eq!(db.store.verify_audit(1000).await.unwrap().entries, v.entries);
}

#[tokio::test]
async fn an_edited_entry_is_named() {
    let db = entente_testkit::demo_db().await;
    exec(&db.store, &db.url, "UPDATE audit_entry SET actor_name = 'someone else' WHERE seq = 42").await;
    let v = db.store.verify_audit(10).await.unwrap();
    assert_eq!(v.first_broken.as_ref().map(|(s, _)| *s), Some(42), "{v:?}");
    assert!(v.first_broken.unwrap().1.contains("edited"));
}

#[tokio::test]
async fn a_deleted_entry_is_named() {
    let db = entente_testkit::demo_db().await;
    exec(&db.store, &db.url, "DELETE FROM audit_entry WHERE seq = 7").await;
    let v = db.store.verify_audit(1000).await.unwrap();
    assert_eq!(v.first_broken.as_ref().map(|(s, _)| *s), Some(7), "{v:?}");
    assert!(v.first_broken.unwrap().1.contains("missing"));
}

#[tokio::test]
async fn a_truncated_tail_is_detected() {
    let db = entente_testkit::demo_db().await;
    let total = db.store.verify_audit(1000).await.unwrap().entries as i64;
    exec(&db.store, &db.url, &format!("DELETE FROM audit_entry WHERE seq > {}", total - 3)).await;
    let v = db.store.verify_audit(1000).await.unwrap();
    assert_eq!(v.first_broken.as_ref().map(|(s, _)| *s), Some(total - 2), "{v:?}");
}

#[tokio::test]
async fn a_rehashed_edit_still_breaks_the_next_link() {
    let db = entente_testkit::demo_db().await;
    // Changing an entry and recomputing its own hash cannot repair the link the next entry holds.
    let entry = {
        let staff = db.store.scoped(Some(&crate::staff())).await.unwrap();
        staff.audit(AuditFilter { before_seq: Some(11), limit: 1, ..Default::default() }).await.unwrap().remove(0)
    };
    let mut forged = entry.clone();
    forged.actor_name = "forger".into();
    let hash = entente_store::audit::entry_hash(&forged);
    exec(&db.store, &db.url, &format!("UPDATE audit_entry SET actor_name = 'forger', hash = '{hash}' WHERE seq = 10"))
        .await;
    let v = db.store.verify_audit(1000).await.unwrap();
    assert_eq!(v.first_broken.as_ref().map(|(s, _)| *s), Some(11), "{v:?}");
}

#[tokio::test]
async fn delegations_read_only_their_own_entries() {
    use entente_domain::access::Role;
    let db = entente_testkit::demo_db().await;
    let mlt = crate::delegate("MLT", Role::DelegationMember);
    db.store
        .create_marking(
            &Actor::from_principal(&mlt),
            &entente_domain::access::Marking {
                classification: "NATO UNCLASSIFIED".into(),
                audience: entente_domain::access::Audience::StaffOnly,
                originator: Some("MLT".parse().unwrap()),
                released_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    let own = db
        .store
        .scoped(Some(&mlt))
        .await
        .unwrap()
        .audit(AuditFilter { limit: 500, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].actor_nation.as_deref(), Some("MLT"));
    let ukr = crate::delegate("UKR", Role::DelegationLead);
    let theirs = db
        .store
        .scoped(Some(&ukr))
        .await
        .unwrap()
        .audit(AuditFilter { limit: 500, ..Default::default() })
        .await
        .unwrap();
    assert!(theirs.is_empty());
    let officer = entente_domain::access::Principal { role: Role::StaffOfficer, ..crate::staff() };
    let none = db
        .store
        .scoped(Some(&officer))
        .await
        .unwrap()
        .audit(AuditFilter { limit: 5, ..Default::default() })
        .await
        .unwrap();
    assert!(none.is_empty(), "only staff administrators read the whole log");
}
