//! Accounts, API tokens and the audit log. The same service functions serve the pages.

use axum::Json;
use axum::extract::{FromRequest, Path, Request, State};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entente_domain::access::Affiliation;
use entente_store::Scoped;
use entente_store::accounts::{Account, TokenRecord};
use entente_store::audit::AuditFilter;
use entente_store::entities::audit_entry;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::params::{self, Q};
use crate::system::accounts;

/// A JSON body; a malformed one is a 400 that names what is wrong.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(AppError::bad_request("invalid_body", e.body_text())),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// The delegation's nation code, or absent for the alliance staff.
    pub nation: Option<String>,
    /// `staff_admin`, `staff_officer`, `delegation_lead`, `delegation_member` or `analyst`.
    pub role: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub totp_enabled: bool,
    /// A demonstration account (`entente demo`).
    pub demo: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The IANA time zone the account reads times in; absent: UTC.
    pub time_zone: Option<String>,
}

pub fn account_dto(a: &Account) -> AccountDto {
    AccountDto {
        id: a.id,
        username: a.username.clone(),
        display_name: a.display_name.clone(),
        email: a.email.clone(),
        nation: match &a.affiliation {
            Affiliation::Staff => None,
            Affiliation::Nation(n) => Some(n.to_string()),
        },
        role: a.role.as_str().to_string(),
        disabled: a.disabled,
        must_change_password: a.must_change_password,
        totp_enabled: a.totp_enabled,
        demo: a.demo,
        created_at: a.created_at,
        last_login_at: a.last_login_at,
        time_zone: a.time_zone.clone(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenDto {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub fn token_dto(t: &TokenRecord) -> TokenDto {
    TokenDto {
        id: t.id,
        name: t.name.clone(),
        prefix: t.prefix.clone(),
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token itself: shown this once, never again. Send it as `Authorization: Bearer …`.
    pub token: String,
    pub record: TokenDto,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewTokenBody {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Days until the token expires, 1 to 365 (default 90).
    pub expires_in_days: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PasswordChange {
    #[schema(max_length = 128)]
    pub current_password: String,
    #[schema(max_length = 128)]
    pub new_password: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewUser {
    #[schema(min_length = 3, max_length = 64, pattern = "^[a-z0-9][a-z0-9._-]{2,63}$")]
    pub username: String,
    #[schema(max_length = 200)]
    pub display_name: String,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// The delegation's nation code; absent for an alliance staff account.
    #[schema(max_length = 8)]
    pub nation: Option<String>,
    #[schema(pattern = "^(staff_admin|staff_officer|delegation_lead|delegation_member|analyst)$")]
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserWithPassword {
    pub account: AccountDto,
    /// A temporary password, shown once; the user must change it at first sign-in.
    pub temporary_password: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RoleChange {
    #[schema(pattern = "^(staff_admin|staff_officer|delegation_lead|delegation_member|analyst)$")]
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_nation: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub hash: String,
}

pub fn audit_dto(e: &audit_entry::Model) -> AuditEntryDto {
    let parse = |s: &Option<String>| s.as_deref().and_then(|t| serde_json::from_str(t).ok());
    AuditEntryDto {
        seq: e.seq,
        at: e.at,
        actor: e.actor_name.clone(),
        actor_nation: e.actor_nation.clone(),
        action: e.action.clone(),
        entity: e.entity.clone(),
        entity_id: e.entity_id.clone(),
        before: parse(&e.before),
        after: parse(&e.after),
        hash: e.hash.clone(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryDto>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

// ---------- services (shared with the pages) ----------

/// Audit entries the caller may read, newest first.
pub async fn audit_page(scope: &Scoped, q: &AuditParams) -> Result<AuditPage, AppError> {
    let limit = params::parse_limit(q.limit.as_deref(), 50, 500)? as u64;
    let date = |key: &'static str, value: &Option<String>| -> Result<Option<DateTime<Utc>>, AppError> {
        match params::text(value.as_deref()) {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()))
                .map_err(|_| AppError::not_a_date("invalid_date", key, s)),
        }
    };
    let text = |value: &Option<String>| params::text(value.as_deref()).map(str::to_string);
    let before_seq = q.before;
    let to = date("to", &q.to)?.map(|t| t + Duration::days(1));
    let filter = AuditFilter {
        actor: text(&q.actor),
        nation: text(&q.nation).map(|n| n.to_ascii_uppercase()),
        action: text(&q.action),
        entity: text(&q.entity),
        from: date("from", &q.from)?,
        to,
        before_seq,
        limit: limit + 1,
    };
    let mut rows = scope.audit(filter).await?;
    let next_before = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(AuditPage { items: rows.iter().map(audit_dto).collect(), next_before })
}

// ---------- handlers ----------

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "access",
    responses((status = 200, body = AccountDto), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, ctx: Ctx) -> Result<Json<AccountDto>, AppError> {
    Ok(Json(account_dto(&accounts::own_account(&state, &ctx).await?.0)))
}

/// Change one's own password (at least 12 characters, not a common one). Ends every other session.
///
/// Every API token of the account is revoked too, the one making this request included.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "access", request_body = PasswordChange,
    responses((status = 200, body = AccountDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn me_password(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<Json<AccountDto>, AppError> {
    let a = accounts::change_password(&state, &ctx, &body.current_password, &body.new_password, true).await?;
    Ok(Json(account_dto(&a)))
}

/// One's own API tokens (never the tokens themselves).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "access",
    responses((status = 200, body = Vec<TokenDto>), (status = 401, body = ErrorBody)))]
pub async fn my_tokens(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<TokenDto>>, AppError> {
    Ok(Json(accounts::own_account(&state, &ctx).await?.1.iter().map(token_dto).collect()))
}

/// Create an API token with one's own rights; the token is in this response only.
///
/// Only with a session (cookie and `x-csrf-token`): a request authenticated by an API token is
/// refused (403), so that no token can outlive the one that made it.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "access", request_body = NewTokenBody,
    responses((status = 200, body = CreatedToken), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_my_token(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<Json<CreatedToken>, AppError> {
    let (token, record) = accounts::create_token(&state, &ctx, &body.name, body.expires_in_days).await?;
    Ok(Json(CreatedToken { token, record: token_dto(&record) }))
}

/// Revoke one of one's own API tokens.
///
/// Only with a session, as for creating one: a request authenticated by an API token is refused (403).
#[utoipa::path(post, path = "/api/v1/me/tokens/{id}/revoke", tag = "access",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, body = TokenDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_my_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<TokenDto>, AppError> {
    Ok(Json(token_dto(&accounts::revoke_token(&state, &ctx, id).await?)))
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Staff administrators: only this delegation (nation code) or `staff`. Others always see their own.
    pub nation: Option<String>,
}

impl UserListParams {
    /// The delegation (or the staff) asked for, if any.
    pub fn affiliation(&self) -> Result<Option<Affiliation>, AppError> {
        match self.nation.as_deref().filter(|n| !n.is_empty()) {
            Some(n) => Ok(Some(accounts::parse_affiliation(Some(n))?)),
            None => Ok(None),
        }
    }
}

/// Accounts: staff administrators see all; everyone else the accounts of their own delegation (or of the staff).
#[utoipa::path(get, path = "/api/v1/users", tag = "access", params(UserListParams),
    responses((status = 200, body = Vec<AccountDto>), (status = 401, body = ErrorBody)))]
pub async fn users(ctx: Ctx, Q(q): Q<UserListParams>) -> Result<Json<Vec<AccountDto>>, AppError> {
    let of = q.affiliation()?;
    Ok(Json(ctx.scope.accounts(of.as_ref()).await?.iter().map(account_dto).collect()))
}

/// Create an account (staff administrators anywhere; delegation leads in their own delegation).
/// The response carries a temporary password, shown once.
#[utoipa::path(post, path = "/api/v1/users", tag = "access", request_body = NewUser,
    responses((status = 200, body = UserWithPassword), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_user_api(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<Json<UserWithPassword>, AppError> {
    let request = accounts::NewUserRequest {
        username: body.username,
        display_name: body.display_name,
        email: body.email,
        nation: body.nation,
        role: body.role,
    };
    let (account, temporary) = accounts::create_user(&state, &ctx, request).await?;
    Ok(Json(UserWithPassword { account: account_dto(&account), temporary_password: Some(temporary) }))
}

/// One account, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "access", params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = AccountDto), (status = 404, body = ErrorBody)))]
pub async fn user(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<AccountDto>, AppError> {
    Ok(Json(account_dto(&ctx.scope.account(id).await?)))
}

/// Disable an account: its sessions end and its tokens stop working.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "access", params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = AccountDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn disable_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<AccountDto>, AppError> {
    Ok(Json(account_dto(&accounts::set_disabled(&state, &ctx, id, true).await?)))
}

/// Enable a disabled account.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "access", params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = AccountDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn enable_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<AccountDto>, AppError> {
    Ok(Json(account_dto(&accounts::set_disabled(&state, &ctx, id, false).await?)))
}

/// Give an account a new temporary password (shown once; to be changed at next sign-in).
///
/// The account's sessions end and its API tokens are revoked in the same transaction.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", tag = "access", params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = UserWithPassword), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reset_user_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<UserWithPassword>, AppError> {
    let (account, temporary) = accounts::reset_password(&state, &ctx, id).await?;
    Ok(Json(UserWithPassword { account: account_dto(&account), temporary_password: Some(temporary) }))
}

/// Change an account's role.
#[utoipa::path(post, path = "/api/v1/users/{id}/role", tag = "access", request_body = RoleChange,
    params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = AccountDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn grant_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RoleChange>,
) -> Result<Json<AccountDto>, AppError> {
    Ok(Json(account_dto(&accounts::set_role(&state, &ctx, id, &body.role).await?)))
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub actor: Option<String>,
    /// Acting nation's code (staff administrators; delegations always see their own).
    pub nation: Option<String>,
    /// Action prefix, e.g. `account.` or `registry.`.
    pub action: Option<String>,
    pub entity: Option<String>,
    /// From this day (YYYY-MM-DD), included.
    pub from: Option<String>,
    /// To this day (YYYY-MM-DD), included.
    pub to: Option<String>,
    /// `next_before` of the previous page.
    #[serde(default, deserialize_with = "params::opt_parsed")]
    pub before: Option<i64>,
    /// 1 to 500 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
}

/// The audit log, newest first: staff administrators read all of it; delegations the entries about
/// their own nation's actions.
#[utoipa::path(get, path = "/api/v1/audit", tag = "access", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn audit(ctx: Ctx, Q(q): Q<AuditParams>) -> Result<Json<AuditPage>, AppError> {
    Ok(Json(audit_page(&ctx.scope, &q).await?))
}
