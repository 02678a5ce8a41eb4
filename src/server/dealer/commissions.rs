//! Commissions on the desk: released (approved) or cancelled with a reason
//! (its ledger entry reversed), and the ledger postings every commission
//! change shares.

use super::action;
use crate::domain::dealer::*;
use crate::domain::ledger::{AccountKind, PostingLine};
use crate::domain::money::Currency;
use crate::dto::error::{AppError, FieldErrors};
use crate::server::auth::Ctx;
use crate::server::db::Db;
use crate::server::db::{now_ms, Tx};
use crate::server::ledger::{self, AccountSpec, PostRequest};
use crate::server::op::{audit_in, conflict, expect_one, OpResult};

/// The broker's payable account and the organization's commission expense
/// and cash accounts (opened on first use; idempotent).
pub async fn commission_accounts(db: &Db, org_id: &str, broker_id: &str, currency: Currency) -> OpResult<(String, String, String)> {
    let payable = ledger::ensure_account(
        db,
        org_id,
        AccountSpec { kind: AccountKind::BrokerCommissionPayable, owner: Some(broker_id), currency: currency.code(), name: "Broker commission payable" },
    )
    .await?;
    let expense =
        ledger::ensure_account(db, org_id, AccountSpec { kind: AccountKind::OrgExpense, owner: None, currency: currency.code(), name: "Commission expense" })
            .await?;
    let cash = ledger::ensure_account(db, org_id, AccountSpec { kind: AccountKind::OrgCash, owner: None, currency: currency.code(), name: "Cash" }).await?;
    Ok((payable.id, expense.id, cash.id))
}

/// Posts a commission earned (or re-earned after an adjustment); returns
/// the ledger transaction. A zero commission posts nothing: `""`.
#[allow(clippy::too_many_arguments)]
pub async fn post_earned(
    tx: &mut Tx,
    ctx: &Ctx,
    commission_id: &str,
    payable: &str,
    expense: &str,
    currency: Currency,
    amount_minor: i64,
    at: i64,
    key: &str,
) -> OpResult<String> {
    if amount_minor == 0 {
        return Ok(String::new());
    }
    let posted = ledger::post_in(
        tx,
        &PostRequest {
            org_id: ctx.org.id.clone(),
            idempotency_key: key.to_string(),
            kind: "commission.earned".into(),
            reason: "Broker commission on a sale".into(),
            actor_id: Some(ctx.user.id.clone()),
            reference: Some(("commission".into(), commission_id.to_string())),
            effective_at: at,
            lines: vec![
                PostingLine { account_id: payable.to_string(), currency: currency.code().to_string(), amount_minor },
                PostingLine { account_id: expense.to_string(), currency: currency.code().to_string(), amount_minor: -amount_minor },
            ],
            expected_versions: Vec::new(),
            reverses: None,
        },
    )
    .await?;
    Ok(posted.transaction_id)
}

/// What the commission operations read of a commission.
#[derive(sqlx::FromRow)]
pub struct CommissionRow {
    pub org_id: String,
    pub broker_id: String,
    pub status: CommissionStatus,
    pub amount_minor: i64,
    /// The ledger transaction that earned it (none for a zero commission).
    pub earned_tx: Option<String>,
    pub payout_request_id: Option<String>,
}

/// A commission of the organization (another one's id: 404).
pub async fn commission_in_org(tx: &mut Tx, org_id: &str, id: &str) -> OpResult<CommissionRow> {
    let row: Option<CommissionRow> =
        sqlx::query_as("SELECT org_id, broker_id, status, amount_minor, earned_tx, payout_request_id FROM commissions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    match row {
        Some(r) if r.org_id == org_id => Ok(r),
        _ => Err(AppError::NotFound.into()),
    }
}

