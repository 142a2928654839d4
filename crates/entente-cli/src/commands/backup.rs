//! `entente backup` and `entente restore`: the database, the uploaded files and the audit
//! checkpoint file, into and out of one directory.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use entente_store::checkpoint::{self, AuditKey, ExpectedHead};
use entente_store::{Backend, Store, backup};
use serde::{Deserialize, Serialize};

use super::{DATABASE_FILE, open_store, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

const MANIFEST: &str = "manifest.json";
const FILES: &str = "files";
const FORMAT: &str = "entente-backup 1";

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  entente backup /var/backups/entente/2026-12-03\n  \
    entente backup backups/today --database postgres://entente:secret@db.internal/entente\n\n\
    The directory gets the database (SQLite: entente.db, a consistent copy made with VACUUM INTO while \
    the application keeps running; PostgreSQL: entente.pgdump, pg_dump's custom format, which needs \
    PostgreSQL's client programs on PATH), a copy of the uploaded files (files/, when files_dir is \
    set), a copy of the audit checkpoint file (checkpoints.log, when there is one) and manifest.json \
    (backend, time, the audit head at the start). The audit signing key is not copied: keep it apart.")]
pub struct BackupArgs {
    /// Directory to write the backup into; it must not exist or be empty
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  entente restore /var/backups/entente/2026-12-03 --database sqlite://entente-data/entente.db\n  \
    entente restore backups/today --database postgres://entente:secret@db.internal/entente_restored\n\n\
    The target is the configured database, of the backup's kind. A database that already has tables \
    (even only migrated) is refused unless --force: SQLite's file is then replaced, and on PostgreSQL \
    the objects in the dump are dropped and recreated. Stop `entente serve` on the target first. \
    Uploaded files are copied into files_dir; the checkpoint file is copied only where there is none, \
    since a newer one is the proof of what happened after the backup. The restored audit chain is then \
    verified against the backup's head and the checkpoint file (exit code 1 if it fails)."
)]
pub struct RestoreArgs {
    /// Backup directory written by `entente backup`
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Replace a database that already has tables (SQLite: the file; PostgreSQL: the dumped objects)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    backend: String,
    created: String,
    database: String,
    /// The audit chain's head when the backup started (`SEQ:HASH`); the backup holds at least it.
    audit_head: String,
    files: bool,
    checkpoints: bool,
}

fn failed(e: impl Into<anyhow::Error>) -> CliError {
    CliError::Failed(e.into())
}

