//! Who is calling: a session cookie (pages), an API token (machines), or nobody.
//!
//! The `identify` middleware resolves the caller once per request and puts an [`Identity`] in the
//! request; handlers take [`Caller`], [`Signed`] or [`Scope`] extractors. State-changing requests
//! made with a session cookie must carry the session's CSRF token (form field `csrf`, header
//! `x-csrf-token`, or the `csrf` query parameter for multipart forms) and, when the browser sends
//! one, an `Origin` of this site.

pub mod redirect;
pub mod secrets;

pub use redirect::local_target;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use entente_domain::access::Principal;
use entente_store::accounts::{Account, SessionRecord};

use crate::AppState;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "entente_session";
/// Before sign-in: the double-submit token that protects the sign-in form itself.
pub const PRE_COOKIE: &str = "entente_pre";
/// Session stage while the second factor is awaited.
pub const STAGE_TOTP: &str = "totp";
pub const STAGE_ACTIVE: &str = "active";

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    Session,
    Token,
    /// Password accepted, second factor awaited.
    PendingTotp,
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub account: Option<Account>,
    pub session: Option<SessionRecord>,
    pub via: Via,
    pub ip: String,
}

impl Identity {
    pub fn principal(&self) -> Option<Principal> {
        match self.via {
            Via::Session | Via::Token => self.account.as_ref().map(Account::principal),
            _ => None,
        }
    }

    /// The CSRF token forms must carry (for signed-in sessions).
    pub fn csrf(&self) -> String {
        self.session.as_ref().map(|s| s.csrf_token.clone()).unwrap_or_default()
    }
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value with the attributes every cookie of ours carries.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")).ok()
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(f) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = f.split(',').next()
    {
        return first.trim().chars().take(64).collect();
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "local".into())
}

/// Who is calling, and — for a signed-in session on a page with a header — their unread
/// notifications. A session costs one query (session, account and count together); the session
/// is written at most once a minute.
async fn resolve(state: &AppState, headers: &HeaderMap, ip: String, path: &str) -> Result<(Identity, usize), AppError> {
    let anonymous = Identity { account: None, session: None, via: Via::Anonymous, ip: ip.clone() };
    if let Some(auth) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let Some(token) = auth.strip_prefix("Bearer ").map(str::trim) else {
            return Err(AppError::Unauthorized);
        };
        return match state.store.token_by_hash(&secrets::sha256_hex(token)).await? {
            Some((_, account)) if !account.disabled => {
                Ok((Identity { account: Some(account), session: None, via: Via::Token, ip }, 0))
            }
            _ => Err(AppError::Unauthorized),
        };
    }
    let Some(token) = cookie_value(headers, SESSION_COOKIE) else { return Ok((anonymous, 0)) };
    let id = secrets::sha256_hex(&token);
    let Some((session, account, unread)) =
        state.store.session_with_account(&id, crate::system::frame::has_header(path)).await?
    else {
        return Ok((anonymous, 0));
    };
    let now = Utc::now();
    let idle = Duration::minutes(state.config.session_idle_minutes);
    if session.expires_at <= now || session.last_seen_at + idle <= now || account.disabled {
        state.store.delete_session(&id).await?;
        return Ok((anonymous, 0));
    }
    if now - session.last_seen_at > Duration::seconds(60) {
        state.store.touch_session(&id).await?;
    }
    let via = if session.stage == STAGE_TOTP { Via::PendingTotp } else { Via::Session };
    let unread = if via == Via::Session { unread.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)) } else { 0 };
    Ok((Identity { account: Some(account), session: Some(session), via, ip }, unread))
}

const MAX_FORM: usize = 2 * 1024 * 1024;

/// The scheme this site is reached by: `https` when cookies are marked secure (served behind TLS)
/// or a trusted proxy says so in `X-Forwarded-Proto`, else `http`.
fn site_scheme(headers: &axum::http::HeaderMap, state: &AppState) -> &'static str {
    let forwarded = state.config.trust_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    if state.config.secure_cookies || forwarded { "https" } else { "http" }
}

/// Whether an `Origin` header names this site: the same scheme, host and port (RFC 6454), nothing
/// after them.
pub fn same_origin(origin: &str, scheme: &str, host: &str) -> bool {
    let Some((o_scheme, o_host)) = origin.split_once("://") else { return false };
    !host.is_empty()
        && o_scheme.eq_ignore_ascii_case(scheme)
        && o_host.eq_ignore_ascii_case(host)
        && !o_host.contains(['/', '?', '#', '@'])
}

