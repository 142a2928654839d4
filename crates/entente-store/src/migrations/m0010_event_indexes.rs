//! Indexes the detection reads need: the latest counted day (`MAX(day)` of `event_count`, read
//! before every detection run and every page of alerts' context) and the top events of a range
//! of weeks (`event_top` by week), which otherwise scan their whole tables.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, column) in
            [("event_count_day", "event_count", "day"), ("event_top_week", "event_top", "week")]
        {
            manager
                .create_index(Index::create().name(name).table(Alias::new(table)).col(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
