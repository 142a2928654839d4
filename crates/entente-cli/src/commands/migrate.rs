//! `entente migrate`.

use clap::Args;
use entente_store::{Store, StoreError};

use super::DATABASE_FILE;
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente migrate\n  entente migrate --status --database postgres://entente@localhost/entente"
)]
pub struct MigrateArgs {
    /// List pending migrations without applying them (the database is only read, never created)
    #[arg(long)]
    pub status: bool,
}

pub async fn run(config: &Config, args: MigrateArgs) -> CliResult {
    if args.status {
        return status(config).await;
    }
    let url = config.database_url_or(DATABASE_FILE)?;
    entente_store::Backend::from_url(&url).map_err(CliError::bad_input)?;
    let store = Store::connect(&url).await?;
    let shown = entente_store::redact(&url);
    let applied = store.migrate().await?;
    if applied.is_empty() {
        outln!("{shown}: up to date, nothing to apply.");
    } else {
        outln!("{shown}: applied {}", applied.join(", "));
    }
    Ok(())
}

/// `--status` only reads: the database is neither created nor given a migration table.
async fn status(config: &Config) -> CliResult {
    let url = config.database_url_existing(DATABASE_FILE);
    entente_store::Backend::from_url(&url).map_err(CliError::bad_input)?;
    let shown = entente_store::redact(&url);
    let store = match Store::connect_existing(&url).await {
        Ok(store) => store,
        Err(StoreError::NoDatabase { path }) => {
            return Err(CliError::bad_input(anyhow::anyhow!(
                "no database at {}: `entente migrate` creates it and applies every migration",
                path.display()
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let pending = store.pending_migrations().await?;
    store.close().await?;
    if pending.is_empty() {
        outln!("{shown}: up to date.");
    } else {
        outln!("{shown}: {} pending: {}", pending.len(), pending.join(", "));
    }
    Ok(())
}
