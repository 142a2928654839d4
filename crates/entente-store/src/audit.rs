//! The tamper-evident audit log. Every write records who, for which nation, when, what, and the
//! state before and after, in the same transaction as the change. Entries form a hash chain:
//! each entry's hash covers its fields and the previous entry's hash, and a head row keeps the
//! last sequence number and hash, so editing or deleting entries inside the chain is detected by
//! [`Store::verify_audit`]. The head row lives in the same database, though: deleting the newest
//! entries and rewriting the head to match leaves a shorter chain that verifies. Signed
//! checkpoints kept outside the database ([`crate::checkpoint`]) detect that.

use chrono::{DateTime, SecondsFormat, Utc};
use entente_domain::access::Principal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entities::{audit_entry, audit_head};
use crate::registry::now;
use crate::{Store, StoreError};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who makes a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: Option<i64>,
    pub name: String,
    /// The acting nation's code; `None` for the staff and for the system.
    pub nation: Option<String>,
}

impl Actor {
    /// A command-line or system actor (no account).
    pub fn system(name: impl Into<String>) -> Actor {
        Actor { account_id: None, name: name.into(), nation: None }
    }

    pub fn from_principal(p: &Principal) -> Actor {
        Actor { account_id: Some(p.user_id), name: p.username.clone(), nation: p.nation().map(ToString::to_string) }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The hash of an entry: SHA-256 over its fields, each length-prefixed, and the previous hash.
pub fn entry_hash(e: &audit_entry::Model) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update(s.len().to_string().as_bytes());
        h.update(b":");
        h.update(s.as_bytes());
        h.update(b";");
    };
    field(&e.seq.to_string());
    field(&timestamp(&e.at));
    field(&e.actor_account_id.map(|i| i.to_string()).unwrap_or_default());
    field(&e.actor_name);
    field(e.actor_nation.as_deref().unwrap_or("-"));
    field(&e.action);
    field(&e.entity);
    field(&e.entity_id);
    field(e.before.as_deref().unwrap_or("-"));
    field(e.after.as_deref().unwrap_or("-"));
    field(&e.prev_hash);
    hex(&h.finalize())
}

/// Append entries to the chain inside the caller's transaction.
pub(crate) async fn append<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    changes: Vec<Change<'_>>,
) -> Result<(), StoreError> {
    if changes.is_empty() {
        return Ok(());
    }
    // Lock the head: on PostgreSQL concurrent writers queue here; SQLite has one writer anyway.
    let head = audit_head::Entity::find_by_id(1)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("the audit chain head is missing".into())))?;
    let (mut seq, mut prev) = (head.seq, head.hash.clone());
    let at = now();
    let mut rows = Vec::with_capacity(changes.len());
    for c in changes {
        seq += 1;
        let mut e = audit_entry::Model {
            seq,
            at,
            actor_account_id: actor.account_id,
            actor_name: actor.name.clone(),
            actor_nation: actor.nation.clone(),
            action: c.action.to_string(),
            entity: c.entity.to_string(),
            entity_id: c.entity_id,
            before: c.before.map(|v| v.to_string()),
            after: c.after.map(|v| v.to_string()),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        prev = e.hash.clone();
        rows.push(audit_entry::ActiveModel::from(e));
    }
    // Bound parameters per statement are limited (65,535 on PostgreSQL): insert in chunks.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<audit_entry::ActiveModel> = rows.by_ref().take(1000).collect();
        audit_entry::Entity::insert_many(chunk).exec(db).await?;
    }
    let mut am = head.into_active_model();
    am.seq = Set(seq);
    am.hash = Set(prev);
    am.update(db).await?;
    Ok(())
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub entries: u64,
    /// The first entry found broken, with the reason; `None` when the chain is intact.
    pub first_broken: Option<(i64, String)>,
    /// The last entry verified and its hash (`(0, GENESIS)` for an empty chain): the head to pass
    /// as an expected head to a later verification.
    pub head: (i64, String),
}

/// Filters for browsing the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub nation: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Entries with a sequence number below this one (paging backwards from the newest).
    pub before_seq: Option<i64>,
    pub limit: u64,
}

/// The outcome of checking the chain between two known points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Walk {
    pub entries: u64,
    pub head: (i64, String),
    pub first_broken: Option<(i64, String)>,
}

