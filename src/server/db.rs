//! Storage: one `sqlx::Any` pool over SQLite (default) or PostgreSQL.
//!
//! Portable SQL subset (see STYLE.md): `$N` placeholders, `TEXT` ids,
//! `BIGINT` for money (minor units), times (unix ms UTC) and flags (0/1).
//! Conversions to domain types happen in the repositories.

use anyhow::{Context, Result};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// One migration: a version, a name, and SQL for both backends (the same
/// text for both, unless a step needs dialect-only syntax such as triggers).
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

macro_rules! portable {
    ($v:literal, $name:literal) => {
        Migration {
            version: $v,
            name: $name,
            sqlite: include_str!(concat!("../../migrations/", $name, ".sql")),
            postgres: include_str!(concat!("../../migrations/", $name, ".sql")),
        }
    };
}
macro_rules! dialects {
    ($v:literal, $name:literal) => {
        Migration {
            version: $v,
            name: $name,
            sqlite: include_str!(concat!("../../migrations/", $name, ".sqlite.sql")),
            postgres: include_str!(concat!("../../migrations/", $name, ".postgres.sql")),
        }
    };
}

/// Every file in `migrations/`, in order (a unit test checks none is missing).
const MIGRATIONS: &[Migration] = &[
    portable!(1, "0001_foundation"),
    dialects!(2, "0002_append_only"),
    portable!(3, "0003_ledger"),
    dialects!(4, "0004_ledger_append_only"),
    portable!(5, "0005_uploads"),
    portable!(6, "0006_dealer"),
    portable!(7, "0007_notification_email"),
    portable!(8, "0008_signals"),
    portable!(9, "0009_org_time_zone"),
    portable!(10, "0010_onboarding"),
    portable!(11, "0011_deal_cancelled_at"),
    portable!(12, "0012_org_profile"),
    portable!(13, "0013_crm_contacts"),
    portable!(14, "0014_contact_keys"),
    portable!(15, "0015_contact_imports"),
];

/// File names the list above covers (for the completeness test).
pub fn migration_files() -> Vec<String> {
    let mut v = Vec::new();
    for m in MIGRATIONS {
        if std::ptr::eq(m.sqlite, m.postgres) || m.sqlite == m.postgres {
            v.push(format!("{}.sql", m.name));
        } else {
            v.push(format!("{}.sqlite.sql", m.name));
            v.push(format!("{}.postgres.sql", m.name));
        }
    }
    v
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// `$start, $start+1, …` placeholders for an `IN (…)` list of `n` values.
pub fn placeholders(start: usize, n: usize) -> String {
    (0..n).map(|i| format!("${}", start + i)).collect::<Vec<_>>().join(", ")
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// PostgreSQL serialization failure or deadlock, SQLite busy or locked:
/// the transaction may succeed when started over.
pub fn is_retryable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            let code = d.code().map(|c| c.to_string()).unwrap_or_default();
            let msg = d.message().to_ascii_lowercase();
            // PostgreSQL serialization failure / deadlock; SQLite busy / locked
            code == "40001" || code == "40P01" || code == "5" || code == "6" || code == "517" || msg.contains("database is locked")
        }
        sqlx::Error::PoolTimedOut => true,
        _ => false,
    }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            matches!(d.kind(), sqlx::error::ErrorKind::UniqueViolation) || d.code().map(|c| c == "23505" || c == "2067" || c == "1555").unwrap_or(false)
        }
        _ => false,
    }
}

/// Stored codes decode straight into their enums, so a row can say
/// `status: DealStatus`; a code the program does not know is a decode error
/// naming it (`domain::code::UnknownCode`).
macro_rules! decode_stored_code {
    ($($t:ty),* $(,)?) => { $(
        impl sqlx::Type<sqlx::Any> for $t {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }
            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $t {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Ok(<$t>::try_from(code)?)
            }
        }
    )* };
}

