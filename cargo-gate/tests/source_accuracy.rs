//! Issue 12 end to end: the defaults and the `pure` list, `explain ambient`, rules that check
//! nothing (and parse errors that must not look like that), and the fallback that takes the
//! graph from `Cargo.lock` when `cargo metadata` cannot run. The per-class fixture crates are in
//! `fixtures/source/crates/*-cases` and are checked marker by marker by `source_rules.rs`.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::waivers::{check, demo, new_waiver, sign};
use common::{fixture, run_in, write};
use serde_json::Value;

fn rows(doc: &Value, rule: &str) -> Vec<(String, u64)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| (f["file"].as_str().unwrap().to_owned(), f["line"].as_u64().unwrap()))
        .collect()
}

fn messages(doc: &Value, rule: &str) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect()
}

fn edit_policy(ws: &std::path::Path, from: &str, to: &str) {
    let policy = ws.join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&policy, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_pure_list_replaces_the_default_pure_values() {
    let ws = fixture("source");
    let file = "crates/pure-value-cases/src/lib.rs";
    let fs_lines = |doc: &Value| -> Vec<u64> {
        rows(doc, "ambient/fs").into_iter().filter(|(f, _)| f == file).map(|(_, l)| l).collect()
    };
    let defaults = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]).json();
    assert_eq!(fs_lines(&defaults), [24, 25], "metadata() and set_permissions() only");
    edit_policy(
        ws.path(),
        "allow = [\"crates/ambient-cases/src/clock.rs\"]",
        "allow = [\"crates/ambient-cases/src/clock.rs\"]\npure = []",
    );
    let none = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]).json();
    assert_eq!(fs_lines(&none), [16, 17, 18, 19, 24, 25, 25], "with no pure values, Permissions and the rest are fs");
}

#[test]
fn explain_ambient_prints_the_default_lists() {
    let run = run_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &["gate", "explain", "ambient"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    for expected in [
        "## Default lists",
        "`std::net::TcpStream`",
        "`std::thread::sleep`",
        "`std::thread::scope`",
        "`std::env::temp_dir`",
        "`rand::rng`",
        "`uuid::Uuid::new_v4`",
        "- `pure` (not ambient, though under a denied entry): `std::fs::Permissions`, `std::fs::FileTimes`",
    ] {
        assert!(run.stdout.contains(expected), "{expected} in:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("`std::net`,"), "the whole of std::net is no longer denied");
}

#[test]
fn rules_that_check_nothing_are_scope_empty_warnings() {
    let ws = fixture("source");
    edit_policy(ws.path(), "required = \"frankensqlite\"", "required = \"nowhere-sqlite\"");
    edit_policy(ws.path(), "allow = [\"crates/ambient-cases/src/clock.rs\"]", "allow = [\"**\"]");
    let doc = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]).json();
    assert_eq!(
        messages(&doc, "scope/empty"),
        [
            "`ambient` checks nothing: `[ambient] allow` exempts every file `paths` selects",
            "`substrate/persistence` checks nothing: the required crate `nowhere-sqlite` is nowhere in the dependency graph",
        ]
    );
    assert!(rows(&doc, "ambient/fs").is_empty());
}

/// Replaces the list `key = [ … ]` of the section `[section]` by `items`.
fn replace_list(ws: &std::path::Path, section: &str, key: &str, items: &str) {
    let policy = ws.join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    let at = text.find(&format!("[{section}]\n")).unwrap();
    let start = at + text[at..].find(&format!("{key} = [")).unwrap() + key.len() + 4;
    let end = start + text[start..].find(']').unwrap();
    std::fs::write(&policy, format!("{}{items}{}", &text[..start], &text[end..])).unwrap();
}

#[test]
fn paths_that_select_only_unreachable_files_say_so() {
    let ws = fixture("source");
    let leftovers = "\"crates/module-tree-cases/src/leftover.rs\", \"crates/module-tree-cases/src/leftover_dir/**\"";
    replace_list(ws.path(), "ambient", "paths", leftovers);
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    let doc = run.json();
    let expected = "`ambient` checks nothing: `[ambient] paths` match no compiled source file (2 files there are \
                    reached by no `mod` declaration)";
    assert_eq!(messages(&doc, "scope/empty"), [expected], "{}", run.snapshot());
    assert_eq!(doc["summary"]["rules"]["ambient/fs"]["unreachable"], 2);
}

#[test]
fn a_parse_error_does_not_also_look_like_an_empty_rule() {
    let ws = fixture("source");
    // The only file cx-first selects, and the crate root of a tree ambient selects, stop parsing.
    replace_list(ws.path(), "cx_first", "paths", "\"crates/glob-local-cases/src/lib.rs\"");
    replace_list(ws.path(), "cx_first", "names", "");
    write(&ws.path().join("crates/glob-local-cases/src/lib.rs"), "pub async fn broken( {\n");
    write(&ws.path().join("crates/module-tree-cases/src/lib.rs"), "mod flat;\npub fn broken( {\n");
    let doc = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]).json();
    assert_eq!(
        rows(&doc, "parse"),
        [("crates/glob-local-cases/src/lib.rs".to_owned(), 1), ("crates/module-tree-cases/src/lib.rs".to_owned(), 2)]
    );
    assert_eq!(messages(&doc, "scope/empty"), Vec::<String>::new(), "a parse error is not an empty scope");
    // Below a crate root that does not parse, every file of its directory is examined.
    let tree: Vec<_> =
        rows(&doc, "ambient/fs").into_iter().filter(|(f, _)| f.starts_with("crates/module-tree-cases/src/")).collect();
    assert!(tree.contains(&("crates/module-tree-cases/src/leftover.rs".to_owned(), 3)), "{tree:?}");
}

