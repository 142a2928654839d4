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
    assert!(empty.body.contains("Reason: is empty") && empty.body.contains("role=\"alert\""), "shown in place");
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

#[tokio::test]
async fn a_report_tunisia_restricts_counts_for_tunisia_and_staff_and_norway_sees_only_the_open_data_alert() {
    let app = TestApp::demo().await;
    app.with_event_history().await;
    let tunisia = app.user("wr-tunisia", Some("TUN"), Role::DelegationMember).await;
    let norway = app.user("wr-norway", Some("NOR"), Role::DelegationMember).await;
    let staff = app.user("wr-staff", None, Role::StaffOfficer).await;
    let (tun, nor, stf) = (
        token_for(&app, tunisia.id, "wr-tunisia").await.0,
        token_for(&app, norway.id, "wr-norway").await.0,
        token_for(&app, staff.id, "wr-staff").await.0,
    );
    let today = chrono::Utc::now().date_naive();
    let week = entente_warning::alert::last_complete_week(entente_warning::date::Day::from(today));
    let monday = entente_warning::date::Day::monday_of_week_index(week);
    let body = serde_json::json!({
        "category": "unrest", "country": "tun", "admin1": "Tunis", "occurred_on": monday.to_string(),
        "description": "SECRET-TUNIS: organisers seen arriving from abroad.", "audience": "staff",
    });
    let filed = app.api("POST", "/api/v1/reports", Some(body), Some(&tun)).await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    let id = filed.json()["id"].as_i64().unwrap();
    assert_eq!(filed.json()["status"], "new");
    // Norway may not open it, and is told nothing of it.
    assert_eq!(app.api("GET", &format!("/api/v1/reports/{id}"), None, Some(&nor)).await.status, 404);
    assert!(!app.api("GET", "/api/v1/reports", None, Some(&nor)).await.body.contains("SECRET-TUNIS"));
    // Staff verify it: detection runs and the alerts counting it appear.
    let before = app.api("GET", "/api/v1/alerts?country=TUN", None, Some(&stf)).await.json()["total"].as_u64().unwrap();
    let r = app
        .api("POST", &format!("/api/v1/reports/{id}/step"), Some(serde_json::json!({"step": "verify"})), Some(&stf))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let staff_view = app.api("GET", "/api/v1/alerts?country=TUN", None, Some(&stf)).await.json();
    let with_reports: Vec<i64> = staff_view["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["basis"] == "reports")
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert!(!with_reports.is_empty(), "{staff_view}");
    assert!(staff_view["total"].as_u64().unwrap() > before);
    let tun_view = app.api("GET", "/api/v1/alerts?country=TUN", None, Some(&tun)).await.json();
    assert_eq!(tun_view["total"], staff_view["total"], "Tunisia sees what its report raised");
    let nor_view = app.api("GET", "/api/v1/alerts?country=TUN", None, Some(&nor)).await.json();
    assert_eq!(nor_view["total"].as_u64().unwrap(), before, "Norway sees the open-data alerts only");
    assert!(nor_view["items"].as_array().unwrap().iter().all(|a| a["basis"] == "open"));
    for a in &with_reports {
        assert_eq!(app.api("GET", &format!("/api/v1/alerts/{a}"), None, Some(&nor)).await.status, 404);
        assert_eq!(app.api("GET", &format!("/api/v1/alerts/{a}"), None, Some(&tun)).await.status, 200);
    }
    // The alert page names the report it counts, for those who may see it.
    let s = app.login(&tunisia).await;
    let page = app.get_as(&format!("/alerts/{}", with_reports[0]), &s).await;
    assert!(page.body.contains(&format!("/reports/{id}")), "the counted report is linked");
    // Tunisia's delegation was told of the verification.
    let inbox = app.api("GET", "/api/v1/inbox", None, Some(&tun)).await;
    assert!(inbox.body.contains("verified") || inbox.body.contains("vérifié"), "{}", inbox.body);

    // A refused report form is shown again with what was typed.
    let r = app
        .post_form(
            "/reports",
            &[
                ("category", "unrest"),
                ("country", "Tunisia"),
                ("occurred_on", "2024-05-01"),
                ("description", "Kept text 123"),
            ],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Country:") && r.body.contains("ISO 3166"), "the message names the field: {}", r.body);
    assert!(r.body.contains("Kept text 123") && r.body.contains("role=\"alert\""));
}

#[tokio::test]
async fn from_an_alert_tunisia_files_a_request_and_the_staff_draft_a_meeting_each_linked_back() {
    let app = TestApp::demo().await;
    app.with_event_history().await;
    let tunisia = app.user("wc-tunisia", Some("TUN"), Role::DelegationMember).await;
    let norway = app.user("wc-norway", Some("NOR"), Role::DelegationMember).await;
    let staff = app.user("wc-staff", None, Role::StaffOfficer).await;
    let (tun, nor, stf) = (
        token_for(&app, tunisia.id, "wc-tunisia").await.0,
        token_for(&app, norway.id, "wc-norway").await.0,
        token_for(&app, staff.id, "wc-staff").await.0,
    );
    let list = app.api("GET", "/api/v1/alerts?country=TUN&country_level=1", None, Some(&tun)).await.json();
    let items = list["items"].as_array().unwrap();
    let (first, second) = (items[0]["id"].as_i64().unwrap(), items[1]["id"].as_i64().unwrap());
    let detail = app.api("GET", &format!("/api/v1/alerts/{first}"), None, Some(&tun)).await.json();
    assert!(detail["actions"].as_array().unwrap().iter().any(|a| a == "consult"), "{detail}");
    let nor_detail = app.api("GET", &format!("/api/v1/alerts/{first}"), None, Some(&nor)).await.json();
    assert!(nor_detail["actions"].as_array().unwrap().is_empty(), "Norway is not the affected country");
    let refused =
        app.api("POST", &format!("/api/v1/alerts/{first}/consult"), Some(serde_json::json!({})), Some(&nor)).await;
    assert_eq!(refused.status, 403);

    // Tunisia's delegation files a request from the page: the request page links back.
    let s = app.login(&tunisia).await;
    let page = app.get_as(&format!("/alerts/{first}"), &s).await;
    assert!(page.body.contains(&format!("action=\"/alerts/{first}/consult\"")));
    let r = app
        .post_form(
            &format!("/alerts/{first}/consult"),
            &[("basis", "other"), ("threat", "Unrest in Tunis spreading.")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let to = r.header("location").unwrap().to_string();
    assert!(to.starts_with("/requests/"), "{to}");
    let request_page = app.get_as(&to, &s).await;
    assert!(request_page.body.contains(&format!("href=\"/alerts/{first}\"")), "the request page shows the alert");
    let a = app.api("GET", &format!("/api/v1/alerts/{first}"), None, Some(&tun)).await.json();
    assert_eq!(a["alert"]["state"], "escalated");
    assert_eq!(a["alert"]["request_id"].as_i64(), to.trim_start_matches("/requests/").parse().ok());
    assert!(a["alert"]["escalated_at"].is_string());
    // Once escalated, it is not proposed again.
    let again =
        app.api("POST", &format!("/api/v1/alerts/{first}/consult"), Some(serde_json::json!({})), Some(&tun)).await;
    assert_eq!(again.status, 400, "{}", again.body);

    // The staff draft a meeting on another alert, with Tunisia and its regional partners seated.
    let m = app.api("POST", &format!("/api/v1/alerts/{second}/consult"), Some(serde_json::json!({})), Some(&stf)).await;
    assert_eq!(m.status, 200, "{}", m.body);
    let meeting = m.json()["meeting"].as_i64().unwrap();
    let got = app.api("GET", &format!("/api/v1/meetings/{meeting}"), None, Some(&stf)).await;
    assert_eq!(got.status, 200);
    assert!(got.body.contains("TUN"), "the affected partner sits: {}", got.body);
    // A stale version is refused before anything is made.
    let stale = app
        .api(
            "POST",
            &format!("/api/v1/alerts/{}/consult", items[2]["id"]),
            Some(serde_json::json!({"version": 99})),
            Some(&stf),
        )
        .await;
    assert_eq!(stale.status, 409);
}

#[tokio::test]
async fn staff_read_the_back_test_and_set_a_threshold_within_its_range_which_detection_then_uses() {
    let app = TestApp::demo().await;
    let staff = app.user("wk-staff", None, Role::StaffOfficer).await;
    let analyst = app.user("wk-analyst", None, Role::Analyst).await;
    let malta = app.user("wk-malta", Some("MLT"), Role::DelegationLead).await;
    let (stf, ana, mlt) = (
        token_for(&app, staff.id, "wk-staff").await.0,
        token_for(&app, analyst.id, "wk-analyst").await.0,
        token_for(&app, malta.id, "wk-malta").await.0,
    );
    let c = app.api("GET", "/api/v1/calibration", None, Some(&ana)).await;
    assert_eq!(c.status, 200, "{}", c.body);
    let c = c.json();
    assert!(c["backtest"].as_array().unwrap().len() > 40);
    let nb = c["thresholds"].as_array().unwrap().iter().find(|t| t["detector"] == "nb_glr").unwrap().clone();
    assert_eq!((nb["threshold"].as_f64(), nb["set_by_staff"].as_bool()), (Some(6.0), Some(false)));
    assert_eq!(app.api("GET", "/api/v1/calibration", None, Some(&mlt)).await.status, 403);
    let set = |v: f64, token: String| {
        let app = &app;
        async move {
            app.api(
                "POST",
                "/api/v1/calibration/thresholds",
                Some(serde_json::json!({"detector": "nb_glr", "threshold": v})),
                Some(&token),
            )
            .await
        }
    };
    assert_eq!(set(4.0, ana.clone()).await.status, 403, "analysts read, they do not set");
    let out = set(42.0, stf.clone()).await;
    assert_eq!(out.status, 400);
    assert!(out.json()["message"].as_str().unwrap().contains("outside the back-tested range 3 to 10"), "{}", out.body);
    let ok = set(4.0, stf.clone()).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let nb = ok.json()["thresholds"].as_array().unwrap().iter().find(|t| t["detector"] == "nb_glr").unwrap().clone();
    assert_eq!((nb["threshold"].as_f64(), nb["set_by_staff"].as_bool()), (Some(4.0), Some(true)));
    // Detection runs at the threshold in force.
    app.with_small_event_history().await;
    let alerts = app.api("GET", "/api/v1/alerts?detector=nb_glr", None, Some(&stf)).await.json();
    assert!(
        alerts["items"].as_array().unwrap().iter().filter(|a| a["detector"] == "nb_glr").all(|a| a["threshold"] == 4.0),
        "{alerts}"
    );
    // The page, in French, for staff; the change is in the audit log.
    let s = app.login(&staff).await;
    let page = app.get_with("/calibration", &[("cookie", &s.cookie), ("accept-language", "fr")]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Calibrage des détecteurs") && page.body.contains("(fixé par le secrétariat)"));
    let admin = app.user("wk-admin", None, Role::StaffAdmin).await;
    let adm = token_for(&app, admin.id, "wk-admin").await.0;
    let audit = app.api("GET", "/api/v1/audit?action=threshold.", None, Some(&adm)).await;
    assert!(audit.body.contains("threshold.set"), "{}", audit.body);
}

#[tokio::test]
async fn a_refused_report_form_speaks_the_readers_language() {
    let app = TestApp::demo().await;
    let tunisia = app.user("wr-fr-tunisia", Some("TUN"), Role::DelegationMember).await;
    let s = app.login(&tunisia).await;
    let fr = entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() };
    let r = app
        .post_form(
            "/reports",
            &[
                ("category", "unrest"),
                ("country", "Tunisia"),
                ("occurred_on", "2024-05-01"),
                ("description", "Kept text 456"),
            ],
            Some(&fr),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Pays : « Tunisia » n"), "the field by its French label: {}", r.body);
    assert!(r.body.contains("est pas un code ISO 3166 alpha-3"), "{}", r.body);
    assert!(r.body.contains("Kept text 456") && r.body.contains("role=\"alert\""), "{}", r.body);
    // A date in the future: the domain's rule, in French too.
    let r = app
        .post_form(
            "/reports",
            &[("category", "unrest"), ("country", "TUN"), ("occurred_on", "2999-01-01"), ("description", "Later")],
            Some(&fr),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Survenu le : est dans le futur"), "{}", r.body);
}

/// A multipart request carrying one file (and the report's version when given), as a page form
/// (session and CSRF token) or through the API (bearer token).
fn document_upload(
    path: &str,
    name: &str,
    content: &[u8],
    version: Option<i64>,
    auth: (&str, &str),
) -> axum::http::Request<axum::body::Body> {
    let boundary = "r3port";
    let mut bytes = Vec::new();
    if let Some(v) = version {
        bytes.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    bytes.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    axum::http::Request::post(path)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header(auth.0, auth.1)
        .body(axum::body::Body::from(bytes))
        .unwrap()
}

#[tokio::test]
async fn a_report_carries_documents_its_readers_read_and_only_its_filers_and_staff_add_while_it_is_open() {
    let app = TestApp::demo().await;
    let tunisia = app.user("rd-tunisia", Some("TUN"), Role::DelegationMember).await;
    let norway = app.user("rd-norway", Some("NOR"), Role::DelegationMember).await;
    let staff = app.user("rd-staff", None, Role::StaffOfficer).await;
    let (tun, nor, stf) = (
        token_for(&app, tunisia.id, "rd-tunisia").await.0,
        token_for(&app, norway.id, "rd-norway").await.0,
        token_for(&app, staff.id, "rd-staff").await.0,
    );
    let body = serde_json::json!({
        "category": "arms_trafficking", "country": "LBY", "occurred_on": "2026-11-02",
        "description": "Crates moved at night.", "audience": "staff",
    });
    let filed = app.api("POST", "/api/v1/reports", Some(body), Some(&tun)).await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    let id = filed.json()["id"].as_i64().unwrap();
    let bearer = |t: &str| format!("Bearer {t}");

    // Tunisia attaches a photograph through the API; the type comes from the bytes.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let path = format!("/api/v1/reports/{id}/attachments");
    let r = app.request(document_upload(&path, "harbour.png", png, None, ("authorization", &bearer(&tun)))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let doc = r.json();
    assert_eq!((doc["name"].as_str(), doc["content_type"].as_str()), (Some("harbour.png"), Some("image/png")));
    assert_eq!(doc["author_nation"], "TUN");
    let href = doc["href"].as_str().unwrap().to_string();
    // A file that is not what its name says is refused, naming it.
    let r = app.request(document_upload(&path, "brief.pdf", b"MZ\x90\0", None, ("authorization", &bearer(&tun)))).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().contains("brief.pdf: not an accepted document"), "{}", r.body);
    // Norway may neither read the report's documents nor add one: the report is missing to it.
    assert_eq!(app.api("GET", &href, None, Some(&nor)).await.status, 404);
    let r = app.request(document_upload(&path, "n.txt", b"note", None, ("authorization", &bearer(&nor)))).await;
    assert_eq!(r.status, 404, "{}", r.body);
    // Tunisia and the staff read it back, with its type and name.
    for t in [&tun, &stf] {
        let file = app.api("GET", &href, None, Some(t)).await;
        assert_eq!(file.status, 200);
        assert_eq!(file.header("content-type"), Some("image/png"));
        assert!(file.header("content-disposition").unwrap().contains("harbour.png"));
    }
    let detail = app.api("GET", &format!("/api/v1/reports/{id}"), None, Some(&tun)).await.json();
    assert_eq!(detail["attachments"].as_array().unwrap().len(), 1, "{detail}");
    assert_eq!(detail["may_attach"], true);

    // The page lists the document and offers the form to the filer; a refusal is shown in place.
    let s_tun = app.login(&tunisia).await;
    let page = app.get_as(&format!("/reports/{id}"), &s_tun).await;
    assert!(page.body.contains(&format!("/reports/{id}/attachments/")) && page.body.contains("harbour.png"));
    assert!(page.body.contains("enctype=\"multipart/form-data\""), "the filer may add documents");
    let version = detail["report"]["version"].as_i64();
    let form = format!("/reports/{id}/attachments?csrf={}", s_tun.csrf);
    let r = app.request(document_upload(&form, "x.pdf", b"not a pdf", version, ("cookie", &s_tun.cookie))).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("x.pdf: not an accepted document") && r.body.contains("role=\"alert\""), "{}", r.body);
    let r = app.request(document_upload(&form, "notes.txt", b"Seen twice.", version, ("cookie", &s_tun.cookie))).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A form read before that document is a conflict: nothing is added twice.
    let r = app.request(document_upload(&form, "again.txt", b"Again.", version, ("cookie", &s_tun.cookie))).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let admin = app.user("rd-admin", None, Role::StaffAdmin).await;
    let s_admin = app.login(&admin).await;
    let audit = app.get_as("/api/v1/audit?action=report.document_added", &s_admin).await.json();
    assert_eq!(audit["items"].as_array().unwrap().len(), 2, "each document added is audited once: {audit}");

    // Once verified, the report is settled: no document is added, and the page offers none.
    let r = app
        .api("POST", &format!("/api/v1/reports/{id}/step"), Some(serde_json::json!({"step": "verify"})), Some(&stf))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.request(document_upload(&path, "late.txt", b"Late.", None, ("authorization", &bearer(&tun)))).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("this one is verified"), "{}", r.body);
    let page = app.get_as(&format!("/reports/{id}"), &s_tun).await;
    assert!(!page.body.contains("enctype=\"multipart/form-data\""), "nothing to add to a settled report");
    assert!(page.body.contains("notes.txt") && page.body.contains("harbour.png"));
}

#[tokio::test]
async fn a_verified_report_of_an_imported_incident_is_counted_once_and_shows_both_provenances() {
    let app = TestApp::demo().await;
    assert!(app.with_small_event_history().await > 0);
    let staff = app.user("fu-staff", None, Role::StaffOfficer).await;
    let stf = token_for(&app, staff.id, "fu-staff").await.0;
    // The surge in Mopti, Mali, on open data: its week and category.
    let open = app.api("GET", "/api/v1/alerts?country=MLI", None, Some(&stf)).await.json();
    let surge =
        open["items"].as_array().unwrap().iter().find(|a| a["admin1"] == "Mopti").expect("a Mopti alert").clone();
    let (category, monday) = (surge["category"].as_str().unwrap(), surge["week_start"].as_str().unwrap());
    let sunday_before =
        (chrono::NaiveDate::parse_from_str(monday, "%Y-%m-%d").unwrap() - chrono::Duration::days(1)).to_string();
    // Staff report the Monday's attack, which ACLED holds, and one on the Sunday before, which it
    // does not; both are verified.
    let mut ids = Vec::new();
    for day in [monday.to_string(), sunday_before] {
        let body = serde_json::json!({
            "category": category, "country": "MLI", "admin1": "Mopti", "occurred_on": day,
            "description": "An IED on the road.", "audience": "staff",
        });
        let filed = app.api("POST", "/api/v1/reports", Some(body), Some(&stf)).await;
        assert_eq!(filed.status, 200, "{}", filed.body);
        let id = filed.json()["id"].as_i64().unwrap();
        let step = serde_json::json!({"step": "verify"});
        let r = app.api("POST", &format!("/api/v1/reports/{id}/step"), Some(step), Some(&stf)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        ids.push(id);
    }
    let all = app.api("GET", "/api/v1/alerts?country=MLI", None, Some(&stf)).await.json();
    let same = |basis: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["basis"] == basis
                    && a["admin1"] == "Mopti"
                    && a["detector"] == surge["detector"]
                    && a["week_start"] == surge["week_start"]
            })
            .cloned()
            .unwrap_or_else(|| panic!("a {basis} alert for the surge: {all}"))
    };
    let (open_alert, reported) = (same("open"), same("reports"));
    // The fused report adds nothing to the surge week's count: the incident is counted once.
    assert_eq!(reported["observed"], open_alert["observed"], "{reported}");
    let detail = app.api("GET", &format!("/api/v1/alerts/{}", reported["id"]), None, Some(&stf)).await.json();
    let fusions = detail["report_fusions"].as_array().unwrap();
    assert_eq!(fusions.len(), 1, "only the Monday's report describes an imported incident: {detail}");
    assert_eq!(fusions[0]["report"], ids[0]);
    let sources: Vec<&str> = fusions[0]["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(!sources.is_empty() && sources.iter().all(|s| s.starts_with("acled:TEST")), "{sources:?}");
    assert!(fusions[0]["confidence"].as_f64().unwrap() >= 0.6);
    // Both provenances show: a contributing event the report describes names it.
    for e in detail["alert"]["top_events"].as_array().unwrap() {
        let key = format!("{}:{}", e["source"].as_str().unwrap(), e["source_id"].as_str().unwrap());
        let names_report =
            e["also_reported_by"].as_array().unwrap().contains(&serde_json::json!(format!("report:{}", ids[0])));
        assert_eq!(names_report, sources.contains(&key.as_str()), "{e}");
    }
    let s = app.login(&staff).await;
    let page = app.get_as(&format!("/alerts/{}", reported["id"]), &s).await;
    assert!(page.body.contains("Describes an incident the imported data hold already"), "{}", page.body);
    assert!(page.body.contains(sources[0]), "the imported record is named on the page");
    assert!(page.body.contains("An incident no imported record describes"), "the Sunday's report is its own incident");
}
