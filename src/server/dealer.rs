//! The dealer module on the server: every step of the watch-deal journey,
//! for both audiences. Each operation runs in one database transaction —
//! the business rows, its ledger postings, the audit entry and the owners'
//! notifications commit together or not at all — and re-checks the state it
//! changes (`UPDATE … WHERE status = …`), so a double click or two people at
//! once change it once. Broker-facing reads live in `dealer_views`.

use super::audit;
use super::auth::{internal, Ctx};
use super::db::{new_id, now_ms, Db, Tx};
use super::ledger::{self, AccountSpec, LedgerError, PostRequest};
use crate::dto::error::AppError;
use crate::domain::dealer::*;
use crate::domain::ledger::{AccountKind, PostingLine};
use crate::domain::money::{BasisPoints, Currency, Money};
use crate::domain::{Capability, Module, Role};
use sqlx::Row;

/// Why an operation stopped: a person-facing error, or contention that the
/// caller retries from the start.
#[derive(Debug)]
pub enum OpError {
    App(AppError),
    Contended,
}

impl From<AppError> for OpError {
    fn from(e: AppError) -> Self {
        OpError::App(e)
    }
}

impl From<sqlx::Error> for OpError {
    fn from(e: sqlx::Error) -> Self {
        if ledger::is_retryable(&e) {
            OpError::Contended
        } else {
            OpError::App(internal(e))
        }
    }
}

impl From<LedgerError> for OpError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Busy | LedgerError::StaleVersion { .. } => OpError::Contended,
            LedgerError::Db(e) => e.into(),
            LedgerError::WouldGoNegative { .. } | LedgerError::Frozen { .. } | LedgerError::IdempotencyConflict => {
                OpError::App(AppError::Conflict { message: e.to_string() })
            }
            other => OpError::App(internal(other)),
        }
    }
}

pub type OpResult<T> = Result<T, OpError>;

/// Runs an operation, starting it over (a few times) when it met another
/// writer, and reports what is left as an `AppError`.
#[macro_export]
macro_rules! retrying {
    ($op:expr) => {{
        let mut attempt: u64 = 0;
        loop {
            match $op.await {
                Ok(v) => break Ok(v),
                Err($crate::server::dealer::OpError::App(e)) => break Err(e),
                Err($crate::server::dealer::OpError::Contended) if attempt < 10 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(3 * attempt + ($crate::server::db::now_ms() % 5) as u64)).await;
                }
                Err($crate::server::dealer::OpError::Contended) => {
                    break Err($crate::dto::error::AppError::Conflict { message: "Someone else changed this at the same moment. Please try again.".into() })
                }
            }
        }
    }};
}
pub use retrying;

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

/// The guard every dealer server function starts with: signed in, holding
/// `cap`, in an organization with the dealer module (else 401 / 403 / 404).
pub async fn guard(cap: Capability) -> Result<(Ctx, Currency), AppError> {
    let ctx = super::auth::require(cap).await?;
    let currency = require_dealer(&ctx)?;
    Ok((ctx, currency))
}

/// The dealer module must be on for the caller's organization.
pub fn require_dealer(ctx: &Ctx) -> Result<Currency, AppError> {
    if !ctx.org.modules.contains(&Module::Dealer) {
        return Err(AppError::NotFound);
    }
    Currency::new(&ctx.org.currency).map_err(internal)
}

fn conflict(message: impl Into<String>) -> OpError {
    OpError::App(AppError::Conflict { message: message.into() })
}

fn text(value: &str, field: &str, label: &str, max: usize, errors: &mut crate::dto::error::FieldErrors) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("Enter the {label}."));
    } else if v.chars().count() > max {
        errors.add(field, format!("The {label} is too long (at most {max} characters)."));
    }
    v.to_string()
}

fn optional_text(value: &str, field: &str, label: &str, max: usize, errors: &mut crate::dto::error::FieldErrors) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.add(field, format!("The {label} is too long (at most {max} characters)."));
    }
    v.to_string()
}

