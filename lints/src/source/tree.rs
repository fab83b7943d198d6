//! The module tree of every crate the source rules look at: from each target root (`src/lib.rs`,
//! `src/main.rs`, `build.rs`, … as cargo reports them), following `mod` declarations as rustc
//! does — `x.rs` or `x/mod.rs`, `#[path]` relative to the right directory (inline modules
//! included), `#[cfg_attr(…, path = …)]`, and item-position `include!`. A file no declaration
//! reaches is not compiled. When a declaration cannot be followed (a module declared by a
//! macro, or a file that does not parse), every `.rs` file under that module's directory is
//! taken instead: fail closed.
//!
//! Files are parsed level by level, each level in parallel; a file reached twice is parsed once.

use std::collections::{HashMap, HashSet};

use camino::{Utf8Component, Utf8Path, Utf8PathBuf};
use rayon::prelude::*;

use super::ir::{FileIr, ModDecl};
use crate::workspace::WorkspaceFile;

/// Module nesting deeper than this is not followed (a `#[path]` that includes its own file).
const MAX_DEPTH: usize = 64;

/// A file compiled as more modules of one crate than this is not followed further: `#[path]`
/// declarations that name the same files again and again would otherwise multiply without end.
const MAX_INSTANCES_PER_FILE: usize = 64;

/// Where a module's children live: rustc's directory and, for a non-`mod.rs` file `a.rs`, the
/// `a/` its children are in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct ModDir {
    dir: Utf8PathBuf,
    relative: Option<String>,
}

impl ModDir {
    /// The directory `mod x;` looks in.
    fn base(&self) -> Utf8PathBuf {
        match &self.relative {
            Some(r) => self.dir.join(r),
            None => self.dir.clone(),
        }
    }

    /// The directory of an inline module `name` (`#[path = "…"]` on it names the directory).
    fn inline(&self, name: &str, attr: Option<&str>) -> Option<Self> {
        let dir = match attr {
            Some(p) => normalize(&self.dir.join(p))?,
            None => self.base().join(name),
        };
        Some(Self { dir, relative: None })
    }
}

/// A crate: one target of a member.
#[derive(Clone, Debug)]
pub(super) struct CrateRoot {
    /// Index of the member in the workspace.
    pub member: usize,
    /// The member's name.
    pub krate: String,
    /// The crate's name (`[lib] name`, the bin's name, …), as code writes it.
    pub name: String,
    /// The root file, workspace-relative.
    pub file: Utf8PathBuf,
    /// A test, bench or example target.
    pub test_target: bool,
}

/// A file compiled as a module (or `include!`d into one) of a crate.
#[derive(Clone, Debug)]
pub(super) struct Instance {
    /// Index of the crate in the roots.
    pub root: usize,
    /// The file, workspace-relative, as reached (through symlinked directories too).
    pub file: Utf8PathBuf,
    /// The module's full path (the crate's name first).
    pub module: Vec<String>,
    /// Declared test-only somewhere above, or the file opens with `#![cfg(test)]`.
    pub test: bool,
}

/// A parsed file with the cache bookkeeping. What the walk kept is held encoded (`full`, a
/// tenth of its size in memory) until its crate is resolved; only the module tree the walk
/// follows is held decoded (`ir`).
#[derive(Debug)]
pub(super) struct Parsed {
    /// The file's module tree: [`FileIr::skeleton`].
    pub ir: FileIr,
    /// Everything the walk kept, encoded (postcard).
    pub full: Vec<u8>,
    /// Content hash (empty when the file could not be read).
    pub hash: String,
    /// Whether it came from the cache.
    pub hit: bool,
    /// The file's stamp when it was read or matched (`None`: unreadable, or changed too
    /// recently to trust).
    pub stamp: Option<gate_core::fsio::Stamp>,
}

impl Parsed {
    /// A file just parsed, from what its walk kept.
    pub(super) fn new(ir: FileIr, hash: String, stamp: Option<gate_core::fsio::Stamp>) -> Self {
        // A walk that cannot be encoded (it always can) decodes as a failure: fail closed.
        let full = postcard::to_allocvec(&ir).unwrap_or_default();
        Self { ir: ir.skeleton(), full, hash, hit: false, stamp }
    }

