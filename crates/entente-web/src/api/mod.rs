//! The JSON API under `/api/v1`: one module per area.

pub mod registry;

use utoipa::OpenApi;

use crate::error::ErrorBody;

/// The OpenAPI document of the API, served at `/api/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Entente API",
        description = "Run and measure a security alliance's network of partnerships. Lists are paged with an opaque `cursor` (pass `next_cursor` back) and `limit` (1–200, default 50). Dates are ISO 8601; historical dates keep their precision (`1995-02`, `2011`). Errors are `{\"code\", \"message\"}`.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        registry::network,
        registry::network_export,
        registry::nations,
        registry::nation,
        registry::nation_timeline,
        registry::nation_formats,
        registry::frameworks,
        registry::framework,
        registry::framework_participants,
        registry::formats,
        registry::format,
        registry::groupings,
    ),
    components(schemas(ErrorBody)),
    tags((name = "registry", description = "The partner network: nations, frameworks, history, groupings and formats"))
)]
pub struct ApiDoc;
