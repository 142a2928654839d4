//! After the activity, shared by its page and the API: the roster with attendance and
//! completion, the feedback of the nations whose participants attended (with the mean of each
//! rating), and the after-action report — each shown only to those the domain lets see it.

use entente_domain::cooperation::Activity;
use entente_domain::cooperation::after::{
    self, AfterActionReport, AfterActions, Attendance, Feedback, FeedbackDraft, Participant,
};
use entente_store::cooperation::after::AfterRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ctx::Ctx;
use crate::error::AppError;

/// What the caller may see and do after an activity.
pub struct AfterView {
    pub activity: Activity,
    pub record: AfterRecord,
    pub actions: AfterActions,
    /// Mean relevance, quality and organisation over the feedback shown, with its count.
    pub means: Option<([f64; 3], usize)>,
}

/// One participant as the forms send it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AttendanceInput {
    /// The participant's nation (ISO alpha-3 code).
    #[schema(max_length = 8)]
    pub nation: String,
    /// The participant's name, as placed by the published allocation.
    #[schema(max_length = 200)]
    pub name: String,
    pub attended: bool,
    /// Completed the activity (only someone who attended completes).
    pub completed: bool,
}

pub async fn view(ctx: &Ctx, id: i64) -> Result<AfterView, AppError> {
    let activity = ctx.scope.activity(id, ctx.net()).await?;
    let record = ctx.scope.after_activity(&activity).await?;
    // What the caller sees of the roster is what the rules judge its next step on.
    let actions = after::allowed(&activity, &record.roster, &record.attendance, &ctx.principal, ctx.now);
    let means = (!record.feedback.is_empty()).then(|| {
        let n = record.feedback.len() as f64;
        let mean = |f: fn(&Feedback) -> u8| record.feedback.iter().map(|x| f64::from(f(x))).sum::<f64>() / n;
        ([mean(|x| x.relevance), mean(|x| x.quality), mean(|x| x.organisation)], record.feedback.len())
    });
    Ok(AfterView { activity, record, actions, means })
}

/// Record attendance (the provider or staff); each record replaces the earlier one for that
/// participant.
pub async fn record_attendance(ctx: &Ctx, id: i64, input: &[AttendanceInput]) -> Result<(), AppError> {
    let activity = ctx.scope.activity(id, ctx.net()).await?;
    let (roster, _) = ctx.scope.roster_for_writing(&activity).await?;
    let mut records = Vec::with_capacity(input.len());
    for r in input {
        let nation = r.nation.trim().to_ascii_uppercase().parse().map_err(|_| {
            AppError::bad_request(
                "invalid",
                entente_domain::said!(
                    "err-nation-not-code",
                    "nation: '{value}' is not a nation code",
                    value = r.nation.trim()
                ),
            )
        })?;
        records.push(Attendance {
            participant: Participant { nation, name: r.name.trim().to_string() },
            attended: r.attended,
            completed: r.completed,
        });
    }
    let (records, permit) =
        after::record_attendance(&activity, &roster, &records, &ctx.principal, ctx.now.date_naive())?;
    ctx.scope.save_attendance(permit, &activity, &records).await?;
    Ok(())
}

/// Give (or replace) the caller's nation's feedback; the provider is told (its delegation, or
/// the staff for an institution), inbox and e-mail. A failed notice is logged: the feedback is
/// stored already.
pub async fn give_feedback(
    state: &crate::AppState,
    ctx: &Ctx,
    id: i64,
    draft: &FeedbackDraft,
) -> Result<Feedback, AppError> {
    let activity = ctx.scope.activity(id, ctx.net()).await?;
    let (_, attended) = ctx.scope.roster_for_writing(&activity).await?;
    let (f, permit) = after::give_feedback(&activity, draft, &attended, &ctx.principal, ctx.now)?;
    ctx.scope.save_feedback(permit, &activity, &f).await?;
    let notices = vec![entente_domain::consultation::Notice::FeedbackGiven { activity: &activity, feedback: &f }];
    let event = crate::notify::Event { by: Some(&ctx.principal), at: ctx.stamp(), notices };
    if let Err(e) = crate::notify::dispatch(state, ctx.net(), event).await {
        tracing::error!(error = %e, "feedback notification not stored");
    }
    Ok(f)
}

/// Write the after-action report against the version read (0: the first).
pub async fn write_report(ctx: &Ctx, id: i64, body: &str, version: i64) -> Result<AfterActionReport, AppError> {
    let activity = ctx.scope.activity(id, ctx.net()).await?;
    let (mut r, permit) = after::write_report(&activity, body, version, &ctx.principal, ctx.now)?;
    r.version = ctx.scope.save_after_report(permit, &activity, &r).await?;
    Ok(r)
}
