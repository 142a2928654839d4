use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub title_en: String,
    pub title_fr: String,
    pub aim_en: String,
    pub aim_fr: String,
    pub area: String,
    pub kind: String,
    pub provider_nation: Option<String>,
    pub provider_institution: Option<String>,
    pub start_date: Date,
    pub end_date: Date,
    pub deadline: Date,
    pub location: String,
    /// Working languages, comma-separated (`en,fr`).
    pub languages: String,
    pub seats: i32,
    pub nation_cap: Option<i32>,
    /// Framework codes, comma-separated; empty = open to every active partner.
    pub frameworks: String,
    /// Prerequisite activity ids, comma-separated.
    pub prerequisites: String,
    pub fee_eur: i32,
    pub marking_id: i64,
    pub proposer_nation: Option<String>,
    pub proposed_by: String,
    pub status: String,
    /// When first published; proposals never published are seen by staff and the proposer only.
    pub published_at: Option<DateTimeUtc>,
    pub history: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
