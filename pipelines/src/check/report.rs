//! What `check` hands to the renderers: findings after levels and waivers, the verdict and the
//! counts. Plain data; every format renders from this.

use std::collections::BTreeMap;

use camino::Utf8PathBuf;
use gate_core::finding::{Finding, Severity};
use gate_core::policy::WaiverPolicy;
use lints::rules::Examined;
use serde::Serialize;

/// `pass` or `fail`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The gate passed.
    Pass,
    /// The gate failed.
    Fail,
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Unwaived errors.
    pub errors: usize,
    /// Unwaived warnings.
    pub warnings: usize,
    /// Waived findings.
    pub waived: usize,
    /// Files examined (member manifests and source files).
    pub files: usize,
    /// Workspace members checked.
    pub crates: usize,
    /// What each rule examined, by rule id.
    pub rules: BTreeMap<String, Examined>,
}

/// The result of `check`.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// The verdict.
    pub verdict: Verdict,
    /// Findings in report order (file, line, column, rule).
    pub findings: Vec<Finding>,
    /// Waivers and their status.
    pub waivers: Vec<crate::waivers::WaiverEntry>,
    /// Counts.
    pub summary: Summary,
    /// Notes shown with `-v` (and always in JSON).
    pub notes: Vec<String>,
    /// Absolute workspace root, for reading snippets.
    pub root: Utf8PathBuf,
    /// Wall time, for the human summary line only (never in JSON: output must be deterministic).
    pub elapsed_secs: f64,
    /// The `[waivers]` policy the waivers were judged by.
    pub waiver_policy: WaiverPolicy,
}

impl CheckReport {
    /// Builds the report: counts and verdict from the findings.
    #[must_use]
    pub fn new(
        findings: Vec<Finding>,
        waivers: Vec<crate::waivers::WaiverEntry>,
        mut summary: Summary,
        notes: Vec<String>,
        root: Utf8PathBuf,
    ) -> Self {
        summary.errors = findings.iter().filter(|f| f.waived_by.is_none() && f.severity == Severity::Error).count();
        summary.warnings = findings.iter().filter(|f| f.waived_by.is_none() && f.severity == Severity::Warning).count();
        summary.waived = findings.iter().filter(|f| f.waived_by.is_some()).count();
        let verdict = if summary.errors > 0 { Verdict::Fail } else { Verdict::Pass };
        Self {
            verdict,
            findings,
            waivers,
            summary,
            notes,
            root,
            elapsed_secs: 0.0,
            waiver_policy: WaiverPolicy::default(),
        }
    }
}
