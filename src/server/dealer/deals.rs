//! Deals on the desk: sale pending, recorded costs, cancellation, and the
//! sale itself — which creates the commission (split on a co-sourced deal)
//! and posts it to the ledger in the sale's own transaction.

use super::commissions::{cancel_commission_in, commission_accounts, post_earned};
use super::{action, minor, DEFAULT_COMMISSION_BPS};
use crate::domain::commission::{deal_commission, split, CommissionTerms, SaleFigures};
use crate::domain::dealer::*;
use crate::domain::money::{BasisPoints, Money};
use crate::domain::Capability;
use crate::dto::error::{AppError, FieldErrors};
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms, Tx};
use crate::server::op::{audit_in, conflict, expect_one, internal, OpError, OpResult};

/// What the desk's deal operations read of a deal.
#[derive(sqlx::FromRow)]
struct DealRow {
    org_id: String,
    broker_id: String,
    submission_id: String,
    status: DealStatus,
    #[sqlx(rename = "acquisition_cost_minor")]
    cost_minor: i64,
    #[sqlx(rename = "commission_basis")]
    basis: Option<String>,
    #[sqlx(rename = "commission_bps")]
    bps: Option<i64>,
    #[sqlx(rename = "commission_fixed_minor")]
    fixed_minor: Option<i64>,
}

/// A deal of the caller's organization (another one's id: 404).
async fn deal_for_desk(tx: &mut Tx, ctx: &Ctx, id: &str) -> OpResult<DealRow> {
    let row: Option<DealRow> = sqlx::query_as(
        "SELECT org_id, broker_id, submission_id, status, acquisition_cost_minor, commission_basis, commission_bps, commission_fixed_minor FROM deals WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        Some(r) if r.org_id == ctx.org.id => Ok(r),
        _ => Err(AppError::NotFound.into()),
    }
}

