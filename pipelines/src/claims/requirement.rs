//! What compiling a claim produces: one evaluated requirement per `[[evidence]]`, each with a
//! status, the reason for it and, when unmet, the command that would produce the evidence.

use camino::Utf8PathBuf;
use serde::Serialize;

use super::model::{Claim, EvidenceKind};

/// A requirement's status (PRODUCT.md §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The evidence is recorded, intact, fresh and proves the condition.
    Satisfied,
    /// Not recorded, or recorded and gone.
    Missing,
    /// Recorded and intact, but it does not prove the condition (or proves nothing).
    Failing,
    /// Recorded longer ago than the claim's `max_age_days`.
    Stale,
    /// The file's digest no longer matches the manifest.
    Tampered,
}

impl Status {
    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::Missing => "missing",
            Self::Failing => "failing",
            Self::Stale => "stale",
            Self::Tampered => "tampered",
        }
    }
}

/// A recorded file a requirement rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    /// Workspace-relative path.
    pub path: Utf8PathBuf,
    /// The digest recorded in the manifest.
    pub sha256: String,
    /// When it was recorded.
    pub recorded: String,
    /// The commit it was recorded at.
    pub commit: Option<String>,
}

/// One requirement, evaluated.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluated {
    /// The evidence kind.
    pub kind: EvidenceKind,
    /// The file it reads (all kinds but `profile`).
    pub path: Option<Utf8PathBuf>,
    /// The profile (`profile` only).
    pub profile: Option<String>,
    /// What must hold, in one line.
    pub condition: String,
    /// The status.
    pub status: Status,
    /// Why, in one line.
    pub reason: String,
    /// The command that would produce the evidence, when unmet.
    pub command: Option<String>,
    /// The recorded files it rests on.
    pub evidence: Vec<EvidenceFile>,
    /// The `[[evidence]]` line in the claim file.
    pub line: usize,
}

/// A claim compiled into its requirements.
#[derive(Clone, Debug, Serialize)]
pub struct CompiledClaim {
    /// `id`.
    pub id: String,
    /// `text`.
    pub text: String,
    /// The claim file.
    pub file: Utf8PathBuf,
    /// The line of `id`.
    pub line: usize,
    /// `owner`.
    pub owner: Option<String>,
    /// `max_age_days`.
    pub max_age_days: Option<u32>,
    /// Whether every requirement is satisfied.
    pub backed: bool,
    /// The requirements in file order.
    pub requirements: Vec<Evaluated>,
}

impl CompiledClaim {
    /// Builds the compiled claim from its evaluated requirements.
    #[must_use]
    pub fn new(claim: &Claim, requirements: Vec<Evaluated>) -> Self {
        Self {
            id: claim.id.clone(),
            text: claim.text.clone(),
            file: claim.file.clone(),
            line: claim.line,
            owner: claim.owner.clone(),
            max_age_days: claim.max_age_days,
            backed: requirements.iter().all(|r| r.status == Status::Satisfied),
            requirements,
        }
    }

    /// The unmet requirements.
    #[must_use]
    pub fn unmet(&self) -> Vec<&Evaluated> {
        self.requirements.iter().filter(|r| r.status != Status::Satisfied).collect()
    }

    /// `benchmark evidence/bench/check.json is tampered (…); junit … is missing (…)`.
    #[must_use]
    pub fn unmet_summary(&self) -> String {
        let parts: Vec<String> = self
            .unmet()
            .iter()
            .map(|r| {
                let target = r.path.as_ref().map_or_else(|| r.profile.clone().unwrap_or_default(), ToString::to_string);
                format!("{} {target} is {} ({})", r.kind.name(), r.status.as_str(), r.reason)
            })
            .collect();
        parts.join("; ")
    }
}
