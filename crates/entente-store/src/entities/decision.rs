use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub marking_id: i64,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
    pub version: i64,
    /// JSON array of the staff's corrections, each with the text it replaced.
    pub revisions: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
