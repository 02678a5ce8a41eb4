use super::config::Config;
use super::db::Db;
use super::storage::Storage;
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
    /// Uploaded files (local folder or a bucket).
    pub storage: Storage,
}

impl AppState {
    /// The state of one server: its database, configuration, built site and file storage.
    pub fn new(db: Db, config: Config) -> anyhow::Result<AppState> {
        let storage = Storage::from_config(&config)?;
        Ok(AppState { db, leptos_options: leptos_options(&config), config: Arc::new(config), storage })
    }
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

/// The Leptos options of the built site this server serves.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder().output_name("dealflow").site_root(config.site_root.as_str()).site_pkg_dir("pkg").site_addr(config.addr).build()
}
