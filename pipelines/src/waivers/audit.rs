//! The security reviewer's view of the waivers: how broad each one is, and the questions to ask
//! about it. `waiver audit` shows the broadest first.

use gate_core::policy::WaiverPolicy;
use gate_core::time::Date;
use serde::Serialize;

use super::entry::WaiverEntry;
use super::problem::{ProblemKind, Status};

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

/// How broad a waiver's scope is: a prefix rule and every scope field left open widen it.
fn breadth(w: &WaiverEntry) -> u8 {
    let scope = w.scope.as_deref().unwrap_or("");
    let has = |k: &str| scope.split(' ').any(|part| part.starts_with(&format!("{k}=")));
    let crate_open =
        scope.split(' ').find_map(|p| p.strip_prefix("crate=")).is_none_or(|g| g.contains(['*', '?', '[']));
    u8::from(w.rule.as_deref().is_some_and(|r| r.ends_with("/*"))) * 2
        + u8::from(crate_open)
        + u8::from(!has("path"))
        + u8::from(!has("dependency"))
        + u8::from(!has("item"))
}

/// The questions a security reviewer should ask about a waiver.
fn questions(w: &WaiverEntry, policy: &WaiverPolicy, today: Date) -> Vec<String> {
    let mut q = Vec::new();
    if !w.status.is_acceptable() {
        let problems: Vec<&str> = w.problems.iter().map(|p| p.as_str()).collect();
        q.push(format!("not acceptable: {}", problems.join(", ")));
    }
    if breadth(w) >= 4 {
        q.push(format!(
            "broad scope ({}): can it name the crate, path, dependency or item it needs?",
            w.scope.as_deref().unwrap_or("none")
        ));
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
