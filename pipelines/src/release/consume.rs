//! The consumers of an attestation: `verify` (one file against trusted keys, `.crate` files and
//! the policy bundle) and `publish` (re-package, verify every crate against its attestation, and
//! only then run `cargo publish`). Neither reads a cache.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::read_regular;
use gate_core::policy::{Policy, Role};
use gate_core::sign::keys::load_public;
use gate_core::sign::VerifyingKey;
use gate_core::time::Date;
use serde::Serialize;

use super::bundle_digest::bundle_digest;
use super::package::{crate_digest, package, publishable, PackageOptions, Packaged};
use super::verify::{verify_text, TrustedKey, VerifyInputs, VerifyReport};
use crate::load::Loaded;
use crate::Error;

/// An attestation file is small; anything larger is not one.
const ATTESTATION_LIMIT: u64 = 16 << 20;

/// What `verify` checks the file against.
#[derive(Clone, Debug, Default)]
pub struct VerifyRequest {
    /// `.crate` files that must be subjects.
    pub crates: Vec<Utf8PathBuf>,
    /// Trust this public key instead of the policy's `release-signer` keys.
    pub key: Option<Utf8PathBuf>,
    /// Do not compare the policy bundle.
    pub any_policy: bool,
}

/// The keys `verify` trusts: `--key`, else every policy key (with its role and expiry).
///
/// # Errors
/// `--key` is not a usable public key.
pub fn trusted_keys(key: Option<&Utf8Path>, policy: Option<&Policy>, today: Date) -> Result<Vec<TrustedKey>, Error> {
    if let Some(file) = key {
        let key = load_public(file).map_err(|e| Error::Usage(format!("--key {e}")))?;
        return Ok(vec![TrustedKey { id: file.to_string(), key, release_signer: true }]);
    }
    Ok(policy
        .map(|p| p.keys.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|k| {
            let key = VerifyingKey::from_bytes(&k.public).ok()?;
            let signer = k.roles.contains(&Role::ReleaseSigner) && k.expires.is_none_or(|e| e >= today);
            Some(TrustedKey { id: k.id.clone(), key, release_signer: signer })
        })
        .collect())
}

/// Verifies the attestation `file`; `loaded` is needed unless `--key` and `--any-policy`.
///
/// # Errors
/// The file or a `.crate` cannot be read, or `--key` is unusable.
pub fn verify(
    file: &Utf8Path,
    loaded: Option<&Loaded>,
    request: &VerifyRequest,
    today: Date,
) -> Result<VerifyReport, Error> {
    let bytes = read_regular(file, ATTESTATION_LIMIT).map_err(|e| Error::Usage(e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    let keys = trusted_keys(request.key.as_deref(), loaded.map(|l| &l.policy), today)?;
    let crates = request
        .crates
        .iter()
        .map(|c| crate_digest(c).map(|sha| (c.to_string(), sha)).map_err(Error::Usage))
        .collect::<Result<Vec<_>, _>>()?;
    let digest = match (request.any_policy, loaded) {
        (true, _) => None,
        (false, Some(l)) => Some(bundle_digest(&l.ws)?.sha256),
        (false, None) => {
            return Err(Error::Usage("comparing the policy bundle needs the workspace (or --any-policy)".into()))
        }
    };
    Ok(verify_text(file, &text, &VerifyInputs { keys: &keys, crates: &crates, policy_digest: digest.as_deref() }))
}

/// What `publish` was asked.
#[derive(Clone, Debug, Default)]
pub struct PublishRequest {
    /// Members to publish (`-p`); every publishable member when empty.
    pub packages: Vec<String>,
    /// The release directory (default `target/gate/release`).
    pub release_dir: Option<Utf8PathBuf>,
    /// Trust this public key instead of the policy's.
    pub key: Option<Utf8PathBuf>,
    /// How to re-package.
    pub package: PackageOptions,
    /// Arguments for `cargo publish`, unchanged.
    pub cargo_args: Vec<String>,
}

/// One crate `publish` looked at.
#[derive(Clone, Debug, Serialize)]
pub struct PublishedCrate {
    /// The re-packaged crate.
    pub crate_: Packaged,
    /// Its attestation.
    pub attestation: Utf8PathBuf,
    /// What verifying it found (empty when the attestation is missing).
    pub verified: VerifyReport,
}

/// What `publish` did.
#[derive(Clone, Debug, Serialize)]
pub struct PublishReport {
    /// Every crate with its verification.
    pub crates: Vec<PublishedCrate>,
    /// Why nothing was published, when it was not.
    pub refused: Vec<String>,
    /// Whether `cargo publish` ran, and its exit code.
    pub cargo_exit: Option<i32>,
}

/// Re-packages, verifies every crate against its attestation, and runs `cargo publish` only when
/// all verify.
///
/// # Errors
/// The policy's keys or bundle cannot be read, or `cargo publish` cannot be started.
pub fn publish(loaded: &Loaded, request: &PublishRequest, today: Date) -> Result<PublishReport, Error> {
    let mut members = publishable(&loaded.ws);
    if !request.packages.is_empty() {
        members.retain(|(name, _)| request.packages.contains(name));
    }
    let mut refused = Vec::new();
    if members.is_empty() {
        refused.push("no publishable member matches".to_owned());
    }
    let crates = package(&loaded.ws, &members, &request.package).unwrap_or_else(|why| {
        refused.push(why);
        Vec::new()
    });
    let dir = request.release_dir.clone().unwrap_or_else(|| super::run::default_out_dir(loaded));
    let keys = trusted_keys(request.key.as_deref(), Some(&loaded.policy), today)?;
    let digest = bundle_digest(&loaded.ws)?.sha256;
    let mut checked = Vec::new();
    for c in crates {
        let attestation = dir.join(format!("{}-{}.intoto.jsonl", c.name, c.version));
        let verified = match read_regular(&attestation, ATTESTATION_LIMIT) {
            Ok(bytes) => {
                let shown = [(c.file.to_string(), c.sha256.clone())];
                let inputs = VerifyInputs { keys: &keys, crates: &shown, policy_digest: Some(&digest) };
                verify_text(&attestation, &String::from_utf8_lossy(&bytes), &inputs)
            }
            Err(e) => {
                refused.push(format!("no attestation for {}: {} (run `cargo gate release`)", c.name, e.reason()));
                VerifyReport::default()
            }
        };
        if !verified.passed() && !verified.checks.is_empty() {
            refused.push(format!("the attestation of {} does not verify for this `.crate`", c.name));
        }
        checked.push(PublishedCrate { crate_: c, attestation, verified });
    }
    let cargo_exit = if refused.is_empty() { Some(run_cargo_publish(&loaded.ws.root, request)?) } else { None };
    Ok(PublishReport { crates: checked, refused, cargo_exit })
}

fn run_cargo_publish(root: &Utf8Path, request: &PublishRequest) -> Result<i32, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.arg("publish").current_dir(root);
    for name in &request.packages {
        cmd.arg("-p").arg(name);
    }
    cmd.args(&request.cargo_args);
    let status = cmd.status().map_err(|e| Error::Io(format!("cannot run `cargo publish`: {e}")))?;
    Ok(status.code().unwrap_or(1))
}
