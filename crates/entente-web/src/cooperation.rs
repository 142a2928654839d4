//! Services of the cooperation area shared by its pages and its API: the menu (filters, facets,
//! "open to my nation", paging), the activity workflow, seat requests, and allocations computed by
//! `entente-allocation` from the database.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use entente_allocation::input::{
    ActivityRecord, InstanceFile, MembershipRecord, NationRecord, Origin, PersonRecord, RequestRecord, validate,
};
use entente_allocation::mechanism::{Mechanism, allocate};
use entente_allocation::{explain, report};
use entente_domain::Lang;
use entente_domain::cooperation::{
    Activity, ActivityDraft, ActivityId, ActivityKind, ActivityStatus, AllocationLine, AllocationRun, CooperationError,
    Eligibility, NationOnDay, Programme, SeatRequest, SeatRequestDraft, SeatRequestId, SeatRequestStatus,
    nominations_open,
};
use entente_domain::said;
use entente_store::cooperation::ActivityFilter;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::params::Paging;

pub mod after;
pub mod programme;
pub mod seats;

impl From<CooperationError> for AppError {
    fn from(e: CooperationError) -> Self {
        match e {
            CooperationError::NotPermitted(m) => AppError::Forbidden(m),
            other => {
                let code = other.code();
                AppError::bad_request(code, other.said())
            }
        }
    }
}

/// The menu's query: the SQL filter, free text, "open to my nation", a page.
#[derive(Debug, Clone, Default)]
pub struct MenuQuery {
    pub filter: ActivityFilter,
    pub text: Option<String>,
    pub open_to_me: bool,
    pub paging: Option<Paging>,
}

/// Counts of the activities matching the query, by facet value; only what the caller may see.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Facets {
    pub area: Vec<(String, usize)>,
    pub kind: Vec<(String, usize)>,
    pub language: Vec<(String, usize)>,
    pub status: Vec<(String, usize)>,
}

pub struct Menu {
    pub items: Vec<Activity>,
    pub total: usize,
    pub facets: Facets,
    pub next_cursor: Option<String>,
}

/// The facet counts of the activities `items`: by area, kind, working language and status.
fn facets(view: &entente_store::cooperation::menu::MenuView) -> Facets {
    // Counted by position over the activities' keys (areas in the menu's table of areas); each
    // facet is then named and sorted by name.
    let menu = &view.menu;
    let mut area = vec![0usize; menu.areas.len()];
    let mut kind = [0usize; ActivityKind::ALL.len()];
    let mut status = [0usize; ActivityStatus::ALL.len()];
    let mut language = [0usize; entente_domain::Lang::ALL.len()];
    for k in view.keys() {
        area[k.area as usize] += 1;
        kind[k.kind as usize] += 1;
        status[k.status as usize] += 1;
        for (i, l) in entente_domain::Lang::ALL.iter().enumerate() {
            if k.teaches(*l) {
                language[i] += 1;
            }
        }
    }
    let named = |counts: Vec<(&str, usize)>| -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> =
            counts.into_iter().filter(|(_, n)| *n > 0).map(|(k, n)| (k.to_string(), n)).collect();
        v.sort();
        v
    };
    Facets {
        area: named(menu.areas.iter().map(String::as_str).zip(area).collect()),
        kind: named(ActivityKind::ALL.iter().map(|k| k.as_str()).zip(kind).collect()),
        language: named(entente_domain::Lang::ALL.iter().map(|l| l.as_str()).zip(language).collect()),
        status: named(ActivityStatus::ALL.iter().map(|s| s.as_str()).zip(status).collect()),
    }
}

