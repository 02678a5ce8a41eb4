//! The UI kit page's server functions (platform admin, demo mode only).

use crate::dto::error::AppError;
use crate::dto::kit::{KitChart, KitRow};
#[cfg(feature = "ssr")]
use crate::{domain::Capability, serve, server::demo::kit};
use leptos::prelude::*;

#[server(endpoint = "kit/rows")]
pub async fn kit_demo_rows() -> Result<Vec<KitRow>, AppError> {
    serve!(Capability::PlatformManage, |ctx| async { kit::demo_rows(ctx) })
}

/// Every chart kind, drawn from the demo rows.
#[server(endpoint = "kit/charts")]
pub async fn kit_demo_charts() -> Result<Vec<KitChart>, AppError> {
    serve!(Capability::PlatformManage, |ctx| async { kit::demo_charts(ctx) })
}

/// A form that the server validates: field errors come back next to the fields.
#[server(endpoint = "kit/validate")]
pub async fn kit_validate(name: String, amount: String) -> Result<String, AppError> {
    serve!(Capability::PlatformManage, |ctx| async { kit::validate(ctx, &name, &amount) })
}
