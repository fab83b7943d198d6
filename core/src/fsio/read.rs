//! Reading what the gate is given, failing closed: only a regular file (or a symlink to one) that
//! resolves inside the repository, never more than a cap, and never an open that could block on a
//! FIFO or a device. Everything is refused by name, quickly.

use std::io::Read as _;

use camino::{Utf8Path, Utf8PathBuf};

/// Gate files (policies, waivers, claims, profiles, manifests) over this size are refused.
pub const GATE_FILE_LIMIT: u64 = 1 << 20;
/// Rust sources over this size are refused.
pub const SOURCE_FILE_LIMIT: u64 = 8 << 20;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Nothing there.
    #[error("{path}: no such file")]
    Missing {
        /// The file as named.
        path: Utf8PathBuf,
    },
    /// A FIFO, a device, a socket or a directory.
    #[error("{path}: not a regular file ({kind}): refused")]
    NotRegular {
        /// The file as named.
        path: Utf8PathBuf,
        /// What it is instead.
        kind: &'static str,
    },
    /// It resolves (through `..` or a symlink) outside the repository.
    #[error("{path}: resolves outside the repository ({target}): refused")]
    Outside {
        /// The file as named.
        path: Utf8PathBuf,
        /// Where it leads.
        target: Utf8PathBuf,
    },
    /// Larger than the cap.
    #[error("{path}: {size} bytes, over the {limit}-byte limit for this kind of file: refused")]
    TooLarge {
        /// The file as named.
        path: Utf8PathBuf,
        /// Its size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// A symlink loop, a permission problem, an I/O error.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file as named.
        path: Utf8PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl ReadError {
    /// What is wrong, without the path (for messages that name the file elsewhere).
    #[must_use]
    pub fn reason(&self) -> String {
        match self {
            Self::Missing { .. } => "no such file".to_owned(),
            Self::NotRegular { kind, .. } => format!("not a regular file ({kind}): refused"),
            Self::Outside { target, .. } => format!("resolves outside the repository ({target}): refused"),
            Self::TooLarge { size, limit, .. } => {
                format!("{size} bytes, over the {limit}-byte limit for this kind of file: refused")
            }
            Self::Io { source, .. } => format!("cannot read the file: {source}"),
        }
    }
}

/// The repository a path belongs to: the nearest ancestor holding `.git` (the git top level), or
/// `start` itself when there is none.
#[must_use]
pub fn repo_root(start: &Utf8Path) -> Utf8PathBuf {
    let absolute = std::fs::canonicalize(start).ok().and_then(|p| Utf8PathBuf::from_path_buf(p).ok());
    let start = absolute.unwrap_or_else(|| start.to_owned());
    // Which `.git` is there decides the boundary: a run relies on each one it looked for.
    let has_git = |dir: &&Utf8Path| {
        super::inputs::saw_presence(dir.join(".git"));
        dir.join(".git").exists()
    };
    start.ancestors().find(has_git).map_or(start.clone(), Utf8Path::to_owned)
}

/// Reads `path` (absolute, or relative to the current directory), which must resolve inside
/// `boundary` (see [`repo_root`]) to a regular file of at most `limit` bytes.
///
/// # Errors
/// See [`ReadError`].
pub fn read_inside(boundary: &Utf8Path, path: &Utf8Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let resolved = resolve(path)?;
    let inside = std::fs::canonicalize(boundary)
        .ok()
        .and_then(|b| Utf8PathBuf::from_path_buf(b).ok())
        .is_some_and(|b| resolved.starts_with(&b));
    if !inside {
        return Err(ReadError::Outside { path: path.to_owned(), target: resolved });
    }
    read_regular(path, limit)
}

/// Reads a workspace file (`rel`, relative to `root`) as UTF-8 text through [`read_inside`], with
/// the repository of `root` as the boundary.
///
/// # Errors
/// See [`read_inside`]; invalid UTF-8 is an `Io` error of kind `InvalidData`.
pub fn read_text_inside(root: &Utf8Path, rel: &Utf8Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_inside(&repo_root(root), &root.join(rel), limit)?;
    String::from_utf8(bytes).map_err(|e| ReadError::Io {
        path: rel.to_owned(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        ),
    })
}

/// Reads a regular file of at most `limit` bytes, wherever it is: for the files a user names on
/// the command line (`--results`, a KEYFILE).
///
/// # Errors
/// See [`ReadError`].
pub fn read_regular(path: &Utf8Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let bytes = read_unrecorded(path, limit);
    if super::inputs::recording() {
        // After the read: a change during it is either seen in the stamp or makes it racy.
        super::inputs::saw(path);
    }
    bytes
}

/// [`read_regular`] for a file that is not an input of the run (a cache it rewrites): the open
/// recording of [`super::inputs`] does not note it.
///
/// # Errors
/// See [`ReadError`].
pub fn read_unrecorded(path: &Utf8Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let io = |source: std::io::Error| ReadError::Io { path: path.to_owned(), source };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing { path: path.to_owned() },
        _ => io(e),
    })?;
    check_kind(path, &meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge { path: path.to_owned(), size: meta.len(), limit });
    }
    let file = open_nonblocking(path).map_err(io)?;
    // The file may have been swapped between the check and the open: check what was opened.
    let opened = file.metadata().map_err(io)?;
    check_kind(path, &opened)?;
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len().min(limit)).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { path: path.to_owned(), size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// The path with every symlink resolved; a loop or a dangling link is an error naming it.
fn resolve(path: &Utf8Path) -> Result<Utf8PathBuf, ReadError> {
    match std::fs::canonicalize(path) {
        Ok(p) => Ok(Utf8PathBuf::from_path_buf(p).unwrap_or_else(|p| Utf8PathBuf::from(p.to_string_lossy().as_ref()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadError::Missing { path: path.to_owned() }),
        Err(source) => Err(ReadError::Io { path: path.to_owned(), source }),
    }
}

fn check_kind(path: &Utf8Path, meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(ReadError::NotRegular { path: path.to_owned(), kind: describe(meta.file_type()) })
}

fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Opens for reading without blocking on a FIFO that has no writer (the kind check that follows
/// refuses it anyway).
fn open_nonblocking(path: &Utf8Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(0o4000); // O_NONBLOCK
    }
    #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(0x0004); // O_NONBLOCK
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> (tempfile::TempDir, Utf8PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = Utf8PathBuf::from_path_buf(tmp.path().canonicalize().unwrap()).unwrap();
        (tmp, root)
    }

    #[test]
    fn regular_files_inside_are_read() {
        let (_tmp, root) = dir();
        std::fs::write(root.join("a.toml"), "x = 1").unwrap();
        assert_eq!(read_inside(&root, &root.join("a.toml"), GATE_FILE_LIMIT).unwrap(), b"x = 1");
    }

    #[test]
    fn oversized_files_are_refused_without_reading_them() {
        let (_tmp, root) = dir();
        let file = std::fs::File::create(root.join("big.toml")).unwrap();
        file.set_len(50 << 20).unwrap();
        let err = read_inside(&root, &root.join("big.toml"), GATE_FILE_LIMIT).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { size, .. } if size == 50 << 20), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_repository_devices_fifos_and_loops_are_refused() {
        let (_tmp, root) = dir();
        let (_other, outside) = dir();
        std::fs::write(outside.join("secret.toml"), "x = 1").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.toml"), root.join("link.toml")).unwrap();
        let err = read_inside(&root, &root.join("link.toml"), GATE_FILE_LIMIT).unwrap_err();
        assert!(matches!(err, ReadError::Outside { .. }), "{err}");
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.toml")).unwrap();
        let err = read_regular(&root.join("zero.toml"), GATE_FILE_LIMIT).unwrap_err();
        assert!(err.to_string().contains("not a regular file (a device)"), "{err}");
        std::os::unix::fs::symlink(root.join("loop-b"), root.join("loop-a")).unwrap();
        std::os::unix::fs::symlink(root.join("loop-a"), root.join("loop-b")).unwrap();
        let err = read_inside(&root, &root.join("loop-a"), GATE_FILE_LIMIT).unwrap_err();
        assert!(matches!(err, ReadError::Io { .. }), "{err}");
        let fifo = root.join("fifo.toml");
        let made = std::process::Command::new("mkfifo").arg(fifo.as_str()).status();
        if made.is_ok_and(|s| s.success()) {
            let err = read_inside(&root, &fifo, GATE_FILE_LIMIT).unwrap_err();
            assert!(err.to_string().contains("a FIFO"), "{err}");
        }
    }

    #[test]
    fn the_repository_is_the_nearest_git_top_level() {
        let (_tmp, root) = dir();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("ws/crates")).unwrap();
        assert_eq!(repo_root(&root.join("ws/crates")), root);
    }
}