/// Resolve the caller, enforce CSRF on state-changing requests, and pass the request on.
pub async fn identify(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ip = client_ip(&req, state.config.trust_proxy);
    let (mut parts, body) = req.into_parts();
    let (identity, unread) = match resolve(&state, &parts.headers, ip, parts.uri.path()).await {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let mut body = body;
    if !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        if let Some(origin) = parts.headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            let host = parts.headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            let scheme = site_scheme(&parts.headers, &state);
            if origin != "null" && !same_origin(origin, scheme, host) {
                return AppError::Forbidden(entente_domain::said!("err-cross-site", "cross-site request refused"))
                    .into_response();
            }
        }
        if matches!(identity.via, Via::Session | Via::PendingTotp) {
            let expected = identity.csrf();
            let mut presented = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
            if presented.is_none() {
                presented = parts.uri.query().and_then(|q| form_value(q, "csrf"));
            }
            let is_form = parts
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
            if presented.is_none() && is_form {
                let bytes = match axum::body::to_bytes(body, MAX_FORM).await {
                    Ok(b) => b,
                    Err(_) => {
                        return AppError::bad_request(
                            "body_too_large",
                            entente_domain::said!("err-form-large", "the form is too large"),
                        )
                        .into_response();
                    }
                };
                presented = std::str::from_utf8(&bytes).ok().and_then(|s| form_value(s, "csrf"));
                body = Body::from(bytes);
            }
            if expected.is_empty() || !presented.is_some_and(|p| same_secret(p.as_bytes(), expected.as_bytes())) {
                return AppError::Forbidden(entente_domain::said!(
                    "err-form-expired",
                    "the form has expired or did not come from this site; reload the page and try again"
                ))
                .into_response();
            }
        }
    }
    // An administrator-given password must be replaced before anything else: pages lead to the
    // account page, every other request is refused until the change.
    if identity.via == Via::Session
        && identity.account.as_ref().is_some_and(|a| a.must_change_password)
        && !allowed_before_password_change(&parts.method, parts.uri.path())
    {
        if parts.method == Method::GET && !parts.uri.path().starts_with("/api/") {
            return axum::response::Redirect::to("/account").into_response();
        }
        return AppError::Forbidden(entente_domain::said!(
            "err-password-change-first",
            "this account must change its password first (on the account page)"
        ))
        .into_response();
    }
    let session = matches!(identity.via, Via::Session | Via::PendingTotp);
    let page = crate::system::frame::has_header(parts.uri.path());
    let notice = if page { crate::system::frame::notice_in(&parts.headers) } else { None };
    let frame = crate::system::frame::Frame { unread, notice };
    // An error page keeps the signed-in frame: the caller, as identified, goes with the error.
    let signed_in = (page && identity.account.is_some()).then(|| identity.clone());
    let method = parts.method.clone();
    parts.extensions.insert(identity);
    let mut response = crate::system::frame::with_frame(frame, next.run(Request::from_parts(parts, body))).await;
    if session {
        response.extensions_mut().insert(crate::system::http_cache::SessionResponse);
    }
    if page {
        crate::system::frame::after_response(&method, notice, state.config.secure_cookies, &mut response);
        let failed = response.status().is_client_error() || response.status().is_server_error();
        if let Some(identity) = signed_in
            && failed
        {
            response.extensions_mut().insert(ErrorFrame { identity, unread });
        }
    }
    response
}

/// Who an error page is shown to (the frame of the page that failed), for `pages::html_errors`.
#[derive(Clone)]
pub struct ErrorFrame {
    pub identity: Identity,
    pub unread: usize,
}

/// What a session whose password must be changed may still do: read its account page, change
/// the password, sign out, switch language and load the style sheet.
fn allowed_before_password_change(method: &Method, path: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD) {
        matches!(path, "/account" | "/api/v1/me" | "/healthz")
            || path.starts_with("/static/")
            || path.starts_with("/lang/")
    } else {
        matches!(path, "/account/password" | "/api/v1/me/password" | "/logout")
    }
}

/// Compare two secrets in time that does not depend on where they differ (only on the length,
/// which is public: tokens have one fixed length). Written out rather than taken from a crate: it
/// is the whole of what is needed.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of `key` in an `a=b&c=d` string (percent-decoded).
pub fn form_value(s: &str, key: &str) -> Option<String> {
    s.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == key).map(|(_, v)| percent_decode(v))
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The identity the `identify` middleware resolved for this request (anonymous if none).
pub fn identity_of(parts: &Parts) -> Identity {
    parts.extensions.get::<Identity>().cloned().unwrap_or(Identity {
        account: None,
        session: None,
        via: Via::Anonymous,
        ip: "local".into(),
    })
}

/// The caller, signed in or not.
pub struct Caller(pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller(identity_of(parts)))
    }
}

/// A signed-in caller; anyone else is told to sign in (401, or a redirect on pages).
pub struct Signed(pub Principal, pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let id = identity_of(parts);
        match id.principal() {
            Some(p) => Ok(Signed(p, id)),
            None => Err(AppError::Unauthorized),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn form_values_are_decoded() {
        assert_eq!(super::form_value("a=1&csrf=ab%2Fc&x=y+z", "csrf").as_deref(), Some("ab/c"));
        assert_eq!(super::form_value("x=y+z", "x").as_deref(), Some("y z"));
        assert_eq!(super::form_value("x=%zz", "x").as_deref(), Some("%zz"));
        assert_eq!(super::form_value("x=%", "x").as_deref(), Some("%"));
        assert!(super::form_value("a=1", "csrf").is_none());
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(super::same_secret(b"abc", b"abc"));
        assert!(!super::same_secret(b"abc", b"abd"));
        assert!(!super::same_secret(b"abc", b"ab"));
        assert!(!super::same_secret(b"", b"a"));
    }
}

#[cfg(test)]
mod origin_tests {
    use super::same_origin;

    #[test]
    fn an_origin_must_match_scheme_host_and_port() {
        assert!(same_origin("http://entente.example", "http", "entente.example"));
        assert!(same_origin("HTTP://Entente.Example:8080", "http", "entente.example:8080"));
        assert!(!same_origin("https://entente.example", "http", "entente.example"), "another scheme");
        assert!(!same_origin("evil://entente.example", "http", "entente.example"), "another scheme");
        assert!(!same_origin("http://entente.example:8081", "http", "entente.example:8080"), "another port");
        assert!(!same_origin("http://evil.example", "http", "entente.example"), "another host");
        assert!(!same_origin("http://entente.example/x", "http", "entente.example"));
        assert!(!same_origin("entente.example", "http", "entente.example"), "no scheme");
        assert!(!same_origin("http://", "http", ""), "no host");
    }
}
