//! Source rules on a fixture workspace whose files say what they expect: `//~ <rule>` on every
//! line that must have a finding (a line may name several), `//~ ok <rule>` on lines that look
//! suspicious but must not. The findings must be exactly the marked ones.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{fixture, run_in, write};

type Expected = Vec<(String, String, u64)>;

/// (positive markers, negative markers by rule) of every `.rs` file under `root`.
fn markers(root: &Path) -> (Expected, BTreeMap<String, usize>) {
    let mut positive = Vec::new();
    let mut negative: BTreeMap<String, usize> = BTreeMap::new();
    let mut stack = vec![root.join("crates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().to_str().unwrap().to_owned();
            for (i, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
                let Some((_, marker)) = line.split_once("//~ ") else { continue };
                let words: Vec<&str> = marker.split_whitespace().collect();
                if words.first() == Some(&"ok") {
                    *negative.entry(words[1].to_owned()).or_default() += 1;
                } else {
                    positive.extend(words.iter().map(|rule| ((*rule).to_owned(), rel.clone(), i as u64 + 1)));
                }
            }
        }
    }
    positive.sort();
    (positive, negative)
}

/// Appends a line (a module declaration) to a file of the workspace.
fn declare(root: &Path, file: &str, line: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}{line}\n")).unwrap();
}

/// `text` with the list that follows `opening` (up to its `]`) replaced by `items`.
fn replace_list(text: &str, opening: &str, items: &str) -> String {
    let start = text.find(opening).unwrap() + opening.len();
    let end = start + text[start..].find(']').unwrap();
    format!("{}{items}{}", &text[..start], &text[end..])
}

fn findings(run: &common::Run) -> Expected {
    let mut got: Expected = run.json()["findings"]
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
        .collect();
    got.sort();
    got
}

/// The source fixture, with `crates/module-tree-cases/src/linked` a symlink to a directory
/// outside the crate (git keeps no such link portably).
fn source_fixture() -> tempfile::TempDir {
    let ws = fixture("source");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../../../shared/linked_src", ws.path().join("crates/module-tree-cases/src/linked"))
        .unwrap();
    ws
}

#[test]
fn findings_are_exactly_the_marked_lines() {
    let ws = source_fixture();
    let (expected, negative) = markers(ws.path());
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let got = findings(&run);
    // As multisets: a marked line with one finding too many is as wrong as a missing one.
    let (mut missing, mut extra) = (expected.clone(), Vec::new());
    for g in &got {
        match missing.iter().position(|e| e == g) {
            Some(i) => drop(missing.remove(i)),
            None => extra.push(g.clone()),
        }
    }
    assert!(missing.is_empty() && extra.is_empty(), "missing: {missing:#?}\nextra: {extra:#?}");
    let count = |prefix: &str| expected.iter().filter(|(rule, _, _)| rule.starts_with(prefix)).count();
    assert!(count("ambient/") >= 100, "ambient positives: {}", count("ambient/"));
    assert!(count("cx-first") >= 35, "cx-first positives: {}", count("cx-first"));
    assert!(negative["ambient"] >= 80, "ambient negatives: {negative:?}");
    assert!(negative["cx-first"] >= 40, "cx-first negatives: {negative:?}");
    // Every class of issue 12 has its crate, with cases that must and must not be reported.
    for class in CLASS_CRATES {
        let (positive, negative) = class_markers(ws.path(), class);
        assert!(positive > 0 && negative > 0, "{class}: {positive} positive, {negative} negative markers");
    }
    // Files under `[ambient] paths` that no declaration reaches are counted, not examined.
    let unreachable = not_compiled(&ws.path().join("crates"));
    assert_eq!(unreachable, 6);
    assert_eq!(run.json()["summary"]["rules"]["ambient/fs"]["unreachable"], unreachable);
    assert!(run.json()["notes"].to_string().contains("6 files under `[ambient] paths` not compiled"));
}

/// The fixture crates of issue 12, one per class of inaccuracy.
const CLASS_CRATES: [&str; 9] = [
    "module-tree-cases",
    "test-code-cases",
    "crate-import-cases",
    "glob-local-cases",
    "raw-ident-cases",
    "pattern-cases",
    "pure-value-cases",
    "lib-name-cases",
    "cx-select-cases",
];

/// (positive, negative) markers of one fixture crate.
fn class_markers(root: &Path, name: &str) -> (usize, usize) {
    let mut counts = (0, 0);
    let mut stack = vec![root.join("crates").join(name)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    match line.split_once("//~ ").map(|(_, m)| m.starts_with("ok ")) {
                        Some(false) => counts.0 += 1,
                        Some(true) => counts.1 += 1,
                        None => {}
                    }
                }
            }
        }
    }
    counts
}

/// Files whose first line says `//! Not compiled`.
fn not_compiled(dir: &Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_symlink() {
            continue;
        }
        if path.is_dir() {
            count += not_compiled(&path);
        } else if std::fs::read_to_string(&path).unwrap_or_default().starts_with("//! Not compiled") {
            count += 1;
        }
    }
    count
}

#[test]
fn findings_carry_item_and_what_the_first_parameter_is() {
    let ws = fixture("source");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    let doc = run.json();
    let find = |rule: &str, item: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["item"] == item)
            .cloned()
            .unwrap_or_else(|| panic!("{rule} {item}"))
    };
    let f = find("cx-first", "cx_cases::positive::number_first");
    assert_eq!(
        f["message"],
        "`number_first` must take a capability context first, but its first parameter is `n: u32`"
    );
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(8), Some(5)), "the signature starts at `async`");
    let f = find("cx-first", "cx_cases::positive::Fleet::rollout_now");
    assert!(f["message"].as_str().unwrap().contains("`version: u32`"), "{f}");
    let f = find("cx-first", "cx_cases::positive::no_params");
    assert!(f["message"].as_str().unwrap().contains("has no parameter"), "{f}");
    let f = find("ambient/net", "ambient_cases::imports::nested::inner");
    assert_eq!(f["crate"], "ambient-cases");
    insta::assert_snapshot!(run_in(ws.path(), &["gate", "check", "--offline", "-p", "asupersync"]).snapshot());
}

