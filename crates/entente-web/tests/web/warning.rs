//! Joint detection in the product: the demo's synthetic event history raises alerts that every
//! signed-in account lists (with a map), filters and opens; staff move them, with the refused step
//! shown in place and a stale one refused.

use entente_domain::access::Role;
use entente_testkit::TestApp;

use crate::matrix::token_for;

#[tokio::test]
async fn alerts_from_the_demo_history_are_listed_filtered_opened_and_moved_by_staff() {
    let app = TestApp::demo().await;
    let seeded = app.with_event_history().await;
    assert_eq!(seeded.files, 3);
    assert!(seeded.alerts >= 9, "surges in Mopti, Tunis and Donetsk: {seeded:?}");
    let tunisia = app.user("wa-tunisia", Some("TUN"), Role::DelegationMember).await;
    let token = token_for(&app, tunisia.id, "wa-tunisia").await.0;

    // The API: every signed-in account sees open-data alerts, with their explanation.
    let all = app.api("GET", "/api/v1/alerts", None, Some(&token)).await;
    assert_eq!(all.status, 200, "{}", all.body);
    let all = all.json();
    assert_eq!(all["total"].as_u64().unwrap() as usize, seeded.alerts);
    let countries: Vec<&str> =
        all["open_by_country"].as_array().unwrap().iter().map(|p| p[0].as_str().unwrap()).collect();
    assert_eq!(countries, ["MLI", "TUN", "UKR"]);
    let mali = app.api("GET", "/api/v1/alerts?country=mli&category=terrorism&limit=2", None, Some(&token)).await.json();
    assert_eq!(mali["items"].as_array().unwrap().len(), 2);
    assert!(mali["next_cursor"].is_string());
    let first = &mali["items"][0];
    assert_eq!((first["country"].as_str(), first["state"].as_str()), (Some("MLI"), Some("new")));
    assert!(first["why"].as_str().unwrap().contains("Mali"), "{first}");
    let next = mali["next_cursor"].as_str().unwrap();
    let page2 = app
        .api("GET", &format!("/api/v1/alerts?country=MLI&category=terrorism&limit=2&cursor={next}"), None, Some(&token))
        .await
        .json();
    assert_ne!(page2["items"][0]["id"], first["id"]);
    // Region and framework: the Sahel holds Mali; the Mediterranean Dialogue holds Tunisia only.
    let md = app.api("GET", "/api/v1/alerts?framework=MD", None, Some(&token)).await.json();
    assert!(md["items"].as_array().unwrap().iter().all(|a| a["country"] == "TUN"), "{md}");
    assert!(md["total"].as_u64().unwrap() > 0);
    for (q, field) in [
        ("country=Mali", "country"),
        ("category=piracy", "category"),
        ("state=closed", "state"),
        ("region=ATLANTIS", "region"),
        ("framework=XYZ", "framework"),
    ] {
        let r = app.api("GET", &format!("/api/v1/alerts?{q}"), None, Some(&token)).await;
        assert_eq!(r.status, 400, "{q}: {}", r.body);
        assert!(r.json()["message"].as_str().unwrap().starts_with(field), "{q}: {}", r.body);
    }
    let id = first["id"].as_i64().unwrap();
    let one = app.api("GET", &format!("/api/v1/alerts/{id}"), None, Some(&token)).await.json();
    assert_eq!(one["series"].as_array().unwrap().len(), 26);
    assert_eq!(one["series"][25]["events"].as_f64(), one["alert"]["observed"].as_f64());
    assert_eq!(one["actions"].as_array().unwrap().len(), 0, "a delegation reads, it does not move an alert");
    let refused = app
        .api(
            "POST",
            &format!("/api/v1/alerts/{id}/step"),
            Some(serde_json::json!({"action": "acknowledge"})),
            Some(&token),
        )
        .await;
    assert_eq!(refused.status, 403);

    // The pages, in French: the map links the countries with open alerts, the alert page draws
    // its series.
    let s = app.login(&tunisia).await;
    let fr = |path: String| {
        let (app, cookie) = (&app, s.cookie.clone());
        async move { app.get_with(&path, &[("cookie", &cookie), ("accept-language", "fr")]).await }
    };
    let list = fr("/alerts".into()).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Alertes sur les défis de sécurité"), "{}", &list.body[..400]);
    assert!(list.body.contains(r#"<a href="/alerts?country=MLI""#), "the map links Mali");
    assert!(list.body.contains("class=\"world-map\""));
    assert!(!list.body.contains("Run detection now") && !list.body.contains("Lancer la détection"));
    let page = fr(format!("/alerts/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Événements par semaine dans cette cellule") && page.body.contains("<svg"));
    assert!(!page.body.contains("/step\""), "no step form for a delegation");

    // Staff: acknowledge; dismiss without a reason is refused in place; with one it is kept.
    let staff = app.user("wa-staff", None, Role::StaffOfficer).await;
    let st = app.login(&staff).await;
    let page = app.get_as(&format!("/alerts/{id}"), &st).await;
    assert!(page.body.contains(r#"name="action" value="acknowledge""#));
    let r =
        app.post_form(&format!("/alerts/{id}/step"), &[("action", "acknowledge"), ("version", "0")], Some(&st)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let stale = app
        .post_form(
            &format!("/alerts/{id}/step"),
            &[("action", "dismiss"), ("reason", "x"), ("version", "0")],
            Some(&st),
        )
        .await;
    assert_eq!(stale.status, 409, "a step from a stale page is refused");
    let empty = app
        .post_form(
            &format!("/alerts/{id}/step"),
            &[("action", "dismiss"), ("reason", "  "), ("version", "1")],
            Some(&st),
        )
        .await;
    assert_eq!(empty.status, 400);
    assert!(empty.body.contains("reason: is empty") && empty.body.contains("role=\"alert\""), "shown in place");
    let r = app
        .post_form(
            &format!("/alerts/{id}/step"),
            &[("action", "dismiss"), ("reason", "Market-day protests <b>"), ("version", "1")],
            Some(&st),
        )
        .await;
    assert_eq!(r.status, 303);
    let one = app.api("GET", &format!("/api/v1/alerts/{id}"), None, Some(&token)).await.json();
    assert_eq!(
        (one["alert"]["state"].as_str(), one["alert"]["reason"].as_str()),
        (Some("dismissed"), Some("Market-day protests <b>"))
    );
    let page = app.get_as(&format!("/alerts/{id}"), &st).await;
    assert!(
        page.body.contains("Market-day protests ")
            && !page.body.contains("protests <b>")
            && page.body.contains(r#"value="reopen""#)
    );
    // Dismissed alerts leave the map's open counts.
    let open = app.api("GET", "/api/v1/alerts?state=open", None, Some(&token)).await.json();
    assert_eq!(open["total"].as_u64().unwrap() as usize, seeded.alerts - 1);

    // Detection on demand: the same week again finds nothing new.
    let run = app.post_form("/alerts/detect", &[], Some(&st)).await;
    assert_eq!(run.status, 200);
    assert!(
        run.body.contains(&format!("{} alerts in the last complete week, 0 of them new", seeded.alerts)),
        "{}",
        run.body
    );
    // Anonymous callers are sent to sign in; the API answers 401.
    assert_eq!(app.get("/alerts").await.status, 303);
    assert_eq!(app.get("/api/v1/alerts").await.status, 401);
}
