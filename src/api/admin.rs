//! Team, organizations and the audit log.

use crate::dto::admin::*;
use crate::dto::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn member(u: crate::server::repo::UserRecord) -> TeamMember {
    TeamMember { id: u.id, name: u.display_name, email: u.email, role: u.role, active: u.is_active, joined_at: u.created_at }
}

#[server(endpoint = "team")]
pub async fn team_members() -> Result<Vec<TeamMember>, AppError> {
    use crate::server::{auth, repo};
    auth::respond(
        async {
            let ctx = auth::require(crate::domain::Capability::TeamManage).await?;
            let st = auth::state()?;
            let users = repo::users_in_org(&st.db, &ctx.org.id).await.map_err(auth::internal)?;
            Ok(users.into_iter().map(member).collect())
        }
        .await,
    )
}

/// One colleague; another organization's user id answers 404.
#[server(endpoint = "team/member")]
pub async fn get_team_member(id: String) -> Result<TeamMember, AppError> {
    use crate::server::{auth, repo};
    auth::respond(
        async {
            let ctx = auth::require(crate::domain::Capability::TeamManage).await?;
            let st = auth::state()?;
            let user = repo::user_by_id(&st.db, id.trim()).await.map_err(auth::internal)?.ok_or(AppError::NotFound)?;
            ctx.same_org(&user.org_id)?;
            Ok(member(user))
        }
        .await,
    )
}

#[server(endpoint = "platform/organizations")]
pub async fn organizations() -> Result<Vec<OrgSummary>, AppError> {
    use crate::server::{auth, repo};
    auth::respond(
        async {
            auth::require(crate::domain::Capability::PlatformManage).await?;
            let st = auth::state()?;
            let orgs = repo::organizations_with_counts(&st.db).await.map_err(auth::internal)?;
            Ok(orgs
                .into_iter()
                .map(|(o, users)| OrgSummary { id: o.id, name: o.name, currency: o.currency, modules: o.modules, users, created_at: o.created_at })
                .collect())
        }
        .await,
    )
}

/// The newest 200 audit entries: the caller's organization, or every
/// organization for the platform admin.
#[server(endpoint = "audit")]
pub async fn audit_log() -> Result<Vec<AuditItem>, AppError> {
    use crate::server::{auth, repo};
    auth::respond(
        async {
            let ctx = auth::require(crate::domain::Capability::AuditView).await?;
            let st = auth::state()?;
            let scope = if ctx.org.is_platform { None } else { Some(ctx.org.id.as_str()) };
            let rows = repo::audit_entries(&st.db, scope, 200).await.map_err(auth::internal)?;
            Ok(rows.into_iter().map(|r| AuditItem { at: r.at, actor: r.actor, action: r.action, target: r.target, ip: r.ip }).collect())
        }
        .await,
    )
}
