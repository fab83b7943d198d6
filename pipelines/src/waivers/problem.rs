//! What can be wrong with a waiver: each kind is the finding `waiver/<kind>` (PRODUCT.md §5).

use std::ops::Range;

use gate_core::finding::Severity;
use serde::Serialize;

/// A kind of waiver problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// Past its `expires` day.
    Expired,
    /// `created` is in the future.
    NotYetValid,
    /// Lives longer than `max_days`.
    TooLong,
    /// No signature.
    Unsigned,
    /// Fewer distinct approvers than `signatures`.
    InsufficientSignatures,
    /// A signature does not verify.
    BadSignature,
    /// Signed by a key the policy does not trust.
    UntrustedKey,
    /// Signed by a key without `waiver-approver`.
    WrongRole,
    /// Signed by a key past its expiry.
    KeyExpired,
    /// Unreadable, malformed, or naming no rule.
    Invalid,
    /// Shares its id with another waiver.
    DuplicateId,
    /// Expires within `warn_days` (a warning).
    Expiring,
    /// Covers no finding (a warning).
    Unused,
}

impl ProblemKind {
    /// Every kind, in the order of PRODUCT.md §5.
    pub const ALL: [Self; 13] = [
        Self::Expired,
        Self::NotYetValid,
        Self::TooLong,
        Self::Unsigned,
        Self::InsufficientSignatures,
        Self::BadSignature,
        Self::UntrustedKey,
        Self::WrongRole,
        Self::KeyExpired,
        Self::Invalid,
        Self::DuplicateId,
        Self::Expiring,
        Self::Unused,
    ];

    /// The kebab-case name, as in the rule id `waiver/<name>`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::NotYetValid => "not-yet-valid",
            Self::TooLong => "too-long",
            Self::Unsigned => "unsigned",
            Self::InsufficientSignatures => "insufficient-signatures",
            Self::BadSignature => "bad-signature",
            Self::UntrustedKey => "untrusted-key",
            Self::WrongRole => "wrong-role",
            Self::KeyExpired => "key-expired",
            Self::Invalid => "invalid",
            Self::DuplicateId => "duplicate-id",
            Self::Expiring => "expiring",
            Self::Unused => "unused",
        }
    }

    /// Whether a waiver with this problem may still cover findings.
    #[must_use]
    pub fn is_acceptable(self) -> bool {
        matches!(self, Self::Expiring | Self::Unused)
    }
}

impl Serialize for ProblemKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `valid`, or the most serious problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No problem at all.
    Valid,
    /// This problem (the first error, else the first warning).
    Problem(ProblemKind),
}

impl Status {
    /// `valid` or the problem's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Problem(kind) => kind.as_str(),
        }
    }

    /// Whether the waiver is acceptable: valid, expiring or unused.
    #[must_use]
    pub fn is_acceptable(self) -> bool {
        match self {
            Self::Valid => true,
            Self::Problem(kind) => kind.is_acceptable(),
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem with a waiver: a `waiver/<kind>` finding at its file.
#[derive(Clone, Debug)]
pub struct Problem {
    /// What kind.
    pub kind: ProblemKind,
    /// Error, or warning for `expiring` and `unused`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where in the file.
    pub span: Option<Range<usize>>,
}

impl Problem {
    /// An error-level problem.
    pub(crate) fn error(kind: ProblemKind, message: String, help: &str, span: Option<Range<usize>>) -> Self {
        Self { kind, severity: Severity::Error, message, help: Some(help.to_owned()), span }
    }

    /// A warning-level problem.
    pub(crate) fn warning(kind: ProblemKind, message: String, help: &str, span: Option<Range<usize>>) -> Self {
        Self { kind, severity: Severity::Warning, message, help: Some(help.to_owned()), span }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_the_registry_members() {
        let names: Vec<&str> = ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, lints::rules::WAIVER_PROBLEMS);
    }
}
