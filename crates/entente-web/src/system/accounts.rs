//! Sign-in, sessions and accounts: the services the access pages and the access API share.
//!
//! Who may manage which account is the domain's rule (`Principal::can_manage_accounts_of`,
//! `can_grant`); it is asked here once, for pages and API alike. Sign-in counts failures per
//! account and per address with the limits from the configuration ([`crate::WebConfig::throttle`]).

use axum::http::{HeaderMap, header};
use chrono::{DateTime, Duration, Utc};
use entente_domain::access::{Affiliation, Principal, Role, check_password};
use entente_domain::said;
use entente_domain::said::Arg;
use entente_store::Actor;
use entente_store::accounts::LockMode;
use entente_store::accounts::{Account, NewAccount, TokenRecord};

use super::AppState;
use super::auth::{Identity, STAGE_ACTIVE, STAGE_TOTP, Via, secrets};
use super::ctx::Ctx;
use crate::error::AppError;

/// How many failed sign-ins lock an account or an address, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failures for one account from one address within the window that lock that address out of
    /// that account (others may still sign in to it).
    pub account_failures: i32,
    /// Failures from one address within the window that lock it, whatever the accounts.
    pub address_failures: i32,
    /// The window failures are counted in, and how long a lock lasts, in minutes.
    pub window_minutes: i64,
    /// Failures for one account from all addresses within the window after which each further
    /// attempt waits `slowdown_seconds`: the account is slowed, never locked.
    pub account_ceiling: i32,
    pub slowdown_seconds: i64,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            account_failures: 5,
            address_failures: 20,
            window_minutes: 15,
            account_ceiling: 30,
            slowdown_seconds: 30,
        }
    }
}

impl Throttle {
    fn window(&self) -> Duration {
        Duration::minutes(self.window_minutes)
    }

    /// The throttle keys of an attempt on `username` from `ip`: the account from this address, the
    /// address, the account from anywhere.
    fn keys(username: &str, ip: &str) -> [String; 3] {
        [format!("user:{username}@{ip}"), format!("ip:{ip}"), format!("user:{username}")]
    }

    /// Count a failed attempt under every key.
    async fn failed(&self, state: &AppState, keys: &[String; 3]) -> Result<(), AppError> {
        let w = self.window();
        let [pair, ip, account] = keys;
        state.store.record_failure(pair, self.account_failures, w, w, LockMode::Lock).await?;
        state.store.record_failure(ip, self.address_failures, w, w, LockMode::Lock).await?;
        let pause = Duration::seconds(self.slowdown_seconds);
        state.store.record_failure(account, self.account_ceiling, w, pause, LockMode::SlowDown).await?;
        Ok(())
    }
}

fn no_writes(p: &Principal) -> Result<(), AppError> {
    if p.can_write() {
        Ok(())
    } else {
        Err(AppError::Forbidden(said!("err-analysts-have-read-access", "analysts have read-only access")))
    }
}

/// What a sign-in attempt came to.
pub enum SignIn {
    /// Too many failures: the account or the address is locked until then.
    Locked(DateTime<Utc>),
    /// Wrong name or password (which, is not said).
    Failed,
    /// A session started (awaiting the second factor when `totp`); `must_change` asks for a new
    /// password before anything else.
    Started { token: String, totp: bool, must_change: bool },
}

/// Start a session of `stage` for `account_id`, ending the caller's previous session (rotation).
/// Returns the session token for the cookie.
pub async fn start_session(
    state: &AppState,
    id: &Identity,
    account_id: i64,
    stage: &str,
    headers: &HeaderMap,
) -> Result<String, AppError> {
    if let Some(s) = &id.session {
        state.store.delete_session(&s.id).await?;
    }
    let token = secrets::random_token()?;
    let csrf = secrets::sha256_hex(&secrets::random_token()?);
    let ttl =
        if stage == STAGE_TOTP { Duration::minutes(5) } else { Duration::hours(state.config.session_absolute_hours) };
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    state.store.create_session(&secrets::sha256_hex(&token), account_id, &csrf, stage, ttl, &id.ip, ua).await?;
    Ok(token)
}

