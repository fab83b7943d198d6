//! Every message the gate prints is a lowercase fragment without a trailing period
//! (CONTRIBUTING.md), across the findings of every fixture workspace and every bad-policy error.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::{fixture, fixture_path, repo_root, run_in, tiny_workspace, write};
use serde_json::Value;

/// Messages of the findings and of the errors in a `--format json` document.
fn messages(doc: &Value) -> Vec<String> {
    let findings = doc["findings"].as_array().into_iter().flatten().map(|f| &f["message"]);
    let errors = doc["error"]["all"].as_array().into_iter().flatten().map(|e| &e["message"]);
    let first_error = std::iter::once(&doc["error"]["message"]);
    findings.chain(errors).chain(first_error).filter_map(Value::as_str).map(str::to_owned).collect()
}

fn assert_style(message: &str, origin: &str) {
    let first = message.chars().next().unwrap();
    assert!(!first.is_uppercase(), "{origin}: message starts with a capital: {message:?}");
    assert!(!message.ends_with('.'), "{origin}: message ends with a period: {message:?}");
    assert!(!message.contains('\n'), "{origin}: message spans lines: {message:?}");
}

#[test]
fn finding_and_error_messages_are_lowercase_fragments() {
    let mut seen = 0;
    for name in ["graph", "source", "outside-path", "missing-toolchain"] {
        let ws = fixture(name);
        let doc = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]).json();
        for m in messages(&doc) {
            assert_style(&m, name);
            seen += 1;
        }
    }
    let demo = run_in(&repo_root().join("examples/demo"), &["gate", "check", "--offline", "--format", "json"]);
    for m in messages(&demo.json()) {
        assert_style(&m, "demo");
        seen += 1;
    }
    let corpus = fixture_path("bad-policies");
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let entry = entry.unwrap();
        let ws = tiny_workspace();
        write(&ws.path().join("policies").join(entry.file_name()), std::fs::read(entry.path()).unwrap());
        let doc = run_in(ws.path(), &["gate", "check", "--format", "json"]).json();
        for m in messages(&doc) {
            assert_style(&m, &entry.file_name().to_string_lossy());
            seen += 1;
        }
    }
    assert!(seen > 60, "only {seen} messages were looked at");
}
