//! Every route of the router, walked from its own table.

use entente_testkit::TestApp;
use entente_web::routes::Surface;

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = TestApp::demo().await;
    let doc = app.get("/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for route in entente_web::route_table().iter().filter(|r| r.surface == Surface::Api) {
        let op = paths.get(route.path).unwrap_or_else(|| panic!("{} is not documented", route.path));
        assert!(op.get(route.method.to_lowercase()).is_some(), "{} {} is not documented", route.method, route.path);
    }
    let api_paths: std::collections::BTreeSet<&str> =
        entente_web::route_table().iter().filter(|r| r.surface == Surface::Api).map(|r| r.path).collect();
    assert_eq!(paths.len(), api_paths.len(), "the document names no route the router lacks");
}

#[tokio::test]
async fn openapi_document_snapshot() {
    let app = TestApp::demo().await;
    let doc = app.get("/api/openapi.json").await.json();
    insta::assert_json_snapshot!("openapi", doc);
}

/// The document names a schema by its type's name alone, and a second type of the same name
/// silently replaces the first: every type the API documents has a name of its own.
#[test]
fn every_documented_type_has_a_name_of_its_own() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut clashes = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if !(l.trim_start().starts_with("#[derive(") && l.contains("ToSchema")) {
                continue;
            }
            // The item follows its attributes and doc comments.
            let Some(item) = lines[i + 1..]
                .iter()
                .map(|x| x.trim())
                .find(|x| x.starts_with("pub struct ") || x.starts_with("pub enum "))
            else {
                continue;
            };
            let name: String = item
                .split_whitespace()
                .nth(2)
                .unwrap()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let at = format!("{}:{}", f.display(), i + 1);
            if let Some(prev) = seen.insert(name.clone(), at.clone()) {
                clashes.push(format!("{name}: {prev} and {at}"));
            }
        }
    }
    assert!(clashes.is_empty(), "types documented under the same name: {clashes:#?}");
}

/// Every text a request body carries has its bound in the document — a length, a pattern, a
/// list of values or a format — so a client knows before sending what the API will refuse.
#[tokio::test]
async fn every_text_in_a_request_body_is_bounded_in_the_document() {
    use entente_testkit::serde_json_value::Value;
    let app = TestApp::demo().await;
    let doc = app.get("/api/openapi.json").await.json();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    fn walk(
        name: &str,
        schemas: &serde_json::Map<String, Value>,
        seen: &mut std::collections::BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if !seen.insert(name.to_string()) {
            return;
        }
        let s = &schemas[name];
        check(name, s, schemas, seen, out);
        for (field, v) in s["properties"].as_object().into_iter().flatten() {
            check(&format!("{name}.{field}"), v, schemas, seen, out);
        }
    }
    fn check(
        at: &str,
        v: &Value,
        schemas: &serde_json::Map<String, Value>,
        seen: &mut std::collections::BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(r) = v["$ref"].as_str() {
            return walk(r.rsplit('/').next().unwrap(), schemas, seen, out);
        }
        for alt in v["oneOf"].as_array().into_iter().chain(v["allOf"].as_array()).flatten() {
            check(at, alt, schemas, seen, out);
        }
        let is = |t: &str| v["type"] == t || v["type"].as_array().is_some_and(|a| a.iter().any(|x| x == t));
        if is("array") {
            check(&format!("{at}[]"), &v["items"], schemas, seen, out);
        }
        let bounded = ["maxLength", "pattern", "enum", "format"].iter().any(|k| v.get(*k).is_some());
        if is("string") && !bounded {
            out.push(at.to_string());
        }
    }
    let (mut seen, mut unbounded) = (std::collections::BTreeSet::new(), Vec::new());
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for (_, content) in op["requestBody"]["content"].as_object().into_iter().flatten() {
                check(&format!("{method} {path}"), &content["schema"], schemas, &mut seen, &mut unbounded);
            }
        }
    }
    assert!(seen.len() > 20, "the walk reached the request bodies: {seen:?}");
    assert!(unbounded.is_empty(), "texts with no documented bound: {unbounded:#?}");
    // And the bound is the one enforced: one character past it is refused, naming the field.
    let staff = app.user("bounds-staff", None, entente_domain::access::Role::StaffOfficer).await;
    let token = app.api_token(staff.id, "x").await.0;
    let report = |description: String| {
        serde_json::json!({
            "category": "terrorism", "country": "TUN", "occurred_on": "2026-11-02",
            "description": description, "audience": "staff",
        })
    };
    let max = entente_domain::warning::DESCRIPTION_MAX;
    let r = app.api("POST", "/api/v1/reports", Some(report("é".repeat(max + 1))), Some(&token)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("description"), "the refusal names the field: {}", r.body);
    let documented = &doc["components"]["schemas"]["ReportInput"]["properties"]["description"]["maxLength"];
    assert_eq!(documented.as_u64(), Some(max as u64), "the document gives the domain's bound");
    let r = app.api("POST", "/api/v1/reports", Some(report("é".repeat(max))), Some(&token)).await;
    assert!(r.status < 300, "at the bound it is accepted: {} {}", r.status, r.body);
}

/// A path segment that does not parse, a body of the wrong kind: refused the way the application
/// refuses — JSON with a code on the API, the error page on pages — never the extractor's plain text.
#[tokio::test]
async fn refusals_by_the_extractors_speak_like_the_application() {
    let app = TestApp::demo().await;
    let api = app.get("/api/v1/meetings/not-a-number").await;
    assert!(api.status == 400 || api.status == 401, "{} {}", api.status, api.body);
    let staff = app.user("extractor-staff", None, entente_domain::access::Role::StaffOfficer).await;
    let token = app.api_token(staff.id, "x").await.0;
    for path in ["/api/v1/meetings/1e9999", "/api/v1/alerts/%C3%96", "/api/v1/activities/-0.5/after"] {
        let r = app.api("GET", path, None, Some(&token)).await;
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")), "{path}");
        assert_eq!(r.json()["code"], "invalid_request", "{path}: {}", r.body);
    }
    let wrong = app
        .request(
            axum::http::Request::post("/api/v1/reports")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("hello"))
                .unwrap(),
        )
        .await;
    assert!(wrong.status == 415 || wrong.status == 400, "{} {}", wrong.status, wrong.body);
    assert!(wrong.header("content-type").is_some_and(|c| c.starts_with("application/json")), "{}", wrong.body);
    let s = app.login(&staff).await;
    let page = app.get_as("/meetings/not-a-number", &s).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("<main id=\"main\">") && page.body.contains("not-a-number"), "{}", page.body);
}
