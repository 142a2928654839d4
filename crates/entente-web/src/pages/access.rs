//! Sign-in, the second factor, the account page (password, TOTP, API tokens), delegation user
//! management and the audit browser.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequest, OriginalUri, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use entente_domain::access::{Principal, Role};
use entente_store::Actor;
use entente_store::accounts::Account;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Layout, render};
use crate::AppState;
use crate::api::access::{self as svc, AccountDto, AuditEntryDto, NewUser, TokenDto};
use crate::auth::secrets;
use crate::auth::{
    Caller, Identity, PRE_COOKIE, SESSION_COOKIE, STAGE_ACTIVE, STAGE_TOTP, Scope, Signed, Via, cookie_value,
    set_cookie,
};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params;

/// An urlencoded form; a malformed one is a 400 naming what is wrong.
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Form::<T>::from_request(req, state).await {
            Ok(Form(v)) => Ok(PageForm(v)),
            Err(e) => Err(AppError::bad_request("invalid_form", e.body_text())),
        }
    }
}

/// Where to go after signing in: a local path only.
fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.starts_with("/login"))
        .unwrap_or("/")
        .to_string()
}

const USER_LIMIT: i32 = 5;
const IP_LIMIT: i32 = 20;

fn window() -> Duration {
    Duration::minutes(15)
}

#[derive(Template)]
#[template(path = "access/login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

