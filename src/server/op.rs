//! What every operation shares, written once: the retry of a business
//! transaction that met another writer, "exactly one row changed or it
//! moved meanwhile", the audit entry inside a transaction, database errors
//! turned into `AppError`, the HTTP status of a failed call, and `serve!`,
//! the one way a server function runs.

use super::auth::Ctx;
use super::db::{is_retryable, new_id, now_ms, Tx};
use super::ledger::LedgerError;
use crate::dto::error::AppError;
use std::future::Future;

/// Why an operation stopped: a person-facing error, or contention that the
/// caller retries from the start.
#[derive(Debug)]
pub enum OpError {
    App(AppError),
    Contended,
}

pub type OpResult<T> = Result<T, OpError>;

impl From<AppError> for OpError {
    fn from(e: AppError) -> Self {
        OpError::App(e)
    }
}

impl From<sqlx::Error> for OpError {
    fn from(e: sqlx::Error) -> Self {
        if is_retryable(&e) {
            OpError::Contended
        } else {
            OpError::App(internal(e))
        }
    }
}

impl From<LedgerError> for OpError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Busy | LedgerError::StaleVersion { .. } => OpError::Contended,
            LedgerError::Db(e) => e.into(),
            LedgerError::WouldGoNegative { .. } | LedgerError::Frozen { .. } | LedgerError::IdempotencyConflict => {
                OpError::App(AppError::Conflict { message: e.to_string() })
            }
            other => OpError::App(internal(other)),
        }
    }
}

/// Reads: a database failure is an internal error (logged, with a reference).
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        internal(e)
    }
}

/// A stored code the program does not know: a corrupt or newer row.
impl From<crate::domain::code::UnknownCode> for AppError {
    fn from(e: crate::domain::code::UnknownCode) -> Self {
        internal(e)
    }
}

/// Logs an internal failure and returns the generic message with a reference.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let reference = new_id()[..8].to_string();
    tracing::error!(%reference, error = %err, "internal error");
    AppError::Internal { reference }
}

/// A person-facing conflict ("this was decided already").
pub fn conflict(message: impl Into<String>) -> OpError {
    OpError::App(AppError::Conflict { message: message.into() })
}

/// A status-guarded `UPDATE … WHERE status = …` changed exactly one row,
/// or the record moved meanwhile and the person is told so.
pub fn expect_one(result: sqlx::any::AnyQueryResult, message: &str) -> OpResult<()> {
    if result.rows_affected() == 1 {
        Ok(())
    } else {
        Err(conflict(message))
    }
}

/// The audit entry of an action, written in the action's own transaction.
pub async fn audit_in(tx: &mut Tx, ctx: &Ctx, action: &str, target: &str, detail: Option<&str>) -> Result<(), sqlx::Error> {
    super::audit::record(&mut **tx, super::audit::Entry { target: Some(target), detail, ..ctx.audit_entry(action) }).await
}

/// How many times an operation is started over after meeting another writer.
const MAX_RETRIES: u64 = 10;

/// Runs an operation, starting it over (a few times, with a short pause)
/// when it met another writer, and reports what is left as an `AppError`.
pub async fn retry<T, E, F, Fut>(op: F) -> Result<T, AppError>
where
    E: Into<OpError>,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut attempt: u64 = 0;
    loop {
        match op().await.map_err(Into::into) {
            Ok(v) => return Ok(v),
            Err(OpError::App(e)) => return Err(e),
            Err(OpError::Contended) if attempt < MAX_RETRIES => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(3 * attempt + (now_ms() % 5) as u64)).await;
            }
            Err(OpError::Contended) => return Err(AppError::Conflict { message: "Someone else changed this at the same moment. Please try again.".into() }),
        }
    }
}

/// Sets the HTTP status of a server function's response to match its error.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
            if let Some(secs) = e.retry_after() {
                res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
            }
        }
    }
    result
}

/// An error as a JSON response for plain axum routes (exports, uploads):
/// the error's own fields (`kind`, `fields`…) plus `error`, its message.
pub fn error_response(e: AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = serde_json::to_value(&e).unwrap_or_else(|_| serde_json::json!({}));
    if let serde_json::Value::Object(map) = &mut body {
        map.insert("error".into(), serde_json::Value::String(e.to_string()));
    }
    let mut res = (status, axum::Json(body)).into_response();
    if let Some(secs) = e.retry_after() {
        res.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
    res
}

/// The one way a server function runs:
///
/// ```ignore
/// serve!(Capability::DealsReview, Module::Dealer, |ctx| desk::accept(ctx, &id, &input))
/// ```
///
/// checks the capability (401 / 403, audited) and, when given, that the
/// organization has the module (404), then runs the call — started over when
/// it met another writer — and sets the response's status from its error.
/// `ctx` is a `&Ctx`. (A macro, not a function taking a closure: a closure
/// returning a future that borrows both the guard and the function's
/// arguments cannot be `Fn` and `Send` at once in today's Rust.)
#[macro_export]
macro_rules! serve {
    ($cap:expr, |$ctx:ident| $call:expr) => {
        $crate::server::op::respond(
            async {
                let guarded = $crate::server::auth::guard($cap, None).await?;
                let $ctx = &guarded;
                $crate::server::op::retry(|| $call).await
            }
            .await,
        )
    };
    ($cap:expr, $module:expr, |$ctx:ident| $call:expr) => {
        $crate::server::op::respond(
            async {
                let guarded = $crate::server::auth::guard($cap, Some($module)).await?;
                let $ctx = &guarded;
                $crate::server::op::retry(|| $call).await
            }
            .await,
        )
    };
}
pub use serve;
