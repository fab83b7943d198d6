//! Writing what a command produces: to stdout, or atomically to `--output FILE`.

use std::io::{IsTerminal as _, Write as _};

use camino::Utf8Path;

use crate::cli::{ColorChoice, CommonArgs};
use crate::error::AppError;

/// Writes `text` to `--output` (atomically) or stdout. A closed stdout (`| head`) is not an error.
///
/// # Errors
/// The output file cannot be written.
pub fn emit(common: &CommonArgs, text: &str) -> Result<(), AppError> {
    match &common.output {
        Some(path) => write_atomic(path, text.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(AppError::Output(format!("cannot write to stdout: {e}")))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Writes a file so that readers see the old or the new content, never a half-written one:
/// a temporary file beside it, synced, then renamed over it.
///
/// # Errors
/// The directory is not writable, or the rename fails.
pub fn write_atomic(path: &Utf8Path, bytes: &[u8]) -> Result<(), AppError> {
    write_atomic_mode(path, bytes, 0o666)
}

/// [`write_atomic`] for a secret: the file is created readable by its owner only (on Unix), so
/// the secret is never readable by others, not even for a moment.
///
/// # Errors
/// The directory is not writable, or the rename fails.
pub fn write_secret(path: &Utf8Path, bytes: &[u8]) -> Result<(), AppError> {
    write_atomic_mode(path, bytes, 0o600)
}

fn write_atomic_mode(path: &Utf8Path, bytes: &[u8], mode: u32) -> Result<(), AppError> {
    let fail = |e: std::io::Error| AppError::Output(format!("cannot write {path}: {e}"));
    let dir = path.parent().filter(|p| !p.as_str().is_empty()).unwrap_or(Utf8Path::new("."));
    let name = path.file_name().ok_or_else(|| AppError::Output(format!("cannot write {path}: not a file name")))?;
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

/// Whether to color human output.
#[must_use]
pub fn use_color(common: &CommonArgs) -> bool {
    match common.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            common.output.is_none() && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    }
}

/// Whether to color reports on stderr.
#[must_use]
pub fn use_color_stderr(common: &CommonArgs) -> bool {
    match common.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal(),
    }
}