fn money_field(value: &str, field: &str, label: &str, currency: Currency, errors: &mut crate::dto::error::FieldErrors) -> Option<Money> {
    match parse_positive(value, currency, label) {
        Ok(m) => Some(m),
        Err(msg) => {
            errors.add(field, msg);
            None
        }
    }
}

fn minor(m: &Money) -> Result<i64, OpError> {
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

async fn audit_in(tx: &mut Tx, ctx: &Ctx, action: &str, target: &str, detail: Option<&str>) -> Result<(), sqlx::Error> {
    audit::record(&mut **tx, audit::Entry { target: Some(target), detail, ..ctx.audit_entry(action) }).await
}

// ---------------------------------------------------------------------------
// Broker: submissions

pub struct SubmissionInput {
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub asking: String,
    pub notes: String,
    pub source_type: String,
    pub photos: Vec<String>,
    pub source_group: String,
    pub signal_id: Option<String>,
}

/// Checks the uploads are the broker's own files (else "not found").
async fn own_uploads(tx: &mut Tx, ctx: &Ctx, ids: &[String]) -> OpResult<()> {
    for id in ids {
        let owner: Option<(String, String)> = sqlx::query_as("SELECT org_id, uploaded_by FROM uploads WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        match owner {
            Some((org, by)) if org == ctx.org.id && by == ctx.user.id => {}
            _ => return Err(OpError::App(AppError::field("photos", "A photo could not be found; upload it again."))),
        }
    }
    Ok(())
}

async fn attach_photos(tx: &mut Tx, submission_id: &str, ids: &[String]) -> Result<(), sqlx::Error> {
    for id in ids {
        let exists: Option<(String,)> = sqlx::query_as("SELECT upload_id FROM submission_photos WHERE submission_id = $1 AND upload_id = $2")
            .bind(submission_id)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        if exists.is_none() {
            sqlx::query("INSERT INTO submission_photos (submission_id, upload_id, created_at) VALUES ($1, $2, $3)")
                .bind(submission_id)
                .bind(id)
                .bind(now_ms())
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

pub fn validate_submission(input: &SubmissionInput, currency: Currency) -> Result<(SourceType, Option<Money>, String), AppError> {
    let mut errors = crate::dto::error::FieldErrors::default();
    text(&input.brand, "brand", "brand", 60, &mut errors);
    text(&input.model, "model", "model", 80, &mut errors);
    optional_text(&input.reference, "reference", "reference", 60, &mut errors);
    optional_text(&input.notes, "notes", "notes", 2000, &mut errors);
    let source = SourceType::parse(&input.source_type);
    if source.is_none() {
        errors.add("source_type", "Choose Sourced, Referred or Co-Sourced.");
    }
    let asking = if input.asking.trim().is_empty() { None } else { money_field(&input.asking, "asking", "Asking price", currency, &mut errors) };
    if input.photos.len() > 20 {
        errors.add("photos", "At most 20 photos per submission.");
    }
    errors.finish()?;
    let reference: String = input.reference.split_whitespace().collect::<String>().to_uppercase();
    Ok((source.unwrap_or(SourceType::Sourced), asking, reference))
}

pub async fn create_submission(db: &Db, ctx: &Ctx, currency: Currency, input: &SubmissionInput) -> OpResult<String> {
    let mut tx = db.begin_write().await?;
    let id = insert_submission(&mut tx, ctx, currency, input).await?;
    tx.commit().await?;
    super::mailer::wake();
    Ok(id)
}

/// Validates and writes a new submission (with its photos, the owners'
/// notifications and the audit entry) inside the caller's transaction.
pub async fn insert_submission(tx: &mut Tx, ctx: &Ctx, currency: Currency, input: &SubmissionInput) -> OpResult<String> {
    let (source, asking, reference) = validate_submission(input, currency)?;
    let asking_minor = asking.as_ref().map(minor).transpose()?;
    own_uploads(tx, ctx, &input.photos).await?;
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO submissions (id, org_id, broker_id, status, brand, model, reference, asking_minor, currency, notes, source_type, \
         source_group, signal_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(&id)
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(SubmissionStatus::Submitted.as_str())
    .bind(input.brand.trim())
    .bind(input.model.trim())
    .bind(&reference)
    .bind(asking_minor)
    .bind(currency.code())
    .bind(input.notes.trim())
    .bind(source.as_str())
    .bind(input.source_group.trim())
    .bind(input.signal_id.as_deref())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    attach_photos(tx, &id, &input.photos).await?;
    let title = format!("New submission from {}: {}", ctx.user.display_name, watch_title(&input.brand, &input.model, &reference));
    notify_owners(tx, &ctx.org.id, "submission", &title, &format!("/desk/submissions/{id}")).await?;
    audit_in(tx, ctx, action::SUBMISSION_CREATED, &id, None).await?;
    Ok(id)
}

/// The broker completes an open submission: asking price, notes, more photos.
pub async fn complete_submission(db: &Db, ctx: &Ctx, currency: Currency, id: &str, asking: &str, notes: &str, photos: &[String]) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let asking = if asking.trim().is_empty() { None } else { money_field(asking, "asking", "Asking price", currency, &mut errors) };
    optional_text(notes, "notes", "notes", 2000, &mut errors);
    errors.finish()?;
    let asking_minor = asking.as_ref().map(minor).transpose()?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, String, String)> = sqlx::query_as("SELECT org_id, broker_id, status FROM submissions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((org, broker, status)) = row else { return Err(AppError::NotFound.into()) };
    if org != ctx.org.id || broker != ctx.user.id {
        return Err(AppError::NotFound.into());
    }
    if !SubmissionStatus::parse(&status).is_some_and(|s| s.is_open()) {
        return Err(conflict("This submission has been decided; it can no longer be changed."));
    }
    own_uploads(&mut tx, ctx, photos).await?;
    sqlx::query("UPDATE submissions SET asking_minor = COALESCE($1, asking_minor), notes = $2, updated_at = $3 WHERE id = $4")
        .bind(asking_minor)
        .bind(notes.trim())
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    attach_photos(&mut tx, id, photos).await?;
    audit_in(&mut tx, ctx, action::SUBMISSION_UPDATED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Desk: review

async fn submission_for_desk(tx: &mut Tx, ctx: &Ctx, id: &str) -> OpResult<(String, SubmissionStatus)> {
    let row: Option<(String, String, String)> = sqlx::query_as("SELECT org_id, broker_id, status FROM submissions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some((org, broker, status)) if org == ctx.org.id => {
            Ok((broker, SubmissionStatus::parse(&status).ok_or_else(|| OpError::App(internal("bad submission status")))?))
        }
        _ => Err(AppError::NotFound.into()),
    }
}

async fn set_submission_status(tx: &mut Tx, ctx: &Ctx, id: &str, from: &[SubmissionStatus], to: SubmissionStatus, reason: &str) -> OpResult<()> {
    let list = from.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
    let r = sqlx::query(&format!(
        "UPDATE submissions SET status = $1, rejection_reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4 \
         WHERE id = $5 AND org_id = $6 AND status IN ({list})"
    ))
    .bind(to.as_str())
    .bind(reason)
    .bind(&ctx.user.id)
    .bind(now_ms())
    .bind(id)
    .bind(&ctx.org.id)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Err(conflict("This submission was decided already."));
    }
    Ok(())
}

pub async fn start_review(db: &Db, ctx: &Ctx, id: &str) -> OpResult<()> {
    let mut tx = db.begin_write().await?;
    submission_for_desk(&mut tx, ctx, id).await?;
    set_submission_status(&mut tx, ctx, id, &[SubmissionStatus::Submitted], SubmissionStatus::InReview, "").await?;
    audit_in(&mut tx, ctx, action::SUBMISSION_REVIEW_STARTED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn not_accept(db: &Db, ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let reason = text(reason, "reason", "reason the broker will see", 500, &mut errors);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    submission_for_desk(&mut tx, ctx, id).await?;
    set_submission_status(&mut tx, ctx, id, &[SubmissionStatus::Submitted, SubmissionStatus::InReview], SubmissionStatus::NotAccepted, &reason)
        .await?;
    audit_in(&mut tx, ctx, action::SUBMISSION_NOT_ACCEPTED, id, Some(&reason)).await?;
    tx.commit().await?;
    Ok(())
}

pub struct AcceptInput {
    pub cost: String,
    pub serial: String,
    /// Co-sourced deals: the second broker and his share of the commission.
    pub co_broker_id: Option<String>,
    pub co_share: String,
}

/// Accepts a submission into inventory: the deal is Active.
pub async fn accept(db: &Db, ctx: &Ctx, currency: Currency, id: &str, input: &AcceptInput) -> OpResult<String> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let cost = money_field(&input.cost, "cost", "Acquisition cost", currency, &mut errors);
    let serial = optional_text(&input.serial, "serial", "serial number", 60, &mut errors);
    let co = input.co_broker_id.as_deref().filter(|s| !s.is_empty());
    let co_share = match co {
        None => 0,
        Some(_) => match BasisPoints::parse_non_negative(&input.co_share) {
            Ok(b) if b.0 > 0 && b.0 < 10_000 => b.0,
            _ => {
                errors.add("co_share", "Enter the co-broker's share as a percentage between 0 and 100.");
                0
            }
        },
    };
    errors.finish()?;
    let cost_minor = minor(cost.as_ref().expect("validated"))?;
    let mut tx = db.begin_write().await?;
    let (broker_id, _) = submission_for_desk(&mut tx, ctx, id).await?;
    if let Some(co_id) = co {
        let role: Option<(String, String)> =
            sqlx::query_as("SELECT org_id, role FROM users WHERE id = $1").bind(co_id).fetch_optional(&mut *tx).await?;
        match role {
            Some((org, r)) if org == ctx.org.id && r == Role::Broker.as_str() && co_id != broker_id => {}
            _ => return Err(AppError::field("co_broker_id", "Choose another broker of this organization.").into()),
        }
        sqlx::query("UPDATE submissions SET source_type = $1, co_broker_id = $2, co_share_bps = $3 WHERE id = $4")
            .bind(SourceType::CoSourced.as_str())
            .bind(co_id)
            .bind(co_share)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    set_submission_status(&mut tx, ctx, id, &[SubmissionStatus::Submitted, SubmissionStatus::InReview], SubmissionStatus::Approved, "").await?;
    let deal_id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO deals (id, org_id, submission_id, broker_id, brand, model, reference, serial, currency, acquisition_cost_minor, status, accepted_at, updated_at) \
         SELECT $1, org_id, id, broker_id, brand, model, reference, $2, currency, $3, $4, $5, $5 FROM submissions WHERE id = $6",
    )
    .bind(&deal_id)
    .bind(&serial)
    .bind(cost_minor)
    .bind(DealStatus::Active.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit_in(&mut tx, ctx, action::SUBMISSION_ACCEPTED, id, Some(&deal_id)).await?;
    tx.commit().await?;
    Ok(deal_id)
}

pub async fn post_feedback(db: &Db, ctx: &Ctx, id: &str, body: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let body = text(body, "body", "feedback", 1000, &mut errors);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    submission_for_desk(&mut tx, ctx, id).await?;
    sqlx::query("INSERT INTO submission_feedback (id, org_id, submission_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id())
        .bind(&ctx.org.id)
        .bind(id)
        .bind(&ctx.user.id)
        .bind(&body)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit_in(&mut tx, ctx, action::FEEDBACK_POSTED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Desk: deals

struct DealRow {
    broker_id: String,
    submission_id: String,
    status: DealStatus,
    cost_minor: i64,
    basis: Option<String>,
    bps: Option<i64>,
    fixed_minor: Option<i64>,
}

async fn deal_for_desk(tx: &mut Tx, ctx: &Ctx, id: &str) -> OpResult<DealRow> {
    let row = sqlx::query(
        "SELECT org_id, broker_id, submission_id, status, acquisition_cost_minor, commission_basis, commission_bps, commission_fixed_minor FROM deals WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else { return Err(AppError::NotFound.into()) };
    let org: String = r.try_get("org_id")?;
    if org != ctx.org.id {
        return Err(AppError::NotFound.into());
    }
    let status: String = r.try_get("status")?;
    Ok(DealRow {
        broker_id: r.try_get("broker_id")?,
        submission_id: r.try_get("submission_id")?,
        status: DealStatus::parse(&status).ok_or_else(|| OpError::App(internal("bad deal status")))?,
        cost_minor: r.try_get("acquisition_cost_minor")?,
        basis: r.try_get("commission_basis")?,
        bps: r.try_get("commission_bps")?,
        fixed_minor: r.try_get("commission_fixed_minor")?,
    })
}

pub async fn mark_pending(db: &Db, ctx: &Ctx, id: &str) -> OpResult<()> {
    let mut tx = db.begin_write().await?;
    deal_for_desk(&mut tx, ctx, id).await?;
    let r = sqlx::query("UPDATE deals SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(DealStatus::Pending.as_str())
        .bind(now_ms())
        .bind(id)
        .bind(DealStatus::Active.as_str())
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Err(conflict("Only an active deal can become sale pending."));
    }
    audit_in(&mut tx, ctx, action::DEAL_PENDING, id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn cancel_deal(db: &Db, ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let reason = text(reason, "reason", "reason", 500, &mut errors);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    deal_for_desk(&mut tx, ctx, id).await?;
    let r = sqlx::query("UPDATE deals SET status = $1, cancelled_reason = $2, updated_at = $3 WHERE id = $4 AND status IN ($5, $6)")
        .bind(DealStatus::Cancelled.as_str())
        .bind(&reason)
        .bind(now_ms())
        .bind(id)
        .bind(DealStatus::Active.as_str())
        .bind(DealStatus::Pending.as_str())
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Err(conflict("Only an unsold deal can be cancelled."));
    }
    audit_in(&mut tx, ctx, action::DEAL_CANCELLED, id, Some(&reason)).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_cost(db: &Db, ctx: &Ctx, currency: Currency, id: &str, label: &str, amount: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let label = text(label, "label", "cost description", 120, &mut errors);
    let amount = money_field(amount, "amount", "Amount", currency, &mut errors);
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
async fn commission_accounts(db: &Db, org_id: &str, broker_id: &str, currency: Currency) -> OpResult<(String, String, String)> {
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

pub fn parse_date(input: &str) -> Option<i64> {
    parse_day(input)
}

/// Records the sale: the deal is Sold, the commission (split on a
/// co-sourced deal) is created Pending Review and posted to the ledger.
pub async fn record_sale(db: &Db, ctx: &Ctx, currency: Currency, id: &str, input: &SaleInput, can_override: bool) -> OpResult<Vec<String>> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let price = money_field(&input.price, "price", "Sale price", currency, &mut errors);
    let buyer = text(&input.buyer, "buyer", "buyer", 120, &mut errors);
    let sold_at = if input.sold_on.trim().is_empty() {
        now_ms()
    } else {
        match parse_date(&input.sold_on) {
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
    let fixed = if basis_override == Some(CommissionBasis::Fixed) { money_field(&input.fixed, "fixed", "Fixed commission", currency, &mut errors) } else { None };
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
        let p: Option<(i64,)> = sqlx::query_as("SELECT commission_bps FROM broker_profiles WHERE user_id = $1").bind(&deal.broker_id).fetch_optional(&mut *tx).await?;
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
    if r.rows_affected() != 1 {
        return Err(conflict("This deal is sold or cancelled already."));
    }
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

pub const DEFAULT_COMMISSION_BPS: i64 = 1_000;

/// Posts a commission earned (or re-earned after an adjustment); returns
/// the ledger transaction. A zero commission posts nothing: `""`.
#[allow(clippy::too_many_arguments)]
async fn post_earned(
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

// ---------------------------------------------------------------------------
// Desk: commissions

struct CommissionRow {
    broker_id: String,
    status: CommissionStatus,
    amount_minor: i64,
    currency: String,
    earned_tx: String,
    payout_request_id: Option<String>,
}

async fn commission_in_org(tx: &mut Tx, org_id: &str, id: &str) -> OpResult<CommissionRow> {
    let row = sqlx::query("SELECT org_id, broker_id, status, amount_minor, currency, earned_tx, payout_request_id FROM commissions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(r) = row else { return Err(AppError::NotFound.into()) };
    let org: String = r.try_get("org_id")?;
    if org != org_id {
        return Err(AppError::NotFound.into());
    }
    let status: String = r.try_get("status")?;
    Ok(CommissionRow {
        broker_id: r.try_get("broker_id")?,
        status: CommissionStatus::parse(&status).ok_or_else(|| OpError::App(internal("bad commission status")))?,
        amount_minor: r.try_get("amount_minor")?,
        currency: r.try_get("currency")?,
        earned_tx: r.try_get::<Option<String>, _>("earned_tx")?.unwrap_or_default(),
        payout_request_id: r.try_get("payout_request_id")?,
    })
}

async fn set_commission_status(tx: &mut Tx, id: &str, from: CommissionStatus, to: CommissionStatus, extra: &str) -> OpResult<()> {
    let r = sqlx::query(&format!("UPDATE commissions SET status = $1, updated_at = $2{extra} WHERE id = $3 AND status = $4"))
        .bind(to.as_str())
        .bind(now_ms())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut **tx)
        .await?;
    if r.rows_affected() != 1 {
        return Err(conflict("This commission changed meanwhile; reload to see its status."));
    }
    Ok(())
}

/// Pending Review → Awaiting Payout.
pub async fn release_commission(db: &Db, ctx: &Ctx, id: &str) -> OpResult<()> {
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
    if r.rows_affected() != 1 {
        return Err(conflict("This commission changed meanwhile; reload to see its status."));
    }
    audit_in(&mut tx, ctx, action::COMMISSION_RELEASED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Reverses a commission's current earned transaction inside `tx`.
async fn reverse_earned(tx: &mut Tx, ctx: &Ctx, commission_id: &str, earned_tx: &str, reason: &str) -> OpResult<()> {
    if earned_tx.is_empty() {
        return Ok(());
    }
    ledger::reverse_in(tx, &ctx.org.id, earned_tx, &format!("commission:{commission_id}:reverse:{earned_tx}"), reason, Some(&ctx.user.id), now_ms())
        .await?;
    Ok(())
}

/// Cancels an unpaid commission with a reason; its ledger entry is reversed.
pub async fn cancel_commission(db: &Db, ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let reason = text(reason, "reason", "reason", 500, &mut errors);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    let c = commission_in_org(&mut tx, &ctx.org.id, id).await?;
    if !c.status.is_outstanding() {
        return Err(conflict(format!("A {} commission cannot be cancelled.", c.status.label().to_lowercase())));
    }
    if c.payout_request_id.is_some() {
        return Err(conflict("This commission is part of an open payout request; cancel or finish the request first."));
    }
    let r = sqlx::query("UPDATE commissions SET status = $1, cancelled_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $4 AND status = $5")
        .bind(CommissionStatus::Cancelled.as_str())
        .bind(&reason)
        .bind(now_ms())
        .bind(id)
        .bind(c.status.as_str())
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Err(conflict("This commission changed meanwhile; reload to see its status."));
    }
    reverse_earned(&mut tx, ctx, id, &c.earned_tx, &format!("Commission cancelled: {reason}")).await?;
    // Open disputes end with the commission.
    sqlx::query("UPDATE disputes SET status = $1, reply = $2, resolved_by = $3, resolved_at = $4 WHERE commission_id = $5 AND status = $6")
        .bind(DisputeStatus::Rejected.as_str())
        .bind(format!("The commission was cancelled: {reason}"))
        .bind(&ctx.user.id)
        .bind(now_ms())
        .bind(id)
        .bind(DisputeStatus::Open.as_str())
        .execute(&mut *tx)
        .await?;
    audit_in(&mut tx, ctx, action::COMMISSION_CANCELLED, id, Some(&reason)).await?;
    tx.commit().await?;
    let _ = c.currency;
    Ok(())
}

// ---------------------------------------------------------------------------
// Payout requests

/// One payout request for every released, unpaid commission not already in
/// a request; the server decides the list. One open request per broker.
pub async fn request_payout(db: &Db, ctx: &Ctx, currency: Currency, note: &str) -> OpResult<String> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let note = optional_text(note, "note", "note", 500, &mut errors);
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
        if ledger::is_unique_violation(&e) {
            return Err(conflict("You already have an open payout request. Cancel it first to file a new one."));
        }
        return Err(e.into());
    }
    for (cid, _) in &rows {
        sqlx::query("UPDATE commissions SET payout_request_id = $1, updated_at = $2 WHERE id = $3").bind(&id).bind(now_ms()).bind(cid).execute(&mut *tx).await?;
    }
    let title = format!("Payout request from {}: {}", ctx.user.display_name, Money::from_minor_units(total, currency).format());
    notify_owners(&mut tx, &ctx.org.id, "payout_request", &title, "/desk/payouts").await?;
    audit_in(&mut tx, ctx, action::PAYOUT_REQUESTED, &id, None).await?;
    tx.commit().await?;
    super::mailer::wake();
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
pub async fn cancel_payout(db: &Db, ctx: &Ctx, id: &str) -> OpResult<()> {
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
    if r.rows_affected() != 1 {
        return Err(conflict("This payout request is no longer open."));
    }
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
pub async fn review_payout(db: &Db, ctx: &Ctx, id: &str) -> OpResult<()> {
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
    if r.rows_affected() != 1 {
        return Err(conflict("Only a new request can be moved to sign-off."));
    }
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
pub async fn pay_payout(db: &Db, ctx: &Ctx, currency: Currency, id: &str, input: &PaymentInput) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let method = PayoutMethod::parse(&input.method);
    if method.is_none() {
        errors.add("method", "Choose how it was paid.");
    }
    let reference = text(&input.reference, "reference", "payment reference", 120, &mut errors);
    let paid_on = match parse_date(&input.paid_on) {
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
    let items: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT id, amount_minor, status FROM commissions WHERE payout_request_id = $1 ORDER BY created_at").bind(id).fetch_all(&mut *tx).await?;
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
    if r.rows_affected() != 1 {
        return Err(conflict("This payout request is closed."));
    }
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
    audit_in(&mut tx, ctx, action::PAYOUT_PAID, id, Some(&format!("{} by {}", Money::from_minor_units(total, currency).format(), method.label())))
        .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Disputes

pub async fn open_dispute(db: &Db, ctx: &Ctx, commission_id: &str, category: &str, reason: &str) -> OpResult<String> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let category = DisputeCategory::parse(category);
    if category.is_none() {
        errors.add("category", "Choose Amount, Attribution, Timing or Other.");
    }
    let reason = text(reason, "reason", "reason", 1000, &mut errors);
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
    super::mailer::wake();
    Ok(id)
}

/// Resolves (optionally with a new amount) or rejects every open dispute of
/// the commission the given dispute is about; the broker sees the reply.
pub async fn settle_dispute(db: &Db, ctx: &Ctx, currency: Currency, id: &str, accept: bool, new_amount: &str, reply: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let reply = text(reply, "reply", "reply to the broker", 1000, &mut errors);
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
    let mut new_tx = c.earned_tx.clone();
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
            reverse_earned(&mut tx, ctx, &commission_id, &c.earned_tx, &format!("Dispute resolved: {reply}")).await?;
            new_tx = post_earned(&mut tx, ctx, &commission_id, &payable, &expense, currency, new_minor, now_ms(), &format!("commission:{commission_id}:adjust:{id}"))
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

/// Desk capability needed to override commission terms at sale time.
pub fn can_override_terms(ctx: &Ctx) -> bool {
    ctx.user.role.can(Capability::CommissionsApprove)
}
