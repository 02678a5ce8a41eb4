//! Signals: WhatsApp group messages in, parsed leads out.
//!
//! Every connector ends in one place, the signed webhook
//! `POST /hooks/whatsapp/{connection}`: the body is JSON (message id, group
//! id and name, sender, timestamp, text), signed with HMAC-SHA256 over the
//! raw bytes with the connection's secret in `X-Hub-Signature-256:
//! sha256=<hex>` (WhatsApp's own scheme). A message is stored once per
//! connection (a replay answers `duplicate`), with the signals the parser
//! finds in it. The chat-export import and the demo simulator feed the same
//! ingestion; the simulator even signs and goes through the webhook's checks.
//!
//! A broker sees only his own connection's signals; another broker's signal
//! id answers 404. Claiming a signal creates a submission in the same
//! transaction that marks the signal claimed (twice → one submission).

use super::auth::{self, internal, Ctx};
use super::config::{Config, EncryptionKey};
use super::crypto;
use super::db::{new_id, now_ms, Db, Tx};
use super::dealer::{self, OpError, OpResult};
use super::state::{AppState, ClientIp};
use crate::dto::signals::*;
use crate::dto::error::AppError;
use crate::domain::chat_export::{self, ExportedMessage};
use crate::domain::money::Currency;
use crate::domain::signals::{parse_message, DealType, Sentiment, Signal};
use crate::domain::Capability;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sqlx::Row;
use tower_sessions::Session;

/// Largest webhook body (one message).
pub const MAX_WEBHOOK_BYTES: usize = 64 * 1024;
/// Largest chat export accepted by the import.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
const MAX_TEXT_CHARS: usize = 16_000;
const LIST_LIMIT: i64 = 500;

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

pub mod action {
    pub const BRIDGE_SET_UP: &str = "whatsapp.bridge_set_up";
    pub const SIMULATOR_STARTED: &str = "whatsapp.simulator_started";
    pub const UNLINKED: &str = "whatsapp.unlinked";
    pub const IMPORTED: &str = "whatsapp.chat_imported";
    pub const SIGNAL_CLAIMED: &str = "signal.claimed";
}

// ---------------------------------------------------------------------------
// Signatures

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

fn new_secret() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    format!("whsec_{}", crypto::hex(&b))
}

// ---------------------------------------------------------------------------
// Connections

struct Connection {
    id: String,
    org_id: String,
    broker_id: String,
    kind: Option<ConnectionKind>,
    status: LinkStatus,
    secret_sealed: Option<String>,
}

fn conn_from(r: &sqlx::any::AnyRow) -> Result<Connection, sqlx::Error> {
    Ok(Connection {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        broker_id: r.try_get("broker_id")?,
        kind: ConnectionKind::parse(&r.try_get::<String, _>("kind")?),
        status: LinkStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(LinkStatus::NotLinked),
        secret_sealed: r.try_get("secret_sealed")?,
    })
}

const CONN_COLUMNS: &str = "id, org_id, broker_id, kind, status, secret_sealed";

async fn connection_by_id(db: &Db, id: &str) -> Result<Option<Connection>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {CONN_COLUMNS} FROM whatsapp_connections WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(conn_from).transpose()
}

async fn connection_of(tx: &mut Tx, broker_id: &str) -> Result<Option<Connection>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {CONN_COLUMNS} FROM whatsapp_connections WHERE broker_id = $1")).bind(broker_id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(conn_from).transpose()
}

/// Writes a new, not linked connection for a broker.
async fn insert_connection<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, org_id: &str, broker_id: &str) -> Result<Connection, sqlx::Error> {
    let conn = Connection {
        id: new_id(),
        org_id: org_id.to_string(),
        broker_id: broker_id.to_string(),
        kind: Some(ConnectionKind::Bridge),
        status: LinkStatus::NotLinked,
        secret_sealed: None,
    };
    sqlx::query("INSERT INTO whatsapp_connections (id, org_id, broker_id, kind, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)")
        .bind(&conn.id)
        .bind(org_id)
        .bind(broker_id)
        .bind(ConnectionKind::Bridge.as_str())
        .bind(LinkStatus::NotLinked.as_str())
        .bind(now_ms())
        .execute(ex)
        .await?;
    Ok(conn)
}

