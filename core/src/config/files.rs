//! Reading the gate's own files from the workspace: directory listings and UTF-8 text.

use camino::{Utf8Path, Utf8PathBuf};

use super::ConfigError;
use crate::fsio::{read_inside, repo_root, GATE_FILE_LIMIT};
use crate::text::SourceFile;

/// The `*.toml` files directly in a workspace directory, in name order (none if it is missing).
///
/// # Errors
/// The directory exists but cannot be listed.
pub fn toml_files_in(root: &Utf8Path, dir_name: &Utf8Path) -> Result<Vec<Utf8PathBuf>, ConfigError> {
    let dir = root.join(dir_name);
    crate::fsio::inputs::saw(&dir);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| ConfigError::whole_file(dir_name, format!("cannot list the directory: {e}")))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ConfigError::whole_file(dir_name, format!("cannot list the directory: {e}")))?;
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            return Err(ConfigError::whole_file(dir_name, "a file name is not valid UTF-8"));
        };
        // Policy files are `*.toml` exactly, as cargo's own manifests are `Cargo.toml`.
        if Utf8Path::new(file_name).extension() == Some("toml") && !file_name.starts_with('.') {
            names.push(dir_name.join(file_name));
        }
    }
    names.sort();
    Ok(names)
}

/// Reads a gate file of the workspace as UTF-8 text: a regular file inside the repository, at
/// most [`GATE_FILE_LIMIT`] bytes.
///
/// # Errors
/// It cannot be read, is not a regular file inside the repository, is too large, or is not UTF-8.
pub fn read_source(root: &Utf8Path, name: &Utf8Path) -> Result<SourceFile, ConfigError> {
    let bytes = read_inside(&repo_root(root), &root.join(name), GATE_FILE_LIMIT)
        .map_err(|e| ConfigError::whole_file(name, e.reason()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ConfigError::whole_file(
            name,
            format!("the file is not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        )
    })?;
    Ok(SourceFile::new(name, text))
}
