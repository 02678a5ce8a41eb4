//! The signed-in person: who they are (with their unread count) and their
//! in-app notifications (owners hear about new submissions, payout requests
//! and disputes), and the organization's own settings (its time zone).

use super::audit::action;
use super::auth::{self, Ctx};
use super::db::now_ms;
use super::op::{audit_in, OpResult};
use super::repo;
use crate::domain::time::Zone;
use crate::dto::account::{Me, OrgDocuments};
use crate::dto::error::AppError;
use crate::dto::notify::NotificationItem;
use crate::dto::uploads::{file_url, UploadedFile};

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

/// The organization's address and logo, as its documents print them.
pub async fn org_documents(ctx: &Ctx) -> Result<OrgDocuments, AppError> {
    let (address, logo): (String, Option<String>) =
        sqlx::query_as("SELECT address, logo_upload_id FROM organizations WHERE id = $1").bind(&ctx.org.id).fetch_one(&ctx.db.pool).await?;
    let logo = match logo {
        Some(id) => sqlx::query_as::<_, (String, String, i64)>("SELECT file_name, content_type, size_bytes FROM uploads WHERE id = $1")
            .bind(&id)
            .fetch_optional(&ctx.db.pool)
            .await?
            .map(|(file_name, content_type, size)| UploadedFile { url: file_url(&id), id, file_name, content_type, size_bytes: size as u64 }),
        None => None,
    };
    Ok(OrgDocuments { address, logo })
}

/// Most lines an address prints with.
const ADDRESS_LINES: usize = 6;

/// The owner sets the address (at most six lines) and, optionally, a new
/// logo: an image he uploaded; an empty `logo` keeps the one on file.
pub async fn save_org_documents(ctx: &Ctx, address: &str, logo: &str) -> OpResult<()> {
    let lines: Vec<&str> = address.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > ADDRESS_LINES || lines.iter().any(|l| l.chars().count() > 80) {
        return Err(AppError::field("address", format!("An address prints on at most {ADDRESS_LINES} lines of 80 characters.")).into());
    }
    let address = lines.join("\n");
    let mut tx = ctx.db.begin_write().await?;
    let logo = logo.trim();
    if !logo.is_empty() {
        let found: Option<(String, String, String)> =
            sqlx::query_as("SELECT org_id, uploaded_by, content_type FROM uploads WHERE id = $1").bind(logo).fetch_optional(&mut *tx).await?;
        match found {
            Some((org, by, kind)) if org == ctx.org.id && by == ctx.user.id && kind.starts_with("image/") => {}
            Some((org, by, _)) if org == ctx.org.id && by == ctx.user.id => {
                return Err(AppError::field("logo", "The logo must be an image (PNG, JPEG, WebP or SVG).").into())
            }
            _ => return Err(AppError::field("logo", "The logo could not be found; upload it again.").into()),
        }
        sqlx::query("UPDATE organizations SET logo_upload_id = $1 WHERE id = $2").bind(logo).bind(&ctx.org.id).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE organizations SET address = $1 WHERE id = $2").bind(&address).bind(&ctx.org.id).execute(&mut *tx).await?;
    audit_in(&mut tx, ctx, action::ORG_DOCUMENTS_CHANGED, &ctx.org.id, None).await?;
    tx.commit().await?;
    Ok(())
}
