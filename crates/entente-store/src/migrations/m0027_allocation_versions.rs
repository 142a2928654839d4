//! Versions of a published allocation stored as what changed. Seats given back (or released by
//! time) make a new version that differs from the one before in a handful of lines; copying every
//! line of a PCM-sized allocation (≈ 55,000) for each answer made an answer cost seconds.
//!
//! Every version of one allocation shares the lines of its first version (`line_base` on the run,
//! `base_run` on the line); a line written by version `run_id` holds until the version that
//! replaced it (`until_run`, none while current). The lines of version X are those of its base
//! with `run_id <= X` and no `until_run` at or before X. Each line also keeps the rank the
//! allocation gave its request (`rank`: the engine's priority), so that seats offered again
//! follow the ranking the allocation was published with without reading every request again.
//! Lines written before keep their own run as their base, and no rank (it is then worked out
//! from the requests, as before).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AllocationRun {
    Table,
    LineBase,
}

#[derive(DeriveIden)]
enum AllocationLine {
    Table,
    RunId,
    BaseRun,
    UntilRun,
    Rank,
    Nation,
    ActivityId,
    Granted,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AllocationRun::Table)
                    .add_column(ColumnDef::new(AllocationRun::LineBase).big_integer().null())
                    .to_owned(),
            )
            .await?;
        for col in [
            ColumnDef::new(AllocationLine::BaseRun).big_integer().not_null().default(0).to_owned(),
            ColumnDef::new(AllocationLine::UntilRun).big_integer().null().to_owned(),
            ColumnDef::new(AllocationLine::Rank).big_integer().null().to_owned(),
        ] {
            let mut col = col;
            manager.alter_table(Table::alter().table(AllocationLine::Table).add_column(&mut col).to_owned()).await?;
        }
        let copy = Query::update()
            .table(AllocationLine::Table)
            .value(AllocationLine::BaseRun, Expr::col(AllocationLine::RunId))
            .to_owned();
        manager.exec_stmt(copy).await?;
        // By nation, covering what each nation's total needs (a re-offer sums every line of a
        // version by nation without reading the lines themselves); by activity.
        for (name, cols) in [
            (
                "ix_allocation_line_base_nation",
                vec![
                    AllocationLine::BaseRun,
                    AllocationLine::Nation,
                    AllocationLine::Granted,
                    AllocationLine::RunId,
                    AllocationLine::UntilRun,
                ],
            ),
            ("ix_allocation_line_base_activity", vec![AllocationLine::BaseRun, AllocationLine::ActivityId]),
        ] {
            let mut i = Index::create().name(name).table(AllocationLine::Table).to_owned();
            for c in cols {
                i.col(c);
            }
            manager.create_index(i).await?;
        }
        Ok(())
    }
}
