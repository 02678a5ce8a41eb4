//! What the dealer team reads on the desk: the review queue, inventory and
//! sales, commissions, payout requests and disputes of the whole
//! organization. Costs are filled only for holders of `financials.view`,
//! sale prices and buyers only for those who may also record a sale: the
//! desk types carry them as `Option`s that stay `None` otherwise, so they
//! are never serialized to a browser that may not see them.

use super::rows::{feedback_of, photos_of, SubmissionRow};
use super::DEFAULT_COMMISSION_BPS;
use crate::domain::dealer::*;
use crate::domain::money::{BasisPoints, Currency, Money};
use crate::domain::{Capability, Role};
use crate::dto::dealer::*;
use crate::dto::error::AppError;
use crate::dto::uploads::{file_url, UploadedFile};
use crate::server::auth::Ctx;

/// Active brokers of the organization (for naming a co-broker).
pub async fn brokers(ctx: &Ctx) -> Result<Vec<BrokerOption>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, display_name FROM users WHERE org_id = $1 AND role = $2 AND is_active = 1 ORDER BY display_name")
            .bind(&ctx.org.id)
            .bind(Role::Broker.as_str())
            .fetch_all(&ctx.db.pool)
            .await?;
    Ok(rows.into_iter().map(|(id, name)| BrokerOption { id, name }).collect())
}

#[derive(sqlx::FromRow)]
struct DeskSubmissionRow {
    #[sqlx(flatten)]
    base: SubmissionRow,
    broker_id: String,
    display_name: String,
    deal_id: Option<String>,
}

/// The review queue (newest first), or one submission.
pub async fn submissions(ctx: &Ctx, only: Option<&str>) -> Result<Vec<DeskSubmission>, AppError> {
    let mut sql = format!(
        "SELECT {}, s.broker_id, u.display_name, d.id AS deal_id \
         FROM submissions s JOIN users u ON u.id = s.broker_id LEFT JOIN deals d ON d.submission_id = s.id WHERE s.org_id = $1",
        SubmissionRow::COLUMNS
    );
    if only.is_some() {
        sql.push_str(" AND s.id = $2");
    }
    sql.push_str(" ORDER BY s.created_at DESC, s.id LIMIT 2000");
    let mut q = sqlx::query_as::<_, DeskSubmissionRow>(&sql).bind(&ctx.org.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&ctx.db.pool).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.base.id.clone()).collect();
    let mut photos = photos_of(&ctx.db, &ids).await?;
    let mut feedback = feedback_of(&ctx.db, &ids, true).await?;
    rows.into_iter()
        .map(|r| {
            let b = r.base;
            Ok(DeskSubmission {
                status: b.status,
                asking: b.asking()?,
                source_group: b.group_label(),
                photos: photos.remove(&b.id).unwrap_or_default(),
                feedback: feedback.remove(&b.id).unwrap_or_default(),
                broker_id: r.broker_id,
                broker_name: r.display_name,
                brand: b.brand,
                model: b.model,
                reference: b.reference,
                notes: b.notes,
                source_type: b.source_type,
                rejection_reason: b.rejection_reason,
                created_at: b.created_at,
                deal_id: r.deal_id,
                id: b.id,
            })
        })
        .collect()
}

/// One submission with the other brokers (for naming a co-broker).
pub async fn submission_page(ctx: &Ctx, id: &str) -> Result<DeskSubmissionPage, AppError> {
    let submission = submissions(ctx, Some(id)).await?.pop().ok_or(AppError::NotFound)?;
    let brokers = brokers(ctx).await?.into_iter().filter(|b| b.id != submission.broker_id).collect();
    Ok(DeskSubmissionPage { submission, brokers })
}

#[derive(sqlx::FromRow)]
struct DeskCommissionRow {
    id: String,
    deal_id: String,
    status: CommissionStatus,
    amount_minor: i64,
    currency: Currency,
    basis: CommissionBasis,
    rate_bps: i64,
    share_bps: i64,
    created_at: i64,
    released_at: Option<i64>,
    paid_at: Option<i64>,
    payout_request_id: Option<String>,
    display_name: String,
    brand: String,
    model: String,
    reference: String,
}

impl DeskCommissionRow {
    fn into_dto(self) -> DeskCommission {
        DeskCommission {
            watch: watch_title(&self.brand, &self.model, &self.reference),
            amount: Money::from_minor_units(self.amount_minor, self.currency),
            rate: BasisPoints(self.rate_bps),
            share: BasisPoints(self.share_bps),
            in_request: self.payout_request_id.is_some(),
            id: self.id,
            deal_id: self.deal_id,
            broker_name: self.display_name,
            status: self.status,
            basis: self.basis,
            created_at: self.created_at,
            released_at: self.released_at,
            paid_at: self.paid_at,
        }
    }
}

