//! Name resolution for source rules: turns the paths written in a file into full paths, the way
//! rustc would for the cases that matter (PRODUCT.md §4).
//!
//! A [`Scopes`] stack mirrors the file's nesting: one frame per module (a file, or an inline
//! `mod { … }`) and one per block. Each frame binds the names its items and `use` declarations
//! introduce; a path's first segment is looked up from the innermost frame out to the nearest
//! module (Rust modules do not see their parent's names). `crate::`, `self::` and `super::` become
//! the crate's own name and module path; `use` renames, groups, `self` and globs are followed; a
//! local item that merely shares a std name resolves to the local item.

mod uses;

use std::collections::{HashMap, HashSet};

pub(crate) use uses::{flatten_use_tree, UseBinding};

/// Macros of the std prelude: `println!` means `std::println`.
const STD_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "include",
    "include_bytes",
    "include_str",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// What a frame is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FrameKind {
    /// A module: the file's root or an inline `mod`.
    Module,
    /// A block: names declared in it are visible inside only.
    Block,
}

#[derive(Clone, Debug)]
struct Frame {
    kind: FrameKind,
    /// The module path of the frame (for `self::` and local items).
    module: Vec<String>,
    /// Name → full path.
    bindings: HashMap<String, Vec<String>>,
    /// Glob-imported prefixes, resolved.
    globs: Vec<Vec<String>>,
}

/// The names in scope at a point of a file.
#[derive(Clone, Debug)]
pub struct Scopes {
    crate_name: String,
    frames: Vec<Frame>,
    /// Renamed dependencies: the name code uses (`db`) → the package's crate name (`rusqlite`).
    renamed: HashMap<String, String>,
    /// Names known to be crates (std, the member's dependencies, the roots of denied paths): a
    /// glob import cannot be what they mean.
    known_crates: HashSet<String>,
}

/// Local items and imports declared directly in a module or block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Declarations {
    /// Names of local items (`fn`, `struct`, `mod`, `macro_rules!`, …).
    pub items: Vec<String>,
    /// `use` bindings (name → path as written).
    pub uses: Vec<UseBinding>,
    /// `extern crate x as y;` as (y, x).
    pub extern_crates: Vec<(String, String)>,
}

impl Declarations {
    /// Whether nothing is declared.
    #[must_use]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() && self.uses.is_empty() && self.extern_crates.is_empty()
    }
}

impl Scopes {
    /// Whether a one-segment path `name` could be an import (explicit or through a glob) in
    /// the current scope; if not, it is a local or a prelude name.
    #[must_use]
    pub(crate) fn may_import(&self, name: &impl std::fmt::Display) -> bool {
        let name = name.to_string();
        for frame in self.frames.iter().rev() {
            if !frame.globs.is_empty() || frame.bindings.contains_key(&name) {
                return true;
            }
            if frame.kind == FrameKind::Module {
                break;
            }
        }
        false
    }

    /// Scopes for a file whose module path is `module` (crate name first).
    #[must_use]
    pub fn new(crate_name: &str, module: Vec<String>) -> Self {
        let root = Frame { kind: FrameKind::Module, module, bindings: HashMap::new(), globs: Vec::new() };
        let known_crates = ["std", "core", "alloc", "proc_macro"].into_iter().map(str::to_owned).collect();
        Self { crate_name: crate_name.to_owned(), frames: vec![root], renamed: HashMap::new(), known_crates }
    }

    /// Declares more names that are crates (dependencies, roots of denied paths).
    #[must_use]
    pub(crate) fn with_known_crates(mut self, crates: impl IntoIterator<Item = String>) -> Self {
        self.known_crates.extend(crates);
        self
    }

    /// Declares the crate's renamed dependencies (`db = { package = "rusqlite" }` → `db` → `rusqlite`).
    #[must_use]
    pub(crate) fn with_renamed_dependencies(mut self, renamed: HashMap<String, String>) -> Self {
        self.renamed = renamed;
        self
    }

    /// A path that names an extern crate, with a renamed dependency replaced by its package.
    fn extern_path(&self, segments: &[String]) -> Vec<String> {
        match segments.split_first() {
            Some((first, rest)) => match self.renamed.get(first) {
                Some(package) => std::iter::once(package.clone()).chain(rest.iter().cloned()).collect(),
                None => segments.to_vec(),
            },
            None => Vec::new(),
        }
    }

    /// The module path at this point.
    #[must_use]
    pub(crate) fn module(&self) -> &[String] {
        self.frames.last().map_or(&[][..], |f| &f.module)
    }

    /// Declares the file root's names (call once, before walking the file).
    pub(crate) fn declare_root(&mut self, decls: &Declarations) {
        self.fill_top(decls);
    }

    /// Enters an inline module `name` with its declarations.
    pub(crate) fn enter_module(&mut self, name: &str, decls: &Declarations) {
        let mut module = self.module().to_vec();
        module.push(name.to_owned());
        self.frames.push(Frame { kind: FrameKind::Module, module, bindings: HashMap::new(), globs: Vec::new() });
        self.fill_top(decls);
    }