/// Sign in with a name and a password.
pub async fn sign_in(
    state: &AppState,
    id: &Identity,
    username: &str,
    password: &str,
    headers: &HeaderMap,
) -> Result<SignIn, AppError> {
    let throttle = state.config.throttle;
    let username = username.trim().to_lowercase();
    let keys = Throttle::keys(&username, &id.ip);
    for key in &keys {
        if let Some(until) = state.store.locked_until(key).await? {
            return Ok(SignIn::Locked(until));
        }
    }
    let found = state.store.account_by_username(&username).await?;
    let hash = match &found {
        Some((_, s)) => s.password_hash.clone(),
        None => secrets::dummy_hash().await?,
    };
    let password_ok = secrets::verify_password(password.to_string(), hash).await?;
    let (account, secrets_) = match found {
        Some((a, s)) if password_ok && !a.disabled => (a, s),
        other => {
            let reason = match other {
                None => "unknown user",
                Some((a, _)) if a.disabled && password_ok => "disabled account",
                _ => "wrong password",
            };
            throttle.failed(state, &keys).await?;
            state.store.record_login_failure(&username, &id.ip, reason).await?;
            return Ok(SignIn::Failed);
        }
    };
    state.store.clear_failures(&keys[0]).await?;
    state.store.clear_failures(&keys[2]).await?;
    let totp = account.totp_enabled && secrets_.totp_secret.is_some();
    let token = start_session(state, id, account.id, if totp { STAGE_TOTP } else { STAGE_ACTIVE }, headers).await?;
    if !totp {
        state.store.record_login(&Actor::from_principal(&account.principal()), account.id).await?;
    }
    Ok(SignIn::Started { token, totp, must_change: account.must_change_password })
}

/// The second factor of a session awaiting it: a TOTP code or a recovery code.
pub async fn second_factor(
    state: &AppState,
    id: &Identity,
    account: &Account,
    code: &str,
    headers: &HeaderMap,
) -> Result<SignIn, AppError> {
    let throttle = state.config.throttle;
    let keys = Throttle::keys(&account.username, &id.ip);
    for key in &keys {
        if let Some(until) = state.store.locked_until(key).await? {
            return Ok(SignIn::Locked(until));
        }
    }
    let (_, s) = state.store.account_by_username(&account.username).await?.ok_or(AppError::NotFound)?;
    let code = code.trim().replace(' ', "");
    let actor = Actor::from_principal(&account.principal());
    let ok = match &s.totp_secret {
        Some(secret) if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) => {
            secrets::totp(secret, &account.username)?.check_current(&code).is_some()
        }
        Some(_) => {
            state
                .store
                .consume_recovery_code(&actor, account.id, &secrets::sha256_hex(&secrets::normalise_code(&code)))
                .await?
        }
        None => false,
    };
    if !ok {
        throttle.failed(state, &keys).await?;
        state.store.record_login_failure(&account.username, &id.ip, "wrong second factor").await?;
        return Ok(SignIn::Failed);
    }
    state.store.clear_failures(&keys[0]).await?;
    state.store.clear_failures(&keys[2]).await?;
    let token = start_session(state, id, account.id, STAGE_ACTIVE, headers).await?;
    state.store.record_login(&actor, account.id).await?;
    Ok(SignIn::Started { token, totp: false, must_change: account.must_change_password })
}

/// End the caller's session.
pub async fn sign_out(state: &AppState, id: &Identity) -> Result<(), AppError> {
    if let Some(s) = &id.session {
        state.store.delete_session(&s.id).await?;
        if let Some(a) = &id.account {
            state
                .store
                .record(&Actor::from_principal(&a.principal()), "auth.logout", "account", a.id.to_string())
                .await?;
        }
    }
    Ok(())
}

