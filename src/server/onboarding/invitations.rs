//! Invitations into an organization with a role: an owner invites (and
//! resends or withdraws), the invitee opens the link, chooses his password
//! and is signed in on his role's home. A link works once, for
//! [`INVITATION_DAYS`] days; resending replaces it.

use super::{deliver_invitation, person_name, InvitationLetter, DAY_MS, INVITATION_DAYS};
use crate::domain::email::Email;
use crate::domain::password::check_new_password;
use crate::domain::tenancy::invitable_roles;
use crate::domain::Role;
use crate::dto::error::AppError;
use crate::dto::onboarding::*;
use crate::server::audit::{self, action};
use crate::server::auth::{self, login, password, Ctx};
use crate::server::crm;
use crate::server::crypto::{random_token, token_digest};
use crate::server::db::{is_unique_violation, new_id, now_ms, Db, Tx};
use crate::server::op::{audit_in, conflict, expect_one, internal, OpResult};
use crate::server::repo::{self, NewUser, OrgRecord};
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: String,
    org_id: String,
    email: String,
    display_name: String,
    role: Role,
    inviter: Option<String>,
    sent_at: i64,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

const SELECT: &str = "SELECT i.id, i.org_id, i.email, i.display_name, i.role, u.display_name AS inviter, i.sent_at, i.expires_at, i.accepted_at, i.revoked_at \
                      FROM invitations i LEFT JOIN users u ON u.id = i.invited_by";

/// A new invitation's checked input.
pub struct Invitee {
    pub email: Email,
    pub name: String,
    pub role: Role,
}

/// Checks the invitation form; every field's message at once.
pub fn check_invitee(org: &OrgRecord, email: &str, name: &str, role: &str) -> Result<Invitee, AppError> {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let email = Email::parse(email).map_err(|e| fields.insert("email".into(), vec![e.to_string()])).ok();
    let name = person_name(name, "name").map_err(|e| fields.insert("name".into(), e.field_errors("name"))).ok();
    let allowed = invitable_roles(&org.modules);
    let role = match Role::parse(role.trim()) {
        Some(r) if allowed.contains(&r) => Some(r),
        Some(r) => {
            let why = if r == Role::PlatformAdmin {
                "People cannot be invited as platform administrators."
            } else {
                "This role needs a module your organization does not have."
            };
            fields.insert("role".into(), vec![why.into()]);
            None
        }
        None => {
            fields.insert("role".into(), vec!["Choose a role.".into()]);
            None
        }
    };
    match (email, name, role) {
        (Some(email), Some(name), Some(role)) if fields.is_empty() => Ok(Invitee { email, name, role }),
        _ => Err(AppError::Validation { fields }),
    }
}

