//! Notifications: the in-app inbox, the e-mail outbox and the calendar feed tokens.
//!
//! What a notice says and who may receive it is decided in `entente_domain::consultation`
//! (`recipients`, `may_receive`, `render`); the web layer's `notify::dispatch` asks those rules
//! and hands the result here as one [`Delivery`] per event, where [`Store::deliver`] writes every
//! inbox row and every e-mail of the event in one transaction, with one audit entry per kind of
//! notice that names the kind and the number of recipients only (the text stays out of the audit
//! log).
//!
//! Whatever the event and however its notices were computed, [`one_per_person`] has the last word
//! on who is told: one inbox row per account and one e-mail per address for the whole event (an
//! event may fan out into several notices, and an account may be reached through several
//! recipient lists), and nothing to the person whose action the event is.
//!
//! The outbox is drained by the mailer: a row is *claimed* by a compare-and-set on its attempt
//! counter (so two mailers never send the same row at once, on either backend, without row
//! locks), then marked sent or failed. A failed row keeps every error and waits until its next
//! attempt; nothing is ever dropped. A claim is also a lease: a mailer that dies mid-send leaves a
//! row that becomes due again when the lease ends.

use chrono::{DateTime, Utc};
use entente_domain::access::{Affiliation, Role};
use entente_domain::consultation::Lang;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::accounts::Account;
use crate::audit::{Actor, Change, append};
use crate::entities::{account, calendar_feed, email_outbox, follow_up, nation, notification, summary_record};
use crate::registry::now;
use crate::{Store, StoreError};

/// A reminder the server sends on its own, at most once (see [`Store::deliver_once`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    /// The end of silence on `version` of a meeting's summary record (announced as agreed, or
    /// found broken and so not announced).
    RecordAgreed { meeting_id: i64, version: u32 },
    /// An action that has become overdue.
    ActionOverdue { action_id: i64 },
    /// A new alert, told to the subscribers it concerns.
    AlertAnnounced { alert_id: i64 },
}

/// One inbox row to write: a notice of `kind` to one account, with its e-mail when the account
/// has an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub account_id: i64,
    /// The notice's kind (`meeting_convened`, …: `entente_domain::consultation::NoticeKind`).
    pub kind: String,
    /// The notice as one sentence, in each language.
    pub subject_en: String,
    pub body_en: String,
    pub subject_fr: String,
    pub body_fr: String,
    /// A local path, e.g. `/meetings/12`.
    pub link: String,
    /// The e-mail of this notice, for an account that has an address.
    pub email: Option<NewEmail>,
}

/// What one event tells, as [`Store::deliver`] takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// The account whose action the event is: it is never told of it (nor its e-mail address).
    /// `None` for what the server sends on its own (reminders).
    pub actor: Option<i64>,
    /// When the event happened, the inbox rows' date; `None`: now.
    pub at: Option<DateTime<Utc>>,
    /// The event's notices, the most specific first: an account several of them reach gets the
    /// first (see [`one_per_person`]).
    pub notices: Vec<NewNotification>,
}

/// The rule of who is told of one event: at most one inbox row per account — the first of its
/// rows in `notices`, so an event that fans out into several notices, or an account that several
/// recipient lists include, is told once — and at most one e-mail per address (two accounts of one
/// person share it); nothing to the account whose action the event is, `actor`, and no e-mail to
/// its address (`actor_address`). Addresses are compared without case. Order is kept.
pub fn one_per_person(
    notices: Vec<NewNotification>,
    actor: Option<i64>,
    actor_address: Option<&str>,
) -> Vec<NewNotification> {
    let key = |a: &str| a.trim().to_lowercase();
    let mut accounts = std::collections::HashSet::new();
    let mut addresses: std::collections::HashSet<String> = actor_address.map(key).into_iter().collect();
    let mut out = Vec::with_capacity(notices.len());
    for mut n in notices {
        if Some(n.account_id) == actor || !accounts.insert(n.account_id) {
            continue;
        }
        if n.email.as_ref().is_some_and(|e| e.to.trim().is_empty() || !addresses.insert(key(&e.to))) {
            n.email = None;
        }
        out.push(n);
    }
    out
}

/// One e-mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// A notification in an inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub id: i64,
    pub account_id: i64,
    pub kind: String,
    pub subject_en: String,
    pub body_en: String,
    pub subject_fr: String,
    pub body_fr: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl Notification {
    pub fn subject(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.subject_en,
            Lang::Fr => &self.subject_fr,
        }
    }

    pub fn body(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.body_en,
            Lang::Fr => &self.body_fr,
        }
    }

    pub fn is_unread(&self) -> bool {
        self.read_at.is_none()
    }
}

