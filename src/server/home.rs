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
use crate::dto::portal::{Home, MySettings};

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

/// The Settings page: the person, for a broker his profile, for someone
/// who sets up the organization what its documents print.
pub async fn settings() -> Result<Option<MySettings>, AppError> {
    let Some(ctx) = auth::signed_in().await? else { return Ok(None) };
    let me = account::me(&ctx).await?;
    let broker = match me.is_dealer_broker() {
        true => Some(profile::profile(&Ctx { capability: Capability::BrokerPortal, ..ctx.clone() }).await?),
        false => None,
    };
    let documents = match me.can(Capability::OrgSettings) {
        true => Some(account::org_documents(&Ctx { capability: Capability::OrgSettings, ..ctx }).await?),
        false => None,
    };
    Ok(Some(MySettings { me, broker, documents }))
}
