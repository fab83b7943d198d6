//! `cargo gate check` on the shipped demo workspace, in every output format.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::{fixture, repo_root, run_in, Run};
use serde_json::Value;

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("examples/demo"), dir.path());
    dir
}

fn check(dir: &std::path::Path, extra: &[&str]) -> Run {
    let mut args = vec!["gate", "check", "--offline", "--now", "2026-12-01T00:00:00Z"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn human_output() {
    let ws = demo();
    let run = check(ws.path(), &[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn json_document_matches_the_contract() {
    let ws = demo();
    let run = check(ws.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let doc = run.json();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["tool"]["name"], "cargo-gate");
    assert!(doc["tool"]["version"].is_string());
    assert_eq!(doc["command"], "check");
    assert_eq!(doc["verdict"], "fail");
    assert!(doc["waivers"].is_array());
    assert!(doc["summary"]["errors"].as_u64().unwrap() > 0);
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in [
            "rule",
            "severity",
            "crate",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "help",
            "item",
            "waived_by",
            "fingerprint",
        ] {
            assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
        }
        assert!(f["fingerprint"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let keys: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "findings are in (file, line, rule) order");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_is_byte_identical_across_runs() {
    let ws = demo();
    let first = check(ws.path(), &["--format", "json"]).stdout;
    let second = check(ws.path(), &["--format", "json"]).stdout;
    assert_eq!(first, second);
}

#[test]
fn sarif_is_valid_2_1_0() {
    let ws = demo();
    let run = check(ws.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log = run.json();
    common::sarif::validate(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let layer = results.iter().find(|r| r["ruleId"] == "layer").unwrap();
    let location = &layer["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "crates/engine/Cargo.toml");
    assert_eq!(location["region"]["startLine"], 12);
}

#[test]
fn github_workflow_commands_and_step_summary() {
    let ws = demo();
    let summary = ws.path().join("step-summary.md");
    let output = common::gate()
        .current_dir(ws.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["gate", "check", "--offline", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.lines().next().unwrap().starts_with("::error file=crates/"), "{stdout}");
    assert!(stdout.contains("title=substrate/persistence::"), "{stdout}");
    let table = std::fs::read_to_string(summary).unwrap();
    assert!(table.contains("| severity | rule | location | message | waiver |"), "{table}");
    assert!(table.contains("| waived | `substrate/persistence` | `crates/product/Cargo.toml:13` |"), "{table}");
    assert!(table.contains("7 errors, 0 warnings, 2 waived (10 files, 6 crates)"), "{table}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let ws = demo();
    let run = check(ws.path(), &["--format", "json", "--output", "report.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let text = std::fs::read_to_string(ws.path().join("report.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["verdict"], "fail");
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn levels_from_flags_and_strict() {
    let ws = demo();
    let all = common::levels("-A", &common::DEMO_RULES, &[]);
    // Allowing every rule that fires leaves the demo's waiver unused, which its policy denies.
    let run = check(ws.path(), &all);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stdout.contains("waiver `W-0001` covers no finding"), "{}", run.stdout);
    // Allow that too: the gate passes.
    let run = check(ws.path(), &common::levels("-A", &common::DEMO_RULES, &["-A", "waiver/unused"]));
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // Prefixes work as families do, and later flags win: deny again after allowing.
    let run = check(ws.path(), &["-A", "*", "-D", "layer"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("layer `engine`"), "{}", run.stdout);
    let run = check(ws.path(), &["-A", "forbid/*", "-A", "protect/engine-core", "-A", "*"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // Warnings pass, unless --strict.
    let run = check(ws.path(), &common::levels("-W", &common::DEMO_RULES, &["--format", "json"]));
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.json()["summary"]["warnings"], 7);
    assert_eq!(run.json()["summary"]["waived"], 2, "a waived finding stays waived at any level");
    let run = check(ws.path(), &common::levels("-W", &common::DEMO_RULES, &["--strict"]));
    assert_eq!(run.code, 1);
}

#[test]
fn package_selection_limits_the_members_checked() {
    let ws = demo();
    let run = check(ws.path(), &["-p", "plugin-auth", "--format", "json"]);
    let doc = run.json();
    let crates: Vec<_> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["crate"].as_str().unwrap().to_owned()).collect();
    assert_eq!(crates, ["plugin-auth"]);
    assert_eq!(doc["summary"]["crates"], 1);
}

#[test]
fn explain_prints_the_rule_docs() {
    let ws = fixture("bad-policies");
    let run = run_in(ws.path(), &["gate", "explain", "forbid/engine-internals"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("# `forbid/<id>`"), "{}", run.stdout);
    let run = run_in(ws.path(), &["gate", "explain", "nonsense"]);
    assert_eq!(run.code, 2);
}

#[test]
fn waived_findings_are_dimmed_in_color() {
    let ws = demo();
    let run = check(ws.path(), &["--color", "always"]);
    assert!(run.stdout.contains("\u{1b}[2mwaived by W-0001:"), "{}", run.stdout);
    let plain = check(ws.path(), &["--color", "never"]);
    assert!(!plain.stdout.contains('\u{1b}'));
}
