use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub decision_id: Option<i64>,
    pub title: String,
    pub owner_nation: String,
    pub due_on: Date,
    pub status: String,
    pub history: String,
    pub marking_id: i64,
    pub updated_at: DateTimeUtc,
    /// When the owner and the staff were told the action is overdue.
    pub overdue_noticed_at: Option<DateTimeUtc>,
    pub version: i64,
    /// JSON array of the staff's corrections, each with what it replaced.
    pub revisions: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
