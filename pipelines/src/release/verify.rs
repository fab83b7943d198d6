//! `verify`: an attestation file checked as a consumer would (PRODUCT.md §8) — every envelope's
//! signature by a trusted `release-signer` key, each given `.crate` a subject, the VSA `PASSED`,
//! and the policy bundle it was judged by the one in the tree (unless `--any-policy`).

use camino::Utf8Path;
use gate_core::sign::dsse::Envelope;
use gate_core::sign::keys::keyid;
use gate_core::sign::VerifyingKey;
use serde::Serialize;
use serde_json::Value;

use super::statement::{PAYLOAD_TYPE, RELEASE_GATE_V1, STATEMENT_V1, VSA_V1};

/// A key the verifier trusts, and whether it may sign releases.
#[derive(Clone, Debug)]
pub struct TrustedKey {
    /// Its id in the policy (or the file it came from).
    pub id: String,
    /// The key.
    pub key: VerifyingKey,
    /// Whether it has the `release-signer` role (and is not expired).
    pub release_signer: bool,
}

/// One check `verify` made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `signature`, `role`, `subject`, `vsa-result`, `policy-digest`, `format`.
    pub check: &'static str,
    /// Whether it held.
    pub ok: bool,
    /// What was checked, or why it failed.
    pub detail: String,
}

/// What `verify` found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct VerifyReport {
    /// Every check, in the order made.
    pub checks: Vec<Check>,
    /// The subjects the attestation names: `(name, sha256)`.
    pub subjects: Vec<(String, String)>,
}

impl VerifyReport {
    /// Whether every check held (and there was at least one signature check).
    #[must_use]
    pub fn passed(&self) -> bool {
        self.checks.iter().any(|c| c.check == "signature") && self.checks.iter().all(|c| c.ok)
    }

    fn add(&mut self, check: &'static str, ok: bool, detail: impl Into<String>) {
        self.checks.push(Check { check, ok, detail: detail.into() });
    }
}

/// What to check the attestation against.
pub struct VerifyInputs<'a> {
    /// Keys trusted to sign.
    pub keys: &'a [TrustedKey],
    /// `.crate` files that must be subjects: `(shown name, sha256)`.
    pub crates: &'a [(String, String)],
    /// The current policy-bundle digest; `None` with `--any-policy`.
    pub policy_digest: Option<&'a str>,
}

/// Verifies the text of an `.intoto.jsonl` file.
#[must_use]
pub fn verify_text(file: &Utf8Path, text: &str, inputs: &VerifyInputs<'_>) -> VerifyReport {
    let mut report = VerifyReport::default();
    let mut statements = Vec::new();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        report.add("format", false, format!("{file} holds no envelope"));
    }
    for (n, line) in lines.iter().enumerate() {
        match serde_json::from_str::<Envelope>(line) {
            Ok(envelope) => statements.extend(check_envelope(&envelope, n + 1, inputs.keys, &mut report)),
            Err(e) => report.add("format", false, format!("{file}:{}: not a DSSE envelope: {e}", n + 1)),
        }
    }
    check_statements(&statements, inputs, &mut report);
    report
}

/// Checks one envelope's signature and role; returns its statement when it verifies.
fn check_envelope(envelope: &Envelope, line: usize, keys: &[TrustedKey], report: &mut VerifyReport) -> Option<Value> {
    if envelope.payload_type != PAYLOAD_TYPE {
        report.add(
            "format",
            false,
            format!("line {line}: payload type `{}`, not {PAYLOAD_TYPE}", envelope.payload_type),
        );
        return None;
    }
    let signer = envelope.signatures.iter().find_map(|s| keys.iter().find(|k| keyid(&k.key) == s.keyid));
    let Some(signer) = signer else {
        let ids: Vec<&str> = envelope.signatures.iter().map(|s| s.keyid.as_str()).collect();
        report.add("signature", false, format!("line {line}: signed by no trusted key (keyid {})", ids.join(", ")));
        return None;
    };
    let payload = match envelope.verify(&signer.key) {
        Ok(payload) => {
            report.add("signature", true, format!("line {line}: verifies with key `{}`", signer.id));
            payload
        }
        Err(e) => {
            report.add("signature", false, format!("line {line}: {e}"));
            return None;
        }
    };
    let role = if signer.release_signer { "has the release-signer role" } else { "is not a release-signer" };
    report.add("role", signer.release_signer, format!("line {line}: key `{}` {role}", signer.id));
    match serde_json::from_slice::<Value>(&payload) {
        Ok(st) if st["_type"] == STATEMENT_V1 => Some(st),
        _ => {
            report.add("format", false, format!("line {line}: the payload is not an in-toto Statement v1"));
            None
        }
    }
}

fn check_statements(statements: &[Value], inputs: &VerifyInputs<'_>, report: &mut VerifyReport) {
    let of_type = |t: &str| statements.iter().find(|s| s["predicateType"] == t);
    let (Some(vsa), Some(gate)) = (of_type(VSA_V1), of_type(RELEASE_GATE_V1)) else {
        report.add("format", false, "the attestation needs a verification summary and a release-gate statement");
        return;
    };
    let result = vsa["predicate"]["verificationResult"].as_str().unwrap_or("missing");
    report.add("vsa-result", result == "PASSED", format!("verificationResult is {result}"));
    let subjects: Vec<(String, String)> = vsa["subject"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| (s["name"].as_str().unwrap_or("").to_owned(), s["digest"]["sha256"].as_str().unwrap_or("").to_owned()))
        .collect();
    for (name, sha) in inputs.crates {
        let ok = subjects.iter().any(|(_, s)| s == sha);
        report.add(
            "subject",
            ok,
            format!("{name} (sha256 {sha}) {}", if ok { "is a subject" } else { "is not a subject" }),
        );
    }
    let same_subjects = gate["subject"] == vsa["subject"];
    report.add("subject", same_subjects, "both statements name the same subjects");
    report.subjects = subjects;
    if let Some(current) = inputs.policy_digest {
        let attested = gate["predicate"]["policyDigest"].as_str().unwrap_or("");
        let vsa_digest = vsa["predicate"]["policy"]["digest"]["sha256"].as_str().unwrap_or("");
        let ok = attested == current && vsa_digest == current;
        let detail = if ok {
            format!("the policy bundle is the one attested ({current})")
        } else {
            format!("the policy bundle changed: attested {attested}, now {current}")
        };
        report.add("policy-digest", ok, detail);
    }
}
