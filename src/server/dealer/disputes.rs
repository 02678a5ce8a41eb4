//! Disputes: a broker contests a commission (amount, attribution, timing,
//! other); the desk resolves it — optionally with a corrected amount,
//! reversed and re-posted in the ledger — or rejects it with a reply.

use super::commissions::{commission_accounts, commission_in_org, post_earned, reverse_earned, set_commission_status};
use super::{action, minor, notify_owners};
use crate::domain::dealer::*;
use crate::domain::money::Money;
use crate::dto::error::{AppError, FieldErrors};
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms};
use crate::server::mailer;
use crate::server::op::{audit_in, conflict, OpError, OpResult};

pub async fn open_dispute(ctx: &Ctx, commission_id: &str, category: &str, reason: &str) -> OpResult<String> {
    let db = &ctx.db;
    let mut errors = FieldErrors::default();
    let category = DisputeCategory::parse(category);
    if category.is_none() {
        errors.add("category", "Choose Amount, Attribution, Timing or Other.");
    }
    let reason = errors.text(reason, "reason", "reason", 1000);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    let c = commission_in_org(&mut tx, &ctx.org.id, commission_id).await?;
    if c.broker_id != ctx.user.id {
        return Err(AppError::NotFound.into());
    }
    if !c.status.can_dispute() {
        return Err(conflict(format!("A {} commission cannot be disputed.", c.status.label().to_lowercase())));
    }
    if c.payout_request_id.is_some() {
        return Err(conflict("This commission is in your open payout request; cancel the request first to dispute it."));
    }
    let prior = if c.status == CommissionStatus::Disputed {
        let p: Option<(String,)> = sqlx::query_as("SELECT prior_status FROM disputes WHERE commission_id = $1 AND status = $2 ORDER BY created_at LIMIT 1")
            .bind(commission_id)
            .bind(DisputeStatus::Open.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        p.map(|p| p.0).unwrap_or_else(|| CommissionStatus::PendingReview.as_str().to_string())
    } else {
        set_commission_status(&mut tx, commission_id, c.status, CommissionStatus::Disputed, "").await?;
        c.status.as_str().to_string()
    };
    let id = new_id();
    sqlx::query(
        "INSERT INTO disputes (id, org_id, commission_id, broker_id, category, reason, status, prior_status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&ctx.org.id)
    .bind(commission_id)
    .bind(&ctx.user.id)
    .bind(category.expect("validated").as_str())
    .bind(&reason)
    .bind(DisputeStatus::Open.as_str())
    .bind(&prior)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    notify_owners(&mut tx, &ctx.org.id, "dispute", &format!("Commission disputed by {}", ctx.user.display_name), "/desk/disputes").await?;
    audit_in(&mut tx, ctx, action::DISPUTE_OPENED, &id, Some(&reason)).await?;
    tx.commit().await?;
    mailer::wake();
    Ok(id)
}

/// Resolves (optionally with a new amount) or rejects every open dispute of
/// the commission the given dispute is about; the broker sees the reply.
///
/// `decision`: "resolve" (optionally with a corrected `new_amount`) or "reject".
pub async fn settle_dispute(ctx: &Ctx, id: &str, decision: &str, new_amount: &str, reply: &str) -> OpResult<()> {
    let accept = match decision {
        "resolve" => true,
        "reject" => false,
        _ => return Err(AppError::field("decision", "Choose resolve or reject.").into()),
    };
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let reply = errors.text(reply, "reply", "reply to the broker", 1000);
    let amount = if accept && !new_amount.trim().is_empty() {
        match Money::parse(new_amount, currency) {
            Ok(m) if !m.is_negative() && m.round_to_minor().amount == m.amount => Some(m),
            _ => {
                errors.add("amount", "Enter the corrected commission (zero or more, in whole cents).");
                None
            }
        }
    } else {
        None
    };
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT org_id, commission_id, status, prior_status FROM disputes WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    let Some((org, commission_id, status, prior)) = row else { return Err(AppError::NotFound.into()) };
    if org != ctx.org.id {
        return Err(AppError::NotFound.into());
    }
    if status != DisputeStatus::Open.as_str() {
        return Err(conflict("This dispute is closed already."));
    }
    let c = commission_in_org(&mut tx, &ctx.org.id, &commission_id).await?;
    let mut new_tx = c.earned_tx.clone().unwrap_or_default();
    let mut new_minor = c.amount_minor;
    if let Some(m) = amount {
        new_minor = minor(&m)?;
        if new_minor != c.amount_minor {
            drop(tx);
            let (payable, expense, _) = commission_accounts(db, &ctx.org.id, &c.broker_id, currency).await?;
            tx = db.begin_write().await?;
            let again = commission_in_org(&mut tx, &ctx.org.id, &commission_id).await?;
            if again.earned_tx != c.earned_tx || again.status != CommissionStatus::Disputed {
                return Err(OpError::Contended);
            }
            reverse_earned(&mut tx, ctx, &commission_id, c.earned_tx.as_deref().unwrap_or_default(), &format!("Dispute resolved: {reply}")).await?;
            new_tx = post_earned(
                &mut tx,
                ctx,
                &commission_id,
                &payable,
                &expense,
                currency,
                new_minor,
                now_ms(),
                &format!("commission:{commission_id}:adjust:{id}"),
            )
            .await?;
        }
    }
    let final_status = if accept { DisputeStatus::Resolved } else { DisputeStatus::Rejected };
    sqlx::query("UPDATE disputes SET status = $1, reply = $2, resolved_by = $3, resolved_at = $4 WHERE commission_id = $5 AND status = $6")
        .bind(final_status.as_str())
        .bind(&reply)
        .bind(&ctx.user.id)
        .bind(now_ms())
        .bind(&commission_id)
        .bind(DisputeStatus::Open.as_str())
        .execute(&mut *tx)
        .await?;
    let back = CommissionStatus::parse(&prior).filter(|s| *s != CommissionStatus::Disputed).unwrap_or(CommissionStatus::PendingReview);
    let r = sqlx::query("UPDATE commissions SET status = $1, amount_minor = $2, earned_tx = $3, updated_at = $4 WHERE id = $5 AND status = $6")
        .bind(back.as_str())
        .bind(new_minor)
        .bind(if new_tx.is_empty() { None } else { Some(new_tx.as_str()) })
        .bind(now_ms())
        .bind(&commission_id)
        .bind(CommissionStatus::Disputed.as_str())
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Err(OpError::Contended);
    }
    let act = if accept { action::DISPUTE_RESOLVED } else { action::DISPUTE_REJECTED };
    audit_in(&mut tx, ctx, act, id, Some(&reply)).await?;
    tx.commit().await?;
    Ok(())
}