/// Copy every file under `from` into `to` (created), keeping names; files already there with the
/// same name are left alone (uploaded files are named by their SHA-256). Returns how many were copied.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<u64> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let (src, dest) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().with_context(|| format!("cannot read {}", src.display()))?;
        if kind.is_dir() {
            copied += copy_tree(&src, &dest)?;
        } else if kind.is_file() && !dest.exists() {
            std::fs::copy(&src, &dest)
                .with_context(|| format!("cannot copy {} to {}", src.display(), dest.display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

pub async fn backup(config: &Config, args: BackupArgs) -> CliResult {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            return Err(CliError::bad_input(anyhow::anyhow!(
                "{} is not empty: a backup goes into a new or empty directory",
                dir.display()
            )));
        }
    }
    let url = config.database_url_existing(DATABASE_FILE);
    let backend = Backend::from_url(&url).map_err(CliError::bad_input)?;
    if backend == Backend::Postgres {
        // Say what is missing before anything is written.
        backup::find_program("pg_dump")?;
    }
    // The database is only read: a missing one is not created, an old schema is not migrated.
    let (store, shown) = open_store_read(config, DATABASE_FILE).await?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let head = store.audit_head().await?;
    let database = backup::database_file(backend);
    let started = std::time::Instant::now();
    match backend {
        Backend::Sqlite => store.backup_sqlite(&dir.join(database)).await?,
        Backend::Postgres => {
            let (url, dest) = (url.clone(), dir.join(database));
            tokio::task::spawn_blocking(move || backup::pg_dump(&url, &dest)).await.map_err(failed)??;
        }
    }
    store.close().await?;
    let size = std::fs::metadata(dir.join(database)).map(|m| m.len()).unwrap_or(0);
    outln!(
        "{shown}: database written to {} ({size} bytes, {:.2} s)",
        dir.join(database).display(),
        started.elapsed().as_secs_f64()
    );
    let files = match &config.files_dir {
        Some(files_dir) if files_dir.exists() => {
            let n = copy_tree(files_dir, &dir.join(FILES))?;
            outln!("uploaded files: {n} copied from {} to {}", files_dir.display(), dir.join(FILES).display());
            true
        }
        _ => false,
    };
    let checkpoints = config.audit_checkpoint_path();
    let has_checkpoints = checkpoints.exists();
    if has_checkpoints {
        std::fs::copy(&checkpoints, dir.join(checkpoint::CHECKPOINT_FILE))
            .with_context(|| format!("cannot copy {}", checkpoints.display()))?;
        outln!("checkpoint file: {} copied", checkpoints.display());
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        backend: backend.name().into(),
        created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        database: database.into(),
        audit_head: format!("{}:{}", head.0, head.1),
        files,
        checkpoints: has_checkpoints,
    };
    let text = serde_json::to_string_pretty(&manifest)? + "\n";
    std::fs::write(dir.join(MANIFEST), text)
        .with_context(|| format!("cannot write {}", dir.join(MANIFEST).display()))?;
    outln!("backup complete in {} (audit head {})", dir.display(), manifest.audit_head);
    Ok(())
}

pub async fn restore(config: &Config, args: RestoreArgs) -> CliResult {
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(CliError::bad_input(anyhow::anyhow!(
            "no backup directory at {}: name a directory written by `entente backup`",
            dir.display()
        )));
    }
    let manifest_path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}: not a backup written by `entente backup`", manifest_path.display()))
        .map_err(CliError::bad_input)?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a backup manifest", manifest_path.display()))
        .map_err(CliError::bad_input)?;
    if manifest.format != FORMAT {
        return Err(CliError::bad_input(anyhow::anyhow!(
            "{}: format '{}' is not one this version restores ({FORMAT})",
            manifest_path.display(),
            manifest.format
        )));
    }
    let url = config.database_url_or(DATABASE_FILE)?;
    let backend = Backend::from_url(&url).map_err(CliError::bad_input)?;
    if manifest.backend != backend.name() {
        return Err(CliError::bad_input(anyhow::anyhow!(
            "{} holds a {} database; the target {} is {}: restore it into a database of the same kind",
            dir.display(),
            manifest.backend,
            entente_store::redact(&url),
            backend.name()
        )));
    }
    let source = dir.join(&manifest.database);
    if !source.is_file() {
        return Err(CliError::bad_input(anyhow::anyhow!("{} is missing from the backup", source.display())));
    }
    if backend == Backend::Postgres {
        backup::find_program("pg_restore")?;
    }
    // Is the target empty? Look without migrating it.
    let exists = match backend {
        Backend::Sqlite => backup::sqlite_path(&url)?.exists(),
        Backend::Postgres => true,
    };
    let shown = entente_store::redact(&url);
    if exists {
        let target = Store::connect(&url).await?;
        let tables = target.table_count().await?;
        target.close().await?;
        if tables > 0 && !args.force {
            return Err(CliError::bad_input(anyhow::anyhow!(
                "{shown} is not empty ({tables} tables): restore into an empty database, or pass --force to replace it"
            )));
        }
    }
    let started = std::time::Instant::now();
    match backend {
        Backend::Sqlite => backup::restore_sqlite(&source, &url)?,
        Backend::Postgres => {
            let (url, source, clean) = (url.clone(), source.clone(), args.force);
            tokio::task::spawn_blocking(move || backup::pg_restore(&source, &url, clean)).await.map_err(failed)??;
        }
    }
    outln!("{shown}: database restored from {} ({:.2} s)", source.display(), started.elapsed().as_secs_f64());
    let files = dir.join(FILES);
    if manifest.files && files.is_dir() {
        match &config.files_dir {
            Some(files_dir) => {
                let n = copy_tree(&files, files_dir)?;
                outln!("uploaded files: {n} copied into {}", files_dir.display());
            }
            None => outln!(
                "the backup holds uploaded files in {}, but files_dir is not configured: they were not restored",
                files.display()
            ),
        }
    }
    let checkpoints = config.audit_checkpoint_path();
    let saved = dir.join(checkpoint::CHECKPOINT_FILE);
    if manifest.checkpoints && saved.is_file() {
        if checkpoints.exists() {
            outln!(
                "checkpoint file {} kept as it is (it may record entries made after this backup)",
                checkpoints.display()
            );
        } else {
            if let Some(parent) = checkpoints.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::copy(&saved, &checkpoints).with_context(|| format!("cannot copy to {}", checkpoints.display()))?;
            outln!("checkpoint file: copied to {}", checkpoints.display());
        }
    }
    // The restored chain: intact, holding the head the backup started from, and every checkpoint.
    let (store, _) = open_store(config, DATABASE_FILE).await?;
    let v = store.verify_audit(10_000).await?;
    let mut problems = Vec::new();
    if let Some((seq, why)) = &v.first_broken {
        problems.push(format!("the audit chain is broken at entry {seq}: {why}"));
    }
    if let Ok(head) = manifest.audit_head.parse::<ExpectedHead>()
        && head.seq.is_some_and(|s| s > 0)
        && let Some(b) = store.check_expected_head(&head).await?
    {
        problems.push(b.to_string());
    }
    if let Some(list) = checkpoint::read_file(&checkpoints)? {
        let key = AuditKey::load(&config.audit_key_path())?;
        let found =
            store.verify_checkpoints(&checkpoints, &list, key.as_ref().map(AuditKey::verifying_key).as_ref()).await?;
        problems.extend(found.iter().map(ToString::to_string));
    }
    store.close().await?;
    if problems.is_empty() {
        outln!("audit chain verified: {} entries, head {}:{}", v.entries, v.head.0, v.head.1);
        Ok(())
    } else {
        Err(CliError::Failed(anyhow::anyhow!(
            "the restored audit log fails verification:\n  {}",
            problems.join("\n  ")
        )))
    }
}