    /// A parsed file from its cached walk, kept encoded as it is (only the module tree is
    /// decoded); `None` when it does not decode (the file is then analysed again).
    pub(super) fn from_encoded(full: Vec<u8>, hash: String, stamp: Option<gate_core::fsio::Stamp>) -> Option<Self> {
        let ir: FileIr = postcard::from_bytes(&full).ok()?;
        Some(Self { ir: ir.skeleton(), full, hash, hit: true, stamp })
    }

    /// Everything the walk kept.
    pub(super) fn decode(&self) -> FileIr {
        postcard::from_bytes(&self.full).unwrap_or_else(|_| {
            let message = "the cached analysis of this file cannot be read".to_owned();
            FileIr::failed(super::facts::ParseProblem {
                position: gate_core::text::Position { line: 1, column: 1 },
                message,
            })
        })
    }
}

/// Every crate's modules, and the files parsed on the way, by (member, file).
#[derive(Debug, Default)]
pub(super) struct Tree {
    /// Every module instance, in walk order.
    pub instances: Vec<Instance>,
    /// Parsed files.
    pub parsed: HashMap<(usize, Utf8PathBuf), Parsed>,
    /// Every "is there a file here?" the walk asked, by crate root, with the answer: with the
    /// files parsed and the listing, what decides which files a crate compiles.
    pub probes: Vec<(usize, Utf8PathBuf, bool)>,
}

#[derive(Clone, Debug)]
struct Pending {
    root: usize,
    file: Utf8PathBuf,
    module: Vec<String>,
    dir: ModDir,
    test: bool,
    ancestors: Vec<Utf8PathBuf>,
}

/// A module whose declarations could not all be followed: its directory is taken whole.
struct Opaque {
    root: usize,
    dir: ModDir,
    module: Vec<String>,
    test: bool,
}

/// Walks the module trees of `roots`. `listing` holds the members' `.rs` files (for the
/// directory fallback); `analyse` parses one file of one member.
pub(super) fn walk(
    ws_root: &Utf8Path,
    roots: &[CrateRoot],
    listing: &[WorkspaceFile],
    analyse: &(impl Fn(usize, &Utf8Path) -> Parsed + Sync),
) -> Tree {
    let mut tree = Tree::default();
    let mut seen: HashSet<(usize, Utf8PathBuf, Vec<String>)> = HashSet::new();
    let mut reached: HashSet<(usize, Utf8PathBuf)> = HashSet::new();
    let mut per_file: HashMap<(usize, Utf8PathBuf), usize> = HashMap::new();
    let mut opaque: Vec<Opaque> = Vec::new();
    let mut frontier: Vec<Pending> = roots
        .iter()
        .enumerate()
        .map(|(i, r)| Pending {
            root: i,
            file: r.file.clone(),
            module: vec![r.name.clone()],
            dir: ModDir { dir: r.file.parent().unwrap_or(Utf8Path::new("")).to_owned(), relative: None },
            test: false,
            ancestors: Vec::new(),
        })
        .collect();
    loop {
        if frontier.is_empty() {
            frontier = fallbacks(std::mem::take(&mut opaque), roots, listing, &reached);
            if frontier.is_empty() {
                break;
            }
        }
        frontier.retain(|p| {
            let count = per_file.entry((p.root, p.file.clone())).or_default();
            *count += 1;
            *count <= MAX_INSTANCES_PER_FILE && seen.insert((p.root, p.file.clone(), p.module.clone()))
        });
        let mut todo: Vec<(usize, Utf8PathBuf)> = frontier
            .iter()
            .map(|p| (roots[p.root].member, p.file.clone()))
            .filter(|key| !tree.parsed.contains_key(key))
            .collect();
        todo.sort();
        todo.dedup();
        let parsed: Vec<_> = todo
            .into_par_iter()
            .map(|(m, f)| {
                let parsed = analyse(m, &f);
                ((m, f), parsed)
            })
            .collect();
        tree.parsed.extend(parsed);
        let mut next = Vec::new();
        for pending in std::mem::take(&mut frontier) {
            reached.insert((pending.root, pending.file.clone()));
            let Some(parsed) = tree.parsed.get(&(roots[pending.root].member, pending.file.clone())) else { continue };
            let test = pending.test || parsed.ir.test_file;
            let mut probe = |file: &Utf8Path| {
                let there = exists(ws_root, file);
                tree.probes.push((pending.root, file.to_owned(), there));
                there
            };
            expand(
                &pending,
                &parsed.ir,
                test,
                &mut Expansion { next: &mut next, opaque: &mut opaque, probe: &mut probe },
            );
            tree.instances.push(Instance { root: pending.root, file: pending.file, module: pending.module, test });
        }
        frontier = next;
    }
    tree
}

