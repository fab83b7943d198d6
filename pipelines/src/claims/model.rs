//! The claim model (PRODUCT.md §7): a claim's text and the evidence that must back it.

use camino::Utf8PathBuf;
use gate_core::finding::Location;
use gate_core::glob::Glob;
use serde::Serialize;

/// The evidence kinds a claim can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// A recorded, non-empty file.
    File,
    /// A recorded JUnit report in which the selected tests passed.
    Junit,
    /// A profile evaluated from its recorded results.
    Profile,
    /// A recorded JSON benchmark report, one metric within bounds.
    Benchmark,
    /// A recorded DSSE envelope signed by a policy key.
    Attestation,
}

impl EvidenceKind {
    /// Every kind with its name in claim files.
    pub const ALL: [(Self, &'static str); 5] = [
        (Self::File, "file"),
        (Self::Junit, "junit"),
        (Self::Profile, "profile"),
        (Self::Benchmark, "benchmark"),
        (Self::Attestation, "attestation"),
    ];

    /// The name, as in claim files.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(k, _)| *k == self).map_or("file", |(_, n)| n)
    }
}

/// The overall profile verdict a `profile` requirement accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileRequire {
    /// Overall `pass`.
    Pass,
    /// Overall `pass` or `partial` (every required gate passes).
    Partial,
}

/// What one `[[evidence]]` table asks for.
#[derive(Clone, Debug)]
pub enum EvidenceSpec {
    /// `kind = "file"`.
    File {
        /// Workspace-relative path.
        path: Utf8PathBuf,
    },
    /// `kind = "junit"`.
    Junit {
        /// Workspace-relative path.
        path: Utf8PathBuf,
        /// Globs over test names; every matching test must pass, and one must match.
        tests: Vec<Glob>,
    },
    /// `kind = "profile"`.
    Profile {
        /// The profile id.
        profile: String,
        /// The verdict required.
        require: ProfileRequire,
    },
    /// `kind = "benchmark"`.
    Benchmark {
        /// Workspace-relative path.
        path: Utf8PathBuf,
        /// RFC 6901 JSON pointer to a number.
        metric: String,
        /// Lower bound, inclusive.
        min: Option<f64>,
        /// Upper bound, inclusive.
        max: Option<f64>,
    },
    /// `kind = "attestation"`.
    Attestation {
        /// Workspace-relative path.
        path: Utf8PathBuf,
        /// The policy key that must have signed it (any release-signer or evidence-recorder key
        /// when absent).
        key: Option<String>,
    },
}

impl EvidenceSpec {
    /// The kind.
    #[must_use]
    pub fn kind(&self) -> EvidenceKind {
        match self {
            Self::File { .. } => EvidenceKind::File,
            Self::Junit { .. } => EvidenceKind::Junit,
            Self::Profile { .. } => EvidenceKind::Profile,
            Self::Benchmark { .. } => EvidenceKind::Benchmark,
            Self::Attestation { .. } => EvidenceKind::Attestation,
        }
    }

    /// The file it reads, if it names one.
    #[must_use]
    pub fn path(&self) -> Option<&Utf8PathBuf> {
        match self {
            Self::File { path }
            | Self::Junit { path, .. }
            | Self::Benchmark { path, .. }
            | Self::Attestation { path, .. } => Some(path),
            Self::Profile { .. } => None,
        }
    }

    /// What is asked, in one line (`/wall_ms/p50 <= 2000`, `tests gate::perf::*`).
    #[must_use]
    pub fn condition(&self) -> String {
        match self {
            Self::File { .. } => "recorded and not empty".to_owned(),
            Self::Junit { tests, .. } => {
                let globs: Vec<&str> = tests.iter().map(Glob::as_str).collect();
                format!("every test matching {} passed", globs.join(", "))
            }
            Self::Profile { require, .. } => match require {
                ProfileRequire::Pass => "overall pass".to_owned(),
                ProfileRequire::Partial => "overall pass or partial".to_owned(),
            },
            Self::Benchmark { metric, min, max, .. } => match (min, max) {
                (Some(lo), Some(hi)) => format!("{lo} <= {metric} <= {hi}"),
                (Some(lo), None) => format!("{metric} >= {lo}"),
                (None, Some(hi)) => format!("{metric} <= {hi}"),
                (None, None) => metric.clone(),
            },
            Self::Attestation { key: Some(k), .. } => format!("signed by policy key `{k}`"),
            Self::Attestation { key: None, .. } => "signed by a release-signer or evidence-recorder key".to_owned(),
        }
    }
}

/// One `[[evidence]]` with where it is written.
#[derive(Clone, Debug)]
pub struct Requirement {
    /// What it asks for.
    pub spec: EvidenceSpec,
    /// Its line in the claim file.
    pub line: usize,
}

/// A registered claim.
#[derive(Clone, Debug)]
pub struct Claim {
    /// `id`.
    pub id: String,
    /// `text`: a sentence that is this claim wherever it appears verbatim.
    pub text: String,
    /// `owner`.
    pub owner: Option<String>,
    /// Evidence older than this many days is stale.
    pub max_age_days: Option<u32>,
    /// The evidence that must back it.
    pub evidence: Vec<Requirement>,
    /// The claim file, workspace-relative.
    pub file: Utf8PathBuf,
    /// The line of `id`.
    pub line: usize,
    /// Where `id`'s value is written (orphan and unsupported findings point there).
    pub location: Location,
}
