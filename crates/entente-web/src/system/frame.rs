//! What every page's frame needs beyond the page itself: the signed-in user's unread
//! notifications and the one-time notice left by the action just done.
//!
//! The count is taken once per request, in the same query that identifies the caller (see
//! `auth::identify`), and only for signed-in browser sessions on page routes (not the API, assets
//! or feeds): one indexed `COUNT(*)` as a subquery. Both are handed to `Layout::new` through a
//! task-local value, so the many page handlers need not pass them along; outside a request they
//! read as nothing.
//!
//! **One-time notices** (post/redirect/get): a form that succeeds answers with a redirect (303);
//! [`after_response`] then leaves a short-lived cookie naming the notice (the handler's
//! [`Notice`], else "saved"), the page redirected to shows it in the reader's language, and that
//! page's response clears the cookie, so a reload does not show it again. Only the names in
//! [`NOTICES`] are read back: the cookie cannot put text of its own on a page.

use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;

/// What the frame of this request's page shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Frame {
    pub unread: usize,
    /// The notice to show once, by its name in [`NOTICES`].
    pub notice: Option<&'static str>,
}

tokio::task_local! {
    static FRAME: Frame;
}

/// The signed-in user's unread notifications, as counted for this request (0 outside one).
pub fn unread_now() -> usize {
    FRAME.try_with(|f| f.unread).unwrap_or(0)
}

/// The message key of the one-time notice this page shows, if any (`notice-<name>`).
pub fn notice_now() -> Option<String> {
    FRAME.try_with(|f| f.notice).ok().flatten().map(|n| format!("notice-{n}"))
}

/// Paths whose responses have no page header.
const NO_HEADER: [&str; 5] = ["/api/", "/static/", "/calendar/", "/healthz", "/lang/"];

/// Whether the response to `path` is a page with a header (and so shows the unread count).
pub fn has_header(path: &str) -> bool {
    !NO_HEADER.iter().any(|p| path.starts_with(p))
}

/// Run `fut` (the rest of the request) with the frame as identified.
pub async fn with_frame<F: std::future::Future>(frame: Frame, fut: F) -> F::Output {
    FRAME.scope(frame, fut).await
}

/// The notices a page can show once, each a message `notice-<name>` in every catalogue.
pub const NOTICES: [&str; 3] = ["saved", "signed-in", "signed-out"];

/// The notice a handler chooses for its redirect (as a response extension); without one, a
/// successful form shows "saved".
#[derive(Debug, Clone, Copy)]
pub struct Notice(pub &'static str);

impl Notice {
    /// A redirect that is not the outcome of a completed action: no notice.
    pub const NONE: Notice = Notice("");
}

const COOKIE: &str = "entente_notice";

/// The notice the request's cookie names, if it is one of [`NOTICES`].
pub fn notice_in(headers: &HeaderMap) -> Option<&'static str> {
    let named = crate::auth::cookie_value(headers, COOKIE)?;
    NOTICES.iter().find(|n| **n == named).copied()
}

/// After a request for a page with a header (see [`has_header`]; switching language is not
/// one): a successful form's redirect leaves its notice; a page that showed one clears it.
pub fn after_response(method: &Method, shown: Option<&'static str>, secure: bool, response: &mut Response) {
    let status = response.status();
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let chosen = response.extensions_mut().remove::<Notice>();
    // (value, lifetime in seconds) of the cookie to set, if any.
    let set = if !matches!(*method, Method::GET | Method::HEAD) && status == StatusCode::SEE_OTHER {
        match chosen.map_or("saved", |n| n.0) {
            "" => None,
            name => {
                debug_assert!(NOTICES.contains(&name), "notice {name} is not in NOTICES");
                Some((name, 120))
            }
        }
    } else if shown.is_some() && status.is_success() && html {
        Some(("", 0))
    } else {
        None
    };
    if let Some(v) = set.and_then(|(value, max_age)| crate::auth::set_cookie(COOKIE, value, max_age, secure)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}
