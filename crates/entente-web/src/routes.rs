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
    table: Vec<RouteInfo>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes { router: Router::new(), table: Vec::new() }
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

    /// Record routes that a nested router (e.g. the API documentation) serves itself.
    pub fn merge_documented(mut self, router: Router<AppState>, routes: &[(&'static str, &'static str)]) -> Self {
        self.router = self.router.merge(router);
        self.table.extend(routes.iter().map(|(method, path)| RouteInfo { method, path, surface: Surface::Asset }));
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<RouteInfo>) {
        (self.router, self.table)
    }
}
