//! Judging waivers: expiry, lifetime, signatures against the trusted keys, duplicate ids.

use std::collections::{BTreeMap, BTreeSet};

use gate_core::finding::Severity;
use gate_core::policy::{check_rule_id, IdUse, Policy, Role};
use gate_core::time::Date;
use lints::rules::Registry;

use super::parse::{LoadedWaiver, Waiver, WAIVER_PAYLOAD_TYPE};
use super::problem::{Problem, ProblemKind, Status};
use gate_core::sign::dsse::pae;
use gate_core::sign::keys::verify_b64;

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
    pub fn status(&self) -> Status {
        let worst = self.problems.iter().find(|p| p.severity == Severity::Error).or_else(|| self.problems.first());
        worst.map_or(Status::Valid, |p| Status::Problem(p.kind))
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
                    kind: ProblemKind::Invalid,
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

/// Every waiver sharing an id with another is flagged: `waived_by` must name one exception. Ids
/// compare after NFKC normalisation and case folding, so `W-0001`, `w-0001` and `Ｗ-０００１` collide.
fn flag_duplicate_ids(judged: &mut [Judged<'_>]) {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in judged.iter().filter_map(Judged::waiver) {
        files.entry(id_key(&w.id.value)).or_default().push(w.file.name.to_string());
    }
    for j in judged.iter_mut() {
        let Some(w) = j.waiver() else { continue };
        let (id, file, span) = (w.id.value.clone(), w.file.name.to_string(), w.id.span.clone());
        let others: Vec<&String> = files.get(&id_key(&id)).into_iter().flatten().filter(|f| **f != file).collect();
        if !others.is_empty() {
            let list: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
            j.problems.push(Problem::error(
                ProblemKind::DuplicateId,
                format!("waiver id `{id}` is also used by {}", list.join(", ")),
                "give every waiver its own id (`cargo gate waiver new` picks the next free one)",
                Some(span),
            ));
        }
    }
}

/// What two waiver ids are compared by.
fn id_key(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    id.nfkc().flat_map(char::to_lowercase).collect()
}

fn judge_one<'a>(loaded: &'a LoadedWaiver, w: &Waiver, policy: &Policy, today: Date) -> Judged<'a> {
    let mut problems = Vec::new();
    let days_left = today.days_until(w.expires.value);
    if days_left < 0 {
        problems.push(Problem::error(
            ProblemKind::Expired,
            format!("waiver `{}` expired on {}", w.id.value, w.expires.value),
            "fix the finding it covered, or renew the waiver with a new expiry and new signatures",
            Some(w.expires.span.clone()),
        ));
    }
    if w.created.value > today {
        problems.push(Problem::error(
            ProblemKind::NotYetValid,
            format!("waiver `{}` is created on {}, in the future", w.id.value, w.created.value),
            "a waiver counts from its `created` date; check the date (or `--now`)",
            Some(w.created.span.clone()),
        ));
    }
    let lifetime = w.created.value.days_until(w.expires.value);
    if lifetime > i64::from(policy.waivers.max_days) {
        problems.push(Problem::error(
            ProblemKind::TooLong,
            format!(
                "waiver `{}` lives {lifetime} days, more than the policy's max_days = {}",
                w.id.value, policy.waivers.max_days
            ),
            "shorten it: exceptions are reviewed again when they expire",
            Some(w.expires.span.clone()),
        ));
    }
    if let Err(e) = check_rule_id(&w.rule, IdUse::Waiver, &Registry, policy) {
        problems.push(Problem::error(
            ProblemKind::Invalid,
            format!("invalid waiver: {}", e.message),
            &e.help,
            Some(w.rule_span.clone()),
        ));
    }
    let signers = check_signatures(w, policy, today, &mut problems);
    if problems.is_empty() && days_left <= i64::from(policy.waivers.warn_days) {
        problems.push(Problem::warning(
            ProblemKind::Expiring,
            format!("waiver `{}` expires in {days_left} days ({})", w.id.value, w.expires.value),
            "fix the finding it covers, or renew the waiver",
            Some(w.expires.span.clone()),
        ));
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
                ProblemKind::UntrustedKey,
                format!("waiver `{}` is signed by `{}`, which is not a trusted key", w.id.value, sig.key),
                "only keys listed as [[key]] in the policy count",
                span,
            )),
            Some(key) if !key.roles.contains(&Role::WaiverApprover) => Some(Problem::error(
                ProblemKind::WrongRole,
                format!("waiver `{}` is signed by `{}`, which is not a waiver-approver", w.id.value, sig.key),
                "a key signs waivers only with `roles = [\"waiver-approver\"]`",
                span,
            )),
            Some(key) if key.expires.is_some_and(|e| e < today) => Some(Problem::error(
                ProblemKind::KeyExpired,
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
                    ProblemKind::BadSignature,
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
            ProblemKind::Unsigned,
            format!("waiver `{}` is not signed", w.id.value),
            &format!("an approver signs it with `cargo gate waiver sign {} --key <keyfile>`", w.id.value),
            None,
        ));
    } else if signers.len() < required && signature_problems == 0 {
        problems.push(Problem::error(
            ProblemKind::InsufficientSignatures,
            format!(
                "waiver `{}` has {} valid approver signature(s); the policy requires {required}",
                w.id.value,
                signers.len()
            ),
            &format!("another approver signs it with `cargo gate waiver sign {} --key <keyfile>`", w.id.value),
            None,
        ));
    }
    signers.into_iter().collect()
}
