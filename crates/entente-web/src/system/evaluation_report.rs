//! The evaluation outside a request: `entente evaluation report` reads as a staff analyst would
//! (every nation's line), with the configured response targets, and prints or exports the answers.

use chrono::Utc;
use entente_domain::access::{Affiliation, Principal, Role};
use entente_domain::consultation::ResponseTargets;
use entente_store::Store;

use super::auth::{Identity, Via};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::evaluation::{Answer, Period, answer_all};
use crate::i18n::Lang;
use entente_domain::evaluation::equal::SizeMeasure;

/// Every question over a period (years; `None` = the defaults of the pages), as staff see them,
/// Q6's size groups formed by `size`.
pub async fn operator_answers(
    store: &Store,
    lang: Lang,
    (from, to): (Option<i32>, Option<i32>),
    size: SizeMeasure,
    targets: ResponseTargets,
) -> Result<Vec<Answer>, AppError> {
    let principal =
        Principal { user_id: 0, username: "cli".into(), affiliation: Affiliation::Staff, role: Role::Analyst };
    let now = Utc::now();
    let ctx = Ctx {
        scope: store.scoped(Some(&principal)).await?,
        registry: store.registry().await?,
        principal,
        now,
        lang,
        identity: Identity { account: None, session: None, via: Via::Anonymous, ip: "cli".into() },
        targets,
    };
    let period = Period::parse(from, to, now.date_naive())?;
    answer_all(&ctx, period, size).await
}