fn with_pre_cookie(mut response: Response, token: &str, secure: bool) -> Response {
    if let Some(v) = set_cookie(PRE_COOKIE, token, 3600, secure) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

async fn login_form(
    state: &AppState,
    layout: Layout,
    pre: String,
    next: String,
    username: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = LoginPage { layout, csrf: pre.clone(), next, username, error };
    let mut response = render(&page)?;
    *response.status_mut() = status;
    Ok(with_pre_cookie(response, &pre, state.config.secure_cookies))
}

pub async fn login_page(
    State(state): State<AppState>,
    lang: Lang,
    Caller(id): Caller,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    Query(q): Query<params::Query>,
) -> Result<Response, AppError> {
    let next = safe_next(q.get("next").map(String::as_str));
    if id.principal().is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let pre = match cookie_value(&headers, PRE_COOKIE) {
        Some(p) if p.len() >= 32 => p,
        _ => secrets::random_token()?,
    };
    let layout = Layout::new(lang, &uri, None, &state, &id);
    login_form(&state, layout, pre, next, String::new(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

fn minutes_until(t: chrono::DateTime<Utc>) -> usize {
    ((t - Utc::now()).num_seconds().max(0) as usize).div_ceil(60).max(1)
}

/// Start a session of `stage` for `account_id`, ending the caller's previous session (rotation).
async fn start_session(
    state: &AppState,
    id: &Identity,
    account_id: i64,
    stage: &str,
    headers: &axum::http::HeaderMap,
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

fn session_cookie(response: &mut Response, state: &AppState, token: &str) {
    let max_age = state.config.session_absolute_hours * 3600;
    if let Some(v) = set_cookie(SESSION_COOKIE, token, max_age, state.config.secure_cookies) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    Caller(id): Caller,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let layout = || Layout::new(lang, &uri, None, &state, &id);
    let pre = cookie_value(&headers, PRE_COOKIE).unwrap_or_default();
    if pre.len() < 32 || form.csrf != pre {
        let fresh = secrets::random_token()?;
        let msg = lang.t("login-expired");
        return login_form(&state, layout(), fresh, next, form.username, Some(msg), StatusCode::FORBIDDEN).await;
    }
    let username = form.username.trim().to_lowercase();
    let user_key = format!("user:{username}");
    let ip_key = format!("ip:{}", id.ip);
    for key in [&user_key, &ip_key] {
        if let Some(until) = state.store.locked_until(key).await? {
            let msg = lang.t1("login-throttled", "minutes", minutes_until(until));
            return login_form(&state, layout(), pre, next, form.username, Some(msg), StatusCode::TOO_MANY_REQUESTS)
                .await;
        }
    }
    let found = state.store.account_by_username(&username).await?;
    let hash = match &found {
        Some((_, s)) => s.password_hash.clone(),
        None => secrets::dummy_hash().await?,
    };
    let password_ok = secrets::verify_password(form.password.clone(), hash).await?;
    let account = match found {
        Some((a, s)) if password_ok && !a.disabled => (a, s),
        other => {
            let reason = match other {
                None => "unknown user",
                Some((a, _)) if a.disabled && password_ok => "disabled account",
                _ => "wrong password",
            };
            state.store.record_failure(&user_key, USER_LIMIT, window(), window()).await?;
            state.store.record_failure(&ip_key, IP_LIMIT, window(), window()).await?;
            state.store.record_login_failure(&username, &id.ip, reason).await?;
            let msg = lang.t("login-failed");
            return login_form(&state, layout(), pre, next, form.username, Some(msg), StatusCode::OK).await;
        }
    };
    state.store.clear_failures(&user_key).await?;
    let (account, secrets_) = account;
    let stage = if account.totp_enabled && secrets_.totp_secret.is_some() { STAGE_TOTP } else { STAGE_ACTIVE };
    let token = start_session(&state, &id, account.id, stage, &headers).await?;
    let target = if stage == STAGE_TOTP {
        format!("/login/totp?next={}", super::urlencode(&next))
    } else {
        state.store.record_login(&Actor::from_principal(&account.principal()), account.id).await?;
        if account.must_change_password { "/account".to_string() } else { next }
    };
    let mut response = Redirect::to(&target).into_response();
    session_cookie(&mut response, &state, &token);
    Ok(response)
}

#[derive(Template)]
#[template(path = "access/totp_login.html")]
struct TotpLoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    error: Option<String>,
}

pub async fn totp_page(
    State(state): State<AppState>,
    lang: Lang,
    Caller(id): Caller,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<params::Query>,
) -> Result<Response, AppError> {
    if id.via != Via::PendingTotp {
        return Ok(Redirect::to("/login").into_response());
    }
    let next = safe_next(q.get("next").map(String::as_str));
    render(&TotpLoginPage { layout: Layout::new(lang, &uri, None, &state, &id), csrf: id.csrf(), next, error: None })
}

#[derive(Deserialize)]
pub struct TotpForm {
    code: String,
    next: Option<String>,
}

pub async fn totp_submit(
    State(state): State<AppState>,
    lang: Lang,
    Caller(id): Caller,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    PageForm(form): PageForm<TotpForm>,
) -> Result<Response, AppError> {
    let (Via::PendingTotp, Some(account)) = (&id.via, &id.account) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let next = safe_next(form.next.as_deref());
    let user_key = format!("user:{}", account.username);
    if let Some(until) = state.store.locked_until(&user_key).await? {
        let error = Some(lang.t1("login-throttled", "minutes", minutes_until(until)));
        let mut r = render(&TotpLoginPage {
            layout: Layout::new(lang, &uri, None, &state, &id),
            csrf: id.csrf(),
            next,
            error,
        })?;
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(r);
    }
    let (_, s) = state.store.account_by_username(&account.username).await?.ok_or(AppError::NotFound)?;
    let code = form.code.trim().replace(' ', "");
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
        state.store.record_failure(&user_key, USER_LIMIT, window(), window()).await?;
        state.store.record_login_failure(&account.username, &id.ip, "wrong second factor").await?;
        let error = Some(lang.t("totp-failed"));
        return render(&TotpLoginPage {
            layout: Layout::new(lang, &uri, None, &state, &id),
            csrf: id.csrf(),
            next,
            error,
        });
    }
    state.store.clear_failures(&user_key).await?;
    let token = start_session(&state, &id, account.id, STAGE_ACTIVE, &headers).await?;
    state.store.record_login(&actor, account.id).await?;
    let target = if account.must_change_password { "/account".to_string() } else { next };
    let mut response = Redirect::to(&target).into_response();
    session_cookie(&mut response, &state, &token);
    Ok(response)
}

pub async fn logout(State(state): State<AppState>, Caller(id): Caller) -> Result<Response, AppError> {
    if let Some(s) = &id.session {
        state.store.delete_session(&s.id).await?;
        if let Some(a) = &id.account {
            state
                .store
                .record(&Actor::from_principal(&a.principal()), "auth.logout", "account", a.id.to_string())
                .await?;
        }
    }
    let mut response = Redirect::to("/").into_response();
    if let Some(v) = set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

// ----- account -----

#[derive(Template)]
#[template(path = "access/account.html")]
struct AccountPage {
    layout: Layout,
    account: AccountDto,
    tokens: Vec<TokenDto>,
    notice: Option<String>,
    error: Option<String>,
    /// A secret shown once (a new API token).
    secret: Option<String>,
}

async fn account_page(
    state: &AppState,
    layout: Layout,
    p: &Principal,
    notice: Option<String>,
    error: Option<String>,
    secret: Option<String>,
) -> Result<Response, AppError> {
    let account = svc::account_dto(&state.store.account(p.user_id).await?);
    let tokens = state.store.tokens_of(p.user_id).await?.iter().map(svc::token_dto).collect();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let mut r = render(&AccountPage { layout, account, tokens, notice, error, secret })?;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn account(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    account_page(&state, Layout::new(lang, &uri, None, &state, &id), &p, None, None, None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

pub async fn account_password(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, AppError> {
    let layout = Layout::new(lang, &uri, None, &state, &id);
    if form.new_password != form.confirm_password {
        return account_page(&state, layout, &p, None, Some(lang.t("password-mismatch")), None).await;
    }
    match svc::change_password(&state, &p, &form.current_password, &form.new_password).await {
        Ok(_) => {
            // The store ended every session of the account; start a fresh one for this browser.
            let token =
                start_session(&state, &Identity { session: None, ..id }, p.user_id, STAGE_ACTIVE, &headers).await?;
            let mut r = Redirect::to("/account?changed=1").into_response();
            session_cookie(&mut r, &state, &token);
            Ok(r)
        }
        Err(AppError::BadRequest { code, message }) => {
            let msg = if code == "wrong_password" { lang.t("password-wrong") } else { message };
            account_page(&state, layout, &p, None, Some(msg), None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    days: Option<i64>,
}

pub async fn account_token(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<TokenForm>,
) -> Result<Response, AppError> {
    let layout = Layout::new(lang, &uri, None, &state, &id);
    match svc::create_token(&state, &p, &form.name, form.days).await {
        Ok(t) => account_page(&state, layout, &p, Some(lang.t("token-created")), None, Some(t.token)).await,
        Err(AppError::BadRequest { message, .. }) => account_page(&state, layout, &p, None, Some(message), None).await,
        Err(e) => Err(e),
    }
}

pub async fn account_token_revoke(
    State(state): State<AppState>,
    Signed(p, _): Signed,
    Path(token): Path<i64>,
) -> Result<Response, AppError> {
    state.store.revoke_token(&Actor::from_principal(&p), p.user_id, token).await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Template)]
#[template(path = "access/totp_enrol.html")]
struct TotpEnrolPage {
    layout: Layout,
    qr_svg: String,
    secret: String,
    error: Option<String>,
}

pub async fn totp_start(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let secret = secrets::new_totp_secret()?;
    state.store.set_totp_pending(&Actor::from_principal(&p), p.user_id, secret.clone()).await?;
    let qr_svg = secrets::qr_svg(&secrets::otpauth_url(&secret, &p.username))?;
    render(&TotpEnrolPage { layout: Layout::new(lang, &uri, None, &state, &id), qr_svg, secret, error: None })
}

#[derive(Template)]
#[template(path = "access/shown_once.html")]
struct ShownOncePage {
    layout: Layout,
    title: String,
    intro: String,
    secrets: Vec<String>,
    back: String,
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, AppError> {
    let (_, s) = state.store.account_by_username(&p.username).await?.ok_or(AppError::NotFound)?;
    let Some(secret) = s.totp_secret else { return Ok(Redirect::to("/account").into_response()) };
    let code = form.code.trim().replace(' ', "");
    if secrets::totp(&secret, &p.username)?.check_current(&code).is_none() {
        let qr_svg = secrets::qr_svg(&secrets::otpauth_url(&secret, &p.username))?;
        let error = Some(lang.t("totp-failed"));
        let mut r =
            render(&TotpEnrolPage { layout: Layout::new(lang, &uri, None, &state, &id), qr_svg, secret, error })?;
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(r);
    }
    let codes = secrets::recovery_codes()?;
    let hashes = codes.iter().map(|c| secrets::sha256_hex(&secrets::normalise_code(c))).collect();
    state.store.set_totp_enabled(&Actor::from_principal(&p), p.user_id, true, hashes).await?;
    render(&ShownOncePage {
        layout: Layout::new(lang, &uri, None, &state, &id),
        title: lang.t("recovery-title"),
        intro: lang.t("recovery-intro"),
        secrets: codes,
        back: "/account".into(),
    })
}

#[derive(Deserialize)]
pub struct ConfirmPasswordForm {
    current_password: String,
}

pub async fn totp_disable(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<ConfirmPasswordForm>,
) -> Result<Response, AppError> {
    let (_, s) = state.store.account_by_username(&p.username).await?.ok_or(AppError::NotFound)?;
    if !secrets::verify_password(form.current_password, s.password_hash).await? {
        let layout = Layout::new(lang, &uri, None, &state, &id);
        return account_page(&state, layout, &p, None, Some(lang.t("password-wrong")), None).await;
    }
    state.store.set_totp_enabled(&Actor::from_principal(&p), p.user_id, false, Vec::new()).await?;
    Ok(Redirect::to("/account").into_response())
}

// ----- users of a delegation -----

#[derive(Template)]
#[template(path = "access/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<AccountDto>,
    /// Affiliations the caller may create accounts in (`staff` or nation codes).
    can_create: bool,
    is_admin: bool,
    own_nation: String,
    roles: Vec<&'static str>,
    filter: String,
}

fn grantable_roles(p: &Principal) -> Vec<&'static str> {
    Role::ALL.into_iter().filter(|r| p.role == Role::StaffAdmin || r.is_delegation_role()).map(Role::as_str).collect()
}

pub async fn users(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    Scope(scope): Scope,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<params::Query>,
) -> Result<Response, AppError> {
    let filter = q.get("nation").cloned().unwrap_or_default();
    let of = if filter.is_empty() { None } else { Some(svc::parse_affiliation(Some(&filter))?) };
    let users = scope.accounts(of.as_ref()).await?.iter().map(svc::account_dto).collect();
    render(&UsersPage {
        layout: Layout::new(lang, &uri, None, &state, &id),
        users,
        can_create: p.can_write() && (p.role == Role::StaffAdmin || p.role == Role::DelegationLead),
        is_admin: p.role == Role::StaffAdmin,
        own_nation: p.nation().map(ToString::to_string).unwrap_or_default(),
        roles: grantable_roles(&p),
        filter,
    })
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    email: Option<String>,
    nation: Option<String>,
    role: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<NewUserForm>,
) -> Result<Response, AppError> {
    // A delegation lead creates accounts in their own delegation whatever the form says.
    let nation = if p.role == Role::StaffAdmin { form.nation } else { p.nation().map(ToString::to_string) };
    let created = svc::create_user(
        &state,
        &p,
        NewUser {
            username: form.username,
            display_name: form.display_name,
            email: form.email,
            nation,
            role: form.role,
        },
    )
    .await?;
    render(&ShownOncePage {
        layout: Layout::new(lang, &uri, None, &state, &id),
        title: lang.t("user-created-title"),
        intro: lang.t1("temporary-password-intro", "user", created.account.username.clone()),
        secrets: created.temporary_password.into_iter().collect(),
        back: format!("/users/{}", created.account.id),
    })
}

#[derive(Template)]
#[template(path = "access/user.html")]
struct UserPage {
    layout: Layout,
    user: AccountDto,
    can_manage: bool,
    is_self: bool,
    roles: Vec<&'static str>,
}

pub async fn user(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    Scope(scope): Scope,
    OriginalUri(uri): OriginalUri,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let a: Account = scope.account(user_id).await?;
    render(&UserPage {
        layout: Layout::new(lang, &uri, None, &state, &id),
        can_manage: p.can_write() && p.can_manage_accounts_of(&a.affiliation),
        is_self: a.id == p.user_id,
        roles: grantable_roles(&p),
        user: svc::account_dto(&a),
    })
}

pub async fn user_disable(
    State(state): State<AppState>,
    Signed(p, _): Signed,
    Scope(scope): Scope,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    svc::set_disabled(&state, &scope, &p, user_id, true).await?;
    Ok(Redirect::to(&format!("/users/{user_id}")).into_response())
}

pub async fn user_enable(
    State(state): State<AppState>,
    Signed(p, _): Signed,
    Scope(scope): Scope,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    svc::set_disabled(&state, &scope, &p, user_id, false).await?;
    Ok(Redirect::to(&format!("/users/{user_id}")).into_response())
}

pub async fn user_reset(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    Scope(scope): Scope,
    OriginalUri(uri): OriginalUri,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let r = svc::reset_password(&state, &scope, &p, user_id).await?;
    render(&ShownOncePage {
        layout: Layout::new(lang, &uri, None, &state, &id),
        title: lang.t("password-reset-title"),
        intro: lang.t1("temporary-password-intro", "user", r.account.username.clone()),
        secrets: r.temporary_password.into_iter().collect(),
        back: format!("/users/{user_id}"),
    })
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn user_role(
    State(state): State<AppState>,
    Signed(p, _): Signed,
    Scope(scope): Scope,
    Path(user_id): Path<i64>,
    PageForm(form): PageForm<RoleForm>,
) -> Result<Response, AppError> {
    svc::set_role(&state, &scope, &p, user_id, &form.role).await?;
    Ok(Redirect::to(&format!("/users/{user_id}")).into_response())
}

// ----- audit -----

#[derive(Template)]
#[template(path = "access/audit.html")]
struct AuditPageView {
    layout: Layout,
    items: Vec<AuditEntryDto>,
    next: Option<String>,
    is_admin: bool,
    readable: bool,
    q: params::Query,
}

impl AuditPageView {
    fn field(&self, key: &str) -> String {
        self.q.get(key).cloned().unwrap_or_default()
    }
}

pub async fn audit(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    Scope(scope): Scope,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<params::Query>,
) -> Result<Response, AppError> {
    let page = svc::audit_page(&scope, &q).await?;
    let next = page.next_before.map(|b| {
        let mut q2: Vec<(String, String)> =
            q.iter().filter(|(k, _)| *k != "before").map(|(k, v)| (k.clone(), v.clone())).collect();
        q2.push(("before".into(), b.to_string()));
        q2.sort();
        let qs: Vec<String> =
            q2.iter().map(|(k, v)| format!("{}={}", super::urlencode(k), super::urlencode(v))).collect();
        format!("/audit?{}", qs.join("&"))
    });
    render(&AuditPageView {
        layout: Layout::new(lang, &uri, None, &state, &id),
        items: page.items,
        next,
        is_admin: p.reads_whole_audit(),
        readable: p.reads_whole_audit() || p.nation().is_some(),
        q,
    })
}
