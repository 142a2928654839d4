//! Signed checkpoints anchor the audit chain's head outside the database: truncating the newest
//! entries and rewriting the head row to match passes the chain check, and fails here.

use entente_store::Actor;
use entente_store::checkpoint::{self, AuditKey, ExpectedHead};
use sea_orm::ConnectionTrait;

async fn exec(url: &str, sql: &str) {
    // Tamper through a separate connection, as an intruder with database access would.
    let conn = sea_orm::Database::connect(url).await.unwrap();
    conn.execute_unprepared(sql).await.unwrap();
    conn.close().await.unwrap();
}

/// Delete every entry after `keep` and point the head row at entry `keep`: a chain that verifies.
async fn truncate(url: &str, keep: i64) {
    exec(url, &format!("DELETE FROM audit_entry WHERE seq > {keep}")).await;
    exec(url, &format!("UPDATE audit_head SET seq = {keep}, hash = (SELECT hash FROM audit_entry WHERE seq = {keep})"))
        .await;
}

struct Setup {
    db: entente_testkit::TestDb,
    key: AuditKey,
    file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let db = entente_testkit::demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let (key, created) = AuditKey::load_or_create(&dir.path().join("keys").join(checkpoint::KEY_FILE)).unwrap();
    assert!(created);
    let file = dir.path().join(checkpoint::CHECKPOINT_FILE);
    Setup { db, key, file, _dir: dir }
}

async fn breaches(s: &Setup) -> Vec<String> {
    let list = checkpoint::read_file(&s.file).unwrap().unwrap_or_default();
    let found = s.db.store.verify_checkpoints(&s.file, &list, Some(&s.key.verifying_key())).await.unwrap();
    found.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn the_key_is_created_once_and_kept_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(checkpoint::KEY_FILE);
    let (a, created) = AuditKey::load_or_create(&path).unwrap();
    assert!(created);
    let (b, created) = AuditKey::load_or_create(&path).unwrap();
    assert!(!created);
    assert_eq!(a.public_hex(), b.public_hex());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let other = AuditKey::load_or_create(&dir.path().join("other.key")).unwrap().0;
    assert_ne!(a.public_hex(), other.public_hex(), "keys come from the system's random source");
    std::fs::write(dir.path().join("bad.key"), "not a key\n").unwrap();
    let e = AuditKey::load(&dir.path().join("bad.key")).unwrap_err().to_string();
    assert!(e.contains("bad.key") && e.contains("not an audit signing key"), "{e}");
}

#[tokio::test]
async fn an_untouched_chain_passes_its_checkpoints() {
    let s = setup().await;
    let actor = Actor::system("test");
    let first = s.db.store.checkpoint_audit(&actor, &s.key, &s.file, false).await.unwrap().unwrap();
    // The checkpoint is itself an entry of the chain, right after the head it signs.
    assert_eq!(s.db.store.audit_head().await.unwrap().0, first.seq + 1);
    s.db.store.record(&actor, "test.event", "test", "1".into()).await.unwrap();
    let second = s.db.store.checkpoint_audit(&actor, &s.key, &s.file, false).await.unwrap().unwrap();
    assert_eq!(second.seq, first.seq + 2);
    // Nothing happened since: with skip_if_idle, no third checkpoint.
    assert!(s.db.store.checkpoint_audit(&actor, &s.key, &s.file, true).await.unwrap().is_none());
    assert_eq!(checkpoint::read_file(&s.file).unwrap().unwrap().len(), 2);
    let v = s.db.store.verify_audit(1000).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
    assert_eq!(v.head, s.db.store.audit_head().await.unwrap());
    assert_eq!(breaches(&s).await, Vec::<String>::new());
    let expected: ExpectedHead = second.head().parse().unwrap();
    assert_eq!(s.db.store.check_expected_head(&expected).await.unwrap(), None);
    let bare: ExpectedHead = second.hash.parse().unwrap();
    assert_eq!(s.db.store.check_expected_head(&bare).await.unwrap(), None);
}

