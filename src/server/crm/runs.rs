//! Import runs (contacts.import): the file kept between the wizard's steps,
//! its preview with what each duplicate would change, the commit of the
//! confirmed rows in one transaction (idempotent by the wizard's key), the
//! run history, and the rollback — which takes away the contacts a run added
//! and puts back what it changed on the others, except fields edited since.

use super::import::{preview, PreviewOptions};
use super::read::read_file;
use super::store::{self, ContactRow};
use crate::domain::crm::import::{Dedupe, DuplicateOf, RowPreview, Verdict};
use crate::domain::crm::mapping::ContactField;
use crate::domain::crm::runs::{changes, may_restore, FieldChange, ImportedField, OnDuplicate, RowSet};
use crate::domain::crm::ContactType;
use crate::domain::Capability;
use crate::dto::crm::{ImportPreview, ImportRun, RollbackResult};
use crate::dto::error::AppError;
use crate::dto::uploads::UploadedFile;
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms, Tx};
use crate::server::op::{audit_in, internal, OpResult};
use crate::server::storage::Storage;
use std::collections::HashMap;

/// The largest contact file accepted.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

pub mod action {
    pub const IMPORTED: &str = "contacts.imported";
    pub const ROLLED_BACK: &str = "contacts.import_rolled_back";
}

/// What the person chose in the wizard.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub sheet: Option<String>,
    pub contact_type: ContactType,
    pub dedupe: Dedupe,
    pub on_duplicate: OnDuplicate,
    /// Each column's field; the suggestions when `None`.
    pub mapping: Option<Vec<Option<ContactField>>>,
}

