//! Payout requests: the broker asks for everything released and unpaid
//! (one open request at a time) or cancels it; the desk reviews it, and an
//! owner signs off and records the payment (payable → cash in the ledger).

use super::commissions::commission_accounts;
use super::{action, notify_owners};
use crate::domain::dealer::*;
use crate::domain::ledger::PostingLine;
use crate::domain::money::Money;
use crate::dto::error::{AppError, FieldErrors};
use crate::server::auth::Ctx;
use crate::server::db::is_unique_violation;
use crate::server::db::{new_id, now_ms, Tx};
use crate::server::ledger::{self, PostRequest};
use crate::server::mailer;
use crate::server::op::{audit_in, conflict, expect_one, internal, OpError, OpResult};

/// One payout request for every released, unpaid commission not already in
/// a request; the server decides the list. One open request per broker.
pub async fn request_payout(ctx: &Ctx, note: &str) -> OpResult<String> {
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let note = errors.optional_text(note, "note", "note", 500);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    let open: Option<(String,)> = sqlx::query_as("SELECT id FROM payout_requests WHERE open_slot = $1").bind(&ctx.user.id).fetch_optional(&mut *tx).await?;
    if open.is_some() {
        return Err(conflict("You already have an open payout request. Cancel it first to file a new one."));
    }
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT id, amount_minor FROM commissions WHERE org_id = $1 AND broker_id = $2 AND status = $3 AND payout_request_id IS NULL ORDER BY created_at",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(CommissionStatus::AwaitingPayout.as_str())
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Err(conflict("There is nothing to pay out yet: no commission is awaiting payout."));
    }
    let total: i64 = rows.iter().map(|r| r.1).sum();
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO payout_requests (id, org_id, broker_id, status, note, total_minor, currency, requested_at, open_slot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $3)",
    )
    .bind(&id)
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(PayoutStatus::Requested.as_str())
    .bind(&note)
    .bind(total)
    .bind(currency.code())
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e) {
            return Err(conflict("You already have an open payout request. Cancel it first to file a new one."));
        }
        return Err(e.into());
    }
    for (cid, _) in &rows {
        sqlx::query("UPDATE commissions SET payout_request_id = $1, updated_at = $2 WHERE id = $3")
            .bind(&id)
            .bind(now_ms())
            .bind(cid)
            .execute(&mut *tx)
            .await?;
    }
    let title = format!("Payout request from {}: {}", ctx.user.display_name, Money::from_minor_units(total, currency).format());
    notify_owners(&mut tx, &ctx.org.id, "payout_request", &title, "/desk/payouts").await?;
    audit_in(&mut tx, ctx, action::PAYOUT_REQUESTED, &id, None).await?;
    tx.commit().await?;
    mailer::wake();
    Ok(id)
}

