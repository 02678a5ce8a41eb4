//! `dealflow contacts import-preview FILE`: the wizard's preview as one JSON
//! object, for measuring the importer on real files:
//! `{"sheets", "sheet", "header_row", "mapping": {"<header>": "<field>"|null},
//! "reasons": {"<header>": "why"}, "rows": [{"row", "verdict", "errors",
//! "contact", "duplicate_of"}]}`.

use super::import::{preview, PreviewOptions};
use crate::domain::crm::import::Dedupe;
use crate::server::db::Db;
use anyhow::{anyhow, Context};
use serde_json::{json, Map, Value};

/// The preview of the file at `path` as JSON; `org` (a slug) names the
/// organization whose contacts count as duplicates and whose country is the
/// default region (the only organization when absent and there is one).
pub async fn import_preview(db: &Db, path: &str, sheet: Option<String>, region: Option<String>, dedupe: &str, org: Option<&str>) -> anyhow::Result<Value> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    let dedupe = Dedupe::parse(dedupe).ok_or_else(|| anyhow!("--dedupe takes email, phone, both or none"))?;
    let org_id = organization(db, org).await?;
    let opts = PreviewOptions { sheet, region, dedupe: Some(dedupe), mapping: None };
    let p = preview(db, org_id.as_deref(), path, &bytes, &opts).await.map_err(|e| anyhow!("{e}"))?;
    let (mut mapping, mut reasons) = (Map::new(), Map::new());
    for c in &p.columns {
        // the same heading twice keeps both: "Email", "Email (2)"
        let mut key = c.header.clone();
        let mut n = 1;
        while mapping.contains_key(&key) {
            n += 1;
            key = format!("{} ({n})", c.header);
        }
        mapping.insert(key.clone(), c.field.map(|f| Value::from(f.as_str())).unwrap_or(Value::Null));
        reasons.insert(key, Value::from(c.reason.clone()));
    }
    Ok(json!({
        "sheets": p.sheets,
        "sheet": p.sheet,
        "header_row": p.header_row,
        "mapping": mapping,
        "reasons": reasons,
        "rows": p.rows.iter().map(|r| json!({
            "row": r.row,
            "verdict": r.verdict.as_str(),
            "errors": r.errors,
            "contact": r.contact,
            "duplicate_of": r.duplicate_of,
        })).collect::<Vec<_>>(),
    }))
}

/// The organization's id: the one named by its slug, or the only customer
/// organization; none (no existing contacts) on an empty installation.
async fn organization(db: &Db, slug: Option<&str>) -> anyhow::Result<Option<String>> {
    if let Some(slug) = slug {
        let id: Option<(String,)> = sqlx::query_as("SELECT id FROM organizations WHERE slug = $1").bind(slug).fetch_optional(&db.pool).await?;
        return id.map(|(id,)| Some(id)).ok_or_else(|| anyhow!("no organization with the slug {slug:?}"));
    }
    let orgs: Vec<(String,)> = sqlx::query_as("SELECT id FROM organizations WHERE is_platform = 0 LIMIT 2").fetch_all(&db.pool).await?;
    Ok(match orgs.as_slice() {
        [(id,)] => Some(id.clone()),
        _ => None,
    })
}
