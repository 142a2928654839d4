//! The GDELT event ids each import counted, as ranges (`GLOBALEVENTID`s come in sequence, so a
//! file is a few ranges): a later import skips the events an earlier one counted.

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
                    .table(a("event_id_range"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("source")).string_len(16).not_null())
                    .col(ColumnDef::new(a("first_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("last_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("import_id")).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_event_id_range")
                    .table(a("event_id_range"))
                    .col(a("source"))
                    .col(a("first_id"))
                    .to_owned(),
            )
            .await
    }
}
