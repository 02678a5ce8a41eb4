//! The pure core of Dealflow: no IO, no clock, compiles to wasm32.
//!
//! Everything in here is shared by the server and the browser so that a
//! rule (who may do what, what a valid email is) is written exactly once.

pub mod access;
pub mod chat_export;
pub mod code;
pub mod commission;
pub mod crm;
pub mod csv;
pub mod dealer;
pub mod email;
pub mod files;
pub mod kpi;
pub mod ledger;
pub mod money;
pub mod nav;
pub mod password;
pub mod signals;
pub mod tenancy;
pub mod throttle;
pub mod time;

pub use access::{Capability, Role};
pub use tenancy::Module;
