//! Signals: WhatsApp group messages parsed into claimable leads, and the
//! broker's WhatsApp connection (Settings → WhatsApp). A broker only ever
//! sees his own connection's messages and signals.

use crate::dto::signals::*;
use crate::dto::error::AppError;
use leptos::prelude::*;

/// The broker's signals, newest first. `filter`: `actionable` (for sale and
/// wanted) or `all`; `claimed`: also show claimed ones.
#[server(endpoint = "broker/signals")]
pub async fn broker_signals(filter: String, claimed: bool) -> Result<SignalsPage, AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            signals::list(&auth::state()?.db, &ctx, filter != "all", claimed).await
        }
        .await,
    )
}

/// The newest signal's time and how many are claimed: the Signals page
/// polls this and reloads its list only when it changed.
#[server(endpoint = "broker/signals/marker")]
pub async fn signals_marker() -> Result<(Option<i64>, i64), AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            signals::marker(&auth::state()?.db, &ctx).await
        }
        .await,
    )
}

/// Claims a signal: a submission with the (possibly corrected) fields and
/// the source group recorded. Returns the submission id.
#[server(endpoint = "broker/signals/claim")]
pub async fn claim_signal(id: String, brand: String, model: String, reference: String, asking: String) -> Result<String, AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let fields = signals::ClaimFields { brand, model, reference, asking };
            dealer::retrying!(signals::claim(&auth::state()?.db, &ctx, currency, &id, &fields))
        }
        .await,
    )
}

#[server(endpoint = "broker/whatsapp")]
pub async fn whatsapp_state() -> Result<WhatsAppState, AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let st = auth::state()?;
            signals::whatsapp_state(&st.db, &st.config, &ctx).await
        }
        .await,
    )
}

/// Sets up (or renews the secret of) the signed webhook for a bridge.
#[server(endpoint = "broker/whatsapp/bridge")]
pub async fn setup_bridge() -> Result<BridgeSecret, AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let st = auth::state()?;
            dealer::retrying!(signals::setup_bridge(&st.db, &st.config, &ctx))
        }
        .await,
    )
}

/// Connects the demo chat simulator, which replays a chat into the webhook.
#[server(endpoint = "broker/whatsapp/simulate")]
pub async fn start_simulator() -> Result<(), AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let st = auth::state()?;
            signals::start_simulator(&st.db, &st.config, &ctx).await
        }
        .await,
    )
}

/// Stops capture at once and deletes the stored credentials.
#[server(endpoint = "broker/whatsapp/unlink")]
pub async fn unlink_whatsapp() -> Result<(), AppError> {
    use crate::server::{auth, dealer, signals};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer::retrying!(signals::unlink(&auth::state()?.db, &ctx))
        }
        .await,
    )
}
