//! What the CRM's screens receive: the directory's page of contacts with
//! the counts of each segment; the import wizard's preview and its runs.

use crate::domain::crm::import::RowPreview;
use crate::domain::crm::mapping::ColumnSuggestion;
use crate::domain::crm::runs::FieldChange;
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
    /// The viewer may import files of contacts.
    pub can_import: bool,
}

/// The import wizard's preview of a kept file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub upload_id: String,
    pub file_name: String,
    pub sheets: Vec<String>,
    pub sheet: String,
    /// The header row's spreadsheet number; `None`: no header row found.
    pub header_row: Option<u32>,
    pub columns: Vec<ColumnSuggestion>,
    pub rows: Vec<RowPreview>,
    /// Beside each row: what updating the contact it duplicates would change
    /// (empty unless duplicates update).
    pub changes: Vec<Vec<FieldChange>>,
    pub new: usize,
    pub duplicates: usize,
    pub errors: usize,
    /// Tax IDs are imported only for people who manage the team.
    pub can_set_tax_id: bool,
}

/// What rolling a run back did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollbackResult {
    pub at: i64,
    pub by: String,
    /// Contacts the run added, now in the trash.
    pub removed: i64,
    /// Contacts that got the values from before the run back.
    pub restored: i64,
    /// Fields left as they are because someone edited them after the run.
    pub kept: Vec<String>,
}

/// One import run of the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRun {
    pub id: String,
    pub file_name: String,
    pub run_by: String,
    pub created_at: i64,
    pub contact_type: ContactType,
    pub inserted: i64,
    pub updated: i64,
    pub skipped: i64,
    pub errors: i64,
    pub rollback: Option<RollbackResult>,
}

/// The run history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRuns {
    pub runs: Vec<ImportRun>,
}
