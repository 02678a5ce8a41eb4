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
    Ok(())
}
