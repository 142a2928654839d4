//! Documents attached to a shared security-challenge report: the forum's document rules (type
//! recognised from the bytes, size limit), stored as a meeting's documents are — under their
//! SHA-256 in the files directory when one is configured, else in the row. An attachment has no
//! marking of its own: whoever may see the report sees its documents, and nobody else.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("report_attachment"))
                    .col(col("id").big_integer().not_null().auto_increment().primary_key())
                    .col(col("report_id").big_integer().not_null())
                    .col(col("file_name").string().not_null())
                    .col(col("content_type").string_len(128).not_null())
                    .col(col("size_bytes").big_integer().not_null())
                    .col(col("sha256").string_len(64).not_null())
                    .col(col("storage").string_len(8).not_null())
                    .col(col("data").binary().null())
                    .col(col("author_id").big_integer().not_null())
                    .col(col("author_nation").string_len(16).null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(a("report_attachment"), a("report_id"))
                            .to(a("security_report"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_report_attachment_report")
                    .table(a("report_attachment"))
                    .col(a("report_id"))
                    .to_owned(),
            )
            .await
    }
}
