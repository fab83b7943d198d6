//! `cargo gate check --base REV` on real git repositories: only what a branch adds is reported; a
//! file moved without change adds nothing; fingerprints survive the move; a shallow clone that
//! has REV works; an unknown REV or a directory outside any repository is exit 2.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;

use common::git;
use common::{repo_root, run_in, write, Run};
use serde_json::Value;

const NOW: &str = "2026-12-01T00:00:00Z";

/// The demo workspace (it has violations on purpose), committed on `main`.
fn violating_repo() -> (tempfile::TempDir, git2::Repository) {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("examples/demo"), dir.path());
    write(&dir.path().join(".gitignore"), "target/\n");
    let repo = git::init(dir.path());
    git::commit_all(&repo, "a workspace with violations");
    (dir, repo)
}

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["gate", "check", "--offline", "--now", NOW, "--format", "json"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn findings(run: &Run) -> Vec<(String, String, u64)> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn fingerprints_in(run: &Run, file: &str) -> Vec<String> {
    let doc = run.json();
    let list = doc["findings"].as_array().unwrap();
    list.iter().filter(|f| f["file"] == file).map(|f| f["fingerprint"].as_str().unwrap().to_owned()).collect()
}

/// On a branch: one new violation in an existing file, and a pure `git mv` of a file with old ones.
fn add_one_violation_and_move_a_file(repo: &git2::Repository, dir: &Path) {
    git::branch(repo, "feature");
    let control = dir.join("crates/product/src/control/mod.rs");
    let mut text = std::fs::read_to_string(&control).unwrap();
    text.push_str(
        "\n/// New in this branch: exits the process by itself.\npub fn give_up() {\n    std::process::exit(1)\n}\n",
    );
    std::fs::write(&control, text).unwrap();
    // `rollout.rs` holds old violations (cx-first, ambient/env, ambient/net); as `rollout/mod.rs`
    // it is the same module, unchanged.
    git::mv(repo, "crates/product/src/control/rollout.rs", "crates/product/src/control/rollout/mod.rs");
    git::commit_all(repo, "one new violation, one moved file");
}

#[test]
fn base_reports_exactly_what_the_branch_adds() {
    let (ws, repo) = violating_repo();
    let before = check(ws.path(), &[]);
    assert_eq!(before.code, 1, "{}", before.snapshot());
    add_one_violation_and_move_a_file(&repo, ws.path());

    let run = check(ws.path(), &["--base", "main"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(findings(&run), [("ambient/process".to_owned(), "crates/product/src/control/mod.rs".to_owned(), 7)]);
    let doc = run.json();
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["base"]["rev"], "main");
    assert_eq!(doc["base"]["compared_with"], repo.revparse_single("main").unwrap().id().to_string());
    assert_eq!(doc["base"]["shallow_fallback"], false);
    // Waivers were judged on every finding: W-0001 still covers the old ones, so it is not unused.
    assert_eq!(doc["waivers"][0]["status"], "valid", "{}", doc["waivers"]);

    // Without --base everything is reported, and the moved file's findings kept their fingerprints.
    let after = check(ws.path(), &[]);
    let moved = fingerprints_in(&after, "crates/product/src/control/rollout/mod.rs");
    assert_eq!(moved.len(), 3, "{}", after.stdout);
    assert_eq!(moved, fingerprints_in(&before, "crates/product/src/control/rollout.rs"));
}

#[test]
fn uncommitted_changes_count_and_a_clean_branch_reports_nothing() {
    let (ws, repo) = violating_repo();
    git::branch(&repo, "feature");
    let run = check(ws.path(), &["--base", "main"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(findings(&run), []);
    assert!(run.json()["notes"].to_string().contains("on unchanged lines not reported"), "{}", run.stdout);
    // An edit not yet committed is what the pull request will add: it counts.
    let manifest = ws.path().join("crates/plugin-audit/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[dev-dependencies]\nplugin-auth = {{ path = \"../plugin-auth\" }}\n"))
        .unwrap();
    let run = check(ws.path(), &["--base", "main"]);
    let rules: Vec<String> = findings(&run).into_iter().map(|(rule, _, _)| rule).collect();
    assert!(rules.contains(&"independent/plugins".to_owned()), "{}", run.stdout);
    assert!(rules.iter().all(|r| r == "independent/plugins"), "only the new edge: {rules:?}");
}

#[test]
fn waiver_problems_are_reported_whatever_changed() {
    let (ws, repo) = violating_repo();
    git::branch(&repo, "feature");
    // As of a day past W-0001's expiry, the (unchanged) waiver is a problem on every run.
    let run = run_in(
        ws.path(),
        &["gate", "check", "--offline", "--now", "2027-03-01T00:00:00Z", "--format", "json", "--base", "main"],
    );
    let rules: Vec<String> = findings(&run).into_iter().map(|(rule, _, _)| rule).collect();
    assert_eq!(rules, ["waiver/expired"], "{}", run.stdout);
}

#[test]
fn a_shallow_clone_that_has_rev_compares_with_rev() {
    let (ws, repo) = violating_repo();
    add_one_violation_and_move_a_file(&repo, ws.path());
    // History stops at the branch's commit: no merge-base is reachable, REV itself is the base.
    git::make_shallow_at(&repo, repo.head().unwrap().peel_to_commit().unwrap().id());
    let run = check(ws.path(), &["--base", "main"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(findings(&run), [("ambient/process".to_owned(), "crates/product/src/control/mod.rs".to_owned(), 7)]);
    assert_eq!(run.json()["base"]["shallow_fallback"], true);
}

#[test]
fn an_unknown_rev_or_no_repository_is_unusable_input() {
    let (ws, _repo) = violating_repo();
    let run = check(ws.path(), &["--base", "no-such-branch"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("--base `no-such-branch` names no commit"), "{}", run.stderr);
    assert_eq!(run.json()["error"]["exit_code"], 2, "--format json still prints one document");

    let plain = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("examples/demo"), plain.path());
    let run = check(plain.path(), &["--base", "main"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("--base needs a git repository"), "{}", run.stderr);
    let human = run_in(plain.path(), &["gate", "check", "--offline", "--base", "main"]);
    assert_eq!(human.code, 2);
    assert!(!human.stderr.contains("panicked"));
}

#[test]
fn base_json_is_deterministic() {
    let (ws, repo) = violating_repo();
    add_one_violation_and_move_a_file(&repo, ws.path());
    let first = check(ws.path(), &["--base", "main"]).stdout;
    assert_eq!(first, check(ws.path(), &["--base", "main"]).stdout);
    let _: Value = serde_json::from_str(&first).unwrap();
}
