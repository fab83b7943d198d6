//! `init --baseline`: today's unwaived findings become waivers, so a team adopts the gate green
//! and burns the debt down (PRODUCT.md §4 "Adopting the gate").
//!
//! One waiver per (rule, crate, file), scoped by `path` to that file and by `item` to the fns
//! that hold findings there today, so a new violation in another fn of the file is not covered.
//! Graph findings are scoped by `dependency` instead, one waiver per offending dependency. A
//! finding outside any fn (a `static`, a module-level macro) leaves its waiver scoped to the
//! file. Waiver problems cannot be waived, and `scope/*` findings are the policy's to fix: both
//! are left out, and counted.

use std::collections::{BTreeMap, BTreeSet};

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::finding::Finding;
use gate_core::policy::Role;
use gate_core::time::Date;
use serde::Serialize;

use crate::check::{check, CheckOptions};
use crate::graph::is_graph_finding;
use crate::load::Loaded;
use crate::waivers::{approver, load_all, next_free_id, signed_text, waiver_text, Approver, NewWaiver, UNOWNED};
use crate::Error;

/// The rationale every baseline waiver carries.
pub const RATIONALE: &str = "present when the gate was adopted";
/// The risk every baseline waiver carries: nobody has assessed it yet.
pub const RISK: &str = "not assessed: recorded by `cargo gate init --baseline` so the gate could be adopted green";

/// What the user asked of `--baseline`.
#[derive(Clone, Debug, Default)]
pub struct BaselineOptions {
    /// `--key`: sign each waiver with this secret key (a `waiver-approver` of the policy).
    pub key: Option<Utf8PathBuf>,
    /// `--owner` (default `unowned`).
    pub owner: Option<String>,
    /// `--expires` (default: today + `[waivers] max_days`).
    pub expires: Option<Date>,
}

/// One waiver `init --baseline` writes.
#[derive(Clone, Debug, Serialize)]
pub struct BaselineWaiver {
    /// Its id.
    pub id: String,
    /// Its file, workspace-relative.
    pub file: Utf8PathBuf,
    /// The rule it waives.
    pub rule: String,
    /// How many of today's findings it covers.
    pub findings: usize,
    /// The policy key it is signed by, if any.
    pub signed_by: Option<String>,
    /// The file's text.
    #[serde(skip)]
    pub text: String,
}

/// The waivers to write, and what was left out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Baseline {
    /// The waivers.
    pub waivers: Vec<BaselineWaiver>,
    /// Findings that cannot be waived (`waiver/*`) or are the policy's to fix (`scope/*`).
    pub not_waived: usize,
    /// The expiry every waiver got.
    pub expires: String,
}

/// The findings a baseline waiver is for: same rule, crate, file (and dependency).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Group {
    rule: String,
    krate: Option<String>,
    file: Utf8PathBuf,
    dependency: Option<String>,
}

