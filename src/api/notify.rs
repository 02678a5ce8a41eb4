//! In-app notifications: the bell in the sidebar (owners hear about new
//! submissions, payout requests and disputes).

use crate::dto::error::AppError;
use crate::dto::notify::NotificationItem;
use leptos::prelude::*;

/// The caller's latest notifications (newest first); opening the list marks them read.
#[server(endpoint = "notifications")]
pub async fn open_notifications() -> Result<Vec<NotificationItem>, AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let ctx = auth::require(crate::domain::Capability::AccountSelf).await?;
            let db = &auth::state()?.db;
            let rows: Vec<(String, String, String, String, i64, Option<i64>)> = sqlx::query_as(
                "SELECT id, kind, title, link, created_at, read_at FROM notifications WHERE user_id = $1 AND org_id = $2 ORDER BY created_at DESC LIMIT 20",
            )
            .bind(&ctx.user.id)
            .bind(&ctx.org.id)
            .fetch_all(&db.pool)
            .await
            .map_err(auth::internal)?;
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
                .bind(crate::server::db::now_ms())
                .bind(&ctx.user.id)
                .execute(&db.pool)
                .await
                .map_err(auth::internal)?;
            Ok(rows
                .into_iter()
                .map(|(id, kind, title, link, created_at, read_at)| NotificationItem { id, kind, title, link, created_at, read: read_at.is_some() })
                .collect())
        }
        .await,
    )
}
