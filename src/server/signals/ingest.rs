//! One message in: checked, stored once per (connection, message id), with
//! the signals the parser finds in it — in one transaction.

use super::connections::Connection;
use super::MAX_TEXT_CHARS;
use crate::domain::signals::{parse_message, DealType, Signal};
use crate::dto::signals::LinkStatus;
use crate::server::db::{is_unique_violation, new_id, now_ms, Db, Tx};

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

pub fn check_message(m: &IncomingMessage) -> Result<i64, String> {
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

/// Stores one message with its signals, once per (connection, message id).
pub async fn ingest(db: &Db, conn: &Connection, m: &IncomingMessage, sent_at: i64, source: &str) -> Result<Ingested, sqlx::Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_seconds_or_milliseconds() {
        let m = |ts: i64| IncomingMessage {
            message_id: "1".into(),
            group_id: "g".into(),
            group_name: "G".into(),
            sender: "S".into(),
            timestamp: ts,
            text: String::new(),
        };
        assert_eq!(check_message(&m(1_795_000_000)), Ok(1_795_000_000_000));
        assert_eq!(check_message(&m(1_795_000_000_123)), Ok(1_795_000_000_123));
        assert!(check_message(&m(0)).is_err());
        assert!(check_message(&m(-5)).is_err());
    }
}
