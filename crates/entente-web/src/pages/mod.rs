//! Server-rendered pages (askama), English and French, plain HTML that works without JavaScript.

pub mod access;
pub mod calendar;
pub mod consultation;
pub mod cooperation;
pub mod evaluation;
pub mod inbox;
pub mod registry;
pub mod search;
pub mod warning;

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{AppError, ErrorInfo};
use crate::i18n::{LANG_COOKIE, Lang};
use crate::params;

/// The signed-in user, as the page frame shows them.
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub nation: Option<String>,
    pub demo: bool,
    pub is_admin: bool,
    pub manages_accounts: bool,
    /// The delegation's nation by name in the reader's language.
    pub nation_name: Option<String>,
}

/// What every page's frame needs: language, where we are, the date asked, who is signed in.
pub struct Layout {
    pub lang: Lang,
    /// This page's path and query, for the language switch to come back to.
    pub here: String,
    pub path: String,
    pub as_of: Option<NaiveDate>,
    pub demo: bool,
    pub me: Option<Me>,
    /// The session's CSRF token, for every form that changes something.
    pub csrf: String,
    /// The signed-in user's unread notifications (counted once per request, see `inbox`).
    pub unread: usize,
    /// The configured classification labels, lowest first (marking forms offer these).
    pub classifications: Vec<String>,
    /// The one-time notice of the action just done ("Saved."), in the reader's language.
    pub notice: Option<String>,
    /// The signed-in reader's time zone, when the account has set one.
    pub reader_zone: Option<entente_domain::consultation::TimeZoneName>,
    /// The registry as last loaded, for names in labels (see [`Layout::nation`]).
    pub registry: Option<std::sync::Arc<entente_store::snapshot::Registry>>,
}

