//! The warm path of `check` (`src/memo.rs`): an unchanged workspace replays the last output
//! without analysing a file or running cargo; any changed input — a source file, a new file where
//! the walk listed, a policy, the day — is a fresh run that sees the change.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;
use std::time::Duration;

use common::{fixture, write};

const NOW: &str = "2026-06-01T00:00:00Z";

fn check(dir: &Path, now: &str) -> (i32, String) {
    let out = common::gate()
        .current_dir(dir)
        .args(["gate", "check", "--offline", "--format", "json", "--now", now])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A file written in the last two seconds could change again without its stamp moving, so a
/// run that read one leaves no output to replay: wait until the workspace has settled.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// Removes the analysis caches: a run that replays its output does not make them again.
fn forget_analysis(gate: &Path) {
    let _ = std::fs::remove_file(gate.join("source-facts.bin"));
    let _ = std::fs::remove_file(gate.join("metadata.json"));
    let _ = std::fs::remove_dir_all(gate.join("source-ir"));
}

#[test]
fn an_unchanged_workspace_replays_its_output_and_any_change_is_a_fresh_run() {
    let ws = fixture("source");
    let (dir, gate) = (ws.path(), ws.path().join("target/gate"));
    // The first run makes `Cargo.lock` (cargo) and `target/`: inputs changed during the run.
    let _ = check(dir, NOW);
    settle();
    let (code, first) = check(dir, NOW);
    assert!(gate.join("check-output.bin").is_file(), "a settled run leaves its output");
    forget_analysis(&gate);
    assert_eq!(check(dir, NOW), (code, first.clone()), "the same report");
    assert!(!gate.join("source-facts.bin").exists(), "replayed: nothing was analysed");

    // Another day is another run (waivers expire by the day).
    let _ = check(dir, "2026-06-02T00:00:00Z");
    assert!(gate.join("source-facts.bin").exists(), "a fresh run");

    // An edited source file.
    settle();
    let _ = check(dir, NOW);
    write(&dir.join("crates/ambient-cases/src/paths.rs"), "pub fn clean() {}\n");
    let (_, edited) = check(dir, NOW);
    assert!(first.contains("crates/ambient-cases/src/paths.rs"), "{first}");
    assert!(!edited.contains("crates/ambient-cases/src/paths.rs"), "the edit is seen:\n{edited}");

    // A file no module declares, in a directory the walk listed: reported as not compiled.
    settle();
    let (_, before) = check(dir, NOW);
    forget_analysis(&gate);
    write(&dir.join("crates/ambient-cases/src/stray.rs"), "pub fn f() { let _ = std::env::var(\"X\"); }\n");
    let (_, stray) = check(dir, NOW);
    assert_ne!(stray, before, "the new file is seen");
    assert!(gate.join("source-facts.bin").exists(), "a fresh run");

    // A changed policy.
    settle();
    let _ = check(dir, NOW);
    let policy = dir.join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    write(&policy, format!("{text}\n[levels]\n\"ambient/*\" = \"allow\"\n"));
    let (_, allowed) = check(dir, NOW);
    let doc: serde_json::Value = serde_json::from_str(&allowed).unwrap();
    let ambient =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"].as_str().unwrap().starts_with("ambient/"));
    assert_eq!(ambient.count(), 0, "the new policy applies:\n{allowed}");
    assert!(first.contains("\"rule\": \"ambient/"), "{first}");
}

/// The analysis cache per member, on its own (memo off): a member whose files keep their stamps
/// keeps its results, but a file appearing where a `#[path]` declaration looked (outside every
/// listed directory, so only the walk's probe saw it missing) makes the member walk again.
#[test]
fn a_file_appearing_where_a_declaration_looked_is_analysed() {
    let ws = common::tiny_workspace();
    let dir = ws.path();
    write(&dir.join("policies/gate.toml"), "[gate]\nschema = 1\n[ambient]\npaths = [\"**\"]\n");
    write(&dir.join("src/lib.rs"), "#[path = \"../extra/x.rs\"]\nmod x;\npub fn tiny() {}\n");
    let run = || {
        let out = common::gate()
            .current_dir(dir)
            .env("CARGO_GATE_NO_MEMO", "1")
            .args(["gate", "check", "--offline", "--format", "json", "--now", NOW])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let _ = run();
    settle();
    let before = run();
    assert!(!before.contains("\"rule\": \"ambient/env\""), "{before}");
    assert!(dir.join("target/gate/source-facts.bin").is_file(), "the member's results are cached");
    write(&dir.join("extra/x.rs"), "pub fn f() {\n    let _ = std::env::var(\"X\");\n}\n");
    let after = run();
    assert!(after.contains("\"rule\": \"ambient/env\""), "the new module is walked:\n{after}");
}
