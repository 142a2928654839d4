use sea_orm::entity::prelude::*;

/// A partner's programme (ITPP): the working plan, comments and assessments as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub nation: String,
    pub plan: String,
    pub next_key: i32,
    pub comments: String,
    pub assessments: String,
    pub opened_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