/// Every commission of the organization (newest first), or one deal's.
pub async fn commissions(ctx: &Ctx, deal: Option<&str>) -> Result<Vec<DeskCommission>, AppError> {
    let mut sql = String::from(
        "SELECT c.id, c.deal_id, c.status, c.amount_minor, c.currency, c.basis, c.rate_bps, c.share_bps, c.created_at, c.released_at, c.paid_at, \
                c.payout_request_id, u.display_name, d.brand, d.model, d.reference \
         FROM commissions c JOIN users u ON u.id = c.broker_id JOIN deals d ON d.id = c.deal_id WHERE c.org_id = $1",
    );
    if deal.is_some() {
        sql.push_str(" AND c.deal_id = $2");
    }
    sql.push_str(" ORDER BY c.created_at DESC, c.id LIMIT 5000");
    let mut q = sqlx::query_as::<_, DeskCommissionRow>(&sql).bind(&ctx.org.id);
    if let Some(d) = deal {
        q = q.bind(d);
    }
    Ok(q.fetch_all(&ctx.db.pool).await?.into_iter().map(DeskCommissionRow::into_dto).collect())
}

#[derive(sqlx::FromRow)]
struct DeskDealRow {
    id: String,
    submission_id: String,
    brand: String,
    model: String,
    reference: String,
    serial: String,
    status: DealStatus,
    acquisition_cost_minor: i64,
    sale_price_minor: Option<i64>,
    buyer: Option<String>,
    accepted_at: i64,
    sold_at: Option<i64>,
    display_name: String,
    co_name: Option<String>,
    default_bps: Option<i64>,
    cancelled_at: Option<i64>,
    cancelled_reason: String,
}

#[derive(sqlx::FromRow)]
struct CostRow {
    label: String,
    amount_minor: i64,
    created_at: i64,
}

/// Inventory and sales (newest first), or one deal with its commissions
/// and recorded costs.
pub async fn deals(ctx: &Ctx, only: Option<&str>) -> Result<Vec<DeskDeal>, AppError> {
    let financials = ctx.can(Capability::FinancialsView);
    let sales = financials || ctx.can(Capability::DealsRecordSale);
    let mut sql = String::from(
        "SELECT d.id, d.submission_id, d.brand, d.model, d.reference, d.serial, d.status, d.acquisition_cost_minor, d.sale_price_minor, d.buyer, \
                d.accepted_at, d.sold_at, u.display_name, co.display_name AS co_name, bp.commission_bps AS default_bps, d.cancelled_at, d.cancelled_reason \
         FROM deals d JOIN users u ON u.id = d.broker_id JOIN submissions s ON s.id = d.submission_id \
         LEFT JOIN users co ON co.id = s.co_broker_id LEFT JOIN broker_profiles bp ON bp.user_id = d.broker_id WHERE d.org_id = $1",
    );
    if only.is_some() {
        sql.push_str(" AND d.id = $2");
    }
    sql.push_str(" ORDER BY d.accepted_at DESC, d.id LIMIT 5000");
    let mut q = sqlx::query_as::<_, DeskDealRow>(&sql).bind(&ctx.org.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&ctx.db.pool).await?;
    let m = |minor: i64| Money::from_minor_units(minor, ctx.currency);
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (commissions, costs) = match only {
            Some(_) => {
                let costs = if financials {
                    let rows: Vec<CostRow> = sqlx::query_as("SELECT label, amount_minor, created_at FROM deal_costs WHERE deal_id = $1 ORDER BY created_at")
                        .bind(&r.id)
                        .fetch_all(&ctx.db.pool)
                        .await?;
                    Some(rows.into_iter().map(|c| CostItem { label: c.label, amount: m(c.amount_minor), at: c.created_at }).collect())
                } else {
                    None
                };
                (commissions(ctx, Some(&r.id)).await?, costs)
            }
            None => (Vec::new(), None),
        };
        out.push(DeskDeal {
            cost: financials.then(|| m(r.acquisition_cost_minor)),
            costs,
            sale_price: if sales { r.sale_price_minor.map(m) } else { None },
            buyer: if sales { r.buyer } else { None },
            default_rate: BasisPoints(r.default_bps.unwrap_or(DEFAULT_COMMISSION_BPS)),
            commissions,
            status_text: status_text(r.status, r.sold_at).to_string(),
            cancelled_at: r.cancelled_at,
            cancelled_reason: r.cancelled_reason,
            submission_id: r.submission_id,
            brand: r.brand,
            model: r.model,
            reference: r.reference,
            serial: r.serial,
            status: r.status,
            broker_name: r.display_name,
            co_broker_name: r.co_name,
            accepted_at: r.accepted_at,
            sold_at: r.sold_at,
            id: r.id,
        });
    }
    Ok(out)
}

