//! Weekly sums per cell for detection (`event_series`): one row per cell with its weeks packed as
//! varints and its last week (indexed), kept by every import beside the daily counters, so that
//! detection loads a few bytes a week, and only for the cells recent enough to alarm, instead of
//! grouping every daily counter. Filled here from the counters already stored.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("event_series"))
                    .col(ColumnDef::new(a("cell_id")).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(a("last_week")).integer().not_null())
                    .col(ColumnDef::new(a("weeks")).blob().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("event_series_last_week").table(a("event_series")).col(a("last_week")).to_owned(),
            )
            .await?;
        crate::warning::series::backfill(manager.get_connection()).await
    }
}
