//! Authenticated caches (PRODUCT.md §11): a cache entry is trusted only when it carries a MAC made
//! with a key that lives outside the workspace, in the user's cache directory (mode 0600). A
//! `target/` restored from a shared CI cache, or edited by hand, fails the check and is rebuilt.

use camino::{Utf8Path, Utf8PathBuf};
use hmac::{KeyInit as _, Mac as _};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Bytes of the MAC appended to a sealed cache.
const MAC_LEN: usize = 32;

/// The per-user key that authenticates caches.
pub struct CacheKey([u8; 32]);

impl CacheKey {
    /// The key in `$CARGO_GATE_CACHE_DIR`, `$XDG_CACHE_HOME/cargo-gate` or `~/.cache/cargo-gate`,
    /// created on first use. `None` when there is nowhere private to keep it: caches are then
    /// neither read nor written.
    #[must_use]
    pub fn load_or_create() -> Option<Self> {
        Self::in_dir(&user_cache_dir()?)
    }

    /// The key kept in `dir` (created there if missing).
    #[must_use]
    pub fn in_dir(dir: &Utf8Path) -> Option<Self> {
        let path = dir.join("cache-mac.key");
        if let Ok(bytes) = crate::fsio::read_unrecorded(&path, 64) {
            return Self::private(&path).then(|| bytes.try_into().ok().map(Self)).flatten();
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).ok()?;
        std::fs::create_dir_all(dir).ok()?;
        crate::fsio::write_secret(&path, &key).ok()?;
        Some(Self(key))
    }

    /// A key file others can read or write may have been swapped: not trusted.
    fn private(path: &Utf8Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            // No permission bit for the group or others.
            std::fs::metadata(path).is_ok_and(|m| m.permissions().mode().trailing_zeros() >= 6)
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            true
        }
    }

    /// `value` encoded (postcard) and sealed, in one buffer sized once: caches run to tens of
    /// megabytes, and a growing buffer would hold them twice over.
    #[must_use]
    pub fn seal_value(&self, value: &impl serde::Serialize) -> Option<Vec<u8>> {
        let size = postcard::serialize_with_flavor(value, postcard::ser_flavors::Size::default()).ok()?;
        let bytes = postcard::to_extend(value, Vec::with_capacity(size + MAC_LEN)).ok()?;
        Some(self.seal(bytes))
    }

    /// The value in a sealed cache whose MAC verifies; `None` for anything else.
    #[must_use]
    pub fn open_value<T: serde::de::DeserializeOwned>(&self, sealed: &[u8]) -> Option<T> {
        postcard::from_bytes(self.open(sealed)?).ok()
    }

    /// `bytes` followed by their MAC.
    #[must_use]
    pub fn seal(&self, mut bytes: Vec<u8>) -> Vec<u8> {
        let mac = self.mac(&bytes);
        bytes.extend_from_slice(&mac);
        bytes
    }

    /// The content of a sealed cache whose MAC verifies; `None` for anything else.
    #[must_use]
    pub fn open<'a>(&self, sealed: &'a [u8]) -> Option<&'a [u8]> {
        let split = sealed.len().checked_sub(MAC_LEN)?;
        let (content, mac) = sealed.split_at(split);
        let mut check = HmacSha256::new_from_slice(&self.0).ok()?;
        check.update(content);
        check.verify_slice(mac).ok().map(|()| content)
    }

    fn mac(&self, bytes: &[u8]) -> [u8; MAC_LEN] {
        let mut out = [0u8; MAC_LEN];
        if let Ok(mut mac) = HmacSha256::new_from_slice(&self.0) {
            mac.update(bytes);
            out.copy_from_slice(&mac.finalize().into_bytes());
        }
        out
    }
}

fn user_cache_dir() -> Option<Utf8PathBuf> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty()).map(Utf8PathBuf::from);
    var("CARGO_GATE_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("cargo-gate")))
        .or_else(|| var("HOME").map(|d| d.join(".cache/cargo-gate")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_caches_open_only_with_their_key_and_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let dir = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
        let key = CacheKey::in_dir(&dir).unwrap();
        let sealed = key.seal(b"facts".to_vec());
        assert_eq!(key.open(&sealed), Some(&b"facts"[..]));
        let mut edited = sealed.clone();
        edited[0] ^= 1;
        assert_eq!(key.open(&edited), None, "an edited cache is not trusted");
        assert_eq!(key.open(b"short"), None);
        let again = CacheKey::in_dir(&dir).unwrap();
        assert_eq!(again.open(&sealed), Some(&b"facts"[..]), "the key persists");
        let other = tempfile::tempdir().unwrap();
        let other = CacheKey::in_dir(&Utf8PathBuf::from_path_buf(other.path().to_path_buf()).unwrap()).unwrap();
        assert_eq!(other.open(&sealed), None, "a foreign cache is not trusted");
    }
}
