//! The caller's alert subscription over the API, and its alert feed (Atom with CAP 1.2 entries)
//! for a caller signed in with an API token.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use entente_domain::warning::{AlertSubscription, SubscriptionDraft};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::access::ApiJson;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::warning::subscriptions as svc;

/// An alert subscription: which new alerts its owner is told of, and how.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubscriptionDto {
    /// ISO 3166 alpha-3 codes; with `regions`, the places whose alerts are selected (none: every
    /// place).
    pub countries: Vec<String>,
    /// Regional grouping codes of the registry.
    pub regions: Vec<String>,
    /// Challenge categories (none: every category).
    pub categories: Vec<String>,
    /// `off` (the subscription only shapes the feed), `inbox`, or `inbox_and_email`.
    pub delivery: String,
    /// Send it back with a change: a change made from an older version is refused (409).
    pub version: i64,
    /// Whether the account keeps a secret feed address (made and revoked on the subscription page).
    pub feed_active: bool,
}

fn dto(s: &AlertSubscription, feed_active: bool) -> SubscriptionDto {
    SubscriptionDto {
        countries: s.countries.iter().cloned().collect(),
        regions: s.regions.iter().cloned().collect(),
        categories: s.categories.iter().cloned().collect(),
        delivery: s.delivery.as_str().to_string(),
        version: s.version,
        feed_active,
    }
}

/// An ISO 3166 alpha-3 country code, e.g. `TUN`.
#[derive(ToSchema)]
#[schema(pattern = "^[A-Za-z]{3}$")]
#[allow(dead_code)]
pub struct CountryCode(String);

/// A regional grouping's code in the registry, e.g. `AMU`.
#[derive(ToSchema)]
#[schema(max_length = 16)]
#[allow(dead_code)]
pub struct GroupingCode(String);

/// A challenge category, e.g. `terrorism` (see `GET /api/v1/alerts`).
#[derive(ToSchema)]
#[schema(max_length = 32)]
#[allow(dead_code)]
pub struct CategoryCode(String);

/// A change of one's subscription.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SubscriptionChange {
    /// At most 60.
    #[serde(default)]
    #[schema(value_type = Vec<CountryCode>)]
    pub countries: Vec<String>,
    /// At most 20.
    #[serde(default)]
    #[schema(value_type = Vec<GroupingCode>)]
    pub regions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<CategoryCode>)]
    pub categories: Vec<String>,
    /// `off`, `inbox` or `inbox_and_email`.
    #[schema(pattern = "^(off|inbox|inbox_and_email)$")]
    pub delivery: String,
    /// The version the change was made from (0 when none is stored yet).
    #[serde(default)]
    pub version: i64,
}

#[utoipa::path(get, path = "/api/v1/alerts/subscription", tag = "warning",
    responses((status = 200, body = SubscriptionDto), (status = 401, body = ErrorBody)))]
pub async fn subscription(ctx: Ctx) -> Result<Json<SubscriptionDto>, AppError> {
    let (s, feed) = svc::subscription(&ctx).await?;
    Ok(Json(dto(&s, feed.active)))
}

#[utoipa::path(post, path = "/api/v1/alerts/subscription", tag = "warning", request_body = SubscriptionChange,
    responses((status = 200, body = SubscriptionDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn subscribe(
    ctx: Ctx,
    ApiJson(body): ApiJson<SubscriptionChange>,
) -> Result<Json<SubscriptionDto>, AppError> {
    let draft = SubscriptionDraft {
        countries: body.countries,
        regions: body.regions,
        categories: body.categories,
        delivery: body.delivery,
        version: body.version,
    };
    let s = svc::save(&ctx, &draft).await?;
    let (_, feed) = svc::subscription(&ctx).await?;
    Ok(Json(dto(&s, feed.active)))
}

/// The caller's alert feed: an Atom document (RFC 4287) of the alerts the caller may open and
/// the subscription selects, newest week first (at most 200), each entry's content the alert as
/// an OASIS CAP 1.2 document (`application/cap+xml`). `?lang=fr` for French.
#[utoipa::path(get, path = "/api/v1/alerts/feed", tag = "warning",
    responses((status = 200, description = "Atom feed of CAP 1.2 alerts", content_type = "application/atom+xml", body = String), (status = 401, body = ErrorBody)))]
pub async fn feed(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Result<Response, AppError> {
    let (sub, _) = svc::subscription(&ctx).await?;
    let req = svc::FeedRequest {
        owner: &ctx.principal.username,
        owner_id: ctx.principal.user_id,
        lang: ctx.lang,
        headers: &headers,
        secure: state.config.secure_cookies,
        self_path: "/api/v1/alerts/feed",
    };
    svc::feed_for(&ctx.scope, &ctx.registry, &sub, &req).await
}
