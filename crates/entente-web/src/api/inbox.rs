//! The signed-in user's inbox. The same service functions serve the pages. Only one's own
//! notifications exist here: another user's answers 404, exactly as a missing one.

use axum::Json;
use axum::extract::Path;
use chrono::{DateTime, Utc};
use entente_store::notify::Notification;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Lang;
use crate::params::{self, Q};

/// The domain's language for a reader's language.
pub fn notice_lang(lang: Lang) -> entente_domain::consultation::Lang {
    match lang {
        Lang::En => entente_domain::consultation::Lang::En,
        Lang::Fr => entente_domain::consultation::Lang::Fr,
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: i64,
    /// `meeting_convened`, `agenda_item_proposed`, `record_circulated`, `action_assigned`,
    /// `request_acknowledged`, … (`entente_domain::consultation::NoticeKind`).
    pub kind: String,
    /// The notice as one sentence in words — who did what to which item, by names and dates —
    /// in the reader's language (`Accept-Language`, English or French).
    pub subject: String,
    /// The details, one per line, in the same language.
    pub body: String,
    /// The item's page in Entente that this reader may open, a local path such as `/meetings/12`.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub unread: bool,
}

pub fn notification_dto(n: &Notification, lang: Lang) -> NotificationDto {
    let l = notice_lang(lang);
    NotificationDto {
        id: n.id,
        kind: n.kind.clone(),
        subject: n.subject(l).to_string(),
        body: n.body(l).to_string(),
        link: n.link.clone(),
        created_at: n.created_at,
        read_at: n.read_at,
        unread: n.is_unread(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxDto {
    /// How many of the user's notifications are unread (all of them, not only this page's).
    pub unread: u64,
    /// Newest first.
    pub items: Vec<NotificationDto>,
}

// ---------- services (shared with the pages) ----------

/// The caller's notifications, newest first, in the reader's language.
pub async fn inbox(ctx: &Ctx, limit: u64) -> Result<InboxDto, AppError> {
    let items = ctx.scope.inbox(limit).await?;
    Ok(InboxDto {
        unread: ctx.scope.unread_count().await?,
        items: items.iter().map(|n| notification_dto(n, ctx.lang)).collect(),
    })
}

// ---------- handlers ----------

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
}

/// One's own notifications, newest first, in the language of `Accept-Language` (English or French).
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", params(InboxParams),
    responses((status = 200, body = InboxDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(ctx: Ctx, Q(q): Q<InboxParams>) -> Result<Json<InboxDto>, AppError> {
    let limit = params::parse_limit(q.limit.as_deref(), params::DEFAULT_LIMIT, params::MAX_LIMIT)?;
    Ok(Json(inbox(&ctx, limit as u64).await?))
}

/// Mark one of one's own notifications read (reading it again changes nothing).
#[utoipa::path(post, path = "/api/v1/inbox/{id}/read", tag = "inbox",
    params(("id" = i64, Path, description = "Notification id")),
    responses((status = 200, body = NotificationDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn read(ctx: Ctx, Path(id): Path<i64>) -> Result<Json<NotificationDto>, AppError> {
    Ok(Json(notification_dto(&ctx.scope.mark_read(id).await?, ctx.lang)))
}
