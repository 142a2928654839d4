use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "marking")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub classification: String,
    pub audience: String,
    pub originator_nation_id: Option<i64>,
    pub released_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
