//! An owner deactivates a member (his sessions end at once; his records
//! stay, and so does his name on them) or lets him back in.

use crate::dto::admin::TeamMember;
use crate::dto::error::AppError;
use crate::server::admin;
use crate::server::audit::action;
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::Ctx;
use crate::server::op::{audit_in, conflict, expect_one, OpResult};
use crate::server::repo;

/// Turns a member's login off (`active = false`) or on again.
pub async fn set_active(ctx: &Ctx, id: &str, active: bool) -> OpResult<TeamMember> {
    let user = repo::user_by_id(&ctx.db, id.trim()).await?.ok_or(AppError::NotFound)?;
    ctx.same_org(&user.org_id)?;
    if user.is_active == active {
        return admin::team_member(ctx, &user.id).await.map_err(Into::into);
    }
    if !active && user.id == ctx.user.id {
        return Err(conflict("You cannot deactivate yourself. Another owner can."));
    }
    let mut tx = ctx.db.begin_write().await?;
    if !active && user.role == crate::domain::Role::Owner {
        let (owners,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = 'owner' AND is_active = 1 AND id <> $2")
            .bind(&ctx.org.id)
            .bind(&user.id)
            .fetch_one(&mut *tx)
            .await?;
        if owners == 0 {
            return Err(conflict("The organization needs at least one active owner."));
        }
    }
    let done = sqlx::query("UPDATE users SET is_active = $1 WHERE id = $2 AND org_id = $3 AND is_active = $4")
        .bind(active as i64)
        .bind(&user.id)
        .bind(&ctx.org.id)
        .bind(!active as i64)
        .execute(&mut *tx)
        .await?;
    expect_one(done, "Someone changed this member's access at the same moment.")?;
    let what = if active { action::MEMBER_REACTIVATED } else { action::MEMBER_DEACTIVATED };
    audit_in(&mut tx, ctx, what, &user.email, Some(&user.id)).await?;
    tx.commit().await?;
    if !active {
        delete_user_sessions(&ctx.db, &user.id).await?;
    }
    admin::team_member(ctx, &user.id).await.map_err(Into::into)
}
