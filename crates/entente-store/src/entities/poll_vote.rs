use sea_orm::entity::prelude::*;

/// One nation's vote in a scheduling poll (one row per nation, replaced on re-vote).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_vote")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub poll_id: i64,
    pub nation: String,
    /// The answers, option number → answer, as JSON.
    pub answers: String,
    pub voted_at: DateTimeUtc,
    /// The acting user, as JSON.
    pub voted_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
