//! The CRM's pages.

pub mod contacts;
