//! Uploaded files: what a file is (from its first bytes, never from the
//! name or the browser's claim) and a name that is safe to show and send.

use serde::{Deserialize, Serialize};

/// The kinds of file the upload route keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Jpeg,
    Png,
    Webp,
    Gif,
    Heic,
    Pdf,
}

impl FileKind {
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
            FileKind::Gif => "image/gif",
            FileKind::Heic => "image/heic",
            FileKind::Pdf => "application/pdf",
        }
    }

    pub fn from_mime(mime: &str) -> Option<FileKind> {
        [FileKind::Jpeg, FileKind::Png, FileKind::Webp, FileKind::Gif, FileKind::Heic, FileKind::Pdf].into_iter().find(|k| k.mime() == mime)
    }

    pub fn is_image(self) -> bool {
        !matches!(self, FileKind::Pdf)
    }
}

/// Bytes needed to recognise every kind.
pub const SNIFF_LEN: usize = 16;

/// Recognises a file from its first bytes (at least [`SNIFF_LEN`] when the
/// file is that long).
pub fn sniff(head: &[u8]) -> Option<FileKind> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(FileKind::Webp)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(FileKind::Gif)
    } else if head.len() >= 12 && &head[4..8] == b"ftyp" && matches!(&head[8..12], b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc") {
        Some(FileKind::Heic)
    } else if head.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else {
        None
    }
}

/// What people are told the route accepts.
pub const ACCEPTED_DESCRIPTION: &str = "JPEG, PNG, WebP, GIF or HEIC photos, or PDF documents";

/// The file's own name without any folder, control characters or
/// surrounding spaces, at most 120 characters; "file" when nothing is left.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect::<String>().trim().chars().take(120).collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "file".to_string()
    } else {
        cleaned
    }
}

/// An ASCII rendering of a name for a `Content-Disposition` header.
pub fn header_name(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || " ._-()".contains(c) { c } else { '_' }).collect();
    if s.trim().is_empty() {
        "file".into()
    } else {
        s
    }
}

/// "1.4 MB", "820 KB", "12 bytes".
pub fn format_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{}.{} MB", bytes / (1024 * 1024), (bytes % (1024 * 1024)) * 10 / (1024 * 1024))
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else if bytes == 1 {
        "1 byte".into()
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_kinds_by_content() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileKind::Png));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(sniff(b"GIF89a\x01\0"), Some(FileKind::Gif));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(FileKind::Heic));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        // A script named photo.jpg, HTML and empty files are not accepted.
        assert_eq!(sniff(b"<script>alert(1)</script>"), None);
        assert_eq!(sniff(b"<!DOCTYPE html>"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"RIFF"), None);
    }

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\m\\IMG 0042.jpg"), "IMG 0042.jpg");
        assert_eq!(clean_name("a\u{0}b\r\n.png"), "ab.png");
        assert_eq!(clean_name("  "), "file");
        assert_eq!(clean_name(".."), "file");
        assert_eq!(clean_name(&"x".repeat(500)).len(), 120);
        assert_eq!(header_name("reçu \"final\".pdf"), "re_u _final_.pdf");
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(format_size(12), "12 bytes");
        assert_eq!(format_size(1500), "2 KB");
        assert_eq!(format_size(10 * 1024 * 1024), "10.0 MB");
        assert_eq!(format_size(1_468_006), "1.3 MB");
    }
}