/// Computes the baseline of `loaded` as of `today`: nothing is written.
///
/// # Errors
/// An expiry beyond `max_days` or before today, a key the policy does not list as an unexpired
/// `waiver-approver`, or what makes `check` fail to run.
pub fn plan(loaded: &Loaded, options: &BaselineOptions, today: Date) -> Result<Baseline, Error> {
    let policy = &loaded.policy;
    let max_days = policy.waivers.max_days;
    let expires =
        options.expires.unwrap_or_else(|| Date::from_days_since_epoch(today.days_since_epoch() + i64::from(max_days)));
    let lifetime = today.days_until(expires);
    if lifetime < 0 || lifetime > i64::from(max_days) {
        return Err(Error::Usage(format!(
            "--expires {expires}: a baseline waiver created today ({today}) must expire within the policy's \
             {max_days} days (max_days), not {lifetime}"
        )));
    }
    let signer = options.key.as_deref().map(|key| signing_approver(loaded, key, today)).transpose()?;
    let report = check(loaded, &CheckOptions::default(), today)?;
    let mut groups: BTreeMap<Group, (usize, BTreeSet<String>, bool)> = BTreeMap::new();
    let mut not_waived = 0;
    for f in report.findings.iter().filter(|f| f.waived_by.is_none()) {
        if matches!(f.rule.split('/').next(), Some("waiver" | "scope")) {
            not_waived += 1;
            continue;
        }
        let (count, items, unscoped) = groups.entry(group_of(f)).or_default();
        *count += 1;
        match (&f.item, is_graph_finding(f)) {
            (_, true) => {}
            (Some(item), false) => {
                items.insert(item.clone());
            }
            (None, false) => *unscoped = true,
        }
    }
    let existing = load_all(&loaded.ws.root, &loaded.ws.layout.waivers)?;
    let first = next_free_id(&existing);
    let first: u32 = first.trim_start_matches("W-").parse().unwrap_or(1);
    let owner = options.owner.clone().unwrap_or_else(|| UNOWNED.to_owned());
    let mut waivers = Vec::new();
    for (n, (group, (count, items, unscoped))) in (first..).zip(groups) {
        let id = format!("W-{n:04}");
        let fields = NewWaiver {
            rule: group.rule.clone(),
            krate: group.krate.as_deref().map(literal_glob),
            path: Some(literal_glob(group.file.as_str())),
            dependency: group.dependency.as_deref().map(literal_glob),
            item: if unscoped { Vec::new() } else { items.iter().map(|i| literal_glob(i)).collect() },
            expires,
            rationale: RATIONALE.to_owned(),
            risk: RISK.to_owned(),
            owner: owner.clone(),
            id: Some(id.clone()),
        };
        let file = loaded.ws.layout.waivers.join(format!("{id}.toml"));
        let mut text = waiver_text(&id, &fields, today);
        if let Some(signer) = &signer {
            text = signed_text(&text, &file, signer)?;
        }
        let signed_by = signer.as_ref().map(|s| s.key_id.clone());
        waivers.push(BaselineWaiver { id, file, rule: group.rule, findings: count, signed_by, text });
    }
    Ok(Baseline { waivers, not_waived, expires: expires.to_string() })
}

/// The approver `--key` names, refused unless its signatures will count today.
fn signing_approver(loaded: &Loaded, key: &Utf8Path, today: Date) -> Result<Approver, Error> {
    let signer = approver(&loaded.policy, key, None)?;
    if !signer.roles.contains(&Role::WaiverApprover) {
        return Err(Error::Usage(format!(
            "--key {key}: policy key `{}` lacks the `waiver-approver` role, so its signatures would not count",
            signer.key_id
        )));
    }
    let expiry = loaded.policy.keys.iter().find(|k| k.id == signer.key_id).and_then(|k| k.expires);
    if let Some(expiry) = expiry.filter(|e| *e < today) {
        return Err(Error::Usage(format!("--key {key}: policy key `{}` expired on {expiry}", signer.key_id)));
    }
    Ok(signer)
}

fn group_of(f: &Finding) -> Group {
    Group {
        rule: f.rule.clone(),
        krate: f.krate.clone(),
        file: f.location.file.clone(),
        dependency: if is_graph_finding(f) { f.dependency.clone() } else { None },
    }
}

/// A glob that matches exactly `text`: `*`, `?` and `[` become one-character classes. A `]` has no
/// escape in the glob syntax; `?` (any one character) stands in for it.
#[must_use]
pub fn literal_glob(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '*' | '?' | '[' => {
                out.push('[');
                out.push(ch);
                out.push(']');
            }
            ']' => out.push('?'),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gate_core::glob::{Glob, GlobKind};

    #[test]
    fn literal_globs_match_exactly_their_text() {
        for text in ["src/a.rs", "src/we*rd?/[x].rs", "crates/a b/lib.rs"] {
            let glob = Glob::new(&literal_glob(text), GlobKind::Path).unwrap_or_else(|e| panic!("{e}"));
            assert!(glob.matches(text), "{text}");
            assert!(!glob.matches(&format!("{text}x")));
        }
        assert!(!Glob::new(&literal_glob("src/a*.rs"), GlobKind::Path).unwrap().matches("src/ab.rs"));
    }
}
