//! Alert subscriptions and the alert feed, shared by the pages and the API: the caller's own
//! subscription (read and written through its scoped handle, version-checked), its secret feed
//! address, and the feed itself — an Atom document whose entries each carry the alert as an OASIS
//! CAP 1.2 `<alert>` (`application/cap+xml` content), for the alerts its owner may open and its
//! subscription selects, newest week first.
//!
//! Telling subscribers of new alerts is the server's announcement pass
//! (`system::warning::announce_once`), which asks [`selects`] the same way.

use chrono::{DateTime, Utc};
use entente_domain::registry::Network;
use entente_domain::warning::subscription::{Known, keep_feed, subscribe};
use entente_domain::warning::{AlertSubscription, SubscriptionDraft};
use entente_store::snapshot::Registry;
use entente_store::subscriptions::AlertFeedState;
use entente_store::warning::{AlertFilter, StoredAlert};
use entente_warning::Category;
use entente_warning::alert::{CapHeader, to_cap_as};
use entente_warning::country::{CountryTables, Iso3};

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::system::auth::secrets;

/// How many alerts a feed carries at most.
pub const FEED_ALERTS: usize = 200;

fn tables() -> Option<&'static CountryTables> {
    super::countries()
}

/// Whether `code` is a country of the event tables (or a nation of the registry).
fn is_country(code: &str, net: &Network) -> bool {
    code.parse::<Iso3>()
        .is_ok_and(|c| tables().is_some_and(|t| t.is_known(c)) || code.parse().is_ok_and(|n| net.nation(&n).is_some()))
}

/// The regional groupings a subscription may name: every grouping of the registry, regional
/// organisations included (the African Union, the Arab Maghreb Union, …).
pub fn region_codes(registry: &Registry) -> Vec<&str> {
    registry.groupings.iter().map(|g| g.code.as_str()).collect()
}

/// Whether `sub` selects `alert`, regions read from the registry.
pub fn selects(sub: &AlertSubscription, alert: &StoredAlert, registry: &Registry) -> bool {
    let country = alert.cell.country.as_str();
    sub.selects(country, alert.cell.category.as_str(), |region| {
        registry.groupings.iter().any(|g| g.code == region && g.members.iter().any(|m| m.as_str() == country))
    })
}

/// The caller's subscription and its feed's state.
pub async fn subscription(ctx: &Ctx) -> Result<(AlertSubscription, AlertFeedState), AppError> {
    Ok(ctx.scope.alert_subscription().await?)
}

/// Store the caller's subscription (over the version in `draft`); returns it as stored.
pub async fn save(ctx: &Ctx, draft: &SubscriptionDraft) -> Result<AlertSubscription, AppError> {
    let (mut sub, permit) = {
        let regions = region_codes(&ctx.registry);
        let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        let net = ctx.net();
        let country = |c: &str| is_country(c, net);
        let known = Known { is_country: &country, regions: &regions, categories: &categories };
        subscribe(&ctx.principal, draft, &known)?
    };
    ctx.scope.save_alert_subscription(permit, &mut sub).await?;
    Ok(sub)
}

/// Give the caller's feed a new secret address (returned once: only its SHA-256 is kept), or
/// with `revoke` turn the feed off.
pub async fn set_feed(ctx: &Ctx, revoke: bool) -> Result<Option<String>, AppError> {
    let permit = keep_feed(&ctx.principal);
    if revoke {
        ctx.scope.set_alert_feed(permit, None).await?;
        return Ok(None);
    }
    let token = secrets::random_token()?;
    ctx.scope.set_alert_feed(permit, Some(&secrets::sha256_hex(&token))).await?;
    Ok(Some(token))
}

/// A feed's path for its token.
pub fn feed_path(token: &str) -> String {
    format!("/alerts/feed/{token}.atom")
}

/// The alerts a feed carries: what `scope` may open and `sub` selects, newest week first, at
/// most [`FEED_ALERTS`].
pub async fn feed_alerts(
    scope: &entente_store::Scoped,
    sub: &AlertSubscription,
    registry: &Registry,
) -> Result<Vec<StoredAlert>, AppError> {
    let mut filter = AlertFilter::default();
    if sub.regions.is_empty() && !sub.countries.is_empty() {
        filter.countries = sub.countries.iter().filter_map(|c| c.parse().ok()).collect();
    }
    if let [one] = sub.categories.iter().collect::<Vec<_>>().as_slice() {
        filter.category = one.parse().ok();
    }
    let mut alerts = scope.alerts(&filter).await?;
    alerts.retain(|a| selects(sub, a, registry));
    alerts.truncate(FEED_ALERTS);
    Ok(alerts)
}

fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// RFC 3339 with a numeric offset, as both Atom and CAP take it.
fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// Who signs the CAP documents: the server's host name, else `entente`.
pub fn sender(host: Option<&str>) -> String {
    format!("early-warning@{}", host.filter(|h| !h.is_empty()).unwrap_or("entente"))
}

