//! One function per fuzz target: each takes arbitrary bytes, runs one parser of untrusted input
//! the way the gate does, and must return — never panic, hang or run out of memory. The libFuzzer
//! binaries in `fuzz_targets/` and the stable replay test in `tests/replay.rs` both call these.

use camino::Utf8Path;
use gate_core::config::ConfigDoc;
use gate_core::text::SourceFile;

/// Every target, by name (the name of its `fuzz_targets/<name>.rs` and `corpus/<name>/`).
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("policy", policy),
    ("waiver", waiver),
    ("claim", claim),
    ("markdown", markdown),
    ("profile", profile),
    ("junit", results),
    ("libtest", results),
    ("case_report", results),
    ("source", source),
    ("dsse", dsse),
    ("attestation", attestation),
];

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A policy file, merged and validated against the rule registry.
pub fn policy(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = gate_core::policy::parse_policy_files(
            vec![SourceFile::new("policies/gate.toml", text)],
            &lints::rules::Registry,
        );
    }
}

/// A waiver file, read to the canonical bytes its signatures cover.
pub fn waiver(data: &[u8]) {
    if let Some(text) = text(data) {
        if let Ok(doc) = ConfigDoc::parse(SourceFile::new("waivers/W-0001.toml", text)) {
            let _ = pipelines::waivers::body_for_signing(&doc);
        }
    }
}

/// A claim file.
pub fn claim(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = pipelines::claims::parse_claim(SourceFile::new("claims/c.toml", text));
    }
}

/// A Markdown document through the claim scanner: blocks, sentences, claim words, references.
pub fn markdown(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = pipelines::claims::sentences_of("README.md", text);
    }
}

/// A conformance profile file.
pub fn profile(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = pipelines::profiles::parse_profile(SourceFile::new("profiles/p.toml", text), String::new());
    }
}

/// A result file of any format (JUnit XML, libtest JSON lines, a case report), detected by content.
pub fn results(data: &[u8]) {
    let _ = pipelines::profiles::results::parse_result_bytes(Utf8Path::new("results"), data.to_vec());
}

/// A Rust source through the nesting pre-scan, the parse, the name resolution and the walk, as
/// `check` runs them (on a thread with the gate's 64 MiB stack), against the demo's policy.
pub fn source(data: &[u8]) {
    static POLICY: std::sync::OnceLock<Option<gate_core::policy::Policy>> = std::sync::OnceLock::new();
    let Some(text) = text(data) else { return };
    if lints::source::too_deep(text).is_some() {
        return;
    }
    let policy = POLICY.get_or_init(|| {
        let demo = include_str!("../../examples/demo/policies/gate.toml");
        gate_core::policy::parse_policy_files(vec![SourceFile::new("gate.toml", demo)], &lints::rules::Registry).ok()
    });
    let Some(policy) = policy else { return };
    let file = SourceFile::new("src/m.rs", text);
    let walk = move || {
        let denied = lints::source::DeniedPaths::from_policy(policy);
        let interest =
            lints::source::facts::Interest { denied: &denied, cx_first: policy.cx_first.as_ref(), record: true };
        let _ = lints::source::facts::collect(&file, lints::resolve::Scopes::new(), &interest, false);
    };
    let worker = std::thread::Builder::new().stack_size(64 << 20).spawn(walk);
    if let Ok(handle) = worker {
        // A panic in the walk is a crash: re-raise it where the fuzzer sees it.
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    }
}

/// A DSSE envelope, parsed and verified against a fixed key.
pub fn dsse(data: &[u8]) {
    if let Ok(envelope) = serde_json::from_slice::<gate_core::sign::dsse::Envelope>(data) {
        let key = gate_core::sign::SigningKey::from_bytes(&[7; 32]).verifying_key();
        let _ = envelope.verify(&key);
    }
}

/// An `.intoto.jsonl` attestation, verified as `cargo gate verify` does.
pub fn attestation(data: &[u8]) {
    if let Some(text) = text(data) {
        let key = gate_core::sign::SigningKey::from_bytes(&[7; 32]).verifying_key();
        let keys = [pipelines::release::TrustedKey { id: "k".into(), key, release_signer: true }];
        let crates = [("x.crate".to_owned(), "00".repeat(32))];
        let inputs = pipelines::release::VerifyInputs { keys: &keys, crates: &crates, policy_digest: Some("d") };
        let _ = pipelines::release::verify_text(Utf8Path::new("a.intoto.jsonl"), text, &inputs);
    }
}
