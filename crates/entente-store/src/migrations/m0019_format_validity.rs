//! The days a format exists: a council from its founding, a commission until it was replaced.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Format {
    Table,
    ValidFrom,
    ValidTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for column in [Format::ValidFrom, Format::ValidTo] {
            manager
                .alter_table(
                    Table::alter().table(Format::Table).add_column(ColumnDef::new(column).date().null()).to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
