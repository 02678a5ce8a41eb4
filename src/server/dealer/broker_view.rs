//! What a broker reads: his own submissions, deals, commissions, payout
//! requests and receipts. Every query is scoped to the organization and to
//! the broker (another broker's id is simply not found), selects only
//! broker-safe columns, and decodes into a private row that becomes a
//! broker type (`dto::dealer::Broker…`), which has no field for a sale
//! price, a cost or a buyer.

use super::rows::{feedback_of, photos_of, SubmissionRow};
use super::DEFAULT_COMMISSION_BPS;
use crate::domain::dealer::*;
use crate::domain::ledger::AccountKind;
use crate::domain::money::{BasisPoints, Currency, Money};
use crate::dto::dealer::*;
use crate::dto::error::AppError;
use crate::server::auth::Ctx;
use std::collections::{HashMap, HashSet};

#[derive(sqlx::FromRow)]
struct BrokerSubmissionRow {
    #[sqlx(flatten)]
    base: SubmissionRow,
    reviewed_at: Option<i64>,
}

/// The broker's own submissions (newest first), or one of them.
pub async fn submissions(ctx: &Ctx, only: Option<&str>) -> Result<Vec<BrokerSubmission>, AppError> {
    let mut sql = format!("SELECT {}, reviewed_at FROM submissions s WHERE s.org_id = $1 AND s.broker_id = $2", SubmissionRow::COLUMNS);
    if only.is_some() {
        sql.push_str(" AND s.id = $3");
    }
    sql.push_str(" ORDER BY s.created_at DESC, s.id");
    let mut q = sqlx::query_as::<_, BrokerSubmissionRow>(&sql).bind(&ctx.org.id).bind(&ctx.user.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&ctx.db.pool).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.base.id.clone()).collect();
    let mut photos = photos_of(&ctx.db, &ids).await?;
    let mut feedback = feedback_of(&ctx.db, &ids, false).await?;
    rows.into_iter()
        .map(|r| {
            let b = r.base;
            Ok(BrokerSubmission {
                status: b.status,
                asking: b.asking()?,
                source_group: b.group_label(),
                photos: photos.remove(&b.id).unwrap_or_default(),
                feedback: feedback.remove(&b.id).unwrap_or_default(),
                brand: b.brand,
                model: b.model,
                reference: b.reference,
                notes: b.notes,
                source_type: b.source_type,
                rejection_reason: b.rejection_reason,
                created_at: b.created_at,
                reviewed_at: r.reviewed_at,
                id: b.id,
            })
        })
        .collect()
}

