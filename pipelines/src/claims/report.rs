//! What `claims` hands to the renderers: findings, every compiled claim, every flagged sentence,
//! the verdict and the counts. Plain data, sorted; no timing in anything serialized.

use camino::Utf8PathBuf;
use gate_core::finding::{Finding, Severity};
use serde::Serialize;

use super::requirement::CompiledClaim;
use super::scan::BlockKind;
use crate::check::Verdict;

/// How a flagged sentence stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceStatus {
    /// Tied to claims that are all backed.
    Backed,
    /// Tied to a claim whose evidence is not all satisfied.
    Unsupported,
    /// Claim language with no reference and no verbatim match.
    Unbacked,
    /// Its paragraph references only claims that do not exist.
    Unknown,
}

/// A sentence that makes a claim or is tied to one.
#[derive(Clone, Debug, Serialize)]
pub struct FlaggedSentence {
    /// Workspace-relative file.
    pub file: Utf8PathBuf,
    /// Start line (1-based).
    pub line: usize,
    /// Start column (1-based, characters).
    pub column: usize,
    /// End line.
    pub end_line: usize,
    /// End column (exclusive).
    pub end_column: usize,
    /// The block it is in: `paragraph`, `heading`, `list-item` or `table-cell`.
    pub block: BlockKind,
    /// The sentence, whitespace collapsed, markup removed.
    pub text: String,
    /// Its claim words, as written.
    pub triggers: Vec<String>,
    /// The claims it is tied to.
    pub claims: Vec<String>,
    /// How it stands.
    pub status: SentenceStatus,
}

/// Counts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Documents scanned.
    pub files: usize,
    /// Sentences read.
    pub sentences: usize,
    /// Sentences with claim language.
    pub flagged: usize,
    /// Claims compiled.
    pub claims: usize,
    /// Claims whose every requirement is satisfied.
    pub backed: usize,
}

/// The result of `claims`.
#[derive(Clone, Debug)]
pub struct ClaimsReport {
    /// The verdict.
    pub verdict: Verdict,
    /// Findings in report order (file, line, column, rule).
    pub findings: Vec<Finding>,
    /// The compiled claims, by id.
    pub claims: Vec<CompiledClaim>,
    /// Flagged and tied sentences, in file order.
    pub sentences: Vec<FlaggedSentence>,
    /// The documents scanned.
    pub files: Vec<Utf8PathBuf>,
    /// Counts.
    pub summary: Summary,
    /// Remarks (no documents matched, …).
    pub notes: Vec<String>,
    /// Absolute workspace root, for snippets.
    pub root: Utf8PathBuf,
    /// Wall time, for the human summary line only.
    pub elapsed_secs: f64,
}

impl ClaimsReport {
    /// Counts findings and sets the verdict.
    pub fn finish(&mut self) {
        self.summary.errors = self.findings.iter().filter(|f| f.severity == Severity::Error).count();
        self.summary.warnings = self.findings.iter().filter(|f| f.severity == Severity::Warning).count();
        self.summary.claims = self.claims.len();
        self.summary.backed = self.claims.iter().filter(|c| c.backed).count();
        self.summary.files = self.files.len();
        self.verdict = if self.summary.errors > 0 { Verdict::Fail } else { Verdict::Pass };
    }
}
