//! Signing in and out, and changing a password: one message for an unknown
//! email and a wrong password, throttles per account and per network, and
//! a password change that ends every session.

use super::session_store::{delete_user_sessions, AUTH_AT_KEY, USER_KEY};
use super::{client_ip, current_user, session, state, Ctx};
use super::{password, throttle};
use crate::domain::email::Email;
use crate::domain::password::check_new_password;
use crate::dto::account::safe_next;
use crate::dto::error::AppError;
use crate::server::audit::{self, action};
use crate::server::db::now_ms;
use crate::server::op::{internal, respond};
use crate::server::repo::{self, UserRecord};

pub const BAD_CREDENTIALS: &str = "Email or password is incorrect.";

/// Signs in: one identical message for an unknown email and a wrong
/// password; the session id is cycled so a planted id is worthless.
pub async fn login(email_input: &str, password_input: String) -> Result<UserRecord, AppError> {
    let st = state()?;
    let ip = client_ip().await;
    let email = Email::parse(email_input).map_err(|e| AppError::field("email", e.to_string()))?;
    if password_input.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }
    if let Err(e) = throttle::sign_in(&st.db, email.as_str(), &ip, now_ms()).await {
        let entry = audit::Entry { action: action::LOGIN_THROTTLED, target: Some(email.as_str()), ip: Some(&ip), ..Default::default() };
        audit::record(&st.db.pool, entry).await?;
        return Err(e);
    }
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
    begin_session(&user.id).await?;
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

/// Signs this browser in as `user_id`, on a fresh session id (a planted id
/// is worthless).
pub async fn begin_session(user_id: &str) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(internal)?;
    session.insert(USER_KEY, user_id).await.map_err(internal)?;
    session.insert(AUTH_AT_KEY, now_ms()).await.map_err(internal)?;
    Ok(())
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
    let failures = throttle::password_change_failures(&ctx.db, &ctx.user.id, now_ms()).await?;
    if failures >= throttle::MAX_PASSWORD_CHANGE_FAILURES {
        session().await?.flush().await.map_err(internal)?;
        return Err(throttle::password_change_refused(now_ms()));
    }
    let hash = repo::password_hash(&ctx.db, &ctx.user.id).await?;
    if !password::verify(hash, current).await.map_err(internal)? {
        audit::record(&ctx.db.pool, ctx.audit_entry(action::PASSWORD_CHANGE_FAILED)).await?;
        // A stolen session guessing the password: after a few tries it ends.
        if failures + 1 >= throttle::MAX_PASSWORD_CHANGE_FAILURES {
            session().await?.flush().await.map_err(internal)?;
            return Err(throttle::password_change_refused(now_ms()));
        }
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
            // Back to the form with `next` kept only when it is one we would follow.
            let next_q = Some(safe_next(next)).filter(|n| n != "/").map(|n| format!("&next={}", urlencode(&n))).unwrap_or_default();
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
