//! The event-data imports page: the imports with their progress (the page refreshes itself
//! while one runs, so it needs no script), and for staff writers a form to send a file.

use askama::Template;
use axum::extract::{Multipart, OriginalUri, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::{Layout, render};
use crate::warning::imports::{self as svc, ImportDto, UploadFields};

#[derive(Template)]
#[template(path = "warning/imports.html")]
struct ImportsPage {
    layout: Layout,
    items: Vec<ImportDto>,
    can_import: bool,
    /// The import just started, when the page follows a sent file.
    started: Option<ImportDto>,
    running: bool,
    error: Option<String>,
    /// The format chosen, kept when the form is refused.
    format: String,
    formats: Vec<(&'static str, String)>,
    max_mb: usize,
}

#[derive(Debug, Deserialize, Default)]
pub struct ImportsQuery {
    started: Option<i64>,
}

async fn page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    started: Option<i64>,
    refused: Option<(String, UploadFields)>,
) -> Result<Response, AppError> {
    let items = svc::imports(ctx).await?;
    let started = started.and_then(|id| items.iter().find(|i| i.id == id).cloned());
    let running = items.iter().any(|i| i.state == "running");
    let layout = Layout::new(lang, uri, None, state, &ctx.identity);
    let formats = entente_warning::parse::Format::ALL
        .iter()
        .map(|f| (f.as_str(), layout.t(&format!("import-format-{}", f.as_str()))))
        .collect();
    let (error, fields) = match refused {
        Some((e, f)) => (Some(e), f),
        None => (None, UploadFields::default()),
    };
    render(&ImportsPage {
        layout,
        items,
        can_import: svc::may_import(ctx),
        started,
        running,
        error,
        format: fields.format,
        formats,
        max_mb: usize::try_from(state.config.event_upload_max_bytes >> 20).unwrap_or(usize::MAX),
    })
}

pub async fn imports(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<ImportsQuery>,
) -> Result<Response, AppError> {
    page(&state, lang, &ctx, &uri, q.started, None).await
}

pub async fn upload(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    form: Multipart,
) -> Result<Response, AppError> {
    match svc::upload(&state, &ctx, form).await {
        Ok(id) => Ok(Redirect::to(&format!("/imports?started={id}")).into_response()),
        Err((e @ (AppError::BadRequest { .. } | AppError::Conflict(_)), fields)) => {
            let status = e.status();
            let mut r = page(&state, lang, &ctx, &uri, None, Some((state.refusal(lang, &e), fields))).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err((e, _)) => Err(e),
    }
}
