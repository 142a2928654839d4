//! Joint detection's data: imported event data (import history, cells with daily counters, top
//! contributing events per cell and week, fused curated incidents) and the alerts raised over it.
//!
//! An import is one transaction ([`Store::commit_event_import`]): the fingerprint is claimed, the
//! counts are added, the top lists merged, the incidents replaced and the import row settled
//! together — a process killed half-way leaves the data exactly as before, and its import row,
//! written `running` when it started ([`Store::begin_event_import`]), is settled as failed at the
//! next start or listing of the imports, once it has been silent for a minute
//! ([`Store::settle_interrupted_imports`]). Raw event rows are never stored.
//!
//! Detection reads weekly sums, one row per cell with its weeks packed (`event_series`, written by
//! each import beside the daily counters, [`series`]), and only for the cells with events recent
//! enough to alarm ([`Store::detection_weeks`]). Alerts built from open data are visible to every
//! signed-in account ([`Scoped::alerts`]); their state moves only with the domain's permit.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entente_domain::access::Permit;
use entente_domain::warning::{AlertState, AlertStatus, subject};
use entente_warning::alert::Alert;
use entente_warning::country::Iso3;
use entente_warning::date::Day;
use entente_warning::event_ids::IdRanges;
use entente_warning::fusion::{Fuser, Incident};
use entente_warning::ingest::Imported;
use entente_warning::series::{CellKey, Counts, EventRef, TOP_K, push_top};
use entente_warning::store::Store as Detection;
use entente_warning::{Category, Layer};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, OnConflict, Order, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, QueryResult, TransactionTrait};
use serde::Serialize;

pub(crate) mod series;

use crate::access::Scoped;
use crate::audit::{Actor, Change, append};
use crate::registry::now;
use crate::{Store, StoreError};

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn excluded(c: &str) -> SimpleExpr {
    Expr::col((a("excluded"), a(c)))
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("stored event data: bad {what}")))
}

/// One import as the imports list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EventImport {
    pub id: i64,
    pub file: String,
    pub format: Option<String>,
    /// `running`, `done` or `failed`.
    pub state: String,
    pub bytes: i64,
    pub bytes_read: i64,
    pub rows_ok: i64,
    pub rows_skipped: i64,
    pub error: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub started_by: String,
}

/// A stored alert.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAlert {
    pub id: i64,
    pub detector: String,
    pub cell_id: i64,
    pub cell: CellKey,
    pub week: i32,
    pub week_start: Day,
    pub observed: f64,
    pub expected: f64,
    pub threshold: f64,
    pub score: f64,
    pub fatalities: f64,
    pub top_events: Vec<EventRef>,
    /// `open`: built from imported open data only.
    pub basis: String,
    pub state: AlertState,
    pub reason: Option<String>,
    /// The consultation request filed on it, if any.
    pub request_id: Option<i64>,
    /// The meeting drafted on it, if any.
    pub meeting_id: Option<i64>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub detected_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl StoredAlert {
    pub fn status(&self) -> AlertStatus {
        AlertStatus { id: self.id, state: self.state, reason: self.reason.clone(), version: self.version }
    }
}

/// Which alerts to list.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Any of these countries (empty: all).
    pub countries: Vec<Iso3>,
    pub category: Option<Category>,
    pub state: Option<AlertState>,
    /// Only open alerts (new or acknowledged).
    pub open: bool,
    pub detector: Option<String>,
    /// Country cells only (no admin1 cells).
    pub country_level: bool,
    /// Alerts on or after this week's Monday.
    pub from: Option<Day>,
    /// Alerts on or before this day's week.
    pub to: Option<Day>,
    pub limit: Option<u64>,
    /// Continue after this alert (the list is ordered by week, newest first, then id).
    pub after: Option<(Day, i64)>,
}

/// One week of a cell's series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekCount {
    pub week: i32,
    pub events: i64,
    pub fatalities: i64,
}

/// How an import ended when it was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportEnd {
    Done,
    Failed,
}

const COUNT_BATCH: usize = 2000;

async fn cell_ids<C: ConnectionTrait>(db: &C, keys: &[&CellKey]) -> Result<HashMap<CellKey, i64>, StoreError> {
    let mut out = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(500) {
        let mut ins = Query::insert();
        ins.into_table(a("event_cell")).columns([a("layer"), a("country"), a("admin1"), a("category")]);
        for k in chunk {
            ins.values([
                k.layer.as_str().into(),
                k.country.as_str().into(),
                k.admin1.clone().into(),
                k.category.as_str().into(),
            ])
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
        }
        ins.on_conflict(
            OnConflict::columns([a("layer"), a("country"), a("admin1"), a("category")]).do_nothing().to_owned(),
        );
        db.execute(&ins).await?;
    }
    // Read the ids back per country (few statements, bounded parameters).
    for (id, key) in cells_of_countries(db, keys.iter().copied()).await? {
        out.insert(key, id);
    }
    Ok(out)
}

/// Every cell (id and key) of the countries of `keys`, read per country in bounded statements.
async fn cells_of_countries<'k, C: ConnectionTrait>(
    db: &C,
    keys: impl Iterator<Item = &'k CellKey>,
) -> Result<Vec<(i64, CellKey)>, StoreError> {
    let mut countries: Vec<&str> = keys.map(|k| k.country.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    let mut out = Vec::new();
    for chunk in countries.chunks(200) {
        let q = Query::select()
            .columns([a("id"), a("layer"), a("country"), a("admin1"), a("category")])
            .from(a("event_cell"))
            .and_where(Expr::col(a("country")).is_in(chunk.iter().map(|c| c.to_string())))
            .to_owned();
        for row in db.query_all(&q).await? {
            out.push(cell_of(&row)?);
        }
    }
    Ok(out)
}

fn cell_of(row: &QueryResult) -> Result<(i64, CellKey), StoreError> {
    let id: i64 = row.try_get("", "id")?;
    let layer: String = row.try_get("", "layer")?;
    let country: String = row.try_get("", "country")?;
    let category: String = row.try_get("", "category")?;
    Ok((
        id,
        CellKey {
            layer: layer.parse::<Layer>().map_err(|_| corrupt("layer"))?,
            country: country.parse::<Iso3>().map_err(|_| corrupt("country"))?,
            admin1: row.try_get("", "admin1")?,
            category: category.parse::<Category>().map_err(|_| corrupt("category"))?,
        },
    ))
}

async fn load_cells<C: ConnectionTrait>(db: &C) -> Result<HashMap<i64, CellKey>, StoreError> {
    let q = Query::select()
        .columns([a("id"), a("layer"), a("country"), a("admin1"), a("category")])
        .from(a("event_cell"))
        .to_owned();
    let mut out = HashMap::new();
    for row in db.query_all(&q).await? {
        let (id, key) = cell_of(&row)?;
        out.insert(id, key);
    }
    Ok(out)
}

/// The top events of the weeks from `from` on, of the cells in `cells` (others are left out).
async fn load_top_from<C: ConnectionTrait>(
    db: &C,
    from: i32,
    cells: &HashMap<i64, CellKey>,
) -> Result<Vec<((CellKey, i32), Vec<EventRef>)>, StoreError> {
    let q = Query::select()
        .columns([a("cell_id"), a("week"), a("events")])
        .from(a("event_top"))
        .and_where(Expr::col(a("week")).gte(from))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&q).await? {
        let cell: i64 = row.try_get("", "cell_id")?;
        let Some(key) = cells.get(&cell) else {
            continue;
        };
        let week: i32 = row.try_get("", "week")?;
        let body: String = row.try_get("", "events")?;
        let refs: Vec<EventRef> = serde_json::from_str(&body).map_err(|_| corrupt("top events"))?;
        out.push(((key.clone(), week), refs));
    }
    Ok(out)
}