impl RunOptions {
    /// From the wizard's fields; the mapping is one field code per column,
    /// separated by commas ("" for a column left out).
    pub fn from_form(sheet: &str, contact_type: &str, dedupe: &str, on_duplicate: &str, mapping: &str) -> Result<RunOptions, AppError> {
        let contact_type = ContactType::parse(contact_type).ok_or_else(|| AppError::field("contact_type", "Choose what kind of contacts these are."))?;
        let dedupe = match dedupe {
            "" => Dedupe::Email,
            d => Dedupe::parse(d).ok_or_else(|| AppError::field("dedupe", "Choose how duplicates are found."))?,
        };
        let on_duplicate = match on_duplicate {
            "" => OnDuplicate::Skip,
            d => OnDuplicate::parse(d).ok_or_else(|| AppError::field("on_duplicate", "Choose what happens to duplicates."))?,
        };
        let mapping = match mapping.trim() {
            "" => None,
            m => Some(
                m.split(',')
                    .map(|code| match code.trim() {
                        "" => Ok(None),
                        c => ContactField::parse(c).map(Some).ok_or_else(|| AppError::field("mapping", format!("\"{c}\" is not a contact field."))),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        Ok(RunOptions { sheet: Some(sheet.trim().to_string()).filter(|s| !s.is_empty()), contact_type, dedupe, on_duplicate, mapping })
    }
}

/// The MIME type of a contact file (CSV or a workbook), by its name; `None`
/// for any other file.
fn contact_mime(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "csv" | "tsv" | "txt" => Some("text/csv"),
        "xlsx" | "xlsm" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "xls" => Some("application/vnd.ms-excel"),
        "xlsb" => Some("application/vnd.ms-excel.sheet.binary.macroEnabled.12"),
        "ods" => Some("application/vnd.oasis.opendocument.spreadsheet"),
        _ => None,
    }
}

/// Keeps an uploaded contact file for the wizard's next steps, once it is
/// known to be one we can read.
pub async fn keep_file(ctx: &Ctx, files: &Storage, name: &str, bytes: Vec<u8>) -> Result<UploadedFile, AppError> {
    if bytes.is_empty() {
        return Err(AppError::field("file", "The file is empty."));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::field("file", format!("The file is larger than {} MB. Split it and import it in parts.", MAX_FILE_BYTES / 1024 / 1024)));
    }
    let Some(mime) = contact_mime(name) else {
        return Err(AppError::field("file", format!("“{name}” is not a contact file: choose a CSV (.csv, .tsv, .txt) or a workbook (.xlsx, .xls, .ods).")));
    };
    read_file(name, &bytes)?;
    files.keep(&ctx.db, ctx, name, mime, bytes).await
}

/// The kept file `upload_id` of this organization: its name and bytes.
async fn file(ctx: &Ctx, files: &Storage, upload_id: &str) -> Result<(String, Vec<u8>), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT file_name, org_id FROM uploads WHERE id = $1").bind(upload_id).fetch_optional(&ctx.db.pool).await?;
    // another organization's file, or an upload that is not a contact file (a photo, a PDF): none of the wizard's
    let Some((name, _)) = row.filter(|(name, org)| *org == ctx.org.id && contact_mime(name).is_some()) else { return Err(AppError::NotFound) };
    let found = files.get(&ctx.org.id, upload_id).await.map_err(internal)?.ok_or(AppError::NotFound)?;
    Ok((name, found.bytes().await.map_err(internal)?.to_vec()))
}

const VALUE_COLUMNS: &str = "id, first_name, last_name, email, phone, company, location, country, notes, tags, vip, tax_id";
type ValueRow = (String, String, String, Option<String>, Option<String>, String, String, String, String, String, i64, String);

fn values_of(r: ValueRow) -> (String, Vec<(ImportedField, String)>) {
    use ImportedField::*;
    let (id, first, last, email, phone, company, location, country, notes, tags, vip, tax) = r;
    let values = vec![
        (FirstName, first),
        (LastName, last),
        (Email, email.unwrap_or_default()),
        (Phone, phone.unwrap_or_default()),
        (Company, company),
        (Location, location),
        (Country, country),
        (Notes, notes),
        (Tags, tags),
        (Vip, vip.to_string()),
        (TaxId, tax),
    ];
    (id, values)
}

/// The current values of the organization's contacts `ids` (not in the trash).
async fn current_values<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
    org_id: &str,
    ids: &[&str],
) -> Result<HashMap<String, Vec<(ImportedField, String)>>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!("SELECT {VALUE_COLUMNS} FROM contacts WHERE org_id = $1 AND deleted_at IS NULL AND id IN ({})", marks.join(", "));
    let mut q = sqlx::query_as::<_, ValueRow>(&sql).bind(org_id);
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(exec).await?.into_iter().map(values_of).collect())
}

/// The file's preview for these options, with what each duplicate of a
/// contact would change on it when duplicates update.
async fn previewed(ctx: &Ctx, files: &Storage, upload_id: &str, opts: &RunOptions) -> Result<(String, ImportPreview), AppError> {
    let (name, bytes) = file(ctx, files, upload_id).await?;
    let p = preview(
        &ctx.db,
        Some(&ctx.org.id),
        &name,
        &bytes,
        &PreviewOptions { sheet: opts.sheet.clone(), region: None, dedupe: Some(opts.dedupe), mapping: opts.mapping.clone() },
    )
    .await?;
    let rows = p.rows;
    let can_set_tax_id = ctx.user.role.can(Capability::TeamManage);
    let mut would_change: Vec<Vec<FieldChange>> = vec![vec![]; rows.len()];
    if opts.on_duplicate == OnDuplicate::Update {
        let mut ids: Vec<&str> = rows.iter().filter_map(|r| contact_of(r)).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut now = HashMap::new();
        for chunk in ids.chunks(500) {
            now.extend(current_values(&ctx.db.pool, &ctx.org.id, chunk).await?);
        }
        for (r, out) in rows.iter().zip(would_change.iter_mut()) {
            if let Some(values) = contact_of(r).and_then(|id| now.get(id)) {
                *out = changes(values, &r.contact, can_set_tax_id);
            }
        }
    }
    let count = |v: Verdict| rows.iter().filter(|r| r.verdict == v).count();
    let (new, duplicates, errors) = (count(Verdict::New), count(Verdict::Duplicate), count(Verdict::Error));
    let preview = ImportPreview {
        upload_id: upload_id.to_string(),
        file_name: name.clone(),
        sheets: p.sheets,
        sheet: p.sheet,
        header_row: p.header_row,
        columns: p.columns,
        rows,
        changes: would_change,
        new,
        duplicates,
        errors,
        can_set_tax_id,
    };
    Ok((name, preview))
}

