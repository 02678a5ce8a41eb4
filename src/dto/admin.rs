//! Team, organizations and the audit log as their readers see them.

use crate::domain::{Module, Role};
use serde::{Deserialize, Serialize};

/// A colleague as an owner sees them on the Team page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    pub joined_at: i64,
}

/// A tenant as the platform admin sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub modules: Vec<Module>,
    pub users: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditItem {
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    /// What the target is, in words ("Rolex Daytona 126500LN"), and its page.
    pub about: Option<String>,
    pub about_href: Option<String>,
    pub ip: Option<String>,
}
