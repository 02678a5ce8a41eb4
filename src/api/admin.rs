//! Team, organizations and the audit log.

use crate::dto::admin::*;
use crate::dto::error::AppError;
#[cfg(feature = "ssr")]
use crate::{domain::Capability, serve, server::admin};
use leptos::prelude::*;

#[server(endpoint = "team")]
pub async fn team_members() -> Result<Vec<TeamMember>, AppError> {
    serve!(Capability::TeamManage, |ctx| admin::team(ctx))
}

/// One colleague; another organization's user id answers 404.
#[server(endpoint = "team/member")]
pub async fn get_team_member(id: String) -> Result<TeamMember, AppError> {
    serve!(Capability::TeamManage, |ctx| admin::team_member(ctx, &id))
}

#[server(endpoint = "platform/organizations")]
pub async fn organizations() -> Result<Vec<OrgSummary>, AppError> {
    serve!(Capability::PlatformManage, |ctx| admin::organizations(ctx))
}

/// The newest 200 audit entries: the caller's organization, or every
/// organization for the platform admin.
#[server(endpoint = "audit")]
pub async fn audit_log() -> Result<Vec<AuditItem>, AppError> {
    serve!(Capability::AuditView, |ctx| admin::audit_log(ctx))
}
