//! A nation answers for the seats a published allocation gives it, for pages and API alike:
//! confirm them, or give some back. Seats given back are offered again at once to the requests
//! still waiting for the same activity, by the engine's re-offer rule
//! (`entente_allocation::reoffer`): no other seat moves. The allocation is reissued as a new
//! published version (the old one is kept, superseded), and every nation whose seats changed is
//! told (inbox and e-mail).

use std::collections::BTreeMap;

use entente_allocation::reoffer::{Waiting, reoffer};
use entente_domain::cooperation::{Activity, AllocationLine, AllocationRun, SeatRequestId};

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
    let notices = lines
        .iter()
        .map(|(line, before)| entente_domain::consultation::Notice::SeatsChanged {
            activity,
            line,
            before: *before,
            allocation: answered.allocation,
        })
        .collect();
    let event = crate::notify::Event::by(by, *at, notices);
    if let Err(e) = crate::notify::dispatch(state, &registry.network, event).await {
        tracing::error!(error = %e, "seat notification not stored");
    }
}

/// Seats the published allocation `run` gives request `id`.
fn granted(run: &AllocationRun, id: SeatRequestId) -> u32 {
    run.lines.iter().find(|l| l.request == id).map_or(0, |l| l.granted)
}

/// Store the answer (and the reissued allocation); the caller then [`tell`]s.
pub async fn answer(ctx: &Ctx, request: i64, answer: Answer) -> Result<Answered, AppError> {
    let mut r = ctx.scope.seat_request(request).await?;
    let activity = ctx.scope.activity(r.activity.0, ctx.net()).await?;
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
    let mut current = basis.run;
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

    // The waiting requests of this activity, ranked as the allocation ranked them.
    let ranks = super::goal_ranks_with(&basis.requests, &basis.agreed);
    let lottery: Vec<String> = current.report["lottery"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let mut holds: BTreeMap<&str, u32> = BTreeMap::new();
    for l in &current.lines {
        *holds.entry(l.nation.as_str()).or_default() += l.granted;
    }
    let candidates: Vec<&entente_domain::cooperation::SeatRequest> =
        basis.requests.iter().filter(|q| q.activity == r.activity && q.id != r.id).collect();
    let waiting: Vec<Waiting> = candidates
        .iter()
        .map(|q| Waiting {
            held: holds.get(q.nation.as_str()).copied().unwrap_or(0),
            scale: 1,
            priority: ranks.get(&q.id).map_or(q.priority, |&p| p as u32),
            lottery: lottery.iter().position(|c| c == q.nation.as_str()).unwrap_or(usize::MAX),
            room: q.room(&activity).saturating_sub(granted(&current, q.id)),
        })
        .collect();
    let given = reoffer(&waiting, seats);
    let offered: Vec<(SeatRequestId, u32)> =
        candidates.iter().zip(&given).filter(|(_, g)| **g > 0).map(|(q, g)| (q.id, *g)).collect();

    let day = ctx.now.date_naive().to_string();
    let note = |key: &str, n: u32, held: u32| {
        let text =
            |lang: Lang| lang.t_args(key, &[("date", day.clone().into()), ("seats", n.into()), ("held", held.into())]);
        (text(Lang::En), text(Lang::Fr))
    };
    let mut notes = BTreeMap::new();
    notes.insert(r.id, note("allocation-note-declined", seats, 0));
    let mut nominees = BTreeMap::new();
    nominees.insert(r.id, r.nominees.clone());
    for (q, g) in &offered {
        let Some(w) = candidates.iter().position(|c| c.id == *q) else { continue };
        notes.insert(*q, note("allocation-note-offered", *g, waiting[w].held));
        nominees.insert(*q, candidates[w].nominees.clone());
    }
    let (next, run_permit) = current.reissue(r.id, seats, &offered, &notes, &nominees, &ctx.principal, ctx.stamp())?;
    let before: BTreeMap<SeatRequestId, u32> = current.lines.iter().map(|l| (l.request, l.granted)).collect();
    let offered_ids: Vec<SeatRequestId> = offered.iter().map(|(q, _)| *q).collect();
    let next =
        ctx.scope.reissue_allocation((request_permit, run_permit), &mut r, &mut current, next, &offered_ids).await?;

    let changed: Vec<(AllocationLine, u32)> = next
        .lines
        .iter()
        .filter(|l| before.get(&l.request) != Some(&l.granted))
        .map(|l| (l.clone(), before.get(&l.request).copied().unwrap_or(0)))
        .collect();
    Ok(Answered {
        allocation: next.id.0,
        offered: given.iter().sum(),
        changed: Some((activity, changed)),
        by: Some((ctx.principal.clone(), ctx.stamp(), ctx.registry.clone())),
    })
}
