use super::config::Config;
use super::db::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Shared by every request: handed to axum handlers as state and to
/// server functions and pages through Leptos context.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> LeptosOptions {
        s.leptos_options.clone()
    }
}

/// The caller's IP address, resolved once per request by a middleware
/// (`X-Forwarded-For` only when `DEALFLOW_TRUST_PROXY` is on).
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);