impl Layout {
    pub fn new(
        lang: Lang,
        uri: &axum::http::Uri,
        as_of: Option<NaiveDate>,
        state: &crate::AppState,
        id: &crate::auth::Identity,
    ) -> Layout {
        let here = uri.path_and_query().map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string());
        let registry = state.registry_loaded();
        let name_of = |code: &entente_domain::registry::NationCode| {
            registry.as_ref().and_then(|r| r.network.nation(code)).map(|n| n.name_in(lang.code()).to_string())
        };
        let me = id.principal().zip(id.account.as_ref()).map(|(p, a)| Me {
            nation_name: p.nation().map(|n| name_of(n).unwrap_or_else(|| n.to_string())),
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role.as_str().to_string(),
            nation: p.nation().map(ToString::to_string),
            demo: a.demo,
            is_admin: p.role == entente_domain::access::Role::StaffAdmin,
            manages_accounts: matches!(
                p.role,
                entente_domain::access::Role::StaffAdmin | entente_domain::access::Role::DelegationLead
            ),
        });
        let unread = if me.is_some() { crate::system::frame::unread_now() } else { 0 };
        Layout {
            notice: crate::system::frame::notice_now().map(|key| lang.t(&key)),
            reader_zone: id
                .account
                .as_ref()
                .and_then(|a| a.time_zone.clone())
                .and_then(|z| entente_domain::consultation::TimeZoneName::try_from(z).ok()),
            unread,
            lang,
            here,
            path: uri.path().to_string(),
            as_of,
            demo: state.config.demo,
            me,
            csrf: id.csrf(),
            classifications: state.config.classifications.0.clone(),
            registry,
        }
    }

    /// A bare frame (error pages): no user menu.
    pub fn bare(lang: Lang, uri: &axum::http::Uri) -> Layout {
        let here = uri.path_and_query().map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string());
        Layout {
            lang,
            here,
            path: uri.path().to_string(),
            as_of: None,
            demo: false,
            me: None,
            csrf: String::new(),
            unread: 0,
            classifications: Vec::new(),
            notice: None,
            reader_zone: None,
            registry: None,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A meeting's time as its zone's clocks read it, and as the reader's (UTC unless the account
    /// says otherwise) beside it when they differ: "2026-12-10 10:00–12:00 CET (09:00–11:00 UTC)".
    /// The end carries its date when it falls on another day.
    pub fn meeting_time(
        &self,
        start: &chrono::DateTime<chrono::Utc>,
        end: &chrono::DateTime<chrono::Utc>,
        zone: &entente_domain::consultation::TimeZoneName,
    ) -> String {
        fn span<Z: chrono::TimeZone>(s: chrono::DateTime<Z>, e: chrono::DateTime<Z>, date: bool) -> String
        where
            Z::Offset: std::fmt::Display,
        {
            let end = if e.date_naive() == s.date_naive() { e.format("%H:%M") } else { e.format("%Y-%m-%d %H:%M") };
            let start = if date { s.format("%Y-%m-%d %H:%M") } else { s.format("%H:%M") };
            format!("{start}–{end} {}", e.format("%Z"))
        }
        let (s, e) = (zone.local(*start), zone.local(*end));
        let mine = self.time_zone();
        let (rs, re) = (mine.local(*start), mine.local(*end));
        let main = span(s, e, true);
        if rs.naive_local() == s.naive_local() && re.naive_local() == e.naive_local() {
            return main;
        }
        let date = rs.date_naive() != s.date_naive();
        format!("{main} ({})", span(rs, re, date))
    }

    /// The days a format (or anything dated) exists, in words: "from 2023-07-12",
    /// "from 1997-07-09 to 2023-07-11", "always".
    pub fn validity(&self, from: &Option<NaiveDate>, to: &Option<NaiveDate>) -> String {
        let (from, to) = (*from, *to);
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        match (from, to) {
            (Some(f), Some(t)) => {
                self.lang.t_args("validity-between", &[("from", date(f).into()), ("to", date(t).into())])
            }
            (Some(f), None) => self.lang.t1("validity-from", "from", date(f)),
            (None, Some(t)) => self.lang.t1("validity-until", "to", date(t)),
            (None, None) => self.t("validity-always"),
        }
    }

    /// A nation's name in the reader's language, from its code (the code itself when the registry
    /// does not know it).
    pub fn nation(&self, code: &str) -> String {
        code.parse::<entente_domain::registry::NationCode>()
            .ok()
            .and_then(|c| self.registry.as_ref()?.network.nation(&c).map(|n| n.name_in(self.lang.code()).to_string()))
            .unwrap_or_else(|| code.to_string())
    }

    /// A classification's name in the reader's language ("NATO DIFFUSION RESTREINTE").
    pub fn classification(&self, c: &str) -> String {
        entente_domain::access::classification_in(c, self.lang.domain()).to_string()
    }

    /// The reader's own time zone (the account's setting; UTC without one).
    pub fn time_zone(&self) -> entente_domain::consultation::TimeZoneName {
        self.reader_zone.clone().unwrap_or_else(entente_domain::consultation::TimeZoneName::utc)
    }

    /// A quantity in the reader's conventions ("0.6" / "0,6", "1,234" / "1 234"): one decimal
    /// below 100, none above.
    pub fn num(&self, v: &f64) -> String {
        crate::chart::number(*v, if v.abs() < 100.0 { 1 } else { 0 }, self.lang)
    }

    /// Translate `key` with one text argument.
    pub fn ts(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t1(key, name, value.to_string())
    }

    /// A count in the reader's conventions (`12,345` / `12 345`).
    pub fn count(&self, v: i64) -> String {
        crate::chart::number(v as f64, 0, self.lang)
    }

    /// Translate the key made of a prefix and a value (`status-` + `ally`).
    pub fn tp(&self, prefix: &str, value: &str) -> String {
        self.lang.t(&format!("{prefix}{value}"))
    }

    /// A region's name in the reader's language.
    pub fn region(&self, name: &str) -> String {
        match self.lang {
            Lang::Fr => entente_domain::registry::names_fr::region(name).unwrap_or(name).to_string(),
            Lang::En => name.to_string(),
        }
    }

    pub fn t1(&self, key: &str, name: &'static str, value: usize) -> String {
        self.lang.t1(key, name, value)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// Links to this page in the other languages.
    pub fn switches(&self) -> Vec<(Lang, String)> {
        Lang::ALL
            .into_iter()
            .filter(|l| *l != self.lang)
            .map(|l| (l, format!("/lang/{}?next={}", l.code(), urlencode(&self.here))))
            .collect()
    }

    pub fn as_of_value(&self) -> String {
        self.as_of.map(|d| d.to_string()).unwrap_or_default()
    }

    /// Whether `prefix` is the current section, for `aria-current`.
    pub fn current(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.path == "/" || self.path.starts_with("/nations")
        } else {
            self.path.starts_with(prefix)
        }
    }

    /// A query string carrying the date asked, for links that should keep it.
    pub fn q(&self) -> String {
        self.as_of.map(|d| format!("?as_of={d}")).unwrap_or_default()
    }
}

pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Render a template into an HTML response.
pub fn render(t: &impl Template) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

/// An error a form shows in place (bad input, a rule, a conflict); anything else (not found,
/// forbidden, internal) is the error page.
pub fn shown_in_place(e: &AppError) -> bool {
    matches!(e, AppError::BadRequest { .. } | AppError::Conflict(_))
}

/// A rendered page answered with another status (a refused form: 400 or 409).
pub fn with_status(status: StatusCode, page: Result<Response, AppError>) -> Result<Response, AppError> {
    page.map(|mut r| {
        *r.status_mut() = status;
        r
    })
}

/// A page form's fields as they were typed, kept to be shown again if the form is refused.
#[derive(Debug, Default, Clone)]
pub struct Typed(pub BTreeMap<String, String>);

impl Typed {
    /// The form read from what was typed (text fields, optional fields absent or blank).
    pub fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, AppError> {
        let object = self.0.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        serde_json::from_value(serde_json::Value::Object(object))
            .map_err(|e| AppError::bad_request("invalid_form", e.to_string()))
    }

    /// One field as typed ("" when absent).
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }
}

/// What a marking fieldset shows chosen: the classification, the audience and the codes listed
/// (a blank form: the lowest classification and the form's default audience).
pub struct Mark {
    pub classification: String,
    pub audience: String,
    pub codes: String,
}

impl Mark {
    pub fn new(default_audience: &str) -> Mark {
        Mark { classification: "NATO UNCLASSIFIED".into(), audience: default_audience.into(), codes: String::new() }
    }

    /// What was typed, blanks read as the defaults.
    pub fn typed(
        classification: Option<&str>,
        audience: Option<&str>,
        codes: Option<&str>,
        default_audience: &str,
    ) -> Mark {
        let blank = Mark::new(default_audience);
        let pick = |v: Option<&str>, d: String| v.filter(|v| !v.trim().is_empty()).map_or(d, str::to_string);
        Mark {
            classification: pick(classification, blank.classification),
            audience: pick(audience, blank.audience),
            codes: codes.unwrap_or("").to_string(),
        }
    }
}

/// The one form of a page that was refused: which form, the message, and what was typed. A page
/// holding several forms opens the refused one, shows the message at its top and fills it again;
/// every other form stays blank.
#[derive(Debug, Default)]
pub struct Refused {
    /// The form's name on its page ("agenda", "item-12", …); empty when nothing was refused.
    pub form: String,
    pub message: String,
    pub typed: Typed,
}

impl Refused {
    /// `form` refused with `message` (the error in the reader's language: `AppState::refusal`).
    pub fn new(form: impl Into<String>, message: String, typed: Typed) -> Refused {
        Refused { form: form.into(), message, typed }
    }

    /// Whether `form` is the one refused.
    pub fn on(&self, form: impl AsRef<str>) -> bool {
        !self.form.is_empty() && self.form == form.as_ref()
    }

