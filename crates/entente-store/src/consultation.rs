//! The consultation repository. Aggregates (meetings, agenda items, records, decisions, actions,
//! requests, polls) are stored as rows whose histories are append-only JSON arrays, and come back
//! through the domain's `from_parts`, which re-checks every rule. Reads go through [`Scoped`]:
//! the SQL keeps out what the caller may not see (meetings by their format as of their date,
//! items by their marking), and the domain's `may_see_*` functions decide each row again.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entente_domain::access::{Marking, Permit, may_see};
use entente_domain::consultation::{
    Action, ActionId, ActionStatus, Agenda, AgendaItem, AgendaItemId, ConsultationRequest, Decision, DecisionId,
    Meeting, MeetingDraft, MeetingId, MeetingLevel, MeetingLink, MeetingStatus, Paper, PaperFile, PaperKind, Poll,
    PollId, RequestBasis, RequestId, SilenceBreak, StatusChange, SummaryRecord, TimeZoneName, Venue, Vote,
    may_see_action, may_see_agenda_item, may_see_decision, may_see_meeting, may_see_poll, may_see_record,
    may_see_request, subject,
};
use entente_domain::registry::{FormatSpec, Membership, NationCode, Network};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::access::{insert_marking, load_marking, load_markings};
use crate::audit::{Actor, Change, append};
use crate::entities::{
    agenda_item, consultation_request, decision, decision_position, follow_up, meeting, meeting_framework,
    meeting_partner, paper, poll, poll_vote, silence_break, summary_record,
};
use crate::registry::now;
use crate::{Scoped, Store, StoreError};

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("unexpected value in {what}: {e}")))
}

fn json<T: Serialize + ?Sized>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| corrupt("json", e))
}

fn parse<T: DeserializeOwned>(what: &str, s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| corrupt(what, e))
}

fn rule(e: entente_domain::consultation::ConsultationError) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("a stored row breaks a rule: {e}")))
}

fn audit_json<T: Serialize + ?Sized>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

// ---------- meetings ----------

fn meeting_from(m: &meeting::Model, frameworks: Vec<String>, partners: Vec<String>) -> Result<Meeting, StoreError> {
    let format = FormatSpec {
        include_allies: m.include_allies,
        frameworks: frameworks
            .iter()
            .map(|c| c.parse().map_err(|e| corrupt("meeting_framework", e)))
            .collect::<Result<_, _>>()?,
        partners: partners
            .iter()
            .map(|c| c.parse().map_err(|e| corrupt("meeting_partner", e)))
            .collect::<Result<_, _>>()?,
    };
    let draft = MeetingDraft {
        title: m.title.clone(),
        level: MeetingLevel::parse(&m.level).ok_or_else(|| corrupt("meeting.level", &m.level))?,
        format,
        start: m.start_at,
        end: m.end_at,
        time_zone: m.time_zone.parse::<TimeZoneName>().map_err(|e| corrupt("meeting.time_zone", e))?,
        venue: parse::<Venue>("meeting.venue", &m.venue)?,
        request: m.request_id.map(RequestId),
    };
    let history: Vec<StatusChange<MeetingStatus>> = parse("meeting.history", &m.history)?;
    let mut meeting =
        Meeting::from_parts(MeetingId(m.id), draft, u32::try_from(m.sequence).unwrap_or(0), m.updated_at, history)
            .map_err(rule)?;
    meeting.version = m.version;
    meeting.agenda_version = m.agenda_version;
    Ok(meeting)
}

async fn meetings_from<C: ConnectionTrait>(db: &C, rows: Vec<meeting::Model>) -> Result<Vec<Meeting>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut frameworks: HashMap<i64, Vec<String>> = HashMap::new();
    for x in meeting_framework::Entity::find()
        .filter(meeting_framework::Column::MeetingId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        frameworks.entry(x.meeting_id).or_default().push(x.framework_code);
    }
    let mut partners: HashMap<i64, Vec<String>> = HashMap::new();
    for x in meeting_partner::Entity::find().filter(meeting_partner::Column::MeetingId.is_in(ids)).all(db).await? {
        partners.entry(x.meeting_id).or_default().push(x.nation_code);
    }
    rows.iter()
        .map(|m| {
            let mut f = frameworks.remove(&m.id).unwrap_or_default();
            let mut p = partners.remove(&m.id).unwrap_or_default();
            f.sort();
            p.sort();
            meeting_from(m, f, p)
        })
        .collect()
}

/// Filters for listing meetings.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    /// Meetings starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Meetings starting before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Meetings not ended at this instant (under way or to come).
    pub not_ended_at: Option<DateTime<Utc>>,
    /// Meetings ended before this instant.
    pub ended_by: Option<DateTime<Utc>>,
    pub status: Option<MeetingStatus>,
    /// Keyset paging: meetings after this (start, id), in start order.
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: u64,
    /// Newest first instead of soonest first.
    pub descending: bool,
}

/// A document's content, received into a file of its own (never whole in memory) and hashed
/// while it arrived. [`Scoped::insert_paper`] takes the file away: moved into the files
/// directory, or read into the database and removed by its owner.
#[derive(Debug, Clone, Copy)]
pub struct StagedFile<'a> {
    pub path: &'a std::path::Path,
    /// The content's SHA-256, lower-case hexadecimal.
    pub sha256: &'a str,
}

/// Keep a received file: moved into the configured files directory under its SHA-256 (no copy in
/// memory; the same content is kept once), or, with no directory configured, read to be stored in
/// the row. Returns the hash, where it is kept (`dir` or `db`) and the bytes for the row.
pub(crate) async fn place_file(
    store: &Store,
    staged: StagedFile<'_>,
) -> Result<(String, &'static str, Option<Vec<u8>>), StoreError> {
    let sha = staged.sha256.to_string();
    match store.files_dir() {
        Some(dir) => {
            let files = |e: std::io::Error| corrupt("files directory", e);
            tokio::fs::create_dir_all(dir).await.map_err(files)?;
            let target = dir.join(&sha);
            if tokio::fs::try_exists(&target).await.map_err(files)? {
                // The same content is stored already (its name is its hash).
                tokio::fs::remove_file(staged.path).await.map_err(files)?;
            } else if tokio::fs::rename(staged.path, &target).await.is_err() {
                // Another file system: copy beside the target, then rename into place,
                // so a reader never finds a half-written file under the hash.
                let partial = dir.join(format!(".{sha}.partial"));
                tokio::fs::copy(staged.path, &partial).await.map_err(files)?;
                tokio::fs::rename(&partial, &target).await.map_err(files)?;
                tokio::fs::remove_file(staged.path).await.map_err(files)?;
            }
            Ok((sha, "dir", None))
        }
        None => {
            let bytes = tokio::fs::read(staged.path).await.map_err(|e| corrupt("received file", e))?;
            Ok((sha, "db", Some(bytes)))
        }
    }
}

/// A kept file's bytes (see [`place_file`]).
pub(crate) async fn read_placed(
    store: &Store,
    storage: &str,
    sha256: Option<&str>,
    data: Option<Vec<u8>>,
) -> Result<Vec<u8>, StoreError> {
    match (storage, data) {
        ("db", Some(d)) => Ok(d),
        ("dir", _) => {
            let dir = store.files_dir().ok_or_else(|| corrupt("file storage", "no file directory configured"))?;
            tokio::fs::read(dir.join(sha256.unwrap_or_default())).await.map_err(|e| corrupt("stored file", e))
        }
        _ => Ok(Vec::new()),
    }
}

