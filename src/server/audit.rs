//! The append-only audit trail: who did what to what, when, from where.
//! The code only ever inserts; the database refuses UPDATE and DELETE
//! (migration 0002).

use super::db::{new_id, now_ms};
use sqlx::{Any, Executor};

#[derive(Clone, Debug, Default)]
pub struct Entry<'a> {
    pub org_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub detail: Option<&'a str>,
}

pub async fn record<'e, E>(exec: E, e: Entry<'_>) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("INSERT INTO audit_log (id, at, org_id, actor_id, action, target, ip, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(new_id())
        .bind(now_ms())
        .bind(e.org_id)
        .bind(e.actor_id)
        .bind(e.action)
        .bind(e.target)
        .bind(e.ip)
        .bind(e.detail)
        .execute(exec)
        .await?;
    Ok(())
}

/// Audit action names (one place, so queries and writers agree).
pub mod action {
    pub const LOGIN_SUCCEEDED: &str = "login.succeeded";
    pub const LOGIN_FAILED: &str = "login.failed";
    pub const LOGIN_THROTTLED: &str = "login.throttled";
    pub const LOGOUT: &str = "logout";
    pub const PASSWORD_CHANGED: &str = "password.changed";
    pub const PASSWORD_CHANGE_FAILED: &str = "password.change_failed";
    pub const ACCESS_DENIED: &str = "access.denied";
    pub const CROSS_ORIGIN_REFUSED: &str = "csrf.refused";
    pub const ORG_TIME_ZONE_CHANGED: &str = "org.time_zone_changed";
    pub const ORG_DOCUMENTS_CHANGED: &str = "org.documents_changed";
    pub const ORG_CREATED: &str = "org.created";
    pub const ADMIN_CREATED: &str = "admin.created";
    pub const INVITATION_CREATED: &str = "invitation.created";
    pub const INVITATION_RESENT: &str = "invitation.resent";
    pub const INVITATION_REVOKED: &str = "invitation.revoked";
    pub const INVITATION_ACCEPTED: &str = "invitation.accepted";
    pub const MEMBER_DEACTIVATED: &str = "member.deactivated";
    pub const MEMBER_REACTIVATED: &str = "member.reactivated";
    pub const PASSWORD_RESET_REQUESTED: &str = "password.reset_requested";
    pub const PASSWORD_RESET: &str = "password.reset";
    pub const PASSWORD_LINK_PRINTED: &str = "password.link_printed";
    pub const CONTACT_CREATED: &str = "contact.created";
}
