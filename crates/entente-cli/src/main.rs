//! `entente`: one binary for the web application, the demo and every command-line task.
//!
//! Grammar: noun then verb (`entente network import`, `entente format add`,
//! `entente contact list`); `serve`, `demo`, `migrate`, `backup` and `restore` stand alone.
//! Exit codes: 0 success, 1 failure, 2 bad usage or bad input.

/// `println!` to standard output that returns the write error from the enclosing function
/// instead of panicking: `entente … | head` closes the pipe early, and the command then ends
/// quietly with success (see [`exit::CliError::exit`]).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            return Err(e.into());
        }
    }};
}

/// `print!` counterpart of [`outln!`].
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($t)*) {
            return Err(e.into());
        }
    }};
}

mod commands;
mod config;
mod exit;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;

#[derive(Parser)]
#[command(
    name = "entente",
    version,
    about = "Run and measure a security alliance's network of partnerships",
    long_about = "Run and measure a security alliance's network of partnerships.\n\n\
        Configuration comes from built-in defaults, then entente.toml (or --config), then ENTENTE_* \
        environment variables, then these flags.",
    after_help = "Start here:  entente demo    (the real NATO network on an embedded database, at http://127.0.0.1:8080)"
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// Options every command accepts.
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Configuration file [default: entente.toml, if present]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST/DB [env: ENTENTE_DATABASE_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// Directory for the embedded database and other files [env: ENTENTE_DATA_DIR] [default: entente-data]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log filter, e.g. info or entente_web=debug [env: ENTENTE_LOG] [default: info]
    #[arg(long, global = true, value_name = "FILTER")]
    pub log: Option<String>,
    /// Log format: text or json [env: ENTENTE_LOG_FORMAT] [default: text]
    #[arg(long, global = true, value_name = "FORMAT", value_parser = ["text", "json"])]
    pub log_format: Option<String>,
}

impl GlobalArgs {
    /// The configuration with these flags applied last.
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut c = Config::load(self.config.as_deref())?;
        if let Some(d) = &self.database {
            c.database_url = Some(d.clone());
        }
        if let Some(d) = &self.data_dir {
            c.data_dir = d.clone();
        }
        if let Some(l) = &self.log {
            c.log = l.clone();
        }
        if let Some(f) = &self.log_format {
            c.log_format = f.clone();
        }
        Ok(c)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application (pages and API)
    Serve(commands::serve::ServeArgs),
    /// Run the demo: the real NATO network on an embedded database, served on 127.0.0.1:8080
    Demo(commands::serve::DemoArgs),
    /// Apply pending database migrations (they also run at start-up)
    Migrate(commands::migrate::MigrateArgs),
    /// Back up the database, the uploaded files and the audit checkpoints into a directory
    Backup(commands::backup::BackupArgs),
    /// Restore a backup made by `entente backup` into an empty database
    Restore(commands::backup::RestoreArgs),
    /// The partner network: import, export, members of a framework
    #[command(
        subcommand,
        after_help = "Examples:\n  entente network import data/nato_network.csv data/nation_size.csv\n  \
            entente network members PFP --as-of 2014-04-01\n  entente network export --format json -o network.json"
    )]
    Network(commands::network::NetworkCommand),
    /// Formats (who sits in the room): list, show, add
    #[command(
        subcommand,
        after_help = "Examples:\n  entente format list --as-of 2024-01-01\n  entente format show nato-russia-council --as-of 2014-04-01"
    )]
    Format(commands::format::FormatCommand),
    /// Points of contact of a nation: list, add
    #[command(
        subcommand,
        after_help = "Examples:\n  entente contact list MDA\n  entente contact add MDA --name \"Ion Popescu\" --email ion.popescu@example.md"
    )]
    Contact(commands::contact::ContactCommand),
    /// Accounts: add, list, disable, enable, reset-password, grant
    #[command(
        subcommand,
        after_help = "Examples:\n  entente user add admin --name \"Administrator\" --staff --role staff_admin\n  \
            entente user list --nation MLT"
    )]
    User(commands::user::UserCommand),
    /// The audit log: verify its hash chain and signed checkpoints, write a checkpoint
    #[command(subcommand, after_help = "Examples:\n  entente audit verify\n  entente audit checkpoint")]
    Audit(commands::audit::AuditCommand),
    /// The full-text search index: rebuild it from the database
    #[command(subcommand, after_help = "Example:\n  entente search reindex")]
    Search(commands::search::SearchCommand),
    /// Security-challenge events: import ACLED/GDELT/UCDP/partner reports, detect surges
    Events(commands::events::Args),
    /// Fair seat allocation: run the engine on an instance, generate instances
    Allocation(commands::allocation::Args),
    /// Evaluation: the founding questions' figures as a PDF report, HTML, CSV or JSON
    #[command(subcommand, after_help = "Example:\n  entente evaluation report --from 2020 --to 2026 -o report.pdf")]
    Evaluation(commands::evaluation::EvaluationCommand),
    /// Verb first: `entente import network FILE…` is `entente network import FILE…`
    #[command(subcommand, after_help = "Example:\n  entente import network data/nato_network.csv")]
    Import(ImportWhat),
    /// Verb first: `entente export network` is `entente network export`
    #[command(subcommand, after_help = "Example:\n  entente export network --format json -o network.json")]
    Export(ExportWhat),
}

