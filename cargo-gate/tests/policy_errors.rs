//! Every file of the bad-policy corpus makes `check` exit 2 with a message naming the file and
//! the line, never a panic.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::{fixture_path, run_in, tiny_workspace, write};

#[test]
fn every_bad_policy_is_exit_2_with_file_and_line() {
    let corpus = fixture_path("bad-policies");
    let mut names: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert!(names.len() >= 12, "the corpus has {} files", names.len());
    for name in names {
        let name = name.to_str().unwrap().to_owned();
        let ws = tiny_workspace();
        write(&ws.path().join("policies").join(&name), std::fs::read(corpus.join(&name)).unwrap());
        let run = run_in(ws.path(), &["gate", "check"]);
        assert_eq!(run.code, 2, "{name}: expected exit 2\n{}", run.snapshot());
        let file = format!("policies/{name}");
        assert!(run.stderr.contains(&file), "{name}: stderr does not name the file\n{}", run.stderr);
        let whole_file_problem = matches!(name.as_str(), "empty.toml" | "non-utf8.toml");
        if !whole_file_problem {
            assert!(run.stderr.contains(&format!("{file}:")), "{name}: stderr does not name the line\n{}", run.stderr);
        }
        assert!(!run.stderr.contains("panicked"), "{name}: panic\n{}", run.stderr);
        insta::assert_snapshot!(format!("bad_policy_{}", name.trim_end_matches(".toml")), run.snapshot());
    }
}

#[test]
fn ids_must_be_unique_across_files() {
    let ws = tiny_workspace();
    let forbid = "[gate]\nschema = 1\n\n[[forbid]]\nid = \"x\"\nfrom = [\"a\"]\nto = [\"b\"]\n";
    write(&ws.path().join("policies/a.toml"), forbid);
    write(&ws.path().join("policies/b.toml"), forbid);
    let run = run_in(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("policies/b.toml:4"), "{}", run.stderr);
    assert!(run.stderr.contains("policies/a.toml:4"), "{}", run.stderr);
}

#[test]
fn a_section_defined_in_two_files_is_an_error() {
    let ws = tiny_workspace();
    write(&ws.path().join("policies/a.toml"), "[gate]\nschema = 1\n[waivers]\nmax_days = 30\n");
    write(&ws.path().join("policies/b.toml"), "[gate]\nschema = 1\n[waivers]\nmax_days = 60\n");
    let run = run_in(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("policies/b.toml:3"), "{}", run.stderr);
}

#[test]
fn no_policy_runs_no_rules_and_says_so() {
    let ws = tiny_workspace();
    let run = run_in(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.contains("no policy files in policies/: no rules ran"), "{}", run.stdout);
}

#[test]
fn missing_and_broken_manifests_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["gate", "check", "--manifest-path", "nope/Cargo.toml"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("no Cargo.toml found"), "{}", run.stderr);

    write(&dir.path().join("Cargo.toml"), "[package\nname = \"x\"\n");
    let run = run_in(dir.path(), &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("Cargo.toml:1"), "{}", run.stderr);

    write(&dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\nversion = \"not-semver\"\n");
    let run = run_in(dir.path(), &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("Cargo.toml"), "{}", run.stderr);
}

#[test]
fn bad_flags_are_exit_2() {
    let ws = tiny_workspace();
    for args in [
        &["gate", "check", "--format", "xml"][..],
        &["gate", "check", "--now", "tomorrow"],
        &["gate", "check", "-D", "ambiant/*"],
        &["gate", "check", "-p", "nosuch"],
        &["gate", "frobnicate"],
    ] {
        let run = run_in(ws.path(), args);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.snapshot());
    }
}

