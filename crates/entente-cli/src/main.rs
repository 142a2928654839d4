//! `entente`: one binary for the web application, the demo and every command-line task.
//!
//! Grammar: noun then verb (`entente network import`, `entente events import`,
//! `entente user add`); `serve`, `demo` and `migrate` stand alone.
//! Exit codes: 0 success, 1 failure, 2 bad usage or bad input.

mod commands;
mod exit;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "entente",
    version,
    about = "Run and measure a security alliance's network of partnerships"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fair seat allocation: run it, explain it, compare rules, generate problems.
    Allocation(commands::allocation::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: exit::CliResult = match cli.command {
        Command::Allocation(args) => commands::allocation::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.exit(),
    }
}
