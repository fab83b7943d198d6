//! Ed25519 keys on disk: secret keys (PKCS#8 PEM, or the base64 seed test vectors use), public
//! keys (`ed25519:<base64>` as in `[[key]]`, SPKI PEM for other verifiers), signing and
//! verification, and the securesystemslib key id.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use camino::Utf8Path;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

/// DER prefix of an Ed25519 `SubjectPublicKeyInfo` (RFC 8410); the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
/// DER prefix of an Ed25519 PKCS#8 v1 private key (RFC 8410); the 32 seed bytes follow.
const PKCS8_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// Why a key or signature cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file holds no key cargo-gate understands.
    #[error("{path}: {reason}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// A fresh signing key from the operating system's random source.
///
/// # Errors
/// The OS has no randomness to give.
pub fn generate() -> Result<SigningKey, String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no randomness from the operating system: {e}"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// `ed25519:<base64>`, as written in a policy's `[[key]] public`.
#[must_use]
pub fn policy_public(key: &VerifyingKey) -> String {
    format!("ed25519:{}", BASE64.encode(key.as_bytes()))
}

/// The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
#[must_use]
pub fn spki_pem(key: &VerifyingKey) -> String {
    let mut der = SPKI_PREFIX.to_vec();
    der.extend_from_slice(key.as_bytes());
    pem("PUBLIC KEY", &der)
}

/// The secret key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
#[must_use]
pub fn pkcs8_pem(key: &SigningKey) -> String {
    let mut der = PKCS8_PREFIX.to_vec();
    der.extend_from_slice(key.as_bytes());
    pem("PRIVATE KEY", &der)
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = BASE64.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn pem_der(text: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body = text.split(&begin).nth(1)?.split(&end).next()?;
    BASE64.decode(body.split_whitespace().collect::<String>()).ok()
}

/// Reads a public key: SPKI PEM (`-----BEGIN PUBLIC KEY-----`, what `key new` writes as
/// `<id>.pub.pem` and OpenSSL writes), or the policy form `ed25519:<base64>`.
///
/// # Errors
/// Unreadable, or not an Ed25519 public key of these forms.
pub fn load_public(path: &Utf8Path) -> Result<VerifyingKey, KeyError> {
    let fail = |reason: &str| KeyError::Format { path: path.to_string(), reason: reason.to_owned() };
    let bytes = crate::fsio::read_regular(path, 64 << 10).map_err(|e| fail(&e.reason()))?;
    let text = String::from_utf8(bytes).map_err(|_| fail("not a text key file"))?;
    let raw = if text.contains("-----BEGIN") {
        let der = pem_der(&text, "PUBLIC KEY").ok_or_else(|| fail("expected an SPKI `PUBLIC KEY` PEM block"))?;
        der.strip_prefix(&SPKI_PREFIX[..])
            .map(<[u8]>::to_vec)
            .ok_or_else(|| fail("the PUBLIC KEY is not an Ed25519 key"))?
    } else {
        let encoded = text
            .trim()
            .strip_prefix("ed25519:")
            .ok_or_else(|| fail("expected a PEM public key or `ed25519:<base64>`"))?;
        BASE64.decode(encoded).map_err(|_| fail("`ed25519:` is not followed by base64"))?
    };
    let raw: [u8; 32] = raw
        .try_into()
        .map_err(|b: Vec<u8>| fail(&format!("an Ed25519 public key is 32 bytes, this one is {}", b.len())))?;
    VerifyingKey::from_bytes(&raw).map_err(|_| fail("not a valid Ed25519 public key"))
}

/// Reads a secret key: PKCS#8 PEM, or base64 of a 32-byte seed or a 64-byte seed+public pair.
///
/// # Errors
/// Unreadable, or not a key of these forms.
pub fn load_secret(path: &Utf8Path) -> Result<SigningKey, KeyError> {
    // A key file is small: anything larger (or a FIFO, a device) is not a key.
    let bytes = crate::fsio::read_regular(path, 64 << 10)
        .map_err(|e| KeyError::Format { path: path.to_string(), reason: e.reason() })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| KeyError::Format { path: path.to_string(), reason: "not a text key file".to_owned() })?;
    let fail = |reason: &str| KeyError::Format { path: path.to_string(), reason: reason.to_owned() };
    let bytes = if text.contains("-----BEGIN") {
        let der = pem_der(&text, "PRIVATE KEY").ok_or_else(|| fail("expected a PKCS#8 `PRIVATE KEY` PEM block"))?;
        der.strip_prefix(&PKCS8_PREFIX[..])
            .map(<[u8]>::to_vec)
            .ok_or_else(|| fail("the PRIVATE KEY is not an Ed25519 PKCS#8 key"))?
    } else {
        BASE64.decode(text.trim()).map_err(|_| fail("expected a PEM private key or a base64 Ed25519 seed"))?
    };
    match bytes.len() {
        32 | 64 => {
            let seed: [u8; 32] = bytes[..32].try_into().map_err(|_| fail("bad seed"))?;
            let key = SigningKey::from_bytes(&seed);
            if bytes.len() == 64 && key.verifying_key().as_bytes()[..] != bytes[32..] {
                return Err(fail("the public half does not belong to the seed"));
            }
            Ok(key)
        }
        n => Err(fail(&format!("an Ed25519 secret key is 32 bytes, this one is {n}"))),
    }
}

