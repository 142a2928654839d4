//! The inbox page: one's own notifications, newest first, in the reader's language — each a
//! sentence in words with its link, its date, whether it is read, and its details folded away.
//! (The unread count every page's header shows is taken by `system::frame`.)

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;

use super::{Layout, render};
use crate::AppState;
use crate::api::inbox::{self as svc, NotificationDto};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::notify::long_date;

/// One notification as the page shows it.
struct Item {
    n: NotificationDto,
    /// When it happened, in words: "12 March 2026, 09:00 UTC".
    at: String,
    /// When the reader read it, in words.
    read_on: Option<String>,
    /// The details, one line each.
    details: Vec<String>,
}

#[derive(Template)]
#[template(path = "inbox/inbox.html")]
struct InboxPage {
    layout: Layout,
    items: Vec<Item>,
    unread: usize,
}

/// A moment in words, in the reader's language.
fn at(t: DateTime<Utc>, lang: Lang) -> String {
    lang.t_args(
        "inbox-at",
        &[
            ("date", FluentValue::from(long_date(t.date_naive(), lang))),
            ("time", FluentValue::from(t.format("%H:%M").to_string())),
        ],
    )
}

pub async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let dto = svc::inbox(&ctx, 200).await?;
    let lang = ctx.lang;
    let items = dto
        .items
        .into_iter()
        .map(|n| Item {
            at: at(n.created_at, lang),
            read_on: n.read_at.map(|r| lang.t1("inbox-read-on", "date", at(r, lang))),
            details: n.body.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
            n,
        })
        .collect();
    render(&InboxPage {
        layout: Layout::new(ctx.lang, &uri, None, &state, &ctx.identity),
        items,
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
