//! Wire types: what crosses between the server and the browser.
//!
//! Both halves compile this module. Each audience has its own types (a
//! broker's deal has no field for the sale price, so it can never reach a
//! broker's browser); the full rows never leave `server/`. It imports only
//! `domain`.

pub mod account;
pub mod admin;
pub mod chart;
pub mod crm;
pub mod dealer;
pub mod document;
pub mod error;
pub mod kit;
pub mod notify;
pub mod onboarding;
pub mod portal;
pub mod signals;
pub mod uploads;
