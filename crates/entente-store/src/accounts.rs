//! Accounts, sessions, API tokens and login throttling. Secrets never leave as plain text: the
//! store keeps password hashes (Argon2id, computed by the caller), SHA-256 hashes of session and
//! API tokens, and SHA-256 hashes of recovery codes. Every change is audited.

use chrono::{DateTime, Duration, Utc};
use entente_domain::access::{Affiliation, Principal, Role};
use entente_domain::registry::NationCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;

use crate::access::Scoped;
use crate::audit::{Actor, Change, append};
use crate::entities::{account, api_token, login_throttle, nation, session};
use crate::registry::now;
use crate::{Store, StoreError};

/// What reaching a throttle's limit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// Lock the key; the count starts again afterwards.
    Lock,
    /// Lock the key for a short while after every further failure within the window.
    SlowDown,
}

/// An account as the rest of the application sees it (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub affiliation: Affiliation,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
    pub totp_enabled: bool,
    pub demo: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The IANA time zone the account reads times in (checked when set); none: UTC.
    pub time_zone: Option<String>,
}

impl Account {
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            username: self.username.clone(),
            affiliation: self.affiliation.clone(),
            role: self.role,
        }
    }
}

/// What the sign-in check needs besides the account.
#[derive(Debug, Clone)]
pub struct Secrets {
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub affiliation: Affiliation,
    pub role: Role,
    pub password_hash: String,
    pub must_change_password: bool,
    pub demo: bool,
}

