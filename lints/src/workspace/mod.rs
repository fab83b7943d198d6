//! The workspace model: members, their targets and files, and the package graph.
//!
//! Built from `cargo metadata` (all features, all targets). When cargo cannot resolve the
//! workspace — path dependencies outside the checkout, a pinned toolchain that is not installed —
//! it is built from the manifests instead and marked partial (PRODUCT.md §4).

mod fallback;
mod files;
mod graph;
mod layout;
mod lockfile;
mod manifest;
mod metadata;
mod metadata_cache;
mod targets;

use camino::{Utf8Path, Utf8PathBuf};

pub(crate) use files::{SourceScope, WorkspaceFile};
pub(crate) use graph::{EdgeKind, EdgeKinds, PackageGraph};
pub(crate) use layout::Layout;
pub(crate) use manifest::Manifest;

use gate_core::config::ConfigError;

/// How to invoke cargo.
#[derive(Clone, Debug, Default)]
#[expect(clippy::struct_excessive_bools, reason = "each is a command-line flag")]
pub struct CargoOptions {
    /// `--offline`.
    pub offline: bool,
    /// `--locked`.
    pub locked: bool,
    /// `--frozen`.
    pub frozen: bool,
    /// Read and write no cache (`release`, `verify`).
    pub no_cache: bool,
}

impl CargoOptions {
    pub(crate) fn flags(&self) -> Vec<String> {
        [(self.offline, "--offline"), (self.locked, "--locked"), (self.frozen, "--frozen")]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, flag)| flag.to_owned())
            .collect()
    }
}

/// A build target of a member.
#[derive(Clone, Debug)]
pub struct Target {
    /// Target name.
    pub name: String,
    /// `lib`, `bin`, `test`, `bench`, `example`, `custom-build`, …
    pub kind: String,
    /// Root source file, workspace-relative.
    pub src_path: Utf8PathBuf,
}

/// A workspace member.
#[derive(Debug)]
pub struct Member {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Its node in the package graph.
    pub node: usize,
    /// Its directory, workspace-relative (empty for a root package).
    pub dir: Utf8PathBuf,
    /// Its targets.
    pub targets: Vec<Target>,
    /// Its parsed manifest (for declaration spans).
    pub manifest: Manifest,
    /// Whether it may be published (`publish` is not `false`), as cargo resolved it.
    pub publishable: bool,
}

/// Why the workspace model is partial.
#[derive(Clone, Debug)]
pub struct Partial {
    /// What cargo said.
    pub cargo_error: String,
    /// Packages whose own dependencies could not be read.
    pub unresolved: Vec<String>,
    /// Why, for each of them.
    pub why: std::collections::BTreeMap<String, String>,
}

/// The loaded workspace.
#[derive(Debug)]
pub struct Workspace {
    /// Absolute workspace root.
    pub root: Utf8PathBuf,
    /// Where the gate's files live.
    pub layout: Layout,
    /// Members, sorted by name.
    pub members: Vec<Member>,
    /// The package graph.
    pub graph: PackageGraph,
    /// Set when `cargo metadata` failed and the graph comes from the manifests.
    pub partial: Option<Partial>,
    /// Cargo's target directory (the gate keeps its cache in `gate/` below it).
    pub target_dir: Utf8PathBuf,
}

/// Why the workspace could not be loaded at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// No `Cargo.toml` where one was expected.
    #[error("no Cargo.toml found at {0} (use --manifest-path to point at the workspace)")]
    NoManifest(Utf8PathBuf),
    /// A manifest is not valid TOML, or not readable.
    #[error(transparent)]
    Manifest(#[from] ConfigError),
    /// Cargo rejected a manifest of the workspace itself.
    #[error("cargo cannot read the workspace: {0}")]
    Cargo(String),
}

impl Workspace {
    /// Loads the workspace whose manifest is `manifest_path`, or — when that is a directory — the
    /// nearest `Cargo.toml` at or above it (what cargo does from the current directory).
    ///
    /// # Errors
    /// No manifest, a manifest that is not TOML, or one cargo rejects.
    pub fn load(manifest_path: &Utf8Path, cargo: &CargoOptions) -> Result<Self, WorkspaceError> {
        let manifest_path = find_manifest(manifest_path)?;
        match metadata::load(&manifest_path, cargo) {
            Ok(ws) => Ok(ws),
            Err(metadata::Failure::Rejected(message)) => Err(WorkspaceError::Cargo(message)),
            Err(metadata::Failure::Unresolved(message)) => fallback::load(&manifest_path, message),
            Err(metadata::Failure::Manifest(e)) => Err(WorkspaceError::Manifest(e)),
        }
    }

    /// Loads the workspace from its manifests alone, without running cargo: the fallback model,
    /// complete when every dependency is a member or a path dependency (fast in-process tests).
    ///
    /// # Errors
    /// No manifest, or a manifest that is not TOML.
    pub fn from_manifests(manifest_path: &Utf8Path) -> Result<Self, WorkspaceError> {
        let manifest_path = find_manifest(manifest_path)?;
        fallback::load(&manifest_path, "cargo was not run: the model comes from the manifests".to_owned())
    }

    /// The member with this name.
    #[must_use]
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    /// Every `.rs` file of every member, with its crate and scope, sorted by path.
    ///
    /// # Errors
    /// A directory cannot be listed.
    pub(crate) fn source_files(&self) -> Result<Vec<WorkspaceFile>, ConfigError> {
        files::collect(self)
    }
}

fn find_manifest(given: &Utf8Path) -> Result<Utf8PathBuf, WorkspaceError> {
    if given.is_file() {
        return absolute(given);
    }
    if !given.is_dir() {
        return Err(WorkspaceError::NoManifest(given.to_owned()));
    }
    let start = absolute(given)?;
    start
        .ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|p| p.is_file())
        .ok_or_else(|| WorkspaceError::NoManifest(given.join("Cargo.toml")))
}

fn absolute(path: &Utf8Path) -> Result<Utf8PathBuf, WorkspaceError> {
    let abs = std::fs::canonicalize(path).map_err(|_| WorkspaceError::NoManifest(path.to_owned()))?;
    Utf8PathBuf::from_path_buf(abs).map_err(|p| WorkspaceError::Cargo(format!("path is not UTF-8: {}", p.display())))
}

/// `path` relative to `root`, `/`-separated (unchanged when outside `root`).
#[must_use]
pub(crate) fn relative(root: &Utf8Path, path: &Utf8Path) -> Utf8PathBuf {
    let rel = path.strip_prefix(root).unwrap_or(path);
    Utf8PathBuf::from(rel.as_str().replace('\\', "/"))
}