/// The broker's connection row, created (not linked) when missing.
async fn ensure_connection(tx: &mut Tx, ctx: &Ctx) -> Result<Connection, sqlx::Error> {
    match connection_of(tx, &ctx.user.id).await? {
        Some(c) => Ok(c),
        None => insert_connection(&mut **tx, &ctx.org.id, &ctx.user.id).await,
    }
}

/// Gives the connection a new secret (the old one stops working at once)
/// and starts linking it with `kind`; returns the secret in clear, once.
async fn issue_secret(tx: &mut Tx, key: &EncryptionKey, connection_id: &str, kind: ConnectionKind) -> Result<String, sqlx::Error> {
    let secret = new_secret();
    sqlx::query("UPDATE whatsapp_connections SET kind = $1, status = $2, secret_sealed = $3, device_sealed = NULL, qr_code = NULL, updated_at = $4 WHERE id = $5")
        .bind(kind.as_str())
        .bind(LinkStatus::Connecting.as_str())
        .bind(crypto::seal(key, &secret, connection_id))
        .bind(now_ms())
        .bind(connection_id)
        .execute(&mut **tx)
        .await?;
    Ok(secret)
}

/// Not linked any more: the secret, device credentials and QR code are
/// deleted, so every later post for this connection is refused.
async fn forget_link<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, connection_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE whatsapp_connections SET status = $1, secret_sealed = NULL, device_sealed = NULL, qr_code = NULL, linked_at = NULL, updated_at = $2 WHERE id = $3")
        .bind(LinkStatus::NotLinked.as_str())
        .bind(now_ms())
        .bind(connection_id)
        .execute(ex)
        .await?;
    Ok(())
}

pub fn webhook_url(config: &Config, connection_id: &str) -> String {
    format!("{}{WEBHOOK_PREFIX}{connection_id}", config.public_url)
}

async fn audit(tx: &mut Tx, ctx: &Ctx, action: &str, target: &str, detail: Option<&str>) -> Result<(), sqlx::Error> {
    super::audit::record(&mut **tx, super::audit::Entry { target: Some(target), detail, ..ctx.audit_entry(action) }).await
}

/// Issues a new webhook secret (the old one stops working at once). The
/// secret is shown this once; it is stored encrypted, bound to the connection.
pub async fn setup_bridge(db: &Db, config: &Config, ctx: &Ctx) -> OpResult<BridgeSecret> {
    let mut tx = db.begin_write().await?;
    let conn = ensure_connection(&mut tx, ctx).await?;
    let secret = issue_secret(&mut tx, &config.encryption_key, &conn.id, ConnectionKind::Bridge).await?;
    audit(&mut tx, ctx, action::BRIDGE_SET_UP, &conn.id, None).await?;
    tx.commit().await?;
    Ok(BridgeSecret { webhook_url: webhook_url(config, &conn.id), secret })
}

