//! Inputs of the evaluation's indicators. Unlike the other reads of [`Scoped`], these read across
//! nations on purpose: they return the figures an indicator aggregates (seats asked and granted,
//! who took part in what, per nation and year) and never a document's content. Whoever shows them applies the domain's rule
//! of what a viewer may see of an aggregate (`entente_domain::evaluation::view`): staff every
//! nation's line, a delegation the aggregates of at least five nations and its own nation's line.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entente_domain::consultation::MeetingStatus;
use entente_domain::evaluation::engagement::{Engaged, EngagementFact};
use entente_domain::evaluation::equal::SeatOutcome;
use entente_domain::evaluation::network::Occasion;
use entente_domain::evaluation::tailoring::{ProgrammeFact, SeatFact as TailoringSeat};
use entente_domain::registry::FormatSpec;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::entities::{
    activity, agenda_item, allocation_line, allocation_run, consultation_request, meeting, meeting_framework,
    meeting_partner, paper, programme, programme_version, seat_request,
};
use crate::{Scoped, StoreError};

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in {what}: {e}")))
}

/// Each activity's start date.
async fn activity_starts(db: &impl sea_orm::ConnectionTrait) -> Result<HashMap<i64, NaiveDate>, StoreError> {
    Ok(activity::Entity::find()
        .select_only()
        .column(activity::Column::Id)
        .column(activity::Column::StartDate)
        .into_tuple::<(i64, NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The lines of every published allocation: nation, activity, seats asked, seats granted.
async fn published_lines(db: &impl sea_orm::ConnectionTrait) -> Result<Vec<(String, i64, i32, i32)>, StoreError> {
    Ok(published_lines_by(db, allocation_line::Column::BaseRun)
        .await?
        .into_iter()
        .map(|(_, nation, activity, asked, granted)| (nation, activity, asked, granted))
        .collect())
}

/// Every held meeting (held, its record under silence, or closed): id, day and format.
async fn held_meetings(db: &impl sea_orm::ConnectionTrait) -> Result<Vec<(i64, NaiveDate, FormatSpec)>, StoreError> {
    let held = [MeetingStatus::Held, MeetingStatus::RecordUnderSilence, MeetingStatus::Closed].map(|s| s.as_str());
    let meetings: Vec<(i64, bool, NaiveDate)> = meeting::Entity::find()
        .filter(meeting::Column::Status.is_in(held))
        .select_only()
        .column(meeting::Column::Id)
        .column(meeting::Column::IncludeAllies)
        .column(meeting::Column::MeetingDate)
        .into_tuple()
        .all(db)
        .await?;
    let mut frameworks: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in meeting_framework::Entity::find().all(db).await? {
        frameworks.entry(r.meeting_id).or_default().push(r.framework_code);
    }
    let mut partners: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in meeting_partner::Entity::find().all(db).await? {
        partners.entry(r.meeting_id).or_default().push(r.nation_code);
    }
    let mut formats = Vec::new();
    for (id, include_allies, day) in meetings {
        let spec = FormatSpec {
            include_allies,
            frameworks: frameworks
                .remove(&id)
                .unwrap_or_default()
                .iter()
                .map(|c| c.parse().map_err(|e| corrupt("meeting_framework", e)))
                .collect::<Result<_, _>>()?,
            partners: partners
                .remove(&id)
                .unwrap_or_default()
                .iter()
                .map(|c| c.parse().map_err(|e| corrupt("meeting_partner", e)))
                .collect::<Result<_, _>>()?,
        };
        formats.push((id, day, spec));
    }
    Ok(formats)
}

impl Scoped {
    /// Q3's inputs: every agreed programme's goals (with their planned activities) and the staff's
    /// ratings, and every answered request of a published allocation with the goal it named,
    /// dated by the activity's start year. Numbers only, no text. Empty for an anonymous caller.
    pub async fn tailoring_facts(&self) -> Result<(Vec<ProgrammeFact>, Vec<TailoringSeat>), StoreError> {
        if self.principal().is_none() {
            return Ok((Vec::new(), Vec::new()));
        }
        let db = self.store().reader();
        let mut latest: BTreeMap<i64, programme_version::Model> = BTreeMap::new();
        for v in programme_version::Entity::find().all(db).await? {
            if latest.get(&v.programme_id).is_none_or(|x| x.number < v.number) {
                latest.insert(v.programme_id, v);
            }
        }
        let mut programmes = Vec::new();
        for p in programme::Entity::find().all(db).await? {
            let Some(v) = latest.remove(&p.id) else { continue };
            let plan: entente_domain::cooperation::Plan =
                serde_json::from_str(&v.plan).map_err(|e| corrupt("programme_version.plan", e))?;
            let assessments: Vec<entente_domain::cooperation::Assessment> =
                serde_json::from_str(&p.assessments).map_err(|e| corrupt("programme.assessments", e))?;
            programmes.push(ProgrammeFact {
                nation: p.nation.parse().map_err(|e| corrupt("programme.nation", e))?,
                goals: plan
                    .goals
                    .iter()
                    .map(|g| (g.key, g.activities.iter().map(|s| s.activity.0).collect()))
                    .collect(),
                staff_ratings: assessments
                    .iter()
                    .filter(|a| a.side == entente_domain::cooperation::Side::Staff)
                    .map(|a| (a.cycle, a.goal, a.rating))
                    .collect(),
            });
        }
        let lines = published_lines_by(db, allocation_line::Column::RequestId).await?;
        if lines.is_empty() {
            return Ok((programmes, Vec::new()));
        }
        let goals: HashMap<i64, i32> = seat_request::Entity::find()
            .filter(seat_request::Column::Goal.is_not_null())
            .select_only()
            .column(seat_request::Column::Id)
            .column(seat_request::Column::Goal)
            .into_tuple::<(i64, Option<i32>)>()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|(id, g)| g.map(|g| (id, g)))
            .collect();
        let starts = activity_starts(db).await?;
        let mut seats = Vec::with_capacity(lines.len());
        for (request, nation, activity, asked, granted) in lines {
            let Some(start) = starts.get(&activity) else { continue };
            seats.push(TailoringSeat {
                nation: nation.parse().map_err(|e| corrupt("allocation_line.nation", e))?,
                year: start.year(),
                activity,
                asked: asked.max(0) as u32,
                granted: granted.max(0) as u32,
                goal: goals.get(&request).map(|g| (*g).max(0) as u32),
            });
        }
        Ok((programmes, seats))
    }

    /// Seats asked and granted in every published allocation, per nation and activity, dated by
    /// the activity's start year (superseded and draft allocations do not count). Empty for an
    /// anonymous caller.
    pub async fn seat_outcomes(&self) -> Result<Vec<SeatOutcome>, StoreError> {
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let db = self.store().reader();
        let lines = published_lines(db).await?;
        if lines.is_empty() {
            return Ok(Vec::new());
        }
        let starts = activity_starts(db).await?;
        lines
            .into_iter()
            .filter_map(|(nation, activity, asked, granted)| {
                let start = starts.get(&activity)?;
                Some(nation.parse().map(|nation| SeatOutcome {
                    nation,
                    year: start.year(),
                    asked: asked.max(0) as u32,
                    granted: granted.max(0) as u32,
                }))
            })
            .collect::<Result<_, _>>()
            .map_err(|e| corrupt("allocation_line.nation", e))
    }

    /// The rules (the engine's mechanisms: `primary`, `fcfs`, …) of the published allocations,
    /// by the start year of the activities they cover. Empty for an anonymous caller.
    pub async fn allocation_rules_by_year(&self) -> Result<BTreeMap<i32, BTreeSet<String>>, StoreError> {
        if self.principal().is_none() {
            return Ok(BTreeMap::new());
        }
        let db = self.store().reader();
        let pairs: Vec<(i64, i64)> = allocation_line::Entity::find()
            .filter(crate::cooperation::published_lines())
            .select_only()
            .distinct()
            .column(allocation_line::Column::BaseRun)
            .column(allocation_line::Column::ActivityId)
            .into_tuple()
            .all(db)
            .await?;
        if pairs.is_empty() {
            return Ok(BTreeMap::new());
        }
        let rules: HashMap<i64, String> = allocation_run::Entity::find()
            .select_only()
            .column(allocation_run::Column::Id)
            .column(allocation_run::Column::Mechanism)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let starts = activity_starts(db).await?;
        let mut out: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
        for (base, activity) in pairs {
            if let (Some(start), Some(rule)) = (starts.get(&activity), rules.get(&base)) {
                out.entry(start.year()).or_default().insert(rule.clone());
            }
        }
        Ok(out)
    }

    /// What partners did, per nation and year: seat requests (by the activity's start year) and
    /// consultation requests (by the year filed). Held meetings come from
    /// [`Scoped::held_meeting_formats`]. Empty for an anonymous caller.
    pub async fn engagement_facts(&self) -> Result<Vec<EngagementFact>, StoreError> {
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let db = self.store().reader();
        let starts = activity_starts(db).await?;
        let mut facts = Vec::new();
        let seats: Vec<(String, i64)> = seat_request::Entity::find()
            .select_only()
            .column(seat_request::Column::Nation)
            .column(seat_request::Column::ActivityId)
            .into_tuple()
            .all(db)
            .await?;
        for (nation, activity) in seats {
            if let Some(start) = starts.get(&activity) {
                let nation = nation.parse().map_err(|e| corrupt("seat_request.nation", e))?;
                facts.push(EngagementFact { nation, year: start.year(), how: Engaged::SeatRequest });
            }
        }
        let requests: Vec<(String, DateTime<Utc>)> = consultation_request::Entity::find()
            .select_only()
            .column(consultation_request::Column::RequesterNation)
            .column(consultation_request::Column::SubmittedAt)
            .into_tuple()
            .all(db)
            .await?;
        for (nation, at) in requests {
            let nation = nation.parse().map_err(|e| corrupt("consultation_request.requester_nation", e))?;
            facts.push(EngagementFact { nation, year: at.year(), how: Engaged::ConsultationRequest });
        }
        Ok(facts)
    }

    /// Every held meeting's day and format, whose seats the domain resolves. Empty for an
    /// anonymous caller.
    pub async fn held_meeting_formats(&self) -> Result<Vec<(NaiveDate, FormatSpec)>, StoreError> {
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        Ok(held_meetings(self.store().reader()).await?.into_iter().map(|(_, day, spec)| (day, spec)).collect())
    }

    /// The activities where nations sat together: for each activity of a published allocation, the
    /// nations granted at least one seat, dated by its start year. Empty for an anonymous caller.
    pub async fn activity_occasions(&self) -> Result<Vec<Occasion>, StoreError> {
        let outcomes = self.seat_outcomes_by_activity().await?;
        Ok(outcomes.into_values().filter(|o| o.nations.len() > 1).collect())
    }

    async fn seat_outcomes_by_activity(&self) -> Result<BTreeMap<i64, Occasion>, StoreError> {
        if self.principal().is_none() {
            return Ok(BTreeMap::new());
        }
        let db = self.store().reader();
        let lines = published_lines(db).await?;
        let starts = activity_starts(db).await?;
        let mut out: BTreeMap<i64, Occasion> = BTreeMap::new();
        for (nation, activity, _, granted) in lines {
            let Some(start) = starts.get(&activity).filter(|_| granted > 0) else { continue };
            let nation = nation.parse().map_err(|e| corrupt("allocation_line.nation", e))?;
            out.entry(activity)
                .or_insert_with(|| Occasion { year: start.year(), nations: Vec::new() })
                .nations
                .push(nation);
        }
        Ok(out)
    }
}

impl Scoped {
    /// Q4's input: violent events (armed conflict, violence against civilians) of the curated
    /// sources (ACLED, UCDP) per country and ISO-week year, from `from` to `to`. Open data,
    /// country-level cells only (an admin1 cell counts its events again). Empty for an anonymous
    /// caller.
    pub async fn violent_events(
        &self,
        from: i32,
        to: i32,
    ) -> Result<Vec<entente_domain::evaluation::conflict::CountryYear>, StoreError> {
        use chrono::Datelike;
        use entente_domain::date::Day;
        use entente_domain::evaluation::conflict::CountryYear;
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let a = Alias::new;
        let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(from, 1, 1), NaiveDate::from_ymd_opt(to, 12, 31))
        else {
            return Ok(Vec::new());
        };
        // ISO weeks may straddle a year: take every week touching the period, then date each by
        // its Thursday.
        let (w0, w1) = (Day::from(first).week_index() - 1, Day::from(last).week_index() + 1);
        let q = Query::select()
            .expr_as(Expr::col((a("event_cell"), a("country"))), a("country"))
            .expr_as(Expr::col((a("event_count"), a("week"))), a("week"))
            // SUM of a bigint is a numeric on PostgreSQL: cast back.
            .expr_as(Func::cast_as(Func::sum(Expr::col((a("event_count"), a("events")))), a("BIGINT")), a("events"))
            .expr_as(
                Func::cast_as(Func::sum(Expr::col((a("event_count"), a("fatalities")))), a("BIGINT")),
                a("fatalities"),
            )
            .from(a("event_count"))
            .inner_join(a("event_cell"), Expr::col((a("event_cell"), a("id"))).equals((a("event_count"), a("cell_id"))))
            .and_where(Expr::col((a("event_cell"), a("layer"))).eq("curated"))
            .and_where(Expr::col((a("event_cell"), a("admin1"))).eq(""))
            .and_where(
                Expr::col((a("event_cell"), a("category"))).is_in(["armed_conflict", "violence_against_civilians"]),
            )
            .and_where(Expr::col((a("event_count"), a("week"))).between(w0, w1))
            .group_by_col((a("event_cell"), a("country")))
            .group_by_col((a("event_count"), a("week")))
            .to_owned();
        let mut acc: BTreeMap<(String, i32), (i64, i64)> = BTreeMap::new();
        for row in self.store().reader().query_all(&q).await? {
            let country: String = row.try_get("", "country")?;
            let week: i32 = row.try_get("", "week")?;
            let sum = |c: &str| -> Result<i64, StoreError> { Ok(row.try_get::<i64>("", c)?) };
            let Some(thursday) = Day(Day::monday_of_week_index(week).0 + 3).to_naive_date() else { continue };
            if !(from..=to).contains(&thursday.year()) {
                continue;
            }
            let e = acc.entry((country, thursday.year())).or_default();
            e.0 += sum("events")?;
            e.1 += sum("fatalities")?;
        }
        Ok(acc
            .into_iter()
            .map(|((country, year), (events, fatalities))| CountryYear { country, year, events, fatalities })
            .collect())
    }
}

impl Scoped {
    /// Q8's after-the-activity inputs, numbers only: each recorded participant's nation,
    /// attendance and completion, and each nation's three feedback ratings, dated by the year of
    /// the activity's last day. No names, no comments. Empty for an anonymous caller.
    pub async fn participation_facts(
        &self,
    ) -> Result<
        (
            Vec<entente_domain::evaluation::participation::AttendanceFact>,
            Vec<entente_domain::evaluation::participation::FeedbackFact>,
        ),
        StoreError,
    > {
        use entente_domain::evaluation::participation::{AttendanceFact, FeedbackFact};
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::Alias;
        if self.principal().is_none() {
            return Ok((Vec::new(), Vec::new()));
        }
        let a = Alias::new;
        let db = self.store().reader();
        let ends: HashMap<i64, NaiveDate> = activity::Entity::find()
            .select_only()
            .column(activity::Column::Id)
            .column(activity::Column::EndDate)
            .into_tuple::<(i64, NaiveDate)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let q = Query::select()
            .columns([a("activity_id"), a("nation"), a("attended"), a("completed")])
            .from(a("attendance"))
            .to_owned();
        let mut att = Vec::new();
        for row in db.query_all(&q).await? {
            let id: i64 = row.try_get("", "activity_id")?;
            let Some(end) = ends.get(&id) else { continue };
            att.push(AttendanceFact {
                year: end.year(),
                nation: row.try_get("", "nation")?,
                attended: row.try_get("", "attended")?,
                completed: row.try_get("", "completed")?,
            });
        }
        let q = Query::select()
            .columns([a("activity_id"), a("nation"), a("relevance"), a("quality"), a("organisation")])
            .from(a("activity_feedback"))
            .to_owned();
        let mut fb = Vec::new();
        for row in db.query_all(&q).await? {
            let id: i64 = row.try_get("", "activity_id")?;
            let Some(end) = ends.get(&id) else { continue };
            let r = |c: &str| -> Result<u8, StoreError> {
                let v: i16 = row.try_get("", c)?;
                u8::try_from(v).map_err(|e| corrupt("activity_feedback rating", e))
            };
            fb.push(FeedbackFact {
                year: end.year(),
                nation: row.try_get("", "nation")?,
                ratings: [r("relevance")?, r("quality")?, r("organisation")?],
            });
        }
        Ok((att, fb))
    }
}

impl Scoped {
    /// Q1's agenda input: for each agenda item the caller may see (in a meeting it may see, under
    /// a marking released to it), the year of its meeting, who proposed it (staff, an ally, a
    /// partner — judged on the meeting's day) and whether it was accepted. No titles, no text.
    pub async fn agenda_facts(&self) -> Result<Vec<entente_domain::evaluation::agenda::AgendaFact>, StoreError> {
        use entente_domain::consultation::{Actor, AgendaStatus};
        use entente_domain::evaluation::agenda::{AgendaFact, Proposer};
        use entente_domain::registry::FrameworkCode;
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::{Expr, ExprTrait};
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let mut q = Query::select()
            .column((crate::entities::meeting::Entity, crate::entities::meeting::Column::MeetingDate))
            .column((crate::entities::agenda_item::Entity, crate::entities::agenda_item::Column::ProposedBy))
            .column((crate::entities::agenda_item::Entity, crate::entities::agenda_item::Column::Status))
            .from(crate::entities::agenda_item::Entity)
            .inner_join(
                crate::entities::meeting::Entity,
                Expr::col((crate::entities::meeting::Entity, crate::entities::meeting::Column::Id))
                    .equals((crate::entities::agenda_item::Entity, crate::entities::agenda_item::Column::MeetingId)),
            )
            .cond_where(
                self.visible((crate::entities::agenda_item::Entity, crate::entities::agenda_item::Column::MarkingId)),
            )
            .to_owned();
        if let Some(c) = self.meeting_condition().await? {
            q.cond_where(c);
        }
        let net = &self.registry().network;
        let mut out = Vec::new();
        for row in self.store().reader().query_all(&q).await? {
            let day: NaiveDate = row.try_get("", "meeting_date")?;
            let by: String = row.try_get("", "proposed_by")?;
            let by: Actor = serde_json::from_str(&by).map_err(|e| corrupt("agenda_item.proposed_by", e))?;
            let status: String = row.try_get("", "status")?;
            let proposer = match by.nation() {
                None => Proposer::Staff,
                Some(n) if net.is_active(n, &FrameworkCode::alliance(), day) => Proposer::Ally,
                Some(_) => Proposer::Partner,
            };
            out.push(AgendaFact {
                year: day.year(),
                by: proposer,
                accepted: status == AgendaStatus::Accepted.as_str(),
            });
        }
        Ok(out)
    }
}

/// Question 6's inputs beyond seats, numbers only (no titles, no text), across nations: see
/// [`Scoped::treatment_facts`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TreatmentFacts {
    pub requests: Vec<entente_domain::evaluation::treatment::RequestFact>,
    pub proposals: Vec<entente_domain::evaluation::treatment::ProposalFact>,
    pub meetings: Vec<entente_domain::evaluation::treatment::MeetingVoice>,
    pub reports: Vec<entente_domain::evaluation::treatment::ReportFact>,
    pub allocation_lines: Vec<entente_domain::evaluation::treatment::AllocationLineFact>,
}

