//! Practical cooperation: the cooperation menu's activities (with their workflow history), the
//! nations' seat requests, and the allocations the engine computes from them (one row per
//! request answered, with the explanation in English and French).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Activity {
    Table,
    Id,
    Code,
    TitleEn,
    TitleFr,
    AimEn,
    AimFr,
    Area,
    Kind,
    ProviderNation,
    ProviderInstitution,
    StartDate,
    EndDate,
    Deadline,
    Location,
    Languages,
    Seats,
    NationCap,
    Frameworks,
    Prerequisites,
    FeeEur,
    MarkingId,
    ProposerNation,
    ProposedBy,
    Status,
    PublishedAt,
    History,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum SeatRequest {
    Table,
    Id,
    ActivityId,
    Nation,
    Seats,
    Priority,
    Nominees,
    SubmittedAt,
    SubmittedBy,
    Status,
    Version,
}

#[derive(DeriveIden)]
enum AllocationRun {
    Table,
    Id,
    Title,
    Mechanism,
    Seed,
    Activities,
    Report,
    CreatedAt,
    CreatedBy,
    Status,
    PublishedAt,
    Supersedes,
    Version,
}

#[derive(DeriveIden)]
enum AllocationLine {
    Table,
    Id,
    RunId,
    RequestId,
    Nation,
    ActivityId,
    Asked,
    Granted,
    Placed,
    ExplanationEn,
    ExplanationFr,
}

#[derive(DeriveIden)]
enum Marking {
    Table,
    Id,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    manager.create_index(i).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Activity::Table)
                    .col(id(Activity::Id))
                    .col(ColumnDef::new(Activity::Code).string_len(32).not_null())
                    .col(ColumnDef::new(Activity::TitleEn).text().not_null())
                    .col(ColumnDef::new(Activity::TitleFr).text().not_null())
                    .col(ColumnDef::new(Activity::AimEn).text().not_null())
                    .col(ColumnDef::new(Activity::AimFr).text().not_null())
                    .col(ColumnDef::new(Activity::Area).string_len(16).not_null())
                    .col(ColumnDef::new(Activity::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Activity::ProviderNation).string_len(16).null())
                    .col(ColumnDef::new(Activity::ProviderInstitution).text().null())
                    .col(ColumnDef::new(Activity::StartDate).date().not_null())
                    .col(ColumnDef::new(Activity::EndDate).date().not_null())
                    .col(ColumnDef::new(Activity::Deadline).date().not_null())
                    .col(ColumnDef::new(Activity::Location).text().not_null())
                    .col(ColumnDef::new(Activity::Languages).string_len(32).not_null())
                    .col(ColumnDef::new(Activity::Seats).integer().not_null())
                    .col(ColumnDef::new(Activity::NationCap).integer().null())
                    .col(ColumnDef::new(Activity::Frameworks).text().not_null())
                    .col(ColumnDef::new(Activity::Prerequisites).text().not_null())
                    .col(ColumnDef::new(Activity::FeeEur).integer().not_null())
                    .col(ColumnDef::new(Activity::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(Activity::ProposerNation).string_len(16).null())
                    .col(ColumnDef::new(Activity::ProposedBy).text().not_null())
                    .col(ColumnDef::new(Activity::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Activity::PublishedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Activity::History).text().not_null())
                    .col(ColumnDef::new(Activity::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Activity::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Activity::Version).big_integer().not_null().default(0))
                    .foreign_key(
                        ForeignKey::create().from(Activity::Table, Activity::MarkingId).to(Marking::Table, Marking::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ux_activity_code", Activity::Table, &["code"], true).await?;
        index(manager, "ix_activity_start", Activity::Table, &["start_date", "id"], false).await?;
        index(manager, "ix_activity_area", Activity::Table, &["area", "start_date"], false).await?;
        index(manager, "ix_activity_status", Activity::Table, &["status", "deadline"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(SeatRequest::Table)
                    .col(id(SeatRequest::Id))
                    .col(ColumnDef::new(SeatRequest::ActivityId).big_integer().not_null())
                    .col(ColumnDef::new(SeatRequest::Nation).string_len(16).not_null())
                    .col(ColumnDef::new(SeatRequest::Seats).integer().not_null())
                    .col(ColumnDef::new(SeatRequest::Priority).integer().not_null())
                    .col(ColumnDef::new(SeatRequest::Nominees).text().not_null())
                    .col(ColumnDef::new(SeatRequest::SubmittedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(SeatRequest::SubmittedBy).text().not_null())
                    .col(ColumnDef::new(SeatRequest::Status).string_len(16).not_null())
                    .col(ColumnDef::new(SeatRequest::Version).big_integer().not_null().default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SeatRequest::Table, SeatRequest::ActivityId)
                            .to(Activity::Table, Activity::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One request per nation and activity: a nation changes its request, it does not add one.
        index(manager, "ux_seat_request_activity_nation", SeatRequest::Table, &["activity_id", "nation"], true).await?;
        index(manager, "ix_seat_request_nation", SeatRequest::Table, &["nation", "activity_id"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(AllocationRun::Table)
                    .col(id(AllocationRun::Id))
                    .col(ColumnDef::new(AllocationRun::Title).text().not_null())
                    .col(ColumnDef::new(AllocationRun::Mechanism).string_len(32).not_null())
                    .col(ColumnDef::new(AllocationRun::Seed).big_integer().not_null())
                    .col(ColumnDef::new(AllocationRun::Activities).text().not_null())
                    .col(ColumnDef::new(AllocationRun::Report).text().not_null())
                    .col(ColumnDef::new(AllocationRun::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AllocationRun::CreatedBy).text().not_null())
                    .col(ColumnDef::new(AllocationRun::Status).string_len(16).not_null())
                    .col(ColumnDef::new(AllocationRun::PublishedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(AllocationRun::Supersedes).big_integer().null())
                    .col(ColumnDef::new(AllocationRun::Version).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AllocationLine::Table)
                    .col(id(AllocationLine::Id))
                    .col(ColumnDef::new(AllocationLine::RunId).big_integer().not_null())
                    .col(ColumnDef::new(AllocationLine::RequestId).big_integer().not_null())
                    .col(ColumnDef::new(AllocationLine::Nation).string_len(16).not_null())
                    .col(ColumnDef::new(AllocationLine::ActivityId).big_integer().not_null())
                    .col(ColumnDef::new(AllocationLine::Asked).integer().not_null())
                    .col(ColumnDef::new(AllocationLine::Granted).integer().not_null())
                    .col(ColumnDef::new(AllocationLine::Placed).text().not_null())
                    .col(ColumnDef::new(AllocationLine::ExplanationEn).text().not_null())
                    .col(ColumnDef::new(AllocationLine::ExplanationFr).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AllocationLine::Table, AllocationLine::RunId)
                            .to(AllocationRun::Table, AllocationRun::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_allocation_line_run_nation", AllocationLine::Table, &["run_id", "nation"], false).await?;
        Ok(())
    }
}
