//! After publication: a nation confirms its seats or gives some back; seats given back go at once
//! to the nation still waiting that holds the fewest seats, no other seat moves, the allocation is
//! reissued as a new version, and the nations concerned are told.

use entente_domain::access::Role;
use entente_testkit::TestApp;
use serde_json::{Value, json};

use crate::matrix::token_for;

fn day(n: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(n)).format("%Y-%m-%d").to_string()
}

fn activity(code: &str, seats: u32) -> Value {
    json!({
        "code": code, "title_en": format!("Course {code}"), "title_fr": format!("Cours {code}"),
        "aim_en": "Train staff.", "aim_fr": "Former le personnel.", "area": "CYB", "kind": "course",
        "institution": "NATO School Oberammergau", "start": day(40), "end": day(44), "location": "Tbilisi", "languages": ["en"],
        "seats": seats, "nation_cap": seats.min(2), "frameworks": ["PFP"], "nomination_deadline": day(20),
    })
}

#[tokio::test]
async fn seats_given_back_go_to_the_waiting_nation_holding_fewest_and_nothing_else_moves() {
    let app = TestApp::demo().await;
    let mut tokens = std::collections::BTreeMap::new();
    for (name, nation, role) in [
        ("seat-staff", None, Role::StaffOfficer),
        ("seat-geo", Some("GEO"), Role::DelegationMember),
        ("seat-geo-lead", Some("GEO"), Role::DelegationLead),
        ("seat-ukr", Some("UKR"), Role::DelegationMember),
        ("seat-arm", Some("ARM"), Role::DelegationMember),
    ] {
        let u = app.user(name, nation, role).await;
        tokens.insert(name, (token_for(&app, u.id, name).await.0, u));
    }
    let t = |name: &str| tokens[name].0.clone();
    let (staff, geo, ukr, arm) = (t("seat-staff"), t("seat-geo"), t("seat-ukr"), t("seat-arm"));
    let mut ids = Vec::new();
    for (code, seats) in [("SEAT-A", 2), ("SEAT-B", 2)] {
        let r = app.api("POST", "/api/v1/activities", Some(activity(code, seats)), Some(&staff)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let r = app
            .api("POST", &format!("/api/v1/activities/{id}/step"), Some(json!({ "step": "approve" })), Some(&staff))
            .await;
        assert_eq!(r.json()["status"], "published", "{}", r.body);
        ids.push(id);
    }
    let ask =
        |who: &str| json!({ "seats": 2, "priority": 1, "nominees": [format!("{who} one"), format!("{who} two")] });
    let mut req = std::collections::BTreeMap::new();
    for (name, token) in [("GEO", &geo), ("UKR", &ukr), ("ARM", &arm)] {
        let r = app
            .api("POST", &format!("/api/v1/activities/{}/seat-requests", ids[0]), Some(ask(name)), Some(token))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        req.insert(name, r.json()["id"].as_i64().unwrap());
    }
    // Ukraine also holds both seats of the second activity.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/activities/{}/seat-requests", ids[1]),
            Some(json!({ "seats": 2, "priority": 2 })),
            Some(&ukr),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let run = app
        .api(
            "POST",
            "/api/v1/allocations",
            Some(json!({ "title": "Reissue", "activities": ids, "seed": 3 })),
            Some(&staff),
        )
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    let run_id = run.json()["id"].as_i64().unwrap();
    let answer = |id: i64, body: Value, token: &str| {
        let token = token.to_string();
        let app = &app;
        async move { app.api("POST", &format!("/api/v1/seat-requests/{id}/answer"), Some(body), Some(&token)).await }
    };
    // Nothing to answer for before publication.
    let r = answer(req["GEO"], json!({ "answer": "confirm" }), &geo).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (400, Some("not_allocated")), "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/allocations/{run_id}/publish"), Some(json!({})), Some(&staff)).await;
    assert_eq!(r.json()["status"], "published", "{}", r.body);
    let granted = |run: &Value, request: i64| {
        run["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["request"] == request)
            .map(|l| l["granted"].as_u64().unwrap())
    };
    let full = app.api("GET", &format!("/api/v1/allocations/{run_id}"), None, Some(&staff)).await.json();
    // Leximin over the whole allocation: Ukraine holds two seats elsewhere, so the first
    // activity's two seats go to Georgia and Armenia.
    for (n, seats) in [("GEO", 1), ("ARM", 1), ("UKR", 0)] {
        assert_eq!(granted(&full, req[n]), Some(seats), "{n}: {full}");
    }

    // Confirm once; a second confirmation is refused; another nation may not answer.
    let r = answer(req["ARM"], json!({ "answer": "confirm" }), &arm).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["allocation"], run_id);
    let r = answer(req["ARM"], json!({ "answer": "confirm" }), &arm).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("already confirmed"), "{}", r.body);
    assert_eq!(answer(req["GEO"], json!({ "answer": "decline", "seats": 1 }), &ukr).await.status, 404);
    assert_eq!(answer(req["GEO"], json!({ "answer": "decline", "seats": 1 }), &staff).await.status, 403);
    let r = answer(req["GEO"], json!({ "answer": "decline", "seats": 2 }), &geo).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("seats:"), "{}", r.body);
    let r = answer(req["GEO"], json!({ "answer": "maybe" }), &geo).await;
    assert_eq!(r.status, 400);

    // Georgia gives its seat back: Armenia (1 seat held) gets it before Ukraine (2 held),
    // although Ukraine ranked the activity higher.
    let r = answer(req["GEO"], json!({ "answer": "decline", "seats": 1 }), &geo).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let next_id = r.json()["allocation"].as_i64().unwrap();
    assert_ne!(next_id, run_id);
    assert_eq!(r.json()["offered"], 1);
    let next = app.api("GET", &format!("/api/v1/allocations/{next_id}"), None, Some(&staff)).await.json();
    assert_eq!(next["status"], "published");
    assert_eq!(granted(&next, req["GEO"]), Some(0));
    assert_eq!(granted(&next, req["ARM"]), Some(2));
    assert_eq!(granted(&next, req["UKR"]), Some(0));
    let seats_b: Vec<u64> = next["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["activity"] == ids[1])
        .map(|l| l["granted"].as_u64().unwrap())
        .collect();
    assert_eq!(seats_b, vec![2], "no other seat moves");
    let old = app.api("GET", &format!("/api/v1/allocations/{run_id}"), None, Some(&staff)).await.json();
    assert_eq!(old["status"], "superseded");
    assert_eq!(granted(&old, req["GEO"]), Some(1), "the published version is kept as it was");
    // Armenia's new seat waits for its answer; it reads why in French, and nothing of Georgia.
    let mine = app.api("GET", "/api/v1/seat-requests", None, Some(&arm)).await.json();
    assert!(mine[0]["confirmed_at"].is_null(), "{mine}");
    let r = app
        .request(
            axum::http::Request::get(format!("/api/v1/allocations/{next_id}"))
                .header("authorization", format!("Bearer {arm}"))
                .header("accept-language", "fr")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("rendue par une autre nation"), "{}", r.body);
    assert!(!r.body.contains("GEO") && !r.body.contains("Georgia"), "{}", r.body);
    // Told: Armenia and Georgia's delegation (inbox and, with an address, e-mail) but not the
    // member who gave the seat back (nobody is told of their own answer); Ukraine not.
    let inbox = |token: &str| {
        let token = token.to_string();
        let app = &app;
        async move { app.api("GET", "/api/v1/inbox", None, Some(&token)).await.body }
    };
    assert!(inbox(&arm).await.contains("SEAT-A"), "Armenia is told of its new seat");
    assert!(inbox(&t("seat-geo-lead")).await.contains("SEAT-A"), "Georgia is told its seat went back");
    assert!(!inbox(&geo).await.contains("SEAT-A"), "not the member who gave it back");
    assert!(!inbox(&ukr).await.contains("SEAT-A"), "Ukraine's seats did not change");
    // Georgia holds nothing now: a further answer is refused.
    let r = answer(req["GEO"], json!({ "answer": "decline", "seats": 1 }), &geo).await;
    assert_eq!(r.status, 400, "{}", r.body);

    // In the pages: a refused answer is shown on the allocation with what was typed.
    let s_arm = app.login(&tokens["seat-arm"].1).await;
    let page = app.get_as(&format!("/allocations/{next_id}"), &s_arm).await;
    assert!(page.body.contains("Confirm the seats") && page.body.contains("Give back"), "{}", page.body);
    let r = app
        .post_form(
            &format!("/seat-requests/{}/answer", req["ARM"]),
            &[("allocation", &next_id.to_string()), ("op", "decline"), ("seats", "7")],
            Some(&s_arm),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Seats: must be from 1 to 2") && r.body.contains("value=\"7\""), "{}", r.body);
    let r = app
        .post_form(
            &format!("/seat-requests/{}/answer", req["ARM"]),
            &[("allocation", &next_id.to_string()), ("op", "confirm")],
            Some(&s_arm),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // A third version: Armenia gives one seat back; Georgia, which holds none now and still asks
    // for one of its two, is offered it before Ukraine (two seats held).
    // Each version reads as it was published: later versions store only the lines they change
    // and share the others.
    let r = answer(req["ARM"], json!({ "answer": "decline", "seats": 1 }), &arm).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let third_id = r.json()["allocation"].as_i64().unwrap();
    assert_eq!(r.json()["offered"], 1, "{}", r.body);
    for (id, status, seats) in
        [(run_id, "superseded", [1, 1, 0]), (next_id, "superseded", [0, 2, 0]), (third_id, "published", [1, 1, 0])]
    {
        let v = app.api("GET", &format!("/api/v1/allocations/{id}"), None, Some(&staff)).await.json();
        assert_eq!(v["status"], status, "{v}");
        assert_eq!(v["lines"].as_array().unwrap().len(), 4, "every request keeps one line: {v}");
        for (n, s) in ["GEO", "ARM", "UKR"].into_iter().zip(seats) {
            assert_eq!(granted(&v, req[n]), Some(s), "version {id}, {n}: {v}");
        }
        let b: Vec<&Value> = v["lines"].as_array().unwrap().iter().filter(|l| l["activity"] == ids[1]).collect();
        assert_eq!((b.len(), b[0]["granted"].as_u64()), (1, Some(2)), "version {id}: {v}");
    }
    // A nation reads only its own line of each version.
    let v = app.api("GET", &format!("/api/v1/allocations/{third_id}"), None, Some(&ukr)).await.json();
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{v}");
    assert!(lines.iter().all(|l| l["nation"] == "UKR"), "{v}");
}
