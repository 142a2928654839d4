//! One module per command group; each exposes clap arguments and an async `run`.

pub mod allocation;
pub mod audit;
pub mod backup;
pub mod contact;
pub mod evaluation;
pub mod events;
pub mod format;
pub mod migrate;
pub mod network;
pub mod search;
pub mod serve;
pub mod user;

use std::io::IsTerminal;
use std::path::Path;

use chrono::NaiveDate;
use entente_store::{Store, StoreError};
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::exit::CliError;

/// The embedded database's file in the data directory.
pub const DATABASE_FILE: &str = "entente.db";
/// The demo's database file in the data directory (`entente demo`).
pub const DEMO_DATABASE_FILE: &str = "demo.db";

/// Log lines go to standard error, in colour only on a terminal and never when `NO_COLOR` is set
/// to anything but the empty string (<https://no-color.org>).
pub fn init_logging(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = colour(std::io::stderr().is_terminal(), std::env::var_os("NO_COLOR").as_deref());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Whether log lines are coloured: on a terminal, unless `NO_COLOR` is set and not empty.
fn colour(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Open the configured database (the SQLite file `default_file` in the data directory unless a
/// URL is configured) and bring its schema up to date: for commands that write. A command that
/// only reads uses [`open_store_read`].
pub async fn open_store(config: &Config, default_file: &str) -> Result<(Store, String), CliError> {
    let url = config.database_url_or(default_file)?;
    entente_store::Backend::from_url(&url).map_err(CliError::bad_input)?;
    let mut store = Store::connect(&url).await?;
    if let Some(dir) = &config.files_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create the files directory {}: {e}", dir.display()))?;
        store = store.with_files_dir(dir.clone());
    }
    let applied = store.migrate().await?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "database migrated");
    }
    Ok((store, entente_store::redact(&url)))
}

/// Open the configured database for a command that only reads it. Nothing is created or
/// migrated: an SQLite file that does not exist (the data directory is not created either), or a
/// schema with pending migrations, is bad input (exit 2) with one message saying what to do. On
/// SQLite the file is opened read-only.
pub async fn open_store_read(config: &Config, default_file: &str) -> Result<(Store, String), CliError> {
    let url = config.database_url_existing(default_file);
    entente_store::Backend::from_url(&url).map_err(CliError::bad_input)?;
    let shown = entente_store::redact(&url);
    let mut store = match Store::connect_existing(&url).await {
        Ok(store) => store,
        Err(StoreError::NoDatabase { path }) => return Err(CliError::bad_input(no_database(&path))),
        Err(e) => return Err(e.into()),
    };
    if let Some(dir) = &config.files_dir {
        store = store.with_files_dir(dir.clone());
    }
    let pending = store.pending_migrations().await?;
    if !pending.is_empty() {
        store.close().await?;
        let list = match pending.as_slice() {
            [one] => one.clone(),
            [first, .., last] => format!("{first} … {last}"),
            [] => String::new(),
        };
        return Err(CliError::bad_input(anyhow::anyhow!(
            "{shown} needs `entente migrate` ({} pending: {list}); a command that only reads does not migrate",
            pending.len()
        )));
    }
    Ok((store, shown))
}

/// What to say when a command that only reads finds no SQLite file at `path`; the demo's
/// database beside it is named when there is one.
fn no_database(path: &Path) -> anyhow::Error {
    let demo = path.with_file_name(DEMO_DATABASE_FILE);
    if path.file_name() == demo.file_name() {
        anyhow::anyhow!("no database at {}: the demo creates it (run: entente demo --load-only)", path.display())
    } else if demo.is_file() {
        anyhow::anyhow!(
            "no database at {}; the demo's database is {} — pass --database sqlite://{} (or run: entente demo)",
            path.display(),
            demo.display(),
            demo.display()
        )
    } else {
        anyhow::anyhow!(
            "no database at {} (a command that only reads never creates one): create it with `entente migrate` \
             or `entente network import FILE…`, or name another with --database",
            path.display()
        )
    }
}

/// Parse a `--as-of` date (today when absent).
pub fn as_of(raw: Option<&str>) -> Result<NaiveDate, CliError> {
    match raw {
        None => Ok(chrono::Utc::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| CliError::bad_input(anyhow::anyhow!("--as-of: '{s}' is not a date (YYYY-MM-DD)"))),
    }
}

/// Who a command-line change is recorded as in the audit log: `cli:<operating-system user>`.
pub fn cli_actor() -> entente_store::Actor {
    let who = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
    entente_store::Actor::system(format!("cli:{who}"))
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    #[test]
    fn logs_are_coloured_only_on_a_terminal_without_no_color() {
        assert!(super::colour(true, None));
        assert!(super::colour(true, Some(OsStr::new(""))), "an empty NO_COLOR counts as unset");
        assert!(!super::colour(true, Some(OsStr::new("1"))));
        assert!(!super::colour(false, None));
    }
}
