//! The application's shared state.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use entente_store::Store;
use serde::Serialize;

use super::search::Search;
use crate::WebConfig;
use crate::error::AppError;

/// What every request shares: the store (reachable only from `system`), the configuration and
/// the search index. Cloned by every middleware and handler that takes it, so a clone is one
/// reference count (the parts live behind one `Arc`).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`], reached through it as fields (`state.config`).
pub struct Shared {
    pub(in crate::system) store: Store,
    pub config: WebConfig,
    /// The full-text index of the consultation forum.
    pub search: Search,
    /// One event import runs at a time; the others wait their turn.
    pub(in crate::system) imports: tokio::sync::Semaphore,
    /// Documents read into the database (when no files directory is configured) are read one at
    /// a time, so concurrent uploads cannot each hold a whole file in memory.
    documents: tokio::sync::Semaphore,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, config: WebConfig, search: Search) -> Self {
        AppState(Arc::new(Shared {
            store,
            config,
            search,
            imports: tokio::sync::Semaphore::new(1),
            documents: tokio::sync::Semaphore::new(1),
        }))
    }

    /// Index a meeting and everything in it again, after a committed write.
    pub async fn meeting_changed(&self, meeting_id: i64) {
        self.search.meeting_changed(&self.store.system(), meeting_id).await;
    }

    /// The registry changed: the search index's readers are computed again (see
    /// [`Search::registry_changed`]).
    pub async fn registry_changed(&self) {
        self.search.registry_changed(&self.store).await;
    }

    /// Index a consultation request, after it is filed.
    pub async fn request_changed(&self, request_id: i64) {
        self.search.request_changed(&self.store.system(), request_id).await;
    }

    /// A private temporary directory for a file being received (removed with it): in the
    /// uploaded-files directory when one is configured, so a received file is moved into place
    /// on the same disk, else in the system's temporary directory.
    pub fn receiving_dir(&self, prefix: &str) -> std::io::Result<tempfile::TempDir> {
        let base = self.store.files_dir().map_or_else(std::env::temp_dir, std::path::Path::to_path_buf);
        std::fs::create_dir_all(&base)?;
        tempfile::Builder::new().prefix(prefix).tempdir_in(&base)
    }

    /// A turn to store a received document; while no files directory is configured the store
    /// reads the document into memory, so turns are limited.
    pub async fn document_turn(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        match self.store.files_dir() {
            Some(_) => None,
            None => self.documents.acquire().await.ok(),
        }
    }

    /// The registry as last loaded, for names in a page's frame (see `Store::registry_loaded`).
    pub fn registry_loaded(&self) -> Option<std::sync::Arc<entente_store::snapshot::Registry>> {
        self.store.registry_loaded()
    }

    /// A sentence of the product in `lang`, nations named from the registry last loaded.
    pub fn say(&self, lang: crate::i18n::Lang, said: &entente_domain::said::Said) -> String {
        let registry = self.registry_loaded();
        crate::i18n::say(lang, said, registry.as_ref().map(|r| &r.network))
    }

    /// What an error tells the reader of a page, in `lang`.
    pub fn refusal(&self, lang: crate::i18n::Lang, e: &crate::error::AppError) -> String {
        self.say(lang, &e.said())
    }

    /// Which database engine the store runs on.
    pub fn backend(&self) -> entente_store::Backend {
        self.store.backend()
    }
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

/// How old a successful database check may be for `/healthz` to report the database reachable
/// without a check of its own. Under load the registry's version checks run all the time, so a
/// probe costs no query; on a quiet server it runs one.
const HEALTH_CHECK_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(1);

/// Liveness and database reachability (a database check that succeeded within the last second).
pub async fn health(State(state): State<AppState>) -> Result<Response, AppError> {
    state.store.database_probe(HEALTH_CHECK_MAX_AGE).await?;
    Ok(axum::Json(Health { status: "ok", database: state.store.backend().name() }).into_response())
}
