//! Seats time releases: the requests whose seats were neither confirmed nor given back by their
//! date, read and released by the server's reminder task through the system's handle
//! ([`System`]), never by a request handler. A release is written like a nation's decline — the
//! request, the superseded version (version-checked), the new version and the requests offered
//! the seats, in one transaction — so two server instances releasing the same seats at once
//! write it once: the second finds the versions moved and writes nothing.

use chrono::NaiveDate;
use entente_domain::access::Permit;
use entente_domain::cooperation::{Activity, AllocationRun, SeatRequest, SeatRequestId, SeatRequestStatus, subject};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{ReofferBasis, activities_from, reissue, reoffer_basis_in, request_from};
use crate::StoreError;
use crate::audit::Actor as AuditActor;
use crate::consultation::System;
use crate::entities::{activity, seat_request};

impl System {
    /// Submitted requests past their date on `today` (a date before it), neither confirmed nor
    /// released, of activities that start after `today`; by id, after `after`, at most `limit`.
    /// Reads the `seat_request_confirm_due` index.
    pub async fn due_seat_releases(
        &self,
        today: NaiveDate,
        after: i64,
        limit: u64,
    ) -> Result<Vec<SeatRequest>, StoreError> {
        let db = self.store().reader();
        let not_started = Query::select()
            .column(activity::Column::Id)
            .from(activity::Entity)
            .and_where(Expr::col(activity::Column::StartDate).gt(today))
            .to_owned();
        let rows = seat_request::Entity::find()
            .filter(seat_request::Column::ConfirmedAt.is_null())
            .filter(seat_request::Column::ReleasedAt.is_null())
            .filter(seat_request::Column::ConfirmBy.lt(today))
            .filter(seat_request::Column::Status.eq(SeatRequestStatus::Submitted.as_str()))
            .filter(seat_request::Column::Id.gt(after))
            .filter(seat_request::Column::ActivityId.in_subquery(not_started))
            .order_by_asc(seat_request::Column::Id)
            .limit(limit)
            .all(db)
            .await?;
        rows.iter().map(request_from).collect()
    }

    /// A seat request by id, unscoped.
    pub async fn seat_request(&self, id: i64) -> Result<SeatRequest, StoreError> {
        let row = seat_request::Entity::find_by_id(id).one(self.store().reader()).await?.ok_or(StoreError::NotFound)?;
        request_from(&row)
    }

    /// An activity by id, unscoped.
    pub async fn activity(&self, id: i64) -> Result<Activity, StoreError> {
        let db = self.store().reader();
        let row = activity::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)?;
        activities_from(db, std::slice::from_ref(&row)).await?.pop().ok_or(StoreError::NotFound)
    }

    /// What the re-offer of released seats needs (see `Scoped::reoffer_basis`); not found when no
    /// published allocation holds the request.
    pub async fn reoffer_basis(&self, request: &SeatRequest) -> Result<ReofferBasis, StoreError> {
        reoffer_basis_in(self.store().reader(), request).await
    }

    /// Time released the seats of `request`: as `Scoped::reissue_allocation`, with permits given
    /// by time (the domain's `SeatRequest::release` and `AllocationRun::release`), audited as the
    /// system. A conflict means another pass (or server) released them, or the nation answered,
    /// first: nothing is written.
    pub async fn release_seats(
        &self,
        permits: (Permit, Permit),
        request: &mut SeatRequest,
        current: &mut AllocationRun,
        next: AllocationRun,
        offered: &[SeatRequestId],
        offered_by: NaiveDate,
    ) -> Result<AllocationRun, StoreError> {
        let (request_permit, run_permit) = permits;
        for (p, kind, id) in
            [(&request_permit, subject::SEAT_REQUEST, request.id.0), (&run_permit, subject::ALLOCATION, current.id.0)]
        {
            if !(p.is_by_time() && p.covers(kind, id)) {
                return Err(StoreError::Unpermitted(format!(
                    "a permit for {} #{} ({}) does not allow the system to write {kind} #{id}",
                    p.subject().kind,
                    p.subject().id,
                    p.action()
                )));
            }
        }
        let actor = AuditActor::system("entente seat release");
        reissue(self.store(), &actor, (request_permit, run_permit), request, current, next, offered, offered_by).await
    }
}
