//! A real installation's people: the first platform administrator (on the
//! command line), organizations and their first owner (platform admin),
//! invitations into an organization with a role (owners), deactivation, and
//! "forgot password".
//!
//! Every link here is a one-time link: a random 256-bit token in the URL,
//! only its SHA-256 in the database, an expiry, and a single use.

pub mod first_admin;
pub mod invitations;
pub mod members;
pub mod organizations;
pub mod reset;

use super::config::Config;
use super::mailer;
use crate::dto::error::AppError;
use crate::dto::onboarding::InviteOutcome;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password-reset link works.
pub const RESET_MINUTES: i64 = 60;
/// How long the first sign-in link of an administrator created on the command line works.
pub const WELCOME_HOURS: i64 = 24;

pub(crate) const DAY_MS: i64 = 24 * 3_600_000;

pub fn invitation_link(config: &Config, token: &str) -> String {
    format!("{}/invite/{token}", config.public_url)
}

pub fn password_link(config: &Config, token: &str) -> String {
    format!("{}/reset/{token}", config.public_url)
}

/// What one invitation says.
pub struct InvitationLetter<'a> {
    pub to_email: &'a str,
    pub to_name: &'a str,
    pub org_name: &'a str,
    pub role_label: &'a str,
    pub inviter: &'a str,
    pub token: &'a str,
    pub expires_at: i64,
}

/// Sends the invitation by email when SMTP is configured; otherwise, or
/// when the email fails, hands back the link for the inviter to pass on
/// (shown once: only its hash is kept).
pub async fn deliver_invitation(config: &Config, letter: InvitationLetter<'_>) -> InviteOutcome {
    let link = invitation_link(config, letter.token);
    let mut outcome = InviteOutcome { email: letter.to_email.to_string(), emailed: false, link: None, email_error: None, expires_at: letter.expires_at };
    if let Some(smtp) = &config.smtp {
        let subject = format!("{} invited you to {} on Dealflow", letter.inviter, letter.org_name);
        let body = format!(
            "Hello {name},\n\n{inviter} invited you to join {org} on Dealflow as {role}.\n\nChoose your password and sign in: {link}\n\n\
             The link works once, for {INVITATION_DAYS} days. If you did not expect this, ignore this email.\n\n— Dealflow\n",
            name = letter.to_name,
            inviter = letter.inviter,
            org = letter.org_name,
            role = letter.role_label,
        );
        match mailer::send_email(smtp, letter.to_name, letter.to_email, &subject, body).await {
            Ok(()) => {
                outcome.emailed = true;
                return outcome;
            }
            Err(e) => {
                tracing::warn!(to = %letter.to_email, error = %e, "invitation email not sent; the link is shown to the inviter instead");
                outcome.email_error = Some(format!("The email could not be sent ({e}). Copy the link and send it yourself."));
            }
        }
    }
    outcome.link = Some(link);
    outcome
}

/// A person's name as typed into a form: trimmed, 1–100 characters.
pub(crate) fn person_name(input: &str, field: &'static str) -> Result<String, AppError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(AppError::field(field, "Enter a name."));
    }
    if name.chars().count() > 100 {
        return Err(AppError::field(field, "Use at most 100 characters."));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::field(field, "A name cannot contain control characters."));
    }
    Ok(name.to_string())
}
