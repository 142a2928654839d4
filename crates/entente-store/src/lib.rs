//! Entente's storage layer: one codebase over SQLite (embedded default) and PostgreSQL (production).
//!
//! [`Store::connect`] picks the backend from the URL scheme; [`Store::migrate`] applies the
//! forward-only migrations. [`Store::connect_existing`] opens a database that must exist, for
//! callers that only read (SQLite: read-only, never created). Repositories per area
//! (`registry`, …) are methods on [`Store`].

pub mod access;
pub mod accounts;
pub mod audit;
pub mod backup;
pub mod checkpoint;
pub mod consultation;
pub mod cooperation;
pub mod entities;
mod error;
pub mod evaluation;
mod migrations;
pub mod notify;
pub mod registry;
pub mod reports;
pub mod snapshot;
pub mod subscriptions;
pub mod warning;

use std::str::FromStr;
use std::time::Duration;

use sea_orm::{DatabaseConnection, SqlxPostgresConnector, SqlxSqliteConnector};
use sea_orm_migration::MigratorTrait;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use access::Scoped;
pub use audit::{Actor, Verification};
pub use error::{StoreError, redact};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, or a clear error for any other scheme.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::UnsupportedUrl { scheme: scheme.to_string() }),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// How raw SQL names its first bound parameter on this backend.
    pub(crate) fn first_parameter(self) -> &'static str {
        match self {
            Backend::Sqlite => "?",
            Backend::Postgres => "$1",
        }
    }
}

/// How [`Store::open`] opens an SQLite file.
#[derive(Clone, Copy)]
enum Access {
    /// Read-write, created if missing, in WAL mode.
    Create,
    /// Read-only; the file must exist.
    ReadOnly,
}

/// A connected database. On SQLite, writes go through a single connection (SQLite allows one
/// writer at a time) and reads through a pool, in WAL mode so readers never wait for the writer.
/// On PostgreSQL both are the same pool.
///
/// A handle is cloned for every request and every scoped view, so a clone is one reference count:
/// the connections live behind one `Arc`.
#[derive(Clone)]
pub struct Store(std::sync::Arc<Connections>);

/// What a [`Store`] handle shares with its clones.
pub struct Connections {
    read: DatabaseConnection,
    write: DatabaseConnection,
    backend: Backend,
    /// Where uploaded documents go; `None` keeps them in the database.
    files: Option<std::sync::Arc<std::path::PathBuf>>,
    /// The registry held in memory (see [`snapshot`]).
    registry: std::sync::Arc<snapshot::RegistryCache>,
    /// The cooperation menu held in memory (see [`cooperation::menu`]).
    menu: std::sync::Arc<cooperation::menu::MenuCache>,
}

