//! After the activity: attendance and completion per participant, each nation's feedback, and
//! the provider's after-action report (one per activity, written with a version check).

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
                    .table(a("attendance"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("activity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("nation")).string_len(8).not_null())
                    .col(ColumnDef::new(a("participant")).string_len(400).not_null())
                    .col(ColumnDef::new(a("attended")).boolean().not_null())
                    .col(ColumnDef::new(a("completed")).boolean().not_null())
                    .col(ColumnDef::new(a("recorded_by")).string_len(200).not_null())
                    .col(ColumnDef::new(a("recorded_at")).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_attendance")
                    .table(a("attendance"))
                    .col(a("activity_id"))
                    .col(a("nation"))
                    .col(a("participant"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Prerequisites: the activities a nation's participants completed.
        manager
            .create_index(
                Index::create()
                    .name("ix_attendance_nation")
                    .table(a("attendance"))
                    .col(a("nation"))
                    .col(a("completed"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("activity_feedback"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("activity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("nation")).string_len(8).not_null())
                    .col(ColumnDef::new(a("relevance")).small_integer().not_null())
                    .col(ColumnDef::new(a("quality")).small_integer().not_null())
                    .col(ColumnDef::new(a("organisation")).small_integer().not_null())
                    .col(ColumnDef::new(a("comment")).text().not_null())
                    .col(ColumnDef::new(a("given_by")).string_len(200).not_null())
                    .col(ColumnDef::new(a("given_at")).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_activity_feedback")
                    .table(a("activity_feedback"))
                    .col(a("activity_id"))
                    .col(a("nation"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("after_action_report"))
                    .col(ColumnDef::new(a("activity_id")).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(a("body")).text().not_null())
                    .col(ColumnDef::new(a("written_by")).string_len(200).not_null())
                    .col(ColumnDef::new(a("written_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("version")).big_integer().not_null())
                    .to_owned(),
            )
            .await
    }
}
