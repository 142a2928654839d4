//! The weekly sums detection reads, one row per cell (`event_series`): the cell's weeks with
//! events, packed as varints ([`entente_warning::series::pack_week_sums`]), and its last week.
//! An import adds its weeks in its own transaction, beside the daily counters they sum; detection
//! loads only the cells whose last week is recent enough to alarm (index on `last_week`), a few
//! bytes a week instead of a row a day.

use std::collections::HashMap;

use entente_warning::series::{Counts, WeekSums, merge_week_sums, pack_week_sums, unpack_week_sums};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

use crate::StoreError;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn bad(what: &str) -> DbErr {
    DbErr::Custom(format!("stored event data: bad {what}"))
}

/// Cells per statement.
const CHUNK: usize = 500;

/// The advisory lock PostgreSQL imports take before they rewrite weekly sums (read, add, write),
/// so that two imports committing together cannot lose each other's weeks. SQLite has one writer.
const SERIES_LOCK: i64 = 0x656e_7465_6e74_6525;

/// Add weekly sums to the stored ones of their cells, inside the caller's transaction.
pub(crate) async fn add_week_sums<C: ConnectionTrait>(db: &C, adds: &[(i64, WeekSums)]) -> Result<(), StoreError> {
    if adds.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({SERIES_LOCK})")).await?;
    }
    for chunk in adds.chunks(CHUNK) {
        let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
        let q = Query::select()
            .columns([a("cell_id"), a("weeks")])
            .from(a("event_series"))
            .and_where(Expr::col(a("cell_id")).is_in(ids))
            .to_owned();
        let mut stored: HashMap<i64, WeekSums> = HashMap::new();
        for row in db.query_all(&q).await? {
            let id: i64 = row.try_get("", "cell_id")?;
            let bytes: Vec<u8> = row.try_get("", "weeks")?;
            stored.insert(id, unpack_week_sums(&bytes).ok_or_else(|| bad("weekly sums"))?);
        }
        let mut ins = Query::insert();
        ins.into_table(a("event_series")).columns([a("cell_id"), a("last_week"), a("weeks")]);
        let mut any = false;
        for (id, weeks) in chunk {
            let merged = match stored.get(id) {
                Some(s) => merge_week_sums(s, weeks),
                None => weeks.clone(),
            };
            let Some(&(last, _)) = merged.last() else {
                continue;
            };
            ins.values([(*id).into(), last.into(), pack_week_sums(&merged).into()])
                .map_err(|e| StoreError::Db(DbErr::Custom(e.to_string())))?;
            any = true;
        }
        if any {
            ins.on_conflict(
                OnConflict::column(a("cell_id"))
                    .value(a("last_week"), Expr::col((a("excluded"), a("last_week"))))
                    .value(a("weeks"), Expr::col((a("excluded"), a("weeks"))))
                    .to_owned(),
            );
            db.execute(&ins).await?;
        }
    }
    Ok(())
}

/// The weekly sums of the cells whose last week is `from_week` or later (all cells with `None`),
/// and of the cells `also` names whatever their last week.
pub(crate) async fn load<C: ConnectionTrait>(
    db: &C,
    from_week: Option<i32>,
    also: &[i64],
) -> Result<Vec<(i64, WeekSums)>, StoreError> {
    let mut q = Query::select().columns([a("cell_id"), a("weeks")]).from(a("event_series")).to_owned();
    if let Some(w) = from_week {
        q.and_where(Expr::col(a("last_week")).gte(w));
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in db.query_all(&q).await? {
        let id: i64 = row.try_get("", "cell_id")?;
        let bytes: Vec<u8> = row.try_get("", "weeks")?;
        seen.insert(id);
        out.push((id, unpack_week_sums(&bytes).ok_or_else(|| bad("weekly sums"))?));
    }
    let rest: Vec<i64> = also.iter().copied().filter(|id| !seen.contains(id)).collect();
    for chunk in rest.chunks(CHUNK) {
        let q = Query::select()
            .columns([a("cell_id"), a("weeks")])
            .from(a("event_series"))
            .and_where(Expr::col(a("cell_id")).is_in(chunk.to_vec()))
            .to_owned();
        for row in db.query_all(&q).await? {
            let id: i64 = row.try_get("", "cell_id")?;
            let bytes: Vec<u8> = row.try_get("", "weeks")?;
            out.push((id, unpack_week_sums(&bytes).ok_or_else(|| bad("weekly sums"))?));
        }
    }
    Ok(out)
}

/// Fill `event_series` from the daily counters (the migration that adds it), a chunk of cells
/// at a time.
pub(crate) async fn backfill<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let q = Query::select().column(a("id")).from(a("event_cell")).order_by(a("id"), Order::Asc).to_owned();
    let mut ids = Vec::new();
    for row in db.query_all(&q).await? {
        ids.push(row.try_get::<i64>("", "id")?);
    }
    for chunk in ids.chunks(CHUNK) {
        let q = Query::select()
            .columns([a("cell_id"), a("week")])
            // SUM of a bigint is a numeric on PostgreSQL: cast back.
            .expr_as(Func::cast_as(Func::sum(Expr::col(a("events"))), a("BIGINT")), a("events"))
            .expr_as(Func::cast_as(Func::sum(Expr::col(a("fatalities"))), a("BIGINT")), a("fatalities"))
            .from(a("event_count"))
            .and_where(Expr::col(a("cell_id")).is_in(chunk.to_vec()))
            .group_by_columns([a("cell_id"), a("week")])
            .order_by(a("cell_id"), Order::Asc)
            .order_by(a("week"), Order::Asc)
            .to_owned();
        let mut cells: Vec<(i64, WeekSums)> = Vec::new();
        for row in db.query_all(&q).await? {
            let id: i64 = row.try_get("", "cell_id")?;
            let week: i32 = row.try_get("", "week")?;
            let events: i64 = row.try_get("", "events")?;
            let fatalities: i64 = row.try_get("", "fatalities")?;
            let c = Counts {
                events: u64::try_from(events).map_err(|_| bad("sum"))?,
                fatalities: u64::try_from(fatalities).map_err(|_| bad("sum"))?,
            };
            match cells.last_mut() {
                Some((last, weeks)) if *last == id => weeks.push((week, c)),
                _ => cells.push((id, vec![(week, c)])),
            }
        }
        if cells.is_empty() {
            continue;
        }
        let mut ins = Query::insert();
        ins.into_table(a("event_series")).columns([a("cell_id"), a("last_week"), a("weeks")]);
        for (id, weeks) in &cells {
            let last = weeks.last().map_or(0, |(w, _)| *w);
            ins.values([(*id).into(), last.into(), pack_week_sums(weeks).into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        db.execute(&ins).await?;
    }
    Ok(())
}
