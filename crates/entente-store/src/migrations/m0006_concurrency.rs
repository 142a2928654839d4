//! No lost update. Every aggregate several parties write gets a `version` that each save checks
//! and bumps (`UPDATE … WHERE id = ? AND version = ?`); a meeting's agenda gets its own
//! `agenda_version`. What many nations write at the same moment — votes, breaks of silence,
//! positions on a decision — becomes rows of their own, one per nation, instead of a JSON list
//! rewritten whole: the lists stored so far are moved into the new tables, then their columns go.

use entente_domain::consultation::{Position, SilenceBreak, Vote};
use entente_domain::registry::NationCode;
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Meeting {
    Table,
    AgendaVersion,
}

#[derive(DeriveIden)]
enum Poll {
    Table,
    Id,
    Votes,
}

#[derive(DeriveIden)]
enum SummaryRecord {
    Table,
    Id,
    Breaks,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    Positions,
}

#[derive(DeriveIden)]
enum PollVote {
    Table,
    Id,
    PollId,
    Nation,
    Answers,
    VotedAt,
    VotedBy,
}

#[derive(DeriveIden)]
enum SilenceBreakRow {
    #[sea_orm(iden = "silence_break")]
    Table,
    Id,
    RecordId,
    RecordVersion,
    Nation,
    Comment,
    BrokenAt,
    BrokenBy,
}

#[derive(DeriveIden)]
enum DecisionPosition {
    Table,
    Id,
    DecisionId,
    Nation,
    Position,
}

#[derive(DeriveIden)]
enum Version {
    Version,
}