fn contact_of(r: &RowPreview) -> Option<&str> {
    match &r.duplicate_of {
        Some(DuplicateOf::Contact { id, .. }) if r.verdict == Verdict::Duplicate => Some(id.as_str()),
        _ => None,
    }
}

/// The wizard's preview of a kept file.
pub async fn preview_file(ctx: &Ctx, files: &Storage, upload_id: &str, opts: &RunOptions) -> OpResult<ImportPreview> {
    Ok(previewed(ctx, files, upload_id, opts).await?.1)
}

/// Writes the confirmed rows of the file in one transaction: new rows become
/// contacts of the chosen kind, duplicates of a contact update it when the
/// person chose so (each change kept for the rollback), the rest are
/// skipped; error rows are never written. The same `key` again answers the
/// run it made.
pub async fn commit(ctx: &Ctx, files: &Storage, upload_id: &str, opts: &RunOptions, confirmed: &RowSet, key: &str) -> OpResult<ImportRun> {
    let key = key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(AppError::field("key", "The wizard's run key is missing; reload the page.").into());
    }
    if let Some(done) = run_by_key(ctx, key).await? {
        return Ok(done);
    }
    let (name, p) = previewed(ctx, files, upload_id, opts).await?;
    let (run_id, now) = (new_id(), now_ms());
    let mut tx = ctx.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO contact_import_runs (id, org_id, upload_id, run_by, file_name, sheet, contact_type, dedupe, on_duplicate, \
         inserted, updated, skipped, errors, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, 0, $10, $11)",
    )
    .bind(&run_id)
    .bind(&ctx.org.id)
    .bind(upload_id)
    .bind(&ctx.user.id)
    .bind(&name)
    .bind(&p.sheet)
    .bind(opts.contact_type.as_str())
    .bind(opts.dedupe.as_str())
    .bind(opts.on_duplicate.as_str())
    .bind(key)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (mut inserted, mut updated, mut skipped, mut errors) = (0i64, 0i64, 0i64, 0i64);
    let mut fresh: Vec<&RowPreview> = Vec::new();
    for (r, change) in p.rows.iter().zip(&p.changes) {
        if r.verdict == Verdict::Error {
            errors += 1;
            continue;
        }
        if !confirmed.contains(r.row) {
            skipped += 1;
            continue;
        }
        match (r.verdict, contact_of(r)) {
            (Verdict::New, _) => {
                fresh.push(r);
                inserted += 1;
            }
            (Verdict::Duplicate, Some(contact)) if opts.on_duplicate == OnDuplicate::Update && !change.is_empty() => {
                let set: Vec<(ImportedField, String)> = change.iter().map(|c| (c.field, c.new.clone())).collect();
                store::set_fields(&mut tx, &ctx.org.id, contact, &set, now).await?;
                for c in change {
                    sqlx::query("INSERT INTO contact_import_changes (run_id, contact_id, field, old_value, new_value) VALUES ($1, $2, $3, $4, $5)")
                        .bind(&run_id)
                        .bind(contact)
                        .bind(c.field.as_str())
                        .bind(&c.old)
                        .bind(&c.new)
                        .execute(&mut *tx)
                        .await?;
                }
                updated += 1;
            }
            _ => skipped += 1,
        }
    }
    let ids: Vec<String> = fresh.iter().map(|_| new_id()).collect();
    let tags: Vec<String> = fresh.iter().map(|r| r.contact.tags.join("\n")).collect();
    let new_rows: Vec<ContactRow> = fresh
        .iter()
        .zip(ids.iter().zip(&tags))
        .map(|(r, (id, tags))| {
            let c = &r.contact;
            ContactRow {
                id,
                org_id: &ctx.org.id,
                contact_type: opts.contact_type,
                first_name: &c.first_name,
                last_name: &c.last_name,
                company: &c.company,
                email: c.email.as_deref(),
                phone: c.phone.as_deref(),
                location: &c.location,
                country: &c.country,
                notes: &c.notes,
                tags,
                vip: c.vip,
                tax_id: if p.can_set_tax_id { &c.tax_id } else { "" },
                user_id: None,
                import_run_id: Some(&run_id),
                created_at: now,
            }
        })
        .collect();
    store::insert_many(&mut tx, &new_rows).await?;
    sqlx::query("UPDATE contact_import_runs SET inserted = $2, updated = $3, skipped = $4, errors = $5 WHERE id = $1")
        .bind(&run_id)
        .bind(inserted)
        .bind(updated)
        .bind(skipped)
        .bind(errors)
        .execute(&mut *tx)
        .await?;
    let detail = format!("{name}: {inserted} added, {updated} updated, {skipped} skipped, {errors} with errors");
    audit_in(&mut tx, ctx, action::IMPORTED, &run_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(run(ctx, &run_id).await?.ok_or(AppError::NotFound)?)
}

