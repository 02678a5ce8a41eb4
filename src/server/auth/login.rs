//! Signing in and out, and changing a password: one message for an unknown
//! email and a wrong password, throttles per account and per network, and
//! a password change that ends every session.

use super::password;
use super::session_store::{delete_user_sessions, AUTH_AT_KEY, USER_KEY};
use super::{client_ip, current_user, session, state, Ctx};
use crate::domain::email::Email;
use crate::domain::password::check_new_password;
use crate::dto::account::safe_next;
use crate::dto::error::AppError;
use crate::server::audit::{self, action};
use crate::server::db::now_ms;
use crate::server::op::{internal, respond};
use crate::server::repo::{self, UserRecord};
use crate::server::state::AppState;

/// Failed sign-ins per account (since its last success) within the window before 429.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins from one IP within the window before 429.
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;

pub const BAD_CREDENTIALS: &str = "Email or password is incorrect.";

async fn failures_since(st: &AppState, column: &str, value: &str, since: i64) -> Result<i64, AppError> {
    let sql = format!("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND {column} = $2 AND at > $3");
    let (n,): (i64,) = sqlx::query_as(&sql).bind(action::LOGIN_FAILED).bind(value).bind(since).fetch_one(&st.db.pool).await?;
    Ok(n)
}

/// Checks the throttles; `Err(429)` with a clear message when exceeded.
async fn throttle(st: &AppState, email: &str, ip: &str) -> Result<(), AppError> {
    let now = now_ms();
    let window_start = now - THROTTLE_WINDOW_MS;
    let last_success: (Option<i64>,) = sqlx::query_as("SELECT MAX(at) FROM audit_log WHERE action = $1 AND target = $2")
        .bind(action::LOGIN_SUCCEEDED)
        .bind(email)
        .fetch_one(&st.db.pool)
        .await?;
    let since = window_start.max(last_success.0.unwrap_or(0));
    let message = if failures_since(st, "target", email, since).await? >= MAX_FAILURES_PER_ACCOUNT {
        Some("Too many failed sign-in attempts for this account. Wait 15 minutes, then try again.")
    } else if failures_since(st, "ip", ip, window_start).await? >= MAX_FAILURES_PER_IP {
        Some("Too many failed sign-in attempts from your network. Wait 15 minutes, then try again.")
    } else {
        None
    };
    match message {
        None => Ok(()),
        Some(m) => {
            audit::record(&st.db.pool, audit::Entry { action: action::LOGIN_THROTTLED, target: Some(email), ip: Some(ip), ..Default::default() }).await?;
            Err(AppError::TooManyRequests { message: m.to_string() })
        }
    }
}

/// Signs in: one identical message for an unknown email and a wrong
/// password; the session id is cycled so a planted id is worthless.
pub async fn login(email_input: &str, password_input: String) -> Result<UserRecord, AppError> {
    let st = state()?;
    let session = session().await?;
    let ip = client_ip().await;
    let email = Email::parse(email_input).map_err(|e| AppError::field("email", e.to_string()))?;
    if password_input.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }
    throttle(&st, email.as_str(), &ip).await?;
    let found = repo::login_by_email(&st.db, email.as_str()).await?;
    let (user, hash) = match found {
        Some((u, h)) if u.is_active => (Some(u), Some(h)),
        _ => (None, None),
    };
    let ok = password::verify(hash, password_input).await.map_err(internal)?;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => {
            audit::record(&st.db.pool, audit::Entry { action: action::LOGIN_FAILED, target: Some(email.as_str()), ip: Some(&ip), ..Default::default() })
                .await?;
            return Err(AppError::InvalidCredentials { message: BAD_CREDENTIALS.to_string() });
        }
    };
    session.cycle_id().await.map_err(internal)?;
    session.insert(USER_KEY, &user.id).await.map_err(internal)?;
    session.insert(AUTH_AT_KEY, now_ms()).await.map_err(internal)?;
    audit::record(
        &st.db.pool,
        audit::Entry {
            org_id: Some(&user.org_id),
            actor_id: Some(&user.id),
            action: action::LOGIN_SUCCEEDED,
            target: Some(email.as_str()),
            ip: Some(&ip),
            detail: None,
        },
    )
    .await?;
    Ok(user)
}

pub async fn logout() -> Result<(), AppError> {
    let st = state()?;
    let session = session().await?;
    if let Some((user, org)) = current_user().await? {
        let ip = client_ip().await;
        audit::record(
            &st.db.pool,
            audit::Entry { org_id: Some(&org.id), actor_id: Some(&user.id), action: action::LOGOUT, ip: Some(&ip), ..Default::default() },
        )
        .await?;
    }
    session.flush().await.map_err(internal)?;
    Ok(())
}

/// Changes the password and signs the user out of every session,
/// this one included.
pub async fn change_password(ctx: &Ctx, current: String, new: String, confirm: String) -> Result<(), AppError> {
    if let Err(m) = check_new_password(&new, &confirm) {
        let field = if m.contains("match") { "confirm" } else { "new_password" };
        return Err(AppError::field(field, m));
    }
    let hash = repo::password_hash(&ctx.db, &ctx.user.id).await?;
    if !password::verify(hash, current).await.map_err(internal)? {
        audit::record(&ctx.db.pool, ctx.audit_entry(action::PASSWORD_CHANGE_FAILED)).await?;
        return Err(AppError::field("current_password", "Your current password is incorrect."));
    }
    let new_hash = password::hash(new).await.map_err(internal)?;
    let mut tx = ctx.db.begin_write().await?;
    repo::set_password(&mut *tx, &ctx.user.id, &new_hash, now_ms()).await?;
    audit::record(&mut *tx, ctx.audit_entry(action::PASSWORD_CHANGED)).await?;
    tx.commit().await?;
    delete_user_sessions(&ctx.db, &ctx.user.id).await?;
    session().await?.flush().await.map_err(internal)?;
    Ok(())
}

/// The sign-in form's server function: on success, on to `next` (a local
/// path only). Without JavaScript the form posts here directly, so a
/// failure sends the person back to the form with a short error code it
/// can show (`dto::account::login_error_message`).
pub async fn sign_in(email: &str, password: String, next: Option<&str>) -> Result<(), AppError> {
    let result = login(email, password).await.map(|_| ());
    let plain_form = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false);
    match &result {
        Ok(()) => leptos_axum::redirect(&safe_next(next)),
        Err(e) if plain_form => {
            let code = match e {
                AppError::InvalidCredentials { .. } => "credentials",
                AppError::TooManyRequests { .. } => "throttled",
                AppError::Validation { fields } if fields.contains_key("email") => "email",
                AppError::Validation { .. } => "password",
                _ => "failed",
            };
            let next_q = next.map(|n| format!("&next={}", urlencode(n))).unwrap_or_default();
            // `redirect` set 302 for this plain form post; keep it (no error status).
            leptos_axum::redirect(&format!("/login?error={code}{next_q}"));
            return result;
        }
        Err(_) => {}
    }
    respond(result)
}

/// Signs out and goes to the login page.
pub async fn sign_out() -> Result<(), AppError> {
    let r = logout().await;
    if r.is_ok() {
        leptos_axum::redirect("/login");
    }
    respond(r)
}

/// Changes the password; every session ends, this one too, so the browser
/// goes back to the login page.
pub async fn change_password_and_sign_out(ctx: &Ctx, current: &str, new: &str, confirm: &str) -> Result<(), AppError> {
    change_password(ctx, current.to_string(), new.to_string(), confirm.to_string()).await?;
    leptos_axum::redirect("/login?changed=1");
    Ok(())
}

/// Percent-encodes a value for a URL's query.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