pub async fn set_commission_status(tx: &mut Tx, id: &str, from: CommissionStatus, to: CommissionStatus, extra: &str) -> OpResult<()> {
    let r = sqlx::query(&format!("UPDATE commissions SET status = $1, updated_at = $2{extra} WHERE id = $3 AND status = $4"))
        .bind(to.as_str())
        .bind(now_ms())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut **tx)
        .await?;
    expect_one(r, "This commission changed meanwhile; reload to see its status.")?;
    Ok(())
}

/// Pending Review → Awaiting Payout.
pub async fn release_commission(ctx: &Ctx, id: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut tx = db.begin_write().await?;
    let c = commission_in_org(&mut tx, &ctx.org.id, id).await?;
    if c.status != CommissionStatus::PendingReview {
        return Err(conflict(format!("Only a commission in Pending Review can be released (this one is {}).", c.status)));
    }
    let r = sqlx::query("UPDATE commissions SET status = $1, released_by = $2, released_at = $3, updated_at = $3 WHERE id = $4 AND status = $5")
        .bind(CommissionStatus::AwaitingPayout.as_str())
        .bind(&ctx.user.id)
        .bind(now_ms())
        .bind(id)
        .bind(CommissionStatus::PendingReview.as_str())
        .execute(&mut *tx)
        .await?;
    expect_one(r, "This commission changed meanwhile; reload to see its status.")?;
    audit_in(&mut tx, ctx, action::COMMISSION_RELEASED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Reverses a commission's current earned transaction inside `tx`.
pub async fn reverse_earned(tx: &mut Tx, ctx: &Ctx, commission_id: &str, earned_tx: &str, reason: &str) -> OpResult<()> {
    if earned_tx.is_empty() {
        return Ok(());
    }
    ledger::reverse_in(tx, &ctx.org.id, earned_tx, &format!("commission:{commission_id}:reverse:{earned_tx}"), reason, Some(&ctx.user.id), now_ms()).await?;
    Ok(())
}

/// Cancels an unpaid commission with a reason; its ledger entry is reversed.
pub async fn cancel_commission(ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let mut errors = FieldErrors::default();
    let reason = errors.text(reason, "reason", "reason", 500);
    errors.finish()?;
    let mut tx = ctx.db.begin_write().await?;
    cancel_commission_in(&mut tx, ctx, id, &reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Inside `tx`: an outstanding commission, not in an open payout request,
/// becomes Cancelled with `reason`; its earning is reversed in the ledger,
/// its open disputes end, and the audit log says why.
pub async fn cancel_commission_in(tx: &mut Tx, ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let c = commission_in_org(tx, &ctx.org.id, id).await?;
    if !c.status.is_outstanding() {
        return Err(conflict(format!("A {} commission cannot be cancelled.", c.status.label().to_lowercase())));
    }
    if c.payout_request_id.is_some() {
        return Err(conflict("This commission is part of an open payout request; cancel or finish the request first."));
    }
    let r = sqlx::query("UPDATE commissions SET status = $1, cancelled_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $4 AND status = $5")
        .bind(CommissionStatus::Cancelled.as_str())
        .bind(reason)
        .bind(now_ms())
        .bind(id)
        .bind(c.status.as_str())
        .execute(&mut **tx)
        .await?;
    expect_one(r, "This commission changed meanwhile; reload to see its status.")?;
    reverse_earned(tx, ctx, id, c.earned_tx.as_deref().unwrap_or_default(), &format!("Commission cancelled: {reason}")).await?;
    // Open disputes end with the commission.
    sqlx::query("UPDATE disputes SET status = $1, reply = $2, resolved_by = $3, resolved_at = $4 WHERE commission_id = $5 AND status = $6")
        .bind(DisputeStatus::Rejected.as_str())
        .bind(format!("The commission was cancelled: {reason}"))
        .bind(&ctx.user.id)
        .bind(now_ms())
        .bind(id)
        .bind(DisputeStatus::Open.as_str())
        .execute(&mut **tx)
        .await?;
    audit_in(tx, ctx, action::COMMISSION_CANCELLED, id, Some(reason)).await?;
    Ok(())
}
