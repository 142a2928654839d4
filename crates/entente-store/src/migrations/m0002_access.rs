//! Identity and access: markings, accounts, sessions, API tokens, login throttling and the
//! hash-chained audit log. Points of contact get a releasability marking.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Nation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Marking {
    Table,
    Id,
    Classification,
    Audience,
    OriginatorNationId,
    ReleasedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MarkingCode {
    Table,
    MarkingId,
    Code,
}

#[derive(DeriveIden)]
enum Contact {
    Table,
    MarkingId,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Username,
    DisplayName,
    Email,
    NationId,
    Role,
    PasswordHash,
    Disabled,
    MustChangePassword,
    TotpSecret,
    TotpEnabled,
    RecoveryCodes,
    Demo,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    AccountId,
    CsrfToken,
    Stage,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    AccountId,
    Name,
    TokenHash,
    Prefix,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Seq,
    At,
    ActorAccountId,
    ActorName,
    ActorNation,
    Action,
    Entity,
    EntityId,
    Before,
    After,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn cascade(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from_table, from_col).to(to_table, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Marking::Table)
                    .col(id(Marking::Id))
                    .col(ColumnDef::new(Marking::Classification).string_len(64).not_null())
                    .col(ColumnDef::new(Marking::Audience).string_len(16).not_null())
                    .col(ColumnDef::new(Marking::OriginatorNationId).big_integer().null())
                    .col(ColumnDef::new(Marking::ReleasedOn).date().not_null())
                    .col(ColumnDef::new(Marking::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(Marking::Table, Marking::OriginatorNationId, Nation::Table, Nation::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MarkingCode::Table)
                    .col(ColumnDef::new(MarkingCode::MarkingId).big_integer().not_null())
                    .col(ColumnDef::new(MarkingCode::Code).string_len(16).not_null())
                    .primary_key(Index::create().col(MarkingCode::MarkingId).col(MarkingCode::Code))
                    .foreign_key(&mut cascade(MarkingCode::Table, MarkingCode::MarkingId, Marking::Table, Marking::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Contact::Table)
                    .add_column(ColumnDef::new(Contact::MarkingId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(id(Account::Id))
                    .col(ColumnDef::new(Account::Username).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Account::DisplayName).string().not_null())
                    .col(ColumnDef::new(Account::Email).string().null())
                    .col(ColumnDef::new(Account::NationId).big_integer().null())
                    .col(ColumnDef::new(Account::Role).string_len(32).not_null())
                    .col(ColumnDef::new(Account::PasswordHash).string().not_null())
                    .col(ColumnDef::new(Account::Disabled).boolean().not_null())
                    .col(ColumnDef::new(Account::MustChangePassword).boolean().not_null())
                    .col(ColumnDef::new(Account::TotpSecret).string().null())
                    .col(ColumnDef::new(Account::TotpEnabled).boolean().not_null())
                    .col(ColumnDef::new(Account::RecoveryCodes).text().not_null())
                    .col(ColumnDef::new(Account::Demo).boolean().not_null())
                    .col(ColumnDef::new(Account::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Account::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Account::LastLoginAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut cascade(Account::Table, Account::NationId, Nation::Table, Nation::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(ColumnDef::new(Session::Id).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Session::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Session::CsrfToken).string_len(64).not_null())
                    .col(ColumnDef::new(Session::Stage).string_len(16).not_null())
                    .col(ColumnDef::new(Session::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Session::LastSeenAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Session::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Session::Ip).string_len(64).not_null())
                    .col(ColumnDef::new(Session::UserAgent).string().not_null())
                    .foreign_key(&mut cascade(Session::Table, Session::AccountId, Account::Table, Account::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(id(ApiToken::Id))
                    .col(ColumnDef::new(ApiToken::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(ApiToken::Name).string().not_null())
                    .col(ColumnDef::new(ApiToken::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(ApiToken::Prefix).string_len(16).not_null())
                    .col(ColumnDef::new(ApiToken::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ApiToken::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ApiToken::LastUsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ApiToken::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut cascade(ApiToken::Table, ApiToken::AccountId, Account::Table, Account::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(ColumnDef::new(LoginThrottle::Key).string_len(128).not_null().primary_key())
                    .col(ColumnDef::new(LoginThrottle::Failures).integer().not_null())
                    .col(ColumnDef::new(LoginThrottle::WindowStartedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(LoginThrottle::LockedUntil).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEntry::Table)
                    .col(ColumnDef::new(AuditEntry::Seq).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(AuditEntry::At).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AuditEntry::ActorAccountId).big_integer().null())
                    .col(ColumnDef::new(AuditEntry::ActorName).string().not_null())
                    .col(ColumnDef::new(AuditEntry::ActorNation).string_len(16).null())
                    .col(ColumnDef::new(AuditEntry::Action).string_len(64).not_null())
                    .col(ColumnDef::new(AuditEntry::Entity).string_len(64).not_null())
                    .col(ColumnDef::new(AuditEntry::EntityId).string().not_null())
                    .col(ColumnDef::new(AuditEntry::Before).text().null())
                    .col(ColumnDef::new(AuditEntry::After).text().null())
                    .col(ColumnDef::new(AuditEntry::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditEntry::Hash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_nation")
                    .table(AuditEntry::Table)
                    .col(AuditEntry::ActorNation)
                    .col(AuditEntry::Seq)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(ColumnDef::new(AuditHead::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(AuditHead::Seq).big_integer().not_null())
                    .col(ColumnDef::new(AuditHead::Hash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        let genesis = Query::insert()
            .into_table(AuditHead::Table)
            .columns([AuditHead::Id, AuditHead::Seq, AuditHead::Hash])
            .values([1.into(), 0i64.into(), crate::audit::GENESIS.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(genesis).await?;
        Ok(())
    }
}
