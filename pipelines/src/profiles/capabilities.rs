//! The capabilities an implementation claims (`--capabilities FILE`, PRODUCT.md §6): JSON
//! `{"capabilities": ["spi.negotiation", …], "implementation"?: "name"}`. Optional cases apply
//! only when all the capabilities they require are claimed.

use std::collections::BTreeSet;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::ConfigError;
use serde::Deserialize;

use super::input::{read_bounded, GATE_FILE_LIMIT};
use super::results::case_report::json_error;

/// Claimed capabilities, and where they came from.
#[derive(Clone, Debug, Default)]
pub struct Capabilities {
    /// The claimed capability names, sorted.
    pub claimed: BTreeSet<String>,
    /// The implementation the file names, if it does.
    pub implementation: Option<String>,
    /// The file and its SHA-256, when read from one.
    pub source: Option<(Utf8PathBuf, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CapabilitiesFile {
    capabilities: Vec<String>,
    #[serde(default)]
    implementation: Option<String>,
}

impl Capabilities {
    /// Whether every capability in `required` is claimed.
    #[must_use]
    pub fn claims_all(&self, required: &[String]) -> bool {
        required.iter().all(|r| self.claimed.contains(r))
    }
}

/// Reads a capabilities file (at most 1 MiB).
///
/// # Errors
/// Unreadable, malformed, or not of the expected shape: naming the file.
pub fn read_capabilities(path: &Utf8Path, name: &Utf8Path) -> Result<Capabilities, ConfigError> {
    let input = read_bounded(path, name, GATE_FILE_LIMIT)?;
    let parsed: CapabilitiesFile =
        serde_json::from_str(input.text()?).map_err(|e| json_error(name, &e, "invalid capabilities file"))?;
    if parsed.capabilities.iter().any(|c| c.trim().is_empty()) {
        return Err(ConfigError::whole_file(name, "invalid capabilities file: a capability is an empty string"));
    }
    Ok(Capabilities {
        claimed: parsed.capabilities.into_iter().collect(),
        implementation: parsed.implementation.filter(|i| !i.trim().is_empty()),
        source: Some((name.to_owned(), input.sha256)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_read_strictly() {
        let dir = tempfile::tempdir().unwrap();
        let path = Utf8PathBuf::from_path_buf(dir.path().join("caps.json")).unwrap();
        std::fs::write(&path, r#"{"capabilities": ["b", "a"], "implementation": "rs"}"#).unwrap();
        let caps = read_capabilities(&path, Utf8Path::new("caps.json")).unwrap();
        assert_eq!(caps.claimed.iter().collect::<Vec<_>>(), ["a", "b"]);
        assert!(caps.claims_all(&["a".into()]) && !caps.claims_all(&["c".into()]));
        assert_eq!(caps.implementation.as_deref(), Some("rs"));
        std::fs::write(&path, r#"{"capabilites": []}"#).unwrap();
        let err = read_capabilities(&path, Utf8Path::new("caps.json")).unwrap_err();
        assert!(err.message.contains("unknown field `capabilites`"), "{}", err.message);
    }
}