fn notification_from(m: notification::Model) -> Notification {
    Notification {
        id: m.id,
        account_id: m.account_id,
        kind: m.kind,
        subject_en: m.subject_en,
        body_en: m.body_en,
        subject_fr: m.subject_fr,
        body_fr: m.body_fr,
        link: m.link,
        created_at: m.created_at,
        read_at: m.read_at,
    }
}

/// One failed delivery attempt, as kept on the outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptError {
    pub at: DateTime<Utc>,
    pub error: String,
}

/// An outbox row as the mailer and the tests see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEmail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub errors: Vec<AttemptError>,
}

fn outbox_from(m: email_outbox::Model) -> Result<OutboxEmail, StoreError> {
    let errors: Vec<AttemptError> = serde_json::from_str(&m.errors)
        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in email_outbox.errors: {e}"))))?;
    Ok(OutboxEmail {
        id: m.id,
        to: m.to_address,
        subject: m.subject,
        body: m.body,
        created_at: m.created_at,
        attempts: m.attempts,
        next_attempt_at: m.next_attempt_at,
        sent_at: m.sent_at,
        last_error: m.last_error,
        errors,
    })
}

/// A calendar feed, without its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarFeed {
    pub account_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The roles that ever receive notices (analysts never do).
const NOTIFIED_ROLES: [Role; 3] = [Role::StaffOfficer, Role::DelegationLead, Role::DelegationMember];

