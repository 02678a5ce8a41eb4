//! Onboarding as its readers see it: invitations (the owner's list, the
//! invitee's page), what sending one did, and the one-time password links.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Expired,
}

impl InvitationStatus {
    pub fn label(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "Pending",
            InvitationStatus::Expired => "Expired",
        }
    }
}

/// An invitation not yet accepted nor withdrawn, on the owner's Team page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationItem {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub sent_at: i64,
    pub expires_at: i64,
    pub status: InvitationStatus,
}

/// The owner's invitations card: whom he can invite, and the invitations
/// not yet accepted nor withdrawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invitations {
    /// The roles this organization's modules offer.
    pub roles: Vec<Role>,
    pub open: Vec<InvitationItem>,
}

/// What sending an invitation did: emailed, or — without SMTP, or when the
/// email failed — the link to pass on, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteOutcome {
    pub email: String,
    pub emailed: bool,
    /// The invitation link, only when it was not emailed.
    pub link: Option<String>,
    /// Why the email did not go out, when SMTP is configured but refused it.
    pub email_error: Option<String>,
    pub expires_at: i64,
}

/// A new organization and the invitation of its first owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewOrgOutcome {
    pub org_id: String,
    pub org_name: String,
    pub invite: InviteOutcome,
}

/// The invitee's view of his invitation (the page behind the link).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub org_name: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub invited_by: Option<String>,
    pub expires_at: i64,
}

/// The page behind a password link: whose password it sets, and whether it
/// is a first password (an administrator created on the command line) or a
/// reset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordLinkView {
    pub email: String,
    pub first: bool,
}

/// The one answer to "forgot password", whether or not the address has a login.
pub const RESET_REQUESTED: &str = "If that address has a Dealflow login, we emailed it a link to choose a new password. The link works once, within an hour.";