#[tokio::test]
async fn truncation_after_a_checkpoint_is_detected() {
    let s = setup().await;
    let actor = Actor::system("test");
    let cp = s.db.store.checkpoint_audit(&actor, &s.key, &s.file, false).await.unwrap().unwrap();
    for i in 0..3 {
        s.db.store.record(&actor, "test.event", "test", i.to_string()).await.unwrap();
    }
    let keep = cp.seq - 4;
    truncate(&s.db.url, keep).await;
    // The chain alone is intact: that is the hole checkpoints close.
    let v = s.db.store.verify_audit(1000).await.unwrap();
    assert!(v.first_broken.is_none(), "{v:?}");
    assert_eq!(v.head.0, keep);
    let found = breaches(&s).await;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains(&format!("checkpoint on line 1 of {}", s.file.display())), "{}", found[0]);
    assert!(
        found[0].contains(&format!("entries {} to {} are missing: the log was truncated", keep + 1, cp.seq)),
        "{}",
        found[0]
    );
    let b = s.db.store.check_expected_head(&cp.head().parse().unwrap()).await.unwrap().unwrap();
    assert!(b.reason.contains(&format!("entries {} to {} are missing", keep + 1, cp.seq)), "{b}");
    let b = s.db.store.check_expected_head(&cp.hash.parse().unwrap()).await.unwrap().unwrap();
    assert!(b.reason.contains("no entry has this hash"), "{b}");
    // A new checkpoint refuses to extend a chain that lost its previous one.
    let e = s.db.store.checkpoint_audit(&actor, &s.key, &s.file, false).await.unwrap_err().to_string();
    assert!(e.contains("does not match the chain"), "{e}");
    // Writing on after the truncation does not hide it: the checkpointed entry now differs.
    for i in 0..6 {
        s.db.store.record(&actor, "test.after", "test", i.to_string()).await.unwrap();
    }
    let found = breaches(&s).await;
    assert!(found.len() == 1 && found[0].contains("the log was rewritten"), "{found:#?}");
}

#[tokio::test]
async fn forged_or_edited_checkpoints_are_refused() {
    let s = setup().await;
    let actor = Actor::system("test");
    s.db.store.checkpoint_audit(&actor, &s.key, &s.file, false).await.unwrap().unwrap();
    // An edited line: another head under the old signature.
    let text = std::fs::read_to_string(&s.file).unwrap();
    let mut cp: checkpoint::Checkpoint = serde_json::from_str(text.trim()).unwrap();
    cp.seq -= 1;
    std::fs::write(&s.file, serde_json::to_string(&cp).unwrap() + "\n").unwrap();
    let found = breaches(&s).await;
    assert!(found.len() == 1 && found[0].contains("signature is not valid"), "{found:#?}");
    // A line signed by someone else's key.
    let dir = tempfile::tempdir().unwrap();
    let other = AuditKey::load_or_create(&dir.path().join("k")).unwrap().0;
    let head = s.db.store.audit_head().await.unwrap();
    let forged = other.sign(head.0, &head.1, chrono::Utc::now());
    std::fs::write(&s.file, serde_json::to_string(&forged).unwrap() + "\n").unwrap();
    let found = breaches(&s).await;
    assert!(found.len() == 1 && found[0].contains("signed by another key"), "{found:#?}");
}

#[tokio::test]
async fn a_broken_chain_is_never_signed() {
    let s = setup().await;
    exec(&s.db.url, "UPDATE audit_entry SET actor_name = 'someone else' WHERE seq = 42").await;
    let e = s.db.store.checkpoint_audit(&Actor::system("test"), &s.key, &s.file, false).await.unwrap_err().to_string();
    assert!(e.contains("broken at entry 42"), "{e}");
    assert!(checkpoint::read_file(&s.file).unwrap().is_none(), "nothing written");
}
