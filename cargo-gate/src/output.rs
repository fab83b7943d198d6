//! Writing what a command produces: to stdout, or atomically to `--output FILE`.

use std::io::{IsTerminal as _, Write as _};

use crate::cli::{ColorChoice, CommonArgs};
use crate::error::AppError;

/// Writes `text` to `--output` (atomically) or stdout. A closed stdout (`| head`) is not an error.
///
/// # Errors
/// The output file cannot be written.
pub fn emit(common: &CommonArgs, text: &str) -> Result<(), AppError> {
    match &common.output {
        Some(path) => Ok(gate_core::fsio::write_atomic(path, text.as_bytes())?),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(AppError::Write(gate_core::fsio::WriteError { path: "stdout".to_owned(), source: e }))
                }
                _ => Ok(()),
            }
        }
    }
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
