//! Chat exports (the offline path): a WhatsApp "Export chat" file imported
//! into the broker's connection as one group, through the same ingestion as
//! the webhook, and the plain form route that takes it.

use super::connections::ensure_connection;
use super::ingest::{ingest, IncomingMessage, Ingested};
use super::{action, MAX_IMPORT_BYTES, MAX_TEXT_CHARS};
use crate::domain::chat_export::{self, ExportedMessage};
use crate::domain::time::Zone;
use crate::domain::{Capability, Module};
use crate::dto::error::AppError;
use crate::server::auth::login::urlencode;
use crate::server::auth::{self, Ctx};
use crate::server::crypto;
use crate::server::op::{audit_in, error_response};
use crate::server::state::{AppState, ClientIp};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use sha2::{Digest, Sha256};
use tower_sessions::Session;

/// A message from an export, keyed by its content and its local time as
/// written in the file, so importing the same file twice (even with another
/// time zone chosen) stores nothing twice.
fn exported_to_incoming(group: &str, m: &ExportedMessage) -> IncomingMessage {
    let local = m.local_ms;
    let mut h = Sha256::new();
    for part in [group.trim().to_lowercase().as_str(), &m.sender, &local.to_string(), &m.text] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    IncomingMessage {
        message_id: format!("export-{}", &crypto::hex(&h.finalize())[..32]),
        group_id: format!("export:{}", group.trim().to_lowercase()),
        group_name: group.trim().to_string(),
        sender: m.sender.clone(),
        timestamp: m.sent_at_ms,
        text: m.text.clone(),
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub messages: usize,
    pub duplicates: usize,
    pub signals: usize,
    pub skipped: usize,
}

/// Imports an export's messages into the broker's connection as one group.
/// `zone`: the phone's time zone, which the file's times were written in.
pub async fn import_export(ctx: &Ctx, group: &str, zone: Zone, text: &str) -> Result<ImportSummary, AppError> {
    let group = group.trim();
    if group.is_empty() || group.chars().count() > 200 {
        return Err(AppError::field("group", "Enter the group's name (at most 200 characters)."));
    }
    let export = chat_export::parse_chat_export(text, zone).map_err(|e| AppError::field("file", e.to_string()))?;
    let conn = {
        let mut tx = ctx.db.begin_write().await?;
        let c = ensure_connection(&mut tx, ctx).await?;
        audit_in(&mut tx, ctx, action::IMPORTED, &c.id, Some(group)).await?;
        tx.commit().await?;
        c
    };
    let mut summary = ImportSummary { skipped: export.skipped_system, ..Default::default() };
    for m in &export.messages {
        if m.text.chars().count() > MAX_TEXT_CHARS {
            summary.skipped += 1;
            continue;
        }
        match ingest(&ctx.db, &conn, &exported_to_incoming(group, m), m.sent_at_ms, "import").await? {
            Ingested::Stored { signals } => {
                summary.messages += 1;
                summary.signals += signals;
            }
            Ingested::Duplicate => summary.duplicates += 1,
        }
    }
    Ok(summary)
}

/// `POST /signals/import` (multipart: `group`, `offset` minutes east of
/// UTC, `file`): a plain form post that answers with a redirect back to the
/// WhatsApp tab carrying the outcome, so it works before the page hydrates.
pub async fn import_route(
    State(st): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let back = |q: String| Redirect::to(&format!("/settings?tab=whatsapp&{q}")).into_response();
    let ctx = match auth::require_in(&st, &session, ip.0, Capability::BrokerPortal).await {
        Ok(c) => c,
        Err(e) => return error_response(e),
    };
    if let Err(e) = ctx.require_module(Module::Dealer) {
        return error_response(e);
    }
    let outcome = async {
        let mut multipart = multipart.map_err(|_| AppError::field("file", "Send the export as a form upload."))?;
        let (mut group, mut zone, mut text) = (String::new(), Ok(ctx.zone()), None::<String>);
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(AppError::field("file", format!("The export is larger than {} MB.", MAX_IMPORT_BYTES / 1024 / 1024)))
                }
                Err(_) => return Err(AppError::field("file", "The upload was interrupted. Try again.")),
            };
            match field.name() {
                Some("group") => group = field.text().await.unwrap_or_default(),
                Some("zone") => zone = Zone::parse(&field.text().await.unwrap_or_default()),
                Some("file") => {
                    let bytes = field.bytes().await.map_err(|_| AppError::field("file", "The upload was interrupted. Try again."))?;
                    if bytes.is_empty() {
                        return Err(AppError::field("file", "Choose the exported .txt file."));
                    }
                    text = Some(
                        String::from_utf8(bytes.to_vec())
                            .map_err(|_| AppError::field("file", "This file is not text: choose the .txt file WhatsApp exported."))?,
                    );
                }
                _ => {}
            }
        }
        let text = text.ok_or_else(|| AppError::field("file", "Choose the exported .txt file."))?;
        let zone = zone.map_err(|e| AppError::field("zone", e.to_string()))?;
        import_export(&ctx, &group, zone, &text).await
    }
    .await;
    match outcome {
        Ok(s) => back(format!("imported={}&signals={}&duplicates={}", s.messages, s.signals, s.duplicates)),
        Err(AppError::Validation { fields }) => {
            let message = fields.values().flatten().next().cloned().unwrap_or_else(|| "The import failed.".into());
            back(format!("import_error={}", urlencode(&message)))
        }
        Err(e) => error_response(e),
    }
}
