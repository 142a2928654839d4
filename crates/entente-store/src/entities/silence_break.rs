use sea_orm::entity::prelude::*;

/// One nation's break of silence on a circulated version of a summary record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "silence_break")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub record_id: i64,
    pub record_version: i32,
    pub nation: String,
    pub comment: String,
    pub broken_at: DateTimeUtc,
    /// The acting user, as JSON.
    pub broken_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
