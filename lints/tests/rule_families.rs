//! Fast in-process tests, one per rule family: manifests, sources and policy text in, findings
//! out — no binary and no `cargo metadata` (the workspace comes from its manifests). The binary
//! tests in `cargo-gate/tests/` cover the same rules end to end.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

use camino::Utf8PathBuf;
use gate_core::policy::parse_policy_files;
use gate_core::text::SourceFile;
use lints::rules::{Context, Registry, RULES};
use lints::workspace::Workspace;

/// A member crate: `(name, dependencies lines, files)`.
type Krate<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// Writes the crates and runs every rule the policy enables: `(rule, file, line)` of each finding.
fn findings(crates: &[Krate<'_>], policy: &str) -> Vec<(String, String, usize)> {
    let dir = tempfile::tempdir().unwrap();
    let root = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
    let members: Vec<String> = crates.iter().map(|(name, _, _)| format!("\"crates/{name}\"")).collect();
    write(&root.join("Cargo.toml"), &format!("[workspace]\nmembers = [{}]\n", members.join(", ")));
    for (name, deps, files) in crates {
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{deps}\n"
        );
        write(&root.join(format!("crates/{name}/Cargo.toml")), &manifest);
        write(&root.join(format!("crates/{name}/src/lib.rs")), "");
        for (path, text) in *files {
            write(&root.join(format!("crates/{name}/{path}")), text);
        }
    }
    let ws = Workspace::from_manifests(&root.join("Cargo.toml")).unwrap();
    let policy = parse_policy_files(vec![SourceFile::new("policies/gate.toml", policy)], &Registry).unwrap();
    let index =
        lints::source::wanted(&policy).then(|| lints::source::build_index(&ws, &policy, &policy.digest).unwrap());
    let cx = Context { ws: &ws, policy: &policy, packages: &[], source: index.as_ref() };
    let mut out: Vec<(String, String, usize)> = RULES
        .iter()
        .filter(|r| r.enabled(&policy))
        .flat_map(|r| r.check(&cx).findings)
        .map(|f| (f.rule, f.location.file.to_string(), f.location.start.line))
        .collect();
    out.sort();
    out
}

