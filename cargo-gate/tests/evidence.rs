//! `cargo gate evidence record` and `verify`: the manifest's entries, edits that keep the user's
//! comments, paths that escape refused, and every problem reported in one run.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;

use common::{fixture, run_in, write};

const NOW: &str = "--now=2026-01-01T00:00:00Z";

fn record(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["gate", "evidence", "record"];
    all.extend_from_slice(args);
    all.push(NOW);
    let run = run_in(dir, &all);
    assert_ne!(run.code, 101, "panic: {}", run.stderr);
    run
}

#[test]
fn record_writes_digest_size_time_and_kind() {
    let dir = fixture("claims");
    let run = record(dir.path(), &["evidence/bench/check.json", "--kind", "benchmark", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["command"], "evidence record");
    let entry = &doc["entry"];
    let bytes = std::fs::read(dir.path().join("evidence/bench/check.json")).unwrap();
    assert_eq!(entry["size"], bytes.len());
    assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(entry["recorded"], "2026-01-01T00:00:00Z");
    assert_eq!(entry["kind"], "benchmark");
    // Outside a git repository there is no commit to name.
    assert!(entry["commit"].is_null() && entry["dirty"].is_null());
    let manifest = std::fs::read_to_string(dir.path().join("evidence/manifest.toml")).unwrap();
    assert!(manifest.starts_with("# Evidence recorded by `cargo gate evidence record`"), "{manifest}");
    assert!(manifest.contains("[[evidence]]\npath = \"evidence/bench/check.json\"\nkind = \"benchmark\"\nsha256 = \""));
}

#[test]
fn record_in_a_git_repository_names_the_commit_and_the_dirty_flag() {
    let dir = fixture("claims");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "fixture"]);
    let run = record(dir.path(), &["evidence/report.txt", "--kind", "file", "--format", "json"]);
    let entry = &run.json()["entry"];
    assert_eq!(entry["commit"].as_str().map(str::len), Some(40), "{entry}");
    assert_eq!(entry["dirty"], false);
    write(&dir.path().join("README.md"), "changed\n");
    let run = record(dir.path(), &["evidence/report.txt", "--kind", "file", "--format", "json"]);
    assert_eq!(run.json()["entry"]["dirty"], true);
}

