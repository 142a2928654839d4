use sea_orm::entity::prelude::*;

/// One notice in one account's inbox, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// `entente_domain::consultation::NoticeKind::as_str`.
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub subject_en: String,
    #[sea_orm(column_type = "Text")]
    pub body_en: String,
    #[sea_orm(column_type = "Text")]
    pub subject_fr: String,
    #[sea_orm(column_type = "Text")]
    pub body_fr: String,
    /// A local path (`/meetings/12`).
    pub link: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
