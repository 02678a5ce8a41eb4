pub mod account;
pub mod admin;
pub mod errors;
pub mod login;
pub mod overview;
