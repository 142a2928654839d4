//! Staff corrections of a decision's text and of an action's title, owner or due date, each
//! keeping what it replaced (JSON arrays).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Decision {
    Table,
    Revisions,
}

#[derive(DeriveIden)]
enum FollowUp {
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
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FollowUp::Table)
                    .add_column(ColumnDef::new(FollowUp::Revisions).text().not_null().default("[]"))
                    .to_owned(),
            )
            .await
    }
}
