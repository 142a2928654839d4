use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub level: String,
    pub include_allies: bool,
    pub start_at: DateTimeUtc,
    pub end_at: DateTimeUtc,
    /// The UTC date of the start: the day the format is resolved on.
    pub meeting_date: Date,
    pub time_zone: String,
    /// JSON of the venue.
    pub venue: String,
    pub request_id: Option<i64>,
    pub sequence: i32,
    pub status: String,
    /// JSON array of status changes.
    pub history: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub agenda_version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
