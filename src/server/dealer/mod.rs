//! The dealer module on the server: every step of the watch-deal journey,
//! for both audiences. Each operation runs in one database transaction —
//! the business rows, its ledger postings, the audit entry and the owners'
//! notifications commit together or not at all — and re-checks the state it
//! changes (`UPDATE … WHERE status = …`, then `expect_one`), so a double
//! click or two people at once change it once.
//!
//! - `submissions`, `deals`, `commissions`, `payouts`, `disputes`: the
//!   operations, one aggregate each;
//! - `broker_view`, `desk_view`: the reads, one audience each (a broker's
//!   read selects only broker-safe columns into broker types);
//! - `dashboard`, `profile`, `want_list`: the rest of the Broker Portal and
//!   the desk's want list.

pub mod broker_view;
pub mod commissions;
pub mod dashboard;
pub mod deals;
pub mod desk_home;
pub mod desk_view;
pub mod disputes;
pub mod documents;
pub mod payouts;
pub mod profile;
pub mod rows;
pub mod submissions;
pub mod want_list;

use crate::domain::money::Money;
use crate::domain::Role;
use crate::dto::error::AppError;
use crate::server::db::{new_id, now_ms, Tx};
use crate::server::op::{OpError, OpResult};

pub mod action {
    pub const SUBMISSION_CREATED: &str = "submission.created";
    pub const SUBMISSION_UPDATED: &str = "submission.updated";
    pub const SUBMISSION_REVIEW_STARTED: &str = "submission.review_started";
    pub const SUBMISSION_ACCEPTED: &str = "submission.accepted";
    pub const SUBMISSION_NOT_ACCEPTED: &str = "submission.not_accepted";
    pub const FEEDBACK_POSTED: &str = "submission.feedback";
    pub const DEAL_PENDING: &str = "deal.sale_pending";
    pub const DEAL_SOLD: &str = "deal.sold";
    pub const DEAL_CANCELLED: &str = "deal.cancelled";
    pub const DEAL_UNWOUND: &str = "deal.unwound";
    pub const DEAL_COST_ADDED: &str = "deal.cost_added";
    pub const COMMISSION_RELEASED: &str = "commission.released";
    pub const COMMISSION_CANCELLED: &str = "commission.cancelled";
    pub const PAYOUT_REQUESTED: &str = "payout.requested";
    pub const PAYOUT_CANCELLED: &str = "payout.cancelled";
    pub const PAYOUT_REVIEWED: &str = "payout.reviewed";
    pub const PAYOUT_PAID: &str = "payout.paid";
    pub const DISPUTE_OPENED: &str = "dispute.opened";
    pub const DISPUTE_RESOLVED: &str = "dispute.resolved";
    pub const DISPUTE_REJECTED: &str = "dispute.rejected";
    pub const PAYOUT_INFO_SAVED: &str = "payout_info.saved";
    pub const BANK_DETAILS_REVEALED: &str = "payout_info.revealed";
    pub const WANT_ITEM_ADDED: &str = "want_list.added";
    pub const WANT_ITEM_CLOSED: &str = "want_list.closed";
}

/// A broker's commission rate when neither the deal nor his profile names one.
pub const DEFAULT_COMMISSION_BPS: i64 = 1_000;

/// An amount in minor units, rounded to the currency (half away from zero).
fn minor(m: &Money) -> OpResult<i64> {
    m.round_to_minor().to_minor_units().map_err(|e| OpError::App(AppError::field("amount", e.to_string())))
}

/// Writes a notification for every owner of the organization.
async fn notify_owners(tx: &mut Tx, org_id: &str, kind: &str, title: &str, link: &str) -> Result<(), sqlx::Error> {
    let owners: Vec<(String,)> = sqlx::query_as("SELECT id FROM users WHERE org_id = $1 AND role = $2 AND is_active = 1")
        .bind(org_id)
        .bind(Role::Owner.as_str())
        .fetch_all(&mut **tx)
        .await?;
    for (uid,) in owners {
        sqlx::query("INSERT INTO notifications (id, org_id, user_id, kind, title, link, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(new_id())
            .bind(org_id)
            .bind(&uid)
            .bind(kind)
            .bind(title)
            .bind(link)
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
