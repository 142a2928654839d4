//! Sign-in, the second factor, the account page (password, TOTP, API tokens), delegation user
//! management and the audit browser.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequest, OriginalUri, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use entente_domain::access::{Principal, Role};
use entente_store::accounts::Account;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Layout, render};
use crate::AppState;
use crate::api::access::{self as svc, AccountDto, AuditEntryDto, TokenDto};
use crate::auth::redirect::after_sign_in;
use crate::auth::secrets;
use crate::auth::{Caller, Identity, PRE_COOKIE, SESSION_COOKIE, STAGE_ACTIVE, Via, cookie_value, set_cookie};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::{self, Q};
use crate::system::accounts::{self, SignIn, TotpEnrolment};

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
    let next = after_sign_in(q.get("next").map(String::as_str));
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
    let next = after_sign_in(form.next.as_deref());
    let layout = || Layout::new(lang, &uri, None, &state, &id);
    let pre = cookie_value(&headers, PRE_COOKIE).unwrap_or_default();
    if pre.len() < 32 || !crate::auth::same_secret(form.csrf.as_bytes(), pre.as_bytes()) {
        let fresh = secrets::random_token()?;
        let msg = lang.t("login-expired");
        return login_form(&state, layout(), fresh, next, form.username, Some(msg), StatusCode::FORBIDDEN).await;
    }
    match accounts::sign_in(&state, &id, &form.username, &form.password, &headers).await? {
        SignIn::Locked(until) => {
            let msg = lang.t1("login-throttled", "minutes", minutes_until(until));
            login_form(&state, layout(), pre, next, form.username, Some(msg), StatusCode::TOO_MANY_REQUESTS).await
        }
        SignIn::Failed => {
            let msg = lang.t("login-failed");
            login_form(&state, layout(), pre, next, form.username, Some(msg), StatusCode::OK).await
        }
        SignIn::Started { token, totp, must_change } => {
            let target = if totp {
                format!("/login/totp?next={}", super::urlencode(&next))
            } else if must_change {
                "/account".to_string()
            } else {
                next
            };
            let mut response = Redirect::to(&target).into_response();
            session_cookie(&mut response, &state, &token);
            response.extensions_mut().insert(if totp {
                crate::system::frame::Notice::NONE
            } else {
                crate::system::frame::Notice("signed-in")
            });
            Ok(response)
        }
    }
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
        return Ok(quiet(Redirect::to("/login").into_response()));
    }
    let next = after_sign_in(q.get("next").map(String::as_str));
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
        return Ok(quiet(Redirect::to("/login").into_response()));
    };
    let next = after_sign_in(form.next.as_deref());
    let page = |error: String| TotpLoginPage {
        layout: Layout::new(lang, &uri, None, &state, &id),
        csrf: id.csrf(),
        next: next.clone(),
        error: Some(error),
    };
    match accounts::second_factor(&state, &id, account, &form.code, &headers).await? {
        SignIn::Locked(until) => {
            let mut r = render(&page(lang.t1("login-throttled", "minutes", minutes_until(until))))?;
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            Ok(r)
        }
        SignIn::Failed => render(&page(lang.t("totp-failed"))),
        SignIn::Started { token, must_change, .. } => {
            let target = if must_change { "/account".to_string() } else { next.clone() };
            let mut response = Redirect::to(&target).into_response();
            session_cookie(&mut response, &state, &token);
            response.extensions_mut().insert(crate::system::frame::Notice("signed-in"));
            Ok(response)
        }
    }
}

/// A redirect that is not the outcome of a completed action (no one-time notice).
fn quiet(mut response: Response) -> Response {
    response.extensions_mut().insert(crate::system::frame::Notice::NONE);
    response
}