/// One alert as a CAP 1.2 document (without the XML declaration), identified by its stored id.
pub fn cap_of(a: &StoredAlert, net: &Network, lang: Lang, base: &str, sender: &str) -> Option<String> {
    let engine = super::engine_alert(a)?;
    let name = super::country_name_in(net, a.cell.country, lang);
    let id = format!("entente-alert-{}", a.id);
    let web = format!("{base}/alerts/{}", a.id);
    let sent = stamp(a.detected_at);
    let parameters = [("state", a.state.as_str().to_string()), ("basis", a.basis.clone())];
    let doc = to_cap_as(
        &engine,
        &CapHeader { identifier: &id, sender, sent: &sent, web: Some(&web), parameters: &parameters },
        lang.domain(),
        &name,
    );
    Some(doc.split_once("?>\n").map_or(doc.clone(), |(_, rest)| rest.to_string()))
}

/// What a feed needs beyond its alerts.
pub struct FeedHead<'a> {
    /// `scheme://host`, for absolute links (empty: relative).
    pub base: &'a str,
    /// The feed's own address.
    pub self_href: &'a str,
    /// Whose feed it is (its title).
    pub owner: &'a str,
    /// A stable id of the feed (the owner's account).
    pub owner_id: i64,
    pub sender: &'a str,
}

/// The Atom document (RFC 4287) of `alerts`, each entry's content the alert in CAP 1.2.
pub fn atom(alerts: &[StoredAlert], net: &Network, lang: Lang, head: &FeedHead<'_>) -> String {
    let updated = alerts.iter().map(|a| a.updated_at).max().unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut s = String::with_capacity(4096 + alerts.len() * 3072);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    s.push_str(&format!(
        "  <id>tag:entente,2026:alert-feed:{}</id>\n  <title>{}</title>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}/alerts\"/>\n",
        head.owner_id,
        xml(&lang.t_args("alert-feed-title", &[("owner", head.owner.to_string().into())])),
        stamp(updated),
        xml(&lang.t("alert-feed-author")),
        xml(head.self_href),
        xml(head.base),
    ));
    for a in alerts {
        let Some(engine) = super::engine_alert(a) else { continue };
        let Some(cap) = cap_of(a, net, lang, head.base, head.sender) else { continue };
        let name = super::country_name_in(net, a.cell.country, lang);
        s.push_str(&format!(
            "  <entry>\n    <id>tag:entente,2026:alert:{}</id>\n    <title>{}</title>\n    <published>{}</published>\n    <updated>{}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}/alerts/{}\"/>\n    <category term=\"{}\"/>\n    <summary>{}</summary>\n    <content type=\"application/cap+xml\">\n{}    </content>\n  </entry>\n",
            a.id,
            xml(&engine.headline(lang.domain(), &name)),
            stamp(a.detected_at),
            stamp(a.updated_at),
            xml(head.base),
            a.id,
            a.cell.category.as_str(),
            xml(&engine.why(lang.domain(), &name)),
            cap,
        ));
    }
    s.push_str("</feed>\n");
    s
}

/// `scheme://host` of the request (from its `Host` header), or empty when it names none: the
/// feed's links are then relative.
pub fn base_of(headers: &axum::http::HeaderMap, secure: bool) -> (String, Option<String>) {
    match crate::pages::calendar::host(headers) {
        Some(h) => (format!("{}://{h}", if secure { "https" } else { "http" }), Some(h)),
        None => (String::new(), None),
    }
}

/// The feed of `alerts` for a request, ready to send: `application/atom+xml`, never cached by
/// shared caches.
pub fn feed_response(body: String) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// Who a feed is for and how it was asked for.
pub struct FeedRequest<'a> {
    /// The owner's name (the feed's title) and account id (its stable id).
    pub owner: &'a str,
    pub owner_id: i64,
    pub lang: Lang,
    pub headers: &'a axum::http::HeaderMap,
    /// Whether the server is reached over HTTPS (absolute links).
    pub secure: bool,
    /// The feed's own path.
    pub self_path: &'a str,
}

/// The Atom feed of its owner (through `scope`, their own handle), for a request.
pub async fn feed_for(
    scope: &entente_store::Scoped,
    registry: &Registry,
    sub: &AlertSubscription,
    req: &FeedRequest<'_>,
) -> Result<axum::response::Response, AppError> {
    let alerts = feed_alerts(scope, sub, registry).await?;
    let (base, host) = base_of(req.headers, req.secure);
    let sender = sender(host.as_deref().map(|h| h.split(':').next().unwrap_or("")));
    let self_href = format!("{base}{}", req.self_path);
    let head =
        FeedHead { base: &base, self_href: &self_href, owner: req.owner, owner_id: req.owner_id, sender: &sender };
    Ok(feed_response(atom(&alerts, &registry.network, req.lang, &head)))
}
