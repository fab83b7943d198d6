//! Atomic writes: a temporary file beside the target, synced, then renamed over it; secrets are
//! created private.

use std::io::Write as _;

use camino::{Utf8Path, Utf8PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The file.
    pub path: String,
    /// The I/O error.
    pub source: std::io::Error,
}

/// Writes a file so that readers see the old or the new content, never a half-written one:
/// a temporary file beside it, synced, then renamed over it.
///
/// # Errors
/// The directory is not writable, or the rename fails.
pub fn write_atomic(path: &Utf8Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_mode(path, bytes, 0o666)
}

/// [`write_atomic`] for a secret: the file is created readable by its owner only (on Unix), so
/// the secret is never readable by others, not even for a moment.
///
/// # Errors
/// The directory is not writable, or the rename fails.
pub fn write_secret(path: &Utf8Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_mode(path, bytes, 0o600)
}

fn write_atomic_mode(path: &Utf8Path, bytes: &[u8], mode: u32) -> Result<(), WriteError> {
    let fail = |source: std::io::Error| WriteError { path: path.to_string(), source };
    match std::fs::symlink_metadata(path) {
        // A link is followed: the file it names is replaced, the link stays.
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::canonicalize(path).map_err(fail)?;
            let target = Utf8PathBuf::from_path_buf(target)
                .map_err(|_| fail(std::io::Error::other("the link target is not a UTF-8 path")))?;
            return write_atomic_mode(&target, bytes, mode);
        }
        // A FIFO or a device (`/dev/stdout`) is written in place: replacing it would break it.
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(fail);
        }
        _ => {}
    }
    let dir = path.parent().filter(|p| !p.as_str().is_empty()).unwrap_or(Utf8Path::new("."));
    let name = path.file_name().ok_or_else(|| fail(std::io::Error::other("not a file name")))?;
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let result = options.open(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("out.json")).unwrap();
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn secrets_are_private_from_the_start() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("k.key")).unwrap();
        write_secret(&path, b"s").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_devices_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let root = camino::Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
        std::fs::write(root.join("real.json"), "old").unwrap();
        std::os::unix::fs::symlink(root.join("real.json"), root.join("link.json")).unwrap();
        write_atomic(&root.join("link.json"), b"new").unwrap();
        assert!(std::fs::symlink_metadata(root.join("link.json")).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(root.join("real.json")).unwrap(), b"new");
        write_atomic(Utf8Path::new("/dev/null"), b"discarded").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file(), "/dev/null is still a device");
    }

    #[test]
    fn an_unwritable_place_names_the_file() {
        let err = write_atomic(Utf8Path::new("/nonexistent-dir/x.json"), b"x").unwrap_err();
        assert!(err.to_string().starts_with("cannot write /nonexistent-dir/x.json"));
    }
}
