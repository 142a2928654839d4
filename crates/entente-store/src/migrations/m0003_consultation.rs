//! The consultation forum: meetings (with their format as rules, never as a list of attendees),
//! agenda items, documents and national statements, summary records under silence procedure,
//! decisions and actions, consultation requests and scheduling polls. Histories are append-only
//! JSON arrays beside the columns that queries and visibility need.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Meeting {
    Table,
    Id,
    Title,
    Level,
    IncludeAllies,
    StartAt,
    EndAt,
    MeetingDate,
    TimeZone,
    Venue,
    RequestId,
    Sequence,
    Status,
    History,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeetingFramework {
    Table,
    MeetingId,
    FrameworkCode,
}

#[derive(DeriveIden)]
enum MeetingPartner {
    Table,
    MeetingId,
    NationCode,
}

#[derive(DeriveIden)]
enum AgendaItem {
    Table,
    Id,
    MeetingId,
    Title,
    Description,
    Position,
    ProposedBy,
    Status,
    History,
    MarkingId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Paper {
    Table,
    Id,
    MeetingId,
    AgendaItemId,
    Kind,
    Title,
    Body,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    Storage,
    Data,
    AuthorNation,
    AuthorAccountId,
    MarkingId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SummaryRecord {
    Table,
    Id,
    MeetingId,
    MarkingId,
    Versions,
    Breaks,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    MeetingId,
    Text,
    MarkingId,
    RecordedBy,
    RecordedAt,
    Positions,
}

#[derive(DeriveIden)]
enum FollowUp {
    Table,
    Id,
    MeetingId,
    DecisionId,
    Title,
    OwnerNation,
    DueOn,
    Status,
    History,
    MarkingId,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConsultationRequest {
    Table,
    Id,
    RequesterNation,
    Basis,
    Threat,
    MarkingId,
    State,
    MeetingId,
    MeetingStart,
    SubmittedAt,
    AcknowledgedAt,
    HeldAt,
    History,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Poll {
    Table,
    Id,
    MeetingId,
    Title,
    CreatedBy,
    CreatedAt,
    Options,
    HideResults,
    ClosesAt,
    ClosedAt,
    Votes,
}

#[derive(DeriveIden)]
enum Marking {
    Table,
    Id,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn cascade(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from_table, from_col).to(to_table, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: Vec<Alias>) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(c);
    }
    manager.create_index(i).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meeting::Table)
                    .col(id(Meeting::Id))
                    .col(ColumnDef::new(Meeting::Title).string().not_null())
                    .col(ColumnDef::new(Meeting::Level).string_len(32).not_null())
                    .col(ColumnDef::new(Meeting::IncludeAllies).boolean().not_null())
                    .col(ColumnDef::new(Meeting::StartAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Meeting::EndAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Meeting::MeetingDate).date().not_null())
                    .col(ColumnDef::new(Meeting::TimeZone).string_len(64).not_null())
                    .col(ColumnDef::new(Meeting::Venue).text().not_null())
                    .col(ColumnDef::new(Meeting::RequestId).big_integer().null())
                    .col(ColumnDef::new(Meeting::Sequence).integer().not_null())
                    .col(ColumnDef::new(Meeting::Status).string_len(32).not_null())
                    .col(ColumnDef::new(Meeting::History).text().not_null())
                    .col(ColumnDef::new(Meeting::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Meeting::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_meeting_start", Meeting::Table, vec![Alias::new("start_at")]).await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingFramework::Table)
                    .col(ColumnDef::new(MeetingFramework::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(MeetingFramework::FrameworkCode).string_len(16).not_null())
                    .primary_key(Index::create().col(MeetingFramework::MeetingId).col(MeetingFramework::FrameworkCode))
                    .foreign_key(&mut cascade(
                        MeetingFramework::Table,
                        MeetingFramework::MeetingId,
                        Meeting::Table,
                        Meeting::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingPartner::Table)
                    .col(ColumnDef::new(MeetingPartner::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(MeetingPartner::NationCode).string_len(16).not_null())
                    .primary_key(Index::create().col(MeetingPartner::MeetingId).col(MeetingPartner::NationCode))
                    .foreign_key(&mut cascade(
                        MeetingPartner::Table,
                        MeetingPartner::MeetingId,
                        Meeting::Table,
                        Meeting::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AgendaItem::Table)
                    .col(id(AgendaItem::Id))
                    .col(ColumnDef::new(AgendaItem::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(AgendaItem::Title).string().not_null())
                    .col(ColumnDef::new(AgendaItem::Description).text().not_null())
                    .col(ColumnDef::new(AgendaItem::Position).integer().null())
                    .col(ColumnDef::new(AgendaItem::ProposedBy).text().not_null())
                    .col(ColumnDef::new(AgendaItem::Status).string_len(32).not_null())
                    .col(ColumnDef::new(AgendaItem::History).text().not_null())
                    .col(ColumnDef::new(AgendaItem::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(AgendaItem::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(AgendaItem::Table, AgendaItem::MeetingId, Meeting::Table, Meeting::Id))
                    .foreign_key(&mut cascade(AgendaItem::Table, AgendaItem::MarkingId, Marking::Table, Marking::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_agenda_meeting", AgendaItem::Table, vec![Alias::new("meeting_id")]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Paper::Table)
                    .col(id(Paper::Id))
                    .col(ColumnDef::new(Paper::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(Paper::AgendaItemId).big_integer().null())
                    .col(ColumnDef::new(Paper::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Paper::Title).string().not_null())
                    .col(ColumnDef::new(Paper::Body).text().not_null())
                    .col(ColumnDef::new(Paper::FileName).string().null())
                    .col(ColumnDef::new(Paper::ContentType).string_len(128).null())
                    .col(ColumnDef::new(Paper::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(Paper::Sha256).string_len(64).null())
                    .col(ColumnDef::new(Paper::Storage).string_len(8).not_null())
                    .col(ColumnDef::new(Paper::Data).binary().null())
                    .col(ColumnDef::new(Paper::AuthorNation).string_len(16).null())
                    .col(ColumnDef::new(Paper::AuthorAccountId).big_integer().not_null())
                    .col(ColumnDef::new(Paper::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(Paper::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(Paper::Table, Paper::MeetingId, Meeting::Table, Meeting::Id))
                    .foreign_key(&mut cascade(Paper::Table, Paper::MarkingId, Marking::Table, Marking::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_paper_meeting", Paper::Table, vec![Alias::new("meeting_id")]).await?;
        manager
            .create_table(
                Table::create()
                    .table(SummaryRecord::Table)
                    .col(id(SummaryRecord::Id))
                    .col(ColumnDef::new(SummaryRecord::MeetingId).big_integer().not_null().unique_key())
                    .col(ColumnDef::new(SummaryRecord::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(SummaryRecord::Versions).text().not_null())
                    .col(ColumnDef::new(SummaryRecord::Breaks).text().not_null())
                    .col(ColumnDef::new(SummaryRecord::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(
                        SummaryRecord::Table,
                        SummaryRecord::MeetingId,
                        Meeting::Table,
                        Meeting::Id,
                    ))
                    .foreign_key(&mut cascade(
                        SummaryRecord::Table,
                        SummaryRecord::MarkingId,
                        Marking::Table,
                        Marking::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Decision::Table)
                    .col(id(Decision::Id))
                    .col(ColumnDef::new(Decision::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(Decision::Text).text().not_null())
                    .col(ColumnDef::new(Decision::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(Decision::RecordedBy).text().not_null())
                    .col(ColumnDef::new(Decision::RecordedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Decision::Positions).text().not_null())
                    .foreign_key(&mut cascade(Decision::Table, Decision::MeetingId, Meeting::Table, Meeting::Id))
                    .foreign_key(&mut cascade(Decision::Table, Decision::MarkingId, Marking::Table, Marking::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUp::Table)
                    .col(id(FollowUp::Id))
                    .col(ColumnDef::new(FollowUp::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUp::DecisionId).big_integer().null())
                    .col(ColumnDef::new(FollowUp::Title).string().not_null())
                    .col(ColumnDef::new(FollowUp::OwnerNation).string_len(16).not_null())
                    .col(ColumnDef::new(FollowUp::DueOn).date().not_null())
                    .col(ColumnDef::new(FollowUp::Status).string_len(32).not_null())
                    .col(ColumnDef::new(FollowUp::History).text().not_null())
                    .col(ColumnDef::new(FollowUp::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUp::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(FollowUp::Table, FollowUp::MeetingId, Meeting::Table, Meeting::Id))
                    .foreign_key(&mut cascade(FollowUp::Table, FollowUp::MarkingId, Marking::Table, Marking::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_follow_up_owner", FollowUp::Table, vec![Alias::new("owner_nation"), Alias::new("due_on")])
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConsultationRequest::Table)
                    .col(id(ConsultationRequest::Id))
                    .col(ColumnDef::new(ConsultationRequest::RequesterNation).string_len(16).not_null())
                    .col(ColumnDef::new(ConsultationRequest::Basis).string_len(32).not_null())
                    .col(ColumnDef::new(ConsultationRequest::Threat).text().not_null())
                    .col(ColumnDef::new(ConsultationRequest::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(ConsultationRequest::State).string_len(32).not_null())
                    .col(ColumnDef::new(ConsultationRequest::MeetingId).big_integer().null())
                    .col(ColumnDef::new(ConsultationRequest::MeetingStart).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ConsultationRequest::SubmittedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ConsultationRequest::AcknowledgedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ConsultationRequest::HeldAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ConsultationRequest::History).text().not_null())
                    .col(ColumnDef::new(ConsultationRequest::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(
                        ConsultationRequest::Table,
                        ConsultationRequest::MarkingId,
                        Marking::Table,
                        Marking::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_request_nation", ConsultationRequest::Table, vec![Alias::new("requester_nation")]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Poll::Table)
                    .col(id(Poll::Id))
                    .col(ColumnDef::new(Poll::MeetingId).big_integer().not_null())
                    .col(ColumnDef::new(Poll::Title).string().not_null())
                    .col(ColumnDef::new(Poll::CreatedBy).text().not_null())
                    .col(ColumnDef::new(Poll::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Poll::Options).text().not_null())
                    .col(ColumnDef::new(Poll::HideResults).boolean().not_null())
                    .col(ColumnDef::new(Poll::ClosesAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Poll::ClosedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Poll::Votes).text().not_null())
                    .foreign_key(&mut cascade(Poll::Table, Poll::MeetingId, Meeting::Table, Meeting::Id))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
