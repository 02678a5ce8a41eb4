//! Sign-in, sign-out, the signed-in person, password change.

use crate::dto::account::*;
use crate::dto::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::Capability,
    serve,
    server::{account, auth::login, op::respond},
};
use leptos::prelude::*;

/// The signed-in person, or `None` when nobody is signed in.
#[server(endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    respond(account::me_if_signed_in().await)
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    login::sign_in(&email, password, next.as_deref()).await
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    login::sign_out().await
}

/// Every session ends, this one too: the browser goes back to the login page.
#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String, confirm: String) -> Result<(), AppError> {
    serve!(Capability::AccountSelf, |ctx| login::change_password_and_sign_out(ctx, &current_password, &new_password, &confirm))
}

/// The owner sets the organization's time zone (an IANA name, e.g. `Europe/London`).
#[server(endpoint = "org/time-zone")]
pub async fn save_org_time_zone(time_zone: String) -> Result<(), AppError> {
    serve!(Capability::OrgSettings, |ctx| account::set_time_zone(ctx, &time_zone))
}

/// The organization's address and logo for its printed documents.
#[server(endpoint = "org/documents")]
pub async fn get_org_documents() -> Result<OrgDocuments, AppError> {
    serve!(Capability::OrgSettings, |ctx| account::org_documents(ctx))
}

#[server(endpoint = "org/documents/save")]
pub async fn save_org_documents(address: String, logo: String) -> Result<(), AppError> {
    serve!(Capability::OrgSettings, |ctx| account::save_org_documents(ctx, &address, &logo))
}
