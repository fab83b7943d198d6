//! The security reviewer's view of the waivers: how broad each one is, and the questions to ask
//! about it. `waiver audit` shows the broadest first.

use gate_core::policy::WaiverPolicy;
use gate_core::time::Date;
use serde::Serialize;

use super::entry::WaiverEntry;
use super::problem::{ProblemKind, Status};

/// The owner `init --baseline` writes when none is given: a question for the reviewer.
pub const UNOWNED: &str = "unowned";

/// A waiver with the reviewer's questions.
#[derive(Clone, Debug, Serialize)]
pub struct Audited<'a> {
    /// The waiver.
    #[serde(flatten)]
    pub entry: &'a WaiverEntry,
    /// How broad its scope is: a prefix rule and every open scope field widen it.
    pub breadth: u8,
    /// What a reviewer should ask.
    pub questions: Vec<String>,
}

/// Every waiver with its questions, broadest scope first.
#[must_use]
pub fn audit<'a>(entries: &'a [WaiverEntry], policy: &WaiverPolicy, today: Date) -> Vec<Audited<'a>> {
    let mut audited: Vec<Audited<'a>> = entries
        .iter()
        .map(|entry| Audited { entry, breadth: breadth(entry), questions: questions(entry, policy, today) })
        .collect();
    audited.sort_by_key(|a| (std::cmp::Reverse(a.breadth), a.entry.id.clone()));
    audited
}

/// How broad a waiver's scope is: a prefix rule and every scope field left open widen it. A field
/// whose glob matches everything (`path = "**"`, `crate = "*"`) is as open as a missing one.
fn breadth(w: &WaiverEntry) -> u8 {
    let scope = w.scope.as_deref().unwrap_or("");
    let field = |k: &str| scope.split(' ').find_map(|part| part.strip_prefix(k)?.strip_prefix('='));
    let open = |k: &str| field(k).is_none_or(matches_everything);
    let crate_open = field("crate").is_none_or(|g| g.contains(['*', '?', '[']));
    u8::from(w.rule.as_deref().is_some_and(|r| r.ends_with("/*"))) * 2
        + u8::from(crate_open)
        + u8::from(open("path"))
        + u8::from(open("dependency"))
        + u8::from(open("item"))
}

/// Whether a scope field is given but matches everything (`path = "**"`).
fn has_catch_all(w: &WaiverEntry) -> bool {
    let scope = w.scope.as_deref().unwrap_or("");
    scope.split(' ').filter_map(|part| part.split_once('=')).any(|(_, glob)| matches_everything(glob))
}

/// `**`, `*`, `**/*`, `**/*.rs`…: a glob that leaves nothing out of the field it scopes.
fn matches_everything(glob: &str) -> bool {
    glob == "*" || glob.starts_with("**") && !glob.trim_start_matches("**").trim_start_matches('/').contains('/')
}

/// The questions a security reviewer should ask about a waiver.
fn questions(w: &WaiverEntry, policy: &WaiverPolicy, today: Date) -> Vec<String> {
    let mut q = Vec::new();
    if !w.status.is_acceptable() {
        let problems: Vec<&str> = w.problems.iter().map(|p| p.as_str()).collect();
        q.push(format!("not acceptable: {}", problems.join(", ")));
    }
    if breadth(w) >= 4 || has_catch_all(w) {
        q.push(format!(
            "broad scope ({}): can it name the crate, path, dependency or item it needs?",
            w.scope.as_deref().unwrap_or("none")
        ));
    }
    if w.owner.as_deref().is_some_and(|o| o.trim().eq_ignore_ascii_case(UNOWNED)) {
        q.push("owned by nobody (`unowned`, as `init --baseline` writes it): who will burn this debt down?".to_owned());
    }
    let max = i64::from(policy.max_days);
    if let Some(lifetime) = w.lifetime_days.filter(|l| *l * 5 >= max * 4) {
        q.push(format!("lives {lifetime} of the {max} days allowed: is that long needed?"));
    }
    if let (Some(key_expiry), Some(expires)) =
        (w.signer_key_expires.as_deref().and_then(Date::parse), w.expires.as_deref().and_then(Date::parse))
    {
        if key_expiry < expires || today.days_until(key_expiry) <= i64::from(policy.warn_days) {
            q.push(format!(
                "a signer's key expires on {key_expiry}, before the waiver does ({expires}): who signs it then?"
            ));
        }
    }
    if w.covers.is_empty() && w.status == Status::Problem(ProblemKind::Unused) {
        q.push("covers no finding: can it be deleted?".to_owned());
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catch_all_globs_are_as_open_as_no_scope() {
        for glob in ["**", "*", "**/*", "**/*.rs"] {
            assert!(matches_everything(glob), "{glob}");
        }
        for glob in ["crates/**", "src/*.rs", "product"] {
            assert!(!matches_everything(glob), "{glob}");
        }
    }
}
