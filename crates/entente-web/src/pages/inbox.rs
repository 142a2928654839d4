//! The inbox page: one's own notifications, newest first, in the reader's language. (The unread
//! count every page's header shows is taken by `system::frame`.)

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::{Layout, render};
use crate::AppState;
use crate::api::inbox::{self as svc, NotificationDto};
use crate::ctx::Ctx;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "inbox/inbox.html")]
struct InboxPage {
    layout: Layout,
    items: Vec<NotificationDto>,
    unread: usize,
}

pub async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let dto = svc::inbox(&ctx, 200).await?;
    render(&InboxPage {
        layout: Layout::new(ctx.lang, &uri, None, &state, &ctx.identity),
        items: dto.items,
        unread: usize::try_from(dto.unread).unwrap_or(usize::MAX),
    })
}

pub async fn read(ctx: Ctx, Path(notification): Path<i64>) -> Result<Response, AppError> {
    ctx.scope.mark_read(notification).await?;
    Ok(Redirect::to("/inbox").into_response())
}

pub async fn read_all(ctx: Ctx) -> Result<Response, AppError> {
    ctx.scope.mark_all_read().await?;
    Ok(Redirect::to("/inbox").into_response())
}
