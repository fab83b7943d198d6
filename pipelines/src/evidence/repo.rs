//! The workspace as claims and evidence see it: its root, where its gate files live, and the
//! repository that bounds every path they read. No `cargo metadata`: `claims` runs on every save.

use camino::{Utf8Path, Utf8PathBuf};
use lints::workspace::Workspace;

use crate::Error;

/// A workspace opened for claims and evidence.
#[derive(Clone, Debug)]
pub struct Repo {
    /// Absolute workspace root (where `Cargo.toml` is): every gate path is relative to it.
    pub root: Utf8PathBuf,
    /// The canonical directory no path may leave: the git top level, or the workspace root when
    /// there is no repository (PRODUCT.md §11).
    pub top: Utf8PathBuf,
    /// Whether `top` is a git work tree.
    pub in_git: bool,
    /// `policies/`, workspace-relative.
    pub policies: Utf8PathBuf,
    /// `claims/`, workspace-relative.
    pub claims: Utf8PathBuf,
    /// `profiles/`, workspace-relative.
    pub profiles: Utf8PathBuf,
    /// `evidence/`, workspace-relative.
    pub evidence: Utf8PathBuf,
}

impl Repo {
    /// Opens the workspace around `start` (a directory or a `Cargo.toml`) from its manifests.
    ///
    /// # Errors
    /// No workspace there, or a root manifest that is not valid TOML.
    pub fn open(start: &Utf8Path) -> Result<Self, Error> {
        let ws = Workspace::from_manifests(start)?;
        Ok(Self::from_workspace(&ws))
    }

    /// The claims-and-evidence view of an already loaded workspace.
    #[must_use]
    pub fn from_workspace(ws: &Workspace) -> Self {
        let root = ws.root.clone();
        // The same boundary every gate read uses: the git top level, else the workspace.
        let top = canonical(&gate_core::fsio::repo_root(&root));
        let in_git = top.join(".git").exists();
        Self {
            root,
            top,
            in_git,
            policies: ws.layout.policies.clone(),
            claims: ws.layout.claims.clone(),
            profiles: ws.layout.profiles.clone(),
            evidence: ws.layout.evidence.clone(),
        }
    }

    /// The manifest's workspace-relative path: `<evidence>/manifest.toml`.
    #[must_use]
    pub fn manifest_path(&self) -> Utf8PathBuf {
        self.evidence.join("manifest.toml")
    }
}

/// `path` with symlinks resolved, or unchanged when it cannot be resolved.
pub(super) fn canonical(path: &Utf8Path) -> Utf8PathBuf {
    std::fs::canonicalize(path).ok().and_then(|p| Utf8PathBuf::from_path_buf(p).ok()).unwrap_or_else(|| path.to_owned())
}
