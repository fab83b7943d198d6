//! Step 5 of the release gate: for each packaged crate, `<name>-<version>.intoto.jsonl` (a DSSE
//! envelope a line: the SLSA VSA, then the cargo-gate release predicate) and
//! `<name>-<version>.sigstore.json` (a Sigstore bundle of the VSA envelope), signed with the
//! release key and written atomically. The payload bytes are signed as they are; never
//! re-serialized.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::write_atomic;
use gate_core::sign::dsse::Envelope;
use gate_core::sign::keys::keyid;
use gate_core::sign::SigningKey;
use serde_json::Value;

use super::bundle::bundle;
use super::package::Packaged;
use super::statement::{payload, release_gate, vsa, InputFile, Verification, PAYLOAD_TYPE};
use crate::Error;

/// Everything a release attests, beyond the crates.
pub struct Attestation<'a> {
    /// The cargo-gate predicate body.
    pub gate: &'a Value,
    /// The evidence files the verdict rests on.
    pub inputs: &'a [InputFile],
    /// sha256 of the policy bundle.
    pub policy_digest: &'a str,
    /// RFC 3339 time of the verdict.
    pub time_verified: &'a str,
}

/// The two envelopes for one crate: the VSA and the release-gate statement.
#[must_use]
pub fn envelopes(crate_: &Packaged, a: &Attestation<'_>, key: &SigningKey) -> (Envelope, Envelope) {
    let subjects = [crate_.subject()];
    let resource_uri = format!("pkg:cargo/{}@{}", crate_.name, crate_.version);
    let verification = Verification {
        resource_uri: &resource_uri,
        time_verified: a.time_verified,
        policy_digest: a.policy_digest,
        inputs: a.inputs,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let vsa_envelope = Envelope::sign(PAYLOAD_TYPE, &payload(&vsa(&subjects, &verification)), key);
    let gate_envelope = Envelope::sign(PAYLOAD_TYPE, &payload(&release_gate(&subjects, a.gate)), key);
    (vsa_envelope, gate_envelope)
}

/// Writes the attestation and the bundle of every crate into `out`; returns the files written.
///
/// # Errors
/// The directory or a file cannot be written.
pub fn write_all(
    out: &Utf8Path,
    crates: &[Packaged],
    a: &Attestation<'_>,
    key: &SigningKey,
) -> Result<Vec<Utf8PathBuf>, Error> {
    std::fs::create_dir_all(out).map_err(|e| Error::Io(format!("cannot create {out}: {e}")))?;
    let mut written = Vec::new();
    for crate_ in crates {
        let (vsa_envelope, gate_envelope) = envelopes(crate_, a, key);
        let stem = format!("{}-{}", crate_.name, crate_.version);
        let lines = [&vsa_envelope, &gate_envelope].map(|e| serde_json::to_string(e).unwrap_or_default());
        let jsonl = out.join(format!("{stem}.intoto.jsonl"));
        write_atomic(&jsonl, format!("{}\n{}\n", lines[0], lines[1]).as_bytes())?;
        let sigstore = out.join(format!("{stem}.sigstore.json"));
        let bundle = bundle(&vsa_envelope, &keyid(&key.verifying_key()));
        let mut text = serde_json::to_string_pretty(&bundle).unwrap_or_default();
        text.push('\n');
        write_atomic(&sigstore, text.as_bytes())?;
        written.extend([jsonl, sigstore]);
    }
    Ok(written)
}