fn custom(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(e.to_string())
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for table in
            ["meeting", "agenda_item", "summary_record", "poll", "decision", "follow_up", "consultation_request"]
        {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Version::Version).big_integer().not_null().default(0))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Meeting::Table)
                    .add_column(ColumnDef::new(Meeting::AgendaVersion).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PollVote::Table)
                    .col(id(PollVote::Id))
                    .col(ColumnDef::new(PollVote::PollId).big_integer().not_null())
                    .col(ColumnDef::new(PollVote::Nation).string().not_null())
                    .col(ColumnDef::new(PollVote::Answers).text().not_null())
                    .col(ColumnDef::new(PollVote::VotedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(PollVote::VotedBy).text().not_null())
                    .foreign_key(&mut cascade(PollVote::Table, PollVote::PollId, Poll::Table, Poll::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_poll_vote_nation")
                    .table(PollVote::Table)
                    .col(PollVote::PollId)
                    .col(PollVote::Nation)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SilenceBreakRow::Table)
                    .col(id(SilenceBreakRow::Id))
                    .col(ColumnDef::new(SilenceBreakRow::RecordId).big_integer().not_null())
                    .col(ColumnDef::new(SilenceBreakRow::RecordVersion).integer().not_null())
                    .col(ColumnDef::new(SilenceBreakRow::Nation).string().not_null())
                    .col(ColumnDef::new(SilenceBreakRow::Comment).text().not_null())
                    .col(ColumnDef::new(SilenceBreakRow::BrokenAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(SilenceBreakRow::BrokenBy).text().not_null())
                    .foreign_key(&mut cascade(
                        SilenceBreakRow::Table,
                        SilenceBreakRow::RecordId,
                        SummaryRecord::Table,
                        SummaryRecord::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_silence_break_nation")
                    .table(SilenceBreakRow::Table)
                    .col(SilenceBreakRow::RecordId)
                    .col(SilenceBreakRow::RecordVersion)
                    .col(SilenceBreakRow::Nation)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DecisionPosition::Table)
                    .col(id(DecisionPosition::Id))
                    .col(ColumnDef::new(DecisionPosition::DecisionId).big_integer().not_null())
                    .col(ColumnDef::new(DecisionPosition::Nation).string().not_null())
                    .col(ColumnDef::new(DecisionPosition::Position).string().not_null())
                    .foreign_key(&mut cascade(
                        DecisionPosition::Table,
                        DecisionPosition::DecisionId,
                        Decision::Table,
                        Decision::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_decision_position_nation")
                    .table(DecisionPosition::Table)
                    .col(DecisionPosition::DecisionId)
                    .col(DecisionPosition::Nation)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // Move the stored lists into their rows.
        let db = manager.get_connection();
        let polls = Query::select().columns([Poll::Id, Poll::Votes]).from(Poll::Table).to_owned();
        for row in db.query_all(&polls).await? {
            let poll: i64 = row.try_get("", "id")?;
            let text: String = row.try_get("", "votes")?;
            let votes: Vec<Vote> =
                serde_json::from_str(&text).map_err(|e| custom(format!("poll {poll}: votes: {e}")))?;
            for v in votes {
                let mut insert = Query::insert();
                insert
                    .into_table(PollVote::Table)
                    .columns([
                        PollVote::PollId,
                        PollVote::Nation,
                        PollVote::Answers,
                        PollVote::VotedAt,
                        PollVote::VotedBy,
                    ])
                    .values([
                        poll.into(),
                        v.nation.to_string().into(),
                        serde_json::to_string(&v.answers).map_err(custom)?.into(),
                        v.at.into(),
                        serde_json::to_string(&v.by).map_err(custom)?.into(),
                    ])
                    .map_err(custom)?;
                manager.exec_stmt(insert).await?;
            }
        }
        let records =
            Query::select().columns([SummaryRecord::Id, SummaryRecord::Breaks]).from(SummaryRecord::Table).to_owned();
        for row in db.query_all(&records).await? {
            let record: i64 = row.try_get("", "id")?;
            let text: String = row.try_get("", "breaks")?;
            let breaks: Vec<SilenceBreak> =
                serde_json::from_str(&text).map_err(|e| custom(format!("summary_record {record}: breaks: {e}")))?;
            for b in breaks {
                let mut insert = Query::insert();
                insert
                    .into_table(SilenceBreakRow::Table)
                    .columns([
                        SilenceBreakRow::RecordId,
                        SilenceBreakRow::RecordVersion,
                        SilenceBreakRow::Nation,
                        SilenceBreakRow::Comment,
                        SilenceBreakRow::BrokenAt,
                        SilenceBreakRow::BrokenBy,
                    ])
                    .values([
                        record.into(),
                        <i32 as TryFrom<u32>>::try_from(b.version).map_err(custom)?.into(),
                        b.nation.to_string().into(),
                        b.comment.into(),
                        b.at.into(),
                        serde_json::to_string(&b.by).map_err(custom)?.into(),
                    ])
                    .map_err(custom)?;
                manager.exec_stmt(insert).await?;
            }
        }
        let decisions = Query::select().columns([Decision::Id, Decision::Positions]).from(Decision::Table).to_owned();
        for row in db.query_all(&decisions).await? {
            let decision: i64 = row.try_get("", "id")?;
            let text: String = row.try_get("", "positions")?;
            let positions: Vec<(NationCode, Position)> =
                serde_json::from_str(&text).map_err(|e| custom(format!("decision {decision}: positions: {e}")))?;
            for (nation, position) in positions {
                let mut insert = Query::insert();
                insert
                    .into_table(DecisionPosition::Table)
                    .columns([DecisionPosition::DecisionId, DecisionPosition::Nation, DecisionPosition::Position])
                    .values([decision.into(), nation.to_string().into(), position.as_str().into()])
                    .map_err(custom)?;
                manager.exec_stmt(insert).await?;
            }
        }
        // A stored record is at version 1 or later: a first draft (version 0) never matches it.
        db.execute_unprepared("UPDATE summary_record SET version = 1").await?;
        for (table, column) in [("poll", "votes"), ("summary_record", "breaks"), ("decision", "positions")] {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
        }
        Ok(())
    }
}
