//! `entente serve` and `entente demo`.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Args;
use entente_store::Actor;
use entente_web::AppState;
use tokio::net::TcpListener;

use super::{DATABASE_FILE, DEMO_DATABASE_FILE, open_store};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  entente serve --database postgres://entente:secret@db.internal/entente --host 0.0.0.0 --port 8080\n\n\
    Every option can also be set in entente.toml or as ENTENTE_DATABASE_URL, ENTENTE_DATA_DIR, ENTENTE_HOST, \
    ENTENTE_PORT, ENTENTE_LOG, ENTENTE_LOG_FORMAT. Security settings live there too: secure_cookies \
    (HTTPS: Secure cookies and HSTS), trust_proxy (client address from X-Forwarded-For), \
    session_idle_minutes (30), session_absolute_hours (12), classifications (marking labels). \
    Notification e-mail: mail_url (smtp://HOST:PORT or file:///DIRECTORY; unset keeps e-mails in the \
    outbox unsent) and mail_from. \
    Consultations: request_ack_target_hours (48) and request_meeting_target_hours (336), the response \
    targets past which a consultation request stands out as overdue; files_dir (uploaded documents \
    go to this directory instead of the database). Audit: audit_key_file and audit_checkpoint_file (the \
    signing key and checkpoint file of `entente audit checkpoint`, by default in the data directory)."
)]
pub struct ServeArgs {
    /// Address to listen on [env: ENTENTE_HOST] [default: 127.0.0.1]
    #[arg(long, value_name = "ADDR")]
    pub host: Option<String>,
    /// Port to listen on; 0 picks a free one [env: ENTENTE_PORT] [default: 8080]
    #[arg(long, short, value_name = "PORT")]
    pub port: Option<u16>,
    /// Minutes between signed audit checkpoints (see `entente audit checkpoint`); 0 writes none
    /// [env: ENTENTE_AUDIT_CHECKPOINT_MINUTES] [default: 60]
    #[arg(long, value_name = "MINUTES")]
    pub audit_checkpoint_minutes: Option<u64>,
}

#[derive(Args, Debug)]
#[command(after_help = "Example:\n  entente demo --port 8081\n\n\
    The demo database is entente-data/demo.db unless --database says otherwise; it is created on first \
    run and reused afterwards.")]
pub struct DemoArgs {
    #[command(flatten)]
    pub server: ServeArgs,
    /// Load the demo data and exit without serving
    #[arg(long)]
    pub load_only: bool,
}

fn address(config: &Config, args: &ServeArgs) -> Result<SocketAddr, CliError> {
    let host = args.host.clone().unwrap_or_else(|| config.host.clone());
    let port = args.port.unwrap_or(config.port);
    format!("{host}:{port}")
        .parse()
        .or_else(|_| format!("[{host}]:{port}").parse())
        .map_err(|_| CliError::bad_input(anyhow::anyhow!("--host: '{host}' is not an IP address")))
}

pub async fn serve(config: &Config, args: ServeArgs) -> CliResult {
    let addr = address(config, &args)?;
    let (store, url) = open_store(config, DATABASE_FILE).await?;
    settle_imports(&store).await?;
    let search = super::search::open(&config.search_dir_or("search"), &store).await?;
    start_checkpoints(&store, config, &args)?;
    let state = AppState::new(store, config.web(false), search);
    start_mailer(&state, config, false)?;
    run_server(state, addr, config.server_limits(), &url, "Entente").await
}

/// Imports left `running` by a process that stopped are settled as failed (nothing of them was kept).
async fn settle_imports(store: &entente_store::Store) -> CliResult {
    let settled = store.settle_interrupted_imports().await?;
    if settled > 0 {
        tracing::warn!(
            imports = settled,
            "event imports interrupted by a stop were marked failed; nothing of them was kept"
        );
    }
    Ok(())
}