    /// What was typed in `field` of `form`, or "" when another form (or none) was refused.
    pub fn value(&self, form: impl AsRef<str>, field: impl AsRef<str>) -> &str {
        if self.on(form) { self.typed.get(field.as_ref()) } else { "" }
    }

    /// The marking fieldset of `form`: as typed when it was refused, else blank.
    pub fn mark(&self, form: impl AsRef<str>, default_audience: &str) -> Mark {
        if self.on(form) {
            let t = &self.typed;
            Mark::typed(Some(t.get("classification")), Some(t.get("audience")), Some(t.get("codes")), default_audience)
        } else {
            Mark::new(default_audience)
        }
    }

    /// What was typed in `field` of `form` when it was refused, else `default`.
    pub fn value_or<'a>(&'a self, form: impl AsRef<str>, field: &str, default: &'a str) -> &'a str {
        if self.on(form) { self.typed.get(field) } else { default }
    }
}

/// The date a page was asked for, if any (pages show "today" when absent).
pub fn page_as_of(q: &crate::api::registry::AsOfParam) -> Result<(NaiveDate, Option<NaiveDate>), AppError> {
    let on = q.on()?;
    let asked = params::text(q.as_of.as_deref()).map(|_| on);
    Ok((on, asked))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    title: String,
    message: String,
}

/// Page routes answer errors in HTML, in the reader's language; API routes keep their JSON. A
/// plain-text refusal written by an extractor itself becomes the application's error first, so
/// the API answers it in JSON and the pages with their error page.
pub async fn html_errors(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let uri = req.uri().clone();
    let mut response = next.run(req).await;
    let frame = response.extensions_mut().remove::<crate::auth::ErrorFrame>();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if plain && response.status().is_client_error() && response.extensions().get::<ErrorInfo>().is_none() {
        let status = response.status();
        let text = match axum::body::to_bytes(std::mem::take(response.body_mut()), 16 * 1024).await {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(_) => String::new(),
        };
        response = crate::error::from_rejection(status, &text);
    }
    if uri.path().starts_with("/api/") {
        return response;
    }
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    if info.status == StatusCode::UNAUTHORIZED {
        let here = uri.path_and_query().map_or("/", |pq| pq.as_str());
        return Redirect::to(&format!("/login?next={}", urlencode(here))).into_response();
    }
    let (title, message) = match info.status {
        StatusCode::NOT_FOUND => (lang.t("error-not-found-title"), lang.t("error-not-found")),
        s if s.is_server_error() => (lang.t("error-internal-title"), lang.t("error-internal")),
        StatusCode::FORBIDDEN => (lang.t("error-forbidden-title"), state.say(lang, &info.said)),
        StatusCode::TOO_MANY_REQUESTS => (lang.t("error-throttled-title"), state.say(lang, &info.said)),
        _ => (lang.t("error-bad-request-title"), state.say(lang, &info.said)),
    };
    // The frame of the page that failed: the signed-in menu and the banners stay.
    let layout = match &frame {
        Some(f) => {
            let mut layout = Layout::new(lang, &uri, None, &state, &f.identity);
            layout.unread = f.unread;
            layout
        }
        None => Layout { demo: state.config.demo, ..Layout::bare(lang, &uri) },
    };
    let page = ErrorPage { layout, status: info.status.as_u16(), title, message };
    match page.render() {
        Ok(html) => (info.status, Html(html)).into_response(),
        Err(_) => (info.status, info.message).into_response(),
    }
}

/// Any path no route claims.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Switch language: remember the choice in a cookie and go back to the page.
pub async fn switch_language(Path(code): Path<String>, Query(q): Query<params::Query>) -> Result<Response, AppError> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    let next = crate::auth::local_target(q.get("next").map(String::as_str));
    let mut response = Redirect::to(&next).into_response();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub(crate) const APP_CSS: &str = include_str!("../../static/app.css");

pub async fn stylesheet() -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "text/css; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=3600")
        .body(Body::from(APP_CSS))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
