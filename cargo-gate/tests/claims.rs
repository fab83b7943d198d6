//! `cargo gate claims`: the scanner on a docs fixture of every case, each evidence kind in each
//! status, the output formats, and bad inputs refused by name.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;

use common::{fixture, run_in, write, Run};
use serde_json::Value;

/// When the fixture's evidence is recorded, and when it is judged (9 days later: fresh).
const RECORDED: &str = "--now=2026-01-01T00:00:00Z";
const JUDGED: &str = "--now=2026-01-10T00:00:00Z";
/// 59 days after recording: older than every claim's `max_age_days = 30`.
const LATER: &str = "--now=2026-03-01T00:00:00Z";

/// Every evidence file of the fixture with the arguments that record it.
const EVIDENCE: [&[&str]; 5] = [
    &["evidence/report.txt", "--kind", "file"],
    &["evidence/junit.xml", "--kind", "file"],
    &["evidence/bench/check.json", "--kind", "benchmark"],
    &["evidence/release.intoto.jsonl", "--kind", "attestation"],
    &["evidence/results/mini.json", "--kind", "results", "--profile", "mini"],
];

fn record(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["gate", "evidence", "record"];
    all.extend_from_slice(args);
    all.push(RECORDED);
    run_in(dir, &all)
}

/// The fixture with every evidence file recorded.
fn recorded() -> tempfile::TempDir {
    let dir = fixture("claims");
    for args in EVIDENCE {
        let run = record(dir.path(), args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    dir
}

fn claims_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["gate", "claims", "--format", "json"];
    args.extend_from_slice(extra);
    let run = run_in(dir, &args);
    assert_ne!(run.code, 101, "panic: {}", run.stderr);
    (run.code, run.json())
}

fn finding_at(doc: &Value, rule: &str, file: &str, line: u64) -> bool {
    doc["findings"].as_array().unwrap().iter().any(|f| f["rule"] == rule && f["file"] == file && f["line"] == line)
}

fn sentence<'a>(doc: &'a Value, text: &str) -> &'a Value {
    doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"] == text)
        .unwrap_or_else(|| panic!("no flagged sentence `{text}` in {:#}", doc["sentences"]))
}

#[test]
fn the_docs_fixture_covers_every_scanner_case() {
    let dir = recorded();
    let (code, doc) = claims_json(dir.path(), &[JUDGED]);
    assert_eq!(code, 1, "{doc:#}");
    assert!(doc["summary"]["sentences"].as_u64().unwrap() >= 40, "{:#}", doc["summary"]);
    // Claims in a heading, list items (nested too), a table cell, and an extra lexicon phrase.
    for line in [1, 9, 12, 19, 38] {
        assert!(finding_at(&doc, "claims/unbacked", "docs/guide.md", line), "line {line}: {:#}", doc["findings"]);
    }
    assert_eq!(sentence(&doc, "The fastest guide")["block"], "heading");
    assert_eq!(sentence(&doc, "The cache is secure by default.")["block"], "list-item");
    assert_eq!(sentence(&doc, "The parser never panics.")["block"], "list-item");
    assert_eq!(sentence(&doc, "10× faster")["block"], "table-cell");
    assert_eq!(sentence(&doc, "10× faster")["triggers"], serde_json::json!(["10×", "faster"]));
    // Code blocks, inline code, link targets, autolinks and HTML comments are not text.
    let unbacked: Vec<&Value> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "claims/unbacked").collect();
    assert_eq!(unbacked.len(), 5, "{unbacked:#?}");
    // A reference to no claim, and a registered claim referenced nowhere.
    assert!(finding_at(&doc, "claims/unknown", "docs/guide.md", 36));
    assert!(finding_at(&doc, "claims/orphan", "claims/orphan-claim.toml", 2));
    let orphan = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "claims/orphan").unwrap();
    assert_eq!(orphan["severity"], "warning");
    // An exact-text match, a paragraph reference, a heading reference and references on their
    // own line (above and below their paragraph): all tied and backed.
    for (text, id) in [
        ("cargo gate checks a 1,000-crate workspace in under two seconds.", "fast-check"),
        ("It is 3x faster than a full build, and its reports are verified by CI.", "fast-check"),
        ("Releases are always signed", "signed-release"),
        ("Each release carries an attestation next to the crate files.", "conforms"),
        ("The report is kept with the sources.", "has-report"),
        ("The perf tests pass on every change.", "tests-pass"),
    ] {
        let s = sentence(&doc, text);
        assert_eq!(s["claims"], serde_json::json!([id]), "{s:#}");
        assert_eq!(s["status"], "backed", "{s:#}");
    }
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "claims/unsupported"));
}

