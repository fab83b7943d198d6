//! Resolution in a file, then through the crate's module table.

use std::collections::HashMap;

use super::*;
use crate::source::ir::{BindingIr, FileIr, ItemIr, ModIr, Vis};

fn seg(path: &str) -> Vec<String> {
    path.split("::").map(str::to_owned).collect()
}

fn uses(items: &[(&str, Option<&str>)]) -> Vec<UseBinding> {
    items
        .iter()
        .map(|(path, name)| UseBinding {
            path: seg(path),
            name: name.map(str::to_owned),
            absolute: false,
            vis: Vis::Private,
        })
        .collect()
}

fn item(name: &str, module: bool) -> ItemIr {
    ItemIr { name: name.to_owned(), module, vis: Vis::Pub }
}

/// The targets of `path` as `Extern`/`Internal` strings.
fn show(scopes: &Scopes, path: &str, kind: PathKind) -> Vec<String> {
    scopes
        .resolve(&seg(path), false, kind)
        .into_iter()
        .map(|t| match t {
            Target::Extern(p) => p.join("::"),
            Target::Internal(Anchor::Crate, p) => format!("crate::{}", p.join("::")),
            Target::Internal(Anchor::File(up), p) => format!("file{up}::{}", p.join("::")),
            Target::Glob { path, .. } => format!("glob::{}", path.join("::")),
        })
        .collect()
}

#[test]
fn imports_renames_and_internal_paths() {
    let mut s = Scopes::new();
    s.declare_root(&Declarations {
        items: vec![item("Local", false), item("inner", true)],
        uses: uses(&[("std::net", Some("n")), ("crate::cx::Cx", Some("Cx"))]),
        extern_crates: vec![],
    });
    assert_eq!(show(&s, "n::TcpStream", PathKind::Value), ["std::net::TcpStream"]);
    assert_eq!(show(&s, "Cx", PathKind::Type), ["crate::cx::Cx"]);
    assert_eq!(show(&s, "self::helper", PathKind::Value), ["file0::helper"]);
    assert_eq!(show(&s, "super::super::Cx", PathKind::Type), ["file2::Cx"]);
    assert_eq!(show(&s, "inner::f", PathKind::Value), ["file0::inner::f"]);
    assert!(show(&s, "Local::new", PathKind::Value).is_empty(), "a local item reaches nothing outside");
    assert_eq!(show(&s, "std::fs::read", PathKind::Value), ["std::fs::read"]);
}

#[test]
fn globs_give_candidates_but_never_for_locals_generics_or_the_prelude() {
    let mut s = Scopes::new();
    s.declare_root(&Declarations {
        items: vec![],
        uses: uses(&[("std::fs", None), ("std::net", None)]),
        extern_crates: vec![],
    });
    assert_eq!(show(&s, "read", PathKind::Value), ["std::fs::read", "read"]);
    assert_eq!(show(&s, "TcpStream::connect", PathKind::Value), ["std::net::TcpStream::connect", "TcpStream::connect"]);
    assert_eq!(show(&s, "Some", PathKind::Value), ["Some"]);
    let mark = s.locals_mark();
    s.push_local("read".to_owned());
    s.push_generic("File".to_owned());
    assert!(show(&s, "read", PathKind::Value).is_empty());
    assert_eq!(show(&s, "read::x", PathKind::Value), ["std::fs::read::x", "read::x"], "a local shadows values only");
    assert!(show(&s, "File::open", PathKind::Value).is_empty(), "a generic parameter shadows every path");
    s.restore_locals(mark);
    assert_eq!(show(&s, "read", PathKind::Value), ["std::fs::read", "read"]);
}

#[test]
fn inner_modules_do_not_see_outer_imports_but_blocks_do() {
    let mut s = Scopes::new();
    s.declare_root(&Declarations { items: vec![], uses: uses(&[("std::net", Some("net"))]), extern_crates: vec![] });
    s.enter_block(&Declarations::default());
    assert_eq!(show(&s, "net::TcpStream", PathKind::Value), ["std::net::TcpStream"]);
    s.leave();
    s.enter_module("inner", &Declarations::default());
    assert_eq!(show(&s, "net::TcpStream", PathKind::Value), ["net::TcpStream"]);
    assert_eq!(show(&s, "super::net::TcpStream", PathKind::Value), ["file0::net::TcpStream"]);
    s.leave();
}

