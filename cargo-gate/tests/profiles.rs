//! `cargo gate profile eval` through the binary, on results the real tools wrote for the fixture
//! crate (`tests/fixtures/profiles/conformance-crate`, see its README): the rules of §6, the
//! four result formats agreeing, hostile inputs refused by name, determinism, invalid profiles,
//! and the demo's sample results.
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
const PROFILE: &str = "fixture-conformance";

fn crate_fixture() -> tempfile::TempDir {
    fixture("profiles/conformance-crate")
}

/// `profile eval` on the fixture, as JSON.
fn eval(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["profile", "eval", "--offline", "--profile", PROFILE, "--now", NOW, "--format", "json"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn gate_verdicts(doc: &Value) -> Vec<(String, String)> {
    doc["gates"].as_array().unwrap().iter().map(|g| (str(&g["id"]), str(&g["verdict"]))).collect()
}

/// Every failing case of every gate as (gate, case, classification).
fn failing(doc: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for g in doc["gates"].as_array().unwrap() {
        for f in g["failing"].as_array().unwrap() {
            out.push((str(&g["id"]), str(&f["case"]), str(&f["classification"])));
        }
    }
    out
}

fn outcome(doc: &Value, case: &str) -> (String, String) {
    let c = doc["cases"].as_array().unwrap().iter().find(|c| c["case"] == case).unwrap();
    (str(&c["outcome"]), str(&c["state"]))
}

fn str(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

#[test]
fn the_same_outcomes_in_four_formats_give_the_same_verdicts() {
    let ws = crate_fixture();
    let caps = ["--capabilities", "capabilities.json"];
    let formats = [
        "results/nextest-junit.xml",
        "results/other-writer-junit.xml",
        "results/libtest.json",
        "results/case-report.json",
    ];
    let docs: Vec<Value> = formats
        .iter()
        .map(|file| {
            let run = eval(ws.path(), &[&["--results", file][..], &caps[..]].concat());
            assert_eq!(run.code, 1, "{file}: {}", run.stderr);
            run.json()
        })
        .collect();
    let expected_gates = [
        ("contract", "fail"),
        ("binding", "fail"),
        ("protocol", "pass"),
        ("integration", "fail"),
        ("performance", "skipped"),
    ]
    .map(|(g, v)| (g.to_owned(), v.to_owned()));
    for (doc, file) in docs.iter().zip(formats) {
        assert_eq!(doc["overall"], "fail", "{file}");
        assert_eq!(gate_verdicts(doc), expected_gates, "{file}");
        assert_eq!(failing(doc), failing(&docs[0]), "{file}");
        assert_eq!(outcome(doc, "perf::copy_regression"), ("fail".into(), "not-counted".into()), "{file}");
        assert!(doc["warnings"][0]["result"].as_str().unwrap().ends_with("not_in_the_catalogue"), "{file}");
    }
    let contract_failure =
        ("contract".to_owned(), "contract::spi::incompatible_startup_fails".to_owned(), "protocol".to_owned());
    assert!(failing(&docs[0]).contains(&contract_failure));
    // nextest leaves ignored tests out of its JUnit: `not-run`; the others say `skip`. Both fail.
    assert_eq!(outcome(&docs[0], "binding::ffi::handle_lifetime").0, "not-run");
    assert_eq!(outcome(&docs[2], "binding::ffi::handle_lifetime").0, "skip");
    assert_eq!(docs[3]["implementation"], "conformance-crate");
}

#[test]
fn a_missing_mandatory_result_reads_not_run() {
    let ws = crate_fixture();
    let doc = eval(ws.path(), &["--results", "results/libtest.json"]).json();
    assert_eq!(outcome(&doc, "integration::multi_session"), ("not-run".into(), "fail".into()));
    let gate = doc["gates"].as_array().unwrap().iter().find(|g| g["id"] == "integration").unwrap();
    assert_eq!(gate["verdict"], "fail");
    assert_eq!(gate["failing"][0]["outcome"], "not-run");
}

#[test]
fn optional_cases_apply_only_with_their_capabilities() {
    let ws = crate_fixture();
    let claimed = eval(ws.path(), &["--results", "results/libtest.json", "--capabilities", "capabilities.json"]).json();
    assert_eq!(outcome(&claimed, "binding::callbacks::poll_mode"), ("fail".into(), "fail".into()));
    let none = eval(ws.path(), &["--results", "results/libtest.json"]).json();
    assert_eq!(outcome(&none, "binding::callbacks::poll_mode"), ("fail".into(), "not-applicable".into()));
    let protocol = none["gates"].as_array().unwrap().iter().find(|g| g["id"] == "protocol").unwrap();
    assert_eq!(protocol["verdict"], "skipped", "a gate of not-applicable cases");
}

#[test]
fn required_and_non_required_gates_give_fail_and_partial() {
    let ws = crate_fixture();
    let report = |outcomes: &[(&str, &str)]| {
        let results: Vec<String> =
            outcomes.iter().map(|(c, o)| format!("{{\"case\": \"{c}\", \"outcome\": \"{o}\"}}")).collect();
        let text = format!(
            "{{\"suite\": \"fixture-1-preview2\", \"implementation\": \"x\", \"results\": [{}]}}",
            results.join(", ")
        );
        write(&ws.path().join("r.json"), text);
        eval(ws.path(), &["--results", "r.json"])
    };
    let mandatory = [
        ("contract::spi::negotiation", "pass"),
        ("contract::spi::incompatible_startup_fails", "pass"),
        ("contract::descriptor::roundtrip", "pass"),
        ("binding::ffi::handle_lifetime", "pass"),
    ];
    let run = report(&[&mandatory[..], &[("integration::multi_session", "pass")]].concat());
    assert_eq!((run.code, run.json()["overall"].clone()), (0, Value::from("pass")));
    let run = report(&[&mandatory[..], &[("integration::multi_session", "fail")]].concat());
    assert_eq!((run.code, run.json()["overall"].clone()), (0, Value::from("partial")), "a non-required gate failed");
    assert_eq!(run.json()["verdict"], "pass");
    let run = report(&[&mandatory[1..], &[("integration::multi_session", "pass")]].concat());
    assert_eq!((run.code, run.json()["overall"].clone()), (1, Value::from("fail")), "a required case did not run");
}

#[test]
fn no_results_is_skipped() {
    let ws = crate_fixture();
    let run = eval(ws.path(), &[]);
    assert_eq!(run.code, 1);
    assert_eq!((run.json()["overall"].clone(), run.json()["verdict"].clone()), ("skipped".into(), "fail".into()));
    write(&ws.path().join("empty.xml"), "<testsuites/>");
    assert_eq!(eval(ws.path(), &["--results", "empty.xml"]).json()["overall"], "skipped");
}

#[test]
fn a_result_for_an_unknown_case_is_a_warning() {
    let ws = crate_fixture();
    let run = run_in(
        ws.path(),
        &["profile", "eval", "--offline", "--profile", PROFILE, "--results", "results/nextest-junit.xml", "--now", NOW],
    );
    assert!(
        run.stdout.contains("warning: results/nextest-junit.xml:"),
        "the warning names file and line:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("`conformance-crate::helpers::not_in_the_catalogue`"), "{}", run.stdout);
}

#[test]
fn a_case_report_for_another_suite_line_is_exit_2() {
    let ws = crate_fixture();
    let text = std::fs::read_to_string(ws.path().join("results/case-report.json")).unwrap();
    write(&ws.path().join("other.json"), text.replace("fixture-1-preview2", "fixture-1-preview3"));
    let run = eval(ws.path(), &["--results", "other.json"]);
    assert_eq!(run.code, 2);
    assert!(flat(&run.stderr).contains("other.json: results for suite line `fixture-1-preview3`"), "{}", run.stderr);
    assert_eq!(run.json()["error"]["file"], "other.json");
}

#[test]
fn a_name_matching_cases_in_two_binaries_is_an_error_naming_both() {
    let ws = crate_fixture();
    let run = eval(ws.path(), &["--results", "results/nextest-junit-two-binaries.xml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let error = run.json()["error"].clone();
    let message = error["message"].as_str().unwrap();
    assert!(message.starts_with("`contract::spi::negotiation` matches results in two test binaries"), "{message}");
    assert!(message.contains("`conformance-crate` (results/nextest-junit-two-binaries.xml:"), "{message}");
    assert!(
        message.contains("`conformance-crate::second_binary` (results/nextest-junit-two-binaries.xml:"),
        "{message}"
    );
    assert_eq!(error["file"], "results/nextest-junit-two-binaries.xml");
}

#[test]
fn hostile_xml_and_huge_files_are_refused_by_name_quickly() {
    let ws = crate_fixture();
    let dir = ws.path();
    write(
        &dir.join("entities.xml"),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<testsuites>&lol2;</testsuites>\n",
    );
    write(
        &dir.join("external.xml"),
        "<!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><testsuites>&x;</testsuites>",
    );
    let depth = 10_000;
    write(&dir.join("deep.xml"), format!("<testsuites>{}{}</testsuites>", "<a>".repeat(depth), "</a>".repeat(depth)));
    std::fs::File::create(dir.join("huge.xml")).unwrap().set_len(50 * 1000 * 1000).unwrap();
    let cases = [
        ("entities.xml", "DOCTYPE or entity declaration is refused"),
        ("external.xml", "DOCTYPE or entity declaration is refused"),
        ("deep.xml", "nested deeper than 256 levels is refused"),
        ("huge.xml", "50000000 bytes, over the 16777216-byte limit"),
    ];
    for (file, message) in cases {
        let started = Instant::now();
        let run = eval(dir, &["--results", file]);
        assert!(started.elapsed() < Duration::from_secs(20), "{file} took {:?}", started.elapsed());
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(flat(&run.stderr).contains(file) && flat(&run.stderr).contains(message), "{file}:\n{}", run.stderr);
        assert!(!flat(&run.stderr).contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn malformed_results_are_exit_2_naming_the_file() {
    let ws = crate_fixture();
    for (file, text, message) in [
        ("trunc.json", "{\"suite\": \"fixture-1-preview2\", \"results\": [", "malformed JSON"),
        ("mixed.json", "{ \"type\": \"suite\", \"event\": \"started\" }\n   Compiling x\n", "not a libtest JSON event"),
        ("bad.xml", "<testsuites><testcase name=\"a\"></testsuites>", "invalid XML"),
        ("notes.txt", "hello", "not a result file"),
    ] {
        write(&ws.path().join(file), text);
        let run = eval(ws.path(), &["--results", file]);
        assert_eq!(run.code, 2, "{file}");
        assert!(flat(&run.stderr).contains(file) && flat(&run.stderr).contains(message), "{file}:\n{}", run.stderr);
    }
}

#[test]
fn eval_is_byte_identical_for_the_same_inputs_and_now() {
    let ws = crate_fixture();
    let args = |out: &'static str| {
        vec![
            "profile",
            "eval",
            "--offline",
            "--profile",
            PROFILE,
            "--now",
            NOW,
            "--capabilities",
            "capabilities.json",
            "--results",
            "results/libtest.json",
            "results/nextest-junit.xml",
            "--results",
            "results/case-report.json",
            "--output",
            out,
        ]
    };
    let first = run_in(ws.path(), &args("one.json"));
    let second = run_in(ws.path(), &args("two.json"));
    assert_eq!((first.code, second.code), (1, 1), "{}", first.stderr);
    assert_eq!(first.stdout, second.stdout, "the human table");
    let one = std::fs::read(ws.path().join("one.json")).unwrap();
    assert_eq!(one, std::fs::read(ws.path().join("two.json")).unwrap());
    let doc: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(doc["generated_at"], NOW);
    assert_eq!(doc["inputs"].as_array().unwrap().len(), 5, "profile, capabilities and three result files");
    assert!(doc["inputs"].as_array().unwrap().iter().all(|i| i["sha256"].as_str().unwrap().len() == 64));
    let printed = eval(
        ws.path(),
        &[
            "--capabilities",
            "capabilities.json",
            "--results",
            "results/libtest.json",
            "results/nextest-junit.xml",
            "--results",
            "results/case-report.json",
        ],
    );
    assert_eq!(printed.stdout.as_bytes(), one, "--format json prints the report --output writes");
}

#[test]
fn the_human_table_groups_failures_by_classification() {
    let ws = crate_fixture();
    let run = run_in(
        ws.path(),
        &[
            "profile",
            "eval",
            "--offline",
            "--profile",
            PROFILE,
            "--now",
            NOW,
            "--capabilities",
            "capabilities.json",
            "--results",
            "results/libtest.json",
        ],
    );
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn sarif_and_github_formats_are_refused() {
    let ws = crate_fixture();
    for format in ["sarif", "github"] {
        let run = run_in(ws.path(), &["profile", "eval", "--offline", "--profile", PROFILE, "--format", format]);
        assert_eq!(run.code, 2);
        assert!(flat(&run.stderr).contains(&format!(
            "`cargo gate profile eval` cannot produce --format {format}: its formats are human, json"
        )));
    }
}

#[test]
fn invalid_profiles_are_exit_2_naming_file_and_line() {
    let head = "id = \"p\"\nversion = \"1\"\nsuite = \"s\"\n[[gate]]\nid = \"g\"\ncases = [\"a*\"]\n";
    let case = |id: &str, status: &str| format!("[[case]]\nid = \"{id}\"\nstatus = \"{status}\"\n");
    let glob_matching_nothing = format!("{}{}", head.replace("[\"a*\"]", "[\"a*\", \"y*\"]"), case("a1", "mandatory"));
    let profiles = [
        (format!("{head}{}", case("a", "frozen")), 9, "unknown status `frozen`"),
        (
            format!("{head}{}{}", case("a", "mandatory"), case("a", "optional")),
            11,
            "duplicate case id `a` (first at line 7)",
        ),
        (format!("{head}{}{}", case("a", "mandatory"), case("b", "mandatory")), 11, "case `b` is in no gate"),
        (glob_matching_nothing, 6, "gate glob `y*` matches no case"),
        (format!("{}{}", head.replace("suite = \"s\"\n", ""), case("a", "mandatory")), 1, "missing `suite`"),
    ];
    for (text, line, message) in profiles {
        let ws = crate_fixture();
        write(&ws.path().join("profiles/p.toml"), &text);
        let run = run_in(ws.path(), &["profile", "eval", "--offline", "--profile", "p"]);
        assert_eq!(run.code, 2, "{text}");
        assert!(flat(&run.stderr).contains(message), "{message}:\n{}", run.stderr);
        assert!(run.stderr.contains(&format!("profiles/p.toml:{line}:")), "line {line}:\n{}", run.stderr);
        let doc = run_in(ws.path(), &["profile", "eval", "--offline", "--profile", "p", "--format", "json"]).json();
        assert_eq!(doc["error"]["file"], "profiles/p.toml", "{message}");
        assert_eq!(doc["error"]["line"], line, "{message}");
        assert!(doc["error"]["message"].as_str().unwrap().contains(message));
    }
}

#[test]
fn the_demo_samples_give_the_verdict_their_names_say() {
    let root = repo_root();
    let demo = root.join("examples/demo");
    for verdict in ["pass", "partial", "fail"] {
        for format in ["junit.xml", "libtest.json", "case-report.json"] {
            let results = demo.join(format!("profiles/results/{verdict}.{format}"));
            let run = run_in(
                &root,
                &[
                    "profile",
                    "eval",
                    "--offline",
                    "--manifest-path",
                    demo.join("Cargo.toml").to_str().unwrap(),
                    "--profile",
                    "protocol-module",
                    "--capabilities",
                    demo.join("profiles/capabilities.json").to_str().unwrap(),
                    "--results",
                    results.to_str().unwrap(),
                    "--now",
                    NOW,
                    "--format",
                    "json",
                ],
            );
            assert_eq!(run.json()["overall"], verdict, "{verdict}.{format}: {}", run.stderr);
            assert_eq!(run.code, i32::from(verdict == "fail"));
        }
    }
}
