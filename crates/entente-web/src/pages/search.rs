//! The search page: a query box and the matching items the caller may open, with snippets.

use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use entente_domain::access::Viewer;

use super::{Layout, render};
use crate::AppState;
use crate::api::search::SearchParams;
use crate::auth::Signed;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Q;
use crate::search;

/// One result line.
pub struct HitLine {
    pub kind: String,
    pub title: String,
    pub href: String,
    /// Escaped text with `<mark>` around the matches (safe to insert as HTML).
    pub snippet: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "search/search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    searched: bool,
    total: u64,
    hits: Vec<HitLine>,
    next: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    lang: Lang,
    Signed(p, id): Signed,
    OriginalUri(uri): OriginalUri,
    Q(q): Q<SearchParams>,
) -> Result<Response, AppError> {
    let text = q.text().to_string();
    let layout = Layout::new(lang, &uri, None, &state, &id);
    if text.is_empty() {
        return render(&SearchPage { layout, q: text, searched: false, total: 0, hits: Vec::new(), next: None });
    }
    let run = q.run()?;
    let found = search::run(&state, Viewer::User(&p), &text, &run).await?;
    let next = found.next_cursor.as_ref().map(|c| {
        let mut s = url_encoded(&[("q", &text), ("cursor", c)]);
        s.insert(0, '?');
        format!("/search{s}")
    });
    let hits = found
        .hits
        .into_iter()
        .map(|h| HitLine {
            href: search::href(&h.kind, &h.id),
            kind: layout.t(&format!("search-kind-{}", h.kind)),
            title: h.title,
            snippet: h.snippet,
            date: h.date.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    render(&SearchPage { layout, q: text, searched: true, total: found.total, hits, next })
}

fn url_encoded(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}
