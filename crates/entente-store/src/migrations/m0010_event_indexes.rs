//! Indexes the detection reads need: the latest counted day (`MAX(day)` of `event_count`, read
//! before every detection run and every page of alerts' context) and the top events of a range
//! of weeks (`event_top` by week), which otherwise scan their whole tables.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("event_count_day")
                    .table(Alias::new("event_count"))
                    .col(Alias::new("day"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("event_top_week")
                    .table(Alias::new("event_top"))
                    .col(Alias::new("week"))
                    .to_owned(),
            )
            .await
    }
}
