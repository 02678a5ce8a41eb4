//! Reads for the dealer module, one audience at a time. Broker reads select
//! only broker-safe columns into broker types (see `api::dealer`); every
//! read is scoped to the caller's organization, and broker reads to the
//! broker: another broker's id is simply not found.

use super::auth::{internal, Ctx};
use super::db::Db;
use crate::dto::dealer::*;
use crate::dto::uploads::{file_url, UploadedFile};
use crate::dto::error::AppError;
use crate::domain::dealer::*;
use crate::domain::money::{BasisPoints, Currency, Money};
use crate::domain::Capability;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

fn db_err(e: sqlx::Error) -> AppError {
    internal(e)
}

fn parse<T>(v: Option<T>, what: &str) -> Result<T, AppError> {
    v.ok_or_else(|| internal(format!("unknown {what} in the database")))
}

fn money(minor: i64, currency: &str) -> Result<Money, AppError> {
    Ok(Money::from_minor_units(minor, Currency::new(currency).map_err(internal)?))
}

/// `id IN (…)` placeholders from `$start` on.
fn placeholders(start: usize, n: usize) -> String {
    (0..n).map(|i| format!("${}", start + i)).collect::<Vec<_>>().join(", ")
}

async fn photos_of(db: &Db, submission_ids: &[String]) -> Result<HashMap<String, Vec<UploadedFile>>, AppError> {
    let mut out: HashMap<String, Vec<UploadedFile>> = HashMap::new();
    for chunk in submission_ids.chunks(500) {
        let sql = format!(
            "SELECT p.submission_id, u.id, u.file_name, u.content_type, u.size_bytes FROM submission_photos p JOIN uploads u ON u.id = p.upload_id \
             WHERE p.submission_id IN ({}) ORDER BY p.created_at, u.id",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for r in q.fetch_all(&db.pool).await.map_err(db_err)? {
            let id: String = r.try_get(1).map_err(db_err)?;
            out.entry(r.try_get(0).map_err(db_err)?).or_default().push(UploadedFile {
                url: file_url(&id),
                id,
                file_name: r.try_get(2).map_err(db_err)?,
                content_type: r.try_get(3).map_err(db_err)?,
                size_bytes: r.try_get::<i64, _>(4).map_err(db_err)? as u64,
            });
        }
    }
    Ok(out)
}

/// Feedback per submission; `names`: show colleagues' names (desk) or "Dealer team" (broker).
async fn feedback_of(db: &Db, submission_ids: &[String], names: bool) -> Result<HashMap<String, Vec<FeedbackItem>>, AppError> {
    let mut out: HashMap<String, Vec<FeedbackItem>> = HashMap::new();
    for chunk in submission_ids.chunks(500) {
        let sql = format!(
            "SELECT f.submission_id, f.body, u.display_name, f.created_at FROM submission_feedback f JOIN users u ON u.id = f.author_id \
             WHERE f.submission_id IN ({}) ORDER BY f.created_at",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for r in q.fetch_all(&db.pool).await.map_err(db_err)? {
            out.entry(r.try_get(0).map_err(db_err)?).or_default().push(FeedbackItem {
                body: r.try_get(1).map_err(db_err)?,
                author: if names { r.try_get(2).map_err(db_err)? } else { "Dealer team".to_string() },
                at: r.try_get(3).map_err(db_err)?,
            });
        }
    }
    Ok(out)
}

fn group_label(g: String) -> String {
    if g.trim().is_empty() {
        "Direct".to_string()
    } else {
        g
    }
}

/// The columns both audiences read of a submission (each then adds its own).
struct SubmissionRow {
    id: String,
    status: SubmissionStatus,
    brand: String,
    model: String,
    reference: String,
    asking: Option<Money>,
    notes: String,
    source_type: SourceType,
    source_group: String,
    rejection_reason: String,
    created_at: i64,
}

/// Columns: id, status, brand, model, reference, asking_minor, currency, notes,
/// source_type, source_group, rejection_reason, created_at.
fn submission_row(r: &AnyRow) -> Result<SubmissionRow, AppError> {
    let currency: String = r.try_get("currency").map_err(db_err)?;
    Ok(SubmissionRow {
        id: r.try_get("id").map_err(db_err)?,
        status: parse(SubmissionStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "submission status")?,
        brand: r.try_get("brand").map_err(db_err)?,
        model: r.try_get("model").map_err(db_err)?,
        reference: r.try_get("reference").map_err(db_err)?,
        asking: r.try_get::<Option<i64>, _>("asking_minor").map_err(db_err)?.map(|m| money(m, &currency)).transpose()?,
        notes: r.try_get("notes").map_err(db_err)?,
        source_type: parse(SourceType::parse(&r.try_get::<String, _>("source_type").map_err(db_err)?), "source type")?,
        source_group: group_label(r.try_get("source_group").map_err(db_err)?),
        rejection_reason: r.try_get("rejection_reason").map_err(db_err)?,
        created_at: r.try_get("created_at").map_err(db_err)?,
    })
}

/// The broker's own submissions (newest first), or one of them.
pub async fn broker_submissions(db: &Db, ctx: &Ctx, only: Option<&str>) -> Result<Vec<BrokerSubmission>, AppError> {
    let mut sql = String::from(
        "SELECT id, status, brand, model, reference, asking_minor, currency, notes, source_type, source_group, rejection_reason, created_at, reviewed_at \
         FROM submissions WHERE org_id = $1 AND broker_id = $2",
    );
    if only.is_some() {
        sql.push_str(" AND id = $3");
    }
    sql.push_str(" ORDER BY created_at DESC, id");
    let mut q = sqlx::query(&sql).bind(&ctx.org.id).bind(&ctx.user.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&db.pool).await.map_err(db_err)?;
    let ids: Vec<String> = rows.iter().map(|r| r.try_get::<String, _>("id")).collect::<Result<_, _>>().map_err(db_err)?;
    let mut photos = photos_of(db, &ids).await?;
    let mut feedback = feedback_of(db, &ids, false).await?;
    rows.iter()
        .map(|r| {
            let row = submission_row(r)?;
            Ok(BrokerSubmission {
                status: row.status,
                brand: row.brand,
                model: row.model,
                reference: row.reference,
                asking: row.asking,
                notes: row.notes,
                source_type: row.source_type,
                source_group: row.source_group,
                photos: photos.remove(&row.id).unwrap_or_default(),
                rejection_reason: row.rejection_reason,
                feedback: feedback.remove(&row.id).unwrap_or_default(),
                created_at: row.created_at,
                reviewed_at: r.try_get("reviewed_at").map_err(db_err)?,
                id: row.id,
            })
        })
        .collect()
}

/// Deals the broker sourced or co-sourced, with his own commission share.
pub async fn broker_deals(db: &Db, ctx: &Ctx, only: Option<&str>) -> Result<Vec<BrokerDeal>, AppError> {
    let mut sql = String::from(
        "SELECT d.id, d.brand, d.model, d.reference, d.status, d.currency, d.accepted_at, d.sold_at, d.commission_basis, d.commission_bps, \
                d.broker_id, s.source_type, s.asking_minor, s.created_at AS submitted_at, s.co_share_bps, \
                c.id AS cid, c.amount_minor, c.status AS cstatus, c.basis AS cbasis, c.rate_bps, c.share_bps, c.released_at, c.paid_at, \
                bp.commission_bps AS default_bps \
         FROM deals d JOIN submissions s ON s.id = d.submission_id \
         LEFT JOIN commissions c ON c.deal_id = d.id AND c.broker_id = $2 \
         LEFT JOIN broker_profiles bp ON bp.user_id = $2 \
         WHERE d.org_id = $1 AND (d.broker_id = $2 OR s.co_broker_id = $2)",
    );
    if only.is_some() {
        sql.push_str(" AND d.id = $3");
    }
    sql.push_str(" ORDER BY d.accepted_at DESC, d.id");
    let mut q = sqlx::query(&sql).bind(&ctx.org.id).bind(&ctx.user.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&db.pool).await.map_err(db_err)?;
    rows.iter().map(|r| broker_deal_from(r, &ctx.user.id)).collect()
}

fn broker_deal_from(r: &AnyRow, me: &str) -> Result<BrokerDeal, AppError> {
    let currency: String = r.try_get("currency").map_err(db_err)?;
    let lead: String = r.try_get("broker_id").map_err(db_err)?;
    let co_share: i64 = r.try_get("co_share_bps").map_err(db_err)?;
    let cid: Option<String> = r.try_get("cid").map_err(db_err)?;
    let (rate, basis, share) = if cid.is_some() {
        let basis = parse(CommissionBasis::parse(&r.try_get::<String, _>("cbasis").map_err(db_err)?), "basis")?;
        let rate = (basis != CommissionBasis::Fixed).then(|| BasisPoints(r.try_get::<i64, _>("rate_bps").unwrap_or(0)));
        (rate, Some(basis), BasisPoints(r.try_get("share_bps").map_err(db_err)?))
    } else {
        // Before the sale: the deal's terms, else the broker's default on gross profit.
        let basis = r.try_get::<Option<String>, _>("commission_basis").map_err(db_err)?.and_then(|b| CommissionBasis::parse(&b));
        let bps: Option<i64> = r.try_get("commission_bps").map_err(db_err)?;
        let default: Option<i64> = r.try_get("default_bps").map_err(db_err)?;
        let basis = basis.unwrap_or(CommissionBasis::GrossProfit);
        let rate = (basis != CommissionBasis::Fixed).then(|| BasisPoints(bps.or(default).unwrap_or(super::dealer::DEFAULT_COMMISSION_BPS)));
        let share = if co_share > 0 {
            if lead == me {
                BasisPoints(10_000 - co_share)
            } else {
                BasisPoints(co_share)
            }
        } else {
            BasisPoints(10_000)
        };
        (rate, Some(basis), share)
    };
    Ok(BrokerDeal {
        id: r.try_get("id").map_err(db_err)?,
        brand: r.try_get("brand").map_err(db_err)?,
        model: r.try_get("model").map_err(db_err)?,
        reference: r.try_get("reference").map_err(db_err)?,
        source_type: parse(SourceType::parse(&r.try_get::<String, _>("source_type").map_err(db_err)?), "source type")?,
        status: parse(DealStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "deal status")?,
        asking: r.try_get::<Option<i64>, _>("asking_minor").map_err(db_err)?.map(|m| money(m, &currency)).transpose()?,
        rate,
        basis,
        share,
        commission: r.try_get::<Option<i64>, _>("amount_minor").map_err(db_err)?.map(|m| money(m, &currency)).transpose()?,
        commission_status: r.try_get::<Option<String>, _>("cstatus").map_err(db_err)?.and_then(|s| CommissionStatus::parse(&s)),
        commission_id: cid,
        submitted_at: r.try_get("submitted_at").map_err(db_err)?,
        accepted_at: r.try_get("accepted_at").map_err(db_err)?,
        sold_at: r.try_get("sold_at").map_err(db_err)?,
        released_at: r.try_get("released_at").map_err(db_err)?,
        paid_at: r.try_get("paid_at").map_err(db_err)?,
    })
}

async fn disputes_of(db: &Db, org_id: &str, broker_id: &str) -> Result<HashMap<String, Vec<DisputeItem>>, AppError> {
    let rows = sqlx::query(
        "SELECT id, commission_id, category, reason, status, reply, created_at, resolved_at FROM disputes WHERE org_id = $1 AND broker_id = $2 ORDER BY created_at",
    )
    .bind(org_id)
    .bind(broker_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    let mut out: HashMap<String, Vec<DisputeItem>> = HashMap::new();
    for r in rows {
        out.entry(r.try_get("commission_id").map_err(db_err)?).or_default().push(DisputeItem {
            id: r.try_get("id").map_err(db_err)?,
            category: parse(DisputeCategory::parse(&r.try_get::<String, _>("category").map_err(db_err)?), "dispute category")?,
            reason: r.try_get("reason").map_err(db_err)?,
            status: parse(DisputeStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "dispute status")?,
            reply: r.try_get("reply").map_err(db_err)?,
            created_at: r.try_get("created_at").map_err(db_err)?,
            resolved_at: r.try_get("resolved_at").map_err(db_err)?,
        });
    }
    Ok(out)
}

/// The broker's figures from the ledger: (outstanding, paid, last payment).
pub async fn broker_ledger_figures(db: &Db, org_id: &str, broker_id: &str, currency: Currency) -> Result<(i64, i64, Option<(i64, i64)>), AppError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT t.kind, p.amount_minor, p.effective_at FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id \
         JOIN ledger_accounts a ON a.id = p.account_id \
         WHERE a.org_id = $1 AND a.kind = $2 AND a.owner_ref = $3 AND a.currency = $4",
    )
    .bind(org_id)
    .bind(crate::domain::ledger::AccountKind::BrokerCommissionPayable.as_str())
    .bind(broker_id)
    .bind(currency.code())
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
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

pub async fn broker_commissions(db: &Db, ctx: &Ctx, currency: Currency) -> Result<BrokerCommissionsPage, AppError> {
    let rows = sqlx::query(
        "SELECT c.id, c.deal_id, c.status, c.amount_minor, c.currency, c.created_at, c.released_at, c.paid_at, c.payout_request_id, c.cancelled_reason, d.brand, d.model, d.reference \
         FROM commissions c JOIN deals d ON d.id = c.deal_id WHERE c.org_id = $1 AND c.broker_id = $2 ORDER BY c.created_at DESC, c.id",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    let requests_rows = sqlx::query(
        "SELECT r.id, r.status, r.note, r.total_minor, r.currency, r.requested_at, r.paid_on, r.paid_method, r.paid_reference, \
                (SELECT COUNT(*) FROM commissions c WHERE c.payout_request_id = r.id) AS n \
         FROM payout_requests r WHERE r.org_id = $1 AND r.broker_id = $2 ORDER BY r.requested_at DESC",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    let mut requests = Vec::new();
    let mut open_request = None;
    let mut open_ids = std::collections::HashSet::new();
    for r in &requests_rows {
        let status = parse(PayoutStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "payout status")?;
        let id: String = r.try_get("id").map_err(db_err)?;
        if status.is_open() {
            open_request = Some(id.clone());
            open_ids.insert(id.clone());
        }
        requests.push(PayoutRequestItem {
            status,
            note: r.try_get("note").map_err(db_err)?,
            total: money(r.try_get("total_minor").map_err(db_err)?, &r.try_get::<String, _>("currency").map_err(db_err)?)?,
            commissions: r.try_get::<i64, _>("n").map_err(db_err)? as usize,
            requested_at: r.try_get("requested_at").map_err(db_err)?,
            paid_on: r.try_get("paid_on").map_err(db_err)?,
            method: r.try_get::<Option<String>, _>("paid_method").map_err(db_err)?.and_then(|m| PayoutMethod::parse(&m)),
            reference: r.try_get("paid_reference").map_err(db_err)?,
            id,
        });
    }
    let mut disputes = disputes_of(db, &ctx.org.id, &ctx.user.id).await?;
    let mut commissions = Vec::with_capacity(rows.len());
    let mut requestable = 0i64;
    for r in &rows {
        let id: String = r.try_get("id").map_err(db_err)?;
        let status = parse(CommissionStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "commission status")?;
        let amount_minor: i64 = r.try_get("amount_minor").map_err(db_err)?;
        let request: Option<String> = r.try_get("payout_request_id").map_err(db_err)?;
        let in_request = request.as_ref().is_some_and(|q| open_ids.contains(q));
        if status == CommissionStatus::AwaitingPayout && request.is_none() {
            requestable += amount_minor;
        }
        let brand: String = r.try_get("brand").map_err(db_err)?;
        commissions.push(BrokerCommission {
            deal_id: r.try_get("deal_id").map_err(db_err)?,
            watch: watch_title(&brand, &r.try_get::<String, _>("model").map_err(db_err)?, &r.try_get::<String, _>("reference").map_err(db_err)?),
            brand,
            status,
            amount: money(amount_minor, &r.try_get::<String, _>("currency").map_err(db_err)?)?,
            created_at: r.try_get("created_at").map_err(db_err)?,
            released_at: r.try_get("released_at").map_err(db_err)?,
            paid_at: r.try_get("paid_at").map_err(db_err)?,
            in_request,
            cancelled_reason: Some(r.try_get::<String, _>("cancelled_reason").map_err(db_err)?).filter(|r| status == CommissionStatus::Cancelled && !r.is_empty()),
            disputes: disputes.remove(&id).unwrap_or_default(),
            id,
        });
    }
    let (outstanding, paid, last) = broker_ledger_figures(db, &ctx.org.id, &ctx.user.id, currency).await?;
    let m = |v: i64| Money::from_minor_units(v, currency);
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

/// A receipt exists only for the broker's own paid commission.
pub async fn receipt(db: &Db, ctx: &Ctx, currency: Currency, id: &str) -> Result<Receipt, AppError> {
    let row = sqlx::query(
        "SELECT c.id, c.amount_minor, d.brand, d.model, d.reference, r.id AS rid, r.paid_on, r.paid_method, r.paid_reference \
         FROM commissions c JOIN deals d ON d.id = c.deal_id JOIN payout_requests r ON r.id = c.payout_request_id \
         WHERE c.id = $1 AND c.org_id = $2 AND c.broker_id = $3 AND c.status = $4",
    )
    .bind(id)
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(CommissionStatus::Paid.as_str())
    .fetch_optional(&db.pool)
    .await
    .map_err(db_err)?
    .ok_or(AppError::NotFound)?;
    Ok(Receipt {
        commission_id: row.try_get("id").map_err(db_err)?,
        org_name: ctx.org.name.clone(),
        broker_name: ctx.user.display_name.clone(),
        watch: watch_title(
            &row.try_get::<String, _>("brand").map_err(db_err)?,
            &row.try_get::<String, _>("model").map_err(db_err)?,
            &row.try_get::<String, _>("reference").map_err(db_err)?,
        ),
        amount: Money::from_minor_units(row.try_get("amount_minor").map_err(db_err)?, currency),
        paid_on: row.try_get::<Option<i64>, _>("paid_on").map_err(db_err)?.unwrap_or_default(),
        method: row.try_get::<Option<String>, _>("paid_method").map_err(db_err)?.and_then(|m| PayoutMethod::parse(&m)).unwrap_or(PayoutMethod::Other),
        reference: row.try_get::<Option<String>, _>("paid_reference").map_err(db_err)?.unwrap_or_default(),
        request_id: row.try_get("rid").map_err(db_err)?,
    })
}

// ---------------------------------------------------------------------------
// Desk

pub async fn brokers(db: &Db, ctx: &Ctx) -> Result<Vec<BrokerOption>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, display_name FROM users WHERE org_id = $1 AND role = $2 AND is_active = 1 ORDER BY display_name")
        .bind(&ctx.org.id)
        .bind(crate::domain::Role::Broker.as_str())
        .fetch_all(&db.pool)
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(|(id, name)| BrokerOption { id, name }).collect())
}

pub async fn desk_submissions(db: &Db, ctx: &Ctx, only: Option<&str>) -> Result<Vec<DeskSubmission>, AppError> {
    let mut sql = String::from(
        "SELECT s.id, s.status, s.broker_id, u.display_name, s.brand, s.model, s.reference, s.asking_minor, s.currency, s.notes, s.source_type, \
                s.source_group, s.rejection_reason, s.created_at, d.id AS deal_id \
         FROM submissions s JOIN users u ON u.id = s.broker_id LEFT JOIN deals d ON d.submission_id = s.id WHERE s.org_id = $1",
    );
    if only.is_some() {
        sql.push_str(" AND s.id = $2");
    }
    sql.push_str(" ORDER BY s.created_at DESC, s.id LIMIT 2000");
    let mut q = sqlx::query(&sql).bind(&ctx.org.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&db.pool).await.map_err(db_err)?;
    let ids: Vec<String> = rows.iter().map(|r| r.try_get::<String, _>("id")).collect::<Result<_, _>>().map_err(db_err)?;
    let mut photos = photos_of(db, &ids).await?;
    let mut feedback = feedback_of(db, &ids, true).await?;
    rows.iter()
        .map(|r| {
            let row = submission_row(r)?;
            Ok(DeskSubmission {
                status: row.status,
                broker_id: r.try_get("broker_id").map_err(db_err)?,
                broker_name: r.try_get("display_name").map_err(db_err)?,
                brand: row.brand,
                model: row.model,
                reference: row.reference,
                asking: row.asking,
                notes: row.notes,
                source_type: row.source_type,
                source_group: row.source_group,
                rejection_reason: row.rejection_reason,
                created_at: row.created_at,
                deal_id: r.try_get("deal_id").map_err(db_err)?,
                photos: photos.remove(&row.id).unwrap_or_default(),
                feedback: feedback.remove(&row.id).unwrap_or_default(),
                id: row.id,
            })
        })
        .collect()
}

pub async fn desk_commissions(db: &Db, ctx: &Ctx, _currency: Currency, deal: Option<&str>) -> Result<Vec<DeskCommission>, AppError> {
    let mut sql = String::from(
        "SELECT c.id, c.deal_id, c.status, c.amount_minor, c.currency, c.basis, c.rate_bps, c.share_bps, c.created_at, c.released_at, c.paid_at, \
                c.payout_request_id, u.display_name, d.brand, d.model, d.reference \
         FROM commissions c JOIN users u ON u.id = c.broker_id JOIN deals d ON d.id = c.deal_id WHERE c.org_id = $1",
    );
    if deal.is_some() {
        sql.push_str(" AND c.deal_id = $2");
    }
    sql.push_str(" ORDER BY c.created_at DESC, c.id LIMIT 5000");
    let mut q = sqlx::query(&sql).bind(&ctx.org.id);
    if let Some(d) = deal {
        q = q.bind(d);
    }
    q.fetch_all(&db.pool)
        .await
        .map_err(db_err)?
        .iter()
        .map(|r| {
            Ok(DeskCommission {
                id: r.try_get("id").map_err(db_err)?,
                deal_id: r.try_get("deal_id").map_err(db_err)?,
                watch: watch_title(
                    &r.try_get::<String, _>("brand").map_err(db_err)?,
                    &r.try_get::<String, _>("model").map_err(db_err)?,
                    &r.try_get::<String, _>("reference").map_err(db_err)?,
                ),
                broker_name: r.try_get("display_name").map_err(db_err)?,
                status: parse(CommissionStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "commission status")?,
                amount: money(r.try_get("amount_minor").map_err(db_err)?, &r.try_get::<String, _>("currency").map_err(db_err)?)?,
                basis: parse(CommissionBasis::parse(&r.try_get::<String, _>("basis").map_err(db_err)?), "basis")?,
                rate: BasisPoints(r.try_get("rate_bps").map_err(db_err)?),
                share: BasisPoints(r.try_get("share_bps").map_err(db_err)?),
                created_at: r.try_get("created_at").map_err(db_err)?,
                released_at: r.try_get("released_at").map_err(db_err)?,
                paid_at: r.try_get("paid_at").map_err(db_err)?,
                in_request: r.try_get::<Option<String>, _>("payout_request_id").map_err(db_err)?.is_some(),
            })
        })
        .collect()
}

pub async fn desk_deals(db: &Db, ctx: &Ctx, currency: Currency, only: Option<&str>) -> Result<Vec<DeskDeal>, AppError> {
    let financials = ctx.user.role.can(Capability::FinancialsView);
    let sales = financials || ctx.user.role.can(Capability::DealsRecordSale);
    let mut sql = String::from(
        "SELECT d.id, d.submission_id, d.brand, d.model, d.reference, d.serial, d.status, d.acquisition_cost_minor, d.sale_price_minor, d.buyer, \
                d.accepted_at, d.sold_at, u.display_name, co.display_name AS co_name, bp.commission_bps AS default_bps \
         FROM deals d JOIN users u ON u.id = d.broker_id JOIN submissions s ON s.id = d.submission_id \
         LEFT JOIN users co ON co.id = s.co_broker_id LEFT JOIN broker_profiles bp ON bp.user_id = d.broker_id WHERE d.org_id = $1",
    );
    if only.is_some() {
        sql.push_str(" AND d.id = $2");
    }
    sql.push_str(" ORDER BY d.accepted_at DESC, d.id LIMIT 5000");
    let mut q = sqlx::query(&sql).bind(&ctx.org.id);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&db.pool).await.map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id").map_err(db_err)?;
        let (commissions, costs) = if only.is_some() {
            let costs = if financials {
                let rows: Vec<(String, i64, i64)> =
                    sqlx::query_as("SELECT label, amount_minor, created_at FROM deal_costs WHERE deal_id = $1 ORDER BY created_at").bind(&id).fetch_all(&db.pool).await.map_err(db_err)?;
                Some(rows.into_iter().map(|(label, a, at)| CostItem { label, amount: Money::from_minor_units(a, currency), at }).collect())
            } else {
                None
            };
            (desk_commissions(db, ctx, currency, Some(&id)).await?, costs)
        } else {
            (Vec::new(), None)
        };
        out.push(DeskDeal {
            submission_id: r.try_get("submission_id").map_err(db_err)?,
            brand: r.try_get("brand").map_err(db_err)?,
            model: r.try_get("model").map_err(db_err)?,
            reference: r.try_get("reference").map_err(db_err)?,
            serial: r.try_get("serial").map_err(db_err)?,
            status: parse(DealStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "deal status")?,
            broker_name: r.try_get("display_name").map_err(db_err)?,
            co_broker_name: r.try_get("co_name").map_err(db_err)?,
            cost: if financials { Some(Money::from_minor_units(r.try_get("acquisition_cost_minor").map_err(db_err)?, currency)) } else { None },
            costs,
            sale_price: if sales { r.try_get::<Option<i64>, _>("sale_price_minor").map_err(db_err)?.map(|m| Money::from_minor_units(m, currency)) } else { None },
            buyer: if sales { r.try_get("buyer").map_err(db_err)? } else { None },
            accepted_at: r.try_get("accepted_at").map_err(db_err)?,
            sold_at: r.try_get("sold_at").map_err(db_err)?,
            default_rate: BasisPoints(r.try_get::<Option<i64>, _>("default_bps").map_err(db_err)?.unwrap_or(super::dealer::DEFAULT_COMMISSION_BPS)),
            commissions,
            id,
        });
    }
    Ok(out)
}

pub async fn desk_payouts(db: &Db, ctx: &Ctx, currency: Currency) -> Result<Vec<DeskPayout>, AppError> {
    let rows = sqlx::query(
        "SELECT r.id, r.status, r.note, r.total_minor, r.requested_at, r.paid_on, r.paid_method, r.paid_reference, r.receipt_upload_id, \
                u.display_name, bp.payout_method, bp.payout_account_last4, up.file_name, up.content_type, up.size_bytes \
         FROM payout_requests r JOIN users u ON u.id = r.broker_id LEFT JOIN broker_profiles bp ON bp.user_id = r.broker_id \
         LEFT JOIN uploads up ON up.id = r.receipt_upload_id \
         WHERE r.org_id = $1 ORDER BY r.requested_at DESC LIMIT 2000",
    )
    .bind(&ctx.org.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id").map_err(db_err)?;
        let items: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT d.brand, d.model, d.reference, c.amount_minor FROM commissions c JOIN deals d ON d.id = c.deal_id WHERE c.payout_request_id = $1 ORDER BY c.created_at",
        )
        .bind(&id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_err)?;
        let receipt_id: Option<String> = r.try_get("receipt_upload_id").map_err(db_err)?;
        let receipt = match receipt_id {
            Some(rid) => Some(UploadedFile {
                url: file_url(&rid),
                id: rid,
                file_name: r.try_get::<Option<String>, _>("file_name").map_err(db_err)?.unwrap_or_default(),
                content_type: r.try_get::<Option<String>, _>("content_type").map_err(db_err)?.unwrap_or_default(),
                size_bytes: r.try_get::<Option<i64>, _>("size_bytes").map_err(db_err)?.unwrap_or(0) as u64,
            }),
            None => None,
        };
        out.push(DeskPayout {
            broker_name: r.try_get("display_name").map_err(db_err)?,
            status: parse(PayoutStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "payout status")?,
            note: r.try_get("note").map_err(db_err)?,
            total: Money::from_minor_units(r.try_get("total_minor").map_err(db_err)?, currency),
            requested_at: r.try_get("requested_at").map_err(db_err)?,
            items: items.into_iter().map(|(b, m, rf, a)| (watch_title(&b, &m, &rf), Money::from_minor_units(a, currency))).collect(),
            paid_on: r.try_get("paid_on").map_err(db_err)?,
            method: r.try_get::<Option<String>, _>("paid_method").map_err(db_err)?.and_then(|m| PayoutMethod::parse(&m)),
            reference: r.try_get("paid_reference").map_err(db_err)?,
            receipt,
            payee_method: r.try_get::<Option<String>, _>("payout_method").map_err(db_err)?.and_then(|m| PayoutMethod::parse(&m)),
            payee_last4: r.try_get::<Option<String>, _>("payout_account_last4").map_err(db_err)?.unwrap_or_default(),
            id,
        });
    }
    Ok(out)
}