/// Where [`expand`] puts what it finds, and how it asks whether a file exists.
struct Expansion<'a> {
    next: &'a mut Vec<Pending>,
    opaque: &'a mut Vec<Opaque>,
    probe: &'a mut dyn FnMut(&Utf8Path) -> bool,
}

/// The files a parsed file's modules declare or include, and the modules that cannot be
/// followed.
fn expand(p: &Pending, ir: &FileIr, test: bool, out: &mut Expansion<'_>) {
    if ir.parse_error.is_some() {
        // Its declarations are unknown: everything under its directory is taken.
        out.opaque.push(Opaque { root: p.root, dir: p.dir.clone(), module: p.module.clone(), test });
        return;
    }
    if p.module.len() > MAX_DEPTH {
        return;
    }
    let mut ancestors = p.ancestors.clone();
    ancestors.push(p.file.clone());
    let file_dir = p.file.parent().unwrap_or(Utf8Path::new("")).to_owned();
    for (index, module) in ir.modules.iter().enumerate() {
        let mut dir = Some(p.dir.clone());
        let mut module_test = test;
        for inline in ir.lineage(index).iter().skip(1) {
            dir = dir.and_then(|d| d.inline(&inline.name, inline.path_attr.as_deref()));
            module_test |= inline.test;
        }
        let Some(dir) = dir else { continue };
        let path: Vec<String> = p.module.iter().cloned().chain(ir.chain(index)).collect();
        let mut found = Vec::new();
        for decl in &module.mods {
            let mut child = path.clone();
            child.push(decl.name.clone());
            for (file, child_dir) in declared_files(&dir, decl, &mut *out.probe) {
                found.push((file, child.clone(), child_dir, module_test || decl.test));
            }
        }
        for include in &module.includes {
            if let Some(file) = normalize(&file_dir.join(include)).filter(|f| (out.probe)(f)) {
                found.push((file, path.clone(), dir.clone(), module_test));
            }
        }
        for (file, module, child, test) in found {
            if !ancestors.contains(&file) {
                out.next.push(Pending { root: p.root, file, module, dir: child, test, ancestors: ancestors.clone() });
            }
        }
        if module.opaque {
            out.opaque.push(Opaque { root: p.root, dir: dir.clone(), module: path.clone(), test: module_test });
        }
    }
}

/// Where `mod name;` in a module whose children live in `dir` finds its file, and where that
/// file's own children live.
fn declared_files(
    dir: &ModDir,
    decl: &ModDecl,
    exists: &mut dyn FnMut(&Utf8Path) -> bool,
) -> Vec<(Utf8PathBuf, ModDir)> {
    let mut out = Vec::new();
    for attr in &decl.paths {
        // A `#[path]` file's children are its siblings, as if it were a `mod.rs`.
        if let Some(file) = normalize(&dir.dir.join(attr)).filter(|f| exists(f)) {
            let parent = file.parent().unwrap_or(Utf8Path::new("")).to_owned();
            out.push((file, ModDir { dir: parent, relative: None }));
        }
    }
    if decl.default_location {
        let base = dir.base();
        let flat = base.join(format!("{}.rs", decl.name));
        let nested = base.join(&decl.name).join("mod.rs");
        if exists(&flat) {
            out.push((flat, ModDir { dir: base, relative: Some(decl.name.clone()) }));
        } else if exists(&nested) {
            out.push((nested, ModDir { dir: base.join(&decl.name), relative: None }));
        }
    }
    out
}

