//! Individually Tailored Partnership Programmes: one row per partner holding the working plan,
//! its comments and assessments (one aggregate, written with a version check), one row per agreed
//! version (kept for good), and the goal a seat request serves.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programme {
    Table,
    Id,
    Nation,
    Plan,
    NextKey,
    Comments,
    Assessments,
    OpenedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ProgrammeVersion {
    Table,
    Id,
    ProgrammeId,
    Number,
    Plan,
    AgreedAt,
    AgreedBy,
}

#[derive(DeriveIden)]
enum SeatRequest {
    Table,
    Goal,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let id = |c: Programme| ColumnDef::new(c).big_integer().not_null().auto_increment().primary_key().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(Programme::Table)
                    .col(id(Programme::Id))
                    .col(ColumnDef::new(Programme::Nation).string_len(16).not_null())
                    .col(ColumnDef::new(Programme::Plan).text().not_null())
                    .col(ColumnDef::new(Programme::NextKey).integer().not_null())
                    .col(ColumnDef::new(Programme::Comments).text().not_null())
                    .col(ColumnDef::new(Programme::Assessments).text().not_null())
                    .col(ColumnDef::new(Programme::OpenedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Programme::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Programme::Version).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_programme_nation")
                    .table(Programme::Table)
                    .col(Programme::Nation)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeVersion::Table)
                    .col(ColumnDef::new(ProgrammeVersion::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ProgrammeVersion::ProgrammeId).big_integer().not_null())
                    .col(ColumnDef::new(ProgrammeVersion::Number).integer().not_null())
                    .col(ColumnDef::new(ProgrammeVersion::Plan).text().not_null())
                    .col(ColumnDef::new(ProgrammeVersion::AgreedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ProgrammeVersion::AgreedBy).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProgrammeVersion::Table, ProgrammeVersion::ProgrammeId)
                            .to(Programme::Table, Programme::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_programme_version_number")
                    .table(ProgrammeVersion::Table)
                    .col(ProgrammeVersion::ProgrammeId)
                    .col(ProgrammeVersion::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SeatRequest::Table)
                    .add_column(ColumnDef::new(SeatRequest::Goal).integer().null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
