//! The inbox, the e-mail outbox and calendar feed tokens.

use chrono::{Duration, Utc};
use entente_domain::access::{Affiliation, Role};
use entente_store::Actor;
use entente_store::accounts::NewAccount;
use entente_store::audit::AuditFilter;
use entente_store::notify::{Delivery, NewEmail, NewNotification};

use crate::staff;

async fn account(store: &entente_store::Store, name: &str, nation: Option<&str>, role: Role) -> i64 {
    store
        .create_account(
            &Actor::system("test"),
            NewAccount {
                username: name.into(),
                display_name: name.into(),
                email: Some(format!("{name}@example.org")),
                affiliation: nation.map_or(Affiliation::Staff, |n| Affiliation::Nation(n.parse().unwrap())),
                role,
                password_hash: "not a hash".into(),
                must_change_password: false,
                demo: false,
            },
        )
        .await
        .unwrap()
        .id
}

fn note(account_id: i64, kind: &str, subject: &str) -> NewNotification {
    NewNotification {
        account_id,
        kind: kind.into(),
        subject_en: format!("{subject} (en)"),
        body_en: "Body".into(),
        subject_fr: format!("{subject} (fr)"),
        body_fr: "Corps".into(),
        link: "/meetings/1".into(),
        email: None,
    }
}

fn mailed(mut n: NewNotification, to: &str) -> NewNotification {
    n.email = Some(NewEmail { to: to.into(), subject: n.subject_en.clone(), body: "Body".into() });
    n
}

fn event(notices: Vec<NewNotification>) -> Delivery {
    Delivery { notices, ..Default::default() }
}

