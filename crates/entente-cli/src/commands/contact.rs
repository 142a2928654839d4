//! `entente contact …`: points of contact of a nation's delegation.

use clap::{Args, Subcommand};
use entente_domain::registry::NationCode;
use entente_store::StoreError;
use entente_store::registry::NewContact;

use super::{DATABASE_FILE, open_store, open_store_read};
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
    /// The person's full name
    #[arg(long)]
    pub name: String,
    /// Their function, e.g. "Defence attaché"
    #[arg(long, default_value = "")]
    pub role: String,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
    /// Telephone number
    #[arg(long)]
    pub phone: Option<String>,
    /// Who may see it: staff, allies, all_partners, public, or nations:CODE,CODE / frameworks:PFP,MD
    #[arg(long, default_value = "all_partners")]
    pub audience: String,
    /// Classification label
    #[arg(long, default_value = "NATO UNCLASSIFIED")]
    pub classification: String,
}

fn code(raw: &str) -> Result<NationCode, CliError> {
    raw.to_ascii_uppercase().parse().map_err(CliError::bad_input)
}

pub async fn run(config: &Config, cmd: ContactCommand) -> CliResult {
    let (store, _) = match cmd {
        ContactCommand::List(_) => open_store_read(config, DATABASE_FILE).await?,
        ContactCommand::Add(_) => open_store(config, DATABASE_FILE).await?,
    };
    match cmd {
        ContactCommand::List(args) => {
            let nation = code(&args.nation)?;
            let staff = entente_domain::access::Principal {
                user_id: 0,
                username: "cli".into(),
                affiliation: entente_domain::access::Affiliation::Staff,
                role: entente_domain::access::Role::StaffAdmin,
            };
            let contacts = match store.scoped(Some(&staff)).await?.contacts(&nation).await {
                Err(StoreError::NotFound) => {
                    return Err(CliError::bad_input(anyhow::anyhow!("unknown nation {nation}")));
                }
                other => other?,
            };
            if contacts.is_empty() {
                outln!("{nation}: no points of contact.");
            }
            for (c, m) in contacts {
                outln!(
                    "{:<32} {:<28} {:<36} {:<16} {}",
                    c.name,
                    c.role,
                    c.email.unwrap_or_default(),
                    c.phone.unwrap_or_default(),
                    m.map(|m| m.label()).unwrap_or_default()
                );
            }
            Ok(())
        }
        ContactCommand::Add(args) => {
            let nation = code(&args.nation)?;
            let marking = entente_domain::access::Marking {
                classification: args.classification,
                audience: parse_audience(&args.audience)?,
                originator: Some(nation.clone()),
                released_on: chrono::Utc::now().date_naive(),
            };
            marking
                .validate(&entente_domain::access::Classifications(config.classifications.clone()))
                .map_err(CliError::bad_input)?;
            let new = NewContact { name: args.name, role: args.role, email: args.email, phone: args.phone };
            let actor = super::cli_actor();
            match store.add_contact(&actor, &nation, new, &marking).await {
                Ok(c) => {
                    outln!("added {} to {nation}", c.name);
                    Ok(())
                }
                Err(StoreError::Rejected(m)) => Err(CliError::bad_input(anyhow::anyhow!(m))),
                Err(StoreError::Refused(m)) => Err(CliError::bad_input(anyhow::anyhow!(m.to_string()))),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// `staff`, `allies`, `all_partners`, `public`, `nations:UKR,MDA` or `frameworks:PFP,MD`.
fn parse_audience(raw: &str) -> Result<entente_domain::access::Audience, CliError> {
    use entente_domain::access::Audience;
    let (kind, codes) = raw.split_once(':').unwrap_or((raw, ""));
    let codes: Vec<String> =
        codes.split(',').map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()).collect();
    let bad = || {
        CliError::bad_input(anyhow::anyhow!(
            "--audience: '{raw}' is not staff, allies, all_partners, public, nations:CODES or frameworks:CODES"
        ))
    };
    Ok(match kind {
        "staff" => Audience::StaffOnly,
        "allies" => Audience::AlliesOnly,
        "all_partners" => Audience::AllPartners,
        "public" => Audience::Public,
        "nations" => {
            Audience::Nations(codes.iter().map(|c| c.parse()).collect::<Result<_, _>>().map_err(CliError::bad_input)?)
        }
        "frameworks" => Audience::Frameworks(
            codes.iter().map(|c| c.parse()).collect::<Result<_, _>>().map_err(CliError::bad_input)?,
        ),
        _ => return Err(bad()),
    })
}