pub async fn desk_disputes(db: &Db, ctx: &Ctx, currency: Currency) -> Result<Vec<DeskDispute>, AppError> {
    let rows = sqlx::query(
        "SELECT x.id, x.commission_id, x.category, x.reason, x.status, x.reply, x.created_at, c.amount_minor, u.display_name, d.brand, d.model, d.reference \
         FROM disputes x JOIN commissions c ON c.id = x.commission_id JOIN users u ON u.id = x.broker_id JOIN deals d ON d.id = c.deal_id \
         WHERE x.org_id = $1 ORDER BY x.created_at DESC LIMIT 2000",
    )
    .bind(&ctx.org.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(DeskDispute {
                id: r.try_get("id").map_err(db_err)?,
                commission_id: r.try_get("commission_id").map_err(db_err)?,
                watch: watch_title(
                    &r.try_get::<String, _>("brand").map_err(db_err)?,
                    &r.try_get::<String, _>("model").map_err(db_err)?,
                    &r.try_get::<String, _>("reference").map_err(db_err)?,
                ),
                broker_name: r.try_get("display_name").map_err(db_err)?,
                amount: Money::from_minor_units(r.try_get("amount_minor").map_err(db_err)?, currency),
                category: parse(DisputeCategory::parse(&r.try_get::<String, _>("category").map_err(db_err)?), "dispute category")?,
                reason: r.try_get("reason").map_err(db_err)?,
                status: parse(DisputeStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?), "dispute status")?,
                reply: r.try_get("reply").map_err(db_err)?,
                created_at: r.try_get("created_at").map_err(db_err)?,
            })
        })
        .collect()
}
