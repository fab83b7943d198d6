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
    let policy = load_policy(&ws)?;
    Ok(Loaded { ws, policy })
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
