//! Submissions: a broker's lead (the form, or a claimed signal) and the
//! desk's review of it — start review, accept into inventory (a deal), not
//! accept with a reason, feedback.

use super::{action, minor, notify_owners};
use crate::domain::dealer::*;
use crate::domain::money::{BasisPoints, Currency, Money};
use crate::domain::Role;
use crate::dto::error::{AppError, FieldErrors};
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms, Tx};
use crate::server::mailer;
use crate::server::op::{audit_in, conflict, expect_one, internal, OpError, OpResult};

// Broker: submissions

/// A new submission as the broker's form (or a claimed signal) gives it.
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

impl SubmissionInput {
    /// The "new submission" form: `photos` is a comma-separated list of upload ids.
    pub fn from_form(brand: String, model: String, reference: String, asking: String, notes: String, source_type: String, photos: &str) -> Self {
        let photos = split_ids(photos);
        SubmissionInput { brand, model, reference, asking, notes, source_type, photos, source_group: String::new(), signal_id: None }
    }
}

/// Upload ids from a comma-separated form field, without blanks or repeats.
pub fn split_ids(list: &str) -> Vec<String> {
    let mut out: Vec<String> = list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    out.dedup();
    out
}

/// Checks the uploads are the broker's own files (else "not found").
async fn own_uploads(tx: &mut Tx, ctx: &Ctx, ids: &[String]) -> OpResult<()> {
    for id in ids {
        let owner: Option<(String, String)> =
            sqlx::query_as("SELECT org_id, uploaded_by FROM uploads WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
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
    let mut errors = FieldErrors::default();
    errors.text(&input.brand, "brand", "brand", 60);
    errors.text(&input.model, "model", "model", 80);
    errors.optional_text(&input.reference, "reference", "reference", 60);
    errors.optional_text(&input.notes, "notes", "notes", 2000);
    let source = SourceType::parse(&input.source_type);
    if source.is_none() {
        errors.add("source_type", "Choose Sourced, Referred or Co-Sourced.");
    }
    let asking = errors.optional_money(&input.asking, "asking", "Asking price", currency);
    if input.photos.len() > 20 {
        errors.add("photos", "At most 20 photos per submission.");
    }
    errors.finish()?;
    let reference: String = input.reference.split_whitespace().collect::<String>().to_uppercase();
    Ok((source.unwrap_or(SourceType::Sourced), asking, reference))
}

pub async fn create_submission(ctx: &Ctx, input: &SubmissionInput) -> OpResult<String> {
    let db = &ctx.db;
    let mut tx = db.begin_write().await?;
    let id = insert_submission(&mut tx, ctx, input).await?;
    tx.commit().await?;
    mailer::wake();
    Ok(id)
}

/// Validates and writes a new submission (with its photos, the owners'
/// notifications and the audit entry) inside the caller's transaction.
pub async fn insert_submission(tx: &mut Tx, ctx: &Ctx, input: &SubmissionInput) -> OpResult<String> {
    let currency = ctx.currency;
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
///
/// `photos` is the form's comma-separated list of upload ids.
pub async fn complete_submission(ctx: &Ctx, id: &str, asking: &str, notes: &str, photos: &str) -> OpResult<()> {
    let photos = &split_ids(photos);
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let asking = errors.optional_money(asking, "asking", "Asking price", currency);
    errors.optional_text(notes, "notes", "notes", 2000);
    errors.finish()?;
    let asking_minor = asking.as_ref().map(minor).transpose()?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT org_id, broker_id, status FROM submissions WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
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

async fn submission_for_desk(tx: &mut Tx, ctx: &Ctx, id: &str) -> OpResult<(String, SubmissionStatus)> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT org_id, broker_id, status FROM submissions WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
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
    expect_one(r, "This submission was decided already.")?;
    Ok(())
}

pub async fn start_review(ctx: &Ctx, id: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut tx = db.begin_write().await?;
    submission_for_desk(&mut tx, ctx, id).await?;
    set_submission_status(&mut tx, ctx, id, &[SubmissionStatus::Submitted], SubmissionStatus::InReview, "").await?;
    audit_in(&mut tx, ctx, action::SUBMISSION_REVIEW_STARTED, id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn not_accept(ctx: &Ctx, id: &str, reason: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut errors = FieldErrors::default();
    let reason = errors.text(reason, "reason", "reason the broker will see", 500);
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    submission_for_desk(&mut tx, ctx, id).await?;
    set_submission_status(&mut tx, ctx, id, &[SubmissionStatus::Submitted, SubmissionStatus::InReview], SubmissionStatus::NotAccepted, &reason).await?;
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
pub async fn accept(ctx: &Ctx, id: &str, input: &AcceptInput) -> OpResult<String> {
    let db = &ctx.db;
    let currency = ctx.currency;
    let mut errors = FieldErrors::default();
    let cost = errors.money(&input.cost, "cost", "Acquisition cost", currency);
    let serial = errors.optional_text(&input.serial, "serial", "serial number", 60);
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
        let role: Option<(String, String)> = sqlx::query_as("SELECT org_id, role FROM users WHERE id = $1").bind(co_id).fetch_optional(&mut *tx).await?;
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

pub async fn post_feedback(ctx: &Ctx, id: &str, body: &str) -> OpResult<()> {
    let db = &ctx.db;
    let mut errors = FieldErrors::default();
    let body = errors.text(body, "body", "feedback", 1000);
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
