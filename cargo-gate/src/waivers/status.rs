//! Judging waivers: expiry, lifetime, signatures against the trusted keys, duplicate ids.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use lints::finding::Severity;
use lints::policy::{Policy, Role};
use lints::time::Date;

use super::parse::{LoadedWaiver, Waiver, WAIVER_PAYLOAD_TYPE};
use crate::dsse::pae;
use crate::keys::verify_b64;

/// One problem with a waiver: a `waiver/<kind>` finding at its file.
#[derive(Clone, Debug)]
pub struct Problem {
    /// `expired`, `bad-signature`, … (the rule is `waiver/<kind>`).
    pub kind: &'static str,
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
    fn error(kind: &'static str, message: String, help: &str, span: Option<Range<usize>>) -> Self {
        Self { kind, severity: Severity::Error, message, help: Some(help.to_owned()), span }
    }
}

/// A waiver with its verdict.
#[derive(Debug)]
pub struct Judged<'a> {
    /// The waiver as loaded.
    pub loaded: &'a LoadedWaiver,
    /// Its problems (empty: valid).
    pub problems: Vec<Problem>,
    /// Ids of the trusted approver keys whose signatures verify.
    pub signers: Vec<String>,
    /// Days until expiry (negative once expired).
    pub days_left: Option<i64>,
}

impl Judged<'_> {
    /// The waiver, if its file is well-formed.
    #[must_use]
    pub fn waiver(&self) -> Option<&Waiver> {
        match self.loaded {
            LoadedWaiver::Ok(w) => Some(w),
            LoadedWaiver::Invalid { .. } => None,
        }
    }

    /// Whether it may cover findings: well-formed and without an error-level problem.
    #[must_use]
    pub fn acceptable(&self) -> bool {
        self.waiver().is_some() && !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// `valid`, or its most serious problem.
    #[must_use]
    pub fn status(&self) -> &'static str {
        let worst = self.problems.iter().find(|p| p.severity == Severity::Error).or_else(|| self.problems.first());
        worst.map_or("valid", |p| p.kind)
    }
}

/// Judges every waiver as of `today`.
#[must_use]
pub fn judge<'a>(waivers: &'a [LoadedWaiver], policy: &Policy, today: Date) -> Vec<Judged<'a>> {
    let mut judged: Vec<Judged<'a>> = waivers
        .iter()
        .map(|loaded| match loaded {
            LoadedWaiver::Invalid { error, .. } => Judged {
                loaded,
                problems: vec![Problem {
                    kind: "invalid",
                    severity: Severity::Error,
                    message: format!("invalid waiver: {}", error.message),
                    help: error.help.clone().or_else(|| Some("see docs/waivers.md for the waiver format".to_owned())),
                    span: None,
                }],
                signers: Vec::new(),
                days_left: None,
            },
            LoadedWaiver::Ok(w) => judge_one(loaded, w, policy, today),
        })
        .collect();
    flag_duplicate_ids(&mut judged);
    judged
}

/// Every waiver sharing an id with another is flagged: `waived_by` must name one exception.
fn flag_duplicate_ids(judged: &mut [Judged<'_>]) {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in judged.iter().filter_map(Judged::waiver) {
        files.entry(w.id.value.clone()).or_default().push(w.file.name.to_string());
    }
    for j in judged.iter_mut() {
        let Some(w) = j.waiver() else { continue };
        let (id, file, span) = (w.id.value.clone(), w.file.name.to_string(), w.id.span.clone());
        let others: Vec<&String> = files.get(&id).into_iter().flatten().filter(|f| **f != file).collect();
        if !others.is_empty() {
            let list: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
            j.problems.push(Problem::error(
                "duplicate-id",
                format!("waiver id `{id}` is also used by {}", list.join(", ")),
                "give every waiver its own id (`cargo gate waiver new` picks the next free one)",
                Some(span),
            ));
        }
    }
}

