//! Sign-in, sign-out, password change, and THE guard every server function
//! starts with.

use super::audit::{self, action};
use super::db::now_ms;
use super::repo::{self, OrgRecord, UserRecord};
use super::session_store::{delete_user_sessions, AUTH_AT_KEY, USER_KEY};
use super::state::{AppState, ClientIp};
use super::password;
use crate::dto::error::AppError;
use crate::domain::email::Email;
use crate::domain::password::check_new_password;
use crate::domain::Capability;
use leptos::prelude::*;
use tower_sessions::Session;

/// Failed sign-ins per account (since its last success) within the window before 429.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins from one IP within the window before 429.
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;

pub const BAD_CREDENTIALS: &str = "Email or password is incorrect.";

/// What a guarded server function works with: who, in which organization,
/// under which checked capability.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub user: UserRecord,
    pub org: OrgRecord,
    pub capability: Capability,
    pub ip: String,
}

/// Logs an internal failure and returns the generic message with a reference.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let reference = super::db::new_id()[..8].to_string();
    tracing::error!(%reference, error = %err, "internal error");
    AppError::Internal { reference }
}

/// Sets the HTTP status of the response to match the error (server functions).
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
    }
    result
}

/// An error as a JSON response for plain axum routes (exports, uploads):
/// the error's own fields (`kind`, `fields`…) plus `error`, its message.
pub fn error_response(e: AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = serde_json::to_value(&e).unwrap_or_else(|_| serde_json::json!({}));
    if let serde_json::Value::Object(map) = &mut body {
        map.insert("error".into(), serde_json::Value::String(e.to_string()));
    }
    (status, axum::Json(body)).into_response()
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(internal)
}

pub async fn client_ip() -> String {
    leptos_axum::extract::<axum::Extension<ClientIp>>().await.map(|e| e.0 .0).unwrap_or_else(|_| "unknown".into())
}

/// The signed-in user and organization, if any. Ends sessions that passed
/// their absolute lifetime or whose user was deactivated.
pub async fn current_user() -> Result<Option<(UserRecord, OrgRecord)>, AppError> {
    current_user_in(&state()?, &session().await?).await
}

/// `current_user` for plain axum handlers (CSV exports, uploads).
pub async fn current_user_in(st: &AppState, session: &Session) -> Result<Option<(UserRecord, OrgRecord)>, AppError> {
    let uid: Option<String> = session.get(USER_KEY).await.map_err(internal)?;
    let Some(uid) = uid else { return Ok(None) };
    let auth_at: i64 = session.get(AUTH_AT_KEY).await.map_err(internal)?.unwrap_or(0);
    if now_ms() - auth_at > st.config.session_absolute_hours * 3_600_000 {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    }
    let Some(user) = repo::user_by_id(&st.db, &uid).await.map_err(internal)? else {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    };
    if !user.is_active {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    }
    let org = repo::org_by_id(&st.db, &user.org_id).await.map_err(internal)?.ok_or_else(|| internal("user without organization"))?;
    Ok(Some((user, org)))
}

/// THE guard: signed in (else 401), holds `cap` (else 403, audited).
/// Records belonging to another organization or user are the caller's to
/// answer with `AppError::NotFound` (see `Ctx::same_org`).
pub async fn require(cap: Capability) -> Result<Ctx, AppError> {
    require_in(&state()?, &session().await?, client_ip().await, cap).await
}

/// `require` for plain axum handlers.
pub async fn require_in(st: &AppState, session: &Session, ip: String, cap: Capability) -> Result<Ctx, AppError> {
    let Some((user, org)) = current_user_in(st, session).await? else { return Err(AppError::Unauthorized) };
    if !user.role.can(cap) {
        audit::record(
            &st.db.pool,
            audit::Entry {
                org_id: Some(&org.id),
                actor_id: Some(&user.id),
                action: action::ACCESS_DENIED,
                target: Some(cap.as_str()),
                ip: Some(&ip),
                detail: None,
            },
        )
        .await
        .map_err(internal)?;
        return Err(AppError::Forbidden { capability: cap.as_str().to_string() });
    }
    Ok(Ctx { user, org, capability: cap, ip })
}

impl Ctx {
    /// An audit entry for an action by this person, from this request's IP.
    pub fn audit_entry<'a>(&'a self, action: &'a str) -> audit::Entry<'a> {
        audit::Entry { org_id: Some(&self.org.id), actor_id: Some(&self.user.id), action, ip: Some(&self.ip), ..Default::default() }
    }

    /// Tenancy check for a loaded record: another org's record is "not found".
    pub fn same_org(&self, org_id: &str) -> Result<(), AppError> {
        if self.org.id == org_id {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

async fn failures_since(st: &AppState, column: &str, value: &str, since: i64) -> Result<i64, AppError> {
    let sql = format!("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND {column} = $2 AND at > $3");
    let (n,): (i64,) = sqlx::query_as(&sql).bind(action::LOGIN_FAILED).bind(value).bind(since).fetch_one(&st.db.pool).await.map_err(internal)?;
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
        .await
        .map_err(internal)?;
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
            audit::record(
                &st.db.pool,
                audit::Entry { action: action::LOGIN_THROTTLED, target: Some(email), ip: Some(ip), ..Default::default() },
            )
            .await
            .map_err(internal)?;
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
    let found = repo::login_by_email(&st.db, email.as_str()).await.map_err(internal)?;
    let (user, hash) = match found {
        Some((u, h)) if u.is_active => (Some(u), Some(h)),
        _ => (None, None),
    };
    let ok = password::verify(hash, password_input).await.map_err(internal)?;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => {
            audit::record(
                &st.db.pool,
                audit::Entry { action: action::LOGIN_FAILED, target: Some(email.as_str()), ip: Some(&ip), ..Default::default() },
            )
            .await
            .map_err(internal)?;
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
    .await
    .map_err(internal)?;
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
        .await
        .map_err(internal)?;
    }
    session.flush().await.map_err(internal)?;
    Ok(())
}

/// Changes the password and signs the user out of every session,
/// this one included.
pub async fn change_password(ctx: &Ctx, current: String, new: String, confirm: String) -> Result<(), AppError> {
    let st = state()?;
    if let Err(m) = check_new_password(&new, &confirm) {
        let field = if m.contains("match") { "confirm" } else { "new_password" };
        return Err(AppError::field(field, m));
    }
    let hash = repo::password_hash(&st.db, &ctx.user.id).await.map_err(internal)?;
    if !password::verify(hash, current).await.map_err(internal)? {
        audit::record(&st.db.pool, ctx.audit_entry(action::PASSWORD_CHANGE_FAILED)).await.map_err(internal)?;
        return Err(AppError::field("current_password", "Your current password is incorrect."));
    }
    let new_hash = password::hash(new).await.map_err(internal)?;
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    repo::set_password(&mut *tx, &ctx.user.id, &new_hash, now_ms()).await.map_err(internal)?;
    audit::record(&mut *tx, ctx.audit_entry(action::PASSWORD_CHANGED)).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    delete_user_sessions(&st.db, &ctx.user.id).await.map_err(internal)?;
    session().await?.flush().await.map_err(internal)?;
    Ok(())
}