/// Stops capture at once (the secret is gone, so the webhook refuses every
/// later message) and deletes stored credentials. Signals already received
/// stay: they are the broker's leads.
pub async fn unlink(db: &Db, ctx: &Ctx) -> OpResult<()> {
    let mut tx = db.begin_write().await?;
    let Some(conn) = connection_of(&mut tx, &ctx.user.id).await? else { return Ok(()) };
    forget_link(&mut *tx, &conn.id).await?;
    audit(&mut tx, ctx, action::UNLINKED, &conn.id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn whatsapp_state(db: &Db, config: &Config, ctx: &Ctx) -> Result<WhatsAppState, AppError> {
    let row = sqlx::query("SELECT id, kind, status, last_message_at, qr_code FROM whatsapp_connections WHERE broker_id = $1")
        .bind(&ctx.user.id)
        .fetch_optional(&db.pool)
        .await
        .map_err(internal)?;
    let counts: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM whatsapp_messages WHERE broker_id = $1), (SELECT COUNT(*) FROM signals WHERE broker_id = $1 AND deal_type <> 'other')",
    )
    .bind(&ctx.user.id)
    .fetch_one(&db.pool)
    .await
    .map_err(internal)?;
    let groups: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT group_name FROM whatsapp_messages WHERE broker_id = $1 ORDER BY group_name")
        .bind(&ctx.user.id)
        .fetch_all(&db.pool)
        .await
        .map_err(internal)?;
    let mut state = WhatsAppState {
        status: LinkStatus::NotLinked,
        kind: None,
        webhook_url: None,
        last_message_at: None,
        messages: counts.0,
        signals: counts.1,
        groups: groups.into_iter().map(|g| g.0).collect(),
        simulator_available: config.demo,
        qr_svg: None,
    };
    if let Some(r) = row {
        let status = LinkStatus::parse(&r.try_get::<String, _>("status").map_err(internal)?).unwrap_or(LinkStatus::NotLinked);
        state.status = status;
        state.last_message_at = r.try_get("last_message_at").map_err(internal)?;
        if status != LinkStatus::NotLinked {
            state.kind = ConnectionKind::parse(&r.try_get::<String, _>("kind").map_err(internal)?);
            state.webhook_url = Some(webhook_url(config, &r.try_get::<String, _>("id").map_err(internal)?));
        }
        if status == LinkStatus::Connecting {
            state.qr_svg = r.try_get::<Option<String>, _>("qr_code").map_err(internal)?.and_then(|code| qr_svg(&code));
        }
    }
    Ok(state)
}

/// The code as an SVG picture of the QR symbol (made here from the code's
/// bytes, so it carries no markup from outside).
fn qr_svg(code: &str) -> Option<String> {
    let qr = qrcode::QrCode::new(code.as_bytes()).ok()?;
    Some(qr.render::<qrcode::render::svg::Color>().min_dimensions(220, 220).quiet_zone(true).build())
}

// ---------------------------------------------------------------------------
// Ingestion

/// One message as a connector posts it.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct IncomingMessage {
    pub message_id: String,
    pub group_id: String,
    pub group_name: String,
    pub sender: String,
    /// Unix time in seconds or milliseconds.
    pub timestamp: i64,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Ingested {
    Stored { signals: usize },
    Duplicate,
}

fn check_message(m: &IncomingMessage) -> Result<i64, String> {
    let short = |v: &str, name: &str, max: usize| -> Result<(), String> {
        if v.trim().is_empty() {
            Err(format!("`{name}` is empty."))
        } else if v.chars().count() > max {
            Err(format!("`{name}` is longer than {max} characters."))
        } else {
            Ok(())
        }
    };
    short(&m.message_id, "message_id", 200)?;
    short(&m.group_id, "group_id", 200)?;
    short(&m.group_name, "group_name", 200)?;
    short(&m.sender, "sender", 200)?;
    if m.text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("`text` is longer than {MAX_TEXT_CHARS} characters."));
    }
    // Seconds until the year 5138, milliseconds after.
    let ms = if m.timestamp.abs() < 100_000_000_000 { m.timestamp.saturating_mul(1000) } else { m.timestamp };
    if ms <= 0 {
        return Err("`timestamp` must be a positive Unix time (seconds or milliseconds).".into());
    }
    Ok(ms)
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Stores one message with its signals, once per (connection, message id).
async fn ingest(db: &Db, conn: &Connection, m: &IncomingMessage, sent_at: i64, source: &str) -> Result<Ingested, sqlx::Error> {
    let parsed = parse_message(&m.text);
    let mut tx = db.begin_write().await?;
    let seen: Option<(String,)> = sqlx::query_as("SELECT id FROM whatsapp_messages WHERE connection_id = $1 AND external_id = $2")
        .bind(&conn.id)
        .bind(m.message_id.trim())
        .fetch_optional(&mut *tx)
        .await?;
    if seen.is_some() {
        return Ok(Ingested::Duplicate);
    }
    let id = new_id();
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO whatsapp_messages (id, org_id, broker_id, connection_id, external_id, group_id, group_name, sender, sent_at, body, source, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&conn.org_id)
    .bind(&conn.broker_id)
    .bind(&conn.id)
    .bind(m.message_id.trim())
    .bind(m.group_id.trim())
    .bind(m.group_name.trim())
    .bind(m.sender.trim())
    .bind(sent_at)
    .bind(&m.text)
    .bind(source)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        // Two deliveries of one message at the same moment: the other one won.
        Err(e) if is_unique_violation(&e) => return Ok(Ingested::Duplicate),
        Err(e) => return Err(e),
    }
    for (i, s) in parsed.iter().enumerate() {
        insert_signal(&mut tx, conn, &id, i as i64, s, sent_at, now).await?;
    }
    sqlx::query("UPDATE whatsapp_connections SET last_message_at = $1, status = CASE WHEN status = $2 THEN $3 ELSE status END, updated_at = $1 WHERE id = $4")
        .bind(now)
        .bind(LinkStatus::Connecting.as_str())
        .bind(LinkStatus::Connected.as_str())
        .bind(&conn.id)
        .execute(&mut *tx)
        .await?;
    match tx.commit().await {
        Ok(()) => Ok(Ingested::Stored { signals: parsed.iter().filter(|s| s.deal_type != DealType::Other).count() }),
        Err(e) if is_unique_violation(&e) => Ok(Ingested::Duplicate),
        Err(e) => Err(e),
    }
}

