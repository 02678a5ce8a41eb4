//! Administration reads: the team (owners), the organizations (platform
//! admin) and the audit log.

use super::auth::Ctx;
use super::repo::{self, UserRecord};
use crate::dto::admin::{AuditItem, OrgSummary, TeamMember};
use crate::dto::error::AppError;

fn member(u: UserRecord) -> TeamMember {
    TeamMember { id: u.id, name: u.display_name, email: u.email, role: u.role, active: u.is_active, joined_at: u.created_at }
}

pub async fn team(ctx: &Ctx) -> Result<Vec<TeamMember>, AppError> {
    Ok(repo::users_in_org(&ctx.db, &ctx.org.id).await?.into_iter().map(member).collect())
}

/// One colleague; another organization's user id answers 404.
pub async fn team_member(ctx: &Ctx, id: &str) -> Result<TeamMember, AppError> {
    let user = repo::user_by_id(&ctx.db, id.trim()).await?.ok_or(AppError::NotFound)?;
    ctx.same_org(&user.org_id)?;
    Ok(member(user))
}

/// Every tenant with its user count.
pub async fn organizations(ctx: &Ctx) -> Result<Vec<OrgSummary>, AppError> {
    let orgs = repo::organizations_with_counts(&ctx.db).await?;
    Ok(orgs
        .into_iter()
        .map(|(o, users)| OrgSummary { id: o.id, name: o.name, currency: o.currency, modules: o.modules, users, created_at: o.created_at })
        .collect())
}

/// The newest 200 audit entries: the caller's organization, or every
/// organization for the platform admin.
pub async fn audit_log(ctx: &Ctx) -> Result<Vec<AuditItem>, AppError> {
    let scope = if ctx.org.is_platform { None } else { Some(ctx.org.id.as_str()) };
    let rows = repo::audit_entries(&ctx.db, scope, 200).await?;
    let targets: Vec<(String, Option<String>)> = rows.iter().map(|r| (r.action.clone(), r.target.clone())).collect();
    let about = super::audit_about::describe(&ctx.db, &targets, !ctx.org.is_platform).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (about, about_href) = r.target.as_ref().and_then(|t| about.get(t)).cloned().map(|(t, h)| (Some(t), h)).unwrap_or((None, None));
            AuditItem { at: r.at, actor: r.actor, action: r.action, target: r.target, about, about_href, ip: r.ip }
        })
        .collect())
}
