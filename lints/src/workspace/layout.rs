//! Where a workspace keeps its gate files: `[workspace.metadata.gate]` in the root manifest.

use camino::{Utf8Path, Utf8PathBuf};

use super::manifest::Manifest;
use gate_core::config::{ConfigError, TableReader};
use gate_core::glob::{Glob, GlobKind};

/// The gate's directories, workspace-relative (PRODUCT.md §2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// `policies/`.
    pub policies: Utf8PathBuf,
    /// `waivers/`.
    pub waivers: Utf8PathBuf,
    /// `claims/`.
    pub claims: Utf8PathBuf,
    /// `profiles/`.
    pub profiles: Utf8PathBuf,
    /// `evidence/`.
    pub evidence: Utf8PathBuf,
    /// The directories `[workspace.metadata.gate]` names explicitly: `(key, dir)`. A directory
    /// someone configured must exist — a typo there would silently turn the gate off.
    pub configured: Vec<(&'static str, Utf8PathBuf)>,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            policies: "policies".into(),
            waivers: "waivers".into(),
            claims: "claims".into(),
            profiles: "profiles".into(),
            evidence: "evidence".into(),
            configured: Vec::new(),
        }
    }
}

impl Layout {
    /// Reads `[workspace.metadata.gate]` (or `[package.metadata.gate]`) from the root manifest.
    ///
    /// # Errors
    /// Unknown keys, non-string values, or paths that leave the workspace.
    pub(crate) fn from_root_manifest(root: &Manifest) -> Result<Self, ConfigError> {
        let mut top = root.doc.root();
        let mut layout = Self::default();
        for section in ["workspace", "package"] {
            let Some(gate) = metadata_gate(&mut top, section)? else {
                continue;
            };
            layout.read(gate)?;
        }
        Ok(layout)
    }

    fn read(&mut self, mut gate: TableReader<'_>) -> Result<(), ConfigError> {
        let slots: [(&'static str, &mut Utf8PathBuf); 5] = [
            ("policies", &mut self.policies),
            ("waivers", &mut self.waivers),
            ("claims", &mut self.claims),
            ("profiles", &mut self.profiles),
            ("evidence", &mut self.evidence),
        ];
        let mut configured = Vec::new();
        for (key, slot) in slots {
            if let Some(dir) = gate.string(key)? {
                let clean = dir.value.trim_end_matches('/');
                Glob::new(clean, GlobKind::Path).map_err(|e| gate.error(dir.span.clone(), e.reason))?;
                *slot = Utf8Path::new(clean).to_owned();
                configured.push((key, slot.clone()));
            }
        }
        self.configured.extend(configured);
        gate.finish()
    }
}

fn metadata_gate<'a>(top: &mut TableReader<'a>, section: &'static str) -> Result<Option<TableReader<'a>>, ConfigError> {
    // Only `metadata.gate` is ours: the rest of these tables belongs to cargo and other tools.
    let Some(t) = top.peek_table(section) else {
        return Ok(None);
    };
    let Some(mut metadata) = t.peek_table("metadata") else {
        return Ok(None);
    };
    metadata.table("gate")
}
