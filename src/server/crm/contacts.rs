//! The contacts directory: one page of an organization's contacts for a
//! query (filtered, searched, sorted and paged in the database, so it stays
//! fast at 100,000 contacts), the counts of its tabs, and adding a contact.

use super::import::{org_region, phone_parser};
use super::store::{self, ContactRow};
use crate::domain::crm::directory::{search_patterns, ContactQuery, ContactSort, ContactView, PAGE_SIZE};
use crate::domain::crm::names::tidy;
use crate::domain::crm::ContactType;
use crate::domain::email::Email;
use crate::domain::Capability;
use crate::dto::crm::{ContactItem, ContactPage};
use crate::dto::error::FieldErrors;
use crate::server::auth::Ctx;
use crate::server::db::{new_id, now_ms};
use crate::server::op::{audit_in, OpResult};

const DAY_MS: i64 = 86_400_000;

/// A value bound to a `$n` of a directory query.
enum Arg {
    Text(String),
    Int(i64),
}

/// The WHERE clause of a query (after `org_id = $1 AND deleted_at IS NULL`) and its values.
fn filters(q: &ContactQuery, now: i64) -> (String, Vec<Arg>) {
    let mut sql = String::new();
    let mut args: Vec<Arg> = Vec::new();
    let next = |args: &mut Vec<Arg>, a: Arg| {
        args.push(a);
        format!("${}", args.len() + 1)
    };
    if let Some(t) = q.segment {
        let n = next(&mut args, Arg::Text(t.as_str().into()));
        sql.push_str(&format!(" AND contact_type = {n}"));
    }
    match q.view {
        Some(ContactView::Vip) => sql.push_str(" AND vip = 1"),
        Some(ContactView::HasLogin) => sql.push_str(" AND user_id IS NOT NULL"),
        Some(ContactView::NoEmail) => sql.push_str(" AND email IS NULL"),
        Some(ContactView::NoPhone) => sql.push_str(" AND phone IS NULL"),
        Some(ContactView::New30) => {
            let n = next(&mut args, Arg::Int(now - 30 * DAY_MS));
            sql.push_str(&format!(" AND created_at >= {n}"));
        }
        None => {}
    }
    for pattern in search_patterns(&q.search) {
        let n = next(&mut args, Arg::Text(pattern));
        sql.push_str(&format!(" AND search_text LIKE {n}"));
    }
    (sql, args)
}

/// How the page is ordered: the ORDER BY for the query's sort (every one an
/// index of migration 0014), and — for a column that may be empty — that
/// column, whose empty rows come after the others whichever way, by name.
fn order_by(q: &ContactQuery) -> (String, Option<&'static str>) {
    let dir = if q.desc { "DESC" } else { "ASC" };
    let (column, may_be_empty) = match q.sort_or_default() {
        ContactSort::Name => ("sort_name", false),
        ContactSort::Type => return (format!("contact_type {dir}, sort_name {dir}, id {dir}"), None),
        ContactSort::Company => ("sort_company", true),
        ContactSort::Email => ("email", true),
        ContactSort::Phone => ("phone", true),
        ContactSort::Location => ("sort_location", true),
        ContactSort::Added => ("created_at", false),
    };
    (format!("{column} {dir}, id {dir}"), may_be_empty.then_some(column))
}

/// The rows of `base` (a FROM and WHERE) with `more` (an extra condition),
/// in `order`, `limit` and `offset` of them (all with `None`).
struct Part<'a> {
    more: String,
    order: &'a str,
    limit: Option<(u32, u32)>,
}

type Query<'q, O> = sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>;

fn bind_args<'q, O>(mut query: Query<'q, O>, args: &'q [Arg]) -> Query<'q, O> {
    for a in args {
        query = match a {
            Arg::Text(t) => query.bind(t.as_str()),
            Arg::Int(i) => query.bind(*i),
        };
    }
    query
}

type Row = (String, String, String, String, String, Option<String>, Option<String>, String, i64, Option<String>, i64);

async fn rows(ctx: &Ctx, base: &str, args: &[Arg], part: Part<'_>) -> OpResult<Vec<ContactItem>> {
    let limit = part.limit.map(|(n, skip)| format!(" LIMIT {n} OFFSET {skip}")).unwrap_or_default();
    let sql = format!(
        "SELECT id, contact_type, first_name, last_name, company, email, phone, location, vip, user_id, created_at {base}{} ORDER BY {}{limit}",
        part.more, part.order
    );
    let found = bind_args(sqlx::query_as::<_, Row>(&sql).bind(&ctx.org.id), args).fetch_all(&ctx.db.pool).await?;
    Ok(found
        .into_iter()
        .filter_map(|(id, kind, first, last, company, email, phone, location, vip, user, added)| {
            Some(ContactItem {
                id,
                contact_type: ContactType::parse(&kind)?,
                name: format!("{first} {last}").trim().to_string(),
                company,
                email,
                phone_display: phone.as_deref().map(readable_phone),
                phone,
                location,
                vip: vip != 0,
                has_login: user.is_some(),
                added_at: added,
            })
        })
        .collect())
}

