//! Seats are confirmed by a date: the date staff chose when they published an allocation (if
//! any), the date each request's seats are to be confirmed or given back by, and when time
//! released seats nobody answered for. The reminder task looks for requests past their date and
//! not answered, through an index on exactly that question.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SeatRequest {
    Table,
    ConfirmedAt,
    ConfirmBy,
    ReleasedAt,
}

#[derive(DeriveIden)]
enum AllocationRun {
    Table,
    ConfirmBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(SeatRequest::Table)
                    .add_column(ColumnDef::new(SeatRequest::ConfirmBy).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SeatRequest::Table)
                    .add_column(ColumnDef::new(SeatRequest::ReleasedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AllocationRun::Table)
                    .add_column(ColumnDef::new(AllocationRun::ConfirmBy).date().null())
                    .to_owned(),
            )
            .await?;
        // "Not confirmed, not released, date before today": both backends use the two IS NULL
        // columns as equalities and range over the date.
        manager
            .create_index(
                Index::create()
                    .name("seat_request_confirm_due")
                    .table(SeatRequest::Table)
                    .col(SeatRequest::ConfirmedAt)
                    .col(SeatRequest::ReleasedAt)
                    .col(SeatRequest::ConfirmBy)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
