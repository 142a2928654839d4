use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub run_id: i64,
    pub request_id: i64,
    pub nation: String,
    pub activity_id: i64,
    pub asked: i32,
    pub granted: i32,
    /// Nominees placed, a JSON array.
    pub placed: String,
    pub explanation_en: String,
    pub explanation_fr: String,
    /// The first version of the allocation, whose lines every later version shares.
    pub base_run: i64,
    /// The version that replaced this line; none while it holds.
    pub until_run: Option<i64>,
    /// The rank the allocation gave the request (the engine's priority); none on lines written
    /// before ranks were kept.
    pub rank: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
