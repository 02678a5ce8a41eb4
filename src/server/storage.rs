//! Where uploaded files live, behind the `object_store` crate: the local
//! data folder by default (`<data dir>/uploads/<org>/<id>`), an
//! S3-compatible bucket when `DEALFLOW_STORAGE_URL` names one — so any
//! number of servers read the same files.

use super::auth::Ctx;
use super::config::Config;
use super::db::{new_id, now_ms, Db};
use super::op::internal;
use crate::dto::error::AppError;
use crate::dto::uploads::{file_url, UploadedFile};
use anyhow::Context;
use object_store::path::Path;
use object_store::{GetResult, ObjectStore, PutPayload};
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Where inside the store uploads go.
    prefix: Path,
    /// "local folder data/uploads", "s3://bucket": for the start-up log.
    pub describe: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe)
    }
}

impl Storage {
    pub fn from_config(config: &Config) -> anyhow::Result<Storage> {
        match &config.storage.url {
            None => {
                std::fs::create_dir_all(&config.data_dir).with_context(|| format!("cannot create {}", config.data_dir.display()))?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(&config.data_dir)
                    .with_context(|| format!("cannot use {} for uploaded files", config.data_dir.display()))?;
                let describe = format!("local folder {}", config.data_dir.join("uploads").display());
                Ok(Storage { store: Arc::new(store), prefix: Path::from("uploads"), describe })
            }
            Some(url) => {
                let parsed = url.parse::<url::Url>().with_context(|| format!("DEALFLOW_STORAGE_URL={url:?} is not a URL"))?;
                let (store, prefix) = object_store::parse_url_opts(&parsed, config.storage.options.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .with_context(|| format!("DEALFLOW_STORAGE_URL={url:?} cannot be used"))?;
                Ok(Storage { store: Arc::from(store), prefix: prefix.child("uploads"), describe: url.clone() })
            }
        }
    }

    fn path(&self, org_id: &str, id: &str) -> Path {
        self.prefix.child(org_id).child(id)
    }

    /// Stores a file's bytes (all or nothing).
    pub async fn put(&self, org_id: &str, id: &str, bytes: Vec<u8>) -> object_store::Result<()> {
        self.store.put(&self.path(org_id, id), PutPayload::from(bytes)).await.map(|_| ())
    }

    /// A stored file, or `None` when storage has no such file.
    pub async fn get(&self, org_id: &str, id: &str) -> object_store::Result<Option<GetResult>> {
        match self.store.get(&self.path(org_id, id)).await {
            Ok(r) => Ok(Some(r)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes a stored file (nothing when it is not there).
    pub async fn delete(&self, org_id: &str, id: &str) -> object_store::Result<()> {
        match self.store.delete(&self.path(org_id, id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

pub const UPLOADED: &str = "file.uploaded";

impl Storage {
    /// Stores a file and records it as an upload of the person (audited), so
    /// that it is read back through `GET /uploads/{id}` by those who may; a
    /// file that could not be recorded is not kept either.
    pub async fn keep(&self, db: &Db, ctx: &Ctx, name: &str, mime: &str, bytes: Vec<u8>) -> Result<UploadedFile, AppError> {
        let sha = super::crypto::hex(&Sha256::digest(&bytes));
        let (id, size) = (new_id(), bytes.len() as u64);
        self.put(&ctx.org.id, &id, bytes).await.map_err(internal)?;
        if let Err(e) = record(db, ctx, &id, name, mime, size, &sha).await {
            if let Err(d) = self.delete(&ctx.org.id, &id).await {
                tracing::warn!(upload = %id, error = %d, "an unrecorded upload could not be removed from storage");
            }
            return Err(internal(e));
        }
        Ok(UploadedFile { url: file_url(&id), id, file_name: name.to_string(), content_type: mime.to_string(), size_bytes: size })
    }
}

/// Records a stored file as an upload of the person (audited).
async fn record(db: &Db, ctx: &Ctx, id: &str, name: &str, mime: &str, size: u64, sha: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO uploads (id, org_id, uploaded_by, file_name, content_type, size_bytes, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(name)
    .bind(mime)
    .bind(size as i64)
    .bind(sha)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let detail = format!("{name} ({})", crate::domain::files::format_size(size));
    super::audit::record(&mut *tx, super::audit::Entry { target: Some(id), detail: Some(&detail), ..ctx.audit_entry(UPLOADED) }).await?;
    tx.commit().await
}