const RUN_COLUMNS: &str = "r.id, r.file_name, u.display_name, r.created_at, r.contact_type, r.inserted, r.updated, r.skipped, r.errors, \
     r.rolled_back_at, b.display_name, r.removed, r.restored, r.kept";
type RunRow = (String, String, String, i64, String, i64, i64, i64, i64, Option<i64>, Option<String>, Option<i64>, Option<i64>, Option<String>);

fn run_from(r: RunRow) -> ImportRun {
    let (id, file_name, run_by, created_at, kind, inserted, updated, skipped, errors, rolled_back_at, rolled_back_by, removed, restored, kept) = r;
    ImportRun {
        id,
        file_name,
        run_by,
        created_at,
        contact_type: ContactType::parse(&kind).unwrap_or(ContactType::Client),
        inserted,
        updated,
        skipped,
        errors,
        rollback: rolled_back_at.map(|at| RollbackResult {
            at,
            by: rolled_back_by.unwrap_or_default(),
            removed: removed.unwrap_or(0),
            restored: restored.unwrap_or(0),
            kept: kept.unwrap_or_default().lines().map(String::from).collect(),
        }),
    }
}

fn runs_sql(filter: &str) -> String {
    format!(
        "SELECT {RUN_COLUMNS} FROM contact_import_runs r JOIN users u ON u.id = r.run_by LEFT JOIN users b ON b.id = r.rolled_back_by \
         WHERE r.org_id = $1{filter} ORDER BY r.created_at DESC, r.id DESC"
    )
}

async fn run(ctx: &Ctx, id: &str) -> Result<Option<ImportRun>, sqlx::Error> {
    let row: Option<RunRow> = sqlx::query_as(&runs_sql(" AND r.id = $2")).bind(&ctx.org.id).bind(id).fetch_optional(&ctx.db.pool).await?;
    Ok(row.map(run_from))
}

async fn run_by_key(ctx: &Ctx, key: &str) -> Result<Option<ImportRun>, sqlx::Error> {
    let row: Option<RunRow> = sqlx::query_as(&runs_sql(" AND r.idempotency_key = $2")).bind(&ctx.org.id).bind(key).fetch_optional(&ctx.db.pool).await?;
    Ok(row.map(run_from))
}

/// The organization's runs, the latest first.
pub async fn runs(ctx: &Ctx) -> OpResult<Vec<ImportRun>> {
    let rows: Vec<RunRow> = sqlx::query_as(&format!("{} LIMIT 100", runs_sql(""))).bind(&ctx.org.id).fetch_all(&ctx.db.pool).await?;
    Ok(rows.into_iter().map(run_from).collect())
}

