use sea_orm::entity::prelude::*;

/// An e-mail waiting for the mailer, or sent. Rows are never deleted by the mailer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub to_address: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    /// Plain text.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
    /// Attempts started so far (counted when the mailer claims the row).
    pub attempts: i32,
    /// Not to be tried before this instant (also the lease of a claimed row).
    pub next_attempt_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    /// JSON array of every failed attempt: `[{"at", "error"}]`.
    #[sea_orm(column_type = "Text")]
    pub errors: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
