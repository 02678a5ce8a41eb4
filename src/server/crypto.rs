//! Secrets at rest: XChaCha20-Poly1305 with the key from configuration
//! (`DEALFLOW_ENCRYPTION_KEY`). A sealed value is `v1:` + hex(nonce ‖
//! ciphertext); the associated data binds it to what it belongs to (a
//! ciphertext copied onto another person's row does not open).

use super::config::EncryptionKey;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the stored secret is not in a format this version understands")]
    Format,
    #[error("the stored secret does not open with this key (wrong key, or tampered)")]
    Open,
}

const PREFIX: &str = "v1:";

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes from the operating system, as 64 hex characters: the
/// secret part of a webhook secret or of a one-time link.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex(&b)
}

/// What is stored of a one-time link's token: its SHA-256, in hex (the
/// token has 256 random bits, so no salt or slow hash is needed).
pub fn token_digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(token.trim().as_bytes()))
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

pub fn seal(key: &EncryptionKey, plaintext: &str, aad: &str) -> String {
    let cipher = XChaCha20Poly1305::new((&key.0).into());
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext.as_bytes(), aad: aad.as_bytes() })
        .expect("XChaCha20-Poly1305 encryption does not fail for in-memory buffers");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ct);
    format!("{PREFIX}{}", hex(&out))
}

pub fn open(key: &EncryptionKey, sealed: &str, aad: &str) -> Result<String, CryptoError> {
    let raw = sealed.strip_prefix(PREFIX).and_then(unhex).ok_or(CryptoError::Format)?;
    if raw.len() < 24 + 16 {
        return Err(CryptoError::Format);
    }
    let cipher = XChaCha20Poly1305::new((&key.0).into());
    let pt = cipher.decrypt(XNonce::from_slice(&raw[..24]), Payload { msg: &raw[24..], aad: aad.as_bytes() }).map_err(|_| CryptoError::Open)?;
    String::from_utf8(pt).map_err(|_| CryptoError::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper_evidence() {
        let key = EncryptionKey([9u8; 32]);
        let sealed = seal(&key, "DE89370400440532013000", "payout:u1");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("370400"), "no plaintext in the sealed form");
        assert_eq!(open(&key, &sealed, "payout:u1").unwrap(), "DE89370400440532013000");
        // same plaintext, different nonce
        assert_ne!(seal(&key, "x", "a"), seal(&key, "x", "a"));
        assert_eq!(open(&key, &sealed, "payout:u2"), Err(CryptoError::Open), "bound to its owner");
        assert_eq!(open(&EncryptionKey([8u8; 32]), &sealed, "payout:u1"), Err(CryptoError::Open));
        let mut bad = sealed.clone();
        bad.replace_range(sealed.len() - 2.., "00");
        assert_eq!(open(&key, &bad, "payout:u1"), Err(CryptoError::Open));
        assert_eq!(open(&key, "plain", "payout:u1"), Err(CryptoError::Format));
        assert_eq!(open(&key, "v1:zz", "payout:u1"), Err(CryptoError::Format));
    }
}
