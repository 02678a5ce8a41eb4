pub mod account;
pub mod admin;
pub mod broker;
pub mod desk;
pub mod errors;
pub mod kit;
pub mod login;
pub mod overview;
