use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "summary_record")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub meeting_id: i64,
    pub marking_id: i64,
    pub versions: String,
    pub updated_at: DateTimeUtc,
    /// Deadline of the latest circulation (none before the first).
    pub silence_deadline: Option<DateTimeUtc>,
    /// The version whose end of silence has been handled (announced as agreed, or found broken).
    pub agreed_notice_version: Option<i32>,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
