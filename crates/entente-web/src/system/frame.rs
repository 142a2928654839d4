//! What every page's frame needs from the store: the signed-in user's unread notifications.
//!
//! The count is taken once per request by [`count_unread`], a middleware that runs after the
//! caller is identified, and only for signed-in browser sessions on page routes (not the API,
//! assets or feeds): one indexed `COUNT(*)`. It is handed to `Layout::new` through a task-local
//! value, so the many page handlers need not pass it along; outside a request it reads 0.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use super::auth::{Identity, Via};

tokio::task_local! {
    static UNREAD: usize;
}

/// The signed-in user's unread notifications, as counted for this request (0 outside one).
pub fn unread_now() -> usize {
    UNREAD.try_with(|n| *n).unwrap_or(0)
}

/// Paths whose responses have no page header.
const NO_HEADER: [&str; 5] = ["/api/", "/static/", "/calendar/", "/healthz", "/lang/"];

/// Count the caller's unread notifications once for the page being rendered.
pub async fn count_unread(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let account = req
        .extensions()
        .get::<Identity>()
        .filter(|i| i.via == Via::Session)
        .and_then(|i| i.account.as_ref())
        .map(|a| a.id)
        .filter(|_| !NO_HEADER.iter().any(|p| path.starts_with(p)));
    let unread = match account {
        None => 0,
        Some(id) => match state.store.unread_count(id).await {
            Ok(n) => usize::try_from(n).unwrap_or(usize::MAX),
            Err(e) => {
                // The badge is not worth failing a page for.
                tracing::warn!(error = %e, "cannot count unread notifications");
                0
            }
        },
    };
    UNREAD.scope(unread, next.run(req)).await
}
