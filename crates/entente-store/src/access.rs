//! Scoped data access. Handlers never read marked data from the [`Store`] directly: they ask for a
//! [`Scoped`] handle for the caller, and every read through it carries the visibility predicate in
//! the SQL itself — lists, counts, exports and paging alike. The predicate is the SQL form of
//! `entente_domain::access::may_see`; a test checks that both agree on random markings.

use chrono::NaiveDate;
use entente_domain::access::{Audience, AudienceKind, Marking, Principal, Viewer};
use entente_domain::registry::{Contact, NationCode};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::audit::{Actor, AuditFilter};
use crate::entities::{audit_entry, contact, framework, marking, marking_code, membership, nation};
use crate::registry::now;
use crate::{Store, StoreError};

/// The caller, resolved against the database once per request.
#[derive(Debug, Clone)]
pub struct Scoped {
    store: Store,
    principal: Option<Principal>,
    /// The caller's nation row, for delegations.
    nation: Option<(i64, NationCode)>,
    alliance_id: i64,
    /// The registry as of this caller's request.
    registry: std::sync::Arc<crate::snapshot::Registry>,
}

/// A marking as stored, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMarking {
    pub id: i64,
    pub marking: Marking,
}

impl Store {
    /// A handle that reads only what `principal` (or an anonymous visitor) may see.
    pub async fn scoped(&self, principal: Option<&Principal>) -> Result<Scoped, StoreError> {
        let registry = self.registry().await?;
        self.scoped_in(principal, &registry).await
    }

    /// [`Store::scoped`] with the registry snapshot the caller already holds: no query when the
    /// snapshot knows the caller's nation (it always does, unless a nation was added since).
    pub async fn scoped_in(
        &self,
        principal: Option<&Principal>,
        registry: &std::sync::Arc<crate::snapshot::Registry>,
    ) -> Result<Scoped, StoreError> {
        let db = self.reader();
        let alliance_id = match registry.ids.frameworks.get("ALLIANCE") {
            Some(id) => *id,
            None => framework::Entity::find()
                .filter(framework::Column::Code.eq("ALLIANCE"))
                .one(db)
                .await?
                .map(|f| f.id)
                .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("the ALLIANCE framework is missing".into())))?,
        };
        let nation = match principal.and_then(|p| p.nation()) {
            None => None,
            Some(code) => {
                let id = match registry.ids.nations.get(code.as_str()) {
                    Some(id) => *id,
                    None => {
                        nation::Entity::find()
                            .filter(nation::Column::Code.eq(code.as_str()))
                            .one(db)
                            .await?
                            .ok_or(StoreError::NotFound)?
                            .id
                    }
                };
                Some((id, code.clone()))
            }
        };
        Ok(Scoped {
            store: self.clone(),
            principal: principal.cloned(),
            nation,
            alliance_id,
            registry: registry.clone(),
        })
    }
}

/// `membership` rows of nation `nid` active on the outer `marking.released_on`, with `extra`.
fn active_membership(nid: i64, extra: Condition) -> SelectStatement {
    let released = Expr::col((marking::Entity, marking::Column::ReleasedOn));
    Query::select()
        .expr(Expr::val(1))
        .from(membership::Entity)
        .and_where(Expr::col((membership::Entity, membership::Column::NationId)).eq(nid))
        .and_where(Expr::col((membership::Entity, membership::Column::JoinedOn)).lte(released.clone()))
        .cond_where(
            Condition::any()
                .add(Expr::col((membership::Entity, membership::Column::LeftOn)).is_null())
                .add(Expr::col((membership::Entity, membership::Column::LeftOn)).gt(released)),
        )
        .cond_where(extra)
        .to_owned()
}

impl Scoped {
    pub fn principal(&self) -> Option<&Principal> {
        self.principal.as_ref()
    }

    pub fn viewer(&self) -> Viewer<'_> {
        match &self.principal {
            Some(p) => Viewer::User(p),
            None => Viewer::Anonymous,
        }
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The caller's nation row id and code (delegations only).
    pub(crate) fn nation_ref(&self) -> Option<(i64, &NationCode)> {
        self.nation.as_ref().map(|(id, code)| (*id, code))
    }

    /// The registry snapshot this caller was scoped with.
    pub(crate) fn registry(&self) -> &crate::snapshot::Registry {
        &self.registry
    }

    pub fn is_staff(&self) -> bool {
        self.principal.as_ref().is_some_and(Principal::is_staff)
    }

