//! The `ConformanceReport` (PRODUCT.md §6): what `profile eval` and `profile run` print with
//! `--format json` and write with `--output`. It carries the common JSON header of §9, so the
//! file and the printed document are the same; its shape is `docs/schemas/conformance-report.schema.json`.
//! Everything in it is sorted and it holds no timing, so the same inputs and `--now` give the
//! same bytes.

use std::collections::BTreeMap;

use camino::Utf8PathBuf;
use serde::Serialize;

use super::model::{Classification, Status};
use super::results::Outcome;

/// The report.
#[derive(Clone, Debug, Serialize)]
pub struct ConformanceReport {
    /// Always 1.
    pub schema: u32,
    /// `cargo-gate` and its version.
    pub tool: Tool,
    /// `profile eval` or `profile run`.
    pub command: String,
    /// `pass` when the overall verdict is `pass` or `partial`, else `fail` (the exit code follows).
    pub verdict: Verdict,
    /// When the report was made: `--now`, else the clock.
    pub generated_at: String,
    /// The profile evaluated.
    pub profile: ProfileRef,
    /// Its suite line.
    pub suite: String,
    /// The implementation, when known (case reports, `profile run`).
    pub implementation: Option<String>,
    /// The claimed capabilities, sorted.
    pub capabilities: Vec<String>,
    /// Every input with its SHA-256.
    pub inputs: Vec<InputDigest>,
    /// `pass`, `partial`, `fail` or `skipped`.
    pub overall: Overall,
    /// One entry a gate, in profile order.
    pub gates: Vec<GateReport>,
    /// Every catalogue case, in catalogue order.
    pub cases: Vec<CaseVerdict>,
    /// The cases failing some gate, by classification (sorted ids).
    pub failures_by_classification: BTreeMap<Classification, Vec<String>>,
    /// Results the catalogue does not know: the first 1,000, sorted.
    pub warnings: Vec<Warning>,
    /// Counts.
    pub summary: Summary,
}

/// The tool that made the report.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    /// `cargo-gate`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The §9 verdict: did the gate pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every required gate passed.
    Pass,
    /// A required gate failed, or nothing ran.
    Fail,
}

/// The profile's overall verdict (seed 003 §4.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overall {
    /// Every gate passed.
    Pass,
    /// Every required gate passed and another failed.
    Partial,
    /// A required gate failed.
    Fail,
    /// No case ran.
    Skipped,
}

impl Overall {
    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Overall::Pass => "pass",
            Overall::Partial => "partial",
            Overall::Fail => "fail",
            Overall::Skipped => "skipped",
        }
    }
}

/// Which profile, exactly.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileRef {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its file, workspace-relative.
    pub file: Utf8PathBuf,
}

/// One input file and its digest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputDigest {
    /// `profile`, `capabilities`, `plan` or `results`.
    pub role: String,
    /// The file as named (profiles: workspace-relative).
    pub path: Utf8PathBuf,
    /// For results: `junit`, `libtest-json` or `case-report`.
    pub format: Option<String>,
    /// Lowercase hex SHA-256 of its bytes.
    pub sha256: String,
}

/// A gate's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateVerdict {
    /// Every case that counts passed.
    Pass,
    /// A case that counts failed, errored, was skipped or did not run.
    Fail,
    /// No case of the gate counts here (all not applicable, experimental or deprecated).
    Skipped,
}

impl GateVerdict {
    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            GateVerdict::Pass => "pass",
            GateVerdict::Fail => "fail",
            GateVerdict::Skipped => "skipped",
        }
    }
}

/// One gate.
#[derive(Clone, Debug, Serialize)]
pub struct GateReport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether failing it fails the profile.
    pub required: bool,
    /// Its verdict.
    pub verdict: GateVerdict,
    /// Its cases, in catalogue order.
    pub cases: Vec<String>,
    /// The cases that fail it, by classification, then id.
    pub failing: Vec<FailingCase>,
    /// The same ids, by classification.
    pub failures_by_classification: BTreeMap<Classification, Vec<String>>,
    /// Counts over its cases.
    pub counts: CaseCounts,
}

/// A case that fails a gate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FailingCase {
    /// Its classification (first, so the list sorts by it).
    pub classification: Classification,
    /// The case id.
    pub case: String,
    /// `fail`, `error`, `skip` or `not-run`.
    pub outcome: CaseOutcome,
    /// Its status class.
    pub status: Status,
    /// Evidence: the adapter's paths and the result files that reported it.
    pub evidence: Vec<String>,
}

/// What happened to a case: a result's outcome, or `not-run` when there is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseOutcome {
    /// It passed.
    Pass,
    /// It was skipped.
    Skip,
    /// It failed.
    Fail,
    /// It errored.
    Error,
    /// No result names it.
    NotRun,
}

impl CaseOutcome {
    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CaseOutcome::Pass => "pass",
            CaseOutcome::Skip => "skip",
            CaseOutcome::Fail => "fail",
            CaseOutcome::Error => "error",
            CaseOutcome::NotRun => "not-run",
        }
    }
}

impl From<Option<Outcome>> for CaseOutcome {
    fn from(outcome: Option<Outcome>) -> Self {
        match outcome {
            None => CaseOutcome::NotRun,
            Some(Outcome::Pass) => CaseOutcome::Pass,
            Some(Outcome::Skip) => CaseOutcome::Skip,
            Some(Outcome::Fail) => CaseOutcome::Fail,
            Some(Outcome::Error) => CaseOutcome::Error,
        }
    }
}

/// How a case counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseState {
    /// It counts and passed.
    Pass,
    /// It counts and did not pass (fail, error, skip, not run).
    Fail,
    /// An optional case whose capabilities are not all claimed.
    NotApplicable,
    /// Experimental or deprecated: reported, never changes a verdict.
    NotCounted,
}

/// One catalogue case and what became of it.
#[derive(Clone, Debug, Serialize)]
pub struct CaseVerdict {
    /// The case id.
    pub case: String,
    /// Its status class.
    pub status: Status,
    /// Its layer.
    pub layer: Option<String>,
    /// The capabilities it requires.
    pub requires: Vec<String>,
    /// The gates it is in.
    pub gates: Vec<String>,
    /// What happened.
    pub outcome: CaseOutcome,
    /// How it counts.
    pub state: CaseState,
    /// Its classification.
    pub classification: Classification,
    /// Evidence paths.
    pub evidence: Vec<String>,
}

/// Counts over a set of cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CaseCounts {
    /// All cases.
    pub cases: usize,
    /// Counting and passed.
    pub passed: usize,
    /// Counting and not passed.
    pub failed: usize,
    /// Of those, with no result.
    pub not_run: usize,
    /// Optional, capabilities not claimed.
    pub not_applicable: usize,
    /// Experimental or deprecated.
    pub not_counted: usize,
}

/// A note about the results that does not change a verdict.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// The result file.
    pub file: Utf8PathBuf,
    /// The line of the result, where known.
    pub line: Option<usize>,
    /// The name the result gives its case.
    pub result: String,
    /// What is wrong.
    pub message: String,
}

/// Counts for the whole report.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Summary {
    /// Gates.
    pub gates: usize,
    /// Gates passed.
    pub gates_passed: usize,
    /// Gates failed.
    pub gates_failed: usize,
    /// Gates with nothing that counts.
    pub gates_skipped: usize,
    /// Over every catalogue case.
    pub cases: CaseCounts,
    /// Results read, over every file.
    pub results: usize,
    /// Results for cases the catalogue does not know (`warnings` lists the first 1,000).
    pub unknown_results: usize,
}
