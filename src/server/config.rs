//! Configuration from environment variables (documented in README.md).
//! Every problem is reported at start-up with the variable's name.

use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub mode: Mode,
    pub database_url: String,
    pub addr: SocketAddr,
    /// Folder with the built site (`pkg/`, assets).
    pub site_root: String,
    /// Load demo data into an empty database at start-up.
    pub demo: bool,
    /// Set `Secure` on the session cookie (the public URL is https).
    pub secure_cookies: bool,
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    /// 32-byte key for secrets at rest (AEAD). Never defaulted in production.
    pub encryption_key: EncryptionKey,
    pub log_json: bool,
    /// Where uploaded files live.
    pub data_dir: PathBuf,
    /// Largest file the upload route accepts (DEALFLOW_UPLOAD_MAX_MB, default 10).
    pub upload_max_bytes: u64,
    /// Base of the links in emails (DEALFLOW_PUBLIC_URL, default http://ADDR).
    pub public_url: String,
    /// Outgoing email; `None` keeps notifications in-app only.
    pub smtp: Option<SmtpConfig>,
    /// Where uploaded files are stored.
    pub storage: StorageConfig,
}

/// DEALFLOW_STORAGE_URL: unset keeps files in `<data dir>/uploads`; an
/// `s3://bucket[/prefix]` URL stores them in that bucket (any S3-compatible
/// server), with the `AWS_*` variables (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT` for a non-AWS
/// server, `AWS_ALLOW_HTTP=true` for a plain-http one) as its options.
#[derive(Clone, Default)]
pub struct StorageConfig {
    pub url: Option<String>,
    /// object_store options, e.g. `("aws_endpoint", "http://127.0.0.1:9000")`.
    pub options: Vec<(String, String)>,
}

impl std::fmt::Debug for StorageConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.options.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("StorageConfig").field("url", &self.url).field("options", &keys).finish()
    }
}

/// DEALFLOW_SMTP_URL (`smtp://user:pass@host:587?tls=required`, `smtps://…`)
/// and DEALFLOW_SMTP_FROM (`Dealflow <no-reply@example.com>`).
#[derive(Clone)]
pub struct SmtpConfig {
    pub url: String,
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig").field("url", &redact_url(&self.url)).field("from", &self.from).finish()
    }
}

/// Key material; `Debug` never prints it and it is not `Serialize`.
#[derive(Clone)]
pub struct EncryptionKey(pub [u8; 32]);

impl std::fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EncryptionKey(***)")
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("mode", &self.mode)
            .field("database", &redact_url(&self.database_url))
            .field("addr", &self.addr)
            .field("demo", &self.demo)
            .field("secure_cookies", &self.secure_cookies)
            .field("smtp", &self.smtp)
            .field("storage", &self.storage)
            .finish_non_exhaustive()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn flag(name: &str, default: bool) -> Result<bool> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => bail!("{name}={other:?} is not a yes/no value (use true or false)"),
    }
}

fn number(name: &str, default: i64, min: i64, max: i64) -> Result<i64> {
    match var(name) {
        None => Ok(default),
        Some(v) => {
            let n: i64 = v.parse().with_context(|| format!("{name}={v:?} is not a whole number"))?;
            if !(min..=max).contains(&n) {
                bail!("{name}={n} is out of range ({min}..={max})");
            }
            Ok(n)
        }
    }
}

fn decode_hex_key(name: &str, hex: &str) -> Result<[u8; 32]> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        bail!("{name} must be 64 hexadecimal characters (32 bytes); generate one with `openssl rand -hex 32`");
    }
    let mut out = [0u8; 32];
    for (i, chunk) in hex.as_bytes().chunks(2).enumerate() {
        let s = std::str::from_utf8(chunk).expect("ascii hex");
        out[i] = u8::from_str_radix(s, 16).expect("checked hex");
    }
    Ok(out)
}

