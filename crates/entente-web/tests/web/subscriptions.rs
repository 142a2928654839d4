//! Alert subscriptions and feeds: a subscriber is told of each new alert it selects and may
//! open, once, in the inbox and by e-mail when asked; never of an alert counting a report it may
//! not see; the feed (by API token or by secret address) carries the same alerts as Atom with CAP
//! entries; a refused subscription form is shown again with what was typed.

use entente_domain::access::Role;
use entente_testkit::TestApp;
use entente_web::notify::remind_once;

use crate::matrix::token_for;
use crate::notify::user_with_email;

fn last_monday() -> String {
    let today = chrono::Utc::now().date_naive();
    let week = entente_warning::alert::last_complete_week(entente_warning::date::Day::from(today));
    entente_warning::date::Day::monday_of_week_index(week).to_string()
}

#[tokio::test]
async fn subscribers_are_told_once_of_new_alerts_they_may_open_and_never_of_a_report_they_may_not_see() {
    let app = TestApp::demo().await;
    app.with_event_history().await;
    // The history's own alerts are announced to nobody: no one has subscribed yet.
    assert_eq!(remind_once(&app.state, chrono::Utc::now()).await.unwrap().alerts_announced, 0);
    let tunisia = user_with_email(&app, "sub.tunisia", Some("TUN"), Role::DelegationMember).await;
    let norway = user_with_email(&app, "sub.norway", Some("NOR"), Role::DelegationMember).await;
    let staff = app.user("sub-staff", None, Role::StaffOfficer).await;
    let (tun, nor, stf) = (
        token_for(&app, tunisia.id, "sub-tunisia").await.0,
        token_for(&app, norway.id, "sub-norway").await.0,
        token_for(&app, staff.id, "sub-staff").await.0,
    );
    let subscribe = |body: serde_json::Value, token: String| {
        let app = &app;
        async move {
            let r = app.api("POST", "/api/v1/alerts/subscription", Some(body), Some(&token)).await;
            assert_eq!(r.status, 200, "{}", r.body);
            r.json()
        }
    };
    let t = subscribe(serde_json::json!({"countries": ["tun"], "delivery": "inbox_and_email"}), tun.clone()).await;
    assert_eq!(t["countries"], serde_json::json!(["TUN"]));
    assert_eq!(t["version"], 1);
    subscribe(serde_json::json!({"countries": ["TUN"], "delivery": "inbox_and_email"}), nor.clone()).await;
    // The staff follow North Africa's unrest through a regional grouping.
    let groupings = app.api("GET", "/api/v1/alerts/subscription", None, Some(&stf)).await;
    assert_eq!(groupings.json()["version"], 0, "none stored yet");
    subscribe(serde_json::json!({"categories": ["unrest"], "delivery": "inbox"}), stf.clone()).await;

    // Tunisia files a report only the staff may read beside it; the staff verify it.
    let body = serde_json::json!({
        "category": "unrest", "country": "TUN", "admin1": "Tunis", "occurred_on": last_monday(),
        "description": "SUB-SECRET: organisers seen arriving from abroad.", "audience": "staff",
    });
    let filed = app.api("POST", "/api/v1/reports", Some(body), Some(&tun)).await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    let report = filed.json()["id"].as_i64().unwrap();
    let r = app
        .api("POST", &format!("/api/v1/reports/{report}/step"), Some(serde_json::json!({"step": "verify"})), Some(&stf))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let staff_view = app.api("GET", "/api/v1/alerts?country=TUN", None, Some(&stf)).await.json();
    let counted: Vec<i64> = staff_view["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["basis"] == "reports")
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert!(!counted.is_empty(), "{staff_view}");

    let told = remind_once(&app.state, chrono::Utc::now()).await.unwrap().alerts_announced;
    assert!(told >= 2, "Tunisia and the staff are told: {told}");
    let inbox = |token: String| {
        let app = &app;
        async move { app.api("GET", "/api/v1/inbox", None, Some(&token)).await.json() }
    };
    let links = |inbox: &serde_json::Value| -> Vec<String> {
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "alert_raised")
            .map(|n| n["link"].as_str().unwrap().to_string())
            .collect()
    };
    // One notice per cell and week, pointing to the strongest alert the reader may open: for
    // Tunisia and the staff, one counting the report.
    let tun_inbox = inbox(tun.clone()).await;
    let tun_links = links(&tun_inbox);
    let counted_links: Vec<String> = counted.iter().map(|id| format!("/alerts/{id}")).collect();
    assert!(tun_links.iter().any(|l| counted_links.contains(l)), "Tunisia is told: {tun_inbox}");
    let mut unique = tun_links.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), tun_links.len(), "one notice per alert group");
    assert!(tun_inbox.to_string().contains("detectors flagged it this week"), "{tun_inbox}");
    let nor_inbox = inbox(nor.clone()).await;
    assert!(links(&nor_inbox).iter().all(|l| !counted_links.contains(l)), "Norway is not told: {nor_inbox}");
    assert!(!nor_inbox.to_string().contains("SUB-SECRET"));
    let stf_links = links(&inbox(stf.clone()).await);
    assert!(stf_links.iter().any(|l| counted_links.contains(l)), "the staff follow unrest");
    // E-mail: to Tunisia, asked for; never to Norway about what it may not open.
    let outbox = app.db.store.outbox(500).await.unwrap();
    let alert_mail: Vec<_> = outbox.iter().filter(|e| e.subject.starts_with("New alert")).collect();
    assert!(alert_mail.iter().any(|e| e.to == "sub.tunisia@mail.test" && e.body.contains("Nouvelle alerte")));
    assert!(alert_mail.iter().all(|e| e.to != "sub.norway@mail.test"), "{alert_mail:?}");
    // Told once: a second pass (or a second server) tells nothing.
    assert_eq!(remind_once(&app.state, chrono::Utc::now()).await.unwrap().alerts_announced, 0);

    // The feed by API token: Atom, with CAP entries, only what the owner may open.
    let feed = app.api("GET", "/api/v1/alerts/feed", None, Some(&tun)).await;
    assert_eq!(feed.status, 200);
    assert!(feed.header("content-type").unwrap().starts_with("application/atom+xml"));
    assert!(feed.body.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(feed.body.contains("urn:oasis:names:tc:emergency:cap:1.2"));
    for id in &counted {
        let entry = format!("tag:entente,2026:alert:{id}<");
        assert!(feed.body.contains(&entry), "Tunisia's feed carries {id}");
        assert!(!app.api("GET", "/api/v1/alerts/feed", None, Some(&nor)).await.body.contains(&entry));
    }
    assert!(!feed.body.contains("<entry>") || feed.body.matches("<entry>").count() <= 200);

    // The feed by secret address: made on the page, shown once, readable without signing in,
    // gone once turned off.
    let s = app.login(&tunisia).await;
    let made = app.post_form("/alerts/subscription/feed", &[], Some(&s)).await;
    assert_eq!(made.status, 200, "{}", made.body);
    let start = made.body.find("/alerts/feed/").expect("the address is shown");
    let path: String = made.body[start..].chars().take_while(|c| !matches!(c, '<' | '"' | ' ')).collect();
    assert!(path.ends_with(".atom"), "{path}");
    let secret = app.get(&path).await;
    assert_eq!(secret.status, 200);
    assert!(secret.body.contains(&format!("tag:entente,2026:alert:{}<", counted[0])));
    assert_eq!(app.get("/alerts/feed/not-a-token.atom").await.status, 404);
    let page = app.get_as("/alerts/subscription", &s).await;
    assert!(page.body.contains("Your feed is on"), "{}", page.body);
    let off = app.post_form("/alerts/subscription/feed", &[("revoke", "1")], Some(&s)).await;
    assert_eq!(off.status, 303);
    assert_eq!(app.get(&path).await.status, 404);
}

