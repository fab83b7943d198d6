//! `cargo gate profile plan` and `profile run` through the binary (PRODUCT.md §6.1): the plan an
//! adapter gets, and every way an adapter can fail — a missing case, an unselected one, malformed
//! JSON, a non-zero exit, no report, a hang — each with a clear error that names the adapter.
#![cfg(unix)]
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{fixture, repo_root, run_in, write, Run};
use serde_json::Value;

/// Stderr with miette's wrapping undone: words joined by single spaces, no border characters.
fn flat(text: &str) -> String {
    text.split_whitespace().filter(|w| !matches!(*w, "│" | "×" | "help:")).collect::<Vec<_>>().join(" ")
}
const NOW: &str = "2026-12-01T00:00:00Z";

const ALL_PASS: [&str; 7] = [
    "contract::spi::negotiation",
    "contract::spi::incompatible_startup_fails",
    "contract::descriptor::roundtrip",
    "binding::ffi::handle_lifetime",
    "binding::callbacks::poll_mode",
    "protocol::errors::structured",
    "integration::multi_session",
];

/// A shell adapter that runs `before`, then writes `report` (a JSON text) beside the plan it is
/// given (`$plan` in `before`).
fn adapter(dir: &Path, name: &str, before: &str, report: Option<&str>) -> String {
    let write_report = report
        .map(|r| format!("cat > \"$(dirname \"$plan\")/case-report.json\" <<'JSON'\n{r}\nJSON\n"))
        .unwrap_or_default();
    // The plan's path is the last argument.
    write(&dir.join(name), format!("#!/bin/sh\nfor plan in \"$@\"; do :; done\n{before}\n{write_report}"));
    format!("sh {name}")
}

fn report_of(cases: &[&str], suite: &str, implementation: &str) -> String {
    let results: Vec<String> = cases.iter().map(|c| format!("{{\"case\": \"{c}\", \"outcome\": \"pass\"}}")).collect();
    format!(
        "{{\"suite\": \"{suite}\", \"implementation\": \"{implementation}\", \"results\": [{}]}}",
        results.join(", ")
    )
}

fn passing_report(cases: &[&str]) -> String {
    report_of(cases, "fixture-1-preview2", "conformance-crate")
}

