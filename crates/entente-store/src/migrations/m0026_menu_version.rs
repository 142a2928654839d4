//! The cooperation menu held in memory: one row that every write to an activity bumps in its
//! transaction, and on each activity the version that last wrote it. A server sees in one cheap
//! read whether its copy of the menu is current — also when another process wrote — and reads
//! back only the activities written since.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MenuVersion {
    Table,
    Id,
    Version,
}

#[derive(DeriveIden)]
enum Activity {
    Table,
    MenuSeq,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MenuVersion::Table)
                    .col(ColumnDef::new(MenuVersion::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(MenuVersion::Version).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        let insert = Query::insert()
            .into_table(MenuVersion::Table)
            .columns([MenuVersion::Id, MenuVersion::Version])
            .values([1.into(), 0.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(insert).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Activity::Table)
                    .add_column(ColumnDef::new(Activity::MenuSeq).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("activity_menu_seq").table(Activity::Table).col(Activity::MenuSeq).to_owned(),
            )
            .await
    }
}