#[test]
fn re_recording_keeps_comments_layout_and_other_entries() {
    let dir = fixture("claims");
    let manifest = dir.path().join("evidence/manifest.toml");
    assert_eq!(record(dir.path(), &["evidence/report.txt", "--kind", "file"]).code, 0);
    assert_eq!(record(dir.path(), &["evidence/bench/check.json", "--kind", "benchmark"]).code, 0);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let commented = text.replace(
        "[[evidence]]\npath = \"evidence/report.txt\"",
        "# the nightly report, kept for the docs claim\n[[evidence]]\npath = \"evidence/report.txt\" # keep",
    );
    std::fs::write(&manifest, &commented).unwrap();
    write(&dir.path().join("evidence/report.txt"), "all 13 checks passed\n");
    let run = record(dir.path(), &["evidence/report.txt", "--kind", "file"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("re-recorded evidence/report.txt"), "{}", run.stdout);
    let after = std::fs::read_to_string(&manifest).unwrap();
    assert!(
        after.contains(
            "# the nightly report, kept for the docs claim\n[[evidence]]\npath = \"evidence/report.txt\" # keep\n"
        ),
        "{after}"
    );
    assert!(after.contains("size = 21\n"), "{after}");
    assert_eq!(after.matches("[[evidence]]").count(), 2);
    assert!(after.find("evidence/report.txt") < after.find("evidence/bench/check.json"), "order kept: {after}");
    // The write is atomic: no temporary file is left beside the manifest.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("evidence"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn paths_that_escape_the_repository_are_refused() {
    let dir = fixture("claims");
    for (path, needle) in [
        ("../outside-evidence.txt", "`..`"),
        ("evidence/../../outside-evidence.txt", "`..`"),
        ("/etc/hostname", "absolute"),
        ("evidence\\report.txt", "`\\`"),
    ] {
        let run = record(dir.path(), &[path, "--kind", "file"]);
        assert_eq!(run.code, 2, "{path}: {}", run.stdout);
        assert!(run.stderr.contains(needle), "{path}: {}", run.stderr);
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("evidence/link.txt")).unwrap();
        let run = record(dir.path(), &["evidence/link.txt", "--kind", "file"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("outside the repository"), "{}", run.stderr);
        // A symlink inside the repository is fine.
        std::os::unix::fs::symlink("report.txt", dir.path().join("evidence/inside.txt")).unwrap();
        assert_eq!(record(dir.path(), &["evidence/inside.txt", "--kind", "file"]).code, 0);
        // Recorded, then pointed outside: verify refuses it.
        std::fs::remove_file(dir.path().join("evidence/inside.txt")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("evidence/inside.txt")).unwrap();
        let run = run_in(dir.path(), &["gate", "evidence", "verify"]);
        assert_eq!(run.code, 1);
        assert!(run.stdout.contains("refused   evidence/inside.txt"), "{}", run.stdout);
    }
}

#[test]
fn bad_record_requests_are_refused_by_name() {
    let dir = fixture("claims");
    for (args, needle) in [
        (&["evidence/results/mini.json", "--kind", "results"][..], "needs `--profile"),
        (&["evidence/report.txt", "--kind", "file", "--profile", "mini"][..], "only for `--kind results`"),
        (&["evidence/results/mini.json", "--kind", "results", "--profile", "minni"][..], "did you mean `mini`?"),
        (&["evidence/report.txt", "--kind", "benchmrk"][..], "did you mean `benchmark`?"),
        (&["evidence/nothing.txt", "--kind", "file"][..], "no such file"),
        (&["evidence", "--kind", "file"][..], "not a regular file"),
        (&["evidence/manifest.toml", "--kind", "file"][..], "no such file"),
        (&["evidence/report.txt", "--kind", "file", "--format", "sarif"][..], "its formats are human, json"),
    ] {
        let run = record(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    assert_eq!(record(dir.path(), &["evidence/report.txt", "--kind", "file"]).code, 0);
    let run = record(dir.path(), &["evidence/manifest.toml", "--kind", "file"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot record itself"), "{}", run.stderr);
}

#[test]
fn verify_reports_an_edited_a_deleted_and_a_replaced_file_in_one_run() {
    let dir = fixture("claims");
    for (path, kind) in [
        ("evidence/report.txt", "file"),
        ("evidence/junit.xml", "file"),
        ("evidence/bench/check.json", "benchmark"),
        ("evidence/release.intoto.jsonl", "attestation"),
    ] {
        assert_eq!(record(dir.path(), &[path, "--kind", kind]).code, 0);
    }
    let ok = run_in(dir.path(), &["gate", "evidence", "verify"]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    assert!(ok.stdout.ends_with("cargo-gate: all 4 recorded files match evidence/manifest.toml\n"), "{}", ok.stdout);
    // Edited in place, deleted, and replaced by another file moved over it.
    let mut edited = std::fs::read(dir.path().join("evidence/report.txt")).unwrap();
    edited[0] = b'A';
    std::fs::write(dir.path().join("evidence/report.txt"), edited).unwrap();
    std::fs::remove_file(dir.path().join("evidence/junit.xml")).unwrap();
    write(&dir.path().join("other.json"), "{\"wall_ms\": {\"p50\": 1}}\n");
    std::fs::rename(dir.path().join("other.json"), dir.path().join("evidence/bench/check.json")).unwrap();
    let run = run_in(dir.path(), &["gate", "evidence", "verify"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for line in [
        "modified  evidence/bench/check.json",
        "missing   evidence/junit.xml",
        "ok        evidence/release.intoto.jsonl",
        "modified  evidence/report.txt",
    ] {
        assert!(run.stdout.contains(line), "{line}: {}", run.stdout);
    }
    assert!(run.stdout.ends_with("cargo-gate: 3 of 4 recorded files do not match evidence/manifest.toml\n"));
    let json = run_in(dir.path(), &["gate", "evidence", "verify", "--format", "json"]).json();
    assert_eq!(json["verdict"], "fail");
    let statuses: Vec<&str> =
        json["entries"].as_array().unwrap().iter().map(|e| e["check"]["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["modified", "missing", "ok", "modified"]);
    assert_eq!(json["summary"]["problems"], 3);
}

#[test]
fn verify_with_no_manifest_says_there_is_nothing_to_verify() {
    let dir = fixture("claims");
    let run = run_in(dir.path(), &["gate", "evidence", "verify"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "cargo-gate: no evidence recorded in evidence/manifest.toml: nothing to verify\n");
}

#[test]
fn broken_manifests_are_refused_by_file_and_line() {
    for (body, location, needle) in [
        ("[[evidence]]\npath = \"a\"\nkind = \"file\"\nsha256 = \"abc\"\nsize = 1\nrecorded = \"2026-01-01T00:00:00Z\"\n", "evidence/manifest.toml:4", "64 lowercase hex"),
        ("[[evidence]]\npath = \"a\"\nkind = \"fil\"\n", "evidence/manifest.toml:3", "did you mean `file`?"),
        ("[[evidence]]\npath = \"../a\"\n", "evidence/manifest.toml:2", "`..`"),
        ("[[evidence]]\npath = \"a\"\nkind = \"results\"\nsha256 = \"\"\n", "evidence/manifest.toml:1", "needs the `profile`"),
        ("evidence = 3\n", "evidence/manifest.toml:1", "array of tables"),
        ("[[evidence\n", "evidence/manifest.toml:1", "invalid TOML"),
        ("[[evidence]]\npath = \"a\"\nkind = \"file\"\nsha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\nsize = 1\nrecorded = \"yesterday\"\n", "evidence/manifest.toml:6", "RFC 3339"),
    ] {
        let dir = fixture("claims");
        write(&dir.path().join("evidence/manifest.toml"), body);
        for args in [&["gate", "evidence", "verify"][..], &["gate", "evidence", "record", "evidence/report.txt", "--kind", "file"][..]] {
            let run = run_in(dir.path(), args);
            assert_eq!(run.code, 2, "{body}: {}", run.stdout);
            assert!(run.stderr.contains(location) && run.stderr.contains(needle), "{body}: {}", run.stderr);
        }
    }
}
