//! `evidence verify`: every manifest entry against the file on disk, every problem in one run.

use camino::Utf8PathBuf;
use serde::Serialize;

use super::{confine, hash_file, Entry, Manifest, Repo};
use crate::Error;

/// How one recorded file compares with its entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum EntryCheck {
    /// Same digest.
    Ok,
    /// The content changed since it was recorded (edited or replaced).
    Modified {
        /// The digest now.
        sha256: String,
        /// The size now.
        size: u64,
    },
    /// The file is gone.
    Missing,
    /// The path cannot be trusted or read: it escapes the repository, is not a regular file, or
    /// cannot be read.
    Refused {
        /// Why.
        reason: String,
    },
}

impl EntryCheck {
    /// Whether the file is exactly what was recorded.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        *self == Self::Ok
    }
}

/// One entry and its check.
#[derive(Clone, Debug, Serialize)]
pub struct Verified {
    /// The entry.
    #[serde(flatten)]
    pub entry: Entry,
    /// How the file compares.
    pub check: EntryCheck,
}

/// Every entry, checked.
#[derive(Clone, Debug, Serialize)]
pub struct VerifyReport {
    /// The manifest, workspace-relative.
    pub manifest: Utf8PathBuf,
    /// Whether it exists.
    pub exists: bool,
    /// Entries by path.
    pub entries: Vec<Verified>,
}

impl VerifyReport {
    /// Whether every recorded file is intact.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.entries.iter().all(|v| v.check.is_ok())
    }

    /// The entries that are not intact.
    #[must_use]
    pub fn problems(&self) -> Vec<&Verified> {
        self.entries.iter().filter(|v| !v.check.is_ok()).collect()
    }
}

/// Checks every entry of the manifest.
///
/// # Errors
/// The manifest is invalid.
pub fn verify(repo: &Repo) -> Result<VerifyReport, Error> {
    let manifest = Manifest::load(repo)?;
    let mut entries: Vec<Verified> =
        manifest.entries.iter().map(|e| Verified { entry: e.clone(), check: check_entry(repo, e) }).collect();
    entries.sort_by(|a, b| a.entry.path.cmp(&b.entry.path));
    Ok(VerifyReport { manifest: manifest.file, exists: manifest.exists, entries })
}

/// Compares one recorded file with its entry.
#[must_use]
pub fn check_entry(repo: &Repo, entry: &Entry) -> EntryCheck {
    let confined = match confine(repo, entry.path.as_str()) {
        Ok(c) => c,
        Err(e) => return EntryCheck::Refused { reason: e.to_string() },
    };
    if !confined.exists {
        return EntryCheck::Missing;
    }
    match hash_file(&confined.abs) {
        Ok(d) if d.sha256 == entry.sha256 => EntryCheck::Ok,
        Ok(d) => EntryCheck::Modified { sha256: d.sha256, size: d.size },
        Err(reason) => EntryCheck::Refused { reason },
    }
}