    /// The ids of the markings this caller may see, as a subquery; `None` means all of them.
    pub fn visible_markings(&self) -> Option<SelectStatement> {
        let audience = || Expr::col((marking::Entity, marking::Column::Audience));
        let base = Query::select().column((marking::Entity, marking::Column::Id)).from(marking::Entity).to_owned();
        let Some(p) = &self.principal else {
            return Some(base.clone().and_where(audience().eq(AudienceKind::Public.as_str())).to_owned());
        };
        if p.is_staff() {
            return None;
        }
        let Some((nid, code)) = &self.nation else {
            // A delegation account whose nation is not in the registry sees only public items.
            return Some(base.clone().and_where(audience().eq(AudienceKind::Public.as_str())).to_owned());
        };
        let nid = *nid;
        let frameworks_in_audience = Query::select()
            .column((framework::Entity, framework::Column::Id))
            .from(framework::Entity)
            .inner_join(
                marking_code::Entity,
                Expr::col((marking_code::Entity, marking_code::Column::Code))
                    .equals((framework::Entity, framework::Column::Code)),
            )
            .and_where(
                Expr::col((marking_code::Entity, marking_code::Column::MarkingId))
                    .equals((marking::Entity, marking::Column::Id)),
            )
            .to_owned();
        let named = Query::select()
            .expr(Expr::val(1))
            .from(marking_code::Entity)
            .and_where(
                Expr::col((marking_code::Entity, marking_code::Column::MarkingId))
                    .equals((marking::Entity, marking::Column::Id)),
            )
            .and_where(Expr::col((marking_code::Entity, marking_code::Column::Code)).eq(code.as_str()))
            .to_owned();
        let alliance =
            Condition::all().add(Expr::col((membership::Entity, membership::Column::FrameworkId)).eq(self.alliance_id));
        let in_frameworks = Condition::all()
            .add(Expr::col((membership::Entity, membership::Column::FrameworkId)).in_subquery(frameworks_in_audience));
        let visible = Condition::any()
            .add(audience().eq(AudienceKind::Public.as_str()))
            .add(Expr::col((marking::Entity, marking::Column::OriginatorNationId)).eq(nid))
            .add(
                Condition::all()
                    .add(audience().ne(AudienceKind::StaffOnly.as_str()))
                    .add(Expr::exists(active_membership(nid, alliance))),
            )
            .add(
                Condition::all()
                    .add(audience().eq(AudienceKind::AllPartners.as_str()))
                    .add(Expr::exists(active_membership(nid, Condition::all()))),
            )
            .add(
                Condition::all()
                    .add(audience().eq(AudienceKind::Frameworks.as_str()))
                    .add(Expr::exists(active_membership(nid, in_frameworks))),
            )
            .add(Condition::all().add(audience().eq(AudienceKind::Nations.as_str())).add(Expr::exists(named)));
        Some(base.clone().cond_where(visible).to_owned())
    }

    /// A condition on an item table's `marking_id` column: true only for items this caller may see.
    pub fn visible(&self, marking_id: impl sea_orm::sea_query::IntoColumnRef) -> Condition {
        match self.visible_markings() {
            None => Condition::all(),
            Some(sub) => Condition::all().add(Expr::col(marking_id).in_subquery(sub)),
        }
    }

    /// The ids of every marking this caller may see (for checks and tests).
    pub async fn visible_marking_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut q = marking::Entity::find();
        if let Some(sub) = self.visible_markings() {
            q = q.filter(Expr::col((marking::Entity, marking::Column::Id)).in_subquery(sub));
        }
        Ok(q.order_by_asc(marking::Column::Id).all(self.store.reader()).await?.into_iter().map(|m| m.id).collect())
    }

    /// A nation's points of contact that this caller may see.
    pub async fn contacts(&self, code: &NationCode) -> Result<Vec<(Contact, Option<Marking>)>, StoreError> {
        let db = self.store.reader();
        let Some(n) = nation::Entity::find().filter(nation::Column::Code.eq(code.as_str())).one(db).await? else {
            return Err(StoreError::NotFound);
        };
        let rows = contact::Entity::find()
            .filter(contact::Column::NationId.eq(n.id))
            .filter(self.visible((contact::Entity, contact::Column::MarkingId)))
            .order_by_asc(contact::Column::Id)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            let m = match c.marking_id {
                Some(id) => Some(load_marking(db, id).await?.marking),
                None => None,
            };
            out.push((
                Contact { id: c.id, nation: code.clone(), name: c.name, role: c.role, email: c.email, phone: c.phone },
                m,
            ));
        }
        Ok(out)
    }

    /// Audit entries this caller may read: staff administrators read all; delegations the
    /// entries about their own nation's actions; everyone else none.
    pub async fn audit(&self, mut filter: AuditFilter) -> Result<Vec<audit_entry::Model>, StoreError> {
        let Some(p) = &self.principal else { return Ok(Vec::new()) };
        if !p.reads_whole_audit() {
            match p.nation() {
                Some(code) => filter.nation = Some(code.to_string()),
                None => return Ok(Vec::new()),
            }
        }
        self.store.audit_entries(&filter).await
    }
}

