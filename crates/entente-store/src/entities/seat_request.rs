use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "seat_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub activity_id: i64,
    pub nation: String,
    pub seats: i32,
    pub priority: i32,
    /// Nominees in order, a JSON array of names.
    pub nominees: String,
    pub submitted_at: DateTimeUtc,
    pub submitted_by: String,
    pub status: String,
    pub version: i64,
    /// The goal of the nation's programme the seats serve.
    pub goal: Option<i32>,
    /// Seats given back after publication.
    pub declined: i32,
    pub confirmed_at: Option<DateTimeUtc>,
    /// The date the seats held are to be confirmed or given back by.
    pub confirm_by: Option<Date>,
    /// When time released seats nobody answered for.
    pub released_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