/// One deal on the desk (another organization's id: 404).
pub async fn deal(ctx: &Ctx, id: &str) -> Result<DeskDeal, AppError> {
    deals(ctx, Some(id)).await?.pop().ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct DeskPayoutRow {
    id: String,
    status: PayoutStatus,
    note: String,
    total_minor: i64,
    requested_at: i64,
    paid_on: Option<i64>,
    paid_method: Option<String>,
    paid_reference: Option<String>,
    receipt_upload_id: Option<String>,
    display_name: String,
    payout_method: Option<String>,
    payout_account_last4: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    size_bytes: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct PayoutItemRow {
    brand: String,
    model: String,
    reference: String,
    amount_minor: i64,
}

/// Payout requests (newest first) with their commissions, the receipt once
/// paid, and the payee's method and last four digits only.
pub async fn payouts(ctx: &Ctx) -> Result<Vec<DeskPayout>, AppError> {
    let rows: Vec<DeskPayoutRow> = sqlx::query_as(
        "SELECT r.id, r.status, r.note, r.total_minor, r.requested_at, r.paid_on, r.paid_method, r.paid_reference, r.receipt_upload_id, \
                u.display_name, bp.payout_method, bp.payout_account_last4, up.file_name, up.content_type, up.size_bytes \
         FROM payout_requests r JOIN users u ON u.id = r.broker_id LEFT JOIN broker_profiles bp ON bp.user_id = r.broker_id \
         LEFT JOIN uploads up ON up.id = r.receipt_upload_id \
         WHERE r.org_id = $1 ORDER BY r.requested_at DESC LIMIT 2000",
    )
    .bind(&ctx.org.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    let m = |minor: i64| Money::from_minor_units(minor, ctx.currency);
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let items: Vec<PayoutItemRow> = sqlx::query_as(
            "SELECT d.brand, d.model, d.reference, c.amount_minor FROM commissions c JOIN deals d ON d.id = c.deal_id WHERE c.payout_request_id = $1 ORDER BY c.created_at",
        )
        .bind(&r.id)
        .fetch_all(&ctx.db.pool)
        .await?;
        let receipt = r.receipt_upload_id.map(|rid| UploadedFile {
            url: file_url(&rid),
            id: rid,
            file_name: r.file_name.unwrap_or_default(),
            content_type: r.content_type.unwrap_or_default(),
            size_bytes: r.size_bytes.unwrap_or(0) as u64,
        });
        out.push(DeskPayout {
            total: m(r.total_minor),
            items: items.into_iter().map(|i| (watch_title(&i.brand, &i.model, &i.reference), m(i.amount_minor))).collect(),
            method: r.paid_method.as_deref().and_then(PayoutMethod::parse),
            payee_method: r.payout_method.as_deref().and_then(PayoutMethod::parse),
            payee_last4: r.payout_account_last4.unwrap_or_default(),
            receipt,
            broker_name: r.display_name,
            status: r.status,
            note: r.note,
            requested_at: r.requested_at,
            paid_on: r.paid_on,
            reference: r.paid_reference,
            id: r.id,
        });
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct DeskDisputeRow {
    id: String,
    commission_id: String,
    category: DisputeCategory,
    reason: String,
    status: DisputeStatus,
    reply: String,
    created_at: i64,
    amount_minor: i64,
    display_name: String,
    brand: String,
    model: String,
    reference: String,
}

/// Disputes of the organization (newest first).
pub async fn disputes(ctx: &Ctx) -> Result<Vec<DeskDispute>, AppError> {
    let rows: Vec<DeskDisputeRow> = sqlx::query_as(
        "SELECT x.id, x.commission_id, x.category, x.reason, x.status, x.reply, x.created_at, c.amount_minor, u.display_name, d.brand, d.model, d.reference \
         FROM disputes x JOIN commissions c ON c.id = x.commission_id JOIN users u ON u.id = x.broker_id JOIN deals d ON d.id = c.deal_id \
         WHERE x.org_id = $1 ORDER BY x.created_at DESC LIMIT 2000",
    )
    .bind(&ctx.org.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DeskDispute {
            watch: watch_title(&r.brand, &r.model, &r.reference),
            amount: Money::from_minor_units(r.amount_minor, ctx.currency),
            broker_name: r.display_name,
            id: r.id,
            commission_id: r.commission_id,
            category: r.category,
            reason: r.reason,
            status: r.status,
            reply: r.reply,
            created_at: r.created_at,
        })
        .collect())
}
