//! Alert subscriptions and feeds: one row per account naming the places and categories of the
//! alerts it is told of, how (inbox, e-mail), and the SHA-256 of its secret alert feed address.
//! An alert is announced to subscribers once: `alert.announced_at` is set in the transaction
//! that writes the notices, so of two server instances only one announces it. Alerts stored
//! before this migration count as announced (nobody subscribed to them).

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
                    .table(a("alert_subscription"))
                    .col(col("id").big_integer().not_null().auto_increment().primary_key())
                    .col(col("account_id").big_integer().not_null().unique_key())
                    // Codes separated by spaces: ISO 3166 alpha-3, grouping codes, categories.
                    .col(col("countries").text().not_null())
                    .col(col("regions").text().not_null())
                    .col(col("categories").text().not_null())
                    .col(col("delivery").string_len(16).not_null())
                    .col(col("feed_token_hash").string_len(64).null().unique_key())
                    .col(col("feed_last_used_at").timestamp_with_time_zone().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("updated_at").timestamp_with_time_zone().not_null())
                    .col(col("version").big_integer().not_null().default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(a("alert_subscription"), a("account_id"))
                            .to(a("account"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("alert"))
                    .add_column(col("announced_at").timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE alert SET announced_at = detected_at").await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_alert_announced")
                    .table(a("alert"))
                    .col(a("announced_at"))
                    .col(a("id"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