/// Undoes a run in one transaction: its contacts go to the trash, and every
/// field it changed on another contact gets its old value back unless it
/// was edited since (named in the result). Rolling back again answers the
/// first rollback.
pub async fn rollback(ctx: &Ctx, run_id: &str) -> OpResult<ImportRun> {
    let Some(found) = run(ctx, run_id).await? else { return Err(AppError::NotFound.into()) };
    if found.rollback.is_some() {
        return Ok(found);
    }
    let now = now_ms();
    let mut tx = ctx.db.begin_write().await?;
    // another rollback of the same run, meanwhile, wins
    let claimed =
        sqlx::query("UPDATE contact_import_runs SET rolled_back_at = $3, rolled_back_by = $4 WHERE id = $1 AND org_id = $2 AND rolled_back_at IS NULL")
            .bind(run_id)
            .bind(&ctx.org.id)
            .bind(now)
            .bind(&ctx.user.id)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() == 0 {
        drop(tx);
        return Ok(run(ctx, run_id).await?.ok_or(AppError::NotFound)?);
    }
    let removed = sqlx::query("UPDATE contacts SET deleted_at = $3, updated_at = $3 WHERE org_id = $1 AND import_run_id = $2 AND deleted_at IS NULL")
        .bind(&ctx.org.id)
        .bind(run_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
    let (restored, kept) = restore_changes(&mut tx, ctx, run_id, now).await?;
    sqlx::query("UPDATE contact_import_runs SET removed = $2, restored = $3, kept = $4 WHERE id = $1")
        .bind(run_id)
        .bind(removed)
        .bind(restored)
        .bind(kept.join("\n"))
        .execute(&mut *tx)
        .await?;
    let detail = format!("{}: {removed} removed, {restored} restored, {} kept as edited since", found.file_name, kept.len());
    audit_in(&mut tx, ctx, action::ROLLED_BACK, run_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(run(ctx, run_id).await?.ok_or(AppError::NotFound)?)
}

/// Puts back the fields the run changed: how many contacts got values back,
/// and the fields kept because someone edited them since ("Ada Rossi: Phone").
async fn restore_changes(tx: &mut Tx, ctx: &Ctx, run_id: &str, now: i64) -> Result<(i64, Vec<String>), sqlx::Error> {
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT contact_id, field, old_value, new_value FROM contact_import_changes WHERE run_id = $1 ORDER BY contact_id, field")
            .bind(run_id)
            .fetch_all(&mut **tx)
            .await?;
    let mut by_contact: Vec<(String, Vec<FieldChange>)> = Vec::new();
    for (contact, field, old, new) in rows {
        let Some(field) = ImportedField::parse(&field) else { continue };
        match by_contact.last_mut() {
            Some((c, list)) if *c == contact => list.push(FieldChange { field, old, new }),
            _ => by_contact.push((contact, vec![FieldChange { field, old, new }])),
        }
    }
    let (mut restored, mut kept) = (0i64, Vec::new());
    for (contact, list) in by_contact {
        let now_values = current_values(&mut **tx, &ctx.org.id, &[contact.as_str()]).await?;
        let Some(values) = now_values.get(&contact) else { continue };
        let value = |f: ImportedField| values.iter().find(|(k, _)| *k == f).map(|(_, v)| v.as_str()).unwrap_or("");
        let name = format!("{} {}", value(ImportedField::FirstName), value(ImportedField::LastName)).trim().to_string();
        let mut back = Vec::new();
        for c in &list {
            if may_restore(value(c.field), c) {
                back.push((c.field, c.old.clone()));
            } else {
                kept.push(format!("{name}: {}", c.field.label()));
            }
        }
        if !back.is_empty() {
            store::set_fields(tx, &ctx.org.id, &contact, &back, now).await?;
            restored += 1;
        }
    }
    Ok((restored, kept))
}
