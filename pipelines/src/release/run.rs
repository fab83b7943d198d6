//! `release`: steps 1–5 of PRODUCT.md §8 in order, every gap collected before deciding, and the
//! attestation written only when there is none.

use camino::Utf8PathBuf;
use gate_core::policy::{Policy, ReleaseClaims};
use gate_core::time::Instant;
use serde::Serialize;
use serde_json::{json, Value};

use super::attest::{write_all, Attestation};
use super::bundle_digest::bundle_digest;
use super::gaps::{check_gaps, claims_gaps, Gap};
use super::key::{release_key, release_policy, signing_key};
use super::package::{package, publishable, PackageOptions, Packaged};
use super::profiles_step::{evaluate_recorded, ProfileOutcome};
use super::statement::InputFile;
use crate::check::{CheckOptions, CheckReport};
use crate::claims::{ClaimsOptions, ClaimsReport, CompiledClaim};
use crate::evidence::{GitState, Manifest, Repo};
use crate::load::Loaded;
use crate::profiles::{find_profile, load_profiles};
use crate::Error;

/// What the user asked of `release`.
#[derive(Clone, Debug)]
pub struct ReleaseOptions {
    /// Where the attestations go (default `<target>/gate/release`).
    pub out_dir: Option<Utf8PathBuf>,
    /// The release KEYFILE (needed unless `dry_run`).
    pub key: Option<Utf8PathBuf>,
    /// Evaluate everything, write nothing.
    pub dry_run: bool,
    /// Accept uncommitted changes (recorded in the attestation).
    pub allow_dirty: bool,
    /// The verdict's time (`--now`, else the clock).
    pub now: Instant,
    /// How to package.
    pub package: PackageOptions,
}

/// What `release` found and did.
#[derive(Clone, Debug, Serialize)]
pub struct ReleaseReport {
    /// Whether every requirement holds.
    pub passed: bool,
    /// Whether nothing was written on purpose.
    pub dry_run: bool,
    /// Every missing or failing requirement.
    pub gaps: Vec<Gap>,
    /// The commit attested.
    pub commit: Option<String>,
    /// Whether the tree had uncommitted changes.
    pub dirty: bool,
    /// The policy-bundle digest.
    pub policy_digest: String,
    /// The packaged crates.
    pub crates: Vec<Packaged>,
    /// The files written.
    pub written: Vec<Utf8PathBuf>,
    /// The cargo-gate predicate that was (or would be) attested.
    pub predicate: Value,
}

/// The default release directory of a workspace.
#[must_use]
pub fn default_out_dir(loaded: &Loaded) -> Utf8PathBuf {
    loaded.ws.target_dir.join("gate").join("release")
}

