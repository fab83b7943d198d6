//! The conformance profile as validated from `profiles/*.toml` (PRODUCT.md §6): gates over a
//! case catalogue, each case with its status class, layer, required capabilities and
//! classification.

use std::collections::BTreeMap;

use camino::Utf8PathBuf;
use serde::Serialize;

/// A validated profile.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The profile id (`protocol-module`).
    pub id: String,
    /// Its version.
    pub version: String,
    /// The suite line its results must come from (`nnrp-1-preview2`).
    pub suite: String,
    /// A title for people.
    pub title: Option<String>,
    /// The file, workspace-relative.
    pub file: Utf8PathBuf,
    /// The file's SHA-256 (an input of every report made from it).
    pub sha256: String,
    /// Gates in file order.
    pub gates: Vec<Gate>,
    /// The case catalogue in file order.
    pub cases: Vec<Case>,
}

impl Profile {
    /// The catalogue case with this id.
    #[must_use]
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// The ids of the gates a case belongs to, in gate order.
    #[must_use]
    pub fn gates_of(&self, case: &str) -> Vec<String> {
        self.gates.iter().filter(|g| g.cases.iter().any(|c| c == case)).map(|g| g.id.clone()).collect()
    }

    /// For every case in some gate, the ids of its gates in gate order (one pass, for whole
    /// catalogues).
    #[must_use]
    pub fn gates_by_case(&self) -> BTreeMap<&str, Vec<String>> {
        let mut by_case: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for gate in &self.gates {
            for case in &gate.cases {
                by_case.entry(case.as_str()).or_default().push(gate.id.clone());
            }
        }
        by_case
    }
}

/// A gate: a named group of cases with one verdict.
#[derive(Clone, Debug)]
pub struct Gate {
    /// The gate id (`contract`).
    pub id: String,
    /// A title for people (the id when none is given).
    pub title: String,
    /// A required gate failing fails the profile; any other gate failing makes it `partial`.
    pub required: bool,
    /// The globs as written.
    pub patterns: Vec<String>,
    /// The catalogue cases the globs match, in catalogue order.
    pub cases: Vec<String>,
}

/// One conformance case of the catalogue.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case id (`contract.spi.incompatible-startup-fails`).
    pub id: String,
    /// Its status class.
    pub status: Status,
    /// Its layer, as written (`L1`, `L2 binding`, …).
    pub layer: Option<String>,
    /// Capabilities an `optional` case needs claimed to apply.
    pub requires: Vec<String>,
    /// The `classification` key, if given.
    pub classification: Option<Classification>,
    /// The line of its `[[case]]` table, for messages.
    pub line: usize,
}

impl Case {
    /// The classification failures of this case fall under when the result carries none: the
    /// `classification` key, else the layer (seed 001: L0/L1 protocol, L2 binding, L3
    /// integration, L4 performance), else `unclassified`.
    #[must_use]
    pub fn default_classification(&self) -> Classification {
        self.classification
            .or_else(|| self.layer.as_deref().and_then(Classification::of_layer))
            .unwrap_or(Classification::Unclassified)
    }
}

/// A case's status class (seed 001 §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Frozen: every implementation must pass it.
    Mandatory,
    /// Must pass when its capabilities are claimed; not applicable otherwise.
    Optional,
    /// Reported, never changes a verdict.
    Experimental,
    /// Kept for regression value; reported, never changes a verdict.
    Deprecated,
}

impl Status {
    /// Every status with its name in profile files.
    pub const ALL: [(Status, &'static str); 4] = [
        (Status::Mandatory, "mandatory"),
        (Status::Optional, "optional"),
        (Status::Experimental, "experimental"),
        (Status::Deprecated, "deprecated"),
    ];

    /// The status named `name`.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }

    /// Its name in profile files and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(s, _)| *s == self).map_or("mandatory", |(_, n)| n)
    }

    /// Whether a result of this case can change a gate's verdict at all.
    #[must_use]
    pub fn can_count(self) -> bool {
        matches!(self, Status::Mandatory | Status::Optional)
    }
}

/// What kind of problem a failure is (seed 001 §4: one red light must not hide four problems).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Classification {
    /// The protocol itself (L0 bytes, L1 state machine).
    Protocol,
    /// A language binding or driver (L2).
    Binding,
    /// Runtime integration (L3).
    Integration,
    /// Performance or stability (L4).
    Performance,
    /// None of the above could be told.
    Unclassified,
}

impl Classification {
    /// Every classification with its name.
    pub const ALL: [(Classification, &'static str); 5] = [
        (Classification::Protocol, "protocol"),
        (Classification::Binding, "binding"),
        (Classification::Integration, "integration"),
        (Classification::Performance, "performance"),
        (Classification::Unclassified, "unclassified"),
    ];

    /// The classification named `name`.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
    }

    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(c, _)| *c == self).map_or("unclassified", |(_, n)| n)
    }

    /// The classification of a layer: `L0`/`L1` protocol, `L2` binding, `L3` integration, `L4`
    /// performance. The layer is free text: its first word decides (`L1 state machine`, `l2`).
    #[must_use]
    pub fn of_layer(layer: &str) -> Option<Self> {
        let word: String = layer.trim().chars().take_while(char::is_ascii_alphanumeric).collect();
        match word.to_ascii_uppercase().as_str() {
            "L0" | "L1" => Some(Classification::Protocol),
            "L2" => Some(Classification::Binding),
            "L3" => Some(Classification::Integration),
            "L4" => Some(Classification::Performance),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_classify_as_seed_001_defines_them() {
        assert_eq!(Classification::of_layer("L0"), Some(Classification::Protocol));
        assert_eq!(Classification::of_layer("L1 state machine"), Some(Classification::Protocol));
        assert_eq!(Classification::of_layer("l2"), Some(Classification::Binding));
        assert_eq!(Classification::of_layer("L3-integration"), Some(Classification::Integration));
        assert_eq!(Classification::of_layer("L4"), Some(Classification::Performance));
        assert_eq!(Classification::of_layer("L5"), None);
        assert_eq!(Classification::of_layer("L10"), None);
        assert_eq!(Classification::of_layer("bytes"), None);
    }

    #[test]
    fn the_classification_key_wins_over_the_layer() {
        let mut case = Case {
            id: "a".into(),
            status: Status::Mandatory,
            layer: Some("L2".into()),
            requires: Vec::new(),
            classification: None,
            line: 1,
        };
        assert_eq!(case.default_classification(), Classification::Binding);
        case.classification = Some(Classification::Performance);
        assert_eq!(case.default_classification(), Classification::Performance);
        case.classification = None;
        case.layer = None;
        assert_eq!(case.default_classification(), Classification::Unclassified);
    }
}
