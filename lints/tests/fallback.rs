//! The manifest fallback (no `cargo metadata`) on a workspace whose path dependency lives in
//! another checkout: edges come from `Cargo.lock` (versions disambiguated as it writes them),
//! and a package the lock does not account for is one `resolve/partial` warning, however many
//! members and rules go through it.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

use camino::Utf8PathBuf;
use gate_core::policy::parse_policy_files;
use gate_core::text::SourceFile;
use lints::rules::{Context, Registry, RULES};
use lints::workspace::Workspace;

fn fixture() -> Utf8PathBuf {
    Utf8PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cargo-gate/tests/fixtures/outside-path-locked/Cargo.toml")
}

/// `name version` of the dependencies of the package at `node`.
fn deps(ws: &Workspace, node: usize) -> Vec<String> {
    ws.graph.edges[node]
        .iter()
        .map(|e| format!("{} {}", ws.graph.nodes[e.to].name, ws.graph.nodes[e.to].version))
        .collect()
}

fn node(ws: &Workspace, name: &str, version: &str) -> usize {
    ws.graph.nodes.iter().position(|n| n.name == name && n.version == version).unwrap()
}

#[test]
fn edges_come_from_the_lock_with_the_versions_it_names() {
    let ws = Workspace::from_manifests(&fixture()).unwrap();
    let app = ws.member("app").unwrap().node;
    assert_eq!(deps(&ws, app), ["lib 0.1.0", "newdep ", "shared 0.1.0"]);
    let shared = node(&ws, "shared", "0.1.0");
    assert!(ws.graph.nodes[shared].resolved, "a path dependency outside the checkout is resolved from the lock");
    assert_eq!(deps(&ws, shared), ["openssl 0.10.68", "rusqlite 0.31.0"]);
    assert_eq!(deps(&ws, node(&ws, "rusqlite", "0.31.0")), ["libsqlite3-sys 0.28.0"]);
    assert_eq!(deps(&ws, ws.member("lib").unwrap().node), ["frankensqlite 0.1.0", "newdep ", "rusqlite 0.32.1"]);
    let partial = ws.partial.as_ref().unwrap();
    assert_eq!(partial.unresolved, ["newdep"]);
    assert_eq!(partial.why["newdep"], "`Cargo.lock` does not list it");
}

#[test]
fn an_unresolved_package_is_one_warning_naming_the_rules_it_stopped() {
    let ws = Workspace::from_manifests(&fixture()).unwrap();
    let text = std::fs::read_to_string(fixture().parent().unwrap().join("policies/gate.toml")).unwrap();
    let policy = parse_policy_files(vec![SourceFile::new("policies/gate.toml", text)], &Registry).unwrap();
    let cx = Context { ws: &ws, policy: &policy, packages: &[], source: None };
    let findings: Vec<_> = RULES.iter().filter(|r| r.enabled(&policy)).flat_map(|r| r.check(&cx).findings).collect();
    let partial: Vec<_> = findings.iter().filter(|f| f.rule == "resolve/partial").collect();
    assert_eq!(partial.len(), 1, "{partial:#?}");
    assert_eq!(
        partial[0].message,
        "`newdep` could not be resolved (`Cargo.lock` does not list it): `forbid/no-openssl`, `substrate/sqlite` were not evaluated through it"
    );
    assert_eq!(partial[0].dependency.as_deref(), Some("newdep"));
    // Rules through the lock's edges ran: a forbidden crate behind the outside path dependency.
    let forbid: Vec<_> =
        findings.iter().filter(|f| f.rule == "forbid/no-openssl").map(|f| f.chain.join(" → ")).collect();
    assert_eq!(forbid, ["app → shared → openssl", "app → shared → openssl → openssl-sys"]);
    assert!(!findings.iter().any(|f| f.rule == "scope/empty"), "frankensqlite is in the graph, through the lock");
}

#[test]
fn without_a_lock_every_dependency_outside_the_workspace_is_unresolved_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
    let source = fixture().parent().unwrap().to_owned();
    for file in ["Cargo.toml", "crates/app/Cargo.toml", "crates/lib/Cargo.toml", "crates/tool/Cargo.toml"] {
        std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        std::fs::copy(source.join(file), root.join(file)).unwrap();
    }
    let ws = Workspace::from_manifests(&root.join("Cargo.toml")).unwrap();
    let partial = ws.partial.as_ref().unwrap();
    assert_eq!(partial.unresolved, ["frankensqlite", "newdep", "rusqlite", "shared"]);
    assert_eq!(
        partial.why["shared"],
        "its path `../../../outside/shared` is not there and the workspace has no `Cargo.lock`"
    );
    assert!(partial.why["rusqlite"].contains("no `Cargo.lock`"), "{:?}", partial.why);
}
