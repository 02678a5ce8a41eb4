//! The CRM's pages.

pub mod contacts;
pub mod import;