async fn count(ctx: &Ctx, sql: &str, args: &[Arg]) -> OpResult<i64> {
    let (n,) = bind_args(sqlx::query_as::<_, (i64,)>(sql).bind(&ctx.org.id), args).fetch_one(&ctx.db.pool).await?;
    Ok(n)
}

/// The contacts of `base` in the query's order, `limit` of them from
/// `offset` (all with `None`): for a column that may be empty, those that
/// have it first, then those that don't.
async fn ordered(ctx: &Ctx, q: &ContactQuery, base: &str, args: &[Arg], window: Option<(u32, u32)>) -> OpResult<Vec<ContactItem>> {
    let (order, may_be_empty) = order_by(q);
    let Some(column) = may_be_empty else {
        return rows(ctx, base, args, Part { more: String::new(), order: &order, limit: window }).await;
    };
    let (have, lack) = (format!(" AND {column} IS NOT NULL"), format!(" AND {column} IS NULL"));
    let by_name = "sort_name, id";
    let Some((limit, offset)) = window else {
        let mut all = rows(ctx, base, args, Part { more: have, order: &order, limit: None }).await?;
        all.extend(rows(ctx, base, args, Part { more: lack, order: by_name, limit: None }).await?);
        return Ok(all);
    };
    let with = count(ctx, &format!("SELECT COUNT(*) {base}{have}"), args).await? as u32;
    let mut page = Vec::new();
    if offset < with {
        page = rows(ctx, base, args, Part { more: have, order: &order, limit: Some((limit, offset)) }).await?;
    }
    let rest = limit - page.len() as u32;
    if rest > 0 {
        let skip = offset.saturating_sub(with);
        page.extend(rows(ctx, base, args, Part { more: lack, order: by_name, limit: Some((rest, skip)) }).await?);
    }
    Ok(page)
}

/// An E.164 number in its international format ("+1 212-555-0147").
fn readable_phone(e164: &str) -> String {
    match phonenumber::parse(None, e164) {
        Ok(n) => n.format().mode(phonenumber::Mode::International).to_string(),
        Err(_) => e164.to_string(),
    }
}

/// The FROM and WHERE of the rows themselves: a search first lists the ids
/// that match from the search index (which holds them), then reads and sorts
/// only those — walking a sort index row by row to test each one's search
/// text would read the whole table for a rare match.
fn rows_base(q: &ContactQuery, base: &str) -> String {
    if search_patterns(&q.search).is_empty() {
        base.to_string()
    } else {
        format!("FROM contacts WHERE org_id = $1 AND id IN (SELECT id {base})")
    }
}

/// Every contact that matches `q` (all pages), for the CSV.
pub async fn matching(ctx: &Ctx, q: &ContactQuery) -> OpResult<Vec<ContactItem>> {
    let (clause, args) = filters(q, now_ms());
    let base = format!("FROM contacts WHERE org_id = $1 AND deleted_at IS NULL{clause}");
    ordered(ctx, q, &rows_base(q, &base), &args, None).await
}

/// One page of the organization's contacts for `q`.
pub async fn directory(ctx: &Ctx, q: &ContactQuery) -> OpResult<ContactPage> {
    let now = now_ms();
    let (clause, args) = filters(q, now);
    let base = format!("FROM contacts WHERE org_id = $1 AND deleted_at IS NULL{clause}");
    let totals_sql = format!("SELECT COUNT(*), COUNT(CASE WHEN vip = 1 THEN 1 END) {base}");
    let (total, vip) = bind_args(sqlx::query_as::<_, (i64, i64)>(&totals_sql).bind(&ctx.org.id), &args).fetch_one(&ctx.db.pool).await?;
    let pages = ((total as u32).div_ceil(PAGE_SIZE)).max(1);
    let page = q.page.min(pages);
    let items = ordered(ctx, q, &rows_base(q, &base), &args, Some((PAGE_SIZE, (page - 1) * PAGE_SIZE))).await?;
    let per_type: Vec<(String, i64)> =
        sqlx::query_as("SELECT contact_type, COUNT(*) FROM contacts WHERE org_id = $1 AND deleted_at IS NULL GROUP BY contact_type")
            .bind(&ctx.org.id)
            .fetch_all(&ctx.db.pool)
            .await?;
    let counts: Vec<(ContactType, i64)> =
        ContactType::ALL.iter().map(|t| (*t, per_type.iter().find(|(k, _)| k == t.as_str()).map(|(_, n)| *n).unwrap_or(0))).collect();
    let all = counts.iter().map(|(_, n)| n).sum();
    let role = ctx.user.role;
    Ok(ContactPage {
        items,
        total,
        page,
        pages,
        counts,
        all,
        vip,
        can_add: role.can(Capability::ContactsManage),
        can_export: role.can(Capability::ReportsOperationalExport),
        can_import: role.can(Capability::ContactsImport),
    })
}