/// Check the chain after entry `from.0` (whose hash is `from.1`; `(0, GENESIS)` for the whole
/// chain) up to the head row.
pub(crate) async fn walk<C: ConnectionTrait>(db: &C, from: (i64, String), batch: u64) -> Result<Walk, StoreError> {
    let mut expected_seq = from.0 + 1;
    let mut prev = from.1;
    let mut count = 0u64;
    let broken = |count: u64, seq: i64, why: String, prev: &str| Walk {
        entries: count,
        head: (seq - 1, prev.to_string()),
        first_broken: Some((seq, why)),
    };
    loop {
        let rows = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(batch.max(1))
            .all(db)
            .await?;
        if rows.is_empty() {
            break;
        }
        for e in rows {
            if e.seq != expected_seq {
                let why = format!("entry {expected_seq} is missing (deleted)");
                return Ok(broken(count, expected_seq, why, &prev));
            }
            if e.prev_hash != prev {
                return Ok(broken(count, e.seq, "its link to the previous entry does not match".into(), &prev));
            }
            if entry_hash(&e) != e.hash {
                return Ok(broken(count, e.seq, "its content does not match its hash (edited)".into(), &prev));
            }
            prev = e.hash;
            expected_seq += 1;
            count += 1;
        }
    }
    let last = expected_seq - 1;
    let head = audit_head::Entity::find_by_id(1).one(db).await?;
    let first_broken = match head {
        Some(h) if h.seq == last && h.hash == prev => None,
        Some(h) if h.seq > last => {
            Some((expected_seq, format!("entries {expected_seq} to {} are missing (deleted)", h.seq)))
        }
        _ => Some((last, "the chain head does not match the last entry".into())),
    };
    Ok(Walk { entries: count, head: (last, prev), first_broken })
}

impl Store {
    /// The sequence number of the newest audit entry (0 when there is none). Every write is
    /// audited, so a change of this number means the data may have changed (search uses it to
    /// know whether its index is stale).
    pub async fn last_audit_seq(&self) -> Result<i64, StoreError> {
        use sea_orm::{EntityTrait, QueryOrder};
        let last = audit_entry::Entity::find().order_by_desc(audit_entry::Column::Seq).one(self.reader()).await?;
        Ok(last.map_or(0, |e| e.seq))
    }

    /// Record an event that changes nothing else (a sign-out, an export…).
    pub async fn record(&self, actor: &Actor, action: &str, entity: &str, entity_id: String) -> Result<(), StoreError> {
        use sea_orm::TransactionTrait;
        let txn = self.writer().begin().await?;
        append(&txn, actor, vec![Change { action, entity, entity_id, before: None, after: None }]).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Check the whole chain, oldest first, in batches; names the first broken entry.
    pub async fn verify_audit(&self, batch: u64) -> Result<Verification, StoreError> {
        let w = walk(self.reader(), (0, GENESIS.to_string()), batch).await?;
        Ok(Verification { entries: w.entries, first_broken: w.first_broken, head: w.head })
    }

    /// The head row: the newest entry's sequence number and hash, as the chain records them.
    pub async fn audit_head(&self) -> Result<(i64, String), StoreError> {
        let head = audit_head::Entity::find_by_id(1).one(self.reader()).await?;
        Ok(head.map_or((0, GENESIS.to_string()), |h| (h.seq, h.hash)))
    }

    /// Entries matching `filter`, newest first. Callers go through [`crate::Scoped::audit`].
    pub(crate) async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<audit_entry::Model>, StoreError> {
        let mut q = audit_entry::Entity::find();
        if let Some(a) = &filter.actor {
            q = q.filter(audit_entry::Column::ActorName.eq(a.as_str()));
        }
        if let Some(n) = &filter.nation {
            q = q.filter(audit_entry::Column::ActorNation.eq(n.as_str()));
        }
        if let Some(a) = &filter.action {
            q = q.filter(audit_entry::Column::Action.starts_with(a.as_str()));
        }
        if let Some(e) = &filter.entity {
            q = q.filter(audit_entry::Column::Entity.eq(e.as_str()));
        }
        if let Some(f) = filter.from {
            q = q.filter(audit_entry::Column::At.gte(f));
        }
        if let Some(t) = filter.to {
            q = q.filter(audit_entry::Column::At.lt(t));
        }
        if let Some(b) = filter.before_seq {
            q = q.filter(audit_entry::Column::Seq.lt(b));
        }
        Ok(q.order_by_desc(audit_entry::Column::Seq).limit(filter.limit.clamp(1, 500)).all(self.reader()).await?)
    }

    /// Write `n` synthetic entries (for benchmarking verification). Each batch is one transaction.
    pub async fn append_synthetic_audit(&self, n: u64, batch: u64) -> Result<(), StoreError> {
        use sea_orm::TransactionTrait;
        let actor = Actor::system("benchmark");
        let mut left = n;
        while left > 0 {
            let k = left.min(batch.max(1));
            let txn = self.writer().begin().await?;
            let changes = (0..k)
                .map(|i| Change {
                    action: "benchmark.write",
                    entity: "benchmark",
                    entity_id: i.to_string(),
                    before: None,
                    after: Some(serde_json::json!({ "i": i })),
                })
                .collect();
            append(&txn, &actor, changes).await?;
            txn.commit().await?;
            left -= k;
        }
        Ok(())
    }
}
