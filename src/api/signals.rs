//! Signals: WhatsApp group messages parsed into claimable leads, and the
//! broker's WhatsApp connection (Settings → WhatsApp). A broker only ever
//! sees his own connection's messages and signals.

use crate::dto::error::AppError;
use crate::dto::signals::*;
#[cfg(feature = "ssr")]
use crate::{
    domain::{Capability, Module},
    serve,
    server::signals::{connections, connectors, leads},
};
use leptos::prelude::*;

/// The broker's signals, newest first. `filter`: `actionable` (for sale and
/// wanted) or `all`; `claimed`: also show claimed ones.
#[server(endpoint = "broker/signals")]
pub async fn broker_signals(filter: String, claimed: bool) -> Result<SignalsPage, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| leads::list(ctx, filter != "all", claimed))
}

/// The newest signal's time and how many are claimed: the Signals page
/// polls this and reloads its list only when it changed.
#[server(endpoint = "broker/signals/marker")]
pub async fn signals_marker() -> Result<(Option<i64>, i64), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| leads::marker(ctx))
}

/// Claims a signal: a submission with the (possibly corrected) fields and
/// the source group recorded. Returns the submission id.
#[server(endpoint = "broker/signals/claim")]
pub async fn claim_signal(id: String, brand: String, model: String, reference: String, asking: String) -> Result<String, AppError> {
    let fields = leads::ClaimFields { brand, model, reference, asking };
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| leads::claim(ctx, &id, &fields))
}

#[server(endpoint = "broker/whatsapp")]
pub async fn whatsapp_state() -> Result<WhatsAppState, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| connections::whatsapp_state(ctx))
}

/// Sets up (or renews the secret of) the signed webhook for a bridge.
#[server(endpoint = "broker/whatsapp/bridge")]
pub async fn setup_bridge() -> Result<BridgeSecret, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| connections::setup_bridge(ctx))
}

/// Connects the demo chat simulator, which replays a chat into the webhook.
#[server(endpoint = "broker/whatsapp/simulate")]
pub async fn start_simulator() -> Result<(), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| connectors::start_simulator(ctx))
}

/// Stops capture at once and deletes the stored credentials.
#[server(endpoint = "broker/whatsapp/unlink")]
pub async fn unlink_whatsapp() -> Result<(), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| connections::unlink(ctx))
}
