//! What `check` hands to the renderers: findings after levels and waivers, the verdict and the
//! counts. Plain data; every format renders from this.

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
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
    /// The repository root (the git top level; the workspace root when there is no repository):
    /// machine-readable output names files relative to it.
    pub repo_root: Utf8PathBuf,
    /// What `--base` compared with and left out, when it was given.
    pub base: Option<super::BaseReport>,
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
        let repo_root = gate_core::fsio::repo_root(&root);
        Self {
            verdict,
            findings,
            waivers,
            summary,
            notes,
            root,
            elapsed_secs: 0.0,
            waiver_policy: WaiverPolicy::default(),
            repo_root,
            base: None,
        }
    }

    /// A workspace-relative path as the repository names it (`/`-separated): what `json`,
    /// `sarif` and `github` output print, so annotations land when the workspace sits in a
    /// subdirectory of the repository.
    #[must_use]
    pub fn repo_path(&self, file: &Utf8Path) -> String {
        let prefix = self.root.strip_prefix(&self.repo_root).unwrap_or(Utf8Path::new(""));
        prefix.join(file).as_str().replace('\\', "/")
    }
}
