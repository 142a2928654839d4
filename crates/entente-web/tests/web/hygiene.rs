//! Text hygiene: every text a person types goes through one rule — no control character but a
//! line break or tab where lines are allowed, a length cap — and a refused text is a 400 that
//! names the field and the character, with nothing stored (both backends).

use entente_domain::access::{Affiliation, Role};
use entente_store::Actor;
use entente_store::accounts::NewAccount;
use entente_testkit::TestApp;

use crate::matrix::token_for;

#[tokio::test]
async fn a_nul_or_escape_in_a_report_is_refused_by_field_and_nothing_is_stored() {
    let app = TestApp::demo().await;
    let tunisia = app.user("hy-tunisia", Some("TUN"), Role::DelegationMember).await;
    let (tun, _) = token_for(&app, tunisia.id, "hy-tunisia").await;
    let count = |v: serde_json::Value| v.as_array().map(Vec::len).expect("a list of reports");
    let before = count(app.api("GET", "/api/v1/reports", None, Some(&tun)).await.json());
    let report = |description: &str, admin1: &str| {
        serde_json::json!({
            "category": "unrest", "country": "tun", "admin1": admin1, "occurred_on": "2026-11-02",
            "description": description, "audience": "staff",
        })
    };
    for (description, admin1, field, what) in [
        ("crowds\u{0}gathered", "Tunis", "description", "U+0000"),
        ("crowds \u{1b}[31mgathered", "Tunis", "description", "U+001B"),
        ("crowds gathered", "Tu\nnis", "admin1", "a line break"),
        ("crowds gathered", "Tunis\u{7f}", "admin1", "U+007F"),
    ] {
        let r = app.api("POST", "/api/v1/reports", Some(report(description, admin1)), Some(&tun)).await;
        assert_eq!(r.status, 400, "{description:?} {admin1:?}: {}", r.body);
        assert!(r.body.contains(field) && r.body.contains(what), "{field} {what}: {}", r.body);
    }
    let long = "x".repeat(8000 + 1);
    let r = app.api("POST", "/api/v1/reports", Some(report(&long, "Tunis")), Some(&tun)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("at most 8000"), "{}", r.body);
    assert_eq!(count(app.api("GET", "/api/v1/reports", None, Some(&tun)).await.json()), before, "nothing was stored");
    // Line breaks in a multi-line field are kept, CR LF as one line feed.
    let r = app.api("POST", "/api/v1/reports", Some(report("first line\r\nsecond\tline", "Tunis")), Some(&tun)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["description"], "first line\nsecond\tline");
}

#[tokio::test]
async fn account_names_and_addresses_follow_the_rule_in_the_store() {
    let app = TestApp::demo().await;
    let actor = Actor::system("test");
    let new = |display: &str, email: Option<&str>| NewAccount {
        username: "hy-someone".into(),
        display_name: display.into(),
        email: email.map(str::to_string),
        affiliation: Affiliation::Nation("MLT".parse().unwrap()),
        role: Role::DelegationMember,
        password_hash: "x".into(),
        must_change_password: true,
        demo: false,
    };
    for (display, email, says) in [
        ("Maria\u{0}Borg", None, "U+0000"),
        (&*"M".repeat(201), None, "at most 200"),
        ("Maria Borg", Some("maria borg@gov.mt"), "contains a space"),
        ("Maria Borg", Some("maria.borg"), "has no '@'"),
        ("Maria Borg", Some("maria@localhost"), "name@example.org"),
        ("Maria Borg", Some("maria@gov.mt\u{0}"), "U+0000"),
    ] {
        let err = app.db.store.create_account(&actor, new(display, email)).await.unwrap_err().to_string();
        assert!(err.contains(says), "{display:?} {email:?}: {err}");
    }
    assert!(app.db.store.account_by_username("hy-someone").await.unwrap().is_none(), "nothing was stored");
    let made = app.db.store.create_account(&actor, new("  Maria Borg ", Some(" maria.borg@gov.mt "))).await.unwrap();
    assert_eq!((made.display_name.as_str(), made.email.as_deref()), ("Maria Borg", Some("maria.borg@gov.mt")));
}
