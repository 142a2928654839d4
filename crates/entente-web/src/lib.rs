//! Entente's web layer: server-rendered pages and the JSON API over one router.
//!
//! A request flows: axum router → extractors (language, query, path) → handler in
//! `pages/<area>.rs` or `api/<area>.rs` → `entente_store::Store` → `entente_domain` rules →
//! DTO → askama template (pages) or JSON (API). Errors are one [`error::AppError`].

pub mod api;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod params;
pub mod routes;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use entente_store::Store;
use serde::Serialize;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::AppError;
use crate::routes::{RouteInfo, Routes, Surface};

/// Web settings that handlers need.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// The data is the demonstration set: pages say so.
    pub demo: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        AppState { store, config: Arc::new(config) }
    }
}

/// Every route of the application, in one place.
fn routes() -> Routes {
    use api::registry as a;
    use pages::registry as p;
    let docs = SwaggerUi::new("/api/docs").url("/api/openapi.json", api::ApiDoc::openapi());
    Routes::default()
        // pages
        .get(Surface::Page, "/", p::overview)
        .get(Surface::Page, "/nations/{code}", p::nation)
        .get(Surface::Page, "/frameworks/{code}", p::framework)
        .get(Surface::Page, "/formats", p::formats)
        .get(Surface::Page, "/formats/{slug}", p::format)
        .get(Surface::Page, "/groupings", p::groupings)
        .get(Surface::Page, "/lang/{code}", pages::switch_language)
        // API
        .get(Surface::Api, "/api/v1/network", a::network)
        .get(Surface::Api, "/api/v1/network/export", a::network_export)
        .get(Surface::Api, "/api/v1/nations", a::nations)
        .get(Surface::Api, "/api/v1/nations/{code}", a::nation)
        .get(Surface::Api, "/api/v1/nations/{code}/timeline", a::nation_timeline)
        .get(Surface::Api, "/api/v1/nations/{code}/formats", a::nation_formats)
        .get(Surface::Api, "/api/v1/frameworks", a::frameworks)
        .get(Surface::Api, "/api/v1/frameworks/{code}", a::framework)
        .get(Surface::Api, "/api/v1/frameworks/{code}/participants", a::framework_participants)
        .get(Surface::Api, "/api/v1/formats", a::formats)
        .get(Surface::Api, "/api/v1/formats/{slug}", a::format)
        .get(Surface::Api, "/api/v1/groupings", a::groupings)
        // assets, documentation, probes
        .get(Surface::Asset, "/static/app.css", pages::stylesheet)
        .get(Surface::Asset, "/healthz", health)
        .merge_documented(
            Router::from(docs),
            &[("GET", "/api/openapi.json"), ("GET", "/api/docs"), ("GET", "/api/docs/"), ("GET", "/api/docs/{*rest}")],
        )
}

/// The table of every route, for tests that must cover them all.
pub fn route_table() -> Vec<RouteInfo> {
    routes().into_parts().1
}

/// The application: all routes, errors as HTML on pages, security headers, request tracing.
pub fn app(state: AppState) -> Router {
    let (router, _) = routes().into_parts();
    router
        .fallback(pages::not_found)
        .layer(middleware::from_fn(pages::html_errors))
        .layer(middleware::from_fn(security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Headers every response carries. Pages use no script at all; the API documentation needs its
/// own scripts and inline styles, from this server only.
async fn security_headers(req: Request, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/docs");
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    let csp = if docs {
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    } else {
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    };
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

/// Liveness and database reachability.
async fn health(State(state): State<AppState>) -> Result<Response, AppError> {
    state.store.frameworks().await?;
    Ok(axum::Json(Health { status: "ok", database: state.store.backend().name() }).into_response())
}
