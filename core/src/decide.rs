//! The decide stage: levels from the policy and the command line applied to findings.

use crate::finding::{Finding, Level, Severity};
use crate::policy::LevelSetting;

/// Level overrides, in increasing precedence: `[levels]` (most specific pattern wins), then
/// command-line flags in the order given (the last matching flag wins, as with rustc).
#[derive(Clone, Debug, Default)]
pub struct Levels {
    policy: Vec<LevelSetting>,
    flags: Vec<LevelSetting>,
    strict: bool,
}

impl Levels {
    /// Levels from the policy, the flags and `--strict`.
    #[must_use]
    pub fn new(policy: Vec<LevelSetting>, flags: Vec<LevelSetting>, strict: bool) -> Self {
        Self { policy, flags, strict }
    }

    /// The level of `rule` whose default is `default`.
    #[must_use]
    pub fn level(&self, rule: &str, default: Level) -> Level {
        let from_flags = self.flags.iter().rev().find(|s| pattern_matches(&s.pattern, rule));
        let from_policy =
            self.policy.iter().filter(|s| pattern_matches(&s.pattern, rule)).max_by_key(|s| specificity(&s.pattern));
        from_flags.or(from_policy).map_or(default, |s| s.level)
    }

    /// Applies levels to findings: allowed ones are dropped, the rest get their severity
    /// (`--strict` turns warnings into errors).
    #[must_use]
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                let default = match f.severity {
                    Severity::Error => Level::Deny,
                    Severity::Warning => Level::Warn,
                };
                f.severity = match self.level(&f.rule, default) {
                    Level::Allow => return None,
                    Level::Warn if !self.strict => Severity::Warning,
                    Level::Warn | Level::Deny => Severity::Error,
                };
                Some(f)
            })
            .collect()
    }
}

/// `ambient/*` and `ambient` match `ambient/net`; `ambient/net` matches only itself.
#[must_use]
pub fn pattern_matches(pattern: &str, rule: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let prefix = pattern.strip_suffix("/*").unwrap_or(pattern);
    rule == prefix || rule.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
}

fn specificity(pattern: &str) -> (bool, usize) {
    (!pattern.ends_with("/*"), pattern.len())
}

/// Gives every finding a fingerprint that survives unrelated edits (no line numbers in it);
/// identical findings are told apart by their order.
pub fn fingerprint(findings: &mut [Finding]) {
    use sha2::{Digest, Sha256};
    use std::collections::BTreeMap;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings.iter_mut() {
        let mut h = Sha256::new();
        for part in [
            f.rule.as_str(),
            f.krate.as_deref().unwrap_or(""),
            f.location.file.as_str(),
            f.item.as_deref().unwrap_or(""),
            f.dependency.as_deref().unwrap_or(""),
            f.message.as_str(),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let base = crate::text::hex(&h.finalize()[..8]);
        let n = seen.entry(base.clone()).or_insert(0);
        f.fingerprint = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        *n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(pattern: &str, level: Level) -> LevelSetting {
        LevelSetting { pattern: pattern.into(), level }
    }

    #[test]
    fn flags_override_policy_and_specific_policy_wins() {
        let levels =
            Levels::new(vec![setting("ambient/*", Level::Deny), setting("ambient/time", Level::Warn)], vec![], false);
        assert_eq!(levels.level("ambient/time", Level::Deny), Level::Warn);
        assert_eq!(levels.level("ambient/net", Level::Warn), Level::Deny);
        let levels =
            Levels::new(vec![setting("ambient/time", Level::Warn)], vec![setting("ambient", Level::Allow)], false);
        assert_eq!(levels.level("ambient/time", Level::Deny), Level::Allow);
        assert_eq!(levels.level("layer", Level::Deny), Level::Deny);
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches("ambient/*", "ambient/net"));
        assert!(pattern_matches("ambient", "ambient/net"));
        assert!(!pattern_matches("ambient", "ambientx"));
        assert!(!pattern_matches("ambient/net", "ambient/network"));
        assert!(pattern_matches("cx-first", "cx-first"));
    }
}
