//! The alert subscription page (`/alerts/subscription`): which new alerts one is told of, by
//! place (countries and regional groupings) and category, and how (inbox, e-mail); and one's
//! alert feed — a secret address, shown once, of an Atom feed of CAP 1.2 alerts
//! (`/alerts/feed/TOKEN.atom`), answered like the calendar feed: an unknown, replaced or
//! turned-off address, or a disabled account's, is a 404 like any missing page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use entente_domain::warning::{AlertDelivery, AlertSubscription, SubscriptionDraft};
use entente_warning::Category;

use super::super::access::PageForm;
use super::super::calendar::FeedAddressPage;
use super::super::{Layout, render, shown_in_place, with_status};
use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Q;
use crate::system::accounts;
use crate::warning::subscriptions as svc;

/// A checkbox of the form: its value, its label, whether it is ticked.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "warning/subscription.html")]
struct SubscriptionPage {
    layout: Layout,
    /// The countries field as typed (or as stored).
    countries: String,
    /// The stored countries by name.
    country_names: Vec<String>,
    regions: Vec<Choice>,
    categories: Vec<Choice>,
    deliveries: Vec<Choice>,
    version: i64,
    has_email: bool,
    feed_active: bool,
    feed_last_used: Option<String>,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct SavedParam {
    saved: Option<String>,
}

/// What the form holds: stored, or as the person typed it.
struct Shown {
    countries: String,
    regions: Vec<String>,
    categories: Vec<String>,
    delivery: String,
    version: i64,
}

impl Shown {
    fn stored(s: &AlertSubscription) -> Shown {
        Shown {
            countries: s.countries.iter().cloned().collect::<Vec<_>>().join(" "),
            regions: s.regions.iter().cloned().collect(),
            categories: s.categories.iter().cloned().collect(),
            delivery: s.delivery.as_str().to_string(),
            version: s.version,
        }
    }

    /// The form's fields: `countries` (codes separated by spaces or commas), `region:CODE` and
    /// `category:CODE` checkboxes, `delivery`, `version`.
    fn typed(form: &HashMap<String, String>) -> Shown {
        let ticked = |prefix: &str| -> Vec<String> {
            let mut v: Vec<String> = form.keys().filter_map(|k| k.strip_prefix(prefix)).map(str::to_string).collect();
            v.sort();
            v
        };
        Shown {
            countries: form.get("countries").cloned().unwrap_or_default(),
            regions: ticked("region:"),
            categories: ticked("category:"),
            delivery: form.get("delivery").cloned().unwrap_or_default(),
            version: form.get("version").and_then(|v| v.trim().parse().ok()).unwrap_or(0),
        }
    }

    fn draft(&self) -> SubscriptionDraft {
        SubscriptionDraft {
            countries: self
                .countries
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            regions: self.regions.clone(),
            categories: self.categories.clone(),
            delivery: self.delivery.clone(),
            version: self.version,
        }
    }
}

async fn page(
    state: &AppState,
    lang: Lang,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    shown: Option<Shown>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let (stored, feed) = svc::subscription(ctx).await?;
    let shown = shown.unwrap_or_else(|| Shown::stored(&stored));
    let (account, _) = accounts::own_account(state, ctx).await?;
    let regions = ctx
        .registry
        .groupings
        .iter()
        .map(|g| Choice {
            value: g.code.clone(),
            label: if lang == Lang::Fr { g.name_fr.clone() } else { g.name.clone() },
            checked: shown.regions.iter().any(|r| r.eq_ignore_ascii_case(&g.code)),
        })
        .collect();
    let categories = Category::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().to_string(),
            label: c.label(lang.domain()),
            checked: shown.categories.iter().any(|x| x == c.as_str()),
        })
        .collect();
    let deliveries = AlertDelivery::ALL
        .iter()
        .map(|d| Choice {
            value: d.as_str().to_string(),
            label: lang.t(&format!("subscription-delivery-{}", d.as_str())),
            checked: shown.delivery == d.as_str(),
        })
        .collect();
    let country_names = stored
        .countries
        .iter()
        .filter_map(|c| c.parse().ok())
        .map(|c| format!("{} ({c})", crate::warning::country_name(ctx, c, lang)))
        .collect();
    render(&SubscriptionPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        countries: shown.countries,
        country_names,
        regions,
        categories,
        deliveries,
        version: shown.version,
        has_email: account.email.as_deref().is_some_and(|e| !e.trim().is_empty()),
        feed_active: feed.active,
        feed_last_used: feed.last_used_at.map(|t| {
            lang.t_args("alert-feed-last-used", &[("date", crate::notify::long_date(t.date_naive(), lang).into())])
        }),
        error,
        notice,
    })
}

pub async fn subscription(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<SavedParam>,
) -> Result<Response, AppError> {
    let notice = p.saved.as_deref().map(|s| match s {
        "feed-off" => lang.t("alert-feed-turned-off"),
        _ => lang.t("subscription-saved"),
    });
    page(&state, lang, &ctx, &uri, None, None, notice).await
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    PageForm(form): PageForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let shown = Shown::typed(&form);
    match svc::save(&ctx, &shown.draft()).await {
        Ok(_) => Ok(Redirect::to("/alerts/subscription?saved=1").into_response()),
        Err(e) if shown_in_place(&e) => {
            let status = e.status();
            let message = state.refusal(lang, &e);
            with_status(status, page(&state, lang, &ctx, &uri, Some(shown), Some(message), None).await)
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize)]
pub struct FeedForm {
    /// Present: turn the feed off instead of making a new address.
    revoke: Option<String>,
}

/// Make a new feed address (replacing any earlier one) and show it once, or turn the feed off.
pub async fn set_feed(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    PageForm(form): PageForm<FeedForm>,
) -> Result<Response, AppError> {
    let revoke = form.revoke.is_some_and(|r| !r.is_empty());
    let Some(token) = svc::set_feed(&ctx, revoke).await? else {
        return Ok(Redirect::to("/alerts/subscription?saved=feed-off").into_response());
    };
    let (base, _) = svc::base_of(&headers, state.config.secure_cookies);
    render(&FeedAddressPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        title: lang.t("alert-feed-created-title"),
        intro: lang.t("alert-feed-created-intro"),
        secrets: vec![format!("{base}{}", svc::feed_path(&token))],
        back: "/alerts/subscription".into(),
    })
}

/// The alert feed of the address's owner: what they may open and their subscription selects.
pub async fn feed(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".atom").ok_or(AppError::NotFound)?;
    let (account, sub) = crate::system::warning::alert_feed_owner(&state, token).await?.ok_or(AppError::NotFound)?;
    let principal = account.principal();
    let (scope, registry) = accounts::calendar_scope(&state, &principal).await?;
    let path = svc::feed_path(token);
    let req = svc::FeedRequest {
        owner: &account.display_name,
        owner_id: account.id,
        lang,
        headers: &headers,
        secure: state.config.secure_cookies,
        self_path: &path,
    };
    svc::feed_for(&scope, &registry, &sub, &req).await
}
