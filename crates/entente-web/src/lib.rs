//! Entente's web layer: server-rendered pages and the JSON API over one router.
//!
//! A request flows: axum router → extractors (language, query, path) → handler in
//! `pages/<area>.rs` or `api/<area>.rs` → `entente_store::Store` → `entente_domain` rules →
//! DTO → askama template (pages) or JSON (API). Errors are one [`error::AppError`].

pub mod api;
pub mod chart;
pub mod consultation;
pub mod cooperation;
pub mod error;
pub mod evaluation;
pub mod export;
pub mod i18n;
pub mod pages;
pub mod params;
pub mod registry;
pub mod routes;
pub mod server;
pub mod system;
pub mod warning;

pub use system::{AppState, auth, ctx, demo, demo_cooperation, demo_events, evaluation_report, notify, search};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::routes::{RouteInfo, Routes, Surface};

/// Web settings that handlers need.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The data is the demonstration set: pages say so.
    pub demo: bool,
    /// Mark cookies `Secure` and send HSTS: set when served over TLS (usually behind a proxy).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// A session ends after this long without a request.
    pub session_idle_minutes: i64,
    /// A session ends this long after sign-in, whatever happens.
    pub session_absolute_hours: i64,
    /// The classification labels markings may carry, lowest first.
    pub classifications: entente_domain::access::Classifications,
    /// How soon consultation requests should be acknowledged and met; later ones stand out.
    pub response_targets: entente_domain::consultation::ResponseTargets,
    /// Failed sign-ins that lock an account or an address, and for how long.
    pub throttle: system::accounts::Throttle,
    /// The largest event-data file the imports page and API accept, in bytes.
    pub event_upload_max_bytes: u64,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            demo: false,
            secure_cookies: false,
            trust_proxy: false,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            classifications: entente_domain::access::Classifications::default(),
            response_targets: entente_domain::consultation::ResponseTargets::default(),
            throttle: system::accounts::Throttle::default(),
            event_upload_max_bytes: 2048 << 20,
        }
    }
}

