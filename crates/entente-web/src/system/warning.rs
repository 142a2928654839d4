//! Detection and event imports run on the raw store (they write data no caller's scope covers:
//! counters, alerts). They start only with the domain's permit, and are audited in its name.

use entente_domain::access::{Permit, Principal};

use super::AppState;
use crate::error::AppError;

/// Run the detectors over the stored history and record the alerts of the last complete week.
/// Returns how many alerts that week has and how many are new.
pub async fn detect(state: &AppState, by: &Principal, permit: Permit) -> Result<(usize, usize), AppError> {
    if permit.user_id() != by.user_id || permit.action() != "alerts.detected" {
        return Err(AppError::Forbidden(entente_domain::said!(
            "err-not-permitted",
            "not permitted: {why}",
            why = entente_domain::said!("err-warning-alliance-staff-run-detection", "alliance staff run detection")
        )));
    }
    let (all, fresh) =
        state.store.detect_and_record(1, &entente_store::Actor::from_principal(by), permit.action()).await?;
    tracing::info!(alerts = all.len(), new = fresh.len(), by = %by.username, "detection run");
    Ok((all.len(), fresh.len()))
}

/// At start: imports left `running` by a stopped process are settled as failed.
pub async fn settle_interrupted(state: &AppState) -> Result<u64, AppError> {
    Ok(state.store.settle_interrupted_imports().await?)
}

/// An event-data file received from the imports page or API, kept in a private temporary
/// directory under its own name until its import has run.
pub struct Upload {
    /// Removed, with the file, when the upload is dropped.
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    /// The file's name as sent (its last component, control characters removed).
    pub name: String,
    /// The format chosen by the sender; `None`: recognised from the content.
    pub format: Option<entente_warning::parse::Format>,
}

impl Upload {
    /// An empty file to receive `name` into: in the uploaded-files directory when one is
    /// configured (so a large file lands on the same disk as the data), else the system's
    /// temporary directory.
    pub fn create(state: &AppState, name: &str) -> std::io::Result<(Upload, std::fs::File)> {
        let dir = state.receiving_dir(".event-upload-")?;
        let clean: String =
            name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(200).collect();
        let clean = match clean.trim() {
            "" | "." | ".." => "upload".to_string(),
            t => t.to_string(),
        };
        let path = dir.path().join(&clean);
        let file = std::fs::File::create(&path)?;
        Ok((Upload { _dir: dir, path, name: clean, format: None }, file))
    }
}

/// The code tables every import parses with, read once.
fn tables() -> Result<std::sync::Arc<entente_warning::parse::Tables>, AppError> {
    static TABLES: std::sync::OnceLock<std::sync::Arc<entente_warning::parse::Tables>> = std::sync::OnceLock::new();
    if let Some(t) = TABLES.get() {
        return Ok(t.clone());
    }
    let t = std::sync::Arc::new(
        entente_warning::parse::Tables::embedded().map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?,
    );
    Ok(TABLES.get_or_init(|| t).clone())
}

fn job<'a>(
    upload: &Upload,
    tables: std::sync::Arc<entente_warning::parse::Tables>,
    actor: &'a entente_store::Actor,
    action: &'a str,
) -> entente_store::warning::ImportJob<'a> {
    entente_store::warning::ImportJob {
        path: upload.path.clone(),
        name: upload.name.clone(),
        tables,
        opts: entente_warning::ingest::ImportOptions {
            format: upload.format,
            policy: entente_warning::ErrorPolicy::SkipAndReport,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()).min(4),
            block: entente_warning::scan::BLOCK,
        },
        actor,
        action,
    }
}

/// Start importing an uploaded file: it is recorded as running at once (a file imported before
/// is refused here, naming the earlier import), then read and written in the background — one
/// import at a time per server — and detection runs after it. Returns the import's id; the
/// imports list shows its progress. If the server stops first, nothing of the file is kept and
/// the next start settles the import as failed.
pub async fn start_import(state: &AppState, by: &Principal, permit: Permit, upload: Upload) -> Result<i64, AppError> {
    if permit.user_id() != by.user_id || permit.action() != "events.imported" {
        return Err(AppError::Forbidden(entente_domain::said!(
            "err-not-permitted",
            "not permitted: {why}",
            why = entente_domain::said!("err-warning-alliance-staff-import-event", "alliance staff import event data")
        )));
    }
    let tables = tables()?;
    let actor = entente_store::Actor::from_principal(by);
    let first = job(&upload, tables.clone(), &actor, permit.action());
    let id = state.store.start_event_file(&first).await.map_err(|e| import_error(&first, e))?;
    let (store, running, name) = (state.store.clone(), state.clone(), by.username.clone());
    tokio::spawn(async move {
        // One import at a time: each parses on its own threads and holds its writes in one transaction.
        let _turn = running.imports.acquire().await;
        let done = store.finish_event_file(id, job(&upload, tables, &actor, "events.imported"), |_| {}).await;
        drop(upload);
        match done {
            Ok((_, report)) => {
                tracing::info!(import = id, file = %report.file, rows = report.rows_ok, by = %name, "event import done");
                match store.detect_and_record(1, &actor, "alerts.detected").await {
                    Ok((all, fresh)) => {
                        tracing::info!(alerts = all.len(), new = fresh.len(), "detection after an import")
                    }
                    Err(e) => tracing::error!(error = %e, "detection after an import failed"),
                }
            }
            Err(e) => tracing::warn!(import = id, error = %e, "event import failed"),
        }
    });
    Ok(id)
}

fn import_error(job: &entente_store::warning::ImportJob<'_>, e: entente_store::warning::ImportError) -> AppError {
    use entente_store::warning::ImportError;
    match e {
        ImportError::Input(e) => AppError::bad_request(
            "invalid_file",
            entente_domain::said!("err-warning-import-input", "file: {why}", why = job.shown(&e)),
        ),
        ImportError::Store(e) => e.into(),
    }
}
