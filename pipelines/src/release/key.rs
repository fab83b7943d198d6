//! The release key: `[release] key` names a policy key with the `release-signer` role, and the
//! KEYFILE given with `--key` must be its secret half. Anything else is unusable input (exit 2),
//! named.

use camino::Utf8Path;
use gate_core::config::ConfigError;
use gate_core::policy::{Policy, ReleasePolicy, Role, TrustedKey};
use gate_core::sign::keys::{load_secret, policy_public};
use gate_core::sign::SigningKey;

use crate::Error;

/// The policy's `[release]` section, or an error naming the policy directory.
///
/// # Errors
/// The policy has no `[release]` section.
pub fn release_policy<'a>(policy: &'a Policy, policies_dir: &Utf8Path) -> Result<&'a ReleasePolicy, Error> {
    policy.release.as_ref().ok_or_else(|| {
        Error::Config(vec![ConfigError::whole_file(policies_dir, "the policy has no `[release]` section")
            .with_help("add `[release]` with `profiles`, `claims` and `key` (see docs/release.md)")])
    })
}

/// The policy key `[release] key` names; it must be a `release-signer`.
///
/// # Errors
/// No `key`, a key id the policy does not list, or a key without the role.
pub fn release_key<'a>(
    policy: &'a Policy,
    release: &ReleasePolicy,
    policies_dir: &Utf8Path,
) -> Result<&'a TrustedKey, Error> {
    let fail = |message: String, help: &str| {
        Error::Config(vec![ConfigError::whole_file(policies_dir, message).with_help(help)])
    };
    let Some(id) = &release.key else {
        return Err(fail(
            "`[release]` names no `key`".to_owned(),
            "set `key` to the id of a [[key]] with roles = [\"release-signer\"]",
        ));
    };
    let Some(key) = policy.keys.iter().find(|k| &k.id == id) else {
        let ids: Vec<&str> = policy.keys.iter().map(|k| k.id.as_str()).collect();
        let help = gate_core::config::did_you_mean(id, ids.iter().copied())
            .map_or_else(|| format!("keys in the policy: {}", ids.join(", ")), |s| format!("did you mean `{s}`?"));
        return Err(fail(format!("`[release] key = \"{id}\"` names no [[key]]"), &help));
    };
    if !key.roles.contains(&Role::ReleaseSigner) {
        return Err(fail(format!("key `{id}` has no `release-signer` role"), "add \"release-signer\" to its `roles`"));
    }
    Ok(key)
}

/// Reads KEYFILE and checks that it is the secret half of `key`.
///
/// # Errors
/// Not an Ed25519 PKCS#8 PEM key, or not the secret half of `key`.
pub fn signing_key(keyfile: &Utf8Path, key: &TrustedKey, policy: &Policy) -> Result<SigningKey, Error> {
    let secret = load_secret(keyfile).map_err(|e| Error::Usage(format!("--key {e}")))?;
    let public = secret.verifying_key();
    if public.as_bytes() == &key.public {
        return Ok(secret);
    }
    let other = policy.keys.iter().find(|k| k.public == *public.as_bytes());
    let what = match other {
        Some(other) => format!("the secret half of `{}`", other.id),
        None => format!("a key the policy does not list ({})", policy_public(&public)),
    };
    Err(Error::Usage(format!("--key {keyfile} is {what}, not of the release key `{}`", key.id)))
}
