//! The registry held in memory: an immutable snapshot (the network with its history, frameworks,
//! formats, groupings) shared by `Arc` and replaced whole when the registry changes. Every write
//! to the registry bumps `registry_version` in its own transaction; [`Store::registry`] reads that
//! one row and rebuilds the snapshot only when it moved, so a server never serves a registry older
//! than the last committed write — whichever process made it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use entente_domain::registry::{Format, Framework, Grouping, Network};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Query};

use crate::{Store, StoreError};

/// The registry as of one version.
#[derive(Debug)]
pub struct Registry {
    pub version: i64,
    pub network: Network,
    pub frameworks: Vec<Framework>,
    /// Every format, by name.
    pub formats: Vec<Format>,
    pub groupings: Vec<Grouping>,
    /// Database ids of nations and frameworks by code, for scoping a caller without a query.
    pub(crate) ids: RowIds,
    /// Answers computed from this snapshot, kept while it is current (see [`Memo`]).
    pub memo: Memo,
}

/// Answers computed from one registry snapshot (a serialized public listing, say), by key.
///
/// It lives and dies with its snapshot: a write to the registry makes a new snapshot with an
/// empty memo, so nothing here can outlive the data it was computed from. The key must name
/// everything else the answer depends on (route, resolved date, query). Bounded: past
/// [`Memo::MAX_ENTRIES`] entries or [`Memo::MAX_BYTES`] bytes it starts again empty.
#[derive(Default)]
pub struct Memo {
    entries: RwLock<MemoEntries>,
}

#[derive(Default)]
struct MemoEntries {
    map: std::collections::HashMap<String, Arc<dyn std::any::Any + Send + Sync>>,
    bytes: usize,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.entries.read().map(|e| e.map.len()).unwrap_or(0);
        f.debug_struct("Memo").field("entries", &n).finish()
    }
}

impl Memo {
    pub const MAX_ENTRIES: usize = 1024;
    pub const MAX_BYTES: usize = 32 << 20;

    /// The value kept under `key`, if it is there and of type `T`.
    pub fn get<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        let entries = self.entries.read().ok()?;
        entries.map.get(key).cloned().and_then(|v| v.downcast::<T>().ok())
    }

    /// Keep `value` (about `size` bytes) under `key`.
    pub fn put<T: Send + Sync + 'static>(&self, key: String, value: Arc<T>, size: usize) {
        if size > Self::MAX_BYTES / 8 {
            return;
        }
        let Ok(mut entries) = self.entries.write() else { return };
        if entries.map.len() >= Self::MAX_ENTRIES || entries.bytes + size > Self::MAX_BYTES {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += size + key.len();
        entries.map.insert(key, value);
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Row ids of the registry's nations and frameworks, by code.
#[derive(Debug, Default)]
pub(crate) struct RowIds {
    pub(crate) nations: std::collections::HashMap<String, i64>,
    pub(crate) frameworks: std::collections::HashMap<String, i64>,
}

impl Registry {
    pub fn format(&self, slug: &str) -> Option<&Format> {
        self.formats.iter().find(|f| f.slug == slug)
    }
}

/// The snapshot a store handle shares with its clones, and the version checks they share.
///
/// Checks of the version row are coalesced: one runs at a time, and a caller takes the result of
/// a check that *started after it arrived* instead of running its own. Such a check saw every write
/// committed before the caller arrived, so nothing stale is served, and under load one query
/// answers every request that queued behind the one in flight (measured in BENCHMARKS.md, HTTP load).
#[derive(Default)]
pub(crate) struct RegistryCache {
    current: RwLock<Option<Arc<Registry>>>,
    /// How many version checks have started.
    checks_started: AtomicU64,
    /// The last completed check: its number (1-based, in start order) and the version it read.
    last_check: tokio::sync::Mutex<(u64, i64)>,
    /// When a version check last succeeded.
    last_success: std::sync::Mutex<Option<std::time::Instant>>,
}

/// Bump the registry's version inside a write's transaction.
pub(crate) async fn registry_changed<C: ConnectionTrait>(txn: &C) -> Result<(), StoreError> {
    let stmt = Query::update()
        .table(sea_orm::sea_query::Alias::new("registry_version"))
        .value(sea_orm::sea_query::Alias::new("version"), Expr::col(sea_orm::sea_query::Alias::new("version")).add(1))
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).eq(1))
        .to_owned();
    txn.execute(&stmt).await?;
    Ok(())
}