impl Scoped {
    /// Q6's inputs beyond seats, each nation's figures across every nation (whoever shows them
    /// applies the evaluation's view rule): each consultation request's requester, year filed and
    /// days to acknowledgement; each agenda item a nation proposed, with its meeting's year and
    /// status; each held meeting's seated nations (its format resolved on its day) and the
    /// statements each nation made in it (papers of kind statement not withdrawn); each security
    /// report a nation filed, with its year and status; and every line of a published
    /// allocation, dated by its activity's start year. A few queries, none per nation. Empty for
    /// an anonymous caller.
    pub async fn treatment_facts(&self) -> Result<TreatmentFacts, StoreError> {
        use entente_domain::consultation::{Actor, AgendaStatus};
        use entente_domain::evaluation::treatment::{
            AllocationLineFact, MeetingVoice, ProposalFact, ReportFact, RequestFact,
        };
        use entente_domain::warning::ReportStatus;
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::{Alias, Expr, ExprTrait};
        if self.principal().is_none() {
            return Ok(TreatmentFacts::default());
        }
        let db = self.store().reader();
        let net = &self.registry().network;
        let mut out = TreatmentFacts::default();

        let requests: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> = consultation_request::Entity::find()
            .select_only()
            .column(consultation_request::Column::RequesterNation)
            .column(consultation_request::Column::SubmittedAt)
            .column(consultation_request::Column::AcknowledgedAt)
            .into_tuple()
            .all(db)
            .await?;
        for (nation, submitted, acknowledged) in requests {
            out.requests.push(RequestFact {
                nation: nation.parse().map_err(|e| corrupt("consultation_request.requester_nation", e))?,
                year: submitted.year(),
                days_to_acknowledge: acknowledged.map(|t| (t - submitted).num_seconds() as f64 / 86_400.0),
            });
        }

        let q = Query::select()
            .column((meeting::Entity, meeting::Column::MeetingDate))
            .column((agenda_item::Entity, agenda_item::Column::ProposedBy))
            .column((agenda_item::Entity, agenda_item::Column::Status))
            .from(agenda_item::Entity)
            .inner_join(
                meeting::Entity,
                Expr::col((meeting::Entity, meeting::Column::Id))
                    .equals((agenda_item::Entity, agenda_item::Column::MeetingId)),
            )
            .to_owned();
        for row in db.query_all(&q).await? {
            let day: NaiveDate = row.try_get("", "meeting_date")?;
            let by: String = row.try_get("", "proposed_by")?;
            let by: Actor = serde_json::from_str(&by).map_err(|e| corrupt("agenda_item.proposed_by", e))?;
            let Some(nation) = by.nation() else { continue };
            let status: String = row.try_get("", "status")?;
            let status = AgendaStatus::ALL
                .into_iter()
                .find(|s| s.as_str() == status)
                .ok_or_else(|| corrupt("agenda_item.status", &status))?;
            out.proposals.push(ProposalFact { nation: nation.clone(), year: day.year(), status });
        }

        let statements: Vec<(i64, Option<String>)> = paper::Entity::find()
            .filter(paper::Column::Kind.eq("statement"))
            .filter(paper::Column::WithdrawnAt.is_null())
            .filter(paper::Column::AuthorNation.is_not_null())
            .select_only()
            .column(paper::Column::MeetingId)
            .column(paper::Column::AuthorNation)
            .into_tuple()
            .all(db)
            .await?;
        let mut said: BTreeMap<i64, BTreeMap<String, u32>> = BTreeMap::new();
        for (meeting, nation) in statements {
            if let Some(nation) = nation {
                *said.entry(meeting).or_default().entry(nation).or_default() += 1;
            }
        }
        for (id, day, spec) in held_meetings(db).await? {
            let statements = said
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|(n, s)| Ok((n.parse().map_err(|e| corrupt("paper.author_nation", e))?, s)))
                .collect::<Result<_, StoreError>>()?;
            let seated = spec.resolve(net, day).seats.into_iter().map(|s| s.nation).collect();
            out.meetings.push(MeetingVoice { year: day.year(), seated, statements });
        }

