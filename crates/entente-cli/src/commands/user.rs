//! `entente user …`: account administration from the command line, usable before any web sign-in
//! exists. Every change is audited as `cli:<user>`.

use std::io::Read;

use clap::{Args, Subcommand};
use entente_domain::access::{Affiliation, Role, check_password};
use entente_store::accounts::NewAccount;
use entente_store::{Actor, Store, StoreError};
use entente_web::auth::secrets;

use super::{DATABASE_FILE, cli_actor, open_store, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account (prints a temporary password unless --password-stdin)
    Add(AddArgs),
    /// List accounts
    List(ListArgs),
    /// Disable an account: its sessions end and its API tokens stop working
    Disable(NameArgs),
    /// Enable a disabled account
    Enable(NameArgs),
    /// Give an account a new temporary password (printed once; to be changed at next sign-in)
    ResetPassword(NameArgs),
    /// Change an account's role
    Grant(GrantArgs),
}

const ROLES: [&str; 5] = ["staff_admin", "staff_officer", "delegation_lead", "delegation_member", "analyst"];

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente user add admin --name \"Alliance administrator\" --staff --role staff_admin\n  \
    entente user add mlt.lead --name \"Head of the Maltese delegation\" --nation MLT --role delegation_lead\n  \
    printf 'a long pass phrase' | entente user add analyst1 --name Analyst --staff --role analyst --password-stdin"
)]
pub struct AddArgs {
    /// The new account's user name (used to sign in), e.g. mlt.lead
    pub username: String,
    /// Display name
    #[arg(long)]
    pub name: String,
    /// E-mail address (notifications go there)
    #[arg(long)]
    pub email: Option<String>,
    /// An account of the alliance staff
    #[arg(long, conflicts_with = "nation", required_unless_present = "nation")]
    pub staff: bool,
    /// An account of this nation's delegation (nation code)
    #[arg(long, value_name = "CODE")]
    pub nation: Option<String>,
    /// Role: staff_admin, staff_officer, analyst (staff); delegation_lead, delegation_member (a nation)
    #[arg(long, value_parser = ROLES)]
    pub role: String,
    /// Read the password from standard input instead of generating a temporary one
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  entente user list\n  entente user list --nation MLT")]
pub struct ListArgs {
    /// Only this delegation (nation code) or `staff`
    #[arg(long)]
    pub nation: Option<String>,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente user disable mlt.member\n  entente user enable mlt.member\n  entente user reset-password mlt.member"
)]
pub struct NameArgs {
    /// The account's user name
    pub username: String,
}

#[derive(Args, Debug)]
#[command(after_help = "Example:\n  entente user grant mlt.member delegation_lead")]
pub struct GrantArgs {
    /// The account's user name
    pub username: String,
    /// The new role: staff_admin, staff_officer, analyst, delegation_lead or delegation_member
    #[arg(value_parser = ROLES)]
    pub role: String,
}

fn bad(m: impl Into<String>) -> CliError {
    CliError::bad_input(anyhow::anyhow!(m.into()))
}

fn rejected(e: StoreError) -> CliError {
    match e {
        StoreError::Rejected(m) => bad(m),
        StoreError::Refused(m) => bad(m.to_string()),
        StoreError::NotFound => bad("no such account"),
        other => other.into(),
    }
}

async fn find(store: &Store, username: &str) -> Result<entente_store::accounts::Account, CliError> {
    match store.account_by_username(username).await? {
        Some((a, _)) => Ok(a),
        None => Err(bad(format!("no account '{username}'"))),
    }
}

fn role(raw: &str) -> Result<Role, CliError> {
    Role::parse(raw).ok_or_else(|| bad(format!("unknown role {raw}")))
}