/// The caller's account and API tokens.
pub async fn own_account(state: &AppState, ctx: &Ctx) -> Result<(Account, Vec<TokenRecord>), AppError> {
    let p = &ctx.principal;
    Ok((state.store.account(p.user_id).await?, state.store.tokens_of(p.user_id).await?))
}

/// Set the time zone one reads times in (none: UTC).
pub async fn set_own_time_zone(
    state: &AppState,
    ctx: &Ctx,
    zone: Option<&entente_domain::consultation::TimeZoneName>,
) -> Result<Account, AppError> {
    let actor = entente_store::Actor::from_principal(&ctx.principal);
    Ok(state.store.set_time_zone(&actor, ctx.principal.user_id, zone).await?)
}

/// Change one's own password. Every API token of the account is revoked and every session ends,
/// except the caller's own session when `keep_current` (pages start a fresh one instead).
pub async fn change_password(
    state: &AppState,
    ctx: &Ctx,
    current: &str,
    new: &str,
    keep_current: bool,
) -> Result<Account, AppError> {
    let p = &ctx.principal;
    let (account, secrets_) = state.store.account_by_username(&p.username).await?.ok_or(AppError::NotFound)?;
    if !secrets::verify_password(current.to_string(), secrets_.password_hash).await? {
        return Err(AppError::bad_request(
            "wrong_password",
            said!("err-password-wrong", "the current password is not correct"),
        ));
    }
    check_password(new, &account.username).map_err(|e| AppError::bad_request("weak_password", e.said()))?;
    let hash = secrets::hash_password(new.to_string()).await?;
    let keep = match (&ctx.identity.via, &ctx.identity.session) {
        (Via::Session, Some(s)) if keep_current => Some(s.id.as_str()),
        _ => None,
    };
    Ok(state.store.set_password(&Actor::from_principal(p), account.id, hash, false, keep).await?)
}

/// Tokens are managed from a signed-in session only: a token could otherwise mint a successor
/// that outlives it, or revoke itself mid-script.
fn not_with_a_token(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.identity.via == Via::Token {
        return Err(AppError::Forbidden(said!(
            "err-token-by-token",
            "API tokens cannot create or revoke API tokens: sign in (the Account page, or this API with a session cookie) to manage them"
        )));
    }
    Ok(())
}

/// Create an API token with the caller's rights; returns the secret (shown once) and its record.
pub async fn create_token(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    days: Option<i64>,
) -> Result<(String, TokenRecord), AppError> {
    not_with_a_token(ctx)?;
    let p = &ctx.principal;
    let days = days.unwrap_or(90);
    if !(1..=365).contains(&days) {
        return Err(AppError::bad_request(
            "invalid_expiry",
            said!("err-token-expiry", "expires_in_days must be from 1 to 365"),
        ));
    }
    let name = entente_domain::text::TextRule::line(100).check(name).map_err(|e| {
        AppError::bad_request(
            "invalid_name",
            said!("err-token-name", "name {reason} (1 to 100 characters, one line)", reason = e.said()),
        )
    })?;
    let name = name.as_str();
    let t = secrets::new_api_token()?;
    let record = state
        .store
        .create_token(&Actor::from_principal(p), p.user_id, name, &t.hash, &t.prefix, Utc::now() + Duration::days(days))
        .await?;
    Ok((t.secret, record))
}

/// Revoke one of the caller's own tokens; another account's is not found.
pub async fn revoke_token(state: &AppState, ctx: &Ctx, token: i64) -> Result<TokenRecord, AppError> {
    not_with_a_token(ctx)?;
    let p = &ctx.principal;
    Ok(state.store.revoke_token(&Actor::from_principal(p), p.user_id, token).await?)
}

/// Begin enrolling a second factor: a new secret, pending until a code confirms it.
pub async fn totp_start(state: &AppState, ctx: &Ctx) -> Result<String, AppError> {
    let p = &ctx.principal;
    let secret = secrets::new_totp_secret()?;
    state.store.set_totp_pending(&Actor::from_principal(p), p.user_id, secret.clone()).await?;
    Ok(secret)
}

