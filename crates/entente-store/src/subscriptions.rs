//! Alert subscriptions and alert feeds (the warning area): each account's own subscription, read
//! and written through its scoped handle with a version check; the secret feed address, stored as
//! its SHA-256 only; and, for the server's announcement pass, the subscribers and the alerts not
//! yet announced. Which alerts a subscriber is told of is decided by the domain's
//! `AlertSubscription::selects` and by the subscriber's own scope (`Scoped::alert`): a
//! subscription never shows an alert its owner may not open.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use entente_domain::access::Permit;
use entente_domain::warning::{AlertDelivery, AlertSubscription, subject};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, QueryResult, TransactionTrait};

use crate::access::Scoped;
use crate::accounts::Account;
use crate::audit::{Actor, Change, append};
use crate::registry::now;
use crate::{Store, StoreError};

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("stored alert subscription: bad {what}")))
}

const COLUMNS: [&str; 7] =
    ["account_id", "countries", "regions", "categories", "delivery", "version", "feed_token_hash"];

fn codes(s: &str) -> BTreeSet<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn joined(set: &BTreeSet<String>) -> String {
    set.iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

fn subscription_of(row: &QueryResult) -> Result<AlertSubscription, StoreError> {
    let delivery: String = row.try_get("", "delivery")?;
    Ok(AlertSubscription {
        countries: codes(&row.try_get::<String>("", "countries")?),
        regions: codes(&row.try_get::<String>("", "regions")?),
        categories: codes(&row.try_get::<String>("", "categories")?),
        delivery: AlertDelivery::parse(&delivery).ok_or_else(|| corrupt("delivery"))?,
        version: row.try_get("", "version")?,
    })
}

/// The row of an account's first subscription (version 1), with its feed address's hash if any.
fn insert_row(
    account: i64,
    s: &AlertSubscription,
    feed_hash: Option<&str>,
    at: DateTime<Utc>,
) -> Result<sea_orm::sea_query::InsertStatement, StoreError> {
    Ok(Query::insert()
        .into_table(a("alert_subscription"))
        .columns(
            [
                "account_id",
                "countries",
                "regions",
                "categories",
                "delivery",
                "feed_token_hash",
                "created_at",
                "updated_at",
                "version",
            ]
            .map(a),
        )
        .values([
            account.into(),
            joined(&s.countries).into(),
            joined(&s.regions).into(),
            joined(&s.categories).into(),
            s.delivery.as_str().into(),
            feed_hash.map(str::to_string).into(),
            at.into(),
            at.into(),
            1i64.into(),
        ])
        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
        .to_owned())
}

/// Whether an account keeps an alert feed, and when it was last read (never the token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AlertFeedState {
    pub active: bool,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl Scoped {
    fn own(&self, permit: Option<&Permit>) -> Result<(i64, Actor), StoreError> {
        let p = self.principal().ok_or(StoreError::NotFound)?;
        if let Some(permit) = permit
            && (permit.user_id() != p.user_id || !permit.covers(subject::SUBSCRIPTION, p.user_id))
        {
            return Err(StoreError::Unpermitted(format!(
                "a permit for {} #{} ({}) does not allow writing the subscription of this caller",
                permit.subject().kind,
                permit.subject().id,
                permit.action()
            )));
        }
        Ok((p.user_id, Actor::from_principal(p)))
    }

    /// The caller's alert subscription (an empty one at version 0 when none is stored), and its
    /// feed's state.
    pub async fn alert_subscription(&self) -> Result<(AlertSubscription, AlertFeedState), StoreError> {
        let (id, _) = self.own(None)?;
        let q = Query::select()
            .columns(COLUMNS.map(a))
            .column(a("feed_last_used_at"))
            .from(a("alert_subscription"))
            .and_where(Expr::col(a("account_id")).eq(id))
            .to_owned();
        match self.store().reader().query_one(&q).await? {
            None => Ok((AlertSubscription::default(), AlertFeedState { active: false, last_used_at: None })),
            Some(row) => {
                let hash: Option<String> = row.try_get("", "feed_token_hash")?;
                Ok((
                    subscription_of(&row)?,
                    AlertFeedState { active: hash.is_some(), last_used_at: row.try_get("", "feed_last_used_at")? },
                ))
            }
        }
    }

    /// Store the caller's subscription over the version it was made from (0: none stored yet);
    /// `Conflict` when it changed meanwhile. On success `s.version` is the stored one. Audited as
    /// the permit's action, with the subscription before and after.
    pub async fn save_alert_subscription(&self, permit: Permit, s: &mut AlertSubscription) -> Result<(), StoreError> {
        let (id, actor) = self.own(Some(&permit))?;
        let (before, _) = self.alert_subscription().await?;
        let txn = self.store().writer().begin().await?;
        let t = now();
        let written = if s.version == 0 {
            let exists = Query::select()
                .expr(Expr::val(1))
                .from(a("alert_subscription"))
                .and_where(Expr::col(a("account_id")).eq(id))
                .to_owned();
            if txn.query_one(&exists).await?.is_some() {
                0
            } else {
                let ins = insert_row(id, s, None, t)?;
                txn.execute(&ins).await?.rows_affected()
            }
        } else {
            let up = Query::update()
                .table(a("alert_subscription"))
                .value(a("countries"), joined(&s.countries))
                .value(a("regions"), joined(&s.regions))
                .value(a("categories"), joined(&s.categories))
                .value(a("delivery"), s.delivery.as_str())
                .value(a("updated_at"), t)
                .value(a("version"), Expr::col(a("version")).add(1))
                .and_where(Expr::col(a("account_id")).eq(id))
                .and_where(Expr::col(a("version")).eq(s.version))
                .to_owned();
            txn.execute(&up).await?.rows_affected()
        };
        if written != 1 {
            return Err(StoreError::Conflict { entity: "alert_subscription", id });
        }
        let after = AlertSubscription { version: s.version + 1, ..s.clone() };
        append(
            &txn,
            &actor,
            vec![Change {
                action: permit.action(),
                entity: "alert_subscription",
                entity_id: id.to_string(),
                before: (before.version > 0).then(|| serde_json::to_value(&before).ok()).flatten(),
                after: serde_json::to_value(&after).ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        s.version = after.version;
        Ok(())
    }

    /// Give the caller's alert feed a new secret address (its SHA-256 `hash`), replacing any
    /// earlier one, or with `None` turn the feed off. Keeps the subscription as it is (an empty
    /// one is stored if there was none). Audited without the hash.
    pub async fn set_alert_feed(&self, permit: Permit, hash: Option<&str>) -> Result<(), StoreError> {
        let (id, actor) = self.own(Some(&permit))?;
        let txn = self.store().writer().begin().await?;
        let t = now();
        let up = Query::update()
            .table(a("alert_subscription"))
            .value(a("feed_token_hash"), hash.map(str::to_string))
            .value(a("feed_last_used_at"), Option::<DateTime<Utc>>::None)
            .and_where(Expr::col(a("account_id")).eq(id))
            .to_owned();
        if txn.execute(&up).await?.rows_affected() == 0 && hash.is_some() {
            let ins = insert_row(id, &AlertSubscription::default(), hash, t)?;
            txn.execute(&ins).await?;
        }
        append(
            &txn,
            &actor,
            vec![Change {
                action: if hash.is_some() { "alerts.feed.create" } else { "alerts.feed.revoke" },
                entity: "alert_feed",
                entity_id: id.to_string(),
                before: None,
                after: None,
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

impl Store {
    /// The account an alert feed address (by its SHA-256) belongs to, with its subscription;
    /// `None` for an unknown, replaced or turned-off address and for a disabled account. The time
    /// of use is written at most every five minutes.
    pub async fn alert_feed_account(&self, hash: &str) -> Result<Option<(Account, AlertSubscription)>, StoreError> {
        let q = Query::select()
            .columns(COLUMNS.map(a))
            .column(a("feed_last_used_at"))
            .from(a("alert_subscription"))
            .and_where(Expr::col(a("feed_token_hash")).eq(hash))
            .to_owned();
        let Some(row) = self.reader().query_one(&q).await? else { return Ok(None) };
        let account = self.account(row.try_get("", "account_id")?).await?;
        if account.disabled {
            return Ok(None);
        }
        let t = now();
        let used: Option<DateTime<Utc>> = row.try_get("", "feed_last_used_at")?;
        if used.is_none_or(|u| t - u > chrono::Duration::minutes(5)) {
            let up = Query::update()
                .table(a("alert_subscription"))
                .value(a("feed_last_used_at"), t)
                .and_where(Expr::col(a("feed_token_hash")).eq(hash))
                .to_owned();
            self.writer().execute(&up).await?;
        }
        Ok(Some((account, subscription_of(&row)?)))
    }

    /// Every active account whose subscription announces alerts, with it.
    pub async fn alert_subscribers(&self) -> Result<Vec<(Account, AlertSubscription)>, StoreError> {
        let q = Query::select()
            .columns(COLUMNS.map(a))
            .from(a("alert_subscription"))
            .and_where(Expr::col(a("delivery")).ne(AlertDelivery::Off.as_str()))
            .order_by(a("account_id"), Order::Asc)
            .to_owned();
        let mut out = Vec::new();
        for row in self.reader().query_all(&q).await? {
            let account = match self.account(row.try_get("", "account_id")?).await {
                Ok(a) => a,
                Err(StoreError::NotFound) => continue,
                Err(e) => return Err(e),
            };
            if !account.disabled {
                out.push((account, subscription_of(&row)?));
            }
        }
        Ok(out)
    }

    /// Alerts not announced yet, oldest first.
    pub async fn unannounced_alerts(&self, limit: u64) -> Result<Vec<i64>, StoreError> {
        let q = Query::select()
            .column(a("id"))
            .from(a("alert"))
            .and_where(Expr::col(a("announced_at")).is_null())
            .order_by(a("id"), Order::Asc)
            .limit(limit)
            .to_owned();
        self.reader().query_all(&q).await?.iter().map(|r| Ok(r.try_get("", "id")?)).collect()
    }
}

/// Mark an alert announced unless it already is: of two server instances only one gets `true`.
pub(crate) async fn claim_announcement<C: ConnectionTrait>(
    db: &C,
    alert_id: i64,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let q = Query::update()
        .table(a("alert"))
        .value(a("announced_at"), at)
        .and_where(Expr::col(a("id")).eq(alert_id))
        .and_where(Expr::col(a("announced_at")).is_null())
        .to_owned();
    Ok(db.execute(&q).await?.rows_affected() > 0)
}