#[test]
fn a_waiver_over_a_file_that_does_not_parse_is_not_called_unused() {
    let ws = demo();
    new_waiver(ws.path(), &["--id", "W-STORE", "--path", "crates/product/src/storage/**"]);
    assert_eq!(sign(ws.path(), "W-STORE", "alice").code, 0);
    let (_, doc) = check(ws.path(), &[]);
    assert!(doc["waivers"][0]["covers"].as_array().is_some_and(|c| !c.is_empty()), "{doc}");
    write(&ws.path().join("crates/product/src/storage/mod.rs"), "pub fn broken( {\n");
    let (_, doc) = check(ws.path(), &[]);
    assert_eq!(rows(&doc, "parse").len(), 1);
    assert!(rows(&doc, "waiver/unused").is_empty(), "{:?}", messages(&doc, "waiver/unused"));
}

#[test]
fn without_cargo_metadata_the_graph_comes_from_the_lock_and_each_unresolved_package_is_one_warning() {
    let ws = fixture("outside-path-locked");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let doc = run.json();
    let partial = messages(&doc, "resolve/partial");
    assert_eq!(partial.len(), 2, "cargo's failure, and `newdep` once: {partial:#?}");
    assert!(partial[0].starts_with("cargo could not resolve the workspace"), "{partial:?}");
    assert_eq!(
        partial[1],
        "`newdep` could not be resolved (`Cargo.lock` does not list it): `forbid/no-openssl`, `substrate/sqlite` were not evaluated through it"
    );
    // Through the path dependency outside the checkout, along the lock's edges.
    let mut chains: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "forbid/no-openssl")
        .map(|f| f["chain"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect::<Vec<_>>().join(" → "))
        .collect();
    chains.sort();
    assert_eq!(chains, ["app → shared → openssl", "app → shared → openssl → openssl-sys"]);
    assert_eq!(rows(&doc, "substrate/sqlite").len(), 6, "rusqlite 0.31 and 0.32, each with its libsqlite3-sys");
    assert!(messages(&doc, "scope/empty").is_empty(), "frankensqlite is in the locked graph");
}
