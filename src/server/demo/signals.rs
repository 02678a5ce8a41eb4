//! Demo data for signals: each broker's (unlinked) connection with a
//! scripted group's recent listings.

use crate::domain::chat_export;
use crate::domain::time::Zone;
use crate::server::db::Db;
use crate::server::signals::connections::insert_connection;
use crate::server::signals::ingest::{ingest, IncomingMessage};

/// A second scripted group, loaded with the demo data (the live demo chat
/// above stays for the simulator).
const SEED_CHAT: &str = include_str!("demo_chat_hk.txt");
const SEED_GROUP: &str = "HK Watch Exchange";

/// Demo data: each broker's (unlinked) connection with the seed group's
/// messages, ending a few hours before `now`.
pub async fn seed_demo(db: &Db, org_id: &str, broker_id: &str, now: i64) -> anyhow::Result<()> {
    let export = chat_export::parse_chat_export(SEED_CHAT, Zone::parse("Asia/Hong_Kong")?).map_err(|e| anyhow::anyhow!("seed chat: {e}"))?;
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
    claim_oldest(db, org_id, broker_id).await
}

/// The broker claimed his oldest listing already: a submission from the
/// group, linked both ways, so "Show claimed" has something to show.
async fn claim_oldest(db: &Db, org_id: &str, broker_id: &str) -> anyhow::Result<()> {
    let row: Option<(String, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT s.id, s.brand, COALESCE(s.model, ''), COALESCE(s.reference, ''), s.sent_at, m.body FROM signals s JOIN whatsapp_messages m ON m.id = s.message_id \
         WHERE s.org_id = $1 AND s.broker_id = $2 AND s.deal_type = 'for_sale' AND s.brand IS NOT NULL AND s.model IS NOT NULL ORDER BY s.sent_at, s.position LIMIT 1",
    )
    .bind(org_id)
    .bind(broker_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((signal, brand, model, reference, sent_at, body)) = row else { return Ok(()) };
    let currency: (String,) = sqlx::query_as("SELECT currency FROM organizations WHERE id = $1").bind(org_id).fetch_one(&db.pool).await?;
    let submission = crate::server::db::new_id();
    let claimed_at = sent_at + 40 * 60_000;
    sqlx::query(
        "INSERT INTO submissions (id, org_id, broker_id, status, brand, model, reference, currency, notes, source_type, source_group, signal_id, created_at, updated_at) \
         VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, 'sourced', $9, $10, $11, $11)",
    )
    .bind(&submission)
    .bind(org_id)
    .bind(broker_id)
    .bind(&brand)
    .bind(&model)
    .bind(&reference)
    .bind(&currency.0)
    .bind(format!("From {SEED_GROUP}: {body}"))
    .bind(SEED_GROUP)
    .bind(&signal)
    .bind(claimed_at)
    .execute(&db.pool)
    .await?;
    sqlx::query("UPDATE signals SET claimed_at = $1, submission_id = $2 WHERE id = $3")
        .bind(claimed_at)
        .bind(&submission)
        .bind(&signal)
        .execute(&db.pool)
        .await?;
    Ok(())
}