fn profile_run(dir: &Path, adapter: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "profile",
        "run",
        "--offline",
        "--profile",
        "fixture-conformance",
        "--capabilities",
        "capabilities.json",
        "--adapter",
        adapter,
        "--out",
        "out",
        "--now",
        NOW,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn the_plan_selects_cases_by_capability_and_the_adapter_gets_its_path_last() {
    let ws = fixture("profiles/conformance-crate");
    write(&ws.path().join("none.json"), r#"{"capabilities": []}"#);
    let plan = run_in(
        ws.path(),
        &[
            "profile",
            "plan",
            "--offline",
            "--profile",
            "fixture-conformance",
            "--capabilities",
            "none.json",
            "--implementation",
            "impl-a",
            "--out",
            "planned",
            "--format",
            "json",
        ],
    );
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let doc = plan.json();
    let ids: Vec<&str> = doc["plan"]["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(!ids.contains(&"binding::callbacks::poll_mode"), "an optional case without its capability is not run");
    assert!(ids.contains(&"perf::copy_regression") && ids.contains(&"legacy::v1_header"));
    let written: Value = serde_json::from_slice(&std::fs::read(ws.path().join("planned/plan.json")).unwrap()).unwrap();
    assert_eq!(written["cases"], doc["plan"]["cases"], "stdout shows the plan it wrote");
    assert_eq!(written["implementation"], "impl-a");
    assert_eq!(written["suite"], "fixture-1-preview2");
    assert!(written["report"].as_str().unwrap().ends_with("planned/case-report.json"));
    let first = &written["cases"][0];
    assert_eq!(
        (first["id"].as_str(), first["status"].as_str(), first["layer"].as_str()),
        (Some("contract::spi::negotiation"), Some("mandatory"), Some("L1"))
    );

    // The adapter receives the plan's path as its last argument; its output is captured.
    let cmd = adapter(
        ws.path(),
        "echo.sh",
        "cp \"$plan\" seen-plan.json\necho \"args: $#\"; echo oops >&2",
        Some(&passing_report(&ALL_PASS)),
    );
    let run = profile_run(ws.path(), &format!("{cmd} --extra"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seen: Value = serde_json::from_slice(&std::fs::read(ws.path().join("seen-plan.json")).unwrap()).unwrap();
    assert_eq!(seen["capabilities"], serde_json::json!(["binding.poll", "errors.structured"]));
    assert_eq!(std::fs::read_to_string(ws.path().join("out/adapter.stdout.log")).unwrap(), "args: 2\n");
    assert_eq!(std::fs::read_to_string(ws.path().join("out/adapter.stderr.log")).unwrap(), "oops\n");
    let doc = run.json();
    assert_eq!((doc["command"].as_str(), doc["overall"].as_str()), (Some("profile run"), Some("pass")));
    assert_eq!(doc["implementation"], "conformance-crate");
    let roles: Vec<&str> = doc["inputs"].as_array().unwrap().iter().map(|i| i["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["profile", "capabilities", "plan", "results"]);
}

#[test]
fn a_selected_case_the_adapter_omits_is_not_run() {
    let ws = fixture("profiles/conformance-crate");
    let cmd = adapter(ws.path(), "a.sh", "", Some(&passing_report(&ALL_PASS[1..])));
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    let contract = doc["gates"].as_array().unwrap().iter().find(|g| g["id"] == "contract").unwrap();
    assert_eq!(contract["verdict"], "fail");
    assert_eq!(contract["failing"][0]["case"], "contract::spi::negotiation");
    assert_eq!(contract["failing"][0]["outcome"], "not-run");
}

#[test]
fn a_result_for_a_case_the_plan_did_not_select_is_an_error() {
    let ws = fixture("profiles/conformance-crate");
    write(&ws.path().join("capabilities.json"), r#"{"capabilities": [], "implementation": "conformance-crate"}"#);
    let cmd = adapter(ws.path(), "a.sh", "", Some(&passing_report(&ALL_PASS)));
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 2);
    assert!(flat(&run.stderr).contains("the report has results for cases the plan did not select"), "{}", run.stderr);
    assert!(
        flat(&run.stderr).contains("`binding::callbacks::poll_mode`, `protocol::errors::structured`"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_report_json_is_exit_2() {
    let ws = fixture("profiles/conformance-crate");
    let cmd = adapter(ws.path(), "a.sh", "", Some("{\"suite\": \"fixture-1-preview2\", \"results\": [ {\"case\": "));
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("out/case-report.json") && flat(&run.stderr).contains("malformed JSON"),
        "{}",
        run.stderr
    );
    let cmd = adapter(ws.path(), "b.sh", "", Some(&passing_report(&ALL_PASS).replace("\"pass\"", "\"passed\"")));
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 2);
    assert!(flat(&run.stderr).contains("unknown variant `passed`"), "{}", run.stderr);
}

#[test]
fn a_report_for_another_suite_line_or_implementation_is_exit_2() {
    let ws = fixture("profiles/conformance-crate");
    let cmd = adapter(ws.path(), "a.sh", "", Some(&report_of(&ALL_PASS, "fixture-1-final", "conformance-crate")));
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("report for suite line `fixture-1-final`, but the plan is for `fixture-1-preview2`")
    );
    let cmd = adapter(ws.path(), "b.sh", "", Some(&report_of(&ALL_PASS, "fixture-1-preview2", "someone-else")));
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 2);
    assert!(flat(&run.stderr).contains("report for implementation `someone-else`"), "{}", run.stderr);
}

#[test]
fn an_adapter_that_exits_non_zero_is_a_clear_error_naming_it() {
    let ws = fixture("profiles/conformance-crate");
    let cmd = adapter(ws.path(), "fails.sh", "echo 'cannot reach the implementation' >&2\nexit 3", None);
    let run = profile_run(ws.path(), &cmd, &[]);
    assert_eq!(run.code, 2);
    assert!(flat(&run.stderr).contains("adapter `sh fails.sh` failed (exit status: 3)"), "{}", run.stderr);
    assert!(flat(&run.stderr).contains("cannot reach the implementation"), "{}", run.stderr);
    assert_eq!(run.json()["error"]["exit_code"], 2);
}

#[test]
fn an_adapter_that_never_writes_its_report_is_an_error_even_after_a_good_run() {
    let ws = fixture("profiles/conformance-crate");
    let good = adapter(ws.path(), "good.sh", "", Some(&passing_report(&ALL_PASS)));
    assert_eq!(profile_run(ws.path(), &good, &[]).code, 0);
    let silent = adapter(ws.path(), "silent.sh", "true", None);
    let run = profile_run(ws.path(), &silent, &[]);
    assert_eq!(run.code, 2, "the earlier report must not stand for this run");
    assert!(
        flat(&run.stderr).contains("adapter `sh silent.sh` exited successfully but never wrote its report"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_adapter_that_hangs_is_killed_at_the_timeout() {
    let ws = fixture("profiles/conformance-crate");
    // The adapter and a child of its own: both must die at the timeout.
    let cmd = adapter(ws.path(), "hang.sh", "sleep 60 &\necho $! > child.pid\nwait", None);
    let started = Instant::now();
    let run = profile_run(ws.path(), &cmd, &["--timeout", "1"]);
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("adapter `sh hang.sh` did not finish within 1 s and was killed"),
        "{}",
        run.stderr
    );
    let pid = std::fs::read_to_string(ws.path().join("child.pid")).unwrap();
    assert!(dies_soon(pid.trim()), "the adapter's child {pid} outlived the timeout");
}

/// Whether process `pid` is gone (or a zombie waiting to be reaped) within a few seconds: a
/// killed process takes a moment to exit.
fn dies_soon(pid: &str) -> bool {
    (0..50).any(|_| {
        let ps = std::process::Command::new("ps").args(["-o", "stat=", "-p", pid]).output().unwrap();
        let state = String::from_utf8_lossy(&ps.stdout).trim().to_owned();
        let dead = state.is_empty() || state.starts_with('Z');
        if !dead {
            std::thread::sleep(Duration::from_millis(100));
        }
        dead
    })
}

#[test]
fn the_demo_adapter_runs_as_the_readme_shows() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let demo = root.join("examples/demo");
    let args = |fail: &str| {
        vec![
            "profile".to_owned(),
            "run".into(),
            "--offline".into(),
            "--manifest-path".into(),
            demo.join("Cargo.toml").display().to_string(),
            "--profile".into(),
            "protocol-module".into(),
            "--capabilities".into(),
            demo.join("profiles/capabilities.json").display().to_string(),
            "--adapter".into(),
            format!("python3 examples/demo/profiles/adapter.py {fail}"),
            "--out".into(),
            out.path().display().to_string(),
            "--now".into(),
            NOW.into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let pass = run_in(&root, &args("").iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!((pass.code, pass.json()["overall"].as_str()), (0, Some("pass")), "{}", pass.stderr);
    let failing =
        run_in(&root, &args("--fail protocol.errors.structured").iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!((failing.code, failing.json()["overall"].as_str()), (1, Some("fail")), "{}", failing.stderr);
    assert!(out.path().join("evidence/protocol.errors.structured.log").is_file());
}