fn write(path: &camino::Utf8Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn hit(rule: &str, file: &str, line: usize) -> (String, String, usize) {
    (rule.to_owned(), file.to_owned(), line)
}

const HEADER: &str = "[gate]\nschema = 1\n";

#[test]
fn layer() {
    let policy = format!(
        "{HEADER}[[layer]]\nname = \"low\"\ncrates = [\"engine\"]\n[[layer]]\nname = \"high\"\ncrates = [\"app\"]\n"
    );
    let crates: [Krate<'_>; 2] =
        [("app", "engine = { path = \"../engine\" }", &[]), ("engine", "app = { path = \"../app\" }", &[])];
    assert_eq!(findings(&crates, &policy), [hit("layer", "crates/engine/Cargo.toml", 7)]);
}

#[test]
fn forbid() {
    let policy = format!("{HEADER}[[forbid]]\nid = \"no-db\"\nfrom = [\"app\"]\nto = [\"db\"]\n");
    let crates: [Krate<'_>; 2] = [("app", "\ndb = { path = \"../db\" }", &[]), ("db", "", &[])];
    assert_eq!(findings(&crates, &policy), [hit("forbid/no-db", "crates/app/Cargo.toml", 8)]);
}

#[test]
fn independent() {
    let policy = format!("{HEADER}[[independent]]\nid = \"plugins\"\ncrates = [\"plugin-*\"]\n");
    let crates: [Krate<'_>; 2] = [("plugin-a", "plugin-b = { path = \"../plugin-b\" }", &[]), ("plugin-b", "", &[])];
    assert_eq!(findings(&crates, &policy), [hit("independent/plugins", "crates/plugin-a/Cargo.toml", 7)]);
}

#[test]
fn protect() {
    let policy = format!("{HEADER}[[protect]]\nid = \"core\"\ncrates = [\"core\"]\nallow = [\"engine\"]\n");
    let crates: [Krate<'_>; 3] = [
        ("app", "core = { path = \"../core\" }", &[]),
        ("engine", "core = { path = \"../core\" }", &[]),
        ("core", "", &[]),
    ];
    assert_eq!(findings(&crates, &policy), [hit("protect/core", "crates/app/Cargo.toml", 7)]);
}

#[test]
fn substrate_in_the_graph_and_in_the_source() {
    let policy = format!(
        "{HEADER}[[substrate]]\nid = \"db\"\nrequired = \"frankensqlite\"\nalternatives = [\"rusqlite\"]\n\
         paths = [\"crates/app/src/store.rs\"]\nbanned = [\"rusqlite\", \"std::fs\"]\n"
    );
    let store: &[(&str, &str)] =
        &[("src/lib.rs", "mod store;\n"), ("src/store.rs", "pub fn open() {\n    let _ = std::fs::read(\"db\");\n}\n")];
    let crates: [Krate<'_>; 3] = [
        ("app", "rusqlite = { path = \"../rusqlite\" }\nfrankensqlite = { path = \"../frankensqlite\" }", store),
        ("frankensqlite", "", &[]),
        ("rusqlite", "", &[]),
    ];
    assert_eq!(
        findings(&crates, &policy),
        [hit("substrate/db", "crates/app/Cargo.toml", 7), hit("substrate/db", "crates/app/src/store.rs", 2)]
    );
}

#[test]
fn cx_first() {
    let policy = format!("{HEADER}[cx_first]\ncontext = [\"cx::Cx\"]\n");
    let lib =
        "pub struct Op;\npub async fn good(cx: &cx::Cx) {}\npub async fn bad(n: u32) {}\nasync fn private(n: u32) {}\n";
    let crates: [Krate<'_>; 2] = [("app", "cx = { path = \"../cx\" }", &[("src/lib.rs", lib)]), ("cx", "", &[])];
    assert_eq!(findings(&crates, &policy), [hit("cx-first", "crates/app/src/lib.rs", 3)]);
}

#[test]
fn ambient() {
    let policy = format!("{HEADER}[ambient]\nallow = [\"crates/app/src/clock.rs\"]\n");
    let lib = "mod clock;\nuse std::net::TcpStream;\npub fn f() {\n    let _ = TcpStream::connect(\"x\");\n    let _ = std::env::var(\"X\");\n}\n";
    let clock = "pub fn now() -> std::time::Instant {\n    std::time::Instant::now()\n}\n";
    let crates: [Krate<'_>; 1] = [("app", "", &[("src/lib.rs", lib), ("src/clock.rs", clock)])];
    assert_eq!(
        findings(&crates, &policy),
        [hit("ambient/env", "crates/app/src/lib.rs", 5), hit("ambient/net", "crates/app/src/lib.rs", 4)]
    );
}

#[test]
fn parse() {
    let policy = format!("{HEADER}[ambient]\n");
    let crates: [Krate<'_>; 1] = [("app", "", &[("src/lib.rs", "pub fn broken( {\n")])];
    assert_eq!(findings(&crates, &policy), [hit("parse", "crates/app/src/lib.rs", 1)]);
}

#[test]
fn ambient_patterns_reach_nothing_even_under_a_denied_module() {
    let policy = format!("{HEADER}[ambient]\nnet = [\"std::net\"]\n");
    let lib = "use std::net::*;\npub fn f(s: Shutdown, e: std::io::Result<()>) {\n    match s {\n        Shutdown::Both => {}\n        _ => {}\n    }\n    if let Ok(()) = e {}\n    let _ = Shutdown::Read;\n}\n";
    let crates: [Krate<'_>; 1] = [("app", "", &[("src/lib.rs", lib)])];
    assert_eq!(findings(&crates, &policy), [hit("ambient/net", "crates/app/src/lib.rs", 8)]);
}