        let a = Alias::new;
        let q = Query::select()
            .columns([a("author_nation"), a("status"), a("filed_at")])
            .from(a("security_report"))
            .and_where(Expr::col(a("author_nation")).is_not_null())
            .to_owned();
        for row in db.query_all(&q).await? {
            let nation: Option<String> = row.try_get("", "author_nation")?;
            let Some(nation) = nation else { continue };
            let status: String = row.try_get("", "status")?;
            let filed: DateTime<Utc> = row.try_get("", "filed_at")?;
            out.reports.push(ReportFact {
                nation: nation.parse().map_err(|e| corrupt("security_report.author_nation", e))?,
                year: filed.year(),
                status: status.parse::<ReportStatus>().map_err(|e| corrupt("security_report.status", e))?,
            });
        }

        let lines = published_lines_by(db, allocation_line::Column::BaseRun).await?;
        if !lines.is_empty() {
            let starts = activity_starts(db).await?;
            for (run, nation, activity, asked, granted) in lines {
                let Some(start) = starts.get(&activity) else { continue };
                out.allocation_lines.push(AllocationLineFact {
                    run,
                    year: start.year(),
                    nation: nation.parse().map_err(|e| corrupt("allocation_line.nation", e))?,
                    activity,
                    asked: u32::try_from(asked).unwrap_or(0),
                    granted: u32::try_from(granted).unwrap_or(0),
                });
            }
        }
        Ok(out)
    }
}

/// The lines of every published allocation: `(first, nation, activity, asked, granted)`, `first`
/// being the column asked for (the request, or the allocation: its first version, which all its
/// versions share).
async fn published_lines_by<C: sea_orm::ConnectionTrait>(
    db: &C,
    first: allocation_line::Column,
) -> Result<Vec<(i64, String, i64, i32, i32)>, StoreError> {
    Ok(allocation_line::Entity::find()
        .filter(crate::cooperation::published_lines())
        .select_only()
        .column(first)
        .column(allocation_line::Column::Nation)
        .column(allocation_line::Column::ActivityId)
        .column(allocation_line::Column::Asked)
        .column(allocation_line::Column::Granted)
        .into_tuple()
        .all(db)
        .await?)
}