/// What the Add Contact form sends.
#[derive(Clone, Debug, Default)]
pub struct NewContact {
    pub contact_type: String,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub notes: String,
    pub vip: bool,
}

/// Adds a contact (audited); its id. A name or a company is needed; an
/// email or phone another contact already has is refused, naming him.
pub async fn add(ctx: &Ctx, input: &NewContact) -> OpResult<String> {
    let mut errors = FieldErrors::default();
    let kind = ContactType::parse(&input.contact_type);
    if kind.is_none() {
        errors.add("contact_type", "Choose the kind of contact.");
    }
    let first = tidy(&errors.optional_text(&input.first_name, "first_name", "first name", 100));
    let last = tidy(&errors.optional_text(&input.last_name, "last_name", "last name", 100));
    let company = errors.optional_text(&input.company, "company", "company", 200);
    if first.is_empty() && last.is_empty() && company.is_empty() {
        errors.add("first_name", "Enter a name (or, for a business, its company name).");
    }
    let location = errors.optional_text(&input.location, "location", "location", 200);
    let notes = errors.optional_text(&input.notes, "notes", "notes", 5_000);
    let email = match input.email.trim() {
        "" => None,
        e => match Email::parse(e) {
            Ok(e) => Some(e.as_str().to_string()),
            Err(why) => {
                errors.add("email", why.to_string());
                None
            }
        },
    };
    let phone = match input.phone.trim() {
        "" => None,
        p => {
            let parse = phone_parser(org_region(&ctx.db, &ctx.org.id).await?.as_deref())?;
            match parse(p) {
                Ok(e164) => Some(e164),
                Err(why) => {
                    errors.add("phone", format!("This is not a phone number we can dial: {why}. Write it with its country code, like +44 20 7946 0958."));
                    None
                }
            }
        }
    };
    for (field, column, value) in [("email", "email", &email), ("phone", "phone", &phone)] {
        if let Some(v) = value {
            let sql = format!("SELECT first_name, last_name FROM contacts WHERE org_id = $1 AND deleted_at IS NULL AND {column} = $2 LIMIT 1");
            let taken: Option<(String, String)> = sqlx::query_as(&sql).bind(&ctx.org.id).bind(v).fetch_optional(&ctx.db.pool).await?;
            if let Some((f, l)) = taken {
                errors.add(field, format!("{} already has this {field}.", format!("{f} {l}").trim()));
            }
        }
    }
    errors.finish()?;
    let (id, now) = (new_id(), now_ms());
    let mut tx = ctx.db.begin_write().await?;
    let row = ContactRow {
        id: &id,
        org_id: &ctx.org.id,
        contact_type: kind.unwrap_or(ContactType::Client),
        first_name: &first,
        last_name: &last,
        company: &company,
        email: email.as_deref(),
        phone: phone.as_deref(),
        location: &location,
        country: "",
        notes: &notes,
        tags: "",
        vip: input.vip,
        tax_id: "",
        user_id: None,
        import_run_id: None,
        created_at: now,
    };
    store::insert(&mut *tx, &row).await?;
    let name = format!("{first} {last}").trim().to_string();
    audit_in(&mut tx, ctx, crate::server::audit::action::CONTACT_CREATED, &id, Some(if name.is_empty() { &company } else { &name })).await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_bind_in_order() {
        let q = ContactQuery::from_params("client", "new_30", "Ada 415", "", "", "");
        let (sql, args) = filters(&q, 100 * DAY_MS);
        assert!(
            sql.contains("contact_type = $2") && sql.contains("created_at >= $3") && sql.contains("search_text LIKE $4") && sql.contains("search_text LIKE $5"),
            "{sql}"
        );
        assert_eq!(args.len(), 4);
        assert_eq!(order_by(&q), ("sort_name ASC, id ASC".to_string(), None));
        let by_company = ContactQuery::from_params("", "", "", "company", "desc", "");
        assert_eq!(order_by(&by_company), ("sort_company DESC, id DESC".to_string(), Some("sort_company")));
    }
}
