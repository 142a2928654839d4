//! Registry editing API, for the alliance's staff who write: add a nation or an organisation,
//! record a membership change, keep a nation's points of contact. The same service as the pages
//! (`crate::registry`); a refusal is 400 `invalid` naming each field.

use axum::Json;
use axum::extract::{Path, State};
use entente_domain::registry::edit::{ContactDraft, MembershipChange, NewNation};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{ContactDto, NationDetail, build_nation, contact_dto};
use crate::AppState;
use crate::api::access::ApiJson;
use crate::error::{AppError, ErrorBody};
use crate::registry::{self as svc, Ctx};

/// A nation or an organisation to add, with its first period.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewNationBody {
    /// ISO 3166-1 alpha-3 for a state (`AND`), an abbreviation for an organisation (`ASEAN`).
    #[schema(pattern = "^[A-Za-z][A-Za-z0-9]{1,7}$")]
    pub code: String,
    #[schema(max_length = 200)]
    pub name: String,
    /// The French name (the English one when absent).
    #[schema(max_length = 200)]
    pub name_fr: Option<String>,
    #[schema(max_length = 100)]
    pub region: Option<String>,
    /// The framework of its first period: its role makes the nation an ally, a partner state or a
    /// partner organisation.
    #[schema(pattern = "^[A-Z][A-Z0-9_]{1,15}$")]
    pub framework: String,
    /// The first day of that period, as precise as known: `2024`, `2024-05` or `2024-05-14`.
    #[schema(pattern = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    pub joined: String,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// A membership change: `joined` starts a period; `suspended` and `left` end the open one.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MembershipChangeBody {
    #[schema(pattern = "^(joined|suspended|left)$")]
    pub event: String,
    #[schema(pattern = "^[A-Z][A-Z0-9_]{1,15}$")]
    pub framework: String,
    /// When it happened, as precise as known: `2024`, `2024-05` or `2024-05-14`.
    #[schema(pattern = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    pub date: String,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// A point of contact.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ContactBody {
    #[schema(max_length = 200)]
    pub name: String,
    #[schema(max_length = 200)]
    pub role: Option<String>,
    #[schema(max_length = 254, format = "email")]
    pub email: Option<String>,
    #[schema(max_length = 50)]
    pub phone: Option<String>,
    /// Who a new contact is released to (`all_partners` when absent); a change keeps it.
    #[schema(pattern = "^(staff|allies|all_partners|public)$")]
    pub audience: Option<String>,
}

impl ContactBody {
    fn draft(&self) -> ContactDraft {
        ContactDraft {
            name: self.name.clone(),
            role: self.role.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
        }
    }
}

/// The nation as it now stands (today), from the registry as committed after the change.
async fn detail(ctx: &Ctx, code: &entente_domain::registry::NationCode) -> Result<Json<NationDetail>, AppError> {
    let reg = ctx.scope.registry_now().await?;
    Ok(Json(build_nation(&reg, &ctx.scope, code, ctx.now.date_naive()).await?))
}

/// Add a nation or an organisation with its first period (staff writers). The checks are the
/// network importer's; each refused field is named.
#[utoipa::path(post, path = "/api/v1/nations", tag = "registry", request_body = NewNationBody,
    responses((status = 200, body = NationDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn add_nation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewNationBody>,
) -> Result<Json<NationDetail>, AppError> {
    let new = NewNation {
        code: body.code,
        name: body.name,
        name_fr: body.name_fr.unwrap_or_default(),
        region: body.region.unwrap_or_default(),
        framework: body.framework,
        joined: body.joined,
        note: body.note.unwrap_or_default(),
    };
    let nation = svc::add_nation(&state, &ctx, &new).await.map_err(|r| r.into_error(&ctx))?;
    detail(&ctx, &nation.code).await
}

/// Record a membership change of a nation (staff writers): joined, suspended or left, with a
/// date as precise as known.
#[utoipa::path(post, path = "/api/v1/nations/{code}/memberships", tag = "registry",
    params(("code" = String, Path, description = "Nation code, e.g. UKR")), request_body = MembershipChangeBody,
    responses((status = 200, body = NationDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn change_membership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<MembershipChangeBody>,
) -> Result<Json<NationDetail>, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    let change = MembershipChange {
        event: body.event,
        framework: body.framework,
        date: body.date,
        note: body.note.unwrap_or_default(),
    };
    svc::change_membership(&state, &ctx, &nation.code, &change).await.map_err(|r| r.into_error(&ctx))?;
    detail(&ctx, &nation.code).await
}

/// Add a point of contact to a nation (staff writers).
#[utoipa::path(post, path = "/api/v1/nations/{code}/contacts", tag = "registry",
    params(("code" = String, Path, description = "Nation code, e.g. UKR")), request_body = ContactBody,
    responses((status = 200, body = ContactDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<Json<ContactDto>, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    let audience = body.audience.clone().unwrap_or_default();
    let c =
        svc::add_contact(&state, &ctx, &nation.code, &body.draft(), &audience).await.map_err(|r| r.into_error(&ctx))?;
    Ok(Json(contact_dto(&c)))
}

/// Change a nation's point of contact (staff writers); who it is released to stays.
#[utoipa::path(post, path = "/api/v1/nations/{code}/contacts/{id}", tag = "registry",
    params(("code" = String, Path, description = "Nation code, e.g. UKR"), ("id" = i64, Path, description = "Contact id")),
    request_body = ContactBody,
    responses((status = 200, body = ContactDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_contact(
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<Json<ContactDto>, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    let c = svc::update_contact(&ctx, &nation.code, id, &body.draft()).await.map_err(|r| r.into_error(&ctx))?;
    Ok(Json(contact_dto(&c)))
}

/// Remove a nation's point of contact (staff writers); answers the nation's remaining contacts.
#[utoipa::path(post, path = "/api/v1/nations/{code}/contacts/{id}/remove", tag = "registry",
    params(("code" = String, Path, description = "Nation code, e.g. UKR"), ("id" = i64, Path, description = "Contact id")),
    responses((status = 200, body = Vec<ContactDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn remove_contact(
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Json<Vec<ContactDto>>, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    svc::remove_contact(&ctx, &nation.code, id).await?;
    let left = ctx.scope.contacts(&nation.code).await?;
    Ok(Json(left.iter().map(|(c, _)| contact_dto(c)).collect()))
}