#[test]
fn json_format_still_prints_one_document_on_unusable_input() {
    let ws = tiny_workspace();
    write(
        &ws.path().join("policies/gate.toml"),
        "[gate]\nschema = 1\n\n[[forbid]]\nid = \"x\"\nfrom = [\"a\"]\nto = [\"b\"]\ntransitiv = true\n",
    );
    let run = run_in(ws.path(), &["gate", "check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let doc = run.json();
    assert_eq!(doc["verdict"], "fail");
    assert_eq!(doc["error"]["file"], "policies/gate.toml");
    assert_eq!(doc["error"]["line"], 8);
    assert!(run.stderr.contains("did you mean `transitive`?"), "{}", run.stderr);
}

#[test]
fn gate_directories_move_with_workspace_metadata() {
    let ws = tiny_workspace();
    let manifest = ws.path().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[workspace.metadata.gate]\npolicies = \"ci/gate\"\n")).unwrap();
    write(
        &ws.path().join("ci/gate/p.toml"),
        "[gate]\nschema = 1\n\n[[forbid]]\nid = \"x\"\nfrom = [\"nothing-*\"]\nto = [\"b\"]\n",
    );
    let run = run_in(ws.path(), &["gate", "check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let rules: Vec<_> =
        run.json()["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect();
    assert_eq!(rules, ["scope/empty"], "the moved policy was read");
    std::fs::write(&manifest, format!("{text}\n[workspace.metadata.gate]\npolicy = \"ci/gate\"\n")).unwrap();
    let run = run_in(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `policies`?"), "{}", run.stderr);
}

#[test]
fn three_independent_mistakes_give_three_diagnostics_in_one_run() {
    let ws = tiny_workspace();
    let policy = "[gate]\nschema = 1\n\n[[layer]]\nname = \"core\"\ncrates = [\"a\"]\ncolour = \"red\"\n\n\
                  [waivers]\nmax_days = \"ninety\"\n\n[levels]\n\"ambient/tiem\" = \"warn\"\n";
    write(&ws.path().join("policies/gate.toml"), policy);
    write(&ws.path().join("policies/more.toml"), "[gate]\nschema = 1\n[[forbid]]\nid = \"x\"\nfrom = [\"a\"]\n");
    let run = run_in(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    for located in ["policies/gate.toml:7", "policies/gate.toml:10", "policies/gate.toml:13", "policies/more.toml:3"] {
        assert!(run.stderr.contains(located), "{located} missing:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("did you mean `ambient/time`?"), "{}", run.stderr);
    let json = run_in(ws.path(), &["gate", "check", "--format", "json"]).json();
    assert_eq!(json["error"]["all"].as_array().map(Vec::len), Some(4), "{json}");
}

#[test]
fn unknown_rule_ids_are_refused_wherever_they_are_written() {
    let ws = tiny_workspace();
    let forbid = "[gate]\nschema = 1\n[[forbid]]\nid = \"no-sqlite\"\nfrom = [\"a\"]\nto = [\"rusqlite\"]\n";
    write(&ws.path().join("policies/gate.toml"), forbid);
    for flag in ["-A", "-W", "-D"] {
        let run = run_in(ws.path(), &["gate", "check", flag, "forbid/no-sqlit"]);
        assert_eq!(run.code, 2, "{flag}: {}", run.snapshot());
        assert!(run.stderr.contains("`forbid/no-sqlit` names no rule"), "{flag}: {}", run.stderr);
        assert!(run.stderr.contains("did you mean `forbid/no-sqlite`?"), "{flag}: {}", run.stderr);
        let run = run_in(ws.path(), &["gate", "check", flag, "ambient/tiem"]);
        assert!(run.code == 2 && run.stderr.contains("did you mean `ambient/time`?"), "{flag}: {}", run.stderr);
    }
    // `*` means every rule, in flags and in `[levels]` alike.
    assert_eq!(run_in(ws.path(), &["gate", "check", "-A", "*"]).code, 0);
    write(&ws.path().join("policies/levels.toml"), "[gate]\nschema = 1\n[levels]\n\"*\" = \"warn\"\n");
    assert_eq!(run_in(ws.path(), &["gate", "check"]).code, 0);
    write(&ws.path().join("policies/levels.toml"), "[gate]\nschema = 1\n[levels]\n\"forbid/no-such-id\" = \"warn\"\n");
    let run = run_in(ws.path(), &["gate", "check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("policies/levels.toml:4"), "{}", run.stderr);
    assert!(run.stderr.contains("the `forbid` rules here: forbid/no-sqlite"), "{}", run.stderr);
}
