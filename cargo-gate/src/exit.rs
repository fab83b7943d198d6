//! Exit codes, for every command (PRODUCT.md §4).

use std::process::ExitCode;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The gate passed.
    Pass,
    /// The gate failed: findings, missing evidence, failed verification.
    Fail,
    /// The input could not be used: bad flag, unreadable or invalid file.
    Unusable,
}

/// `0`: the gate passed.
pub const PASS: u8 = 0;
/// `1`: the gate failed.
pub const FAIL: u8 = 1;
/// `2`: the input could not be used.
pub const UNUSABLE: u8 = 2;

impl Outcome {
    /// The numeric exit code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Outcome::Pass => PASS,
            Outcome::Fail => FAIL,
            Outcome::Unusable => UNUSABLE,
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(outcome.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        assert_eq!(Outcome::Pass.code(), 0);
        assert_eq!(Outcome::Fail.code(), 1);
        assert_eq!(Outcome::Unusable.code(), 2);
    }
}