/// Every route of the application, in one place.
fn routes() -> Routes {
    use api::access as aa;
    use api::consultation as ac;
    use api::registry as a;
    use pages::access as pa;
    use pages::consultation as pc;
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
        // registry editing (staff writers)
        .get(Surface::Page, "/nations/new", p::edit::new_nation)
        .post(Surface::Page, "/nations", p::edit::create_nation)
        .get(Surface::Page, "/nations/{code}/edit", p::edit::edit_nation)
        .post(Surface::Page, "/nations/{code}/memberships", p::edit::record_membership)
        .post(Surface::Page, "/nations/{code}/contacts", p::edit::add_contact)
        .post(Surface::Page, "/nations/{code}/contacts/{id}", p::edit::update_contact)
        .post(Surface::Page, "/nations/{code}/contacts/{id}/remove", p::edit::remove_contact)
        .get(Surface::Page, "/lang/{code}", pages::switch_language)
        .get(Surface::Page, "/login", pa::login_page)
        .post(Surface::Page, "/login", pa::login)
        .get(Surface::Page, "/login/totp", pa::totp_page)
        .post(Surface::Page, "/login/totp", pa::totp_submit)
        .post(Surface::Page, "/logout", pa::logout)
        .get(Surface::Page, "/account", pa::account)
        .post(Surface::Page, "/account/password", pa::account_password)
        .post(Surface::Page, "/account/time-zone", pa::account_time_zone)
        .post(Surface::Page, "/account/tokens", pa::account_token)
        .post(Surface::Page, "/account/tokens/{id}/revoke", pa::account_token_revoke)
        .post(Surface::Page, "/account/totp/start", pa::totp_start)
        .post(Surface::Page, "/account/totp/confirm", pa::totp_confirm)
        .post(Surface::Page, "/account/totp/disable", pa::totp_disable)
        .get(Surface::Page, "/users", pa::users)
        .post(Surface::Page, "/users", pa::create_user)
        .get(Surface::Page, "/users/{id}", pa::user)
        .post(Surface::Page, "/users/{id}/disable", pa::user_disable)
        .post(Surface::Page, "/users/{id}/enable", pa::user_enable)
        .post(Surface::Page, "/users/{id}/reset-password", pa::user_reset)
        .post(Surface::Page, "/users/{id}/role", pa::user_role)
        .get(Surface::Page, "/audit", pa::audit)
        .get(Surface::Page, "/inbox", pages::inbox::inbox)
        .post(Surface::Page, "/inbox/{id}/read", pages::inbox::read)
        .post(Surface::Page, "/inbox/read-all", pages::inbox::read_all)
        .post(Surface::Page, "/account/calendar", pages::calendar::account_calendar)
        .get(Surface::Page, "/calendar/{feed}", pages::calendar::feed)
        .get(Surface::Page, "/meetings", pc::meetings)
        .post(Surface::Page, "/meetings", pc::create_meeting)
        .get(Surface::Page, "/meetings/new", pc::new_meeting)
        .get(Surface::Page, "/meetings/{id}", pc::meeting)
        .post(Surface::Page, "/meetings/{id}/status", pc::meeting_status)
        .post(Surface::Page, "/meetings/{id}/agenda", pc::propose_item)
        .post(Surface::Page, "/meetings/{id}/agenda/{item}", pc::decide_item)
        .post(Surface::Page, "/meetings/{id}/agenda/{item}/edit", pc::edit_item)
        .post(Surface::Page, "/papers/{id}/edit", pc::edit_paper)
        .post(Surface::Page, "/decisions/{id}/correct", pc::correct_decision)
        .post(Surface::Page, "/actions/{id}/correct", pc::correct_action)
        .post(Surface::Page, "/papers/{id}/withdraw", pc::withdraw_paper)
        .post(Surface::Page, "/meetings/{id}/statements", pc::add_statement)
        .post_limited(Surface::Page, "/meetings/{id}/documents", pc::upload_document, pc::MAX_UPLOAD + 64 * 1024)
        .get(Surface::Page, "/papers/{id}", pc::download)
        .post(Surface::Page, "/meetings/{id}/record", pc::draft_record)
        .post(Surface::Page, "/meetings/{id}/record/circulate", pc::circulate_record)
        .post(Surface::Page, "/meetings/{id}/record/break", pc::break_silence)
        .post(Surface::Page, "/meetings/{id}/decisions", pc::record_decision)
        .post(Surface::Page, "/decisions/{id}/position", pc::set_position)
        .post(Surface::Page, "/meetings/{id}/actions", pc::assign_action)
        .get(Surface::Page, "/actions", pc::actions)
        .post(Surface::Page, "/actions/{id}", pc::update_action)
        .post(Surface::Page, "/meetings/{id}/polls", pc::open_poll)
        .post(Surface::Page, "/polls/{id}/vote", pc::vote)
        .post(Surface::Page, "/polls/{id}/close", pc::close_poll)
        .get(Surface::Page, "/requests", pc::requests)
        .post(Surface::Page, "/requests", pc::file_request)
        .get(Surface::Page, "/requests/new", pc::new_request)
        .get(Surface::Page, "/requests/{id}", pc::request)
        .get(Surface::Page, "/search", pages::search::search)
        .post(Surface::Page, "/requests/{id}/step", pc::request_step)
        .post(Surface::Page, "/requests/{id}/convene", pc::convene)
        .get(Surface::Page, "/activities", pages::cooperation::activities)
        .post(Surface::Page, "/activities", pages::cooperation::propose)
        .get(Surface::Page, "/activities/new", pages::cooperation::new_activity)
        .get(Surface::Page, "/activities/{id}", pages::cooperation::activity)
        .post(Surface::Page, "/activities/{id}/step", pages::cooperation::step)
        .post(Surface::Page, "/activities/{id}/seats", pages::cooperation::request_seats)
        .get(Surface::Page, "/activities/{id}/after", pages::cooperation::after::after)
        .post(Surface::Page, "/activities/{id}/attendance", pages::cooperation::after::attendance)
        .post(Surface::Page, "/activities/{id}/feedback", pages::cooperation::after::feedback)
        .post(Surface::Page, "/activities/{id}/report", pages::cooperation::after::report)
        .post(Surface::Page, "/seat-requests/{id}/withdraw", pages::cooperation::withdraw_request)
        .post(Surface::Page, "/seat-requests/{id}/answer", pages::cooperation::answer_seats)
        .get(Surface::Page, "/alerts", pages::warning::alerts)
        .post(Surface::Page, "/alerts/detect", pages::warning::detect)
        .get(Surface::Page, "/alerts/subscription", pages::warning::subscriptions::subscription)
        .post(Surface::Page, "/alerts/subscription", pages::warning::subscriptions::save)
        .post(Surface::Page, "/alerts/subscription/feed", pages::warning::subscriptions::set_feed)
        .get(Surface::Page, "/alerts/feed/{feed}", pages::warning::subscriptions::feed)
        .get(Surface::Page, "/alerts/{id}", pages::warning::alert)
        .post(Surface::Page, "/alerts/{id}/step", pages::warning::step)
        .post(Surface::Page, "/alerts/{id}/consult", pages::warning::consult)
        .get(Surface::Page, "/calibration", pages::warning::calibration)
        .post(Surface::Page, "/calibration", pages::warning::set_threshold)
        .get(Surface::Page, "/imports", pages::warning::imports::imports)
        .post_streamed(Surface::Page, "/imports", pages::warning::imports::upload)
        .get(Surface::Page, "/reports", pages::warning::reports)
        .post(Surface::Page, "/reports", pages::warning::file_report)
        .get(Surface::Page, "/reports/new", pages::warning::new_report)
        .get(Surface::Page, "/reports/{id}", pages::warning::report)
        .post(Surface::Page, "/reports/{id}/step", pages::warning::report_step)
        .post_limited(
            Surface::Page,
            "/reports/{id}/attachments",
            pages::warning::attach_document,
            warning::MAX_DOCUMENT + 64 * 1024,
        )
        .get(Surface::Page, "/reports/{id}/attachments/{document}", pages::warning::document)
        .get(Surface::Page, "/evaluation", pages::evaluation::dashboard)
        .get(Surface::Page, "/evaluation/report", pages::evaluation::report)
        .get(Surface::Page, "/evaluation/{question}", pages::evaluation::question_page)
        .get(Surface::Page, "/allocations", pages::cooperation::allocations)
        .post(Surface::Page, "/allocations", pages::cooperation::run_allocation)
        .get(Surface::Page, "/allocations/{id}", pages::cooperation::allocation)
        .post(Surface::Page, "/allocations/{id}/step", pages::cooperation::allocation_step)
        .get(Surface::Page, "/programmes", pages::cooperation::programme::programmes)
        .post(Surface::Page, "/programmes", pages::cooperation::programme::open)
        .get(Surface::Page, "/programmes/{nation}", pages::cooperation::programme::programme)
        .get(Surface::Page, "/programmes/{nation}/versions/{number}", pages::cooperation::programme::version)
        .post(Surface::Page, "/programmes/{nation}/plan", pages::cooperation::programme::edit_plan)
        .post(Surface::Page, "/programmes/{nation}/comments", pages::cooperation::programme::comment)
        .post(Surface::Page, "/programmes/{nation}/agree", pages::cooperation::programme::agree)
        .post(Surface::Page, "/programmes/{nation}/assessments", pages::cooperation::programme::assess)
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
        .post(Surface::Api, "/api/v1/nations", a::edit::add_nation)
        .post(Surface::Api, "/api/v1/nations/{code}/memberships", a::edit::change_membership)
        .post(Surface::Api, "/api/v1/nations/{code}/contacts", a::edit::add_contact)
        .post(Surface::Api, "/api/v1/nations/{code}/contacts/{id}", a::edit::update_contact)
        .post(Surface::Api, "/api/v1/nations/{code}/contacts/{id}/remove", a::edit::remove_contact)
        .get(Surface::Api, "/api/v1/me", aa::me)
        .post(Surface::Api, "/api/v1/me/password", aa::me_password)
        .get(Surface::Api, "/api/v1/me/tokens", aa::my_tokens)
        .post(Surface::Api, "/api/v1/me/tokens", aa::create_my_token)
        .post(Surface::Api, "/api/v1/me/tokens/{id}/revoke", aa::revoke_my_token)
        .get(Surface::Api, "/api/v1/users", aa::users)
        .post(Surface::Api, "/api/v1/users", aa::create_user_api)
        .get(Surface::Api, "/api/v1/users/{id}", aa::user)
        .post(Surface::Api, "/api/v1/users/{id}/disable", aa::disable_user)
        .post(Surface::Api, "/api/v1/users/{id}/enable", aa::enable_user)
        .post(Surface::Api, "/api/v1/users/{id}/reset-password", aa::reset_user_password)
        .post(Surface::Api, "/api/v1/users/{id}/role", aa::grant_role)
        .get(Surface::Api, "/api/v1/audit", aa::audit)
        .get(Surface::Api, "/api/v1/inbox", api::inbox::list)
        .post(Surface::Api, "/api/v1/inbox/{id}/read", api::inbox::read)
        .get(Surface::Api, "/api/v1/meetings", ac::meetings)
        .get(Surface::Api, "/api/v1/meetings/{id}", ac::meeting)
        .get(Surface::Api, "/api/v1/requests", ac::requests)
        .post(Surface::Api, "/api/v1/requests", ac::file_request)
        .get(Surface::Api, "/api/v1/requests/times", ac::request_times)
        .get(Surface::Api, "/api/v1/requests/{id}", ac::request)
        .get(Surface::Api, "/api/v1/actions", ac::actions)
        .get(Surface::Api, "/api/v1/search", api::search::search)
        .get(Surface::Api, "/api/v1/activities", api::cooperation::activities)
        .post(Surface::Api, "/api/v1/activities", api::cooperation::propose)
        .get(Surface::Api, "/api/v1/activities/{id}", api::cooperation::activity)
        .post(Surface::Api, "/api/v1/activities/{id}/resubmit", api::cooperation::resubmit)
        .post(Surface::Api, "/api/v1/activities/{id}/step", api::cooperation::step)
        .post(Surface::Api, "/api/v1/activities/{id}/seat-requests", api::cooperation::request_seats)
        .get(Surface::Api, "/api/v1/activities/{id}/after", api::cooperation::after::after)
        .post(Surface::Api, "/api/v1/activities/{id}/attendance", api::cooperation::after::attendance)
        .post(Surface::Api, "/api/v1/activities/{id}/feedback", api::cooperation::after::feedback)
        .post(Surface::Api, "/api/v1/activities/{id}/report", api::cooperation::after::report)
        .get(Surface::Api, "/api/v1/alerts", api::warning::alerts)
        .post(Surface::Api, "/api/v1/alerts/detect", api::warning::detect)
        .get(Surface::Api, "/api/v1/alerts/subscription", api::warning::subscriptions::subscription)
        .post(Surface::Api, "/api/v1/alerts/subscription", api::warning::subscriptions::subscribe)
        .get(Surface::Api, "/api/v1/alerts/feed", api::warning::subscriptions::feed)
        .get(Surface::Api, "/api/v1/alerts/{id}", api::warning::alert)
        .post(Surface::Api, "/api/v1/alerts/{id}/step", api::warning::step)
        .post(Surface::Api, "/api/v1/alerts/{id}/consult", api::warning::consult)
        .get(Surface::Api, "/api/v1/calibration", api::warning::calibration)
        .post(Surface::Api, "/api/v1/calibration/thresholds", api::warning::set_threshold)
        .get(Surface::Api, "/api/v1/imports", api::warning::imports::imports)
        .get(Surface::Api, "/api/v1/imports/{id}", api::warning::imports::import)
        .post_streamed(Surface::Api, "/api/v1/imports", api::warning::imports::upload)
        .get(Surface::Api, "/api/v1/reports", api::warning::reports)
        .post(Surface::Api, "/api/v1/reports", api::warning::file_report)
        .get(Surface::Api, "/api/v1/reports/{id}", api::warning::report)
        .post(Surface::Api, "/api/v1/reports/{id}/step", api::warning::report_step)
        .post_limited(
            Surface::Api,
            "/api/v1/reports/{id}/attachments",
            api::warning::attach_document,
            warning::MAX_DOCUMENT + 64 * 1024,
        )
        .get(Surface::Api, "/api/v1/reports/{id}/attachments/{document}", api::warning::document)
        .get(Surface::Api, "/api/v1/evaluation", api::evaluation::questions)
        .get(Surface::Api, "/api/v1/evaluation/{question}", api::evaluation::answer)
        .get(Surface::Api, "/api/v1/seat-requests", api::cooperation::seat_requests)
        .post(Surface::Api, "/api/v1/seat-requests/{id}/withdraw", api::cooperation::withdraw_request)
        .post(Surface::Api, "/api/v1/seat-requests/{id}/answer", api::cooperation::answer_seats)
        .get(Surface::Api, "/api/v1/allocations", api::cooperation::allocations)
        .post(Surface::Api, "/api/v1/allocations", api::cooperation::run_allocation)
        .get(Surface::Api, "/api/v1/allocations/{id}", api::cooperation::allocation)
        .post(Surface::Api, "/api/v1/allocations/{id}/publish", api::cooperation::publish_allocation)
        .post(Surface::Api, "/api/v1/allocations/{id}/discard", api::cooperation::discard_allocation)
        .get(Surface::Api, "/api/v1/programmes", api::cooperation::programme::programmes)
        .post(Surface::Api, "/api/v1/programmes", api::cooperation::programme::open)
        .get(Surface::Api, "/api/v1/programmes/{nation}", api::cooperation::programme::programme)
        .get(Surface::Api, "/api/v1/programmes/{nation}/versions/{number}", api::cooperation::programme::version)
        .post(Surface::Api, "/api/v1/programmes/{nation}/plan", api::cooperation::programme::edit)
        .post(Surface::Api, "/api/v1/programmes/{nation}/comments", api::cooperation::programme::comment)
        .post(Surface::Api, "/api/v1/programmes/{nation}/agree", api::cooperation::programme::agree)
        .post(Surface::Api, "/api/v1/programmes/{nation}/assessments", api::cooperation::programme::assess)
        // assets, documentation, probes
        .get(Surface::Asset, "/static/app.css", pages::stylesheet)
        .probe("/healthz", system::health)
        .merge_documented(
            Router::from(docs),
            &[("GET", "/api/openapi.json"), ("GET", "/api/docs"), ("GET", "/api/docs/"), ("GET", "/api/docs/{*rest}")],
        )
}

/// The table of every route, for tests that must cover them all.
pub fn route_table() -> Vec<RouteInfo> {
    routes().into_parts().2
}

/// The application: all routes, errors as HTML on pages, security headers, request tracing.
pub fn app(state: AppState) -> Router {
    let (router, probes, _) = routes().into_parts();
    let probes =
        probes.layer(middleware::from_fn_with_state(state.clone(), security_headers)).layer(TraceLayer::new_for_http());
    router
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth::identify))
        .layer(middleware::from_fn_with_state(state.clone(), pages::html_errors))
        .layer(middleware::from_fn(system::http_cache::revalidate))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(CompressionLayer::new().compress_when(system::http_cache::compression()))
        .layer(TraceLayer::new_for_http())
        .merge(probes)
        .with_state(state)
}

/// Headers every response carries. Pages use no script at all; the API documentation needs its
/// own scripts and inline styles, from this server only.
async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
    if state.config.secure_cookies {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