async fn insert_signal(tx: &mut Tx, conn: &Connection, message_id: &str, position: i64, s: &Signal, sent_at: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signals (id, org_id, broker_id, message_id, position, deal_type, brand, model, reference, price, currency, sentiment, confidence_pct, sent_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(new_id())
    .bind(&conn.org_id)
    .bind(&conn.broker_id)
    .bind(message_id)
    .bind(position)
    .bind(s.deal_type.as_str())
    .bind(s.brand.as_deref())
    .bind(s.model.as_deref())
    .bind(s.reference.as_deref())
    .bind(s.price.map(|p| p.normalize().to_string()))
    .bind(s.currency.as_deref())
    .bind(s.sentiment.as_str())
    .bind((s.confidence.clamp(0.0, 1.0) * 100.0).round() as i64)
    .bind(sent_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
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
    use super::connectors::LinkEvent;
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

// ---------------------------------------------------------------------------
// The demo chat simulator

/// The scripted chat the simulator replays (a WhatsApp export).
pub const DEMO_CHAT: &str = include_str!("demo_chat.txt");
pub const DEMO_GROUP: &str = "Geneva Watch Traders";

/// The demo chat as webhook messages with stable ids (replaying it again
/// stores nothing twice), stamped from `start` one `step_ms` apart.
pub fn demo_messages(start: i64, step_ms: i64) -> Vec<IncomingMessage> {
    let export = chat_export::parse_chat_export(DEMO_CHAT, 0).map(|e| e.messages).unwrap_or_default();
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
pub async fn start_simulator(db: &Db, config: &Config, ctx: &Ctx) -> Result<(), AppError> {
    if !config.demo {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin_write().await.map_err(internal)?;
    let conn = ensure_connection(&mut tx, ctx).await.map_err(internal)?;
    let secret = issue_secret(&mut tx, &config.encryption_key, &conn.id, ConnectionKind::Simulator).await.map_err(internal)?;
    audit(&mut tx, ctx, action::SIMULATOR_STARTED, &conn.id, None).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    use super::connectors::{Connector, LinkSink, Simulator};
    let sink = LinkSink { db: db.clone(), key: config.encryption_key.clone(), connection_id: conn.id.clone(), secret };
    Simulator::default().start(sink).await.map_err(internal)?;
    Ok(())
}

/// Posts messages to a webhook over plain HTTP, signed with `secret` (the
/// `dealflow whatsapp simulate` command). Returns each answer's status code.
pub async fn post_messages(url: &str, secret: &str, messages: &[IncomingMessage], pause_ms: u64) -> anyhow::Result<Vec<u16>> {
    use anyhow::Context;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").context("the simulator speaks plain http:// (use it against a local server)")?;
    let (authority, path) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, "/".into()));
    let mut codes = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        if i > 0 && pause_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(pause_ms)).await;
        }
        let body = serde_json::to_vec(m)?;
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n{SIGNATURE_HEADER}: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            sign(secret, &body),
            body.len()
        );
        let mut stream = tokio::net::TcpStream::connect(authority).await.with_context(|| format!("cannot connect to {authority}"))?;
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&body).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        let status = String::from_utf8_lossy(&answer).split_whitespace().nth(1).and_then(|c| c.parse().ok()).context("no HTTP status in the answer")?;
        codes.push(status);
    }
    Ok(codes)
}

