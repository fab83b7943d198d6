//! Hostile input fails closed (PRODUCT.md §11): files that are not files, files that reach outside
//! the repository, forged or doubled approvals, and ids that only look different.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::waivers::{check, demo, gate, new_waiver, problems, sign};
use common::{run_in, tiny_workspace, write};

#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success())
}

/// Runs the gate and insists it answers quickly: a FIFO must never hang it.
fn quick(dir: &Path, args: &[&str]) -> common::Run {
    let started = Instant::now();
    let run = run_in(dir, args);
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    run
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_a_gate_file_is_refused_by_name_without_hanging() {
    let ws = tiny_workspace();
    let dir = ws.path();
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    assert!(mkfifo(&dir.join("policies/gate.toml")));
    let run = quick(dir, &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("policies/gate.toml") && run.stderr.contains("a FIFO"), "{}", run.stderr);

    std::fs::remove_file(dir.join("policies/gate.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("policies/gate.toml")).unwrap();
    let run = quick(dir, &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("policies/gate.toml"), "{}", run.stderr);
    std::fs::remove_file(dir.join("policies/gate.toml")).unwrap();

    std::fs::create_dir_all(dir.join("waivers")).unwrap();
    assert!(mkfifo(&dir.join("waivers/W-0001.toml")));
    let doc = quick(dir, &["gate", "check", "--format", "json"]).json();
    let invalid = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "waiver/invalid").unwrap();
    assert_eq!(invalid["file"], "waivers/W-0001.toml");
    assert!(invalid["message"].as_str().unwrap().contains("a FIFO"), "{invalid}");
}

#[cfg(unix)]
#[test]
fn gate_files_reaching_outside_the_repository_are_refused() {
    let ws = tiny_workspace();
    let outside = tempfile::tempdir().unwrap();
    write(&outside.path().join("gate.toml"), "[gate]\nschema = 1\n");
    std::os::unix::fs::symlink(outside.path(), ws.path().join("policies")).unwrap();
    let run = quick(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stderr.contains("policies/gate.toml") && run.stderr.contains("outside the repository"),
        "{}",
        run.stderr
    );

    let ws = demo();
    let dir = ws.path();
    let file = new_waiver(dir, &["--id", "W-OUT", "--dependency", "rusqlite"]);
    sign(dir, "W-OUT", "alice");
    let moved = outside.path().join("W-OUT.toml");
    std::fs::rename(&file, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &file).unwrap();
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-OUT"), ["invalid"], "a waiver behind a link out of the repository is not trusted");
}

#[test]
fn one_public_key_under_two_ids_is_a_policy_error() {
    let ws = demo();
    let keys = std::fs::read_to_string(ws.path().join("policies/keys.toml")).unwrap();
    let alice = keys.split("[[key]]").find(|k| k.contains("id = \"alice\"")).unwrap();
    let twin = alice.replace("id = \"alice\"", "id = \"alice-again\"");
    write(&ws.path().join("policies/twin.toml"), format!("[gate]\nschema = 1\n\n[[key]]{twin}"));
    let run = gate(ws.path(), &["check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("have the same public key"), "{}", run.stderr);
}

#[test]
fn waiver_new_ids_are_plain_names_and_sign_never_writes_a_signature_that_cannot_verify() {
    let ws = demo();
    let dir = ws.path();
    let run = gate(
        dir,
        &[
            "waiver",
            "new",
            "--id",
            "../escaped",
            "--rule",
            "layer",
            "--crate",
            "product",
            "--expires",
            "2027-01-20",
            "--rationale",
            "r",
            "--risk",
            "r",
            "--owner",
            "o",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(!dir.join("escaped.toml").exists() && !dir.join("waivers/../escaped.toml").exists());

    let file = new_waiver(dir, &["--id", "W-ALICE"]);
    let before = std::fs::read(&file).unwrap();
    let run = gate(dir, &["waiver", "sign", "W-ALICE", "--key", "test-keys/alice.seed.b64", "--key-id", "bob"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("not of `bob`"), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before, "the waiver is untouched");
}

#[test]
fn ids_that_differ_only_by_case_or_width_are_duplicates() {
    let ws = demo();
    let dir = ws.path();
    let upper = new_waiver(dir, &["--id", "W-CASE"]);
    sign(dir, "W-CASE", "alice");
    let lower = dir.join("waivers/w-case-2.toml");
    std::fs::write(&lower, std::fs::read_to_string(&upper).unwrap().replace("id = \"W-CASE\"", "id = \"w-case\""))
        .unwrap();
    let wide = dir.join("waivers/w-case-3.toml");
    std::fs::write(&wide, std::fs::read_to_string(&upper).unwrap().replace("id = \"W-CASE\"", "id = \"Ｗ-ＣＡＳＥ\""))
        .unwrap();
    let (_, doc) = check(dir, &[]);
    for id in ["W-CASE", "w-case", "Ｗ-ＣＡＳＥ"] {
        assert!(problems(&doc, id).contains(&"duplicate-id".to_owned()), "{id}: {doc}");
    }
}

#[test]
fn audit_questions_a_catch_all_path() {
    let ws = demo();
    let dir = ws.path();
    new_waiver(dir, &["--id", "W-ALL", "--path", "**"]);
    let doc = gate(dir, &["waiver", "audit", "--format", "json"]).json();
    let w = doc["waivers"].as_array().unwrap().iter().find(|w| w["id"] == "W-ALL").unwrap();
    assert!(w["questions"].as_array().unwrap().iter().any(|q| q.as_str().unwrap().starts_with("broad scope")), "{w}");
}

#[cfg(unix)]
#[test]
fn output_onto_a_link_or_a_fifo_keeps_what_is_there() {
    let ws = tiny_workspace();
    let dir = ws.path();
    write(&dir.join("real.json"), "old");
    std::os::unix::fs::symlink(dir.join("real.json"), dir.join("link.json")).unwrap();
    let run = quick(dir, &["gate", "check", "--format", "json", "--output", "link.json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(std::fs::symlink_metadata(dir.join("link.json")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(dir.join("real.json")).unwrap().contains("\"command\": \"check\""));
    let run = quick(dir, &["gate", "check", "--format", "json", "--output", "/dev/null"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

#[test]
fn a_configured_gate_directory_that_does_not_exist_is_an_error() {
    let ws = tiny_workspace();
    let manifest = ws.path().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[workspace.metadata.gate]\npolicies = \"polices\"\n")).unwrap();
    let run = quick(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("Cargo.toml") && run.stderr.contains("names no directory"), "{}", run.stderr);
}

/// A cache under `target/gate/` edited to hide a finding (the facts of a clean file filed under
/// the hash of a violating one) is not trusted: its MAC no longer verifies, and the file is
/// analysed again.
#[test]
fn a_forged_source_cache_does_not_hide_findings() {
    let ws = tiny_workspace();
    let dir = ws.path();
    let key_dir = tempfile::tempdir().unwrap();
    write(&dir.join("policies/gate.toml"), "[gate]\nschema = 1\n[ambient]\npaths = [\"src/**\"]\n");
    let run = |dir: &Path| {
        let out = common::gate()
            .current_dir(dir)
            .env("CARGO_GATE_CACHE_DIR", key_dir.path())
            .args(["gate", "check", "--offline", "--format", "json"])
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // The walks of the member's files: one sealed file per member (a postcard payload, then the
    // 32-byte MAC), the content hash as hex in it.
    let ir_file = || {
        let dir = dir.join("target/gate/source-ir");
        std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path()
    };
    let hashes = |sealed: &[u8]| -> Vec<String> {
        let text = String::from_utf8_lossy(&sealed[..sealed.len() - 32]).into_owned();
        let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
        text.split(|c: char| !hex(c)).filter(|w| w.len() == 64).map(str::to_owned).collect()
    };
    let violating = "pub fn f() {\n    let _ = std::env::var(\"X\");\n}\n";
    write(&dir.join("src/lib.rs"), violating);
    assert_eq!(run(dir).0, 1, "the violation is found");
    let hashes_violating = hashes(&std::fs::read(ir_file()).unwrap());
    write(&dir.join("src/lib.rs"), "pub fn f() {}\n");
    assert_eq!(run(dir).0, 0);
    let clean = std::fs::read(ir_file()).unwrap();
    let hashes_clean = hashes(&clean);
    let hash_clean = hashes_clean.iter().find(|h| !hashes_violating.contains(h)).unwrap();
    let hash_violating = hashes_violating.iter().find(|h| !hashes_clean.contains(h)).unwrap();
    // The forgery: the clean file's facts filed under the violating file's hash, MAC kept.
    let (payload, mac) = clean.split_at(clean.len() - 32);
    let at = payload.windows(64).position(|w| w == hash_clean.as_bytes()).unwrap();
    let mut forged = payload.to_vec();
    forged[at..at + 64].copy_from_slice(hash_violating.as_bytes());
    forged.extend_from_slice(mac);
    std::fs::write(ir_file(), forged).unwrap();
    write(&dir.join("src/lib.rs"), violating);
    let (code, stdout) = run(dir);
    assert_eq!(code, 1, "a forged cache must not hide the finding:\n{stdout}");
    assert!(stdout.contains("ambient/env"), "{stdout}");
}
