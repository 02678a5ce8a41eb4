//! Uploaded files as the browser sees them.

use serde::{Deserialize, Serialize};

/// What the upload route answers (and lists carry) for one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    /// Where the file can be read back (signed-in, same rules as the route).
    pub url: String,
}

/// The route a file-upload field posts to (multipart, one field `file`).
pub const UPLOAD_ROUTE: &str = "/uploads";

/// Where the contact import wizard sends its file (multipart, one field `file`).
pub const CONTACT_FILE_ROUTE: &str = "/uploads/contacts";

/// Largest file by default (the server's DEALFLOW_UPLOAD_MAX_MB can change it).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;

pub fn file_url(id: &str) -> String {
    format!("{UPLOAD_ROUTE}/{id}")
}