async fn release_request(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE commissions SET payout_request_id = NULL, updated_at = $1 WHERE payout_request_id = $2 AND status <> $3")
        .bind(now_ms())
        .bind(id)
        .bind(CommissionStatus::Paid.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The broker cancels his open request before it is paid.
pub async fn cancel_payout(ctx: &Ctx, id: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT org_id, broker_id, status FROM payout_requests WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    match row {
        Some((org, broker, _)) if org == ctx.org.id && broker == ctx.user.id => {}
        _ => return Err(AppError::NotFound.into()),
    }
    let r = sqlx::query("UPDATE payout_requests SET status = $1, cancelled_at = $2, open_slot = NULL WHERE id = $3 AND status IN ($4, $5)")
        .bind(PayoutStatus::Cancelled.as_str())
        .bind(now_ms())
        .bind(id)
        .bind(PayoutStatus::Requested.as_str())
        .bind(PayoutStatus::AwaitingSignoff.as_str())
        .execute(&mut *tx)
        .await?;
    expect_one(r, "This payout request is no longer open.")?;
    release_request(&mut tx, id).await?;
    audit_in(&mut tx, ctx, action::PAYOUT_CANCELLED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

async fn payout_in_org(tx: &mut Tx, org_id: &str, id: &str) -> OpResult<(String, PayoutStatus, i64)> {
    let row: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT org_id, broker_id, status, total_minor FROM payout_requests WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    match row {
        Some((org, broker, status, total)) if org == org_id => {
            Ok((broker, PayoutStatus::parse(&status).ok_or_else(|| OpError::App(internal("bad payout status")))?, total))
        }
        _ => Err(AppError::NotFound.into()),
    }
}

/// Requested → Awaiting Sign-off (the desk checked the list).
pub async fn review_payout(ctx: &Ctx, id: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut tx = db.begin_write().await?;
    payout_in_org(&mut tx, &ctx.org.id, id).await?;
    let r = sqlx::query("UPDATE payout_requests SET status = $1, reviewed_by = $2, reviewed_at = $3 WHERE id = $4 AND status = $5")
        .bind(PayoutStatus::AwaitingSignoff.as_str())
        .bind(&ctx.user.id)
        .bind(now_ms())
        .bind(id)
        .bind(PayoutStatus::Requested.as_str())
        .execute(&mut *tx)
        .await?;
    expect_one(r, "Only a new request can be moved to sign-off.")?;
    audit_in(&mut tx, ctx, action::PAYOUT_REVIEWED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub struct PaymentInput {
    pub method: String,
    pub reference: String,
    pub paid_on: String,
    pub receipt_upload_id: String,
}

/// An owner signs off and records the payment: the request is Sign-off
/// Complete, its commissions Paid, the ledger moves payable → cash.
pub async fn pay_payout(ctx: &Ctx, id: &str, input: &PaymentInput) -> OpResult<()> {
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let method = PayoutMethod::parse(&input.method);
    if method.is_none() {
        errors.add("method", "Choose how it was paid.");
    }
    let reference = errors.text(&input.reference, "reference", "payment reference", 120);
    let paid_on = match ctx.zone().parse_day(&input.paid_on) {
        Some(ms) if ms <= now_ms() => ms,
        Some(_) => {
            errors.add("paid_on", "The payment date cannot be in the future.");
            0
        }
        None => {
            errors.add("paid_on", "Enter the payment date as YYYY-MM-DD.");
            0
        }
    };
    let receipt = input.receipt_upload_id.trim();
    if receipt.is_empty() {
        errors.add("receipt", "Attach the payment receipt.");
    }
    errors.finish()?;
    let method = method.expect("validated");
    let mut tx = db.begin_write().await?;
    let (broker_id, status, _) = payout_in_org(&mut tx, &ctx.org.id, id).await?;
    if status != PayoutStatus::AwaitingSignoff {
        return Err(conflict(match status {
            PayoutStatus::Requested => "Move the request to sign-off first.",
            _ => "This payout request is closed.",
        }));
    }
    let up: Option<(String, String)> = sqlx::query_as("SELECT org_id, uploaded_by FROM uploads WHERE id = $1").bind(receipt).fetch_optional(&mut *tx).await?;
    match up {
        Some((org, by)) if org == ctx.org.id && by == ctx.user.id => {}
        _ => return Err(AppError::field("receipt", "The receipt could not be found; upload it again.").into()),
    }
    let items: Vec<(String, i64, String)> = sqlx::query_as("SELECT id, amount_minor, status FROM commissions WHERE payout_request_id = $1 ORDER BY created_at")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    if items.iter().any(|(_, _, s)| s != CommissionStatus::AwaitingPayout.as_str()) {
        return Err(conflict("A commission in this request is no longer awaiting payout (disputed or cancelled). Cancel the request and ask for a new one."));
    }
    drop(tx);
    let (payable, _, cash) = commission_accounts(db, &ctx.org.id, &broker_id, currency).await?;
    let mut tx = db.begin_write().await?;
    let now = now_ms();
    let r = sqlx::query(
        "UPDATE payout_requests SET status = $1, signed_off_by = $2, paid_at = $3, paid_method = $4, paid_reference = $5, paid_on = $6, \
         receipt_upload_id = $7, open_slot = NULL WHERE id = $8 AND status = $9",
    )
    .bind(PayoutStatus::SignoffComplete.as_str())
    .bind(&ctx.user.id)
    .bind(now)
    .bind(method.as_str())
    .bind(&reference)
    .bind(paid_on)
    .bind(receipt)
    .bind(id)
    .bind(PayoutStatus::AwaitingSignoff.as_str())
    .execute(&mut *tx)
    .await?;
    expect_one(r, "This payout request is closed.")?;
    let mut total = 0i64;
    for (cid, amount, _) in &items {
        let r = sqlx::query("UPDATE commissions SET status = $1, paid_at = $2, updated_at = $3 WHERE id = $4 AND status = $5")
            .bind(CommissionStatus::Paid.as_str())
            .bind(paid_on)
            .bind(now)
            .bind(cid)
            .bind(CommissionStatus::AwaitingPayout.as_str())
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() != 1 {
            return Err(OpError::Contended);
        }
        total += amount;
        if *amount == 0 {
            continue;
        }
        ledger::post_in(
            &mut tx,
            &PostRequest {
                org_id: ctx.org.id.clone(),
                idempotency_key: format!("commission:{cid}:paid"),
                kind: "commission.paid".into(),
                reason: format!("Paid by {} ({reference})", method.label()),
                actor_id: Some(ctx.user.id.clone()),
                reference: Some(("commission".into(), cid.clone())),
                effective_at: paid_on,
                lines: vec![
                    PostingLine { account_id: payable.clone(), currency: currency.code().to_string(), amount_minor: -amount },
                    PostingLine { account_id: cash.clone(), currency: currency.code().to_string(), amount_minor: *amount },
                ],
                expected_versions: Vec::new(),
                reverses: None,
            },
        )
        .await?;
    }
    sqlx::query("UPDATE payout_requests SET total_minor = $1 WHERE id = $2").bind(total).bind(id).execute(&mut *tx).await?;
    audit_in(&mut tx, ctx, action::PAYOUT_PAID, id, Some(&format!("{} by {}", Money::from_minor_units(total, currency).format(), method.label()))).await?;
    tx.commit().await?;
    Ok(())
}
