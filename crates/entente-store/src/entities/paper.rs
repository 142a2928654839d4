use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub agenda_item_id: Option<i64>,
    /// `document` (an uploaded file) or `statement` (a national statement, text).
    pub kind: String,
    pub title: String,
    pub body: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: i64,
    pub sha256: Option<String>,
    /// `db` (bytes in `data`), `dir` (a file named by its hash in the configured directory) or `none`.
    pub storage: String,
    pub data: Option<Vec<u8>>,
    pub author_nation: Option<String>,
    pub author_account_id: i64,
    pub marking_id: i64,
    pub created_at: DateTimeUtc,
    /// When its author withdrew it; withdrawn papers are no longer listed or served.
    pub withdrawn_at: Option<DateTimeUtc>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
