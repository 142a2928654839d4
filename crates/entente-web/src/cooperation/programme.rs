//! Programmes (ITPP) for pages and API alike: read what the caller may see, open, edit the plan
//! (with the version the editor saw), comment, agree, assess.

use std::collections::BTreeSet;

use entente_domain::cooperation::{ActivityId, Plan, Programme, Rating};

use crate::ctx::Ctx;
use crate::error::AppError;

pub async fn list(ctx: &Ctx) -> Result<Vec<Programme>, AppError> {
    Ok(ctx.scope.programmes(ctx.net(), ctx.now.date_naive()).await?)
}

pub async fn get(ctx: &Ctx, nation: &str) -> Result<Programme, AppError> {
    Ok(ctx.scope.programme(&nation.to_ascii_uppercase(), ctx.net(), ctx.now.date_naive()).await?)
}

/// The caller's partner delegation opens its programme.
pub async fn open(ctx: &Ctx) -> Result<Programme, AppError> {
    let (p, permit) = Programme::open(&ctx.principal, ctx.stamp(), ctx.net())?;
    Ok(ctx.scope.insert_programme(permit, p).await?)
}

/// Refuse a write made on an older version than the stored one: the editor must see the change.
fn check_seen(p: &Programme, seen: Option<i64>) -> Result<(), AppError> {
    match seen {
        Some(v) if v != p.version => Err(AppError::Conflict(entente_domain::said!(
            "err-programme-stale",
            "the programme was changed by someone else since you opened it (version {seen}, now {now}); reload it and make your change again",
            seen = v,
            now = p.version
        ))),
        _ => Ok(()),
    }
}

/// The activities of a plan the caller may see on the menu.
async fn known_activities(ctx: &Ctx, plan: &Plan) -> Result<BTreeSet<ActivityId>, AppError> {
    let filter = entente_store::cooperation::ActivityFilter {
        ids: Some(plan.activities().iter().map(|a| a.0).collect()),
        ..Default::default()
    };
    Ok(ctx.scope.activities(&filter, ctx.net()).await?.iter().map(|a| a.id).collect())
}

/// Replace the plan (the partner's delegation).
pub async fn edit(ctx: &Ctx, nation: &str, plan: Plan, seen: Option<i64>) -> Result<Programme, AppError> {
    let mut p = get(ctx, nation).await?;
    check_seen(&p, seen)?;
    let known = known_activities(ctx, &plan).await?;
    let permit = p.edit(plan, &known, &ctx.principal, ctx.stamp())?;
    ctx.scope.save_programme(permit, &mut p).await?;
    Ok(p)
}

pub async fn comment(
    ctx: &Ctx,
    nation: &str,
    text: &str,
    goal: Option<u32>,
    proposal: bool,
) -> Result<Programme, AppError> {
    let mut p = get(ctx, nation).await?;
    let permit = p.comment(text, goal, proposal, &ctx.principal, ctx.stamp())?;
    ctx.scope.save_programme(permit, &mut p).await?;
    Ok(p)
}

pub async fn agree(ctx: &Ctx, nation: &str, seen: Option<i64>) -> Result<Programme, AppError> {
    let mut p = get(ctx, nation).await?;
    check_seen(&p, seen)?;
    let permit = p.agree(&ctx.principal, ctx.stamp())?;
    ctx.scope.save_programme(permit, &mut p).await?;
    Ok(p)
}

pub async fn assess(
    ctx: &Ctx,
    nation: &str,
    cycle: i32,
    goal: u32,
    rating: Rating,
    evidence: &str,
) -> Result<Programme, AppError> {
    let mut p = get(ctx, nation).await?;
    let permit = p.assess(cycle, goal, rating, evidence, &ctx.principal, ctx.stamp())?;
    ctx.scope.save_programme(permit, &mut p).await?;
    Ok(p)
}

/// Parse a rating; the error names the field and the accepted values.
pub fn rating(s: &str) -> Result<Rating, AppError> {
    Rating::parse(s.trim()).ok_or_else(|| {
        AppError::bad_request(
            "invalid",
            entente_domain::said!(
                "err-coop-rating-value",
                "rating: '{value}' is not not_started, in_progress, largely_met or met",
                value = s.trim()
            ),
        )
    })
}
