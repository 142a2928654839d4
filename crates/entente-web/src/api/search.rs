//! Search API: full-text search over the consultation items the caller may see.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use entente_domain::access::Viewer;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, ErrorBody};
use crate::params::Q;
use crate::search::{self, SearchRun};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHitDto {
    /// `meeting`, `agenda_item`, `statement`, `document`, `record`, `decision`, `action` or `request`.
    pub kind: String,
    /// The item's key: the meeting id, `<meeting>-<item>` for what is inside a meeting, the
    /// request id for a consultation request.
    pub id: String,
    /// The meeting the item belongs to (none for a consultation request).
    pub meeting: Option<i64>,
    pub title: String,
    /// A passage of the text with the matching words in `<mark>…</mark>` (the rest escaped).
    pub snippet: String,
    /// Where the item opens in the web interface.
    pub href: String,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchPage {
    /// How many items the caller may see match (all pages).
    pub total: u64,
    pub items: Vec<SearchHitDto>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words (English and French, accents optional) and "quoted phrases"; every word must match.
    #[param(value_type = String)]
    pub q: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

impl SearchParams {
    /// The words searched for, trimmed (empty when none).
    pub fn text(&self) -> &str {
        self.q.as_deref().map(str::trim).unwrap_or_default()
    }

    pub fn run(&self) -> Result<SearchRun, AppError> {
        SearchRun::parse(self.limit.as_deref(), self.cursor.as_deref())
    }
}

/// Full-text search over the meetings, agenda items, statements, documents, summary records,
/// decisions, follow-up actions and consultation requests the caller may open. Words are stemmed in English and French and accents are ignored.
#[utoipa::path(get, path = "/api/v1/search", tag = "consultation", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Signed(p, _): Signed,
    Q(q): Q<SearchParams>,
) -> Result<Json<SearchPage>, AppError> {
    let text = q.text();
    if text.is_empty() {
        return Err(AppError::bad_request(
            "invalid_query",
            entente_domain::said!("err-search-no-words", "q: give the words to search for"),
        ));
    }
    let run = q.run()?;
    let found = search::run(&state, Viewer::User(&p), text, &run).await?;
    Ok(Json(SearchPage {
        total: found.total,
        items: found
            .hits
            .into_iter()
            .map(|h| SearchHitDto {
                meeting: if h.kind == search::REQUEST { None } else { search::split_id(&h.id).0 },
                href: search::href(&h.kind, &h.id),
                kind: h.kind,
                id: h.id,
                title: h.title,
                snippet: h.snippet,
                date: h.date,
            })
            .collect(),
        next_cursor: found.next_cursor,
    }))
}
