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
