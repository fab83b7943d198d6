//! Compiling a claim: each `[[evidence]]` becomes a requirement judged against the manifest and
//! the files on disk, in this order — not recorded or gone (`missing`), digest changed since it
//! was recorded (`tampered`), recorded as another kind or proving nothing or the wrong thing
//! (`failing`), recorded longer ago than `max_age_days` (`stale`) — else `satisfied`.

use camino::Utf8Path;
use gate_core::policy::Policy;
use gate_core::time::Instant;

use super::model::{Claim, EvidenceSpec, Requirement};
use super::requirement::{CompiledClaim, Evaluated, EvidenceFile, Status};
use super::{judge, judge_attestation, judge_profile};
use crate::evidence::{confine, hash_file, Entry, FileDigest, Manifest, RecordKind, Repo};
use crate::Error;

/// The most of an evidence file read to judge its content (benchmarks, reports, attestations).
pub const EVIDENCE_LIMIT: u64 = 64 << 20;

/// What claims are judged against.
pub struct Context<'a> {
    /// The workspace.
    pub repo: &'a Repo,
    /// The evidence manifest.
    pub manifest: &'a Manifest,
    /// The policy (its keys verify attestations).
    pub policy: &'a Policy,
    /// The instant evidence age is measured at.
    pub now: Instant,
    /// The workspace's profiles, read on first use.
    pub profiles: std::cell::OnceCell<Vec<crate::profiles::Profile>>,
}

/// A requirement's status, its reason and the files it rests on.
pub(super) struct Judged {
    pub status: Status,
    pub reason: String,
    pub evidence: Vec<EvidenceFile>,
}

impl Judged {
    pub(super) fn new(status: Status, reason: impl Into<String>) -> Self {
        Self { status, reason: reason.into(), evidence: Vec::new() }
    }
}

/// Compiles a claim into its evaluated requirements.
///
/// # Errors
/// A `profile` requirement names a profile that does not exist, or the profiles are invalid.
pub fn compile(cx: &Context<'_>, claim: &Claim) -> Result<CompiledClaim, Error> {
    let requirements = claim.evidence.iter().map(|req| evaluate(cx, claim, req)).collect::<Result<Vec<_>, _>>()?;
    Ok(CompiledClaim::new(claim, requirements))
}

fn evaluate(cx: &Context<'_>, claim: &Claim, req: &Requirement) -> Result<Evaluated, Error> {
    let spec = &req.spec;
    let judged = match spec {
        EvidenceSpec::Profile { profile, require } => judge_profile::judge(cx, claim, req.line, profile, *require)?,
        _ => judge_file_requirement(cx, claim, spec),
    };
    let command = (judged.status != Status::Satisfied).then(|| command_for(cx.manifest, spec));
    Ok(Evaluated {
        kind: spec.kind(),
        path: spec.path().cloned(),
        profile: match spec {
            EvidenceSpec::Profile { profile, .. } => Some(profile.clone()),
            _ => None,
        },
        condition: spec.condition(),
        status: judged.status,
        reason: judged.reason,
        command,
        evidence: judged.evidence,
        line: req.line,
    })
}

fn judge_file_requirement(cx: &Context<'_>, claim: &Claim, spec: &EvidenceSpec) -> Judged {
    let Some(path) = spec.path() else {
        return Judged::new(Status::Failing, "no file named");
    };
    let (entry, content) = match recorded(cx, path, !matches!(spec, EvidenceSpec::File { .. })) {
        Ok(found) => found,
        Err(judged) => return judged,
    };
    let evidence = vec![evidence_file(entry)];
    let accepted: &[RecordKind] = match spec {
        EvidenceSpec::Junit { .. } => &[RecordKind::Results, RecordKind::File],
        EvidenceSpec::Benchmark { .. } => &[RecordKind::Benchmark],
        EvidenceSpec::Attestation { .. } => &[RecordKind::Attestation],
        _ => &[RecordKind::File, RecordKind::Results, RecordKind::Benchmark, RecordKind::Attestation],
    };
    if !accepted.contains(&entry.kind) {
        let wanted = accepted.first().map_or("file", |k| k.name());
        let reason = format!("`{path}` is recorded as `{}`, not as `{wanted}`", entry.kind.name());
        return Judged { status: Status::Failing, reason, evidence };
    }
    let verdict = match (spec, &content) {
        (EvidenceSpec::File { .. }, _) => judge::file(path, entry.size),
        (EvidenceSpec::Junit { tests, .. }, Some(bytes)) => judge::junit(path, bytes, tests),
        (EvidenceSpec::Benchmark { metric, min, max, .. }, Some(bytes)) => {
            judge::benchmark(path, bytes, metric, *min, *max)
        }
        (EvidenceSpec::Attestation { key, .. }, Some(bytes)) => {
            judge_attestation::judge(path, bytes, cx.policy, key.as_deref(), cx.now)
        }
        _ => Err("the content was not read".to_owned()),
    };
    match verdict {
        Err(reason) => Judged { status: Status::Failing, reason, evidence },
        Ok(reason) => match stale(claim, entry, cx.now) {
            Some(reason) => Judged { status: Status::Stale, reason, evidence },
            None => Judged { status: Status::Satisfied, reason, evidence },
        },
    }
}