/// Store a marking (inside the caller's transaction) and return its id.
pub(crate) async fn insert_marking<C: ConnectionTrait>(db: &C, m: &Marking) -> Result<i64, StoreError> {
    let originator = match &m.originator {
        None => None,
        Some(code) => Some(
            nation::Entity::find()
                .filter(nation::Column::Code.eq(code.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| StoreError::Rejected(format!("unknown originator nation {code}")))?
                .id,
        ),
    };
    let saved = marking::ActiveModel {
        classification: Set(m.classification.clone()),
        audience: Set(m.audience.kind().as_str().to_string()),
        originator_nation_id: Set(originator),
        released_on: Set(m.released_on),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for code in m.audience.codes() {
        marking_code::ActiveModel { marking_id: Set(saved.id), code: Set(code) }.insert(db).await?;
    }
    Ok(saved.id)
}

pub(crate) async fn load_marking<C: ConnectionTrait>(db: &C, id: i64) -> Result<StoredMarking, StoreError> {
    let m = marking::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
    let codes: Vec<String> = marking_code::Entity::find()
        .filter(marking_code::Column::MarkingId.eq(id))
        .order_by_asc(marking_code::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    let kind = AudienceKind::parse(&m.audience)
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected audience {}", m.audience))))?;
    let audience =
        Audience::from_parts(kind, &codes).map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
    let originator = match m.originator_nation_id {
        None => None,
        Some(nid) => nation::Entity::find_by_id(nid).one(db).await?.and_then(|n| n.code.parse().ok()),
    };
    Ok(StoredMarking {
        id,
        marking: Marking { classification: m.classification, audience, originator, released_on: m.released_on },
    })
}

/// Many markings at once (three queries whatever their number), by id.
pub(crate) async fn load_markings<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Marking>, StoreError> {
    use std::collections::HashMap;
    let mut out = HashMap::new();
    let mut wanted: Vec<i64> = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    for chunk in wanted.chunks(500) {
        let rows = marking::Entity::find().filter(marking::Column::Id.is_in(chunk.to_vec())).all(db).await?;
        let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
        for c in marking_code::Entity::find()
            .filter(marking_code::Column::MarkingId.is_in(chunk.to_vec()))
            .order_by_asc(marking_code::Column::Code)
            .all(db)
            .await?
        {
            codes.entry(c.marking_id).or_default().push(c.code);
        }
        let nation_ids: Vec<i64> = rows.iter().filter_map(|m| m.originator_nation_id).collect();
        let nations: HashMap<i64, String> = if nation_ids.is_empty() {
            HashMap::new()
        } else {
            nation::Entity::find()
                .filter(nation::Column::Id.is_in(nation_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|n| (n.id, n.code))
                .collect()
        };
        for m in rows {
            let kind = AudienceKind::parse(&m.audience)
                .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected audience {}", m.audience))))?;
            let audience = Audience::from_parts(kind, codes.get(&m.id).map_or(&[][..], |v| v.as_slice()))
                .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
            let originator = m.originator_nation_id.and_then(|nid| nations.get(&nid)).and_then(|c| c.parse().ok());
            out.insert(
                m.id,
                Marking { classification: m.classification, audience, originator, released_on: m.released_on },
            );
        }
    }
    Ok(out)
}

impl Store {
    /// Store a marking on its own (for tests and seeding); items store theirs in their own writes.
    pub async fn create_marking(&self, actor: &Actor, m: &Marking) -> Result<i64, StoreError> {
        use sea_orm::TransactionTrait;
        let txn = self.writer().begin().await?;
        let id = insert_marking(&txn, m).await?;
        crate::audit::append(
            &txn,
            actor,
            vec![crate::audit::Change {
                action: "marking.create",
                entity: "marking",
                entity_id: id.to_string(),
                before: None,
                after: Some(serde_json::to_value(m).unwrap_or_default()),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// A stored marking by id (unscoped: for writers that already hold the item).
    pub async fn marking(&self, id: i64) -> Result<StoredMarking, StoreError> {
        load_marking(self.reader(), id).await
    }
}

/// The date items are released on when no other date applies.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}