/// Writes an invitation in the caller's transaction; returns its id, the
/// token for the link and when it expires. Refused for an address that
/// already has a login or an open invitation into this organization.
pub async fn insert(tx: &mut Tx, org_id: &str, invitee: &Invitee, invited_by: &str, now: i64) -> OpResult<(String, String, i64)> {
    let email = invitee.email.as_str();
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = $1").bind(email).fetch_one(&mut **tx).await?;
    if users > 0 {
        return Err(AppError::field("email", format!("{email} already has a Dealflow login.")).into());
    }
    let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM invitations WHERE org_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(org_id)
        .bind(email)
        .fetch_one(&mut **tx)
        .await?;
    if open > 0 {
        return Err(AppError::field("email", format!("{email} has an open invitation already: resend it from the list.")).into());
    }
    let (id, token, expires_at) = (new_id(), random_token(), now + INVITATION_DAYS * DAY_MS);
    sqlx::query(
        "INSERT INTO invitations (id, org_id, email, display_name, role, token_hash, invited_by, created_at, sent_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(email)
    .bind(&invitee.name)
    .bind(invitee.role.as_str())
    .bind(token_digest(&token))
    .bind(invited_by)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok((id, token, expires_at))
}

/// An owner invites someone into his organization with a role.
pub async fn invite(ctx: &Ctx, email: &str, name: &str, role: &str) -> OpResult<InviteOutcome> {
    let invitee = check_invitee(&ctx.org, email, name, role)?;
    let mut tx = ctx.db.begin_write().await?;
    let (id, token, expires_at) = insert(&mut tx, &ctx.org.id, &invitee, &ctx.user.id, now_ms()).await?;
    audit_in(&mut tx, ctx, action::INVITATION_CREATED, invitee.email.as_str(), Some(&format!("{} {id}", invitee.role.as_str()))).await?;
    tx.commit().await?;
    let letter = InvitationLetter {
        to_email: invitee.email.as_str(),
        to_name: &invitee.name,
        org_name: &ctx.org.name,
        role_label: invitee.role.label(),
        inviter: &ctx.user.display_name,
        token: &token,
        expires_at,
    };
    Ok(deliver_invitation(&ctx.config, letter).await)
}

/// The roles the owner can invite people into, and the organization's
/// invitations that are neither accepted nor withdrawn.
pub async fn invitations(ctx: &Ctx) -> Result<Invitations, AppError> {
    let rows: Vec<InvitationRow> =
        sqlx::query_as(&format!("{SELECT} WHERE i.org_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL ORDER BY i.sent_at DESC"))
            .bind(&ctx.org.id)
            .fetch_all(&ctx.db.pool)
            .await?;
    let now = now_ms();
    let open = rows
        .into_iter()
        .map(|r| InvitationItem {
            status: if r.expires_at > now { InvitationStatus::Pending } else { InvitationStatus::Expired },
            id: r.id,
            email: r.email,
            name: r.display_name,
            role: r.role,
            sent_at: r.sent_at,
            expires_at: r.expires_at,
        })
        .collect();
    Ok(Invitations { roles: invitable_roles(&ctx.org.modules), open })
}

/// One open invitation of the caller's organization; another
/// organization's id answers 404, a closed one 409.
async fn open_in_org(ctx: &Ctx, id: &str) -> OpResult<InvitationRow> {
    let row: Option<InvitationRow> = sqlx::query_as(&format!("{SELECT} WHERE i.id = $1")).bind(id.trim()).fetch_optional(&ctx.db.pool).await?;
    let row = row.ok_or(AppError::NotFound)?;
    ctx.same_org(&row.org_id)?;
    if row.accepted_at.is_some() {
        return Err(conflict(format!("{} accepted this invitation already.", row.email)));
    }
    if row.revoked_at.is_some() {
        return Err(conflict("This invitation was withdrawn."));
    }
    Ok(row)
}

/// Sends the invitation again with a new link (the old one stops working)
/// and a new expiry.
pub async fn resend(ctx: &Ctx, id: &str) -> OpResult<InviteOutcome> {
    let row = open_in_org(ctx, id).await?;
    let (token, now) = (random_token(), now_ms());
    let expires_at = now + INVITATION_DAYS * DAY_MS;
    let mut tx = ctx.db.begin_write().await?;
    let done =
        sqlx::query("UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3 WHERE id = $4 AND accepted_at IS NULL AND revoked_at IS NULL")
            .bind(token_digest(&token))
            .bind(now)
            .bind(expires_at)
            .bind(&row.id)
            .execute(&mut *tx)
            .await?;
    expect_one(done, "This invitation was accepted or withdrawn meanwhile.")?;
    audit_in(&mut tx, ctx, action::INVITATION_RESENT, &row.email, Some(&row.id)).await?;
    tx.commit().await?;
    let letter = InvitationLetter {
        to_email: &row.email,
        to_name: &row.display_name,
        org_name: &ctx.org.name,
        role_label: row.role.label(),
        inviter: &ctx.user.display_name,
        token: &token,
        expires_at,
    };
    Ok(deliver_invitation(&ctx.config, letter).await)
}

/// Withdraws an invitation: its link stops working.
pub async fn revoke(ctx: &Ctx, id: &str) -> OpResult<()> {
    let row = open_in_org(ctx, id).await?;
    let mut tx = ctx.db.begin_write().await?;
    let done = sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    expect_one(done, "This invitation was accepted or withdrawn meanwhile.")?;
    audit_in(&mut tx, ctx, action::INVITATION_REVOKED, &row.email, Some(&row.id)).await?;
    tx.commit().await?;
    Ok(())
}

/// The invitation behind a link, while it can still be accepted; a used,
/// withdrawn or expired one answers 410 with what to do.
async fn usable(db: &Db, token: &str) -> Result<InvitationRow, AppError> {
    let row: Option<InvitationRow> = sqlx::query_as(&format!("{SELECT} WHERE i.token_hash = $1")).bind(token_digest(token)).fetch_optional(&db.pool).await?;
    let row = row.ok_or(AppError::NotFound)?;
    let ask = row.inviter.as_deref().map(|n| format!("Ask {n} to send you a new one.")).unwrap_or_else(|| "Ask for a new one.".into());
    if row.accepted_at.is_some() {
        return Err(AppError::Expired { message: "This invitation was used already. Sign in with your email and password.".into() });
    }
    if row.revoked_at.is_some() {
        return Err(AppError::Expired { message: format!("This invitation was withdrawn. {ask}") });
    }
    if row.expires_at <= now_ms() {
        return Err(AppError::Expired { message: format!("This invitation has expired. {ask}") });
    }
    Ok(row)
}

/// What the invitee sees behind his link.
pub async fn view(token: &str) -> Result<InvitationView, AppError> {
    let st = auth::state()?;
    let row = usable(&st.db, token).await?;
    let org = repo::org_by_id(&st.db, &row.org_id).await?.ok_or_else(|| internal("invitation without organization"))?;
    Ok(InvitationView { org_name: org.name, email: row.email, name: row.display_name, role: row.role, invited_by: row.inviter, expires_at: row.expires_at })
}

/// The invitee chooses his name and password: his login is created, the
/// invitation used up, and he is signed in (then sent to his role's home).
pub async fn accept(token: &str, name: &str, new_password: String, confirm: &str) -> Result<(), AppError> {
    let st = auth::state()?;
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let name = person_name(name, "name").map_err(|e| fields.insert("name".into(), e.field_errors("name"))).ok();
    if let Err(m) = check_new_password(&new_password, confirm) {
        fields.insert(if m.contains("match") { "confirm" } else { "password" }.into(), vec![m.to_string()]);
    }
    let row = usable(&st.db, token).await?;
    let Some(name) = name.filter(|_| fields.is_empty()) else { return Err(AppError::Validation { fields }) };
    if repo::login_by_email(&st.db, &row.email).await?.is_some() {
        return Err(AppError::Conflict { message: format!("{} already has a Dealflow login. Sign in with it instead.", row.email) });
    }
    let hash = password::hash(new_password).await.map_err(internal)?;
    let (user_id, now, ip) = (new_id(), now_ms(), auth::client_ip().await);
    let mut tx = st.db.begin_write().await?;
    let user = NewUser { id: &user_id, org_id: &row.org_id, email: &row.email, display_name: &name, role: row.role, password_hash: &hash, created_at: now };
    if let Err(e) = repo::insert_user(&mut *tx, user).await {
        return Err(if is_unique_violation(&e) {
            AppError::Conflict { message: format!("{} already has a Dealflow login. Sign in with it instead.", row.email) }
        } else {
            e.into()
        });
    }
    // The new login is one of the organization's contacts from now on.
    crm::people::ensure_contact(&mut *tx, &user_id, &row.org_id, row.role, &name, &row.email, now).await?;
    let used =
        sqlx::query("UPDATE invitations SET accepted_at = $1, user_id = $2 WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1")
            .bind(now)
            .bind(&user_id)
            .bind(&row.id)
            .execute(&mut *tx)
            .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::Expired { message: "This invitation was used or withdrawn a moment ago.".into() });
    }
    let entry = audit::Entry {
        org_id: Some(&row.org_id),
        actor_id: Some(&user_id),
        action: action::INVITATION_ACCEPTED,
        target: Some(&row.email),
        ip: Some(&ip),
        detail: Some(row.role.as_str()),
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    login::begin_session(&user_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}