/// One of the broker's submissions (another broker's id: 404).
pub async fn submission(ctx: &Ctx, id: &str) -> Result<BrokerSubmission, AppError> {
    submissions(ctx, Some(id)).await?.pop().ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct BrokerDealRow {
    id: String,
    brand: String,
    model: String,
    reference: String,
    status: DealStatus,
    currency: Currency,
    accepted_at: i64,
    sold_at: Option<i64>,
    commission_basis: Option<String>,
    commission_bps: Option<i64>,
    broker_id: String,
    source_type: SourceType,
    asking_minor: Option<i64>,
    submitted_at: i64,
    co_share_bps: i64,
    cid: Option<String>,
    amount_minor: Option<i64>,
    cstatus: Option<String>,
    cbasis: Option<String>,
    rate_bps: Option<i64>,
    share_bps: Option<i64>,
    released_at: Option<i64>,
    paid_at: Option<i64>,
    default_bps: Option<i64>,
    cancelled_at: Option<i64>,
    cancelled_reason: String,
    c_cancelled_at: Option<i64>,
    c_cancelled_reason: Option<String>,
}

impl BrokerDealRow {
    /// (rate, basis, this broker's share): the commission's own terms once
    /// the sale is recorded; before it, the deal's terms, else the broker's
    /// default on gross profit.
    fn terms(&self, me: &str) -> Result<(Option<BasisPoints>, Option<CommissionBasis>, BasisPoints), AppError> {
        if self.cid.is_some() {
            let basis = CommissionBasis::try_from(self.cbasis.clone().unwrap_or_default())?;
            let rate = (basis != CommissionBasis::Fixed).then(|| BasisPoints(self.rate_bps.unwrap_or(0)));
            return Ok((rate, Some(basis), BasisPoints(self.share_bps.unwrap_or(10_000))));
        }
        let basis = self.commission_basis.as_deref().and_then(CommissionBasis::parse).unwrap_or(CommissionBasis::GrossProfit);
        let rate = (basis != CommissionBasis::Fixed).then(|| BasisPoints(self.commission_bps.or(self.default_bps).unwrap_or(DEFAULT_COMMISSION_BPS)));
        let share = match (self.co_share_bps, self.broker_id == me) {
            (0, _) => BasisPoints(10_000),
            (co, true) => BasisPoints(10_000 - co),
            (co, false) => BasisPoints(co),
        };
        Ok((rate, Some(basis), share))
    }

    /// The deal's story as the one journey rule tells it.
    fn facts(&self) -> DealFacts {
        DealFacts {
            status: self.status,
            accepted_at: self.accepted_at,
            sold_at: self.sold_at,
            cancelled_at: self.cancelled_at,
            cancelled_reason: self.cancelled_reason.clone(),
            commission: self.cstatus.as_deref().and_then(CommissionStatus::parse).map(|status| CommissionFacts {
                status,
                released_at: self.released_at,
                paid_at: self.paid_at,
                cancelled_at: self.c_cancelled_at,
                cancelled_reason: self.c_cancelled_reason.clone().unwrap_or_default(),
            }),
        }
    }

    fn into_dto(self, me: &str) -> Result<BrokerDeal, AppError> {
        let (rate, basis, share) = self.terms(me)?;
        let facts = self.facts();
        let money = |m: Option<i64>| m.map(|m| Money::from_minor_units(m, self.currency));
        Ok(BrokerDeal {
            asking: money(self.asking_minor),
            commission: money(self.amount_minor),
            commission_status: self.cstatus.as_deref().and_then(CommissionStatus::parse),
            rate,
            basis,
            share,
            id: self.id,
            brand: self.brand,
            model: self.model,
            reference: self.reference,
            source_type: self.source_type,
            status: self.status,
            commission_id: self.cid,
            submitted_at: self.submitted_at,
            accepted_at: self.accepted_at,
            sold_at: self.sold_at,
            released_at: self.released_at,
            paid_at: self.paid_at,
            status_text: facts.status_text().to_string(),
            journey: facts.journey(),
        })
    }
}

/// Deals the broker sourced or co-sourced, with his own commission share.
pub async fn deals(ctx: &Ctx, only: Option<&str>) -> Result<Vec<BrokerDeal>, AppError> {
    let mut sql = String::from(
        "SELECT d.id, d.brand, d.model, d.reference, d.status, d.currency, d.accepted_at, d.sold_at, d.commission_basis, d.commission_bps, \
                d.broker_id, s.source_type, s.asking_minor, s.created_at AS submitted_at, s.co_share_bps, \
                c.id AS cid, c.amount_minor, c.status AS cstatus, c.basis AS cbasis, c.rate_bps, c.share_bps, c.released_at, c.paid_at, \
                bp.commission_bps AS default_bps, d.cancelled_at, d.cancelled_reason, c.cancelled_at AS c_cancelled_at, c.cancelled_reason AS c_cancelled_reason \
         FROM deals d JOIN submissions s ON s.id = d.submission_id \
         LEFT JOIN commissions c ON c.deal_id = d.id AND c.broker_id = $2 \
         LEFT JOIN broker_profiles bp ON bp.user_id = $2 \
         WHERE d.org_id = $1 AND (d.broker_id = $2 OR s.co_broker_id = $2)",
    );
    if only.is_some() {
        sql.push_str(" AND d.id = $3");
    }
    sql.push_str(" ORDER BY d.accepted_at DESC, d.id");
    let mut q = sqlx::query_as::<_, BrokerDealRow>(&sql).bind(&ctx.org.id).bind(&ctx.user.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    q.fetch_all(&ctx.db.pool).await?.into_iter().map(|r| r.into_dto(&ctx.user.id)).collect()
}

/// One of the broker's deals (another broker's id: 404).
pub async fn deal(ctx: &Ctx, id: &str) -> Result<BrokerDeal, AppError> {
    deals(ctx, Some(id)).await?.pop().ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct DisputeRow {
    id: String,
    commission_id: String,
    category: DisputeCategory,
    reason: String,
    status: DisputeStatus,
    reply: String,
    created_at: i64,
    resolved_at: Option<i64>,
}

async fn disputes_of(ctx: &Ctx) -> Result<HashMap<String, Vec<DisputeItem>>, AppError> {
    let rows: Vec<DisputeRow> = sqlx::query_as(
        "SELECT id, commission_id, category, reason, status, reply, created_at, resolved_at FROM disputes WHERE org_id = $1 AND broker_id = $2 ORDER BY created_at",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    let mut out: HashMap<String, Vec<DisputeItem>> = HashMap::new();
    for r in rows {
        let item = DisputeItem {
            id: r.id,
            category: r.category,
            reason: r.reason,
            status: r.status,
            reply: r.reply,
            created_at: r.created_at,
            resolved_at: r.resolved_at,
        };
        out.entry(r.commission_id).or_default().push(item);
    }
    Ok(out)
}

/// The broker's figures from the ledger: (outstanding, paid, last payment).
pub async fn ledger_figures(ctx: &Ctx, broker_id: &str) -> Result<(i64, i64, Option<(i64, i64)>), AppError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT t.kind, p.amount_minor, p.effective_at FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id \
         JOIN ledger_accounts a ON a.id = p.account_id \
         WHERE a.org_id = $1 AND a.kind = $2 AND a.owner_ref = $3 AND a.currency = $4",
    )
    .bind(&ctx.org.id)
    .bind(AccountKind::BrokerCommissionPayable.as_str())
    .bind(broker_id)
    .bind(ctx.currency.code())
    .fetch_all(&ctx.db.pool)
    .await?;
    let mut balance = 0i64;
    let mut paid = 0i64;
    let mut last: Option<(i64, i64)> = None;
    for (kind, amount, at) in rows {
        balance += amount;
        if kind == "commission.paid" {
            paid -= amount;
            if last.is_none_or(|(t, _)| at > t) {
                last = Some((at, -amount));
            }
        }
    }
    Ok((balance, paid, last))
}

#[derive(sqlx::FromRow)]
struct CommissionListRow {
    id: String,
    deal_id: String,
    status: CommissionStatus,
    amount_minor: i64,
    currency: Currency,
    created_at: i64,
    released_at: Option<i64>,
    paid_at: Option<i64>,
    payout_request_id: Option<String>,
    cancelled_reason: String,
    brand: String,
    model: String,
    reference: String,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: String,
    status: PayoutStatus,
    note: String,
    total_minor: i64,
    currency: Currency,
    requested_at: i64,
    paid_on: Option<i64>,
    paid_method: Option<String>,
    paid_reference: Option<String>,
    n: i64,
}

impl RequestRow {
    fn into_dto(self) -> PayoutRequestItem {
        PayoutRequestItem {
            total: Money::from_minor_units(self.total_minor, self.currency),
            commissions: self.n as usize,
            method: self.paid_method.as_deref().and_then(PayoutMethod::parse),
            id: self.id,
            status: self.status,
            note: self.note,
            requested_at: self.requested_at,
            paid_on: self.paid_on,
            reference: self.paid_reference,
        }
    }
}

/// The Commissions page: the broker's commissions (with their disputes),
/// payout requests, and the figures from the ledger.
pub async fn commissions(ctx: &Ctx) -> Result<BrokerCommissionsPage, AppError> {
    let rows: Vec<CommissionListRow> = sqlx::query_as(
        "SELECT c.id, c.deal_id, c.status, c.amount_minor, c.currency, c.created_at, c.released_at, c.paid_at, c.payout_request_id, c.cancelled_reason, \
                d.brand, d.model, d.reference \
         FROM commissions c JOIN deals d ON d.id = c.deal_id WHERE c.org_id = $1 AND c.broker_id = $2 ORDER BY c.created_at DESC, c.id",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    let request_rows: Vec<RequestRow> = sqlx::query_as(
        "SELECT r.id, r.status, r.note, r.total_minor, r.currency, r.requested_at, r.paid_on, r.paid_method, r.paid_reference, \
                (SELECT COUNT(*) FROM commissions c WHERE c.payout_request_id = r.id) AS n \
         FROM payout_requests r WHERE r.org_id = $1 AND r.broker_id = $2 ORDER BY r.requested_at DESC",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    let open_ids: HashSet<String> = request_rows.iter().filter(|r| r.status.is_open()).map(|r| r.id.clone()).collect();
    let open_request = request_rows.iter().find(|r| r.status.is_open()).map(|r| r.id.clone());
    let requests: Vec<PayoutRequestItem> = request_rows.into_iter().map(RequestRow::into_dto).collect();
    let mut disputes = disputes_of(ctx).await?;
    let requestable: i64 = rows.iter().filter(|r| r.status == CommissionStatus::AwaitingPayout && r.payout_request_id.is_none()).map(|r| r.amount_minor).sum();
    let commissions = rows
        .into_iter()
        .map(|r| BrokerCommission {
            watch: watch_title(&r.brand, &r.model, &r.reference),
            amount: Money::from_minor_units(r.amount_minor, r.currency),
            in_request: r.payout_request_id.as_ref().is_some_and(|q| open_ids.contains(q)),
            cancelled_reason: Some(r.cancelled_reason).filter(|reason| r.status == CommissionStatus::Cancelled && !reason.is_empty()),
            disputes: disputes.remove(&r.id).unwrap_or_default(),
            id: r.id,
            deal_id: r.deal_id,
            brand: r.brand,
            status: r.status,
            created_at: r.created_at,
            released_at: r.released_at,
            paid_at: r.paid_at,
        })
        .collect();
    let (outstanding, paid, last) = ledger_figures(ctx, &ctx.user.id).await?;
    let m = |v: i64| Money::from_minor_units(v, ctx.currency);
    Ok(BrokerCommissionsPage {
        kpis: CommissionKpis {
            pending: m(outstanding),
            paid: m(paid),
            lifetime: m(outstanding + paid),
            last_paid: last.map(|(at, v)| (at, m(v))),
            requestable: m(requestable),
        },
        commissions,
        requests,
        open_request,
    })
}
