//! Onboarding: organizations and their first owner (platform admin),
//! invitations and members (owners), and the public pages behind one-time
//! links (accept an invitation, forgot and reset a password).

use crate::dto::admin::TeamMember;
use crate::dto::error::AppError;
use crate::dto::onboarding::*;
#[cfg(feature = "ssr")]
use crate::{
    domain::{Capability, Module},
    serve,
    server::{
        onboarding::{invitations, members, organizations, reset},
        op::respond,
    },
};
use leptos::prelude::*;

/// A new organization (its modules are the checked boxes) and the
/// invitation of its first owner.
#[server(endpoint = "platform/organizations/create")]
#[allow(clippy::too_many_arguments)]
pub async fn create_organization(
    name: String,
    currency: String,
    time_zone: String,
    owner_name: String,
    owner_email: String,
    dealer: Option<String>,
    crm: Option<String>,
    brokerage: Option<String>,
    marketplace: Option<String>,
) -> Result<NewOrgOutcome, AppError> {
    let ticked = [(Module::Dealer, dealer), (Module::Crm, crm), (Module::Brokerage, brokerage), (Module::Marketplace, marketplace)];
    let modules: Vec<Module> = ticked.into_iter().filter(|(_, v)| v.is_some()).map(|(m, _)| m).collect();
    let form = organizations::OrgForm { name: &name, currency: &currency, time_zone: &time_zone, modules, owner_name: &owner_name, owner_email: &owner_email };
    serve!(Capability::PlatformManage, |ctx| organizations::create(ctx, &form))
}

/// An owner invites someone into the organization with a role.
#[server(endpoint = "team/invite")]
pub async fn invite_member(email: String, name: String, role: String) -> Result<InviteOutcome, AppError> {
    serve!(Capability::TeamManage, |ctx| invitations::invite(ctx, &email, &name, &role))
}

/// The roles the owner can invite into, and the invitations not yet accepted nor withdrawn.
#[server(endpoint = "team/invitations")]
pub async fn team_invitations() -> Result<Invitations, AppError> {
    serve!(Capability::TeamManage, |ctx| invitations::invitations(ctx))
}

/// Sends an invitation again with a new link and expiry.
#[server(endpoint = "team/invitations/resend")]
pub async fn resend_invitation(id: String) -> Result<InviteOutcome, AppError> {
    serve!(Capability::TeamManage, |ctx| invitations::resend(ctx, &id))
}

/// Withdraws an invitation (its link stops working).
#[server(endpoint = "team/invitations/revoke")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    serve!(Capability::TeamManage, |ctx| invitations::revoke(ctx, &id))
}

/// Deactivates a member (his sessions end at once) or lets him back in.
#[server(endpoint = "team/member/active")]
pub async fn set_member_active(id: String, active: bool) -> Result<TeamMember, AppError> {
    serve!(Capability::TeamManage, |ctx| members::set_active(ctx, &id, active))
}

/// The invitation behind a link (no sign-in: the token is the key).
#[server(endpoint = "invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    respond(invitations::view(&token).await)
}

/// Accepts an invitation: the login is created and the browser signed in.
#[server(endpoint = "invitation/accept")]
pub async fn accept_invitation(token: String, name: String, password: String, confirm: String) -> Result<(), AppError> {
    respond(invitations::accept(&token, &name, password, &confirm).await)
}

/// "Forgot password": always the same answer.
#[server(endpoint = "password/forgot")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    respond(reset::request(&email).await)
}

/// The password link behind a token.
#[server(endpoint = "password/link")]
pub async fn get_password_link(token: String) -> Result<PasswordLinkView, AppError> {
    respond(reset::view(&token).await)
}

/// Sets a new password through a one-time link; every session ends.
#[server(endpoint = "password/reset")]
pub async fn reset_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    respond(reset::set_password(&token, password, &confirm).await)
}
