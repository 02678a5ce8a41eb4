//! Sign-in, sign-out, the signed-in person, password change.

use super::AppError;
use crate::domain::{Capability, Module, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as their own browser sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub org_name: String,
    pub org_currency: String,
    pub is_platform: bool,
    pub modules: Vec<Module>,
    pub capabilities: Vec<Capability>,
    pub joined_at: i64,
    /// Unread in-app notifications.
    pub unread: i64,
}

impl Me {
    pub fn can(&self, cap: Capability) -> bool {
        self.capabilities.contains(&cap)
    }

    /// A broker of an organization with the dealer module (the Broker Portal's audience).
    pub fn is_dealer_broker(&self) -> bool {
        self.can(Capability::BrokerPortal) && self.modules.contains(&Module::Dealer)
    }
}

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

/// A login form's error code in the URL (JavaScript-off form posts).
pub fn login_error_message(code: &str) -> Option<&'static str> {
    match code {
        "credentials" => Some("Email or password is incorrect."),
        "throttled" => Some("Too many failed sign-in attempts. Wait 15 minutes, then try again."),
        "email" => Some("Enter a valid email address, like name@example.com."),
        "password" => Some("Enter your password."),
        "failed" => Some("Sign-in failed. Please try again."),
        _ => None,
    }
}

/// Only same-site absolute paths are followed after sign-in.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.starts_with("/api/") => n.to_string(),
        _ => "/".to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_only_followed_to_local_paths() {
        assert_eq!(safe_next(Some("/team")), "/team");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
