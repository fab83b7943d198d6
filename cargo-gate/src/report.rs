//! What `check` hands to the renderers: findings after levels and waivers, the verdict and the
//! counts. Plain data; every format renders from this.

use std::collections::BTreeMap;

use camino::Utf8PathBuf;
use lints::finding::{Finding, Severity};
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

/// One waiver as `check` saw it (also what `waiver list` and `waiver audit` show).
#[derive(Clone, Debug, Serialize)]
pub struct WaiverEntry {
    /// Waiver id (the file name for a file whose id cannot be read).
    pub id: String,
    /// The waiver file, workspace-relative.
    pub file: Utf8PathBuf,
    /// `valid`, or its most serious problem (`expired`, `unsigned`, `expiring`, …).
    pub status: String,
    /// Every problem.
    pub problems: Vec<String>,
    /// The rule or prefix it waives.
    pub rule: Option<String>,
    /// Its scope (`crate=… path=…`).
    pub scope: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Why the exception is needed.
    pub rationale: Option<String>,
    /// What risk it carries.
    pub risk: Option<String>,
    /// Trusted approvers whose signatures verify.
    pub signers: Vec<String>,
    /// Creation date.
    pub created: Option<String>,
    /// Expiry date.
    pub expires: Option<String>,
    /// Days from now until expiry (negative when expired).
    pub days_left: Option<i64>,
    /// Lifetime in days (`expires - created`).
    pub lifetime_days: Option<i64>,
    /// Fingerprints of the findings it covers.
    pub covers: Vec<String>,
    /// The earliest expiry among its signers' keys.
    pub signer_key_expires: Option<String>,
}

impl WaiverEntry {
    /// The entry for a judged waiver, with the fingerprints of the findings it covers.
    #[must_use]
    pub fn new(judged: &crate::waivers::Judged<'_>, findings: &[Finding], policy: &lints::policy::Policy) -> Self {
        let mut problems: Vec<String> = judged.problems.iter().map(|p| p.kind.to_owned()).collect();
        let w = judged.waiver();
        let id = match (w, judged.loaded) {
            (Some(w), _) => w.id.value.clone(),
            (None, crate::waivers::LoadedWaiver::Invalid { id, file, .. }) => {
                id.clone().unwrap_or_else(|| file.to_string())
            }
            (None, crate::waivers::LoadedWaiver::Ok(_)) => String::new(),
        };
        let file = match judged.loaded {
            crate::waivers::LoadedWaiver::Ok(w) => w.file.name.clone(),
            crate::waivers::LoadedWaiver::Invalid { file, .. } => file.clone(),
        };
        let covers: Vec<String> = findings
            .iter()
            .filter(|f| f.waived_by.as_deref() == Some(id.as_str()) && w.is_some())
            .map(|f| f.fingerprint.clone())
            .collect();
        let unused = findings
            .iter()
            .any(|f| f.rule == "waiver/unused" && f.item.as_deref() == Some(id.as_str()) && f.location.file == file);
        if unused {
            problems.push("unused".to_owned());
        }
        let status = if judged.status() == "valid" && unused { "unused" } else { judged.status() }.to_owned();
        let signer_key_expires = policy
            .keys
            .iter()
            .filter(|k| judged.signers.contains(&k.id))
            .filter_map(|k| k.expires)
            .min()
            .map(|d| d.to_string());
        Self {
            id,
            file,
            status,
            problems,
            rule: w.map(|w| w.rule.clone()),
            scope: w.map(crate::waivers::Waiver::scope),
            owner: w.map(|w| w.owner.clone()),
            rationale: w.map(|w| w.rationale.clone()),
            risk: w.map(|w| w.risk.clone()),
            signers: judged.signers.clone(),
            created: w.map(|w| w.created.value.to_string()),
            expires: w.map(|w| w.expires.value.to_string()),
            days_left: judged.days_left,
            lifetime_days: w.map(|w| w.created.value.days_until(w.expires.value)),
            covers,
            signer_key_expires,
        }
    }
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
    pub waivers: Vec<WaiverEntry>,
    /// Counts.
    pub summary: Summary,
    /// Notes shown with `-v` (and always in JSON).
    pub notes: Vec<String>,
    /// Absolute workspace root, for reading snippets.
    pub root: Utf8PathBuf,
    /// Wall time, for the human summary line only (never in JSON: output must be deterministic).
    pub elapsed_secs: f64,
    /// The `[waivers]` policy the waivers were judged by.
    pub waiver_policy: lints::policy::WaiverPolicy,
}

impl CheckReport {
    /// Builds the report: counts and verdict from the findings.
    #[must_use]
    pub fn new(
        findings: Vec<Finding>,
        waivers: Vec<WaiverEntry>,
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
            waiver_policy: lints::policy::WaiverPolicy::default(),
        }
    }
}
