//! Keeping every path the claims and evidence pipelines read inside the repository, and every
//! read bounded (PRODUCT.md §11): workspace-relative paths only, no `..`, no absolute path, no
//! symlink that resolves outside; regular files only, refused above a size cap.

use std::fmt;

use camino::{Utf8Component, Utf8Path, Utf8PathBuf};
use gate_core::config::ConfigError;
use gate_core::text::SourceFile;

use super::Repo;

/// The cap on a gate file (claims, the manifest): larger ones are refused, unread.
pub const MAX_GATE_FILE: u64 = gate_core::fsio::GATE_FILE_LIMIT;

/// Why a path is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Escape {
    /// Nothing was given.
    Empty,
    /// `/x` (or a Windows drive).
    Absolute,
    /// A `..` segment.
    Parent,
    /// A backslash: ambiguous between platforms.
    Backslash,
    /// A symlink (or a path through one) that resolves outside the repository.
    Outside(Utf8PathBuf),
}

impl fmt::Display for Escape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the path is empty"),
            Self::Absolute => f.write_str("the path is absolute: paths are relative to the workspace root"),
            Self::Parent => f.write_str("the path contains `..`: it may not leave the workspace"),
            Self::Backslash => f.write_str("the path contains `\\`: use `/` as the separator"),
            Self::Outside(target) => write!(f, "the path resolves to {target}, outside the repository"),
        }
    }
}

/// A path that stays inside the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confined {
    /// Workspace-relative and normalised (`./a//b` → `a/b`): how it is recorded and reported.
    pub rel: Utf8PathBuf,
    /// Absolute, with symlinks resolved when the path exists.
    pub abs: Utf8PathBuf,
    /// Whether anything exists there (a dangling symlink does not).
    pub exists: bool,
}

/// The lexical checks alone: a workspace-relative path without `..`, normalised.
///
/// # Errors
/// Empty, absolute, with `..` or a backslash.
pub fn normalize(given: &str) -> Result<Utf8PathBuf, Escape> {
    if given.contains('\\') {
        return Err(Escape::Backslash);
    }
    let mut out = Utf8PathBuf::new();
    for component in Utf8Path::new(given).components() {
        match component {
            Utf8Component::Normal(part) => out.push(part),
            Utf8Component::CurDir => {}
            Utf8Component::ParentDir => return Err(Escape::Parent),
            Utf8Component::RootDir | Utf8Component::Prefix(_) => return Err(Escape::Absolute),
        }
    }
    if out.as_str().is_empty() {
        return Err(Escape::Empty);
    }
    Ok(out)
}

/// Checks `given` (workspace-relative) and resolves it in `repo`.
///
/// # Errors
/// The path is not workspace-relative, or it resolves outside the repository.
pub fn confine(repo: &Repo, given: &str) -> Result<Confined, Escape> {
    let rel = normalize(given)?;
    let joined = repo.root.join(&rel);
    if std::fs::symlink_metadata(&joined).is_err() {
        return Ok(Confined { rel, abs: joined, exists: false });
    }
    let Some(resolved) = std::fs::canonicalize(&joined).ok().and_then(|p| Utf8PathBuf::from_path_buf(p).ok()) else {
        // A dangling symlink: there is nothing to read.
        return Ok(Confined { rel, abs: joined, exists: false });
    };
    if !resolved.starts_with(&repo.top) {
        return Err(Escape::Outside(resolved));
    }
    Ok(Confined { rel, abs: resolved, exists: true })
}

/// Reads a workspace file the gate trusts as input (a claim file, the manifest, a Markdown
/// document): confined, a regular file, at most `limit` bytes, UTF-8.
///
/// # Errors
/// Each of those conditions, naming the file.
pub fn read_text(repo: &Repo, rel: &Utf8Path, limit: u64) -> Result<SourceFile, ConfigError> {
    let fail = |message: String| ConfigError::whole_file(rel, message);
    let confined = confine(repo, rel.as_str()).map_err(|e| fail(format!("refused: {e}")))?;
    if !confined.exists {
        return Err(fail("the file does not exist".to_owned()));
    }
    let bytes = gate_core::fsio::read_regular(&confined.abs, limit).map_err(|e| fail(e.reason()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!("the file is not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    Ok(SourceFile::new(confined.rel, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_escapes_are_refused() {
        assert_eq!(normalize("./evidence//bench/x.json").unwrap(), "evidence/bench/x.json");
        assert_eq!(normalize("../x"), Err(Escape::Parent));
        assert_eq!(normalize("evidence/../../x"), Err(Escape::Parent));
        assert_eq!(normalize("/etc/passwd"), Err(Escape::Absolute));
        assert_eq!(normalize("a\\b"), Err(Escape::Backslash));
        assert_eq!(normalize("."), Err(Escape::Empty));
        assert_eq!(normalize(""), Err(Escape::Empty));
    }
}
