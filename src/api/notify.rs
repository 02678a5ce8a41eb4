//! In-app notifications: the bell in the sidebar.

use crate::dto::error::AppError;
use crate::dto::notify::NotificationItem;
#[cfg(feature = "ssr")]
use crate::{domain::Capability, serve, server::account};
use leptos::prelude::*;

/// The caller's latest notifications (newest first); opening the list marks them read.
#[server(endpoint = "notifications")]
pub async fn open_notifications() -> Result<Vec<NotificationItem>, AppError> {
    serve!(Capability::AccountSelf, |ctx| account::open_notifications(ctx))
}
