//! A paper's author may reword or withdraw it before the meeting: when it was withdrawn, and the
//! row's version for writes that name the version they read.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Paper {
    Table,
    WithdrawnAt,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Paper::Table)
                    .add_column(ColumnDef::new(Paper::WithdrawnAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Paper::Table)
                    .add_column(ColumnDef::new(Paper::Version).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await
    }
}
