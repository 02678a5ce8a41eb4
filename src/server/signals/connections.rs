//! A broker's WhatsApp connection: set up (or renew) the bridge's secret,
//! unlink (capture stops at once, credentials deleted), and what the
//! Settings → WhatsApp tab shows.

use super::action;
use crate::dto::error::AppError;
use crate::dto::signals::*;
use crate::server::auth::Ctx;
use crate::server::config::{Config, EncryptionKey};
use crate::server::crypto;
use crate::server::db::{new_id, now_ms, Db, Tx};
use crate::server::op::{audit_in, OpResult};

fn new_secret() -> String {
    format!("whsec_{}", crypto::random_token())
}

/// A broker's connection as the hooks and the ingestion use it.
pub struct Connection {
    pub id: String,
    pub org_id: String,
    pub broker_id: String,
    pub kind: Option<ConnectionKind>,
    pub status: LinkStatus,
    pub secret_sealed: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    id: String,
    org_id: String,
    broker_id: String,
    kind: String,
    status: String,
    secret_sealed: Option<String>,
}

impl From<ConnectionRow> for Connection {
    fn from(r: ConnectionRow) -> Self {
        Connection {
            kind: ConnectionKind::parse(&r.kind),
            status: LinkStatus::parse(&r.status).unwrap_or(LinkStatus::NotLinked),
            id: r.id,
            org_id: r.org_id,
            broker_id: r.broker_id,
            secret_sealed: r.secret_sealed,
        }
    }
}

const CONN_COLUMNS: &str = "id, org_id, broker_id, kind, status, secret_sealed";

pub async fn connection_by_id(db: &Db, id: &str) -> Result<Option<Connection>, sqlx::Error> {
    let row: Option<ConnectionRow> =
        sqlx::query_as(&format!("SELECT {CONN_COLUMNS} FROM whatsapp_connections WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(Into::into))
}

async fn connection_of(tx: &mut Tx, broker_id: &str) -> Result<Option<Connection>, sqlx::Error> {
    let row: Option<ConnectionRow> =
        sqlx::query_as(&format!("SELECT {CONN_COLUMNS} FROM whatsapp_connections WHERE broker_id = $1")).bind(broker_id).fetch_optional(&mut **tx).await?;
    Ok(row.map(Into::into))
}

/// Writes a new, not linked connection for a broker.
pub async fn insert_connection<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, org_id: &str, broker_id: &str) -> Result<Connection, sqlx::Error> {
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
pub async fn ensure_connection(tx: &mut Tx, ctx: &Ctx) -> Result<Connection, sqlx::Error> {
    match connection_of(tx, &ctx.user.id).await? {
        Some(c) => Ok(c),
        None => insert_connection(&mut **tx, &ctx.org.id, &ctx.user.id).await,
    }
}

/// Gives the connection a new secret (the old one stops working at once)
/// and starts linking it with `kind`; returns the secret in clear, once.
pub async fn issue_secret(tx: &mut Tx, key: &EncryptionKey, connection_id: &str, kind: ConnectionKind) -> Result<String, sqlx::Error> {
    let secret = new_secret();
    sqlx::query(
        "UPDATE whatsapp_connections SET kind = $1, status = $2, secret_sealed = $3, device_sealed = NULL, qr_code = NULL, updated_at = $4 WHERE id = $5",
    )
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
pub async fn forget_link<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, connection_id: &str) -> Result<(), sqlx::Error> {
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

/// Issues a new webhook secret (the old one stops working at once). The
/// secret is shown this once; it is stored encrypted, bound to the connection.
pub async fn setup_bridge(ctx: &Ctx) -> OpResult<BridgeSecret> {
    let mut tx = ctx.db.begin_write().await?;
    let conn = ensure_connection(&mut tx, ctx).await?;
    let secret = issue_secret(&mut tx, &ctx.config.encryption_key, &conn.id, ConnectionKind::Bridge).await?;
    audit_in(&mut tx, ctx, action::BRIDGE_SET_UP, &conn.id, None).await?;
    tx.commit().await?;
    Ok(BridgeSecret { webhook_url: webhook_url(&ctx.config, &conn.id), secret })
}

/// Stops capture at once (the secret is gone, so the webhook refuses every
/// later message) and deletes stored credentials. Signals already received
/// stay: they are the broker's leads.
pub async fn unlink(ctx: &Ctx) -> OpResult<()> {
    let mut tx = ctx.db.begin_write().await?;
    let Some(conn) = connection_of(&mut tx, &ctx.user.id).await? else { return Ok(()) };
    forget_link(&mut *tx, &conn.id).await?;
    audit_in(&mut tx, ctx, action::UNLINKED, &conn.id, None).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct StateRow {
    id: String,
    kind: String,
    status: String,
    last_message_at: Option<i64>,
    qr_code: Option<String>,
}

/// What the Settings → WhatsApp tab shows: link status (with the QR code
/// while linking), the webhook, counts and the groups seen so far.
pub async fn whatsapp_state(ctx: &Ctx) -> Result<WhatsAppState, AppError> {
    let row: Option<StateRow> = sqlx::query_as("SELECT id, kind, status, last_message_at, qr_code FROM whatsapp_connections WHERE broker_id = $1")
        .bind(&ctx.user.id)
        .fetch_optional(&ctx.db.pool)
        .await?;
    let (messages,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM whatsapp_messages WHERE org_id = $1 AND broker_id = $2")
        .bind(&ctx.org.id)
        .bind(&ctx.user.id)
        .fetch_one(&ctx.db.pool)
        .await?;
    let groups: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT group_name FROM whatsapp_messages WHERE broker_id = $1 ORDER BY group_name")
        .bind(&ctx.user.id)
        .fetch_all(&ctx.db.pool)
        .await?;
    let mut state = WhatsAppState {
        status: LinkStatus::NotLinked,
        kind: None,
        webhook_url: None,
        last_message_at: None,
        messages,
        counts: super::leads::counts(ctx).await?,
        groups: groups.into_iter().map(|g| g.0).collect(),
        simulator_available: ctx.config.demo,
        qr_svg: None,
    };
    if let Some(r) = row {
        let status = LinkStatus::parse(&r.status).unwrap_or(LinkStatus::NotLinked);
        state.status = status;
        state.last_message_at = r.last_message_at;
        if status != LinkStatus::NotLinked {
            state.kind = ConnectionKind::parse(&r.kind);
            state.webhook_url = Some(webhook_url(&ctx.config, &r.id));
        }
        if status == LinkStatus::Connecting {
            state.qr_svg = r.qr_code.and_then(|code| qr_svg(&code));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_codes_render_as_svg() {
        let svg = qr_svg("dealflow-demo-link:abc:1").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(!svg.contains("dealflow-demo-link"), "the code is drawn, not written");
    }
}
