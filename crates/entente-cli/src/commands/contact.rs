//! `entente contact …`: points of contact of a nation's delegation.

use clap::{Args, Subcommand};
use entente_domain::registry::NationCode;
use entente_store::StoreError;
use entente_store::registry::NewContact;

use super::open_store;
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum ContactCommand {
    /// List a nation's points of contact
    List(ListArgs),
    /// Add a point of contact to a nation
    Add(AddArgs),
}

#[derive(Args, Debug)]
#[command(after_help = "Example:\n  entente contact list MDA")]
pub struct ListArgs {
    /// Nation code, e.g. MDA
    pub nation: String,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  entente contact add MDA --name \"Ion Popescu\" --role \"Defence attaché\" --email ion.popescu@example.md"
)]
pub struct AddArgs {
    /// Nation code, e.g. MDA
    pub nation: String,
    #[arg(long)]
    pub name: String,
    #[arg(long, default_value = "")]
    pub role: String,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
}

fn code(raw: &str) -> Result<NationCode, CliError> {
    raw.to_ascii_uppercase().parse().map_err(CliError::bad_input)
}

pub async fn run(config: &Config, cmd: ContactCommand) -> CliResult {
    let (store, _) = open_store(config, "entente.db").await?;
    match cmd {
        ContactCommand::List(args) => {
            let nation = code(&args.nation)?;
            let contacts = match store.contacts(&nation).await {
                Err(StoreError::NotFound) => {
                    return Err(CliError::bad_input(anyhow::anyhow!("unknown nation {nation}")));
                }
                other => other?,
            };
            if contacts.is_empty() {
                println!("{nation}: no points of contact.");
            }
            for c in contacts {
                println!(
                    "{:<32} {:<32} {:<36} {}",
                    c.name,
                    c.role,
                    c.email.unwrap_or_default(),
                    c.phone.unwrap_or_default()
                );
            }
            Ok(())
        }
        ContactCommand::Add(args) => {
            let nation = code(&args.nation)?;
            let new = NewContact { name: args.name, role: args.role, email: args.email, phone: args.phone };
            match store.add_contact(&nation, new).await {
                Ok(c) => {
                    println!("added {} to {nation}", c.name);
                    Ok(())
                }
                Err(StoreError::Rejected(m)) => Err(CliError::bad_input(anyhow::anyhow!(m))),
                Err(e) => Err(e.into()),
            }
        }
    }
}