/// A second scripted group, loaded with the demo data (the live demo chat
/// above stays for the simulator).
const SEED_CHAT: &str = include_str!("demo_chat_hk.txt");
const SEED_GROUP: &str = "HK Watch Exchange";

/// Demo data: each broker's (unlinked) connection with the seed group's
/// messages, ending a few hours before `now`.
pub async fn seed_demo(db: &Db, org_id: &str, broker_id: &str, now: i64) -> anyhow::Result<()> {
    let export = chat_export::parse_chat_export(SEED_CHAT, 480).map_err(|e| anyhow::anyhow!("seed chat: {e}"))?;
    let last = export.messages.last().map(|m| m.sent_at_ms).unwrap_or(now);
    let shift = now - 3 * 3_600_000 - last;
    let conn = insert_connection(&db.pool, org_id, broker_id).await?;
    for m in &export.messages {
        let msg = IncomingMessage {
            message_id: format!("seed-{}", m.line),
            group_id: "demo-hk-watch-exchange@g.us".into(),
            group_name: SEED_GROUP.into(),
            sender: m.sender.clone(),
            timestamp: m.sent_at_ms + shift,
            text: m.text.clone(),
        };
        ingest(db, &conn, &msg, m.sent_at_ms + shift, "import").await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Chat-export import

/// A message from an export, keyed by its content and its local time as
/// written in the file, so importing the same file twice (even with another
/// time zone chosen) stores nothing twice.
fn exported_to_incoming(group: &str, utc_offset_minutes: i32, m: &ExportedMessage) -> IncomingMessage {
    let local = m.sent_at_ms + i64::from(utc_offset_minutes) * 60_000;
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
pub async fn import_export(db: &Db, ctx: &Ctx, group: &str, utc_offset_minutes: i32, text: &str) -> Result<ImportSummary, AppError> {
    let group = group.trim();
    if group.is_empty() || group.chars().count() > 200 {
        return Err(AppError::field("group", "Enter the group's name (at most 200 characters)."));
    }
    let export = chat_export::parse_chat_export(text, utc_offset_minutes).map_err(|e| AppError::field("file", e.to_string()))?;
    let conn = {
        let mut tx = db.begin_write().await.map_err(internal)?;
        let c = ensure_connection(&mut tx, ctx).await.map_err(internal)?;
        audit(&mut tx, ctx, action::IMPORTED, &c.id, Some(group)).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        c
    };
    let mut summary = ImportSummary { skipped: export.skipped_system, ..Default::default() };
    for m in &export.messages {
        if m.text.chars().count() > MAX_TEXT_CHARS {
            summary.skipped += 1;
            continue;
        }
        match ingest(db, &conn, &exported_to_incoming(group, utc_offset_minutes, m), m.sent_at_ms, "import").await.map_err(internal)? {
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
        Err(e) => return auth::error_response(e),
    };
    if dealer::require_dealer(&ctx).is_err() {
        return auth::error_response(AppError::NotFound);
    }
    let outcome = async {
        let mut multipart = multipart.map_err(|_| AppError::field("file", "Send the export as a form upload."))?;
        let (mut group, mut offset, mut text) = (String::new(), 0i32, None::<String>);
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
                Some("offset") => offset = field.text().await.ok().and_then(|v| v.trim().parse().ok()).unwrap_or(0),
                Some("file") => {
                    let bytes = field.bytes().await.map_err(|_| AppError::field("file", "The upload was interrupted. Try again."))?;
                    if bytes.is_empty() {
                        return Err(AppError::field("file", "Choose the exported .txt file."));
                    }
                    text = Some(String::from_utf8(bytes.to_vec()).map_err(|_| AppError::field("file", "This file is not text: choose the .txt file WhatsApp exported."))?);
                }
                _ => {}
            }
        }
        let text = text.ok_or_else(|| AppError::field("file", "Choose the exported .txt file."))?;
        import_export(&st.db, &ctx, &group, offset, &text).await
    }
    .await;
    match outcome {
        Ok(s) => back(format!("imported={}&signals={}&duplicates={}", s.messages, s.signals, s.duplicates)),
        Err(AppError::Validation { fields }) => {
            let message = fields.values().flatten().next().cloned().unwrap_or_else(|| "The import failed.".into());
            back(format!("import_error={}", urlencode(&message)))
        }
        Err(e) => auth::error_response(e),
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The broker's signals

pub async fn list(db: &Db, ctx: &Ctx, actionable_only: bool, with_claimed: bool) -> Result<SignalsPage, AppError> {
    let mut sql = String::from(
        "SELECT s.id, s.deal_type, s.brand, s.model, s.reference, s.price, s.currency, s.sentiment, s.confidence_pct, s.sent_at, s.submission_id, \
                m.group_name, m.sender, m.body, \
                (SELECT COUNT(*) FROM want_list w WHERE w.org_id = s.org_id AND w.is_open = 1 AND w.reference <> '' AND w.reference = s.reference) AS wanted \
         FROM signals s JOIN whatsapp_messages m ON m.id = s.message_id WHERE s.org_id = $1 AND s.broker_id = $2",
    );
    if actionable_only {
        // A lead needs a watch: a wanted/for-sale post naming none is chatter here.
        sql.push_str(" AND s.deal_type <> 'other' AND (s.brand IS NOT NULL OR s.reference IS NOT NULL)");
    }
    if !with_claimed {
        sql.push_str(" AND s.claimed_at IS NULL");
    }
    sql.push_str(&format!(" ORDER BY s.sent_at DESC, s.position LIMIT {LIST_LIMIT}"));
    let rows = sqlx::query(&sql).bind(&ctx.org.id).bind(&ctx.user.id).fetch_all(&db.pool).await.map_err(internal)?;
    let mut signals = Vec::with_capacity(rows.len());
    for r in &rows {
        signals.push(signal_from(r).map_err(internal)?);
    }
    let (newest, claimed) = marker(db, ctx).await?;
    let connected: Option<(String,)> =
        sqlx::query_as("SELECT status FROM whatsapp_connections WHERE broker_id = $1").bind(&ctx.user.id).fetch_optional(&db.pool).await.map_err(internal)?;
    Ok(SignalsPage {
        signals,
        newest,
        claimed,
        connected: connected.is_some_and(|c| c.0 != LinkStatus::NotLinked.as_str()),
        currency: ctx.org.currency.clone(),
    })
}

pub async fn marker(db: &Db, ctx: &Ctx) -> Result<(Option<i64>, i64), AppError> {
    sqlx::query_as("SELECT MAX(created_at), COUNT(claimed_at) FROM signals WHERE org_id = $1 AND broker_id = $2")
        .bind(&ctx.org.id)
        .bind(&ctx.user.id)
        .fetch_one(&db.pool)
        .await
        .map_err(internal)
}

fn signal_from(r: &sqlx::any::AnyRow) -> Result<BrokerSignal, sqlx::Error> {
    let deal_type = DealType::parse(&r.try_get::<String, _>("deal_type")?).unwrap_or(DealType::Other);
    let sentiment = Sentiment::parse(&r.try_get::<String, _>("sentiment")?).unwrap_or(Sentiment::Neutral);
    Ok(BrokerSignal {
        id: r.try_get("id")?,
        deal_type,
        brand: r.try_get("brand")?,
        model: r.try_get("model")?,
        reference: r.try_get("reference")?,
        price: r.try_get("price")?,
        currency: r.try_get("currency")?,
        sentiment,
        confidence: r.try_get("confidence_pct")?,
        group_name: r.try_get("group_name")?,
        sender: r.try_get("sender")?,
        sent_at: r.try_get("sent_at")?,
        raw: r.try_get("body")?,
        wanted_by_desk: r.try_get::<i64, _>("wanted")? > 0,
        submission_id: r.try_get("submission_id")?,
    })
}

/// The fields the claim form sends (pre-filled from the signal; the broker
/// may correct them).
pub struct ClaimFields {
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub asking: String,
}

pub async fn claim(db: &Db, ctx: &Ctx, currency: Currency, id: &str, f: &ClaimFields) -> OpResult<String> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT s.broker_id, s.org_id, s.claimed_at, s.deal_type, s.price, s.currency, m.group_name, m.body FROM signals s JOIN whatsapp_messages m ON m.id = s.message_id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Err(AppError::NotFound.into()) };
    let (broker, org): (String, String) = (row.try_get("broker_id")?, row.try_get("org_id")?);
    if broker != ctx.user.id || org != ctx.org.id {
        return Err(AppError::NotFound.into());
    }
    if row.try_get::<Option<i64>, _>("claimed_at")?.is_some() {
        return Err(OpError::App(AppError::Conflict { message: "You have claimed this signal already; it is on your Deals page.".into() }));
    }
    let group: String = row.try_get("group_name")?;
    let body: String = row.try_get("body")?;
    let quoted_currency: Option<String> = row.try_get("currency")?;
    let wanted = row.try_get::<String, _>("deal_type")? == "wanted";
    // A quote in another currency is not an asking price in ours: keep it in the notes.
    let foreign = quoted_currency.as_deref().is_some_and(|c| c != currency.code());
    let mut notes = format!("From the WhatsApp group \"{group}\"{}:\n{body}", if wanted { " (a wanted post)" } else { "" });
    if foreign {
        if let Some(p) = row.try_get::<Option<String>, _>("price")? {
            notes.push_str(&format!("\n\nQuoted: {} {p}", quoted_currency.as_deref().unwrap_or_default()));
        }
    }
    let notes: String = notes.chars().take(2000).collect();
    let input = dealer::SubmissionInput {
        brand: f.brand.clone(),
        model: f.model.clone(),
        reference: f.reference.clone(),
        asking: f.asking.clone(),
        notes,
        source_type: "sourced".into(),
        photos: Vec::new(),
        source_group: group,
        signal_id: Some(id.to_string()),
    };
    let submission = dealer::insert_submission(&mut tx, ctx, currency, &input).await?;
    let r = sqlx::query("UPDATE signals SET claimed_at = $1, submission_id = $2 WHERE id = $3 AND claimed_at IS NULL")
        .bind(now_ms())
        .bind(&submission)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Err(OpError::App(AppError::Conflict { message: "You have claimed this signal already; it is on your Deals page.".into() }));
    }
    audit(&mut tx, ctx, action::SIGNAL_CLAIMED, id, Some(&submission)).await?;
    tx.commit().await?;
    super::mailer::wake();
    Ok(submission)
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

    #[test]
    fn timestamps_in_seconds_or_milliseconds() {
        let m = |ts: i64| IncomingMessage { message_id: "1".into(), group_id: "g".into(), group_name: "G".into(), sender: "S".into(), timestamp: ts, text: String::new() };
        assert_eq!(check_message(&m(1_795_000_000)), Ok(1_795_000_000_000));
        assert_eq!(check_message(&m(1_795_000_000_123)), Ok(1_795_000_000_123));
        assert!(check_message(&m(0)).is_err());
        assert!(check_message(&m(-5)).is_err());
    }

    #[test]
    fn the_demo_chat_is_a_valid_export() {
        let msgs = demo_messages(1_000, 10);
        assert_eq!(msgs.len(), 14);
        assert!(msgs.iter().all(|m| m.message_id.starts_with("demo-") && m.group_name == DEMO_GROUP));
        assert!(msgs[1].text.contains("126610LN") && msgs[1].text.contains("spare links"), "multi-line kept: {:?}", msgs[1]);
    }

    #[test]
    fn qr_codes_render_as_svg() {
        let svg = qr_svg("dealflow-demo-link:abc:1").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(!svg.contains("dealflow-demo-link"), "the code is drawn, not written");
    }
}
