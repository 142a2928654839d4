//! Inputs of the evaluation's indicators. Unlike the other reads of [`Scoped`], these read across
//! nations on purpose: they return the figures an indicator aggregates (seats asked and granted per
//! nation and year) and never a document's content. Whoever shows them applies the domain's rule
//! of what a viewer may see of an aggregate (`entente_domain::evaluation::view`): staff every
//! nation's line, a delegation the aggregates of at least five nations and its own nation's line.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use entente_domain::cooperation::AllocationStatus;
use entente_domain::evaluation::equal::SeatOutcome;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::entities::{activity, allocation_line, allocation_run};
use crate::{Scoped, StoreError};

impl Scoped {
    /// Seats asked and granted in every published allocation, per nation and activity, dated by
    /// the activity's start year (superseded and draft allocations do not count). Empty for an
    /// anonymous caller.
    pub async fn seat_outcomes(&self) -> Result<Vec<SeatOutcome>, StoreError> {
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let db = self.store().reader();
        let published = Query::select()
            .column(allocation_run::Column::Id)
            .from(allocation_run::Entity)
            .and_where(allocation_run::Column::Status.eq(AllocationStatus::Published.as_str()))
            .to_owned();
        let lines: Vec<(String, i64, i32, i32)> = allocation_line::Entity::find()
            .filter(allocation_line::Column::RunId.in_subquery(published))
            .select_only()
            .column(allocation_line::Column::Nation)
            .column(allocation_line::Column::ActivityId)
            .column(allocation_line::Column::Asked)
            .column(allocation_line::Column::Granted)
            .into_tuple()
            .all(db)
            .await?;
        if lines.is_empty() {
            return Ok(Vec::new());
        }
        let starts: HashMap<i64, NaiveDate> = activity::Entity::find()
            .select_only()
            .column(activity::Column::Id)
            .column(activity::Column::StartDate)
            .into_tuple::<(i64, NaiveDate)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        lines
            .into_iter()
            .filter_map(|(nation, activity, asked, granted)| {
                let start = starts.get(&activity)?;
                Some(nation.parse().map(|nation| SeatOutcome {
                    nation,
                    year: start.year(),
                    asked: asked.max(0) as u32,
                    granted: granted.max(0) as u32,
                }))
            })
            .collect::<Result<_, _>>()
            .map_err(|e| {
                StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in allocation_line.nation: {e}")))
            })
    }
}
