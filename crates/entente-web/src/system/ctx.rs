//! The request context: the only way a handler reaches data.
//!
//! [`Ctx`] (a signed-in caller) and [`Visitor`] (anyone, signed in or not) are extractors. Each
//! holds the caller, an [`entente_store::Scoped`] handle that reads only what the caller may see and
//! writes only with the domain's permits, the registry snapshot, the instant the request is
//! handled at and the reader's language.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use entente_domain::access::{Principal, Viewer};
use entente_domain::consultation::{Meeting, ResponseTargets};
use entente_domain::registry::Network;
use entente_store::Scoped;
use entente_store::snapshot::Registry;

use super::AppState;
use super::auth::{Identity, identity_of};
use crate::error::AppError;
use crate::i18n::Lang;

/// A signed-in caller's request. Anyone else is told to sign in (401, or a redirect on pages).
pub struct Ctx {
    pub principal: Principal,
    pub scope: Scoped,
    pub registry: Arc<Registry>,
    pub now: DateTime<Utc>,
    pub lang: Lang,
    /// How the caller proved who they are (session, token), for the page frame and CSRF.
    pub identity: Identity,
    /// Response targets for consultation requests (configured).
    pub targets: ResponseTargets,
}

impl Ctx {
    /// The partnership network, with its whole history.
    pub fn net(&self) -> &Network {
        &self.registry.network
    }

    pub fn viewer(&self) -> Viewer<'_> {
        Viewer::User(&self.principal)
    }

    /// The time a change is stamped with: taken when the change is made, after what it changes
    /// was read, so an append-only history read after a concurrent request's commit never
    /// receives an entry dated before that request's.
    pub fn stamp(&self) -> DateTime<Utc> {
        Utc::now().max(self.now)
    }

    /// A meeting this caller may see; otherwise not found, as a missing one.
    pub async fn meeting(&self, id: i64) -> Result<Meeting, AppError> {
        Ok(self.scope.meeting(id, self.net()).await?)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let identity = identity_of(parts);
        let Some(principal) = identity.principal() else { return Err(AppError::Unauthorized) };
        let registry = state.store.registry().await?;
        let scope = state.store.scoped_in(Some(&principal), &registry).await?;
        Ok(Ctx {
            principal,
            scope,
            registry,
            now: Utc::now(),
            lang: Lang::from_headers(&parts.headers),
            identity,
            targets: state.config.response_targets,
        })
    }
}

/// Anyone's request: public pages and the public API. The scope reads only public items for an
/// anonymous visitor.
pub struct Visitor {
    pub principal: Option<Principal>,
    pub scope: Scoped,
    pub registry: Arc<Registry>,
    pub now: DateTime<Utc>,
    pub lang: Lang,
    pub identity: Identity,
}

impl Visitor {
    pub fn net(&self) -> &Network {
        &self.registry.network
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let identity = identity_of(parts);
        let principal = identity.principal();
        let registry = state.store.registry().await?;
        let scope = state.store.scoped_in(principal.as_ref(), &registry).await?;
        Ok(Visitor { principal, scope, registry, now: Utc::now(), lang: Lang::from_headers(&parts.headers), identity })
    }
}