pub async fn run(config: &Config, cmd: UserCommand) -> CliResult {
    let (store, _) = match cmd {
        UserCommand::List(_) => open_store_read(config, DATABASE_FILE).await?,
        _ => open_store(config, DATABASE_FILE).await?,
    };
    let actor = cli_actor();
    match cmd {
        UserCommand::Add(args) => {
            let affiliation = match &args.nation {
                Some(code) => Affiliation::Nation(code.to_ascii_uppercase().parse().map_err(CliError::bad_input)?),
                None => Affiliation::Staff,
            };
            let (password, temporary) = if args.password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                let p = s.trim_end_matches(['\n', '\r']).to_string();
                check_password(&p, &args.username).map_err(CliError::bad_input)?;
                (p, false)
            } else {
                (secrets::temporary_password().map_err(|e| anyhow::anyhow!("{e}"))?, true)
            };
            let hash = secrets::hash_password(password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let a = store
                .create_account(
                    &actor,
                    NewAccount {
                        username: args.username,
                        display_name: args.name,
                        email: args.email,
                        affiliation,
                        role: role(&args.role)?,
                        password_hash: hash,
                        must_change_password: temporary,
                        demo: false,
                    },
                )
                .await
                .map_err(rejected)?;
            outln!("created {} ({})", a.username, a.role.as_str());
            if temporary {
                outln!("temporary password (shown once; to be changed at first sign-in): {password}");
            }
            Ok(())
        }
        UserCommand::List(args) => {
            let admin = entente_domain::access::Principal {
                user_id: 0,
                username: "cli".into(),
                affiliation: Affiliation::Staff,
                role: Role::StaffAdmin,
            };
            let of = match args.nation.as_deref() {
                None => None,
                Some("staff") => Some(Affiliation::Staff),
                Some(code) => {
                    Some(Affiliation::Nation(code.to_ascii_uppercase().parse().map_err(CliError::bad_input)?))
                }
            };
            let accounts = store.scoped(Some(&admin)).await?.accounts(of.as_ref()).await?;
            outln!("{:<24} {:<8} {:<18} {:<9} {:<5} name", "user name", "nation", "role", "state", "totp");
            for a in accounts {
                let nation = match &a.affiliation {
                    Affiliation::Staff => "staff".to_string(),
                    Affiliation::Nation(n) => n.to_string(),
                };
                let state = if a.disabled { "disabled" } else { "active" };
                let totp = if a.totp_enabled { "on" } else { "off" };
                outln!(
                    "{:<24} {:<8} {:<18} {:<9} {:<5} {}",
                    a.username,
                    nation,
                    a.role.as_str(),
                    state,
                    totp,
                    a.display_name
                );
            }
            Ok(())
        }
        UserCommand::Disable(args) => {
            let a = find(&store, &args.username).await?;
            store.set_disabled(&actor, a.id, true).await.map_err(rejected)?;
            outln!("disabled {}", a.username);
            Ok(())
        }
        UserCommand::Enable(args) => {
            let a = find(&store, &args.username).await?;
            store.set_disabled(&actor, a.id, false).await.map_err(rejected)?;
            outln!("enabled {}", a.username);
            Ok(())
        }
        UserCommand::ResetPassword(args) => {
            let a = find(&store, &args.username).await?;
            let password = secrets::temporary_password().map_err(|e| anyhow::anyhow!("{e}"))?;
            let hash = secrets::hash_password(password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            store.set_password(&actor, a.id, hash, true, None).await.map_err(rejected)?;
            outln!("temporary password for {} (shown once; to be changed at next sign-in): {password}", a.username);
            Ok(())
        }
        UserCommand::Grant(args) => {
            let a = find(&store, &args.username).await?;
            let a = store.set_role(&actor, a.id, role(&args.role)?).await.map_err(rejected)?;
            outln!("{} is now {}", a.username, a.role.as_str());
            Ok(())
        }
    }
}

/// The demo's named accounts: user name, display name, nation (none = staff), role.
const DEMO_ACCOUNTS: [(&str, &str, Option<&str>, Role); 13] = [
    ("staff.admin", "Staff administrator (demo)", None, Role::StaffAdmin),
    ("staff.officer", "Staff officer (demo)", None, Role::StaffOfficer),
    ("analyst", "Analyst (demo)", None, Role::Analyst),
    ("nor.lead", "Head of delegation, Norway (demo)", Some("NOR"), Role::DelegationLead),
    ("nor.member", "Delegation member, Norway (demo)", Some("NOR"), Role::DelegationMember),
    ("ukr.lead", "Head of delegation, Ukraine (demo)", Some("UKR"), Role::DelegationLead),
    ("ukr.member", "Delegation member, Ukraine (demo)", Some("UKR"), Role::DelegationMember),
    ("mlt.lead", "Head of delegation, Malta (demo)", Some("MLT"), Role::DelegationLead),
    ("mlt.member", "Delegation member, Malta (demo)", Some("MLT"), Role::DelegationMember),
    ("eu.lead", "Head of delegation, European Union (demo)", Some("EU"), Role::DelegationLead),
    ("tun.member", "Delegation member, Tunisia (demo)", Some("TUN"), Role::DelegationMember),
    ("mrt.member", "Delegation member, Mauritania (demo)", Some("MRT"), Role::DelegationMember),
    ("geo.member", "Delegation member, Georgia (demo)", Some("GEO"), Role::DelegationMember),
];

/// A delegation member's demo account (`xxx.member`) for each nation in `codes` that has none among
/// the accounts above, all with one new password; returns the user names and the password. A real
/// account with one of these names is left alone.
pub async fn demo_delegation_accounts(store: &Store, codes: &[&str]) -> Result<(Vec<String>, String), CliError> {
    let actor = Actor::system("entente demo");
    let password = secrets::temporary_password().map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = secrets::hash_password(password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let net = store.load_network().await?;
    let mut names = Vec::new();
    for code in codes {
        let username = format!("{}.member", code.to_ascii_lowercase());
        if DEMO_ACCOUNTS.iter().any(|a| a.0 == username) {
            continue;
        }
        match store.account_by_username(&username).await? {
            Some((a, _)) if a.demo => {
                store.set_password(&actor, a.id, hash.clone(), false, None).await?;
                if a.disabled {
                    store.set_disabled(&actor, a.id, false).await?;
                }
            }
            Some(_) => continue,
            None => {
                let nation: entente_domain::registry::NationCode = code.parse().map_err(CliError::bad_input)?;
                let name = match net.nation(&nation) {
                    Some(n) => format!("Delegation member, {} (demo)", n.name),
                    None => format!("Delegation member, {code} (demo)"),
                };
                store
                    .create_account(
                        &actor,
                        NewAccount {
                            username: username.clone(),
                            display_name: name,
                            email: None,
                            affiliation: Affiliation::Nation(nation),
                            role: Role::DelegationMember,
                            password_hash: hash.clone(),
                            must_change_password: false,
                            demo: true,
                        },
                    )
                    .await?;
            }
        }
        names.push(username);
    }
    Ok((names, password))
}

/// The demo's accounts: staff, an ally, a large partner, a small partner and a partner
/// organisation. Created on first run; every start gives them new passwords, which are returned
/// for printing. A normal `serve` never creates them.
pub async fn demo_accounts(store: &Store) -> Result<Vec<(String, String, String, String)>, CliError> {
    let actor = Actor::system("entente demo");
    let mut out = Vec::new();
    for (username, name, nation, role) in DEMO_ACCOUNTS {
        let password = secrets::temporary_password().map_err(|e| anyhow::anyhow!("{e}"))?;
        let hash = secrets::hash_password(password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let affiliation = match nation {
            Some(code) => Affiliation::Nation(code.parse().map_err(CliError::bad_input)?),
            None => Affiliation::Staff,
        };
        match store.account_by_username(username).await? {
            Some((a, _)) if a.demo => {
                store.set_password(&actor, a.id, hash, false, None).await?;
                if a.disabled {
                    store.set_disabled(&actor, a.id, false).await?;
                }
            }
            Some(_) => continue, // a real account with this name: leave it alone
            None => {
                store
                    .create_account(
                        &actor,
                        NewAccount {
                            username: username.into(),
                            display_name: name.into(),
                            email: None,
                            affiliation,
                            role,
                            password_hash: hash,
                            must_change_password: false,
                            demo: true,
                        },
                    )
                    .await?;
            }
        }
        out.push((username.to_string(), role.as_str().to_string(), nation.unwrap_or("staff").to_string(), password));
    }
    Ok(out)
}
