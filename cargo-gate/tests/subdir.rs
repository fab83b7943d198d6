//! A workspace in a subdirectory of its git repository: every path in `json`, `sarif` and
//! `github` output starts at the repository root (the git top level), so annotations land on
//! the right file; SARIF URIs are percent-encoded; `--base` maps the diff onto the workspace.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::{Path, PathBuf};

use common::git;
use common::{repo_root, run_in, write, Run};

const SUBDIR: &str = "rust/my ws";

/// A repository whose workspace (the demo) sits in `rust/my ws/`, committed on `main`.
fn nested() -> (tempfile::TempDir, PathBuf, git2::Repository) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join(SUBDIR);
    common::copy_dir(&repo_root().join("examples/demo"), &ws);
    write(&dir.path().join(".gitignore"), "target/\n");
    write(&dir.path().join("README.md"), "the repository root\n");
    let repo = git::init(dir.path());
    git::commit_all(&repo, "a workspace in a subdirectory");
    (dir, ws, repo)
}

fn check(ws: &Path, format: &str, extra: &[&str]) -> Run {
    let mut args = vec!["gate", "check", "--offline", "--now", "2026-12-01T00:00:00Z", "--format", format];
    args.extend_from_slice(extra);
    run_in(ws, &args)
}

#[test]
fn json_paths_start_at_the_repository_root() {
    let (_dir, ws, _repo) = nested();
    let run = check(&ws, "json", &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let doc = run.json();
    let findings = doc["findings"].as_array().unwrap();
    assert!(findings.len() >= 9);
    for f in findings {
        let file = f["file"].as_str().unwrap();
        assert!(file.starts_with("rust/my ws/"), "{file}");
        assert!(ws.parent().unwrap().parent().unwrap().join(file).is_file(), "{file} exists from the repository root");
    }
    for w in doc["waivers"].as_array().unwrap() {
        assert_eq!(w["file"], "rust/my ws/waivers/W-0001.toml");
    }
}

#[test]
fn sarif_uris_start_at_the_repository_root_percent_encoded() {
    let (_dir, ws, _repo) = nested();
    let run = check(&ws, "sarif", &[]);
    let log = run.json();
    common::sarif::validate(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 9);
    for r in results {
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("rust/my%20ws/"), "{uri}");
        assert!(!uri.contains(' '));
        assert!(location["region"]["snippet"]["text"].is_string(), "snippets are read from the repository root");
    }
}

#[test]
fn github_annotations_and_summary_start_at_the_repository_root() {
    let (dir, ws, _repo) = nested();
    let summary = dir.path().join("summary.md");
    let output = common::gate()
        .current_dir(&ws)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["gate", "check", "--offline", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(annotations.len() >= 9, "{stdout}");
    for line in annotations {
        assert!(line.contains(" file=rust/my ws/crates/"), "{line}");
    }
    let table = std::fs::read_to_string(summary).unwrap();
    assert!(table.contains("| `rust/my ws/crates/engine/Cargo.toml:12` |"), "{table}");
}

#[test]
fn base_works_when_the_workspace_is_in_a_subdirectory() {
    let (_dir, ws, repo) = nested();
    git::branch(&repo, "feature");
    let audit = ws.join("crates/plugin-audit/Cargo.toml");
    let text = std::fs::read_to_string(&audit).unwrap();
    std::fs::write(&audit, format!("{text}\n[dev-dependencies]\nplugin-auth = {{ path = \"../plugin-auth\" }}\n"))
        .unwrap();
    let run = check(&ws, "json", &["--base", "main"]);
    let doc = run.json();
    let found: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("independent/plugins", "rust/my ws/crates/plugin-audit/Cargo.toml")], "{}", run.stdout);
}

#[test]
fn human_output_stays_relative_to_the_workspace() {
    let (_dir, ws, _repo) = nested();
    let run = run_in(&ws, &["gate", "check", "--offline", "--now", "2026-12-01T00:00:00Z"]);
    assert!(run.stdout.contains("╭─[crates/engine/Cargo.toml:12:1]"), "{}", run.stdout);
}
