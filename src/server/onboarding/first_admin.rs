//! `dealflow admin create` and `dealflow admin link`: the first platform
//! administrator of an installation, created on the command line with a
//! password typed twice or a one-time sign-in link; and a one-time password
//! link for anyone (an installation without SMTP has no other way to help a
//! person who forgot his password).

use super::password_link;
use super::reset::{create_link, Purpose};
use crate::domain::email::Email;
use crate::domain::password::check_new_password;
use crate::domain::time::Zone;
use crate::domain::Role;
use crate::server::audit::{self, action};
use crate::server::auth::password;
use crate::server::config::Config;
use crate::server::crypto::random_token;
use crate::server::db::{new_id, now_ms, Db};
use crate::server::repo::{self, NewOrg, NewUser};
use anyhow::{bail, Context};

/// How the new administrator signs in the first time.
pub enum FirstSignIn {
    /// The password he typed (twice).
    Password(String),
    /// A one-time link printed on the terminal, to open in a browser.
    Link,
}

/// What `admin create` did, for the terminal.
pub struct Created {
    pub email: String,
    /// The one-time sign-in link, when asked for one.
    pub link: Option<String>,
}

/// The platform organization (created on first use: an installation
/// without demo data has none).
async fn platform_org(db: &Db) -> anyhow::Result<String> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM organizations WHERE is_platform = 1 ORDER BY created_at LIMIT 1").fetch_optional(&db.pool).await?;
    if let Some((id,)) = found {
        return Ok(id);
    }
    let id = new_id();
    let org = NewOrg {
        id: &id,
        name: "Platform",
        slug: "platform",
        currency: "USD",
        modules: &[],
        is_platform: true,
        created_at: now_ms(),
        time_zone: Zone::UTC,
        country: "",
    };
    repo::insert_org(&db.pool, org).await.context("could not create the platform organization")?;
    Ok(id)
}

/// Creates a platform administrator. Refused when one exists already
/// (unless `force`), or when the address has a login.
pub async fn create(db: &Db, config: &Config, email: &str, name: &str, first: FirstSignIn, force: bool) -> anyhow::Result<Created> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let name = super::person_name(name, "name").map_err(|e| anyhow::anyhow!("--name: {}", e.field_errors("name").join(" ")))?;
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT email FROM users WHERE role = 'platform_admin' AND is_active = 1 ORDER BY created_at LIMIT 1").fetch_optional(&db.pool).await?;
    if let (Some((other,)), false) = (&existing, force) {
        bail!("a platform administrator exists already ({other}); add --force to create another");
    }
    if repo::login_by_email(db, email.as_str()).await?.is_some() {
        bail!("{} already has a login", email.as_str());
    }
    let hash = match &first {
        FirstSignIn::Password(p) => {
            check_new_password(p, p).map_err(|m| anyhow::anyhow!("password: {m}"))?;
            password::hash(p.clone()).await?
        }
        // Nobody knows this password: the link sets the real one.
        FirstSignIn::Link => password::hash(random_token()).await?,
    };
    let org_id = platform_org(db).await?;
    let (user_id, now) = (new_id(), now_ms());
    let mut tx = db.begin_write().await?;
    let user =
        NewUser { id: &user_id, org_id: &org_id, email: email.as_str(), display_name: &name, role: Role::PlatformAdmin, password_hash: &hash, created_at: now };
    repo::insert_user(&mut *tx, user).await?;
    let detail = if existing.is_some() { "forced" } else { "first" };
    let entry = audit::Entry {
        org_id: Some(&org_id),
        action: action::ADMIN_CREATED,
        target: Some(email.as_str()),
        ip: Some("cli"),
        detail: Some(detail),
        ..Default::default()
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    let link = match first {
        FirstSignIn::Link => Some(password_link(config, &create_link(db, &user_id, Purpose::Welcome).await?)),
        FirstSignIn::Password(_) => None,
    };
    Ok(Created { email: email.as_str().to_string(), link })
}

/// A one-time link that sets a new password for an existing, active login.
pub async fn link_for(db: &Db, config: &Config, email: &str) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let Some((user, _)) = repo::login_by_email(db, email.as_str()).await? else { bail!("{} has no login", email.as_str()) };
    if !user.is_active {
        bail!("{} is deactivated; an owner of the organization can let him back in first", email.as_str());
    }
    let token = create_link(db, &user.id, Purpose::Reset).await?;
    let entry =
        audit::Entry { org_id: Some(&user.org_id), action: action::PASSWORD_LINK_PRINTED, target: Some(email.as_str()), ip: Some("cli"), ..Default::default() };
    audit::record(&db.pool, entry).await?;
    Ok(password_link(config, &token))
}

/// The password, typed twice without echo on a terminal; from a pipe, the
/// first two lines (for scripted installations).
pub fn read_password_twice() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    let (first, second) = if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("Password for the new administrator: ")?;
        let b = rpassword::prompt_password("The same password again: ")?;
        (a, b)
    } else {
        let mut lines = std::io::stdin().lock().lines();
        let mut next = || lines.next().transpose().map(|l| l.unwrap_or_default());
        (next()?, next()?)
    };
    check_new_password(&first, &second).map_err(|m| anyhow::anyhow!("{m}"))?;
    Ok(first)
}
