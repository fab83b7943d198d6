//! Graph rules on fixture workspaces with path dependencies to local stand-in crates:
//! every positive case with its rule, file, line and chain, and the negative cases absent.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::{fixture, run_in};
use serde_json::Value;

fn findings(doc: &Value) -> Vec<(String, String, u64, Vec<String>)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let chain = f["chain"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                chain,
            )
        })
        .collect()
}

fn chain(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn every_graph_rule_fires_where_it_should_and_only_there() {
    let ws = fixture("graph");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let got = findings(&run.json());
    let expected = vec![
        // substrate: transitively through a non-member helper crate (chain shown)
        ("substrate/sqlite", "crates/app-helper/Cargo.toml", 8, chain(&["app-helper", "helper", "rusqlite"])),
        // substrate: through `rusqlite.workspace = true` (the member's line)
        ("substrate/sqlite", "crates/app-inherit/Cargo.toml", 8, chain(&["app-inherit", "rusqlite"])),
        // substrate: through an optional dependency enabled by a feature
        ("substrate/sqlite", "crates/app-optional/Cargo.toml", 8, chain(&["app-optional", "rusqlite"])),
        // substrate: through a renamed dependency (`db = { package = "rusqlite" }`)
        ("substrate/sqlite", "crates/app-renamed/Cargo.toml", 8, chain(&["app-renamed", "rusqlite"])),
        // substrate: through a target-specific table
        ("substrate/sqlite", "crates/app-target/Cargo.toml", 8, chain(&["app-target", "rusqlite"])),
        // layer: upward normal edge
        ("layer", "crates/base-up/Cargo.toml", 8, chain(&["base-up", "mid"])),
        // layer: upward dev-dependency edge
        ("layer", "crates/core/Cargo.toml", 11, chain(&["core", "top"])),
        // protect: direct edge from a crate outside `allow`
        ("protect/vault", "crates/intruder/Cargo.toml", 8, chain(&["intruder", "vault"])),
        // forbid: transitive edge, reported at the chain's first edge
        ("forbid/transitive", "crates/mid/Cargo.toml", 9, chain(&["mid", "bridge", "secret-keys"])),
        // independent: one plugin depends on another
        ("independent/plugins", "crates/plugin-a/Cargo.toml", 8, chain(&["plugin-a", "plugin-b"])),
        // forbid: direct edge
        ("forbid/direct", "crates/top/Cargo.toml", 9, chain(&["top", "secret-keys"])),
        // protect with direct_only = false: the transitive-only path is reported
        ("protect/vault-deep", "crates/visitor/Cargo.toml", 8, chain(&["visitor", "keeper", "vault"])),
    ];
    let expected: Vec<_> = expected.into_iter().map(|(r, f, l, c)| (r.to_owned(), f.to_owned(), l, c)).collect();
    assert_eq!(got, expected);
    // Negative cases, spelled out: same-layer (core → util), downward (mid → core, top → mid),
    // a crate in no layer (loner → top), an alternative outside `applies_to` (tool-outside),
    // an allowed crate (keeper → vault), and transitive-only use under direct_only (visitor).
    for quiet in ["crates/util/", "crates/loner/", "crates/tool-outside/", "crates/keeper/"] {
        assert!(!got.iter().any(|f| f.1.starts_with(quiet)), "{quiet} should have no finding");
    }
    assert!(!got.iter().any(|f| f.0 == "protect/vault" && f.1.starts_with("crates/visitor/")));
}

#[test]
fn human_output_of_the_graph_fixture() {
    let ws = fixture("graph");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "-v"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn sarif_points_at_the_cargo_toml_lines() {
    let ws = fixture("graph");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "sarif"]);
    let log = run.json();
    common::sarif::validate(&log);
    let result =
        log["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "forbid/transitive").unwrap();
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "crates/mid/Cargo.toml");
    assert_eq!(location["region"]["startLine"], 9);
    assert_eq!(location["region"]["snippet"]["text"], "bridge = { path = \"../bridge\" }");
}