#[test]
fn a_syntax_error_in_scope_is_a_parse_finding() {
    let ws = fixture("source");
    write(&ws.path().join("crates/ambient-cases/src/broken.rs"), "pub fn ok() {}\n\npub fn broken( {\n");
    write(&ws.path().join("crates/cx-cases/src/latin1.rs"), b"pub fn caf\xe9() {}\n");
    declare(ws.path(), "crates/ambient-cases/src/lib.rs", "pub mod broken;");
    declare(ws.path(), "crates/cx-cases/src/lib.rs", "pub mod latin1;");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1);
    let parse: Vec<_> =
        run.json()["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "parse").cloned().collect();
    assert_eq!(parse.len(), 2, "{parse:#?}");
    assert_eq!(parse[0]["file"], "crates/ambient-cases/src/broken.rs");
    assert_eq!(parse[0]["line"], 3);
    assert_eq!(parse[0]["severity"], "error");
    assert_eq!(parse[1]["file"], "crates/cx-cases/src/latin1.rs");
    assert!(parse[1]["message"].as_str().unwrap().contains("not valid UTF-8"));
    let human =
        run_in(ws.path(), &["gate", "check", "--offline", "-q", "-A", "ambient", "-A", "cx-first", "-A", "substrate"]);
    insta::assert_snapshot!(human.snapshot());
}

#[test]
fn rules_that_select_nothing_say_so() {
    let ws = fixture("source");
    let policy = ws.path().join("policies/gate.toml");
    let text = replace_list(&std::fs::read_to_string(&policy).unwrap(), "[ambient]\npaths = [", "\"crates/nope/**\"");
    let text = text
        .replace("names = [\"publish*\", \"revoke*\", \"migrate*\", \"quarantine*\"]", "names = []")
        .replace("attribute = \"high_impact\"", "select = \"pub\"");
    std::fs::write(&policy, text).unwrap();
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    let doc = run.json();
    let empty: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "scope/empty")
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(empty, ["`ambient` checks nothing: `[ambient] paths` match no source file"], "{empty:?}");
    let examined = &doc["summary"]["rules"]["cx-first"];
    assert!(examined["functions"].as_u64().unwrap() > 0, "{examined}");
}

#[test]
fn warm_runs_use_the_cache_and_a_corrupt_cache_is_rebuilt() {
    let ws = fixture("source");
    // The analysis cache itself, not the memo of the whole output (tests/warm_memo.rs).
    let run = || {
        let out = common::gate()
            .current_dir(ws.path())
            .env("CARGO_GATE_NO_MEMO", "1")
            .args(["gate", "check", "--offline", "--format", "json"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = run();
    let cache = ws.path().join("target/gate/source-facts.bin");
    assert!(cache.is_file());
    assert_eq!(first, run(), "a warm run reports the same");
    std::fs::write(&cache, "{ not postcard").unwrap();
    for walks in std::fs::read_dir(ws.path().join("target/gate/source-ir")).unwrap() {
        std::fs::write(walks.unwrap().path(), b"\x00\x01").unwrap();
    }
    assert_eq!(first, run(), "a corrupt cache is ignored");
    write(&ws.path().join("crates/ambient-cases/src/paths.rs"), "pub fn clean() {}\n");
    assert!(!run().contains("crates/ambient-cases/src/paths.rs"), "edited file is re-analysed");
}

#[test]
fn a_category_list_replaces_its_defaults_and_extra_adds_to_them() {
    let ws = fixture("source");
    let policy = ws.path().join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap().replace(
        "allow = [\"crates/ambient-cases/src/clock.rs\"]",
        "allow = [\"crates/ambient-cases/src/clock.rs\"]\ntime = [\"std::time::Instant::now\"]",
    );
    std::fs::write(&policy, text.replace("output = [", "time = [\"chrono::Utc\"]\noutput = [")).unwrap();
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    let time: Vec<(String, u64)> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ambient/time" && f["file"].as_str().unwrap().starts_with("crates/ambient-cases/"))
        .map(|f| (f["file"].as_str().unwrap().to_owned(), f["line"].as_u64().unwrap()))
        .collect();
    // Kept: Instant::now (the replacement list) and chrono::Utc (added by [ambient.extra]).
    // Gone: SystemTime::now and tokio::time::sleep (defaults no longer listed).
    let paths = "crates/ambient-cases/src/paths.rs".to_owned();
    let macros = "crates/ambient-cases/src/macros.rs".to_owned();
    assert_eq!(time, [(macros, 6), (paths.clone(), 11), (paths, 23)], "{time:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_and_dangling_links_are_findings() {
    let ws = fixture("source");
    let src = ws.path().join("crates/ambient-cases/src");
    std::os::unix::fs::symlink("..", src.join("loop")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/gone.rs", src.join("gone.rs")).unwrap();
    declare(ws.path(), "crates/ambient-cases/src/lib.rs", "pub mod gone;");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1);
    let parse: Vec<_> =
        run.json()["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "parse").cloned().collect();
    assert_eq!(parse.len(), 1, "{parse:?}");
    assert_eq!(parse[0]["file"], "crates/ambient-cases/src/gone.rs");
    assert!(parse[0]["message"].as_str().unwrap().contains("cannot read the file"));
}
