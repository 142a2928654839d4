//! `entente search reindex`, and opening the index for `serve` and `demo`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use entente_store::Store;
use entente_web::search::Search;

use super::{DATABASE_FILE, DEMO_DATABASE_FILE, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum SearchCommand {
    /// Rebuild the full-text search index from the database
    Reindex(ReindexArgs),
}

#[derive(Args, Debug)]
#[command(after_help = "Example:\n  entente search reindex --database postgres://entente@localhost/entente\n\n\
    The index lives in search_dir (default: `search` in the data directory; `demo-search` with --demo). \
    `serve` and `demo` rebuild it themselves when it is missing or older than the database; run this \
    after restoring a backup, or while the server is stopped.")]
pub struct ReindexArgs {
    /// The demo database and its index (as `entente demo` uses them)
    #[arg(long)]
    pub demo: bool,
    /// Index directory [default: search_dir, or `search` in the data directory]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub async fn run(config: &Config, cmd: SearchCommand) -> CliResult {
    let SearchCommand::Reindex(args) = cmd;
    let (db_file, dir_name) = if args.demo { (DEMO_DATABASE_FILE, "demo-search") } else { (DATABASE_FILE, "search") };
    // The index is written; the database is only read.
    let (store, url) = open_store_read(config, db_file).await?;
    let dir = args.dir.unwrap_or_else(|| config.search_dir_or(dir_name));
    let started = std::time::Instant::now();
    let (search, _) = Search::open(&dir, &store).await.map_err(|e| CliError::Failed(anyhow::anyhow!(e)))?;
    let n = search.rebuild(&store).await.map_err(|e| CliError::Failed(anyhow::anyhow!(e)))?;
    outln!("{url}: {n} items indexed into {} ({:.2} s)", dir.display(), started.elapsed().as_secs_f64());
    Ok(())
}

/// The index for a server: opened, and rebuilt first if it is missing or stale.
pub async fn open(dir: &Path, store: &Store) -> Result<Search, CliError> {
    let (search, rebuilt) = Search::open_current(dir, store).await.map_err(|e| CliError::Failed(anyhow::anyhow!(e)))?;
    if let Some(n) = rebuilt {
        outln!("Search index rebuilt in {}: {n} items.", dir.display());
    }
    Ok(search)
}