/// What confirming a second factor came to.
pub enum TotpEnrolment {
    /// No enrolment is pending.
    NotStarted,
    /// The code does not match the pending secret (given back to show it again).
    WrongCode(String),
    /// Enabled: the recovery codes, shown once.
    Enabled(Vec<String>),
}

pub async fn totp_confirm(state: &AppState, ctx: &Ctx, code: &str) -> Result<TotpEnrolment, AppError> {
    let p = &ctx.principal;
    let (_, s) = state.store.account_by_username(&p.username).await?.ok_or(AppError::NotFound)?;
    let Some(secret) = s.totp_secret else { return Ok(TotpEnrolment::NotStarted) };
    let code = code.trim().replace(' ', "");
    if secrets::totp(&secret, &p.username)?.check_current(&code).is_none() {
        return Ok(TotpEnrolment::WrongCode(secret));
    }
    let codes = secrets::recovery_codes()?;
    let hashes = codes.iter().map(|c| secrets::sha256_hex(&secrets::normalise_code(c))).collect();
    state.store.set_totp_enabled(&Actor::from_principal(p), p.user_id, true, hashes).await?;
    Ok(TotpEnrolment::Enabled(codes))
}

/// Turn the second factor off, with the current password; false when the password is wrong.
pub async fn totp_disable(state: &AppState, ctx: &Ctx, current_password: &str) -> Result<bool, AppError> {
    let p = &ctx.principal;
    let (_, s) = state.store.account_by_username(&p.username).await?.ok_or(AppError::NotFound)?;
    if !secrets::verify_password(current_password.to_string(), s.password_hash).await? {
        return Ok(false);
    }
    state.store.set_totp_enabled(&Actor::from_principal(p), p.user_id, false, Vec::new()).await?;
    Ok(true)
}

pub fn parse_role(raw: &str) -> Result<Role, AppError> {
    Role::parse(raw).ok_or_else(|| {
        AppError::bad_request(
            "invalid_role",
            said!(
                "err-role",
                "role: '{value}' is not staff_admin, staff_officer, delegation_lead, delegation_member or analyst",
                value = raw
            ),
        )
    })
}

pub fn parse_affiliation(nation: Option<&str>) -> Result<Affiliation, AppError> {
    match nation.map(str::trim).filter(|s| !s.is_empty() && *s != "staff") {
        None => Ok(Affiliation::Staff),
        Some(code) => code.to_ascii_uppercase().parse().map(Affiliation::Nation).map_err(|_| {
            AppError::bad_request(
                "invalid_nation",
                said!("err-nation-not-code", "nation: '{value}' is not a nation code", value = code),
            )
        }),
    }
}

/// A new account as asked for (page form or API body).
pub struct NewUserRequest {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// The delegation's nation code; none for an alliance staff account.
    pub nation: Option<String>,
    pub role: String,
}

/// Create an account (staff administrators anywhere; delegation leads in their own delegation).
/// Returns it with its temporary password, shown once. Pages and API both come here: a request
/// for another delegation than the caller may manage is refused (403), never rewritten.
pub async fn create_user(state: &AppState, ctx: &Ctx, new: NewUserRequest) -> Result<(Account, String), AppError> {
    let p = &ctx.principal;
    no_writes(p)?;
    let role = parse_role(&new.role)?;
    let affiliation = parse_affiliation(new.nation.as_deref())?;
    if !p.can_manage_accounts_of(&affiliation) {
        return Err(AppError::Forbidden(said!(
            "err-accounts-own-delegation",
            "you may manage the accounts of your own delegation only"
        )));
    }
    if !p.can_grant(&affiliation, role) {
        return Err(AppError::Forbidden(said!(
            "err-role-not-yours",
            "you may not give the role {role}",
            role = Arg::Label("role", role.as_str())
        )));
    }
    if let Affiliation::Nation(code) = &affiliation
        && ctx.net().nation(code).is_none()
    {
        return Err(AppError::bad_request(
            "invalid_nation",
            said!("err-nation-not-registry", "nation: '{value}' is not in the registry", value = code.as_str()),
        ));
    }
    let temporary = secrets::temporary_password()?;
    let hash = secrets::hash_password(temporary.clone()).await?;
    let account = state
        .store
        .create_account(
            &Actor::from_principal(p),
            NewAccount {
                username: new.username,
                display_name: new.display_name,
                email: new.email,
                affiliation,
                role,
                password_hash: hash,
                must_change_password: true,
                demo: false,
            },
        )
        .await?;
    Ok((account, temporary))
}

