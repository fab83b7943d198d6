//! Digests of evidence files: streamed, so a large artifact is hashed in constant memory, and
//! bounded reads for the evidence whose content is judged.

use std::io::Read as _;

use camino::Utf8Path;
use sha2::Digest as _;

/// A file's sha256 and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDigest {
    /// Lowercase hex SHA-256.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
}

impl FileDigest {
    /// The digest of bytes already read.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        Self { sha256: gate_core::text::sha256_hex(bytes), size: bytes.len() as u64 }
    }
}

/// Hashes a regular file (symlinks followed) in constant memory.
///
/// # Errors
/// Not a regular file, or unreadable: the reason, without the path.
pub fn hash_file(path: &Utf8Path) -> Result<FileDigest, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| format!("cannot read the file: {e}"))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(FileDigest { sha256: gate_core::text::hex(&hasher.finalize()), size })
}

/// Reads a regular file (symlinks followed) of at most `limit` bytes.
///
/// # Errors
/// Not a regular file, too large, or unreadable: the reason, without the path.
pub fn read_bounded(path: &Utf8Path, limit: u64) -> Result<Vec<u8>, String> {
    gate_core::fsio::read_regular(path, limit).map_err(|e| e.reason())
}
