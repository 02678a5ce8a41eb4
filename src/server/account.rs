//! The signed-in person: who they are (with their unread count) and their
//! in-app notifications (owners hear about new submissions, payout requests
//! and disputes), and the organization's own settings (its time zone).

use super::audit::action;
use super::auth::{self, Ctx};
use super::db::now_ms;
use super::op::{audit_in, OpResult};
use super::repo;
use crate::domain::time::Zone;
use crate::dto::account::Me;
use crate::dto::error::AppError;
use crate::dto::notify::NotificationItem;

/// The signed-in person as their own browser sees them.
pub async fn me(ctx: &Ctx) -> Result<Me, AppError> {
    let (unread,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL").bind(&ctx.user.id).fetch_one(&ctx.db.pool).await?;
    let (u, o) = (&ctx.user, &ctx.org);
    Ok(Me {
        unread,
        capabilities: u.role.capabilities(),
        id: u.id.clone(),
        name: u.display_name.clone(),
        email: u.email.clone(),
        role: u.role,
        org_name: o.name.clone(),
        org_currency: o.currency.clone(),
        org_time_zone: o.time_zone,
        org_zone_rules: o.time_zone.rules(),
        is_platform: o.is_platform,
        modules: o.modules.clone(),
        joined_at: u.created_at,
    })
}

/// `me`, or `None` when nobody is signed in.
pub async fn me_if_signed_in() -> Result<Option<Me>, AppError> {
    match auth::signed_in().await? {
        Some(ctx) => Ok(Some(me(&ctx).await?)),
        None => Ok(None),
    }
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: String,
    kind: String,
    title: String,
    link: String,
    created_at: i64,
    read_at: Option<i64>,
}

/// The caller's latest notifications (newest first); opening the list marks them read.
pub async fn open_notifications(ctx: &Ctx) -> Result<Vec<NotificationItem>, AppError> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, title, link, created_at, read_at FROM notifications WHERE user_id = $1 AND org_id = $2 ORDER BY created_at DESC LIMIT 20",
    )
    .bind(&ctx.user.id)
    .bind(&ctx.org.id)
    .fetch_all(&ctx.db.pool)
    .await?;
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL").bind(now_ms()).bind(&ctx.user.id).execute(&ctx.db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| NotificationItem { id: r.id, kind: r.kind, title: r.title, link: r.link, created_at: r.created_at, read: r.read_at.is_some() })
        .collect())
}

/// The owner sets the organization's time zone (its calendar and clock).
pub async fn set_time_zone(ctx: &Ctx, zone: &str) -> OpResult<()> {
    let zone = Zone::parse(zone).map_err(|e| AppError::field("time_zone", e.to_string()))?;
    let mut tx = ctx.db.begin_write().await?;
    repo::set_time_zone(&mut *tx, &ctx.org.id, zone).await?;
    audit_in(&mut tx, ctx, action::ORG_TIME_ZONE_CHANGED, &ctx.org.id, Some(zone.name())).await?;
    tx.commit().await?;
    Ok(())
}
