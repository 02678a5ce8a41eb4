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

use super::action;
use super::connections::{ensure_connection, issue_secret};
use super::ingest::IncomingMessage;
use super::webhook::{receive, receive_link, sign, LinkEvent, WebhookError};
use crate::domain::chat_export;
use crate::domain::time::Zone;
use crate::dto::error::AppError;
use crate::dto::signals::ConnectionKind;
use crate::server::auth::Ctx;
use crate::server::config::EncryptionKey;
use crate::server::db::{now_ms, Db};
use crate::server::op::{audit_in, internal};
use async_trait::async_trait;
use std::time::Duration;

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
        receive_link(&self.db, &self.key, &self.connection_id, Some(&sign(&self.secret, &body)), &body).await
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
            for m in demo_messages(now_ms(), pace.as_millis() as i64) {
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

/// The scripted chat the simulator replays (a WhatsApp export).
pub const DEMO_CHAT: &str = include_str!("demo_chat.txt");
pub const DEMO_GROUP: &str = "Geneva Watch Traders";

/// The demo chat as webhook messages with stable ids (replaying it again
/// stores nothing twice), stamped from `start` one `step_ms` apart.
pub fn demo_messages(start: i64, step_ms: i64) -> Vec<IncomingMessage> {
    let export = chat_export::parse_chat_export(DEMO_CHAT, Zone::UTC).map(|e| e.messages).unwrap_or_default();
    export
        .into_iter()
        .enumerate()
        .map(|(i, m)| IncomingMessage {
            message_id: format!("demo-{}", m.line),
            group_id: "demo-geneva-watch-traders@g.us".into(),
            group_name: DEMO_GROUP.into(),
            sender: m.sender,
            timestamp: start + i as i64 * step_ms,
            text: m.text,
        })
        .collect()
}

/// Links the demo connector: it shows a QR code, "connects" a few seconds
/// later and replays the demo chat, each message signed and checked like a
/// connector's post.
pub async fn start_simulator(ctx: &Ctx) -> Result<(), AppError> {
    if !ctx.config.demo {
        return Err(AppError::NotFound);
    }
    let mut tx = ctx.db.begin_write().await?;
    let conn = ensure_connection(&mut tx, ctx).await?;
    let secret = issue_secret(&mut tx, &ctx.config.encryption_key, &conn.id, ConnectionKind::Simulator).await?;
    audit_in(&mut tx, ctx, action::SIMULATOR_STARTED, &conn.id, None).await?;
    tx.commit().await?;
    let sink = LinkSink { db: ctx.db.clone(), key: ctx.config.encryption_key.clone(), connection_id: conn.id.clone(), secret };
    Simulator::default().start(sink).await.map_err(internal)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_chat_is_a_valid_export() {
        let msgs = demo_messages(1_000, 10);
        assert_eq!(msgs.len(), 14);
        assert!(msgs.iter().all(|m| m.message_id.starts_with("demo-") && m.group_name == DEMO_GROUP));
        assert!(msgs[1].text.contains("126610LN") && msgs[1].text.contains("spare links"), "multi-line kept: {:?}", msgs[1]);
    }
}