fn import_of(row: &QueryResult) -> Result<EventImport, StoreError> {
    Ok(EventImport {
        id: row.try_get("", "id")?,
        file: row.try_get("", "file")?,
        format: row.try_get("", "format")?,
        state: row.try_get("", "state")?,
        bytes: row.try_get("", "bytes")?,
        bytes_read: row.try_get("", "bytes_read")?,
        rows_ok: row.try_get("", "rows_ok")?,
        rows_skipped: row.try_get("", "rows_skipped")?,
        error: row.try_get("", "error")?,
        started_at: row.try_get("", "started_at")?,
        finished_at: row.try_get("", "finished_at")?,
        started_by: row.try_get("", "started_by")?,
    })
}

const IMPORT_COLUMNS: [&str; 12] = [
    "id",
    "file",
    "format",
    "state",
    "bytes",
    "bytes_read",
    "rows_ok",
    "rows_skipped",
    "error",
    "started_at",
    "finished_at",
    "started_by",
];

/// How often a running import says it is alive.
pub const IMPORT_HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a running import may stay silent before it counts as interrupted: six heartbeats.
pub const IMPORT_SILENCE: std::time::Duration = std::time::Duration::from_secs(60);

impl Store {
    /// Record that an import starts (state `running`, audited as `events.import_started`);
    /// refuses a file counted before, naming it.
    pub async fn begin_event_import(
        &self,
        file: &str,
        fingerprint: &str,
        bytes: u64,
        started_by: &Actor,
    ) -> Result<i64, StoreError> {
        if let Some(prev) = self.imported_fingerprint(fingerprint).await? {
            return Err(already(file, &prev));
        }
        let q = Query::insert()
            .into_table(a("event_import"))
            .columns([
                a("fingerprint"),
                a("file"),
                a("state"),
                a("bytes"),
                a("started_at"),
                a("started_by"),
                a("heartbeat_at"),
            ])
            .values([
                fingerprint.into(),
                file.into(),
                "running".into(),
                (bytes as i64).into(),
                now().into(),
                started_by.name.clone().into(),
                now().into(),
            ])
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .returning_col(a("id"))
            .to_owned();
        let txn = self.writer().begin().await?;
        let row = txn.query_one(&q).await?.ok_or_else(|| corrupt("import id"))?;
        let id: i64 = row.try_get("", "id")?;
        append(
            &txn,
            started_by,
            vec![Change {
                action: "events.import_started",
                entity: "event_import",
                entity_id: id.to_string(),
                before: None,
                after: Some(serde_json::json!({ "file": file, "bytes": bytes })),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    async fn imported_fingerprint(&self, fingerprint: &str) -> Result<Option<EventImport>, StoreError> {
        let q = Query::select()
            .columns(IMPORT_COLUMNS.map(|c| (a("event_import"), a(c))))
            .from(a("event_fingerprint"))
            .inner_join(
                a("event_import"),
                Expr::col((a("event_import"), a("id"))).equals((a("event_fingerprint"), a("import_id"))),
            )
            .and_where(Expr::col((a("event_fingerprint"), a("fingerprint"))).eq(fingerprint))
            .to_owned();
        match self.reader().query_one(&q).await? {
            Some(row) => Ok(Some(import_of(&row)?)),
            None => Ok(None),
        }
    }

    /// How far a running import has read (for the progress shown on the imports list).
    pub async fn event_import_progress(&self, id: i64, bytes_read: u64) -> Result<(), StoreError> {
        let q = Query::update()
            .table(a("event_import"))
            .value(a("bytes_read"), bytes_read as i64)
            .and_where(Expr::col(a("id")).eq(id))
            .and_where(Expr::col(a("state")).eq("running"))
            .to_owned();
        self.writer().execute(&q).await?;
        Ok(())
    }

    /// Settle an import that failed before anything was written, with its reason.
    pub async fn fail_event_import(&self, id: i64, error: &str) -> Result<(), StoreError> {
        let q = Query::update()
            .table(a("event_import"))
            .value(a("state"), "failed")
            .value(a("error"), error)
            .value(a("finished_at"), now())
            .and_where(Expr::col(a("id")).eq(id))
            .and_where(Expr::col(a("state")).eq("running"))
            .to_owned();
        self.writer().execute(&q).await?;
        Ok(())
    }

    /// The running import `id` is alive: its process says so every [`IMPORT_HEARTBEAT`].
    pub async fn event_import_heartbeat(&self, id: i64) -> Result<(), StoreError> {
        let q = Query::update()
            .table(a("event_import"))
            .value(a("heartbeat_at"), now())
            .and_where(Expr::col(a("id")).eq(id))
            .and_where(Expr::col(a("state")).eq("running"))
            .to_owned();
        self.writer().execute(&q).await?;
        Ok(())
    }

    /// Imports still `running` whose process has said nothing for [`IMPORT_SILENCE`] were
    /// interrupted (the process stopped); nothing of them was kept: settle them as failed. An
    /// import another process is still running (the CLI beside a server, a second server on the
    /// same database) keeps saying it is alive and is left alone. Called at start and when the
    /// imports are listed. Returns how many were settled.
    pub async fn settle_interrupted_imports(&self) -> Result<u64, StoreError> {
        self.settle_interrupted_imports_at(now()).await
    }

    /// [`Store::settle_interrupted_imports`] as the clock reads `at`.
    pub async fn settle_interrupted_imports_at(&self, at: DateTime<Utc>) -> Result<u64, StoreError> {
        let silent_since = at - chrono::Duration::from_std(IMPORT_SILENCE).unwrap_or(chrono::Duration::MAX);
        let q = Query::update()
            .table(a("event_import"))
            .value(a("state"), "failed")
            .value(a("error"), "interrupted: the process stopped before the import finished; nothing of it was kept")
            .value(a("finished_at"), now())
            .and_where(Expr::col(a("state")).eq("running"))
            .and_where(
                Expr::col(a("heartbeat_at"))
                    .lt(silent_since)
                    .or(Expr::col(a("heartbeat_at")).is_null().and(Expr::col(a("started_at")).lt(silent_since))),
            )
            .to_owned();
        Ok(self.writer().execute(&q).await?.rows_affected())
    }

    /// The imports, newest first. An import whose process stopped while this one runs is
    /// settled as failed first (see [`Store::settle_interrupted_imports`]), so the list never
    /// shows it running for ever.
    pub async fn event_imports(&self, limit: u64) -> Result<Vec<EventImport>, StoreError> {
        let q = Query::select()
            .columns(IMPORT_COLUMNS.map(a))
            .from(a("event_import"))
            .order_by(a("id"), Order::Desc)
            .limit(limit)
            .to_owned();
        let list: Vec<EventImport> =
            self.reader().query_all(&q).await?.iter().map(import_of).collect::<Result<_, _>>()?;
        // Only a list that shows a running import may need settling: no write otherwise.
        if list.iter().any(|i| i.state == "running") && self.settle_interrupted_imports().await? > 0 {
            return self.reader().query_all(&q).await?.iter().map(import_of).collect();
        }
        Ok(list)
    }

    pub async fn event_import(&self, id: i64) -> Result<EventImport, StoreError> {
        let q = Query::select()
            .columns(IMPORT_COLUMNS.map(a))
            .from(a("event_import"))
            .and_where(Expr::col(a("id")).eq(id))
            .to_owned();
        import_of(&self.reader().query_one(&q).await?.ok_or(StoreError::NotFound)?)
    }

    /// The fused incidents stored for a country (what fusion matches new curated events against).
    pub async fn incidents_of(&self, country: Iso3) -> Result<Vec<Incident>, StoreError> {
        let q = Query::select()
            .column(a("body"))
            .from(a("event_incident"))
            .and_where(Expr::col(a("country")).eq(country.as_str()))
            .order_by(a("incident"), Order::Asc)
            .to_owned();
        let mut out = Vec::new();
        for row in self.reader().query_all(&q).await? {
            let body: String = row.try_get("", "body")?;
            out.push(serde_json::from_str(&body).map_err(|_| corrupt("incident"))?);
        }
        Ok(out)
    }

    /// The GDELT event ids imports of `format` (`gdelt1`, `gdelt2`) have counted.
    pub async fn counted_event_ids(&self, format: &str) -> Result<IdRanges, StoreError> {
        counted_ids(self.reader(), format).await
    }

    /// Write what an import brought, in one transaction, and settle its row as done.
    pub async fn commit_event_import(
        &self,
        import_id: i64,
        imported: &Imported,
        fuser: &Fuser,
        actor: &Actor,
        action: &str,
    ) -> Result<(), StoreError> {
        let txn = self.writer().begin().await?;
        // Claim the file's fingerprint, then its content's: a second import of the same file, or of
        // the same data under another name or compression, fails here, whoever got first.
        let claims: [(&String, Refusal); 2] = [(&imported.fingerprint, already), (&imported.content, already_content)];
        for (fingerprint, refusal) in claims {
            let claim = Query::insert()
                .into_table(a("event_fingerprint"))
                .columns([a("fingerprint"), a("import_id")])
                .values([fingerprint.clone().into(), import_id.into()])
                .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
                .on_conflict(OnConflict::column(a("fingerprint")).do_nothing().to_owned())
                .to_owned();
            if txn.execute(&claim).await?.rows_affected() != 1 {
                drop(txn);
                let prev = self.imported_fingerprint(fingerprint).await?;
                return Err(match prev {
                    Some(p) => refusal(&imported.report.file, &p),
                    None => StoreError::Rejected("this file is being imported by another run".into()),
                });
            }
        }
        // Record the GDELT events counted; an import of the same events that committed while this
        // one ran (it could not skip what it did not see yet) makes this one refused, to re-run.
        if !imported.event_ids.is_empty() {
            let format = imported.report.format.as_str();
            if counted_ids(&txn, format).await?.overlaps(&imported.event_ids) {
                drop(txn);
                return Err(StoreError::Rejected(format!(
                    "{}: some of its events were counted by an import that finished while this one ran; import it again to count only the others",
                    imported.report.file
                )));
            }
            for chunk in imported.event_ids.ranges().chunks(500) {
                let mut ins = Query::insert();
                ins.into_table(a("event_id_range")).columns([a("source"), a("first_id"), a("last_id"), a("import_id")]);
                for (first, last) in chunk {
                    ins.values([format.into(), (*first as i64).into(), (*last as i64).into(), import_id.into()])
                        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
                }
                txn.execute(&ins).await?;
            }
        }
        let tally = &imported.tally;
        let mut keys: Vec<&CellKey> = tally.days.keys().chain(tally.top.keys().map(|(k, _)| k)).collect();
        for l in &imported.links {
            keys.extend(l.cells.iter());
        }
        keys.sort_unstable();
        keys.dedup();
        let ids = cell_ids(&txn, &keys).await?;
        let id_of = |k: &CellKey| ids.get(k).copied().ok_or_else(|| corrupt("cell"));
        // Counters: add to what is there.
        let mut rows: Vec<(i64, Day, Counts)> = Vec::new();
        for (k, days) in &tally.days {
            let id = id_of(k)?;
            rows.extend(days.iter().map(|(d, c)| (id, *d, *c)));
        }
        for chunk in rows.chunks(COUNT_BATCH) {
            let mut ins = Query::insert();
            ins.into_table(a("event_count")).columns([a("cell_id"), a("day"), a("week"), a("events"), a("fatalities")]);
            for (id, d, c) in chunk {
                ins.values([
                    (*id).into(),
                    d.0.into(),
                    d.week_index().into(),
                    (c.events as i64).into(),
                    (c.fatalities as i64).into(),
                ])
                .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
            }
            ins.on_conflict(
                OnConflict::columns([a("cell_id"), a("day")])
                    .value(a("events"), Expr::col((a("event_count"), a("events"))).add(excluded("events")))
                    .value(a("fatalities"), Expr::col((a("event_count"), a("fatalities"))).add(excluded("fatalities")))
                    .to_owned(),
            );
            txn.execute(&ins).await?;
        }
        // The same counts as weekly sums, added to each cell's stored weeks (what detection reads).
        let mut weekly: Vec<(i64, entente_warning::series::WeekSums)> = Vec::with_capacity(tally.days.len());
        for (k, days) in &tally.days {
            weekly.push((id_of(k)?, entente_warning::series::week_sums(days)));
        }
        weekly.sort_unstable_by_key(|(id, _)| *id);
        series::add_week_sums(&txn, &weekly).await?;
        // Top events: merge with the stored lists of the same cell and week, then name the
        // sources fusion linked on incidents counted before.
        let mut tops: BTreeMap<(i64, i32), Vec<EventRef>> = BTreeMap::new();
        for ((k, w), refs) in &tally.top {
            tops.insert((id_of(k)?, *w), refs.clone());
        }
        let mut link_targets: Vec<(i64, i32)> = Vec::new();
        for l in &imported.links {
            for c in &l.cells {
                link_targets.push((id_of(c)?, l.week));
            }
        }
        let wanted: Vec<(i64, i32)> = tops.keys().copied().chain(link_targets.iter().copied()).collect();
        let stored = load_tops(&txn, &wanted).await?;
        let mut merged: BTreeMap<(i64, i32), Vec<EventRef>> = BTreeMap::new();
        for (key, refs) in tops {
            let mut list = stored.get(&key).cloned().unwrap_or_default();
            for r in refs {
                push_top(&mut list, r, TOP_K);
            }
            merged.insert(key, list);
        }
        for l in &imported.links {
            for c in &l.cells {
                let key = (id_of(c)?, l.week);
                let list = match merged.get_mut(&key) {
                    Some(list) => list,
                    None => match stored.get(&key) {
                        Some(s) => merged.entry(key).or_insert_with(|| s.clone()),
                        None => continue,
                    },
                };
                l.name_on(list);
            }
        }
        let merged: Vec<((i64, i32), Vec<EventRef>)> = merged.into_iter().collect();
        for chunk in merged.chunks(500) {
            let mut ins = Query::insert();
            ins.into_table(a("event_top")).columns([a("cell_id"), a("week"), a("events")]);
            for ((id, w), refs) in chunk {
                let body = serde_json::to_string(refs).map_err(|_| corrupt("top events"))?;
                ins.values([(*id).into(), (*w).into(), body.into()])
                    .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
            }
            ins.on_conflict(
                OnConflict::columns([a("cell_id"), a("week")]).value(a("events"), excluded("events")).to_owned(),
            );
            txn.execute(&ins).await?;
        }
        // Incidents of the countries fusion touched: replaced as a whole.
        let mut dirty: Vec<Iso3> = fuser.dirty.iter().copied().collect();
        dirty.sort_unstable();
        for c in dirty {
            let del = Query::delete()
                .from_table(a("event_incident"))
                .and_where(Expr::col(a("country")).eq(c.as_str()))
                .to_owned();
            txn.execute(&del).await?;
            let list: Vec<&Incident> = fuser.of_country(c).collect();
            for chunk in list.chunks(500) {
                let mut ins = Query::insert();
                ins.into_table(a("event_incident")).columns([a("country"), a("incident"), a("body")]);
                for inc in chunk {
                    let body = serde_json::to_string(inc).map_err(|_| corrupt("incident"))?;
                    let id: String = inc.id().chars().take(160).collect();
                    ins.values([c.as_str().into(), id.into(), body.into()])
                        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
                }
                ins.on_conflict(
                    OnConflict::columns([a("country"), a("incident")]).value(a("body"), excluded("body")).to_owned(),
                );
                txn.execute(&ins).await?;
            }
        }
        let r = &imported.report;
        let report = serde_json::to_string(r).map_err(|_| corrupt("report"))?;
        let settle = Query::update()
            .table(a("event_import"))
            .value(a("state"), "done")
            .value(a("format"), r.format.as_str())
            .value(a("rows_ok"), r.rows_ok as i64)
            .value(a("rows_skipped"), r.rows_skipped as i64)
            .value(a("report"), report)
            .value(a("finished_at"), now())
            .and_where(Expr::col(a("id")).eq(import_id))
            .and_where(Expr::col(a("state")).eq("running"))
            .to_owned();
        if txn.execute(&settle).await?.rows_affected() != 1 {
            return Err(StoreError::Rejected(format!(
                "import #{import_id} is no longer running (it was settled as interrupted); nothing of it was kept"
            )));
        }
        append(
            &txn,
            actor,
            vec![Change {
                action,
                entity: "event_import",
                entity_id: import_id.to_string(),
                before: None,
                after: serde_json::to_value(serde_json::json!({
                    "file": r.file, "format": r.format, "rows_ok": r.rows_ok, "rows_skipped": r.rows_skipped,
                    "fingerprint": imported.fingerprint,
                }))
                .ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// What detection reads: weekly sums per cell (keyed by each week's Monday), the top events
    /// of the weeks from `top_from_week` on, the latest day with data and each cell's id. Every
    /// cell's whole series, as a tally; detection itself reads [`Store::detection_weeks`].
    pub async fn detection_input(
        &self,
        top_from_week: Option<i32>,
    ) -> Result<(Detection, Option<Day>, HashMap<CellKey, i64>), StoreError> {
        let db = self.reader();
        let cells = load_cells(db).await?;
        let mut det = Detection::default();
        for (cell, weeks) in series::load(db, None, &[]).await? {
            let key = cells.get(&cell).ok_or_else(|| corrupt("cell"))?;
            let days = det.tally.days.entry(key.clone()).or_default();
            for (week, c) in weeks {
                days.entry(Day::monday_of_week_index(week)).or_default().add(c);
            }
        }
        let last = last_counted_day(db).await?;
        if let Some(from) = top_from_week {
            det.tally.top.extend(load_top_from(db, from, &cells).await?);
        }
        let ids = cells.into_iter().map(|(id, k)| (k, id)).collect();
        Ok((det, last.map(Day), ids))
    }

    /// What a detection run over the last `weeks` complete weeks up to `last_week` reads, and
    /// only that: the weekly sums of the cells that had events in those weeks or the
    /// [`QUIET_BEFORE`](entente_warning::alert::QUIET_BEFORE) weeks before them (no other cell can
    /// alarm there), and of the cells `also` names (those reports count in); the top events of
    /// those weeks. Packed weeks, one row per cell, no grouping of the daily counters.
    pub async fn detection_weeks(
        &self,
        last_week: i32,
        weeks: usize,
        also: &[CellKey],
    ) -> Result<(Vec<(CellKey, entente_warning::series::WeekSums)>, Detection), StoreError> {
        use entente_warning::alert::first_week_that_counts;
        let db = self.reader();
        let from = first_week_that_counts(last_week, weeks);
        // The ids of the cells named: per country, as cell_ids reads them back.
        let mut also_ids = Vec::new();
        if !also.is_empty() {
            let wanted: std::collections::HashSet<&CellKey> = also.iter().collect();
            for (id, key) in cells_of_countries(db, also.iter()).await? {
                if wanted.contains(&key) {
                    also_ids.push(id);
                }
            }
        }
        let sums = series::load(db, Some(from), &also_ids).await?;
        // The keys of the cells loaded only.
        let mut cells: HashMap<i64, CellKey> = HashMap::with_capacity(sums.len());
        let ids: Vec<i64> = sums.iter().map(|(id, _)| *id).collect();
        for chunk in ids.chunks(500) {
            let q = Query::select()
                .columns([a("id"), a("layer"), a("country"), a("admin1"), a("category")])
                .from(a("event_cell"))
                .and_where(Expr::col(a("id")).is_in(chunk.to_vec()))
                .to_owned();
            for row in db.query_all(&q).await? {
                let (id, key) = cell_of(&row)?;
                cells.insert(id, key);
            }
        }
        let mut top = Detection::default();
        let report_from = from + entente_warning::alert::QUIET_BEFORE;
        top.tally.top.extend(load_top_from(db, report_from, &cells).await?);
        let mut out = Vec::with_capacity(sums.len());
        for (id, weeks) in sums {
            out.push((cells.get(&id).ok_or_else(|| corrupt("cell"))?.clone(), weeks));
        }
        Ok((out, top))
    }

    /// The cells whose stored weekly sums (what detection reads) are not the sums of their daily
    /// counters, grouped by the database: none, unless the database was edited by hand. Reads
    /// every counter.
    pub async fn event_series_mismatches(&self) -> Result<Vec<CellKey>, StoreError> {
        let db = self.reader();
        let cells = load_cells(db).await?;
        let q = Query::select()
            .column(a("cell_id"))
            .column(a("week"))
            .expr_as(Expr::col(a("events")).sum(), a("events"))
            .expr_as(Expr::col(a("fatalities")).sum(), a("fatalities"))
            .from(a("event_count"))
            .group_by_columns([a("cell_id"), a("week")])
            .to_owned();
        let mut grouped: BTreeMap<i64, entente_warning::series::WeekSums> = BTreeMap::new();
        for row in db.query_all(&q).await? {
            let (cell, week, events, fatalities) = sums(&row)?;
            let c = Counts { events: events as u64, fatalities: fatalities as u64 };
            grouped.entry(cell).or_default().push((week, c));
        }
        for weeks in grouped.values_mut() {
            weeks.sort_unstable_by_key(|(w, _)| *w);
        }
        let stored: BTreeMap<i64, entente_warning::series::WeekSums> =
            series::load(db, None, &[]).await?.into_iter().collect();
        let mut ids: Vec<i64> = grouped.keys().chain(stored.keys()).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for id in ids {
            if grouped.get(&id) != stored.get(&id) {
                out.push(cells.get(&id).cloned().ok_or_else(|| corrupt("cell"))?);
            }
        }
        Ok(out)
    }

    /// How much event data is stored: the cells with counts and the latest counted day (`None`
    /// before any import). Two index reads, not the series.
    pub async fn event_extent(&self) -> Result<(u64, Option<Day>), StoreError> {
        let db = self.reader();
        // Every cell with counts has one row of weekly sums.
        let q = Query::select().expr_as(Expr::col(a("cell_id")).count(), a("cells")).from(a("event_series")).to_owned();
        let cells: i64 = match db.query_one(&q).await? {
            Some(r) => r.try_get("", "cells")?,
            None => 0,
        };
        Ok((cells as u64, last_counted_day(db).await?.map(Day)))
    }

    /// Store what a detection run found: new alerts are `new`; an alert raised again (same
    /// detector, cell, week and basis) keeps its state and takes the new figures. Returns the ids
    /// of the alerts that are new.
    pub async fn record_alerts(
        &self,
        alerts: &[(Alert, &str, Vec<i64>)],
        run: (&Actor, &str),
    ) -> Result<Vec<i64>, StoreError> {
        let txn = self.writer().begin().await?;
        let keys: Vec<&CellKey> = alerts.iter().map(|(al, _, _)| &al.cell).collect();
        let cells = cell_ids(&txn, &keys).await?;
        let t = now();
        let mut fresh = Vec::new();
        for (al, basis, reports) in alerts {
            let basis: &str = basis;
            let cell = *cells.get(&al.cell).ok_or_else(|| corrupt("alert cell"))?;
            let top = serde_json::to_string(&al.top_events).map_err(|_| corrupt("top events"))?;
            let key = Cond::all()
                .add(Expr::col(a("detector")).eq(al.detector.as_str()))
                .add(Expr::col(a("cell_id")).eq(cell))
                .add(Expr::col(a("week")).eq(al.week_start.week_index()))
                .add(Expr::col(a("basis")).eq(basis));
            let update = Query::update()
                .table(a("alert"))
                .value(a("observed"), al.observed)
                .value(a("expected"), al.expected)
                .value(a("threshold"), al.threshold)
                .value(a("score"), al.score)
                .value(a("fatalities"), al.fatalities)
                .value(a("top_events"), top.clone())
                .cond_where(key)
                .to_owned();
            if txn.execute(&update).await?.rows_affected() > 0 {
                if basis != "open" {
                    let q = Query::select()
                        .column(a("id"))
                        .from(a("alert"))
                        .cond_where(key_again(al, cell, basis))
                        .to_owned();
                    let row = txn.query_one(&q).await?.ok_or_else(|| corrupt("alert id"))?;
                    link_reports(&txn, row.try_get("", "id")?, reports).await?;
                }
                continue;
            }
            let ins = Query::insert()
                .into_table(a("alert"))
                .columns(
                    [
                        "detector",
                        "cell_id",
                        "week",
                        "week_start",
                        "observed",
                        "expected",
                        "threshold",
                        "score",
                        "fatalities",
                        "top_events",
                        "basis",
                        "state",
                        "detected_at",
                        "updated_at",
                    ]
                    .map(a),
                )
                .values([
                    al.detector.as_str().into(),
                    cell.into(),
                    al.week_start.week_index().into(),
                    al.week_start.0.into(),
                    al.observed.into(),
                    al.expected.into(),
                    al.threshold.into(),
                    al.score.into(),
                    al.fatalities.into(),
                    top.into(),
                    basis.into(),
                    AlertState::New.as_str().into(),
                    t.into(),
                    t.into(),
                ])
                .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
                .returning_col(a("id"))
                .to_owned();
            let row = txn.query_one(&ins).await?.ok_or_else(|| corrupt("alert id"))?;
            let id: i64 = row.try_get("", "id")?;
            link_reports(&txn, id, reports).await?;
            fresh.push(id);
        }
        // The run itself is recorded: who ran the detectors, what they found.
        append(
            &txn,
            run.0,
            vec![Change {
                action: run.1,
                entity: "detection",
                entity_id: String::new(),
                before: None,
                after: serde_json::to_value(serde_json::json!({"alerts": alerts.len(), "new": fresh})).ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(fresh)
    }

    /// The thresholds staff set, by detector (detectors not named run at their calibrated default).
    pub async fn detector_thresholds(&self) -> Result<BTreeMap<String, f64>, StoreError> {
        let q = Query::select().columns([a("detector"), a("threshold")]).from(a("detector_threshold")).to_owned();
        let mut out = BTreeMap::new();
        for row in self.reader().query_all(&q).await? {
            out.insert(row.try_get("", "detector")?, row.try_get("", "threshold")?);
        }
        Ok(out)
    }

    /// Bytes the stored event data takes, roughly: rows per table (for the imports page and the
    /// benchmark's "stored per GB imported").
    pub async fn event_data_rows(&self) -> Result<BTreeMap<&'static str, i64>, StoreError> {
        let mut out = BTreeMap::new();
        for t in ["event_cell", "event_count", "event_series", "event_top", "event_incident", "alert"] {
            let q = Query::select().expr_as(Expr::col(a("*")).count(), a("n")).from(a(t)).to_owned();
            let n: i64 = match self.reader().query_one(&q).await? {
                Some(r) => r.try_get("", "n")?,
                None => 0,
            };
            out.insert(t, n);
        }
        Ok(out)
    }
}

fn key_again(al: &Alert, cell: i64, basis: &str) -> Cond {
    Cond::all()
        .add(Expr::col(a("detector")).eq(al.detector.as_str()))
        .add(Expr::col(a("cell_id")).eq(cell))
        .add(Expr::col(a("week")).eq(al.week_start.week_index()))
        .add(Expr::col(a("basis")).eq(basis))
}

/// Replace the reports an alert counts.
async fn link_reports<C: ConnectionTrait>(db: &C, alert: i64, reports: &[i64]) -> Result<(), StoreError> {
    let del = Query::delete().from_table(a("alert_report")).and_where(Expr::col(a("alert_id")).eq(alert)).to_owned();
    db.execute(&del).await?;
    let mut ids = reports.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(500) {
        let mut ins = Query::insert();
        ins.into_table(a("alert_report")).columns([a("alert_id"), a("report_id")]);
        for r in chunk {
            ins.values([alert.into(), (*r).into()])
                .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
        }
        db.execute(&ins).await?;
    }
    Ok(())
}

fn sums(row: &QueryResult) -> Result<(i64, i32, i64, i64), StoreError> {
    let cell: i64 = row.try_get("", "cell_id")?;
    let week: i32 = row.try_get("", "week")?;
    // SUM over BIGINT is NUMERIC on PostgreSQL and INTEGER on SQLite.
    let num = |c: &str| -> Result<i64, StoreError> {
        if let Ok(v) = row.try_get::<i64>("", c) {
            return Ok(v);
        }
        let d: sea_orm::prelude::Decimal = row.try_get("", c)?;
        i64::try_from(d).map_err(|_| corrupt("sum"))
    };
    Ok((cell, week, num("events")?, num("fatalities")?))
}

/// The latest day with counts (`None` before any import): one read of the `event_count_day` index.
async fn last_counted_day<C: ConnectionTrait>(db: &C) -> Result<Option<i32>, StoreError> {
    let q = Query::select().expr_as(Expr::col(a("day")).max(), a("last")).from(a("event_count")).to_owned();
    Ok(match db.query_one(&q).await? {
        Some(r) => r.try_get("", "last")?,
        None => None,
    })
}

/// How a claimed fingerprint refuses the file that comes again.
type Refusal = fn(&str, &EventImport) -> StoreError;

fn already(file: &str, prev: &EventImport) -> StoreError {
    StoreError::Duplicate(format!(
        "{file}: this file was already imported (as {}, import #{} on {}, {} rows); nothing was counted twice",
        prev.file,
        prev.id,
        prev.started_at.format("%Y-%m-%d"),
        prev.rows_ok
    ))
}

fn already_content(file: &str, prev: &EventImport) -> StoreError {
    StoreError::Duplicate(format!(
        "{file}: the same data was already imported from another file (import #{}, {}, on {}, {} rows): \
         a copy, a renamed file or the same file compressed otherwise; nothing was counted twice",
        prev.id,
        prev.file,
        prev.started_at.format("%Y-%m-%d"),
        prev.rows_ok
    ))
}

async fn load_tops<C: ConnectionTrait>(
    db: &C,
    keys: &[(i64, i32)],
) -> Result<HashMap<(i64, i32), Vec<EventRef>>, StoreError> {
    let mut out = HashMap::new();
    if keys.is_empty() {
        return Ok(out);
    }
    let (lo, hi) = keys.iter().fold((i32::MAX, i32::MIN), |(lo, hi), (_, w)| (Ord::min(lo, *w), Ord::max(hi, *w)));
    let wanted: std::collections::HashSet<(i64, i32)> = keys.iter().copied().collect();
    let q = Query::select()
        .columns([a("cell_id"), a("week"), a("events")])
        .from(a("event_top"))
        .and_where(Expr::col(a("week")).between(lo, hi))
        .to_owned();
    for row in db.query_all(&q).await? {
        let key: (i64, i32) = (row.try_get("", "cell_id")?, row.try_get("", "week")?);
        if wanted.contains(&key) {
            let body: String = row.try_get("", "events")?;
            out.insert(key, serde_json::from_str(&body).map_err(|_| corrupt("top events"))?);
        }
    }
    Ok(out)
}

const ALERT_COLUMNS: [&str; 20] = [
    "id",
    "detector",
    "cell_id",
    "week",
    "week_start",
    "observed",
    "expected",
    "threshold",
    "score",
    "fatalities",
    "top_events",
    "basis",
    "state",
    "reason",
    "request_id",
    "meeting_id",
    "escalated_at",
    "detected_at",
    "updated_at",
    "version",
];

fn alert_of(row: &QueryResult, cells: &HashMap<i64, CellKey>) -> Result<StoredAlert, StoreError> {
    let cell_id: i64 = row.try_get("", "cell_id")?;
    let top: String = row.try_get("", "top_events")?;
    let state: String = row.try_get("", "state")?;
    let week_start: i32 = row.try_get("", "week_start")?;
    Ok(StoredAlert {
        id: row.try_get("", "id")?,
        detector: row.try_get("", "detector")?,
        cell_id,
        cell: cells.get(&cell_id).cloned().ok_or_else(|| corrupt("alert cell"))?,
        week: row.try_get("", "week")?,
        week_start: Day(week_start),
        observed: row.try_get("", "observed")?,
        expected: row.try_get("", "expected")?,
        threshold: row.try_get("", "threshold")?,
        score: row.try_get("", "score")?,
        fatalities: row.try_get("", "fatalities")?,
        top_events: serde_json::from_str(&top).map_err(|_| corrupt("top events"))?,
        basis: row.try_get("", "basis")?,
        state: state.parse().map_err(|_| corrupt("alert state"))?,
        reason: row.try_get("", "reason")?,
        request_id: row.try_get("", "request_id")?,
        meeting_id: row.try_get("", "meeting_id")?,
        escalated_at: row.try_get("", "escalated_at")?,
        detected_at: row.try_get("", "detected_at")?,
        updated_at: row.try_get("", "updated_at")?,
        version: row.try_get("", "version")?,
    })
}

impl Store {
    /// Alerts by id, whoever may see them: for the server's announcement pass only, which then
    /// asks each subscriber's own scope whether they may. Ordered by id; missing ids are left out.
    pub async fn alerts_to_announce(&self, ids: &[i64]) -> Result<Vec<StoredAlert>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let q = Query::select()
            .columns(ALERT_COLUMNS.map(|c| (a("alert"), a(c))))
            .from(a("alert"))
            .and_where(Expr::col((a("alert"), a("id"))).is_in(ids.iter().copied()))
            .order_by((a("alert"), a("id")), Order::Asc)
            .to_owned();
        let rows = self.reader().query_all(&q).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let cells = load_cells(self.reader()).await?;
        rows.iter().map(|r| alert_of(r, &cells)).collect()
    }
}

impl Scoped {
    /// Alerts are for signed-in accounts: every open-data alert, and an alert whose counts
    /// include reports only for whoever may see every report it counts.
    fn alert_scope(&self) -> Result<Cond, StoreError> {
        if self.principal().is_none() {
            return Err(StoreError::NotFound);
        }
        Ok(self.sees_every_counted_report())
    }

    /// The alerts the caller may see, newest week first.
    pub async fn alerts(&self, f: &AlertFilter) -> Result<Vec<StoredAlert>, StoreError> {
        let mut cond = self.alert_scope()?;
        if let Some(c) = f.category {
            cond = cond.add(Expr::col((a("event_cell"), a("category"))).eq(c.as_str()));
        }
        if !f.countries.is_empty() {
            cond = cond.add(
                Expr::col((a("event_cell"), a("country"))).is_in(f.countries.iter().map(|c| c.as_str().to_string())),
            );
        }
        if f.country_level {
            cond = cond.add(Expr::col((a("event_cell"), a("admin1"))).eq(""));
        }
        if let Some(s) = f.state {
            cond = cond.add(Expr::col((a("alert"), a("state"))).eq(s.as_str()));
        }
        if f.open {
            cond = cond.add(Expr::col((a("alert"), a("state"))).is_in(["new", "acknowledged"]));
        }
        if let Some(d) = &f.detector {
            cond = cond.add(Expr::col((a("alert"), a("detector"))).eq(d.as_str()));
        }
        if let Some(from) = f.from {
            cond = cond.add(Expr::col((a("alert"), a("week"))).gte(from.week_index()));
        }
        if let Some(to) = f.to {
            cond = cond.add(Expr::col((a("alert"), a("week"))).lte(to.week_index()));
        }
        if let Some((ws, id)) = f.after {
            cond = cond.add(
                Cond::any().add(Expr::col((a("alert"), a("week_start"))).lt(ws.0)).add(
                    Cond::all()
                        .add(Expr::col((a("alert"), a("week_start"))).eq(ws.0))
                        .add(Expr::col((a("alert"), a("id"))).gt(id)),
                ),
            );
        }
        let mut q = Query::select();
        q.columns(ALERT_COLUMNS.map(|c| (a("alert"), a(c))))
            .from(a("alert"))
            .inner_join(a("event_cell"), Expr::col((a("event_cell"), a("id"))).equals((a("alert"), a("cell_id"))))
            .cond_where(cond)
            .order_by((a("alert"), a("week_start")), Order::Desc)
            .order_by((a("alert"), a("id")), Order::Asc);
        if let Some(l) = f.limit {
            q.limit(l);
        }
        let rows = self.store().reader().query_all(&q).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let cells = load_cells(self.store().reader()).await?;
        rows.iter().map(|r| alert_of(r, &cells)).collect()
    }

    /// One alert, if the caller may see it (else not found, as a missing one).
    pub async fn alert(&self, id: i64) -> Result<StoredAlert, StoreError> {
        let cond = self.alert_scope()?.add(Expr::col((a("alert"), a("id"))).eq(id));
        let q = Query::select()
            .columns(ALERT_COLUMNS.map(|c| (a("alert"), a(c))))
            .from(a("alert"))
            .cond_where(cond)
            .to_owned();
        let row = self.store().reader().query_one(&q).await?.ok_or(StoreError::NotFound)?;
        let cells = load_cells(self.store().reader()).await?;
        alert_of(&row, &cells)
    }

    /// The weekly series of an alert's cell between two weeks (inclusive), zero weeks included.
    pub async fn alert_series(
        &self,
        alert: &StoredAlert,
        from_week: i32,
        to_week: i32,
    ) -> Result<Vec<WeekCount>, StoreError> {
        self.alert_scope()?;
        let q = Query::select()
            .column(a("week"))
            .expr_as(Expr::col(a("events")).sum(), a("events"))
            .expr_as(Expr::col(a("fatalities")).sum(), a("fatalities"))
            .column(a("cell_id"))
            .from(a("event_count"))
            .and_where(Expr::col(a("cell_id")).eq(alert.cell_id))
            .and_where(Expr::col(a("week")).between(from_week, to_week))
            .group_by_columns([a("cell_id"), a("week")])
            .to_owned();
        let mut by_week: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
        for row in self.store().reader().query_all(&q).await? {
            let (_, week, e, f) = sums(&row)?;
            by_week.insert(week, (e, f));
        }
        Ok((from_week..=to_week)
            .map(|w| {
                let (events, fatalities) = by_week.get(&w).copied().unwrap_or((0, 0));
                WeekCount { week: w, events, fatalities }
            })
            .collect())
    }

    /// The thresholds staff set, by detector (for the calibration page).
    pub async fn detector_thresholds(&self) -> Result<BTreeMap<String, f64>, StoreError> {
        if !self.is_staff() {
            return Err(StoreError::NotFound);
        }
        self.store().detector_thresholds().await
    }

    /// The event imports, newest first (for the staff).
    pub async fn event_imports(&self, limit: u64) -> Result<Vec<EventImport>, StoreError> {
        if !self.is_staff() {
            return Err(StoreError::NotFound);
        }
        self.store().event_imports(limit).await
    }

    /// One event import (for the staff).
    pub async fn event_import(&self, id: i64) -> Result<EventImport, StoreError> {
        if !self.is_staff() {
            return Err(StoreError::NotFound);
        }
        self.store().event_import(id).await
    }

    /// Set a detector's threshold (audited with the old and the new value).
    pub async fn set_detector_threshold(&self, permit: Permit, detector: &str, value: f64) -> Result<(), StoreError> {
        let mine = self.principal().is_some_and(|p| p.user_id == permit.user_id());
        if !mine || !permit.creates(subject::THRESHOLD) {
            return Err(StoreError::Unpermitted(format!("a permit for {} does not set thresholds", permit.action())));
        }
        let before = self.store().detector_thresholds().await?.get(detector).copied();
        let actor = match self.principal() {
            Some(p) => Actor::from_principal(p),
            None => Actor::system("anonymous"),
        };
        let txn = self.store().writer().begin().await?;
        let q = Query::insert()
            .into_table(a("detector_threshold"))
            .columns([a("detector"), a("threshold"), a("set_at"), a("set_by")])
            .values([detector.into(), value.into(), now().into(), actor.name.clone().into()])
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .on_conflict(
                OnConflict::column(a("detector")).update_columns([a("threshold"), a("set_at"), a("set_by")]).to_owned(),
            )
            .to_owned();
        txn.execute(&q).await?;
        append(
            &txn,
            &actor,
            vec![Change {
                action: permit.action(),
                entity: "detector_threshold",
                entity_id: detector.to_string(),
                before: serde_json::to_value(before).ok(),
                after: serde_json::to_value(value).ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Save an alert's new state (version-checked; audited with the permit's action).
    pub async fn save_alert_status(&self, permit: Permit, status: &mut AlertStatus) -> Result<(), StoreError> {
        self.save_alert(permit, status, None).await
    }

    /// Save an escalated alert with the request or meeting proposed on it.
    pub async fn escalate_alert(
        &self,
        permit: Permit,
        status: &mut AlertStatus,
        request: Option<i64>,
        meeting: Option<i64>,
    ) -> Result<(), StoreError> {
        if status.state != AlertState::Escalated || (request.is_none() && meeting.is_none()) {
            return Err(StoreError::Rejected("an escalated alert names the request or meeting proposed".into()));
        }
        self.save_alert(permit, status, Some((request, meeting))).await
    }

    /// The alerts (the caller may see) that consultations were proposed on in this request or meeting.
    pub async fn alerts_escalated_to(
        &self,
        request: Option<i64>,
        meeting: Option<i64>,
    ) -> Result<Vec<StoredAlert>, StoreError> {
        let mut cond = self.alert_scope()?;
        let mut to = Cond::any();
        if let Some(r) = request {
            to = to.add(Expr::col((a("alert"), a("request_id"))).eq(r));
        }
        if let Some(m) = meeting {
            to = to.add(Expr::col((a("alert"), a("meeting_id"))).eq(m));
        }
        if request.is_none() && meeting.is_none() {
            return Ok(Vec::new());
        }
        cond = cond.add(to);
        let q = Query::select()
            .columns(ALERT_COLUMNS.map(|c| (a("alert"), a(c))))
            .from(a("alert"))
            .cond_where(cond)
            .order_by((a("alert"), a("id")), Order::Asc)
            .to_owned();
        let rows = self.store().reader().query_all(&q).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let cells = load_cells(self.store().reader()).await?;
        rows.iter().map(|r| alert_of(r, &cells)).collect()
    }

    async fn save_alert(
        &self,
        permit: Permit,
        status: &mut AlertStatus,
        escalation: Option<(Option<i64>, Option<i64>)>,
    ) -> Result<(), StoreError> {
        let mine = self.principal().is_some_and(|p| p.user_id == permit.user_id());
        if !mine || !permit.covers(subject::ALERT, status.id) {
            return Err(StoreError::Unpermitted(format!(
                "a permit for {} #{} ({}) does not allow writing alert #{} for this caller",
                permit.subject().kind,
                permit.subject().id,
                permit.action(),
                status.id
            )));
        }
        let before = self.alert(status.id).await?;
        let txn = self.store().writer().begin().await?;
        let q = Query::update()
            .table(a("alert"))
            .value(a("state"), status.state.as_str())
            .value(a("reason"), status.reason.clone())
            .value(a("updated_at"), now())
            .value(a("version"), Expr::col(a("version")).add(1))
            .and_where(Expr::col(a("id")).eq(status.id))
            .and_where(Expr::col(a("version")).eq(status.version))
            .to_owned();
        let mut q = q;
        if let Some((request, meeting)) = escalation {
            q.value(a("request_id"), request).value(a("meeting_id"), meeting).value(a("escalated_at"), now());
        }
        if txn.execute(&q).await?.rows_affected() != 1 {
            return Err(StoreError::Conflict { entity: "alert", id: status.id });
        }
        let actor = match self.principal() {
            Some(p) => Actor::from_principal(p),
            None => Actor::system("anonymous"),
        };
        append(
            &txn,
            &actor,
            vec![Change {
                action: permit.action(),
                entity: "alert",
                entity_id: status.id.to_string(),
                before: serde_json::to_value(before.state).ok(),
                after: serde_json::to_value(serde_json::json!({
                    "state": status.state, "reason": status.reason,
                    "request": escalation.and_then(|e| e.0), "meeting": escalation.and_then(|e| e.1),
                }))
                .ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        status.version += 1;
        Ok(())
    }
}

/// Why an import did not happen: the file (its format, a bad row under fail-fast, I/O) or the
/// store (a file imported before, the database).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Input(#[from] entente_warning::WarningError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fused incidents read from the database, for an import running on a blocking thread.
/// The GDELT event ids counted by imports of `format`.
async fn counted_ids<C: ConnectionTrait>(db: &C, format: &str) -> Result<IdRanges, StoreError> {
    let q = Query::select()
        .columns([a("first_id"), a("last_id")])
        .from(a("event_id_range"))
        .and_where(Expr::col(a("source")).eq(format))
        .to_owned();
    let mut ranges = Vec::new();
    for row in db.query_all(&q).await? {
        let first: i64 = row.try_get("", "first_id")?;
        let last: i64 = row.try_get("", "last_id")?;
        ranges.push((u64::try_from(first).unwrap_or(0), u64::try_from(last).unwrap_or(0)));
    }
    Ok(IdRanges::from_ranges(ranges))
}

struct DbIncidents {
    store: Store,
    handle: tokio::runtime::Handle,
}

impl entente_warning::store::Incidents for DbIncidents {
    fn incidents(&self, country: Iso3) -> Result<Vec<Incident>, entente_warning::WarningError> {
        self.handle
            .block_on(self.store.incidents_of(country))
            .map_err(|e| entente_warning::WarningError::Store(e.to_string()))
    }
}

/// One file to import, and who imports it.
pub struct ImportJob<'a> {
    pub path: std::path::PathBuf,
    /// The name to show and record (an uploaded file's own name, not its temporary path).
    pub name: String,
    pub tables: std::sync::Arc<entente_warning::parse::Tables>,
    pub opts: entente_warning::ingest::ImportOptions,
    pub actor: &'a Actor,
    /// The audited action (`events.imported`).
    pub action: &'a str,
}

impl ImportJob<'_> {
    /// An error's message with the file named as the job names it (an uploaded file's own name
    /// rather than the temporary path it was received to).
    pub fn shown(&self, e: &dyn std::fmt::Display) -> String {
        e.to_string().replace(&self.path.display().to_string(), &self.name)
    }
}

impl Store {
    /// Import one file: record it as running, parse it on a blocking thread (fusing curated
    /// events with the stored incidents), then write everything in one transaction. A failure
    /// settles the import as failed with its reason; nothing of the file is kept.
    pub async fn import_event_file(
        &self,
        job: ImportJob<'_>,
        progress: impl Fn(u64) + Send + Sync + 'static,
    ) -> Result<(i64, entente_warning::ImportReport), ImportError> {
        let id = self.start_event_file(&job).await?;
        self.finish_event_file(id, job, progress).await
    }

    /// The first half of [`Store::import_event_file`], for an import that runs in the background:
    /// record the file as running (refused, naming the earlier import, when it was imported
    /// before). Returns the import's id.
    pub async fn start_event_file(&self, job: &ImportJob<'_>) -> Result<i64, ImportError> {
        // A file that cannot be opened, or whose format cannot be told, is refused before it is
        // recorded.
        let (path, format) = (job.path.clone(), job.opts.format);
        tokio::task::spawn_blocking(move || entente_warning::ingest::open_with_format(&path, format).map(|_| ()))
            .await
            .map_err(|e| StoreError::Rejected(format!("the import stopped: {e}")))??;
        let fingerprint = entente_warning::store::fingerprint(&job.path)?;
        let bytes = std::fs::metadata(&job.path).map(|m| m.len()).unwrap_or(0);
        Ok(self.begin_event_import(&job.name, &fingerprint, bytes, job.actor).await?)
    }

    /// The second half of [`Store::import_event_file`]: read, fuse and write the file of the
    /// running import `id`; a failure settles it as failed with its reason.
    pub async fn finish_event_file(
        &self,
        id: i64,
        job: ImportJob<'_>,
        progress: impl Fn(u64) + Send + Sync + 'static,
    ) -> Result<(i64, entente_warning::ImportReport), ImportError> {
        // The import says it is alive until it is settled, whatever it is doing (reading,
        // fusing, writing), so that no other process takes it for interrupted.
        let alive = self.clone();
        let heartbeat = tokio::spawn(async move {
            let mut tick = tokio::time::interval(IMPORT_HEARTBEAT);
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = alive.event_import_heartbeat(id).await {
                    tracing::warn!(error = %e, import = id, "import heartbeat not stored");
                }
            }
        });
        let _stop = AbortOnDrop(heartbeat);
        let result = self.run_import(id, &job, progress).await;
        match result {
            Ok((imported, fuser)) => {
                let writing = std::time::Instant::now();
                match self.commit_event_import(id, &imported, &fuser, job.actor, job.action).await {
                    Ok(()) => {
                        // The write transaction's time on its own (the benchmark reads it).
                        tracing::info!(import = id, seconds = writing.elapsed().as_secs_f64(), "import written");
                        Ok((id, imported.report))
                    }
                    Err(e) => {
                        self.fail_event_import(id, &job.shown(&e)).await?;
                        Err(e.into())
                    }
                }
            }
            Err(e) => {
                self.fail_event_import(id, &job.shown(&e)).await?;
                Err(e)
            }
        }
    }

    async fn run_import(
        &self,
        id: i64,
        job: &ImportJob<'_>,
        progress: impl Fn(u64) + Send + Sync + 'static,
    ) -> Result<(Imported, Fuser), ImportError> {
        let incidents = DbIncidents { store: self.clone(), handle: tokio::runtime::Handle::current() };
        let (path, tables, opts, name) = (job.path.clone(), job.tables.clone(), job.opts, job.name.clone());
        let progress_store = self.clone();
        let handle = tokio::runtime::Handle::current();
        let last = std::sync::atomic::AtomicU64::new(0);
        let task = tokio::task::spawn_blocking(move || {
            let mut fuser = Fuser::new(entente_warning::fusion::FusionRule::default());
            let report = |b: u64| {
                progress(b);
                // Record progress at most every 16 MiB read.
                let prev = last.load(std::sync::atomic::Ordering::Relaxed);
                if b >= prev + (16 << 20) {
                    last.store(b, std::sync::atomic::Ordering::Relaxed);
                    let s = progress_store.clone();
                    handle.spawn(async move { s.event_import_progress(id, b).await });
                }
            };
            let seen = |format: entente_warning::parse::Format| {
                incidents
                    .handle
                    .block_on(incidents.store.counted_event_ids(format.as_str()))
                    .map_err(|e| entente_warning::WarningError::Store(e.to_string()))
            };
            let mut imported = entente_warning::ingest::import_file_unseen(
                &mut fuser, &incidents, &path, &tables, opts, &seen, &report,
            )?;
            imported.report.file = name;
            Ok::<_, entente_warning::WarningError>((imported, fuser))
        });
        match task.await {
            Ok(r) => Ok(r?),
            Err(e) => Err(ImportError::Store(StoreError::Rejected(format!("the import stopped: {e}")))),
        }
    }

    /// Run the detectors over the stored history (thresholds staff set, else the calibrated
    /// defaults) and store the alerts of the last `weeks` complete weeks, the run audited as
    /// `action` by `actor`. Returns every alert found and the ids of those that are new.
    pub async fn detect_and_record(
        &self,
        weeks: usize,
        actor: &Actor,
        action: &str,
    ) -> Result<(Vec<Alert>, Vec<i64>), StoreError> {
        use entente_warning::alert::{DetectOptions, detect_weeks, last_complete_week};
        use entente_warning::detect::Detector;
        use entente_warning::series::{WeekSums, merge_week_sums};
        let set = self.detector_thresholds().await?;
        let detectors: Vec<(Detector, f64)> = Detector::ALL
            .iter()
            .map(|d| (*d, set.get(d.as_str()).copied().unwrap_or_else(|| d.default_threshold())))
            .collect();
        let weeks = weeks.max(1);
        // The last day is read first, so that only the weeks alerted on bring their top events.
        let last = last_counted_day(self.reader()).await?;
        let reports = self.verified_reports().await?;
        // A week of reports counts once it is over: the Sunday of the latest report's week, or
        // today if that Sunday is still to come.
        let today = Day::from(now().date_naive());
        let latest_report = reports
            .iter()
            .map(|r| Day::from(r.occurred_on))
            .max()
            .map(|d| Day(Day::monday_of_week_index(d.week_index()).0 + 6).min(today));
        let Some(last) = last.map(Day).into_iter().chain(latest_report).max() else {
            return Ok((Vec::new(), Vec::new()));
        };
        let last_week = last_complete_week(last);
        // The cells verified reports count in, with the open counts and the reports together.
        let mut counted: HashMap<CellKey, Vec<&crate::reports::CountedReport>> = HashMap::new();
        for r in &reports {
            let (Ok(country), Ok(category)) = (r.country.parse::<Iso3>(), r.category.parse::<Category>()) else {
                continue;
            };
            let key = CellKey { layer: Layer::Curated, country, admin1: String::new(), category };
            if !r.admin1.is_empty() {
                counted.entry(CellKey { admin1: r.admin1.clone(), ..key.clone() }).or_default().push(r);
            }
            counted.entry(key).or_default().push(r);
        }
        // A report describing an incident the imported data hold already counts it once (the
        // incident is in the stored counts); its link to the alert is kept all the same.
        let fused: std::collections::HashSet<i64> =
            self.report_fusions(&reports).await?.into_iter().map(|f| f.report).collect();
        let also: Vec<CellKey> = counted.keys().cloned().collect();
        let (sums, top) = self.detection_weeks(last_week, weeks, &also).await?;
        let mut with_reports: Vec<(CellKey, WeekSums)> = Vec::with_capacity(counted.len());
        let mut with_reports_top = Detection::default();
        for (cell, rs) in &counted {
            let stored: &[(i32, Counts)] = sums.iter().find(|(k, _)| k == cell).map_or(&[], |(_, w)| w);
            let mut added: BTreeMap<i32, Counts> = BTreeMap::new();
            for r in rs.iter().filter(|r| !fused.contains(&r.id)) {
                added
                    .entry(Day::from(r.occurred_on).week_index())
                    .or_default()
                    .add(Counts { events: 1, fatalities: 0 });
            }
            let added: WeekSums = added.into_iter().collect();
            with_reports.push((cell.clone(), merge_week_sums(stored, &added)));
            for ((c, w), refs) in top.tally.top.iter().filter(|((c, _), _)| c == cell) {
                with_reports_top.tally.top.insert((c.clone(), *w), refs.clone());
            }
        }
        let opts = DetectOptions { detectors, weeks, admin1: true, threads: 2 };
        let (open, reported) = tokio::task::spawn_blocking(move || {
            (detect_weeks(&sums, &top, last, &opts), detect_weeks(&with_reports, &with_reports_top, last, &opts))
        })
        .await
        .map_err(|e| StoreError::Rejected(format!("detection stopped: {e}")))?;
        let mut all: Vec<(Alert, &str, Vec<i64>)> = open.into_iter().map(|al| (al, "open", Vec::new())).collect();
        for al in reported {
            let week_end = Day(al.week_start.0 + 6);
            let ids: Vec<i64> = counted
                .get(&al.cell)
                .map(|rs| rs.iter().filter(|r| Day::from(r.occurred_on) <= week_end).map(|r| r.id).collect())
                .unwrap_or_default();
            all.push((al, "reports", ids));
        }
        let fresh = self.record_alerts(&all, (actor, action)).await?;
        let alerts = all.into_iter().map(|(al, _, _)| al).collect();
        Ok((alerts, fresh))
    }
}

/// Aborts a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