/// The manifest entry of `path` and, when `read` is set, the content whose digest matched it.
fn recorded<'m>(cx: &Context<'m>, path: &Utf8Path, read: bool) -> Result<(&'m Entry, Option<Vec<u8>>), Judged> {
    let manifest = cx.manifest;
    let Some(entry) = manifest.entry(path) else {
        return Err(Judged::new(Status::Missing, format!("`{path}` is not recorded in {}", manifest.file)));
    };
    let with_entry = |status, reason: String| Judged { status, reason, evidence: vec![evidence_file(entry)] };
    let confined = confine(cx.repo, path.as_str())
        .map_err(|e| with_entry(Status::Failing, format!("`{path}` is refused: {e}")))?;
    if !confined.exists {
        return Err(with_entry(
            Status::Missing,
            format!("`{path}` is recorded in {} but the file is gone", manifest.file),
        ));
    }
    let (digest, content) = if read {
        let bytes = crate::evidence::read_bounded(&confined.abs, EVIDENCE_LIMIT)
            .map_err(|e| with_entry(Status::Failing, format!("`{path}`: {e}")))?;
        (FileDigest::of(&bytes), Some(bytes))
    } else {
        (hash_file(&confined.abs).map_err(|e| with_entry(Status::Failing, format!("`{path}`: {e}")))?, None)
    };
    if digest.sha256 != entry.sha256 {
        return Err(with_entry(Status::Tampered, tampered_reason(path, &digest.sha256, entry)));
    }
    Ok((entry, content))
}

pub(super) fn tampered_reason(path: &Utf8Path, actual: &str, entry: &Entry) -> String {
    format!(
        "`{path}` changed since it was recorded: sha256 {} now, {} recorded at {}",
        short(actual),
        short(&entry.sha256),
        entry.recorded
    )
}

fn short(digest: &str) -> &str {
    digest.get(..12).unwrap_or(digest)
}

pub(super) fn evidence_file(entry: &Entry) -> EvidenceFile {
    EvidenceFile {
        path: entry.path.clone(),
        sha256: entry.sha256.clone(),
        recorded: entry.recorded.clone(),
        commit: entry.commit.clone(),
    }
}

/// `Some(reason)` when `entry` is older than the claim allows at `now`.
pub(super) fn stale(claim: &Claim, entry: &Entry, now: Instant) -> Option<String> {
    let max_days = claim.max_age_days?;
    let age_secs = now.0 - entry.recorded_at.0;
    (age_secs > i64::from(max_days) * 86_400).then(|| {
        format!(
            "`{}` was recorded {} days ago ({}), more than max_age_days = {max_days}",
            entry.path,
            age_secs / 86_400,
            entry.recorded
        )
    })
}

/// The command that would produce the evidence a requirement needs.
fn command_for(manifest: &Manifest, spec: &EvidenceSpec) -> String {
    let record = |path: &Utf8Path, kind: &str| format!("cargo gate evidence record {path} --kind {kind}");
    match spec {
        EvidenceSpec::File { path } => record(path, manifest.entry(path).map_or("file", |e| e.kind.name())),
        EvidenceSpec::Junit { path, .. } => match manifest.entry(path) {
            Some(Entry { kind: RecordKind::Results, profile: Some(p), .. }) => {
                format!("{} --profile {p}", record(path, "results"))
            }
            _ => record(path, "file"),
        },
        EvidenceSpec::Benchmark { path, .. } => record(path, "benchmark"),
        EvidenceSpec::Attestation { path, .. } => record(path, "attestation"),
        EvidenceSpec::Profile { profile, .. } => match manifest.results_for(profile).as_slice() {
            [] => format!("cargo gate evidence record <RESULTS-FILE> --kind results --profile {profile}"),
            entries => {
                let commands: Vec<String> =
                    entries.iter().map(|e| format!("{} --profile {profile}", record(&e.path, "results"))).collect();
                commands.join(" && ")
            }
        },
    }
}
