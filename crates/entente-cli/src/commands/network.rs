//! `entente network …`: import and export the network, and ask who was in a framework on a date.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use entente_domain::registry::import::{self, FileErrors, FileKind};
use entente_domain::registry::{FrameworkCode, FrameworkRole};
use entente_store::StoreError;
use entente_store::registry::{ImportBatch, ImportSummary};

use super::{DATABASE_FILE, as_of, open_store, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum NetworkCommand {
    /// Import network, sizes, groupings or formats CSV files (told apart by their header)
    Import(ImportArgs),
    /// Export the network in the import format (CSV) or as JSON
    Export(ExportArgs),
    /// List the nations active in a framework on a date
    Members(MembersArgs),
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  entente network import data/nato_network.csv data/nation_size.csv\n  \
    entente network import --dry-run changed_network.csv\n\n\
    Files: network (code,name,kind,framework,joined,left,region,note), sizes \
    (code,name,population_millions,gdp_usd_billions,year,source), groupings \
    (code,name,name_fr,kind,members,note) and formats \
    (slug,name,name_fr,include_allies,frameworks,partners,description,description_fr).\n\
    Every file is checked in full before anything is written; all files are written in one transaction. \
    Importing the same files again changes nothing.")]
pub struct ImportArgs {
    /// CSV files to import
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check the files and report what would change, without writing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente network export > network.csv\n  entente network export --format json -o network.json"
)]
pub struct ExportArgs {
    /// csv (the import format) or json
    #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
    pub format: String,
    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente network members ALLIANCE --as-of 1949-04-04\n  entente network members PFP --as-of 2014-04-01"
)]
pub struct MembersArgs {
    /// Framework code: ALLIANCE, PFP, MD, ICI, PAG, ORG
    pub framework: String,
    /// The date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

pub async fn run(config: &Config, cmd: NetworkCommand) -> CliResult {
    match cmd {
        NetworkCommand::Import(args) => import_files(config, args).await,
        NetworkCommand::Export(args) => export(config, args).await,
        NetworkCommand::Members(args) => members(config, args).await,
    }
}

fn invalid(file: &str, errors: Vec<import::ImportError>) -> CliError {
    CliError::bad_input(FileErrors { file: file.to_string(), errors })
}

async fn import_files(config: &Config, args: ImportArgs) -> CliResult {
    // Every file is read before the database is opened: a missing one creates nothing.
    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}")).map_err(CliError::bad_input)?;
        files.push((name, bytes));
    }
    let (store, url) = open_store(config, DATABASE_FILE).await?;
    let roles: Vec<(FrameworkCode, FrameworkRole)> =
        store.frameworks().await?.into_iter().map(|f| (f.code, f.role)).collect();
    let mut batch = ImportBatch { dry_run: args.dry_run, ..Default::default() };
    for (name, bytes) in files {
        let kind = import::detect(&bytes).map_err(|e| invalid(&name, vec![e]))?;
        let twice = |what: &str| CliError::bad_input(anyhow::anyhow!("{name}: a second {what} file in one import"));
        match kind {
            FileKind::Network => {
                let parsed = import::parse_network(bytes.as_slice(), &roles).map_err(|e| invalid(&name, e))?;
                if batch.network.replace((name.clone(), parsed)).is_some() {
                    return Err(twice("network"));
                }
            }
            FileKind::Sizes => {
                let parsed = import::parse_sizes(bytes.as_slice()).map_err(|e| invalid(&name, e))?;
                if batch.sizes.replace((name.clone(), parsed)).is_some() {
                    return Err(twice("sizes"));
                }
            }
            FileKind::Groupings => {
                let parsed = import::parse_groupings(bytes.as_slice()).map_err(|e| invalid(&name, e))?;
                if batch.groupings.replace((name.clone(), parsed)).is_some() {
                    return Err(twice("groupings"));
                }
            }
            FileKind::Formats => {
                let parsed = import::parse_formats(bytes.as_slice()).map_err(|e| invalid(&name, e))?;
                if batch.formats.replace((name.clone(), parsed)).is_some() {
                    return Err(twice("formats"));
                }
            }
        }
    }
    let actor = super::cli_actor();
    let summary = match store.import(&actor, batch).await {
        Ok(s) => s,
        Err(StoreError::Invalid(fe)) => return Err(CliError::bad_input(fe)),
        Err(e) => return Err(e.into()),
    };
    print_summary(&summary, &url, args.dry_run)?;
    Ok(())
}

fn print_summary(s: &ImportSummary, url: &str, dry_run: bool) -> std::io::Result<()> {
    let verb = if dry_run { "would change (dry run, nothing written)" } else { "imported into" };
    outln!("{verb} {url}:");
    let rows = [
        ("nations", s.nations_added, s.nations_updated, 0, s.nations_unchanged),
        ("membership periods", s.periods_added, s.periods_updated, s.periods_removed, s.periods_unchanged),
        ("sizes", 0, s.sizes_updated, 0, s.sizes_unchanged),
        ("groupings", s.groupings_added, s.groupings_updated, 0, s.groupings_unchanged),
        ("formats", s.formats_added, s.formats_updated, 0, s.formats_unchanged),
    ];
    outln!("  {:<20} {:>7} {:>8} {:>8} {:>10}", "", "added", "updated", "removed", "unchanged");
    for (what, a, u, r, n) in rows {
        if a + u + r + n > 0 {
            outln!("  {what:<20} {a:>7} {u:>8} {r:>8} {n:>10}");
        }
    }
    if s.is_noop() {
        outln!("  nothing changed.");
    }
    Ok(())
}

async fn export(config: &Config, args: ExportArgs) -> CliResult {
    let (store, _) = open_store_read(config, DATABASE_FILE).await?;
    let net = store.load_network().await?;
    let nations: Vec<_> = net.nations().cloned().collect();
    let text = if args.format == "json" {
        let value = serde_json::json!({
            "nations": nations,
            "memberships": net.memberships(),
        });
        serde_json::to_string_pretty(&value)? + "\n"
    } else {
        import::write_network_csv(&nations, net.memberships())?
    };
    match args.output {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} nations and {} periods to {}", nations.len(), net.memberships().len(), path.display());
        }
        None => out!("{text}"),
    }
    Ok(())
}

async fn members(config: &Config, args: MembersArgs) -> CliResult {
    let on = as_of(args.as_of.as_deref())?;
    let (store, _) = open_store_read(config, DATABASE_FILE).await?;
    let code: FrameworkCode = args.framework.to_ascii_uppercase().parse().map_err(CliError::bad_input)?;
    let frameworks = store.frameworks().await?;
    let Some(f) = frameworks.iter().find(|f| f.code == code) else {
        let known: Vec<String> = frameworks.iter().map(|f| f.code.to_string()).collect();
        return Err(CliError::bad_input(anyhow::anyhow!("unknown framework {code} (known: {})", known.join(", "))));
    };
    let net = store.load_network().await?;
    let members = net.members_of(&code, on);
    outln!("{} ({}) on {on}: {}", f.name, f.code, members.len());
    for n in &members {
        outln!("  {:<5} {}", n.code.as_str(), n.name);
    }
    let suspended = net.suspended_in(&code, on);
    if !suspended.is_empty() {
        outln!("suspended: {}", suspended.iter().map(|n| n.code.as_str()).collect::<Vec<_>>().join(", "));
    }
    Ok(())
}
