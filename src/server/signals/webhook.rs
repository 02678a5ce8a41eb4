//! The two signed hooks every connector posts to — messages and link events
//! (QR code, connected, logged out) — and their HTTP routes. One 401 for
//! an unknown or unlinked connection and a missing or wrong signature, so
//! connection ids cannot be probed.

use super::connections::{connection_by_id, forget_link, Connection};
use super::ingest::{check_message, ingest, IncomingMessage, Ingested};
use crate::dto::signals::{ConnectionKind, LinkStatus};
use crate::server::config::EncryptionKey;
use crate::server::crypto;
use crate::server::db::{now_ms, Db};
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// `sha256=<hex>` of the body under the secret.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", crypto::hex(&mac.finalize().into_bytes()))
}

/// Constant-time check of a `sha256=<hex>` header.
pub fn verify(secret: &str, body: &[u8], header: &str) -> bool {
    let Some(sig) = header.trim().strip_prefix("sha256=").and_then(|h| crypto::unhex(&h.to_ascii_lowercase())) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

/// What a connector reports about its link.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum LinkEvent {
    /// A (new) code to scan in WhatsApp → Linked devices.
    Qr {
        code: String,
    },
    Connected,
    /// The phone removed the linked device (or the session was replaced).
    LoggedOut,
}

/// What the webhook answers besides 200.
#[derive(Debug, PartialEq, Eq)]
pub enum WebhookError {
    /// Unknown or unlinked connection, missing or wrong signature (one
    /// answer for all, so ids cannot be probed).
    Unauthorized,
    BadRequest(String),
    Internal,
}

/// The connection a signed request belongs to: it must exist, be linked
/// (have a secret) and the signature must match the raw body.
async fn authenticate(db: &Db, key: &EncryptionKey, connection_id: &str, signature: Option<&str>, body: &[u8]) -> Result<Connection, WebhookError> {
    let conn = connection_by_id(db, connection_id).await.map_err(|e| {
        tracing::error!(error = %e, "webhook: reading the connection failed");
        WebhookError::Internal
    })?;
    let Some(conn) = conn else { return Err(WebhookError::Unauthorized) };
    let (Some(sealed), Some(signature)) = (conn.secret_sealed.as_deref(), signature) else { return Err(WebhookError::Unauthorized) };
    if conn.status == LinkStatus::NotLinked {
        return Err(WebhookError::Unauthorized);
    }
    let secret = crypto::open(key, sealed, &conn.id).map_err(|e| {
        tracing::error!(connection = %conn.id, error = %e, "webhook: the stored secret does not open");
        WebhookError::Internal
    })?;
    if !verify(&secret, body, signature) {
        return Err(WebhookError::Unauthorized);
    }
    Ok(conn)
}

/// The webhook's whole decision, shared by the HTTP route and the connectors.
pub async fn receive(db: &Db, key: &EncryptionKey, connection_id: &str, signature: Option<&str>, body: &[u8]) -> Result<Ingested, WebhookError> {
    let conn = authenticate(db, key, connection_id, signature, body).await?;
    let message: IncomingMessage = serde_json::from_slice(body).map_err(|e| WebhookError::BadRequest(format!("The body is not a valid message: {e}.")))?;
    let sent_at = check_message(&message).map_err(WebhookError::BadRequest)?;
    let source = if conn.kind == Some(ConnectionKind::Simulator) { "simulator" } else { "webhook" };
    ingest(db, &conn, &message, sent_at, source).await.map_err(|e| {
        tracing::error!(connection = %conn.id, error = %e, "webhook: storing the message failed");
        WebhookError::Internal
    })
}

/// A connector's link event (QR code, connected, logged out), signed like a message.
pub async fn receive_link(db: &Db, key: &EncryptionKey, connection_id: &str, signature: Option<&str>, body: &[u8]) -> Result<(), WebhookError> {
    let conn = authenticate(db, key, connection_id, signature, body).await?;
    let event: LinkEvent = serde_json::from_slice(body)
        .map_err(|e| WebhookError::BadRequest(format!("The body is not a link event ({{\"event\": \"qr\", \"code\": …}}, connected or logged_out): {e}.")))?;
    let now = now_ms();
    let stored = match &event {
        LinkEvent::Qr { code } => {
            if code.is_empty() || code.len() > 2_000 {
                return Err(WebhookError::BadRequest("`code` must be 1 to 2,000 characters.".into()));
            }
            sqlx::query("UPDATE whatsapp_connections SET status = $1, qr_code = $2, updated_at = $3 WHERE id = $4")
                .bind(LinkStatus::Connecting.as_str())
                .bind(code.clone())
                .bind(now)
                .bind(&conn.id)
                .execute(&db.pool)
                .await
                .map(|_| ())
        }
        LinkEvent::Connected => sqlx::query("UPDATE whatsapp_connections SET status = $1, qr_code = NULL, linked_at = $2, updated_at = $2 WHERE id = $3")
            .bind(LinkStatus::Connected.as_str())
            .bind(now)
            .bind(&conn.id)
            .execute(&db.pool)
            .await
            .map(|_| ()),
        LinkEvent::LoggedOut => forget_link(&db.pool, &conn.id).await,
    };
    stored.map_err(|e| {
        tracing::error!(connection = %conn.id, error = %e, "link event not stored");
        WebhookError::Internal
    })?;
    Ok(())
}

fn webhook_error(e: WebhookError) -> Response {
    match e {
        WebhookError::Unauthorized => {
            (StatusCode::UNAUTHORIZED, Json(serde_json::json!({ "error": "Unknown connection or bad signature (X-Hub-Signature-256)." }))).into_response()
        }
        WebhookError::BadRequest(m) => (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": m }))).into_response(),
        WebhookError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({ "error": "Something went wrong; try again." }))).into_response(),
    }
}

/// `POST /hooks/whatsapp/{connection}/link`.
pub async fn link_webhook(State(st): State<AppState>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    match receive_link(&st.db, &st.config.encryption_key, &id, signature, &body).await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => webhook_error(e),
    }
}

/// `POST /hooks/whatsapp/{connection}`.
pub async fn webhook(State(st): State<AppState>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    match receive(&st.db, &st.config.encryption_key, &id, signature, &body).await {
        Ok(Ingested::Stored { signals }) => Json(serde_json::json!({ "status": "stored", "signals": signals })).into_response(),
        Ok(Ingested::Duplicate) => Json(serde_json::json!({ "status": "duplicate" })).into_response(),
        Err(e) => webhook_error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231_and_checks_in_constant_time() {
        // RFC 4231, test case 2.
        let sig = sign("Jefe", b"what do ya want for nothing?");
        assert_eq!(sig, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(verify("Jefe", b"what do ya want for nothing?", &sig));
        assert!(verify("Jefe", b"what do ya want for nothing?", &sig.to_uppercase().replace("SHA256=", "sha256=")));
        assert!(!verify("Jefe", b"what do ya want for nothing!", &sig));
        assert!(!verify("jefe", b"what do ya want for nothing?", &sig));
        assert!(!verify("Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        assert!(!verify("Jefe", b"what do ya want for nothing?", "sha256=zz"));
        assert!(!verify("Jefe", b"what do ya want for nothing?", ""));
    }
}