/// A user name: 3 to 64 characters among lowercase letters, digits, `.`, `_` and `-`.
pub fn valid_username(u: &str) -> bool {
    (3..=64).contains(&u.len())
        && u.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && u.as_bytes()[0].is_ascii_alphanumeric()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRecord {
    pub id: String,
    pub account_id: i64,
    pub csrf_token: String,
    pub stage: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn token_record(t: api_token::Model) -> TokenRecord {
    TokenRecord {
        id: t.id,
        account_id: t.account_id,
        name: t.name,
        prefix: t.prefix,
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in {what}")))
}

async fn to_account<C: ConnectionTrait>(db: &C, m: &account::Model) -> Result<Account, StoreError> {
    let affiliation = match m.nation_id {
        None => Affiliation::Staff,
        Some(nid) => {
            let n = nation::Entity::find_by_id(nid).one(db).await?.ok_or_else(|| corrupt("account.nation_id"))?;
            Affiliation::Nation(n.code.parse().map_err(|_| corrupt("nation.code"))?)
        }
    };
    Ok(Account {
        id: m.id,
        username: m.username.clone(),
        display_name: m.display_name.clone(),
        email: m.email.clone(),
        affiliation,
        role: Role::parse(&m.role).ok_or_else(|| corrupt("account.role"))?,
        disabled: m.disabled,
        must_change_password: m.must_change_password,
        totp_enabled: m.totp_enabled,
        demo: m.demo,
        created_at: m.created_at,
        last_login_at: m.last_login_at,
        time_zone: m.time_zone.clone(),
    })
}

/// The columns [`account_from_row`] reads, from `account a LEFT JOIN nation n ON n.id = a.nation_id`.
const ACCOUNT_COLUMNS: &str = "a.id AS account_id, a.username, a.display_name, a.email, a.role, a.disabled, \
     a.must_change_password, a.totp_enabled, a.demo, a.created_at AS account_created_at, a.last_login_at, \
     a.nation_id, n.code AS nation_code, a.time_zone";

/// An account from a row holding [`ACCOUNT_COLUMNS`] (its nation's code joined, not read apart).
fn account_from_row(row: &sea_orm::QueryResult) -> Result<Account, StoreError> {
    let affiliation = match row.try_get::<Option<i64>>("", "nation_id")? {
        None => Affiliation::Staff,
        Some(_) => {
            let code: Option<String> = row.try_get("", "nation_code")?;
            let code = code.ok_or_else(|| corrupt("account.nation_id"))?;
            Affiliation::Nation(code.parse().map_err(|_| corrupt("nation.code"))?)
        }
    };
    let role: String = row.try_get("", "role")?;
    Ok(Account {
        id: row.try_get("", "account_id")?,
        username: row.try_get("", "username")?,
        display_name: row.try_get("", "display_name")?,
        email: row.try_get("", "email")?,
        affiliation,
        role: Role::parse(&role).ok_or_else(|| corrupt("account.role"))?,
        disabled: row.try_get("", "disabled")?,
        must_change_password: row.try_get("", "must_change_password")?,
        totp_enabled: row.try_get("", "totp_enabled")?,
        demo: row.try_get("", "demo")?,
        created_at: row.try_get("", "account_created_at")?,
        last_login_at: row.try_get("", "last_login_at")?,
        time_zone: row.try_get("", "time_zone")?,
    })
}

fn public_view(a: &Account) -> serde_json::Value {
    serde_json::json!({
        "username": a.username,
        "display_name": a.display_name,
        "email": a.email,
        "affiliation": a.affiliation,
        "role": a.role,
        "disabled": a.disabled,
        "must_change_password": a.must_change_password,
        "totp_enabled": a.totp_enabled,
        "time_zone": a.time_zone,
    })
}

async fn nation_id<C: ConnectionTrait>(db: &C, code: &NationCode) -> Result<i64, StoreError> {
    Ok(nation::Entity::find()
        .filter(nation::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| StoreError::Rejected(format!("unknown nation {code}")))?
        .id)
}

/// Longest display name of an account, in characters.
pub const DISPLAY_NAME_MAX: usize = 200;
/// Longest e-mail address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;

/// An e-mail address as mail can be sent to it: one `@` between a non-empty local part and a
/// domain with a dot, no spaces or control characters, at most [`EMAIL_MAX`] characters.
pub(crate) fn check_email(e: &str) -> Result<String, StoreError> {
    use entente_domain::said;
    let shown = e.escape_debug().to_string();
    let bad = |why: said::Said| {
        StoreError::Refused(said!(
            "err-email-bad",
            "the e-mail address '{value}' {why}",
            value = shown.clone(),
            why = why
        ))
    };
    let e = entente_domain::text::TextRule::line(EMAIL_MAX).check(e).map_err(|err| bad(err.said()))?;
    let Some((local, domain)) = e.rsplit_once('@') else {
        return Err(bad(said!("err-email-no-at", "has no '@'")));
    };
    if local.is_empty()
        || local.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
    {
        return Err(bad(said!("err-email-form", "is not of the form name@example.org")));
    }
    if e.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';')) {
        return Err(bad(said!("err-email-chars", "contains a space or one of < > , ;")));
    }
    Ok(e)
}

impl Store {
    pub async fn create_account(&self, actor: &Actor, new: NewAccount) -> Result<Account, StoreError> {
        let username = new.username.trim().to_lowercase();
        if !valid_username(&username) {
            return Err(StoreError::Refused(entente_domain::said!(
                "err-username-bad",
                "'{value}' is not a user name: use 3 to 64 lowercase letters, digits, '.', '_' or '-'",
                value = username.clone()
            )));
        }
        if !new.affiliation.allows(new.role) {
            return Err(StoreError::Rejected(format!(
                "role {} does not fit {}",
                new.role.as_str(),
                match &new.affiliation {
                    Affiliation::Staff => "the staff".to_string(),
                    Affiliation::Nation(n) => format!("a delegation ({n})"),
                }
            )));
        }
        let display_name =
            entente_domain::text::TextRule::line(DISPLAY_NAME_MAX).check(&new.display_name).map_err(|e| {
                StoreError::Refused(entente_domain::said!("err-display-name", "the display name {why}", why = e.said()))
            })?;
        let email = match new.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            None => None,
            Some(e) => Some(check_email(e)?),
        };
        let txn = self.writer().begin().await?;
        if account::Entity::find().filter(account::Column::Username.eq(username.as_str())).one(&txn).await?.is_some() {
            return Err(StoreError::Refused(entente_domain::said!(
                "err-username-taken",
                "the user name '{value}' is taken",
                value = username.clone()
            )));
        }
        let nation_id = match &new.affiliation {
            Affiliation::Staff => None,
            Affiliation::Nation(code) => Some(nation_id(&txn, code).await?),
        };
        let t = now();
        let saved = account::ActiveModel {
            username: Set(username),
            display_name: Set(display_name),
            email: Set(email),
            nation_id: Set(nation_id),
            role: Set(new.role.as_str().to_string()),
            password_hash: Set(new.password_hash),
            disabled: Set(false),
            must_change_password: Set(new.must_change_password),
            totp_secret: Set(None),
            totp_enabled: Set(false),
            recovery_codes: Set("[]".into()),
            demo: Set(new.demo),
            created_at: Set(t),
            updated_at: Set(t),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let account = to_account(&txn, &saved).await?;
        append(
            &txn,
            actor,
            vec![Change {
                action: "account.create",
                entity: "account",
                entity_id: account.id.to_string(),
                before: None,
                after: Some(public_view(&account)),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(account)
    }

    /// An account by id, unscoped: for authentication. Handlers use [`Scoped::account`].
    pub async fn account(&self, id: i64) -> Result<Account, StoreError> {
        let db = self.reader();
        let placeholder = self.backend().first_parameter();
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM account a LEFT JOIN nation n ON n.id = a.nation_id WHERE a.id = {placeholder}"
        );
        let stmt = sea_orm::Statement::from_sql_and_values(db.get_database_backend(), sql, [id.into()]);
        account_from_row(&db.query_one_raw(stmt).await?.ok_or(StoreError::NotFound)?)
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<(Account, Secrets)>, StoreError> {
        let db = self.reader();
        let Some(m) = account::Entity::find()
            .filter(account::Column::Username.eq(username.trim().to_lowercase()))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let account = to_account(db, &m).await?;
        let recovery_codes: Vec<String> = serde_json::from_str(&m.recovery_codes).unwrap_or_default();
        Ok(Some((account, Secrets { password_hash: m.password_hash, totp_secret: m.totp_secret, recovery_codes })))
    }

    /// Apply `f` to an account row and audit the change under `action`.
    async fn update_account(
        &self,
        actor: &Actor,
        id: i64,
        action: &str,
        f: impl FnOnce(&mut account::ActiveModel),
    ) -> Result<Account, StoreError> {
        let txn = self.writer().begin().await?;
        let m = account::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before = to_account(&txn, &m).await?;
        let mut am = m.into_active_model();
        f(&mut am);
        am.updated_at = Set(now());
        let saved = am.update(&txn).await?;
        let after = to_account(&txn, &saved).await?;
        append(
            &txn,
            actor,
            vec![Change {
                action,
                entity: "account",
                entity_id: id.to_string(),
                before: Some(public_view(&before)),
                after: Some(public_view(&after)),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Set a new password (`must_change`: a temporary one, to be replaced at next sign-in). In the
    /// same transaction every session of the account ends except `keep_session` (the caller's own,
    /// when they change their own password) and every API token still usable is revoked: nothing
    /// issued under the old password outlives it.
    pub async fn set_password(
        &self,
        actor: &Actor,
        id: i64,
        hash: String,
        must_change: bool,
        keep_session: Option<&str>,
    ) -> Result<Account, StoreError> {
        let txn = self.writer().begin().await?;
        let m = account::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before = to_account(&txn, &m).await?;
        let mut am = m.into_active_model();
        am.password_hash = Set(hash);
        am.must_change_password = Set(must_change);
        am.updated_at = Set(now());
        let saved = am.update(&txn).await?;
        let after = to_account(&txn, &saved).await?;
        let mut sessions = session::Entity::delete_many().filter(session::Column::AccountId.eq(id));
        if let Some(keep) = keep_session {
            sessions = sessions.filter(session::Column::Id.ne(keep));
        }
        let ended = sessions.exec(&txn).await?.rows_affected;
        let t = now();
        let revoked = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, sea_orm::sea_query::Expr::value(Some(t)))
            .filter(api_token::Column::AccountId.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .filter(api_token::Column::ExpiresAt.gt(t))
            .exec(&txn)
            .await?
            .rows_affected;
        let mut after_view = public_view(&after);
        after_view["sessions_ended"] = serde_json::json!(ended);
        after_view["tokens_revoked"] = serde_json::json!(revoked);
        append(
            &txn,
            actor,
            vec![Change {
                action: "account.password",
                entity: "account",
                entity_id: id.to_string(),
                before: Some(public_view(&before)),
                after: Some(after_view),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    pub async fn set_disabled(&self, actor: &Actor, id: i64, disabled: bool) -> Result<Account, StoreError> {
        let action = if disabled { "account.disable" } else { "account.enable" };
        let a = self.update_account(actor, id, action, |am| am.disabled = Set(disabled)).await?;
        if disabled {
            session::Entity::delete_many().filter(session::Column::AccountId.eq(id)).exec(self.writer()).await?;
        }
        Ok(a)
    }

    /// The time zone the account reads times in (none: UTC).
    pub async fn set_time_zone(
        &self,
        actor: &Actor,
        id: i64,
        zone: Option<&entente_domain::consultation::TimeZoneName>,
    ) -> Result<Account, StoreError> {
        let zone = zone.map(ToString::to_string);
        self.update_account(actor, id, "account.time_zone", |am| am.time_zone = Set(zone)).await
    }

    pub async fn set_role(&self, actor: &Actor, id: i64, role: Role) -> Result<Account, StoreError> {
        let current = self.account(id).await?;
        if !current.affiliation.allows(role) {
            return Err(StoreError::Rejected(format!(
                "role {} does not fit this account's affiliation",
                role.as_str()
            )));
        }
        self.update_account(actor, id, "account.role", |am| am.role = Set(role.as_str().to_string())).await
    }

    /// Store a TOTP secret awaiting confirmation (not yet enabled).
    pub async fn set_totp_pending(&self, actor: &Actor, id: i64, secret: String) -> Result<Account, StoreError> {
        self.update_account(actor, id, "account.totp_enrol", |am| {
            am.totp_secret = Set(Some(secret));
            am.totp_enabled = Set(false);
        })
        .await
    }

    /// Turn the second factor on (with hashed recovery codes) or off.
    pub async fn set_totp_enabled(
        &self,
        actor: &Actor,
        id: i64,
        enabled: bool,
        recovery_code_hashes: Vec<String>,
    ) -> Result<Account, StoreError> {
        let codes = serde_json::to_string(&recovery_code_hashes).unwrap_or_else(|_| "[]".into());
        let action = if enabled { "account.totp_enable" } else { "account.totp_disable" };
        self.update_account(actor, id, action, |am| {
            am.totp_enabled = Set(enabled);
            am.recovery_codes = Set(codes);
            if !enabled {
                am.totp_secret = Set(None);
            }
        })
        .await
    }

    /// Use up one recovery code; false if it is not one of the account's unused codes.
    pub async fn consume_recovery_code(&self, actor: &Actor, id: i64, code_hash: &str) -> Result<bool, StoreError> {
        let Some((_, secrets)) = self.account_by_username(&self.account(id).await?.username).await? else {
            return Ok(false);
        };
        if !secrets.recovery_codes.iter().any(|c| c == code_hash) {
            return Ok(false);
        }
        let left: Vec<String> = secrets.recovery_codes.into_iter().filter(|c| c != code_hash).collect();
        let codes = serde_json::to_string(&left).unwrap_or_else(|_| "[]".into());
        self.update_account(actor, id, "account.recovery_code_used", |am| am.recovery_codes = Set(codes)).await?;
        Ok(true)
    }

    pub async fn record_login(&self, actor: &Actor, id: i64) -> Result<(), StoreError> {
        let txn = self.writer().begin().await?;
        let m = account::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut am = m.into_active_model();
        am.last_login_at = Set(Some(now()));
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            vec![Change {
                action: "auth.login",
                entity: "account",
                entity_id: id.to_string(),
                before: None,
                after: None,
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Record a refused sign-in in the audit log (the actor is the name that was tried).
    pub async fn record_login_failure(&self, tried: &str, ip: &str, reason: &str) -> Result<(), StoreError> {
        let txn = self.writer().begin().await?;
        let name: String = tried.chars().take(64).collect();
        append(
            &txn,
            &Actor::system(format!("sign-in attempt: {name}")),
            vec![Change {
                action: "auth.login_failed",
                entity: "account",
                entity_id: name.clone(),
                before: None,
                after: Some(serde_json::json!({ "ip": ip, "reason": reason })),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    // ----- sessions -----

    #[allow(clippy::too_many_arguments)]
    pub async fn create_session(
        &self,
        id_hash: &str,
        account_id: i64,
        csrf: &str,
        stage: &str,
        ttl: Duration,
        ip: &str,
        user_agent: &str,
    ) -> Result<SessionRecord, StoreError> {
        let t = now();
        let saved = session::ActiveModel {
            id: Set(id_hash.to_string()),
            account_id: Set(account_id),
            csrf_token: Set(csrf.to_string()),
            stage: Set(stage.to_string()),
            created_at: Set(t),
            last_seen_at: Set(t),
            expires_at: Set(t + ttl),
            ip: Set(ip.chars().take(64).collect()),
            user_agent: Set(user_agent.chars().take(255).collect()),
        }
        .insert(self.writer())
        .await?;
        Ok(session_record(saved))
    }

    /// A session with its account and, when `with_unread`, the account's unread notifications —
    /// in one query, as every signed-in request needs them (was three or four round trips).
    pub async fn session_with_account(
        &self,
        id_hash: &str,
        with_unread: bool,
    ) -> Result<Option<(SessionRecord, Account, Option<u64>)>, StoreError> {
        let unread = if with_unread {
            "(SELECT COUNT(*) FROM notification u WHERE u.account_id = s.account_id AND u.read_at IS NULL)"
        } else {
            "NULL"
        };
        let placeholder = self.backend().first_parameter();
        let sql = format!(
            "SELECT s.id, s.csrf_token, s.stage, s.created_at, s.last_seen_at, s.expires_at, \
             {ACCOUNT_COLUMNS}, {unread} AS unread \
             FROM session s JOIN account a ON a.id = s.account_id LEFT JOIN nation n ON n.id = a.nation_id \
             WHERE s.id = {placeholder}"
        );
        let db = self.reader();
        let stmt = sea_orm::Statement::from_sql_and_values(db.get_database_backend(), sql, [id_hash.into()]);
        let Some(row) = db.query_one_raw(stmt).await? else { return Ok(None) };
        let account = account_from_row(&row)?;
        let session = SessionRecord {
            id: row.try_get("", "id")?,
            account_id: account.id,
            csrf_token: row.try_get("", "csrf_token")?,
            stage: row.try_get("", "stage")?,
            created_at: row.try_get("", "created_at")?,
            last_seen_at: row.try_get("", "last_seen_at")?,
            expires_at: row.try_get("", "expires_at")?,
        };
        let unread =
            if with_unread { Some(u64::try_from(row.try_get::<i64>("", "unread")?).unwrap_or(0)) } else { None };
        Ok(Some((session, account, unread)))
    }

    pub async fn touch_session(&self, id_hash: &str) -> Result<(), StoreError> {
        if let Some(m) = session::Entity::find_by_id(id_hash.to_string()).one(self.writer()).await? {
            let mut am = m.into_active_model();
            am.last_seen_at = Set(now());
            am.update(self.writer()).await?;
        }
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        session::Entity::delete_by_id(id_hash.to_string()).exec(self.writer()).await?;
        Ok(())
    }

    /// Remove sessions past their absolute expiry or idle longer than `idle`.
    pub async fn purge_sessions(&self, idle: Duration) -> Result<u64, StoreError> {
        let t = now();
        let r = session::Entity::delete_many()
            .filter(
                sea_orm::Condition::any()
                    .add(session::Column::ExpiresAt.lte(t))
                    .add(session::Column::LastSeenAt.lte(t - idle)),
            )
            .exec(self.writer())
            .await?;
        Ok(r.rows_affected)
    }

    pub async fn sessions_of(&self, account_id: i64) -> Result<Vec<SessionRecord>, StoreError> {
        Ok(session::Entity::find()
            .filter(session::Column::AccountId.eq(account_id))
            .order_by_desc(session::Column::LastSeenAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(session_record)
            .collect())
    }

    // ----- API tokens -----

    pub async fn create_token(
        &self,
        actor: &Actor,
        account_id: i64,
        name: &str,
        hash: &str,
        prefix: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<TokenRecord, StoreError> {
        let name = entente_domain::text::TextRule::line(100).check(name).map_err(|e| {
            StoreError::Refused(entente_domain::said!("err-store-token-name", "the token name {why}", why = e.said()))
        })?;
        let name = name.as_str();
        let txn = self.writer().begin().await?;
        let saved = api_token::ActiveModel {
            account_id: Set(account_id),
            name: Set(name.to_string()),
            token_hash: Set(hash.to_string()),
            prefix: Set(prefix.to_string()),
            created_at: Set(now()),
            expires_at: Set(expires_at),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record = token_record(saved);
        append(
            &txn,
            actor,
            vec![Change {
                action: "token.create",
                entity: "api_token",
                entity_id: record.id.to_string(),
                before: None,
                after: Some(serde_json::json!({ "name": record.name, "prefix": record.prefix, "expires_at": record.expires_at })),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(record)
    }

    pub async fn tokens_of(&self, account_id: i64) -> Result<Vec<TokenRecord>, StoreError> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::AccountId.eq(account_id))
            .order_by_desc(api_token::Column::CreatedAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(token_record)
            .collect())
    }

    /// Revoke one of `account_id`'s tokens; another account's token is simply not found.
    pub async fn revoke_token(&self, actor: &Actor, account_id: i64, token_id: i64) -> Result<TokenRecord, StoreError> {
        let txn = self.writer().begin().await?;
        let t = api_token::Entity::find_by_id(token_id)
            .filter(api_token::Column::AccountId.eq(account_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am = t.into_active_model();
        am.revoked_at = Set(Some(now()));
        let saved = am.update(&txn).await?;
        append(
            &txn,
            actor,
            vec![Change {
                action: "token.revoke",
                entity: "api_token",
                entity_id: token_id.to_string(),
                before: None,
                after: None,
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(token_record(saved))
    }

    /// A usable token (not revoked, not expired) by hash, and its account.
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<(TokenRecord, Account)>, StoreError> {
        let db = self.reader();
        let Some(t) = api_token::Entity::find().filter(api_token::Column::TokenHash.eq(hash)).one(db).await? else {
            return Ok(None);
        };
        if t.revoked_at.is_some() || t.expires_at <= now() {
            return Ok(None);
        }
        let account = self.account(t.account_id).await?;
        let stale = t.last_used_at.is_none_or(|u| now() - u > Duration::minutes(5));
        let record = token_record(t.clone());
        if stale {
            let mut am = t.into_active_model();
            am.last_used_at = Set(Some(now()));
            am.update(self.writer()).await?;
        }
        Ok(Some((record, account)))
    }

    // ----- login throttling -----

    /// Until when `key` is locked, if it is.
    pub async fn locked_until(&self, key: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let t = now();
        Ok(login_throttle::Entity::find_by_id(key.to_string())
            .one(self.reader())
            .await?
            .and_then(|r| r.locked_until)
            .filter(|u| *u > t))
    }

    /// Count a failure for `key` in one statement — an upsert that adds one and returns the count —
    /// so failures arriving at the same moment are all counted, on both backends. At `limit`
    /// failures within `window` the key is locked for `lock`. A `Lock` starts the count again after
    /// locking; a `SlowDown` keeps counting, so every further failure within the window renews the
    /// lock (one attempt per `lock`). Returns the count.
    pub async fn record_failure(
        &self,
        key: &str,
        limit: i32,
        window: Duration,
        lock: Duration,
        mode: LockMode,
    ) -> Result<i32, StoreError> {
        use login_throttle::Column as C;
        use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
        let t = now();
        let db = self.writer();
        let stale = || Expr::col((login_throttle::Entity, C::WindowStartedAt)).lt(t - window);
        let upsert = Query::insert()
            .into_table(login_throttle::Entity)
            .columns([C::Key, C::Failures, C::WindowStartedAt, C::LockedUntil])
            .values_panic([key.into(), 1.into(), t.into(), Option::<DateTime<Utc>>::None.into()])
            .on_conflict(
                OnConflict::column(C::Key)
                    .value(
                        C::Failures,
                        Expr::case(stale(), 1).finally(Expr::col((login_throttle::Entity, C::Failures)).add(1)),
                    )
                    .value(
                        C::WindowStartedAt,
                        Expr::case(stale(), t).finally(Expr::col((login_throttle::Entity, C::WindowStartedAt))),
                    )
                    .to_owned(),
            )
            .returning_col(C::Failures)
            .to_owned();
        let row = db
            .query_one(&upsert)
            .await?
            .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("the throttle upsert returned no row".into())))?;
        let failures: i32 = row.try_get("", "failures")?;
        if failures >= limit {
            let mut lock_it = Query::update();
            lock_it.table(login_throttle::Entity).value(C::LockedUntil, t + lock).and_where(Expr::col(C::Key).eq(key));
            if mode == LockMode::Lock {
                lock_it.value(C::Failures, 0).value(C::WindowStartedAt, t).and_where(Expr::col(C::Failures).gte(limit));
            }
            db.execute(&lock_it).await?;
        }
        Ok(failures)
    }

    pub async fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        login_throttle::Entity::delete_by_id(key.to_string()).exec(self.writer()).await?;
        Ok(())
    }

    /// Demo accounts (created by `entente demo`).
    pub async fn demo_accounts(&self) -> Result<Vec<Account>, StoreError> {
        let db = self.reader();
        let rows = account::Entity::find()
            .filter(account::Column::Demo.eq(true))
            .order_by_asc(account::Column::Id)
            .all(db)
            .await?;
        let mut out = Vec::new();
        for m in &rows {
            out.push(to_account(db, m).await?);
        }
        Ok(out)
    }
}

fn session_record(s: session::Model) -> SessionRecord {
    SessionRecord {
        id: s.id,
        account_id: s.account_id,
        csrf_token: s.csrf_token,
        stage: s.stage,
        created_at: s.created_at,
        last_seen_at: s.last_seen_at,
        expires_at: s.expires_at,
    }
}

impl Scoped {
    /// Accounts this caller may see: staff administrators see every account (optionally of one
    /// affiliation); everyone else sees the accounts of their own affiliation.
    pub async fn accounts(&self, of: Option<&Affiliation>) -> Result<Vec<Account>, StoreError> {
        let Some(p) = self.principal() else { return Ok(Vec::new()) };
        let db = self.store().reader();
        let target = if p.role == Role::StaffAdmin { of.cloned() } else { Some(p.affiliation.clone()) };
        let mut q = account::Entity::find();
        match &target {
            None => {}
            Some(Affiliation::Staff) => q = q.filter(account::Column::NationId.is_null()),
            Some(Affiliation::Nation(code)) => {
                let Some(n) = nation::Entity::find().filter(nation::Column::Code.eq(code.as_str())).one(db).await?
                else {
                    return Ok(Vec::new());
                };
                q = q.filter(account::Column::NationId.eq(n.id));
            }
        }
        let rows = q.order_by_asc(account::Column::Username).all(db).await?;
        let mut out = Vec::with_capacity(rows.len());
        for m in &rows {
            out.push(to_account(db, m).await?);
        }
        Ok(out)
    }

    /// One account, if this caller may see it; otherwise not found, exactly as a missing one.
    pub async fn account(&self, id: i64) -> Result<Account, StoreError> {
        let Some(p) = self.principal() else { return Err(StoreError::NotFound) };
        let a = self.store().account(id).await?;
        if p.role == Role::StaffAdmin || a.affiliation == p.affiliation || a.id == p.user_id {
            Ok(a)
        } else {
            Err(StoreError::NotFound)
        }
    }
}
