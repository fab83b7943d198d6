//! The execution plan of the adapter contract (PRODUCT.md §6.1, seed 001 §9.1): the suite
//! decides which cases run, from the profile and the claimed capabilities; the implementation's
//! adapter only runs them. Its shape is `docs/schemas/profile-plan.schema.json`.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::write_atomic;
use serde::Serialize;

use super::capabilities::Capabilities;
use super::model::{Classification, Profile, Status};
use crate::Error;

/// The file name of the plan in its output directory.
pub const PLAN_FILE: &str = "plan.json";
/// The file name the adapter writes its case-result report to, in the output directory.
pub const REPORT_FILE: &str = "case-report.json";

/// What the adapter is asked to run.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// Always 1.
    pub schema: u32,
    /// The suite line; the report must name the same one.
    pub suite: String,
    /// The profile.
    pub profile: PlanProfile,
    /// The implementation under test; the report must name the same one.
    pub implementation: String,
    /// The capabilities it claims, sorted.
    pub capabilities: Vec<String>,
    /// Where the adapter writes its report and evidence (absolute).
    pub output_dir: Utf8PathBuf,
    /// The path the adapter must write its case-result report to (absolute).
    pub report: Utf8PathBuf,
    /// The selected cases, in catalogue order.
    pub cases: Vec<PlannedCase>,
}

/// The profile a plan comes from.
#[derive(Clone, Debug, Serialize)]
pub struct PlanProfile {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
}

/// One selected case with its stable metadata.
#[derive(Clone, Debug, Serialize)]
pub struct PlannedCase {
    /// The case id.
    pub id: String,
    /// Its status class.
    pub status: Status,
    /// Its layer.
    pub layer: Option<String>,
    /// The capabilities it requires.
    pub requires: Vec<String>,
    /// The classification its failures fall under unless the adapter says otherwise.
    pub classification: Classification,
    /// The gates it is in.
    pub gates: Vec<String>,
}

impl Plan {
    /// Whether the plan selected `case`.
    #[must_use]
    pub fn selects(&self, case: &str) -> bool {
        self.cases.iter().any(|c| c.id == case)
    }
}

/// The plan for `implementation` claiming `capabilities`: every case but the optional ones whose
/// capabilities are not all claimed (those are `not-applicable`, so not run).
#[must_use]
pub fn build_plan(profile: &Profile, capabilities: &Capabilities, implementation: &str, output_dir: &Utf8Path) -> Plan {
    let gates = profile.gates_by_case();
    let cases = profile
        .cases
        .iter()
        .filter(|c| c.status != Status::Optional || capabilities.claims_all(&c.requires))
        .map(|c| PlannedCase {
            id: c.id.clone(),
            status: c.status,
            layer: c.layer.clone(),
            requires: c.requires.clone(),
            classification: c.default_classification(),
            gates: gates.get(c.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
    Plan {
        schema: 1,
        suite: profile.suite.clone(),
        profile: PlanProfile { id: profile.id.clone(), version: profile.version.clone() },
        implementation: implementation.to_owned(),
        capabilities: capabilities.claimed.iter().cloned().collect(),
        output_dir: output_dir.to_owned(),
        report: output_dir.join(REPORT_FILE),
        cases,
    }
}

/// Writes the plan to `<output_dir>/plan.json` (atomically), creating the directory.
///
/// # Errors
/// The directory cannot be created or the file written.
pub fn write_plan(plan: &Plan) -> Result<(Utf8PathBuf, Vec<u8>), Error> {
    std::fs::create_dir_all(&plan.output_dir)
        .map_err(|e| Error::Io(format!("cannot create {}: {e}", plan.output_dir)))?;
    let mut bytes = serde_json::to_vec_pretty(plan).map_err(|e| Error::Io(format!("cannot encode the plan: {e}")))?;
    bytes.push(b'\n');
    let path = plan.output_dir.join(PLAN_FILE);
    write_atomic(&path, &bytes)?;
    Ok((path, bytes))
}
