//! `cargo gate graph` on the demo: members by layer, violating edges marked with their rule,
//! crates in no layer apart; the DOT output parses with graphviz's `dot` and the Mermaid output
//! with Mermaid itself, when those tools are here (`.ci/graph-check.sh` installs them and sets
//! `GATE_REQUIRE_GRAPH_TOOLS=1`, which makes a missing tool a failure).
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{repo_root, run_in, Run};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("examples/demo"), dir.path());
    dir
}

fn graph(dir: &Path, format: Option<&str>) -> Run {
    let mut args = vec!["gate", "graph", "--offline", "--now", "2026-12-01T00:00:00Z"];
    if let Some(format) = format {
        args.extend_from_slice(&["--format", format]);
    }
    run_in(dir, &args)
}

/// Whether a missing tool fails the test (in CI) or only skips the check (on a laptop).
fn required() -> bool {
    std::env::var_os("GATE_REQUIRE_GRAPH_TOOLS").is_some_and(|v| v == "1")
}

fn skip(what: &str) {
    assert!(!required(), "{what} is required here (GATE_REQUIRE_GRAPH_TOOLS=1): run .ci/graph-check.sh");
    #[expect(clippy::print_stderr, reason = "a skipped check says so in the test output")]
    {
        eprintln!("skipped: {what} is not installed (.ci/graph-check.sh installs it)");
    }
}

#[test]
fn mermaid_is_the_default_and_marks_violating_edges() {
    let ws = demo();
    let run = graph(ws.path(), None);
    assert_eq!(run.code, 1, "the demo's graph has unwaived violations: {}", run.snapshot());
    assert_eq!(run.stdout, graph(ws.path(), Some("mermaid")).stdout);
    let text = &run.stdout;
    assert!(text.starts_with("flowchart TB\n"), "{text}");
    for expected in [
        "subgraph layer0[\"engine\"]",
        "subgraph unlayered[\"in no layer\"]",
        "==>|\"layer\"|",
        "==>|\"independent/plugins\"|",
        "==>|\"forbid/no-c-sqlite via rusqlite\"|",
        "==>|\"substrate/persistence (waived by W-0001)\"|",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
    insta::assert_snapshot!("demo_mermaid", text);
}

#[test]
fn dot_and_json_describe_the_same_graph() {
    let ws = demo();
    let dot = graph(ws.path(), Some("dot"));
    assert!(dot.stdout.contains("subgraph cluster_layer2 {\n    label=\"product\";"), "{}", dot.stdout);
    assert!(dot.stdout.contains("\"engine\" -> \"product\" [label=\"layer\", color=\"#d1242f\""), "{}", dot.stdout);
    insta::assert_snapshot!("demo_dot", dot.stdout);
    let json = graph(ws.path(), Some("json")).json();
    assert_eq!(json["command"], "graph");
    assert_eq!(json["verdict"], "fail");
    let layers: Vec<&str> =
        json["graph"]["layers"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(layers, ["engine", "runtime", "product"]);
    assert_eq!(json["graph"]["unlayered"], serde_json::json!(["plugin-audit", "plugin-auth"]));
    let violating =
        json["graph"]["edges"].as_array().unwrap().iter().filter(|e| !e["violations"].as_array().unwrap().is_empty());
    assert_eq!(violating.count(), 5);
}

#[test]
fn a_format_graph_cannot_produce_is_refused() {
    let ws = demo();
    let run = graph(ws.path(), Some("sarif"));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("its formats are human, mermaid, dot, json"), "{}", run.stderr);
}

#[test]
fn the_dot_output_parses_with_graphviz() {
    let ws = demo();
    let text = graph(ws.path(), Some("dot")).stdout;
    let Ok(mut child) =
        Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()
    else {
        return skip("graphviz (`dot`)");
    };
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "dot rejected the graph: {}\n{text}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

/// `GATE_MERMAID_VALIDATOR`: a command that takes a Mermaid file and exits 0 when Mermaid accepts
/// it (`.ci/graph-check.sh` makes one around mermaid-cli in headless Chromium).
#[test]
fn the_mermaid_output_parses_with_mermaid() {
    let ws = demo();
    let file = ws.path().join("graph.mmd");
    std::fs::write(&file, graph(ws.path(), None).stdout).unwrap();
    let Some(validator) = std::env::var_os("GATE_MERMAID_VALIDATOR") else {
        return skip("a Mermaid validator (GATE_MERMAID_VALIDATOR)");
    };
    let out = Command::new(&validator).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "Mermaid rejected the graph: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The validator itself rejects what is not Mermaid, or this check proves nothing.
    std::fs::write(&file, "flowchart TB\n  a[unclosed --> b\n").unwrap();
    assert!(!Command::new(&validator).arg(&file).output().unwrap().status.success());
}

#[test]
fn the_step_summary_embeds_the_diagram_when_graph_rules_fail() {
    let ws = demo();
    let summary = ws.path().join("summary.md");
    let output = common::gate()
        .current_dir(ws.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["gate", "check", "--offline", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.contains("```mermaid\nflowchart TB\n"), "{text}");
    assert!(text.contains("==>|\"layer\"|"), "{text}");

    // Graph rules allowed: no diagram.
    std::fs::remove_file(&summary).unwrap();
    common::gate()
        .current_dir(ws.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["gate", "check", "--offline", "--format", "github", "-A", "layer", "-A", "forbid", "-A", "independent"])
        .args(["-A", "protect"])
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(!text.contains("```mermaid"), "{text}");
}
