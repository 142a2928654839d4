//! Every route of the router, walked from its own table.

use entente_testkit::TestApp;
use entente_web::routes::Surface;

/// A request path for a route pattern, with sample values for its parameters.
fn sample(path: &str) -> String {
    path.replace("{code}", if path.contains("frameworks") { "PFP" } else { "FIN" })
        .replace("{slug}", "nato-md")
        .replace("{*rest}", "index.html")
        .replace("/lang/FIN", "/lang/fr")
}

#[tokio::test]
async fn every_route_answers() {
    let app = TestApp::demo().await;
    let table = entente_web::route_table();
    assert!(table.len() >= 25);
    for route in &table {
        let path = sample(route.path);
        let r = app.get(&path).await;
        assert!(
            matches!(r.status, 200 | 303),
            "{} {} ({path}) answered {}: {}",
            route.method,
            route.path,
            r.status,
            &r.body[..r.body.len().min(300)]
        );
        if route.surface == Surface::Api {
            assert!(r.header("content-type").unwrap().starts_with("application/json") || path.ends_with("/export"));
        }
    }
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = TestApp::demo().await;
    let doc = app.get("/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for route in entente_web::route_table().iter().filter(|r| r.surface == Surface::Api) {
        let op = paths.get(route.path).unwrap_or_else(|| panic!("{} is not documented", route.path));
        assert!(op.get(route.method.to_lowercase()).is_some(), "{} {} is not documented", route.method, route.path);
    }
    assert_eq!(
        paths.len(),
        entente_web::route_table().iter().filter(|r| r.surface == Surface::Api).count(),
        "the document names no route the router lacks"
    );
}

#[tokio::test]
async fn openapi_document_snapshot() {
    let app = TestApp::demo().await;
    let doc = app.get("/api/openapi.json").await.json();
    insta::assert_json_snapshot!("openapi", doc);
}
