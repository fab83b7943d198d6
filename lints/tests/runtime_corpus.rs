//! A generated crate in the shape of a real async runtime — nested modules, a glob prelude with
//! re-exports, `use super::*;` in inner modules, traits with many impls, `#[path]` test modules,
//! `#[tokio::test]` functions, leftover files no `mod` reaches, and a `[lib] name` that differs
//! from the package — with exactly the findings planted in it, counted.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::policy::parse_policy_files;
use gate_core::text::SourceFile;
use lints::rules::{Context, Registry, RULES};
use lints::workspace::Workspace;

/// Service modules, and implementations of each module's trait.
const MODULES: usize = 40;
const IMPLS: usize = 6;
const LEFTOVERS: usize = 7;

const POLICY: &str = r#"[gate]
schema = 1

[cx_first]
context = ["rt::cx::Cx"]
paths = ["crates/rt-core/src/**"]

[ambient]
paths = ["crates/rt-core/src/**"]
"#;

fn write(root: &Utf8Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn service(i: usize) -> String {
    let mut s = format!(
        "//! Service {i}.\nuse crate::prelude::*;\n\n\
         pub trait Handler{i} {{\n    async fn handle(&self, cx: &Cx, n: u8);\n    async fn bad(&self, n: u8);\n}}\n\n"
    );
    for k in 0..IMPLS {
        let _ = write!(
            s,
            "pub struct Impl{i}x{k};\n\nimpl Handler{i} for Impl{i}x{k} {{\n    async fn handle(&self, cx: &Cx, n: u8) {{}}\n    \
             async fn bad(&self, n: u8) {{}}\n}}\n\n"
        );
    }
    let _ = write!(
        s,
        "pub async fn serve{i}(cx: &Cx) {{\n    let _ = fs::read(\"state\");\n    let _ = crate::util::rtfs::write(\"state\", b\"\");\n}}\n\n\
         pub async fn leak{i}(n: u8) {{\n    let _ = TcpStream::connect(\"peer\");\n}}\n\n\
         pub(crate) async fn internal{i}(n: u8) {{}}\n\n\
         pub fn locals{i}(read: u8, write: u8) {{\n    let _ = read + write;\n    let _ = Some(SocketAddr::from(([127, 0, 0, 1], 80)));\n    \
         let _ = Shutdown::Both;\n}}\n\n\
         mod inner {{\n    use super::*;\n\n    pub fn deep() {{\n        let _ = Cmd::new(\"worker\");\n    }}\n}}\n\n\
         #[cfg(test)]\n#[path = \"svc{i}_tests.rs\"]\nmod tests;\n\n\
         #[tokio::test]\nasync fn smoke() {{\n    let _ = std::fs::read(\"fixture\");\n}}\n"
    );
    s
}

/// Writes the runtime crate into `root`.
fn generate(root: &Utf8Path) {
    write(root, "Cargo.toml", "[workspace]\nmembers = [\"crates/rt-core\"]\n");
    let manifest = "[package]\nname = \"rt-core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\nname = \"rt\"\n";
    write(root, "crates/rt-core/Cargo.toml", manifest);
    let src = "crates/rt-core/src";
    write(root, &format!("{src}/lib.rs"), "pub mod cx;\npub mod prelude;\npub mod services;\nmod util;\n");
    write(root, &format!("{src}/cx.rs"), "pub struct Cx;\n");
    write(
        root,
        &format!("{src}/prelude.rs"),
        "pub use crate::cx::Cx;\npub use std::fs;\npub use std::net::*;\npub use std::process::Command as Cmd;\n",
    );
    write(root, &format!("{src}/util.rs"), "pub use std::fs as rtfs;\n");
    let mut services = String::new();
    for i in 0..MODULES {
        let _ = writeln!(services, "pub mod svc{i};");
        write(root, &format!("{src}/services/svc{i}.rs"), &service(i));
        let test =
            format!("use super::*;\n\n#[test]\nfn t() {{\n    let _ = std::env::var(\"T{i}\");\n    leak{i};\n}}\n");
        write(root, &format!("{src}/services/svc{i}_tests.rs"), &test);
    }
    write(root, &format!("{src}/services/mod.rs"), &services);
    for j in 0..LEFTOVERS {
        write(root, &format!("{src}/services/old{j}.rs"), "pub fn stale() {\n    let _ = std::fs::read(\"old\");\n}\n");
    }
}

#[test]
fn a_runtime_shaped_crate_has_exactly_the_planted_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
    generate(&root);
    let ws = Workspace::from_manifests(&root.join("Cargo.toml")).unwrap();
    let policy = parse_policy_files(vec![SourceFile::new("policies/gate.toml", POLICY)], &Registry).unwrap();
    let index = lints::source::build_index(&ws, &policy, &policy.digest).unwrap();
    let cx = Context { ws: &ws, policy: &policy, packages: &[], source: Some(&index) };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut examined = BTreeMap::new();
    for rule in RULES.iter().filter(|r| r.enabled(&policy) && r.family() != "resolve") {
        let out = rule.check(&cx);
        for finding in out.findings {
            *counts.entry(finding.rule).or_default() += 1;
        }
        examined.extend(out.examined);
    }
    let expected: BTreeMap<String, usize> = [
        // Per module: `fs::read` through the prelude, `rtfs::write` through a re-export.
        ("ambient/fs", 2 * MODULES),
        // Per module: `TcpStream` through the prelude's `pub use std::net::*;`.
        ("ambient/net", MODULES),
        // Per module: `Cmd` in `mod inner { use super::*; }`, through the prelude.
        ("ambient/process", MODULES),
        // Per module: the trait's `bad` (once, whatever the impls) and `leak`.
        ("cx-first", 2 * MODULES),
    ]
    .into_iter()
    .map(|(r, n)| (r.to_owned(), n))
    .collect();
    assert_eq!(counts, expected);
    // lib, cx, prelude, util, services/mod and the services; not the `#[path]` test modules.
    assert_eq!(examined["ambient/fs"].files, MODULES + 5);
    assert_eq!(examined["ambient/fs"].unreachable, LEFTOVERS);
    assert_eq!(examined["cx-first"].unreachable, LEFTOVERS);
    // handle + bad per trait, serve + leak per module; no trait-impl method, nothing pub(crate).
    assert_eq!(examined["cx-first"].functions, 4 * MODULES);
}
