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

/// Gives every finding a fingerprint that survives unrelated edits and moves: the rule, the crate,
/// the item without its module path (or the dependency), and the finding's source line with its
/// whitespace normalised (`snippet` returns that line, when the file can be read). Neither the
/// line number nor the file path is part of it, so adding lines above a finding, moving its file
/// (`src/a.rs` to `src/a/mod.rs`, a crate to another directory) or renaming its module keeps it.
/// Without a snippet, the message stands in. Identical findings are told apart by their order.
pub fn fingerprint(findings: &mut [Finding], snippet: impl Fn(&Finding) -> Option<String>) {
    use sha2::{Digest, Sha256};
    use std::collections::BTreeMap;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings.iter_mut() {
        let line = snippet(f).map_or_else(|| f.message.clone(), |s| normalise_snippet(&s));
        let item = item_without_module(f.item.as_deref().unwrap_or(""));
        let mut h = Sha256::new();
        for part in [
            f.rule.as_str(),
            f.krate.as_deref().unwrap_or(""),
            item.as_str(),
            f.dependency.as_deref().unwrap_or(""),
            line.as_str(),
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

/// A source line with every run of whitespace made one space, trimmed: re-indenting is not a change.
#[must_use]
pub fn normalise_snippet(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `product::storage::LegacyStore::open` → `LegacyStore::open`: the item's trailing segments
/// from its first type (or, with no type, its last segment). Modules are `snake_case` by Rust
/// convention, so what is dropped is the module path a file move or a module rename changes.
fn item_without_module(item: &str) -> String {
    let segments: Vec<&str> = item.split("::").collect();
    let mut start = segments.len().saturating_sub(1);
    while start > 0 && segments[start - 1].starts_with(|c: char| c.is_ascii_uppercase()) {
        start -= 1;
    }
    segments[start..].join("::")
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

    fn at(file: &str, line: usize, item: &str) -> Finding {
        let start = crate::text::Position { line, column: 1 };
        Finding::new("ambient/fs", crate::finding::Location { file: file.into(), start, end: start }, "m")
            .in_crate("p")
            .with_item(item)
    }

    #[test]
    fn fingerprints_survive_moves_and_line_shifts_but_not_other_code() {
        let snippet =
            |f: &Finding| Some(if f.location.start.line == 9 { "x()" } else { "  std::fs::read(p)  " }.into());
        let mut findings = vec![
            at("src/a.rs", 3, "p::a::Store::open"),
            at("src/b/mod.rs", 40, "p::b::c::Store::open"),
            at("src/a.rs", 9, "p::a::Store::open"),
            at("src/a.rs", 3, "p::a::close"),
        ];
        fingerprint(&mut findings, snippet);
        let fp: Vec<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
        assert_eq!(fp[1], format!("{}-1", fp[0]), "same rule, crate, item and line text: told apart by order");
        assert_ne!(fp[2], fp[0], "another line of code");
        assert_ne!(fp[3], fp[0], "another fn");
        assert_eq!(item_without_module("p::storage::LegacyStore::open"), "LegacyStore::open");
        assert_eq!(item_without_module("p::storage::open_legacy"), "open_legacy");
        assert_eq!(normalise_snippet("\tlet  x =\t1; "), "let x = 1;");
    }
}
