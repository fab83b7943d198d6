//! Reading the files profiles, capabilities and results come from, through the foundation's
//! bounded reads (PRODUCT.md §11): only a regular file (or a symlink to one), never over its size
//! limit (told from its metadata before a byte is read), and for the workspace's own gate files,
//! only one that resolves inside the repository. Each file keeps its digest for the report.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::ConfigError;
use gate_core::fsio::{read_inside, read_regular, repo_root, ReadError};
use gate_core::text::sha256_hex;

pub use gate_core::fsio::GATE_FILE_LIMIT;
/// Result files (JUnit, libtest JSON, case reports): 16 MiB.
pub const RESULT_FILE_LIMIT: u64 = 16 << 20;

/// A file read whole, with its digest.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// The name it is reported under.
    pub name: Utf8PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
}

impl InputFile {
    /// The bytes as UTF-8 text (a UTF-8 byte order mark is skipped).
    ///
    /// # Errors
    /// The file is not valid UTF-8.
    pub fn text(&self) -> Result<&str, ConfigError> {
        let bytes = self.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.bytes);
        std::str::from_utf8(bytes).map_err(|e| {
            ConfigError::whole_file(
                &self.name,
                format!("the file is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
            )
        })
    }
}

/// Reads `path` (reported as `name`), a file the user named: a regular file of at most `limit`
/// bytes, wherever it is.
///
/// # Errors
/// Missing, not a regular file, over the limit, or unreadable: a message naming the file.
pub fn read_bounded(path: &Utf8Path, name: &Utf8Path, limit: u64) -> Result<InputFile, ConfigError> {
    let bytes = read_regular(path, limit).map_err(|e| refused(name, &e))?;
    Ok(InputFile { name: name.to_owned(), sha256: sha256_hex(&bytes), bytes })
}

/// Reads the workspace file `rel` (under `root`), refusing one that resolves outside the
/// repository.
///
/// # Errors
/// As [`read_bounded`], or the path (through a symlink) leaves the repository.
pub fn read_in_workspace(root: &Utf8Path, rel: &Utf8Path, limit: u64) -> Result<InputFile, ConfigError> {
    let bytes = read_inside(&repo_root(root), &root.join(rel), limit).map_err(|e| refused(rel, &e))?;
    Ok(InputFile { name: rel.to_owned(), sha256: sha256_hex(&bytes), bytes })
}

fn refused(name: &Utf8Path, error: &ReadError) -> ConfigError {
    ConfigError::whole_file(name, error.reason())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_file_over_the_limit_is_refused_by_name_from_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = Utf8PathBuf::from_path_buf(dir.path().join("big.xml")).unwrap();
        std::fs::File::create(&path).unwrap().set_len(50 << 20).unwrap();
        let started = std::time::Instant::now();
        let err = read_bounded(&path, Utf8Path::new("big.xml"), RESULT_FILE_LIMIT).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(err.file, "big.xml");
        assert!(err.message.contains("52428800 bytes, over the 16777216-byte limit"), "{}", err.message);
    }

    #[test]
    fn text_skips_a_byte_order_mark_and_rejects_bad_utf8() {
        let file = InputFile { name: "a".into(), bytes: b"\xEF\xBB\xBF<a/>".to_vec(), sha256: String::new() };
        assert_eq!(file.text().unwrap(), "<a/>");
        let bad = InputFile { name: "a".into(), bytes: b"<a>\xff</a>".to_vec(), sha256: String::new() };
        assert!(bad.text().unwrap_err().message.contains("offset 3"));
    }
}
