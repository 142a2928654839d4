//! `entente format …`: formats, the rules that decide who sits in a meeting.

use clap::{Args, Subcommand};
use entente_domain::registry::{Basis, ExclusionReason, Format, FormatSpec, FrameworkCode, NationCode};
use entente_store::StoreError;

use super::{DATABASE_FILE, as_of, open_store, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum FormatCommand {
    /// List formats with their participants on a date
    List(ListArgs),
    /// Show who sits in a format on a date, and why
    Show(ShowArgs),
    /// Add a format (or redefine the one with the same slug)
    Add(AddArgs),
}

#[derive(Args, Debug)]
#[command(after_help = "Example:\n  entente format list --as-of 2010-01-01")]
pub struct ListArgs {
    /// The date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Args, Debug)]
#[command(after_help = "Example:\n  entente format show nato-russia-council --as-of 2014-04-01")]
pub struct ShowArgs {
    /// The format's slug, as `entente format list` shows it
    pub slug: String,
    /// The date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente format add allies-moldova --name \"Allies + Moldova\" --allies --partner MDA\n  \
    entente format add med-gulf --name \"Mediterranean and Gulf partners\" --framework MD --framework ICI"
)]
pub struct AddArgs {
    /// Short identifier: lowercase letters, digits and dashes
    pub slug: String,
    /// Name in English
    #[arg(long)]
    pub name: String,
    /// Name in French [default: the English name]
    #[arg(long)]
    pub name_fr: Option<String>,
    /// Description in English
    #[arg(long, default_value = "")]
    pub description: String,
    /// Description in French [default: the English description]
    #[arg(long)]
    pub description_fr: Option<String>,
    /// All allies sit in the format
    #[arg(long)]
    pub allies: bool,
    /// Every active partner of this framework sits in the format (repeatable)
    #[arg(long = "framework", value_name = "CODE")]
    pub frameworks: Vec<String>,
    /// This partner sits in the format while it is an active partner (repeatable)
    #[arg(long = "partner", value_name = "CODE")]
    pub partners: Vec<String>,
    /// The first day the format exists, YYYY-MM-DD [default: always has]
    #[arg(long, value_name = "DATE")]
    pub valid_from: Option<String>,
    /// The last day it exists, YYYY-MM-DD [default: still exists]
    #[arg(long, value_name = "DATE")]
    pub valid_to: Option<String>,
}

pub async fn run(config: &Config, cmd: FormatCommand) -> CliResult {
    match cmd {
        FormatCommand::List(args) => {
            let on = as_of(args.as_of.as_deref())?;
            let (store, _) = open_store_read(config, DATABASE_FILE).await?;
            let net = store.load_network().await?;
            let formats = store.formats().await?;
            outln!("{:<28} {:>6} {:>8}  name (on {on})", "slug", "allies", "partners");
            for f in formats {
                let r = f.spec.resolve(&net, on);
                let absent = if f.in_force_on(on) { "" } else { "  (does not exist on this date)" };
                outln!("{:<28} {:>6} {:>8}  {}{absent}", f.slug, r.allies(), r.partners(), f.name);
            }
            Ok(())
        }
        FormatCommand::Show(args) => {
            let on = as_of(args.as_of.as_deref())?;
            let (store, _) = open_store_read(config, DATABASE_FILE).await?;
            let f = match store.format(&args.slug).await {
                Err(StoreError::NotFound) => {
                    return Err(CliError::bad_input(anyhow::anyhow!("no format '{}'", args.slug)));
                }
                other => other?,
            };
            let net = store.load_network().await?;
            let r = f.spec.resolve(&net, on);
            outln!("{} on {on}: allies {}, partners {}", f.name, r.allies(), r.partners());
            if let Err(e) = f.check_in_force(on) {
                outln!("  {e}");
            }
            for s in &r.seats {
                let name = net.nation(&s.nation).map_or("", |n| n.name.as_str());
                let basis = match &s.basis {
                    Basis::Ally => "ally".to_string(),
                    Basis::Framework(fw) => format!("partner ({fw})"),
                    Basis::Invited => "named partner".to_string(),
                };
                outln!("  {:<5} {:<40} {basis}", s.nation.as_str(), name);
            }
            for e in &r.excluded {
                let why = match &e.reason {
                    ExclusionReason::UnknownNation => "not in the registry".to_string(),
                    ExclusionReason::NotYetPartner => "not yet a partner".to_string(),
                    ExclusionReason::NoLongerPartner => "no longer a partner".to_string(),
                    ExclusionReason::Suspended { framework } => format!("partnership suspended ({framework})"),
                };
                outln!("  not seated: {} ({why})", e.nation);
            }
            Ok(())
        }
        FormatCommand::Add(args) => {
            let frameworks = args
                .frameworks
                .iter()
                .map(|f| f.to_ascii_uppercase().parse::<FrameworkCode>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(CliError::bad_input)?;
            let partners = args
                .partners
                .iter()
                .map(|p| p.to_ascii_uppercase().parse::<NationCode>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(CliError::bad_input)?;
            let date = |flag: &str, v: Option<&str>| -> Result<Option<chrono::NaiveDate>, CliError> {
                v.map(|v| {
                    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                        .map_err(|_| CliError::bad_input(anyhow::anyhow!("--{flag}: '{v}' is not a date (YYYY-MM-DD)")))
                })
                .transpose()
            };
            let valid_from = date("valid-from", args.valid_from.as_deref())?;
            let valid_to = date("valid-to", args.valid_to.as_deref())?;
            let format = Format {
                valid_from,
                valid_to,
                name_fr: args.name_fr.unwrap_or_else(|| args.name.clone()),
                description_fr: args.description_fr.unwrap_or_else(|| args.description.clone()),
                slug: args.slug,
                name: args.name,
                description: args.description,
                spec: FormatSpec { include_allies: args.allies, frameworks, partners },
            };
            let (store, _) = open_store(config, DATABASE_FILE).await?;
            match store.save_format(&super::cli_actor(), &format).await {
                Ok(()) => {
                    outln!("saved format {}", format.slug);
                    Ok(())
                }
                Err(StoreError::Rejected(m)) => Err(CliError::bad_input(anyhow::anyhow!(m))),
                Err(StoreError::Refused(m)) => Err(CliError::bad_input(anyhow::anyhow!(m.to_string()))),
                Err(e) => Err(e.into()),
            }
        }
    }
}
