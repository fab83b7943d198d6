//! Step 4 of the release gate: the publishable members packaged by cargo (`cargo package
//! --no-verify`), or the `.crate` files already there, with their sha256.

use camino::{Utf8Path, Utf8PathBuf};
use lints::workspace::Workspace;
use serde::Serialize;

use super::statement::Subject;

/// A packaged crate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Packaged {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// The `.crate` file.
    pub file: Utf8PathBuf,
    /// Its sha256, lowercase hex.
    pub sha256: String,
}

impl Packaged {
    /// The attestation subject for this file.
    #[must_use]
    pub fn subject(&self) -> Subject {
        Subject { name: format!("{}-{}.crate", self.name, self.version), sha256: self.sha256.clone() }
    }
}

/// How to package.
#[derive(Clone, Debug, Default)]
pub struct PackageOptions {
    /// Members to package (`-p`); every publishable member when empty.
    pub packages: Vec<String>,
    /// Take the `.crate` files already in `target/package/` instead of running cargo.
    pub existing: bool,
    /// Pass `--allow-dirty` to cargo.
    pub allow_dirty: bool,
    /// `--offline`, `--locked`, `--frozen` for cargo.
    pub cargo_flags: Vec<String>,
}

/// Members that may be published: `publish` is not `false` (nor an empty registry list).
#[must_use]
pub fn publishable(ws: &Workspace) -> Vec<(String, String)> {
    ws.members.iter().filter(|m| m.publishable).map(|m| (m.name.clone(), m.version.clone())).collect()
}

/// Packages `members` and hashes each `.crate`.
///
/// # Errors
/// Cargo failed (its message), or a `.crate` file is missing or unreadable.
pub fn package(
    ws: &Workspace,
    members: &[(String, String)],
    options: &PackageOptions,
) -> Result<Vec<Packaged>, String> {
    if !options.existing && !members.is_empty() {
        run_cargo_package(ws, members, options)?;
    }
    members
        .iter()
        .map(|(name, version)| {
            let file = ws.target_dir.join("package").join(format!("{name}-{version}.crate"));
            let sha256 = crate_digest(&file)?;
            Ok(Packaged { name: name.clone(), version: version.clone(), file, sha256 })
        })
        .collect()
}

/// The sha256 of a `.crate` file (any size a registry accepts).
///
/// # Errors
/// The file is missing, not a regular file, or unreadable.
pub fn crate_digest(file: &Utf8Path) -> Result<String, String> {
    let bytes = gate_core::fsio::read_regular(file, 1 << 30).map_err(|e| e.to_string())?;
    Ok(gate_core::text::sha256_hex(&bytes))
}

fn run_cargo_package(ws: &Workspace, members: &[(String, String)], options: &PackageOptions) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.arg("package").arg("--no-verify").arg("--manifest-path").arg(ws.root.join("Cargo.toml"));
    for (name, _) in members {
        cmd.arg("-p").arg(name);
    }
    if options.allow_dirty {
        cmd.arg("--allow-dirty");
    }
    cmd.args(&options.cargo_flags);
    let out = cmd.output().map_err(|e| format!("cannot run `cargo package`: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let message = stderr.lines().filter(|l| l.trim_start().starts_with("error")).collect::<Vec<_>>().join("; ");
    Err(format!("`cargo package` failed: {}", if message.is_empty() { stderr.trim().to_owned() } else { message }))
}
