//! Loading what every pipeline starts from: the workspace, and its policy validated in one place.

use camino::Utf8Path;
use gate_core::policy::Policy;
use lints::rules::Registry;
use lints::workspace::{CargoOptions, Workspace};

use crate::Error;

/// The workspace and its validated policy.
pub struct Loaded {
    /// The workspace.
    pub ws: Workspace,
    /// Its policy.
    pub policy: Policy,
}

/// Loads the workspace around `start` (a directory or a `Cargo.toml`) and its policy.
///
/// # Errors
/// No workspace there, one cargo cannot read, or an invalid policy (every problem at once).
pub fn load(start: &Utf8Path, cargo: &CargoOptions) -> Result<Loaded, Error> {
    let ws = Workspace::load(start, cargo)?;
    check_configured_dirs(&ws)?;
    let policy = load_policy(&ws)?;
    Ok(Loaded { ws, policy })
}

/// A gate directory named in `[workspace.metadata.gate]` must exist: `policies = "polices"`
/// would otherwise pass with "no rules ran".
fn check_configured_dirs(ws: &Workspace) -> Result<(), Error> {
    let missing: Vec<gate_core::config::ConfigError> = ws
        .layout
        .configured
        .iter()
        .filter(|(_, dir)| !ws.root.join(dir).is_dir())
        .map(|(key, dir)| {
            gate_core::config::ConfigError::whole_file(
                "Cargo.toml",
                format!("`[workspace.metadata.gate] {key} = \"{dir}\"` names no directory"),
            )
            .with_help("create it, or fix the path (it is relative to the workspace root)")
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Config(missing))
    }
}

/// Reads and validates the workspace's policy: syntax, types, unknown keys, rule ids against the
/// registry, keys, and layers that overlap on this workspace's crates, all reported together.
///
/// # Errors
/// Every problem found.
pub fn load_policy(ws: &Workspace) -> Result<Policy, Error> {
    let policy = gate_core::policy::load_policy(&ws.root, &ws.layout.policies, &Registry)?;
    let overlaps = lints::graph::layer::overlaps(ws, &policy);
    if overlaps.is_empty() {
        Ok(policy)
    } else {
        Err(Error::Config(overlaps))
    }
}
