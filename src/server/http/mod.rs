//! The HTTP stack: routes, security middleware, sessions, logging; the
//! plain (non-server-function) routes live beside it: CSV exports and uploads.

pub mod edge;
pub mod export;
pub mod uploads;

use crate::domain::tenancy::{SELLER_DISABLED_MESSAGE, SELLER_PORTAL_ENABLED};
use crate::dto::uploads::CONTACT_FILE_ROUTE;
use crate::server::auth::session_store::DbSessionStore;
use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::demo::{self, DemoLogin};
use crate::server::signals::{import, webhook, MAX_IMPORT_BYTES, MAX_WEBHOOK_BYTES};
use crate::server::state::AppState;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{handle_server_fns_with_context, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub const SESSION_COOKIE: &str = "dealflow_session";
/// Largest request body a server function accepts (uploads get their own limit).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The pages the router serves: the app's routes and its document shell
/// (given by `app::site()`, the one module above the server).
#[derive(Clone)]
pub struct Site {
    pub routes: Vec<leptos_axum::AxumRouteListing>,
    pub shell: fn(LeptosOptions) -> AnyView,
}

/// The router around an application state (tests build their own state).
pub fn router_with_state(state: AppState, site: Site) -> Router {
    let Site { mut routes, shell } = site;
    // The disabled Seller Portal's pages answer a real redirect here (the
    // router's own routes for them only serve in-app navigation).
    routes.retain(|r| r.path() != "/seller" && !r.path().starts_with("/seller/"));
    let ctx_state = state.clone();
    let provide = move || {
        provide_context(ctx_state.clone());
    };
    let page_state = state.clone();
    let page_context = move || provide_page_context(&page_state);

    let session_layer = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(state.config.session_idle_minutes)));

    let opts = state.leptos_options.clone();
    let fallback_state = state.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/export/audit.csv", get(export::audit_csv))
        .route("/export/team.csv", get(export::team_csv))
        .route("/export/kit.csv", get(export::kit_csv))
        .route("/export/commissions.csv", get(export::commissions_csv))
        .route("/export/contacts.csv", get(export::contacts_csv))
        .route("/uploads", axum::routing::post(uploads::upload).layer(DefaultBodyLimit::max(uploads::body_limit(&state))))
        .route("/uploads/{id}", get(uploads::download))
        .route(
            CONTACT_FILE_ROUTE,
            axum::routing::post(uploads::contact_file).layer(DefaultBodyLimit::max(crate::server::crm::runs::MAX_FILE_BYTES + 64 * 1024)),
        )
        .route("/hooks/whatsapp/{id}", axum::routing::post(webhook::webhook).layer(DefaultBodyLimit::max(MAX_WEBHOOK_BYTES)))
        .route("/hooks/whatsapp/{id}/link", axum::routing::post(webhook::link_webhook).layer(DefaultBodyLimit::max(MAX_WEBHOOK_BYTES)))
        .route("/signals/import", axum::routing::post(import::import_route).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)))
        .route("/seller", get(seller_pages))
        .route("/seller/{*rest}", get(seller_pages))
        .route("/api/seller", any(seller_api))
        .route("/api/seller/{*rest}", any(seller_api))
        .route(
            "/api/{*fn_name}",
            any(move |req: Request| {
                let provide = provide.clone();
                async move { handle_server_fns_with_context(provide, req).await }
            }),
        )
        .leptos_routes_with_context(&state, routes, page_context, move || shell(opts.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(move || provide_page_context(&fallback_state), shell))
        .layer(middleware::from_fn(edge::server_fns))
        .layer(session_layer)
        .layer(middleware::from_fn_with_state(state.clone(), edge::client_ip))
        .layer(middleware::from_fn_with_state(state.clone(), edge::refuse_cross_origin))
        .layer(middleware::from_fn_with_state(state.clone(), edge::security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Pages, the WASM and ECharts shrink about threefold on the wire.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Context for every rendered page (the router's and the 404 fallback's).
fn provide_page_context(state: &AppState) {
    provide_context(state.clone());
    let nonce = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<edge::PageNonce>().cloned());
    if let Some(edge::PageNonce(n)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `/seller/*`: the Seller Portal is disabled — a 303 to the page that says so.
async fn seller_pages() -> Response {
    (StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, "/role-disabled")]).into_response()
}

/// Every seller API answers 403 while the portal is disabled for launch.
async fn seller_api() -> Response {
    if SELLER_PORTAL_ENABLED {
        return (StatusCode::NOT_FOUND, Json(serde_json::json!({ "error": "Not found." }))).into_response();
    }
    (StatusCode::FORBIDDEN, Json(serde_json::json!({ "error": SELLER_DISABLED_MESSAGE }))).into_response()
}

/// Connects, seeds demo data when configured, and returns the router.
pub async fn build(config: Config, site: Site) -> anyhow::Result<(Router, AppState, Option<Vec<DemoLogin>>)> {
    let db = Db::connect(&config.database_url).await?;
    let logins = if config.demo { demo::seed_if_empty(&db, 1).await? } else { None };
    // Logins made before the CRM existed get their contacts.
    let made = crate::server::crm::people::backfill(&db).await?;
    if made > 0 {
        tracing::info!(contacts = made, "logins given their contacts");
    }
    let keyed = crate::server::crm::store::fill_keys(&db).await?;
    if keyed > 0 {
        tracing::info!(contacts = keyed, "contacts given their directory keys");
    }
    let state = AppState::new(db, config)?;
    tracing::info!(storage = %state.storage.describe, "uploaded files");
    Ok((router_with_state(state.clone(), site), state, logins))
}

/// Serves until Ctrl-C / SIGTERM, finishing requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    serve_until(listener, app, shutdown_signal()).await
}

/// Serves until `stop` completes (tests pass a future that never does).
pub async fn serve_until(listener: tokio::net::TcpListener, app: Router, stop: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(stop).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