/// Runs the release gate.
///
/// # Errors
/// No `[release]`, a release key the policy does not name or trust, an unusable KEYFILE, an
/// unknown profile or claim id in `[release]`, or an attestation that cannot be written.
pub fn release(loaded: &Loaded, options: &ReleaseOptions) -> Result<ReleaseReport, Error> {
    let (ws, policy) = (&loaded.ws, &loaded.policy);
    let release = release_policy(policy, &ws.layout.policies)?;
    let key = release_key(policy, release, &ws.layout.policies)?;
    let secret = match (&options.key, options.dry_run) {
        (Some(file), _) => Some(signing_key(file, key, policy)?),
        (None, true) => None,
        (None, false) => {
            return Err(Error::Usage(format!("release needs --key KEYFILE: the secret half of `{}`", key.id)));
        }
    };
    let today = options.now.date();
    let mut gaps = Vec::new();
    if key.expires.is_some_and(|e| e < today) {
        gaps.push(Gap::new(
            "key",
            format!("the release key `{}` has expired", key.id),
            "cargo gate key new --role release-signer …",
        ));
    }
    let check = crate::check::check(loaded, &CheckOptions { no_cache: true, ..CheckOptions::default() }, today)?;
    gaps.extend(check_gaps(&check));
    if ws.partial.is_some() {
        gaps.push(Gap::new(
            "check",
            "cargo could not resolve the workspace",
            "make `cargo metadata` succeed (see the resolve/partial finding)",
        ));
    }
    let repo = Repo::from_workspace(ws);
    let manifest = Manifest::load(&repo)?;
    let profiles = profile_step(&repo, &manifest, loaded, &release.profiles, options.now, &mut gaps)?;
    let claims = crate::claims::claims(&repo, policy, &ClaimsOptions { files: Vec::new(), now: options.now })?;
    let in_scope = claims_in_scope(&release.claims, &claims, &ws.layout.policies)?;
    gaps.extend(claims_gaps(&claims, &|id: &str| in_scope.contains(&id.to_owned())));
    let git = crate::evidence::git_state(&ws.root);
    tree_gaps(git.as_ref(), options.allow_dirty, &mut gaps);
    let crates = package_step(loaded, &options.package, &mut gaps);
    let digest = bundle_digest(ws)?;
    let scoped: Vec<&CompiledClaim> = claims.claims.iter().filter(|c| in_scope.contains(&c.id)).collect();
    let predicate = predicate(&PredicateInputs {
        git: git.as_ref(),
        options,
        digest: &digest.sha256,
        check: &check,
        profiles: &profiles,
        claims: &scoped,
        policy,
    });
    let mut report = ReleaseReport {
        passed: gaps.is_empty(),
        dry_run: options.dry_run,
        gaps,
        commit: git.as_ref().and_then(|g| g.commit.clone()),
        dirty: git.as_ref().is_some_and(|g| g.dirty),
        policy_digest: digest.sha256.clone(),
        crates,
        written: Vec::new(),
        predicate,
    };
    if let (true, Some(secret)) = (report.passed && !options.dry_run, secret) {
        let inputs = evidence_inputs(&profiles, &scoped);
        let time = options.now.to_rfc3339();
        let attestation = Attestation {
            gate: &report.predicate,
            inputs: &inputs,
            policy_digest: &digest.sha256,
            time_verified: &time,
        };
        let out = options.out_dir.clone().unwrap_or_else(|| default_out_dir(loaded));
        report.written = write_all(&out, &report.crates, &attestation, &secret)?;
    }
    Ok(report)
}

fn profile_step(
    repo: &Repo,
    manifest: &Manifest,
    loaded: &Loaded,
    ids: &[String],
    now: Instant,
    gaps: &mut Vec<Gap>,
) -> Result<Vec<ProfileOutcome>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let all = load_profiles(&loaded.ws.root, &loaded.ws.layout.profiles)?;
    let mut outcomes = Vec::new();
    for id in ids {
        let profile = find_profile(&all, id, &loaded.ws.layout.profiles)?;
        match evaluate_recorded(repo, manifest, profile, now) {
            Ok(outcome) => outcomes.push(outcome),
            Err(more) => gaps.extend(more),
        }
    }
    Ok(outcomes)
}

fn claims_in_scope(
    scope: &ReleaseClaims,
    report: &ClaimsReport,
    policies: &camino::Utf8Path,
) -> Result<Vec<String>, Error> {
    let known: Vec<String> = report.claims.iter().map(|c| c.id.clone()).collect();
    match scope {
        ReleaseClaims::All => Ok(known),
        ReleaseClaims::Ids(ids) => match ids.iter().find(|id| !known.contains(id)) {
            Some(id) => Err(Error::Config(vec![gate_core::config::ConfigError::whole_file(
                policies,
                format!("`[release] claims` names `{id}`, which is no claim in claims/"),
            )])),
            None => Ok(ids.clone()),
        },
    }
}

fn tree_gaps(git: Option<&GitState>, allow_dirty: bool, gaps: &mut Vec<Gap>) {
    match git {
        None => gaps.push(Gap::new(
            "tree",
            "the workspace is in no git repository: the attestation names a commit",
            "git init && git add -A && git commit",
        )),
        Some(g) if g.commit.is_none() => gaps.push(Gap::new("tree", "the repository has no commit yet", "git commit")),
        Some(g) if g.dirty && !allow_dirty => {
            gaps.push(Gap::new(
                "tree",
                "the tree has uncommitted changes",
                "commit them, or pass --allow-dirty (recorded in the attestation)",
            ));
        }
        Some(_) => {}
    }
}

