//! What the CRM's screens receive: the directory's page of contacts with
//! the counts of each segment.

use crate::domain::crm::ContactType;
use serde::{Deserialize, Serialize};

/// One row of the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactItem {
    pub id: String,
    pub contact_type: ContactType,
    pub name: String,
    pub company: String,
    pub email: Option<String>,
    /// E.164 ("+12125550147").
    pub phone: Option<String>,
    /// As people read it ("+1 212-555-0147").
    pub phone_display: Option<String>,
    pub location: String,
    pub vip: bool,
    /// The contact signs in to Dealflow (a broker, an investor, the team).
    pub has_login: bool,
    pub added_at: i64,
}

/// One page of the directory for a query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactPage {
    pub items: Vec<ContactItem>,
    /// Contacts that match the query (all pages).
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// Contacts of each type (the tabs), and all of them.
    pub counts: Vec<(ContactType, i64)>,
    pub all: i64,
    /// VIP contacts among those that match the segment.
    pub vip: i64,
    /// The viewer may add contacts / export the list.
    pub can_add: bool,
    pub can_export: bool,
}
