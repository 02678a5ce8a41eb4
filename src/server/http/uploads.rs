//! The size-limited upload route and reading files back.
//!
//! `POST /uploads` (multipart, one part named `file`): the bytes stream to a
//! temporary file under `<data dir>/uploads/<org>/`, counted as they arrive
//! (over the limit → 413, the partial file removed), recognised by content
//! (not by name or the browser's claim), then moved into place and recorded.
//! A failure at any step leaves neither a file nor a row behind.
//!
//! `GET /uploads/{id}`: the uploader reads his own files and the
//! organization's team (internal roles) reads its organization's; anyone
//! else gets 404, as for a file that does not exist.

use crate::domain::files::{self, FileKind, ACCEPTED_DESCRIPTION, SNIFF_LEN};
use crate::domain::{Capability, Module};
use crate::dto::error::AppError;
use crate::dto::uploads::UploadedFile;
use crate::server::auth::{self, Ctx};
use crate::server::db::Db;
use crate::server::state::{AppState, ClientIp};
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use tower_sessions::Session;

/// Multipart framing allowed on top of the file itself.
const ENVELOPE_BYTES: u64 = 64 * 1024;

use crate::server::op::{error_response, internal};

/// The body limit for the upload route: the file limit plus framing.
pub fn body_limit(st: &AppState) -> usize {
    (st.config.upload_max_bytes + ENVELOPE_BYTES) as usize
}

fn too_large(max: u64) -> AppError {
    AppError::TooLarge { message: format!("The file is larger than {}. Choose a smaller file.", files::format_size(max)) }
}

/// `POST /uploads`.
pub async fn upload(
    State(st): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = match auth::require_in(&st, &session, ip.0, Capability::FilesUpload).await {
        Ok(c) => c,
        Err(e) => return error_response(e),
    };
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(_) => return error_response(AppError::field("file", "Send the file as multipart/form-data in a part named \"file\".")),
    };
    match store(&st, &ctx, &mut multipart).await {
        Ok(file) => (StatusCode::CREATED, Json(file)).into_response(),
        Err(e) => error_response(e),
    }
}

async fn store(st: &AppState, ctx: &Ctx, multipart: &mut Multipart) -> Result<UploadedFile, AppError> {
    let max = st.config.upload_max_bytes;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(AppError::field("file", "Choose a file to upload.")),
            Err(e) => return Err(multipart_error(e, max)),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = files::clean_name(field.file_name().unwrap_or("file"));
        return receive(st, ctx, field, name).await;
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError, max: u64) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(max)
    } else {
        AppError::field("file", "The upload was interrupted or malformed. Try again.")
    }
}

/// Reads the file part (at most the limit), sniffs its type, then keeps
/// it; nothing is kept of a refused or failed upload.
async fn receive(st: &AppState, ctx: &Ctx, field: axum::extract::multipart::Field<'_>, name: String) -> Result<UploadedFile, AppError> {
    let max = st.config.upload_max_bytes;
    let bytes = read_part(field, max).await?;
    if bytes.is_empty() {
        return Err(AppError::field("file", "The file is empty."));
    }
    let Some(kind) = files::sniff(&bytes[..bytes.len().min(SNIFF_LEN)]) else {
        return Err(AppError::field("file", format!("“{name}” is not a file we accept: upload {ACCEPTED_DESCRIPTION}.")));
    };
    st.storage.keep(&st.db, ctx, &name, kind.mime(), bytes).await
}

/// A file part's bytes, refused as soon as they pass `max`.
async fn read_part(mut field: axum::extract::multipart::Field<'_>, max: u64) -> Result<Vec<u8>, AppError> {
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(c)) if bytes.len() as u64 + c.len() as u64 > max => return Err(too_large(max)),
            Ok(Some(c)) => bytes.extend_from_slice(&c),
            Ok(None) => return Ok(bytes),
            Err(e) => return Err(multipart_error(e, max)),
        }
    }
}

