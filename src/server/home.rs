//! The pages every signed-in person has — Overview and Settings — load in
//! one call each: the person, plus the piece each enabled module adds for
//! them (today: a dealer broker's dashboard and profile).

use super::account;
use super::auth::{self, Ctx};
use super::db::now_ms;
use super::dealer::{dashboard, desk_home, profile};
use crate::domain::{Capability, Module};
use crate::dto::account::Me;
use crate::dto::error::AppError;
use crate::dto::portal::{BrokerProfile, Home};

/// The signed-in person and the same context under `cap`, when they are a
/// dealer broker; `None` when nobody is signed in.
async fn person() -> Result<Option<(Me, Option<Ctx>)>, AppError> {
    let Some(ctx) = auth::signed_in().await? else { return Ok(None) };
    let me = account::me(&ctx).await?;
    let broker = me.is_dealer_broker().then(|| Ctx { capability: Capability::BrokerPortal, ..ctx });
    Ok(Some((me, broker)))
}

/// The Overview page: the person, and his home — a broker's dashboard, the
/// desk's attention list and figures, or the plain cards.
pub async fn overview() -> Result<Option<(Me, Home)>, AppError> {
    let Some(ctx) = auth::signed_in().await? else { return Ok(None) };
    let me = account::me(&ctx).await?;
    let home = if me.is_dealer_broker() {
        Home::Broker(dashboard::dashboard(&Ctx { capability: Capability::BrokerPortal, ..ctx }, now_ms()).await?)
    } else if !me.is_platform && me.modules.contains(&Module::Dealer) && me.capabilities.contains(&Capability::DealsReview) {
        Home::Desk(desk_home::desk_home(&ctx, now_ms()).await?)
    } else {
        Home::Plain
    };
    Ok(Some((me, home)))
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