    /// Enters a block with its declarations.
    pub(crate) fn enter_block(&mut self, decls: &Declarations) {
        let module = self.module().to_vec();
        self.frames.push(Frame { kind: FrameKind::Block, module, bindings: HashMap::new(), globs: Vec::new() });
        self.fill_top(decls);
    }

    /// Leaves the innermost module or block.
    pub(crate) fn leave(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    /// Binds a frame's declarations: local items first, then imports resolved in that frame
    /// (imports may refer to each other and to local items, in any order).
    fn fill_top(&mut self, decls: &Declarations) {
        let module = self.module().to_vec();
        let top = self.frames.len() - 1;
        for item in &decls.items {
            let mut path = module.clone();
            path.push(item.clone());
            self.frames[top].bindings.insert(item.clone(), path);
        }
        for (alias, krate) in &decls.extern_crates {
            let path = self.extern_path(std::slice::from_ref(krate));
            self.frames[top].bindings.insert(alias.clone(), path);
        }
        // Imports can chain (`use a::b; use b::c;`): resolve until nothing changes.
        let mut pending: Vec<&UseBinding> = decls.uses.iter().collect();
        for _ in 0..8 {
            let mut unresolved = Vec::new();
            for binding in pending {
                let first = binding.path.first().map(String::as_str);
                let chained = first.is_some_and(|f| {
                    !self.frames[top].bindings.contains_key(f)
                        && decls.uses.iter().any(|u| !std::ptr::eq(u, binding) && u.name.as_deref() == Some(f))
                });
                if chained && !binding.absolute {
                    unresolved.push(binding);
                    continue;
                }
                self.bind(top, binding);
            }
            if unresolved.is_empty() {
                return;
            }
            pending = unresolved;
        }
        // A cycle (`use a::b as a;`): bind what is left as written.
        for binding in pending {
            self.bind(top, binding);
        }
    }

    fn bind(&mut self, top: usize, binding: &UseBinding) {
        // An import whose first name only a glob could explain is taken as written (a crate).
        let full = self.resolve_segments(&binding.path, binding.absolute).pop().unwrap_or_default();
        match &binding.name {
            Some(name) if name != "_" => {
                self.frames[top].bindings.insert(name.clone(), full);
            }
            Some(_) => {}
            None => self.frames[top].globs.push(full),
        }
    }

    /// The full paths `segments` may mean here. Usually one; a name that only a glob import can
    /// explain gives one candidate per glob.
    #[must_use]
    pub(crate) fn resolve_segments(&self, segments: &[String], absolute: bool) -> Vec<Vec<String>> {
        let Some(first) = segments.first() else { return vec![Vec::new()] };
        let rest = &segments[1..];
        let join = |prefix: &[String]| -> Vec<String> { prefix.iter().chain(rest).cloned().collect() };
        if absolute {
            return vec![self.extern_path(segments)];
        }
        match first.as_str() {
            "crate" | "$crate" => return vec![self.in_module(vec![self.crate_name.clone()], rest)],
            "self" => return vec![self.in_module(self.module().to_vec(), rest)],
            "super" => {
                let mut module = self.module().to_vec();
                let mut rest = segments;
                while rest.first().is_some_and(|s| s == "super") {
                    if module.len() > 1 {
                        module.pop();
                    }
                    rest = &rest[1..];
                }
                return vec![self.in_module(module, rest)];
            }
            _ => {}
        }
        let mut globs = Vec::new();
        for frame in self.frames.iter().rev() {
            if let Some(bound) = frame.bindings.get(first) {
                return vec![join(bound)];
            }
            globs.extend(frame.globs.iter().cloned());
            if frame.kind == FrameKind::Module {
                break;
            }
        }
        if self.known_crates.contains(first) || self.renamed.contains_key(first) {
            return vec![self.extern_path(segments)];
        }
        let mut candidates: Vec<Vec<String>> =
            globs.iter().map(|g| g.iter().chain(segments).cloned().collect()).collect();
        // Written as is: an extern crate (`std::…`, a renamed dependency) or a prelude name.
        candidates.push(self.extern_path(segments));
        candidates
    }

    /// `module::rest`, where `rest` starts with a name the module may have imported: when the
    /// module is one of the frames being walked, its binding is followed (`self::fs` after
    /// `use std::fs;` is `std::fs`).
    fn in_module(&self, module: Vec<String>, rest: &[String]) -> Vec<String> {
        if let Some((name, tail)) = rest.split_first() {
            let frame = self.frames.iter().rev().find(|f| f.kind == FrameKind::Module && f.module == module);
            if let Some(bound) = frame.and_then(|f| f.bindings.get(name)) {
                return bound.iter().chain(tail).cloned().collect();
            }
        }
        module.into_iter().chain(rest.iter().cloned()).collect()
    }

    /// The full path of a macro invoked as `segments!`.
    #[must_use]
    pub(crate) fn resolve_macro(&self, segments: &[String], absolute: bool) -> Vec<Vec<String>> {
        if let [name] = segments {
            let bound = self.frames.iter().rev().any(|f| f.bindings.contains_key(name));
            if !bound && STD_MACROS.contains(&name.as_str()) {
                return vec![vec!["std".to_owned(), name.clone()]];
            }
        }
        self.resolve_segments(segments, absolute)
    }
}

/// Whether a resolved path reaches `denied`: it is that path or lies below it.
#[must_use]
pub(crate) fn reaches(resolved: &str, denied: &str) -> bool {
    resolved == denied || resolved.strip_prefix(denied).is_some_and(|rest| rest.starts_with("::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(path: &str) -> Vec<String> {
        path.split("::").map(str::to_owned).collect()
    }

    fn one(scopes: &Scopes, path: &str) -> String {
        scopes.resolve_segments(&seg(path), false)[0].join("::")
    }

    fn uses(items: &[(&str, Option<&str>)]) -> Vec<UseBinding> {
        items
            .iter()
            .map(|(path, name)| UseBinding { path: seg(path), name: name.map(str::to_owned), absolute: false })
            .collect()
    }

    #[test]
    fn crate_self_super_and_renames() {
        let mut s = Scopes::new("asupersync", seg("asupersync::runtime::task"));
        s.declare_root(&Declarations {
            items: vec!["Local".into()],
            uses: uses(&[("std::net", Some("n")), ("crate::cx::Cx", Some("Cx"))]),
            extern_crates: vec![],
        });
        assert_eq!(one(&s, "n::TcpStream"), "std::net::TcpStream");
        assert_eq!(one(&s, "Cx"), "asupersync::cx::Cx");
        assert_eq!(one(&s, "crate::cx::Cx"), "asupersync::cx::Cx");
        assert_eq!(one(&s, "self::helper"), "asupersync::runtime::task::helper");
        assert_eq!(one(&s, "super::super::Cx"), "asupersync::Cx");
        assert_eq!(one(&s, "Local::new"), "asupersync::runtime::task::Local::new");
        assert_eq!(one(&s, "std::fs::read"), "std::fs::read");
    }

    #[test]
    fn globs_give_candidates_and_items_shadow_them() {
        let mut s = Scopes::new("p", seg("p"));
        s.declare_root(&Declarations {
            items: vec!["Command".into()],
            uses: uses(&[("std::net", None), ("std::process", None)]),
            extern_crates: vec![],
        });
        let c: Vec<String> =
            s.resolve_segments(&seg("TcpStream::connect"), false).iter().map(|p| p.join("::")).collect();
        assert!(c.contains(&"std::net::TcpStream::connect".to_owned()));
        assert_eq!(one(&s, "Command::new"), "p::Command::new");
    }

    #[test]
    fn inner_modules_do_not_see_outer_imports_but_blocks_do() {
        let mut s = Scopes::new("p", seg("p"));
        s.declare_root(&Declarations {
            items: vec![],
            uses: uses(&[("std::net", Some("net"))]),
            extern_crates: vec![],
        });
        s.enter_block(&Declarations::default());
        assert_eq!(one(&s, "net::TcpStream"), "std::net::TcpStream");
        s.leave();
        s.enter_module("inner", &Declarations::default());
        assert_eq!(one(&s, "net::TcpStream"), "net::TcpStream");
        s.leave();
        s.enter_module("shadow", &Declarations { items: vec!["net".into()], uses: vec![], extern_crates: vec![] });
        assert_eq!(one(&s, "net::connect"), "p::shadow::net::connect");
    }

    #[test]
    fn chained_imports_and_extern_crate_aliases() {
        let mut s = Scopes::new("p", seg("p"));
        s.declare_root(&Declarations {
            items: vec![],
            uses: uses(&[("process::Command", Some("Cmd")), ("s::process", Some("process"))]),
            extern_crates: vec![("s".into(), "std".into())],
        });
        assert_eq!(one(&s, "Cmd::new"), "std::process::Command::new");
    }

    #[test]
    fn renamed_dependencies_resolve_to_their_package() {
        let renamed = HashMap::from([("db".to_owned(), "rusqlite".to_owned())]);
        let mut s = Scopes::new("p", seg("p")).with_renamed_dependencies(renamed);
        s.declare_root(&Declarations {
            items: vec![],
            uses: uses(&[("db::Connection", Some("Conn"))]),
            extern_crates: vec![],
        });
        assert_eq!(one(&s, "db::Connection::open"), "rusqlite::Connection::open");
        assert_eq!(one(&s, "Conn::open"), "rusqlite::Connection::open");
    }

    #[test]
    fn macros_from_the_prelude() {
        let s = Scopes::new("p", seg("p"));
        assert_eq!(s.resolve_macro(&seg("println"), false)[0].join("::"), "std::println");
        assert!(reaches("std::net::TcpStream::connect", "std::net"));
        assert!(!reaches("std::network", "std::net"));
    }
}
