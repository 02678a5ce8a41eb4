//! The CRM's server functions (`crm/…`): each checks its capability and the
//! CRM module, then calls one read or operation in `server::crm`.

use crate::dto::crm::*;
use crate::dto::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::crm::directory::ContactQuery,
    domain::{Capability, Module},
    serve,
    server::crm::contacts,
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