#[test]
fn a_crate_in_two_layers_is_a_policy_error() {
    let ws = fixture("graph");
    let policy = ws.path().join("policies/gate.toml");
    let text = std::fs::read_to_string(&policy).unwrap().replace("crates = [\"mid\"]", "crates = [\"mid\", \"core\"]");
    std::fs::write(&policy, text).unwrap();
    let run = run_in(ws.path(), &["gate", "check", "--offline"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("crate `core` is in two layers"), "{}", run.stderr);
}

#[test]
fn outside_path_dependency_falls_back_to_the_manifests() {
    let ws = fixture("outside-path");
    let run = run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let doc = run.json();
    let got = findings(&doc);
    // The direct rule still runs on the member that cargo could not resolve.
    assert!(
        got.contains(&("substrate/sqlite".into(), "crates/lib/Cargo.toml".into(), 7, chain(&["lib", "rusqlite"]))),
        "{got:?}"
    );
    let partial: Vec<_> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "resolve/partial").collect();
    assert!(partial[0]["message"].as_str().unwrap().contains("`shared`"), "{partial:?}");
    // The transitive rule is reported as not evaluated through the unresolved packages, never as passed.
    let not_evaluated: Vec<_> =
        partial.iter().filter(|f| f["message"].as_str().unwrap().contains("not evaluated")).collect();
    assert_eq!(not_evaluated.len(), 2, "{partial:?}");
    assert!(not_evaluated.iter().all(|f| f["severity"] == "warning"));
    // --strict makes the partial resolution an error.
    let strict = run_in(ws.path(), &["gate", "check", "--offline", "--strict", "-A", "substrate", "--format", "json"]);
    assert_eq!(strict.code, 1);
    assert!(strict.json()["findings"].as_array().unwrap().iter().all(|f| f["severity"] == "error"));
    let lenient = run_in(ws.path(), &["gate", "check", "--offline", "-A", "substrate"]);
    assert_eq!(lenient.code, 0, "{}", lenient.snapshot());
}

#[test]
fn missing_pinned_toolchain_falls_back_to_the_manifests() {
    let ws = fixture("missing-toolchain");
    // Through the rustup proxy, as a user running `cargo-gate` directly would.
    let output = common::gate()
        .current_dir(ws.path())
        .env_remove("CARGO")
        .args(["gate", "check", "--offline", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let got = findings(&doc);
    assert!(got.iter().any(|f| f.0 == "resolve/partial"), "{got:?}");
    assert!(
        got.contains(&("substrate/sqlite".into(), "Cargo.toml".into(), 7, chain(&["pinned", "rusqlite"]))),
        "{got:?}"
    );
    let message =
        doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "resolve/partial").unwrap()["message"].clone();
    assert!(message.as_str().unwrap().contains("is not installed"), "{message}");
}

/// A more permissive policy never adds a finding: each relaxation of the fixture's policy
/// reports a subset of what the full policy reports.
#[test]
fn relaxing_the_policy_never_adds_a_finding() {
    let base_ws = fixture("graph");
    let full = findings(&run_in(base_ws.path(), &["gate", "check", "--offline", "--format", "json"]).json());
    let relaxations: [(&str, &str); 6] = [
        ("transitive = true\nkinds = [\"normal\"]", "kinds = [\"normal\"]"),
        ("direct_only = false", "direct_only = true"),
        ("[[independent]]\nid = \"plugins\"\ncrates = [\"plugin-*\"]", ""),
        ("allow = [\"keeper\"]", "allow = [\"keeper\", \"intruder\", \"visitor\"]"),
        ("crates = [\"mid\"]", "crates = [\"mid\", \"base-up\"]"),
        (
            "alternatives = [\"rusqlite\"]\napplies_to = [\"app-*\"]",
            "alternatives = [\"rusqlite\"]\napplies_to = [\"app-r*\"]",
        ),
    ];
    for (from, to) in relaxations {
        let ws = fixture("graph");
        let policy = ws.path().join("policies/gate.toml");
        let text = std::fs::read_to_string(&policy).unwrap();
        assert!(text.contains(from), "{from}");
        let relaxed = text.replace(from, to);
        let relaxed = if from.starts_with("crates = [\"mid\"]") {
            // Moving base-up up a layer: it leaves the base layer.
            relaxed.replace("crates = [\"core\", \"util\", \"base-up\"]", "crates = [\"core\", \"util\"]")
        } else {
            relaxed
        };
        std::fs::write(&policy, relaxed).unwrap();
        let got = findings(&run_in(ws.path(), &["gate", "check", "--offline", "--format", "json"]).json());
        let added: Vec<_> = got.iter().filter(|f| !full.contains(f)).collect();
        assert!(added.is_empty(), "relaxing `{from}` added {added:?}");
        assert!(got.len() < full.len(), "relaxing `{from}` should remove a finding");
    }
}
