use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub mechanism: String,
    pub seed: i64,
    /// Activity ids, a JSON array.
    pub activities: String,
    /// The fairness report and baselines, JSON.
    pub report: String,
    pub created_at: DateTimeUtc,
    pub created_by: String,
    pub status: String,
    pub published_at: Option<DateTimeUtc>,
    pub supersedes: Option<i64>,
    /// The date staff chose, when publishing, for seats to be confirmed by.
    pub confirm_by: Option<Date>,
    pub version: i64,
    /// The first version of this allocation, whose lines this one shares and changes (none: this
    /// is the first).
    pub line_base: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
