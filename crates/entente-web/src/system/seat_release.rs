//! Seats nobody answered for: the reminder task's pass that releases them
//! ([`release_unconfirmed_once`]). It lives beside the other background work because it reads
//! through the system's handle (every request past its date, whoever's), which no request
//! handler holds; the rules it applies are the domain's (`SeatRequest::release`,
//! `AllocationRun::release`) and the re-offer is the one a decline uses
//! (`cooperation::seats::plan_reoffer`).

use chrono::{DateTime, Utc};
use entente_store::StoreError;

use crate::AppState;
use crate::cooperation::seats::{changed_lines, granted, note, plan_reoffer, seats_of, tell_changed};
use crate::error::AppError;

/// One pass at `now`: every line of a published allocation whose seats were neither confirmed
/// nor given back by their date (a day before today, UTC), for an activity that has not started,
/// is released — its seats offered again to the waiting requests in a new published version of
/// the allocation, audited as the system — and the nations whose seats changed are told (inbox
/// and e-mail). Each line is released once, whatever the number of passes or server instances:
/// the write is version-checked, and a line someone else released (or answered) in the meantime
/// is left alone. Returns the lines released.
pub async fn release_unconfirmed_once(state: &AppState, now: DateTime<Utc>) -> Result<u32, AppError> {
    const BATCH: u64 = 200;
    let today = now.date_naive();
    let system = state.store.system();
    let mut after = 0;
    let mut released = 0;
    let mut network = None;
    loop {
        let due = system.due_seat_releases(today, after, BATCH).await?;
        for r in &due {
            after = r.id.0;
            let Some((activity, lines, allocation)) = release_one(state, r.id.0, now).await? else { continue };
            released += 1;
            if network.is_none() {
                network = Some(state.store.load_network().await?);
            }
            if let Some(net) = &network {
                tell_changed(state, net, &activity, &lines, allocation, None, now).await;
            }
        }
        if (due.len() as u64) < BATCH {
            break;
        }
    }
    Ok(released)
}

type Released = (entente_domain::cooperation::Activity, Vec<(entente_domain::cooperation::AllocationLine, u32)>, i64);

/// Release the seats of request `id` if they are still due; `None` when they are not (answered,
/// released or reissued since it was listed).
async fn release_one(state: &AppState, id: i64, now: DateTime<Utc>) -> Result<Option<Released>, AppError> {
    let system = state.store.system();
    let today = now.date_naive();
    let mut r = system.seat_request(id).await?;
    let activity = system.activity(r.activity.0).await?;
    let basis = match system.reoffer_basis(&r).await {
        Err(StoreError::NotFound) => return Ok(None),
        other => other?,
    };
    let entente_store::cooperation::ReofferBasis { run: mut current, ranking } = basis;
    let held = granted(&current, r.id);
    if !r.release_due(held, &activity, today) {
        return Ok(None);
    }
    let by = r.confirm_by.unwrap_or(today);
    let request_permit = r.release(held, &activity, now)?;
    let own = note(
        "allocation-note-released",
        &[("date", today.to_string().into()), ("seats", held.into()), ("by", by.to_string().into())],
    );
    let plan = plan_reoffer(&ranking, &current, &r, &activity, held, today, own, "allocation-note-offered-released");
    let before = seats_of(&current);
    let (next, run_permit) = current.release(r.id, &plan.offered, &plan.notes, &plan.nominees, now)?;
    let offered_ids: Vec<_> = plan.offered.iter().map(|(q, _)| *q).collect();
    let offered_by = current.confirm_by_for(activity.start, today);
    let next = match system
        .release_seats((request_permit, run_permit), &mut r, &mut current, next, &offered_ids, offered_by)
        .await
    {
        // Another pass, another server or the nation came first: nothing was written.
        Err(StoreError::Conflict { .. }) => return Ok(None),
        other => other?,
    };
    tracing::info!(request = id, seats = held, allocation = next.id.0, "unconfirmed seats released");
    Ok(Some((activity, changed_lines(&before, &next), next.id.0)))
}