fn package_step(loaded: &Loaded, options: &PackageOptions, gaps: &mut Vec<Gap>) -> Vec<Packaged> {
    let mut members = publishable(&loaded.ws);
    if !options.packages.is_empty() {
        members.retain(|(name, _)| options.packages.contains(name));
    }
    if members.is_empty() {
        gaps.push(Gap::new("package", "no publishable member to release", "set `publish` in the crate's Cargo.toml"));
        return Vec::new();
    }
    match package(&loaded.ws, &members, options) {
        Ok(crates) => crates,
        Err(why) => {
            gaps.push(Gap::new("package", why, "cargo package --no-verify (and fix what it reports)"));
            Vec::new()
        }
    }
}

/// The evidence files the verdict rests on: recorded results and claim evidence, sorted, unique.
fn evidence_inputs(profiles: &[ProfileOutcome], claims: &[&CompiledClaim]) -> Vec<InputFile> {
    let mut inputs: Vec<InputFile> = profiles.iter().flat_map(|p| p.inputs.iter().cloned()).collect();
    for claim in claims {
        for r in &claim.requirements {
            inputs.extend(r.evidence.iter().map(|e| InputFile { path: e.path.to_string(), sha256: e.sha256.clone() }));
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path).then(a.sha256.cmp(&b.sha256)));
    inputs.dedup();
    inputs
}

struct PredicateInputs<'a> {
    git: Option<&'a GitState>,
    options: &'a ReleaseOptions,
    digest: &'a str,
    check: &'a CheckReport,
    profiles: &'a [ProfileOutcome],
    claims: &'a [&'a CompiledClaim],
    policy: &'a Policy,
}

/// The cargo-gate release predicate: everything the verdict rested on.
fn predicate(p: &PredicateInputs<'_>) -> Value {
    let s = &p.check.summary;
    let waivers: Vec<Value> = p
        .check
        .waivers
        .iter()
        .filter(|w| !w.covers.is_empty())
        .map(|w| json!({"id": w.id, "file": w.file, "digest": {"sha256": waiver_digest(p.check, &w.file)}, "expires": w.expires}))
        .collect();
    let profiles: Vec<Value> = p
        .profiles
        .iter()
        .map(|o| json!({"id": o.id, "version": o.version, "overall": o.overall.as_str(), "digest": {"sha256": o.digest}}))
        .collect();
    let claims: Vec<Value> = p.claims.iter().map(|c| claim_json(c)).collect();
    json!({
        "gitCommit": p.git.and_then(|g| g.commit.clone()),
        "dirty": p.git.is_some_and(|g| g.dirty),
        "allowDirty": p.options.allow_dirty,
        "toolVersion": env!("CARGO_PKG_VERSION"),
        "policyDigest": p.digest,
        "policyFiles": p.policy.files,
        "check": {"errors": s.errors, "warnings": s.warnings, "waived": s.waived, "files": s.files, "crates": s.crates},
        "waivers": waivers,
        "profiles": profiles,
        "claims": claims,
    })
}

fn claim_json(c: &CompiledClaim) -> Value {
    let requirements: Vec<Value> = c
        .requirements
        .iter()
        .map(|r| {
            let evidence: Vec<Value> =
                r.evidence.iter().map(|e| json!({"path": e.path, "digest": {"sha256": e.sha256}})).collect();
            json!({"kind": r.kind.name(), "condition": r.condition, "status": r.status.as_str(), "evidence": evidence})
        })
        .collect();
    json!({"id": c.id, "text": c.text, "backed": c.backed, "requirements": requirements})
}

fn waiver_digest(check: &CheckReport, file: &camino::Utf8Path) -> String {
    gate_core::fsio::read_inside(
        &gate_core::fsio::repo_root(&check.root),
        &check.root.join(file),
        gate_core::fsio::GATE_FILE_LIMIT,
    )
    .map(|bytes| gate_core::text::sha256_hex(&bytes))
    .unwrap_or_default()
}
