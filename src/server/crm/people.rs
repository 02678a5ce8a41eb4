//! Every login of an organization is one of its contacts: a broker is a
//! broker contact, an investor an investor contact, the team (owner,
//! manager, staff, viewer) team contacts. The contact is written in the
//! transaction that creates the login; `backfill` gives the logins made
//! before the CRM existed theirs (idempotent, run at start-up).

use super::store::{self, ContactRow};
use crate::domain::crm::names::split_full_name;
use crate::domain::crm::ContactType;
use crate::domain::Role;
use crate::server::db::{new_id, Db};
use sqlx::Any;

/// The contact type of a login's role; `None` for roles that are not
/// counterparties of the business (the platform, agents, marketplace partners).
pub fn contact_type(role: Role) -> Option<ContactType> {
    match role {
        Role::Broker => Some(ContactType::Broker),
        Role::Investor => Some(ContactType::Investor),
        Role::Owner | Role::Manager | Role::Staff | Role::Viewer => Some(ContactType::Team),
        Role::PlatformAdmin | Role::Agent | Role::Partner | Role::SalesMember | Role::Seller => None,
    }
}

/// The login's contact, unless it has one or its role has none.
pub async fn ensure_contact<'e, E: sqlx::Executor<'e, Database = Any>>(
    exec: E,
    user_id: &str,
    org_id: &str,
    role: Role,
    name: &str,
    email: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(kind) = contact_type(role) else { return Ok(()) };
    let (first, last) = split_full_name(name);
    let email = email.to_lowercase();
    let row = ContactRow {
        id: &new_id(),
        org_id,
        contact_type: kind,
        first_name: &first,
        last_name: &last,
        company: "",
        email: Some(&email),
        phone: None,
        location: "",
        country: "",
        notes: "",
        tags: "",
        vip: false,
        tax_id: "",
        user_id: Some(user_id),
        import_run_id: None,
        created_at: now,
    };
    store::insert(exec, &row).await?;
    Ok(())
}

/// Gives every login without a contact its contact; returns how many.
pub async fn backfill(db: &Db) -> Result<usize, sqlx::Error> {
    let missing: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.org_id, u.role, u.display_name, u.email, u.created_at FROM users u \
         WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.user_id = u.id) ORDER BY u.created_at",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut made = 0;
    for (id, org, role, name, email, created) in missing {
        let Some(role) = Role::parse(&role) else { continue };
        if contact_type(role).is_some() {
            ensure_contact(&db.pool, &id, &org, role, &name, &email, created).await?;
            made += 1;
        }
    }
    Ok(made)
}
