//! After the activity: attendance per participant, each nation's feedback and the provider's
//! after-action report. Reads return only what the domain's rules let the caller see
//! ([`after::may_see_participant`], [`after::may_see_feedback`], [`after::may_see_report`]); the
//! full roster is read here, never handed to a caller who may not see it.

use entente_domain::access::Permit;
use entente_domain::cooperation::after::{self, AfterActionReport, Attendance, Feedback, Participant};
use entente_domain::cooperation::{Activity, subject};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde_json::json;

use super::{actor, corrupt, parse};
use crate::audit::{Change, append};
use crate::entities::allocation_line;
use crate::registry::now;
use crate::{Scoped, StoreError};

fn n(s: &str) -> Alias {
    Alias::new(s)
}

/// What the caller may see of an activity's aftermath.
#[derive(Debug, Clone, Default)]
pub struct AfterRecord {
    /// The participants the caller may see (all for staff and the provider, else its own).
    pub roster: Vec<Participant>,
    /// The attendance recorded for those participants.
    pub attendance: Vec<Attendance>,
    /// The feedback the caller may read.
    pub feedback: Vec<Feedback>,
    /// The after-action report, when written and the caller may read it.
    pub report: Option<AfterActionReport>,
    /// The version of the report to write against (0: none yet), for those who may write it.
    pub report_version: i64,
}

impl Scoped {
    fn check_after_permit(&self, permit: &Permit, a: &Activity, action: &str) -> Result<(), StoreError> {
        let mine = self.principal().is_some_and(|p| p.user_id == permit.user_id());
        if mine && permit.covers(subject::ACTIVITY, a.id.0) && permit.action() == action {
            Ok(())
        } else {
            Err(StoreError::Unpermitted(format!("a permit for {} does not allow {action}", permit.action())))
        }
    }

    /// Everyone the newest published allocation placed in `activity`, by nation then order.
    async fn full_roster(&self, activity: i64) -> Result<Vec<Participant>, StoreError> {
        let db = self.store().reader();
        if let Some((r, _)) = super::published_runs_covering(db, activity).await?.into_iter().next() {
            let lines = allocation_line::Entity::find()
                .filter(super::lines_of(&r))
                .filter(allocation_line::Column::ActivityId.eq(activity))
                .order_by_asc(allocation_line::Column::Nation)
                .order_by_asc(allocation_line::Column::RequestId)
                .order_by_asc(allocation_line::Column::Id)
                .all(db)
                .await?;
            let mut out = Vec::new();
            for l in lines {
                let nation: entente_domain::registry::NationCode =
                    l.nation.parse().map_err(|e| corrupt("allocation_line.nation", e))?;
                let placed: Vec<String> = parse("allocation_line.placed", &l.placed)?;
                out.extend(placed.into_iter().map(|name| Participant { nation: nation.clone(), name }));
            }
            return Ok(out);
        }
        Ok(Vec::new())
    }

    async fn attendance_rows(&self, activity: i64) -> Result<Vec<Attendance>, StoreError> {
        let q = Query::select()
            .columns([n("nation"), n("participant"), n("attended"), n("completed")])
            .from(n("attendance"))
            .and_where(Expr::col(n("activity_id")).eq(activity))
            .order_by(n("id"), Order::Asc)
            .to_owned();
        let mut out = Vec::new();
        for row in self.store().reader().query_all(&q).await? {
            let nation: String = row.try_get("", "nation")?;
            out.push(Attendance {
                participant: Participant {
                    nation: nation.parse().map_err(|e| corrupt("attendance.nation", e))?,
                    name: row.try_get("", "participant")?,
                },
                attended: row.try_get("", "attended")?,
                completed: row.try_get("", "completed")?,
            });
        }
        Ok(out)
    }

    /// The roster and attendance the caller may see — all of it for staff and the provider, a
    /// nation's own participants otherwise — which is also what a write of the caller's is
    /// checked against (a delegation's feedback against its own participants).
    pub async fn roster_for_writing(&self, a: &Activity) -> Result<(Vec<Participant>, Vec<Attendance>), StoreError> {
        let Some(p) = self.principal() else { return Err(StoreError::NotFound) };
        let roster = self.full_roster(a.id.0).await?;
        let attendance = self.attendance_rows(a.id.0).await?;
        let mine = |x: &Participant| after::may_see_participant(a, x, p);
        Ok((
            roster.into_iter().filter(|x| mine(x)).collect(),
            attendance.into_iter().filter(|x| mine(&x.participant)).collect(),
        ))
    }

