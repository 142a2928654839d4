//! Shared security-challenge reports (the warning area's `report` layer): filed by delegations and
//! staff under a releasability marking, triaged by staff, read through the caller's scope only.
//! Verified reports feed detection (see [`crate::warning`]): an alert whose counts include
//! reports is linked to them (`alert_report`), and only a caller who may see every one of them
//! sees it.

use chrono::NaiveDate;
use entente_domain::access::Permit;
use entente_domain::consultation::PaperFile;
use entente_domain::consultation::StatusChange;
use entente_domain::warning::{ATTACHMENTS_MAX, ReportAttachment, ReportStatus, SecurityReport, subject};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, QueryResult, TransactionTrait};
use serde::Serialize;

use crate::access::{Scoped, insert_marking, load_markings};
use crate::audit::{Actor, Change, append};
use crate::consultation::{StagedFile, place_file, read_placed};
use crate::{Store, StoreError};

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("stored report: bad {what}")))
}

const COLUMNS: [&str; 17] = [
    "id",
    "author_nation",
    "author_id",
    "category",
    "country",
    "admin1",
    "occurred_on",
    "until",
    "description",
    "sources",
    "fatalities",
    "marking_id",
    "status",
    "reason",
    "history",
    "filed_at",
    "version",
];

async fn reports_of<C: ConnectionTrait>(db: &C, rows: Vec<QueryResult>) -> Result<Vec<SecurityReport>, StoreError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "marking_id")).collect::<Result<_, _>>()?;
    let markings = load_markings(db, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let marking_id: i64 = row.try_get("", "marking_id")?;
        let nation: Option<String> = row.try_get("", "author_nation")?;
        let status: String = row.try_get("", "status")?;
        let history: String = row.try_get("", "history")?;
        let fatalities: Option<i32> = row.try_get("", "fatalities")?;
        out.push(SecurityReport {
            id: row.try_get("", "id")?,
            author_nation: match nation {
                Some(n) => Some(n.parse().map_err(|_| corrupt("nation"))?),
                None => None,
            },
            author: row.try_get("", "author_id")?,
            category: row.try_get("", "category")?,
            country: row.try_get("", "country")?,
            admin1: row.try_get("", "admin1")?,
            occurred_on: row.try_get("", "occurred_on")?,
            until: row.try_get("", "until")?,
            description: row.try_get("", "description")?,
            sources: row.try_get("", "sources")?,
            fatalities: fatalities.map(|f| u32::try_from(f).unwrap_or(0)),
            marking: markings.get(&marking_id).cloned().ok_or_else(|| corrupt("marking"))?,
            status: status.parse().map_err(|_| corrupt("status"))?,
            reason: row.try_get("", "reason")?,
            history: serde_json::from_str::<Vec<StatusChange<ReportStatus>>>(&history)
                .map_err(|_| corrupt("history"))?,
            version: row.try_get("", "version")?,
        });
    }
    Ok(out)
}

/// Which reports to list.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub status: Option<ReportStatus>,
    pub country: Option<String>,
    pub category: Option<String>,
}

impl Scoped {
    fn check_report_permit(&self, permit: &Permit, id: i64) -> Result<(), StoreError> {
        let mine = self.principal().is_some_and(|p| p.user_id == permit.user_id());
        let fits = if id == 0 { permit.creates(subject::REPORT) } else { permit.covers(subject::REPORT, id) };
        if mine && fits {
            Ok(())
        } else {
            Err(StoreError::Unpermitted(format!(
                "a permit for {} #{} ({}) does not allow writing report #{id} for this caller",
                permit.subject().kind,
                permit.subject().id,
                permit.action()
            )))
        }
    }

    fn actor(&self) -> Actor {
        match self.principal() {
            Some(p) => Actor::from_principal(p),
            None => Actor::system("anonymous"),
        }
    }

