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

use chrono::NaiveDate;
use entente_store::Store;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::exit::CliError;

pub fn init_logging(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Open the configured database (the SQLite file `default_file` in the data directory unless a
/// URL is configured) and bring its schema up to date.
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