impl std::ops::Deref for Store {
    type Target = Connections;
    fn deref(&self) -> &Connections {
        &self.0
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Connect to the database `url` names, creating an SQLite file that does not exist yet (in
    /// WAL mode). The schema is left as it is: [`Store::migrate`] brings it up to date.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::open(url, Access::Create).await
    }

    /// Connect to a database that must already exist, for a caller that only reads: on SQLite
    /// the file is opened read-only (`SQLITE_OPEN_READONLY`, never created, its journal mode left
    /// as it is), and a missing file is [`StoreError::NoDatabase`]; on PostgreSQL this is
    /// [`Store::connect`]. Nothing is migrated: check [`Store::pending_migrations`] first.
    pub async fn connect_existing(url: &str) -> Result<Store, StoreError> {
        Store::open(url, Access::ReadOnly).await
    }

    async fn open(url: &str, access: Access) -> Result<Store, StoreError> {
        let backend = Backend::from_url(url)?;
        let bad_url = |e: sqlx::Error| StoreError::BadUrl { message: e.to_string() };
        match backend {
            Backend::Sqlite => {
                let memory = url.contains(":memory:") || url.contains("mode=memory");
                let parsed = SqliteConnectOptions::from_str(url).map_err(bad_url)?;
                let opts = match access {
                    Access::Create => parsed
                        .create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal),
                    Access::ReadOnly => {
                        let path = parsed.get_filename();
                        if !memory && !path.exists() {
                            return Err(StoreError::NoDatabase { path: path.to_path_buf() });
                        }
                        parsed.create_if_missing(false).read_only(true)
                    }
                }
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
                let writer = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(opts.clone())
                    .await
                    .map_err(|e| StoreError::connect(url, e))?;
                let write = SqlxSqliteConnector::from_sqlx_sqlite_pool(writer);
                let read = if memory {
                    write.clone()
                } else {
                    let readers = SqlitePoolOptions::new()
                        .max_connections(8)
                        .connect_with(opts)
                        .await
                        .map_err(|e| StoreError::connect(url, e))?;
                    SqlxSqliteConnector::from_sqlx_sqlite_pool(readers)
                };
                Ok(Store(std::sync::Arc::new(Connections {
                    read,
                    write,
                    backend,
                    files: None,
                    registry: Default::default(),
                    menu: Default::default(),
                })))
            }
            Backend::Postgres => {
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .map_err(|e| StoreError::connect(url, e))?;
                let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
                Ok(Store(std::sync::Arc::new(Connections {
                    read: conn.clone(),
                    write: conn,
                    backend,
                    files: None,
                    registry: Default::default(),
                    menu: Default::default(),
                })))
            }
        }
    }

    /// Keep uploaded documents as files in `dir` (named by their SHA-256) instead of in the database.
    pub fn with_files_dir(self, dir: std::path::PathBuf) -> Store {
        Store(std::sync::Arc::new(Connections {
            read: self.read.clone(),
            write: self.write.clone(),
            backend: self.backend,
            files: Some(std::sync::Arc::new(dir)),
            registry: self.registry.clone(),
            menu: self.menu.clone(),
        }))
    }

    pub fn files_dir(&self) -> Option<&std::path::Path> {
        self.files.as_deref().map(|p| p.as_path())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Apply every pending migration; returns the names of those applied now.
    pub async fn migrate(&self) -> Result<Vec<String>, StoreError> {
        let before: Vec<String> = migrations::Migrator::get_applied_migrations(&self.write)
            .await?
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        migrations::Migrator::up(&self.write, None).await?;
        let after = migrations::Migrator::get_applied_migrations(&self.write).await?;
        Ok(after.iter().map(|m| m.name().to_string()).filter(|n| !before.contains(n)).collect())
    }

    /// Names of the migrations this build knows that the database has not applied yet. Only
    /// reads: a database without the migration table (nothing applied) is not given one, so this
    /// works on a store from [`Store::connect_existing`].
    pub async fn pending_migrations(&self) -> Result<Vec<String>, StoreError> {
        Ok(migrations::Migrator::get_pending_migrations_read_only(&self.write)
            .await?
            .iter()
            .map(|m| m.name().to_string())
            .collect())
    }

    /// Close every connection (flushes SQLite's WAL on the last one).
    pub async fn close(self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            self.read.clone().close().await?;
        }
        self.write.clone().close().await?;
        Ok(())
    }

    pub(crate) fn reader(&self) -> &DatabaseConnection {
        &self.read
    }

    pub(crate) fn writer(&self) -> &DatabaseConnection {
        &self.write
    }

    pub(crate) fn registry_cache(&self) -> &snapshot::RegistryCache {
        &self.registry
    }

    pub(crate) fn menu_cache(&self) -> &cooperation::menu::MenuCache {
        &self.menu
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_comes_from_the_scheme() {
        assert_eq!(Backend::from_url("sqlite://entente.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::from_url("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert_eq!(Backend::from_url("postgresql://u@h/db").unwrap(), Backend::Postgres);
        let e = Backend::from_url("mysql://u@h/db").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unsupported database URL scheme 'mysql': use sqlite://PATH (embedded) or postgres://USER@HOST/DB"
        );
        assert!(Backend::from_url("entente.db").is_err());
    }
}
