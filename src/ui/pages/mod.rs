pub mod account;
pub mod admin;
pub mod errors;
pub mod kit;
pub mod login;
pub mod overview;
