//! tower-sessions store over our own `sessions` table, on either backend.
//!
//! The signed-in user's id is copied into its own column so that
//! "sign out everywhere" (password change) is one `DELETE ... WHERE user_id`.
//! `save` only updates an existing row: a session deleted that way can never
//! be written back by a request that was still in flight.

use crate::server::db::{now_ms, Db};
use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

/// Session data key holding the signed-in user's id.
pub const USER_KEY: &str = "uid";
/// Session data key holding the sign-in time (unix ms), for absolute expiry.
pub const AUTH_AT_KEY: &str = "auth_at";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Removes expired rows; run periodically.
    pub async fn delete_expired(&self) -> std::result::Result<u64, sqlx::Error> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now_ms()).execute(&self.db.pool).await?;
        Ok(r.rows_affected())
    }
}

fn backend(e: sqlx::Error) -> Error {
    Error::Backend(e.to_string())
}

fn expiry_ms(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

fn parts(record: &Record) -> Result<(String, Option<String>, String, i64)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let user = record.data.get(USER_KEY).and_then(|v| v.as_str()).map(str::to_string);
    Ok((record.id.to_string(), user, data, expiry_ms(record.expiry_date)))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let (id, user, data, exp) = parts(record)?;
            let r = sqlx::query("INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING")
                .bind(id)
                .bind(user)
                .bind(data)
                .bind(exp)
                .execute(&self.db.pool)
                .await
                .map_err(backend)?;
            if r.rows_affected() == 1 {
                return Ok(());
            }
            // 128-bit id collision: astronomically rare, but never overwrite another session.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let (id, user, data, exp) = parts(record)?;
        sqlx::query("UPDATE sessions SET user_id = $2, data = $3, expires_at = $4 WHERE id = $1")
            .bind(id)
            .bind(user)
            .bind(data)
            .bind(exp)
            .execute(&self.db.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> Result<Option<Record>> {
        let row: Option<(String, i64)> = sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(session_id.to_string())
            .bind(now_ms())
            .fetch_optional(&self.db.pool)
            .await
            .map_err(backend)?;
        let Some((data, exp)) = row else { return Ok(None) };
        let data = serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp_nanos(exp as i128 * 1_000_000).map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *session_id, data, expiry_date }))
    }

    async fn delete(&self, session_id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(session_id.to_string()).execute(&self.db.pool).await.map_err(backend)?;
        Ok(())
    }
}

/// Deletes every session of a user (sign out everywhere).
pub async fn delete_user_sessions(db: &Db, user_id: &str) -> std::result::Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&db.pool).await?;
    Ok(r.rows_affected())
}