#[tokio::test]
async fn a_refused_subscription_is_shown_again_with_what_was_typed_and_a_stale_one_is_refused() {
    let app = TestApp::demo().await;
    let malta = app.user("sub-malta", Some("MLT"), Role::DelegationMember).await;
    let s = app.login(&malta).await;
    let page = app.get_as("/alerts/subscription", &s).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"category:terrorism\""));
    let r = app
        .post_form(
            "/alerts/subscription",
            &[("countries", "LBY, XQZ"), ("category:cyber", "on"), ("delivery", "inbox"), ("version", "0")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("role=\"alert\"") && r.body.contains("XQZ"), "{}", r.body);
    assert!(r.body.contains("value=\"LBY, XQZ\""), "what was typed is kept");
    assert!(r.body.contains("name=\"category:cyber\" value=\"on\" checked"));
    // In French, the message is French.
    let fr = entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() };
    let fr = app
        .post_form("/alerts/subscription", &[("countries", "XQZ"), ("delivery", "inbox"), ("version", "0")], Some(&fr))
        .await;
    assert!(fr.body.contains("Pays : « XQZ » n"), "{}", fr.body);
    // Saved, then a change made from the old version is refused as stale.
    let ok = app
        .post_form("/alerts/subscription", &[("countries", "LBY"), ("delivery", "inbox"), ("version", "0")], Some(&s))
        .await;
    assert_eq!(ok.status, 303);
    let page = app.get_as("/alerts/subscription?saved=1", &s).await;
    assert!(page.body.contains("Subscription saved") && page.body.contains("Libya"), "{}", page.body);
    let stale = app
        .post_form("/alerts/subscription", &[("countries", "TUN"), ("delivery", "off"), ("version", "0")], Some(&s))
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("value=\"TUN\""));
    let (token, _) = token_for(&app, malta.id, "sub-malta").await;
    let now = app.api("GET", "/api/v1/alerts/subscription", None, Some(&token)).await.json();
    assert_eq!(now["countries"], serde_json::json!(["LBY"]));
    assert_eq!(now["delivery"], "inbox");
    let stale = app
        .api(
            "POST",
            "/api/v1/alerts/subscription",
            Some(serde_json::json!({"delivery": "off", "version": 0})),
            Some(&token),
        )
        .await;
    assert_eq!(stale.status, 409);
    let bad = app
        .api(
            "POST",
            "/api/v1/alerts/subscription",
            Some(serde_json::json!({"delivery": "sms", "version": 1})),
            Some(&token),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("delivery"), "{}", bad.body);
}