/// Every listed file under an opaque module's directory that its crate did not reach, as a
/// module named after its place (`a/b.rs` → `…::a::b`).
fn fallbacks(
    opaque: Vec<Opaque>,
    roots: &[CrateRoot],
    listing: &[WorkspaceFile],
    reached: &HashSet<(usize, Utf8PathBuf)>,
) -> Vec<Pending> {
    let mut out = Vec::new();
    for o in opaque {
        let base = o.dir.base();
        for file in listing.iter().filter(|f| f.krate == roots[o.root].krate) {
            let Ok(rel) = file.path.strip_prefix(&base) else { continue };
            if reached.contains(&(o.root, file.path.clone()))
                || out.iter().any(|p: &Pending| p.root == o.root && p.file == file.path)
            {
                continue;
            }
            let mut module = o.module.clone();
            let parts: Vec<&str> = rel.iter().collect();
            let Some((name, dirs)) = parts.split_last() else { continue };
            module.extend(dirs.iter().map(|d| (*d).to_owned()));
            let stem = name.trim_end_matches(".rs");
            let parent = file.path.parent().unwrap_or(Utf8Path::new("")).to_owned();
            let dir = if stem == "mod" {
                ModDir { dir: parent, relative: None }
            } else {
                module.push(stem.to_owned());
                ModDir { dir: parent, relative: Some(stem.to_owned()) }
            };
            out.push(Pending {
                root: o.root,
                file: file.path.clone(),
                module,
                dir,
                test: o.test,
                ancestors: Vec::new(),
            });
        }
    }
    out
}

/// Whether something is at `path`: a file, a link (even a dangling or looping one), or a FIFO,
/// device or directory where a module file should be — all of which are then read, and refused
/// by name (a `parse` finding), rather than silently passed over.
fn exists(root: &Utf8Path, path: &Utf8Path) -> bool {
    std::fs::symlink_metadata(root.join(path)).is_ok()
}

/// Removes `.` and resolves `..` lexically; `None` when the path is absolute or leaves the
/// workspace (the gate reads nothing outside it).
fn normalize(path: &Utf8Path) -> Option<Utf8PathBuf> {
    let mut out = Utf8PathBuf::new();
    for part in path.components() {
        match part {
            Utf8Component::CurDir => {}
            Utf8Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Utf8Component::Normal(p) => out.push(p),
            Utf8Component::RootDir | Utf8Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_stays_inside() {
        assert_eq!(normalize(Utf8Path::new("a/./b/../c.rs")), Some(Utf8PathBuf::from("a/c.rs")));
        assert_eq!(normalize(Utf8Path::new("a/../../x.rs")), None);
        assert_eq!(normalize(Utf8Path::new("/etc/x.rs")), None);
    }

    #[test]
    fn inline_module_directories_follow_rustc() {
        // In `src/a/b.rs`, `mod inline { mod inner; }` looks in `src/a/b/inline/`.
        let non_mod_rs = ModDir { dir: "src/a".into(), relative: Some("b".into()) };
        assert_eq!(non_mod_rs.inline("inline", None).unwrap().base(), Utf8PathBuf::from("src/a/b/inline"));
        // In `src/a/mod.rs` it is `src/a/inline/`; `#[path = "x"]` on the inline module names
        // the directory relative to the file's own directory.
        let mod_rs = ModDir { dir: "src/a".into(), relative: None };
        assert_eq!(mod_rs.inline("inline", None).unwrap().base(), Utf8PathBuf::from("src/a/inline"));
        assert_eq!(non_mod_rs.inline("inline", Some("x")).unwrap().base(), Utf8PathBuf::from("src/a/x"));
    }
}
