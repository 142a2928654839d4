//! Reminders the server sends on its own as time passes: a summary record agreed when its silence
//! procedure ends without a break, and an action that has become overdue. Each row keeps when its
//! reminder falls due and whether it went out, so that each is sent once, by whichever server
//! instance gets there first.
//!
//! Records circulated before this migration get their deadline from their stored versions; a
//! deadline already past, or an action already overdue, counts as reminded (nobody is told today
//! about something that happened long ago).

use chrono::Utc;
use entente_domain::consultation::RecordVersion;
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SummaryRecord {
    Table,
    Id,
    Versions,
    SilenceDeadline,
    AgreedNoticeVersion,
}

#[derive(DeriveIden)]
enum FollowUp {
    Table,
    DueOn,
    OverdueNoticedAt,
}

fn custom(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(e.to_string())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for col in [
            ColumnDef::new(SummaryRecord::SilenceDeadline).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(SummaryRecord::AgreedNoticeVersion).integer().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(SummaryRecord::Table).add_column(col).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(FollowUp::Table)
                    .add_column(ColumnDef::new(FollowUp::OverdueNoticedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_summary_record_silence_deadline")
                    .table(SummaryRecord::Table)
                    .col(SummaryRecord::SilenceDeadline)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_follow_up_due_on").table(FollowUp::Table).col(FollowUp::DueOn).to_owned(),
            )
            .await?;

        // Backfill.
        let now = Utc::now();
        let db = manager.get_connection();
        let select =
            Query::select().columns([SummaryRecord::Id, SummaryRecord::Versions]).from(SummaryRecord::Table).to_owned();
        for row in db.query_all(&select).await? {
            let id: i64 = row.try_get("", "id")?;
            let text: String = row.try_get("", "versions")?;
            let versions: Vec<RecordVersion> =
                serde_json::from_str(&text).map_err(|e| custom(format!("summary_record {id}: versions: {e}")))?;
            let Some((number, c)) =
                versions.iter().filter_map(|v| v.circulation.as_ref().map(|c| (v.number, c))).max_by_key(|(_, c)| c.at)
            else {
                continue;
            };
            let mut update = Query::update();
            update
                .table(SummaryRecord::Table)
                .value(SummaryRecord::SilenceDeadline, c.deadline)
                .and_where(Expr::col(SummaryRecord::Id).eq(id));
            if c.deadline <= now {
                update.value(
                    SummaryRecord::AgreedNoticeVersion,
                    <i32 as TryFrom<u32>>::try_from(number).map_err(custom)?,
                );
            }
            manager.exec_stmt(update.to_owned()).await?;
        }
        let overdue = Query::update()
            .table(FollowUp::Table)
            .value(FollowUp::OverdueNoticedAt, now)
            .and_where(Expr::col(FollowUp::DueOn).lt(now.date_naive()))
            .to_owned();
        manager.exec_stmt(overdue).await?;
        Ok(())
    }
}
