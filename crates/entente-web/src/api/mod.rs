//! The JSON API under `/api/v1`: one module per area.

pub mod access;
pub mod consultation;
pub mod cooperation;
pub mod evaluation;
pub mod inbox;
pub mod registry;
pub mod search;
pub mod warning;

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
        access::me,
        access::me_password,
        access::my_tokens,
        access::create_my_token,
        access::revoke_my_token,
        access::users,
        access::create_user_api,
        access::user,
        access::disable_user,
        access::enable_user,
        access::reset_user_password,
        access::grant_role,
        access::audit,
        inbox::list,
        inbox::read,
        consultation::meetings,
        consultation::meeting,
        consultation::requests,
        consultation::request_times,
        consultation::request,
        consultation::file_request,
        consultation::actions,
        cooperation::activities,
        cooperation::activity,
        cooperation::after::after,
        cooperation::after::attendance,
        cooperation::after::feedback,
        cooperation::after::report,
        cooperation::propose,
        cooperation::resubmit,
        cooperation::step,
        cooperation::request_seats,
        cooperation::seat_requests,
        cooperation::withdraw_request,
        cooperation::answer_seats,
        cooperation::allocations,
        cooperation::allocation,
        cooperation::run_allocation,
        cooperation::publish_allocation,
        cooperation::discard_allocation,
        cooperation::programme::programmes,
        cooperation::programme::programme,
        cooperation::programme::version,
        cooperation::programme::open,
        cooperation::programme::edit,
        cooperation::programme::comment,
        cooperation::programme::agree,
        cooperation::programme::assess,
        warning::alerts,
        warning::alert,
        warning::step,
        warning::detect,
        warning::consult,
        warning::calibration,
        warning::set_threshold,
        warning::imports::imports,
        warning::imports::import,
        warning::imports::upload,
        warning::reports,
        warning::file_report,
        warning::report,
        warning::report_step,
        evaluation::questions,
        evaluation::answer,
        search::search,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "registry", description = "The partner network: nations, frameworks, history, groupings and formats"),
        (name = "access", description = "Accounts, API tokens and the audit log"),
        (name = "warning", description = "Joint detection: alerts raised over imported event data, their state, detection on demand"),
        (name = "inbox", description = "One's own notifications, in English or French"),
        (name = "consultation", description = "Meetings, consultation requests and follow-up actions"),
        (name = "cooperation", description = "The cooperation menu, partners' individually tailored programmes, seat requests and fair seat allocations"),
        (name = "evaluation", description = "The founding questions answered from recorded data: figures, sentences, definitions and the exact numbers")
    )
)]
pub struct ApiDoc;

/// API tokens go in `Authorization: Bearer ent_…`; without one, only public data answers.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}
