//! Checking rule ids wherever users write them: `[levels]`, `-A/-W/-D`, a waiver's `rule`.
//!
//! The ids themselves come from the rule registry in the analysis crate, which implements
//! [`RuleIds`]; the foundation only knows how to match a written id against them.

use super::model::Policy;
use crate::config::did_you_mean;

/// The rule ids that exist under a policy: the registry's answer.
pub trait RuleIds {
    /// Every family name (`layer`, `forbid`, `ambient`, `waiver`, …).
    fn families(&self) -> Vec<&'static str>;
    /// Every full rule id the policy can produce (`layer`, `forbid/no-sqlite`, `ambient/net`, …).
    fn ids(&self, policy: &Policy) -> Vec<String>;
}

/// How a written rule id may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdUse {
    /// A level (`[levels]`, `-A/-W/-D`): `*`, a family, `family/*` or an id.
    Level,
    /// A waiver's `rule`: an id, or a prefix ending in `/*`.
    Waiver,
}

/// A written rule id that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRuleId {
    /// What is wrong: a lowercase fragment.
    pub message: String,
    /// "did you mean `x`?" where one is close, else the families.
    pub help: String,
}

impl std::fmt::Display for UnknownRuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.message, self.help)
    }
}

/// Checks a written rule id.
///
/// # Errors
/// The id names no rule, or has a shape this use does not accept.
pub fn check_rule_id(written: &str, usage: IdUse, ids: &dyn RuleIds, policy: &Policy) -> Result<(), UnknownRuleId> {
    if usage == IdUse::Level && written == "*" {
        return Ok(());
    }
    let families = ids.families();
    let all = ids.ids(policy);
    let (prefix, is_prefix) = match written.strip_suffix("/*") {
        Some(prefix) => (prefix, true),
        None => (written, false),
    };
    if prefix.contains('*') {
        return Err(UnknownRuleId {
            message: format!("`{written}` is not a rule id or a prefix ending in `/*`"),
            help: "write a rule id (`ambient/net`) or a prefix (`ambient/*`)".to_owned(),
        });
    }
    let is_family = families.contains(&prefix);
    let is_id = all.iter().any(|id| id == prefix);
    let is_group = all.iter().any(|id| id.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')));
    let known = match (usage, is_prefix) {
        (IdUse::Level, _) => is_family || is_id || is_group,
        (IdUse::Waiver, true) => is_family || is_group,
        (IdUse::Waiver, false) => is_id,
    };
    if known {
        return Ok(());
    }
    let family = prefix.split('/').next().unwrap_or(prefix);
    let help = if families.contains(&family) {
        // A known family with an unknown member: suggest among that family's members.
        let members: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|id| id.strip_prefix(family).is_some_and(|r| r.starts_with('/')))
            .collect();
        match did_you_mean(prefix, members.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if members.is_empty() => format!("this policy defines no `{family}` rule"),
            None => format!("the `{family}` rules here: {}", members.join(", ")),
        }
    } else {
        let candidates: Vec<&str> = all.iter().map(String::as_str).chain(families.iter().copied()).collect();
        match did_you_mean(prefix, candidates.iter().copied()) {
            Some(s) if is_prefix => format!("did you mean `{s}/*`?"),
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("rule families: {}", families.join(", ")),
        }
    };
    Err(UnknownRuleId { message: format!("`{written}` names no rule"), help })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl RuleIds for Fixed {
        fn families(&self) -> Vec<&'static str> {
            vec!["ambient", "forbid", "layer", "waiver"]
        }
        fn ids(&self, _: &Policy) -> Vec<String> {
            ["ambient/net", "ambient/time", "forbid/no-sqlite", "layer", "waiver/expired"].map(String::from).to_vec()
        }
    }

    fn check(written: &str, usage: IdUse) -> Result<(), UnknownRuleId> {
        check_rule_id(written, usage, &Fixed, &Policy::default())
    }

    #[test]
    fn ids_families_and_prefixes_are_accepted() {
        for ok in ["*", "ambient", "ambient/*", "ambient/time", "forbid/no-sqlite", "layer"] {
            assert_eq!(check(ok, IdUse::Level), Ok(()), "{ok}");
        }
        for ok in ["ambient/*", "ambient/time", "layer", "forbid/*"] {
            assert_eq!(check(ok, IdUse::Waiver), Ok(()), "{ok}");
        }
    }

    #[test]
    fn misspelt_members_and_families_are_refused_with_a_suggestion() {
        let e = check("ambient/tiem", IdUse::Level).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.help.as_str()),
            ("`ambient/tiem` names no rule", "did you mean `ambient/time`?")
        );
        assert_eq!(check("forbid/no-sqlit", IdUse::Level).unwrap_err().help, "did you mean `forbid/no-sqlite`?");
        assert_eq!(
            check("forbid/no-such-id", IdUse::Level).unwrap_err().help,
            "the `forbid` rules here: forbid/no-sqlite"
        );
        assert_eq!(check("ambeint/*", IdUse::Waiver).unwrap_err().help, "did you mean `ambient/*`?");
        assert!(check("*", IdUse::Waiver).is_err());
        assert!(check("ambient", IdUse::Waiver).is_err(), "a bare family in a waiver is neither an id nor a prefix");
        assert!(check("amb*/net", IdUse::Level).is_err());
    }
}