/// Signs `message`; the signature as standard padded base64.
#[must_use]
pub fn sign_b64(key: &SigningKey, message: &[u8]) -> String {
    BASE64.encode(key.sign(message).to_bytes())
}

/// Why a signature does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    /// Not standard padded base64.
    NotBase64,
    /// Not 64 bytes.
    WrongLength(usize),
    /// The public key is not a valid point.
    BadKey,
    /// The bytes do not verify.
    Mismatch,
}

impl std::fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotBase64 => f.write_str("the signature is not standard base64"),
            Self::WrongLength(n) => write!(f, "an Ed25519 signature is 64 bytes, this one is {n}"),
            Self::BadKey => f.write_str("the public key is not a valid Ed25519 point"),
            Self::Mismatch => f.write_str("the signature does not match the signed content"),
        }
    }
}

/// Verifies a base64 signature over `message` (strict verification: no malleable signatures).
///
/// # Errors
/// Why it does not verify.
pub fn verify_b64(public: &[u8; 32], message: &[u8], sig_b64: &str) -> Result<(), SignatureProblem> {
    let bytes = BASE64.decode(sig_b64.trim()).map_err(|_| SignatureProblem::NotBase64)?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|b: Vec<u8>| SignatureProblem::WrongLength(b.len()))?;
    let key = VerifyingKey::from_bytes(public).map_err(|_| SignatureProblem::BadKey)?;
    key.verify_strict(message, &Signature::from_bytes(&bytes)).map_err(|_| SignatureProblem::Mismatch)
}

/// The securesystemslib key id: lowercase hex SHA-256 of the canonical key JSON.
#[must_use]
pub fn keyid(key: &VerifyingKey) -> String {
    let hex = crate::text::hex(key.as_bytes());
    let canonical = format!("{{\"keytype\":\"ed25519\",\"keyval\":{{\"public\":\"{hex}\"}},\"scheme\":\"ed25519\"}}");
    crate::text::sha256_hex(canonical.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_round_trips() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let dir = tempfile::tempdir().unwrap();
        let secret = camino::Utf8PathBuf::from_path_buf(dir.path().join("k.key")).unwrap();
        std::fs::write(&secret, pkcs8_pem(&key)).unwrap();
        assert!(spki_pem(&key.verifying_key()).starts_with("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"));
        assert_eq!(load_secret(&secret).unwrap().as_bytes(), key.as_bytes());
        let public = camino::Utf8PathBuf::from_path_buf(dir.path().join("k.pub.pem")).unwrap();
        std::fs::write(&public, spki_pem(&key.verifying_key())).unwrap();
        assert_eq!(load_public(&public).unwrap(), key.verifying_key());
        std::fs::write(&public, policy_public(&key.verifying_key())).unwrap();
        assert_eq!(load_public(&public).unwrap(), key.verifying_key());
        std::fs::write(&public, pkcs8_pem(&key)).unwrap();
        assert!(load_public(&public).is_err(), "a secret key is not a public key");
        let sig = sign_b64(&key, b"m");
        assert_eq!(verify_b64(key.verifying_key().as_bytes(), b"m", &sig), Ok(()));
        assert_eq!(verify_b64(key.verifying_key().as_bytes(), b"n", &sig), Err(SignatureProblem::Mismatch));
    }
}
