//! The broker's signals and his claims: a claim creates the submission in
//! the same transaction that marks the signal claimed.

use super::action;
use crate::domain::signals::{DealType, Sentiment};
use crate::dto::error::AppError;
use crate::dto::signals::*;
use crate::server::auth::Ctx;
use crate::server::db::now_ms;
use crate::server::dealer::submissions::{insert_submission, SubmissionInput};
use crate::server::mailer;
use crate::server::op::{audit_in, conflict, expect_one, OpResult};

/// Most signals a list shows.
const LIST_LIMIT: i64 = 500;

/// A lead needs a watch: a wanted / for-sale post naming none is chatter
/// here. The list's filter and the counts share this one condition.
const ACTIONABLE: &str = "s.deal_type <> 'other' AND (s.brand IS NOT NULL OR s.reference IS NOT NULL)";

#[derive(sqlx::FromRow)]
struct SignalRow {
    id: String,
    deal_type: String,
    brand: Option<String>,
    model: Option<String>,
    reference: Option<String>,
    price: Option<String>,
    currency: Option<String>,
    sentiment: String,
    confidence_pct: i64,
    sent_at: i64,
    submission_id: Option<String>,
    group_name: String,
    sender: String,
    body: String,
    wanted: i64,
}

impl SignalRow {
    fn into_dto(self) -> BrokerSignal {
        BrokerSignal {
            deal_type: DealType::parse(&self.deal_type).unwrap_or(DealType::Other),
            sentiment: Sentiment::parse(&self.sentiment).unwrap_or(Sentiment::Neutral),
            confidence: self.confidence_pct,
            raw: self.body,
            wanted_by_desk: self.wanted > 0,
            id: self.id,
            brand: self.brand,
            model: self.model,
            reference: self.reference,
            price: self.price,
            currency: self.currency,
            group_name: self.group_name,
            sender: self.sender,
            sent_at: self.sent_at,
            submission_id: self.submission_id,
        }
    }
}

/// The broker's signals, newest first: only for sale and wanted posts that
/// name a watch when `actionable_only`, claimed ones too when `with_claimed`.
pub async fn list(ctx: &Ctx, actionable_only: bool, with_claimed: bool) -> Result<SignalsPage, AppError> {
    let mut sql = String::from(
        "SELECT s.id, s.deal_type, s.brand, s.model, s.reference, s.price, s.currency, s.sentiment, s.confidence_pct, s.sent_at, s.submission_id, \
                m.group_name, m.sender, m.body, \
                (SELECT COUNT(*) FROM want_list w WHERE w.org_id = s.org_id AND w.is_open = 1 AND w.reference <> '' AND w.reference = s.reference) AS wanted \
         FROM signals s JOIN whatsapp_messages m ON m.id = s.message_id WHERE s.org_id = $1 AND s.broker_id = $2",
    );
    if actionable_only {
        sql.push_str(&format!(" AND {ACTIONABLE}"));
    }
    if !with_claimed {
        sql.push_str(" AND s.claimed_at IS NULL");
    }
    sql.push_str(&format!(" ORDER BY s.sent_at DESC, s.position LIMIT {LIST_LIMIT}"));
    let rows: Vec<SignalRow> = sqlx::query_as(&sql).bind(&ctx.org.id).bind(&ctx.user.id).fetch_all(&ctx.db.pool).await?;
    let (newest, claimed) = marker(ctx).await?;
    let connected: Option<(String,)> =
        sqlx::query_as("SELECT status FROM whatsapp_connections WHERE broker_id = $1").bind(&ctx.user.id).fetch_optional(&ctx.db.pool).await?;
    Ok(SignalsPage {
        signals: rows.into_iter().map(SignalRow::into_dto).collect(),
        counts: counts(ctx).await?,
        newest,
        claimed,
        connected: connected.is_some_and(|c| c.0 != LinkStatus::NotLinked.as_str()),
        currency: ctx.org.currency.clone(),
    })
}

/// The broker's signals counted by the list's own rules (one query for the
/// Signals page and the WhatsApp settings alike).
pub async fn counts(ctx: &Ctx) -> Result<SignalCounts, AppError> {
    let (all, actionable, open, claimed): (i64, i64, i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN {ACTIONABLE} THEN 1 ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN {ACTIONABLE} AND s.claimed_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), COUNT(s.claimed_at) \
         FROM signals s WHERE s.org_id = $1 AND s.broker_id = $2"
    ))
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_one(&ctx.db.pool)
    .await?;
    Ok(SignalCounts { all, actionable, open, claimed })
}

/// The newest signal's time and how many are claimed.
pub async fn marker(ctx: &Ctx) -> Result<(Option<i64>, i64), AppError> {
    Ok(sqlx::query_as("SELECT MAX(created_at), COUNT(claimed_at) FROM signals WHERE org_id = $1 AND broker_id = $2")
        .bind(&ctx.org.id)
        .bind(&ctx.user.id)
        .fetch_one(&ctx.db.pool)
        .await?)
}

/// The fields the claim form sends (pre-filled from the signal; the broker
/// may correct them).
pub struct ClaimFields {
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub asking: String,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    broker_id: String,
    org_id: String,
    claimed_at: Option<i64>,
    deal_type: String,
    price: Option<String>,
    currency: Option<String>,
    group_name: String,
    body: String,
}

const CLAIMED_ALREADY: &str = "You have claimed this signal already; it is on your Deals page.";

/// Claims a signal: a submission (source group recorded, the message in the
/// notes) created in the transaction that marks the signal claimed.
pub async fn claim(ctx: &Ctx, id: &str, f: &ClaimFields) -> OpResult<String> {
    let mut tx = ctx.db.begin_write().await?;
    let row: Option<ClaimRow> = sqlx::query_as(
        "SELECT s.broker_id, s.org_id, s.claimed_at, s.deal_type, s.price, s.currency, m.group_name, m.body \
         FROM signals s JOIN whatsapp_messages m ON m.id = s.message_id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let row = match row {
        Some(r) if r.broker_id == ctx.user.id && r.org_id == ctx.org.id => r,
        _ => return Err(AppError::NotFound.into()),
    };
    if row.claimed_at.is_some() {
        return Err(conflict(CLAIMED_ALREADY));
    }
    let wanted = row.deal_type == DealType::Wanted.as_str();
    let mut notes = format!("From the WhatsApp group \"{}\"{}:\n{}", row.group_name, if wanted { " (a wanted post)" } else { "" }, row.body);
    // A quote in another currency is not an asking price in ours: keep it in the notes.
    if let (Some(c), Some(p)) = (row.currency.as_deref(), row.price.as_deref()) {
        if c != ctx.currency.code() {
            notes.push_str(&format!("\n\nQuoted: {c} {p}"));
        }
    }
    let input = SubmissionInput {
        brand: f.brand.clone(),
        model: f.model.clone(),
        reference: f.reference.clone(),
        asking: f.asking.clone(),
        notes: notes.chars().take(2000).collect(),
        source_type: "sourced".into(),
        photos: Vec::new(),
        source_group: row.group_name,
        signal_id: Some(id.to_string()),
    };
    let submission = insert_submission(&mut tx, ctx, &input).await?;
    let r = sqlx::query("UPDATE signals SET claimed_at = $1, submission_id = $2 WHERE id = $3 AND claimed_at IS NULL")
        .bind(now_ms())
        .bind(&submission)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    expect_one(r, CLAIMED_ALREADY)?;
    audit_in(&mut tx, ctx, action::SIGNAL_CLAIMED, id, Some(&submission)).await?;
    tx.commit().await?;
    mailer::wake();
    Ok(submission)
}