pub async fn mark_pending(ctx: &Ctx, id: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut tx = db.begin_write().await?;
    deal_for_desk(&mut tx, ctx, id).await?;
    let r = sqlx::query("UPDATE deals SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(DealStatus::Pending.as_str())
        .bind(now_ms())
        .bind(id)
        .bind(DealStatus::Active.as_str())
        .execute(&mut *tx)
        .await?;
    expect_one(r, "Only an active deal can become sale pending.")?;
    audit_in(&mut tx, ctx, action::DEAL_PENDING, id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn cancel_deal(ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut errors = FieldErrors::default();
    let reason = errors.text(reason, "reason", "reason", 500);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    deal_for_desk(&mut tx, ctx, id).await?;
    let r = sqlx::query("UPDATE deals SET status = $1, cancelled_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $4 AND status IN ($5, $6)")
        .bind(DealStatus::Cancelled.as_str())
        .bind(&reason)
        .bind(now_ms())
        .bind(id)
        .bind(DealStatus::Active.as_str())
        .bind(DealStatus::Pending.as_str())
        .execute(&mut *tx)
        .await?;
    expect_one(r, "Only an unsold deal can be cancelled.")?;
    audit_in(&mut tx, ctx, action::DEAL_CANCELLED, id, Some(&reason)).await?;
    tx.commit().await?;
    Ok(())
}

/// Unwinds a recorded sale (the buyer returned the watch, the payment
/// failed …): in one transaction every unpaid commission of the deal is
/// cancelled and its earning reversed, and the deal becomes Cancelled with
/// the reason, so its status, journey and commission tell the same story.
/// A commission already paid or in an open payout request stops it.
pub async fn unwind_sale(ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let mut errors = FieldErrors::default();
    let reason = errors.text(reason, "reason", "reason", 480);
    errors.finish()?;
    let mut tx = ctx.db.begin_write().await?;
    let deal = deal_for_desk(&mut tx, ctx, id).await?;
    if deal.status != DealStatus::Sold {
        return Err(conflict("Only a sold deal can be unwound."));
    }
    let commissions: Vec<(String, CommissionStatus, Option<String>)> =
        sqlx::query_as("SELECT id, status, payout_request_id FROM commissions WHERE deal_id = $1 ORDER BY id").bind(id).fetch_all(&mut *tx).await?;
    if commissions.iter().any(|c| c.1 == CommissionStatus::Paid) {
        return Err(conflict("A commission on this sale has been paid; it cannot be unwound here."));
    }
    if commissions.iter().any(|c| c.2.is_some()) {
        return Err(conflict("A commission on this sale is part of an open payout request; cancel or finish the request first."));
    }
    let text = format!("{UNWOUND_PREFIX}{reason}");
    for (cid, status, _) in &commissions {
        if *status != CommissionStatus::Cancelled {
            cancel_commission_in(&mut tx, ctx, cid, &text).await?;
        }
    }
    let r = sqlx::query("UPDATE deals SET status = $1, cancelled_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $4 AND status = $5")
        .bind(DealStatus::Cancelled.as_str())
        .bind(&text)
        .bind(now_ms())
        .bind(id)
        .bind(DealStatus::Sold.as_str())
        .execute(&mut *tx)
        .await?;
    expect_one(r, "This deal changed meanwhile; reload to see its status.")?;
    audit_in(&mut tx, ctx, action::DEAL_UNWOUND, id, Some(&reason)).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_cost(ctx: &Ctx, id: &str, label: &str, amount: &str) -> OpResult<()> {
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let label = errors.text(label, "label", "cost description", 120);
    let amount = errors.money(amount, "amount", "Amount", currency);
    errors.finish()?;
    let amount_minor = minor(amount.as_ref().expect("validated"))?;
    let mut tx = db.begin_write().await?;
    let deal = deal_for_desk(&mut tx, ctx, id).await?;
    if !matches!(deal.status, DealStatus::Active | DealStatus::Pending) {
        return Err(conflict("Costs are recorded before the sale."));
    }
    sqlx::query("INSERT INTO deal_costs (id, org_id, deal_id, label, amount_minor, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new_id())
        .bind(&ctx.org.id)
        .bind(id)
        .bind(&label)
        .bind(amount_minor)
        .bind(&ctx.user.id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit_in(&mut tx, ctx, action::DEAL_COST_ADDED, id, Some(&label)).await?;
    tx.commit().await?;
    Ok(())
}

pub struct SaleInput {
    pub price: String,
    pub buyer: String,
    /// yyyy-mm-dd; empty = today.
    pub sold_on: String,
    /// Owner's per-deal override: "" (the broker's default), gross_profit, sale_price or fixed.
    pub basis: String,
    pub rate: String,
    pub fixed: String,
}

/// The broker accounts (payable) and the org's expense account.

/// Records the sale: the deal is Sold, the commission (split on a
/// co-sourced deal) is created Pending Review and posted to the ledger.
pub async fn record_sale(ctx: &Ctx, id: &str, input: &SaleInput) -> OpResult<Vec<String>> {
    // Only those who approve commissions may change a deal's terms at sale time.
    let can_override = ctx.can(Capability::CommissionsApprove);
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let price = errors.money(&input.price, "price", "Sale price", currency);
    let buyer = errors.text(&input.buyer, "buyer", "buyer", 120);
    let sold_at = if input.sold_on.trim().is_empty() {
        now_ms()
    } else {
        match ctx.zone().parse_day(&input.sold_on) {
            Some(ms) if ms <= now_ms() => ms,
            Some(_) => {
                errors.add("sold_on", "The sale date cannot be in the future.");
                0
            }
            None => {
                errors.add("sold_on", "Enter the date as YYYY-MM-DD.");
                0
            }
        }
    };
    let basis_override = match input.basis.trim() {
        "" => None,
        b => match CommissionBasis::parse(b) {
            Some(b) => Some(b),
            None => {
                errors.add("basis", "Choose gross profit, sale price or a fixed amount.");
                None
            }
        },
    };
    if basis_override.is_some() && !can_override {
        errors.add("basis", "Only an owner can change a deal's commission terms.");
    }
    let rate_override = if input.rate.trim().is_empty() {
        None
    } else {
        match BasisPoints::parse_non_negative(&input.rate) {
            Ok(b) if b.0 <= 10_000 => Some(b),
            _ => {
                errors.add("rate", "Enter a percentage between 0 and 100.");
                None
            }
        }
    };
    let fixed = if basis_override == Some(CommissionBasis::Fixed) { errors.money(&input.fixed, "fixed", "Fixed commission", currency) } else { None };
    errors.finish()?;
    let price = price.expect("validated");
    let price_minor = minor(&price)?;

    // Phase 1: the ledger accounts of the brokers this deal pays are opened
    // outside the sale's transaction (idempotent; on SQLite a second writer
    // inside it would wait for itself).
    let brokers: Vec<String> = {
        let mut tx = db.begin_write().await?;
        let deal = deal_for_desk(&mut tx, ctx, id).await?;
        let co: (Option<String>,) = sqlx::query_as("SELECT co_broker_id FROM submissions WHERE id = $1").bind(&deal.submission_id).fetch_one(&mut *tx).await?;
        std::iter::once(deal.broker_id).chain(co.0).collect()
    };
    let mut accounts = std::collections::HashMap::new();
    for broker in brokers {
        let a = commission_accounts(db, &ctx.org.id, &broker, currency).await?;
        accounts.insert(broker, a);
    }
    // Phase 2: one transaction reads everything the commission depends on
    // (status, cost, recorded costs, terms, split) and writes the sale, so a
    // cost added meanwhile is either in the figures or waits for the sale.
    let mut tx = db.begin_write().await?;
    let deal = deal_for_desk(&mut tx, ctx, id).await?;
    if !matches!(deal.status, DealStatus::Active | DealStatus::Pending) {
        return Err(conflict("This deal is sold or cancelled already."));
    }
    let costs: Vec<(i64,)> = sqlx::query_as("SELECT amount_minor FROM deal_costs WHERE deal_id = $1").bind(id).fetch_all(&mut *tx).await?;
    let (default_bps, co_broker, co_share): (i64, Option<String>, i64) = {
        let p: Option<(i64,)> =
            sqlx::query_as("SELECT commission_bps FROM broker_profiles WHERE user_id = $1").bind(&deal.broker_id).fetch_optional(&mut *tx).await?;
        let s: (Option<String>, i64) =
            sqlx::query_as("SELECT co_broker_id, co_share_bps FROM submissions WHERE id = $1").bind(&deal.submission_id).fetch_one(&mut *tx).await?;
        (p.map(|p| p.0).unwrap_or(DEFAULT_COMMISSION_BPS), s.0, s.1)
    };
    let basis = basis_override.or(deal.basis.as_deref().and_then(CommissionBasis::parse)).unwrap_or(CommissionBasis::GrossProfit);
    let rate = rate_override.or(deal.bps.map(BasisPoints)).unwrap_or(BasisPoints(default_bps));
    let terms = CommissionTerms {
        basis,
        rate: if basis == CommissionBasis::Fixed { BasisPoints(0) } else { rate },
        fixed: fixed.or(deal.fixed_minor.map(|m| Money::from_minor_units(m, currency))),
    };
    let figures = SaleFigures {
        sale_price: price,
        acquisition_cost: Money::from_minor_units(deal.cost_minor, currency),
        costs: costs.iter().map(|(m,)| Money::from_minor_units(*m, currency)).collect(),
    };
    let total = deal_commission(&terms, &figures).map_err(|e| OpError::App(AppError::field("basis", e.to_string())))?;
    let (lead, co) = split(total, co_broker.as_ref().map(|_| BasisPoints(co_share))).map_err(|e| OpError::App(internal(e)))?;
    let now = now_ms();
    let mut shares = vec![(deal.broker_id.clone(), lead, 10_000 - if co.is_some() { co_share } else { 0 })];
    if let (Some(co_id), Some(co_amount)) = (co_broker, co) {
        shares.push((co_id, co_amount, co_share));
    }
    let accounts = shares
        .iter()
        .map(|(broker, _, _)| accounts.remove(broker).ok_or_else(|| conflict("The deal changed while the sale was being recorded. Try again.")))
        .collect::<Result<Vec<_>, _>>()?;
    let r = sqlx::query(
        "UPDATE deals SET status = $1, sale_price_minor = $2, buyer = $3, sold_at = $4, commission_basis = $5, commission_bps = $6, \
         commission_fixed_minor = $7, updated_at = $8 WHERE id = $9 AND status IN ($10, $11)",
    )
    .bind(DealStatus::Sold.as_str())
    .bind(price_minor)
    .bind(&buyer)
    .bind(sold_at)
    .bind(basis.as_str())
    .bind(terms.rate.0)
    .bind(terms.fixed.as_ref().map(minor).transpose()?)
    .bind(now)
    .bind(id)
    .bind(DealStatus::Active.as_str())
    .bind(DealStatus::Pending.as_str())
    .execute(&mut *tx)
    .await?;
    expect_one(r, "This deal is sold or cancelled already.")?;
    let mut ids = Vec::new();
    for ((broker, amount, share), (payable, expense, _)) in shares.iter().zip(&accounts) {
        let cid = new_id();
        let amount_minor = minor(amount)?;
        let earned = post_earned(&mut tx, ctx, &cid, payable, expense, currency, amount_minor, sold_at, &format!("commission:{cid}:earned")).await?;
        sqlx::query(
            "INSERT INTO commissions (id, org_id, deal_id, broker_id, status, basis, rate_bps, share_bps, amount_minor, currency, earned_tx, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        )
        .bind(&cid)
        .bind(&ctx.org.id)
        .bind(id)
        .bind(broker)
        .bind(CommissionStatus::PendingReview.as_str())
        .bind(basis.as_str())
        .bind(terms.rate.0)
        .bind(*share)
        .bind(amount_minor)
        .bind(currency.code())
        .bind(if earned.is_empty() { None } else { Some(earned.as_str()) })
        .bind(sold_at)
        .execute(&mut *tx)
        .await?;
        ids.push(cid);
    }
    audit_in(&mut tx, ctx, action::DEAL_SOLD, id, Some(&format!("commission {}", total.format()))).await?;
    tx.commit().await?;
    Ok(ids)
}
