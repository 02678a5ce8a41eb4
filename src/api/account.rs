//! Sign-in, sign-out, the signed-in person, password change.

use crate::dto::account::*;
use crate::dto::error::AppError;
use crate::domain::Capability;
use leptos::prelude::*;

/// The signed-in person (and their unread count), for any page's data.
#[cfg(feature = "ssr")]
pub async fn me_of(u: crate::server::repo::UserRecord, o: crate::server::repo::OrgRecord) -> Result<Me, AppError> {
    use crate::server::auth;
    let (unread,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(&u.id)
        .fetch_one(&auth::state()?.db.pool)
        .await
        .map_err(auth::internal)?;
    Ok(Me {
        unread,
        capabilities: u.role.capabilities(),
        id: u.id,
        name: u.display_name,
        email: u.email,
        role: u.role,
        org_name: o.name,
        org_currency: o.currency,
        is_platform: o.is_platform,
        modules: o.modules,
        joined_at: u.created_at,
    })
}

#[server(endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            match auth::current_user().await? {
                Some((u, o)) => Ok(Some(me_of(u, o).await?)),
                None => Ok(None),
            }
        }
        .await,
    )
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::auth;
    let result = auth::login(&email, password).await;
    let plain_form = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false);
    match &result {
        Ok(_) => leptos_axum::redirect(&safe_next(next.as_deref())),
        Err(e) if plain_form => {
            // Without JavaScript the form posts here directly: send the person
            // back to the form with a short error code it can show.
            let code = match e {
                AppError::InvalidCredentials { .. } => "credentials",
                AppError::TooManyRequests { .. } => "throttled",
                AppError::Validation { fields } if fields.contains_key("email") => "email",
                AppError::Validation { .. } => "password",
                _ => "failed",
            };
            let next_q = next.as_deref().map(|n| format!("&next={}", urlencode(n))).unwrap_or_default();
            // `redirect` set 302 for this plain form post; keep it (no error status).
            leptos_axum::redirect(&format!("/login?error={code}{next_q}"));
            return result.map(|_| ());
        }
        Err(_) => {}
    }
    auth::respond(result.map(|_| ()))
}

#[cfg(feature = "ssr")]
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth;
    let r = auth::logout().await;
    if r.is_ok() {
        leptos_axum::redirect("/login");
    }
    auth::respond(r)
}

#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String, confirm: String) -> Result<(), AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let ctx = auth::require(Capability::AccountSelf).await?;
            auth::change_password(&ctx, current_password, new_password, confirm).await?;
            // Every session is gone, this one too: back to the login page.
            leptos_axum::redirect("/login?changed=1");
            Ok(())
        }
        .await,
    )
}
