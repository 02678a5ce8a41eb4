//! The broker's own settings — profile, payout details (the account number
//! sealed at rest, shown only as its last four digits) — his legacy
//! messages, and the owner's audited reveal of the full bank details.

use super::{action, DEFAULT_COMMISSION_BPS};
use crate::domain::dealer::*;
use crate::dto::error::{AppError, FieldErrors};
use crate::dto::portal::*;
use crate::server::audit;
use crate::server::auth::Ctx;
use crate::server::crypto;
use crate::server::db::{now_ms, Tx};
use crate::server::op::{internal, OpError, OpResult};

/// The broker's read-only message history from before Dealflow.
pub async fn messages(ctx: &Ctx) -> Result<Vec<LegacyMessage>, AppError> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT from_dealer, author_name, body, sent_at FROM legacy_messages WHERE org_id = $1 AND broker_id = $2 ORDER BY sent_at")
            .bind(&ctx.org.id)
            .bind(&ctx.user.id)
            .fetch_all(&ctx.db.pool)
            .await?;
    Ok(rows.into_iter().map(|(d, author, body, sent_at)| LegacyMessage { from_dealer: d != 0, author, body, sent_at }).collect())
}

async fn ensure_profile(tx: &mut Tx, ctx: &Ctx) -> Result<(), sqlx::Error> {
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT user_id FROM broker_profiles WHERE user_id = $1").bind(&ctx.user.id).fetch_optional(&mut **tx).await?;
    if exists.is_none() {
        sqlx::query("INSERT INTO broker_profiles (user_id, org_id, commission_bps, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(&ctx.user.id)
            .bind(&ctx.org.id)
            .bind(DEFAULT_COMMISSION_BPS)
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[derive(Default, sqlx::FromRow)]
struct ProfileRow {
    phone: String,
    avatar_url: String,
    payout_institution: String,
    payout_routing: String,
    payout_swift: String,
    payout_account_last4: String,
    payout_method: String,
    payout_notes: String,
}

/// The broker's profile and payout details (the account number only as its
/// last four digits).
pub async fn profile(ctx: &Ctx) -> Result<BrokerProfile, AppError> {
    let row: Option<ProfileRow> = sqlx::query_as(
        "SELECT phone, avatar_url, payout_institution, payout_routing, payout_swift, payout_account_last4, payout_method, payout_notes \
         FROM broker_profiles WHERE user_id = $1 AND org_id = $2",
    )
    .bind(&ctx.user.id)
    .bind(&ctx.org.id)
    .fetch_optional(&ctx.db.pool)
    .await?;
    let r = row.unwrap_or_default();
    Ok(BrokerProfile {
        name: ctx.user.display_name.clone(),
        email: ctx.user.email.clone(),
        role: ctx.user.role.label().to_string(),
        joined_at: ctx.user.created_at,
        phone: r.phone,
        avatar_url: r.avatar_url,
        payout: PayoutInfoView {
            institution: r.payout_institution,
            routing: r.payout_routing,
            swift: r.payout_swift,
            account_last4: r.payout_account_last4,
            method: PayoutMethod::parse(&r.payout_method),
            notes: r.payout_notes,
        },
    })
}

pub async fn save_profile(ctx: &Ctx, name: &str, phone: &str, avatar_url: &str) -> OpResult<()> {
    let mut errors = FieldErrors::default();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        errors.add("name", "Enter your name (at most 80 characters).");
    }
    let phone = phone.trim();
    if phone.chars().count() > 30 || !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        errors.add("phone", "Enter a phone number with digits, spaces and + - ( ) only.");
    }
    let avatar = avatar_url.trim();
    if !avatar.is_empty() && (!avatar.starts_with("https://") || avatar.len() > 300 || avatar.contains(char::is_whitespace)) {
        errors.add("avatar_url", "Use an https:// address for your picture.");
    }
    errors.finish()?;
    let mut tx = ctx.db.begin_write().await?;
    ensure_profile(&mut tx, ctx).await?;
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2").bind(name).bind(&ctx.user.id).execute(&mut *tx).await?;
    sqlx::query("UPDATE broker_profiles SET phone = $1, avatar_url = $2, updated_at = $3 WHERE user_id = $4")
        .bind(phone)
        .bind(avatar)
        .bind(now_ms())
        .bind(&ctx.user.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn aad(user_id: &str) -> String {
    format!("payout_account:{user_id}")
}

pub async fn save_payout_info(ctx: &Ctx, input: &PayoutInfoInput) -> OpResult<()> {
    let clean = validate_payout_info(input).map_err(|fields| {
        let mut errors = FieldErrors::default();
        for (f, m) in fields {
            errors.add(f, m);
        }
        OpError::App(errors.finish().expect_err("fields were given"))
    })?;
    let sealed = clean.account.as_ref().map(|a| (crypto::seal(&ctx.config.encryption_key, a, &aad(&ctx.user.id)), account_last4(a)));
    let mut tx = ctx.db.begin_write().await?;
    ensure_profile(&mut tx, ctx).await?;
    sqlx::query(
        "UPDATE broker_profiles SET payout_institution = $1, payout_routing = $2, payout_swift = $3, payout_method = $4, payout_notes = $5, updated_at = $6 \
         WHERE user_id = $7",
    )
    .bind(&clean.institution)
    .bind(&clean.routing)
    .bind(&clean.swift)
    .bind(clean.method.as_str())
    .bind(&clean.notes)
    .bind(now_ms())
    .bind(&ctx.user.id)
    .execute(&mut *tx)
    .await?;
    if let Some((enc, last4)) = sealed {
        sqlx::query("UPDATE broker_profiles SET payout_account_enc = $1, payout_account_last4 = $2 WHERE user_id = $3")
            .bind(&enc)
            .bind(&last4)
            .bind(&ctx.user.id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut *tx, audit::Entry { target: Some(&ctx.user.id), ..ctx.audit_entry(action::PAYOUT_INFO_SAVED) }).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct BankRow {
    org_id: String,
    broker_id: String,
    display_name: String,
    payout_institution: Option<String>,
    payout_routing: Option<String>,
    payout_swift: Option<String>,
    payout_account_enc: Option<String>,
    payout_method: Option<String>,
    payout_notes: Option<String>,
}

/// An owner reveals a broker's full bank details to pay him: every reveal
/// is written to the audit log.
pub async fn reveal_bank_details(ctx: &Ctx, payout_request_id: &str) -> Result<BankDetails, AppError> {
    let row: BankRow = sqlx::query_as(
        "SELECT r.org_id, r.broker_id, u.display_name, bp.payout_institution, bp.payout_routing, bp.payout_swift, bp.payout_account_enc, \
                bp.payout_method, bp.payout_notes \
         FROM payout_requests r JOIN users u ON u.id = r.broker_id LEFT JOIN broker_profiles bp ON bp.user_id = r.broker_id WHERE r.id = $1",
    )
    .bind(payout_request_id)
    .fetch_optional(&ctx.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    ctx.same_org(&row.org_id)?;
    let account_number = match row.payout_account_enc.as_deref() {
        None | Some("") => String::new(),
        Some(enc) => crypto::open(&ctx.config.encryption_key, enc, &aad(&row.broker_id)).map_err(internal)?,
    };
    let entry = audit::Entry { target: Some(&row.broker_id), detail: Some(payout_request_id), ..ctx.audit_entry(action::BANK_DETAILS_REVEALED) };
    audit::record(&ctx.db.pool, entry).await?;
    Ok(BankDetails {
        broker_name: row.display_name,
        institution: row.payout_institution.unwrap_or_default(),
        routing: row.payout_routing.unwrap_or_default(),
        swift: row.payout_swift.unwrap_or_default(),
        account_number,
        method: row.payout_method.as_deref().and_then(PayoutMethod::parse),
        notes: row.payout_notes.unwrap_or_default(),
    })
}
