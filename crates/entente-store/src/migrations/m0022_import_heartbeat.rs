//! A running event import says it is alive: the time its process last said so. An import whose
//! process stopped is told from one that another process (the CLI beside a server, or a second
//! server on the same PostgreSQL) is still running by how long it has been silent.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventImport {
    Table,
    HeartbeatAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(EventImport::Table)
                    .add_column(ColumnDef::new(EventImport::HeartbeatAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }
}
