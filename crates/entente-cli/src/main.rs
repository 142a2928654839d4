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
    /// Security-challenge events: import, detect, generate, count, calibrate.
    Events(commands::events::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: exit::CliResult = match cli.command {
        Command::Events(args) => commands::events::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.exit(),
    }
}