/// `POST /uploads/contacts` (multipart, one part named `file`): a contact
/// file for the import wizard (contacts.import, the CRM module), kept once
/// it reads as sheets of rows.
pub async fn contact_file(
    State(st): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let kept = async {
        let ctx = auth::require_in(&st, &session, ip.0, Capability::ContactsImport).await?;
        ctx.require_module(Module::Crm)?;
        let mut multipart = multipart.map_err(|_| AppError::field("file", "Send the file as multipart/form-data in a part named \"file\"."))?;
        let max = crate::server::crm::runs::MAX_FILE_BYTES as u64;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => return Err(AppError::field("file", "Choose a file to import.")),
                Err(e) => return Err(multipart_error(e, max)),
            };
            if field.name() == Some("file") {
                let name = files::clean_name(field.file_name().unwrap_or("contacts.csv"));
                let bytes = read_part(field, max).await?;
                return crate::server::crm::runs::keep_file(&ctx, &st.storage, &name, bytes).await;
            }
        }
    };
    match kept.await {
        Ok(file) => (StatusCode::CREATED, Json(file)).into_response(),
        Err(e) => error_response(e),
    }
}

/// One stored upload's row.
#[derive(sqlx::FromRow)]
pub struct UploadRow {
    pub id: String,
    pub org_id: String,
    pub uploaded_by: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

pub async fn upload_by_id(db: &Db, id: &str) -> Result<Option<UploadRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, org_id, uploaded_by, file_name, content_type, size_bytes FROM uploads WHERE id = $1").bind(id).fetch_optional(&db.pool).await
}

/// Who may read a file: its uploader, or the organization's own team.
pub fn may_read(ctx: &Ctx, row: &UploadRow) -> bool {
    row.org_id == ctx.org.id && (row.uploaded_by == ctx.user.id || !ctx.user.role.is_external())
}

/// The organization's logo is on its documents: everyone in it may read it.
async fn is_org_logo(db: &Db, ctx: &Ctx, row: &UploadRow) -> bool {
    if row.org_id != ctx.org.id {
        return false;
    }
    let found: Result<Option<(String,)>, _> =
        sqlx::query_as("SELECT id FROM organizations WHERE id = $1 AND logo_upload_id = $2").bind(&ctx.org.id).bind(&row.id).fetch_optional(&db.pool).await;
    matches!(found, Ok(Some(_)))
}

/// `GET /uploads/{id}`.
pub async fn download(State(st): State<AppState>, session: Session, Extension(ip): Extension<ClientIp>, Path(id): Path<String>) -> Response {
    let ctx = match auth::require_in(&st, &session, ip.0, Capability::AccountSelf).await {
        Ok(c) => c,
        Err(e) => return error_response(e),
    };
    let row = match upload_by_id(&st.db, &id).await {
        Ok(Some(r)) if may_read(&ctx, &r) || is_org_logo(&st.db, &ctx, &r).await => r,
        Ok(_) => return error_response(AppError::NotFound),
        Err(e) => return error_response(internal(e)),
    };
    let file = match st.storage.get(&row.org_id, &row.id).await {
        Ok(Some(f)) => f,
        Ok(None) => {
            // The row says the file exists; storage disagrees. Say so clearly, and log it.
            tracing::error!(upload = %row.id, org = %row.org_id, storage = %st.storage.describe, "storage inconsistency: an upload's file is missing");
            let body = serde_json::json!({ "kind": "not_found", "error": "This file is missing from storage. Ask whoever uploaded it to upload it again." });
            return (StatusCode::NOT_FOUND, Json(body)).into_response();
        }
        Err(e) => return error_response(internal(format!("storage: {e}"))),
    };
    let kind = FileKind::from_mime(&row.content_type);
    let disposition = if kind.is_some_and(|k| k.is_image()) { "inline" } else { "attachment" };
    let body = Body::from_stream(file.into_stream());
    (
        [
            (header::CONTENT_TYPE, row.content_type.clone()),
            (header::CONTENT_LENGTH, row.size_bytes.to_string()),
            (header::CONTENT_DISPOSITION, format!("{disposition}; filename=\"{}\"", files::header_name(&row.file_name))),
            (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
            // The file is data, never a page: no scripts, no plugins.
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox".to_string()),
        ],
        body,
    )
        .into_response()
}
