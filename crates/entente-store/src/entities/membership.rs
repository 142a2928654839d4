use sea_orm::entity::prelude::*;

/// One period of a nation in a framework, `[joined_on, left_on)`. `joined`/`left` keep the date
/// as the record gives it ("1995-02"); `joined_on`/`left_on` are its first day, for queries.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "membership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub nation_id: i64,
    pub framework_id: i64,
    pub kind: String,
    pub joined: String,
    pub joined_on: Date,
    pub left: Option<String>,
    pub left_on: Option<Date>,
    pub end_reason: Option<String>,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
