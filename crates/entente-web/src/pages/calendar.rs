//! The per-user calendar feed: `GET /calendar/TOKEN.ics`, an iCalendar (RFC 5545) file of the
//! meetings its owner may see, for calendar applications that cannot sign in.
//!
//! The token is the only credential: random (256 bits), shown once when created on the account
//! page, stored as its SHA-256. Creating a new one replaces the old one, and the feed can be
//! turned off; an unknown, replaced or turned-off token, and the token of a disabled account,
//! answer 404 like any missing page. The meetings come from the owner's scoped store handle
//! (visibility in SQL: the meeting's format on its date) and are filtered again by the domain's
//! `calendar_for`; the feed covers meetings from 90 days ago onwards, at most 500. A delegation's
//! feed also holds the cooperation activities its nation has seats in (all-day events, with its
//! seats and its own participants).

use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use entente_domain::access::Viewer;
use entente_domain::consultation::{CalendarOptions, calendar_for_with};
use entente_store::consultation::MeetingFilter;
use serde::Deserialize;

use super::access::PageForm;
use super::{Layout, render};
use crate::AppState;
use crate::api::inbox::notice_lang;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::system::accounts;

/// How far back the feed goes.
const FEED_PAST_DAYS: i64 = 90;

pub(crate) fn host(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        .map(str::to_string)
}

/// The calendar feed of the token's owner.
pub async fn feed(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").filter(|t| !t.is_empty() && t.len() <= 128).ok_or(AppError::NotFound)?;
    let account = accounts::calendar_account(&state, token).await?.ok_or(AppError::NotFound)?;
    let principal = account.principal();
    let (scope, registry) = accounts::calendar_scope(&state, &principal).await?;
    let network = &registry.network;
    let filter =
        MeetingFilter { from: Some(Utc::now() - Duration::days(FEED_PAST_DAYS)), limit: 500, ..Default::default() };
    let meetings = scope.meetings(&filter).await?;
    let host = host(&headers).map(|h| h.split(':').next().unwrap_or("").to_string());
    let mut options =
        CalendarOptions::new(host.filter(|h| !h.is_empty()).unwrap_or_else(|| "entente".into()), notice_lang(lang));
    options.name = Some(format!("Entente · {}", account.display_name));
    let activities = activity_events(&scope, &principal, network, &options).await?;
    let body = calendar_for_with(Viewer::User(&principal), &meetings, &activities, network, &options);
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// How many activities the feed lists at most.
const FEED_ACTIVITIES: usize = 300;

/// The activities the owner's nation holds seats in by the published allocations (the newest
/// publication of each activity), from [`FEED_PAST_DAYS`] ago: each with the nation's seats and
/// its participants. Staff accounts have no nation, so no activity.
async fn activity_events(
    scope: &entente_store::Scoped,
    principal: &entente_domain::access::Principal,
    network: &entente_domain::registry::Network,
    options: &CalendarOptions,
) -> Result<Vec<String>, AppError> {
    use entente_domain::cooperation::AllocationStatus;
    use std::collections::BTreeMap;
    let Some(nation) = principal.nation() else { return Ok(Vec::new()) };
    // Newest first: the first line seen for an activity is its current one.
    let mut seats: BTreeMap<i64, (u32, Vec<String>)> = BTreeMap::new();
    for run in scope.allocations().await?.iter().filter(|r| r.status == AllocationStatus::Published) {
        for l in run.lines.iter().filter(|l| &l.nation == nation) {
            let e = seats.entry(l.activity.0).or_insert((0, Vec::new()));
            if e.0 == 0 && e.1.is_empty() {
                *e = (l.granted, l.placed.clone());
            }
        }
    }
    seats.retain(|_, (granted, _)| *granted > 0);
    if seats.is_empty() {
        return Ok(Vec::new());
    }
    let filter = entente_store::cooperation::ActivityFilter {
        ids: Some(seats.keys().copied().collect()),
        from: Some((Utc::now() - Duration::days(FEED_PAST_DAYS)).date_naive()),
        ..Default::default()
    };
    let mut activities = scope.activities(&filter, network).await?;
    activities.sort_by_key(|a| (a.start, a.id));
    Ok(activities
        .iter()
        .take(FEED_ACTIVITIES)
        .filter_map(|a| {
            let (granted, placed) = seats.get(&a.id.0)?;
            Some(entente_domain::cooperation::ical::activity_event(a, *granted, placed, options))
        })
        .collect())
}

#[derive(Deserialize)]
pub struct CalendarForm {
    /// Present: turn the feed off instead of making a new address.
    revoke: Option<String>,
}

/// A secret shown once (a feed's address), with the page to go back to.
#[derive(askama::Template)]
#[template(path = "access/shown_once.html")]
pub(crate) struct FeedAddressPage {
    pub layout: Layout,
    pub title: String,
    pub intro: String,
    pub secrets: Vec<String>,
    pub back: String,
}

/// Make a new feed address (replacing any earlier one) and show it once, or turn the feed off.
pub async fn account_calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    PageForm(form): PageForm<CalendarForm>,
) -> Result<Response, AppError> {
    let revoke = form.revoke.is_some_and(|r| !r.is_empty());
    let Some(token) = accounts::set_calendar_token(&state, &ctx, revoke).await? else {
        return Ok(Redirect::to("/account").into_response());
    };
    let lang = ctx.lang;
    let path = format!("/calendar/{token}.ics");
    let address = match host(&headers) {
        Some(h) => format!("{}://{h}{path}", if state.config.secure_cookies { "https" } else { "http" }),
        None => path,
    };
    render(&FeedAddressPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        title: lang.t("calendar-created-title"),
        intro: lang.t("calendar-created-intro"),
        secrets: vec![address],
        back: "/account".into(),
    })
}
