//! Staff corrections of a decision's text, each keeping the text it replaced (JSON array).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Decision {
    Table,
    Revisions,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Decision::Table)
                    .add_column(ColumnDef::new(Decision::Revisions).text().not_null().default("[]"))
                    .to_owned(),
            )
            .await
    }
}
