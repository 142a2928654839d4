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
    let start = (Utc::now() + Duration::seconds(2)).format("%Y-%m-%dT%H:%M:%S").to_string();
    let end = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%S").to_string();
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
