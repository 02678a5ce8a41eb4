//! `AppError`: the one error every server function returns.
//!
//! It travels to the browser as JSON, maps to an HTTP status, and carries
//! a clear message for people. Internals are logged on the server (see
//! `server::error`) and never serialized: `Internal` only carries a
//! reference id that matches the log line.

use crate::domain::dealer::parse_positive;
use crate::domain::money::{Currency, Money};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Not signed in (401; pages redirect to the login page).
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Wrong email or password: one message for both (401).
    #[error("{message}")]
    InvalidCredentials { message: String },
    /// Signed in but the role lacks the capability (403).
    #[error("You do not have access to this page.")]
    Forbidden { capability: String },
    /// Missing, or belongs to another organization or another user (404).
    #[error("Not found.")]
    NotFound,
    /// Bad input: messages per field, shown next to the field (422).
    #[error("{}", validation_summary(.fields))]
    Validation { fields: BTreeMap<String, Vec<String>> },
    /// A one-time link that was used, withdrawn or is past its date (410).
    #[error("{message}")]
    Expired { message: String },
    /// The request conflicts with the current state (409).
    #[error("{message}")]
    Conflict { message: String },
    /// The request body is larger than the route accepts (413).
    #[error("{message}")]
    TooLarge { message: String },
    /// Too many attempts (429); the client may try again after `retry_after` seconds.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        #[serde(default)]
        retry_after: u64,
    },
    /// A feature switched off for everyone (403 with its own message).
    #[error("{message}")]
    Disabled { message: String },
    /// Something broke on our side (500). `reference` matches the server log.
    #[error("Something went wrong on our side (reference {reference}). Please try again.")]
    Internal { reference: String },
    /// Transport-level failure reported by the server-function machinery.
    #[error("{message}")]
    Transport { message: String },
}

fn validation_summary(fields: &BTreeMap<String, Vec<String>>) -> String {
    fields.values().flatten().next().cloned().unwrap_or_else(|| "Please check the form.".to_string())
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials { .. } => 401,
            AppError::Forbidden { .. } | AppError::Disabled { .. } => 403,
            AppError::NotFound => 404,
            AppError::Validation { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::Expired { .. } => 410,
            AppError::TooLarge { .. } => 413,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::Transport { .. } => 400,
        }
    }

    /// Seconds a client should wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after, .. } if *retry_after > 0 => Some(*retry_after),
            _ => None,
        }
    }

    /// One field, one message.
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_string(), vec![message.into()]);
        AppError::Validation { fields }
    }

    /// The messages for one form field, if any.
    pub fn field_errors(&self, field: &str) -> Vec<String> {
        match self {
            AppError::Validation { fields } => fields.get(field).cloned().unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport { message: value.to_string() }
    }
}

/// Collects field errors for a form; `finish` turns them into `Err` if any.
#[derive(Default, Debug)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_default().push(message.into());
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation { fields: self.0 })
        }
    }

    /// A required line of text, trimmed: "Enter the {label}." when empty.
    pub fn text(&mut self, value: &str, field: &str, label: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, format!("Enter the {label}."));
        }
        self.optional_text(v, field, label, max)
    }

    /// An optional line of text, trimmed, at most `max` characters.
    pub fn optional_text(&mut self, value: &str, field: &str, label: &str, max: usize) -> String {
        let v = value.trim();
        if v.chars().count() > max {
            self.add(field, format!("The {label} is too long (at most {max} characters)."));
        }
        v.to_string()
    }

    /// A positive amount of money in `currency` (as people type it).
    pub fn money(&mut self, value: &str, field: &str, label: &str, currency: Currency) -> Option<Money> {
        match parse_positive(value, currency, label) {
            Ok(m) => Some(m),
            Err(msg) => {
                self.add(field, msg);
                None
            }
        }
    }

    /// Like `money`, but an empty field is `None` without an error.
    pub fn optional_money(&mut self, value: &str, field: &str, label: &str, currency: Currency) -> Option<Money> {
        if value.trim().is_empty() {
            None
        } else {
            self.money(value, field, label, currency)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_message_is_the_first_field_message() {
        let e = AppError::field("password", "Use at least 8 characters.");
        assert_eq!(e.to_string(), "Use at least 8 characters.");
        assert_eq!(e.status(), 422);
        assert_eq!(e.field_errors("password"), vec!["Use at least 8 characters.".to_string()]);
        assert!(e.field_errors("email").is_empty());
    }

    #[test]
    fn form_fields_are_trimmed_and_checked() {
        let mut e = FieldErrors::default();
        assert_eq!(e.text("  Rolex ", "brand", "brand", 60), "Rolex");
        assert_eq!(e.text(" ", "model", "model", 60), "");
        assert_eq!(e.optional_text("abcdef", "notes", "notes", 3), "abcdef");
        assert_eq!(e.optional_money("", "asking", "Asking price", Currency::USD), None);
        assert!(e.money("12.50", "cost", "Cost", Currency::USD).is_some());
        assert!(e.money("-1", "price", "Price", Currency::USD).is_none());
        let Err(AppError::Validation { fields }) = e.finish() else { panic!("expected field errors") };
        assert_eq!(fields["model"], vec!["Enter the model."]);
        assert_eq!(fields["notes"], vec!["The notes is too long (at most 3 characters)."]);
        assert!(fields.contains_key("price") && !fields.contains_key("brand") && !fields.contains_key("cost"));
    }

    #[test]
    fn internal_error_serializes_no_detail_but_the_reference() {
        let json = serde_json::to_string(&AppError::Internal { reference: "r-1".into() }).unwrap();
        assert_eq!(json, r#"{"kind":"internal","reference":"r-1"}"#);
    }
}
