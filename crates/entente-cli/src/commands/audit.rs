//! `entente audit verify` and `entente audit checkpoint`: check the audit log's hash chain, and
//! anchor its head outside the database with signed checkpoints.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use entente_store::checkpoint::{self, AuditKey, Breach, ExpectedHead};

use super::{DATABASE_FILE, cli_actor, open_store, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain of the audit log, every signed checkpoint and any expected head
    Verify(VerifyArgs),
    /// Sign the chain's head and append the checkpoint to the checkpoint file and to the log
    Checkpoint(CheckpointArgs),
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  entente audit verify\n  \
    entente audit verify --expect 48213:5f0c…e9 --database postgres://entente@localhost/entente\n\n\
    The chain itself shows an edited, deleted or reordered entry. Deleting the newest entries and \
    rewriting the head row to match leaves a shorter chain that is intact; that is caught only against \
    something kept outside the database: the signed checkpoints in the checkpoint file (every one must \
    still be in the chain with its hash), and the heads given with --expect (printed as SEQ:HASH by an \
    earlier verify or checkpoint). Entries removed after the newest checkpoint are not detected unless \
    an --expect head covers them. Exit code 1 names the first broken entry, or each checkpoint or \
    expected head the chain no longer holds and the entries missing.")]
pub struct VerifyArgs {
    /// Entries read per batch
    #[arg(long, default_value_t = 10_000)]
    pub batch: u64,
    /// A head the chain must still hold: SEQ:HASH (entry SEQ has hash HASH) or HASH, as printed by
    /// an earlier `audit verify` or `audit checkpoint`; may be repeated
    #[arg(long, value_name = "HEAD")]
    pub expect: Vec<ExpectedHead>,
    /// The checkpoint file to check the chain against [default: audit_checkpoint_file, or
    /// checkpoints.log in the data directory]
    #[arg(long, value_name = "FILE")]
    pub checkpoints: Option<PathBuf>,
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  entente audit checkpoint\n  \
    entente audit checkpoint -o /mnt/worm/entente-checkpoints.log\n\n\
    The checkpoint (the head's sequence number and hash, the time, and an Ed25519 signature) is \
    appended as one JSON line to the checkpoint file and recorded in the audit log as an \
    audit.checkpoint entry. The signing key is audit_key_file, or audit-signing.key in the data \
    directory, created on first use with mode 0600. Before signing, the chain since the previous \
    checkpoint is verified: a broken chain is never signed. `entente serve` writes one every \
    audit_checkpoint_minutes (60).")]
pub struct CheckpointArgs {
    /// Append the checkpoint to this file [default: audit_checkpoint_file, or checkpoints.log in
    /// the data directory]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub async fn run(config: &Config, cmd: AuditCommand) -> CliResult {
    match cmd {
        AuditCommand::Verify(args) => verify(config, args).await,
        AuditCommand::Checkpoint(args) => checkpoint(config, args).await,
    }
}

/// Load the configured signing key, creating it on first use; says so when it was created.
pub fn signing_key(config: &Config) -> Result<AuditKey, CliError> {
    let path = config.audit_key_path();
    let (key, created) = AuditKey::load_or_create(&path)?;
    if created {
        eprintln!(
            "created the audit signing key {} (mode 0600, public key {}); keep a copy apart from the database backups",
            path.display(),
            key.public_hex()
        );
    }
    Ok(key)
}

async fn checkpoint(config: &Config, args: CheckpointArgs) -> CliResult {
    let key = signing_key(config)?;
    let file = args.output.unwrap_or_else(|| config.audit_checkpoint_path());
    let (store, url) = open_store(config, DATABASE_FILE).await?;
    let cp = match store.checkpoint_audit(&cli_actor(), &key, &file, false).await? {
        Some(cp) => cp,
        None => return Err(CliError::Failed(anyhow::anyhow!("no checkpoint was written"))),
    };
    outln!(
        "{url}: checkpoint of entry {} written to {} and recorded as audit entry {}",
        cp.seq,
        file.display(),
        cp.seq + 1
    );
    outln!("head {}", cp.head());
    outln!("signed {} with key {}", cp.at, cp.key);
    Ok(())
}

async fn verify(config: &Config, args: VerifyArgs) -> CliResult {
    let file = args.checkpoints.clone().unwrap_or_else(|| config.audit_checkpoint_path());
    let checkpoints = checkpoint::read_file(&file).map_err(CliError::bad_input)?;
    if checkpoints.is_none() && args.checkpoints.is_some() {
        return Err(CliError::bad_input(anyhow::anyhow!("--checkpoints: {} does not exist", file.display())));
    }
    let (store, url) = open_store_read(config, DATABASE_FILE).await?;
    let started = std::time::Instant::now();
    let v = store.verify_audit(args.batch).await?;
    let took = started.elapsed();
    let mut breaches: Vec<Breach> = Vec::new();
    if let Some((seq, why)) = &v.first_broken {
        breaches.push(Breach {
            what: format!("the audit chain is broken at entry {seq}"),
            reason: format!("{why} ({} entries checked before it)", v.entries),
        });
    } else {
        outln!(
            "{url}: {} entries, chain intact, head {}:{} ({:.2} s)",
            v.entries,
            v.head.0,
            v.head.1,
            took.as_secs_f64()
        );
    }
    match &checkpoints {
        None => outln!(
            "no checkpoint file at {}: deleting the newest entries and rewriting the head row would not be detected \
             (write one with `entente audit checkpoint`)",
            file.display()
        ),
        Some(list) => {
            let key = AuditKey::load(&config.audit_key_path())?;
            if key.is_none() {
                outln!(
                    "no signing key at {}: each checkpoint is checked against the key it names",
                    config.audit_key_path().display()
                );
            }
            let found =
                store.verify_checkpoints(&file, list, key.as_ref().map(AuditKey::verifying_key).as_ref()).await?;
            if found.is_empty() {
                match list.last() {
                    Some((_, newest)) => outln!(
                        "{} checkpoint{} in {}, all held by the chain (newest: entry {}, {})",
                        list.len(),
                        if list.len() == 1 { "" } else { "s" },
                        file.display(),
                        newest.seq,
                        newest.at
                    ),
                    None => outln!("{} holds no checkpoint yet", file.display()),
                }
            }
            breaches.extend(found);
        }
    }
    for expected in &args.expect {
        match store.check_expected_head(expected).await? {
            Some(b) => breaches.push(b),
            None => outln!(
                "expected head {} is in the chain",
                expected.seq.map_or(expected.hash.clone(), |s| format!("{s}:{}", expected.hash))
            ),
        }
    }
    if breaches.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = breaches.iter().map(ToString::to_string).collect();
    Err(CliError::Failed(anyhow::anyhow!("{url}: the audit log fails verification:\n  {}", lines.join("\n  "))))
}
