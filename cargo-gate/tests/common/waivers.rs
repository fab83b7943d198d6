//! Helpers for the waiver tests: the demo with the test keys trusted, and the commands on it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{copy_dir, fixture_path, repo_root, run_in, Run};

pub const NOW: &str = "2026-12-01T00:00:00Z";
/// The public half of `test-keys/mallory.seed.b64`, a key no test policy trusts.
pub const MALLORY: &str = "ed25519:NAO4bpgCdbZO8QP1Kp3vp8ly6FfTn1ovC+ORxvyHbOA=";

/// The demo without its waiver, with the test keys trusted and their seeds at hand.
pub fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("examples/demo"), dir.path());
    std::fs::remove_file(dir.path().join("waivers/W-0001.toml")).unwrap();
    let keys = std::fs::read_to_string(fixture_path("keys/keys.toml")).unwrap();
    let policy = dir.path().join("policies/keys.toml");
    std::fs::write(policy, format!("[gate]\nschema = 1\n\n{keys}")).unwrap();
    copy_dir(&fixture_path("keys"), &dir.path().join("test-keys"));
    dir
}

pub fn key(name: &str) -> String {
    format!("test-keys/{name}.seed.b64")
}

pub fn gate(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["gate"];
    all.extend_from_slice(args);
    all.push("--offline");
    if !args.contains(&"--now") {
        all.extend_from_slice(&["--now", NOW]);
    }
    run_in(dir, &all)
}

pub fn new_waiver(dir: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "waiver",
        "new",
        "--rule",
        "substrate/persistence",
        "--crate",
        "product",
        "--expires",
        "2027-01-20",
        "--rationale",
        "needs FTS5",
        "--risk",
        "C code outside the substrate",
        "--owner",
        "storage-team",
    ];
    args.extend_from_slice(extra);
    let run = gate(dir, &args);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let name = run.stdout.split_whitespace().nth(1).unwrap().to_owned();
    dir.join(name)
}

pub fn sign(dir: &Path, id: &str, signer: &str) -> Run {
    gate(dir, &["waiver", "sign", id, "--key", &key(signer)])
}

pub fn check(dir: &Path, extra: &[&str]) -> (Run, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = gate(dir, &args);
    let doc = run.json();
    (run, doc)
}

pub fn problems(doc: &Value, id: &str) -> Vec<String> {
    let w = doc["waivers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id)
        .unwrap_or_else(|| panic!("no waiver {id}: {doc}"));
    w["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect()
}

pub fn waived(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["waived_by"].as_str().map(|w| (f["rule"].as_str().unwrap().to_owned(), w.to_owned())))
        .collect()
}

pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {text}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}