impl Store {
    /// Active (not disabled) accounts whose role may receive notices: staff officers and
    /// delegation leads and members. The caller narrows them with the domain's rules.
    pub async fn notifiable_accounts(&self) -> Result<Vec<Account>, StoreError> {
        let db = self.reader();
        let rows = account::Entity::find()
            .filter(account::Column::Disabled.eq(false))
            .filter(account::Column::Role.is_in(NOTIFIED_ROLES.map(Role::as_str)))
            .order_by_asc(account::Column::Id)
            .all(db)
            .await?;
        let nations: std::collections::HashMap<i64, String> =
            nation::Entity::find().all(db).await?.into_iter().map(|n| (n.id, n.code)).collect();
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            let affiliation = match m.nation_id {
                None => Affiliation::Staff,
                Some(nid) => match nations.get(&nid).and_then(|c| c.parse().ok()) {
                    Some(code) => Affiliation::Nation(code),
                    None => continue,
                },
            };
            let Some(role) = Role::parse(&m.role) else { continue };
            out.push(Account {
                id: m.id,
                username: m.username,
                display_name: m.display_name,
                email: m.email,
                affiliation,
                role,
                disabled: m.disabled,
                must_change_password: m.must_change_password,
                totp_enabled: m.totp_enabled,
                demo: m.demo,
                created_at: m.created_at,
                last_login_at: m.last_login_at,
                time_zone: m.time_zone,
            });
        }
        Ok(out)
    }

    /// Write one event's inbox rows and e-mails in one transaction, after [`one_per_person`];
    /// audited as `notify.send`, one entry per kind of notice with the number of its recipients
    /// only. Returns the number of inbox rows written.
    pub async fn deliver(&self, audit: &Actor, delivery: Delivery) -> Result<usize, StoreError> {
        self.deliver_once(audit, delivery, None).await
    }

    /// [`Store::deliver`] for a reminder that goes out at most once: in the same transaction the
    /// reminder is marked sent, and if it already was (another server instance got there first),
    /// nothing is written and 0 is returned. With no inbox row, the reminder is only marked as
    /// handled.
    pub async fn deliver_once(
        &self,
        audit: &Actor,
        delivery: Delivery,
        once: Option<Once>,
    ) -> Result<usize, StoreError> {
        let Delivery { actor, at, notices } = delivery;
        if notices.is_empty() && once.is_none() {
            return Ok(0);
        }
        let t = now();
        let at = at.map_or(t, |a| a.min(t));
        let txn = self.writer().begin().await?;
        if let Some(once) = once {
            let claimed = claim(&txn, once, t).await?;
            if !claimed {
                txn.rollback().await?;
                return Ok(0);
            }
        }
        let actor_address = match actor {
            Some(id) => account::Entity::find_by_id(id).one(&txn).await?.and_then(|a| a.email),
            None => None,
        };
        let notices = one_per_person(notices, actor, actor_address.as_deref());
        if notices.is_empty() {
            txn.commit().await?;
            return Ok(0);
        }
        let count = notices.len();
        let mut kinds: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        let mut mails = Vec::new();
        let mut rows = Vec::with_capacity(count);
        for n in notices {
            *kinds.entry(n.kind.clone()).or_default() += 1;
            if let Some(e) = n.email {
                mails.push(email_outbox::ActiveModel {
                    to_address: Set(e.to.trim().to_string()),
                    subject: Set(e.subject),
                    body: Set(e.body),
                    created_at: Set(t),
                    attempts: Set(0),
                    next_attempt_at: Set(t),
                    sent_at: Set(None),
                    last_error: Set(None),
                    errors: Set("[]".into()),
                    ..Default::default()
                });
            }
            rows.push(notification::ActiveModel {
                account_id: Set(n.account_id),
                kind: Set(n.kind),
                subject_en: Set(n.subject_en),
                body_en: Set(n.body_en),
                subject_fr: Set(n.subject_fr),
                body_fr: Set(n.body_fr),
                link: Set(n.link),
                created_at: Set(at),
                read_at: Set(None),
                ..Default::default()
            });
        }
        // Bound parameters per statement are limited: insert in chunks.
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<notification::ActiveModel> = rows.by_ref().take(500).collect();
            notification::Entity::insert_many(chunk).exec(&txn).await?;
        }
        let mut mails = mails.into_iter().peekable();
        while mails.peek().is_some() {
            let chunk: Vec<email_outbox::ActiveModel> = mails.by_ref().take(500).collect();
            email_outbox::Entity::insert_many(chunk).exec(&txn).await?;
        }
        let changes = kinds
            .into_iter()
            .map(|(kind, recipients)| Change {
                action: "notify.send",
                entity: "notification",
                after: Some(serde_json::json!({ "kind": kind, "recipients": recipients })),
                entity_id: kind,
                before: None,
            })
            .collect();
        append(&txn, audit, changes).await?;
        txn.commit().await?;
        Ok(count)
    }

    /// An account's notifications, newest event first (a notice carries its event's date, which
    /// may be earlier than when it was written: the demo's history).
    pub async fn inbox(&self, account_id: i64, limit: u64) -> Result<Vec<Notification>, StoreError> {
        Ok(notification::Entity::find()
            .filter(notification::Column::AccountId.eq(account_id))
            .order_by_desc(notification::Column::CreatedAt)
            .order_by_desc(notification::Column::Id)
            .limit(limit.clamp(1, 500))
            .all(self.reader())
            .await?
            .into_iter()
            .map(notification_from)
            .collect())
    }

    /// How many of an account's notifications are unread (one indexed count).
    pub async fn unread_count(&self, account_id: i64) -> Result<u64, StoreError> {
        Ok(notification::Entity::find()
            .filter(notification::Column::AccountId.eq(account_id))
            .filter(notification::Column::ReadAt.is_null())
            .count(self.reader())
            .await?)
    }

    /// One of the account's notifications; another account's is not found, as a missing one.
    pub async fn notification(&self, account_id: i64, id: i64) -> Result<Notification, StoreError> {
        notification::Entity::find_by_id(id)
            .filter(notification::Column::AccountId.eq(account_id))
            .one(self.reader())
            .await?
            .map(notification_from)
            .ok_or(StoreError::NotFound)
    }

    /// Mark one of the account's notifications read (once; reading again changes nothing).
    pub async fn mark_read(&self, actor: &Actor, account_id: i64, id: i64) -> Result<Notification, StoreError> {
        let txn = self.writer().begin().await?;
        let row = notification::Entity::find_by_id(id)
            .filter(notification::Column::AccountId.eq(account_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.read_at.is_some() {
            return Ok(notification_from(row));
        }
        let mut am = row.into_active_model();
        am.read_at = Set(Some(now()));
        let saved = am.update(&txn).await?;
        append(
            &txn,
            actor,
            vec![Change {
                action: "notify.read",
                entity: "notification",
                entity_id: id.to_string(),
                before: None,
                after: None,
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(notification_from(saved))
    }

    /// Mark every unread notification of the account read; returns how many were unread.
    pub async fn mark_all_read(&self, actor: &Actor, account_id: i64) -> Result<u64, StoreError> {
        let txn = self.writer().begin().await?;
        let r = notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(now()))
            .filter(notification::Column::AccountId.eq(account_id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(&txn)
            .await?;
        if r.rows_affected > 0 {
            append(
                &txn,
                actor,
                vec![Change {
                    action: "notify.read_all",
                    entity: "account",
                    entity_id: account_id.to_string(),
                    before: None,
                    after: Some(serde_json::json!({ "count": r.rows_affected })),
                }],
            )
            .await?;
        }
        txn.commit().await?;
        Ok(r.rows_affected)
    }

    // ----- the e-mail outbox -----

    /// Unsent e-mails due at `at`, oldest due first.
    pub async fn due_emails(&self, at: DateTime<Utc>, limit: u64) -> Result<Vec<OutboxEmail>, StoreError> {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::SentAt.is_null())
            .filter(email_outbox::Column::NextAttemptAt.lte(at))
            .order_by_asc(email_outbox::Column::NextAttemptAt)
            .order_by_asc(email_outbox::Column::Id)
            .limit(limit.clamp(1, 500))
            .all(self.reader())
            .await?
            .into_iter()
            .map(outbox_from)
            .collect()
    }

    /// Claim a due e-mail for one attempt: counts the attempt and leases the row until
    /// `lease_until`. False if another mailer claimed it first (its attempt count moved) or it
    /// has been sent.
    pub async fn claim_email(&self, email: &OutboxEmail, lease_until: DateTime<Utc>) -> Result<bool, StoreError> {
        let r = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Attempts, Expr::value(email.attempts + 1))
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(lease_until))
            .filter(email_outbox::Column::Id.eq(email.id))
            .filter(email_outbox::Column::Attempts.eq(email.attempts))
            .filter(email_outbox::Column::SentAt.is_null())
            .exec(self.writer())
            .await?;
        Ok(r.rows_affected == 1)
    }

    pub async fn email_sent(&self, id: i64) -> Result<(), StoreError> {
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::SentAt, Expr::value(now()))
            .filter(email_outbox::Column::Id.eq(id))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// Record a failed attempt (kept with all earlier ones) and when to try again.
    pub async fn email_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.writer().begin().await?;
        let row = email_outbox::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut errors = outbox_from(row.clone())?.errors;
        let error: String = error.chars().take(2000).collect();
        errors.push(AttemptError { at: now(), error: error.clone() });
        let errors = serde_json::to_string(&errors)
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("email_outbox.errors: {e}"))))?;
        let mut am = row.into_active_model();
        am.last_error = Set(Some(error));
        am.errors = Set(errors);
        am.next_attempt_at = Set(retry_at);
        am.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every outbox row, oldest first (for inspection and tests).
    pub async fn outbox(&self, limit: u64) -> Result<Vec<OutboxEmail>, StoreError> {
        email_outbox::Entity::find()
            .order_by_asc(email_outbox::Column::Id)
            .limit(limit.clamp(1, 10_000))
            .all(self.reader())
            .await?
            .into_iter()
            .map(outbox_from)
            .collect()
    }

    /// How many e-mails wait to be sent.
    pub async fn unsent_emails(&self) -> Result<u64, StoreError> {
        Ok(email_outbox::Entity::find().filter(email_outbox::Column::SentAt.is_null()).count(self.reader()).await?)
    }

    // ----- calendar feeds -----

    /// Give the account a new calendar feed token (its SHA-256 `hash`), replacing any earlier
    /// one, or with `None` turn the feed off. Audited without the hash.
    pub async fn set_calendar_token(
        &self,
        actor: &Actor,
        account_id: i64,
        hash: Option<&str>,
    ) -> Result<(), StoreError> {
        let txn = self.writer().begin().await?;
        let removed = calendar_feed::Entity::delete_many()
            .filter(calendar_feed::Column::AccountId.eq(account_id))
            .exec(&txn)
            .await?
            .rows_affected;
        if let Some(h) = hash {
            calendar_feed::ActiveModel {
                account_id: Set(account_id),
                token_hash: Set(h.to_string()),
                created_at: Set(now()),
                last_used_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let action = match (hash.is_some(), removed > 0) {
            (true, false) => "calendar.create",
            (true, true) => "calendar.replace",
            (false, _) => "calendar.revoke",
        };
        append(
            &txn,
            actor,
            vec![Change {
                action,
                entity: "calendar_feed",
                entity_id: account_id.to_string(),
                before: None,
                after: None,
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The account's calendar feed, if it has one.
    pub async fn calendar_feed_of(&self, account_id: i64) -> Result<Option<CalendarFeed>, StoreError> {
        Ok(calendar_feed::Entity::find()
            .filter(calendar_feed::Column::AccountId.eq(account_id))
            .one(self.reader())
            .await?
            .map(|f| CalendarFeed { account_id: f.account_id, created_at: f.created_at, last_used_at: f.last_used_at }))
    }

    /// The account a calendar token (by hash) belongs to; `None` for an unknown or replaced
    /// token and for a disabled account.
    pub async fn calendar_account(&self, hash: &str) -> Result<Option<Account>, StoreError> {
        let Some(f) =
            calendar_feed::Entity::find().filter(calendar_feed::Column::TokenHash.eq(hash)).one(self.reader()).await?
        else {
            return Ok(None);
        };
        let account = self.account(f.account_id).await?;
        if account.disabled {
            return Ok(None);
        }
        let t = now();
        if f.last_used_at.is_none_or(|u| t - u > chrono::Duration::minutes(5)) {
            let mut am = f.into_active_model();
            am.last_used_at = Set(Some(t));
            am.update(self.writer()).await?;
        }
        Ok(Some(account))
    }
}

impl Store {
    /// Give a demonstration account the address its notices are e-mailed to (the demo's accounts
    /// carry synthetic addresses in the reserved `example` domains). A real account is refused:
    /// its address is its owner's to set. Audited as `account.email`.
    pub async fn set_demo_address(&self, audit: &Actor, account_id: i64, email: &str) -> Result<(), StoreError> {
        let email = crate::accounts::check_email(email)?;
        let txn = self.writer().begin().await?;
        let row = account::Entity::find_by_id(account_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if !row.demo {
            return Err(StoreError::Rejected(format!("{} is not a demonstration account", row.username)));
        }
        if row.email.as_deref() == Some(email.as_str()) {
            return Ok(());
        }
        let before = row.email.clone();
        let mut am = row.into_active_model();
        am.email = Set(Some(email.clone()));
        am.updated_at = Set(now());
        am.update(&txn).await?;
        append(
            &txn,
            audit,
            vec![Change {
                action: "account.email",
                entity: "account",
                entity_id: account_id.to_string(),
                before: Some(serde_json::json!({ "email": before })),
                after: Some(serde_json::json!({ "email": email })),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Meetings whose summary record's silence deadline has passed and whose end of silence has
    /// not been handled yet, oldest deadline first.
    pub async fn due_record_reminders(&self, at: DateTime<Utc>, limit: u64) -> Result<Vec<i64>, StoreError> {
        Ok(summary_record::Entity::find()
            .select_only()
            .column(summary_record::Column::MeetingId)
            .filter(summary_record::Column::SilenceDeadline.lte(at))
            .filter(summary_record::Column::AgreedNoticeVersion.is_null())
            .order_by_asc(summary_record::Column::SilenceDeadline)
            .limit(limit)
            .into_tuple::<i64>()
            .all(self.reader())
            .await?)
    }

    /// Pending actions due before `today` whose owners have not been told they are overdue.
    pub async fn due_overdue_reminders(&self, today: chrono::NaiveDate, limit: u64) -> Result<Vec<i64>, StoreError> {
        Ok(follow_up::Entity::find()
            .select_only()
            .column(follow_up::Column::Id)
            .filter(follow_up::Column::DueOn.lt(today))
            .filter(follow_up::Column::Status.is_in(["open", "in_progress"]))
            .filter(follow_up::Column::OverdueNoticedAt.is_null())
            .order_by_asc(follow_up::Column::DueOn)
            .order_by_asc(follow_up::Column::Id)
            .limit(limit)
            .into_tuple::<i64>()
            .all(self.reader())
            .await?)
    }
}

impl Store {
    /// Mark a reminder as handled without telling anyone (the record's silence was broken, the
    /// action was done in time). Returns whether this call was the one that marked it.
    pub async fn settle_reminder(&self, once: Once) -> Result<bool, StoreError> {
        claim(self.writer(), once, now()).await
    }
}

/// Mark `once` as sent, unless it already is: one conditional update, so that of two server
/// instances only one gets `true`.
async fn claim<C: sea_orm::ConnectionTrait>(db: &C, once: Once, at: DateTime<Utc>) -> Result<bool, StoreError> {
    let rows = match once {
        Once::RecordAgreed { meeting_id, version } => {
            let version = i32::try_from(version)
                .map_err(|_| StoreError::Rejected(format!("record version {version} out of range")))?;
            summary_record::Entity::update_many()
                .col_expr(summary_record::Column::AgreedNoticeVersion, Expr::value(version))
                .filter(summary_record::Column::MeetingId.eq(meeting_id))
                .filter(
                    sea_orm::Condition::any()
                        .add(summary_record::Column::AgreedNoticeVersion.is_null())
                        .add(summary_record::Column::AgreedNoticeVersion.ne(version)),
                )
                .exec(db)
                .await?
                .rows_affected
        }
        Once::ActionOverdue { action_id } => {
            follow_up::Entity::update_many()
                .col_expr(follow_up::Column::OverdueNoticedAt, Expr::value(at))
                .filter(follow_up::Column::Id.eq(action_id))
                .filter(follow_up::Column::OverdueNoticedAt.is_null())
                .exec(db)
                .await?
                .rows_affected
        }
        Once::AlertAnnounced { alert_id } => return crate::subscriptions::claim_announcement(db, alert_id, at).await,
    };
    Ok(rows > 0)
}

/// The caller's own inbox, through the caller's handle.
impl crate::Scoped {
    fn own_account(&self) -> Result<(i64, Actor), StoreError> {
        let p = self.principal().ok_or(StoreError::NotFound)?;
        Ok((p.user_id, Actor::from_principal(p)))
    }

    /// The caller's notifications, newest first.
    pub async fn inbox(&self, limit: u64) -> Result<Vec<Notification>, StoreError> {
        let (id, _) = self.own_account()?;
        self.store().inbox(id, limit).await
    }

    /// How many of the caller's notifications are unread.
    pub async fn unread_count(&self) -> Result<u64, StoreError> {
        let (id, _) = self.own_account()?;
        self.store().unread_count(id).await
    }

    /// Mark one of the caller's notifications read; another account's is not found.
    pub async fn mark_read(&self, notification: i64) -> Result<Notification, StoreError> {
        let (id, actor) = self.own_account()?;
        self.store().mark_read(&actor, id, notification).await
    }

    /// Mark every unread notification of the caller read; returns how many were unread.
    pub async fn mark_all_read(&self) -> Result<u64, StoreError> {
        let (id, actor) = self.own_account()?;
        self.store().mark_all_read(&actor, id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(account_id: i64, kind: &str, email: Option<&str>) -> NewNotification {
        NewNotification {
            account_id,
            kind: kind.into(),
            subject_en: String::new(),
            body_en: String::new(),
            subject_fr: String::new(),
            body_fr: String::new(),
            link: format!("/{kind}"),
            email: email.map(|to| NewEmail { to: to.into(), subject: kind.into(), body: String::new() }),
        }
    }

    fn who(rows: &[NewNotification]) -> Vec<(i64, &str, Option<&str>)> {
        rows.iter().map(|r| (r.account_id, r.kind.as_str(), r.email.as_ref().map(|e| e.to.as_str()))).collect()
    }

    #[test]
    fn one_row_per_account_the_first_one() {
        let rows = vec![
            row(1, "request_meeting_convened", Some("a@x.example")),
            row(2, "meeting_convened", None),
            row(1, "meeting_convened", Some("a@x.example")),
            row(2, "meeting_convened", None),
        ];
        assert_eq!(
            who(&one_per_person(rows, None, None)),
            [(1, "request_meeting_convened", Some("a@x.example")), (2, "meeting_convened", None)]
        );
    }

    #[test]
    fn nothing_for_the_actor_nor_to_its_address() {
        let rows = vec![
            row(1, "meeting_convened", Some("Actor@X.example")),
            row(2, "meeting_convened", Some("b@x.example")),
            // The actor's second account (same person, same address): the inbox row, no e-mail.
            row(3, "meeting_convened", Some("actor@x.example")),
        ];
        assert_eq!(
            who(&one_per_person(rows, Some(1), Some("actor@x.example"))),
            [(2, "meeting_convened", Some("b@x.example")), (3, "meeting_convened", None)]
        );
    }

    #[test]
    fn one_mail_per_address() {
        let rows = vec![row(1, "poll_opened", Some("desk@x.example")), row(2, "poll_opened", Some(" DESK@x.example"))];
        assert_eq!(
            who(&one_per_person(rows, None, None)),
            [(1, "poll_opened", Some("desk@x.example")), (2, "poll_opened", None)]
        );
    }
}
