//! `verify` rejects every kind of broken or foreign attestation, and `publish` never reaches
//! `cargo publish` (a fake `cargo` that records its arguments) without a valid one.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::{Path, PathBuf};

use base64::Engine as _;
use common::{copy_dir, gate as gate_command, git, repo_root, run_in, write, Run};
use serde_json::Value;

const NOW: &str = "2026-11-23T00:00:00Z";
const JSONL: &str = "out/tidy-queue-0.1.0.intoto.jsonl";
const CRATE: &str = "target/package/tidy-queue-0.1.0.crate";

fn released() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("examples/release-demo"), dir.path());
    write(&dir.path().join(".gitignore"), "/target\n/out\n");
    git::commit_all(&git::init(dir.path()), "release demo");
    let run = gate(dir.path(), &["release", "--key", "keys/release-demo-signer.key", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    dir
}

fn gate(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["gate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--offline", "--now", NOW]);
    run_in(dir, &all)
}

fn verify(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["verify", JSONL, "--crate", CRATE];
    args.extend_from_slice(extra);
    gate(dir, &args)
}

/// Rewrites the attestation's envelopes.
fn edit_envelopes(dir: &Path, edit: impl Fn(&mut Value)) {
    let path = dir.join(JSONL);
    let mut out = String::new();
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let mut envelope: Value = serde_json::from_str(line).unwrap();
        edit(&mut envelope);
        out.push_str(&serde_json::to_string(&envelope).unwrap());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

fn failed_checks(run: &Run) -> Vec<String> {
    let text = run.stdout.lines().filter(|l| l.starts_with('✗')).collect::<Vec<_>>().join("\n");
    assert!(!text.is_empty(), "no failed check in:\n{}", run.snapshot());
    vec![text]
}

#[test]
fn verify_rejects_a_flipped_payload_byte() {
    let ws = released();
    assert_eq!(verify(ws.path(), &[]).code, 0);
    edit_envelopes(ws.path(), |e| {
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut payload = b64.decode(e["payload"].as_str().unwrap()).unwrap();
        let at = payload.len() / 2;
        payload[at] ^= 1;
        e["payload"] = Value::from(b64.encode(payload));
    });
    let run = verify(ws.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains("does not verify"), "{}", run.stdout);
}

#[test]
fn verify_rejects_foreign_keys_foreign_crates_and_changed_policies() {
    let ws = released();
    let dir = ws.path();
    // A keyid that is not the policy key's.
    let original = std::fs::read(dir.join(JSONL)).unwrap();
    edit_envelopes(dir, |e| e["signatures"][0]["keyid"] = Value::from("0".repeat(64)));
    let run = verify(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains("signed by no trusted key"), "{}", run.stdout);
    std::fs::write(dir.join(JSONL), &original).unwrap();
    // A `.crate` that is not a subject.
    write(&dir.join("other-0.1.0.crate"), "not the released crate");
    let run = gate(dir, &["verify", JSONL, "--crate", "other-0.1.0.crate"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains("is not a subject"), "{}", run.stdout);
    // A changed policy file, unless --any-policy.
    let policy = dir.join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, format!("{text}\n[levels]\n\"ambient/time\" = \"warn\"\n")).unwrap();
    let run = verify(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains("the policy bundle changed"), "{}", run.stdout);
    assert_eq!(verify(dir, &["--any-policy"]).code, 0);
}

#[test]
fn verify_rejects_a_signer_without_the_release_role() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    copy_dir(&repo_root().join("examples/release-demo"), dir);
    write(&dir.join(".gitignore"), "/target\n/out\n");
    let policy = dir.join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    let approver_signs = text
        .replace("roles = [\"waiver-approver\"]", "roles = [\"waiver-approver\", \"release-signer\"]")
        .replace("key = \"release-demo-signer\"", "key = \"release-demo-approver\"");
    std::fs::write(&policy, approver_signs).unwrap();
    git::commit_all(&git::init(dir), "approver may sign");
    let run = gate(dir, &["release", "--key", "keys/release-demo-approver.key", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    std::fs::write(&policy, text).unwrap();
    let run = verify(dir, &["--any-policy"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains("is not a release-signer"), "{}", run.stdout);
}

#[test]
fn verify_rejects_truncated_files_and_lines_that_are_not_json() {
    let ws = released();
    let dir = ws.path();
    let whole = std::fs::read_to_string(dir.join(JSONL)).unwrap();
    std::fs::write(dir.join(JSONL), &whole[..whole.len() / 2]).unwrap();
    let run = verify(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains("not a DSSE envelope"), "{}", run.stdout);
    std::fs::write(dir.join(JSONL), format!("{whole}this is not json\n")).unwrap();
    let run = verify(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(failed_checks(&run)[0].contains(":3: not a DSSE envelope"), "{}", run.stdout);
}

#[test]
fn verify_needs_no_workspace_with_a_public_key_and_any_policy() {
    let ws = released();
    let elsewhere = tempfile::tempdir().unwrap();
    for file in [JSONL, CRATE, "keys/release-demo-signer.pub.pem"] {
        let target = elsewhere.path().join(Path::new(file).file_name().unwrap());
        std::fs::copy(ws.path().join(file), target).unwrap();
    }
    let args = [
        "verify",
        "tidy-queue-0.1.0.intoto.jsonl",
        "--crate",
        "tidy-queue-0.1.0.crate",
        "--key",
        "release-demo-signer.pub.pem",
        "--any-policy",
    ];
    let run = gate(elsewhere.path(), &args);
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

/// A `cargo` that records `publish` invocations and passes everything else to the real one.
struct FakeCargo {
    _dir: tempfile::TempDir,
    script: PathBuf,
    log: PathBuf,
}

impl FakeCargo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("cargo");
        let log = dir.path().join("publish.log");
        let real = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let body = format!(
            "#!/bin/sh\nif [ \"$1\" = publish ]; then printf '%s\\n' \"$@\" > '{}'; exit 0; fi\nexec '{real}' \"$@\"\n",
            log.display()
        );
        write(&script, body);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Self { _dir: dir, script, log }
    }

    fn publish(&self, dir: &Path, args: &[&str]) -> Run {
        let path = format!("{}:{}", self.script.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
        let mut all = vec!["gate", "publish", "--offline", "--release-dir", "out", "--now", NOW];
        all.extend_from_slice(args);
        let out =
            gate_command().current_dir(dir).env("CARGO", &self.script).env("PATH", path).args(&all).output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn published(&self) -> Option<String> {
        std::fs::read_to_string(&self.log).ok()
    }
}

#[cfg(unix)]
#[test]
fn publish_runs_cargo_publish_only_with_a_valid_attestation() {
    let ws = released();
    let dir = ws.path();
    let cargo = FakeCargo::new();

    let hidden = dir.join("out/hidden.jsonl");
    std::fs::rename(dir.join(JSONL), &hidden).unwrap();
    let run = cargo.publish(dir, &["--", "--dry-run"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("no attestation for tidy-queue"), "{}", run.stdout);
    assert_eq!(cargo.published(), None, "cargo publish must not run without an attestation");
    std::fs::rename(&hidden, dir.join(JSONL)).unwrap();

    let run = cargo.publish(dir, &["--", "--dry-run", "--registry", "demo"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(cargo.published().as_deref(), Some("publish\n--dry-run\n--registry\ndemo\n"));
    std::fs::remove_file(&cargo.log).unwrap();

    // The code changes after the release: the attestation is stale for the new `.crate`.
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{text}\n/// Added after the release.\npub const LATE: u8 = 1;\n")).unwrap();
    git::commit_all(&git2::Repository::open(dir).unwrap(), "a late change");
    let run = cargo.publish(dir, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("does not verify"), "{}", run.stdout);
    assert_eq!(cargo.published(), None, "cargo publish must not run with a stale attestation");
}