pub async fn logout(State(state): State<AppState>, Caller(id): Caller) -> Result<Response, AppError> {
    accounts::sign_out(&state, &id).await?;
    let mut response = Redirect::to("/").into_response();
    response.extensions_mut().insert(crate::system::frame::Notice("signed-out"));
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
    /// The time zones one may choose.
    zones: Vec<&'static str>,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    notice: Option<String>,
    error: Option<String>,
    secret: Option<String>,
) -> Result<Response, AppError> {
    let layout = Layout::new(ctx.lang, uri, None, state, &ctx.identity);
    let (account, tokens) = accounts::own_account(state, ctx).await?;
    let account = svc::account_dto(&account);
    let tokens = tokens.iter().map(svc::token_dto).collect();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let zones = entente_domain::consultation::TimeZoneName::all().collect();
    let mut r = render(&AccountPage { layout, account, tokens, notice, error, secret, zones })?;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn account(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    account_page(&state, &ctx, &uri, None, None, None).await
}

#[derive(Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// Choose the time zone one reads times in (empty: UTC); an unknown name is refused in place.
pub async fn account_time_zone(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<TimeZoneForm>,
) -> Result<Response, AppError> {
    let typed = form.time_zone.trim();
    let zone = match typed {
        "" => None,
        t => match t.parse::<entente_domain::consultation::TimeZoneName>() {
            Ok(z) => Some(z),
            Err(_) => {
                let msg = ctx.lang.t1("time-zone-unknown", "zone", typed.to_string());
                return account_page(&state, &ctx, &uri, None, Some(msg), None).await;
            }
        },
    };
    accounts::set_own_time_zone(&state, &ctx, zone.as_ref()).await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

pub async fn account_password(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    if form.new_password != form.confirm_password {
        return account_page(&state, &ctx, &uri, None, Some(lang.t("password-mismatch")), None).await;
    }
    match accounts::change_password(&state, &ctx, &form.current_password, &form.new_password, false).await {
        Ok(_) => {
            // The store ended every session and token of the account; start a fresh session here.
            let fresh = Identity { session: None, ..ctx.identity.clone() };
            let token = accounts::start_session(&state, &fresh, ctx.principal.user_id, STAGE_ACTIVE, &headers).await?;
            let mut r = Redirect::to("/account?changed=1").into_response();
            session_cookie(&mut r, &state, &token);
            Ok(r)
        }
        Err(AppError::BadRequest { code, message }) => {
            let msg = if code == "wrong_password" { lang.t("password-wrong") } else { state.say(lang, &message) };
            account_page(&state, &ctx, &uri, None, Some(msg), None).await
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
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<TokenForm>,
) -> Result<Response, AppError> {
    match accounts::create_token(&state, &ctx, &form.name, form.days).await {
        Ok((secret, _)) => {
            account_page(&state, &ctx, &uri, Some(ctx.lang.t("token-created")), None, Some(secret)).await
        }
        Err(AppError::BadRequest { message, .. }) => {
            account_page(&state, &ctx, &uri, None, Some(state.say(ctx.lang, &message)), None).await
        }
        Err(e) => Err(e),
    }
}

pub async fn account_token_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<i64>,
) -> Result<Response, AppError> {
    accounts::revoke_token(&state, &ctx, token).await?;
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
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let secret = accounts::totp_start(&state, &ctx).await?;
    let qr_svg = secrets::qr_svg(&secrets::otpauth_url(&secret, &ctx.principal.username))?;
    let layout = Layout::new(ctx.lang, &uri, None, &state, &ctx.identity);
    render(&TotpEnrolPage { layout, qr_svg, secret, error: None })
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
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let layout = || Layout::new(lang, &uri, None, &state, &ctx.identity);
    let codes = match accounts::totp_confirm(&state, &ctx, &form.code).await? {
        TotpEnrolment::NotStarted => return Ok(Redirect::to("/account").into_response()),
        TotpEnrolment::WrongCode(secret) => {
            let qr_svg = secrets::qr_svg(&secrets::otpauth_url(&secret, &ctx.principal.username))?;
            let error = Some(lang.t("totp-failed"));
            let mut r = render(&TotpEnrolPage { layout: layout(), qr_svg, secret, error })?;
            *r.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(r);
        }
        TotpEnrolment::Enabled(codes) => codes,
    };
    render(&ShownOncePage {
        layout: layout(),
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
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<ConfirmPasswordForm>,
) -> Result<Response, AppError> {
    if !accounts::totp_disable(&state, &ctx, &form.current_password).await? {
        return account_page(&state, &ctx, &uri, None, Some(ctx.lang.t("password-wrong")), None).await;
    }
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
    /// A refused new-account form: its message and what was typed.
    error: Option<String>,
    typed: NewUserForm,
}

fn grantable_roles(p: &Principal) -> Vec<&'static str> {
    Role::ALL.into_iter().filter(|r| p.role == Role::StaffAdmin || r.is_delegation_role()).map(Role::as_str).collect()
}

pub async fn users(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Q(q): Q<svc::UserListParams>,
) -> Result<Response, AppError> {
    users_page(&state, &ctx, &uri, q, None, NewUserForm::default()).await
}

async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    q: svc::UserListParams,
    error: Option<String>,
    typed: NewUserForm,
) -> Result<Response, AppError> {
    let p = &ctx.principal;
    let of = q.affiliation()?;
    let filter = q.nation.unwrap_or_default();
    let users = ctx.scope.accounts(of.as_ref()).await?.iter().map(svc::account_dto).collect();
    render(&UsersPage {
        layout: Layout::new(ctx.lang, uri, None, state, &ctx.identity),
        users,
        can_create: p.can_write() && (p.role == Role::StaffAdmin || p.role == Role::DelegationLead),
        is_admin: p.role == Role::StaffAdmin,
        own_nation: p.nation().map(ToString::to_string).unwrap_or_default(),
        roles: grantable_roles(p),
        filter,
        error,
        typed,
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    email: Option<String>,
    nation: Option<String>,
    role: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<NewUserForm>,
) -> Result<Response, AppError> {
    // The form of a delegation lead has no nation field: its own delegation is meant. A nation
    // named in the form is taken as asked (and refused if the caller may not manage it), as in the API.
    let typed = form.clone();
    let nation = form.nation.filter(|n| !n.trim().is_empty()).or_else(|| {
        (ctx.principal.role != Role::StaffAdmin).then(|| ctx.principal.nation().map(ToString::to_string)).flatten()
    });
    let request = accounts::NewUserRequest {
        username: form.username,
        display_name: form.display_name,
        email: form.email,
        nation,
        role: form.role,
    };
    let (account, temporary) = match accounts::create_user(&state, &ctx, request).await {
        Ok(created) => created,
        // Refused: the list again, with the message above the form and what was typed in it.
        Err(e) if super::shown_in_place(&e) => {
            let status = e.status();
            let message = state.refusal(ctx.lang, &e);
            let page = users_page(&state, &ctx, &uri, svc::UserListParams::default(), Some(message), typed).await;
            return super::with_status(status, page);
        }
        Err(e) => return Err(e),
    };
    let lang = ctx.lang;
    render(&ShownOncePage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        title: lang.t("user-created-title"),
        intro: lang.t1("temporary-password-intro", "user", account.username.clone()),
        secrets: vec![temporary],
        back: format!("/users/{}", account.id),
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
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let p = &ctx.principal;
    let a: Account = ctx.scope.account(user_id).await?;
    render(&UserPage {
        layout: Layout::new(ctx.lang, &uri, None, &state, &ctx.identity),
        can_manage: p.can_write() && p.can_manage_accounts_of(&a.affiliation),
        is_self: a.id == p.user_id,
        roles: grantable_roles(p),
        user: svc::account_dto(&a),
    })
}

pub async fn user_disable(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    accounts::set_disabled(&state, &ctx, user_id, true).await?;
    Ok(Redirect::to(&format!("/users/{user_id}")).into_response())
}

pub async fn user_enable(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    accounts::set_disabled(&state, &ctx, user_id, false).await?;
    Ok(Redirect::to(&format!("/users/{user_id}")).into_response())
}

pub async fn user_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let (account, temporary) = accounts::reset_password(&state, &ctx, user_id).await?;
    let lang = ctx.lang;
    render(&ShownOncePage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        title: lang.t("password-reset-title"),
        intro: lang.t1("temporary-password-intro", "user", account.username.clone()),
        secrets: vec![temporary],
        back: format!("/users/{user_id}"),
    })
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn user_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user_id): Path<i64>,
    PageForm(form): PageForm<RoleForm>,
) -> Result<Response, AppError> {
    accounts::set_role(&state, &ctx, user_id, &form.role).await?;
    Ok(Redirect::to(&format!("/users/{user_id}")).into_response())
}

// ----- audit -----

#[derive(Template)]
#[template(path = "access/audit.html")]
struct AuditPageView {
    layout: Layout,
    items: Vec<AuditLine>,
    next: Option<String>,
    is_admin: bool,
    readable: bool,
    q: params::Query,
}

/// One entry of the audit log in words: who (their name and delegation), what they did, to what.
pub struct AuditLine {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub who: String,
    /// The action's stable code, kept for filtering and shown as a tooltip.
    pub code: String,
    pub action: String,
    pub object: String,
}

/// A catalogue key made of a prefix and a code (`meeting.record_under_silence` →
/// `audit-act-meeting-record-under-silence`).
fn audit_key(prefix: &str, code: &str) -> String {
    format!("{prefix}{}", code.replace(['.', '_'], "-"))
}

fn audit_line(e: &AuditEntryDto, names: &std::collections::HashMap<String, String>, layout: &Layout) -> AuditLine {
    let lang = layout.lang;
    let known = |key: &str| {
        let text = lang.t(key);
        (text != key).then_some(text)
    };
    let name = names.get(&e.actor).cloned().unwrap_or_else(|| e.actor.clone());
    let who = match &e.actor_nation {
        Some(n) => lang.t_args("audit-who-nation", &[("nation", layout.nation(n).into()), ("name", name.into())]),
        None if names.contains_key(&e.actor) => lang.t1("audit-who-staff", "name", name),
        None => lang.t1("audit-who-system", "name", name),
    };
    // An action without words of its own reads as its code's words ("meeting held").
    let action = known(&audit_key("audit-act-", &e.action)).unwrap_or_else(|| e.action.replace(['.', '_'], " "));
    let id = if e.entity_id.len() == 3 && e.entity_id.bytes().all(|b| b.is_ascii_uppercase()) {
        layout.nation(&e.entity_id)
    } else {
        e.entity_id.clone()
    };
    let object = known(&audit_key("audit-obj-", &e.entity))
        .map(|_| lang.t1(&audit_key("audit-obj-", &e.entity), "id", id.clone()))
        .unwrap_or_else(|| format!("{} {id}", e.entity.replace('_', " ")));
    AuditLine { seq: e.seq, at: e.at, who, code: e.action.clone(), action, object }
}

impl AuditPageView {
    fn field(&self, key: &str) -> String {
        self.q.get(key).cloned().unwrap_or_default()
    }
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<params::Query>,
    Q(filter): Q<svc::AuditParams>,
) -> Result<Response, AppError> {
    let p = &ctx.principal;
    let page = svc::audit_page(&ctx.scope, &filter).await?;
    // Who acted, by the name their account shows (those the reader may list), and their delegation.
    let names: std::collections::HashMap<String, String> = ctx
        .scope
        .accounts(None)
        .await
        .map(|list| list.into_iter().map(|a| (a.username.clone(), a.display_name.clone())).collect())
        .unwrap_or_default();
    let layout = Layout::new(ctx.lang, &uri, None, &state, &ctx.identity);
    let items = page.items.iter().map(|e| audit_line(e, &names, &layout)).collect();
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
        layout,
        items,
        next,
        is_admin: p.reads_whole_audit(),
        readable: p.reads_whole_audit() || p.nation().is_some(),
        q,
    })
}
