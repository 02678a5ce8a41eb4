//! Who is asking: the session, THE guard every server function and route
//! starts with, and the context (`Ctx`) an operation works in. Sign-in and
//! password changes are in `login`, their throttles in `throttle`; password
//! hashing in `password`;
//! sessions live in the database (`session_store`), so any server can serve
//! any request.

pub mod login;
pub mod password;
pub mod session_store;
pub mod throttle;

use super::audit::{self, action};
use super::config::Config;
use super::db::{now_ms, Db};
use super::op::internal;
use super::repo::{self, OrgRecord, UserRecord};
use super::state::{AppState, ClientIp};
use crate::domain::money::Currency;
use crate::domain::time::Zone;
use crate::domain::{Capability, Module};
use crate::dto::error::AppError;
use leptos::prelude::*;
use session_store::{AUTH_AT_KEY, USER_KEY};
use std::sync::Arc;
use tower_sessions::Session;

/// What a guarded operation works with: who, in which organization (and its
/// currency), under which checked capability, from where, and the database
/// and configuration to do it with.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub user: UserRecord,
    pub org: OrgRecord,
    pub capability: Capability,
    pub ip: String,
    pub currency: Currency,
    pub db: Db,
    pub config: Arc<Config>,
}

impl Ctx {
    /// A context for work that does not come through a request (demo data,
    /// benchmarks); the capability is still checked against the role.
    pub fn new(db: &Db, config: Arc<Config>, user: UserRecord, org: OrgRecord, capability: Capability, ip: &str) -> Result<Ctx, AppError> {
        if !user.role.can(capability) {
            return Err(AppError::Forbidden { capability: capability.as_str().to_string() });
        }
        let currency = Currency::new(&org.currency).map_err(internal)?;
        Ok(Ctx { user, org, capability, ip: ip.to_string(), currency, db: db.clone(), config })
    }

    /// An audit entry for an action by this person, from this request's IP.
    pub fn audit_entry<'a>(&'a self, action: &'a str) -> audit::Entry<'a> {
        audit::Entry { org_id: Some(&self.org.id), actor_id: Some(&self.user.id), action, ip: Some(&self.ip), ..Default::default() }
    }

    /// Tenancy check for a loaded record: another org's record is "not found".
    pub fn same_org(&self, org_id: &str) -> Result<(), AppError> {
        if self.org.id == org_id {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The organization must have the module on; otherwise its pages and
    /// functions do not exist for it (404).
    pub fn require_module(&self, module: Module) -> Result<(), AppError> {
        if self.org.modules.contains(&module) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The organization's time zone: its calendar and clock.
    pub fn zone(&self) -> Zone {
        self.org.time_zone
    }

    /// The person's role also grants `cap` (e.g. an owner overriding terms).
    pub fn can(&self, cap: Capability) -> bool {
        self.user.role.can(cap)
    }
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(internal)
}

pub async fn client_ip() -> String {
    leptos_axum::extract::<axum::Extension<ClientIp>>().await.map(|e| e.0 .0).unwrap_or_else(|_| "unknown".into())
}

/// The signed-in user and organization, if any. Ends sessions that passed
/// their absolute lifetime or whose user was deactivated.
pub async fn current_user() -> Result<Option<(UserRecord, OrgRecord)>, AppError> {
    current_user_in(&state()?, &session().await?).await
}

/// `current_user` for plain axum handlers (CSV exports, uploads).
pub async fn current_user_in(st: &AppState, session: &Session) -> Result<Option<(UserRecord, OrgRecord)>, AppError> {
    let uid: Option<String> = session.get(USER_KEY).await.map_err(internal)?;
    let Some(uid) = uid else { return Ok(None) };
    let auth_at: i64 = session.get(AUTH_AT_KEY).await.map_err(internal)?.unwrap_or(0);
    if now_ms() - auth_at > st.config.session_absolute_hours * 3_600_000 {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    }
    let Some(user) = repo::user_by_id(&st.db, &uid).await? else {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    };
    if !user.is_active {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    }
    let org = repo::org_by_id(&st.db, &user.org_id).await?.ok_or_else(|| internal("user without organization"))?;
    Ok(Some((user, org)))
}

/// THE guard: signed in (else 401), holds `cap` (else 403, audited), and —
/// when `module` is given — in an organization with that module (else 404).
/// Records belonging to another organization or user are the operation's
/// to answer with `AppError::NotFound` (see `Ctx::same_org`).
pub async fn guard(cap: Capability, module: Option<Module>) -> Result<Ctx, AppError> {
    let ctx = require_in(&state()?, &session().await?, client_ip().await, cap).await?;
    if let Some(m) = module {
        ctx.require_module(m)?;
    }
    Ok(ctx)
}

/// The guard for plain axum handlers.
pub async fn require_in(st: &AppState, session: &Session, ip: String, cap: Capability) -> Result<Ctx, AppError> {
    let Some((user, org)) = current_user_in(st, session).await? else { return Err(AppError::Unauthorized) };
    if !user.role.can(cap) {
        let entry = audit::Entry {
            org_id: Some(&org.id),
            actor_id: Some(&user.id),
            action: action::ACCESS_DENIED,
            target: Some(cap.as_str()),
            ip: Some(&ip),
            detail: None,
        };
        audit::record(&st.db.pool, entry).await?;
        return Err(AppError::Forbidden { capability: cap.as_str().to_string() });
    }
    Ctx::new(&st.db, st.config.clone(), user, org, cap, &ip)
}

/// The signed-in person's context (capability `account.self`), or `None`
/// when nobody is signed in — for pages that show something either way.
pub async fn signed_in() -> Result<Option<Ctx>, AppError> {
    let st = state()?;
    let Some((user, org)) = current_user_in(&st, &session().await?).await? else { return Ok(None) };
    Ctx::new(&st.db, st.config.clone(), user, org, Capability::AccountSelf, &client_ip().await).map(Some)
}
