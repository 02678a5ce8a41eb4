//! The dealer's want list: what the desk is looking for, the brokers'
//! "I can find this" / "I'm working on this" flags, and the desk adding and
//! closing items.

use super::action;
use crate::dto::error::{AppError, FieldErrors};
use crate::dto::portal::{DeskWantItem, WantItem};
use crate::server::audit;
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms};
use crate::server::op::{OpError, OpResult};

#[derive(sqlx::FromRow)]
struct WantRow {
    id: String,
    brand: String,
    model: String,
    reference: String,
    notes: String,
    urgency: i64,
    flag: Option<String>,
}

/// The open want list as a broker sees it, with his own flag on each item.
pub async fn for_broker(ctx: &Ctx, limit: i64) -> Result<Vec<WantItem>, AppError> {
    let rows: Vec<WantRow> = sqlx::query_as(
        "SELECT w.id, w.brand, w.model, w.reference, w.notes, w.urgency, f.flag FROM want_list w \
         LEFT JOIN want_list_flags f ON f.item_id = w.id AND f.broker_id = $2 \
         WHERE w.org_id = $1 AND w.is_open = 1 ORDER BY w.urgency DESC, w.created_at DESC LIMIT $3",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(limit)
    .fetch_all(&ctx.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| WantItem {
            id: r.id,
            brand: r.brand,
            model: r.model,
            reference: r.reference,
            notes: r.notes,
            urgency: r.urgency,
            my_flag: r.flag.unwrap_or_default(),
        })
        .collect())
}

/// A broker flags an open item: "I can find this" / "I'm working on this" (or clears it).
pub async fn flag(ctx: &Ctx, item_id: &str, flag: &str) -> OpResult<()> {
    if !matches!(flag, "" | "can_find" | "working_on") {
        return Err(AppError::field("flag", "Choose “I can find this” or “I’m working on this”.").into());
    }
    let mut tx = ctx.db.begin_write().await?;
    let item: Option<(String, i64)> = sqlx::query_as("SELECT org_id, is_open FROM want_list WHERE id = $1").bind(item_id).fetch_optional(&mut *tx).await?;
    match item {
        Some((org, open)) if org == ctx.org.id && open != 0 => {}
        _ => return Err(AppError::NotFound.into()),
    }
    sqlx::query("DELETE FROM want_list_flags WHERE item_id = $1 AND broker_id = $2").bind(item_id).bind(&ctx.user.id).execute(&mut *tx).await?;
    if !flag.is_empty() {
        sqlx::query("INSERT INTO want_list_flags (item_id, broker_id, flag, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(item_id)
            .bind(&ctx.user.id)
            .bind(flag)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DeskWantRow {
    id: String,
    brand: String,
    model: String,
    reference: String,
    notes: String,
    urgency: i64,
    is_open: i64,
    created_at: i64,
}

/// The whole want list for the desk, with which brokers flagged each item.
pub async fn for_desk(ctx: &Ctx) -> Result<Vec<DeskWantItem>, AppError> {
    let rows: Vec<DeskWantRow> = sqlx::query_as(
        "SELECT id, brand, model, reference, notes, urgency, is_open, created_at FROM want_list WHERE org_id = $1 ORDER BY is_open DESC, urgency DESC, created_at DESC LIMIT 500",
    )
    .bind(&ctx.org.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    let flags: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT f.item_id, u.display_name, f.flag FROM want_list_flags f JOIN want_list w ON w.id = f.item_id JOIN users u ON u.id = f.broker_id \
         WHERE w.org_id = $1 ORDER BY u.display_name",
    )
    .bind(&ctx.org.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    let label = |flag: &str| if flag == "can_find" { "Can find it".to_string() } else { "Working on it".to_string() };
    Ok(rows
        .into_iter()
        .map(|r| DeskWantItem {
            brokers: flags.iter().filter(|f| f.0 == r.id).map(|f| (f.1.clone(), label(&f.2))).collect(),
            brand: r.brand,
            model: r.model,
            reference: r.reference,
            notes: r.notes,
            urgency: r.urgency,
            open: r.is_open != 0,
            created_at: r.created_at,
            id: r.id,
        })
        .collect())
}

pub async fn add(ctx: &Ctx, brand: &str, model: &str, reference: &str, urgency: &str, notes: &str) -> OpResult<String> {
    let mut errors = FieldErrors::default();
    if brand.trim().is_empty() || brand.trim().chars().count() > 60 {
        errors.add("brand", "Enter the brand.");
    }
    if model.trim().chars().count() > 80 {
        errors.add("model", "The model is too long.");
    }
    let urgency: i64 = match urgency.trim().parse() {
        Ok(u @ 1..=3) => u,
        _ => {
            errors.add("urgency", "Choose low, normal or urgent.");
            0
        }
    };
    if notes.trim().chars().count() > 500 {
        errors.add("notes", "Notes are too long (at most 500 characters).");
    }
    errors.finish()?;
    let reference: String = reference.split_whitespace().collect::<String>().to_uppercase();
    let id = new_id();
    let mut tx = ctx.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO want_list (id, org_id, brand, model, reference, notes, urgency, is_open, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)",
    )
    .bind(&id)
    .bind(&ctx.org.id)
    .bind(brand.trim())
    .bind(model.trim())
    .bind(&reference)
    .bind(notes.trim())
    .bind(urgency)
    .bind(&ctx.user.id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, audit::Entry { target: Some(&id), ..ctx.audit_entry(action::WANT_ITEM_ADDED) }).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn close(ctx: &Ctx, id: &str) -> OpResult<()> {
    let mut tx = ctx.db.begin_write().await?;
    let r = sqlx::query("UPDATE want_list SET is_open = 0 WHERE id = $1 AND org_id = $2 AND is_open = 1").bind(id).bind(&ctx.org.id).execute(&mut *tx).await?;
    if r.rows_affected() != 1 {
        let exists: Option<(String,)> = sqlx::query_as("SELECT org_id FROM want_list WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        return Err(match exists {
            Some((org,)) if org == ctx.org.id => OpError::App(AppError::Conflict { message: "This item is closed already.".into() }),
            _ => AppError::NotFound.into(),
        });
    }
    audit::record(&mut *tx, audit::Entry { target: Some(id), ..ctx.audit_entry(action::WANT_ITEM_CLOSED) }).await?;
    tx.commit().await?;
    Ok(())
}
