//! A nation answers for the seats a published allocation gives it, for pages and API alike:
//! confirm them, or give some back. Seats given back are offered again at once to the requests
//! still waiting for the same activity, by the engine's re-offer rule
//! (`entente_allocation::reoffer`): no other seat moves. The allocation is reissued as a new
//! published version (the old one is kept, superseded), and every nation whose seats changed is
//! told (inbox and e-mail).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use entente_allocation::reoffer::{Waiting, reoffer};
use entente_domain::cooperation::{Activity, AllocationLine, AllocationRun, SeatRequest, SeatRequestId};
use entente_store::cooperation::{Ranking, ReofferBasis};
use fluent_templates::fluent_bundle::FluentValue;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;

/// What a nation does with its seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Confirm,
    Decline(u32),
}

/// The answer's result: the published allocation that holds the request now (a new version
/// after seats were given back).
pub struct Answered {
    pub allocation: i64,
    /// Seats offered again to other nations (0 when nobody was waiting).
    pub offered: u32,
    /// The activity and the lines whose seats changed, with the seats before (for [`tell`]).
    changed: Option<(Activity, Vec<(AllocationLine, u32)>)>,
    /// Who answered, when, and the network then (for [`tell`]: they are not told of their answer).
    by: Option<(
        entente_domain::access::Principal,
        chrono::DateTime<chrono::Utc>,
        std::sync::Arc<entente_store::snapshot::Registry>,
    )>,
}

/// Tell the nations whose seats changed (inbox and e-mail), as one event: whoever answered is not
/// told of it. A failure is logged: the answer is stored already.
pub async fn tell(state: &AppState, answered: &Answered) {
    let (Some((activity, lines)), Some((by, at, registry))) = (&answered.changed, &answered.by) else { return };
    tell_changed(state, &registry.network, activity, lines, answered.allocation, Some(by), *at).await;
}

/// Seats the published allocation `run` gives request `id`.
pub(crate) fn granted(run: &AllocationRun, id: SeatRequestId) -> u32 {
    run.lines.iter().find(|l| l.request == id).map_or(0, |l| l.granted)
}

/// Store the answer (and the reissued allocation); the caller then [`tell`]s.
pub async fn answer(ctx: &Ctx, request: i64, answer: Answer) -> Result<Answered, AppError> {
    let mut r = ctx.scope.seat_request(request).await?;
    let activity = ctx.scope.activity(r.activity.0, ctx.net()).await?;
    let started = std::time::Instant::now();
    let basis = match ctx.scope.reoffer_basis(&r).await {
        Err(entente_store::StoreError::NotFound) => {
            return Err(AppError::bad_request(
                "not_allocated",
                entente_domain::said!(
                    "err-coop-not-allocated",
                    "no published allocation holds this request yet: seats are answered for once it is published"
                ),
            ));
        }
        other => other?,
    };
    let ReofferBasis { run: mut current, ranking } = basis;
    let held = granted(&current, r.id);
    let seats = match answer {
        Answer::Confirm => {
            let permit = r.confirm(held, &activity, &ctx.principal, ctx.stamp())?;
            ctx.scope.save_seat_request(permit, &mut r).await?;
            return Ok(Answered { allocation: current.id.0, offered: 0, changed: None, by: None });
        }
        Answer::Decline(seats) => seats,
    };
    let request_permit = r.decline(seats, held, &activity, &ctx.principal, ctx.stamp())?;
    let read = started.elapsed();

    let day = ctx.now.date_naive();
    let own = note(
        "allocation-note-declined",
        &[("date", day.to_string().into()), ("seats", seats.into()), ("held", 0.into())],
    );
    let plan = plan_reoffer(&ranking, &current, &r, &activity, seats, day, own, "allocation-note-offered");
    let Reoffer { offered, given, notes, nominees } = plan;
    let (next, run_permit) = current.reissue(r.id, seats, &offered, &notes, &nominees, &ctx.principal, ctx.stamp())?;
    let before = seats_of(&current);
    let offered_ids: Vec<SeatRequestId> = offered.iter().map(|(q, _)| *q).collect();
    let offered_by = current.confirm_by_for(activity.start, day);
    let planned = started.elapsed();
    let next = ctx
        .scope
        .reissue_allocation((request_permit, run_permit), &mut r, &mut current, next, &offered_ids, offered_by)
        .await?;
    let changed = changed_lines(&before, &next);
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    tracing::info!(
        request = r.id.0,
        seats,
        offered = given,
        read_ms = ms(read),
        plan_ms = ms(planned - read),
        store_ms = ms(started.elapsed() - planned),
        "seats given back: allocation {} reissued as {}",
        current.id.0,
        next.id.0
    );
    Ok(Answered {
        allocation: next.id.0,
        offered: given,
        changed: Some((activity, changed)),
        by: Some((ctx.principal.clone(), ctx.stamp(), ctx.registry.clone())),
    })
}

