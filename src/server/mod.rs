//! Everything that only runs on the server: configuration, storage,
//! authentication, the HTTP stack and the demo data generator.

pub mod audit;
pub mod auth;
pub mod bench;
pub mod bench_dealer;
pub mod config;
pub mod connectors;
pub mod crypto;
pub mod db;
pub mod dealer;
pub mod dealer_views;
pub mod demo;
pub mod demo_dealer;
pub mod export;
pub mod http;
pub mod mailer;
pub mod ledger;
pub mod password;
pub mod portal;
pub mod repo;
pub mod session_store;
pub mod signals;
pub mod signals_tools;
pub mod state;
pub mod uploads;

pub use state::AppState;