pub async fn demo(config: &Config, args: DemoArgs) -> CliResult {
    let addr = address(config, &args.server)?;
    let (store, url) = open_store(config, DEMO_DATABASE_FILE).await?;
    settle_imports(&store).await?;
    let summary = store.seed_demo_network(&Actor::system("entente demo")).await?;
    if summary.is_noop() {
        outln!("Demo data already loaded in {url}.");
    } else {
        outln!(
            "Loaded the NATO network into {url}: {} nations, {} membership periods, {} formats.",
            summary.nations_added + summary.nations_updated + summary.nations_unchanged,
            summary.periods_added + summary.periods_updated + summary.periods_unchanged,
            summary.formats_added + summary.formats_updated + summary.formats_unchanged,
        );
    }
    let accounts = super::user::demo_accounts(&store).await?;
    outln!("\nDemonstration accounts (demo only; new passwords at every start):");
    outln!("  {:<20} {:<26} {:<8} password", "user name", "role", "nation");
    for (username, role, nation, password) in &accounts {
        outln!("  {username:<20} {role:<26} {nation:<8} {password}");
    }
    let delegations = entente_web::demo_cooperation::delegations();
    let (members, password) = super::user::demo_delegation_accounts(&store, &delegations).await?;
    if !members.is_empty() {
        outln!(
            "  {} more delegation members ({} … {}) share the password {password}",
            members.len(),
            members[0],
            members[members.len() - 1]
        );
    }
    outln!();
    let seeded = seed_consultations(&store).await?;
    if seeded > 0 {
        outln!("Loaded {seeded} demonstration meetings with requests, records and actions.\n");
    }
    let started = std::time::Instant::now();
    let coop = seed_cooperation(&store, &delegations).await?;
    if coop.activities > 0 {
        outln!(
            "Loaded a synthetic cooperation year and the year before: {} activities ({} published), {} partnership programmes, {} seat requests, two published allocations (the year before first come, first served; then the fair rule) of {} lines; {} seats given back by partners, {} of them offered again; attendance of {} participants in {} completed activities, {} feedback forms, {} after-action reports ({:.1} s).\n",
            coop.activities,
            coop.published,
            coop.programmes,
            coop.seat_requests,
            coop.allocation_lines,
            coop.given_back,
            coop.offered_again,
            coop.participants,
            coop.attendance_recorded,
            coop.feedback,
            coop.reports,
            started.elapsed().as_secs_f64()
        );
    }
    let started = std::time::Instant::now();
    let events_dir = config.data_dir.join("demo-events");
    let events = entente_web::demo_events::seed_events(&store, chrono::Utc::now().date_naive(), &events_dir)
        .await
        .map_err(|m| CliError::Failed(anyhow::anyhow!("demo event history: {m}")))?;
    let _ = std::fs::remove_dir(&events_dir);
    let reports = seed_reports(&store).await?;
    let subscriptions = seed_subscriptions(&store).await?;
    if events.files > 0 {
        outln!(
            "Imported a synthetic event history (labelled synthetic; ACLED and GDELT 2.0 formats): {} files, {} events; detection raised {} alerts in the last complete week; {} shared reports; {} alert subscriptions ({:.1} s).\n",
            events.files,
            events.rows,
            events.alerts,
            reports,
            subscriptions,
            started.elapsed().as_secs_f64()
        );
    }
    if args.load_only {
        return Ok(());
    }
    let search = super::search::open(&config.search_dir_or("demo-search"), &store).await?;
    start_checkpoints(&store, config, &args.server)?;
    let state = AppState::new(store, config.web(true), search);
    start_mailer(&state, config, true)?;
    run_server(state, addr, config.server_limits(), &url, "Entente demo").await
}

/// Write a signed audit checkpoint at start-up and then every `audit_checkpoint_minutes` (none
/// when 0), skipping a pass when nothing was written since the last checkpoint.
fn start_checkpoints(store: &entente_store::Store, config: &Config, args: &ServeArgs) -> CliResult {
    let minutes = args.audit_checkpoint_minutes.unwrap_or(config.audit_checkpoint_minutes);
    if minutes == 0 {
        tracing::warn!(
            "audit checkpoints are off (audit_checkpoint_minutes = 0): truncation of the audit log is not detected"
        );
        return Ok(());
    }
    let key = super::audit::signing_key(config)?;
    let file = config.audit_checkpoint_path();
    let store = store.clone();
    let every = std::time::Duration::from_secs(minutes.saturating_mul(60));
    drop(tokio::spawn(async move {
        let actor = Actor::system("entente serve");
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match store.checkpoint_audit(&actor, &key, &file, true).await {
                Ok(Some(cp)) => {
                    tracing::info!(head = %cp.head(), file = %file.display(), "audit checkpoint written");
                }
                Ok(None) => tracing::debug!("no audit checkpoint: nothing was written since the last one"),
                Err(e) => tracing::error!(error = %e, "audit checkpoint failed"),
            }
        }
    }));
    Ok(())
}

/// Start the mailer that drains the e-mail outbox, or say that e-mails stay in the outbox.
fn start_mailer(state: &AppState, config: &Config, demo: bool) -> CliResult {
    match config.mailer(demo).map_err(CliError::bad_input)? {
        Some(mailer) => {
            if let entente_web::notify::MailTarget::Dir(dir) = &mailer.target {
                outln!("Notification e-mails are written to {}.", dir.display());
            }
            drop(entente_web::notify::spawn_mailer(state.clone(), mailer));
        }
        None => tracing::info!(
            "mail_url is not set: notification e-mails are kept in the outbox and not sent; set mail_url to send them"
        ),
    }
    Ok(())
}

