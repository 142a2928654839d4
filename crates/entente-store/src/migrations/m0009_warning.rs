//! Joint detection: imported event data (the import history, the cells and their daily counters,
//! the top contributing events per cell and week, the fused curated incidents) and the alerts the
//! detectors raise over it. Raw event rows are not kept: an import adds its counts, at most
//! `TOP_K` event references per cell and week, and the curated incidents fusion needs.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn id(col: &str) -> ColumnDef {
    ColumnDef::new(a(col)).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: &str, cols: &[&str], unique: bool) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(a(table)).to_owned();
    for c in cols {
        i.col(a(c));
    }
    if unique {
        i.unique();
    }
    manager.create_index(i).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per import, written when it starts (state `running`) and settled in the import's
        // own transaction (`done`); a row still `running` at the next start was interrupted.
        manager
            .create_table(
                Table::create()
                    .table(a("event_import"))
                    .col(id("id"))
                    .col(col("fingerprint").string_len(64).not_null())
                    .col(col("file").text().not_null())
                    .col(col("format").string_len(16).null())
                    .col(col("state").string_len(16).not_null())
                    .col(col("bytes").big_integer().not_null())
                    .col(col("bytes_read").big_integer().not_null().default(0))
                    .col(col("rows_ok").big_integer().not_null().default(0))
                    .col(col("rows_skipped").big_integer().not_null().default(0))
                    .col(col("report").text().null())
                    .col(col("error").text().null())
                    .col(col("started_at").timestamp_with_time_zone().not_null())
                    .col(col("finished_at").timestamp_with_time_zone().null())
                    .col(col("started_by").text().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_event_import_fingerprint", "event_import", &["fingerprint"], false).await?;
        // A file is counted once: the fingerprint is claimed in the import's transaction.
        manager
            .create_table(
                Table::create()
                    .table(a("event_fingerprint"))
                    .col(col("fingerprint").string_len(64).not_null().primary_key())
                    .col(col("import_id").big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("event_cell"))
                    .col(id("id"))
                    .col(col("layer").string_len(16).not_null())
                    .col(col("country").string_len(3).not_null())
                    .col(col("admin1").text().not_null())
                    .col(col("category").string_len(32).not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ux_event_cell", "event_cell", &["layer", "country", "admin1", "category"], true).await?;
        manager
            .create_table(
                Table::create()
                    .table(a("event_count"))
                    .col(col("cell_id").big_integer().not_null())
                    .col(col("day").integer().not_null())
                    .col(col("week").integer().not_null())
                    .col(col("events").big_integer().not_null())
                    .col(col("fatalities").big_integer().not_null())
                    .primary_key(Index::create().col(a("cell_id")).col(a("day")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("event_top"))
                    .col(col("cell_id").big_integer().not_null())
                    .col(col("week").integer().not_null())
                    .col(col("events").text().not_null())
                    .primary_key(Index::create().col(a("cell_id")).col(a("week")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("event_incident"))
                    .col(col("country").string_len(3).not_null())
                    .col(col("incident").string_len(160).not_null())
                    .col(col("body").text().not_null())
                    .primary_key(Index::create().col(a("country")).col(a("incident")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("alert"))
                    .col(id("id"))
                    .col(col("detector").string_len(32).not_null())
                    .col(col("cell_id").big_integer().not_null())
                    .col(col("week").integer().not_null())
                    .col(col("week_start").integer().not_null())
                    .col(col("observed").double().not_null())
                    .col(col("expected").double().not_null())
                    .col(col("threshold").double().not_null())
                    .col(col("score").double().not_null())
                    .col(col("fatalities").double().not_null())
                    .col(col("top_events").text().not_null())
                    .col(col("basis").string_len(16).not_null())
                    .col(col("state").string_len(16).not_null())
                    .col(col("reason").text().null())
                    // Consultations proposed on it: the request a delegation filed or the meeting
                    // the staff drafted, and when (for the evaluation's alert-to-consultation time).
                    .col(col("request_id").big_integer().null())
                    .col(col("meeting_id").big_integer().null())
                    .col(col("escalated_at").timestamp_with_time_zone().null())
                    .col(col("detected_at").timestamp_with_time_zone().not_null())
                    .col(col("updated_at").timestamp_with_time_zone().not_null())
                    .col(col("version").big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        // Detection runs again and again over the same weeks: an alert is raised once per detector,
        // cell, week and basis.
        index(manager, "ux_alert_key", "alert", &["detector", "cell_id", "week", "basis"], true).await?;
        index(manager, "ix_alert_week", "alert", &["week_start", "id"], false).await?;
        // Shared security-challenge reports, under a releasability marking.
        manager
            .create_table(
                Table::create()
                    .table(a("security_report"))
                    .col(id("id"))
                    .col(col("author_nation").string_len(16).null())
                    .col(col("author_id").big_integer().not_null())
                    .col(col("category").string_len(32).not_null())
                    .col(col("country").string_len(3).not_null())
                    .col(col("admin1").text().not_null())
                    .col(col("occurred_on").date().not_null())
                    .col(col("until").date().null())
                    .col(col("description").text().not_null())
                    .col(col("sources").text().not_null())
                    .col(col("fatalities").integer().null())
                    .col(col("marking_id").big_integer().not_null())
                    .col(col("status").string_len(16).not_null())
                    .col(col("reason").text().null())
                    .col(col("history").text().not_null())
                    .col(col("filed_at").timestamp_with_time_zone().not_null())
                    .col(col("version").big_integer().not_null().default(0))
                    .foreign_key(
                        ForeignKey::create().from(a("security_report"), a("marking_id")).to(a("marking"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_security_report_cell", "security_report", &["country", "category", "status"], false).await?;
        // Which verified reports an alert counts: whoever may not see one of them does not see it.
        manager
            .create_table(
                Table::create()
                    .table(a("alert_report"))
                    .col(col("alert_id").big_integer().not_null())
                    .col(col("report_id").big_integer().not_null())
                    .primary_key(Index::create().col(a("alert_id")).col(a("report_id")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("detector_threshold"))
                    .col(col("detector").string_len(32).not_null().primary_key())
                    .col(col("threshold").double().not_null())
                    .col(col("set_at").timestamp_with_time_zone().not_null())
                    .col(col("set_by").text().not_null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