/// Parse a menu filter's values; errors name the parameter.
#[allow(clippy::too_many_arguments)]
pub fn menu_filter(
    area: Option<&str>,
    kind: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    language: Option<&str>,
    provider: Option<&str>,
    status: Option<&str>,
) -> Result<ActivityFilter, AppError> {
    let some = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let date = |name: &'static str, s: Option<String>| -> Result<Option<NaiveDate>, AppError> {
        s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| AppError::not_a_date("invalid_date", name, &s)))
            .transpose()
    };
    let area = some(area).map(|a| a.to_ascii_uppercase());
    if let Some(a) = &area
        && entente_domain::cooperation::area(a).is_none()
    {
        return Err(AppError::bad_request(
            "invalid_area",
            said!("err-coop-area", "area: '{value}' is not an area of cooperation", value = a),
        ));
    }
    let kind = match some(kind) {
        None => None,
        Some(k) => Some(ActivityKind::parse(&k).ok_or_else(|| {
            AppError::bad_request(
                "invalid_kind",
                said!(
                    "err-coop-kind",
                    "kind: '{value}' is not course, exercise, workshop, conference, seminar or expert_visit",
                    value = &k
                ),
            )
        })?),
    };
    let language = match some(language) {
        None => None,
        Some(l) => Some(Lang::parse(&l).ok_or_else(|| {
            AppError::bad_request(
                "invalid_language",
                said!("err-language", "language: '{value}' is not en or fr", value = &l),
            )
        })?),
    };
    let status = match some(status) {
        None => None,
        Some(s) => Some(ActivityStatus::parse(&s).ok_or_else(|| {
            AppError::bad_request(
                "invalid_status",
                said!(
                    "err-coop-status",
                    "status: '{value}' is not proposed, returned, published, cancelled or completed",
                    value = &s
                ),
            )
        })?),
    };
    Ok(ActivityFilter {
        area,
        kind,
        from: date("from", some(from))?,
        to: date("to", some(to))?,
        language,
        provider: some(provider),
        status,
        ids: None,
    })
}

/// The menu as the caller may see it: filtered, counted and paged over the menu held in memory
/// (`entente_store::cooperation::menu`); only the page's activities are copied.
pub async fn menu(ctx: &Ctx, q: &MenuQuery) -> Result<Menu, AppError> {
    let mut view = ctx.scope.menu_view(&q.filter, ctx.net()).await?;
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let sought = entente_store::cooperation::menu::Words::new(text);
        view.retain(|it| it.has_words(&sought));
    }
    if q.open_to_me {
        let Some(nation) = ctx.principal.nation().cloned() else {
            return Err(AppError::bad_request(
                "invalid_open_to_me",
                said!("err-coop-open-to-me-staff", "open_to_me: staff accounts have no nation"),
            ));
        };
        let completed = ctx.scope.completed_by(nation.as_str()).await?;
        let today = ctx.now.date_naive();
        // The menu runs by first day: the nation's standing is read once per day, and whether
        // it fits each of the menu's framework lists once per day and list.
        let menu = view.menu.clone();
        let mut standing: Option<NationOnDay> = None;
        let mut fits: Vec<Option<bool>> = vec![None; menu.framework_sets.len()];
        view.retain_keyed(|k, it| {
            if !nominations_open(k.status(), k.deadline, today) {
                return false;
            }
            let on = match &standing {
                Some(s) if s.on == k.start => s,
                _ => {
                    fits.iter_mut().for_each(|f| *f = None);
                    standing.insert(NationOnDay::of(&nation, k.start, ctx.net()))
                }
            };
            let fit = *fits[k.frameworks as usize]
                .get_or_insert_with(|| on.fits(&menu.framework_sets[k.frameworks as usize]));
            // Prerequisites are the activity's own: judged by the domain's rule in full.
            fit && (!k.has_prerequisites || it.activity.eligibility_with(on, &completed) == Eligibility::Eligible)
        });
    }
    let facets = facets(&view);
    let total = view.len();
    let (items, next_cursor) = match &q.paging {
        Some(p) => {
            // Ordered by first day then id; the cursor is the last item's key, "day:id".
            let key = |a: &Activity| format!("{}:{:015}", a.start, a.id.0);
            let after = p.after.as_deref();
            let mut page: Vec<Activity> = view
                .items()
                .map(|it| &it.activity)
                .filter(|a| after.is_none_or(|after| key(a).as_str() > after))
                .take(p.limit + 1)
                .cloned()
                .collect();
            let next = if page.len() > p.limit {
                page.truncate(p.limit);
                page.last().map(|a| crate::params::encode_cursor(&key(a)))
            } else {
                None
            };
            (page, next)
        }
        None => (view.items().map(|it| it.activity.clone()).collect(), None),
    };
    Ok(Menu { items, total, facets, next_cursor })
}