/// A note added to a line's explanation, in English and French: catalogue `key` with `args`.
pub(crate) fn note(key: &str, args: &[(&'static str, FluentValue<'static>)]) -> (String, String) {
    (Lang::En.t_args(key, args), Lang::Fr.t_args(key, args))
}

/// Freed seats offered again: to whom and how many, and what the lines that change say.
pub(crate) struct Reoffer {
    /// Requests offered seats, with the seats added.
    pub offered: Vec<(SeatRequestId, u32)>,
    /// Seats placed (at most the seats freed).
    pub given: u32,
    pub notes: BTreeMap<SeatRequestId, (String, String)>,
    pub nominees: BTreeMap<SeatRequestId, Vec<String>>,
}

/// Offer the `seats` request `r` frees in the published allocation `current` (which holds at
/// least the lines of `r`'s activity) to the requests still waiting for the same activity, ranked
/// as the allocation ranked them (the nation holding the fewest seats first, the rank the
/// allocation gave the request — goals of agreed programmes first, then the nation's order —,
/// the published lottery): `entente_allocation::reoffer`. Requests that were released, or whose
/// own seats are past their date unanswered, are not offered any. `own` is the note on `r`'s
/// line; the lines offered seats get the catalogue's `offered_key`, dated `day`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_reoffer(
    ranking: &Ranking,
    current: &AllocationRun,
    r: &SeatRequest,
    activity: &Activity,
    seats: u32,
    day: NaiveDate,
    own: (String, String),
    offered_key: &str,
) -> Reoffer {
    let Ranking { requests, holds, ranked_with, agreed } = ranking;
    let worked_out = super::goal_ranks_with(ranked_with, agreed);
    let rank = |q: &SeatRequest| -> u32 {
        let kept = current.lines.iter().find(|l| l.request == q.id).and_then(|l| l.rank);
        kept.or_else(|| worked_out.get(&q.id).and_then(|&p| u32::try_from(p).ok())).unwrap_or(q.priority)
    };
    let lottery: Vec<String> = current.report["lottery"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let candidates: Vec<&SeatRequest> = requests
        .iter()
        .filter(|q| q.activity == r.activity && q.id != r.id)
        .filter(|q| !q.release_due(granted(current, q.id), activity, day))
        .collect();
    let waiting: Vec<Waiting> = candidates
        .iter()
        .map(|q| Waiting {
            held: holds.get(q.nation.as_str()).copied().unwrap_or(0),
            scale: 1,
            priority: rank(q),
            lottery: lottery.iter().position(|c| c == q.nation.as_str()).unwrap_or(usize::MAX),
            room: q.room(activity).saturating_sub(granted(current, q.id)),
        })
        .collect();
    let given = reoffer(&waiting, seats);
    let offered: Vec<(SeatRequestId, u32)> =
        candidates.iter().zip(&given).filter(|(_, g)| **g > 0).map(|(q, g)| (q.id, *g)).collect();
    let mut notes = BTreeMap::new();
    notes.insert(r.id, own);
    let mut nominees = BTreeMap::new();
    nominees.insert(r.id, r.nominees.clone());
    for (q, g) in &offered {
        let Some(w) = candidates.iter().position(|c| c.id == *q) else { continue };
        let args = [("date", day.to_string().into()), ("seats", (*g).into()), ("held", waiting[w].held.into())];
        notes.insert(*q, note(offered_key, &args));
        nominees.insert(*q, candidates[w].nominees.clone());
    }
    Reoffer { offered, given: given.iter().sum(), notes, nominees }
}

/// The seats each request holds in `run`.
pub(crate) fn seats_of(run: &AllocationRun) -> BTreeMap<SeatRequestId, u32> {
    run.lines.iter().map(|l| (l.request, l.granted)).collect()
}

/// The lines of `next` whose seats differ from `was` ([`seats_of`] the version before), with the
/// seats before (for the notices).
pub(crate) fn changed_lines(was: &BTreeMap<SeatRequestId, u32>, next: &AllocationRun) -> Vec<(AllocationLine, u32)> {
    next.lines
        .iter()
        .filter(|l| was.get(&l.request) != Some(&l.granted))
        .map(|l| (l.clone(), was.get(&l.request).copied().unwrap_or(0)))
        .collect()
}

/// Tell the nations whose seats changed in `next`, the new version of an allocation, as one
/// event; `by` is whoever acted (not told), none when time released the seats. A failure is
/// logged: the change is stored already.
pub(crate) async fn tell_changed(
    state: &AppState,
    network: &entente_domain::registry::Network,
    activity: &Activity,
    lines: &[(AllocationLine, u32)],
    allocation: i64,
    by: Option<&entente_domain::access::Principal>,
    at: chrono::DateTime<chrono::Utc>,
) {
    let notices = lines
        .iter()
        .map(|(line, before)| entente_domain::consultation::Notice::SeatsChanged {
            activity,
            line,
            before: *before,
            allocation,
        })
        .collect();
    let event = crate::notify::Event { by, at, notices };
    if let Err(e) = crate::notify::dispatch(state, network, event).await {
        tracing::error!(error = %e, "seat notification not stored");
    }
}
