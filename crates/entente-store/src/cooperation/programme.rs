//! Programmes (ITPP): one row per partner with the working plan, comments and assessments as one
//! aggregate written with a version check, and the agreed versions in their own append-only table.
//! Reads keep out what the caller may not see in SQL (a partner reads its own row only), and the
//! domain's [`may_see_programme`] decides each row again.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use entente_domain::access::Permit;
use entente_domain::cooperation::{AgreedVersion, Programme, may_see_programme, subject};
use entente_domain::registry::{NationStatus, Network};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use super::{actor, audit_json, claim, corrupt, json, parse};
use crate::audit::{Change, append};
use crate::entities::{programme, programme_version};
use crate::{Scoped, StoreError};

fn version_from(v: &programme_version::Model) -> Result<AgreedVersion, StoreError> {
    Ok(AgreedVersion {
        number: u32::try_from(v.number).map_err(|e| corrupt("programme_version.number", e))?,
        plan: parse("programme_version.plan", &v.plan)?,
        at: v.agreed_at,
        by: parse("programme_version.agreed_by", &v.agreed_by)?,
    })
}

fn programme_from(r: &programme::Model, agreed: Vec<AgreedVersion>) -> Result<Programme, StoreError> {
    Ok(Programme {
        id: r.id,
        nation: r.nation.parse().map_err(|e| corrupt("programme.nation", e))?,
        plan: parse("programme.plan", &r.plan)?,
        next_key: u32::try_from(r.next_key).map_err(|e| corrupt("programme.next_key", e))?,
        comments: parse("programme.comments", &r.comments)?,
        assessments: parse("programme.assessments", &r.assessments)?,
        agreed,
        opened_at: r.opened_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

/// The goals of each listed nation's latest agreed programme version, read for a rule that
/// needs them (the re-offer of seats ranks requests as the allocation did) and never shown.
pub(crate) async fn agreed_goals_in<C: sea_orm::ConnectionTrait>(
    db: &C,
    nations: &[String],
) -> Result<BTreeMap<String, std::collections::BTreeSet<u32>>, StoreError> {
    let mut out = BTreeMap::new();
    for chunk in nations.chunks(500) {
        let rows = programme::Entity::find().filter(programme::Column::Nation.is_in(chunk.to_vec())).all(db).await?;
        for r in &rows {
            let latest = programme_version::Entity::find()
                .filter(programme_version::Column::ProgrammeId.eq(r.id))
                .order_by_desc(programme_version::Column::Number)
                .one(db)
                .await?;
            let p = programme_from(r, latest.iter().map(version_from).collect::<Result<_, _>>()?)?;
            out.insert(r.nation.clone(), p.agreed_goals());
        }
    }
    Ok(out)
}

impl Scoped {
    /// Whether the caller reads every programme (staff and allies) rather than its own alone.
    fn reads_all_programmes(&self, network: &Network, today: NaiveDate) -> bool {
        match self.principal() {
            None => false,
            Some(p) => match p.nation() {
                None => true,
                Some(n) => matches!(network.status_on(n, today), NationStatus::Ally),
            },
        }
    }

    /// The programmes this caller may see, by nation code, with their agreed versions.
    pub async fn programmes(&self, network: &Network, today: NaiveDate) -> Result<Vec<Programme>, StoreError> {
        let db = self.store().reader();
        let mut q = programme::Entity::find();
        if !self.reads_all_programmes(network, today) {
            let Some(n) = self.my_nation() else { return Ok(Vec::new()) };
            q = q.filter(programme::Column::Nation.eq(n));
        }
        let rows = q.order_by_asc(programme::Column::Nation).all(db).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut versions: BTreeMap<i64, Vec<AgreedVersion>> = BTreeMap::new();
        for chunk in ids.chunks(500) {
            for v in programme_version::Entity::find()
                .filter(programme_version::Column::ProgrammeId.is_in(chunk.to_vec()))
                .order_by_asc(programme_version::Column::Number)
                .all(db)
                .await?
            {
                versions.entry(v.programme_id).or_default().push(version_from(&v)?);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let p = programme_from(r, versions.remove(&r.id).unwrap_or_default())?;
            if may_see_programme(self.viewer(), &p.nation, network, today) {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// One partner's programme; not found when there is none or the caller may not see it (the
    /// two answer alike, so that another partner learns nothing).
    pub async fn programme(&self, nation: &str, network: &Network, today: NaiveDate) -> Result<Programme, StoreError> {
        let code = nation.parse().map_err(|_| StoreError::NotFound)?;
        if !may_see_programme(self.viewer(), &code, network, today) {
            return Err(StoreError::NotFound);
        }
        let db = self.store().reader();
        let row = programme::Entity::find()
            .filter(programme::Column::Nation.eq(code.to_string()))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let versions = programme_version::Entity::find()
            .filter(programme_version::Column::ProgrammeId.eq(row.id))
            .order_by_asc(programme_version::Column::Number)
            .all(db)
            .await?
            .iter()
            .map(version_from)
            .collect::<Result<Vec<_>, _>>()?;
        programme_from(&row, versions)
    }

    /// Store a newly opened programme: one per partner.
    pub async fn insert_programme(&self, permit: Permit, mut p: Programme) -> Result<Programme, StoreError> {
        self.check_permit_for(&permit, subject::PROGRAMME, 0)?;
        let txn = self.store().writer().begin().await?;
        if programme::Entity::find()
            .filter(programme::Column::Nation.eq(p.nation.to_string()))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::Refused(entente_domain::said!(
                "err-programme-exists",
                "this partner already has a programme"
            )));
        }
        let row = programme::ActiveModel {
            nation: Set(p.nation.to_string()),
            plan: Set(json(&p.plan)?),
            next_key: Set(p.next_key as i32),
            comments: Set(json(&p.comments)?),
            assessments: Set(json(&p.assessments)?),
            opened_at: Set(p.opened_at),
            updated_at: Set(p.updated_at),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        p.id = row.id;
        p.version = 0;
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "programme",
                entity_id: p.nation.to_string(),
                before: None,
                after: audit_json(&p.plan),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(p)
    }

    /// Save a changed programme if nobody changed it meanwhile; new agreed versions are appended.
    pub async fn save_programme(&self, permit: Permit, p: &mut Programme) -> Result<(), StoreError> {
        self.check_permit_for(&permit, subject::PROGRAMME, p.id)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "programme", "programme", p.id, p.version).await?;
        let row = programme::Entity::find_by_id(p.id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before = parse::<serde_json::Value>("programme.plan", &row.plan)?;
        let mut am: programme::ActiveModel = row.into();
        am.plan = Set(json(&p.plan)?);
        am.next_key = Set(p.next_key as i32);
        am.comments = Set(json(&p.comments)?);
        am.assessments = Set(json(&p.assessments)?);
        am.updated_at = Set(p.updated_at);
        am.update(&txn).await?;
        let stored = programme_version::Entity::find()
            .filter(programme_version::Column::ProgrammeId.eq(p.id))
            .all(&txn)
            .await?
            .iter()
            .map(|v| v.number)
            .max()
            .unwrap_or(0);
        for v in p.agreed.iter().filter(|v| v.number as i32 > stored) {
            programme_version::ActiveModel {
                programme_id: Set(p.id),
                number: Set(v.number as i32),
                plan: Set(json(&v.plan)?),
                agreed_at: Set(v.at),
                agreed_by: Set(json(&v.by)?),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let after = match permit.action() {
            "programme.commented" | "programme.change_proposed" => audit_json(&p.comments.last()),
            "programme.assessed" => audit_json(&p.assessments),
            "programme.agreed" => audit_json(&p.agreed.last()),
            _ => audit_json(&p.plan),
        };
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "programme",
                entity_id: p.nation.to_string(),
                before: if permit.action() == "programme.edited" { Some(before) } else { None },
                after,
            }],
        )
        .await?;
        txn.commit().await?;
        p.version += 1;
        Ok(())
    }
}