#[test]
fn abbreviations_versions_and_decimals_do_not_split_sentences() {
    let dir = recorded();
    let run = run_in(dir.path(), &["gate", "claims", "--format", "json", JUDGED, "docs/guide.md"]);
    let doc = run.json();
    // Sentences are listed when flagged; the summary counts every sentence, and the count only
    // matches when none of these split (the scanner's unit tests list all forty).
    assert_eq!(doc["summary"]["sentences"], 40, "{:#}", doc["summary"]);
    let text = std::fs::read_to_string(dir.path().join("docs/guide.md")).unwrap();
    assert!(text.contains("e.g. Rust vs. Go toolchains") && text.contains("1.2.3") && text.contains("0.59 s"));
}

#[test]
fn named_files_scan_only_those_and_report_no_orphans() {
    let dir = recorded();
    let (code, doc) = claims_json(dir.path(), &[JUDGED, "README.md"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["files"], serde_json::json!(["README.md"]));
    let ids: Vec<&str> = doc["claims"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["conforms", "fast-check", "has-report", "signed-release", "tests-pass"]);
    assert!(doc["findings"].as_array().unwrap().is_empty(), "{:#}", doc["findings"]);
    // An absolute path works too (an editor's save hook passes one).
    let absolute = dir.path().join("docs/guide.md");
    let (code, doc) = claims_json(dir.path(), &[JUDGED, absolute.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "claims/orphan"));
}

/// The statuses of one claim's requirements, from `--explain`.
fn statuses(dir: &Path, id: &str, now: &str) -> (i32, Vec<(String, String, Option<String>)>) {
    let run = run_in(dir, &["gate", "claims", "--explain", id, "--format", "json", now]);
    assert_ne!(run.code, 101, "{}", run.stderr);
    let doc = run.json();
    let reqs = doc["claim"]["requirements"].as_array().unwrap_or_else(|| panic!("{doc:#}"));
    let statuses = reqs
        .iter()
        .map(|r| {
            let command = r["command"].as_str().map(str::to_owned);
            (r["status"].as_str().unwrap().to_owned(), r["reason"].as_str().unwrap().to_owned(), command)
        })
        .collect();
    (run.code, statuses)
}

/// Claim id, its evidence file, and content that proves nothing or the wrong thing.
const KINDS: [(&str, &str, &str); 5] = [
    ("has-report", "evidence/report.txt", ""),
    (
        "tests-pass",
        "evidence/junit.xml",
        "<testsuites><testsuite name=\"gate::perf\"><testcase classname=\"gate\" name=\"perf::warm_check_is_fast\">\
         <failure message=\"too slow\"/></testcase></testsuite></testsuites>",
    ),
    ("fast-check", "evidence/bench/check.json", "{}"),
    (
        "signed-release",
        "evidence/release.intoto.jsonl",
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"eyJ4IjoxfQ==\",\"signatures\":[{\"keyid\":\"\",\
         \"sig\":\"HwiDQG/Lca9bhnRqyAWLaQsGCwyMHUOuVjRqhjbNpYsDKsL28himvMYrlQwBkToEu62ifZSD1Nr8HbvIWNp1Cg==\"}]}",
    ),
    (
        "conforms",
        "evidence/results/mini.json",
        "{\"suite\": \"mini-1\", \"implementation\": \"x\", \"results\": [{\"case\": \"core.parse\", \"outcome\": \"fail\"}]}",
    ),
];

#[test]
fn each_evidence_kind_when_satisfied_stale_and_tampered() {
    let dir = recorded();
    for (id, path, _) in KINDS {
        let (code, got) = statuses(dir.path(), id, JUDGED);
        assert_eq!((code, got[0].0.as_str()), (0, "satisfied"), "{id}: {got:?}");
        assert!(got[0].2.is_none(), "{id}: a satisfied requirement needs no command");
        let (code, got) = statuses(dir.path(), id, LATER);
        assert_eq!((code, got[0].0.as_str()), (1, "stale"), "{id}: {got:?}");
        assert!(got[0].1.contains("max_age_days = 30"), "{id}: {got:?}");
        let file = dir.path().join(path);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes.push(b'\n');
        std::fs::write(&file, bytes).unwrap();
        let (code, got) = statuses(dir.path(), id, JUDGED);
        assert_eq!((code, got[0].0.as_str()), (1, "tampered"), "{id}: {got:?}");
        assert!(got[0].1.contains("changed since it was recorded"), "{id}: {got:?}");
        assert!(got[0].2.as_deref().unwrap().starts_with(&format!("cargo gate evidence record {path}")), "{got:?}");
    }
}

#[test]
fn each_evidence_kind_when_missing_or_failing() {
    for (id, path, nothing) in KINDS {
        let dir = fixture("claims");
        let (code, got) = statuses(dir.path(), id, JUDGED);
        assert_eq!((code, got[0].0.as_str()), (1, "missing"), "{id}: {got:?}");
        let command = got[0].2.as_deref().unwrap();
        assert!(command.starts_with("cargo gate evidence record "), "{id}: {command}");
        if id == "conforms" {
            assert!(command.ends_with("--kind results --profile mini"), "{command}");
        } else {
            assert!(command.contains(path), "{command}");
        }
        write(&dir.path().join(path), nothing);
        for args in EVIDENCE.iter().filter(|a| a[0] == path) {
            assert_eq!(record(dir.path(), args).code, 0);
        }
        let (code, got) = statuses(dir.path(), id, JUDGED);
        assert_eq!((code, got[0].0.as_str()), (1, "failing"), "{id}: {got:?}");
        // A recorded file that is then deleted is missing again.
        std::fs::remove_file(dir.path().join(path)).unwrap();
        let (_, got) = statuses(dir.path(), id, JUDGED);
        assert_eq!(got[0].0, "missing", "{id}: {got:?}");
        assert!(got[0].1.contains("gone"), "{id}: {got:?}");
    }
}

#[test]
fn unsupported_claims_point_at_the_sentences_that_make_them() {
    let dir = recorded();
    write(&dir.path().join("evidence/bench/check.json"), "{\"wall_ms\": {\"p50\": 2500}}\n");
    assert_eq!(record(dir.path(), EVIDENCE[2]).code, 0);
    let (code, doc) = claims_json(dir.path(), &[JUDGED]);
    assert_eq!(code, 1);
    for line in [6, 8] {
        assert!(finding_at(&doc, "claims/unsupported", "README.md", line), "{:#}", doc["findings"]);
    }
    assert_eq!(
        sentence(&doc, "cargo gate checks a 1,000-crate workspace in under two seconds.")["status"],
        "unsupported"
    );
    let fast = doc["claims"].as_array().unwrap().iter().find(|c| c["id"] == "fast-check").unwrap();
    assert_eq!(fast["backed"], false);
    assert_eq!(fast["requirements"][0]["status"], "failing");
    assert!(fast["requirements"][0]["reason"].as_str().unwrap().contains("above the maximum 2000"));
}

#[test]
fn explain_prints_requirements_and_the_commands_that_produce_them() {
    let dir = fixture("claims");
    let run = run_in(dir.path(), &["gate", "claims", "--explain", "fast-check", JUDGED]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("claim `fast-check` (claims/fast-check.toml:2)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("missing    benchmark evidence/bench/check.json: /wall_ms/p50 <= 2000"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("to produce it: cargo gate evidence record evidence/bench/check.json --kind benchmark"),
        "{}",
        run.stdout
    );
    let run = run_in(dir.path(), &["gate", "claims", "--explain", "fast-chek"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `fast-check`?"), "{}", run.stderr);
}

#[test]
fn json_is_deterministic_and_sarif_and_github_work_as_for_check() {
    let dir = recorded();
    let first = run_in(dir.path(), &["gate", "claims", "--format", "json", JUDGED]);
    let second = run_in(dir.path(), &["gate", "claims", "--format", "json", JUDGED]);
    assert_eq!(first.stdout, second.stdout);
    let doc = first.json();
    assert_eq!(
        (doc["schema"].as_u64(), doc["command"].as_str(), doc["verdict"].as_str()),
        (Some(1), Some("claims"), Some("fail"))
    );
    let sarif = run_in(dir.path(), &["gate", "claims", "--format", "sarif", JUDGED]);
    assert_eq!(sarif.code, 1);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    common::sarif::validate(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), doc["findings"].as_array().unwrap().len());
    let github = run_in(dir.path(), &["gate", "claims", "--format", "github", JUDGED]);
    assert_eq!(github.code, 1);
    assert!(
        github
            .stdout
            .contains("::error file=docs/guide.md,line=9,col=3,endLine=9,endColumn=34,title=claims/unbacked::"),
        "{}",
        github.stdout
    );
    assert!(github.stdout.contains("::warning file=claims/orphan-claim.toml,line=2"), "{}", github.stdout);
}

#[test]
fn levels_in_the_policy_apply_to_claim_findings() {
    let dir = recorded();
    let policy = dir.path().join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        format!("{text}\n[levels]\n\"claims/unbacked\" = \"allow\"\n\"claims/unknown\" = \"warn\"\n"),
    )
    .unwrap();
    let (code, doc) = claims_json(dir.path(), &[JUDGED]);
    assert_eq!(code, 0, "{:#}", doc["findings"]);
    assert_eq!(doc["summary"]["warnings"], 2);
}

fn refused(dir: &Path, args: &[&str], file: &str, needle: &str) {
    let run = run_in(dir, args);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(file), "{args:?} should name {file}: {}", run.stderr);
    assert!(run.stderr.contains(needle), "{args:?} should say `{needle}`: {}", run.stderr);
}

#[test]
fn bad_claim_files_are_refused_by_file_and_line() {
    let cases = [
        ("max_age_days = \"30\"", "claims/bad.toml:3", "must be an integer"),
        ("[[evidence]]\nkind = \"benchmrk\"", "claims/bad.toml:4", "did you mean `benchmark`?"),
        (
            "[[evidence]]\nkind = \"benchmark\"\npath = \"b.json\"\nmetric = \"wall_ms\"\nmax = 1",
            "claims/bad.toml:6",
            "not a JSON pointer",
        ),
        (
            "[[evidence]]\nkind = \"benchmark\"\npath = \"b.json\"\nmetric = \"/a~2\"\nmax = 1",
            "claims/bad.toml:6",
            "not a JSON pointer",
        ),
        ("[[evidence]]\nkind = \"file\"\npath = \"../outside.txt\"", "claims/bad.toml:5", "`..`"),
        (
            "[[evidence]]\nkind = \"file\"\npath = \"a.txt\"\ntests = [\"x\"]",
            "claims/bad.toml:6",
            "unknown key `tests`",
        ),
        (
            "[[evidence]]\nkind = \"attestation\"\npath = \"a.json\"\nkey = \"nobody\"",
            "claims/bad.toml:3",
            "no policy `[[key]]`",
        ),
        ("owner = 7", "claims/bad.toml:3", "must be a string"),
        ("", "claims/bad.toml:1", "has no `[[evidence]]`"),
    ];
    for (body, location, needle) in cases {
        let dir = fixture("claims");
        write(&dir.path().join("claims/bad.toml"), format!("id = \"bad\"\ntext = \"a bad claim\"\n{body}\n"));
        refused(dir.path(), &["gate", "claims"], location, needle);
    }
    let dir = fixture("claims");
    write(
        &dir.path().join("claims/dup.toml"),
        "id = \"fast-check\"\ntext = \"x\"\n[[evidence]]\nkind = \"file\"\npath = \"a\"\n",
    );
    refused(dir.path(), &["gate", "claims"], "claims/fast-check.toml", "already used");
}

#[test]
fn a_benchmark_that_is_not_json_is_a_failing_requirement_naming_the_file() {
    let dir = recorded();
    write(&dir.path().join("evidence/bench/check.json"), "p50: 590\n");
    let run = record(dir.path(), EVIDENCE[2]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("is not JSON"), "record warns: {}", run.stdout);
    let (code, got) = statuses(dir.path(), "fast-check", JUDGED);
    assert_eq!(code, 1);
    assert_eq!(got[0].0, "failing");
    assert!(got[0].1.starts_with("`evidence/bench/check.json` is not JSON"), "{got:?}");
}

#[test]
fn a_manifest_with_a_bad_digest_is_refused_by_line() {
    let dir = recorded();
    let manifest = dir.path().join("evidence/manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let start = text.find("sha256 = \"").unwrap() + 10;
    let broken = format!("{}zz{}", &text[..start], &text[start + 2..]);
    std::fs::write(&manifest, broken).unwrap();
    refused(dir.path(), &["gate", "claims"], "evidence/manifest.toml:7", "`sha256` must be 64 lowercase hex digits");
    refused(dir.path(), &["gate", "evidence", "verify"], "evidence/manifest.toml:7", "`sha256`");
}

#[test]
fn huge_and_deeply_nested_markdown_is_refused_quickly_by_name() {
    let dir = recorded();
    let started = std::time::Instant::now();
    write(&dir.path().join("docs/huge.md"), "The gate is fast. ".repeat(10_000_000 / 18 + 1));
    refused(dir.path(), &["gate", "claims"], "docs/huge.md", "refused");
    std::fs::remove_file(dir.path().join("docs/huge.md")).unwrap();
    let mut nested = String::new();
    for depth in 0..300 {
        nested.push_str(&"  ".repeat(depth));
        nested.push_str("- item\n");
    }
    write(&dir.path().join("docs/nested.md"), &nested);
    refused(dir.path(), &["gate", "claims"], "docs/nested.md:", "nested more than 64 levels");
    write(&dir.path().join("docs/nested.md"), format!("{}deep\n", "> ".repeat(100_000)));
    refused(dir.path(), &["gate", "claims"], "docs/nested.md:1", "refused");
    write(&dir.path().join("docs/nested.md"), format!("{}deep\n", "1. ".repeat(100_000)));
    refused(dir.path(), &["gate", "claims"], "docs/nested.md:1", "refused");
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn documents_that_are_not_utf8_or_not_regular_files_are_refused_by_name() {
    let dir = recorded();
    write(&dir.path().join("docs/latin1.md"), b"caf\xe9 is the fastest\n");
    refused(dir.path(), &["gate", "claims"], "docs/latin1.md", "not valid UTF-8");
    std::fs::remove_file(dir.path().join("docs/latin1.md")).unwrap();
    #[cfg(unix)]
    {
        let fifo = dir.path().join("docs/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        refused(dir.path(), &["gate", "claims"], "docs/pipe.md", "not a regular file");
        std::fs::remove_file(&fifo).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("docs/outside.md")).unwrap();
        refused(dir.path(), &["gate", "claims"], "docs/outside.md", "outside the repository");
    }
}

#[test]
fn a_lexicon_removal_that_names_nothing_is_refused_at_its_line() {
    let dir = fixture("claims");
    let policy = dir.path().join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text.replace("remove = []", "remove = [\"fastset\"]")).unwrap();
    refused(dir.path(), &["gate", "claims"], "policies/gate.toml:12", "did you mean `faster`?");
}

#[test]
fn formats_a_command_cannot_print_are_refused() {
    let dir = fixture("claims");
    refused(
        dir.path(),
        &["gate", "claims", "--explain", "fast-check", "--format", "sarif"],
        "claims --explain",
        "its formats are human, json",
    );
}
