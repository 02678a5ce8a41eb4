//! Rows both audiences read: a submission's shared columns, its photos and
//! the desk's feedback on it.

use crate::domain::dealer::*;
use crate::domain::money::{Currency, Money};
use crate::dto::dealer::FeedbackItem;
use crate::dto::error::AppError;
use crate::dto::uploads::{file_url, UploadedFile};
use crate::server::db::{placeholders, Db};
use std::collections::HashMap;

/// The columns both audiences read of a submission `s` (each adds its own).
#[derive(sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: String,
    pub status: SubmissionStatus,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub asking_minor: Option<i64>,
    pub currency: String,
    pub notes: String,
    pub source_type: SourceType,
    pub source_group: String,
    pub rejection_reason: String,
    pub created_at: i64,
}

impl SubmissionRow {
    pub const COLUMNS: &'static str =
        "s.id, s.status, s.brand, s.model, s.reference, s.asking_minor, s.currency, s.notes, s.source_type, s.source_group, s.rejection_reason, s.created_at";

    pub fn asking(&self) -> Result<Option<Money>, AppError> {
        let currency = Currency::new(&self.currency).map_err(crate::server::op::internal)?;
        Ok(self.asking_minor.map(|m| Money::from_minor_units(m, currency)))
    }

    /// The WhatsApp group it came from, or "Direct" for the form.
    pub fn group_label(&self) -> String {
        if self.source_group.trim().is_empty() {
            "Direct".to_string()
        } else {
            self.source_group.clone()
        }
    }
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    submission_id: String,
    id: String,
    file_name: String,
    content_type: String,
    size_bytes: i64,
}

/// Photos per submission, in upload order.
pub async fn photos_of(db: &Db, submission_ids: &[String]) -> Result<HashMap<String, Vec<UploadedFile>>, AppError> {
    let mut out: HashMap<String, Vec<UploadedFile>> = HashMap::new();
    for chunk in submission_ids.chunks(500) {
        let sql = format!(
            "SELECT p.submission_id, u.id, u.file_name, u.content_type, u.size_bytes FROM submission_photos p JOIN uploads u ON u.id = p.upload_id \
             WHERE p.submission_id IN ({}) ORDER BY p.created_at, u.id",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, PhotoRow>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for r in q.fetch_all(&db.pool).await? {
            let file = UploadedFile { url: file_url(&r.id), id: r.id, file_name: r.file_name, content_type: r.content_type, size_bytes: r.size_bytes as u64 };
            out.entry(r.submission_id).or_default().push(file);
        }
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    submission_id: String,
    body: String,
    display_name: String,
    created_at: i64,
}

/// Feedback per submission; `names`: show colleagues' names (desk) or
/// "Dealer team" (broker).
pub async fn feedback_of(db: &Db, submission_ids: &[String], names: bool) -> Result<HashMap<String, Vec<FeedbackItem>>, AppError> {
    let mut out: HashMap<String, Vec<FeedbackItem>> = HashMap::new();
    for chunk in submission_ids.chunks(500) {
        let sql = format!(
            "SELECT f.submission_id, f.body, u.display_name, f.created_at FROM submission_feedback f JOIN users u ON u.id = f.author_id \
             WHERE f.submission_id IN ({}) ORDER BY f.created_at",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, FeedbackRow>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for r in q.fetch_all(&db.pool).await? {
            let author = if names { r.display_name } else { "Dealer team".to_string() };
            out.entry(r.submission_id).or_default().push(FeedbackItem { body: r.body, author, at: r.created_at });
        }
    }
    Ok(out)
}
