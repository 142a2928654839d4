//! The registry repository: the network's nations, frameworks, membership periods, groupings,
//! contacts and formats.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, SubsecRound, Utc};
use entente_domain::access::Permit;
use entente_domain::date::PartialDate;
use entente_domain::registry::edit::{CheckedContact, ContactDraft, NetworkWrite};
use entente_domain::registry::import::{
    FileErrors, FormatRow, GroupingRow, ImportError, NetworkFile, Problem, SizeRow,
};
use entente_domain::registry::{
    Contact, EndReason, Format, FormatSpec, Framework, FrameworkCode, FrameworkRole, Grouping, Membership, Nation,
    NationCode, NationKind, NationSize, Network, import,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;

use crate::audit::{Actor, Change, append};
use crate::entities::{
    contact, format, format_framework, format_partner, framework, grouping, grouping_member, membership, nation,
};
use crate::{Store, StoreError};

type Changes = Vec<Change<'static>>;

fn nation_json(m: &nation::Model) -> serde_json::Value {
    serde_json::json!({ "code": m.code, "name": m.name, "name_fr": m.name_fr, "kind": m.kind, "region": m.region })
}

fn membership_json(m: &membership::Model) -> serde_json::Value {
    serde_json::json!({
        "nation_id": m.nation_id, "framework_id": m.framework_id, "kind": m.kind, "joined": m.joined,
        "left": m.left, "end_reason": m.end_reason, "note": m.note,
    })
}

/// Timestamps are kept to the microsecond so both backends store the same value.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The files of one import, already parsed. Each is validated against the database (and against
/// the others) before anything is written; the writes happen in one transaction.
#[derive(Default)]
pub struct ImportBatch {
    pub network: Option<(String, NetworkFile)>,
    pub sizes: Option<(String, Vec<SizeRow>)>,
    pub groupings: Option<(String, Vec<GroupingRow>)>,
    pub formats: Option<(String, Vec<FormatRow>)>,
    /// Check and count the changes, then roll back: nothing is written.
    pub dry_run: bool,
}

/// What an import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub nations_added: usize,
    pub nations_updated: usize,
    pub nations_unchanged: usize,
    pub periods_added: usize,
    pub periods_updated: usize,
    pub periods_removed: usize,
    pub periods_unchanged: usize,
    pub sizes_updated: usize,
    pub sizes_unchanged: usize,
    pub groupings_added: usize,
    pub groupings_updated: usize,
    pub groupings_unchanged: usize,
    pub formats_added: usize,
    pub formats_updated: usize,
    pub formats_unchanged: usize,
}

impl ImportSummary {
    /// Whether the import wrote nothing.
    pub fn is_noop(&self) -> bool {
        self.nations_added
            + self.nations_updated
            + self.periods_added
            + self.periods_updated
            + self.periods_removed
            + self.sizes_updated
            + self.groupings_added
            + self.groupings_updated
            + self.formats_added
            + self.formats_updated
            == 0
    }
}

/// A new point of contact.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

fn framework_from(m: framework::Model) -> Result<Framework, StoreError> {
    Ok(Framework {
        code: m.code.parse().map_err(|e| corrupt("framework.code", e))?,
        role: FrameworkRole::parse(&m.role).ok_or_else(|| corrupt("framework.role", &m.role))?,
        name: m.name,
        name_fr: m.name_fr,
        short: m.short,
        launched: m.launched,
        description: m.description,
        description_fr: m.description_fr,
    })
}

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in {what}: {value}")))
}

