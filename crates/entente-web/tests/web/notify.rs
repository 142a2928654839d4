//! Notifications reach only those who may see the item.

use chrono::{Duration, Utc};
use entente_domain::access::Role;
use entente_testkit::TestApp;

#[tokio::test]
async fn notify_a_restricted_meeting_reaches_its_format_only() {
    let app = TestApp::demo().await;
    let mlt = app.user("mlt.notified", Some("MLT"), Role::DelegationMember).await;
    let ukr = app.user("ukr.notified", Some("UKR"), Role::DelegationMember).await;
    let officer = app.user("officer.notified", None, Role::StaffOfficer).await;
    let (s_mlt, s_ukr, s_staff) = (app.login(&mlt).await, app.login(&ukr).await, app.login(&officer).await);
    let r = app
        .post_form(
            "/requests",
            &[("basis", "paragraph8"), ("threat", "Hybrid attacks on our ports."), ("audience", "staff")],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let request_id: i64 = r.header("location").unwrap().trim_start_matches("/requests/").parse().unwrap();
    // Staff hear of the new request; other delegations do not.
    assert!(app.get_as("/inbox", &s_staff).await.body.contains(&format!("/requests/{request_id}")));
    let r = app
        .post_form(&format!("/requests/{request_id}/step"), &[("step", "acknowledge"), ("note", "")], Some(&s_staff))
        .await;
    assert_eq!(r.status, 303);
    let start = (Utc::now() + Duration::seconds(2)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let end = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let r = app
        .post_form(
            &format!("/requests/{request_id}/convene"),
            &[("title", "NOTIFY-MALTA-TALKS"), ("start", &start), ("end", &end)],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mlt_inbox = app.get_as("/inbox", &s_mlt).await;
    assert!(mlt_inbox.body.contains("NOTIFY-MALTA-TALKS"), "the requester's delegation sits in the meeting");
    // Convening for a request is one event: Malta hears of it once, about its request; the staff
    // officer who convened it hears nothing of it.
    let kinds = |items: Vec<entente_store::notify::Notification>| items.into_iter().map(|n| n.kind).collect::<Vec<_>>();
    let malta = kinds(app.db.store.inbox(mlt.id, 50).await.unwrap());
    assert_eq!(malta, ["request_meeting_convened", "request_acknowledged"], "{malta:?}");
    let officer_kinds = kinds(app.db.store.inbox(officer.id, 50).await.unwrap());
    assert_eq!(officer_kinds, ["request_submitted"], "none of its own steps: {officer_kinds:?}");
    let ukr_inbox = app.get_as("/inbox", &s_ukr).await;
    assert_eq!(ukr_inbox.status, 200);
    assert!(!ukr_inbox.body.contains("NOTIFY-MALTA-TALKS"), "Ukraine is not in the format: not even the title");
    assert!(!ukr_inbox.body.contains(&format!("/requests/{request_id}")));
    // The API says the same, and another user's notification is not found.
    let mine = app.db.store.inbox(mlt.id, 50).await.unwrap();
    assert!(!mine.is_empty());
    let foreign = app.post_form(&format!("/inbox/{}/read", mine[0].id), &[], Some(&s_ukr)).await;
    assert_eq!(foreign.status, 404);
    let own = app.post_form(&format!("/inbox/{}/read", mine[0].id), &[], Some(&s_mlt)).await;
    assert_eq!(own.status, 303);
    assert!(app.db.store.inbox(mlt.id, 50).await.unwrap()[0].read_at.is_some());
}

/// An account with an e-mail address (the test kit's accounts have none).
pub(crate) async fn user_with_email(
    app: &TestApp,
    username: &str,
    nation: Option<&str>,
    role: Role,
) -> entente_testkit::TestUser {
    use entente_domain::access::Affiliation;
    let password = format!("{username} uses a long test passphrase");
    let hash = entente_web::auth::secrets::hash_password(password.clone()).await.unwrap();
    let a = app
        .db
        .store
        .create_account(
            &entente_store::Actor::system("test"),
            entente_store::accounts::NewAccount {
                username: username.into(),
                display_name: format!("{username} (test)"),
                email: Some(format!("{username}@mail.test")),
                affiliation: nation.map_or(Affiliation::Staff, |n| Affiliation::Nation(n.parse().unwrap())),
                role,
                password_hash: hash,
                must_change_password: false,
                demo: false,
            },
        )
        .await
        .unwrap();
    entente_testkit::TestUser { id: a.id, username: username.into(), password }
}

/// E-mail goes to those who may see the item only; a relay that is down loses nothing: the
/// attempt and its error are kept and the message goes out at the next attempt.
#[tokio::test]
async fn notify_outbox_keeps_mail_while_the_relay_is_down_and_only_for_those_who_may_see() {
    use entente_web::notify::{MailTarget, MailerConfig, drain_once};
    let app = TestApp::demo().await;
    let mlt = user_with_email(&app, "mlt.mail", Some("MLT"), Role::DelegationMember).await;
    user_with_email(&app, "ukr.mail", Some("UKR"), Role::DelegationMember).await;
    user_with_email(&app, "officer.mail", None, Role::StaffOfficer).await;
    let s_mlt = app.login(&mlt).await;
    let r = app
        .post_form(
            "/requests",
            &[("basis", "paragraph8"), ("threat", "OUTBOX-THREAT drones over the ports."), ("audience", "staff")],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let outbox = app.db.store.outbox(100).await.unwrap();
    assert!(outbox.iter().any(|e| e.to == "officer.mail@mail.test"), "the staff are told: {outbox:?}");
    assert!(!outbox.iter().any(|e| e.to.starts_with("ukr.mail")), "another delegation is not: {outbox:?}");
    assert!(outbox.iter().all(|e| !e.body.contains("OUTBOX-THREAT") || e.to.starts_with("officer")));

    // The relay is down (nothing listens on port 1): every message stays, with its error.
    let mut config =
        MailerConfig::new(MailTarget::Smtp { host: "127.0.0.1".into(), port: 1 }, "Entente <entente@mail.test>");
    config.first_retry = std::time::Duration::ZERO;
    config.timeout = std::time::Duration::from_secs(5);
    let pending = app.db.store.unsent_emails().await.unwrap();
    assert!(pending > 0);
    let d = drain_once(&app.db.store, &config).await.unwrap();
    assert_eq!((d.sent, d.failed as u64), (0, pending));
    let after = app.db.store.outbox(100).await.unwrap();
    assert!(after.iter().all(|e| e.sent_at.is_none() && e.attempts == 1 && e.errors.len() == 1), "{after:?}");
    assert!(after[0].last_error.as_deref().unwrap_or("").contains("127.0.0.1:1"), "{after:?}");

    // The relay is back (a directory sink here): the next pass sends them all, once.
    let dir = tempfile::tempdir().unwrap();
    config.target = MailTarget::Dir(dir.path().to_path_buf());
    let d = drain_once(&app.db.store, &config).await.unwrap();
    assert_eq!((d.sent as u64, d.failed), (pending, 0));
    assert_eq!(app.db.store.unsent_emails().await.unwrap(), 0);
    assert_eq!(drain_once(&app.db.store, &config).await.unwrap(), Default::default(), "nothing is sent twice");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len() as u64, pending);
    let officer_mail = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .find(|t| t.contains("officer.mail@mail.test"))
        .expect("the officer's message was written");
    assert!(officer_mail.contains("From: Entente <entente@mail.test>"), "{officer_mail}");
}

/// The calendar feed holds only the meetings its owner may see; a wrong, replaced or revoked
/// address answers 404.
#[tokio::test]
async fn calendar_feed_shows_only_visible_meetings() {
    let app = TestApp::demo().await;
    let mut principals = std::collections::HashMap::new();
    let mut users = std::collections::HashMap::new();
    for (name, nation, role) in [
        ("staff.admin", None, Role::StaffAdmin),
        ("tun.member", Some("TUN"), Role::DelegationMember),
        ("mlt.member", Some("MLT"), Role::DelegationMember),
        ("ukr.member", Some("UKR"), Role::DelegationMember),
    ] {
        let user = app.user(name, nation, role).await;
        let (account, _) = app.db.store.account_by_username(name).await.unwrap().unwrap();
        principals.insert(nation.unwrap_or("STAFF").to_string(), account.principal());
        users.insert(nation.unwrap_or("STAFF"), user);
    }
    let staff = principals["STAFF"].clone();
    entente_web::demo::seed_consultations(&app.db.store, &staff, |c| principals.get(c).cloned()).await.unwrap();

    let feed_path = |body: &str| -> String {
        let start = body.find("/calendar/").expect("the new address is shown");
        let end = body[start..].find(".ics").unwrap() + start + 4;
        body[start..end].to_string()
    };
    let s_mlt = app.login(&users["MLT"]).await;
    let created = app.post_form("/account/calendar", &[], Some(&s_mlt)).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let mlt_feed = feed_path(&created.body);
    let ics = app.get(&mlt_feed).await;
    assert_eq!(ics.status, 200);
    assert_eq!(ics.header("content-type"), Some("text/calendar; charset=utf-8"));
    assert!(ics.body.starts_with("BEGIN:VCALENDAR"), "{}", ics.body);
    assert!(ics.body.contains("requested by Malta") && ics.body.contains("EAPC"), "{}", ics.body);
    assert!(!ics.body.contains("Mediterranean") && !ics.body.contains("NATO-Ukraine"), "{}", ics.body);
    // Meetings at the headquarters carry their zone, defined once in the calendar.
    assert_eq!(ics.body.matches("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n").count(), 1, "{}", ics.body);
    assert!(ics.body.contains("DTSTART;TZID=Europe/Brussels:"), "{}", ics.body);

    let s_ukr = app.login(&users["UKR"]).await;
    let ukr_feed = feed_path(&app.post_form("/account/calendar", &[], Some(&s_ukr)).await.body);
    let ics = app.get(&ukr_feed).await.body;
    assert!(ics.contains("EAPC") && !ics.contains("Malta"), "{ics}");

    // Wrong, replaced and revoked addresses are not found.
    assert_eq!(app.get("/calendar/not-a-token.ics").await.status, 404);
    assert_eq!(app.get(&mlt_feed.replace(".ics", "")).await.status, 404);
    let replaced = feed_path(&app.post_form("/account/calendar", &[], Some(&s_mlt)).await.body);
    assert_ne!(replaced, mlt_feed);
    assert_eq!(app.get(&mlt_feed).await.status, 404, "a new address replaces the old one");
    assert_eq!(app.get(&replaced).await.status, 200);
    let off = app.post_form("/account/calendar", &[("revoke", "1")], Some(&s_mlt)).await;
    assert_eq!(off.status, 303);
    assert_eq!(app.get(&replaced).await.status, 404, "a revoked feed is gone");
}

/// Reminders that time makes due: the record agreed when silence ends, an action overdue — each
/// once, to those who may see it, however many passes run; the meeting's closing does not repeat
/// the agreed record.
#[tokio::test]
async fn notify_reminders_announce_the_agreed_record_and_the_overdue_action_once() {
    use entente_web::notify::{Reminded, remind_once};
    let app = TestApp::demo().await;
    let mlt = app.user("mlt.reminded", Some("MLT"), Role::DelegationMember).await;
    let ukr = app.user("ukr.reminded", Some("UKR"), Role::DelegationMember).await;
    let officer = app.user("officer.reminded", None, Role::StaffOfficer).await;
    let (s_mlt, s_staff) = (app.login(&mlt).await, app.login(&officer).await);
    let fmt = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    // A meeting of allies + Malta, held, with a record circulated and an action for Malta.
    let r = app
        .post_form(
            "/meetings",
            &[
                ("title", "REMIND-MALTA"),
                ("level", "ambassadors"),
                ("format", ""),
                ("allies", "on"),
                ("partners", "MLT"),
                ("start", &fmt(Utc::now() + Duration::seconds(1))),
                ("end", &fmt(Utc::now() + Duration::hours(1))),
                ("venue", "Brussels"),
            ],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let meeting = r.header("location").unwrap().to_string();
    let meeting_id: i64 = meeting.trim_start_matches("/meetings/").parse().unwrap();
    for status in ["convened", "held"] {
        if status == "held" {
            tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        }
        let r = app.post_form(&format!("{meeting}/status"), &[("status", status)], Some(&s_staff)).await;
        assert_eq!(r.status, 303, "{status}: {}", r.body);
    }
    let r = app.post_form(&format!("{meeting}/record"), &[("text", "REMIND-RECORD-TEXT")], Some(&s_staff)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let deadline = Utc::now() + Duration::seconds(3);
    let r =
        app.post_form(&format!("{meeting}/record/circulate"), &[("deadline", &fmt(deadline))], Some(&s_staff)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let due = (Utc::now() + Duration::days(1)).date_naive().to_string();
    let r = app
        .post_form(
            &format!("{meeting}/actions"),
            &[("title", "REMIND-ACTION"), ("owner", "MLT"), ("due", &due)],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let count =
        |items: &[entente_store::notify::Notification], kind: &str| items.iter().filter(|n| n.kind == kind).count();

    // Before the deadline and the due date: nothing is due.
    assert_eq!(remind_once(&app.state, deadline - Duration::seconds(1)).await.unwrap(), Reminded::default());
    // After the deadline the record is agreed; three days later the action is overdue.
    tokio::time::sleep((deadline - Utc::now()).to_std().unwrap_or_default() + std::time::Duration::from_millis(300))
        .await;
    let later = Utc::now() + Duration::days(3);
    assert_eq!(
        remind_once(&app.state, later).await.unwrap(),
        Reminded { records_agreed: 1, actions_overdue: 1, alerts_announced: 0, seats_released: 0 }
    );
    assert_eq!(remind_once(&app.state, later).await.unwrap(), Reminded::default(), "each goes out once");
    let inbox = app.db.store.inbox(mlt.id, 100).await.unwrap();
    assert_eq!(count(&inbox, "record_agreed"), 1, "{inbox:?}");
    assert_eq!(count(&inbox, "action_overdue"), 1, "{inbox:?}");
    let staff_inbox = app.db.store.inbox(officer.id, 100).await.unwrap();
    assert_eq!(count(&staff_inbox, "action_overdue"), 1);
    // Ukraine, outside the format, hears of neither.
    let foreign = app.db.store.inbox(ukr.id, 100).await.unwrap();
    assert!(foreign.iter().all(|n| !n.body_en.contains("REMIND") && !n.subject_en.contains("REMIND")), "{foreign:?}");
    assert_eq!(count(&foreign, "record_agreed") + count(&foreign, "action_overdue"), 0);

    // Closing the meeting now does not announce the agreed record a second time.
    let r = app.post_form(&format!("{meeting}/status"), &[("status", "closed")], Some(&s_staff)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(count(&app.db.store.inbox(mlt.id, 100).await.unwrap(), "record_agreed"), 1);
    let record = app.db.store.system().load_record(meeting_id).await.unwrap().unwrap();
    assert!(matches!(
        record.state_at(Utc::now()),
        entente_domain::consultation::SilenceState::Agreed { version: 1, .. }
    ));
    // The agreed record is what Malta reads on the meeting page.
    let page = app.get_as(&meeting, &s_mlt).await;
    assert!(page.body.contains("REMIND-RECORD-TEXT"), "{}", page.body);
}
