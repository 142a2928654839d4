//! Notifications: the in-app inbox (one row per recipient account, both languages), the e-mail
//! outbox drained by the mailer (nothing is lost while the relay is down: a row stays until it is
//! sent, with every failed attempt kept), and the per-user calendar feed tokens (hashed).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    AccountId,
    Kind,
    SubjectEn,
    BodyEn,
    SubjectFr,
    BodyFr,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    ToAddress,
    Subject,
    Body,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
    Errors,
}

#[derive(DeriveIden)]
enum CalendarFeed {
    Table,
    Id,
    AccountId,
    TokenHash,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn to_account(from_table: impl IntoIden, from_col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(Account::Table, Account::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: &[&str]) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(Alias::new(*c));
    }
    manager.create_index(i).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notification::Table)
                    .col(id(Notification::Id))
                    .col(ColumnDef::new(Notification::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Notification::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Notification::SubjectEn).text().not_null())
                    .col(ColumnDef::new(Notification::BodyEn).text().not_null())
                    .col(ColumnDef::new(Notification::SubjectFr).text().not_null())
                    .col(ColumnDef::new(Notification::BodyFr).text().not_null())
                    .col(ColumnDef::new(Notification::Link).string().not_null())
                    .col(ColumnDef::new(Notification::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Notification::ReadAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut to_account(Notification::Table, Notification::AccountId))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_notification_account", Notification::Table, &["account_id", "id"]).await?;
        index(manager, "ix_notification_unread", Notification::Table, &["account_id", "read_at"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .col(id(EmailOutbox::Id))
                    .col(ColumnDef::new(EmailOutbox::ToAddress).string().not_null())
                    .col(ColumnDef::new(EmailOutbox::Subject).text().not_null())
                    .col(ColumnDef::new(EmailOutbox::Body).text().not_null())
                    .col(ColumnDef::new(EmailOutbox::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(EmailOutbox::Attempts).integer().not_null())
                    .col(ColumnDef::new(EmailOutbox::NextAttemptAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(EmailOutbox::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(EmailOutbox::LastError).text().null())
                    .col(ColumnDef::new(EmailOutbox::Errors).text().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_email_outbox_due", EmailOutbox::Table, &["sent_at", "next_attempt_at"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeed::Table)
                    .col(id(CalendarFeed::Id))
                    .col(ColumnDef::new(CalendarFeed::AccountId).big_integer().not_null().unique_key())
                    .col(ColumnDef::new(CalendarFeed::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(CalendarFeed::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CalendarFeed::LastUsedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut to_account(CalendarFeed::Table, CalendarFeed::AccountId))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