#[derive(clap::Subcommand, Debug)]
enum ImportWhat {
    /// Import network, sizes, groupings or formats CSV files (same as `entente network import`)
    Network(commands::network::ImportArgs),
}

#[derive(clap::Subcommand, Debug)]
enum ExportWhat {
    /// Export the network as CSV or JSON (same as `entente network export`)
    Network(commands::network::ExportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match cli.global.config() {
        Ok(c) => c,
        Err(e) => return exit::CliError::bad_input(e).exit(),
    };
    commands::init_logging(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return exit::CliError::from(e).exit(),
    };
    let result: exit::CliResult = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::serve(&config, args).await,
            Command::Demo(args) => commands::serve::demo(&config, args).await,
            Command::Migrate(args) => commands::migrate::run(&config, args).await,
            Command::Backup(args) => commands::backup::backup(&config, args).await,
            Command::Restore(args) => commands::backup::restore(&config, args).await,
            Command::Network(cmd) => commands::network::run(&config, cmd).await,
            Command::Import(ImportWhat::Network(args)) => {
                commands::network::run(&config, commands::network::NetworkCommand::Import(args)).await
            }
            Command::Export(ExportWhat::Network(args)) => {
                commands::network::run(&config, commands::network::NetworkCommand::Export(args)).await
            }
            Command::Format(cmd) => commands::format::run(&config, cmd).await,
            Command::Contact(cmd) => commands::contact::run(&config, cmd).await,
            Command::User(cmd) => commands::user::run(&config, cmd).await,
            Command::Audit(cmd) => commands::audit::run(&config, cmd).await,
            Command::Search(cmd) => commands::search::run(&config, cmd).await,
            Command::Events(args) => commands::events::run(&config, args).await,
            Command::Allocation(args) => commands::allocation::run(args),
            Command::Evaluation(cmd) => commands::evaluation::run(&config, cmd).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.exit(),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command and sub-command, with its path (`entente network import`).
    fn walk(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let p = format!("{path} {}", sub.get_name());
            out.push((p.clone(), sub.clone()));
            walk(sub, p, out);
        }
    }

    /// `--help` of every sub-command describes the command, each of its flags and arguments, and
    /// shows an example.
    #[test]
    fn every_flag_and_argument_is_described_and_every_command_has_an_example() {
        let mut cli = super::Cli::command();
        cli.build();
        let mut all = Vec::new();
        walk(&cli, "entente".into(), &mut all);
        let mut problems = Vec::new();
        for (path, cmd) in &all {
            if cmd.get_about().is_none() && cmd.get_long_about().is_none() {
                problems.push(format!("{path}: no description"));
            }
            let after = cmd.get_after_long_help().or(cmd.get_after_help()).map(|s| s.to_string()).unwrap_or_default();
            if !after.contains("Example") {
                problems.push(format!("{path}: no example"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    problems.push(format!("{path}: {id} has no description"));
                }
            }
        }
        assert!(all.len() > 30, "{} commands found", all.len());
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}
