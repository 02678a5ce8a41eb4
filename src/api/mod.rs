//! Server functions: thin — guard → parse → service → audience-typed result.
//! The types here are what leaves the server; full rows never do.

pub mod account;
pub mod admin;
pub mod dealer;
pub mod error;
pub mod kit;
pub mod notify;
pub mod portal;
pub mod signals;
pub mod uploads;

pub use error::AppError;
