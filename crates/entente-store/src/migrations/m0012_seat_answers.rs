//! A nation's answer for the seats a published allocation gives it: the seats it gave back and
//! when it confirmed the rest.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SeatRequest {
    Table,
    Declined,
    ConfirmedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(SeatRequest::Table)
                    .add_column(ColumnDef::new(SeatRequest::Declined).integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SeatRequest::Table)
                    .add_column(ColumnDef::new(SeatRequest::ConfirmedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
