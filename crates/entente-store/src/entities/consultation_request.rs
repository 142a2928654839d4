use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consultation_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub requester_nation: String,
    pub basis: String,
    pub threat: String,
    pub marking_id: i64,
    pub state: String,
    pub meeting_id: Option<i64>,
    pub meeting_start: Option<DateTimeUtc>,
    pub submitted_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub held_at: Option<DateTimeUtc>,
    pub history: String,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
