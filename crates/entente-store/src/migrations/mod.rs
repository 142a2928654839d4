//! Forward-only, numbered migrations. One list for both backends: tables are described with
//! sea-query so each backend gets its own DDL. Never edit a migration that has shipped; add one.

use sea_orm_migration::prelude::*;

mod m0001_registry;
mod m0002_access;
mod m0003_consultation;
mod m0004_notifications;
mod m0005_reminders;
mod m0006_concurrency;
mod m0007_registry_version;
mod m0008_cooperation;
mod m0009_warning;
mod m0010_event_indexes;
mod m0011_programmes;
mod m0012_seat_answers;
mod m0013_event_ids;
mod m0016_after_activity;
mod m0017_account_time_zone;
mod m0019_format_validity;
mod m0020_paper_withdrawal;
mod m0021_revisions;
mod m0022_import_heartbeat;
mod m0023_alert_subscriptions;
mod m0024_seat_confirm_by;
mod m0025_event_series;
mod m0026_menu_version;
mod m0027_allocation_versions;
mod m0028_report_attachments;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_registry::Migration),
            Box::new(m0002_access::Migration),
            Box::new(m0003_consultation::Migration),
            Box::new(m0004_notifications::Migration),
            Box::new(m0005_reminders::Migration),
            Box::new(m0006_concurrency::Migration),
            Box::new(m0007_registry_version::Migration),
            Box::new(m0008_cooperation::Migration),
            Box::new(m0009_warning::Migration),
            Box::new(m0010_event_indexes::Migration),
            Box::new(m0011_programmes::Migration),
            Box::new(m0012_seat_answers::Migration),
            Box::new(m0013_event_ids::Migration),
            Box::new(m0016_after_activity::Migration),
            Box::new(m0017_account_time_zone::Migration),
            Box::new(m0019_format_validity::Migration),
            Box::new(m0020_paper_withdrawal::Migration),
            Box::new(m0021_revisions::Migration),
            Box::new(m0022_import_heartbeat::Migration),
            Box::new(m0023_alert_subscriptions::Migration),
            Box::new(m0024_seat_confirm_by::Migration),
            Box::new(m0025_event_series::Migration),
            Box::new(m0026_menu_version::Migration),
            Box::new(m0027_allocation_versions::Migration),
            Box::new(m0028_report_attachments::Migration),
        ]
    }
}
