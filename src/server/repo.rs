//! SQL per aggregate; rows become domain types here and nowhere else.

use super::auth::password::PasswordHash;
use super::db::Db;
use crate::domain::time::Zone;
use crate::domain::{Module, Role};

/// A user as the server sees it. Never leaves `server/` as is: server
/// functions map it to an audience type.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub is_active: bool,
    pub created_at: i64,
    pub password_changed_at: i64,
}

#[derive(Clone, Debug)]
pub struct OrgRecord {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub currency: String,
    pub modules: Vec<Module>,
    pub is_platform: bool,
    pub created_at: i64,
    /// The organization's calendar and clock.
    pub time_zone: Zone,
}

const USER_COLS: &str = "id, org_id, email, display_name, role, is_active, created_at, password_changed_at";
const ORG_COLS: &str = "id, name, slug, currency, modules, is_platform, created_at, time_zone";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    org_id: String,
    email: String,
    display_name: String,
    role: Role,
    is_active: i64,
    created_at: i64,
    password_changed_at: i64,
}

impl From<UserRow> for UserRecord {
    fn from(r: UserRow) -> Self {
        UserRecord {
            id: r.id,
            org_id: r.org_id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
            is_active: r.is_active != 0,
            created_at: r.created_at,
            password_changed_at: r.password_changed_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: String,
    name: String,
    slug: String,
    currency: String,
    modules: String,
    is_platform: i64,
    created_at: i64,
    time_zone: Zone,
}

impl From<OrgRow> for OrgRecord {
    fn from(r: OrgRow) -> Self {
        OrgRecord {
            id: r.id,
            name: r.name,
            slug: r.slug,
            currency: r.currency,
            modules: Module::parse_list(&r.modules),
            is_platform: r.is_platform != 0,
            created_at: r.created_at,
            time_zone: r.time_zone,
        }
    }
}

pub async fn user_by_id(db: &Db, id: &str) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLS} FROM users WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(Into::into))
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

/// The user and stored hash for a login name (already normalised).
pub async fn login_by_email(db: &Db, email: &str) -> Result<Option<(UserRecord, PasswordHash)>, sqlx::Error> {
    let row: Option<LoginRow> =
        sqlx::query_as(&format!("SELECT {USER_COLS}, password_hash FROM users WHERE email = $1")).bind(email).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| (r.user.into(), PasswordHash::from_stored(r.password_hash))))
}

pub async fn password_hash(db: &Db, user_id: &str) -> Result<Option<PasswordHash>, sqlx::Error> {
    let h: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    Ok(h.map(|(h,)| PasswordHash::from_stored(h)))
}

pub async fn org_by_id(db: &Db, id: &str) -> Result<Option<OrgRecord>, sqlx::Error> {
    let row: Option<OrgRow> = sqlx::query_as(&format!("SELECT {ORG_COLS} FROM organizations WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(Into::into))
}

pub async fn users_in_org(db: &Db, org_id: &str) -> Result<Vec<UserRecord>, sqlx::Error> {
    let rows: Vec<UserRow> =
        sqlx::query_as(&format!("SELECT {USER_COLS} FROM users WHERE org_id = $1 ORDER BY display_name, email")).bind(org_id).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct OrgCountRow {
    #[sqlx(flatten)]
    org: OrgRow,
    user_count: i64,
}

/// Every tenant with its user count (platform administration).
pub async fn organizations_with_counts(db: &Db) -> Result<Vec<(OrgRecord, i64)>, sqlx::Error> {
    let rows: Vec<OrgCountRow> = sqlx::query_as(&format!(
        "SELECT {ORG_COLS}, (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id) AS user_count FROM organizations o WHERE is_platform = 0 ORDER BY name"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.org.into(), r.user_count)).collect())
}

pub async fn org_count(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organizations").fetch_one(&db.pool).await?;
    Ok(n)
}

pub struct NewOrg<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub slug: &'a str,
    pub currency: &'a str,
    pub modules: &'a [Module],
    pub is_platform: bool,
    pub created_at: i64,
    pub time_zone: Zone,
    /// Two-letter country (the default region of phone numbers); "" when unknown.
    pub country: &'a str,
}

pub async fn insert_org<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, o: NewOrg<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO organizations (id, name, slug, currency, modules, is_platform, created_at, time_zone, country) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(o.id)
        .bind(o.name)
        .bind(o.slug)
        .bind(o.currency)
        .bind(Module::join(o.modules))
        .bind(o.is_platform as i64)
        .bind(o.created_at)
        .bind(o.time_zone.name())
        .bind(o.country)
        .execute(exec)
        .await?;
    Ok(())
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a PasswordHash,
    pub created_at: i64,
}

pub async fn insert_user<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, u: NewUser<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, org_id, email, display_name, role, password_hash, is_active, created_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)",
    )
    .bind(u.id)
    .bind(u.org_id)
    .bind(u.email)
    .bind(u.display_name)
    .bind(u.role.as_str())
    .bind(u.password_hash.as_str())
    .bind(u.created_at)
    .execute(exec)
    .await?;
    Ok(())
}

pub async fn set_password<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, user_id: &str, hash: &PasswordHash, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(hash.as_str())
        .bind(now)
        .execute(exec)
        .await?;
    Ok(())
}

/// One audit row as the audit page shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub ip: Option<String>,
}

/// The newest audit entries of one organization (or of all, for the platform).
pub async fn audit_entries(db: &Db, org_id: Option<&str>, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    let sql = "SELECT a.at, u.email AS actor, a.action, a.target, a.ip FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
               WHERE ($1 IS NULL OR a.org_id = $1) ORDER BY a.at DESC, a.id LIMIT $2";
    sqlx::query_as(sql).bind(org_id).bind(limit).fetch_all(&db.pool).await
}

/// The owner changes the organization's time zone.
pub async fn set_time_zone<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, org_id: &str, zone: Zone) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organizations SET time_zone = $1 WHERE id = $2").bind(zone.name()).bind(org_id).execute(exec).await?;
    Ok(())
}