/// The demo administrator (under `STAFF`) and every demo delegation's member (under its nation's
/// code), as principals: only accounts still marked as demonstration accounts.
async fn demo_principals(
    store: &entente_store::Store,
) -> Result<std::collections::HashMap<String, entente_domain::access::Principal>, CliError> {
    let mut principals = std::collections::HashMap::new();
    let usernames = std::iter::once("staff.admin".to_string()).chain(
        entente_web::demo_cooperation::delegations().into_iter().map(|c| format!("{}.member", c.to_lowercase())),
    );
    for username in usernames {
        if let Some((account, _)) = store.account_by_username(&username).await?
            && account.demo
        {
            principals.insert(username.split('.').next().unwrap_or_default().to_uppercase(), account.principal());
        }
    }
    Ok(principals)
}

/// The demo's consultation data, acted out by the demo accounts (staff administrator for the staff's
/// steps, each nation's delegation member for its own).
async fn seed_consultations(store: &entente_store::Store) -> Result<usize, CliError> {
    let principals = demo_principals(store).await?;
    let Some(staff) = principals.get("STAFF").cloned() else {
        return Ok(0); // a real account took the demo administrator's name: leave the data alone
    };
    entente_web::demo::seed_consultations(store, &staff, |code| principals.get(code).cloned())
        .await
        .map_err(|e| anyhow::anyhow!("cannot load the demonstration meetings: {e}").into())
}

/// The demo's shared reports, acted out by the delegations' members (Tunisia's and Mauritania's
/// recent ones, the others' history) and the staff.
async fn seed_reports(store: &entente_store::Store) -> Result<usize, CliError> {
    let principals = demo_principals(store).await?;
    let Some(staff) = principals.get("STAFF").cloned() else {
        return Ok(0);
    };
    entente_web::demo_events::seed_reports(
        store,
        &staff,
        |c| principals.get(c).cloned(),
        chrono::Utc::now().date_naive(),
    )
    .await
    .map_err(|m| CliError::Failed(anyhow::anyhow!("demo reports: {m}")))
}

/// The demo's alert subscriptions (Tunisia's and Norway's members, the staff officer).
async fn seed_subscriptions(store: &entente_store::Store) -> Result<usize, CliError> {
    let mut principals = std::collections::HashMap::new();
    for (username, key) in [("staff.officer", "STAFF"), ("tun.member", "TUN"), ("nor.member", "NOR")] {
        if let Some((account, _)) = store.account_by_username(username).await?
            && account.demo
        {
            principals.insert(key, account.principal());
        }
    }
    entente_web::demo_events::seed_subscriptions(store, |c| principals.get(c).cloned())
        .await
        .map_err(|m| CliError::Failed(anyhow::anyhow!("demo alert subscriptions: {m}")))
}

/// The demo's cooperation year, acted out by the staff administrator and each delegation's member.
async fn seed_cooperation(
    store: &entente_store::Store,
    delegations: &[&str],
) -> Result<entente_web::demo_cooperation::Seeded, CliError> {
    let mut principals = std::collections::HashMap::new();
    for username in std::iter::once("staff.admin".to_string())
        .chain(delegations.iter().map(|c| format!("{}.member", c.to_ascii_lowercase())))
    {
        if let Some((account, _)) = store.account_by_username(&username).await?
            && account.demo
        {
            principals.insert(username.split('.').next().unwrap_or_default().to_uppercase(), account.principal());
        }
    }
    let Some(staff) = principals.get("STAFF").cloned() else {
        return Ok(Default::default());
    };
    entente_web::demo_cooperation::seed_cooperation(store, &staff, |code| principals.get(code).cloned())
        .await
        .map_err(|e| anyhow::anyhow!("cannot load the demonstration cooperation year: {e}").into())
}

/// How often the server looks for reminders that have fallen due.
const REMINDER_PASS: std::time::Duration = std::time::Duration::from_secs(30);

async fn run_server(
    state: AppState,
    addr: SocketAddr,
    limits: entente_web::server::Limits,
    url: &str,
    what: &str,
) -> CliResult {
    let listener = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    outln!("{what} running at http://{local}/ (database {url}). Press Ctrl-C to stop.");
    tracing::info!(address = %local, database = %url, "listening");
    // Reminders that time makes due (a record agreed at the end of silence, an overdue action).
    drop(entente_web::notify::spawn_reminders(state.clone(), REMINDER_PASS));
    entente_web::server::serve(listener, entente_web::app(state), limits, shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