#[tokio::test]
async fn inbox_rows_belong_to_their_account_and_the_audit_names_no_content() {
    let db = entente_testkit::demo_db().await;
    let s = &db.store;
    let nor = account(s, "nor", Some("NOR"), Role::DelegationMember).await;
    let ukr = account(s, "ukr", Some("UKR"), Role::DelegationMember).await;
    let n = s
        .deliver(
            &Actor::system("notifications"),
            event(vec![
                mailed(note(nor, "meeting_convened", "First"), "nor@example.org"),
                note(ukr, "meeting_convened", "SECRET-SUBJECT"),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    s.deliver(&Actor::system("notifications"), event(vec![note(nor, "action_assigned", "Second")])).await.unwrap();
    let inbox = s.inbox(nor, 50).await.unwrap();
    assert_eq!(inbox.iter().map(|x| x.subject_en.as_str()).collect::<Vec<_>>(), ["Second (en)", "First (en)"]);
    assert_eq!(inbox[0].kind, "action_assigned");
    assert_eq!(inbox[1].subject(entente_domain::consultation::Lang::Fr), "First (fr)");
    assert_eq!(s.unread_count(nor).await.unwrap(), 2);
    // Another account's notification is not found, for reading and for marking.
    let theirs = s.inbox(ukr, 50).await.unwrap()[0].id;
    let me = Actor::system("nor");
    assert!(matches!(s.notification(nor, theirs).await, Err(entente_store::StoreError::NotFound)));
    assert!(matches!(s.mark_read(&me, nor, theirs).await, Err(entente_store::StoreError::NotFound)));
    assert_eq!(s.unread_count(ukr).await.unwrap(), 1, "untouched");
    let read = s.mark_read(&me, nor, inbox[1].id).await.unwrap();
    assert!(read.read_at.is_some());
    let again = s.mark_read(&me, nor, inbox[1].id).await.unwrap();
    assert_eq!(again.read_at, read.read_at, "reading twice keeps the first time");
    assert_eq!(s.unread_count(nor).await.unwrap(), 1);
    assert_eq!(s.mark_all_read(&me, nor).await.unwrap(), 1);
    assert_eq!(s.unread_count(nor).await.unwrap(), 0);
    assert_eq!(s.mark_all_read(&me, nor).await.unwrap(), 0);
    // The audit entry of a delivery says what kind and how many, nothing of the text.
    let scoped = s.scoped(Some(&staff())).await.unwrap();
    let sent = scoped
        .audit(AuditFilter { action: Some("notify.send".into()), limit: 10, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sent.len(), 2);
    let first = sent.iter().find(|e| e.entity_id == "meeting_convened").unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(first.after.as_deref().unwrap()).unwrap(),
        serde_json::json!({ "kind": "meeting_convened", "recipients": 2 })
    );
    assert!(!first.after.as_deref().unwrap().contains("SECRET"));
    assert!(s.verify_audit(100).await.unwrap().first_broken.is_none());
    // A disabled account is not notifiable; analysts never are.
    account(s, "staff.analyst", None, Role::Analyst).await;
    let officer = account(s, "officer", None, Role::StaffOfficer).await;
    s.set_disabled(&Actor::system("test"), ukr, true).await.unwrap();
    let ids: Vec<i64> = s.notifiable_accounts().await.unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [nor, officer]);
}

#[tokio::test]
async fn outbox_rows_are_claimed_once_and_keep_every_error() {
    let db = entente_testkit::test_db().await;
    let s = &db.store;
    let a = account(s, "officer.a", None, Role::StaffOfficer).await;
    let b = account(s, "officer.b", None, Role::StaffOfficer).await;
    let mail = |id: i64, to: &str| mailed(note(id, "meeting_convened", "Réunion"), to);
    s.deliver(&Actor::system("n"), event(vec![mail(a, "a@example.org"), mail(b, "b@example.org")])).await.unwrap();
    let due = s.due_emails(Utc::now(), 10).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(s.unsent_emails().await.unwrap(), 2);
    let lease = Utc::now() + Duration::minutes(5);
    assert!(s.claim_email(&due[0], lease).await.unwrap());
    assert!(!s.claim_email(&due[0], lease).await.unwrap(), "a stale copy of the row cannot claim it again");
    assert_eq!(s.due_emails(Utc::now(), 10).await.unwrap().len(), 1, "the claimed row is leased");
    s.email_failed(due[0].id, "relay refused: 451", Utc::now() - Duration::seconds(1)).await.unwrap();
    let again = s.due_emails(Utc::now(), 10).await.unwrap();
    let row = again.iter().find(|e| e.id == due[0].id).unwrap().clone();
    assert_eq!(row.attempts, 1);
    assert!(s.claim_email(&row, lease).await.unwrap());
    s.email_failed(row.id, "connection refused", Utc::now() + Duration::hours(1)).await.unwrap();
    assert!(s.due_emails(Utc::now(), 10).await.unwrap().iter().all(|e| e.id != row.id), "waits for its retry");
    let kept = s.outbox(10).await.unwrap().into_iter().find(|e| e.id == row.id).unwrap();
    assert_eq!(kept.attempts, 2);
    assert_eq!(kept.last_error.as_deref(), Some("connection refused"));
    assert_eq!(
        kept.errors.iter().map(|e| e.error.as_str()).collect::<Vec<_>>(),
        ["relay refused: 451", "connection refused"]
    );
    assert!(kept.sent_at.is_none());
    let other = &due[1];
    assert!(s.claim_email(other, lease).await.unwrap());
    s.email_sent(other.id).await.unwrap();
    assert!(!s.claim_email(&s.outbox(10).await.unwrap()[1], lease).await.unwrap(), "a sent row is never claimed");
    assert_eq!(s.unsent_emails().await.unwrap(), 1);
}

/// One event, several notices (a meeting convened for a request tells the requester twice over,
/// and the staff through another list): each person is told once, by the first notice that reaches
/// them, with one e-mail; the person who acted is told nothing, on neither of their accounts'
/// e-mail. The rows carry the event's date.
#[tokio::test]
async fn an_event_tells_each_person_once_and_never_the_one_who_acted() {
    let db = entente_testkit::demo_db().await;
    let s = &db.store;
    let actor = account(s, "mlt.actor", Some("MLT"), Role::DelegationMember).await;
    let colleague = account(s, "mlt.colleague", Some("MLT"), Role::DelegationLead).await;
    let officer = account(s, "officer", None, Role::StaffOfficer).await;
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-12T10:00:00Z").unwrap().with_timezone(&Utc);
    let to = |id: i64, kind: &str, address: &str| mailed(note(id, kind, kind), address);
    let written = s
        .deliver(
            &Actor::system("notifications"),
            Delivery {
                actor: Some(actor),
                at: Some(at),
                notices: vec![
                    to(actor, "request_meeting_convened", "mlt.actor@example.org"),
                    to(colleague, "request_meeting_convened", "mlt.colleague@example.org"),
                    to(officer, "meeting_convened", "officer@example.org"),
                    to(actor, "meeting_convened", "mlt.actor@example.org"),
                    to(colleague, "meeting_convened", "mlt.colleague@example.org"),
                    to(officer, "meeting_convened", "officer@example.org"),
                ],
            },
        )
        .await
        .unwrap();
    assert_eq!(written, 2);
    assert!(s.inbox(actor, 50).await.unwrap().is_empty(), "no notice of one's own action");
    let colleague_inbox = s.inbox(colleague, 50).await.unwrap();
    assert_eq!(colleague_inbox.iter().map(|n| n.kind.as_str()).collect::<Vec<_>>(), ["request_meeting_convened"]);
    assert_eq!(colleague_inbox[0].created_at, at, "dated when the event happened");
    assert_eq!(s.inbox(officer, 50).await.unwrap().len(), 1);
    let mut sent: Vec<String> = s.outbox(50).await.unwrap().into_iter().map(|e| e.to).collect();
    sent.sort();
    assert_eq!(sent, ["mlt.colleague@example.org", "officer@example.org"]);
    // A second account of the one who acted, with the same address: its inbox row, no e-mail.
    let second = account(s, "mlt.actor.second", Some("MLT"), Role::DelegationLead).await;
    let twin = |id: i64| mailed(note(id, "silence_broken", "Silence"), "MLT.actor@example.org");
    s.deliver(
        &Actor::system("notifications"),
        Delivery { actor: Some(actor), at: None, notices: vec![twin(actor), twin(second)] },
    )
    .await
    .unwrap();
    assert_eq!(s.inbox(second, 50).await.unwrap().len(), 1);
    assert!(s.inbox(actor, 50).await.unwrap().is_empty());
    assert_eq!(s.outbox(50).await.unwrap().len(), 2, "no e-mail to the address of the one who acted");
    // The audit counts what was written, per kind.
    let scoped = s.scoped(Some(&staff())).await.unwrap();
    let entries = scoped
        .audit(AuditFilter { action: Some("notify.send".into()), limit: 10, ..Default::default() })
        .await
        .unwrap();
    let counts: Vec<serde_json::Value> =
        entries.iter().map(|e| serde_json::from_str(e.after.as_deref().unwrap()).unwrap()).collect();
    assert!(counts.contains(&serde_json::json!({ "kind": "request_meeting_convened", "recipients": 1 })), "{counts:?}");
    assert!(counts.contains(&serde_json::json!({ "kind": "meeting_convened", "recipients": 1 })), "{counts:?}");
}

/// The demo's accounts get synthetic addresses; a real account's address is not the demo's to set.
#[tokio::test]
async fn demo_addresses_are_set_on_demo_accounts_only() {
    let db = entente_testkit::demo_db().await;
    let s = &db.store;
    let real = account(s, "nor.real", Some("NOR"), Role::DelegationMember).await;
    let demo = s
        .create_account(
            &Actor::system("test"),
            NewAccount {
                username: "nor.member".into(),
                display_name: "Delegation member, Norway (demo)".into(),
                email: None,
                affiliation: Affiliation::Nation("NOR".parse().unwrap()),
                role: Role::DelegationMember,
                password_hash: "not a hash".into(),
                must_change_password: false,
                demo: true,
            },
        )
        .await
        .unwrap()
        .id;
    let me = Actor::system("entente demo");
    s.set_demo_address(&me, demo, "nor.member@mfa.example").await.unwrap();
    assert_eq!(s.account(demo).await.unwrap().email.as_deref(), Some("nor.member@mfa.example"));
    assert!(s.set_demo_address(&me, real, "x@mfa.example").await.is_err());
    assert_eq!(s.account(real).await.unwrap().email.as_deref(), Some("nor.real@example.org"));
    assert!(s.set_demo_address(&me, demo, "not an address").await.is_err());
}

#[tokio::test]
async fn calendar_tokens_are_replaced_revoked_and_stop_with_the_account() {
    let db = entente_testkit::demo_db().await;
    let s = &db.store;
    let nor = account(s, "nor", Some("NOR"), Role::DelegationMember).await;
    let me = Actor::system("nor");
    assert!(s.calendar_feed_of(nor).await.unwrap().is_none());
    s.set_calendar_token(&me, nor, Some("hash-one")).await.unwrap();
    assert_eq!(s.calendar_account("hash-one").await.unwrap().unwrap().id, nor);
    assert!(s.calendar_feed_of(nor).await.unwrap().unwrap().last_used_at.is_some(), "use is recorded");
    assert!(s.calendar_account("hash-two").await.unwrap().is_none());
    s.set_calendar_token(&me, nor, Some("hash-two")).await.unwrap();
    assert!(s.calendar_account("hash-one").await.unwrap().is_none(), "replaced");
    assert!(s.calendar_account("hash-two").await.unwrap().is_some());
    s.set_disabled(&Actor::system("test"), nor, true).await.unwrap();
    assert!(s.calendar_account("hash-two").await.unwrap().is_none(), "a disabled account's feed stops");
    s.set_disabled(&Actor::system("test"), nor, false).await.unwrap();
    s.set_calendar_token(&me, nor, None).await.unwrap();
    assert!(s.calendar_account("hash-two").await.unwrap().is_none(), "turned off");
    assert!(s.calendar_feed_of(nor).await.unwrap().is_none());
    let actions: Vec<String> = s
        .scoped(Some(&staff()))
        .await
        .unwrap()
        .audit(AuditFilter { action: Some("calendar.".into()), limit: 10, ..Default::default() })
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["calendar.revoke", "calendar.replace", "calendar.create"]);
    assert!(
        !s.scoped(Some(&staff()))
            .await
            .unwrap()
            .audit(AuditFilter { limit: 100, ..Default::default() })
            .await
            .unwrap()
            .iter()
            .any(|e| e.after.as_deref().unwrap_or("").contains("hash-"))
    );
}
