//! Everything that only runs on the server.
//!
//! Shared plumbing first — `op` (retry, expect-one-row, audit, errors),
//! `auth` (the guard, sessions, passwords), `db`, `config`, `state`,
//! `crypto`, `ledger`, `mailer`, `audit`, `repo`, `storage` — then one folder per
//! module (`dealer/`, `signals/`), the pages every person has (`account`,
//! `admin`, `home`), the demo data (`demo/`), the benchmarks (`bench/`)
//! and the HTTP stack (`http/`). Imports run one way: plumbing ← dealer ←
//! signals ← home, demo ← bench, http (`scripts/check_layers.py`).

pub mod account;
pub mod admin;
pub mod audit;
pub mod audit_about;
pub mod auth;
pub mod bench;
pub mod chart;
pub mod config;
pub mod crm;
pub mod crypto;
pub mod db;
pub mod dealer;
pub mod demo;
pub mod home;
pub mod http;
pub mod ledger;
pub mod mailer;
pub mod onboarding;
pub mod op;
pub mod repo;
pub mod signals;
pub mod state;
pub mod storage;

pub use state::AppState;
