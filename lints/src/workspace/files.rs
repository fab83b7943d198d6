//! Which `.rs` files belong to which member, and in which scope (library code, tests, …).

use camino::{Utf8Path, Utf8PathBuf};

use super::Workspace;
use gate_core::config::ConfigError;

/// Where a file sits in its package, which decides whether source rules look at it by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum SourceScope {
    /// Library and binary code: in scope.
    Main,
    /// `build.rs`.
    Build,
    /// Under `tests/`.
    Test,
    /// Under `benches/`.
    Bench,
    /// Under `examples/`.
    Example,
}

impl SourceScope {
    /// The scope of a file by where it sits in its member's directory `dir`.
    #[must_use]
    pub(crate) fn of(dir: &Utf8Path, path: &Utf8Path) -> Self {
        let inner = path.strip_prefix(dir).unwrap_or(path);
        match inner.components().next().map(|c| c.as_str()) {
            Some("tests") => Self::Test,
            Some("benches") => Self::Bench,
            Some("examples") => Self::Example,
            Some("build.rs") => Self::Build,
            _ => Self::Main,
        }
    }

    /// Test, bench or example code, where test-only code is examined like the rest.
    #[must_use]
    pub(crate) fn is_test_dir(self) -> bool {
        matches!(self, Self::Test | Self::Bench | Self::Example)
    }
}

/// A Rust source file of a member.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceFile {
    /// Workspace-relative path.
    pub path: Utf8PathBuf,
    /// The member it belongs to.
    pub krate: String,
    /// Its scope.
    pub scope: SourceScope,
}

pub(super) fn collect(ws: &Workspace) -> Result<Vec<WorkspaceFile>, ConfigError> {
    let mut files = Vec::new();
    for member in &ws.members {
        let mut found = Vec::new();
        for root in target_roots(ws, member) {
            if root.extension() == Some("rs") {
                found.push(root); // a target whose root sits in the member's directory (build.rs)
            } else {
                walk(&ws.root, &member.dir, &root, &mut found)?;
            }
        }
        found.sort();
        found.dedup();
        for path in found {
            let scope = SourceScope::of(&member.dir, &path);
            files.push(WorkspaceFile { path, krate: member.name.clone(), scope });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Where a member's targets live: the directory of each target's root file (`src/`, `src/bin/`,
/// `tests/`, …), outermost first, or the root file itself when it sits in the member's own
/// directory (`build.rs`). Files elsewhere in the member's directory belong to no target.
fn target_roots(ws: &Workspace, member: &super::Member) -> Vec<Utf8PathBuf> {
    let mut roots: Vec<Utf8PathBuf> = Vec::new();
    let mut dirs: Vec<Utf8PathBuf> = member
        .targets
        .iter()
        .filter_map(|t| {
            let parent = t.src_path.parent()?;
            if parent == member.dir && t.kind == "custom-build" {
                roots.push(t.src_path.clone());
                None
            } else {
                // A crate root in the member's own directory (`[lib] path = "lib.rs"`) takes
                // its modules from there: the whole directory is its tree.
                Some(parent.to_owned())
            }
        })
        .collect();
    // A file target added after `cargo metadata` was cached still lives in these directories.
    for conventional in ["src", "tests", "benches", "examples"] {
        let dir = member.dir.join(conventional);
        if ws.root.join(&dir).is_dir() {
            dirs.push(dir);
        }
    }
    dirs.sort_by_key(|d| d.components().count());
    for dir in dirs {
        if !roots.iter().any(|r| dir.starts_with(r)) {
            roots.push(dir);
        }
    }
    roots
}

/// Collects `.rs` files below `dir`, skipping `target/`, hidden directories, symlinked
/// directories (no loops) and nested packages (they are members or outside the workspace).
fn walk(root: &Utf8Path, member_dir: &Utf8Path, dir: &Utf8Path, out: &mut Vec<Utf8PathBuf>) -> Result<(), ConfigError> {
    let abs = root.join(dir);
    gate_core::fsio::inputs::saw(&abs);
    let entries = abs
        .read_dir_utf8()
        .map_err(|e| ConfigError::whole_file(dir.as_str(), format!("cannot list the directory: {e}")))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    if dir != member_dir && entries.iter().any(|e| e.file_name() == "Cargo.toml") {
        return Ok(()); // another package
    }
    entries.sort_by(|a, b| a.file_name().cmp(b.file_name()));
    for entry in entries {
        let name = entry.file_name();
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(root, member_dir, &dir.join(name), out)?;
            }
        } else if Utf8Path::new(name).extension() == Some("rs") {
            // A symlinked source file is still source (a file link cannot loop); a dangling
            // one is kept too, so reading it fails loudly as a `parse` finding.
            if file_type.is_file() || file_type.is_symlink() {
                out.push(dir.join(name));
            }
        }
    }
    Ok(())
}
