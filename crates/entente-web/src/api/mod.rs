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
        registry::edit::add_nation,
        registry::edit::change_membership,
        registry::edit::add_contact,
        registry::edit::update_contact,
        registry::edit::remove_contact,
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
        warning::attach_document,
        warning::document,
        warning::subscriptions::subscription,
        warning::subscriptions::subscribe,
        warning::subscriptions::feed,
        evaluation::questions,
        evaluation::answer,
        search::search,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth, &Contract),
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

/// A nation's code (ISO 3166 alpha-3 for states) or a framework's code, as a marking or an
/// eligibility names it.
#[derive(utoipa::ToSchema)]
#[schema(max_length = 16)]
#[allow(dead_code)]
pub struct MarkingCode(String);

/// A language an activity is given in: `en` or `fr`.
#[derive(utoipa::ToSchema)]
#[schema(pattern = "^(en|fr)$")]
#[allow(dead_code)]
pub struct LanguageCode(String);

/// A nominee's name, as the delegation gives it.
#[derive(utoipa::ToSchema)]
#[schema(max_length = 200)]
#[allow(dead_code)]
pub struct NomineeName(String);

/// What every operation shares, so that the document matches what the server answers: each
/// `{name}` of a path is a declared path parameter (an integer when it is an id or a number); an
/// operation that takes parameters or a body documents `400` with the error body (a value that
/// does not parse is refused, naming the parameter); every API operation documents `401`.
struct Contract;

impl utoipa::Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder, schema};
        for (path, item) in openapi.paths.paths.iter_mut() {
            let names: Vec<&str> =
                path.split('/').filter_map(|seg| seg.strip_prefix('{').and_then(|x| x.strip_suffix('}'))).collect();
            let ops: [&mut Option<Operation>; 5] =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch];
            for op in ops.into_iter().flatten() {
                let params = op.parameters.get_or_insert_with(Vec::new);
                for name in &names {
                    if params.iter().any(|p| match p {
                        RefOr::T(p) => p.name == *name && p.parameter_in == ParameterIn::Path,
                        RefOr::Ref(_) => false,
                    }) {
                        continue;
                    }
                    let ty = if matches!(*name, "id" | "item" | "number") {
                        schema::ObjectBuilder::new()
                            .schema_type(schema::Type::Integer)
                            .format(Some(schema::SchemaFormat::KnownFormat(schema::KnownFormat::Int64)))
                    } else {
                        schema::ObjectBuilder::new().schema_type(schema::Type::String)
                    };
                    params.push(RefOr::T(
                        ParameterBuilder::new()
                            .name(*name)
                            .parameter_in(ParameterIn::Path)
                            .required(Required::True)
                            .schema(Some(ty))
                            .build(),
                    ));
                }
                // A token that is unknown, expired or revoked is refused on every route, public
                // ones included (the document declares bearer authentication throughout).
                if path.starts_with("/api/v1/") && !op.responses.responses.contains_key("401") {
                    op.responses.responses.insert(
                        "401".to_string(),
                        RefOr::T(
                            ResponseBuilder::new()
                                .description("Sign-in required, or the API token is unknown, expired or revoked")
                                .content(
                                    "application/json",
                                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                                )
                                .build(),
                        ),
                    );
                }
                let takes_input = !params.is_empty() || op.request_body.is_some();
                if takes_input && !op.responses.responses.contains_key("400") {
                    op.responses.responses.insert(
                        "400".to_string(),
                        RefOr::T(
                            ResponseBuilder::new()
                                .description("A parameter or the body is not valid; the message names it")
                                .content(
                                    "application/json",
                                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                                )
                                .build(),
                        ),
                    );
                }
            }
        }
    }
}

/// API tokens go in `Authorization: Bearer ent_…`; without one, only public data answers.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}