decode_stored_code!(
    crate::domain::Role,
    crate::domain::time::Zone,
    crate::domain::money::Currency,
    crate::domain::dealer::SubmissionStatus,
    crate::domain::dealer::DealStatus,
    crate::domain::dealer::SourceType,
    crate::domain::dealer::CommissionStatus,
    crate::domain::dealer::CommissionBasis,
    crate::domain::dealer::PayoutStatus,
    crate::domain::dealer::PayoutMethod,
    crate::domain::dealer::DisputeCategory,
    crate::domain::dealer::DisputeStatus,
);

impl Db {
    /// Connects, applies per-connection settings and runs the migrations.
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let mut url = url.to_string();
        if backend == Backend::Sqlite {
            if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
                let path = path.split('?').next().unwrap_or_default();
                if let Some(parent) = std::path::Path::new(path).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
                    }
                }
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
            }
        }
        let opts = AnyConnectOptions::from_str(&url).context("DATABASE_URL is not a valid database URL")?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // A page cache of up to 32 MiB per connection (SQLite's default is 2 MiB): at
                        // 100,000 contacts an import's inserts touch ten indexes at random places, and
                        // with the default cache most of those touches went back to the file.
                        conn.execute(sqlx::raw_sql(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                             PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;",
                        ))
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await
            .context("could not connect to the database named by DATABASE_URL")?;
        let db = Db { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    /// A write transaction: `BEGIN IMMEDIATE` on SQLite takes the write lock
    /// up front, so read-then-write transactions never fail to upgrade.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    async fn migrate(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            // Several app servers may start at once: one migrates, the rest wait.
            conn.execute("SELECT pg_advisory_lock(727274)").await?;
        }
        let result = self.migrate_locked(&mut conn).await;
        if self.backend == Backend::Postgres {
            conn.execute("SELECT pg_advisory_unlock(727274)").await?;
        }
        result
    }

    async fn migrate_locked(&self, conn: &mut sqlx::pool::PoolConnection<sqlx::Any>) -> Result<()> {
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").await?;
        for m in MIGRATIONS {
            // The check and the step in one transaction that holds the write
            // lock from its start (SQLite `BEGIN IMMEDIATE`; PostgreSQL holds
            // the advisory lock), so servers starting together apply it once.
            let mut tx = match self.backend {
                Backend::Sqlite => sqlx::Connection::begin_with(&mut **conn, "BEGIN IMMEDIATE").await?,
                Backend::Postgres => sqlx::Acquire::begin(&mut **conn).await?,
            };
            let done: Option<(i64,)> =
                sqlx::query_as("SELECT version FROM schema_migrations WHERE version = $1").bind(m.version).fetch_optional(&mut *tx).await?;
            if done.is_some() {
                tx.rollback().await?;
                continue;
            }
            let sql = match self.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            tx.execute(sqlx::raw_sql(sql)).await.with_context(|| format!("migration {} failed", m.name))?;
            sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(m.version)
                .bind(m.name)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(migration = m.name, "applied migration");
        }
        Ok(())
    }

    /// Runs `work` while holding the database-wide lock `key`, so that
    /// servers starting at the same moment do it one after the other. On
    /// PostgreSQL an advisory lock held on a connection of its own; SQLite
    /// has one writer per file anyway (`BEGIN IMMEDIATE`).
    pub async fn exclusively<T>(&self, key: i64, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        if self.backend != Backend::Postgres {
            return work.await;
        }
        let mut conn = self.pool.acquire().await?;
        conn.execute(sqlx::query("SELECT pg_advisory_lock($1)").bind(key)).await?;
        let result = work.await;
        conn.execute(sqlx::query("SELECT pg_advisory_unlock($1)").bind(key)).await?;
        result
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_migration_file_is_listed() {
        let mut on_disk: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        on_disk.sort();
        let mut listed = super::migration_files();
        listed.sort();
        assert_eq!(on_disk, listed);
    }
}