/// The account `id` if the caller may see it and manage it.
async fn managed(ctx: &Ctx, id: i64) -> Result<Account, AppError> {
    let p = &ctx.principal;
    no_writes(p)?;
    let a = ctx.scope.account(id).await?;
    if !p.can_manage_accounts_of(&a.affiliation) {
        return Err(AppError::Forbidden(said!("err-role-no-accounts", "your role does not manage accounts")));
    }
    Ok(a)
}

pub async fn set_disabled(state: &AppState, ctx: &Ctx, id: i64, disabled: bool) -> Result<Account, AppError> {
    let a = managed(ctx, id).await?;
    if a.id == ctx.principal.user_id {
        return Err(AppError::bad_request(
            "own_account",
            said!("err-own-account-disable", "you cannot disable or enable your own account"),
        ));
    }
    Ok(state.store.set_disabled(&Actor::from_principal(&ctx.principal), a.id, disabled).await?)
}

/// Give an account a new temporary password; returns it (shown once).
pub async fn reset_password(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Account, String), AppError> {
    let a = managed(ctx, id).await?;
    let temporary = secrets::temporary_password()?;
    let hash = secrets::hash_password(temporary.clone()).await?;
    // The account's sessions end and its API tokens are revoked with the old password.
    let a = state.store.set_password(&Actor::from_principal(&ctx.principal), a.id, hash, true, None).await?;
    Ok((a, temporary))
}

pub async fn set_role(state: &AppState, ctx: &Ctx, id: i64, raw: &str) -> Result<Account, AppError> {
    let role = parse_role(raw)?;
    let a = managed(ctx, id).await?;
    if a.id == ctx.principal.user_id {
        return Err(AppError::bad_request(
            "own_account",
            said!("err-own-account-role", "you cannot change your own role"),
        ));
    }
    if !ctx.principal.can_grant(&a.affiliation, role) {
        return Err(AppError::Forbidden(said!(
            "err-role-not-yours",
            "you may not give the role {role}",
            role = Arg::Label("role", role.as_str())
        )));
    }
    Ok(state.store.set_role(&Actor::from_principal(&ctx.principal), a.id, role).await?)
}

/// The account a calendar feed address belongs to (the address is its own credential).
pub async fn calendar_account(state: &AppState, token: &str) -> Result<Option<Account>, AppError> {
    Ok(state.store.calendar_account(&secrets::sha256_hex(token)).await?)
}

/// A store handle and the registry for the owner of a calendar feed (the feed shows only what
/// they may see).
pub async fn calendar_scope(
    state: &AppState,
    owner: &Principal,
) -> Result<(entente_store::Scoped, std::sync::Arc<entente_store::snapshot::Registry>), AppError> {
    let registry = state.store.registry().await?;
    Ok((state.store.scoped_in(Some(owner), &registry).await?, registry))
}

/// Replace (or, with `revoke`, remove) the caller's calendar feed address; returns the new token.
pub async fn set_calendar_token(state: &AppState, ctx: &Ctx, revoke: bool) -> Result<Option<String>, AppError> {
    let p = &ctx.principal;
    let actor = Actor::from_principal(p);
    if revoke {
        state.store.set_calendar_token(&actor, p.user_id, None).await?;
        return Ok(None);
    }
    let token = secrets::random_token()?;
    state.store.set_calendar_token(&actor, p.user_id, Some(&secrets::sha256_hex(&token))).await?;
    Ok(Some(token))
}
