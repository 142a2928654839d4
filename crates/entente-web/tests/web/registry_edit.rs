//! Registry editing by the alliance's staff, in the pages and the API: a nation added, membership
//! changes with partial dates, points of contact; refused input shown again in place with the
//! field named and what was typed kept, nothing half-written; delegations and analysts refused;
//! every change audited and shown at once by the public registry.

use entente_domain::access::Role;
use entente_domain::registry::edit::{self, NewNation};
use entente_testkit::{Session, TestApp};
use serde_json::json;

use crate::matrix::token_for;

/// The audit entries whose action starts with `action`, newest first, as a staff administrator reads them.
async fn audited(app: &TestApp, admin_token: &str, action: &str) -> Vec<serde_json::Value> {
    let r = app.api("GET", &format!("/api/v1/audit?action={action}&limit=50"), None, Some(admin_token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["items"].as_array().unwrap().clone()
}

fn french(s: &Session) -> Session {
    Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() }
}

#[tokio::test]
async fn staff_add_a_partner_nation_and_the_public_registry_shows_it_at_once() {
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let admin = app.user("re-admin", None, Role::StaffAdmin).await;
    let admin_token = token_for(&app, admin.id, "re-admin").await.0;

    // The overview offers the form to staff writers; the form has sensible defaults.
    assert!(app.get_as("/", &s).await.body.contains("href=\"/nations/new\""));
    assert!(!app.get("/").await.body.contains("href=\"/nations/new\""), "not to the public");
    let form = app.get_as("/nations/new", &s).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("<option value=\"PFP\" selected>"), "a partner state joining PfP by default");

    let before = app.get("/api/v1/nations/AND").await;
    assert_eq!(before.status, 404);
    let r = app
        .post_form(
            "/nations",
            &[
                ("code", "and"),
                ("name", "Andorra"),
                ("name_fr", "Andorre"),
                ("region", "Southern Europe"),
                ("framework", "PFP"),
                ("joined", "2024-05"),
                ("note", "added by hand"),
            ],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/nations/AND"));
    assert!(r.header("set-cookie").is_some_and(|c| c.contains("entente_notice=saved")), "a one-time notice");

    // At once, for everyone: the page, the API (the partial date kept), the overview, French.
    let page = app.get("/nations/AND").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Andorra") && page.body.contains("2024-05"), "{}", page.body);
    let api = app.get("/api/v1/nations/AND").await.json();
    assert_eq!(api["nation"]["kind"], "partner_state");
    assert_eq!(api["memberships"][0]["joined"], "2024-05");
    assert_eq!(api["memberships"][0]["framework"], "PFP");
    assert!(app.get("/").await.body.contains("/nations/AND"), "an active partner on the overview");
    assert!(app.get_with("/nations/AND", &[("cookie", "entente_lang=fr")]).await.body.contains("Andorre"));
    // Not before its first day: a partial date counts from the first day of its period.
    let earlier = app.get("/api/v1/nations/AND?as_of=2024-04-30").await.json();
    assert_eq!(earlier["nation"]["status"], "not_yet", "{earlier}");

    // Audited, with who did it and what was written.
    let created = audited(&app, &admin_token, "registry.nation.create").await;
    let entry = created.iter().find(|e| e["entity_id"] == "AND").expect("the nation's audit entry");
    assert_eq!(entry["actor"], "re-officer");
    assert_eq!(entry["after"]["name"], "Andorra");
    let joined = audited(&app, &admin_token, "registry.membership.joined").await;
    assert!(joined.iter().any(|e| e["after"]["nation"] == "AND"), "{joined:?}");

    // The same through the API: an organisation takes its kind from its framework.
    let token = token_for(&app, officer.id, "re-officer").await.0;
    let org = json!({ "code": "ASEAN", "name": "ASEAN", "framework": "ORG", "joined": "2025" });
    let r = app.api("POST", "/api/v1/nations", Some(org), Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["nation"]["kind"], "partner_org");
}

#[tokio::test]
async fn membership_changes_are_recorded_with_partial_dates() {
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let token = token_for(&app, officer.id, "re-officer").await.0;
    let admin = app.user("re-admin", None, Role::StaffAdmin).await;
    let admin_token = token_for(&app, admin.id, "re-admin").await.0;
    let change = |event: &str, date: &str| json!({ "event": event, "framework": "PFP", "date": date });

    // Austria: suspended in 2024, back in May 2025, gone on 15 January 2026.
    let r = app.api("POST", "/api/v1/nations/aut/memberships", Some(change("suspended", "2024")), Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["nation"]["status"], "suspended", "{}", r.body);
    let r = app.api("POST", "/api/v1/nations/AUT/memberships", Some(change("joined", "2025-05")), Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.api("POST", "/api/v1/nations/AUT/memberships", Some(change("left", "2026-01-15")), Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let timeline = app.get("/api/v1/nations/AUT/timeline").await.json();
    let events: Vec<(String, String)> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["date"].as_str().unwrap().to_string(), e["event"].as_str().unwrap().to_string()))
        .collect();
    let want = [("1995-02-10", "joined"), ("2024", "suspended"), ("2025-05", "joined"), ("2026-01-15", "left")];
    assert_eq!(events, want.map(|(d, e)| (d.to_string(), e.to_string())), "{timeline}");
    let status = |on: &str| {
        let app = &app;
        let on = on.to_string();
        async move { app.get(&format!("/api/v1/nations/AUT?as_of={on}")).await.json()["nation"]["status"].clone() }
    };
    assert_eq!(status("2023-12-31").await, "partner");
    assert_eq!(status("2024-01-01").await, "suspended");
    assert_eq!(status("2025-05-01").await, "partner");
    assert_eq!(status("2026-01-15").await, "former");
    for action in ["registry.membership.suspended", "registry.membership.joined", "registry.membership.left"] {
        let entries = audited(&app, &admin_token, action).await;
        assert!(entries.iter().any(|e| e["after"]["nation"] == "AUT" && e["actor"] == "re-officer"), "{action}");
    }
    let suspended = &audited(&app, &admin_token, "registry.membership.suspended").await[0];
    assert_eq!(suspended["before"]["period"]["left"], serde_json::Value::Null, "the period as it was");
    assert_eq!(suspended["after"]["period"]["left"], "2024");

    // From the page: Ireland leaves in May 2024; the nation's page shows it with the notice.
    let s = app.login(&officer).await;
    let edit = app.get_as("/nations/IRL/edit", &s).await;
    assert_eq!(edit.status, 200, "{}", edit.body);
    assert!(edit.body.contains("action=\"/nations/IRL/memberships\""));
    assert!(edit.body.contains("<option value=\"MD\" selected>"), "joining a framework it is not in, by default");
    let fr = app.get_as("/nations/IRL/edit", &french(&s)).await;
    assert!(fr.body.contains("Enregistrer le changement") && fr.body.contains("Ajouter un point de contact"));
    let r = app
        .post_form(
            "/nations/IRL/memberships",
            &[("event", "left"), ("framework", "PFP"), ("date", "2024-05")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/nations/IRL"));
    let shown = app.get_with("/nations/IRL", &[("cookie", &format!("{}; entente_notice=saved", s.cookie))]).await;
    assert!(shown.body.contains("Done: your change is saved."), "{}", shown.body);
    assert!(shown.body.contains("<time>2024-05</time>"), "the partial date as recorded");
    assert_eq!(app.get("/api/v1/nations/IRL").await.json()["nation"]["status"], "former");
}

#[tokio::test]
async fn a_refused_change_is_shown_again_in_place_and_nothing_is_written() {
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let token = token_for(&app, officer.id, "re-officer").await.0;
    let head = app.db.store.last_audit_seq().await.unwrap();
    let version = app.db.store.registry_version().await.unwrap();

    let typed = [
        ("code", "AND"),
        ("name", "Andorra"),
        ("name_fr", ""),
        ("region", "Southern Europe"),
        ("framework", "PFP"),
        ("joined", "2024-13"),
        ("note", "typed note"),
    ];
    let r = app.post_form("/nations", &typed, Some(&s)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("/logout"), "the signed-in layout");
    assert!(r.body.contains("Nothing was saved."), "{}", r.body);
    assert!(r.body.contains("Joined on: “2024-13” is not a date"), "the field named: {}", r.body);
    assert!(r.body.contains("id=\"joined-error\""), "the message beside the field");
    assert!(r.body.contains("aria-invalid=\"true\""));
    for kept in ["value=\"AND\"", "value=\"Andorra\"", "value=\"2024-13\"", "value=\"Southern Europe\"", ">typed note<"]
    {
        assert!(r.body.contains(kept), "{kept} kept: {}", r.body);
    }
    // In French, in words.
    let fr = app.post_form("/nations", &typed, Some(&french(&s))).await;
    assert_eq!(fr.status, 400);
    assert!(fr.body.contains("Entrée le : « 2024-13 » n’est pas une date"), "{}", fr.body);
    // A code already taken, a state without an ISO code.
    let taken = app
        .post_form(
            "/nations",
            &[("code", "UKR"), ("name", "Ukraine"), ("framework", "PFP"), ("joined", "2024")],
            Some(&s),
        )
        .await;
    assert_eq!(taken.status, 400);
    assert!(taken.body.contains("UKR is already in the registry."), "{}", taken.body);

    // A membership change that overlaps the open period: refused beside the date, typed kept.
    let r = app
        .post_form(
            "/nations/MLT/memberships",
            &[("event", "joined"), ("framework", "PFP"), ("date", "2024"), ("note", "again")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("This period of Malta in Partnership for Peace / Euro-Atlantic Partnership Council overlaps the one recorded from 2008-04-03."), "{}", r.body);
    assert!(r.body.contains("id=\"date-error\"") && r.body.contains("value=\"2024\"") && r.body.contains(">again<"));
    let nothing_open = app
        .post_form(
            "/nations/FIN/memberships",
            &[("event", "suspended"), ("framework", "PFP"), ("date", "2024")],
            Some(&s),
        )
        .await;
    assert_eq!(nothing_open.status, 400);
    assert!(
        nothing_open.body.contains(
            "Finland has no ongoing period in Partnership for Peace / Euro-Atlantic Partnership Council to end."
        ),
        "{}",
        nothing_open.body
    );
    let before_joining = app
        .post_form("/nations/AUT/memberships", &[("event", "left"), ("framework", "PFP"), ("date", "1990")], Some(&s))
        .await;
    assert_eq!(before_joining.status, 400);
    assert!(
        before_joining.body.contains("1990 is not after the start of the period (1995-02-10)."),
        "{}",
        before_joining.body
    );

    // A value typed at length is quoted short.
    let long = "X".repeat(5000);
    let r = app
        .post_form(
            "/nations",
            &[("code", &long), ("name", "Andorra"), ("framework", "PFP"), ("joined", "2024")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains(&format!("“{}…” is not a code", "X".repeat(60))), "{}", &r.body[..r.body.len().min(3000)]);
    // The API names the field too.
    let r = app
        .api(
            "POST",
            "/api/v1/nations",
            Some(json!({ "code": "AND", "name": " ", "framework": "NATOX", "joined": "2024" })),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let body = r.json();
    assert_eq!(body["code"], "invalid");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("Name: This field is required.") && message.contains("Framework: “NATOX” is not a framework"),
        "{message}"
    );
    let r = app
        .api(
            "POST",
            "/api/v1/nations/UKR/memberships",
            Some(json!({ "event": "rejoined", "framework": "PFP", "date": "2024" })),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("Change: "), "{}", r.body);
    assert_eq!(
        app.api(
            "POST",
            "/api/v1/nations/ZZZ/memberships",
            Some(json!({ "event": "left", "framework": "PFP", "date": "2024" })),
            Some(&token)
        )
        .await
        .status,
        404
    );

    // Nothing half-written: no audit entry, no new version of the registry, no nation.
    assert_eq!(app.db.store.last_audit_seq().await.unwrap(), head);
    assert_eq!(app.db.store.registry_version().await.unwrap(), version);
    assert_eq!(app.get("/api/v1/nations/AND").await.status, 404);
    assert_eq!(app.get("/api/v1/nations/MLT/timeline").await.json().as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_change_checked_on_an_older_registry_is_refused_whole() {
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let principal = app.db.store.account(officer.id).await.unwrap().principal();
    let scope = app.db.store.scoped(Some(&principal)).await.unwrap();
    let reg = scope.registry_now().await.unwrap();
    let roles: Vec<_> = reg.frameworks.iter().map(|f| (f.code.clone(), f.role)).collect();
    let new = NewNation {
        code: "AND".into(),
        name: "Andorra".into(),
        framework: "PFP".into(),
        joined: "2024".into(),
        ..NewNation::default()
    };
    let (permit, write) = edit::add_nation(&principal, &reg.network, &roles, &new).unwrap();
    // Another write to the registry commits after this change was checked.
    let token = token_for(&app, officer.id, "re-officer").await.0;
    let other = json!({ "event": "suspended", "framework": "PFP", "date": "2024" });
    assert_eq!(app.api("POST", "/api/v1/nations/AUT/memberships", Some(other), Some(&token)).await.status, 200);
    let head = app.db.store.last_audit_seq().await.unwrap();
    let refused = scope.write_network(permit, &write, reg.version).await;
    assert!(matches!(refused, Err(entente_store::StoreError::Conflict { .. })), "{refused:?}");
    assert_eq!(app.db.store.last_audit_seq().await.unwrap(), head);
    assert_eq!(app.get("/api/v1/nations/AND").await.status, 404);
}

#[tokio::test]
async fn points_of_contact_are_added_changed_and_removed() {
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let admin = app.user("re-admin", None, Role::StaffAdmin).await;
    let admin_token = token_for(&app, admin.id, "re-admin").await.0;
    let r = app
        .post_form(
            "/nations/MDA/contacts",
            &[
                ("name", "Ion Popescu"),
                ("role", "Defence attaché"),
                ("email", "ion@example.md"),
                ("audience", "all_partners"),
            ],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/nations/MDA/edit#contacts"));
    let moldova = app.user("re-moldova", Some("MDA"), Role::DelegationMember).await;
    let mda = app.login(&moldova).await;
    assert!(app.get_as("/nations/MDA", &mda).await.body.contains("Ion Popescu"), "released to all partners");
    assert!(!app.get("/nations/MDA").await.body.contains("Ion Popescu"), "not to the public");
    let token = token_for(&app, officer.id, "re-officer").await.0;
    let contacts = app.api("GET", "/api/v1/nations/MDA", None, Some(&token)).await.json()["contacts"].clone();
    let id = contacts.as_array().unwrap().iter().find(|c| c["name"] == "Ion Popescu").unwrap()["id"].as_i64().unwrap();

    // A refused change comes back in place with what was typed.
    let path = format!("/nations/MDA/contacts/{id}");
    let bad = app
        .post_form(&path, &[("name", "Ion Popescu"), ("email", "not-an-address"), ("phone", "+373 22")], Some(&s))
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("E-mail: “not-an-address” is not an e-mail address."), "{}", bad.body);
    assert!(bad.body.contains("value=\"not-an-address\"") && bad.body.contains("value=\"+373 22\""));
    let ok = app
        .post_form(&path, &[("name", "Ion Popescu"), ("role", "Attaché"), ("email", "ion@example.md")], Some(&s))
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/nations/MDA/contacts/{id}"),
            Some(json!({ "name": "I. Popescu", "phone": "+373 22 00 00" })),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["phone"], "+373 22 00 00");
    // The one text rule: a control character is refused, named, and nothing is stored.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/nations/MDA/contacts/{id}"),
            Some(json!({ "name": "I.\u{0}Popescu" })),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.json()["message"].as_str().unwrap().starts_with("Name: Character 3 (U+0000)"), "{}", r.body);
    // Another nation's contact is not this nation's.
    assert_eq!(app.post_form(&format!("/nations/UKR/contacts/{id}"), &[("name", "X")], Some(&s)).await.status, 404);
    let removed = app.post_form(&format!("{path}/remove"), &[], Some(&s)).await;
    assert_eq!(removed.status, 303);
    assert!(!app.get_as("/nations/MDA", &mda).await.body.contains("Popescu"));
    let id_text = id.to_string();
    for action in ["contact.create", "contact.update", "contact.delete"] {
        let entries = audited(&app, &admin_token, action).await;
        assert!(entries.iter().any(|e| e["entity_id"] == id_text.as_str()), "{action}: {entries:?}");
    }
}

#[tokio::test]
async fn delegations_and_analysts_get_no_editing() {
    let app = TestApp::demo().await;
    let lead = app.user("re-lead", Some("MLT"), Role::DelegationLead).await;
    let analyst = app.user("re-analyst", None, Role::Analyst).await;
    let mut callers = Vec::new();
    for user in [&lead, &analyst] {
        callers.push((app.login(user).await, token_for(&app, user.id, "re").await.0));
    }
    let head = app.db.store.last_audit_seq().await.unwrap();
    for (s, token) in &callers {
        let page = app.get_as("/nations/MLT", s).await;
        assert!(!page.body.contains("/nations/MLT/edit"), "no editing offered");
        assert!(!app.get_as("/", s).await.body.contains("/nations/new"));
        assert_eq!(app.get_as("/nations/MLT/edit", s).await.status, 403);
        let r = app
            .post_form(
                "/nations/MLT/memberships",
                &[("event", "left"), ("framework", "PFP"), ("date", "2024")],
                Some(s),
            )
            .await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains("/logout"), "the error page keeps the navigation");
        let body = json!({ "code": "AND", "name": "Andorra", "framework": "PFP", "joined": "2024" });
        let r = app.api("POST", "/api/v1/nations", Some(body), Some(token)).await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(r.json()["code"], "forbidden");
    }
    assert_eq!(app.db.store.last_audit_seq().await.unwrap(), head, "nothing written");
    assert_eq!(app.get("/api/v1/nations/MLT/timeline").await.json().as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn changes_sent_at_the_same_moment_are_all_recorded_none_lost() {
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let admin = app.user("re-admin", None, Role::StaffAdmin).await;
    let admin_token = token_for(&app, admin.id, "re-admin").await.0;
    let version = app.db.store.registry_version().await.unwrap();
    let base = app.serve().await;
    let client = entente_testkit::PortClient::new(&base);
    const NATIONS: [&str; 8] = ["AUT", "IRL", "CHE", "SRB", "BIH", "MDA", "ARM", "KAZ"];
    let mut tasks = Vec::new();
    for code in NATIONS {
        let (client, s) = (client.clone(), s.clone());
        tasks.push(tokio::spawn(async move {
            let fields = [("event", "suspended"), ("framework", "PFP"), ("date", "2024-03")];
            client.post_form(&format!("/nations/{code}/memberships"), &fields, &s).await
        }));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 303, "each change is checked again on the registry as it now is: {}", r.body);
    }
    for code in NATIONS {
        let n = app.get(&format!("/api/v1/nations/{code}?as_of=2024-06-01")).await.json();
        assert_eq!(n["nation"]["status"], "suspended", "{code}: {n}");
    }
    assert_eq!(app.db.store.registry_version().await.unwrap(), version + NATIONS.len() as i64);
    let entries = audited(&app, &admin_token, "registry.membership.suspended").await;
    assert_eq!(entries.len(), NATIONS.len(), "one audit entry per change");
}

#[tokio::test]
async fn search_follows_a_membership_change_at_once() {
    use entente_domain::access::Viewer;
    use entente_store::consultation::MeetingFilter;
    let app = TestApp::demo().await;
    let officer = app.user("re-officer", None, Role::StaffOfficer).await;
    let token = token_for(&app, officer.id, "re-officer").await.0;
    let staff = app.db.store.account(officer.id).await.unwrap().principal();
    let mlt_user = app.user("re-mlt", Some("MLT"), Role::DelegationMember).await;
    let mlt = app.db.store.account(mlt_user.id).await.unwrap().principal();
    let ukr_user = app.user("re-ukr", Some("UKR"), Role::DelegationMember).await;
    let ukr = app.db.store.account(ukr_user.id).await.unwrap().principal();
    crate::matrix::consultation_fixture(&app, &staff, &mlt, &ukr).await;
    app.reindex().await;
    // Meetings Malta may find, in the store and in the index.
    let found = |app: &TestApp| {
        let readers = entente_search::tokens::viewer_tokens(Viewer::User(&mlt));
        let keys = app.search.index().visible_keys(&readers).unwrap();
        keys.into_iter().filter(|(kind, _)| kind == entente_web::search::MEETING).count()
    };
    let mlt_scope_meetings = || {
        let mlt = mlt.clone();
        let store = app.db.store.clone();
        async move {
            let scope = store.scoped(Some(&mlt)).await.unwrap();
            scope.meetings(&MeetingFilter { limit: 500, ..Default::default() }).await.unwrap().len()
        }
    };
    let before = mlt_scope_meetings().await;
    assert!(before > 0);
    assert_eq!(found(&app), before);
    // Malta left the Partnership for Peace before those meetings: it sits in none of them now.
    let left = json!({ "event": "left", "framework": "PFP", "date": "2025" });
    assert_eq!(app.api("POST", "/api/v1/nations/MLT/memberships", Some(left), Some(&token)).await.status, 200);
    assert_eq!(mlt_scope_meetings().await, 0, "the store's rule");
    assert_eq!(found(&app), 0, "the search index follows at once: nothing Malta may no longer open is found");
}