impl Scoped {
    /// The SQL form of "seated by the meeting's format on its date" for this caller; `None` for
    /// the staff (everything), a condition that is never true for anonymous callers.
    ///
    /// The caller's nation has a handful of membership periods: they are read first and written
    /// into the condition as date ranges on the meeting's date, so the database evaluates per
    /// meeting only comparisons and two index lookups (the meeting's frameworks, its named
    /// partners), never a join with the membership table.
    pub(crate) async fn meeting_condition(&self) -> Result<Option<Condition>, StoreError> {
        let never = || Condition::all().add(Expr::val(1).eq(0));
        let Some(p) = self.principal() else { return Ok(Some(never())) };
        if p.is_staff() {
            return Ok(None);
        }
        let Some((_, code)) = self.nation_ref() else { return Ok(Some(never())) };
        // The nation's periods come from the registry snapshot the caller was scoped with (the
        // same rows as `membership`, read once per registry version, not once per request).
        let periods: Vec<&Membership> = self.registry().network.memberships_of(code).collect();
        if periods.is_empty() {
            return Ok(Some(never()));
        }
        let day = || Expr::col((meeting::Entity, meeting::Column::MeetingDate));
        let during = |m: &Membership| {
            let mut c = Condition::all().add(day().gte(m.joined.first_day()));
            if let Some(left) = m.left {
                c = c.add(day().lt(left.first_day()));
            }
            c
        };
        let any_of = |rows: &mut dyn Iterator<Item = &Membership>| rows.fold(Condition::any(), |c, m| c.add(during(m)));
        let mut seated = Condition::any();
        // All allies, on a day the nation is an ally.
        let ally: Vec<&Membership> = periods.iter().copied().filter(|m| m.framework.is_alliance()).collect();
        if !ally.is_empty() {
            seated = seated.add(
                Condition::all()
                    .add(Expr::col((meeting::Entity, meeting::Column::IncludeAllies)).eq(true))
                    .add(any_of(&mut ally.iter().copied())),
            );
        }
        // A framework of the meeting, on a day the nation is in it.
        let mut by_framework: std::collections::BTreeMap<&str, Vec<&Membership>> = Default::default();
        for m in &periods {
            by_framework.entry(m.framework.as_str()).or_default().push(m);
        }
        for (framework_code, rows) in by_framework {
            let listed = Query::select()
                .expr(Expr::val(1))
                .from(meeting_framework::Entity)
                .and_where(
                    Expr::col((meeting_framework::Entity, meeting_framework::Column::MeetingId))
                        .equals((meeting::Entity, meeting::Column::Id)),
                )
                .and_where(
                    Expr::col((meeting_framework::Entity, meeting_framework::Column::FrameworkCode)).eq(framework_code),
                )
                .to_owned();
            seated = seated.add(Condition::all().add(Expr::exists(listed)).add(any_of(&mut rows.into_iter())));
        }
        // Named in the meeting, on a day the nation is in any framework.
        let named = Query::select()
            .expr(Expr::val(1))
            .from(meeting_partner::Entity)
            .and_where(
                Expr::col((meeting_partner::Entity, meeting_partner::Column::MeetingId))
                    .equals((meeting::Entity, meeting::Column::Id)),
            )
            .and_where(Expr::col((meeting_partner::Entity, meeting_partner::Column::NationCode)).eq(code.as_str()))
            .to_owned();
        seated = seated.add(Condition::all().add(Expr::exists(named)).add(any_of(&mut periods.iter().copied())));
        Ok(Some(seated))
    }

    /// Meetings this caller may see, in start order.
    pub async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>, StoreError> {
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let db = self.store().reader();
        let mut q = meeting::Entity::find();
        if let Some(c) = self.meeting_condition().await? {
            q = q.filter(c);
        }
        if let Some(f) = filter.from {
            q = q.filter(meeting::Column::StartAt.gte(f));
        }
        if let Some(t) = filter.to {
            q = q.filter(meeting::Column::StartAt.lt(t));
        }
        if let Some(t) = filter.not_ended_at {
            q = q.filter(meeting::Column::EndAt.gt(t));
        }
        if let Some(t) = filter.ended_by {
            q = q.filter(meeting::Column::EndAt.lte(t));
        }
        if let Some(s) = filter.status {
            q = q.filter(meeting::Column::Status.eq(s.as_str()));
        }
        if let Some((start, id)) = filter.after {
            let after = if filter.descending {
                Condition::any()
                    .add(meeting::Column::StartAt.lt(start))
                    .add(Condition::all().add(meeting::Column::StartAt.eq(start)).add(meeting::Column::Id.lt(id)))
            } else {
                Condition::any()
                    .add(meeting::Column::StartAt.gt(start))
                    .add(Condition::all().add(meeting::Column::StartAt.eq(start)).add(meeting::Column::Id.gt(id)))
            };
            q = q.filter(after);
        }
        q = if filter.descending {
            q.order_by_desc(meeting::Column::StartAt).order_by_desc(meeting::Column::Id)
        } else {
            q.order_by_asc(meeting::Column::StartAt).order_by_asc(meeting::Column::Id)
        };
        let rows = q.limit(filter.limit.clamp(1, 500)).all(db).await?;
        meetings_from(db, rows).await
    }

    /// How many meetings this caller may see (same predicate as the list).
    pub async fn count_meetings(&self) -> Result<u64, StoreError> {
        if self.principal().is_none() {
            return Ok(0);
        }
        let mut q = meeting::Entity::find();
        if let Some(c) = self.meeting_condition().await? {
            q = q.filter(c);
        }
        Ok(q.count(self.store().reader()).await?)
    }

    /// One meeting, if this caller may see it; otherwise not found, as a missing one.
    pub async fn meeting(&self, id: i64, network: &Network) -> Result<Meeting, StoreError> {
        let m = load_meeting(self.store().reader(), id).await?;
        if may_see_meeting(self.viewer(), &m, network) { Ok(m) } else { Err(StoreError::NotFound) }
    }

    /// The agenda items of a meeting this caller may see.
    pub async fn agenda(&self, meeting: &Meeting, network: &Network) -> Result<Vec<AgendaItem>, StoreError> {
        let db = self.store().reader();
        let mut q = agenda_item::Entity::find().filter(agenda_item::Column::MeetingId.eq(meeting.id.0));
        if !self.is_staff() {
            q = q.filter(self.visible((agenda_item::Entity, agenda_item::Column::MarkingId)));
        }
        let rows = q.order_by_asc(agenda_item::Column::Id).all(db).await?;
        let mut out = Vec::new();
        for r in rows {
            let item = agenda_from(db, &r).await?;
            if may_see_agenda_item(self.viewer(), &item, meeting, network) {
                out.push(item);
            }
        }
        Ok(out)
    }