fn nation_from(m: &nation::Model) -> Result<Nation, StoreError> {
    let size = match (m.population_millions, m.gdp_usd_billions, m.size_year) {
        (Some(p), Some(g), Some(y)) => Some(NationSize {
            population_millions: p,
            gdp_usd_billions: g,
            year: y,
            source: m.size_source.clone().unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Nation {
        code: m.code.parse().map_err(|e| corrupt("nation.code", e))?,
        name: m.name.clone(),
        name_fr: m.name_fr.clone(),
        kind: NationKind::parse(&m.kind).ok_or_else(|| corrupt("nation.kind", &m.kind))?,
        region: m.region.clone(),
        size,
    })
}

fn parse_date(what: &str, s: &str) -> Result<PartialDate, StoreError> {
    s.parse().map_err(|e| corrupt(what, e))
}

impl Store {
    /// Every framework, in catalogue order.
    pub async fn frameworks(&self) -> Result<Vec<Framework>, StoreError> {
        framework::Entity::find()
            .order_by_asc(framework::Column::Position)
            .all(self.reader())
            .await?
            .into_iter()
            .map(framework_from)
            .collect()
    }

    /// The whole network: nations (with sizes) and every membership period.
    pub async fn load_network(&self) -> Result<Network, StoreError> {
        let db = self.reader();
        let nations = nation::Entity::find().order_by_asc(nation::Column::Code).all(db).await?;
        let frameworks: HashMap<i64, String> =
            framework::Entity::find().all(db).await?.into_iter().map(|f| (f.id, f.code)).collect();
        let codes: HashMap<i64, &str> = nations.iter().map(|n| (n.id, n.code.as_str())).collect();
        let rows = membership::Entity::find().order_by_asc(membership::Column::Id).all(db).await?;
        let mut memberships = Vec::with_capacity(rows.len());
        for m in rows {
            let nation = codes.get(&m.nation_id).ok_or_else(|| corrupt("membership.nation_id", m.nation_id))?;
            let fw =
                frameworks.get(&m.framework_id).ok_or_else(|| corrupt("membership.framework_id", m.framework_id))?;
            memberships.push(Membership {
                nation: nation.parse().map_err(|e| corrupt("nation.code", e))?,
                framework: fw.parse().map_err(|e| corrupt("framework.code", e))?,
                kind: NationKind::parse(&m.kind).ok_or_else(|| corrupt("membership.kind", &m.kind))?,
                joined: parse_date("membership.joined", &m.joined)?,
                left: m.left.as_deref().map(|l| parse_date("membership.left", l)).transpose()?,
                end_reason: match m.end_reason.as_deref() {
                    None => None,
                    Some(r) => Some(EndReason::parse(r).ok_or_else(|| corrupt("membership.end_reason", r))?),
                },
                note: m.note,
            });
        }
        let nations: Vec<Nation> = nations.iter().map(nation_from).collect::<Result<_, _>>()?;
        Ok(Network::new(nations, memberships))
    }

    /// Regional groupings and organisations, with their members' codes.
    pub async fn groupings(&self) -> Result<Vec<Grouping>, StoreError> {
        let db = self.reader();
        let groups = grouping::Entity::find().order_by_asc(grouping::Column::Name).all(db).await?;
        let codes: HashMap<i64, String> =
            nation::Entity::find().all(db).await?.into_iter().map(|n| (n.id, n.code)).collect();
        let mut members: BTreeMap<i64, Vec<NationCode>> = BTreeMap::new();
        for gm in grouping_member::Entity::find().all(db).await? {
            if let Some(code) = codes.get(&gm.nation_id) {
                members.entry(gm.grouping_id).or_default().push(code.parse().map_err(|e| corrupt("nation.code", e))?);
            }
        }
        Ok(groups
            .into_iter()
            .map(|g| {
                let mut m = members.remove(&g.id).unwrap_or_default();
                m.sort();
                Grouping { code: g.code, name: g.name, name_fr: g.name_fr, kind: g.kind, members: m, note: g.note }
            })
            .collect())
    }

    /// Add a point of contact to a nation, released under `marking`, checked by the domain's
    /// rule for contacts (`ContactDraft::check`).
    pub async fn add_contact(
        &self,
        actor: &Actor,
        code: &NationCode,
        new: NewContact,
        marking: &entente_domain::access::Marking,
    ) -> Result<Contact, StoreError> {
        let draft = ContactDraft {
            name: new.name,
            role: new.role,
            email: new.email.unwrap_or_default(),
            phone: new.phone.unwrap_or_default(),
        };
        let checked = draft.check().map_err(|errors| {
            let first = errors.into_iter().next();
            StoreError::Rejected(first.map_or_else(String::new, |e| match e.problem {
                Problem::Text(t) => format!("the {} {t}", e.field),
                p => p.to_string(),
            }))
        })?;
        insert_contact(self, actor, code, checked, marking).await
    }

    /// Every format, by name.
    pub async fn formats(&self) -> Result<Vec<Format>, StoreError> {
        let db = self.reader();
        let formats = format::Entity::find().order_by_asc(format::Column::Name).all(db).await?;
        let fw: HashMap<i64, String> = framework::Entity::find()
            .order_by_asc(framework::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.code))
            .collect();
        let codes: HashMap<i64, String> =
            nation::Entity::find().all(db).await?.into_iter().map(|n| (n.id, n.code)).collect();
        let ffs = format_framework::Entity::find().all(db).await?;
        let fps = format_partner::Entity::find().all(db).await?;
        formats
            .into_iter()
            .map(|f| {
                let mut frameworks: Vec<FrameworkCode> = ffs
                    .iter()
                    .filter(|x| x.format_id == f.id)
                    .filter_map(|x| fw.get(&x.framework_id))
                    .map(|c| c.parse().map_err(|e| corrupt("framework.code", e)))
                    .collect::<Result<_, _>>()?;
                frameworks.sort();
                let mut partners: Vec<NationCode> = fps
                    .iter()
                    .filter(|x| x.format_id == f.id)
                    .filter_map(|x| codes.get(&x.nation_id))
                    .map(|c| c.parse().map_err(|e| corrupt("nation.code", e)))
                    .collect::<Result<_, _>>()?;
                partners.sort();
                Ok(Format {
                    slug: f.slug,
                    name: f.name,
                    name_fr: f.name_fr,
                    description: f.description,
                    description_fr: f.description_fr,
                    spec: FormatSpec { include_allies: f.include_allies, frameworks, partners },
                    valid_from: f.valid_from,
                    valid_to: f.valid_to,
                })
            })
            .collect()
    }

    /// One format by slug.
    pub async fn format(&self, slug: &str) -> Result<Format, StoreError> {
        self.formats().await?.into_iter().find(|f| f.slug == slug).ok_or(StoreError::NotFound)
    }

    /// Load the embedded demo network: the real NATO network, state sizes, regional groupings,
    /// the real formats, and one clearly synthetic point of contact per nation. Idempotent.
    pub async fn seed_demo_network(&self, actor: &Actor) -> Result<ImportSummary, StoreError> {
        use entente_domain::registry as reg;
        let invalid =
            |file: &str, errors: Vec<ImportError>| StoreError::Invalid(FileErrors { file: file.into(), errors });
        let roles: Vec<(FrameworkCode, FrameworkRole)> =
            self.frameworks().await?.into_iter().map(|f| (f.code, f.role)).collect();
        let batch = ImportBatch {
            network: Some((
                "nato_network.csv".into(),
                import::parse_network(reg::DEMO_NETWORK_CSV.as_bytes(), &roles)
                    .map_err(|e| invalid("nato_network.csv", e))?,
            )),
            sizes: Some((
                "nation_size.csv".into(),
                import::parse_sizes(reg::DEMO_SIZES_CSV.as_bytes()).map_err(|e| invalid("nation_size.csv", e))?,
            )),
            groupings: Some((
                "regional_groupings.csv".into(),
                import::parse_groupings(reg::DEMO_GROUPINGS_CSV.as_bytes())
                    .map_err(|e| invalid("regional_groupings.csv", e))?,
            )),
            formats: Some((
                "formats.csv".into(),
                import::parse_formats(reg::DEMO_FORMATS_CSV.as_bytes()).map_err(|e| invalid("formats.csv", e))?,
            )),
            dry_run: false,
        };
        let summary = self.import(actor, batch).await?;
        // One synthetic desk per nation that has no contact yet (addresses under .invalid never
        // deliver), released to the whole network: allies and active partners, not the public.
        let with_contacts: HashSet<i64> =
            contact::Entity::find().all(self.reader()).await?.into_iter().map(|c| c.nation_id).collect();
        let nations = nation::Entity::find().order_by_asc(nation::Column::Code).all(self.reader()).await?;
        for n in nations {
            if with_contacts.contains(&n.id) {
                continue;
            }
            let code: NationCode = n.code.parse().map_err(|e| corrupt("nation.code", e))?;
            let marking = entente_domain::access::Marking {
                classification: "NATO UNCLASSIFIED".into(),
                audience: entente_domain::access::Audience::AllPartners,
                originator: Some(code.clone()),
                released_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            };
            let new = NewContact {
                name: format!("Partnership desk, {}", n.name),
                role: "Point of contact (demo)".into(),
                email: Some(format!("partnership.{}@demo.invalid", n.code.to_lowercase())),
                phone: None,
            };
            self.add_contact(actor, &code, new, &marking).await?;
        }
        Ok(summary)
    }

    /// Import parsed files: check them against the database, then write every change in one
    /// transaction. Importing the same files again changes nothing.
    pub async fn import(&self, actor: &Actor, batch: ImportBatch) -> Result<ImportSummary, StoreError> {
        let txn = self.writer().begin().await?;
        let mut summary = ImportSummary::default();
        let mut changes: Changes = Vec::new();
        let frameworks: HashMap<String, i64> =
            framework::Entity::find().all(&txn).await?.into_iter().map(|f| (f.code, f.id)).collect();

        // Nations first: the other files refer to them.
        if let Some((_, file)) = &batch.network {
            import_network(&txn, file, &frameworks, &mut summary, &mut changes).await?;
        }
        let nation_ids: HashMap<String, i64> =
            nation::Entity::find().all(&txn).await?.into_iter().map(|n| (n.code, n.id)).collect();
        let unknown = |line: u64, column: &str, code: &NationCode| ImportError {
            line,
            column: Some(column.into()),
            message: format!("unknown nation {code}: it is not in the registry (import the network first)"),
        };
        let mut all_errors: Vec<FileErrors> = Vec::new();
        if let Some((file, rows)) = &batch.sizes {
            let errors: Vec<ImportError> = rows
                .iter()
                .filter(|r| !nation_ids.contains_key(r.code.as_str()))
                .map(|r| unknown(r.line, "code", &r.code))
                .collect();
            if errors.is_empty() {
                import_sizes(&txn, rows, &mut summary, &mut changes).await?;
            } else {
                all_errors.push(FileErrors { file: file.clone(), errors });
            }
        }
        if let Some((file, rows)) = &batch.groupings {
            let errors: Vec<ImportError> = rows
                .iter()
                .flat_map(|r| r.grouping.members.iter().map(move |m| (r.line, m)))
                .filter(|(_, m)| !nation_ids.contains_key(m.as_str()))
                .map(|(line, m)| unknown(line, "members", m))
                .collect();
            if errors.is_empty() {
                import_groupings(&txn, rows, &nation_ids, &mut summary, &mut changes).await?;
            } else {
                all_errors.push(FileErrors { file: file.clone(), errors });
            }
        }
        if let Some((file, rows)) = &batch.formats {
            let mut errors: Vec<ImportError> = Vec::new();
            for r in rows {
                for p in &r.format.spec.partners {
                    if !nation_ids.contains_key(p.as_str()) {
                        errors.push(unknown(r.line, "partners", p));
                    }
                }
                for f in &r.format.spec.frameworks {
                    if !frameworks.contains_key(f.as_str()) {
                        errors.push(ImportError {
                            line: r.line,
                            column: Some("frameworks".into()),
                            message: format!("unknown framework {f}"),
                        });
                    }
                }
            }
            if errors.is_empty() {
                for r in rows {
                    upsert_format(&txn, &r.format, &frameworks, &nation_ids, &mut summary, &mut changes).await?;
                }
            } else {
                all_errors.push(FileErrors { file: file.clone(), errors });
            }
        }
        if let Some(first) = all_errors.into_iter().next() {
            txn.rollback().await?;
            return Err(StoreError::Invalid(first));
        }
        if batch.dry_run {
            txn.rollback().await?;
        } else {
            if !changes.is_empty() {
                crate::snapshot::registry_changed(&txn).await?;
            }
            append(&txn, actor, changes).await?;
            txn.commit().await?;
        }
        Ok(summary)
    }

    /// Create a format, or replace the definition of the one with the same slug.
    pub async fn save_format(&self, actor: &Actor, f: &Format) -> Result<(), StoreError> {
        f.spec.validate().map_err(|e| StoreError::Rejected(e.to_string()))?;
        f.check_validity().map_err(|e| StoreError::Rejected(e.to_string()))?;
        if !Format::valid_slug(&f.slug) {
            return Err(StoreError::Rejected(format!(
                "'{}' is not a slug: use lowercase letters, digits and dashes",
                f.slug
            )));
        }
        let txn = self.writer().begin().await?;
        let frameworks: HashMap<String, i64> =
            framework::Entity::find().all(&txn).await?.into_iter().map(|f| (f.code, f.id)).collect();
        let nation_ids: HashMap<String, i64> =
            nation::Entity::find().all(&txn).await?.into_iter().map(|n| (n.code, n.id)).collect();
        if let Some(p) = f.spec.partners.iter().find(|p| !nation_ids.contains_key(p.as_str())) {
            return Err(StoreError::Rejected(format!("unknown nation {p}")));
        }
        if let Some(c) = f.spec.frameworks.iter().find(|c| !frameworks.contains_key(c.as_str())) {
            return Err(StoreError::Rejected(format!("unknown framework {c}")));
        }
        let mut changes = Vec::new();
        upsert_format(&txn, f, &frameworks, &nation_ids, &mut ImportSummary::default(), &mut changes).await?;
        crate::snapshot::registry_changed(&txn).await?;
        append(&txn, actor, changes).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Rows inserted per statement: well under the bound parameters a statement may carry (32,766 on
/// SQLite, 65,535 on PostgreSQL) for tables of up to a dozen columns.
const INSERT_BATCH: usize = 1000;

/// An audit change whose row is inserted later in a batch, or one that is already complete: the
/// import's changes keep the order of the file.
enum Pending<K> {
    Created(K),
    Done(Change<'static>),
}

async fn import_network<C: ConnectionTrait>(
    db: &C,
    file: &NetworkFile,
    frameworks: &HashMap<String, i64>,
    summary: &mut ImportSummary,
    changes: &mut Changes,
) -> Result<(), StoreError> {
    let existing: HashMap<String, nation::Model> =
        nation::Entity::find().all(db).await?.into_iter().map(|n| (n.code.clone(), n)).collect();
    let mut ids: HashMap<String, i64> = existing.iter().map(|(c, n)| (c.clone(), n.id)).collect();
    // Nations: new ones inserted in batches of INSERT_BATCH, changed ones updated one by one.
    let mut pending: Vec<Pending<String>> = Vec::new();
    let mut new_nations: Vec<nation::ActiveModel> = Vec::new();
    for n in &file.nations {
        let code = n.code.as_str();
        match existing.get(code) {
            None => {
                new_nations.push(nation::ActiveModel {
                    code: Set(code.to_string()),
                    name: Set(n.name.clone()),
                    name_fr: Set(n.name_fr.clone()),
                    kind: Set(n.kind.as_str().to_string()),
                    region: Set(n.region.clone()),
                    created_at: Set(now()),
                    updated_at: Set(now()),
                    ..Default::default()
                });
                pending.push(Pending::Created(code.to_string()));
                summary.nations_added += 1;
            }
            Some(old) => {
                if old.name == n.name
                    && old.name_fr == n.name_fr
                    && old.kind == n.kind.as_str()
                    && old.region == n.region
                {
                    summary.nations_unchanged += 1;
                    continue;
                }
                let mut am = old.clone().into_active_model();
                am.name = Set(n.name.clone());
                am.name_fr = Set(n.name_fr.clone());
                am.kind = Set(n.kind.as_str().to_string());
                am.region = Set(n.region.clone());
                am.updated_at = Set(now());
                let saved = am.update(db).await?;
                summary.nations_updated += 1;
                pending.push(Pending::Done(Change {
                    action: "registry.nation.update",
                    entity: "nation",
                    entity_id: code.to_string(),
                    before: Some(nation_json(old)),
                    after: Some(nation_json(&saved)),
                }));
            }
        }
    }
    let mut created: HashMap<String, nation::Model> = HashMap::new();
    let new_codes: Vec<String> =
        pending.iter().filter_map(|p| if let Pending::Created(c) = p { Some(c.clone()) } else { None }).collect();
    let mut new_nations = new_nations.into_iter().peekable();
    let mut new_codes = new_codes.chunks(INSERT_BATCH);
    while new_nations.peek().is_some() {
        let chunk: Vec<nation::ActiveModel> = new_nations.by_ref().take(INSERT_BATCH).collect();
        let codes = new_codes.next().unwrap_or_default().to_vec();
        nation::Entity::insert_many(chunk).exec(db).await?;
        // Read the new rows back for their ids (no RETURNING on every backend).
        for saved in nation::Entity::find().filter(nation::Column::Code.is_in(codes)).all(db).await? {
            ids.insert(saved.code.clone(), saved.id);
            created.insert(saved.code.clone(), saved);
        }
    }
    for p in pending {
        match p {
            Pending::Done(c) => changes.push(c),
            Pending::Created(code) => {
                let saved = created.get(&code).ok_or_else(|| corrupt("nation (just inserted)", &code))?;
                changes.push(Change {
                    action: "registry.nation.create",
                    entity: "nation",
                    entity_id: code,
                    before: None,
                    after: Some(nation_json(saved)),
                });
            }
        }
    }

    // Memberships: the file is the record for every (nation, framework) pair it mentions.
    let mut wanted: BTreeMap<(i64, i64), Vec<&Membership>> = BTreeMap::new();
    for m in &file.memberships {
        let (Some(&nid), Some(&fid)) = (ids.get(m.nation.as_str()), frameworks.get(m.framework.as_str())) else {
            return Err(StoreError::Rejected(format!("unknown framework {} for {}", m.framework, m.nation)));
        };
        wanted.entry((nid, fid)).or_default().push(m);
    }
    let mut have: BTreeMap<(i64, i64), Vec<membership::Model>> = BTreeMap::new();
    let mut last_id = 0;
    for m in membership::Entity::find().order_by_asc(membership::Column::JoinedOn).all(db).await? {
        last_id = last_id.max(m.id);
        have.entry((m.nation_id, m.framework_id)).or_default().push(m);
    }
    // New periods are inserted in batches once every stale one is deleted; (nation, framework,
    // start) is unique, and names each new row.
    type Key = (i64, i64, chrono::NaiveDate);
    let mut pending: Vec<Pending<Key>> = Vec::new();
    let mut new_periods: Vec<membership::ActiveModel> = Vec::new();
    for ((nid, fid), mut want) in wanted {
        want.sort_by_key(|m| m.joined.first_day());
        let mut old = have.remove(&(nid, fid)).unwrap_or_default();
        // Pair each wanted period with the stored one that starts the same day, then the rest in order.
        let mut pairs: Vec<(&Membership, Option<membership::Model>)> = Vec::new();
        let mut unmatched = Vec::new();
        for w in want {
            match old.iter().position(|o| o.joined_on == w.joined.first_day()) {
                Some(i) => pairs.push((w, Some(old.remove(i)))),
                None => unmatched.push(w),
            }
        }
        let mut leftovers = old.into_iter();
        let mut reassigned = Vec::new();
        for w in unmatched {
            reassigned.push((w, leftovers.next()));
        }
        for stale in leftovers {
            pending.push(Pending::Done(Change {
                action: "registry.membership.delete",
                entity: "membership",
                entity_id: stale.id.to_string(),
                before: Some(membership_json(&stale)),
                after: None,
            }));
            stale.delete(db).await?;
            summary.periods_removed += 1;
        }
        for (w, o) in pairs.into_iter().chain(reassigned) {
            let values = (
                w.kind.as_str().to_string(),
                w.joined.to_string(),
                w.joined.first_day(),
                w.left.map(|l| l.to_string()),
                w.left.map(|l| l.first_day()),
                w.end_reason.map(|r| r.as_str().to_string()),
                w.note.clone(),
            );
            match o {
                Some(o)
                    if (
                        o.kind.clone(),
                        o.joined.clone(),
                        o.joined_on,
                        o.left.clone(),
                        o.left_on,
                        o.end_reason.clone(),
                        o.note.clone(),
                    ) == values =>
                {
                    summary.periods_unchanged += 1;
                }
                Some(o) => {
                    let before = membership_json(&o);
                    let mut am = o.into_active_model();
                    am.kind = Set(values.0);
                    am.joined = Set(values.1);
                    am.joined_on = Set(values.2);
                    am.left = Set(values.3);
                    am.left_on = Set(values.4);
                    am.end_reason = Set(values.5);
                    am.note = Set(values.6);
                    let saved = am.update(db).await?;
                    summary.periods_updated += 1;
                    pending.push(Pending::Done(Change {
                        action: "registry.membership.update",
                        entity: "membership",
                        entity_id: saved.id.to_string(),
                        before: Some(before),
                        after: Some(membership_json(&saved)),
                    }));
                }
                None => {
                    pending.push(Pending::Created((nid, fid, values.2)));
                    new_periods.push(membership::ActiveModel {
                        nation_id: Set(nid),
                        framework_id: Set(fid),
                        kind: Set(values.0),
                        joined: Set(values.1),
                        joined_on: Set(values.2),
                        left: Set(values.3),
                        left_on: Set(values.4),
                        end_reason: Set(values.5),
                        note: Set(values.6),
                        ..Default::default()
                    });
                    summary.periods_added += 1;
                }
            }
        }
    }
    let mut created: HashMap<Key, membership::Model> = HashMap::new();
    if !new_periods.is_empty() {
        let mut new_periods = new_periods.into_iter().peekable();
        while new_periods.peek().is_some() {
            let chunk: Vec<membership::ActiveModel> = new_periods.by_ref().take(INSERT_BATCH).collect();
            membership::Entity::insert_many(chunk).exec(db).await?;
        }
        // Read the new rows back for their ids: every id handed out now is above the last one seen.
        for saved in membership::Entity::find().filter(membership::Column::Id.gt(last_id)).all(db).await? {
            created.insert((saved.nation_id, saved.framework_id, saved.joined_on), saved);
        }
    }
    for p in pending {
        match p {
            Pending::Done(c) => changes.push(c),
            Pending::Created(key) => {
                let saved = created.remove(&key).ok_or_else(|| corrupt("membership (just inserted)", key.0))?;
                changes.push(Change {
                    action: "registry.membership.create",
                    entity: "membership",
                    entity_id: saved.id.to_string(),
                    before: None,
                    after: Some(membership_json(&saved)),
                });
            }
        }
    }
    Ok(())
}

async fn import_sizes<C: ConnectionTrait>(
    db: &C,
    rows: &[SizeRow],
    summary: &mut ImportSummary,
    changes: &mut Changes,
) -> Result<(), StoreError> {
    let mut nations: HashMap<String, nation::Model> =
        nation::Entity::find().all(db).await?.into_iter().map(|n| (n.code.clone(), n)).collect();
    for r in rows {
        let Some(n) = nations.remove(r.code.as_str()) else {
            continue;
        };
        let same = n.population_millions == Some(r.size.population_millions)
            && n.gdp_usd_billions == Some(r.size.gdp_usd_billions)
            && n.size_year == Some(r.size.year)
            && n.size_source.as_deref() == Some(r.size.source.as_str());
        if same {
            summary.sizes_unchanged += 1;
            continue;
        }
        let before = serde_json::json!({ "population_millions": n.population_millions, "gdp_usd_billions": n.gdp_usd_billions, "year": n.size_year });
        let mut am = n.into_active_model();
        am.population_millions = Set(Some(r.size.population_millions));
        am.gdp_usd_billions = Set(Some(r.size.gdp_usd_billions));
        am.size_year = Set(Some(r.size.year));
        am.size_source = Set(Some(r.size.source.clone()));
        am.updated_at = Set(now());
        am.update(db).await?;
        summary.sizes_updated += 1;
        changes.push(Change {
            action: "registry.size.update",
            entity: "nation",
            entity_id: r.code.to_string(),
            before: Some(before),
            after: Some(serde_json::json!({ "population_millions": r.size.population_millions, "gdp_usd_billions": r.size.gdp_usd_billions, "year": r.size.year })),
        });
    }
    Ok(())
}

async fn import_groupings<C: ConnectionTrait>(
    db: &C,
    rows: &[GroupingRow],
    nation_ids: &HashMap<String, i64>,
    summary: &mut ImportSummary,
    changes: &mut Changes,
) -> Result<(), StoreError> {
    for r in rows {
        let g = &r.grouping;
        let existing = grouping::Entity::find().filter(grouping::Column::Code.eq(g.code.as_str())).one(db).await?;
        let wanted: HashSet<i64> = g.members.iter().filter_map(|m| nation_ids.get(m.as_str()).copied()).collect();
        let (id, mut changed, added) = match existing {
            None => {
                let saved = grouping::ActiveModel {
                    code: Set(g.code.clone()),
                    name: Set(g.name.clone()),
                    name_fr: Set(g.name_fr.clone()),
                    kind: Set(g.kind.clone()),
                    note: Set(g.note.clone()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                (saved.id, false, true)
            }
            Some(old) => {
                let same = old.name == g.name && old.name_fr == g.name_fr && old.kind == g.kind && old.note == g.note;
                let id = old.id;
                if !same {
                    let mut am = old.into_active_model();
                    am.name = Set(g.name.clone());
                    am.name_fr = Set(g.name_fr.clone());
                    am.kind = Set(g.kind.clone());
                    am.note = Set(g.note.clone());
                    am.update(db).await?;
                }
                (id, !same, false)
            }
        };
        let have: HashSet<i64> = grouping_member::Entity::find()
            .filter(grouping_member::Column::GroupingId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.nation_id)
            .collect();
        for gone in have.difference(&wanted) {
            grouping_member::Entity::delete_many()
                .filter(grouping_member::Column::GroupingId.eq(id))
                .filter(grouping_member::Column::NationId.eq(*gone))
                .exec(db)
                .await?;
            changed = true;
        }
        for new in wanted.difference(&have) {
            grouping_member::ActiveModel { grouping_id: Set(id), nation_id: Set(*new) }.insert(db).await?;
            changed = true;
        }
        match (added, changed) {
            (true, _) => summary.groupings_added += 1,
            (false, true) => summary.groupings_updated += 1,
            (false, false) => summary.groupings_unchanged += 1,
        }
        if added || changed {
            changes.push(Change {
                action: if added { "registry.grouping.create" } else { "registry.grouping.update" },
                entity: "grouping",
                entity_id: g.code.clone(),
                before: None,
                after: Some(serde_json::to_value(g).unwrap_or_default()),
            });
        }
    }
    Ok(())
}

async fn upsert_format<C: ConnectionTrait>(
    db: &C,
    f: &Format,
    frameworks: &HashMap<String, i64>,
    nation_ids: &HashMap<String, i64>,
    summary: &mut ImportSummary,
    changes: &mut Changes,
) -> Result<(), StoreError> {
    let existing = format::Entity::find().filter(format::Column::Slug.eq(f.slug.as_str())).one(db).await?;
    let want_fw: HashSet<i64> = f.spec.frameworks.iter().filter_map(|c| frameworks.get(c.as_str()).copied()).collect();
    let want_p: HashSet<i64> = f.spec.partners.iter().filter_map(|c| nation_ids.get(c.as_str()).copied()).collect();
    let (id, mut changed, added) = match existing {
        None => {
            let saved = format::ActiveModel {
                slug: Set(f.slug.clone()),
                name: Set(f.name.clone()),
                name_fr: Set(f.name_fr.clone()),
                description: Set(f.description.clone()),
                description_fr: Set(f.description_fr.clone()),
                include_allies: Set(f.spec.include_allies),
                created_at: Set(now()),
                valid_from: Set(f.valid_from),
                valid_to: Set(f.valid_to),
                ..Default::default()
            }
            .insert(db)
            .await?;
            (saved.id, false, true)
        }
        Some(old) => {
            let same = old.name == f.name
                && old.name_fr == f.name_fr
                && old.description == f.description
                && old.description_fr == f.description_fr
                && old.include_allies == f.spec.include_allies
                && old.valid_from == f.valid_from
                && old.valid_to == f.valid_to;
            let id = old.id;
            if !same {
                let mut am = old.into_active_model();
                am.name = Set(f.name.clone());
                am.name_fr = Set(f.name_fr.clone());
                am.description = Set(f.description.clone());
                am.description_fr = Set(f.description_fr.clone());
                am.include_allies = Set(f.spec.include_allies);
                am.valid_from = Set(f.valid_from);
                am.valid_to = Set(f.valid_to);
                am.update(db).await?;
            }
            (id, !same, false)
        }
    };
    let have_fw: HashSet<i64> = format_framework::Entity::find()
        .filter(format_framework::Column::FormatId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|x| x.framework_id)
        .collect();
    if have_fw != want_fw {
        format_framework::Entity::delete_many().filter(format_framework::Column::FormatId.eq(id)).exec(db).await?;
        for fid in &want_fw {
            format_framework::ActiveModel { format_id: Set(id), framework_id: Set(*fid) }.insert(db).await?;
        }
        changed = true;
    }
    let have_p: HashSet<i64> = format_partner::Entity::find()
        .filter(format_partner::Column::FormatId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|x| x.nation_id)
        .collect();
    if have_p != want_p {
        format_partner::Entity::delete_many().filter(format_partner::Column::FormatId.eq(id)).exec(db).await?;
        for nid in &want_p {
            format_partner::ActiveModel { format_id: Set(id), nation_id: Set(*nid) }.insert(db).await?;
        }
        changed = true;
    }
    match (added, changed) {
        (true, _) => summary.formats_added += 1,
        (false, true) => summary.formats_updated += 1,
        (false, false) => summary.formats_unchanged += 1,
    }
    if added || changed {
        changes.push(Change {
            action: if added { "registry.format.create" } else { "registry.format.update" },
            entity: "format",
            entity_id: f.slug.clone(),
            before: None,
            after: Some(serde_json::to_value(f).unwrap_or_default()),
        });
    }
    Ok(())
}

/// The registry's edits made one at a time (a form, the API), each with the domain's permit, its
/// audit entries and the registry's version moved in one transaction.
impl crate::Scoped {
    /// The permit must be this caller's and for `kind` (`action` when one is expected).
    fn check_registry_permit(&self, permit: &Permit, kind: &str, id: i64) -> Result<Actor, StoreError> {
        let principal = self.principal().filter(|p| p.user_id == permit.user_id());
        let fits = if id == 0 { permit.creates(kind) } else { permit.covers(kind, id) };
        match principal {
            Some(p) if fits => Ok(Actor::from_principal(p)),
            _ => Err(StoreError::Unpermitted(format!(
                "a permit for {} #{} ({}) does not allow writing {kind} #{id} for this caller",
                permit.subject().kind,
                permit.subject().id,
                permit.action()
            ))),
        }
    }

    /// Write a change to the network the domain checked (see `entente_domain::registry::edit`)
    /// against the registry as of version `checked_on`. The registry's version moves only from
    /// that one: when another write came first, the change was checked against a registry that no
    /// longer stands, and nothing is written (a conflict; check it again on the registry as it now
    /// is, [`Scoped::registry_now`]).
    pub async fn write_network(&self, permit: Permit, write: &NetworkWrite, checked_on: i64) -> Result<(), StoreError> {
        let kind = match write {
            NetworkWrite::AddNation { .. } => "nation",
            NetworkWrite::AddPeriod { .. } | NetworkWrite::EndPeriod { .. } => "membership",
        };
        let actor = self.check_registry_permit(&permit, kind, 0)?;
        let txn = self.store().writer().begin().await?;
        if !crate::snapshot::registry_changed_from(&txn, checked_on).await? {
            txn.rollback().await?;
            return Err(StoreError::Conflict { entity: "registry", id: 0 });
        }
        let frameworks: HashMap<String, i64> =
            framework::Entity::find().all(&txn).await?.into_iter().map(|f| (f.code, f.id)).collect();
        let framework_id = |m: &Membership| {
            frameworks
                .get(m.framework.as_str())
                .copied()
                .ok_or_else(|| StoreError::Rejected(format!("unknown framework {}", m.framework)))
        };
        let mut changes: Changes = Vec::new();
        let nation = match write {
            NetworkWrite::AddNation { nation, .. }
            | NetworkWrite::AddPeriod { nation, .. }
            | NetworkWrite::EndPeriod { nation, .. } => nation,
        };
        let stored = nation::Entity::find().filter(nation::Column::Code.eq(nation.code.as_str())).one(&txn).await?;
        let nation_id = match (write, stored) {
            (NetworkWrite::AddNation { .. }, Some(_)) => {
                txn.rollback().await?;
                return Err(StoreError::Conflict { entity: "registry", id: 0 });
            }
            (NetworkWrite::AddNation { .. }, None) => {
                let saved = nation::ActiveModel {
                    code: Set(nation.code.to_string()),
                    name: Set(nation.name.clone()),
                    name_fr: Set(nation.name_fr.clone()),
                    kind: Set(nation.kind.as_str().to_string()),
                    region: Set(nation.region.clone()),
                    created_at: Set(now()),
                    updated_at: Set(now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                changes.push(Change {
                    action: "registry.nation.create",
                    entity: "nation",
                    entity_id: nation.code.to_string(),
                    before: None,
                    after: Some(nation_json(&saved)),
                });
                saved.id
            }
            (_, None) => return Err(StoreError::NotFound),
            (_, Some(old)) => {
                let id = old.id;
                if old.name != nation.name
                    || old.name_fr != nation.name_fr
                    || old.kind != nation.kind.as_str()
                    || old.region != nation.region
                {
                    let before = nation_json(&old);
                    let mut am = old.into_active_model();
                    am.name = Set(nation.name.clone());
                    am.name_fr = Set(nation.name_fr.clone());
                    am.kind = Set(nation.kind.as_str().to_string());
                    am.region = Set(nation.region.clone());
                    am.updated_at = Set(now());
                    let saved = am.update(&txn).await?;
                    changes.push(Change {
                        action: "registry.nation.update",
                        entity: "nation",
                        entity_id: nation.code.to_string(),
                        before: Some(before),
                        after: Some(nation_json(&saved)),
                    });
                }
                id
            }
        };
        match write {
            NetworkWrite::AddNation { period, .. } | NetworkWrite::AddPeriod { period, .. } => {
                let saved = membership::ActiveModel {
                    nation_id: Set(nation_id),
                    framework_id: Set(framework_id(period)?),
                    kind: Set(period.kind.as_str().to_string()),
                    joined: Set(period.joined.to_string()),
                    joined_on: Set(period.joined.first_day()),
                    left: Set(period.left.map(|l| l.to_string())),
                    left_on: Set(period.left.map(|l| l.first_day())),
                    end_reason: Set(period.end_reason.map(|r| r.as_str().to_string())),
                    note: Set(period.note.clone()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                changes.push(Change {
                    action: if kind == "nation" { "registry.membership.joined" } else { permit.action() },
                    entity: "membership",
                    entity_id: saved.id.to_string(),
                    before: None,
                    after: Some(serde_json::json!({ "nation": nation.code, "framework": period.framework, "period": membership_json(&saved) })),
                });
            }
            NetworkWrite::EndPeriod { before, after, .. } => {
                let row = membership::Entity::find()
                    .filter(membership::Column::NationId.eq(nation_id))
                    .filter(membership::Column::FrameworkId.eq(framework_id(before)?))
                    .filter(membership::Column::JoinedOn.eq(before.joined.first_day()))
                    .filter(membership::Column::LeftOn.is_null())
                    .one(&txn)
                    .await?;
                let Some(row) = row else {
                    txn.rollback().await?;
                    return Err(StoreError::Conflict { entity: "registry", id: 0 });
                };
                let old = membership_json(&row);
                let mut am = row.into_active_model();
                am.left = Set(after.left.map(|l| l.to_string()));
                am.left_on = Set(after.left.map(|l| l.first_day()));
                am.end_reason = Set(after.end_reason.map(|r| r.as_str().to_string()));
                am.note = Set(after.note.clone());
                let saved = am.update(&txn).await?;
                changes.push(Change {
                    action: permit.action(),
                    entity: "membership",
                    entity_id: saved.id.to_string(),
                    before: Some(serde_json::json!({ "nation": nation.code, "framework": before.framework, "period": old })),
                    after: Some(serde_json::json!({ "nation": nation.code, "framework": after.framework, "period": membership_json(&saved) })),
                });
            }
        }
        append(&txn, &actor, changes).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Add a checked point of contact to a nation, released under `marking`.
    pub async fn add_contact(
        &self,
        permit: Permit,
        code: &NationCode,
        c: CheckedContact,
        marking: &entente_domain::access::Marking,
    ) -> Result<Contact, StoreError> {
        let actor = self.check_registry_permit(&permit, "contact", 0)?;
        insert_contact(self.store(), &actor, code, c, marking).await
    }

    /// Change a point of contact of `code` (its marking stays). Another nation's contact, or one
    /// this caller may not see, is not found.
    pub async fn update_contact(
        &self,
        permit: Permit,
        code: &NationCode,
        id: i64,
        c: CheckedContact,
    ) -> Result<Contact, StoreError> {
        let actor = self.check_registry_permit(&permit, "contact", id)?;
        let txn = self.store().writer().begin().await?;
        let row = self.own_contact(&txn, code, id).await?;
        let before = contact_json(code, &row);
        let mut am = row.into_active_model();
        am.name = Set(c.name);
        am.role = Set(c.role);
        am.email = Set(c.email);
        am.phone = Set(c.phone);
        let saved = am.update(&txn).await?;
        let change = Change {
            action: permit.action(),
            entity: "contact",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(contact_json(code, &saved)),
        };
        append(&txn, &actor, vec![change]).await?;
        txn.commit().await?;
        Ok(Contact {
            id,
            nation: code.clone(),
            name: saved.name,
            role: saved.role,
            email: saved.email,
            phone: saved.phone,
        })
    }

    /// Remove a point of contact of `code`.
    pub async fn remove_contact(&self, permit: Permit, code: &NationCode, id: i64) -> Result<(), StoreError> {
        let actor = self.check_registry_permit(&permit, "contact", id)?;
        let txn = self.store().writer().begin().await?;
        let row = self.own_contact(&txn, code, id).await?;
        let before = contact_json(code, &row);
        row.delete(&txn).await?;
        let change = Change {
            action: permit.action(),
            entity: "contact",
            entity_id: id.to_string(),
            before: Some(before),
            after: None,
        };
        append(&txn, &actor, vec![change]).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Contact `id` of nation `code`, if this caller may see it.
    async fn own_contact<C: ConnectionTrait>(
        &self,
        db: &C,
        code: &NationCode,
        id: i64,
    ) -> Result<contact::Model, StoreError> {
        let n = nation::Entity::find()
            .filter(nation::Column::Code.eq(code.as_str()))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        contact::Entity::find_by_id(id)
            .filter(contact::Column::NationId.eq(n.id))
            .filter(self.visible((contact::Entity, contact::Column::MarkingId)))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)
    }
}

/// Store a checked point of contact with its marking and its audit entry, in one transaction.
async fn insert_contact(
    store: &Store,
    actor: &Actor,
    code: &NationCode,
    c: CheckedContact,
    marking: &entente_domain::access::Marking,
) -> Result<Contact, StoreError> {
    let txn = store.writer().begin().await?;
    let Some(n) = nation::Entity::find().filter(nation::Column::Code.eq(code.as_str())).one(&txn).await? else {
        return Err(StoreError::Rejected(format!("unknown nation {code}")));
    };
    let marking_id = crate::access::insert_marking(&txn, marking).await?;
    let saved = contact::ActiveModel {
        nation_id: Set(n.id),
        name: Set(c.name),
        role: Set(c.role),
        email: Set(c.email),
        phone: Set(c.phone),
        created_at: Set(now()),
        marking_id: Set(Some(marking_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut after = contact_json(code, &saved);
    after["marking"] = serde_json::to_value(marking).unwrap_or_default();
    append(
        &txn,
        actor,
        vec![Change {
            action: "contact.create",
            entity: "contact",
            entity_id: saved.id.to_string(),
            before: None,
            after: Some(after),
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(Contact {
        id: saved.id,
        nation: code.clone(),
        name: saved.name,
        role: saved.role,
        email: saved.email,
        phone: saved.phone,
    })
}

fn contact_json(code: &NationCode, c: &contact::Model) -> serde_json::Value {
    serde_json::json!({ "nation": code, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone })
}

impl crate::Scoped {
    /// The registry as committed now (after this caller's own write, say), from memory when it has
    /// not changed.
    pub async fn registry_now(&self) -> Result<std::sync::Arc<crate::snapshot::Registry>, StoreError> {
        self.store().registry().await
    }
}