    /// What the caller may see after `a` (which it may see: the caller read it first).
    pub async fn after_activity(&self, a: &Activity) -> Result<AfterRecord, StoreError> {
        let Some(p) = self.principal() else { return Ok(AfterRecord::default()) };
        let roster = self.full_roster(a.id.0).await?;
        let db = self.store().reader();
        let see_report = after::may_see_report(a, &roster, p);
        let attendance = self
            .attendance_rows(a.id.0)
            .await?
            .into_iter()
            .filter(|r| after::may_see_participant(a, &r.participant, p))
            .collect();
        let q = Query::select()
            .columns([
                n("nation"),
                n("relevance"),
                n("quality"),
                n("organisation"),
                n("comment"),
                n("given_by"),
                n("given_at"),
            ])
            .from(n("activity_feedback"))
            .and_where(Expr::col(n("activity_id")).eq(a.id.0))
            .order_by(n("nation"), Order::Asc)
            .to_owned();
        let mut feedback = Vec::new();
        for row in db.query_all(&q).await? {
            let nation: String = row.try_get("", "nation")?;
            let nation = nation.parse().map_err(|e| corrupt("activity_feedback.nation", e))?;
            if !after::may_see_feedback(a, &nation, p) {
                continue;
            }
            let score = |c: &str| -> Result<u8, StoreError> {
                let v: i16 = row.try_get("", c)?;
                u8::try_from(v).map_err(|e| corrupt("activity_feedback rating", e))
            };
            feedback.push(Feedback {
                nation,
                relevance: score("relevance")?,
                quality: score("quality")?,
                organisation: score("organisation")?,
                comment: row.try_get("", "comment")?,
                given_by: row.try_get("", "given_by")?,
                given_at: row.try_get("", "given_at")?,
            });
        }
        let q = Query::select()
            .columns([n("body"), n("written_by"), n("written_at"), n("version")])
            .from(n("after_action_report"))
            .and_where(Expr::col(n("activity_id")).eq(a.id.0))
            .to_owned();
        let report = match db.query_one(&q).await? {
            Some(row) => Some(AfterActionReport {
                body: row.try_get("", "body")?,
                written_by: row.try_get("", "written_by")?,
                written_at: row.try_get("", "written_at")?,
                version: row.try_get("", "version")?,
            }),
            None => None,
        };
        let report_version = if after::runs(a, p) { report.as_ref().map_or(0, |r| r.version) } else { 0 };
        Ok(AfterRecord {
            roster: roster.into_iter().filter(|x| after::may_see_participant(a, x, p)).collect(),
            attendance,
            feedback,
            report: report.filter(|_| see_report),
            report_version,
        })
    }