    /// Documents and statements of a meeting this caller may see (without their bytes).
    pub async fn papers(&self, meeting: &Meeting, network: &Network) -> Result<Vec<Paper>, StoreError> {
        if !may_see_meeting(self.viewer(), meeting, network) {
            return Ok(Vec::new());
        }
        let db = self.store().reader();
        let rows = paper::Entity::find()
            .select_only()
            .columns([
                paper::Column::Id,
                paper::Column::MeetingId,
                paper::Column::Kind,
                paper::Column::Title,
                paper::Column::Body,
                paper::Column::FileName,
                paper::Column::ContentType,
                paper::Column::SizeBytes,
                paper::Column::AuthorNation,
                paper::Column::AuthorAccountId,
                paper::Column::MarkingId,
                paper::Column::CreatedAt,
                paper::Column::WithdrawnAt,
                paper::Column::Version,
            ])
            .filter(paper::Column::MeetingId.eq(meeting.id.0))
            .filter(paper::Column::WithdrawnAt.is_null())
            .filter(self.visible((paper::Entity, paper::Column::MarkingId)))
            .order_by_asc(paper::Column::Id)
            .into_model::<PaperRow>()
            .all(db)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let m = load_marking(db, r.marking_id).await?.marking;
            if may_see(self.viewer(), &m, network) {
                out.push(r.into_paper(m)?);
            }
        }
        Ok(out)
    }

    /// A paper still in its meeting (not withdrawn) that this caller may see, with its meeting
    /// and its marking; any other answers as a missing one.
    async fn visible_paper(&self, id: i64, network: &Network) -> Result<(paper::Model, Meeting, Marking), StoreError> {
        let db = self.store().reader();
        let row = paper::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        if row.withdrawn_at.is_some() {
            return Err(StoreError::NotFound);
        }
        // `meeting` answers a meeting the caller may not see as missing.
        let meeting = self.meeting(row.meeting_id, network).await?;
        let m = load_marking(db, row.marking_id).await?.marking;
        if !may_see(self.viewer(), &m, network) {
            return Err(StoreError::NotFound);
        }
        Ok((row, meeting, m))
    }

    /// One document's bytes and description, if this caller may see it.
    pub async fn paper_file(&self, id: i64, network: &Network) -> Result<(Paper, Vec<u8>), StoreError> {
        let (row, _, m) = self.visible_paper(id, network).await?;
        let bytes = read_placed(self.store(), &row.storage, row.sha256.as_deref(), row.data.clone()).await?;
        let paper = PaperRow::from(row).into_paper(m)?;
        Ok((paper, bytes))
    }

    /// A paper still in its meeting, with the meeting, for its author to change (as a missing one
    /// when this caller may not see it).
    pub async fn paper_for_change(&self, id: i64, network: &Network) -> Result<(Paper, Meeting), StoreError> {
        let (row, meeting, m) = self.visible_paper(id, network).await?;
        let paper = PaperRow::from(row).into_paper(m)?;
        Ok((paper, meeting))
    }

    /// Save a paper its author reworded or withdrew, naming the version read.
    pub async fn save_paper(&self, permit: Permit, p: &mut Paper) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::PAPER, p.id)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "paper", "id", p.id, "version", p.version, 1).await?;
        let row = paper::Entity::find_by_id(p.id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before = serde_json::json!({ "title": row.title, "body": row.body });
        let mut am = row.into_active_model();
        am.title = Set(p.title.clone());
        am.body = Set(p.body.clone());
        am.withdrawn_at = Set(p.withdrawn_at);
        am.update(&txn).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "paper",
            entity_id: p.id.to_string(),
            before: Some(before),
            after: audit_json(&*p),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        p.version += 1;
        Ok(())
    }

    /// The meeting's summary record, if there is one and this caller may see it.
    pub async fn record(&self, meeting: &Meeting, network: &Network) -> Result<Option<SummaryRecord>, StoreError> {
        let Some(r) = load_record(self.store().reader(), meeting.id.0).await? else { return Ok(None) };
        Ok(may_see_record(self.viewer(), &r, meeting, network).then_some(r))
    }

    pub async fn decisions(&self, meeting: &Meeting, network: &Network) -> Result<Vec<Decision>, StoreError> {
        let db = self.store().reader();
        let rows = decision::Entity::find()
            .filter(decision::Column::MeetingId.eq(meeting.id.0))
            .filter(self.visible((decision::Entity, decision::Column::MarkingId)))
            .order_by_asc(decision::Column::Id)
            .all(db)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let d = decision_from(db, &r).await?;
            if may_see_decision(self.viewer(), &d, meeting, network) {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Actions of one meeting this caller may see.
    pub async fn actions(&self, meeting: &Meeting, network: &Network) -> Result<Vec<Action>, StoreError> {
        let db = self.store().reader();
        let rows = follow_up::Entity::find()
            .filter(follow_up::Column::MeetingId.eq(meeting.id.0))
            .order_by_asc(follow_up::Column::DueOn)
            .all(db)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let a = action_from(db, &r).await?;
            if may_see_action(self.viewer(), &a, meeting, network) {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Actions owned by this caller's nation (all actions for the staff), with their meeting,
    /// soonest due first; only open ones unless `all`.
    pub async fn my_actions(&self, network: &Network, all: bool) -> Result<Vec<(Action, Meeting)>, StoreError> {
        let Some(p) = self.principal() else { return Ok(Vec::new()) };
        let db = self.store().reader();
        let mut q = follow_up::Entity::find();
        if let Some(n) = p.nation() {
            q = q.filter(follow_up::Column::OwnerNation.eq(n.as_str()));
        }
        if !all {
            q = q.filter(
                follow_up::Column::Status.is_in([ActionStatus::Open.as_str(), ActionStatus::InProgress.as_str()]),
            );
        }
        let rows = q.order_by_asc(follow_up::Column::DueOn).limit(500).all(db).await?;
        let mut out = Vec::new();
        for r in rows {
            let a = action_from(db, &r).await?;
            let m = load_meeting(db, r.meeting_id).await?;
            if may_see_action(self.viewer(), &a, &m, network) {
                out.push((a, m));
            }
        }
        Ok(out)
    }

    pub async fn action(&self, id: i64, network: &Network) -> Result<(Action, Meeting), StoreError> {
        let db = self.store().reader();
        let r = follow_up::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let a = action_from(db, &r).await?;
        let m = load_meeting(db, r.meeting_id).await?;
        if may_see_action(self.viewer(), &a, &m, network) { Ok((a, m)) } else { Err(StoreError::NotFound) }
    }

    /// Consultation requests this caller may see, newest first.
    pub async fn requests(&self, network: &Network) -> Result<Vec<ConsultationRequest>, StoreError> {
        if self.principal().is_none() {
            return Ok(Vec::new());
        }
        let db = self.store().reader();
        let rows = consultation_request::Entity::find()
            .filter(self.visible((consultation_request::Entity, consultation_request::Column::MarkingId)))
            .order_by_desc(consultation_request::Column::SubmittedAt)
            .limit(500)
            .all(db)
            .await?;
        // Every row's marking in three queries, not two or three per row.
        let ids: Vec<i64> = rows.iter().map(|r| r.marking_id).collect();
        let markings = load_markings(db, &ids).await?;
        let mut out = Vec::new();
        for r in rows {
            let marking = markings
                .get(&r.marking_id)
                .cloned()
                .ok_or_else(|| corrupt("consultation_request.marking_id", r.marking_id))?;
            let req = request_with(&r, marking)?;
            if may_see_request(self.viewer(), &req, network) {
                out.push(req);
            }
        }
        Ok(out)
    }

    pub async fn request(&self, id: i64, network: &Network) -> Result<ConsultationRequest, StoreError> {
        let db = self.store().reader();
        let row = consultation_request::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let r = request_from(db, &row).await?;
        if may_see_request(self.viewer(), &r, network) { Ok(r) } else { Err(StoreError::NotFound) }
    }

    pub async fn polls(&self, meeting: &Meeting, network: &Network) -> Result<Vec<Poll>, StoreError> {
        let db = self.store().reader();
        let rows = poll::Entity::find()
            .filter(poll::Column::MeetingId.eq(meeting.id.0))
            .order_by_asc(poll::Column::Id)
            .all(db)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let p = poll_from(db, &r).await?;
            if may_see_poll(self.viewer(), &p, meeting, network) {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// A poll and its meeting, if this caller may see both; otherwise not found.
    pub async fn poll(&self, id: i64, network: &Network) -> Result<(Poll, Meeting), StoreError> {
        let db = self.store().reader();
        let r = poll::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let p = poll_from(db, &r).await?;
        let m = load_meeting(db, r.meeting_id).await?;
        if may_see_poll(self.viewer(), &p, &m, network) { Ok((p, m)) } else { Err(StoreError::NotFound) }
    }

    /// A decision and its meeting, if this caller may see both; otherwise not found.
    pub async fn decision(&self, id: i64, network: &Network) -> Result<(Decision, Meeting), StoreError> {
        let db = self.store().reader();
        let r = decision::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let d = decision_from(db, &r).await?;
        let m = load_meeting(db, r.meeting_id).await?;
        if may_see_decision(self.viewer(), &d, &m, network) { Ok((d, m)) } else { Err(StoreError::NotFound) }
    }

    /// A meeting's whole agenda, to change it: the rules number the accepted items, so they need
    /// every item, including those this caller may not read. Only if the caller may see the
    /// meeting and, when `item` is named, that item — an item it may not see answers exactly as
    /// a missing one.
    pub async fn agenda_for_change(
        &self,
        meeting: &Meeting,
        item: Option<i64>,
        network: &Network,
    ) -> Result<Agenda, StoreError> {
        if !may_see_meeting(self.viewer(), meeting, network) {
            return Err(StoreError::NotFound);
        }
        let items = load_agenda(self.store().reader(), meeting.id.0).await?;
        if let Some(id) = item
            && !items.iter().any(|i| i.id.0 == id && may_see_agenda_item(self.viewer(), i, meeting, network))
        {
            return Err(StoreError::NotFound);
        }
        Agenda::from_items(meeting.id, items).map_err(rule)
    }
}

// ---------- papers ----------

#[derive(Debug, Clone, sea_orm::FromQueryResult)]
struct PaperRow {
    id: i64,
    meeting_id: i64,
    kind: String,
    title: String,
    body: String,
    file_name: Option<String>,
    content_type: Option<String>,
    size_bytes: i64,
    author_nation: Option<String>,
    author_account_id: i64,
    marking_id: i64,
    created_at: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
    version: i64,
}

impl From<paper::Model> for PaperRow {
    /// A whole row, its bytes left behind.
    fn from(row: paper::Model) -> PaperRow {
        PaperRow {
            id: row.id,
            meeting_id: row.meeting_id,
            kind: row.kind,
            title: row.title,
            body: row.body,
            file_name: row.file_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            author_nation: row.author_nation,
            author_account_id: row.author_account_id,
            marking_id: row.marking_id,
            created_at: row.created_at,
            withdrawn_at: row.withdrawn_at,
            version: row.version,
        }
    }
}

impl PaperRow {
    fn into_paper(self, marking: Marking) -> Result<Paper, StoreError> {
        let kind = PaperKind::parse(&self.kind).ok_or_else(|| corrupt("paper.kind", &self.kind))?;
        let file = match (self.file_name, self.content_type) {
            (Some(name), Some(content_type)) => Some(PaperFile { name, content_type, size_bytes: self.size_bytes }),
            _ => None,
        };
        let author_nation = match self.author_nation {
            Some(n) => Some(n.parse().map_err(|e| corrupt("paper.author_nation", e))?),
            None => None,
        };
        Ok(Paper {
            id: self.id,
            meeting: MeetingId(self.meeting_id),
            kind,
            title: self.title,
            body: self.body,
            file,
            author_nation,
            author_account: self.author_account_id,
            marking,
            created_at: self.created_at,
            withdrawn_at: self.withdrawn_at,
            version: self.version,
        })
    }
}

// ---------- loading ----------

async fn agenda_from<C: ConnectionTrait>(db: &C, r: &agenda_item::Model) -> Result<AgendaItem, StoreError> {
    let marking = load_marking(db, r.marking_id).await?.marking;
    AgendaItem::from_parts(
        AgendaItemId(r.id),
        MeetingId(r.meeting_id),
        r.title.clone(),
        r.description.clone(),
        marking,
        parse("agenda_item.proposed_by", &r.proposed_by)?,
        r.position.map(|p| u32::try_from(p).unwrap_or(0)),
        parse("agenda_item.history", &r.history)?,
    )
    .map_err(rule)
    .map(|mut item| {
        item.version = r.version;
        item
    })
}

async fn decision_from<C: ConnectionTrait>(db: &C, r: &decision::Model) -> Result<Decision, StoreError> {
    let marking = load_marking(db, r.marking_id).await?.marking;
    let mut positions = Vec::new();
    for row in decision_position::Entity::find().filter(decision_position::Column::DecisionId.eq(r.id)).all(db).await? {
        let nation: NationCode = row.nation.parse().map_err(|e| corrupt("decision_position.nation", e))?;
        let position = entente_domain::consultation::Position::parse(&row.position)
            .ok_or_else(|| corrupt("decision_position.position", &row.position))?;
        positions.push((nation, position));
    }
    let mut d = Decision::from_parts(
        DecisionId(r.id),
        MeetingId(r.meeting_id),
        r.text.clone(),
        marking,
        parse("decision.recorded_by", &r.recorded_by)?,
        r.recorded_at,
        positions,
    )
    .with_revisions(serde_json::from_str(&r.revisions).map_err(|e| corrupt("decision.revisions", e))?);
    d.version = r.version;
    Ok(d)
}

async fn action_from<C: ConnectionTrait>(db: &C, r: &follow_up::Model) -> Result<Action, StoreError> {
    let marking = load_marking(db, r.marking_id).await?.marking;
    let a = Action::from_parts(
        ActionId(r.id),
        MeetingId(r.meeting_id),
        r.decision_id.map(DecisionId),
        r.title.clone(),
        r.owner_nation.parse().map_err(|e| corrupt("follow_up.owner_nation", e))?,
        r.due_on,
        marking,
        parse("follow_up.history", &r.history)?,
    )
    .map_err(rule)?
    .with_revisions(parse("follow_up.revisions", &r.revisions)?);
    let mut a = a;
    a.version = r.version;
    Ok(a)
}

async fn request_from<C: ConnectionTrait>(
    db: &C,
    r: &consultation_request::Model,
) -> Result<ConsultationRequest, StoreError> {
    request_with(r, load_marking(db, r.marking_id).await?.marking)
}

/// A request from its row and its marking (read apart, one at a time or many at once).
fn request_with(r: &consultation_request::Model, marking: Marking) -> Result<ConsultationRequest, StoreError> {
    let meeting = match (r.meeting_id, r.meeting_start) {
        (Some(m), Some(start)) => Some(MeetingLink { meeting: MeetingId(m), start }),
        _ => None,
    };
    ConsultationRequest::from_parts(
        RequestId(r.id),
        r.requester_nation.parse().map_err(|e| corrupt("consultation_request.requester_nation", e))?,
        RequestBasis::parse(&r.basis).ok_or_else(|| corrupt("consultation_request.basis", &r.basis))?,
        r.threat.clone(),
        marking,
        meeting,
        parse("consultation_request.history", &r.history)?,
    )
    .map_err(rule)
    .map(|mut x| {
        x.version = r.version;
        x
    })
}

async fn poll_from<C: ConnectionTrait>(db: &C, r: &poll::Model) -> Result<Poll, StoreError> {
    let mut votes = Vec::new();
    for v in poll_vote::Entity::find()
        .filter(poll_vote::Column::PollId.eq(r.id))
        .order_by_asc(poll_vote::Column::Id)
        .all(db)
        .await?
    {
        votes.push(Vote {
            nation: v.nation.parse().map_err(|e| corrupt("poll_vote.nation", e))?,
            answers: parse("poll_vote.answers", &v.answers)?,
            at: v.voted_at,
            by: parse("poll_vote.voted_by", &v.voted_by)?,
        });
    }
    let mut p = Poll::from_parts(
        PollId(r.id),
        MeetingId(r.meeting_id),
        r.title.clone(),
        parse("poll.created_by", &r.created_by)?,
        r.created_at,
        parse("poll.options", &r.options)?,
        r.hide_results,
        r.closes_at,
        r.closed_at,
        votes,
    )
    .map_err(rule)?;
    p.version = r.version;
    Ok(p)
}

async fn record_from<C: ConnectionTrait>(db: &C, r: &summary_record::Model) -> Result<SummaryRecord, StoreError> {
    let marking = load_marking(db, r.marking_id).await?.marking;
    let mut breaks = Vec::new();
    for b in silence_break::Entity::find()
        .filter(silence_break::Column::RecordId.eq(r.id))
        .order_by_asc(silence_break::Column::BrokenAt)
        .order_by_asc(silence_break::Column::Id)
        .all(db)
        .await?
    {
        breaks.push(SilenceBreak {
            version: u32::try_from(b.record_version).map_err(|e| corrupt("silence_break.record_version", e))?,
            nation: b.nation.parse().map_err(|e| corrupt("silence_break.nation", e))?,
            comment: b.comment,
            at: b.broken_at,
            by: parse("silence_break.broken_by", &b.broken_by)?,
        });
    }
    let mut record = SummaryRecord::from_parts(
        MeetingId(r.meeting_id),
        marking,
        parse("summary_record.versions", &r.versions)?,
        breaks,
    )
    .map_err(rule)?;
    record.version = r.version;
    Ok(record)
}

/// Reads for the server's own background work (search indexing, reminders, the demo): they see
/// everything, so no request handler is given one. Handlers read through [`Scoped`].
#[derive(Clone)]
pub struct System {
    store: Store,
}

impl Store {
    /// Unscoped reads for background tasks; see [`System`].
    pub fn system(&self) -> System {
        System { store: self.clone() }
    }
}

impl System {
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A meeting by id, unscoped.
    pub async fn load_meeting(&self, id: i64) -> Result<Meeting, StoreError> {
        load_meeting(self.store.reader(), id).await
    }

    pub async fn load_record(&self, meeting_id: i64) -> Result<Option<SummaryRecord>, StoreError> {
        load_record(self.store.reader(), meeting_id).await
    }

    /// An action and its meeting by id, unscoped (reminders: who is told is decided afterwards).
    pub async fn load_action(&self, id: i64) -> Result<(Action, Meeting), StoreError> {
        let db = self.store.reader();
        let r = follow_up::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        let a = action_from(db, &r).await?;
        Ok((a, load_meeting(db, r.meeting_id).await?))
    }

    pub async fn load_request(&self, id: i64) -> Result<ConsultationRequest, StoreError> {
        let db = self.store.reader();
        let r = consultation_request::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        request_from(db, &r).await
    }

    /// Every agenda item of a meeting.
    pub async fn load_agenda(&self, meeting_id: i64) -> Result<Vec<AgendaItem>, StoreError> {
        load_agenda(self.store.reader(), meeting_id).await
    }

    /// Every consultation request, oldest first.
    pub async fn all_requests(&self) -> Result<Vec<ConsultationRequest>, StoreError> {
        let db = self.store.reader();
        let rows = consultation_request::Entity::find().order_by_asc(consultation_request::Column::Id).all(db).await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(request_from(db, r).await?);
        }
        Ok(out)
    }
}

async fn load_meeting<C: ConnectionTrait>(db: &C, id: i64) -> Result<Meeting, StoreError> {
    let row = meeting::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
    Ok(meetings_from(db, vec![row]).await?.remove(0))
}

async fn load_record<C: ConnectionTrait>(db: &C, meeting_id: i64) -> Result<Option<SummaryRecord>, StoreError> {
    match summary_record::Entity::find().filter(summary_record::Column::MeetingId.eq(meeting_id)).one(db).await? {
        Some(r) => Ok(Some(record_from(db, &r).await?)),
        None => Ok(None),
    }
}

async fn load_agenda<C: ConnectionTrait>(db: &C, meeting_id: i64) -> Result<Vec<AgendaItem>, StoreError> {
    let rows = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_item::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for r in &rows {
        out.push(agenda_from(db, r).await?);
    }
    Ok(out)
}

// ---------- writing ----------

/// The audit actor for this handle's caller.
fn actor(scope: &Scoped) -> Actor {
    match scope.principal() {
        Some(p) => Actor::from_principal(p),
        None => Actor::system("anonymous"),
    }
}

/// `UPDATE table SET version = version + bump WHERE id = ? AND version = ?`: whether the row still
/// had the version read (a bump of 0 only checks, and on PostgreSQL locks the row until commit).
async fn claim<C: ConnectionTrait>(
    db: &C,
    table: &'static str,
    id_column: &'static str,
    id: i64,
    version_column: &'static str,
    version: i64,
    bump: i64,
) -> Result<(), StoreError> {
    use sea_orm::sea_query::Alias;
    let stmt = Query::update()
        .table(Alias::new(table))
        .value(Alias::new(version_column), Expr::col(Alias::new(version_column)).add(bump))
        .and_where(Expr::col(Alias::new(id_column)).eq(id))
        .and_where(Expr::col(Alias::new(version_column)).eq(version))
        .to_owned();
    let res = db.execute(&stmt).await?;
    if res.rows_affected() == 1 { Ok(()) } else { Err(StoreError::Conflict { entity: entity_name(table), id }) }
}

fn entity_name(table: &'static str) -> &'static str {
    match table {
        "meeting" => "meeting",
        "agenda_item" => "agenda item",
        "summary_record" => "summary record",
        "decision" => "decision",
        "follow_up" => "action",
        "consultation_request" => "consultation request",
        "poll" => "poll",
        other => other,
    }
}

impl Scoped {
    /// The permit must have been given to this handle's caller, for this kind of object and id
    /// (0 to create one).
    fn check_permit(&self, permit: &Permit, kind: &str, id: i64) -> Result<(), StoreError> {
        let mine = self.principal().is_some_and(|p| p.user_id == permit.user_id());
        let fits = if id == 0 { permit.creates(kind) } else { permit.covers(kind, id) };
        if mine && fits {
            Ok(())
        } else {
            Err(StoreError::Unpermitted(format!(
                "a permit for {} #{} ({}) does not allow writing {kind} #{id} for this caller",
                permit.subject().kind,
                permit.subject().id,
                permit.action()
            )))
        }
    }

    /// Store a newly planned meeting (built with any id); returns it with its stored id.
    pub async fn insert_meeting(&self, permit: Permit, mut m: Meeting) -> Result<Meeting, StoreError> {
        self.check_permit(&permit, subject::MEETING, 0)?;
        let txn = self.store().writer().begin().await?;
        let t = now();
        let saved = meeting::ActiveModel {
            title: Set(m.title.clone()),
            level: Set(m.level.as_str().to_string()),
            include_allies: Set(m.format.include_allies),
            start_at: Set(m.start),
            end_at: Set(m.end),
            meeting_date: Set(m.date()),
            time_zone: Set(m.time_zone.as_str().to_string()),
            venue: Set(json(&m.venue)?),
            request_id: Set(m.request.map(|r| r.0)),
            sequence: Set(m.sequence as i32),
            status: Set(m.status().as_str().to_string()),
            history: Set(json(m.history())?),
            created_at: Set(t),
            updated_at: Set(m.updated_at),
            version: Set(0),
            agenda_version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        m.id = MeetingId(saved.id);
        m.version = 0;
        m.agenda_version = 0;
        write_format(&txn, saved.id, &m.format).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "meeting",
            entity_id: saved.id.to_string(),
            before: None,
            after: audit_json(&m),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// Save a changed meeting (status, time, title, venue), if nobody changed it since it was read.
    pub async fn save_meeting(&self, permit: Permit, m: &mut Meeting) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::MEETING, m.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "meeting", "id", m.id.0, "version", m.version, 1).await?;
        let row = meeting::Entity::find_by_id(m.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut am = row.into_active_model();
        am.title = Set(m.title.clone());
        am.start_at = Set(m.start);
        am.end_at = Set(m.end);
        am.meeting_date = Set(m.date());
        am.time_zone = Set(m.time_zone.as_str().to_string());
        am.venue = Set(json(&m.venue)?);
        am.sequence = Set(m.sequence as i32);
        am.status = Set(m.status().as_str().to_string());
        am.history = Set(json(m.history())?);
        am.updated_at = Set(m.updated_at);
        am.update(&txn).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "meeting",
            entity_id: m.id.0.to_string(),
            before: None,
            after: audit_json(m),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        m.version += 1;
        Ok(())
    }

    pub async fn insert_agenda_item(&self, permit: Permit, mut item: AgendaItem) -> Result<AgendaItem, StoreError> {
        self.check_permit(&permit, subject::AGENDA_ITEM, 0)?;
        let txn = self.store().writer().begin().await?;
        let marking_id = insert_marking(&txn, &item.marking).await?;
        let saved = agenda_item::ActiveModel {
            meeting_id: Set(item.meeting.0),
            title: Set(item.title.clone()),
            description: Set(item.description.clone()),
            position: Set(item.position.map(|p| p as i32)),
            proposed_by: Set(json(&item.proposed_by)?),
            status: Set(item.status().as_str().to_string()),
            history: Set(json(item.history())?),
            marking_id: Set(marking_id),
            created_at: Set(now()),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        item.id = AgendaItemId(saved.id);
        let changes = vec![Change {
            action: permit.action(),
            entity: "agenda_item",
            entity_id: saved.id.to_string(),
            before: None,
            after: audit_json(&item),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(item)
    }

    /// Save an agenda after a decision on its items (status, positions) or an edit of one (title,
    /// description): the meeting's agenda
    /// version is checked and bumped, and every changed item's own version too.
    pub async fn save_agenda(&self, permit: Permit, meeting: &mut Meeting, agenda: &Agenda) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::AGENDA, meeting.id.0)?;
        if agenda.meeting != meeting.id {
            return Err(StoreError::Unpermitted("the agenda belongs to another meeting".into()));
        }
        let txn = self.store().writer().begin().await?;
        claim(&txn, "meeting", "id", meeting.id.0, "agenda_version", meeting.agenda_version, 1).await?;
        let mut changes = Vec::new();
        for item in agenda.items() {
            let row = agenda_item::Entity::find_by_id(item.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
            let status = item.status().as_str();
            let position = item.position.map(|p| p as i32);
            if row.status == status
                && row.position == position
                && row.title == item.title
                && row.description == item.description
            {
                continue;
            }
            claim(&txn, "agenda_item", "id", item.id.0, "version", item.version, 1).await?;
            let mut am = row.into_active_model();
            am.position = Set(position);
            am.status = Set(status.to_string());
            am.title = Set(item.title.clone());
            am.description = Set(item.description.clone());
            am.history = Set(json(item.history())?);
            am.update(&txn).await?;
            changes.push(Change {
                action: permit.action(),
                entity: "agenda_item",
                entity_id: item.id.0.to_string(),
                before: None,
                after: audit_json(item),
            });
        }
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        meeting.agenda_version += 1;
        Ok(())
    }

    /// Store a statement or a document. A document's content arrives as a file already received
    /// and hashed (see [`StagedFile`]): it is moved into the configured directory under its
    /// SHA-256 (no copy in memory), or, with no directory configured, read into the database.
    pub async fn insert_paper(
        &self,
        permit: Permit,
        paper: &Paper,
        content: Option<StagedFile<'_>>,
    ) -> Result<i64, StoreError> {
        self.check_permit(&permit, subject::PAPER, 0)?;
        let (sha, storage, data) = match content {
            Some(staged) => {
                let (sha, storage, data) = place_file(self.store(), staged).await?;
                (Some(sha), storage, data)
            }
            None => (None, "none", None),
        };
        let size = paper.file.as_ref().map_or(paper.body.len() as i64, |f| f.size_bytes);
        let txn = self.store().writer().begin().await?;
        let marking_id = insert_marking(&txn, &paper.marking).await?;
        // Inserted without reading the row back: a document's bytes are not copied out again.
        let saved = paper::Entity::insert(paper::ActiveModel {
            meeting_id: Set(paper.meeting.0),
            agenda_item_id: Set(None),
            kind: Set(paper.kind.as_str().to_string()),
            title: Set(paper.title.clone()),
            body: Set(paper.body.clone()),
            file_name: Set(paper.file.as_ref().map(|f| f.name.clone())),
            content_type: Set(paper.file.as_ref().map(|f| f.content_type.clone())),
            size_bytes: Set(size),
            sha256: Set(sha.clone()),
            storage: Set(storage.to_string()),
            data: Set(data),
            author_nation: Set(paper.author_nation.as_ref().map(ToString::to_string)),
            author_account_id: Set(paper.author_account),
            marking_id: Set(marking_id),
            created_at: Set(paper.created_at),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        let saved_id = saved.last_insert_id;
        let after = serde_json::json!({
            "meeting": paper.meeting, "title": paper.title, "file_name": paper.file.as_ref().map(|f| &f.name),
            "size": size, "sha256": sha, "marking": paper.marking,
        });
        let changes = vec![Change {
            action: permit.action(),
            entity: "paper",
            entity_id: saved_id.to_string(),
            before: None,
            after: Some(after),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(saved_id)
    }

    /// Create or update a meeting's summary record (drafts and circulations), if nobody changed
    /// it since it was read. Breaks of silence are written by [`Scoped::break_silence`].
    pub async fn save_record(&self, permit: Permit, r: &mut SummaryRecord) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::RECORD, r.meeting.0)?;
        let txn = self.store().writer().begin().await?;
        let existing =
            summary_record::Entity::find().filter(summary_record::Column::MeetingId.eq(r.meeting.0)).one(&txn).await?;
        // The latest circulation sets when silence ends; a newly circulated version has not been
        // announced yet (see `Store::due_record_reminders`).
        let circulated = r
            .versions()
            .iter()
            .filter_map(|v| v.circulation.as_ref().map(|c| (v.number, c.deadline, c.at)))
            .max_by_key(|&(_, _, at)| at);
        let deadline = circulated.map(|(_, d, _)| d);
        match existing {
            Some(row) => {
                claim(&txn, "summary_record", "id", row.id, "version", r.version, 1).await?;
                let handled = row.agreed_notice_version;
                let mut am = row.into_active_model();
                am.versions = Set(json(r.versions())?);
                am.updated_at = Set(now());
                am.silence_deadline = Set(deadline);
                if handled.is_some() && handled != circulated.and_then(|(n, _, _)| i32::try_from(n).ok()) {
                    am.agreed_notice_version = Set(None);
                }
                am.update(&txn).await?;
                r.version += 1;
            }
            None if r.version == 0 => {
                let marking_id = insert_marking(&txn, &r.marking).await?;
                summary_record::ActiveModel {
                    meeting_id: Set(r.meeting.0),
                    marking_id: Set(marking_id),
                    versions: Set(json(r.versions())?),
                    updated_at: Set(now()),
                    silence_deadline: Set(deadline),
                    agreed_notice_version: Set(None),
                    // A stored record starts at version 1, so a second first draft (version 0)
                    // made at the same moment is a conflict, not an overwrite.
                    version: Set(1),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                r.version = 1;
            }
            None => return Err(StoreError::Conflict { entity: "summary record", id: r.meeting.0 }),
        }
        let changes = vec![Change {
            action: permit.action(),
            entity: "summary_record",
            entity_id: r.meeting.0.to_string(),
            before: None,
            after: audit_json(r),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Store the caller's break of silence (the last one `r` holds for the caller's nation): a row
    /// of its own, so breaks stated at the same moment never overwrite each other. The record must
    /// still be as it was read (no new version or circulation since).
    pub async fn break_silence(&self, permit: Permit, r: &SummaryRecord) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::RECORD, r.meeting.0)?;
        let nation = self.principal().and_then(|p| p.nation()).cloned();
        let Some(b) = r.breaks().iter().rev().find(|b| Some(&b.nation) == nation.as_ref()) else {
            return Err(StoreError::Unpermitted("the record holds no break of silence by the caller's nation".into()));
        };
        let txn = self.store().writer().begin().await?;
        let row = summary_record::Entity::find()
            .filter(summary_record::Column::MeetingId.eq(r.meeting.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        claim(&txn, "summary_record", "id", row.id, "version", r.version, 0).await?;
        let dup = silence_break::Entity::find()
            .filter(silence_break::Column::RecordId.eq(row.id))
            .filter(silence_break::Column::RecordVersion.eq(b.version as i32))
            .filter(silence_break::Column::Nation.eq(b.nation.as_str()))
            .one(&txn)
            .await?;
        if dup.is_some() {
            return Err(StoreError::Conflict { entity: "summary record", id: r.meeting.0 });
        }
        silence_break::ActiveModel {
            record_id: Set(row.id),
            record_version: Set(b.version as i32),
            nation: Set(b.nation.to_string()),
            comment: Set(b.comment.clone()),
            broken_at: Set(b.at),
            broken_by: Set(json(&b.by)?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "summary_record",
            entity_id: r.meeting.0.to_string(),
            before: None,
            after: audit_json(b),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn insert_decision(&self, permit: Permit, mut d: Decision) -> Result<Decision, StoreError> {
        self.check_permit(&permit, subject::DECISION, 0)?;
        let txn = self.store().writer().begin().await?;
        let marking_id = insert_marking(&txn, &d.marking).await?;
        let saved = decision::ActiveModel {
            meeting_id: Set(d.meeting.0),
            text: Set(d.text.clone()),
            marking_id: Set(marking_id),
            recorded_by: Set(json(&d.recorded_by)?),
            recorded_at: Set(d.recorded_at),
            version: Set(0),
            revisions: Set(json(d.revisions())?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        d.id = DecisionId(saved.id);
        for (nation, position) in d.recorded_positions() {
            decision_position::ActiveModel {
                decision_id: Set(saved.id),
                nation: Set(nation.to_string()),
                position: Set(position.as_str().to_string()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let changes = vec![Change {
            action: permit.action(),
            entity: "decision",
            entity_id: saved.id.to_string(),
            before: None,
            after: audit_json(&d),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(d)
    }

    /// Store one nation's position on a decision as `d` now holds it: its own row, inserted,
    /// replaced or removed, so positions stated at the same moment never overwrite each other.
    /// Save a staff correction of a decision's text (with its revision), naming the version read.
    pub async fn correct_decision(&self, permit: Permit, d: &mut Decision) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::DECISION, d.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "decision", "id", d.id.0, "version", d.version, 1).await?;
        let row = decision::Entity::find_by_id(d.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before = serde_json::json!({ "text": row.text });
        let mut am = row.into_active_model();
        am.text = Set(d.text.clone());
        am.revisions = Set(json(d.revisions())?);
        am.update(&txn).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "decision",
            entity_id: d.id.0.to_string(),
            before: Some(before),
            after: audit_json(&*d),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        d.version += 1;
        Ok(())
    }

    pub async fn set_position(&self, permit: Permit, d: &Decision, nation: &NationCode) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::DECISION, d.id.0)?;
        let position = d.recorded_positions().find(|(n, _)| *n == nation).map(|(_, p)| p);
        let txn = self.store().writer().begin().await?;
        claim(&txn, "decision", "id", d.id.0, "version", d.version, 0).await?;
        decision_position::Entity::delete_many()
            .filter(decision_position::Column::DecisionId.eq(d.id.0))
            .filter(decision_position::Column::Nation.eq(nation.as_str()))
            .exec(&txn)
            .await?;
        if let Some(p) = position {
            decision_position::ActiveModel {
                decision_id: Set(d.id.0),
                nation: Set(nation.to_string()),
                position: Set(p.as_str().to_string()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let after = serde_json::json!({ "nation": nation, "position": position.map(|p| p.as_str()) });
        let changes = vec![Change {
            action: permit.action(),
            entity: "decision",
            entity_id: d.id.0.to_string(),
            before: None,
            after: Some(after),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn insert_action(&self, permit: Permit, mut a: Action) -> Result<Action, StoreError> {
        self.check_permit(&permit, subject::ACTION, 0)?;
        let txn = self.store().writer().begin().await?;
        let marking_id = insert_marking(&txn, &a.marking).await?;
        let saved = follow_up::ActiveModel {
            meeting_id: Set(a.meeting.0),
            decision_id: Set(a.decision.map(|d| d.0)),
            title: Set(a.title.clone()),
            owner_nation: Set(a.owner.to_string()),
            due_on: Set(a.due),
            status: Set(a.status().as_str().to_string()),
            history: Set(json(a.history())?),
            marking_id: Set(marking_id),
            updated_at: Set(now()),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        a.id = ActionId(saved.id);
        let changes = vec![Change {
            action: permit.action(),
            entity: "action",
            entity_id: saved.id.to_string(),
            before: None,
            after: audit_json(&a),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(a)
    }

    pub async fn save_action(&self, permit: Permit, a: &mut Action) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::ACTION, a.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "follow_up", "id", a.id.0, "version", a.version, 1).await?;
        let row = follow_up::Entity::find_by_id(a.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        // A due date corrected calls for a new overdue notice when the new one passes.
        let due_moved = row.due_on != a.due;
        let mut am = row.into_active_model();
        if due_moved {
            am.overdue_noticed_at = Set(None);
        }
        am.status = Set(a.status().as_str().to_string());
        am.history = Set(json(a.history())?);
        am.title = Set(a.title.clone());
        am.owner_nation = Set(a.owner.to_string());
        am.due_on = Set(a.due);
        am.revisions = Set(json(a.revisions())?);
        am.updated_at = Set(now());
        am.update(&txn).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "action",
            entity_id: a.id.0.to_string(),
            before: None,
            after: audit_json(a),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        a.version += 1;
        Ok(())
    }

    pub async fn insert_request(
        &self,
        permit: Permit,
        mut r: ConsultationRequest,
    ) -> Result<ConsultationRequest, StoreError> {
        self.check_permit(&permit, subject::REQUEST, 0)?;
        let txn = self.store().writer().begin().await?;
        let marking_id = insert_marking(&txn, &r.marking).await?;
        let saved = consultation_request::ActiveModel {
            requester_nation: Set(r.requester.to_string()),
            basis: Set(r.basis.as_str().to_string()),
            threat: Set(r.threat.clone()),
            marking_id: Set(marking_id),
            state: Set(r.state().as_str().to_string()),
            meeting_id: Set(None),
            meeting_start: Set(None),
            submitted_at: Set(r.submitted_at()),
            acknowledged_at: Set(None),
            held_at: Set(None),
            history: Set(json(r.history())?),
            updated_at: Set(now()),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        r.id = RequestId(saved.id);
        let changes = vec![Change {
            action: permit.action(),
            entity: "consultation_request",
            entity_id: saved.id.to_string(),
            before: None,
            after: audit_json(&r),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(r)
    }

    pub async fn save_request(&self, permit: Permit, r: &mut ConsultationRequest) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::REQUEST, r.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "consultation_request", "id", r.id.0, "version", r.version, 1).await?;
        let row = consultation_request::Entity::find_by_id(r.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut am = row.into_active_model();
        am.state = Set(r.state().as_str().to_string());
        am.meeting_id = Set(r.meeting.map(|m| m.meeting.0));
        am.meeting_start = Set(r.meeting.map(|m| m.start));
        am.acknowledged_at = Set(r.acknowledged_at());
        am.held_at = Set(r.meeting_at());
        am.history = Set(json(r.history())?);
        am.updated_at = Set(now());
        am.update(&txn).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "consultation_request",
            entity_id: r.id.0.to_string(),
            before: None,
            after: audit_json(&r.state()),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        r.version += 1;
        Ok(())
    }

    pub async fn insert_poll(&self, permit: Permit, mut p: Poll) -> Result<Poll, StoreError> {
        self.check_permit(&permit, subject::POLL, 0)?;
        let txn = self.store().writer().begin().await?;
        let saved = poll::ActiveModel {
            meeting_id: Set(p.meeting.0),
            title: Set(p.title.clone()),
            created_by: Set(json(&p.created_by)?),
            created_at: Set(p.created_at),
            options: Set(json(&p.options)?),
            hide_results: Set(p.hide_results_until_close),
            closes_at: Set(p.closes_at),
            closed_at: Set(p.closed_at),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        p.id = PollId(saved.id);
        let changes = vec![Change {
            action: permit.action(),
            entity: "poll",
            entity_id: saved.id.to_string(),
            before: None,
            after: audit_json(&p.title),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(p)
    }

    /// Store the caller's nation's vote as `p` now holds it: its own row (replaced on re-vote),
    /// while the poll is still as it was read (not closed since).
    pub async fn cast_vote(&self, permit: Permit, p: &Poll) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::POLL, p.id.0)?;
        let nation = self.principal().and_then(|x| x.nation()).cloned();
        let Some(v) = p.votes().iter().find(|v| Some(&v.nation) == nation.as_ref()) else {
            return Err(StoreError::Unpermitted("the poll holds no vote of the caller's nation".into()));
        };
        let txn = self.store().writer().begin().await?;
        claim(&txn, "poll", "id", p.id.0, "version", p.version, 0).await?;
        poll_vote::Entity::delete_many()
            .filter(poll_vote::Column::PollId.eq(p.id.0))
            .filter(poll_vote::Column::Nation.eq(v.nation.as_str()))
            .exec(&txn)
            .await?;
        poll_vote::ActiveModel {
            poll_id: Set(p.id.0),
            nation: Set(v.nation.to_string()),
            answers: Set(json(&v.answers)?),
            voted_at: Set(v.at),
            voted_by: Set(json(&v.by)?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "poll",
            entity_id: p.id.0.to_string(),
            before: None,
            after: audit_json(&v.nation),
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Save a closed poll, if nobody changed it since it was read.
    pub async fn save_poll(&self, permit: Permit, p: &mut Poll) -> Result<(), StoreError> {
        self.check_permit(&permit, subject::POLL, p.id.0)?;
        let txn = self.store().writer().begin().await?;
        claim(&txn, "poll", "id", p.id.0, "version", p.version, 1).await?;
        let row = poll::Entity::find_by_id(p.id.0).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut am = row.into_active_model();
        am.closed_at = Set(p.closed_at);
        am.update(&txn).await?;
        let changes = vec![Change {
            action: permit.action(),
            entity: "poll",
            entity_id: p.id.0.to_string(),
            before: None,
            after: None,
        }];
        append(&txn, &actor(self), changes).await?;
        txn.commit().await?;
        p.version += 1;
        Ok(())
    }
}

async fn write_format<C: ConnectionTrait>(db: &C, meeting_id: i64, f: &FormatSpec) -> Result<(), StoreError> {
    for code in &f.frameworks {
        meeting_framework::ActiveModel { meeting_id: Set(meeting_id), framework_code: Set(code.to_string()) }
            .insert(db)
            .await?;
    }
    for code in &f.partners {
        meeting_partner::ActiveModel { meeting_id: Set(meeting_id), nation_code: Set(code.to_string()) }
            .insert(db)
            .await?;
    }
    Ok(())
}

/// Used by the evaluation of response times and by benchmarks: the marking of an item.
pub async fn marking_of(store: &Store, marking_id: i64) -> Result<Marking, StoreError> {
    Ok(load_marking(store.reader(), marking_id).await?.marking)
}
