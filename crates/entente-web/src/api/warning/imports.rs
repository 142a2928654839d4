//! Event-data imports over the API (staff): the list with progress, one import, and sending a
//! file to import in the background.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::warning::imports::{self as svc, ImportDto};

/// The imports, newest first (the last 200; staff, analysts included).
#[utoipa::path(get, path = "/api/v1/imports", tag = "warning",
    responses((status = 200, body = [ImportDto]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn imports(ctx: Ctx) -> Result<Json<Vec<ImportDto>>, AppError> {
    Ok(Json(svc::imports(&ctx).await?))
}

/// One import: its state, progress and outcome.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "warning", params(("id" = i64, Path)),
    responses((status = 200, body = ImportDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn import(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<ImportDto>, AppError> {
    Ok(Json(svc::import(&ctx, id).await?))
}

/// The form `POST /api/v1/imports` takes.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The file: ACLED, GDELT 1.0/2.0 events, UCDP GED or partner reports, as CSV/TSV/JSON,
    /// possibly in a zip (one data file) or gzip archive; up to `event_upload_max_mb`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `acled`, `gdelt1`, `gdelt2`, `ucdp` or `report`; absent or empty: recognised from the content.
    #[schema(pattern = "^(acled|gdelt1|gdelt2|ucdp|report|auto)?$")]
    format: Option<String>,
}

/// Send an event-data file (staff who may write). It is recorded as running and imported in the
/// background, then detection runs; follow it at the `Location` given. A file imported before
/// (the same content, even compressed or renamed) is refused naming the earlier import.
#[utoipa::path(post, path = "/api/v1/imports", tag = "warning",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 202, body = ImportDto, headers(("location" = String, description = "The import's address"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn upload(State(state): State<AppState>, ctx: Ctx, form: Multipart) -> Result<Response, AppError> {
    let id = svc::upload(&state, &ctx, form).await.map_err(|(e, _)| e)?;
    let dto = svc::import(&ctx, id).await?;
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, format!("/api/v1/imports/{id}"))], Json(dto)).into_response())
}
