//! The repository's own policy enforces the four layers: a forbidden edge added to a copy of the
//! repository fails its gate.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;

use common::{copy_dir, repo_root, run_in};

/// A copy of the workspace's manifests, sources and gate files (no tests, no target).
fn repo_copy() -> tempfile::TempDir {
    let root = repo_root();
    let dir = tempfile::tempdir().unwrap();
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root.join(file), dir.path().join(file)).unwrap();
    }
    for sub in ["policies", "waivers"] {
        copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    for member in ["core", "lints", "pipelines", "cargo-gate", "xtask"] {
        let (from, to) = (root.join(member), dir.path().join(member));
        copy_dir(&from.join("src"), &to.join("src"));
        for file in ["Cargo.toml", "build.rs"] {
            if from.join(file).exists() {
                std::fs::copy(from.join(file), to.join(file)).unwrap();
            }
        }
    }
    dir
}

fn add_dependency(manifest: &Path, table: &str, line: &str) {
    let text = std::fs::read_to_string(manifest).unwrap();
    let edited = text.replacen(&format!("[{table}]\n"), &format!("[{table}]\n{line}\n"), 1);
    assert_ne!(text, edited, "no [dependencies] in {}", manifest.display());
    std::fs::write(manifest, edited).unwrap();
}

#[test]
fn the_repository_passes_its_own_gate_and_a_forbidden_edge_fails_it() {
    let copy = repo_copy();
    let run = run_in(copy.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 0, "the repository must pass its own gate:\n{}", run.stdout);

    // The foundation reaches for a thread pool and signing leaks into the analysis layer.
    add_dependency(&copy.path().join("core/Cargo.toml"), "dependencies", "rayon = \"1.12.0\"");
    add_dependency(&copy.path().join("lints/Cargo.toml"), "dependencies", "ed25519-dalek = \"3.0.0\"");
    let run = run_in(copy.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let doc = run.json();
    let rules: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    assert!(rules.contains(&("forbid/foundation-is-plain", "core/Cargo.toml")), "{rules:?}");
    assert!(rules.contains(&("protect/signing", "lints/Cargo.toml")), "{rules:?}");
}

#[test]
fn an_upward_edge_between_the_layers_fails_the_gate() {
    let copy = repo_copy();
    // A normal edge upwards would be a cycle cargo itself refuses; a dev-dependency is not.
    let pipelines = "cargo-gate-pipelines = { path = \"../pipelines\" }";
    add_dependency(&copy.path().join("core/Cargo.toml"), "dev-dependencies", pipelines);
    let run = run_in(copy.path(), &["gate", "check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let doc = run.json();
    let layer: Vec<&serde_json::Value> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "layer").collect();
    assert_eq!(layer.len(), 1, "{doc}");
    assert_eq!(layer[0]["file"], "core/Cargo.toml");
    assert!(layer[0]["message"].as_str().unwrap().contains("of the higher layer `pipelines`"), "{doc}");
}
