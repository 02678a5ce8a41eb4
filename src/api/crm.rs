//! The CRM's server functions (`crm/…`): each checks its capability and the
//! CRM module, then calls one read or operation in `server::crm`.

use crate::dto::crm::*;
use crate::dto::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::crm::directory::ContactQuery,
    domain::crm::import::MAX_ROWS,
    domain::crm::runs::RowSet,
    domain::{Capability, Module},
    serve,
    server::auth::state,
    server::crm::{contacts, runs},
};
use leptos::prelude::*;

/// One page of the directory; the parameters are the URL's (see
/// `domain::crm::directory`), anything unknown read as the default.
#[server(endpoint = "crm/contacts")]
pub async fn contact_directory(segment: String, view: String, q: String, sort: String, dir: String, page: String) -> Result<ContactPage, AppError> {
    let query = ContactQuery::from_params(&segment, &view, &q, &sort, &dir, &page);
    serve!(Capability::ContactsView, Module::Crm, |ctx| contacts::directory(ctx, &query))
}

/// Adds a contact; its id.
#[server(endpoint = "crm/contact/add")]
#[allow(clippy::too_many_arguments)]
pub async fn add_contact(
    contact_type: String,
    first_name: String,
    last_name: String,
    company: String,
    email: String,
    phone: String,
    location: String,
    notes: String,
    #[server(default)] vip: Option<String>,
) -> Result<String, AppError> {
    let input = contacts::NewContact {
        contact_type,
        first_name,
        last_name,
        company,
        email,
        phone,
        location,
        notes,
        vip: vip.is_some_and(|v| v == "on" || v == "true"),
    };
    serve!(Capability::ContactsManage, Module::Crm, |ctx| contacts::add(ctx, &input))
}

/// The import wizard's preview of a kept file (`mapping`: a field code per
/// column, separated by commas; empty for the suggestions).
#[server(endpoint = "crm/import/preview")]
pub async fn preview_import(
    file: String,
    sheet: String,
    contact_type: String,
    dedupe: String,
    on_duplicate: String,
    mapping: String,
) -> Result<ImportPreview, AppError> {
    let opts = runs::RunOptions::from_form(&sheet, &contact_type, &dedupe, &on_duplicate, &mapping);
    serve!(Capability::ContactsImport, Module::Crm, |ctx| async {
        let (opts, files) = (opts.clone()?, state()?.storage);
        runs::preview_file(ctx, &files, &file, &opts).await
    })
}

/// Writes the confirmed rows (`rows`: "all" or "2,3,7-20") in one run;
/// the same `key` again answers the same run.
#[server(endpoint = "crm/import/commit")]
#[allow(clippy::too_many_arguments)]
pub async fn commit_import(
    file: String,
    sheet: String,
    contact_type: String,
    dedupe: String,
    on_duplicate: String,
    mapping: String,
    rows: String,
    key: String,
) -> Result<ImportRun, AppError> {
    let opts = runs::RunOptions::from_form(&sheet, &contact_type, &dedupe, &on_duplicate, &mapping);
    let confirmed = RowSet::parse(&rows, MAX_ROWS).map_err(|m| AppError::field("rows", m));
    serve!(Capability::ContactsImport, Module::Crm, |ctx| async {
        let (opts, confirmed, files) = (opts.clone()?, confirmed.clone()?, state()?.storage);
        runs::commit(ctx, &files, &file, &opts, &confirmed, &key).await
    })
}

/// The organization's import runs, the latest first.
#[server(endpoint = "crm/import/runs")]
pub async fn list_import_runs() -> Result<ImportRuns, AppError> {
    serve!(Capability::ContactsImport, Module::Crm, |ctx| async { runs::runs(ctx).await.map(|runs| ImportRuns { runs }) })
}

/// Rolls a run back (again: the first rollback's result).
#[server(endpoint = "crm/import/rollback")]
pub async fn rollback_import(run: String) -> Result<ImportRun, AppError> {
    serve!(Capability::ContactsImport, Module::Crm, |ctx| runs::rollback(ctx, &run))
}
