//! `entente migrate`.

use clap::Args;
use entente_store::Store;

use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente migrate\n  entente migrate --status --database postgres://entente@localhost/entente"
)]
pub struct MigrateArgs {
    /// List pending migrations without applying them
    #[arg(long)]
    pub status: bool,
}

pub async fn run(config: &Config, args: MigrateArgs) -> CliResult {
    let url = config.database_url_or("entente.db")?;
    entente_store::Backend::from_url(&url).map_err(CliError::bad_input)?;
    let store = Store::connect(&url).await?;
    let shown = entente_store::redact(&url);
    if args.status {
        let pending = store.pending_migrations().await?;
        if pending.is_empty() {
            outln!("{shown}: up to date.");
        } else {
            outln!("{shown}: {} pending: {}", pending.len(), pending.join(", "));
        }
        return Ok(());
    }
    let applied = store.migrate().await?;
    if applied.is_empty() {
        outln!("{shown}: up to date, nothing to apply.");
    } else {
        outln!("{shown}: applied {}", applied.join(", "));
    }
    Ok(())
}
