//! The registry's version: one row that every write to the registry (nations, memberships, sizes,
//! groupings, formats) bumps in its own transaction, so a server holding the registry in memory
//! sees in one cheap read whether it is still current — also when another process wrote.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RegistryVersion {
    Table,
    Id,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RegistryVersion::Table)
                    .col(ColumnDef::new(RegistryVersion::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(RegistryVersion::Version).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        let insert = Query::insert()
            .into_table(RegistryVersion::Table)
            .columns([RegistryVersion::Id, RegistryVersion::Version])
            .values([1.into(), 0.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(insert).await
    }
}
