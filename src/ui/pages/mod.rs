//! The routes, one page component per file (`admin/` and `dealer/` group
//! theirs). Pages never import one another: what two pages share lives in
//! `ui::components`.

pub mod admin;
pub mod crm;
pub mod dealer;
pub mod errors;
pub mod forgot;
pub mod invite;
pub mod kit;
pub mod login;
pub mod overview;
pub mod reset;
pub mod settings;
