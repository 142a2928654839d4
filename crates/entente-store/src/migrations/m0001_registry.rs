//! The partner-network registry: nations, frameworks, membership periods, regional groupings,
//! points of contact and formats.

use entente_domain::registry::FRAMEWORKS;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Nation {
    Table,
    Id,
    Code,
    Name,
    NameFr,
    Kind,
    Region,
    PopulationMillions,
    GdpUsdBillions,
    SizeYear,
    SizeSource,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Framework {
    Table,
    Id,
    Code,
    Name,
    NameFr,
    Short,
    Role,
    Launched,
    Description,
    DescriptionFr,
    Position,
}

#[derive(DeriveIden)]
enum Membership {
    Table,
    Id,
    NationId,
    FrameworkId,
    Kind,
    Joined,
    JoinedOn,
    Left,
    LeftOn,
    EndReason,
    Note,
}

#[derive(DeriveIden)]
enum Grouping {
    Table,
    Id,
    Code,
    Name,
    NameFr,
    Kind,
    Note,
}

#[derive(DeriveIden)]
enum GroupingMember {
    Table,
    GroupingId,
    NationId,
}

#[derive(DeriveIden)]
enum Contact {
    Table,
    Id,
    NationId,
    Name,
    Role,
    Email,
    Phone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Format {
    Table,
    Id,
    Slug,
    Name,
    NameFr,
    Description,
    DescriptionFr,
    IncludeAllies,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FormatFramework {
    Table,
    FormatId,
    FrameworkId,
}

#[derive(DeriveIden)]
enum FormatPartner {
    Table,
    FormatId,
    NationId,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from_table, from_col).to(to_table, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Nation::Table)
                    .col(id(Nation::Id))
                    .col(ColumnDef::new(Nation::Code).string_len(8).not_null().unique_key())
                    .col(ColumnDef::new(Nation::Name).string().not_null())
                    .col(ColumnDef::new(Nation::NameFr).string().null())
                    .col(ColumnDef::new(Nation::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Nation::Region).string().null())
                    .col(ColumnDef::new(Nation::PopulationMillions).double().null())
                    .col(ColumnDef::new(Nation::GdpUsdBillions).double().null())
                    .col(ColumnDef::new(Nation::SizeYear).integer().null())
                    .col(ColumnDef::new(Nation::SizeSource).string().null())
                    .col(ColumnDef::new(Nation::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Nation::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Framework::Table)
                    .col(id(Framework::Id))
                    .col(ColumnDef::new(Framework::Code).string_len(16).not_null().unique_key())
                    .col(ColumnDef::new(Framework::Name).string().not_null())
                    .col(ColumnDef::new(Framework::NameFr).string().not_null())
                    .col(ColumnDef::new(Framework::Short).string().not_null())
                    .col(ColumnDef::new(Framework::Role).string_len(16).not_null())
                    .col(ColumnDef::new(Framework::Launched).string_len(10).not_null())
                    .col(ColumnDef::new(Framework::Description).text().not_null())
                    .col(ColumnDef::new(Framework::DescriptionFr).text().not_null())
                    .col(ColumnDef::new(Framework::Position).integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Membership::Table)
                    .col(id(Membership::Id))
                    .col(ColumnDef::new(Membership::NationId).big_integer().not_null())
                    .col(ColumnDef::new(Membership::FrameworkId).big_integer().not_null())
                    .col(ColumnDef::new(Membership::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Membership::Joined).string_len(10).not_null())
                    .col(ColumnDef::new(Membership::JoinedOn).date().not_null())
                    .col(ColumnDef::new(Membership::Left).string_len(10).null())
                    .col(ColumnDef::new(Membership::LeftOn).date().null())
                    .col(ColumnDef::new(Membership::EndReason).string_len(16).null())
                    .col(ColumnDef::new(Membership::Note).text().not_null())
                    .foreign_key(&mut fk(Membership::Table, Membership::NationId, Nation::Table, Nation::Id))
                    .foreign_key(&mut fk(Membership::Table, Membership::FrameworkId, Framework::Table, Framework::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_membership_period")
                    .table(Membership::Table)
                    .col(Membership::NationId)
                    .col(Membership::FrameworkId)
                    .col(Membership::JoinedOn)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_membership_framework_dates")
                    .table(Membership::Table)
                    .col(Membership::FrameworkId)
                    .col(Membership::JoinedOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Grouping::Table)
                    .col(id(Grouping::Id))
                    .col(ColumnDef::new(Grouping::Code).string_len(16).not_null().unique_key())
                    .col(ColumnDef::new(Grouping::Name).string().not_null())
                    .col(ColumnDef::new(Grouping::NameFr).string().not_null())
                    .col(ColumnDef::new(Grouping::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Grouping::Note).text().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupingMember::Table)
                    .col(ColumnDef::new(GroupingMember::GroupingId).big_integer().not_null())
                    .col(ColumnDef::new(GroupingMember::NationId).big_integer().not_null())
                    .primary_key(Index::create().col(GroupingMember::GroupingId).col(GroupingMember::NationId))
                    .foreign_key(&mut fk(
                        GroupingMember::Table,
                        GroupingMember::GroupingId,
                        Grouping::Table,
                        Grouping::Id,
                    ))
                    .foreign_key(&mut fk(GroupingMember::Table, GroupingMember::NationId, Nation::Table, Nation::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Contact::Table)
                    .col(id(Contact::Id))
                    .col(ColumnDef::new(Contact::NationId).big_integer().not_null())
                    .col(ColumnDef::new(Contact::Name).string().not_null())
                    .col(ColumnDef::new(Contact::Role).string().not_null())
                    .col(ColumnDef::new(Contact::Email).string().null())
                    .col(ColumnDef::new(Contact::Phone).string().null())
                    .col(ColumnDef::new(Contact::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(Contact::Table, Contact::NationId, Nation::Table, Nation::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Format::Table)
                    .col(id(Format::Id))
                    .col(ColumnDef::new(Format::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Format::Name).string().not_null())
                    .col(ColumnDef::new(Format::NameFr).string().not_null())
                    .col(ColumnDef::new(Format::Description).text().not_null())
                    .col(ColumnDef::new(Format::DescriptionFr).text().not_null())
                    .col(ColumnDef::new(Format::IncludeAllies).boolean().not_null())
                    .col(ColumnDef::new(Format::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FormatFramework::Table)
                    .col(ColumnDef::new(FormatFramework::FormatId).big_integer().not_null())
                    .col(ColumnDef::new(FormatFramework::FrameworkId).big_integer().not_null())
                    .primary_key(Index::create().col(FormatFramework::FormatId).col(FormatFramework::FrameworkId))
                    .foreign_key(&mut fk(FormatFramework::Table, FormatFramework::FormatId, Format::Table, Format::Id))
                    .foreign_key(&mut fk(
                        FormatFramework::Table,
                        FormatFramework::FrameworkId,
                        Framework::Table,
                        Framework::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FormatPartner::Table)
                    .col(ColumnDef::new(FormatPartner::FormatId).big_integer().not_null())
                    .col(ColumnDef::new(FormatPartner::NationId).big_integer().not_null())
                    .primary_key(Index::create().col(FormatPartner::FormatId).col(FormatPartner::NationId))
                    .foreign_key(&mut fk(FormatPartner::Table, FormatPartner::FormatId, Format::Table, Format::Id))
                    .foreign_key(&mut fk(FormatPartner::Table, FormatPartner::NationId, Nation::Table, Nation::Id))
                    .to_owned(),
            )
            .await?;

        // The framework catalogue is reference data: seeded here, referenced by imports.
        let mut insert = Query::insert()
            .into_table(Framework::Table)
            .columns([
                Framework::Code,
                Framework::Name,
                Framework::NameFr,
                Framework::Short,
                Framework::Role,
                Framework::Launched,
                Framework::Description,
                Framework::DescriptionFr,
                Framework::Position,
            ])
            .to_owned();
        for (i, f) in FRAMEWORKS.iter().enumerate() {
            let position = <i32 as TryFrom<usize>>::try_from(i).unwrap_or(i32::MAX);
            insert
                .values([
                    f.code.into(),
                    f.name.into(),
                    f.name_fr.into(),
                    f.short.into(),
                    f.role.as_str().into(),
                    f.launched.into(),
                    f.description.into(),
                    f.description_fr.into(),
                    position.into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        manager.exec_stmt(insert).await?;
        Ok(())
    }
}
