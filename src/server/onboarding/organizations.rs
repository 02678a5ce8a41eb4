//! The platform admin creates an organization (name, currency, time zone,
//! modules) and invites its first owner, in one transaction.

use super::invitations::{self, Invitee};
use super::{deliver_invitation, InvitationLetter};
use crate::domain::email::Email;
use crate::domain::tenancy::is_supported_currency;
use crate::domain::time::Zone;
use crate::domain::{Module, Role};
use crate::dto::error::AppError;
use crate::dto::onboarding::NewOrgOutcome;
use crate::server::audit::{self, action};
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms, Tx};
use crate::server::op::OpResult;
use crate::server::repo::{self, NewOrg};
use std::collections::BTreeMap;

/// The form of a new organization, as typed.
pub struct OrgForm<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub time_zone: &'a str,
    pub modules: Vec<Module>,
    pub owner_name: &'a str,
    pub owner_email: &'a str,
}

/// A URL-safe, lower-case short name from the organization's name.
fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    if slug.is_empty() {
        "org".to_string()
    } else {
        slug.trim_end_matches('-').to_string()
    }
}

/// The slug, or the first of `slug-2`, `slug-3`… that is free.
async fn free_slug(tx: &mut Tx, base: &str) -> Result<String, sqlx::Error> {
    let taken: Vec<(String,)> =
        sqlx::query_as("SELECT slug FROM organizations WHERE slug = $1 OR slug LIKE $2").bind(base).bind(format!("{base}-%")).fetch_all(&mut **tx).await?;
    let taken: Vec<String> = taken.into_iter().map(|(s,)| s).collect();
    Ok((1..).map(|n| if n == 1 { base.to_string() } else { format!("{base}-{n}") }).find(|s| !taken.contains(s)).unwrap_or_else(|| base.to_string()))
}

/// Creates the organization and its first owner's invitation.
pub async fn create(ctx: &Ctx, form: &OrgForm<'_>) -> OpResult<NewOrgOutcome> {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let name = super::person_name(form.name, "name").map_err(|e| fields.insert("name".into(), e.field_errors("name"))).ok();
    let currency = form.currency.trim().to_ascii_uppercase();
    if !is_supported_currency(&currency) {
        fields.insert("currency".into(), vec!["Choose a currency.".into()]);
    }
    let zone = Zone::parse(form.time_zone).map_err(|e| fields.insert("time_zone".into(), vec![e.to_string()])).ok();
    if form.modules.is_empty() {
        fields.insert("modules".into(), vec!["Turn on at least one module.".into()]);
    }
    let owner_name = super::person_name(form.owner_name, "owner_name").map_err(|e| fields.insert("owner_name".into(), e.field_errors("owner_name"))).ok();
    let owner_email = Email::parse(form.owner_email).map_err(|e| fields.insert("owner_email".into(), vec![e.to_string()])).ok();
    let (Some(name), Some(zone), Some(owner_name), Some(owner_email)) = (name, zone, owner_name, owner_email) else {
        return Err(AppError::Validation { fields }.into());
    };
    if !fields.is_empty() {
        return Err(AppError::Validation { fields }.into());
    }
    let (org_id, now) = (new_id(), now_ms());
    let owner = Invitee { email: owner_email, name: owner_name, role: Role::Owner };
    let mut tx = ctx.db.begin_write().await?;
    let slug = free_slug(&mut tx, &slug_of(&name)).await?;
    let org = NewOrg {
        id: &org_id,
        name: &name,
        slug: &slug,
        currency: &currency,
        modules: &form.modules,
        is_platform: false,
        created_at: now,
        time_zone: zone,
        country: "",
    };
    repo::insert_org(&mut *tx, org).await?;
    // The owner's address is checked as the owner_email field.
    let (invitation_id, token, expires_at) = invitations::insert(&mut tx, &org_id, &owner, &ctx.user.id, now).await.map_err(|e| match e {
        crate::server::op::OpError::App(AppError::Validation { fields }) => {
            let messages = fields.into_values().flatten().collect();
            AppError::Validation { fields: BTreeMap::from([("owner_email".to_string(), messages)]) }.into()
        }
        other => other,
    })?;
    let modules = Module::join(&form.modules);
    for (action, target, detail) in [
        (action::ORG_CREATED, org_id.as_str(), format!("{name} · {currency} · {modules}")),
        (action::INVITATION_CREATED, owner.email.as_str(), format!("owner {invitation_id}")),
    ] {
        let entry = audit::Entry { org_id: Some(&org_id), target: Some(target), detail: Some(&detail), ..ctx.audit_entry(action) };
        audit::record(&mut *tx, entry).await?;
    }
    tx.commit().await?;
    let letter = InvitationLetter {
        to_email: owner.email.as_str(),
        to_name: &owner.name,
        org_name: &name,
        role_label: Role::Owner.label(),
        inviter: &ctx.user.display_name,
        token: &token,
        expires_at,
    };
    let invite = deliver_invitation(&ctx.config, letter).await;
    Ok(NewOrgOutcome { org_id, org_name: name, invite })
}

#[cfg(test)]
mod tests {
    use super::slug_of;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug_of("Meridian Watch Co."), "meridian-watch-co");
        assert_eq!(slug_of("  Ünïcode & Sons!! "), "n-code-sons");
        assert_eq!(slug_of("***"), "org");
        assert_eq!(slug_of(&"a".repeat(80)).len(), 40);
    }
}
