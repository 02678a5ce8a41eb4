//! In-app notifications: the bell in the sidebar.

use crate::dto::error::AppError;
use crate::dto::notify::NotificationItem;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use crate::{domain::Capability, serve, server::account};

/// The caller's latest notifications (newest first); opening the list marks them read.
#[server(endpoint = "notifications")]
pub async fn open_notifications() -> Result<Vec<NotificationItem>, AppError> {
    serve!(Capability::AccountSelf, |ctx| account::open_notifications(ctx))
}
