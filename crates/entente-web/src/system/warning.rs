//! Detection and event imports run on the raw store (they write data no caller's scope covers:
//! counters, alerts). They start only with the domain's permit, and are audited in its name.

use entente_domain::access::{Permit, Principal};

use super::AppState;
use crate::error::AppError;

/// Run the detectors over the stored history and record the alerts of the last complete week.
/// Returns how many alerts that week has and how many are new.
pub async fn detect(state: &AppState, by: &Principal, permit: Permit) -> Result<(usize, usize), AppError> {
    if permit.user_id() != by.user_id || permit.action() != "alerts.detected" {
        return Err(AppError::Forbidden("not permitted: alliance staff run detection".into()));
    }
    let (all, fresh) =
        state.store.detect_and_record(1, &entente_store::Actor::from_principal(by), permit.action()).await?;
    tracing::info!(alerts = all.len(), new = fresh.len(), by = %by.username, "detection run");
    Ok((all.len(), fresh.len()))
}

/// At start: imports left `running` by a stopped process are settled as failed.
pub async fn settle_interrupted(state: &AppState) -> Result<u64, AppError> {
    Ok(state.store.settle_interrupted_imports().await?)
}
