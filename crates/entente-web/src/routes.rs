//! Every route of the application is declared through [`Routes`], which keeps a table of them
//! beside the router. Tests walk that table, so a new route cannot escape them.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// Which surface a route belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// A server-rendered HTML page.
    Page,
    /// The JSON API under `/api/v1`.
    Api,
    /// Static assets, documentation and probes.
    Asset,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
    pub surface: Surface,
}

pub struct Routes {
    router: Router<AppState>,
    /// Probes: answered without the session, page-error and caching layers (see [`Routes::probe`]).
    probes: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes { router: Router::new(), probes: Router::new(), table: Vec::new() }
    }
}

impl Routes {
    fn add(mut self, method: &'static str, surface: Surface, path: &'static str, mr: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, mr);
        self.table.push(RouteInfo { method, path, surface });
        self
    }

    pub fn get<H, T>(self, surface: Surface, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", surface, path, get(handler))
    }

    pub fn post<H, T>(self, surface: Surface, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", surface, path, post(handler))
    }

    /// A POST route whose body may be larger than the default limit (uploads).
    pub fn post_limited<H, T>(self, surface: Surface, path: &'static str, handler: H, limit: usize) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", surface, path, post(handler).layer(axum::extract::DefaultBodyLimit::max(limit)))
    }

    /// A POST route whose handler streams the body itself and enforces its own limit (large
    /// uploads written to disk as they arrive, never held in memory).
    pub fn post_streamed<H, T>(self, surface: Surface, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", surface, path, post(handler).layer(axum::extract::DefaultBodyLimit::disable()))
    }

    /// A GET probe for monitors (`/healthz`): it knows no session, renders no page and is never
    /// cached, so it is served outside those layers, with only the security headers and tracing.
    pub fn probe<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.probes = self.probes.route(path, get(handler));
        self.table.push(RouteInfo { method: "GET", path, surface: Surface::Asset });
        self
    }

    /// Record routes that a nested router (e.g. the API documentation) serves itself.
    pub fn merge_documented(mut self, router: Router<AppState>, routes: &[(&'static str, &'static str)]) -> Self {
        self.router = self.router.merge(router);
        self.table.extend(routes.iter().map(|(method, path)| RouteInfo { method, path, surface: Surface::Asset }));
        self
    }

    /// The application's routes, the probes, and the table of both.
    pub fn into_parts(self) -> (Router<AppState>, Router<AppState>, Vec<RouteInfo>) {
        (self.router, self.probes, self.table)
    }
}
