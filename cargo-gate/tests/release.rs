//! The release gate through the binary, on a committed copy of `examples/release-demo`: a release
//! that holds writes signed attestations (deterministically); one with four problems lists all
//! four and writes nothing; bad keys and policies are unusable input.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;

use common::{copy_dir, git, repo_root, run_in, write, Run};
use serde_json::Value;

const NOW: &str = "2026-11-23T00:00:00Z";
const KEY: &str = "keys/release-demo-signer.key";

/// A committed copy of the release demo (its own git repository).
fn release_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("examples/release-demo"), dir.path());
    write(&dir.path().join(".gitignore"), "/target\n");
    let repo = git::init(dir.path());
    git::commit_all(&repo, "release demo");
    dir
}

fn gate(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["gate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--offline", "--now", NOW]);
    run_in(dir, &all)
}

fn release(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["release", "--key", KEY, "--out", "out"];
    args.extend_from_slice(extra);
    gate(dir, &args)
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// stderr with miette's wrapping undone: one line, single spaces.
fn flat(text: &str) -> String {
    text.replace(['│', '×', '╭', '╰', '─'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn statement(envelope: &Value) -> Value {
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::STANDARD.decode(envelope["payload"].as_str().unwrap()).unwrap();
    serde_json::from_slice(&payload).unwrap()
}

#[test]
fn a_release_that_holds_is_attested_and_verifies() {
    let ws = release_demo();
    let dir = ws.path();
    let run = release(dir, &[]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let jsonl = dir.join("out/tidy-queue-0.1.0.intoto.jsonl");
    let envelopes = lines(&jsonl);
    assert_eq!(envelopes.len(), 2);
    let vsa = statement(&envelopes[0]);
    assert_eq!(vsa["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(vsa["predicateType"], "https://slsa.dev/verification_summary/v1");
    assert_eq!(vsa["predicate"]["verificationResult"], "PASSED");
    assert!(vsa["predicate"]["verifiedLevels"].is_array());
    assert_eq!(vsa["predicate"]["timeVerified"], NOW);
    let inputs: Vec<&str> =
        vsa["predicate"]["inputAttestations"].as_array().unwrap().iter().map(|i| i["uri"].as_str().unwrap()).collect();
    assert_eq!(inputs, ["evidence/bench.json", "evidence/results/conformance.json"]);
    let gate_statement = statement(&envelopes[1]);
    assert_eq!(gate_statement["predicateType"], "https://cargo-gate.dev/release-gate/v1");
    let predicate = &gate_statement["predicate"];
    assert_eq!(predicate["profiles"][0]["overall"], "pass");
    assert_eq!(predicate["waivers"][0]["id"], "W-0001");
    assert_eq!(predicate["claims"].as_array().unwrap().len(), 2);
    assert!(dir.join("out/tidy-queue-0.1.0.sigstore.json").is_file());

    let crate_file = "target/package/tidy-queue-0.1.0.crate";
    let run = gate(dir, &["verify", "out/tidy-queue-0.1.0.intoto.jsonl", "--crate", crate_file, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let checks: Vec<String> =
        run.json()["checks"].as_array().unwrap().iter().map(|c| c["check"].as_str().unwrap().to_owned()).collect();
    for check in ["signature", "role", "subject", "vsa-result", "policy-digest"] {
        assert!(checks.contains(&check.to_owned()), "{check} missing from {checks:?}");
    }
}

#[test]
fn the_same_inputs_give_the_same_attestation_bytes() {
    let ws = release_demo();
    let dir = ws.path();
    assert_eq!(release(dir, &[]).code, 0);
    let first = std::fs::read(dir.join("out/tidy-queue-0.1.0.intoto.jsonl")).unwrap();
    let first_bundle = std::fs::read(dir.join("out/tidy-queue-0.1.0.sigstore.json")).unwrap();
    std::fs::remove_dir_all(dir.join("out")).unwrap();
    assert_eq!(release(dir, &[]).code, 0);
    assert_eq!(std::fs::read(dir.join("out/tidy-queue-0.1.0.intoto.jsonl")).unwrap(), first);
    assert_eq!(std::fs::read(dir.join("out/tidy-queue-0.1.0.sigstore.json")).unwrap(), first_bundle);
}

#[test]
fn four_problems_are_listed_in_one_run_and_nothing_is_written() {
    let ws = release_demo();
    let dir = ws.path();
    // 1. An evidence file is gone.
    std::fs::remove_file(dir.join("evidence/bench.json")).unwrap();
    // 2. The profile is partial: a non-required gate fails in newly recorded results.
    let results = dir.join("evidence/results/conformance.json");
    let text = std::fs::read_to_string(&results).unwrap();
    let failing = text.replace(
        "\"name\": \"capacity::full_hands_the_item_back\", \"event\": \"ok\"",
        "\"name\": \"capacity::full_hands_the_item_back\", \"event\": \"failed\"",
    );
    assert_ne!(text, failing);
    std::fs::write(&results, failing).unwrap();
    let run = gate(
        dir,
        &["evidence", "record", "evidence/results/conformance.json", "--kind", "results", "--profile", "queue"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // 3. The waiver has expired (dates moved back, signed again by the approver).
    let waiver = dir.join("waivers/W-0001.toml");
    let text = std::fs::read_to_string(&waiver).unwrap();
    let expired = text
        .replace("created = 2026-11-20", "created = 2026-08-01")
        .replace("expires = 2027-02-15", "expires = 2026-10-01");
    std::fs::write(&waiver, expired).unwrap();
    let run = gate(dir, &["waiver", "sign", "W-0001", "--key", "keys/release-demo-approver.key"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // 4. An unbacked claim.
    let readme = dir.join("README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, format!("{text}\ntidy-queue is the fastest queue in the world.\n")).unwrap();
    git::commit_all(&git2::Repository::open(dir).unwrap(), "four problems");

    let run = release(dir, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(!dir.join("out").exists(), "no attestation may be written");
    let doc = run.json();
    let gaps: Vec<(String, String, String)> = doc["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["step"].as_str().unwrap().into(),
                g["what"].as_str().unwrap().into(),
                g["remedy"].as_str().unwrap().into(),
            )
        })
        .collect();
    let has = |step: &str, text: &str| gaps.iter().any(|(s, w, _)| s == step && w.contains(text));
    assert!(has("claims", "evidence/bench.json is missing"), "{gaps:#?}");
    assert!(has("profile", "profile `queue` is partial"), "{gaps:#?}");
    assert!(has("check", "waiver/expired"), "{gaps:#?}");
    assert!(has("claims", "claims/unbacked"), "{gaps:#?}");
    assert!(gaps.iter().all(|(_, _, remedy)| !remedy.is_empty()));
    assert!(gaps.iter().any(|(_, _, r)| r.contains("cargo gate evidence record evidence/bench.json")), "{gaps:#?}");
    // The human form says the same, with the remedies.
    let human = release(dir, &[]);
    assert!(human.stdout.contains("release blocked") && human.stdout.contains("→ cargo gate"), "{}", human.stdout);
}

#[test]
fn bad_keys_and_release_policies_are_unusable_input() {
    let ws = release_demo();
    let dir = ws.path();
    let not_pem = dir.join("not-a-key.pem");
    write(&not_pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    let run = gate(dir, &["release", "--key", "not-a-key.pem"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("not-a-key.pem"), "{}", run.stderr);

    let run = gate(dir, &["release", "--key", "keys/release-demo-approver.key"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(flat(&run.stderr).contains("not of the release key `release-demo-signer`"), "{}", run.stderr);

    let stranger = dir.join("stranger");
    assert_eq!(run_in(dir, &["gate", "key", "new", "--id", "stranger", "--out", "stranger"]).code, 0);
    let run = gate(dir, &["release", "--key", "stranger/stranger.key"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(flat(&run.stderr).contains("a key the policy does not list"), "{}", run.stderr);
    std::fs::remove_dir_all(stranger).unwrap();

    let policy = dir.join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text.replace("key = \"release-demo-signer\"", "key = \"release-demo-signr\"")).unwrap();
    let run = gate(dir, &["release", "--key", KEY]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(flat(&run.stderr).contains("policies") && flat(&run.stderr).contains("names no [[key]]"), "{}", run.stderr);
    assert!(flat(&run.stderr).contains("did you mean `release-demo-signer`?"), "{}", run.stderr);

    let start = text.find("[release]").unwrap();
    std::fs::write(&policy, &text[..start]).unwrap();
    let run = gate(dir, &["release", "--key", KEY]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        flat(&run.stderr).contains("policies") && flat(&run.stderr).contains("no `[release]` section"),
        "{}",
        run.stderr
    );
}