    /// Record attendance for some participants (each replaces what was recorded for them), in
    /// one transaction, audited.
    pub async fn save_attendance(
        &self,
        permit: Permit,
        a: &Activity,
        records: &[Attendance],
    ) -> Result<(), StoreError> {
        self.check_after_permit(&permit, a, "activity.attendance")?;
        let by = self.principal().map(|p| p.username.clone()).unwrap_or_default();
        let at = now();
        let txn = self.store().writer().begin().await?;
        let before = {
            let mut out = Vec::new();
            for r in records {
                let q = Query::select()
                    .columns([n("attended"), n("completed")])
                    .from(n("attendance"))
                    .and_where(Expr::col(n("activity_id")).eq(a.id.0))
                    .and_where(Expr::col(n("nation")).eq(r.participant.nation.as_str()))
                    .and_where(Expr::col(n("participant")).eq(r.participant.name.as_str()))
                    .to_owned();
                if let Some(row) = txn.query_one(&q).await? {
                    let (att, done): (bool, bool) = (row.try_get("", "attended")?, row.try_get("", "completed")?);
                    out.push(json!({"nation": r.participant.nation, "name": r.participant.name, "attended": att, "completed": done}));
                }
                let del = Query::delete()
                    .from_table(n("attendance"))
                    .and_where(Expr::col(n("activity_id")).eq(a.id.0))
                    .and_where(Expr::col(n("nation")).eq(r.participant.nation.as_str()))
                    .and_where(Expr::col(n("participant")).eq(r.participant.name.as_str()))
                    .to_owned();
                txn.execute(&del).await?;
                let ins = Query::insert()
                    .into_table(n("attendance"))
                    .columns([
                        n("activity_id"),
                        n("nation"),
                        n("participant"),
                        n("attended"),
                        n("completed"),
                        n("recorded_by"),
                        n("recorded_at"),
                    ])
                    .values([
                        a.id.0.into(),
                        r.participant.nation.as_str().into(),
                        r.participant.name.as_str().into(),
                        r.attended.into(),
                        r.completed.into(),
                        by.as_str().into(),
                        at.into(),
                    ])
                    .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
                    .to_owned();
                txn.execute(&ins).await?;
            }
            out
        };
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "activity",
                entity_id: a.id.0.to_string(),
                before: Some(json!({ "attendance": before })),
                after: serde_json::to_value(json!({ "attendance": records })).ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Store a nation's feedback (replacing its earlier one), audited.
    pub async fn save_feedback(&self, permit: Permit, a: &Activity, f: &Feedback) -> Result<(), StoreError> {
        self.check_after_permit(&permit, a, "activity.feedback")?;
        let txn = self.store().writer().begin().await?;
        let del = Query::delete()
            .from_table(n("activity_feedback"))
            .and_where(Expr::col(n("activity_id")).eq(a.id.0))
            .and_where(Expr::col(n("nation")).eq(f.nation.as_str()))
            .to_owned();
        let replaced = txn.execute(&del).await?.rows_affected() > 0;
        let ins = Query::insert()
            .into_table(n("activity_feedback"))
            .columns([
                n("activity_id"),
                n("nation"),
                n("relevance"),
                n("quality"),
                n("organisation"),
                n("comment"),
                n("given_by"),
                n("given_at"),
            ])
            .values([
                a.id.0.into(),
                f.nation.as_str().into(),
                i16::from(f.relevance).into(),
                i16::from(f.quality).into(),
                i16::from(f.organisation).into(),
                f.comment.as_str().into(),
                f.given_by.as_str().into(),
                f.given_at.into(),
            ])
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .to_owned();
        txn.execute(&ins).await?;
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "activity",
                entity_id: a.id.0.to_string(),
                before: replaced.then(|| json!({ "feedback_of": f.nation })),
                after: serde_json::to_value(f).ok(),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Write the after-action report against the version the writer read (0: the first); a
    /// report written meanwhile by someone else is a conflict and nothing is written.
    pub async fn save_after_report(
        &self,
        permit: Permit,
        a: &Activity,
        r: &AfterActionReport,
    ) -> Result<i64, StoreError> {
        self.check_after_permit(&permit, a, "activity.report")?;
        let conflict = || StoreError::Conflict { entity: "after-action report", id: a.id.0 };
        let txn = self.store().writer().begin().await?;
        let q = Query::select()
            .columns([n("body"), n("version")])
            .from(n("after_action_report"))
            .and_where(Expr::col(n("activity_id")).eq(a.id.0))
            .to_owned();
        let before = txn.query_one(&q).await?;
        let next = r.version + 1;
        match &before {
            None if r.version == 0 => {
                let ins = Query::insert()
                    .into_table(n("after_action_report"))
                    .columns([n("activity_id"), n("body"), n("written_by"), n("written_at"), n("version")])
                    .values([
                        a.id.0.into(),
                        r.body.as_str().into(),
                        r.written_by.as_str().into(),
                        r.written_at.into(),
                        next.into(),
                    ])
                    .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
                    .to_owned();
                txn.execute(&ins).await?;
            }
            Some(_) if r.version > 0 => {
                let upd = Query::update()
                    .table(n("after_action_report"))
                    .value(n("body"), r.body.as_str())
                    .value(n("written_by"), r.written_by.as_str())
                    .value(n("written_at"), r.written_at)
                    .value(n("version"), next)
                    .and_where(Expr::col(n("activity_id")).eq(a.id.0))
                    .and_where(Expr::col(n("version")).eq(r.version))
                    .to_owned();
                if txn.execute(&upd).await?.rows_affected() != 1 {
                    return Err(conflict());
                }
            }
            _ => return Err(conflict()),
        }
        let before_body: Option<String> = match before {
            Some(row) => Some(row.try_get("", "body")?),
            None => None,
        };
        append(
            &txn,
            &actor(self),
            vec![Change {
                action: permit.action(),
                entity: "activity",
                entity_id: a.id.0.to_string(),
                before: before_body.map(|b| json!({ "report": b })),
                after: Some(json!({ "report": r.body, "version": next })),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(next)
    }
}
