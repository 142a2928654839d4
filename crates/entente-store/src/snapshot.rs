//! The registry held in memory: an immutable snapshot (the network with its history, frameworks,
//! formats, groupings) shared by `Arc` and replaced whole when the registry changes. Every write
//! to the registry bumps `registry_version` in its own transaction; [`Store::registry`] reads that
//! one row and rebuilds the snapshot only when it moved, so a server never serves a registry older
//! than the last committed write — whichever process made it.

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
}

impl Registry {
    pub fn format(&self, slug: &str) -> Option<&Format> {
        self.formats.iter().find(|f| f.slug == slug)
    }
}

/// The snapshot a store handle shares with its clones.
#[derive(Default)]
pub(crate) struct RegistryCache {
    current: RwLock<Option<Arc<Registry>>>,
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

impl Store {
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

    /// The registry as currently committed, from memory when it has not changed.
    pub async fn registry(&self) -> Result<Arc<Registry>, StoreError> {
        let version = self.registry_version().await?;
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
        });
        if let Ok(mut guard) = self.registry_cache().current.write() {
            *guard = Some(fresh.clone());
        }
        Ok(fresh)
    }
}
