//! The pages every signed-in person has — Overview and Settings — load in
//! one call each: the person, plus the piece each enabled module adds for
//! them (today: a dealer broker's dashboard and profile).

use super::account;
use super::auth::{self, Ctx};
use super::db::now_ms;
use super::dealer::{dashboard, profile};
use crate::domain::Capability;
use crate::dto::account::Me;
use crate::dto::error::AppError;
use crate::dto::portal::{BrokerDashboard, BrokerProfile};

/// The signed-in person and the same context under `cap`, when they are a
/// dealer broker; `None` when nobody is signed in.
async fn person() -> Result<Option<(Me, Option<Ctx>)>, AppError> {
    let Some(ctx) = auth::signed_in().await? else { return Ok(None) };
    let me = account::me(&ctx).await?;
    let broker = me.is_dealer_broker().then(|| Ctx { capability: Capability::BrokerPortal, ..ctx });
    Ok(Some((me, broker)))
}

/// The Overview page: the person, and for a broker his dashboard.
pub async fn overview() -> Result<Option<(Me, Option<BrokerDashboard>)>, AppError> {
    let Some((me, broker)) = person().await? else { return Ok(None) };
    let board = match broker {
        Some(ctx) => Some(dashboard::dashboard(&ctx, now_ms()).await?),
        None => None,
    };
    Ok(Some((me, board)))
}

/// The Settings page: the person, and for a broker his profile.
pub async fn settings() -> Result<Option<(Me, Option<BrokerProfile>)>, AppError> {
    let Some((me, broker)) = person().await? else { return Ok(None) };
    let profile = match broker {
        Some(ctx) => Some(profile::profile(&ctx).await?),
        None => None,
    };
    Ok(Some((me, profile)))
}
