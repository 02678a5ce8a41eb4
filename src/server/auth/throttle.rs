//! The throttles, counted from the audit trail: sign-in per account *and*
//! network with a progressive wait (so nobody can lock a person out by
//! typing his email from elsewhere), sign-in per network, and the
//! current-password check of a password change per person, and "forgot
//! password" per network.

use crate::domain::throttle::{minutes_text, progressive_wait_ms, retry_after_secs};
use crate::dto::error::AppError;
use crate::server::audit::action;
use crate::server::db::Db;

/// Failed sign-ins from one network within [`WINDOW_MS`] before 429.
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// How far back an account's failures from one network count (since its
/// last successful sign-in).
const ACCOUNT_MEMORY_MS: i64 = 60 * 60 * 1000;
/// Wrong current passwords before a password change is refused and the
/// session that tried is ended.
pub const MAX_PASSWORD_CHANGE_FAILURES: usize = 5;

fn too_many(message: String, until: i64, now: i64) -> AppError {
    let retry_after = retry_after_secs(until, now);
    AppError::TooManyRequests { message: message.replace("{wait}", &minutes_text(retry_after)), retry_after }
}

/// `Err(429)` when this sign-in must wait: after five failures for the
/// account from this network (one minute, doubling, at most fifteen), or
/// twenty from the network within fifteen minutes.
pub async fn sign_in(db: &Db, email: &str, ip: &str, now: i64) -> Result<(), AppError> {
    let (last_success,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(at) FROM audit_log WHERE action = $1 AND target = $2").bind(action::LOGIN_SUCCEEDED).bind(email).fetch_one(&db.pool).await?;
    let since = (now - ACCOUNT_MEMORY_MS).max(last_success.unwrap_or(0));
    let (failures, last): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MAX(at) FROM audit_log WHERE action = $1 AND target = $2 AND ip = $3 AND at > $4")
            .bind(action::LOGIN_FAILED)
            .bind(email)
            .bind(ip)
            .bind(since)
            .fetch_one(&db.pool)
            .await?;
    let until = last.unwrap_or(0) + progressive_wait_ms(failures as usize);
    if until > now {
        return Err(too_many("Too many failed sign-in attempts for this account. Wait {wait}, then try again.".into(), until, now));
    }
    let (failures, oldest): (i64, Option<i64>) = sqlx::query_as("SELECT COUNT(*), MIN(at) FROM audit_log WHERE action = $1 AND ip = $2 AND at > $3")
        .bind(action::LOGIN_FAILED)
        .bind(ip)
        .bind(now - WINDOW_MS)
        .fetch_one(&db.pool)
        .await?;
    if failures >= MAX_FAILURES_PER_IP {
        let until = oldest.unwrap_or(now) + WINDOW_MS;
        return Err(too_many("Too many failed sign-in attempts from your network. Wait {wait}, then try again.".into(), until, now));
    }
    Ok(())
}

/// "Forgot password" requests one network may make within [`WINDOW_MS`].
pub const MAX_RESET_REQUESTS_PER_IP: i64 = 10;

/// `Err(429)` once a network asked for too many password resets.
pub async fn reset_requests(db: &Db, ip: &str, now: i64) -> Result<(), AppError> {
    let (n, oldest): (i64, Option<i64>) = sqlx::query_as("SELECT COUNT(*), MIN(at) FROM audit_log WHERE action = $1 AND ip = $2 AND at > $3")
        .bind(action::PASSWORD_RESET_REQUESTED)
        .bind(ip)
        .bind(now - WINDOW_MS)
        .fetch_one(&db.pool)
        .await?;
    if n >= MAX_RESET_REQUESTS_PER_IP {
        let until = oldest.unwrap_or(now) + WINDOW_MS;
        return Err(too_many("Too many password resets asked for from your network. Wait {wait}, then try again.".into(), until, now));
    }
    Ok(())
}

/// Wrong current passwords this person typed in a password change within
/// the window (since his last change).
pub async fn password_change_failures(db: &Db, user_id: &str, now: i64) -> Result<usize, AppError> {
    let (last_change,): (Option<i64>,) = sqlx::query_as("SELECT MAX(at) FROM audit_log WHERE action = $1 AND actor_id = $2")
        .bind(action::PASSWORD_CHANGED)
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    let since = (now - WINDOW_MS).max(last_change.unwrap_or(0));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND actor_id = $2 AND at > $3")
        .bind(action::PASSWORD_CHANGE_FAILED)
        .bind(user_id)
        .bind(since)
        .fetch_one(&db.pool)
        .await?;
    Ok(n as usize)
}

/// The answer once a session guessed the current password too often.
pub fn password_change_refused(now: i64) -> AppError {
    too_many("Too many wrong passwords: you have been signed out. Sign in again, then change your password in {wait}.".into(), now + WINDOW_MS, now)
}
