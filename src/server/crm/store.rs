//! The one way a contact is written: its fields together with the keys the
//! directory sorts and searches by (`DirectoryKeys`), so they never drift
//! apart (`insert`, `set_fields`). `fill_keys` computes them for contacts written before they existed.

use crate::domain::crm::directory::{DirectoryKeys, KeyFields};
use crate::domain::crm::runs::ImportedField;
use crate::domain::crm::ContactType;
use crate::server::db::{Db, Tx};
use sqlx::Any;

/// A contact to insert.
pub struct ContactRow<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub contact_type: ContactType,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub company: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub location: &'a str,
    pub country: &'a str,
    pub notes: &'a str,
    /// One per line.
    pub tags: &'a str,
    pub vip: bool,
    pub tax_id: &'a str,
    /// The contact's login; a login has one contact, so with a login that
    /// already has one nothing is written.
    pub user_id: Option<&'a str>,
    pub import_run_id: Option<&'a str>,
    pub created_at: i64,
}

impl ContactRow<'_> {
    fn keys(&self) -> DirectoryKeys {
        DirectoryKeys::of(&KeyFields {
            first_name: self.first_name,
            last_name: self.last_name,
            company: self.company,
            email: self.email,
            phone: self.phone,
            location: self.location,
        })
    }
}

const INSERT_COLUMNS: &str = "INSERT INTO contacts (id, org_id, contact_type, first_name, last_name, company, email, phone, location, notes, vip, \
     user_id, import_run_id, created_at, updated_at, sort_name, sort_company, sort_location, search_text, country, tags, tax_id)";
/// Values per contact in `INSERT_COLUMNS`.
const PER_ROW: usize = 22;

type Insert<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds one contact's values, in the order of `INSERT_COLUMNS`.
fn bind_row<'q>(q: Insert<'q>, c: &ContactRow<'q>, k: DirectoryKeys) -> Insert<'q> {
    q.bind(c.id)
        .bind(c.org_id)
        .bind(c.contact_type.as_str())
        .bind(c.first_name)
        .bind(c.last_name)
        .bind(c.company)
        .bind(c.email)
        .bind(c.phone)
        .bind(c.location)
        .bind(c.notes)
        .bind(c.vip as i64)
        .bind(c.user_id)
        .bind(c.import_run_id)
        .bind(c.created_at)
        .bind(c.created_at)
        .bind(k.sort_name)
        .bind(k.sort_company)
        .bind(k.sort_location)
        .bind(k.search_text)
        .bind(c.country)
        .bind(c.tags)
        .bind(c.tax_id)
}

fn marks(row: usize) -> String {
    let marks: Vec<String> = (1..=PER_ROW).map(|i| format!("${}", row * PER_ROW + i)).collect();
    marks.join(", ")
}

/// Inserts the contact; false when its login already had one.
pub async fn insert<'e, E: sqlx::Executor<'e, Database = Any>>(exec: E, c: &ContactRow<'_>) -> Result<bool, sqlx::Error> {
    let sql = format!("{INSERT_COLUMNS} SELECT {} WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE user_id = $12)", marks(0));
    let done = bind_row(sqlx::query(&sql), c, c.keys()).execute(exec).await?;
    Ok(done.rows_affected() == 1)
}

/// Contacts per statement of `insert_many` (22 values each: within both
/// databases' limits on the values of one statement).
const BATCH: usize = 200;

/// Inserts many contacts without logins (an import run) a batch per
/// statement: one statement per contact would spend most of its time going
/// to the database and back.
pub async fn insert_many(tx: &mut Tx, rows: &[ContactRow<'_>]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", marks(i))).collect();
        let sql = format!("{INSERT_COLUMNS} VALUES {}", values.join(", "));
        let mut q = sqlx::query(&sql);
        for c in chunk {
            debug_assert!(c.user_id.is_none(), "a login's contact is written by insert, which keeps one per login");
            q = bind_row(q, c, c.keys());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

type KeyRow = (String, String, String, String, Option<String>, Option<String>, String);

fn keys_of(r: &KeyRow) -> DirectoryKeys {
    let (_, first, last, company, email, phone, location) = r;
    DirectoryKeys::of(&KeyFields { first_name: first, last_name: last, company, email: email.as_deref(), phone: phone.as_deref(), location })
}

async fn write_keys<'e, E: sqlx::Executor<'e, Database = Any>>(exec: E, id: &str, k: &DirectoryKeys) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contacts SET sort_name = $2, sort_company = $3, sort_location = $4, search_text = $5 WHERE id = $1")
        .bind(id)
        .bind(&k.sort_name)
        .bind(&k.sort_company)
        .bind(&k.sort_location)
        .bind(&k.search_text)
        .execute(exec)
        .await?;
    Ok(())
}

const KEY_COLUMNS: &str = "id, first_name, last_name, company, email, phone, location";

/// Sets fields of the organization's contact `id` (text as
/// `domain::crm::runs` writes them: "" for no email or phone, VIP "1" or
/// "0", tags one per line) and its keys with them.
pub async fn set_fields(tx: &mut Tx, org_id: &str, id: &str, values: &[(ImportedField, String)], now: i64) -> Result<(), sqlx::Error> {
    if values.is_empty() {
        return Ok(());
    }
    let sets: Vec<String> = values.iter().enumerate().map(|(i, (f, _))| format!("{} = ${}", f.as_str(), i + 4)).collect();
    let sql = format!("UPDATE contacts SET updated_at = $3, {} WHERE id = $1 AND org_id = $2", sets.join(", "));
    let mut q = sqlx::query(&sql).bind(id).bind(org_id).bind(now);
    for (field, value) in values {
        q = match field {
            ImportedField::Vip => q.bind((value == "1") as i64),
            ImportedField::Email | ImportedField::Phone => q.bind(Some(value.as_str()).filter(|v| !v.is_empty())),
            _ => q.bind(value.as_str()),
        };
    }
    q.execute(&mut **tx).await?;
    let row: KeyRow = sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM contacts WHERE id = $1")).bind(id).fetch_one(&mut **tx).await?;
    write_keys(&mut **tx, id, &keys_of(&row)).await
}

/// Computes the keys of every contact that has none (written before they
/// existed); returns how many. Idempotent, run at start-up.
pub async fn fill_keys(db: &Db) -> Result<usize, sqlx::Error> {
    let mut filled = 0;
    loop {
        let batch: Vec<KeyRow> =
            sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM contacts WHERE sort_name IS NULL ORDER BY id LIMIT 500")).fetch_all(&db.pool).await?;
        if batch.is_empty() {
            return Ok(filled);
        }
        let mut tx = db.begin_write().await?;
        for row in &batch {
            write_keys(&mut *tx, &row.0, &keys_of(row)).await?;
        }
        tx.commit().await?;
        filled += batch.len();
    }
}