/// What the caller may do to an activity now, and its eligibility for the caller's nation.
pub async fn eligibility(ctx: &Ctx, a: &Activity) -> Result<Option<Eligibility>, AppError> {
    let Some(n) = ctx.principal.nation() else { return Ok(None) };
    let completed = ctx.scope.completed_by(n.as_str()).await?;
    Ok(Some(a.eligibility(n, &completed, ctx.net())))
}

pub async fn propose(ctx: &Ctx, draft: &ActivityDraft) -> Result<Activity, AppError> {
    check_prerequisites(ctx, draft).await?;
    let (a, permit) = Activity::propose(ActivityId(0), draft, &ctx.principal, ctx.stamp(), ctx.net())?;
    Ok(ctx.scope.insert_activity(permit, a).await?)
}

async fn check_prerequisites(ctx: &Ctx, draft: &ActivityDraft) -> Result<(), AppError> {
    for p in &draft.prerequisites {
        if ctx.scope.activity(p.0, ctx.net()).await.is_err() {
            return Err(AppError::bad_request(
                "invalid",
                said!(
                    "err-coop-prerequisite-not-on-menu",
                    "prerequisites: activity #{id} is not on the menu",
                    id = p.0
                ),
            ));
        }
    }
    Ok(())
}

pub async fn resubmit(ctx: &Ctx, id: i64, draft: &ActivityDraft) -> Result<Activity, AppError> {
    check_prerequisites(ctx, draft).await?;
    let mut a = ctx.scope.activity(id, ctx.net()).await?;
    let permit = a.resubmit(draft, &ctx.principal, ctx.stamp(), ctx.net())?;
    ctx.scope.save_activity(permit, &mut a).await?;
    Ok(a)
}

/// `approve`, `return`, `cancel` or `complete`.
pub async fn step(ctx: &Ctx, id: i64, step: &str, reason: &str) -> Result<Activity, AppError> {
    let mut a = ctx.scope.activity(id, ctx.net()).await?;
    let at = ctx.stamp();
    let permit = match step {
        "approve" => a.approve(&ctx.principal, at)?,
        "return" => a.return_for_changes(reason, &ctx.principal, at)?,
        "cancel" => a.cancel(reason, &ctx.principal, at)?,
        "complete" => a.complete(&ctx.principal, at)?,
        other => {
            return Err(AppError::bad_request(
                "invalid_step",
                said!("err-coop-step", "step: '{value}' is not approve, return, cancel or complete", value = other),
            ));
        }
    };
    ctx.scope.save_activity(permit, &mut a).await?;
    Ok(a)
}

pub async fn request_seats(ctx: &Ctx, activity: i64, draft: &SeatRequestDraft) -> Result<SeatRequest, AppError> {
    let a = ctx.scope.activity(activity, ctx.net()).await?;
    let nation = ctx.principal.nation().map(|n| n.to_string()).unwrap_or_default();
    let completed = ctx.scope.completed_by(&nation).await?;
    let programme = match draft.goal {
        Some(_) => programme_of(ctx, &nation).await?,
        None => None,
    };
    let (r, permit) = SeatRequest::submit(
        SeatRequestId(0),
        &a,
        draft,
        &completed,
        programme.as_ref(),
        &ctx.principal,
        ctx.stamp(),
        ctx.net(),
    )?;
    Ok(ctx.scope.insert_seat_request(permit, r).await?)
}

pub async fn withdraw_request(ctx: &Ctx, id: i64) -> Result<SeatRequest, AppError> {
    let mut r = ctx.scope.seat_request(id).await?;
    let a = ctx.scope.activity(r.activity.0, ctx.net()).await?;
    let permit = r.withdraw(&a, &ctx.principal, ctx.stamp())?;
    ctx.scope.save_seat_request(permit, &mut r).await?;
    Ok(r)
}

