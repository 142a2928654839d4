//! Event-data imports from the web: a staff member sends an ACLED, GDELT, UCDP or report file;
//! it is received to disk as it arrives (never held in memory whole), recorded as a running
//! import and imported in the background, and the imports list shows its progress and outcome.
//! Shared by the imports page and `POST /api/v1/imports`.

use axum::extract::Multipart;
use entente_domain::warning as rules;
use entente_store::warning::EventImport;
use serde::Serialize;
use tokio::io::AsyncWriteExt;
use utoipa::ToSchema;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::system::warning::Upload;

/// How many imports the list shows.
pub const LIST_LIMIT: u64 = 200;

/// One import as the list and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportDto {
    pub id: i64,
    /// The file's name as it was sent.
    pub file: String,
    /// `acled`, `gdelt1`, `gdelt2`, `ucdp` or `report`, once recognised.
    pub format: Option<String>,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// The file's size in bytes.
    pub bytes: i64,
    /// How far the import has read (recorded every 16 MiB while it runs).
    pub bytes_read: i64,
    /// Percent read, 0–100.
    pub percent: u8,
    pub rows_ok: i64,
    pub rows_skipped: i64,
    /// Why it failed.
    pub error: Option<String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub started_by: String,
}

impl From<EventImport> for ImportDto {
    fn from(i: EventImport) -> Self {
        let percent = match (i.state.as_str(), i.bytes) {
            ("done", _) => 100,
            (_, b) if b > 0 => ((i.bytes_read.clamp(0, b) * 100) / b) as u8,
            _ => 0,
        };
        ImportDto {
            id: i.id,
            file: i.file,
            format: i.format,
            state: i.state,
            bytes: i.bytes,
            bytes_read: i.bytes_read,
            percent,
            rows_ok: i.rows_ok,
            rows_skipped: i.rows_skipped,
            error: i.error,
            started_at: i.started_at,
            finished_at: i.finished_at,
            started_by: i.started_by,
        }
    }
}

fn may_read(ctx: &Ctx) -> Result<(), AppError> {
    if rules::may_read_imports(&ctx.principal) {
        Ok(())
    } else {
        Err(AppError::Forbidden(entente_domain::said!(
            "err-warning-imports-staff",
            "not permitted: event imports are for the alliance staff"
        )))
    }
}

/// The imports, newest first.
pub async fn imports(ctx: &Ctx) -> Result<Vec<ImportDto>, AppError> {
    may_read(ctx)?;
    Ok(ctx.scope.event_imports(LIST_LIMIT).await?.into_iter().map(ImportDto::from).collect())
}

/// One import.
pub async fn import(ctx: &Ctx, id: i64) -> Result<ImportDto, AppError> {
    may_read(ctx)?;
    Ok(ctx.scope.event_import(id).await?.into())
}

/// Whether the caller may send files (the page offers the form only then).
pub fn may_import(ctx: &Ctx) -> bool {
    rules::import_events(&ctx.principal).is_ok()
}

/// What an upload form carried besides the file.
#[derive(Debug, Default, Clone)]
pub struct UploadFields {
    /// The format chosen, as typed (empty: recognise it from the content).
    pub format: String,
}

/// Receive an upload form (`file`, optional `format`) and start its import. Nothing is read
/// from a caller who may not import. The file is streamed to disk and refused past the
/// configured size. Returns the running import's id; on a refusal, the fields as sent.
pub async fn upload(state: &AppState, ctx: &Ctx, mut form: Multipart) -> Result<i64, (AppError, UploadFields)> {
    let mut fields = UploadFields::default();
    let permit = rules::import_events(&ctx.principal).map_err(|e| (e.into(), fields.clone()))?;
    let invalid = |e: axum::extract::multipart::MultipartError| AppError::bad_request("invalid_form", e.body_text());
    let max = state.config.event_upload_max_bytes;
    let mut upload: Option<Upload> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err((invalid(e), fields)),
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                match receive(state, field, &name, max).await {
                    Ok(Some(u)) => upload = Some(u),
                    Ok(None) => {}
                    Err(e) => return Err((e, fields)),
                }
            }
            Some("format") => match field.text().await {
                Ok(v) => fields.format = v.trim().to_string(),
                Err(e) => return Err((invalid(e), fields)),
            },
            _ => {}
        }
    }
    let format = match fields.format.as_str() {
        "" | "auto" => None,
        f => match f.parse::<entente_warning::parse::Format>() {
            Ok(f) => Some(f),
            Err(m) => {
                return Err((
                    AppError::bad_request(
                        "invalid_format",
                        entente_domain::said!("err-warning-import-format", "format: {why}", why = m),
                    ),
                    fields,
                ));
            }
        },
    };
    let Some(mut upload) = upload else {
        return Err((
            AppError::bad_request(
                "invalid_file",
                entente_domain::said!("err-warning-choose-file", "file: choose a file to import"),
            ),
            fields,
        ));
    };
    upload.format = format;
    crate::system::warning::start_import(state, &ctx.principal, permit, upload).await.map_err(|e| (e, fields))
}

/// Stream one file field to disk. `None` when the form carried no file (an empty file input).
async fn receive(
    state: &AppState,
    mut field: axum::extract::multipart::Field<'_>,
    name: &str,
    max: u64,
) -> Result<Option<Upload>, AppError> {
    let io = |e: std::io::Error| AppError::Internal(anyhow::anyhow!("receiving an upload: {e}"));
    if name.trim().is_empty() {
        // A form sent without choosing a file still has the field, empty and unnamed.
        while let Ok(Some(_)) = field.chunk().await {}
        return Ok(None);
    }
    let (upload, file) = Upload::create(state, name).map_err(io)?;
    let mut file = tokio::fs::File::from_std(file);
    let mut size: u64 = 0;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(AppError::bad_request("invalid_form", e.body_text())),
        };
        size += chunk.len() as u64;
        if size > max {
            return Err(AppError::bad_request(
                "file_too_large",
                entente_domain::said!(
                    "err-warning-file-large",
                    "file: {name} is larger than the {max} MiB accepted here; import it with `entente events import` on the server",
                    name = &upload.name,
                    max = max >> 20
                ),
            ));
        }
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.flush().await.map_err(io)?;
    if size == 0 {
        return Err(AppError::bad_request(
            "invalid_file",
            entente_domain::said!("err-warning-file-empty", "file: {name} is empty", name = &upload.name),
        ));
    }
    Ok(Some(upload))
}