    /// File a report; returns it with its id.
    pub async fn insert_report(&self, permit: Permit, mut r: SecurityReport) -> Result<SecurityReport, StoreError> {
        self.check_report_permit(&permit, 0)?;
        let txn = self.store().writer().begin().await?;
        let marking_id = insert_marking(&txn, &r.marking).await?;
        let history = serde_json::to_string(&r.history).map_err(|_| corrupt("history"))?;
        let q = Query::insert()
            .into_table(a("security_report"))
            .columns(COLUMNS[1..].iter().map(|c| a(c)))
            .values([
                r.author_nation.as_ref().map(|n| n.to_string()).into(),
                r.author.into(),
                r.category.clone().into(),
                r.country.clone().into(),
                r.admin1.clone().into(),
                r.occurred_on.into(),
                r.until.into(),
                r.description.clone().into(),
                r.sources.clone().into(),
                r.fatalities.map(|f| i32::try_from(f).unwrap_or(i32::MAX)).into(),
                marking_id.into(),
                r.status.as_str().into(),
                r.reason.clone().into(),
                history.into(),
                r.filed_at().into(),
                0i64.into(),
            ])
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .returning_col(a("id"))
            .to_owned();
        let row = txn.query_one(&q).await?.ok_or_else(|| corrupt("id"))?;
        r.id = row.try_get("", "id")?;
        append(
            &txn,
            &self.actor(),
            vec![Change {
                action: permit.action(),
                entity: "security_report",
                entity_id: r.id.to_string(),
                before: None,
                after: serde_json::to_value(serde_json::json!({
                    "category": r.category, "country": r.country, "admin1": r.admin1, "occurred_on": r.occurred_on,
                }))
                .ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(r)
    }

    /// Save a triage step (version-checked, audited).
    pub async fn save_report(&self, permit: Permit, r: &mut SecurityReport) -> Result<(), StoreError> {
        self.check_report_permit(&permit, r.id)?;
        let history = serde_json::to_string(&r.history).map_err(|_| corrupt("history"))?;
        let txn = self.store().writer().begin().await?;
        let q = Query::update()
            .table(a("security_report"))
            .value(a("status"), r.status.as_str())
            .value(a("reason"), r.reason.clone())
            .value(a("history"), history)
            .value(a("version"), Expr::col(a("version")).add(1))
            .and_where(Expr::col(a("id")).eq(r.id))
            .and_where(Expr::col(a("version")).eq(r.version))
            .to_owned();
        if txn.execute(&q).await?.rows_affected() != 1 {
            return Err(StoreError::Conflict { entity: "report", id: r.id });
        }
        append(
            &txn,
            &self.actor(),
            vec![Change {
                action: permit.action(),
                entity: "security_report",
                entity_id: r.id.to_string(),
                before: None,
                after: serde_json::to_value(serde_json::json!({"status": r.status, "reason": r.reason})).ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        r.version += 1;
        Ok(())
    }

    /// The reports the caller may see, newest first.
    pub async fn reports(&self, f: &ReportFilter) -> Result<Vec<SecurityReport>, StoreError> {
        if self.principal().is_none() {
            return Err(StoreError::NotFound);
        }
        let mut cond = self.visible((a("security_report"), a("marking_id")));
        if let Some(s) = f.status {
            cond = cond.add(Expr::col(a("status")).eq(s.as_str()));
        }
        if let Some(c) = &f.country {
            cond = cond.add(Expr::col(a("country")).eq(c.as_str()));
        }
        if let Some(c) = &f.category {
            cond = cond.add(Expr::col(a("category")).eq(c.as_str()));
        }
        let q = Query::select()
            .columns(COLUMNS.map(|c| (a("security_report"), a(c))))
            .from(a("security_report"))
            .cond_where(cond)
            .order_by(a("id"), Order::Desc)
            .to_owned();
        let rows = self.store().reader().query_all(&q).await?;
        reports_of(self.store().reader(), rows).await
    }

    /// One report, if the caller may see it (else not found, as a missing one).
    pub async fn report(&self, id: i64) -> Result<SecurityReport, StoreError> {
        if self.principal().is_none() {
            return Err(StoreError::NotFound);
        }
        let cond = self.visible((a("security_report"), a("marking_id"))).add(Expr::col(a("id")).eq(id));
        let q = Query::select()
            .columns(COLUMNS.map(|c| (a("security_report"), a(c))))
            .from(a("security_report"))
            .cond_where(cond)
            .to_owned();
        let rows = self.store().reader().query_all(&q).await?;
        reports_of(self.store().reader(), rows).await?.pop().ok_or(StoreError::NotFound)
    }

    /// The reports an alert counts that the caller may see (all of them, whenever the caller may
    /// see the alert).
    pub async fn alert_reports(&self, alert_id: i64) -> Result<Vec<SecurityReport>, StoreError> {
        if self.principal().is_none() {
            return Err(StoreError::NotFound);
        }
        let cond = self.visible((a("security_report"), a("marking_id"))).add(
            Expr::col((a("security_report"), a("id"))).in_subquery(
                Query::select()
                    .column(a("report_id"))
                    .from(a("alert_report"))
                    .and_where(Expr::col(a("alert_id")).eq(alert_id))
                    .to_owned(),
            ),
        );
        let q = Query::select()
            .columns(COLUMNS.map(|c| (a("security_report"), a(c))))
            .from(a("security_report"))
            .cond_where(cond)
            .order_by(a("id"), Order::Asc)
            .to_owned();
        let rows = self.store().reader().query_all(&q).await?;
        reports_of(self.store().reader(), rows).await
    }

    /// The condition that hides an alert counting a report the caller may not see.
    pub(crate) fn sees_every_counted_report(&self) -> Cond {
        match self.visible_markings() {
            None => Cond::all(),
            Some(visible) => {
                let hidden = Query::select()
                    .expr(Expr::val(1))
                    .from(a("alert_report"))
                    .inner_join(
                        a("security_report"),
                        Expr::col((a("security_report"), a("id"))).equals((a("alert_report"), a("report_id"))),
                    )
                    .and_where(Expr::col((a("alert_report"), a("alert_id"))).equals((a("alert"), a("id"))))
                    .and_where(Expr::col((a("security_report"), a("marking_id"))).not_in_subquery(visible))
                    .to_owned();
                Cond::all().add(Expr::exists(hidden).not())
            }
        }
    }
}

const ATTACHMENT_COLUMNS: [&str; 7] =
    ["id", "report_id", "file_name", "content_type", "size_bytes", "author_nation", "created_at"];

fn attachment_of(row: &QueryResult) -> Result<ReportAttachment, StoreError> {
    let nation: Option<String> = row.try_get("", "author_nation")?;
    Ok(ReportAttachment {
        id: row.try_get("", "id")?,
        report: row.try_get("", "report_id")?,
        name: row.try_get("", "file_name")?,
        content_type: row.try_get("", "content_type")?,
        size_bytes: row.try_get("", "size_bytes")?,
        author_nation: match nation {
            Some(n) => Some(n.parse().map_err(|_| corrupt("attachment nation"))?),
            None => None,
        },
        created_at: row.try_get("", "created_at")?,
    })
}

async fn attachments_in<C: ConnectionTrait>(db: &C, report: i64) -> Result<Vec<ReportAttachment>, StoreError> {
    let q = Query::select()
        .columns(ATTACHMENT_COLUMNS.map(a))
        .from(a("report_attachment"))
        .and_where(Expr::col(a("report_id")).eq(report))
        .order_by(a("id"), Order::Asc)
        .to_owned();
    db.query_all(&q).await?.iter().map(attachment_of).collect()
}

impl Scoped {
    /// One report with its documents, if the caller may see it (else not found, as a missing one).
    pub async fn report_with_attachments(
        &self,
        id: i64,
    ) -> Result<(SecurityReport, Vec<ReportAttachment>), StoreError> {
        let report = self.report(id).await?;
        let attachments = attachments_in(self.store().reader(), id).await?;
        Ok((report, attachments))
    }

    /// One document of a report and its bytes, if the caller may see the report; a document of
    /// another report, or of one the caller may not see, answers as a missing one.
    pub async fn report_document(&self, report: i64, id: i64) -> Result<(ReportAttachment, Vec<u8>), StoreError> {
        self.report(report).await?;
        let q = Query::select()
            .columns(ATTACHMENT_COLUMNS.map(a))
            .columns(["storage", "sha256", "data"].map(a))
            .from(a("report_attachment"))
            .and_where(Expr::col(a("id")).eq(id))
            .and_where(Expr::col(a("report_id")).eq(report))
            .to_owned();
        let db = self.store().reader();
        let row = db.query_one(&q).await?.ok_or(StoreError::NotFound)?;
        let attachment = attachment_of(&row)?;
        let storage: String = row.try_get("", "storage")?;
        let sha: String = row.try_get("", "sha256")?;
        let data: Option<Vec<u8>> = row.try_get("", "data")?;
        let bytes = read_placed(self.store(), &storage, Some(&sha), data).await?;
        Ok((attachment, bytes))
    }

    /// Attach a received document (already checked and hashed, see [`StagedFile`]) to the report
    /// as read at `report.version`: the report's version is claimed, so a step taken meanwhile
    /// (or another document that reached the limit) makes this a conflict and nothing is written.
    /// Audited as the permit's action.
    pub async fn insert_report_attachment(
        &self,
        permit: Permit,
        report: &mut SecurityReport,
        file: &PaperFile,
        content: StagedFile<'_>,
    ) -> Result<ReportAttachment, StoreError> {
        self.check_report_permit(&permit, report.id)?;
        let (sha, storage, data) = place_file(self.store(), content).await?;
        let author_nation = self.principal().and_then(|p| p.nation().map(ToString::to_string));
        let created_at = chrono::Utc::now();
        let txn = self.store().writer().begin().await?;
        crate::cooperation::claim(&txn, "security_report", "report", report.id, report.version).await?;
        if attachments_in(&txn, report.id).await?.len() >= ATTACHMENTS_MAX {
            return Err(StoreError::Conflict { entity: "report", id: report.id });
        }
        let q = Query::insert()
            .into_table(a("report_attachment"))
            .columns(
                ["report_id", "file_name", "content_type", "size_bytes", "sha256", "storage", "data", "author_id"]
                    .map(a)
                    .into_iter()
                    .chain([a("author_nation"), a("created_at")]),
            )
            .values([
                report.id.into(),
                file.name.clone().into(),
                file.content_type.clone().into(),
                file.size_bytes.into(),
                sha.clone().into(),
                storage.into(),
                data.into(),
                permit.user_id().into(),
                author_nation.clone().into(),
                created_at.into(),
            ])
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .returning_col(a("id"))
            .to_owned();
        let row = txn.query_one(&q).await?.ok_or_else(|| corrupt("attachment id"))?;
        let id: i64 = row.try_get("", "id")?;
        append(
            &txn,
            &self.actor(),
            vec![Change {
                action: permit.action(),
                entity: "security_report",
                entity_id: report.id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "document": id, "file_name": file.name, "size": file.size_bytes, "sha256": sha,
                })),
            }],
        )
        .await?;
        txn.commit().await?;
        report.version += 1;
        Ok(ReportAttachment {
            id,
            report: report.id,
            name: file.name.clone(),
            content_type: file.content_type.clone(),
            size_bytes: file.size_bytes,
            author_nation: author_nation.and_then(|n| n.parse().ok()),
            created_at,
        })
    }
}

/// A verified report as detection counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedReport {
    pub id: i64,
    pub country: String,
    pub admin1: String,
    pub category: String,
    pub occurred_on: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl CountedReport {
    /// The report as the engine's partner-report event (the `report` source, curated layer), for
    /// fusion with imported incidents; `None` for a country or category the engine does not know.
    fn event(&self) -> Option<entente_warning::event::Event> {
        use entente_warning::date::{DatePrecision, Day};
        use entente_warning::event::{Event, GeoPrecision, Source};
        Some(Event {
            source: Source::Report,
            source_id: format!("entente-report-{}", self.id),
            date: Day::from(self.occurred_on),
            date_precision: if self.until.is_some_and(|u| u > self.occurred_on) {
                DatePrecision::Days
            } else {
                DatePrecision::Day
            },
            country: Some(self.country.parse().ok()?),
            admin1: self.admin1.clone(),
            admin2: String::new(),
            location: String::new(),
            latitude: None,
            longitude: None,
            geo_precision: if self.admin1.is_empty() { GeoPrecision::Country } else { GeoPrecision::Admin1 },
            actors: Vec::new(),
            severity: Default::default(),
            event_type: String::new(),
            category: Some(self.category.parse().ok()?),
            provenance: format!("report {}", self.id),
            reporter: String::new(),
        })
    }
}

impl From<&SecurityReport> for CountedReport {
    fn from(r: &SecurityReport) -> Self {
        CountedReport {
            id: r.id,
            country: r.country.clone(),
            admin1: r.admin1.clone(),
            category: r.category.clone(),
            occurred_on: r.occurred_on,
            until: r.until,
        }
    }
}

/// A verified report that describes an incident the imported data already hold, by the engine's
/// fusion rule (`entente_warning::fusion`): detection counts that incident once, and the alert's
/// page shows both provenances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportFusion {
    pub report: i64,
    /// The incident, as `source:id` of its first record.
    pub incident: String,
    /// Every imported record of the incident, as `source:id`.
    pub sources: Vec<String>,
    /// The fusion rule's confidence in the link (0–1).
    pub confidence: f64,
}

impl Store {
    /// Every verified report (for detection, which runs outside any caller's scope and records
    /// which reports each alert counts).
    pub async fn verified_reports(&self) -> Result<Vec<CountedReport>, StoreError> {
        let q = Query::select()
            .columns(["id", "country", "admin1", "category", "occurred_on", "until"].map(a))
            .from(a("security_report"))
            .and_where(Expr::col(a("status")).eq(ReportStatus::Verified.as_str()))
            .order_by(a("id"), Order::Asc)
            .to_owned();
        let mut out = Vec::new();
        for row in self.reader().query_all(&q).await? {
            out.push(CountedReport {
                id: row.try_get("", "id")?,
                country: row.try_get("", "country")?,
                admin1: row.try_get("", "admin1")?,
                category: row.try_get("", "category")?,
                occurred_on: row.try_get("", "occurred_on")?,
                until: row.try_get("", "until")?,
            });
        }
        Ok(out)
    }

    /// Which of `reports` describe an imported incident, by the engine's fusion rule against the
    /// incidents stored for their countries. Reports are never fused with one another (one source),
    /// and nothing is written: the stored incidents are the imported data's alone.
    pub async fn report_fusions(&self, reports: &[CountedReport]) -> Result<Vec<ReportFusion>, StoreError> {
        use entente_warning::fusion::{Fuser, FusionRule, Outcome};
        let mut fuser = Fuser::new(FusionRule::default());
        let mut out = Vec::new();
        for r in reports {
            let Some(event) = r.event() else { continue };
            if let Some(country) = event.country
                && !fuser.loaded.contains(&country)
            {
                let incidents = self.incidents_of(country).await?;
                fuser.load(country, incidents);
            }
            if let Outcome::Linked { incident, confidence } = fuser.offer(event) {
                let inc = &fuser.incidents[incident];
                out.push(ReportFusion {
                    report: r.id,
                    incident: inc.id(),
                    sources: inc
                        .members
                        .iter()
                        .filter(|m| m.source != entente_warning::event::Source::Report)
                        .map(|m| format!("{}:{}", m.source, m.source_id))
                        .collect(),
                    confidence,
                });
            }
        }
        Ok(out)
    }
}

impl Scoped {
    /// For reports the caller read through its scope (an alert's, say): which imported incident
    /// each describes, if any. The incidents are imported open data.
    pub async fn report_fusions(&self, reports: &[SecurityReport]) -> Result<Vec<ReportFusion>, StoreError> {
        let counted: Vec<CountedReport> = reports.iter().map(CountedReport::from).collect();
        self.store().report_fusions(&counted).await
    }
}