/// A nation's programme, if it has one the caller may see.
pub async fn programme_of(ctx: &Ctx, nation: &str) -> Result<Option<Programme>, AppError> {
    match ctx.scope.programme(nation, ctx.net(), ctx.now.date_naive()).await {
        Ok(p) => Ok(Some(p)),
        Err(entente_store::StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Which activities an allocation covers.
pub enum Selection {
    /// Published activities whose nomination deadline has passed and that no published
    /// allocation covers yet.
    DeadlinePassed,
    /// Published activities starting in this period.
    Starting {
        from: NaiveDate,
        to: NaiveDate,
    },
    Ids(Vec<i64>),
}

/// Staff compute a draft allocation: requests loaded from the database, the engine's instance
/// built with the registry's memberships, solved by the primary (leximin-fair) mechanism, every
/// request explained in English and French, the fairness report kept.
pub async fn run_allocation(
    ctx: &Ctx,
    title: &str,
    selection: Selection,
    seed: u64,
) -> Result<AllocationRun, AppError> {
    run_allocation_by(ctx, title, selection, seed, Mechanism::Primary).await
}

/// [`run_allocation`] by a given mechanism: what a rule other than the fair one would have given
/// (or gave, in a year before it, as the demo records), stored, explained and reported the same
/// way, with the other mechanisms — the fair one included — as its baselines. Pages and API offer
/// only the primary mechanism.
pub async fn run_allocation_by(
    ctx: &Ctx,
    title: &str,
    selection: Selection,
    seed: u64,
    mechanism: Mechanism,
) -> Result<AllocationRun, AppError> {
    if !(ctx.principal.is_staff() && ctx.principal.can_write()) {
        return Err(AppError::Forbidden(said!(
            "err-coop-alliance-staff-run-allocation",
            "only alliance staff run the allocation"
        )));
    }
    let started = std::time::Instant::now();
    let today = ctx.now.date_naive();
    let filter = ActivityFilter { status: Some(ActivityStatus::Published), ..Default::default() };
    let published = ctx.scope.activities(&filter, ctx.net()).await?;
    // What published allocations cover matters only to "deadline passed" (read from the runs'
    // rows, not their lines).
    let covered: BTreeSet<ActivityId> = match selection {
        Selection::DeadlinePassed => {
            ctx.scope.published_coverage().await?.into_iter().flat_map(|(_, acts)| acts).collect()
        }
        _ => BTreeSet::new(),
    };
    let chosen: Vec<Activity> = published
        .into_iter()
        .filter(|a| match &selection {
            Selection::DeadlinePassed => a.deadline < today && !covered.contains(&a.id),
            Selection::Starting { from, to } => a.start >= *from && a.start <= *to,
            Selection::Ids(ids) => ids.contains(&a.id.0),
        })
        .collect();
    if chosen.is_empty() {
        return Err(AppError::bad_request(
            "nothing_to_allocate",
            said!("err-coop-nothing-to-allocate", "no published activity matches the selection"),
        ));
    }
    let ids: Vec<i64> = chosen.iter().map(|a| a.id.0).collect();
    let requests: Vec<SeatRequest> = ctx
        .scope
        .seat_requests(Some(&ids))
        .await?
        .into_iter()
        // A request whose seats were released (not confirmed by their date) is offered no seat again.
        .filter(|r| r.status == SeatRequestStatus::Submitted && r.released_at.is_none())
        .collect();
    let loaded = started.elapsed();
    let (lines, report, split) = solve(ctx, &chosen, &requests, seed, mechanism).await?;
    let stored = std::time::Instant::now();
    let (run, permit) = AllocationRun::draft(
        title,
        mechanism.as_str(),
        seed,
        chosen.iter().map(|a| a.id).collect(),
        lines,
        report,
        &ctx.principal,
        ctx.stamp(),
    )?;
    let run = ctx.scope.insert_allocation(permit, run).await?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    tracing::info!(
        activities = chosen.len(),
        requests = requests.len(),
        total_ms = ms(started.elapsed()),
        load_ms = ms(loaded),
        prepare_ms = ms(split.prepare),
        solve_ms = ms(split.solve),
        explain_ms = ms(split.explain),
        baselines_ms = ms(split.baselines),
        store_ms = ms(stored.elapsed()),
        "allocation run {}",
        run.id.0
    );
    Ok(run)
}

/// Where an allocation run's time went after loading its requests.
struct Split {
    /// Completions, prerequisites and programmes read; the engine's instance built and checked.
    prepare: std::time::Duration,
    /// The primary mechanism.
    solve: std::time::Duration,
    /// Every request explained in both languages, the fairness report, the lines.
    explain: std::time::Duration,
    /// The baseline mechanisms and their reports (on a second thread, during `explain`).
    baselines: std::time::Duration,
}

/// Build the engine's instance from the stored activities and requests and solve it.
async fn solve(
    ctx: &Ctx,
    activities: &[Activity],
    requests: &[SeatRequest],
    seed: u64,
    mechanism: Mechanism,
) -> Result<(Vec<AllocationLine>, serde_json::Value, Split), AppError> {
    let started = std::time::Instant::now();
    let net = ctx.net();
    let by_id: BTreeMap<ActivityId, &Activity> = activities.iter().map(|a| (a.id, a)).collect();
    let code_of = |id: ActivityId| by_id.get(&id).map(|a| a.code.clone()).unwrap_or_else(|| format!("#{}", id.0));
    let nations: BTreeSet<entente_domain::registry::NationCode> = requests.iter().map(|r| r.nation.clone()).collect();
    // What each nominee has completed: the activities a provider recorded them as completing,
    // and those their nation completed before attendance was recorded (then nobody is named).
    let mut codes: BTreeMap<ActivityId, String> = by_id.iter().map(|(id, a)| (*id, a.code.clone())).collect();
    let nation_codes: Vec<String> = nations.iter().map(|n| n.to_string()).collect();
    let completed = ctx.scope.completions_of(&nation_codes).await?;
    // Codes of completed activities and prerequisites outside the selection, read at once.
    let missing: BTreeSet<ActivityId> = completed
        .values()
        .flat_map(|(fallback, people)| fallback.iter().chain(people.values().flatten()))
        .chain(activities.iter().flat_map(|a| a.prerequisites.iter()))
        .filter(|id| !codes.contains_key(id))
        .copied()
        .collect();
    let found = ctx.scope.activity_codes(&missing).await?;
    for id in missing {
        codes.insert(id, found.get(&id).cloned().unwrap_or_else(|| format!("#{}", id.0)));
    }
    let prereq_codes: BTreeMap<ActivityId, String> = activities
        .iter()
        .flat_map(|a| a.prerequisites.iter())
        .map(|p| (*p, codes.get(p).cloned().unwrap_or_else(|| format!("#{}", p.0))))
        .collect();
    let done_by = |nation: &str, name: &str| -> Vec<String> {
        let Some((fallback, people)) = completed.get(nation) else { return Vec::new() };
        let mut ids: BTreeSet<ActivityId> = fallback.clone();
        ids.extend(people.get(name).into_iter().flatten().copied());
        ids.iter().filter_map(|id| codes.get(id).cloned()).collect()
    };
    let ranks = goal_ranks(requests, &ctx.scope.programmes(net, ctx.now.date_naive()).await?);
    let file = InstanceFile {
        programme: None,
        nations: nations
            .iter()
            .map(|c| {
                let n = net.nation(c);
                NationRecord {
                    code: c.to_string(),
                    name: n.map(|n| n.name.clone()),
                    weight: None,
                    cap: None,
                    population_millions: n.and_then(|n| n.size.as_ref()).map(|s| s.population_millions),
                    memberships: Some(
                        net.memberships_of(c)
                            .map(|m| MembershipRecord {
                                framework: m.framework.to_string(),
                                joined: m.joined.to_string(),
                                left: m.left.map(|l| l.to_string()),
                            })
                            .collect(),
                    ),
                }
            })
            .collect(),
        activities: activities
            .iter()
            .map(|a| ActivityRecord {
                id: a.code.clone(),
                title: Some(a.title_en.clone()),
                start: a.start.to_string(),
                end: Some(a.end.to_string()),
                seats: i64::from(a.seats),
                nation_cap: a.nation_cap.map(i64::from),
                frameworks: a.frameworks.iter().map(|f| f.to_string()).collect(),
                prerequisites: a.prerequisites.iter().map(|p| prereq_codes[p].clone()).collect(),
            })
            .collect(),
        people: requests
            .iter()
            .flat_map(|r| {
                r.nominees.iter().map(|n| PersonRecord {
                    id: format!("{}/{}/{}", r.nation, r.id.0, n),
                    nation: r.nation.to_string(),
                    completed: done_by(r.nation.as_str(), n),
                })
            })
            .collect(),
        requests: requests
            .iter()
            .map(|r| RequestRecord {
                nation: r.nation.to_string(),
                activity: code_of(r.activity),
                seats: i64::from(r.seats),
                priority: ranks.get(&r.id).copied().unwrap_or(i64::from(r.priority)),
                nominees: r.nominees.iter().map(|n| format!("{}/{}/{}", r.nation, r.id.0, n)).collect(),
                submitted: Some(r.submitted_at.to_rfc3339()),
            })
            .collect(),
    };
    let inst = validate(&file, &Origin::Json).map_err(|errs| {
        AppError::bad_request(
            "invalid_allocation_input",
            errs.iter().take(5).map(ToString::to_string).collect::<Vec<_>>().join("; "),
        )
    })?;
    let prepare = started.elapsed();
    let t = std::time::Instant::now();
    let out = allocate(&inst, mechanism, seed).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let solve = t.elapsed();
    let t = std::time::Instant::now();
    // The baselines run on a second thread while the engine explains every request; then the
    // explanations are written in English and in French side by side.
    let ((explained, rep), (baselines, baselines_took)) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            let t = std::time::Instant::now();
            (baselines(&inst, seed, mechanism), t.elapsed())
        });
        let explained = report::explain_and_report(&inst, &out, None, 1);
        (explained, other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let render =
        |lang: Lang| -> Vec<String> { explained.iter().map(|e| explain::render(e, mechanism, lang)).collect() };
    let (en, fr) = std::thread::scope(|scope| {
        let fr = scope.spawn(|| render(Lang::Fr));
        (render(Lang::En), fr.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    // The nominees placed, by request index.
    let mut placed_by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(req, k) in &out.placement.placed {
        placed_by.entry(req).or_default().push(k);
    }
    // Requests back by (nation, activity code): one request per nation and activity.
    let key: BTreeMap<(String, String), &SeatRequest> =
        requests.iter().map(|r| ((r.nation.to_string(), code_of(r.activity)), r)).collect();
    let mut lines = Vec::with_capacity(explained.len());
    for ((i, e), (en, fr)) in explained.iter().enumerate().zip(en.into_iter().zip(fr)) {
        let Some(r) = key.get(&(e.nation.to_string(), e.activity.to_string())) else { continue };
        let placed: Vec<String> =
            placed_by.get(&i).into_iter().flatten().filter_map(|k| r.nominees.get(*k).cloned()).collect();
        lines.push(AllocationLine {
            request: r.id,
            nation: r.nation.clone(),
            activity: r.activity,
            asked: r.seats,
            granted: e.granted,
            placed,
            explanation_en: en,
            explanation_fr: fr,
            rank: Some(ranks.get(&r.id).map_or(r.priority, |&p| u32::try_from(p).unwrap_or(u32::MAX))),
        });
    }
    let explain = t.elapsed();
    let report = serde_json::json!({
        "primary": rep,
        "lottery": out.lottery.iter().map(|&i| inst.nations[i].code.clone()).collect::<Vec<_>>(),
        "baselines": baselines,
    });
    Ok((lines, report, Split { prepare, solve, explain, baselines: baselines_took }))
}

/// The programme rule: within a nation's requests, those that serve a goal of its **agreed**
/// programme come first, and the nation's own order holds inside each group. For a nation with
/// at least one such request the engine's rank is the dense rank of (not serving an agreed goal,
/// the nation's priority); every other nation's ranks are its own, unchanged.
pub fn goal_ranks(requests: &[SeatRequest], programmes: &[Programme]) -> BTreeMap<SeatRequestId, i64> {
    let agreed: BTreeMap<String, BTreeSet<u32>> =
        programmes.iter().map(|p| (p.nation.to_string(), p.agreed_goals())).collect();
    goal_ranks_with(requests, &agreed)
}

/// [`goal_ranks`] from each nation's agreed goals, by nation code.
pub fn goal_ranks_with(
    requests: &[SeatRequest],
    agreed: &BTreeMap<String, BTreeSet<u32>>,
) -> BTreeMap<SeatRequestId, i64> {
    let serves =
        |r: &SeatRequest| r.goal.is_some_and(|g| agreed.get(r.nation.as_str()).is_some_and(|k| k.contains(&g)));
    let mut by_nation: BTreeMap<&str, Vec<&SeatRequest>> = BTreeMap::new();
    for r in requests {
        by_nation.entry(r.nation.as_str()).or_default().push(r);
    }
    let mut out = BTreeMap::new();
    for rs in by_nation.into_values().filter(|rs| rs.iter().any(|r| serves(r))) {
        let keys: BTreeSet<(bool, u32)> = rs.iter().map(|r| (!serves(r), r.priority)).collect();
        for r in rs {
            let rank = keys.range(..(!serves(r), r.priority)).count() + 1;
            out.insert(r.id, rank as i64);
        }
    }
    out
}

/// The baselines' headline figures, for staff to see what the fair rule changes: every mechanism
/// but the one the allocation ran.
fn baselines(inst: &entente_allocation::model::Instance, seed: u64, ran: Mechanism) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for m in Mechanism::ALL.into_iter().filter(|m| *m != ran) {
        if let Ok(o) = allocate(inst, m, seed) {
            let r = report::report(inst, &o);
            out.insert(
                m.as_str().to_string(),
                serde_json::json!({
                    "seats_filled": r.seats_filled, "min_fulfilment": r.min_fulfilment,
                    "smallest_states_fulfilment": r.smallest_states_fulfilment,
                    "gini_seats": r.gini_seats, "ef1_violations": r.ef1_violations,
                }),
            );
        }
    }
    serde_json::Value::Object(out)
}

/// Publish a draft: it supersedes the published allocation of the same activities, if any.
/// `confirm_by` is the staff's date for nations to confirm their seats by; without one, each
/// line's date follows the rule of `entente_domain::cooperation::confirm_by` from its activity's
/// first day. Each request holding seats gets its date; the others none.
pub async fn publish_allocation(
    ctx: &Ctx,
    id: i64,
    confirm_by: Option<chrono::NaiveDate>,
) -> Result<AllocationRun, AppError> {
    let mut run = ctx.scope.allocation(id).await?;
    // The published allocation this one supersedes, from the runs' rows alone (not their lines).
    let current = ctx
        .scope
        .published_coverage()
        .await?
        .into_iter()
        .find(|(_, acts)| acts.iter().any(|a| run.activities.contains(a)))
        .map(|(id, _)| id);
    let permit = run.publish(current, confirm_by, &ctx.principal, ctx.stamp())?;
    let filter = entente_store::cooperation::ActivityFilter {
        ids: Some(run.activities.iter().map(|a| a.0).collect()),
        ..Default::default()
    };
    let starts: std::collections::BTreeMap<i64, chrono::NaiveDate> =
        ctx.scope.activities(&filter, ctx.net()).await?.into_iter().map(|a| (a.id.0, a.start)).collect();
    let today = ctx.now.date_naive();
    let holds: Vec<_> = run
        .lines
        .iter()
        .map(|l| {
            let by = starts.get(&l.activity.0).map(|start| run.confirm_by_for(*start, today));
            (l.request, by.filter(|_| l.granted > 0))
        })
        .collect();
    ctx.scope.save_allocation(permit, &mut run, &holds).await?;
    Ok(run)
}

pub async fn discard_allocation(ctx: &Ctx, id: i64) -> Result<AllocationRun, AppError> {
    let mut run = ctx.scope.allocation(id).await?;
    let permit = run.discard(&ctx.principal)?;
    ctx.scope.save_allocation(permit, &mut run, &[]).await?;
    Ok(run)
}
