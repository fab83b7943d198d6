//! One waiver as `check` saw it: what `waiver list` and `waiver audit` show, and the `waivers`
//! of the check JSON.

use camino::Utf8PathBuf;
use gate_core::finding::Finding;
use gate_core::policy::Policy;
use serde::Serialize;

use super::cover::covers;
use super::parse::{LoadedWaiver, Waiver};
use super::problem::{ProblemKind, Status};
use super::status::Judged;

/// One waiver as `check` saw it (also what `waiver list` and `waiver audit` show).
#[derive(Clone, Debug, Serialize)]
pub struct WaiverEntry {
    /// Waiver id (the file name for a file whose id cannot be read).
    pub id: String,
    /// The waiver file, workspace-relative.
    pub file: Utf8PathBuf,
    /// `valid`, or its most serious problem (`expired`, `unsigned`, `expiring`, …).
    pub status: Status,
    /// Every problem.
    pub problems: Vec<ProblemKind>,
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
    /// The entry for a judged waiver: `unused` says whether it was checked for use and covered no
    /// finding; `covers` lists
    /// the fingerprints of every finding it covers.
    #[must_use]
    pub fn new(judged: &Judged<'_>, unused: bool, findings: &[Finding], policy: &Policy) -> Self {
        let mut problems: Vec<ProblemKind> = judged.problems.iter().map(|p| p.kind).collect();
        let w = judged.waiver();
        let (id, file) = match judged.loaded {
            LoadedWaiver::Ok(w) => (w.id.value.clone(), w.file.name.clone()),
            LoadedWaiver::Invalid { id, file, .. } => (id.clone().unwrap_or_else(|| file.to_string()), file.clone()),
        };
        let covers: Vec<String> = match w {
            Some(w) if judged.acceptable() => findings
                .iter()
                .filter(|f| !f.rule.starts_with("waiver/") && covers(w, f))
                .map(|f| f.fingerprint.clone())
                .collect(),
            _ => Vec::new(),
        };
        let unused = judged.acceptable() && unused;
        if unused {
            problems.push(ProblemKind::Unused);
        }
        let status = match judged.status() {
            Status::Valid if unused => Status::Problem(ProblemKind::Unused),
            status => status,
        };
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
            scope: w.map(Waiver::scope),
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