impl Config {
    pub fn from_env() -> Result<Config> {
        let mode = match var("DEALFLOW_ENV").as_deref() {
            None | Some("development" | "dev") => Mode::Development,
            Some("production" | "prod") => Mode::Production,
            Some(other) => bail!("DEALFLOW_ENV={other:?}: use development or production"),
        };
        let data_dir = PathBuf::from(var("DEALFLOW_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}/dealflow.db", data_dir.display()));
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            bail!("DATABASE_URL must start with sqlite: or postgres:// (got {})", redact_url(&database_url));
        }
        let addr_text = var("DEALFLOW_ADDR").or_else(|| var("LEPTOS_SITE_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.parse().with_context(|| format!("DEALFLOW_ADDR={addr_text:?} is not host:port"))?;
        let public_url = var("DEALFLOW_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("DEALFLOW_PUBLIC_URL must start with http:// or https://");
        }
        let encryption_key = match var("DEALFLOW_ENCRYPTION_KEY") {
            Some(hex) => EncryptionKey(decode_hex_key("DEALFLOW_ENCRYPTION_KEY", &hex)?),
            None if mode == Mode::Production => {
                bail!("DEALFLOW_ENCRYPTION_KEY is required when DEALFLOW_ENV=production (64 hex characters; `openssl rand -hex 32`)")
            }
            None => {
                // Development only: a fixed, well-known key so demo data survives restarts.
                // It is announced in the log at start-up and refused in production.
                EncryptionKey(*b"dealflow-development-only-key!!!")
            }
        };
        let smtp = match (var("DEALFLOW_SMTP_URL"), var("DEALFLOW_SMTP_FROM")) {
            (None, _) => None,
            (Some(url), _) if !(url.starts_with("smtp://") || url.starts_with("smtps://")) => {
                bail!("DEALFLOW_SMTP_URL must start with smtp:// or smtps:// (got {})", redact_url(&url))
            }
            (Some(_), None) => bail!("DEALFLOW_SMTP_FROM is required with DEALFLOW_SMTP_URL (e.g. \"Dealflow <no-reply@example.com>\")"),
            (Some(url), Some(from)) => {
                if let Err(e) = from.parse::<lettre::message::Mailbox>() {
                    bail!("DEALFLOW_SMTP_FROM={from:?} is not an email address ({e}); e.g. \"Dealflow <no-reply@example.com>\"")
                }
                if let Err(e) = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url) {
                    bail!("DEALFLOW_SMTP_URL ({}) is not usable: {e}", redact_url(&url))
                }
                Some(SmtpConfig { url, from })
            }
        };
        let storage = match var("DEALFLOW_STORAGE_URL") {
            None => StorageConfig::default(),
            Some(url) if url.starts_with("s3://") => {
                let options = std::env::vars().filter(|(k, _)| k.starts_with("AWS_")).map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
                StorageConfig { url: Some(url), options }
            }
            Some(url) => bail!("DEALFLOW_STORAGE_URL={url:?}: use s3://BUCKET (or leave it unset for the local folder)"),
        };
        Ok(Config {
            mode,
            database_url,
            addr,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            demo: flag("DEALFLOW_DEMO", mode == Mode::Development)?,
            secure_cookies: public_url.starts_with("https://"),
            trust_proxy: flag("DEALFLOW_TRUST_PROXY", false)?,
            session_idle_minutes: number("DEALFLOW_SESSION_IDLE_MINUTES", 12 * 60, 5, 60 * 24 * 30)?,
            session_absolute_hours: number("DEALFLOW_SESSION_ABSOLUTE_HOURS", 7 * 24, 1, 24 * 90)?,
            encryption_key,
            log_json: matches!(var("DEALFLOW_LOG_FORMAT").as_deref(), Some("json")),
            data_dir,
            upload_max_bytes: number("DEALFLOW_UPLOAD_MAX_MB", 10, 1, 200)? as u64 * 1024 * 1024,
            public_url: public_url.trim_end_matches('/').to_string(),
            smtp,
            storage,
        })
    }

    /// A configuration for tests: given database, random port, demo off.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            mode: Mode::Development,
            database_url: database_url.to_string(),
            addr: "127.0.0.1:0".parse().expect("literal addr"),
            site_root: "target/site".into(),
            demo: false,
            secure_cookies: false,
            trust_proxy: false,
            session_idle_minutes: 60,
            session_absolute_hours: 24,
            encryption_key: EncryptionKey([7u8; 32]),
            log_json: false,
            // Each test server stores its uploads apart.
            data_dir: std::env::temp_dir().join(format!("dealflow-test-{}", uuid::Uuid::new_v4().simple())),
            upload_max_bytes: 1024 * 1024,
            public_url: "http://127.0.0.1".into(),
            smtp: None,
            storage: StorageConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(redact_url("postgres://df:s3cret@127.0.0.1:5432/df"), "postgres://df:***@127.0.0.1:5432/df");
        assert_eq!(redact_url("sqlite://data/dealflow.db"), "sqlite://data/dealflow.db");
    }

    #[test]
    fn key_must_be_64_hex_chars() {
        assert!(decode_hex_key("K", "abc").is_err());
        assert_eq!(decode_hex_key("K", &"0f".repeat(32)).unwrap(), [0x0f; 32]);
    }
}
