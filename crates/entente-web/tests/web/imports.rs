//! Event-data imports from the web: staff send a file from the imports page or the API; it is
//! received to disk, imported in the background with its progress on the list, and detection
//! runs after it. A file sent twice, an empty or oversized file, an unknown format and a caller
//! who may not import are refused in place, with nothing recorded.

use std::time::Duration;

use entente_domain::access::Role;
use entente_testkit::{Session, TestApp, TestResponse, small_acled_history};

const BOUNDARY: &str = "entente-test-boundary";

fn multipart(file: Option<(&str, &[u8])>, format: &str) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n{format}\r\n").as_bytes(),
    );
    let (name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn send_page(app: &TestApp, s: &Session, body: Vec<u8>) -> TestResponse {
    let req = axum::http::Request::post(format!("/imports?csrf={}", s.csrf))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("cookie", &s.cookie)
        .body(axum::body::Body::from(body))
        .unwrap();
    app.request(req).await
}

async fn send_api(app: &TestApp, token: &str, body: Vec<u8>) -> TestResponse {
    let req = axum::http::Request::post("/api/v1/imports")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    app.request(req).await
}

/// Wait until import `id` has finished, and return it.
async fn finished(app: &TestApp, token: &str, id: i64) -> serde_json::Value {
    for _ in 0..600 {
        let r = app.api("GET", &format!("/api/v1/imports/{id}"), None, Some(token)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        if v["state"] != "running" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish in 30 s");
}

/// The newest audit actions, oldest first.
async fn audit_actions(app: &TestApp) -> Vec<String> {
    let admin = app.user("imp-admin", None, Role::StaffAdmin).await;
    let token = app.api_token(admin.id, "audit").await.0;
    let page = app.api("GET", "/api/v1/audit?limit=50", None, Some(&token)).await.json();
    let mut out: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    out.reverse();
    out
}

#[tokio::test]
async fn staff_import_a_file_from_the_page_and_follow_it_to_the_alerts_it_raises() {
    let app = TestApp::demo().await;
    let officer = app.user("imp-officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let token = app.api_token(officer.id, "imports").await.0;
    let file = small_acled_history();

    let form = app.get_as("/imports", &s).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("name=\"format\""));

    let r = send_page(&app, &s, multipart(Some(("mopti-acled.csv", file.as_bytes())), "")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.header("location").unwrap().to_string();
    let id: i64 = location.strip_prefix("/imports?started=").expect(&location).parse().unwrap();
    let done = finished(&app, &token, id).await;
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["file"], "mopti-acled.csv");
    assert_eq!(done["format"], "acled");
    assert_eq!(done["percent"], 100);
    assert!(done["rows_ok"].as_i64().unwrap() > 200, "{done}");
    assert_eq!(done["started_by"], "imp-officer");

    // The page names the file it started, and lists it as done.
    let page = app.get_as(&location, &s).await;
    assert!(page.body.contains("mopti-acled.csv") && page.body.contains("role=\"status\""), "{}", page.body);
    assert!(page.body.contains("status-done"));
    assert!(!page.body.contains("http-equiv=\"refresh\""), "nothing runs: the page does not refresh");
    // Detection runs after the import (in the same background task): the surge in Mopti becomes
    // an alert.
    let mut alerts = serde_json::Value::Null;
    for _ in 0..600 {
        alerts = app.api("GET", "/api/v1/alerts?country=MLI", None, Some(&token)).await.json();
        if alerts["total"].as_u64().unwrap() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(alerts["total"].as_u64().unwrap() > 0, "no alert 30 s after the import: {alerts}");
    let actions = audit_actions(&app).await;
    let started = actions.iter().position(|a| a == "events.import_started").expect("start audited");
    let imported = actions.iter().position(|a| a == "events.imported").expect("import audited");
    let detected = actions.iter().rposition(|a| a == "alerts.detected").expect("detection audited");
    assert!(started < imported && imported < detected, "{actions:?}");

    // The same content again — renamed, gzip-free, through the API — is refused naming the
    // earlier import, in place: the form is shown again with the chosen format kept.
    let again = send_page(&app, &s, multipart(Some(("copy.csv", file.as_bytes())), "acled")).await;
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(again.body.contains("role=\"alert\"") && again.body.contains("mopti-acled.csv"), "{}", again.body);
    assert!(again.body.contains("<option value=\"acled\" selected>"), "the format chosen is kept");
    let list = app.api("GET", "/api/v1/imports", None, Some(&token)).await.json();
    let files: Vec<&str> = list.as_array().unwrap().iter().map(|i| i["file"].as_str().unwrap()).collect();
    assert!(!files.contains(&"copy.csv"), "a refused file leaves no import behind: {files:?}");

    // In French, the page and its states.
    let fr = app.get_with("/imports", &[("cookie", &format!("{}; entente_lang=fr", s.cookie))]).await;
    assert!(fr.body.contains("Imports de données d’événements") && fr.body.contains("Terminé"), "{}", fr.body);
}

#[tokio::test]
async fn refused_uploads_name_what_is_wrong_and_record_nothing() {
    let app = TestApp::demo().await.configured(|c| c.event_upload_max_bytes = 4096);
    let officer = app.user("imp-officer", None, Role::StaffOfficer).await;
    let token = app.api_token(officer.id, "imports").await.0;
    let before = app.db.store.last_audit_seq().await.unwrap();
    let big = small_acled_history();
    assert!(big.len() > 4096);
    for (body, field) in [
        (multipart(None, ""), "file: choose a file"),
        (multipart(Some(("empty.csv", b"")), ""), "file: empty.csv is empty"),
        (multipart(Some(("big.csv", big.as_bytes())), ""), "file: big.csv is larger than the 0 MiB"),
        (multipart(Some(("a.csv", b"x,y\n1,2\n")), "acled2"), "format: unknown format 'acled2'"),
        (multipart(Some(("a.csv", b"x,y\n1,2\n")), ""), "a.csv"),
    ] {
        let r = send_api(&app, &token, body).await;
        assert_eq!(r.status, 400, "{field}: {}", r.body);
        let m = r.json()["message"].as_str().unwrap().to_string();
        assert!(m.contains(field), "{field}: {m}");
    }
    assert_eq!(app.db.store.last_audit_seq().await.unwrap(), before, "nothing recorded");
    let list = app.api("GET", "/api/v1/imports", None, Some(&token)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
}

#[tokio::test]
async fn only_staff_see_imports_and_only_staff_writers_send_files() {
    let app = TestApp::demo().await;
    let analyst = app.user("imp-analyst", None, Role::Analyst).await;
    let delegate = app.user("imp-malta", Some("MLT"), Role::DelegationLead).await;
    let a = app.login(&analyst).await;
    let page = app.get_as("/imports", &a).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("type=\"file\""), "an analyst reads the list but is offered no form");
    let refused = send_page(&app, &a, multipart(Some(("a.csv", b"x\n")), "")).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let d = app.login(&delegate).await;
    assert_eq!(app.get_as("/imports", &d).await.status, 403);
    let token = app.api_token(delegate.id, "imports").await.0;
    assert_eq!(app.api("GET", "/api/v1/imports", None, Some(&token)).await.status, 403);
    assert_eq!(send_api(&app, &token, multipart(Some(("a.csv", b"x\n")), "")).await.status, 403);
}
