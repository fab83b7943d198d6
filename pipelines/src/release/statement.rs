//! The in-toto Statements a release attests (PRODUCT.md §8): an SLSA verification summary (VSA)
//! that standard tooling understands, and the cargo-gate predicate with everything the verdict
//! rested on. Built as JSON values with sorted keys, so the same inputs give the same bytes.

use serde::Serialize;
use serde_json::{json, Value};

/// `_type` of an in-toto Statement v1.
pub const STATEMENT_V1: &str = "https://in-toto.io/Statement/v1";
/// The DSSE payload type of an in-toto Statement.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The SLSA verification summary predicate.
pub const VSA_V1: &str = "https://slsa.dev/verification_summary/v1";
/// The cargo-gate release predicate.
pub const RELEASE_GATE_V1: &str = "https://cargo-gate.dev/release-gate/v1";
/// Who verified: the `verifier.id` of the VSA.
pub const VERIFIER_ID: &str = "https://cargo-gate.dev/cargo-gate";

/// A file the statement is about: a packaged `.crate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// `<name>-<version>.crate`.
    pub name: String,
    /// Its sha256, lowercase hex.
    pub sha256: String,
}

/// A piece of evidence the verdict rested on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// Repository-relative path.
    pub path: String,
    /// Its sha256, lowercase hex.
    pub sha256: String,
}

/// What the VSA says, beyond the subjects.
#[derive(Clone, Debug)]
pub struct Verification<'a> {
    /// `pkg:cargo/<name>@<version>`.
    pub resource_uri: &'a str,
    /// When, RFC 3339.
    pub time_verified: &'a str,
    /// sha256 of the policy bundle.
    pub policy_digest: &'a str,
    /// The evidence files.
    pub inputs: &'a [InputFile],
    /// The tool version.
    pub tool_version: &'a str,
}

/// The Statement with the SLSA VSA v1 predicate.
#[must_use]
pub fn vsa(subjects: &[Subject], v: &Verification<'_>) -> Value {
    let inputs: Vec<Value> = v.inputs.iter().map(|i| json!({"uri": i.path, "digest": {"sha256": i.sha256}})).collect();
    let predicate = json!({
        "verifier": {"id": VERIFIER_ID, "version": {"cargo-gate": v.tool_version}},
        "timeVerified": v.time_verified,
        "resourceUri": v.resource_uri,
        "policy": {"uri": "cargo-gate:policy-bundle", "digest": {"sha256": v.policy_digest}},
        "inputAttestations": inputs,
        "verificationResult": "PASSED",
        "verifiedLevels": ["CARGO_GATE_RELEASE_PASSED"],
    });
    statement(subjects, VSA_V1, &predicate)
}

/// The Statement with the cargo-gate release predicate (`gate`: the already-built predicate body).
#[must_use]
pub fn release_gate(subjects: &[Subject], gate: &Value) -> Value {
    statement(subjects, RELEASE_GATE_V1, gate)
}

fn statement(subjects: &[Subject], predicate_type: &str, predicate: &Value) -> Value {
    let subject: Vec<Value> =
        subjects.iter().map(|s| json!({"name": s.name, "digest": {"sha256": s.sha256}})).collect();
    json!({
        "_type": STATEMENT_V1,
        "subject": subject,
        "predicateType": predicate_type,
        "predicate": predicate,
    })
}

/// The exact bytes that are signed: compact JSON with sorted keys (`serde_json`'s map is ordered).
#[must_use]
pub fn payload(statement: &Value) -> Vec<u8> {
    serde_json::to_vec(statement).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_have_the_v1_shape_and_stable_bytes() {
        let subjects = [Subject { name: "demo-0.1.0.crate".into(), sha256: "ab".repeat(32) }];
        let inputs = [InputFile { path: "evidence/junit.xml".into(), sha256: "cd".repeat(32) }];
        let v = Verification {
            resource_uri: "pkg:cargo/demo@0.1.0",
            time_verified: "2026-11-21T00:00:00Z",
            policy_digest: &"ef".repeat(32),
            inputs: &inputs,
            tool_version: "0.1.0",
        };
        let st = vsa(&subjects, &v);
        assert_eq!(st["_type"], STATEMENT_V1);
        assert_eq!(st["predicate"]["verifiedLevels"], json!(["CARGO_GATE_RELEASE_PASSED"]));
        assert_eq!(st["predicate"]["inputAttestations"][0]["uri"], "evidence/junit.xml");
        let bytes = payload(&st);
        assert_eq!(bytes, payload(&vsa(&subjects, &v)), "same inputs, same bytes");
        assert!(String::from_utf8(bytes).unwrap().starts_with("{\"_type\":"));
    }
}