#[test]
fn chained_imports_extern_crate_aliases_and_renamed_dependencies() {
    let renamed = HashMap::from([("db".to_owned(), "rusqlite".to_owned())]);
    let mut s = Scopes::new().with_renamed_dependencies(renamed);
    s.declare_root(&Declarations {
        items: vec![],
        uses: uses(&[
            ("process::Command", Some("Cmd")),
            ("s::process", Some("process")),
            ("db::Connection", Some("Conn")),
        ]),
        extern_crates: vec![(Vis::Private, "s".into(), "std".into())],
    });
    assert_eq!(show(&s, "Cmd::new", PathKind::Value), ["std::process::Command::new"]);
    assert_eq!(show(&s, "Conn::open", PathKind::Value), ["rusqlite::Connection::open"]);
    assert_eq!(show(&s, "println", PathKind::Macro), ["std::println"]);
    assert!(reaches("std::net::TcpStream::connect", "std::net"));
    assert!(!reaches("std::network", "std::net"));
}

/// A crate: `lib.rs` with `mod prelude; mod a;` where the prelude re-exports, `a` globs it,
/// and `a::child` globs `a`.
#[test]
fn the_crate_table_follows_re_exports_and_globs() {
    let binding =
        |name: &str, vis: Vis, target: Target| BindingIr { name: name.to_owned(), vis, targets: vec![target] };
    let root = FileIr {
        modules: vec![ModIr { items: vec![item("prelude", true), item("a", true)], ..ModIr::default() }],
        ..FileIr::default()
    };
    let prelude = FileIr {
        modules: vec![ModIr {
            bindings: vec![binding("Cmd", Vis::Pub, Target::Extern(seg("std::process::Command")))],
            globs: vec![(Vis::Pub, Target::Extern(seg("std::net")))],
            ..ModIr::default()
        }],
        ..FileIr::default()
    };
    let a = FileIr {
        modules: vec![
            ModIr {
                items: vec![item("child", true)],
                bindings: vec![binding("secret", Vis::Private, Target::Extern(seg("std::fs")))],
                globs: vec![(Vis::Private, Target::Internal(Anchor::Crate, seg("prelude")))],
                ..ModIr::default()
            },
            ModIr {
                parent: Some(0),
                name: "child".to_owned(),
                globs: vec![(Vis::Private, Target::Internal(Anchor::File(0), vec![]))],
                ..ModIr::default()
            },
        ],
        ..FileIr::default()
    };
    let mut table = CrateTable::new("app");
    table.add_file(&root, &seg("app"));
    table.add_file(&prelude, &seg("app::prelude"));
    table.add_file(&a, &seg("app::a"));
    let resolve = |module: &str, target: Target| -> Vec<String> {
        table.resolve(&seg(module), &target).into_iter().map(|p| p.join("::")).collect()
    };
    let cmd = resolve("app::a", Target::Internal(Anchor::File(0), seg("Cmd::new")));
    assert!(cmd.contains(&"std::process::Command::new".to_owned()), "{cmd:?}");
    let tcp = resolve("app::a", Target::Internal(Anchor::File(0), seg("TcpStream::connect")));
    assert!(tcp.contains(&"std::net::TcpStream::connect".to_owned()), "{tcp:?}");
    // The child sees its parent's private imports, and through them the prelude.
    let from_child = resolve("app::a", Target::Internal(Anchor::File(0), seg("child::secret::read")));
    assert!(from_child.contains(&"std::fs::read".to_owned()), "{from_child:?}");
    let child_cmd = resolve("app::a", Target::Internal(Anchor::File(0), seg("child::Cmd")));
    assert!(child_cmd.contains(&"std::process::Command".to_owned()), "{child_cmd:?}");
    let child_secret = resolve("app::a", Target::Internal(Anchor::File(0), seg("child::secret")));
    assert!(child_secret.contains(&"std::fs".to_owned()), "{child_secret:?}");
    // An explicit path is not a glob: privacy is rustc's to check.
    let outside = resolve("app", Target::Internal(Anchor::Crate, seg("a::secret")));
    assert!(outside.contains(&"std::fs".to_owned()), "{outside:?}");
    // A module that globs `a` from outside does not see its private imports.
    let mut other = FileIr::default();
    other
        .modules
        .push(ModIr { globs: vec![(Vis::Private, Target::Internal(Anchor::Crate, seg("a")))], ..ModIr::default() });
    table.add_file(&other, &seg("app::other"));
    let hidden = table.resolve(&seg("app::other"), &Target::Internal(Anchor::File(0), seg("secret::read")));
    assert!(!hidden.iter().any(|p| p.join("::") == "std::fs::read"), "{hidden:?}");
}
