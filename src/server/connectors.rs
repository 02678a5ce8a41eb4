//! WhatsApp connectors: how a broker's personal WhatsApp gets linked and
//! how its group messages reach the webhook.
//!
//! A connector reports [`LinkEvent`]s — a QR code to scan, connected,
//! logged out, messages — to a [`LinkSink`], which writes them exactly as
//! the HTTP hooks would: messages go through the signed webhook's checks,
//! the link state through the same updates as `POST /hooks/whatsapp/{id}/link`.
//!
//! Implementations:
//! - [`Simulator`] (in process): shows a demo QR code, "connects" a few
//!   seconds later and replays the demo chat. Used by the demo and tests.
//! - A sidecar bridge (out of process) — e.g. one built on the
//!   `whatsapp-rust` crate, which links an account by QR code — posts the
//!   same events over HTTP to the webhook and the link hook, signed with the
//!   connection's secret. See README "WhatsApp" for why it is not linked
//!   into this binary.
//!
//! Unlinking deletes the connection's secret, so every later event from any
//! connector is refused at once (and the simulator stops).

use super::config::EncryptionKey;
use super::db::{now_ms, Db};
use super::signals::{receive, sign, IncomingMessage, WebhookError};
use async_trait::async_trait;
use std::time::Duration;

/// What a connector reports about its link.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum LinkEvent {
    /// A (new) code to scan in WhatsApp → Linked devices.
    Qr { code: String },
    Connected,
    /// The phone removed the linked device (or the session was replaced).
    LoggedOut,
}

/// Where a connector's events land for one connection.
#[derive(Clone)]
pub struct LinkSink {
    pub db: Db,
    pub key: EncryptionKey,
    pub connection_id: String,
    /// The connection's webhook secret (messages are signed with it).
    pub secret: String,
}

impl LinkSink {
    /// Applies a link event; `Unauthorized` once the connection was unlinked
    /// or re-linked with another secret.
    pub async fn link(&self, event: &LinkEvent) -> Result<(), WebhookError> {
        let body = serde_json::to_vec(event).map_err(|_| WebhookError::Internal)?;
        super::signals::receive_link(&self.db, &self.key, &self.connection_id, Some(&sign(&self.secret, &body)), &body).await
    }

    /// Delivers one message through the webhook's checks.
    pub async fn message(&self, m: &IncomingMessage) -> Result<(), WebhookError> {
        let body = serde_json::to_vec(m).map_err(|_| WebhookError::Internal)?;
        receive(&self.db, &self.key, &self.connection_id, Some(&sign(&self.secret, &body)), &body).await.map(|_| ())
    }
}

/// A way to link a broker's WhatsApp.
#[async_trait]
pub trait Connector: Send + Sync {
    /// Begins linking; events flow into `sink` until the connection is
    /// unlinked (its events are then refused and the connector stops).
    async fn start(&self, sink: LinkSink) -> anyhow::Result<()>;
}

/// The demo connector: a QR code, then "connected", then the demo chat.
pub struct Simulator {
    /// How long the QR code shows before the simulated phone scans it.
    pub scan_after: Duration,
    /// Pause between replayed messages.
    pub pace: Duration,
}

impl Default for Simulator {
    fn default() -> Self {
        Simulator { scan_after: Duration::from_secs(5), pace: Duration::from_millis(1_500) }
    }
}

#[async_trait]
impl Connector for Simulator {
    async fn start(&self, sink: LinkSink) -> anyhow::Result<()> {
        let (scan_after, pace) = (self.scan_after, self.pace);
        tokio::spawn(async move {
            let code = format!("dealflow-demo-link:{}:{}", sink.connection_id, now_ms());
            if sink.link(&LinkEvent::Qr { code }).await.is_err() {
                return;
            }
            tokio::time::sleep(scan_after).await;
            if sink.link(&LinkEvent::Connected).await.is_err() {
                return;
            }
            for m in super::signals::demo_messages(now_ms(), pace.as_millis() as i64) {
                match sink.message(&m).await {
                    Ok(()) => {}
                    // Unlinked (or re-linked) meanwhile: stop at once.
                    Err(WebhookError::Unauthorized) => return,
                    Err(e) => tracing::warn!(error = ?e, "simulator: a message was refused"),
                }
                tokio::time::sleep(pace).await;
            }
        });
        Ok(())
    }
}
