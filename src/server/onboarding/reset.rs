//! "Forgot password": a one-time link by email, the same answer whether or
//! not the address has a login (the lookup and the email happen after the
//! answer, off the request), throttled per network and per account; the
//! link sets a new password once, within [`RESET_MINUTES`], and ends every
//! session of the account.

use super::{password_link, RESET_MINUTES, WELCOME_HOURS};
use crate::domain::email::Email;
use crate::domain::password::check_new_password;
use crate::dto::error::AppError;
use crate::dto::onboarding::PasswordLinkView;
use crate::server::audit::{self, action};
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::{self, password, throttle};
use crate::server::config::Config;
use crate::server::crypto::{random_token, token_digest};
use crate::server::db::{new_id, now_ms, Db, Tx};
use crate::server::mailer;
use crate::server::op::internal;
use crate::server::repo;
use std::sync::Arc;

/// Why a password link exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// "Forgot password".
    Reset,
    /// The first password of an administrator created on the command line.
    Welcome,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Welcome => "welcome",
        }
    }

    fn lifetime_ms(self) -> i64 {
        match self {
            Purpose::Reset => RESET_MINUTES * 60_000,
            Purpose::Welcome => WELCOME_HOURS * 3_600_000,
        }
    }
}

/// Reset links an account gets per hour, however often it is asked for.
pub const MAX_LINKS_PER_HOUR: i64 = 3;

/// Creates a one-time password link for the user; returns its token.
pub async fn create_link(db: &Db, user_id: &str, purpose: Purpose) -> Result<String, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let token = insert_link(&mut tx, user_id, purpose).await?;
    tx.commit().await?;
    Ok(token)
}

async fn insert_link(tx: &mut Tx, user_id: &str, purpose: Purpose) -> Result<String, sqlx::Error> {
    let (token, now) = (random_token(), now_ms());
    sqlx::query("INSERT INTO password_links (id, user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id())
        .bind(user_id)
        .bind(purpose.as_str())
        .bind(token_digest(&token))
        .bind(now)
        .bind(now + purpose.lifetime_ms())
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

/// "Forgot password" for an address: always the same answer; throttled
/// per network (429 with Retry-After).
pub async fn request(email: &str) -> Result<(), AppError> {
    let st = auth::state()?;
    let ip = auth::client_ip().await;
    let email = Email::parse(email).map_err(|e| AppError::field("email", e.to_string()))?;
    throttle::reset_requests(&st.db, &ip, now_ms()).await?;
    let entry = audit::Entry { action: action::PASSWORD_RESET_REQUESTED, target: Some(email.as_str()), ip: Some(&ip), ..Default::default() };
    audit::record(&st.db.pool, entry).await?;
    let (db, config) = (st.db.clone(), st.config.clone());
    tokio::spawn(async move {
        if let Err(e) = send_reset_link(&db, &config, email.as_str()).await {
            tracing::warn!(error = %e, "password reset link not sent");
        }
    });
    Ok(())
}

/// Off the request: the account's link, emailed (at most
/// [`MAX_LINKS_PER_HOUR`] an hour; nothing for an unknown or deactivated address).
async fn send_reset_link(db: &Db, config: &Arc<Config>, email: &str) -> anyhow::Result<()> {
    let Some((user, _)) = repo::login_by_email(db, email).await? else { return Ok(()) };
    if !user.is_active {
        return Ok(());
    }
    let Some(smtp) = &config.smtp else {
        tracing::warn!(user = %user.id, "a password reset was asked for, but SMTP is not configured: `dealflow admin link --email …` prints a link");
        return Ok(());
    };
    // Requests arrive together: the count and the new link under the
    // account's row lock (SQLite: the write lock), so the limit holds.
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET password_changed_at = password_changed_at WHERE id = $1").bind(&user.id).execute(&mut *tx).await?;
    let (recent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM password_links WHERE user_id = $1 AND created_at > $2")
        .bind(&user.id)
        .bind(now_ms() - 3_600_000)
        .fetch_one(&mut *tx)
        .await?;
    if recent >= MAX_LINKS_PER_HOUR {
        tracing::info!(user = %user.id, "password reset asked for again within the hour: no more links sent");
        return Ok(());
    }
    let token = insert_link(&mut tx, &user.id, Purpose::Reset).await?;
    tx.commit().await?;
    let body = format!(
        "Hello {name},\n\nSomeone (hopefully you) asked to reset your Dealflow password.\n\nChoose a new password: {link}\n\n\
         The link works once, within {RESET_MINUTES} minutes. If you did not ask for it, ignore this email: your password stays as it is.\n\n— Dealflow\n",
        name = user.display_name,
        link = password_link(config, &token),
    );
    mailer::send_email(smtp, &user.display_name, &user.email, "Reset your Dealflow password", body).await
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    id: String,
    user_id: String,
    purpose: String,
    expires_at: i64,
    used_at: Option<i64>,
    email: String,
    is_active: i64,
}

/// The link behind a token while it can still be used; 410 otherwise.
async fn usable(db: &Db, token: &str) -> Result<LinkRow, AppError> {
    let row: Option<LinkRow> = sqlx::query_as(
        "SELECT l.id, l.user_id, l.purpose, l.expires_at, l.used_at, u.email, u.is_active FROM password_links l JOIN users u ON u.id = l.user_id WHERE l.token_hash = $1",
    )
    .bind(token_digest(token))
    .fetch_optional(&db.pool)
    .await?;
    let row = row.ok_or(AppError::NotFound)?;
    if row.used_at.is_some() {
        return Err(AppError::Expired { message: "This link was used already. Ask for a new one on the sign-in page.".into() });
    }
    if row.expires_at <= now_ms() || row.is_active == 0 {
        return Err(AppError::Expired { message: "This link has expired. Ask for a new one on the sign-in page.".into() });
    }
    Ok(row)
}

/// What the page behind the link shows.
pub async fn view(token: &str) -> Result<PasswordLinkView, AppError> {
    let st = auth::state()?;
    let row = usable(&st.db, token).await?;
    Ok(PasswordLinkView { email: row.email, first: row.purpose == Purpose::Welcome.as_str() })
}

/// Sets the new password; the link and every other open link of the
/// account are used up and every session of the account ends.
pub async fn set_password(token: &str, new_password: String, confirm: &str) -> Result<(), AppError> {
    let st = auth::state()?;
    let row = usable(&st.db, token).await?;
    if let Err(m) = check_new_password(&new_password, confirm) {
        return Err(AppError::field(if m.contains("match") { "confirm" } else { "password" }, m));
    }
    let hash = password::hash(new_password).await.map_err(internal)?;
    let (now, ip) = (now_ms(), auth::client_ip().await);
    let user = repo::user_by_id(&st.db, &row.user_id).await?.ok_or(AppError::NotFound)?;
    let mut tx = st.db.begin_write().await?;
    let used = sqlx::query("UPDATE password_links SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::Expired { message: "This link was used a moment ago. Ask for a new one on the sign-in page.".into() });
    }
    sqlx::query("UPDATE password_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL").bind(now).bind(&row.user_id).execute(&mut *tx).await?;
    repo::set_password(&mut *tx, &row.user_id, &hash, now).await?;
    let entry = audit::Entry {
        org_id: Some(&user.org_id),
        actor_id: Some(&user.id),
        action: action::PASSWORD_RESET,
        target: Some(&user.email),
        ip: Some(&ip),
        detail: Some(&row.purpose),
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    delete_user_sessions(&st.db, &row.user_id).await?;
    leptos_axum::redirect("/login?changed=1");
    Ok(())
}
