//! What every page's frame needs from the store: the signed-in user's unread notifications.
//!
//! The count is taken once per request, in the same query that identifies the caller (see
//! `auth::identify`), and only for signed-in browser sessions on page routes (not the API, assets
//! or feeds): one indexed `COUNT(*)` as a subquery. It is handed to `Layout::new` through a
//! task-local value, so the many page handlers need not pass it along; outside a request it reads 0.

tokio::task_local! {
    static UNREAD: usize;
}

/// The signed-in user's unread notifications, as counted for this request (0 outside one).
pub fn unread_now() -> usize {
    UNREAD.try_with(|n| *n).unwrap_or(0)
}

/// Paths whose responses have no page header.
const NO_HEADER: [&str; 5] = ["/api/", "/static/", "/calendar/", "/healthz", "/lang/"];

/// Whether the response to `path` is a page with a header (and so shows the unread count).
pub fn has_header(path: &str) -> bool {
    !NO_HEADER.iter().any(|p| path.starts_with(p))
}

/// Run `fut` (the rest of the request) with the caller's unread count, as identified.
pub async fn with_unread<F: std::future::Future>(unread: usize, fut: F) -> F::Output {
    UNREAD.scope(unread, fut).await
}