fn judge_one<'a>(loaded: &'a LoadedWaiver, w: &Waiver, policy: &Policy, today: Date) -> Judged<'a> {
    let mut problems = Vec::new();
    let days_left = today.days_until(w.expires.value);
    if days_left < 0 {
        problems.push(Problem::error(
            "expired",
            format!("waiver `{}` expired on {}", w.id.value, w.expires.value),
            "fix the finding it covered, or renew the waiver with a new expiry and new signatures",
            Some(w.expires.span.clone()),
        ));
    }
    if w.created.value > today {
        problems.push(Problem::error(
            "not-yet-valid",
            format!("waiver `{}` is created on {}, in the future", w.id.value, w.created.value),
            "a waiver counts from its `created` date; check the date (or `--now`)",
            Some(w.created.span.clone()),
        ));
    }
    let lifetime = w.created.value.days_until(w.expires.value);
    if lifetime > i64::from(policy.waivers.max_days) {
        problems.push(Problem::error(
            "too-long",
            format!(
                "waiver `{}` lives {lifetime} days, more than the policy's max_days = {}",
                w.id.value, policy.waivers.max_days
            ),
            "shorten it: exceptions are reviewed again when they expire",
            Some(w.expires.span.clone()),
        ));
    }
    let signers = check_signatures(w, policy, today, &mut problems);
    if problems.is_empty() && days_left <= i64::from(policy.waivers.warn_days) {
        problems.push(Problem {
            kind: "expiring",
            severity: Severity::Warning,
            message: format!("waiver `{}` expires in {days_left} days ({})", w.id.value, w.expires.value),
            help: Some("fix the finding it covers, or renew the waiver".to_owned()),
            span: Some(w.expires.span.clone()),
        });
    }
    Judged { loaded, problems, signers, days_left: Some(days_left) }
}

/// Checks each `[[signature]]`; returns the distinct trusted approvers whose signatures verify.
fn check_signatures(w: &Waiver, policy: &Policy, today: Date, problems: &mut Vec<Problem>) -> Vec<String> {
    let message = pae(WAIVER_PAYLOAD_TYPE, w.body.as_bytes());
    let mut signers = BTreeSet::new();
    let mut signature_problems = 0;
    for sig in &w.signatures {
        let span = Some(sig.span.clone());
        let problem = match policy.keys.iter().find(|k| k.id == sig.key) {
            None => Some(Problem::error(
                "untrusted-key",
                format!("waiver `{}` is signed by `{}`, which is not a trusted key", w.id.value, sig.key),
                "only keys listed as [[key]] in the policy count",
                span,
            )),
            Some(key) if !key.roles.contains(&Role::WaiverApprover) => Some(Problem::error(
                "wrong-role",
                format!("waiver `{}` is signed by `{}`, which is not a waiver-approver", w.id.value, sig.key),
                "a key signs waivers only with `roles = [\"waiver-approver\"]`",
                span,
            )),
            Some(key) if key.expires.is_some_and(|e| e < today) => Some(Problem::error(
                "key-expired",
                format!(
                    "waiver `{}` is signed by `{}`, whose key expired on {}",
                    w.id.value,
                    sig.key,
                    key.expires.map(|d| d.to_string()).unwrap_or_default()
                ),
                "have a current approver sign it again",
                span,
            )),
            Some(key) => verify_b64(&key.public, &message, &sig.sig).err().map(|why| {
                Problem::error(
                    "bad-signature",
                    format!("the signature of `{}` on waiver `{}` does not verify: {why}", sig.key, w.id.value),
                    "the waiver was changed after it was signed (or the signature is damaged); review it and sign again",
                    span.clone(),
                )
            }),
        };
        match problem {
            Some(p) => {
                signature_problems += 1;
                problems.push(p);
            }
            None => {
                signers.insert(sig.key.clone());
            }
        }
    }
    let required = usize::try_from(policy.waivers.signatures).unwrap_or(usize::MAX);
    if w.signatures.is_empty() {
        problems.push(Problem::error(
            "unsigned",
            format!("waiver `{}` is not signed", w.id.value),
            "an approver signs it with `cargo gate waiver sign <id> --key <keyfile>`",
            None,
        ));
    } else if signers.len() < required && signature_problems == 0 {
        problems.push(Problem::error(
            "insufficient-signatures",
            format!(
                "waiver `{}` has {} valid approver signature(s); the policy requires {required}",
                w.id.value,
                signers.len()
            ),
            "another approver signs it with `cargo gate waiver sign <id> --key <keyfile>`",
            None,
        ));
    }
    signers.into_iter().collect()
}