/// Bump the registry's version inside a write's transaction, only from `expected`: `false` (and
/// nothing changed) when another write moved it first.
pub(crate) async fn registry_changed_from<C: ConnectionTrait>(txn: &C, expected: i64) -> Result<bool, StoreError> {
    let stmt = Query::update()
        .table(sea_orm::sea_query::Alias::new("registry_version"))
        .value(sea_orm::sea_query::Alias::new("version"), Expr::col(sea_orm::sea_query::Alias::new("version")).add(1))
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).eq(1))
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("version")).eq(expected))
        .to_owned();
    Ok(txn.execute(&stmt).await?.rows_affected() == 1)
}

impl Store {
    async fn row_ids(&self) -> Result<RowIds, StoreError> {
        use crate::entities::{framework, nation};
        use sea_orm::EntityTrait;
        let db = self.reader();
        Ok(RowIds {
            nations: nation::Entity::find().all(db).await?.into_iter().map(|n| (n.code, n.id)).collect(),
            frameworks: framework::Entity::find().all(db).await?.into_iter().map(|f| (f.code, f.id)).collect(),
        })
    }

    /// The registry's stored version.
    pub async fn registry_version(&self) -> Result<i64, StoreError> {
        let stmt = Query::select()
            .column(sea_orm::sea_query::Alias::new("version"))
            .from(sea_orm::sea_query::Alias::new("registry_version"))
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).eq(1))
            .to_owned();
        let row = self.reader().query_one(&stmt).await?;
        Ok(match row {
            Some(r) => r.try_get("", "version")?,
            None => 0,
        })
    }

    /// The registry's version as committed when this call began: from a check that started after
    /// it, run here or shared with the callers that arrived at the same time (see [`RegistryCache`]).
    /// Also the server's database probe.
    pub async fn registry_version_now(&self) -> Result<i64, StoreError> {
        let cache = self.registry_cache();
        let arrived = cache.checks_started.load(Ordering::Acquire);
        let mut last = cache.last_check.lock().await;
        if last.0 > arrived {
            return Ok(last.1);
        }
        let number = cache.checks_started.fetch_add(1, Ordering::AcqRel) + 1;
        let version = self.registry_version().await?;
        *last = (number, version);
        if let Ok(mut at) = cache.last_success.lock() {
            *at = Some(std::time::Instant::now());
        }
        Ok(version)
    }

    /// Whether the database answers: `Ok` at once when a check of the registry's version
    /// succeeded within `max_age`, otherwise after running one (which fails when the database
    /// does not answer).
    pub async fn database_probe(&self, max_age: std::time::Duration) -> Result<(), StoreError> {
        let recent =
            self.registry_cache().last_success.lock().ok().and_then(|at| *at).is_some_and(|at| at.elapsed() <= max_age);
        if !recent {
            self.registry_version_now().await?;
        }
        Ok(())
    }

    /// The registry most recently loaded, without asking the database (none before the first
    /// load): for labels such as a nation's name in a page's frame, where a snapshot one write
    /// behind does no harm. Anything deciding access or content uses [`Store::registry`].
    pub fn registry_loaded(&self) -> Option<Arc<Registry>> {
        self.registry_cache().current.read().ok().and_then(|g| g.clone())
    }

    /// The registry as currently committed, from memory when it has not changed.
    pub async fn registry(&self) -> Result<Arc<Registry>, StoreError> {
        let version = self.registry_version_now().await?;
        if let Ok(guard) = self.registry_cache().current.read()
            && let Some(r) = guard.as_ref()
            && r.version == version
        {
            return Ok(r.clone());
        }
        // A write that commits while this loads moves the version past `version`: the next call
        // loads again, so a mixed snapshot lives for at most this one call.
        let fresh = Arc::new(Registry {
            version,
            network: self.load_network().await?,
            frameworks: self.frameworks().await?,
            formats: self.formats().await?,
            groupings: self.groupings().await?,
            ids: self.row_ids().await?,
            memo: Memo::default(),
        });
        if let Ok(mut guard) = self.registry_cache().current.write() {
            *guard = Some(fresh.clone());
        }
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_answers_by_key_and_type_and_starts_again_when_full() {
        let memo = Memo::default();
        memo.put("a".into(), Arc::new(String::from("one")), 3);
        assert_eq!(memo.get::<String>("a").as_deref().map(String::as_str), Some("one"));
        assert!(memo.get::<Vec<u8>>("a").is_none(), "another type under the same key is not found");
        assert!(memo.get::<String>("b").is_none());
        for i in 0..Memo::MAX_ENTRIES {
            memo.put(format!("k{i}"), Arc::new(i), 8);
        }
        assert!(memo.len() <= Memo::MAX_ENTRIES);
        assert!(memo.get::<String>("a").is_none(), "the memo started again when it was full");
        memo.put("huge".into(), Arc::new(0u8), Memo::MAX_BYTES);
        assert!(memo.get::<u8>("huge").is_none(), "an answer too large to keep is not kept");
    }
}
