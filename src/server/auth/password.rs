//! argon2id password hashing with OWASP parameters, off the async threads.

use argon2::password_hash::{PasswordHash as PhcHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// A stored argon2id PHC string. Not `Serialize`; `Debug` prints `***`.
#[derive(Clone)]
pub struct PasswordHash(String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

impl PasswordHash {
    pub fn from_stored(s: String) -> Self {
        PasswordHash(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params"))
}

pub fn hash_blocking(password: &str) -> Result<PasswordHash, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(PasswordHash(argon2().hash_password(password.as_bytes(), &salt)?.to_string()))
}

pub fn verify_blocking(hash: &PasswordHash, password: &str) -> bool {
    match PhcHash::new(&hash.0) {
        Ok(parsed) => argon2().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: String) -> anyhow::Result<PasswordHash> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?.map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// Verifies; with `None` (unknown user) it still spends the same work so
/// that response time does not reveal which emails exist.
pub async fn verify(hash: Option<PasswordHash>, password: String) -> anyhow::Result<bool> {
    Ok(tokio::task::spawn_blocking(move || match hash {
        Some(h) => verify_blocking(&h, &password),
        None => {
            let _ = verify_blocking(dummy_hash(), &password);
            false
        }
    })
    .await?)
}

fn dummy_hash() -> &'static PasswordHash {
    static DUMMY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("dealflow-timing-equaliser").expect("hashing a constant"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_blocking("correct horse").unwrap();
        let b = hash_blocking("correct horse").unwrap();
        assert!(a.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_ne!(a.as_str(), b.as_str());
        assert!(verify_blocking(&a, "correct horse"));
        assert!(!verify_blocking(&a, "correct horsE"));
        assert!(!verify_blocking(&PasswordHash::from_stored("garbage".into()), "x"));
        assert_eq!(format!("{a:?}"), "PasswordHash(***)");
    }
}
